"""Layout: tables with explicit cell separators — TSV, CSV and Markdown pipe tables."""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping, Sequence

from generator.read.readers.blocks import is_standalone
from generator.read.readers.outline import heading_of
from generator.read.readers.raw import RawDocument
from generator.read.readers.tables import Column, read_around_tables, read_header, row_task
from generator.read.repair import clean, ends_sentence, strip_markup

NAME = "table"
PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")


def split_cells(line: str) -> list[str] | None:
    """Split a TSV or pipe-table line into cells; None for a line that is not a row."""
    if "\t" in line:
        return [cell.strip() for cell in line.split("\t")]
    stripped = line.strip()
    if stripped.startswith("|") and stripped.count("|") >= 2:
        inner = stripped[1:-1] if stripped.endswith("|") else stripped[1:]
        cells = re.split(r"(?<!\\)\|", inner)
        return [cell.strip().replace("\\|", "|") for cell in cells]
    return None


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
    open_row: tuple[list[str], list[int]] | None = None

    def finish() -> None:
        nonlocal open_row, category
        if open_row is None or columns is None:
            return
        cells, rows = open_row
        open_row = None
        task = row_task(columns, cells, rows, ())
        if task is None:
            doc.mark(rows, "skip", "table row with no task text (blank form row)")
            return
        if task.section:
            category = task.section[-1]
        elif category:
            task.section = (category,)
        doc.tasks.append(task)
        doc.mark(rows, "task")

    for number, line in numbered:
        cells = row_cells(number, line, known)
        if cells is not None:
            cells = [strip_markup(cell)[0] for cell in cells]
            header = read_header(cells)
            key = "".join(re.sub(r"\s+", "", cell) for cell in cells)
            if header:
                finish()
                if columns is not None and key == header_key:
                    note = "repeated table header"
                else:
                    note = "table header"
                columns, header_key, category = header, key, ""
                table_lines.add(number)
                doc.mark([number], "meta", note)
                continue
            if columns is None:
                continue
            table_lines.add(number)
            if PIPE_RULE.match(line):
                doc.mark([number], "skip", "table rule")
                continue
            if open_row is not None and len(open_row[0]) < len(columns):
                # The previous physical line broke inside a cell: glue the pieces back.
                previous, rows = open_row
                previous[-1] = previous[-1] + cells[0]
                previous.extend(cells[1:])
                rows.append(number)
                continue
            finish()
            if not any(cells):
                doc.mark([number], "skip", "empty table row")
                continue
            open_row = (cells, [number])
            continue
        if columns is None or open_row is None:
            if not line.strip() and columns is not None:
                table_lines.add(number)
                doc.mark([number], "blank")
            continue
        if not line.strip():
            table_lines.add(number)
            doc.mark([number], "blank")
            continue
        text, _, _ = strip_markup(line)
        if _continues_cell(open_row[0], columns, text):
            previous, rows = open_row
            previous[-1] = previous[-1] + text.strip()
            rows.append(number)
            table_lines.add(number)
            continue
        finish()
        columns = None
    finish()


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
        table_lines.update(rows)
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
