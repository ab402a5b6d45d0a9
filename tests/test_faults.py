"""Kill a real build at any point: the live site stays whole; a re-run matches a clean run."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

from tests.conftest import CONTENT, ROOT, build_command
from tests.test_built_site import tree_digest

EXTRA = "1. 新增的一项任务，只有完整构建才会发布。（牵头领导：周九；责任单位：区新增办）\n"


def run(command: list[str]) -> None:
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT)


def kill_after(command: list[str], seconds: float) -> bool:
    """Start a build, SIGKILL it and its children after seconds; True if it was still running."""
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    try:
        process.wait(timeout=seconds)
        return False
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return True


def test_killed_builds_leave_the_published_site_whole(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    workdir = tmp_path / "work"
    workdir.mkdir()
    command = build_command(content, workdir)
    run(command)
    published = tree_digest(workdir / "site")
    # Now the content changes: a build that got through would change the site.
    (content / "documents" / "zz_extra.txt").write_text(EXTRA, encoding="utf-8")
    started = time.monotonic()
    run(command)
    duration = time.monotonic() - started
    changed = tree_digest(workdir / "site")
    assert changed != published
    (content / "documents" / "zz_extra.txt").unlink()
    (content / "documents" / "zz_more.txt").write_text(EXTRA, encoding="utf-8")
    clean = tmp_path / "clean"
    clean.mkdir()
    run(build_command(content, clean))
    finished = tree_digest(clean / "site")
    killed = 0
    for fraction in (0.05, 0.2, 0.4, 0.6, 0.8, 0.9, 0.95):
        if kill_after(command, duration * fraction):
            killed += 1
        # Killed or not, the live site is one whole release: the previous or the new one.
        live = tree_digest(workdir / "site")
        assert live in (changed, finished), f"killed at {fraction:.0%}: a partial site is live"
        changed = live
    assert killed >= 4
    # After the interruptions, a normal run gives exactly what a clean build gives.
    run(command)
    assert tree_digest(workdir / "site") == finished
    # One release folder is left; beside it only the build's own records (live.json …).
    assert len([p for p in (workdir / "releases").iterdir() if p.is_dir()]) == 1
    assert not list((workdir / "docs").rglob("*.partial"))
