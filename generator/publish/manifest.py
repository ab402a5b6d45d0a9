"""The staff manifest: each document's file, layout, warnings and fate, kept outside site/.

Open data says what the documents say; how the build read them (the file on the staff's disk,
the layout chosen, the reader's warnings) is for staff only and lives in
build/report/manifest.json, beside the docs folder and never inside the published site.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.model import Document
from generator.site.serialize import staff_json


def manifest_path(build: Path) -> Path:
    """Where the manifest of the build folder `build` (the docs folder's parent) lies."""
    return build / "report" / "manifest.json"


def manifest_json(documents: list[Document], published: set[str]) -> str:
    """Describe every parsed document for staff, in a stable order (same input, same bytes)."""
    entries: list[dict[str, Any]] = []
    for document in sorted(documents, key=lambda d: (d.source, d.id)):
        data = staff_json(document)
        entries.append(
            {
                "id": document.id,
                "source": document.source,
                "title": document.title,
                "layout": document.layout,
                "public": document.public,
                "published": document.id in published,
                "tasks": len(document.tasks),
                "warnings": data["warnings"],
            }
        )
    return json.dumps({"documents": entries}, ensure_ascii=False, indent=2) + "\n"


def write_manifest(build: Path, documents: list[Document], published: set[str]) -> Path:
    """Write the manifest when its bytes changed; return its path."""
    path = manifest_path(build)
    body = manifest_json(documents, published).encode("utf-8")
    if path.is_file() and path.read_bytes() == body:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(body)
    partial.replace(path)
    return path


def manifest_sources(build: Path) -> dict[str, str]:
    """Map each document id of the last manifest to its file ({} when there is none yet)."""
    try:
        data = json.loads(manifest_path(build).read_text(encoding="utf-8"))
        return {str(d["id"]): str(d["source"]) for d in data["documents"]}
    except (OSError, ValueError, TypeError, KeyError):
        return {}
