"""Headings and the section path: 一、 / （一） / 1. / bold lines, whatever Markdown says."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.model import Section
from generator.read.readers.blocks import MARKER_RANK, Block

SENTENCE_END = re.compile(r"[。！？；：:]")
# Unmarked headings (Markdown # lines, bold lines) rank above 一、 so numbered ones nest below.
RANK_PLAIN = -1
RANK_ATTACHMENT = -2  # an attachment's title is above every heading inside it
RANK_BOLD = len(MARKER_RANK)


def first_sentence(text: str) -> str:
    """Return text up to its first sentence end (。！？；：), without that mark."""
    match = SENTENCE_END.search(text)
    return text[: match.start()] if match else text


def lead_phrase(block: Block, limit: int = 18) -> str:
    """Return a paragraph's lead phrase: its bold title, or a short first sentence."""
    if block.bold_title:
        return block.bold_title.rstrip("。.：:")
    body = block.body
    match = re.match(rf"^([^。！？；]{{2,{limit}}})。", body)
    if match and len(body) > match.end() + 4:
        return match.group(1)
    return ""


def heading_of(block: Block, task_marker: str = "") -> tuple[int, str] | None:
    """Return (rank, title) when the block is a heading, or None for a paragraph."""
    body = block.body.strip()
    if not body:
        return None
    if block.marker and block.marker == task_marker:
        return None
    if block.marker in ("part", "cn", "paren-cn"):
        title = first_sentence(body)
        if 0 < len(title) <= 40:
            return MARKER_RANK[block.marker], title
        return None
    if block.marker:
        if len(body) <= 30 and not re.search(r"[。；]", body):
            return MARKER_RANK[block.marker], body.rstrip("：:")
        return None
    if block.md_level and len(body) <= 80 and not re.search(r"[。；]", body[:-1]):
        return RANK_PLAIN, body.rstrip("。：:")
    if block.bold_title and block.bold_title == body and len(body) <= 30:
        return RANK_BOLD, body.rstrip("。：:")
    return None


@dataclass
class Outline:
    """The stack of open headings while walking a document from top to bottom."""

    stack: list[tuple[int, str]] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)

    def open(self, rank: int, title: str, line: int, marker: str) -> Section:
        """Open a heading: close every heading of the same or lower rank first."""
        while self.stack and self.stack[-1][0] >= rank:
            self.stack.pop()
        self.stack.append((rank, title))
        section = Section(title, len(self.stack), line, self.path, marker)
        self.sections.append(section)
        return section

    @property
    def path(self) -> tuple[str, ...]:
        """Return the titles of the open headings, top first."""
        return tuple(title for _, title in self.stack)

    def reset(self) -> None:
        """Close every heading: an attachment starts a document of its own."""
        self.stack.clear()

    def ranks(self) -> tuple[int, ...]:
        """Return the ranks of the open headings."""
        return tuple(rank for rank, _ in self.stack)
