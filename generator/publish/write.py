"""Write the generated docs folder: only changed files are rewritten, stale ones removed."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from generator.site.slugs import safe_joiner


def write_tree(root: Path, files: dict[str, str | bytes]) -> tuple[int, int]:
    """Make root hold exactly these files; return (written, removed) counts."""
    root.mkdir(parents=True, exist_ok=True)
    written = 0
    wanted: set[Path] = set()
    join = safe_joiner(root)
    # Each folder is made once, not once per file written into it.
    folders: set[Path] = set()
    for relative in sorted(files):
        body = files[relative]
        data = body.encode("utf-8") if isinstance(body, str) else body
        path = join(relative)
        wanted.add(path)
        if _holds(path, data):
            continue
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        # Write beside, then rename: a reader never sees half a file.
        partial = path.with_name(path.name + ".partial")
        partial.write_bytes(data)
        partial.replace(path)
        written += 1
    removed = 0
    for path in sorted(root.rglob("*"), reverse=True):
        if path.is_file() and path not in wanted:
            path.unlink()
            removed += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return written, removed


def _holds(path: Path, data: bytes) -> bool:
    """Tell whether path is a file holding exactly data (read only when the size matches)."""
    try:
        status = os.stat(path)
    except OSError:
        return False
    if not stat.S_ISREG(status.st_mode) or status.st_size != len(data):
        return False
    return path.read_bytes() == data
