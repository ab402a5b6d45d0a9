"""The parse report staff read after adding a document: counts and every line's fate."""

from __future__ import annotations

import re
from collections import Counter

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
    out = [
        f"{document.source}: {document.title}",
        f"  id {document.id} · {document.region or '?'} · {document.year or '?'} · "
        f"{document.kind} · layout {document.layout}",
        f"  {len(document.tasks)} tasks, {len(units)} units, {len(leaders)} leaders, "
        f"{len(document.indicators)} indicators, {len(document.sections)} sections",
        "  lines: " + ", ".join(f"{kind} {kinds[kind]}" for kind in KIND_ORDER if kinds[kind]),
    ]
    skips = [role for role in document.lines if role.kind == "skip"]
    for role in skips:
        out.append(f"  {document.source}:{role.line}: skipped ({role.note})")
    withheld = Counter(role.note for role in document.lines if role.kind == "withheld")
    for reason, count in sorted(withheld.items()):
        out.append(f"  {document.source}: {count} lines withheld, not published ({reason})")
    if not document.public:
        out.append(f"  {document.source}: not public: nothing of it is published")
    for line in unaccounted(document):
        out.append(f"  {document.source}:{line}: not accounted for")
    for warning in document.warnings:
        # Line 0: the problem is in another file (the sidecar), which the message names.
        where = f"{document.source}:{warning.line}" if warning.line else document.source
        out.append(f"  {where}: {warning.level}: {warning.message}")
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
        return "括号不成对"
    if LABEL_WORDS.search(name):
        return "含有标签文字"
    if re.search(r"[0-9０-９]", name):
        return "含有数字"
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
        where = f"任务 {task.number} "
        if assigned and not task.units and task.line not in flagged:
            problems.append(Problem(task.line, f"{where}没有责任单位"))
        for unit in task.units:
            why = _odd_name(unit.name)
            if why:
                problems.append(Problem(task.line, f"{where}的责任单位“{unit.name}”{why}"))
        for leader in task.leaders:
            why = _odd_name(leader.name)
            if not why and (UNIT_LIKE.search(leader.name) or len(leader.name) > 12):
                why = "像是单位而不是领导姓名"
            if why:
                problems.append(Problem(task.line, f"{where}的领导“{leader.name}”{why}"))
        opening = task.title or task.text
        if LABEL_START.match(opening):
            problems.append(Problem(task.line, f"{where}的标题是标签行：{opening[:24]}"))
    if not region_given and not plausible_region(document.region):
        problems.append(
            Problem(1, "未识别出地区：请在同名 .yml 旁注文件中写 region（如 某某市某某区）")
        )
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
                f"表格读出 {len(document.tasks)} 项任务，但没有一项有责任单位或领导："
                "请检查表头（可在旁注中用 columns 写明各列）",
            )
        )
    if header and filled and unread:
        problems.append(
            Problem(
                header,
                f"这一行像表头，但表格没有读出来（{filled} 行中 {kinds['text']} 行只是正文，"
                f"{len(document.tasks)} 项任务）：可能是没有分隔符的表格，请检查原文",
            )
        )
    return problems
