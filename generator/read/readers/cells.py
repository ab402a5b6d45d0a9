"""Layout: a table copied from a web page or Word file, one cell per line.

The header's cells stand on lines of their own (序号 / 目标任务 / 牵头单位 / 责任单位 / 责任人),
then every row follows cell by cell, opened by its sequence number on a line alone. A cell
may be empty (its line missing) or wrap over several lines, so a row's lines are fitted to
the header's columns by what each column holds: names for leaders, offices for units, dates
for deadlines, sentences for the task. Section rows (一、…（牵头领导：…）) head the rows below.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

from generator.messages import say
from generator.model import Problem
from generator.read.labels import LABEL_START, Field, split_fields
from generator.read.readers.delimited import section_row
from generator.read.readers.raw import RawDocument, inherit
from generator.read.readers.tables import Column, read_around_tables, read_header, row_task
from generator.read.repair import clean, is_page_number, join_fragments, merge_singles

NAME = "cells"
ROW_NUMBER = re.compile(r"^\s*(\d{1,4})\s*[.、．]?\s*$")
HEADER_CELL = re.compile(r"^[\u4e00-\u9fff\s（）()/、]{1,16}$")
TABLE_END = re.compile(
    r"^\s*(?:抄\s*送|印\s*发|附\s*件|注\s*[:：]|备\s*注\s*[:：]|说\s*明\s*[:：])"
)
PERSON = re.compile(r"^[\u4e00-\u9fff·]{2,4}$")
OFFICE = re.compile(
    r"(?:局|委|办|中心|政府|办公室|委员会|部|处|室|院|所|队|站|社|会|集团|公司|街道|镇|乡|场"
    r"|专班|指挥部|管委会?|园区|开发区|功能区|经济区|融合区|高新区|片区|新区|分局|支队|大队)$"
    r"|^各|^有关|^相关"
)
ROLE_WORDS = re.compile(
    r"(?:按(?:照)?职责(?:分工)?)?(?:分别|共同|各自)?(?:牵头|办理|负责|落实|配合|协办|协助|参与)+$"
)
LIST_SEPARATORS = re.compile(r"[、，,；;\s]+")
DEADLINE = re.compile(r"\d{4}\s*年|\d{1,2}\s*月|年底|年内|季度|长期|持续|常态|全年|每月|每年")


def _header_at(filled: list[tuple[int, str]], start: int) -> list[Column] | None:
    """Return the columns when a one-cell-per-line header begins at filled[start]."""
    cells: list[str] = []
    for _, text in filled[start : start + 12]:
        if ROW_NUMBER.match(text) or section_row(text) is not None or not HEADER_CELL.match(text):
            break
        cells.append(text.strip())
    while len(cells) >= 3:
        columns = read_header(cells)
        if columns and columns[0].kind == "number":
            return columns
        cells.pop()
    return None


def _filled(lines: Sequence[str]) -> list[tuple[int, str]]:
    return [(number, line.strip()) for number, line in enumerate(lines, start=1) if line.strip()]


def detect(lines: Sequence[str], rows: Mapping[int, tuple[str, ...]]) -> float:
    """Score a header set one cell per line (序号 / 任务 / 责任单位 …) above numbered rows."""
    if rows:
        return 0.0
    filled = _filled(lines)
    for start, (_, text) in enumerate(filled):
        if len(text) <= 4 and _header_at(filled, start):
            return 0.95
    return 0.0


def read(lines: Sequence[str], rows: Mapping[int, tuple[str, ...]]) -> RawDocument:
    """Rebuild the rows from the header's column count and read them as tasks."""
    doc = RawDocument(NAME)
    numbered = list(enumerate(lines, start=1))
    filled = _filled(lines)
    table_lines: set[int] = set()
    columns: list[Column] | None = None
    category = ""
    inherited: list[Field] = []
    row: list[tuple[int, str]] = []
    expected = 1
    index = 0

    def finish() -> None:
        nonlocal row
        if row and columns is not None:
            _row(columns, row, doc, category, inherited)
        row = []

    while index < len(filled):
        number, text = filled[index]
        header = _header_at(filled, index) if len(text) <= 4 else None
        if header:
            finish()
            repeated = columns is not None and [c.header for c in header] == [
                c.header for c in columns
            ]
            span = [n for n, _ in filled[index : index + len(header)]]
            doc.mark(span, "meta", "repeated table header" if repeated else "table header")
            table_lines.update(span)
            if not repeated:
                columns, category, inherited, expected = header, "", [], 1
            index += len(header)
            continue
        index += 1
        if columns is None:
            continue
        if TABLE_END.match(text):
            finish()
            columns = None
            continue
        table_lines.add(number)
        if is_page_number(text):
            doc.mark([number], "skip", "page number")
            continue
        start = ROW_NUMBER.match(text)
        if start and int(start.group(1)) in (expected, 1):
            finish()
            expected = int(start.group(1)) + 1
            row = [(number, start.group(1))]
            continue
        section = section_row(text)
        if section is not None:
            finish()
            category, inherited = section
            doc.mark([number], "heading")
            continue
        if not row and category and LABEL_START.match(text):
            # 牵头领导：… on its own line below a section row belongs to that section.
            inherited = [*inherited, *split_fields(text)]
            doc.mark([number], "heading")
            continue
        if not row:
            doc.mark([number], "skip", "text between table rows")
            doc.problems.append(Problem(number, say("read.table_text_outside_row")))
            continue
        row.append((number, text))
    finish()
    for number, line in numbered:
        if number in table_lines or line.strip():
            continue
        # Blank lines inside the table separate cells; they belong to it.
        if any(n in table_lines for n in (number - 1, number + 1)):
            table_lines.add(number)
            doc.mark([number], "blank")
    read_around_tables(doc, numbered, table_lines)
    return doc


def _row(
    columns: list[Column],
    lines: list[tuple[int, str]],
    doc: RawDocument,
    category: str,
    inherited: list[Field],
) -> None:
    """Fit a row's lines to the columns after the number and add the row as a task."""
    numbers = [number for number, _ in lines]
    sequence = lines[0][1]
    rest = [text for _, text in lines[1:]]
    groups = fit(tuple(column.kind for column in columns[1:]), tuple(rest))
    cells = [
        sequence,
        *(
            _join(kind, group)
            for kind, group in zip((column.kind for column in columns[1:]), groups, strict=True)
        ),
    ]
    task = row_task(columns, cells, numbers, (category,) if category else ())
    if task is None:
        doc.mark(numbers, "skip", "table row with no task text")
        doc.problems.append(Problem(numbers[0], say("read.table_row_no_text", row=sequence)))
        return
    inherit(task, inherited)
    doc.tasks.append(task)
    doc.mark(numbers, "task")


def _join(kind: str, group: tuple[str, ...]) -> str:
    """Join a cell's wrapped lines: sentences run on, name lists keep their separator."""
    text = ""
    for line in group:
        if not text:
            text = line
        elif kind == "text":
            text = join_fragments(text, line)
        elif text.endswith(("、", "，", ",", "；")) or not _complete(kind, text):
            text += line
        else:
            text += "、" + line
    # Only the task text is cleaned here: spaces separate names in a leader cell (隋 斌 赵士玉).
    return clean(text) if kind == "text" else text.strip()


def _complete(kind: str, text: str) -> bool:
    """Tell whether a cell's last item is whole (a full name), so the next line is a new item."""
    last = LIST_SEPARATORS.split(text)[-1]
    if kind == "leader":
        return bool(PERSON.match(last))
    return bool(OFFICE.search(last))


def _items(line: str) -> list[str]:
    """Split a cell line into list items, role words (牵头, 配合, 分别办理) and 等 dropped."""
    items = []
    for item in LIST_SEPARATORS.split(line):
        item = ROLE_WORDS.sub("", re.sub(r"等(?:单位|部门)?$", "", item))
        if item:
            items.append(item)
    return items


def _office_share(line: str) -> float:
    """The share of a line's items that name an office (区发改局, 各镇街, 董家口经济区)."""
    items = _items(line)
    return sum(1 for item in items if OFFICE.search(item)) / len(items) if items else 0.0


def _line_score(kind: str, line: str) -> float:
    """How well one line fits a column of this kind; positive is a good fit."""
    full_stop = bool(re.search(r"[。；]", line))
    if kind == "leader":
        names = merge_singles(re.split(r"[、，,；;\s]+", line.strip()))
        people = [name for name in names if PERSON.match(name) and not OFFICE.search(name)]
        return 3.0 if names and len(people) == len(names) and not full_stop else -3.0
    if kind == "unit":
        return -3.0 if full_stop else 4.0 * _office_share(line) - 1.0
    if kind == "deadline":
        return 3.0 if DEADLINE.search(line) and len(line) <= 24 else -3.0
    if kind == "text":
        score = 2.5 if full_stop else 1.5 if len(line) > 20 else 0.5 if "，" in line else -0.5
        return score - 2.0 * _office_share(line)
    return 1.0 if len(line) <= 12 and not full_stop else -2.0


# A row longer than this is not a table row copied cell by cell: its lines go to the task text
# (fitting costs the square of the row's length).
MAX_ROW_LINES = 60


@lru_cache(maxsize=1024)
def fit(kinds: tuple[str, ...], lines: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """Split lines, in order, into one group per column so that each group fits its column."""
    count = len(kinds)
    if len(lines) > MAX_ROW_LINES and "text" in kinds:
        return tuple(lines if kind == "text" else () for kind in kinds)
    # prefix[kind][n]: the score of the first n lines in a column of that kind.
    prefix: dict[str, list[float]] = {}
    for kind in set(kinds):
        sums = [0.0]
        for line in lines:
            sums.append(sums[-1] + _line_score(kind, line))
        prefix[kind] = sums
    best: dict[tuple[int, int], tuple[float, tuple[tuple[str, ...], ...]]] = {(0, 0): (0.0, ())}
    for column in range(count):
        kind = kinds[column]
        sums = prefix[kind]
        # An empty cell costs a little, more so early on: a missing cell is likelier last.
        empty = -10.0 if kind == "text" else -1.0 - 0.01 * (count - column)
        for used in range(len(lines) + 1):
            previous = best.get((column, used))
            if previous is None:
                continue
            score, groups = previous
            for end in range(used, len(lines) + 1):
                gained = sums[end] - sums[used] if end > used else empty
                key = (column + 1, end)
                if key not in best or score + gained > best[key][0]:
                    best[key] = (score + gained, (*groups, lines[used:end]))
    final = best.get((count, len(lines)))
    if final is None:
        return tuple(() for _ in kinds)
    return final[1]
