"""Write the generated docs folder: only changed files are rewritten, stale ones removed."""

from __future__ import annotations

from pathlib import Path

from generator.site.slugs import safe_joiner


def write_tree(root: Path, files: dict[str, str | bytes]) -> tuple[int, int]:
    """Make root hold exactly these files; return (written, removed) counts."""
    root.mkdir(parents=True, exist_ok=True)
    written = 0
    wanted: set[Path] = set()
    join = safe_joiner(root)
    for relative in sorted(files):
        body = files[relative]
        data = body.encode("utf-8") if isinstance(body, str) else body
        path = join(relative)
        wanted.add(path)
        if path.is_file() and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
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
