"""Walk paragraph blocks into headings, tasks and text; shared by every layout.

Tasks are found one of two ways:
- assigned: a paragraph carrying an assignment (inline （牵头领导：…；责任单位：…） or label
  lines such as 牵头单位：… below it) is a task; so is an unassigned paragraph numbered like
  the assigned ones (reported), and an unmarked paragraph continuing a numbered task;
- narrative (a work report with no assignments): each paragraph that opens with a lead
  phrase (做强优势产业顶梁柱。…) or a number under a （一） heading is a work item.
"""

from __future__ import annotations

import re
from collections import Counter

from generator.messages import say
from generator.model import Problem
from generator.read.labels import Field
from generator.read.readers.blocks import MARKER_RANK, Block
from generator.read.readers.frontmatter import find_report_deadlines
from generator.read.readers.outline import RANK_ATTACHMENT, Outline, heading_of, lead_phrase
from generator.read.readers.raw import RawDocument, RawTask, inherit, split_assignment

# The label line that starts an attachment's body: 附件, 附件1, 附件 2：.
ATTACHMENT_LABEL = re.compile(r"^[\s#*]*附\s*件\s*[0-9０-９一二三四五六七八九十]*\s*[:：]?[\s*]*$")
TARGET_WORDS = re.compile(r"预期目标|主要目标|工作目标|发展目标|目标任务是|目标是")


def assign_fields(blocks: list[Block], used: set[int]) -> dict[int, list[Field]]:
    """Split assignment clauses off blocks; attach label-only blocks to the paragraph above."""
    fields: dict[int, list[Field]] = {}
    owner = -1
    for index, block in enumerate(blocks):
        if index in used:
            continue
        text, found = split_assignment(block.text)
        if not found:
            owner = index
            continue
        if text:
            block.text = text
            fields[index] = found
            owner = index
        elif owner >= 0:
            # A label line below a paragraph (牵头单位：…) belongs to that paragraph, even a
            # short one that reads like a heading (1.地区生产总值增长6%): whether it is a task
            # or a section whose leaders apply below is decided once every clause is known.
            fields.setdefault(owner, []).extend(found)
            blocks[owner].lines.extend(block.lines)
            blocks[owner].end = block.end
            used.add(index)
        else:
            fields[index] = found
    return fields


# Outline depth of a block kind: unmarked and bold paragraphs sit below every numbered level.
KIND_DEPTH = {**MARKER_RANK, "bold": len(MARKER_RANK), "": len(MARKER_RANK) + 1}
SECTION_MARKERS = ("part", "cn", "paren-cn")


def task_marker(blocks: list[Block], fields: dict[int, list[Field]]) -> str:
    """Return the marker kind most assigned paragraphs share ("bold", "num", …, or "")."""
    kinds: Counter[str] = Counter(_kind(blocks[index]) for index in fields)
    if not kinds:
        return ""
    return kinds.most_common(1)[0][0]


def section_heads(
    blocks: list[Block], used: set[int], fields: dict[int, list[Field]]
) -> dict[int, list[Field]]:
    """Find assigned headings with items below them: 一、稳增长（牵头领导：…） over 1. 2. 3.

    Their leaders and units apply to the items below; an assigned 一、 with nothing numbered
    under it stays a task.
    """
    heads: dict[int, list[Field]] = {}
    for index, found in fields.items():
        block = blocks[index]
        heading = heading_of(block)
        # 一、加快项目建设。全年实施…（…）is a task with sub-points, not a section.
        if block.marker not in SECTION_MARKERS or heading is None:
            continue
        if len(block.body.strip()) > len(heading[1]) + 10:
            continue
        depth = KIND_DEPTH[block.marker]
        for later in range(index + 1, len(blocks)):
            if later in used:
                continue
            kind = _kind(blocks[later])
            if KIND_DEPTH[kind] <= depth:
                break
            if kind or later in fields:
                heads[index] = found
                break
    return heads


def _marker_below(blocks: list[Block], used: set[int], heads: dict[int, list[Field]]) -> str:
    """Without clauses on the tasks, the tasks are the commonest numbered kind below the heads."""
    if not heads:
        return ""
    depth = max(KIND_DEPTH[_kind(blocks[index])] for index in heads)
    kinds: Counter[str] = Counter(
        _kind(block)
        for index, block in enumerate(blocks)
        if index > min(heads)
        and index not in used
        and (block.marker or block.bold_title)
        and KIND_DEPTH[_kind(block)] > depth
    )
    return kinds.most_common(1)[0][0] if kinds else ""


def read_prose(
    blocks: list[Block],
    used: set[int],
    doc: RawDocument,
    find_tasks: bool,
    work_items: bool = True,
) -> None:
    """Classify every unused block as heading, task or text, filling doc.

    Without `work_items`, only assigned paragraphs (and those numbered like them) are tasks:
    the text around a table is a notice, whose unassigned points are no work items.
    """
    fields = assign_fields(blocks, used) if find_tasks else {}
    fields = (
        {
            index: found
            for index, found in fields.items()
            if any(f.kind != "deadline" for f in found)
        }
        if fields
        else {}
    )
    heads = section_heads(blocks, used, fields)
    fields = {index: found for index, found in fields.items() if index not in heads}
    marker = task_marker(blocks, fields) if fields else _marker_below(blocks, used, heads)
    doc.has_assignments = bool(fields or heads)
    narrative = work_items and find_tasks and not doc.has_assignments
    first = min([*fields, *heads], default=len(blocks))
    last = max(fields, default=-1)
    outline = Outline()
    # Fields stated on open headings, by rank: they apply to the tasks below.
    stated: list[tuple[int, list[Field]]] = []
    inherited: list[tuple[RawTask, list[Field]]] = []
    current: RawTask | None = None
    title_due = False
    for index, block in enumerate(blocks):
        if index in used:
            if ATTACHMENT_LABEL.match(block.text):
                # 附件 / 附件1 starts the attachment: the notice's headings no longer apply,
                # and the attachment's own title heads what follows.
                outline.reset()
                stated.clear()
                doc.attachment_starts.append(block.start)
                title_due = True
            continue
        if title_due and not block.marker and _is_title_line(block):
            title_due = False
            doc.sections.append(outline.open(RANK_ATTACHMENT, block.text, block.start, ""))
            doc.mark(block.lines, "heading")
            current = None
            continue
        title_due = False
        found = fields.get(index)
        heading = None if found else heading_of(block, marker)
        if heading is not None:
            rank, title = heading
            doc.sections.append(outline.open(rank, title, block.start, block.marker_text.strip()))
            doc.mark(block.lines, "heading")
            stated[:] = [(open_rank, got) for open_rank, got in stated if open_rank < rank]
            if index in heads:
                stated.append((rank, heads[index]))
            _note_targets(block, outline.path, doc)
            _note_deadlines(block, index < first, doc)
            current = None
            continue
        if found:
            if (
                current is not None
                and not current.fields
                and not block.marker
                and not block.bold_title
                and current.end_line < block.start
            ):
                _extend(current, block)
                current.fields = found
            else:
                current = _task(block, outline.path, found)
                doc.tasks.append(current)
                inherited.append((current, _nearest(stated)))
            doc.mark(block.lines, "task")
            continue
        if narrative and _is_work_item(block, outline):
            current = _task(block, outline.path, [])
            doc.tasks.append(current)
            doc.mark(block.lines, "task")
            continue
        # Under a heading that states leaders or units, a numbered item is a task too.
        in_region = first <= index <= last or bool(stated)
        if in_region and marker and _kind(block) == marker:
            current = _task(block, outline.path, [])
            doc.tasks.append(current)
            inherited.append((current, _nearest(stated)))
            doc.mark(block.lines, "task")
            continue
        if in_region and current is not None and not current.fields and not block.marker:
            _extend(current, block)
            doc.mark(block.lines, "task")
            continue
        current = None if block.marker or block.bold_title else current
        doc.mark(block.lines, "text")
        _note_targets(block, outline.path, doc)
        _note_deadlines(block, index < first, doc)
    for task, found in inherited:
        inherit(task, found)
    if find_tasks and work_items and not doc.tasks:
        doc.problems.append(
            Problem(
                blocks[0].start if blocks else 1,
                say("read.no_tasks"),
            )
        )


def _nearest(stated: list[tuple[int, list[Field]]]) -> list[Field]:
    """Per kind of field (leader, unit), the fields of the innermost heading stating it."""
    chosen: dict[str, list[Field]] = {}
    for _, found in reversed(stated):
        for kind in dict.fromkeys(field.kind for field in found):
            chosen.setdefault(kind, [field for field in found if field.kind == kind])
    return [field for fields in chosen.values() for field in fields]


def _kind(block: Block) -> str:
    return "bold" if block.bold_title and not block.marker else block.marker


def _is_work_item(block: Block, outline: Outline) -> bool:
    """A work report's work item: a lead-phrase or numbered paragraph under a （一） heading."""
    if MARKER_RANK["paren-cn"] not in outline.ranks():
        return False
    return bool(lead_phrase(block)) or block.marker in ("num", "paren-num")


def _task(block: Block, path: tuple[str, ...], found: list[Field]) -> RawTask:
    number = re.sub(r"\D", "", block.marker_text) if block.marker in ("num", "paren-num") else ""
    title = lead_phrase(block)
    text = block.body.strip()
    if block.bold_title and text.startswith(block.bold_title):
        text = text[len(block.bold_title) :].lstrip()
    elif title and text.startswith(title):
        text = text[len(title) :].lstrip("。！？ ")
    return RawTask(
        number,
        title,
        text,
        path,
        block.start,
        block.end,
        list(found),
        _kind(block),
        list(block.lines),
    )


def _extend(task: RawTask, block: Block) -> None:
    task.text = task.text + block.text
    task.end_line = block.end
    task.lines.extend(block.lines)


def _note_targets(block: Block, path: tuple[str, ...], doc: RawDocument) -> None:
    """Keep paragraphs that state the year's targets, for document-level indicators."""
    in_target_section = bool(path) and "目标" in path[-1]
    if TARGET_WORDS.search(block.text) or in_target_section:
        doc.target_texts.append((block.start, block.text))


def _note_deadlines(block: Block, in_notice: bool, doc: RawDocument) -> None:
    """Collect the reporting dates the covering notice sets."""
    if in_notice:
        for value in find_report_deadlines(block.text):
            if value not in doc.report_deadlines:
                doc.report_deadlines.append(value)


def _is_title_line(block: Block) -> bool:
    """A short line with no sentence punctuation: the title under 附件."""
    text = block.text.strip()
    return 0 < len(text) <= 60 and not re.search(r"[。；，,：:]", text)
