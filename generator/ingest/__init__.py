"""Ingest: bytes of any published format -> lines and table rows (one SourceText).

The format is chosen by the file's suffix (what it *is*); the layout of what it says is
chosen later, by detection, in read/. Binary formats are extracted once per content hash and
cached beside the build, with a readable copy of what was taken in build/extracted/.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.errors import SourceError
from generator.ingest.extracted import SourceText
from generator.ingest.text import MAX_BYTES, decode_source, too_big
from generator.messages import Said, resay, say
from generator.model import Problem

# Bump when any extractor changes what it produces, so cached extractions are redone.
EXTRACTOR_VERSION = "4"

Extractor = Callable[[bytes, str], SourceText]

# suffix -> (module in generator.ingest, function): modules load on first use, so a corpus of
# text files never imports pdfplumber or lxml.
FORMATS: dict[str, tuple[str, str]] = {
    ".txt": ("text", "decode_source"),
    ".md": ("text", "decode_source"),
    ".markdown": ("text", "decode_source"),
    ".csv": ("text", "decode_source"),
    ".tsv": ("text", "decode_source"),
    ".text": ("text", "decode_source"),
    ".pdf": ("pdf", "extract_pdf"),
    ".docx": ("docx", "extract_docx"),
    ".xlsx": ("sheet", "extract_xlsx"),
    ".xlsm": ("sheet", "extract_xlsx"),
    ".xls": ("sheet", "extract_xls"),
    ".html": ("html", "extract_html"),
    ".htm": ("html", "extract_html"),
    ".shtml": ("html", "extract_html"),
    ".doc": ("legacy", "extract_legacy"),
    ".wps": ("legacy", "extract_legacy"),
    ".ofd": ("legacy", "extract_ofd"),
}
TEXT_FORMATS = {suffix for suffix, (module, _) in FORMATS.items() if module == "text"}


def is_document(path: Path) -> bool:
    """Tell whether a file name has a format we read (backups such as x.txt.bak do not)."""
    return path.suffix.lower() in FORMATS


def extractor_for(suffix: str) -> Extractor:
    """Return the function that extracts one format."""
    module_name, function = FORMATS[suffix.lower()]
    module = importlib.import_module(f"generator.ingest.{module_name}")
    return getattr(module, function)  # type: ignore[no-any-return]


def extract(path: Path, display: str | None = None, cache: Path | None = None) -> SourceText:
    """Read a file of any known format into a SourceText; raise SourceError when it cannot."""
    name = display or str(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        shown = suffix or say("ingest.no_suffix")
        raise SourceError(name, 0, say("ingest.unknown_format", suffix=shown))
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise SourceError(name, 0, too_big(size))
        data = path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        raise SourceError(name, 0, say("ingest.cannot_read", reason=reason)) from error
    if suffix in TEXT_FORMATS:
        return decode_source(data, name)
    if not data.strip():
        raise SourceError(name, 0, say("ingest.empty"))
    key = hashlib.sha256(EXTRACTOR_VERSION.encode() + suffix.encode() + data).hexdigest()
    source = _cached(cache, key, name)
    if source is None:
        source = extractor_for(suffix)(data, name)
        _store(cache, key, path, source)
    return source


def _cached(cache: Path | None, key: str, name: str) -> SourceText | None:
    if cache is None:
        return None
    try:
        stored = json.loads((cache / "cache" / f"{key}.json").read_text("utf-8"))
        return SourceText(
            name,
            tuple(stored["lines"]),
            stored["encoding"],
            tuple(_problem(p) for p in stored["problems"]),
            {int(n): tuple(cells) for n, cells in stored["rows"].items()},
            stored["format"],
            dict(stored["meta"]),
            tuple(stored["set_aside"]),
        )
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None


def _said(message: str) -> list[object]:
    """The catalog key and values of a message, if it came from the catalog."""
    if isinstance(message, Said):
        return [message.key, message.values]
    return []


def _problem(stored: list[Any]) -> Problem:
    """A cached problem, its message said in the active language."""
    line, message, level = stored[0], stored[1], stored[2]
    if len(stored) >= 5 and isinstance(stored[4], dict):
        message = resay(message, str(stored[3]), stored[4])
    return Problem(line, message, level)


def _store(cache: Path | None, key: str, path: Path, source: SourceText) -> None:
    """Keep the extraction for the next build, and a readable copy for staff."""
    if cache is None:
        return
    stored = {
        "lines": source.lines,
        "encoding": source.encoding,
        # A message is kept with its key and values, to be said again in the language of
        # the build that reads the cache.
        "problems": [[p.line, p.message, p.level, *_said(p.message)] for p in source.problems],
        "rows": {str(n): cells for n, cells in source.rows.items()},
        "format": source.format,
        "meta": dict(source.meta),
        "set_aside": source.set_aside,
    }
    readable = re.sub(r"[^\w.-]+", "_", path.name)[:80] + f".{key[:8]}.txt"
    try:
        (cache / "cache").mkdir(parents=True, exist_ok=True)
        _write_atomic(cache / "cache" / f"{key}.json", json.dumps(stored, ensure_ascii=False))
        _write_atomic(cache / readable, "\n".join(source.lines) + "\n")
    except OSError:
        pass  # A cache that cannot be written only costs time on the next build.


def _write_atomic(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + f".{os.getpid()}.tmp")
    temporary.write_text(text, "utf-8")
    os.replace(temporary, path)
