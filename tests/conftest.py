"""Shared test helpers: the repository's content config and a file-writing helper."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.config import Config, load_config

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
SEEDS = CONTENT / "documents"


@pytest.fixture(autouse=True)
def chinese_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every test in the staff's language, whatever WORKTASKS_LANG the shell has."""
    monkeypatch.delenv("WORKTASKS_LANG", raising=False)


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


def mkdocs_config(workdir: Path) -> Path:
    """Write the repository's mkdocs.yml with docs_dir pointed at workdir/docs; return its path."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("docs_dir: build/docs", f"docs_dir: {workdir / 'docs'}")
    text = text.replace("custom_dir: theme", f"custom_dir: {ROOT / 'theme'}")
    path = workdir / "mkdocs.yml"
    path.write_text(text, encoding="utf-8")
    return path


def build_command(content: Path, workdir: Path) -> list[str]:
    """The `python -m generator build` command staff run, writing only inside workdir."""
    return [
        sys.executable, "-m", "generator", "--content", str(content), "build",
        "--docs", str(workdir / "docs"), "--site", str(workdir / "site"),
        "--releases", str(workdir / "releases"), "--config", str(mkdocs_config(workdir)),
    ]  # fmt: skip


def publish_content(content: Path, workdir: Path) -> Path:
    """Build content/ into workdir the way `make site` does; return the published site folder."""
    from generator.build import build_docs
    from generator.publish.release import publish

    docs = workdir / "build" / "docs"
    result = build_docs(content, docs)
    config = workdir / "mkdocs.yml"
    # The repository's mkdocs.yml with docs_dir and the theme pointed at this build.
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("docs_dir: build/docs", f"docs_dir: {docs}")
    text = text.replace("custom_dir: theme", f"custom_dir: {ROOT / 'theme'}")
    config.write_text(text, encoding="utf-8")
    live = workdir / "site"
    publish(config, live, workdir / "build" / "releases", result.documents)
    return live


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole default corpus published once per test session."""
    return publish_content(CONTENT, tmp_path_factory.mktemp("published"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium per test module."""
    from playwright.sync_api import sync_playwright

    from tests.browser_support import launch

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A desktop-sized tab; a script error on the page fails the test."""
    from tests.browser_support import DESKTOP, checked_tab

    with checked_tab(browser, DESKTOP) as tab:
        yield tab
