"""PDF: body text in reading order and tables as rows, without running headers and page numbers.

Each page is read once (text lines and tables with their positions) and closed; only those
small records are kept, because two things need the whole document: a running header or
footer is a line repeated at the same place on most pages, and a table row may continue on
the next page. Ruled tables are found by pdfplumber's line strategy; a table without rules is
taken from aligned text only when its header reads as a task table. Wrapped lines are joined
back into paragraphs (and into cell text) by geometry: a line is wrapped when the next line's
first character would not have fitted after it.
"""

from __future__ import annotations

import io
import logging
import re
import statistics
import unicodedata
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.page import Page
from pdfplumber.table import Table
from pdfplumber.utils.text import chars_to_textmap

from generator.errors import SourceError
from generator.ingest.extracted import LinesBuilder, SourceText, remove_unsafe
from generator.messages import say
from generator.model import Problem

# pdfminer logs every oddity of a damaged file; staff get one clear message per file instead.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

# Page numbers as printed: —1—, - 2 -, 第3页 共9页, 共9页 第3页, 3/9, Page 3 of 9.
PAGE_NUMBER = re.compile(
    r"^[\s—－–\-−_~·•]*(?:"
    r"\d{1,4}"
    r"|第\s*\d{1,4}\s*页(?:\s*[，,]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[，,]?\s*第\s*\d{1,4}\s*页"
    r"|\d{1,4}\s*[/／]\s*\d{1,4}"
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?"
    r")[\s—－–\-−_~·•]*$",
    re.IGNORECASE,
)
# The note over the rest of a table on a new page: 续表, （续）, 续上表, 续表1.
CONTINUED = re.compile(r"^[（(]?\s*续\s*(?:上?表)?\s*\d*\s*[)）]?$")
# What opens a new paragraph even right after a full line: 1. 2、 （三） 四、 第五条 ….
LIST_MARKER = re.compile(
    r"^\s*(?:\d{1,3}\s*[.．、)）](?!\d)|[（(]\s*[一二三四五六七八九十百\d]{1,4}\s*[)）]"
    r"|[一二三四五六七八九十百]{1,4}\s*[、.．]|第[一二三四五六七八九十百\d]{1,4}\s*[章节条部分项]"
    r"|[①-⑳])"
)
# Header words of a task table (the same families read/labels.py uses for columns).
HEADER_NUMBER = re.compile(r"^(?:序号|编号|序|No\.?|#)$", re.IGNORECASE)
HEADER_PERSON = re.compile(r"领导|责任人|负责人|单位|部门|责任主体")
HEADER_TEXT = re.compile(r"任务|内容|事项|工作|措施|目标|举措")
# Running lines sit in this share of the page height at the top or bottom.
EDGE_ZONE = 0.15
# A line counts as wrapped when the next line's first character would not have fitted after
# it, give or take this share of a character: the producer's glyph widths differ a little
# from the ones read back, and CJK line breaking may push a character down with the
# punctuation that must not open a line.
SLACK = 0.5
# Spaces stay inside words, so 殷世逸 李金国 in one cell does not make a column of its own.
TEXT_TABLE = {
    "vertical_strategy": "text",
    "horizontal_strategy": "text",
    "text_keep_blank_chars": True,
}


# Some PDF fonts map ideographs to look-alike Kangxi radicals or compatibility ideographs
# (⼯作 for 工作): read them as the ideographs they print, leaving other characters as written.
LOOK_ALIKES = {
    code: unicodedata.normalize("NFKC", chr(code))
    for code in (*range(0x2E80, 0x2FE0), *range(0xF900, 0xFB00))
    if unicodedata.normalize("NFKC", chr(code)) != chr(code)
}
# Simplified radicals have no compatibility mapping; these stand for whole characters.
LOOK_ALIKES.update(
    {
        ord(radical): ideograph
        for radical, ideograph in zip(
            "⻅⻉⻋⻓⻔⻚⻛⻜⻢⻥⻦⻩⻬⻮⻰⻳⻘", "见贝车长门页风飞马鱼鸟黄齐齿龙龟青", strict=True
        )
    }
)


@dataclass
class Fragment:
    """One printed line of text with where it sits on the page."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    first_width: float  # width of its first character, to tell a wrapped line from a short one
    frame: int = 0  # the width of its page: margins are measured among pages of one size


@dataclass
class Cell:
    """A table cell: its lines and the width its text could fill."""

    fragments: list[Fragment]
    width: float

    def text(self) -> str:
        """Join the cell's lines: wrapped lines run on, real breaks stay as newlines."""
        return join_fragments(self.fragments, self.width)


@dataclass
class TableBlock:
    """A table found on one page (later, a table continued over several pages)."""

    top: float
    rows: list[list[Cell]]
    columns: int
    header: list[str] = field(default_factory=list)


@dataclass
class PageContent:
    """What one page holds, in reading order, once its pdfplumber objects are released."""

    number: int
    width: float
    height: float
    items: list[Fragment | TableBlock]
    text_layer: str = "text"  # or "none" (a scanned page), "undecodable" (fonts without a map)
    watermark: str = ""  # the tilted characters dropped from the page, in drawing order
    notes: list[str] = field(default_factory=list)  # annotations: stamps, notes, text boxes


def extract_pdf(data: bytes, name: str) -> SourceText:
    """Extract a PDF's text and tables; raise SourceError for scans, encrypted or broken files."""
    builder = LinesBuilder()
    pages: list[PageContent] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            count = len(pdf.pages)
            for page in pdf.pages:
                try:
                    pages.append(_read_page(page))
                    pages[-1].notes = _notes(page)
                except Exception as error:  # one bad page must not lose the rest
                    builder.problems.append(_page_problem(page.page_number, error))
                    pages.append(PageContent(page.page_number, 0, 0, []))
                finally:
                    page.close()
    except SourceError:
        raise
    except Exception as error:  # untrusted bytes: pdfminer raises anything
        raise SourceError(name, 0, _open_failure(error)) from None
    if count == 0:
        raise SourceError(name, 0, say("pdf.no_pages"))
    unread = {
        layer: [page.number for page in pages if page.text_layer == layer]
        for layer in ("none", "undecodable")
    }
    if not any(page.items for page in pages):
        if unread["undecodable"]:
            raise SourceError(name, 0, say("pdf.undecodable_needs_ocr", count=count))
        if unread["none"]:
            raise SourceError(name, 0, say("pdf.scan_needs_ocr", count=count))
        raise SourceError(name, 0, say("pdf.no_text", count=count))
    for layer, key in (("none", "pdf.scanned_pages"), ("undecodable", "pdf.undecodable_pages")):
        if unread[layer]:
            numbers = unread[layer]
            shown = "、".join(map(str, numbers[:10])) + ("…" if len(numbers) > 10 else "")
            builder.problem(say(key, pages=shown))
    running = _running_lines(pages)
    _emit(_merge_pages(pages, running), builder)
    builder.set_aside.extend(_set_aside(pages, running))
    return builder.build(name, "pdf")


def _set_aside(pages: list[PageContent], running: set[int]) -> list[str]:
    """The running headers, footers and watermarks dropped as page furniture, each once."""
    found: dict[str, None] = {}
    for page in pages:
        for item in page.items:
            if isinstance(item, Fragment) and id(item) in running:
                found.setdefault(item.text.strip(), None)
        found.setdefault(page.watermark.strip(), None)
        for note in page.notes:
            found.setdefault(note, None)
    return [text for text in found if text]


def _notes(page: Page) -> list[str]:
    """The text of a page's annotations (a stamp, a sticky note, a typed-on text box)."""
    try:
        annotations = page.annots
    except Exception:  # a damaged annotation must not cost the page its text
        return []
    return [
        remove_unsafe(str(annotation.get("contents") or "")).strip() for annotation in annotations
    ]


def _open_failure(error: BaseException) -> str:
    """Say in a few words why a PDF cannot be opened."""
    cause = error.args[0] if error.args and isinstance(error.args[0], Exception) else error
    if isinstance(cause, PDFPasswordIncorrect):
        return say("pdf.encrypted")
    if isinstance(cause, PDFEncryptionError):
        return say("pdf.unsupported_encryption")
    return say("pdf.damaged", error=type(cause).__name__)


def _page_problem(number: int, error: Exception) -> Problem:
    return Problem(
        1, say("pdf.page_unreadable", page=number, error=type(error).__name__), "warning"
    )


def _read_page(page: Page) -> PageContent:
    """Read one page into text lines and tables, ordered top to bottom."""
    # Bold is often faked by printing each character twice, slightly shifted.
    size = (page.page_number, float(page.width), float(page.height))
    printed = [char for char in page.chars if not char["text"].isspace()]
    if not printed:
        return PageContent(*size, [], "none")
    # A glyph whose font has no Unicode map comes out as "(cid:123)": not text anyone wrote.
    garbled = sum(1 for char in printed if char["text"].startswith("(cid:"))
    if garbled * 2 > len(printed):
        return PageContent(*size, [], "undecodable")
    usable = [char for char in page.chars if not char["text"].startswith("(cid:")]
    tilted = {id(char) for char in printed if _tilted(char)}
    watermark = ""
    if 0 < len(tilted) * 2 < len(printed):
        # A few characters set at an angle across a page of level text: a watermark.
        usable = [char for char in usable if id(char) not in tilted]
        watermark = remove_unsafe("".join(char["text"] for char in printed if id(char) in tilted))
    keep = _distinct_chars(usable)
    view = page.filter(lambda obj: obj.get("object_type") != "char" or id(obj) in keep)
    chars = view.chars
    taken: set[int] = set()
    blocks = [
        _table_block(table, chars, taken, ruled=True)
        for table in view.find_tables()
        if _is_table(table)
    ]
    lines = _lines(view, taken)
    if not blocks and any(_header_like(f.text) for f in lines):
        block = _text_table(view, chars, taken)
        if block is not None:
            blocks = [block]
            lines = _lines(view, taken)
    for line in lines:
        line.frame = round(page.width)
    items: list[Fragment | TableBlock] = [*lines, *blocks]
    items.sort(key=lambda item: item.top)
    return PageContent(*size, items, watermark=watermark)


def _tilted(char: dict[str, Any]) -> bool:
    """Tell whether a character is turned at an angle (not merely slanted, as italics are)."""
    a, b, c, d = (float(v) for v in char.get("matrix", (1, 0, 0, 1))[:4])
    return abs(b) > 0.05 * abs(a) and abs(c) > 0.05 * abs(d)


def _distinct_chars(chars: list[dict[str, Any]]) -> set[int]:
    """Return the ids of chars that are not a repeat of one printed about the same place."""
    # pdfplumber's dedupe_chars does this too but costs more than reading the page; a grid
    # of 1-point cells, checked with its neighbours, finds the same repeats in linear time.
    seen: set[tuple[str, int, int]] = set()
    keep: set[int] = set()
    for char in chars:
        x, y = round(char["x0"]), round(char["top"])
        text = char["text"]
        if not text.isspace() and any(
            (text, x + dx, y + dy) in seen for dx in (-1, 0, 1) for dy in (-1, 0, 1)
        ):
            continue
        seen.add((text, x, y))
        keep.add(id(char))
    return keep


def _is_table(table: Table) -> bool:
    rows = table.rows
    return len(rows) >= 2 and max(len(row.cells) for row in rows) >= 2


def _lines(view: Any, taken: set[int]) -> list[Fragment]:
    """Return the page's text lines outside the tables' cells."""
    outside = view.filter(lambda obj: obj.get("object_type") != "char" or id(obj) not in taken)
    return [_fragment(line) for line in outside.extract_text_lines() if line["text"].strip()]


def _fragment(line: dict[str, Any]) -> Fragment:
    chars = line["chars"]
    size = statistics.median(float(c["size"]) for c in chars) if chars else 10.0
    first = float(chars[0]["x1"] - chars[0]["x0"]) if chars else size
    return Fragment(
        remove_unsafe(line["text"]).translate(LOOK_ALIKES).strip(),
        float(line["x0"]),
        float(line["x1"]),
        float(line["top"]),
        float(line["bottom"]),
        size,
        first,
    )


def _text_lines(chars: list[dict[str, Any]]) -> list[Fragment]:
    if not chars:
        return []
    lines = chars_to_textmap(chars).extract_text_lines(strip=True, return_chars=True)
    return [_fragment(line) for line in lines if line["text"].strip()]


def _header_like(text: str) -> bool:
    """Tell whether a line of text could be a task table's header (a cheap test first)."""
    # Header labels are set apart by gaps and carry no sentence punctuation.
    if not re.search(r"\S\s+\S", text.strip()) or re.search(r"[，。；,;]", text):
        return False
    compact = re.sub(r"\s+", "", text)
    return len(compact) <= 60 and bool(
        HEADER_PERSON.search(compact) and HEADER_TEXT.search(compact)
    )


def _task_header(cells: list[str]) -> bool:
    """Tell whether cells read as a task table header: short labels, task text and people."""
    labels = [re.sub(r"\s+", "", cell) for cell in cells]
    filled = [label for label in labels if label]
    if len(filled) < 3 or any(len(label) > 16 for label in filled):
        return False
    person = [label for label in filled if HEADER_PERSON.search(label)]
    text = [label for label in filled if HEADER_TEXT.search(label) and label not in person]
    return bool(person and text)


def _text_table(view: Any, chars: list[dict[str, Any]], taken: set[int]) -> TableBlock | None:
    """Take a table from aligned text when it has several columns and a task header."""
    for table in view.find_tables(TEXT_TABLE):
        cells: set[int] = set()
        block = _table_block(table, chars, cells, ruled=False)
        for index, row in enumerate(block.rows[:4]):
            if block.columns >= 3 and _task_header([cell.text() for cell in row]):
                if len(block.rows) - index < 2:
                    break
                # Lines above the header (a title, a caption) are body text, not rows.
                top = min((f.top for cell in row for f in cell.fragments), default=block.top)
                taken.update(id(c) for c in chars if id(c) in cells and c["bottom"] > top)
                labels = [re.sub(r"\s+", "", cell.text()) for cell in row]
                numbers = [i for i, label in enumerate(labels) if HEADER_NUMBER.match(label)]
                key = numbers[0] if numbers else 0
                rows = [row]
                for line in block.rows[index + 1 :]:
                    if len(rows) > 1 and not line[key].fragments:
                        # Without rules each printed line is a row: one with nothing in the
                        # number (or first) column is a wrapped line of the row above. (Right
                        # below the header it ends a row the page broke: see _carries_on.)
                        _join_row(rows[-1], list(line))
                    else:
                        rows.append(line)
                return TableBlock(top, rows, block.columns)
    return None


def _table_block(
    table: Table, chars: list[dict[str, Any]], taken: set[int], ruled: bool
) -> TableBlock:
    """Turn pdfplumber's cells into rows of Cells, resolving merged cells; note chars used."""
    boxes = table.cells
    xs = sorted({round(v, 1) for box in boxes for v in (box[0], box[2])})
    ys = sorted({round(v, 1) for box in boxes for v in (box[1], box[3])})
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    owner: list[list[int]] = [[-1] * n_cols for _ in range(n_rows)]
    spans: list[tuple[int, int, int, int]] = []
    for index, (x0, top, x1, bottom) in enumerate(boxes):
        c0, c1 = xs.index(round(x0, 1)), xs.index(round(x1, 1))
        r0, r1 = ys.index(round(top, 1)), ys.index(round(bottom, 1))
        spans.append((r0, r1, c0, c1))
        for r in range(r0, r1):
            for c in range(c0, c1):
                owner[r][c] = index
    found: list[list[dict[str, Any]]] = [[] for _ in boxes]
    for char in chars:
        x = (char["x0"] + char["x1"]) / 2
        y = (char["top"] + char["bottom"]) / 2
        c, r = bisect_right(xs, x) - 1, bisect_right(ys, y) - 1
        if 0 <= r < n_rows and 0 <= c < n_cols and owner[r][c] >= 0:
            found[owner[r][c]].append(char)
            taken.add(id(char))
    fragments = [_text_lines(cell_chars) for cell_chars in found]
    if ruled:
        # The table's cell padding, from the left-most text in any cell.
        pads = [f.x0 - boxes[i][0] for i, frags in enumerate(fragments) for f in frags]
        pad = min(max(min(pads, default=2.0), 0.0), 6.0)
        widths = [box[2] - box[0] - 2 * pad for box in boxes]
    else:
        # Without rules a column is as wide as its widest line.
        column_width: dict[int, float] = defaultdict(float)
        for i, frags in enumerate(fragments):
            for f in frags:
                column_width[spans[i][2]] = max(column_width[spans[i][2]], f.x1 - f.x0)
        widths = [column_width[spans[i][2]] for i in range(len(boxes))]
    cells = [Cell(fragments[i], widths[i]) for i in range(len(boxes))]
    key = _number_column(cells, spans, n_cols)
    rows: list[list[Cell]] = []
    for r in range(n_rows):
        row: list[Cell] = []
        above: list[bool] = []
        for c in range(n_cols):
            index = owner[r][c]
            above.append(index >= 0 and spans[index][0] < r)
            if index < 0:
                row.append(Cell([], 0.0))
                continue
            r0, _, c0, c1 = spans[index]
            if r0 < r:
                # Merged down from a row above: the same value applies to this row too.
                row.append(cells[index] if c0 == c else Cell([], 0.0))
            elif c0 == c or (c0 == 0 and c1 == n_cols):
                # A value merged across the whole row is repeated so it reads as a heading.
                row.append(cells[index])
            else:
                row.append(Cell([], 0.0))
        if above and above[key] and rows:
            # The entry's number (or first) cell spans this row too: a sub-row of that entry.
            # A category column merged down beside numbered rows is filled down instead.
            _join_row(
                rows[-1],
                [None if merged else cell for cell, merged in zip(row, above, strict=True)],
            )
            continue
        if any(cell.fragments for cell in row):
            rows.append(row)
    top = float(table.bbox[1])
    return TableBlock(top, rows, n_cols)


def _number_column(cells: list[Cell], spans: list[tuple[int, int, int, int]], n_cols: int) -> int:
    """Return the column holding the entries' sequence numbers (1, 2 …), else the first."""
    counts = Counter(
        spans[index][2]
        for index, cell in enumerate(cells)
        if re.fullmatch(r"\d{1,3}|序号|编号", re.sub(r"\s+", "", cell.text()))
    )
    if not counts:
        return 0
    column, count = min(counts.items(), key=lambda item: (-item[1], item[0]))
    return column if count >= 2 and column < n_cols else 0


def _join_row(target: list[Cell], extra: list[Cell | None]) -> None:
    """Append a continuation row's cells to the row it continues."""
    for index, cell in enumerate(extra):
        if cell is None or not cell.fragments or index >= len(target):
            continue
        base = target[index]
        if base.text() == cell.text():
            continue  # printed again on the next page (the number, a leader), not more text
        target[index] = Cell(base.fragments + cell.fragments, max(base.width, cell.width))


def join_fragments(fragments: list[Fragment], width: float) -> str:
    """Join lines of one block of text: a wrapped line runs on, a short line ends a paragraph."""
    text = ""
    for index, fragment in enumerate(fragments):
        if index:
            previous = fragments[index - 1]
            used = previous.x1 - previous.x0 + fragment.first_width
            wrapped = used > width - SLACK * previous.size
            text += _glue(text, fragment.text) if wrapped else "\n"
        text += fragment.text
    return text


def _glue(before: str, after: str) -> str:
    """Join a wrapped line without a space, except between two Latin words."""
    if before and after and before[-1].isascii() and before[-1].isalpha():
        return " " if after[0].isascii() and after[0].isalpha() else ""
    return ""


def _running_lines(pages: list[PageContent]) -> set[int]:
    """Find running headers, footers and page numbers: ids of the fragments to drop."""
    running: set[int] = set()
    seen: dict[tuple[str, str], list[tuple[int, float, float, int]]] = defaultdict(list)
    for page in pages:
        for zone, fragment in _edge_fragments(page):
            if PAGE_NUMBER.match(fragment.text):
                running.add(id(fragment))
                continue
            # 第3页 and 第4页 are the same footer; odd and even pages may put it left or right.
            key = re.sub(r"\d+", "#", re.sub(r"\s+", "", fragment.text))
            seen[(zone, key)].append((page.number, fragment.top, 0.0, id(fragment)))
        # Anywhere on the page, the very same line at the very same place on most pages is
        # page furniture too (a watermark, a printed note), never a sentence of the document.
        for item in page.items:
            if isinstance(item, Fragment):
                key = re.sub(r"\s+", "", item.text)
                seen[("page", key)].append((page.number, item.top, item.x0, id(item)))
    with_text = sum(1 for page in pages if page.items)
    for (zone, _), places in seen.items():
        if len({place[0] for place in places}) < (3 if zone == "page" else 2):
            continue
        top = statistics.median(place[1] for place in places)
        left = statistics.median(place[2] for place in places)
        near = [
            (number, ident)
            for number, y, x, ident in places
            if abs(y - top) <= 4 and abs(x - left) <= 8
        ]
        if len({number for number, _ in near}) * 2 > with_text:
            running.update(ident for _, ident in near)
    return running


def _edge_fragments(page: PageContent) -> list[tuple[str, Fragment]]:
    """Lines at the top or bottom edge of a page, before any table or after the last one."""
    found: list[tuple[str, Fragment]] = []
    for zone, items in (("top", page.items[:2]), ("bottom", page.items[::-1][:2])):
        for item in items:
            if not isinstance(item, Fragment):
                break
            edge = item.top if zone == "top" else page.height - item.bottom
            if edge > EDGE_ZONE * page.height:
                break
            found.append((zone, item))
    return found


def _merge_pages(pages: list[PageContent], running: set[int]) -> list[Fragment | TableBlock]:
    """Lay the pages end to end, joining a table that goes on over a page break."""
    flat: list[Fragment | TableBlock] = []
    for page in pages:
        items = [item for item in page.items if id(item) not in running]
        for item in items:
            if isinstance(item, TableBlock) and not item.header and item.rows:
                item.header = [_key(cell) for cell in item.rows[0]]
        if (
            len(items) > 1
            and isinstance(items[0], Fragment)
            and CONTINUED.match(items[0].text)
            and isinstance(items[1], TableBlock)
            and flat
            and isinstance(flat[-1], TableBlock)
        ):
            items = items[1:]  # 续表 over the rest of a table is not text of its own
        if (
            items
            and flat
            and isinstance(items[0], TableBlock)
            and isinstance(flat[-1], TableBlock)
            and _continue_table(flat[-1], items[0])
        ):
            items = items[1:]
        flat.extend(items)
    return flat


def _key(cell: Cell) -> str:
    return re.sub(r"\s+", "", cell.text())


def _continue_table(table: TableBlock, following: TableBlock) -> bool:
    """Append the next page's table to this one when it carries it on; tell whether it did."""
    if following.columns != table.columns or not following.rows:
        return False
    rows = list(following.rows)
    if [_key(cell) for cell in rows[0]] == table.header:
        rows = rows[1:]  # the header printed again on each page
    elif _task_header([_key(cell) for cell in rows[0]]):
        return False  # a table of its own, with another header
    if rows and table.rows and _carries_on(table, table.rows[-1], rows[0]):
        _join_row(table.rows[-1], list(rows[0]))
        rows = rows[1:]
    table.rows.extend(rows)
    return True


def _carries_on(table: TableBlock, previous: list[Cell], row: list[Cell]) -> bool:
    """Tell whether the first row on a new page is the rest of the row the page broke."""
    filled = [bool(cell.fragments) for cell in row]
    if not any(filled):
        return False
    numbers = [i for i, label in enumerate(table.header) if HEADER_NUMBER.match(label)]
    if numbers:
        # Every entry has a sequence number: a row without one, or with the number of the row
        # before it printed again, is the rest of that entry.
        number = numbers[0]
        return not filled[number] or row[number].text() == previous[number].text()
    if not filled[0]:
        return True
    # No number column: the rest of an unfinished cell, with the row's other cells empty.
    had = [bool(cell.fragments) for cell in previous]
    first = filled.index(True)
    unfinished = bool(previous[first].fragments) and not _ends_sentence(previous[first].text())
    return unfinished and sum(filled) < sum(had)


def _ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(tuple("。！？；.!?;）)”"))


def _emit(items: list[Fragment | TableBlock], builder: LinesBuilder) -> None:
    """Write paragraphs and table rows in order."""
    layout = _layout([item for item in items if isinstance(item, Fragment)])
    paragraph: list[Fragment] = []

    def flush() -> None:
        if paragraph:
            text = paragraph[0].text
            for fragment in paragraph[1:]:
                text += _glue(text, fragment.text) + fragment.text
            builder.line(text)
            paragraph.clear()

    for item in items:
        if isinstance(item, TableBlock):
            flush()
            for row in item.rows:
                builder.row([cell.text() for cell in row])
            continue
        if paragraph and not _runs_on(paragraph, item, layout[item.frame]):
            flush()
        paragraph.append(item)
    flush()


@dataclass(frozen=True)
class Layout:
    """Where body text runs on pages of one size: its left and right edges, its line gap."""

    left: float
    right: float
    gap: float


def _layout(fragments: list[Fragment]) -> dict[int, Layout]:
    """Measure the text body on each page size: where most lines start, the widest end."""
    frames: dict[int, list[Fragment]] = defaultdict(list)
    for fragment in fragments:
        frames[fragment.frame].append(fragment)
    layout: dict[int, Layout] = {}
    for frame, lines in frames.items():
        starts = Counter(round(f.x0) for f in lines)
        shared = [x for x, n in starts.items() if n >= 2]
        # The usual space between lines: the most common gap (the smaller one on a tie).
        gaps = Counter(round(b.top - a.bottom) for a, b in pairwise(lines) if b.top > a.bottom)
        gap = float(min(gaps, key=lambda g: (-gaps[g], g))) if gaps else 0.0
        layout[frame] = Layout(float(min(shared or starts)), max(f.x1 for f in lines), gap)
    return layout


def _runs_on(paragraph: list[Fragment], following: Fragment, layout: Layout) -> bool:
    """Tell whether a line carries on the paragraph of the lines before it."""
    previous = paragraph[-1]
    if following.x0 > layout.left + 0.5 * following.size:
        return False  # indented: a new paragraph (or centred: a heading)
    if LIST_MARKER.match(following.text):
        return False
    if following.frame != previous.frame:
        return False
    if following.top > previous.bottom:
        # More space than between the paragraph's own lines: a paragraph set apart by space.
        usual = layout.gap
        if len(paragraph) > 1 and paragraph[-2].bottom < previous.top:
            usual = previous.top - paragraph[-2].bottom
        if following.top - previous.bottom > usual + 0.5 * previous.size:
            return False
    return previous.x1 + following.first_width > layout.right - SLACK * previous.size
