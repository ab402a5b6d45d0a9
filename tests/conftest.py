"""Shared test helpers: the repository's content config and a file-writing helper."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.config import Config, load_config

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
SEEDS = CONTENT / "documents"


@pytest.fixture(scope="session")
def config() -> Config:
    """The unit aliases and indicator names shipped in content/."""
    return load_config(CONTENT)


@pytest.fixture
def write_files(tmp_path: Path) -> Callable[[dict[str, str | bytes]], Path]:
    """Write {relative path: text or bytes} under tmp_path and return tmp_path."""

    def write(files: dict[str, str | bytes]) -> Path:
        for name, body in files.items():
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(body, bytes):
                path.write_bytes(body)
            else:
                path.write_text(body, encoding="utf-8")
        return tmp_path

    return write
