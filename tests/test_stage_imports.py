"""Each stage folder imports only from the stages to its left and from the core.

The parse cache (generator/read/cache.py) keys a kept parse by the code of the core, ingest/
and read/ only: a template or publisher change keeps the parses. That is right only while
reading never imports what comes after it; this test fails the day it does.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "generator"
# Who may import whom: ingest → read → site → publish, progress beside read.
ALLOWED = {
    "ingest": set(),
    "read": {"ingest"},
    "progress": {"ingest", "read"},
    "site": {"ingest", "read", "progress"},
    "publish": {"ingest", "read", "progress", "site"},
}
# The core modules that run the stages (the command line and the build) may import them all.
ORCHESTRATORS = {"build.py", "cli.py", "__main__.py"}


def imported_stages(path: Path) -> set[str]:
    """Return the stage folders a module imports from."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "generator" and len(parts) > 1 and parts[1] in ALLOWED:
                found.add(parts[1])
    return found


def test_every_stage_imports_only_from_its_left_and_the_core() -> None:
    wrong = []
    checked = 0
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if len(parts) == 1:
            allowed = set(ALLOWED) if parts[0] in ORCHESTRATORS else set()
            stage = "core"
        else:
            stage = parts[0]
            allowed = ALLOWED.get(stage, set()) | {stage}
        checked += 1
        extra = imported_stages(path) - allowed
        if extra:
            wrong.append(f"{path.relative_to(ROOT)} ({stage}) imports {sorted(extra)}")
    assert checked > 40
    assert wrong == []


def test_a_backward_import_is_caught(tmp_path: Path) -> None:
    module = tmp_path / "reader.py"
    module.write_text("from generator.site.render import render_site\n", encoding="utf-8")
    assert imported_stages(module) == {"site"}
