"""The parse report staff read after adding a document: counts and every line's fate."""

from __future__ import annotations

import csv
import re
from collections import Counter

from generator.errors import located
from generator.messages import kind as kind_name
from generator.messages import layout as layout_name
from generator.messages import level, note, say
from generator.model import Document, Problem
from generator.read.labels import ANY_LABEL, LABEL, LABEL_START, split_fields
from generator.read.readers.blocks import find_marker
from generator.read.readers.delimited import PIPE_RULE, split_cells
from generator.read.readers.frontmatter import plausible_region
from generator.read.repair import clean, strip_markup

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


TASK_MARKERS = ("num", "paren-num")
SECTION_MARKERS = ("part", "cn", "paren-cn")


def _assigned(text: str) -> bool:
    """Tell whether text names a responsible leader or unit after a label (责任单位：县政府办)."""
    first = LABEL.search(text)
    if first is None:
        return False
    fields = split_fields(text[first.start() :])
    return any(field.kind != "deadline" and field.value for field in fields)


def _body_lines(document: Document) -> list[Problem]:
    """Warn about body-text lines that read like a task or a section heading: never silent."""
    problems: list[Problem] = []
    numbers = [(task.line, int(task.number)) for task in document.tasks if task.number.isdigit()]
    first_task = min((task.line for task in document.tasks), default=len(document.text_lines))
    for role in document.lines:
        if role.kind != "text" or role.line > len(document.text_lines):
            continue
        text = clean(strip_markup(document.text_lines[role.line - 1])[0])
        marker, marker_text = find_marker(text)
        body = text[len(marker_text) :].strip()
        above = [number for line, number in numbers if line < role.line]
        # A numbered paragraph among or below the tasks reads as one more task; the numbered
        # points of a covering notice above the first task do not.
        among = marker in TASK_MARKERS and first_task < role.line
        # The next number after the tasks above (3. after tasks 1 and 2) continues the list.
        continues = (
            marker in TASK_MARKERS
            and bool(above)
            and int(re.sub(r"\D", "", marker_text) or 0) == max(above) + 1
        )
        if continues or among or _assigned(text):
            if continues:
                # 4. below a missed 3. goes on with the same list.
                numbers.append((role.line, max(above) + 1))
            message = say("check.body_task", line=role.line, text=text[:30])
            problems.append(Problem(role.line, message))
        elif (
            marker in SECTION_MARKERS
            and 0 < len(body) <= 20
            and not re.search(r"[。；;，,：:]", body)
        ):
            message = say("check.body_heading", line=role.line, text=text[:30])
            problems.append(Problem(role.line, message))
    return problems


def _headerless_table(document: Document) -> Problem | None:
    """Find rows with cell separators that no table reader took: their header row is missing."""
    run: list[int] = []
    kinds = {role.line: role.kind for role in document.lines}
    for number, line in enumerate([*document.text_lines, ""], start=1):
        cells = split_cells(line) if line.strip() and not PIPE_RULE.match(line) else None
        if cells is None and line.count(",") >= 2:
            # Comma-separated values: 1,修缮堤防,市水务局 (a sentence uses the full-width ，).
            cells = next(csv.reader([line]))
        if cells is not None and len(cells) >= 3 and kinds.get(number) in ("text", "task"):
            run.append(number)
            continue
        if PIPE_RULE.match(line) and run:
            continue
        # Two rows at least, read as text: a table whose columns nobody named.
        if len(run) >= 2 and sum(kinds.get(n) == "text" for n in run) >= 2:
            return Problem(run[0], say("check.table_no_header", line=run[0], rows=len(run)))
        run = []
    return None


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
    problems.extend(_body_lines(document))
    headerless = _headerless_table(document)
    if headerless is not None:
        problems.append(headerless)
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
