"""Layout: tables with explicit cell separators — TSV, CSV and Markdown pipe tables."""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping, Sequence

from generator.read.labels import Field
from generator.read.readers.blocks import find_marker, is_standalone
from generator.read.readers.outline import first_sentence, heading_of
from generator.read.readers.raw import RawDocument, inherit, split_assignment
from generator.read.readers.tables import Column, read_around_tables, read_header, row_task
from generator.read.repair import clean, ends_sentence, is_page_number, strip_markup

NAME = "table"
# A delimiter row: GFM allows one hyphen a cell (| :-: | - |), so a short rule counts too.
# No two runs of \s* meet (as in \s*\|?\s*): on a long line of spaces that is no rule the
# engine would try every split between them, the square of the line's length.
PIPE_RULE = re.compile(
    r"^\s*(?:\|\s*)?:?-+:?\s*(?:\|\s*:?-+:?\s*)+(?:\|\s*)?$"
    r"|^\s*(?:\|\s*)?:?-{2,}:?\s*(?:\|\s*)?$"
)


def split_cells(line: str) -> list[str] | None:
    """Split a TSV or pipe-table line into cells; None for a line that is not a row."""
    if "\t" in line:
        return [cell.strip() for cell in line.split("\t")]
    stripped = line.strip()
    if stripped.startswith("|") and stripped.count("|") >= 2:
        inner = stripped[1:-1] if stripped.endswith("|") else stripped[1:]
        cells = re.split(r"(?<!\\)\|", inner)
        return [cell.strip().replace("\\|", "|") for cell in cells]
    # A pipe table without outer pipes (序号 | 任务 | 责任单位): two cells at least.
    cells = re.split(r"(?<!\\)\|", stripped.removesuffix("|"))
    if len(cells) >= 2 and not stripped.startswith("`"):
        return [cell.strip().replace("\\|", "|") for cell in cells]
    return None


# A caption set in the header row's first cell (附件1 | 序号 | …) is no column of the rows.
CAPTION = re.compile(r"^(?:附\s*[件表]|表)\s*[0-9一二三四五六七八九十]*\s*[:：]?$")


def caption_cells(columns: list[Column]) -> int:
    """Count the caption cells opening a header row, before its first real column."""
    count = 0
    for column in columns:
        if column.kind == "other" and (not column.header or CAPTION.match(column.header)):
            count += 1
        else:
            break
    return count if count < len(columns) else 0


def _csv_header(lines: Sequence[str]) -> int:
    """Return the index of a CSV header line among the first lines, or -1."""
    for index, line in enumerate(lines[:30]):
        if line.count(",") >= 2 and "\t" not in line:
            cells = next(csv.reader([line]))
            if read_header(cells):
                return index
    return -1


Rows = Mapping[int, tuple[str, ...]]


def row_cells(number: int, line: str, rows: Rows) -> list[str] | None:
    """Return a line's cells: as a format reader gave them, else split from the text."""
    if number in rows:
        return list(rows[number])
    return split_cells(line)


def detect(lines: Sequence[str], rows: Rows) -> float:
    """Score how much this looks like a delimited table: a header row with task columns."""
    if any(read_header([strip_markup(cell)[0] for cell in cells]) for cells in rows.values()):
        return 1.0  # A real table (PDF, Word, sheet, web page) with a task header.
    for line in lines:
        cells = split_cells(line)
        if cells and read_header([strip_markup(cell)[0] for cell in cells]):
            return 0.9
    return 0.85 if _csv_header(lines) >= 0 else 0.0


def read(lines: Sequence[str], rows: Rows) -> RawDocument:
    """Read every table row as a task and everything around the tables as prose."""
    doc = RawDocument(NAME)
    numbered = list(enumerate(lines, start=1))
    csv_start = (
        _csv_header(lines) if not rows and not any(split_cells(line) for line in lines) else -1
    )
    table_lines: set[int] = set()
    if csv_start >= 0:
        _read_csv(numbered, csv_start, doc, table_lines)
    else:
        _read_rows(numbered, doc, table_lines, rows)
    read_around_tables(doc, numbered, table_lines)
    return doc


def _read_rows(
    numbered: list[tuple[int, str]], doc: RawDocument, table_lines: set[int], known: Rows
) -> None:
    columns: list[Column] | None = None
    header_key = ""
    category = ""
    caption = 0
    inherited: list[Field] = []
    open_row: tuple[list[str], list[int]] | None = None
    # Section lines set as plain text (二、保障措施) with no table row below them yet: if text
    # or a new table follows instead, they head the document, not the table's rows.
    loose: list[int] = []

    def release() -> None:
        nonlocal category, inherited
        if not loose:
            return
        for number in loose:
            table_lines.discard(number)
            doc.roles.pop(number, None)
        loose.clear()
        category, inherited = "", []

    def open_section(text: str, lines: list[int]) -> bool:
        """Take a section row (一、…（牵头领导：…）): its title files, its fields apply below."""
        nonlocal category, inherited
        found = section_row(text)
        if found is None:
            return False
        category, inherited = found
        doc.mark(lines, "heading")
        return True

    def finish() -> None:
        nonlocal open_row, category
        if open_row is None or columns is None:
            return
        cells, rows = open_row
        open_row = None
        filled = [cell for cell in cells if cell.strip()]
        if len(filled) == 1 and len(columns) >= 3 and open_section(filled[0], rows):
            return
        task = row_task(columns, cells, rows, ())
        if task is None:
            doc.mark(rows, "skip", "table row with no task text (blank form row)")
            return
        if task.section:
            category = task.section[-1]
        elif category:
            task.section = (category,)
        inherit(task, inherited)
        doc.tasks.append(task)
        doc.mark(rows, "task")

    for number, line in numbered:
        cells = row_cells(number, line, known)
        if cells is not None:
            cells = [strip_markup(cell)[0] for cell in cells]
            header = read_header(cells)
            if header:
                finish()
                release()
                # Compared without its caption: 附表2 | 序号 | … and 序号 | … repeat one header.
                key = "".join(column.header for column in header[caption_cells(header) :])
                if columns is not None and key == header_key:
                    note = "repeated table header"
                else:
                    note = "table header"
                if note == "table header":
                    # A header repeated after a page break continues the table and its section.
                    category, inherited = "", []
                caption = caption_cells(header)
                columns, header_key = header[caption:], key
                table_lines.add(number)
                doc.mark([number], "meta", note)
                continue
            if columns is None:
                continue
            table_lines.add(number)
            if PIPE_RULE.match(line):
                doc.mark([number], "skip", "table rule")
                continue
            if caption and len(cells) == len(columns) + caption:
                cells = cells[caption:]
            filled = [cell for cell in cells if cell.strip()]
            if len(filled) == 1 and section_row(filled[0]) is not None:
                finish()
                open_section(filled[0], [number])
                continue
            if (
                open_row is not None
                and len(open_row[0]) < len(columns)
                and len(open_row[0]) + len(cells) - 1 <= len(columns)
            ):
                # The previous physical line broke inside a cell: glue the pieces back. A line
                # that would overfill the row is a row of its own: the one before it was short
                # (a Markdown row may leave out its last empty cells).
                previous, rows = open_row
                previous[-1] = previous[-1] + cells[0]
                previous.extend(cells[1:])
                rows.append(number)
                continue
            finish()
            if not any(cells):
                doc.mark([number], "skip", "empty table row")
                continue
            loose.clear()
            open_row = (cells, [number])
            continue
        if columns is not None and open_row is None and section_row(strip_markup(line)[0]):
            # A section row right below the header (or another section row).
            open_section(strip_markup(line)[0], [number])
            table_lines.add(number)
            loose.append(number)
            continue
        if columns is None or open_row is None:
            if not line.strip() and columns is not None:
                table_lines.add(number)
                doc.mark([number], "blank")
            elif line.strip():
                release()
            continue
        if not line.strip():
            table_lines.add(number)
            doc.mark([number], "blank")
            continue
        if is_page_number(line):
            table_lines.add(number)
            doc.mark([number], "skip", "page number")
            continue
        text, _, _ = strip_markup(line)
        if section_row(text) is not None:
            # A merged row set as a plain line (一、…) heads the rows below; the table goes on.
            finish()
            open_section(text, [number])
            table_lines.add(number)
            loose.append(number)
            continue
        if _continues_cell(open_row[0], columns, text):
            previous, rows = open_row
            previous[-1] = previous[-1] + text.strip()
            rows.append(number)
            table_lines.add(number)
            continue
        finish()
        release()
        columns = None
    finish()
    release()


def section_row(text: str) -> tuple[str, list[Field]] | None:
    """Return (title, fields) for a section row like 一、稳增长（牵头领导：甲、乙）, else None."""
    body, fields = split_assignment(clean(text))
    marker, marker_text = find_marker(body)
    if marker not in ("part", "cn", "paren-cn"):
        return None
    title = first_sentence(body[len(marker_text) :]).strip()
    if not 0 < len(title) <= 60:
        return None
    return title, fields


def _continues_cell(cells: list[str], columns: list[Column], text: str) -> bool:
    """A line without separators continues the row when the row's last cell is unfinished."""
    if is_standalone(text) or heading_of_text(text):
        return False
    if len(cells) < len(columns):
        return True
    last = clean(cells[-1])
    if last.endswith(("、", "，", "；", "：")):
        return True
    return not ends_sentence(last) and columns[min(len(cells), len(columns)) - 1].kind == "text"


def heading_of_text(text: str) -> bool:
    """Tell whether a lone line reads as a heading rather than the rest of a cell."""
    from generator.read.readers.blocks import Block, find_marker

    marker, marker_text = find_marker(clean(text))
    block = Block(0, 0, clean(text), 0, "", marker, marker_text)
    return bool(marker) and heading_of(block) is not None


def _read_csv(
    numbered: list[tuple[int, str]], start: int, doc: RawDocument, table_lines: set[int]
) -> None:
    lines = [text for _, text in numbered]
    reader = csv.reader(lines[start:])
    header = next(reader)
    columns = read_header(header)
    assert columns is not None
    doc.mark([start + 1], "meta", "table header")
    table_lines.add(start + 1)
    previous_end = start + 1
    category = ""
    for cells in reader:
        end = start + reader.line_num
        rows = list(range(previous_end + 1, end + 1))
        previous_end = end
        filled = [cell for cell in cells if cell.strip()]
        if len(rows) == 1 and filled and len(cells) < min(3, len(columns)):
            # A line with no separators (二、保障措施, 3. 加强督查…（责任单位：…）) is no row:
            # it is read with the text around the table, as a heading or a task of its own.
            continue
        table_lines.update(rows)
        if len(filled) == 1 and (found := section_row(filled[0])) is not None:
            category = found[0]
            doc.mark(rows, "heading")
            continue
        if not any(cell.strip() for cell in cells):
            doc.mark(
                rows,
                "blank" if all(not lines[n - 1].strip() for n in rows) else "skip",
                "empty table row",
            )
            continue
        task = row_task(columns, cells, rows, ())
        if task is None:
            doc.mark(rows, "skip", "table row with no task text (blank form row)")
            continue
        if task.section:
            category = task.section[-1]
        elif category:
            task.section = (category,)
        doc.tasks.append(task)
        doc.mark(rows, "task")
