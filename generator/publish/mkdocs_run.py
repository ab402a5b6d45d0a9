"""Run `mkdocs build --strict` and keep only what staff need from its output."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

# MkDocs' own levels: INFO lines (building, cleaning, pages not in nav) are noise here.
SHOWN_LEVELS = ("WARNING", "ERROR", "CRITICAL")
SHOWN_LINES = 20


@dataclass(frozen=True)
class MkDocsRun:
    """How one MkDocs build ended: its exit code and its warnings and errors."""

    returncode: int
    problems: list[str]


def mkdocs_build(config_text: str, cwd: Path, out: Path, env: dict[str, str]) -> MkDocsRun:
    """Build the site described by config_text (given on stdin) into out."""
    # Never --quiet: it raises MkDocs' log level above WARNING, so --strict counts no warning
    # and a broken link or missing nav page would build "successfully".
    command = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    command += ["--config-file", "-", "--site-dir", str(out.resolve())]
    result = subprocess.run(
        command,
        env=env,
        check=False,
        input=config_text,
        text=True,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    lines = result.stdout.splitlines()
    problems = [line.strip() for line in lines if line.lstrip().startswith(SHOWN_LEVELS)]
    if result.returncode != 0 and not problems:
        # A crash says nothing in MkDocs' levels: its last lines are the reason.
        problems = [line.strip() for line in lines[-5:] if line.strip()]
    return MkDocsRun(result.returncode, problems[:SHOWN_LINES])
