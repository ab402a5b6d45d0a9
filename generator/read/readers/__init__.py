"""Layout readers: each module has detect(lines) -> score and read(lines) -> RawDocument.

The layout is chosen by detection, never by file name or suffix. Adding a layout means
adding a module here and listing it in READERS.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import ModuleType

from generator.read.readers import columns, delimited, paragraphs
from generator.read.readers.raw import RawDocument

READERS: tuple[ModuleType, ...] = (delimited, columns, paragraphs)


def choose_reader(lines: Sequence[str]) -> ModuleType:
    """Return the reader whose detect() scores these lines highest (first wins a tie)."""
    return max(READERS, key=lambda reader: reader.detect(lines))


def read_lines(lines: Sequence[str]) -> RawDocument:
    """Read lines with the best-fitting layout reader."""
    return choose_reader(lines).read(lines)  # type: ignore[no-any-return]
