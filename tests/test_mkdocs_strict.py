"""MkDocs runs in strict mode for real: a warning stops the build and is shown to staff."""

from __future__ import annotations

import os
from pathlib import Path

from generator.publish.mkdocs_run import mkdocs_build


def _project(tmp_path: Path, page: str) -> tuple[str, Path]:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(page, encoding="utf-8")
    return f"site_name: 测试\ndocs_dir: {docs}\n", tmp_path


def test_a_broken_link_fails_the_strict_build_and_is_named(tmp_path: Path) -> None:
    config, cwd = _project(tmp_path, "# 首页\n\n[某页](missing.md)\n")
    ran = mkdocs_build(config, cwd, tmp_path / "out", dict(os.environ))
    assert ran.returncode != 0
    assert any("missing.md" in line for line in ran.problems)


def test_a_clean_build_says_nothing(tmp_path: Path) -> None:
    config, cwd = _project(tmp_path, "# 首页\n\n正文。\n")
    ran = mkdocs_build(config, cwd, tmp_path / "out", dict(os.environ))
    assert ran.returncode == 0 and ran.problems == []
    assert (tmp_path / "out" / "index.html").is_file()
