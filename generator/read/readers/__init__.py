"""Layout readers: each module has detect(lines, rows) -> score and read(lines, rows).

The layout is chosen by detection, never by file name or suffix. Adding a layout means
adding a module here and listing it in READERS. `rows` holds the cells of lines that a
format reader (PDF, Word, spreadsheet, HTML) already knows to be table rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import ModuleType

from generator.read.readers import cells, columns, delimited, paragraphs
from generator.read.readers.raw import RawDocument

READERS: tuple[ModuleType, ...] = (delimited, cells, columns, paragraphs)


Rows = Mapping[int, tuple[str, ...]]


def choose_reader(lines: Sequence[str], rows: Rows | None = None) -> ModuleType:
    """Return the reader whose detect() scores these lines highest (first wins a tie)."""
    return max(READERS, key=lambda reader: reader.detect(lines, rows or {}))


def read_lines(lines: Sequence[str], rows: Rows | None = None) -> RawDocument:
    """Read lines with the best-fitting layout reader."""
    return choose_reader(lines, rows).read(lines, rows or {})  # type: ignore[no-any-return]
