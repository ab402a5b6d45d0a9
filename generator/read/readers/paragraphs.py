"""Layout: running text — numbered or titled paragraphs with assignments, or a work report."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from generator.read.labels import LABEL
from generator.read.readers.blocks import build_blocks
from generator.read.readers.frontmatter import read_frontmatter
from generator.read.readers.prose import read_prose
from generator.read.readers.raw import RawDocument

NAME = "paragraphs"


def detect(lines: Sequence[str], rows: Mapping[int, tuple[str, ...]]) -> float:
    """Score running text: always possible, stronger with assignment labels."""
    labelled = sum(1 for line in lines if LABEL.search(line))
    return 0.5 + min(labelled, 10) / 100


def read(lines: Sequence[str], rows: Mapping[int, tuple[str, ...]]) -> RawDocument:
    """Read paragraphs into headings, tasks and text."""
    doc = RawDocument(NAME)
    blocks = build_blocks(enumerate(lines, start=1), doc.roles)
    used = read_frontmatter(blocks, doc)
    read_prose(blocks, used, doc, find_tasks=True)
    if not doc.has_assignments:
        doc.layout = "report" if doc.tasks else NAME
    return doc
