"""The parse report staff read after adding a document: counts and every line's fate."""

from __future__ import annotations

import re
from collections import Counter

from generator.errors import located
from generator.messages import kind as kind_name
from generator.messages import layout as layout_name
from generator.messages import level, note, say
from generator.model import Document, Problem
from generator.read.labels import ANY_LABEL, LABEL_START
from generator.read.readers.frontmatter import plausible_region

KIND_ORDER = ("task", "heading", "meta", "text", "blank", "skip", "withheld", "unaccounted")


def unaccounted(document: Document) -> list[int]:
    """Return the source lines no rule claimed."""
    return [role.line for role in document.lines if role.kind == "unaccounted"]


def report(document: Document) -> str:
    """Render the plain-text report for one document."""
    units = {unit.key for task in document.tasks for unit in task.units}
    leaders = {leader.name for task in document.tasks for leader in task.leaders}
    kinds = Counter(role.kind for role in document.lines)
    source = document.source
    separator = say("report.list_separator")
    out: list[str] = [
        say("report.title", source=source, title=document.title),
        say(
            "report.identity",
            id=document.id,
            region=document.region or "?",
            year=document.year or "?",
            kind=document.kind,
            layout=layout_name(document.layout),
        ),
        say(
            "report.counts",
            tasks=len(document.tasks),
            units=len(units),
            leaders=len(leaders),
            indicators=len(document.indicators),
            sections=len(document.sections),
        ),
        say(
            "report.lines",
            kinds=separator.join(
                say("report.kind_count", kind=kind_name(k), count=kinds[k])
                for k in KIND_ORDER
                if kinds[k]
            ),
        ),
    ]
    skips = [role for role in document.lines if role.kind == "skip"]
    for role in skips:
        out.append("  " + located(source, role.line, say("report.skipped", note=note(role.note))))
    withheld = Counter(role.note for role in document.lines if role.kind == "withheld")
    for reason, count in sorted(withheld.items()):
        message = say("report.withheld", count=count, reason=note(reason))
        out.append(f"  {source}: {message}")
    if not document.public:
        out.append(f"  {source}: {say('report.not_public')}")
    for line in unaccounted(document):
        out.append("  " + located(source, line, say("report.unaccounted")))
    for warning in document.warnings:
        # Line 0: the problem is in another file (the sidecar), which the message names.
        message = say("report.problem", level=level(warning.level), message=warning.message)
        out.append("  " + located(source, warning.line, message))
    return "\n".join(out)


# What a leader's name never ends with: that of an office (区发改局, 县政府, 工作专班).
UNIT_LIKE = re.compile(
    r"(?:局|委|办|中心|政府|办公室|委员会|部|处|室|院|所|队|站|集团|公司|街道|专班|指挥部|管委会?)$"
)
HEADER_WORDS = (
    ("序号", "编号"),
    ("任务", "内容", "事项", "措施", "目标"),
    ("责任单位", "牵头单位", "配合单位", "承办单位", "责任部门", "牵头部门"),
    ("责任人", "领导"),
    ("时限", "完成时间", "时间节点"),
)
LABEL_WORDS = re.compile(ANY_LABEL)
COLUMN_WORDS = re.compile(r"任务|内容|事项|措施|目标|工作|单位|部门|领导|人|时限|时间|节点|进度")


def _brackets_unbalanced(text: str) -> bool:
    depth = 0
    for char in text:
        if char in "（(【[〔":
            depth += 1
        elif char in "）)】]〕":
            depth -= 1
            if depth < 0:
                return True
    return depth != 0


def _odd_name(name: str) -> str:
    """Say what is wrong with a unit or leader name, or return ""."""
    if _brackets_unbalanced(name):
        return say("check.unbalanced")
    if LABEL_WORDS.search(name):
        return say("check.label_word")
    if re.search(r"[0-9０-９]", name):
        return say("check.digits")
    return ""


def _table_header_line(document: Document) -> int:
    """Return the first line that names table columns, run together or not, else 0."""
    for number, line in enumerate(document.text_lines, start=1):
        squeezed = re.sub(r"[\s|｜]+", "", line)
        if len(squeezed) > 80:
            continue
        found = sum(1 for words in HEADER_WORDS if any(word in squeezed for word in words))
        if found >= 3 and any(word in squeezed for word in HEADER_WORDS[2] + HEADER_WORDS[3]):
            return number
        # 序号 | 重点工作 | 包干人 | 主抓 …: column words this reader does not know yet.
        if squeezed.startswith(("序号", "编号")) and len(COLUMN_WORDS.findall(squeezed)) >= 2:
            return number
    return 0


def self_check(document: Document, region_given: bool = False) -> list[Problem]:
    """List what looks misread in a parsed document, as warnings for staff naming the line."""
    problems: list[Problem] = []
    flagged = {warning.line for warning in document.warnings}
    assigned = any(task.units or task.leaders for task in document.tasks)
    for task in document.tasks:
        where = say("check.task", number=task.number)
        if assigned and not task.units and task.line not in flagged:
            problems.append(Problem(task.line, say("check.no_units", task=where)))
        for unit in task.units:
            why = _odd_name(unit.name)
            if why:
                message = say("check.unit", task=where, name=unit.name, why=why)
                problems.append(Problem(task.line, message))
        for leader in task.leaders:
            why = _odd_name(leader.name)
            if not why and (UNIT_LIKE.search(leader.name) or len(leader.name) > 12):
                why = say("check.office_leader")
            if why:
                message = say("check.leader", task=where, name=leader.name, why=why)
                problems.append(Problem(task.line, message))
        opening = task.title or task.text
        if LABEL_START.match(opening):
            message = say("check.label_title", task=where, text=opening[:24])
            problems.append(Problem(task.line, message))
    if not region_given and not plausible_region(document.region):
        problems.append(Problem(1, say("check.no_region")))
    header = _table_header_line(document)
    kinds = Counter(role.kind for role in document.lines if role.kind != "blank")
    filled = sum(kinds.values())
    # A header no table reader took: its rows were read as running text, or as items
    # without a single unit (a table run together with no separators).
    unread = document.layout in ("paragraphs", "report") and (
        kinds["text"] * 2 > filled or not any(task.units for task in document.tasks)
    )
    if (
        document.layout in ("table", "cells", "columns")
        and document.tasks
        and not any(task.units or task.leaders for task in document.tasks)
    ):
        problems.append(
            Problem(
                document.tasks[0].line,
                say("check.table_no_units", tasks=len(document.tasks)),
            )
        )
    if header and filled and unread:
        problems.append(
            Problem(
                header,
                say(
                    "check.header_unread",
                    filled=filled,
                    text=kinds["text"],
                    tasks=len(document.tasks),
                ),
            )
        )
    return problems
