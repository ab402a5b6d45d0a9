"""Layout: a table flattened to text by PDF extraction — cells separated only by spaces.

A header line (序号 责任单位 目 标 任 务 责任人) gives the column order; a row starts with its
sequence number and runs over many lines until the next number; page numbers and repeated
headers interrupt it. Short columns before the text column are taken from the row's first
tokens, short columns after it (usually the leader) from its last tokens.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from generator.messages import say
from generator.model import Problem
from generator.read.labels import Field, split_header_run
from generator.read.readers.delimited import CAPTION, section_row
from generator.read.readers.raw import RawDocument, inherit
from generator.read.readers.tables import Column, read_around_tables, read_header, row_task
from generator.read.repair import (
    is_page_number,
    join_fragments,
    merge_singles,
    remove_spliced_page_numbers,
)

NAME = "columns"
ROW_START = re.compile(r"^\s*(\d{1,4})(?:\s+(.*))?$")
TABLE_END = re.compile(r"^\s*(?:抄\s*送|印\s*发|附\s*件|\S.{0,40}\d{4}\s*年.*印发)")
PERSON = re.compile(r"^[\u4e00-\u9fff·]{2,4}$")
UNIT_END = re.compile(
    r"(?:局|委|办|中心|区|社|院|会|室|所|队|站|部|处|集团|公司|分局|指挥部|专班)$"
)


def _header(line: str) -> list[Column] | None:
    if "\t" in line or "|" in line:
        return None
    tokens = line.split()
    while len(tokens) > 3 and CAPTION.match(tokens[0]):
        tokens = tokens[1:]  # 附件1 序号 任务 …: a caption before the header
    if len(tokens) >= 6 and all(len(token) == 1 for token in tokens):
        # Every character spaced out (序 号 任 务 名 称 责 任 单 位): cut by header words.
        columns = read_header(split_header_run("".join(tokens)))
    else:
        columns = read_header(merge_singles(tokens))
    if columns and columns[0].kind == "number":
        return columns
    return None


def detect(lines: Sequence[str], rows: Mapping[int, tuple[str, ...]]) -> float:
    """Score a space-separated table header followed by numbered rows."""
    return 0.8 if any(_header(line) for line in lines) else 0.0


def read(lines: Sequence[str], rows: Mapping[int, tuple[str, ...]]) -> RawDocument:
    """Read the flattened table's rows as tasks and the rest as prose."""
    doc = RawDocument(NAME)
    numbered = list(enumerate(lines, start=1))
    table_lines: set[int] = set()
    columns: list[Column] | None = None
    signature = ""
    expected = 1
    row: list[tuple[int, str]] = []
    category = ""
    inherited: list[Field] = []

    def finish() -> None:
        nonlocal row
        if row and columns is not None:
            _row(columns, row, doc, category, inherited)
        row = []

    for number, raw in numbered:
        line = remove_spliced_page_numbers(raw)
        header = _header(line)
        if header:
            key = "".join(line.split())
            table_lines.add(number)
            doc.mark(
                [number], "meta", "repeated table header" if key == signature else "table header"
            )
            if key != signature:
                finish()
                columns, signature, expected = header, key, 1
                category, inherited = "", []
            continue
        if columns is None:
            continue
        if TABLE_END.match(line):
            finish()
            columns = None
            continue
        table_lines.add(number)
        if not line.strip():
            doc.mark([number], "blank")
            continue
        if is_page_number(line):
            doc.mark([number], "skip", "page number")
            continue
        section = section_row(line)
        if section is not None:
            # A section row (一、…（牵头领导：…）) heads the rows below it.
            finish()
            category, inherited = section
            doc.mark([number], "heading")
            continue
        start = ROW_START.match(line)
        if start and int(start.group(1)) == expected and _row_may_start(row, start.group(2) or ""):
            finish()
            expected += 1
        elif not row:
            doc.mark([number], "skip", "text between table rows")
            doc.problems.append(Problem(number, say("read.table_text_outside_row")))
            continue
        row.append((number, line))
    finish()
    read_around_tables(doc, numbered, table_lines)
    return doc


def _row_may_start(row: list[tuple[int, str]], rest: str) -> bool:
    """A number opens a row when the previous row looks complete or a unit name follows."""
    if not row:
        return True
    last = row[-1][1].split()
    tail = merge_singles(last)
    if tail and PERSON.match(tail[-1]) and not UNIT_END.search(tail[-1]):
        return True
    first = rest.split()[0] if rest.split() else ""
    return bool(UNIT_END.search(first))


def _row(
    columns: list[Column],
    lines: list[tuple[int, str]],
    doc: RawDocument,
    category: str = "",
    inherited: list[Field] | None = None,
) -> None:
    """Split a row's lines into cells by the header's column order."""
    numbers = [number for number, _ in lines]
    per_line = [merge_singles(text.split()) for _, text in lines]
    sequence = per_line[0].pop(0)  # the row number
    text_at = next(i for i, column in enumerate(columns) if column.kind == "text")
    before = [c for c in columns[1:text_at]]
    after = columns[text_at + 1 :]
    tokens = [token for tokens in per_line for token in tokens]
    head = [tokens.pop(0) if tokens else "" for _ in before]
    tail: list[str] = []
    for column in reversed(after):
        if column.kind == "leader":
            names: list[str] = []
            while tokens and PERSON.match(tokens[-1]) and not UNIT_END.search(tokens[-1]):
                names.insert(0, tokens.pop())
            tail.insert(0, "、".join(names))
        elif tokens and not tokens[-1].endswith(("。", "；")):
            tail.insert(0, tokens.pop())
        else:
            tail.insert(0, "")
    text = ""
    for token in tokens:
        text = join_fragments(text, token) if text else token
    cells = [sequence, *head, text, *tail]
    task = row_task(columns, cells, numbers, (category,) if category else ())
    if task is None:
        doc.mark(numbers, "skip", "table row with no task text")
        doc.problems.append(Problem(numbers[0], say("read.table_row_no_text", row=sequence)))
        return
    inherit(task, inherited or [])
    doc.tasks.append(task)
    doc.mark(numbers, "task")
