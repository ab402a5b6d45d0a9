"""Spreadsheets (.xlsx/.xlsm with openpyxl, .xls with python-calamine): every sheet's rows.

Each visible sheet is read in workbook order; hidden sheets are left out with a warning, so a
scratch sheet staff hid never publishes. Merged cells are filled the way a reader sees them:
a value merged down repeats on every row it covers (a leader or unit cell spanning several
tasks applies to each), a value merged across an otherwise empty row is that row's heading,
and rows a task's 序号 cell is merged down over are that one task. Numbers read as written
(1.0 → "1", a percentage-formatted 0.055 → "5.5%"; .xls keeps no formats, so 0.055 there),
dates as 2024年3月1日, the way the documents write deadlines. Formulas are not evaluated:
the value Excel saved with the file is used, and a formula saved without one reads as empty.
"""

from __future__ import annotations

import datetime
import io
import re
import warnings
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any

from generator.errors import SourceError
from generator.ingest.docx import join_continued_rows
from generator.ingest.extracted import LinesBuilder, SourceText, remove_unsafe
from generator.messages import say

# A sheet past this many cells (rows × columns) is read only down to that size: real task
# tables have a few thousand cells, and a stray format at row 1,048,576 must not cost minutes.
MAX_CELLS = 1_000_000
MAX_UNPACKED = 256 * 1024 * 1024
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Default sheet names say nothing: no heading line for them.
DEFAULT_NAME = re.compile(r"^(?:sheet|工作表)\s*\d*$", re.IGNORECASE)

# (first row, first column, last row, last column), 0-based and inclusive.
Merge = tuple[int, int, int, int]


def extract_xlsx(data: bytes, name: str) -> SourceText:
    """Extract every visible sheet of an .xlsx/.xlsm workbook; raise SourceError if unreadable."""
    if data.startswith(OLE_SIGNATURE):
        # An old .xls saved under a new name, or an encrypted workbook: calamine tells which.
        return extract_xls(data, name)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            if sum(info.file_size for info in package.infolist()) > MAX_UNPACKED:
                raise SourceError(name, 0, say("sheet.too_big"))
        from openpyxl import load_workbook

        with warnings.catch_warnings():
            # openpyxl warns about features it drops (data validation, slicers): not our news.
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    except SourceError:
        raise
    except Exception as error:  # BadZipFile, KeyError, InvalidFileException, XML errors …
        raise SourceError(name, 0, say("sheet.damaged_xlsx", error=str(error))) from error
    builder = LinesBuilder()
    sheets = [ws for ws in workbook.worksheets if _visible(ws.sheet_state, ws.title, builder)]
    for sheet in sheets:
        rows = min(sheet.max_row, max(1, MAX_CELLS // max(1, sheet.max_column)))
        if rows < sheet.max_row:
            builder.problem(say("sheet.very_large", sheet=sheet.title, rows=rows))
        grid = [
            [_shown(cell.value, cell.number_format) for cell in row]
            for row in sheet.iter_rows(max_row=rows)
        ]
        merges = [
            (m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1)
            for m in sheet.merged_cells.ranges
        ]
        _emit(builder, sheet.title, grid, merges, several=len(sheets) > 1)
    return builder.build(name, "xlsx")


def extract_xls(data: bytes, name: str) -> SourceText:
    """Extract every visible sheet of a legacy .xls workbook; raise SourceError if unreadable."""
    if data.startswith(b"PK"):
        return extract_xlsx(data, name)  # A new workbook saved under the old suffix.
    from python_calamine import CalamineError, CalamineWorkbook, SheetVisibleEnum

    builder = LinesBuilder()
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        visible = [
            meta.name
            for meta in workbook.sheets_metadata
            if _visible(
                "visible" if meta.visible == SheetVisibleEnum.Visible else "hidden",
                meta.name,
                builder,
            )
        ]
        sheets = []
        for sheet_name in visible:
            sheet = workbook.get_sheet_by_name(sheet_name)
            end = sheet.end or (0, 0)
            height, width = end[0] + 1, end[1] + 1
            rows = min(height, max(1, MAX_CELLS // width))
            if rows < height:
                builder.problem(say("sheet.very_large", sheet=sheet_name, rows=rows))
            # Whole-sheet coordinates, so merged ranges (absolute) line up with the rows.
            values = sheet.to_python(skip_empty_area=False, nrows=rows)
            sheets.append((sheet_name, values, sheet.merged_cell_ranges or []))
    except (CalamineError, ValueError, OSError) as error:
        raise SourceError(name, 0, say("sheet.damaged_xls", error=str(error))) from error
    for sheet_name, values, ranges in sheets:
        # calamine gives values without their number formats: a percentage reads as 0.055.
        grid = [[_shown(value, "") for value in row] for row in values]
        merges = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in ranges]
        _emit(builder, sheet_name, grid, merges, several=len(sheets) > 1)
    return builder.build(name, "xls")


def _visible(state: str, title: str, builder: LinesBuilder) -> bool:
    if state == "visible":
        return True
    builder.problem(say("sheet.hidden", sheet=title))
    return False


def _emit(
    builder: LinesBuilder,
    title: str,
    grid: list[list[str]],
    merges: Iterable[Merge],
    several: bool,
) -> None:
    """Write one sheet: its name as a heading, then its rows with merges filled."""
    merges = list(merges)
    grid = _filled(grid, merges)
    rows = _trimmed(join_continued_rows(grid, _continued(grid, merges)))
    if not rows:
        return
    if several and not DEFAULT_NAME.match(title.strip()):
        builder.line("# " + remove_unsafe(" ".join(title.split())))
        builder.line("")
    if all(len(row) == 1 for row in rows):
        # A single column holds text (tasks written as lines), not a table: read it as text.
        for row in rows:
            if row[0]:
                builder.line(row[0])
                builder.line("")
        return
    blank = False
    for row in rows:
        if not any(row):
            if not blank:
                builder.line("")
            blank = True
            continue
        blank = False
        builder.row(row)
    builder.line("")


def _filled(grid: list[list[str]], merges: Iterable[Merge]) -> list[list[str]]:
    """Fill merged ranges: down always; across only when the merge is the row's one value."""
    height = len(grid)
    width = max((len(row) for row in grid), default=0)
    for cells in grid:
        cells.extend([""] * (width - len(cells)))
    across: dict[int, list[tuple[int, int]]] = {}
    for first_row, first_column, last_row, last_column in merges:
        if not (0 <= first_row < height and 0 <= first_column < width):
            continue
        value = grid[first_row][first_column]
        last_row, last_column = min(last_row, height - 1), min(last_column, width - 1)
        for row in range(first_row, last_row + 1):
            grid[row][first_column] = value
            if last_column > first_column:
                across.setdefault(row, []).append((first_column, last_column))
    for row, spans in across.items():
        values = {cell for cell in grid[row] if cell}
        if len(values) == 1:
            # A title or section merged across the row: every cell carries it, so the row
            # reads as a heading line rather than a one-cell task row.
            value = next(iter(values))
            for first_column, last_column in spans:
                for column in range(first_column, last_column + 1):
                    grid[row][column] = value
    return grid


def _continued(grid: list[list[str]], merges: list[Merge]) -> list[bool]:
    """Flag the rows whose first used column continues a cell merged down from above."""
    used = [c for c in range(max((len(row) for row in grid), default=0)) if _any(grid, c)]
    flags = [False] * len(grid)
    if not used:
        return flags
    first = used[0]
    for first_row, first_column, last_row, last_column in merges:
        if first_column <= first < last_column + 1:
            for row in range(first_row + 1, min(last_row, len(grid) - 1) + 1):
                flags[row] = True
    return flags


def _trimmed(grid: list[list[str]]) -> list[list[str]]:
    """Drop columns empty in every row, and empty rows at the top and bottom."""
    used = [c for c in range(max((len(row) for row in grid), default=0)) if _any(grid, c)]
    rows = [[row[c] for c in used] for row in grid]
    while rows and not any(rows[-1]):
        rows.pop()
    start = next((index for index, row in enumerate(rows) if any(row)), len(rows))
    return rows[start:]


def _any(grid: Sequence[Sequence[str]], column: int) -> bool:
    return any(column < len(row) and row[column] for row in grid)


def _shown(value: Any, number_format: str) -> str:
    """Show a cell's value the way the sheet displays it, as plain text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime.datetime):
        shown = _date(value.date())
        return shown if value.time() == datetime.time() else f"{shown} {value:%H:%M}"
    if isinstance(value, datetime.date):
        return _date(value)
    if isinstance(value, datetime.time):
        return f"{value:%H:%M}" if not value.second else f"{value:%H:%M:%S}"
    if isinstance(value, datetime.timedelta):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if "%" in (number_format or ""):
            return _number(value * 100) + "%"
        return _number(value)
    return remove_unsafe(str(value)).strip()


def _number(value: float) -> str:
    if value != value or value in (float("inf"), float("-inf")):
        return str(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    # 15 significant digits: what Excel shows, without binary noise (0.1 + 0.2).
    return format(value, ".15g")


def _date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
