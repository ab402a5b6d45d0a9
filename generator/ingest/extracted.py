"""The one intermediate every format becomes: numbered lines, and table rows as cells."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from generator.model import Problem


@dataclass(frozen=True)
class SourceText:
    """A document as lines (without endings), with the cells of lines that are table rows.

    `rows` maps a 1-based line number to that row's cells, exactly as the table had them: a
    reader takes the cells from here and never splits the line's text again. A cell keeps its
    inner paragraph breaks as "\\n". The line text of a row is a pipe-table row, so the
    extracted text stays readable (and parses the same) on its own.
    """

    path: str
    lines: tuple[str, ...]
    encoding: str
    problems: tuple[Problem, ...] = ()
    rows: Mapping[int, tuple[str, ...]] = field(default_factory=dict)
    format: str = "text"
    # Metadata the file states outside its text (a web page's 发文机关/成文日期/文号 block):
    # keys as in RawDocument.meta (title, issuer, date, doc_number). It wins over what the
    # text reader guesses and loses to the sidecar.
    meta: Mapping[str, str] = field(default_factory=dict)
    # Text the file shows around the body but the reader sets aside (Word headers, footers and
    # text boxes, a PDF's running headers and watermarks): never read as content, but a notice
    # there (此件不公开 on every page) still holds the whole document back.
    set_aside: tuple[str, ...] = ()


def pipe_row(cells: Sequence[str]) -> str:
    """Render cells as one pipe-table line: | a | b |, with | inside a cell escaped."""
    shown = (" ".join(cell.split()).replace("|", "\\|") for cell in cells)
    return "| " + " | ".join(shown) + " |"


class LinesBuilder:
    """Collect lines and table rows in reading order, then freeze them into a SourceText."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.rows: dict[int, tuple[str, ...]] = {}
        self.problems: list[Problem] = []
        self.meta: dict[str, str] = {}
        self.set_aside: list[str] = []

    def line(self, text: str) -> None:
        """Add body text; embedded line breaks become separate lines."""
        self.lines.extend(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))

    def row(self, cells: Sequence[str]) -> None:
        """Add one table row; one value merged across the whole row is a heading line."""
        cleaned = tuple(cell.replace("\r\n", "\n").replace("\r", "\n").strip() for cell in cells)
        distinct = {cell for cell in cleaned if cell}
        if not distinct:
            self.lines.append("")
            return
        filled = [cell for cell in cleaned if cell]
        if len(distinct) == 1 and len(cleaned) > 1 and len(filled) != 1:
            # One value merged across the whole row: a section heading inside the table.
            self.line(next(iter(distinct)))
            return
        if len(filled) == 1 and cleaned[0] and len(cleaned) > 1 and not cleaned[0].isdigit():
            # Only the first cell written (a title above the table, 一、… across a sheet whose
            # merge was not recorded): a line of text, not a row of empty columns.
            self.line(cleaned[0])
            return
        self.lines.append(pipe_row(cleaned))
        self.rows[len(self.lines)] = cleaned

    def problem(self, message: str, level: str = "warning") -> None:
        """Record a problem at the line about to be written (1-based)."""
        self.problems.append(Problem(len(self.lines) + 1, message, level))

    def build(self, path: str, fmt: str) -> SourceText:
        """Freeze what was collected."""
        while self.lines and not self.lines[-1].strip():
            self.lines.pop()
        return SourceText(
            path,
            tuple(self.lines),
            fmt,
            tuple(self.problems),
            dict(self.rows),
            fmt,
            dict(self.meta),
            tuple(self.set_aside),
        )


# Characters no document means and some consumers choke on: C0/C1 controls (YAML front matter
# and XML reject them), bidirectional overrides (they make one name look like another),
# zero-width marks, noncharacters and lone surrogates.
UNSAFE_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069"
    "\ufeff\ufffe\uffff\ud800-\udfff]"
)


def remove_unsafe(text: str) -> str:
    """Drop control, bidi-override, zero-width and noncharacter code points."""
    return UNSAFE_CHARACTERS.sub("", text)
