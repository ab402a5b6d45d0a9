"""Shared by the table layouts: header recognition and turning a row of cells into a task."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.read.labels import LABEL, Field, column_kind, label_kind, split_fields
from generator.read.readers.blocks import Block, build_blocks
from generator.read.readers.frontmatter import read_frontmatter
from generator.read.readers.prose import read_prose
from generator.read.readers.raw import RawDocument, RawTask
from generator.read.repair import clean


@dataclass(frozen=True)
class Column:
    """A table column: its header as written and what it holds."""

    header: str
    kind: str


def read_header(cells: list[str]) -> list[Column] | None:
    """Return the columns when cells look like a task table header, else None."""
    columns = [Column(re.sub(r"\s+", "", cell), column_kind(cell)) for cell in cells]
    # Header cells are short labels; a data row mentioning 工作 or 单位 is not a header.
    if any(len(column.header) > 16 for column in columns):
        return None
    # A header names columns; "责任单位:区住建局" is a label with its value, so a line listing
    # units after a label (责任单位:区住建局,区财政局,…) is not a CSV header.
    if any(re.search(r"[:：].", column.header) for column in columns):
        return None
    kinds = {column.kind for column in columns}
    if "text" in kinds and ({"unit", "leader", "lead", "support"} & kinds) and len(columns) >= 3:
        return columns
    return None


def row_task(
    columns: list[Column],
    cells: list[str],
    lines: list[int],
    section: tuple[str, ...],
) -> RawTask | None:
    """Build a task from one table row; None when the row has no task text (a blank form row)."""
    number = ""
    texts: list[str] = []
    fields: list[Field] = []
    category = ""
    for column, cell in zip(columns, cells, strict=False):
        value = cell.strip()
        if not value:
            continue
        if column.kind == "number":
            number = re.sub(r"\D", "", value)
        elif column.kind == "text":
            texts.append(clean(value))
        elif column.kind in ("leader", "unit", "lead", "support", "deadline"):
            label = column.header
            # A lead or support column holds units; label_role reads the role from its header.
            kind = "unit" if column.kind in ("lead", "support") else column.kind
            kind = kind if label_kind(label) == "unit" else label_kind(label)
            first = LABEL.search(value)
            if first is None:
                fields.append(Field(label, value, kind))
                continue
            # A cell that labels its own parts (牵头单位：甲；配合单位：乙) is read by its labels.
            if value[: first.start()].strip(" ；;，,"):
                fields.append(Field(label, value[: first.start()].strip(" ；;，,"), kind))
            fields.extend(split_fields(value[first.start() :]))
        elif column.kind == "category":
            category = clean(value)
    text = "；".join(texts)
    if not text:
        return None
    path = (*section, category) if category else section
    return RawTask(number, "", text, path, lines[0], lines[-1], fields, "table", list(lines))


def read_around_tables(
    doc: RawDocument, numbered: list[tuple[int, str]], table_lines: set[int]
) -> None:
    """Read the lines outside the tables as prose; file table tasks under the heading above."""
    if not table_lines:
        table_lines = {len(numbered) + 1}
    other = [(number, text) for number, text in numbered if number not in table_lines]
    blocks = build_blocks(other, doc.roles)
    used = read_frontmatter(blocks, doc)
    tasks, doc.tasks = doc.tasks, []
    # Numbered, assigned paragraphs outside the tables (after a table, under 二、保障措施) are
    # tasks too; a notice's unassigned points are not.
    read_prose(blocks, used, doc, find_tasks=True, work_items=False)
    prose_tasks = doc.tasks
    prose_tasks.extend(_continued(blocks, used, doc, [*tasks, *prose_tasks], min(table_lines)))
    for task in tasks:
        # Headings of the notice do not apply past an 附件 label: only the attachment's own.
        start = max((n for n in doc.attachment_starts if n < task.line), default=0)
        heads = [s for s in doc.sections if start < s.line < task.line]
        if heads:
            task.section = heads[-1].path + task.section
    doc.tasks = sorted([*tasks, *prose_tasks], key=lambda task: task.line)
    doc.has_assignments = any(task.fields for task in doc.tasks)


def _continued(
    blocks: list[Block], used: set[int], doc: RawDocument, found: list[RawTask], start: int
) -> list[RawTask]:
    """Take numbered paragraphs below a table that go on with its numbering as tasks.

    The rows end at 2 and the text below goes on 3. 加强督查…, 4. …: these are the table's
    tasks set as paragraphs, even without a label naming who is responsible.
    """
    numbers = [(task.line, int(task.number)) for task in found if task.number.isdigit()]
    added: list[RawTask] = []
    for index, block in enumerate(blocks):
        if index in used or block.start < start or block.marker not in ("num", "paren-num"):
            continue
        if any(
            doc.roles.get(line, None) is None or doc.roles[line].kind != "text"
            for line in block.lines
        ):
            continue
        above = [number for line, number in numbers if line < block.start]
        number = int(re.sub(r"\D", "", block.marker_text) or 0)
        if not above or number != max(above) + 1:
            continue
        start_at = max((n for n in doc.attachment_starts if n < block.start), default=0)
        heads = [s for s in doc.sections if start_at < s.line < block.start]
        path = heads[-1].path if heads else ()
        task = RawTask(
            str(number),
            "",
            block.body.strip(),
            path,
            block.start,
            block.end,
            [],
            block.marker,
            list(block.lines),
        )
        added.append(task)
        numbers.append((block.start, number))
        doc.mark(block.lines, "task")
    return added
