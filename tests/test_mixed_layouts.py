"""Tables mixed with numbered lines and headings: no line may be lost without a word.

Each fixture is built here, in a layout of its own: a table of tasks with more tasks set
as numbered paragraphs below it, under a heading of their own; and tables missing their
header row. What a reader staff would check: how many tasks, in which section, and which
warning names which line.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from generator.config import Config
from generator.model import Document, LineRole
from generator.read.check import self_check
from generator.read.parse import parse_file

TITLE = "江河市2027年重点工作任务分解表"
ROWS = [
    ("1", "新建充电桩两千个，覆盖全部乡镇。", "市能源局"),
    ("2", "改造老旧小区四十个。", "市住建委"),
]
TRAILING = [
    "三、组织实施",
    "",
    "3．建立月度台账，逐项对账销号。（牵头单位：市统计局；配合单位：市财政局）",
    "4．开展年中评估。",
]


def _pipe() -> str:
    table = ["| 编号 | 重点任务 | 主办单位 |", "| :-: | --- | --- |"]
    table += [f"| {a} | {b} | {c} |" for a, b, c in ROWS]
    return "\n".join([f"# {TITLE}", "", *table, "", *TRAILING]) + "\n"


def _tsv() -> str:
    table = ["序号\t主要任务\t责任部门"] + ["\t".join(row) for row in ROWS]
    return "\n".join([TITLE, "", *table, "", *TRAILING]) + "\n"


def _csv() -> str:
    table = ["序号,工作事项,牵头单位,完成时限"] + [f"{a},{b},{c},年底前" for a, b, c in ROWS]
    return "\n".join([*table, "", *TRAILING]) + "\n"


def _parse(tmp_path: Path, name: str, text: str, config: Config, sidecar: str = "") -> Document:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    if sidecar:
        path.with_suffix(".yml").write_text(sidecar, encoding="utf-8")
    return parse_file(path, config)


def _line_of(document: Document, start: str) -> int:
    return next(n for n, line in enumerate(document.text_lines, 1) if line.startswith(start))


@pytest.mark.parametrize(
    ("name", "text"),
    [("pipe.md", _pipe()), ("tabs.txt", _tsv()), ("sheet.csv", _csv())],
    ids=["pipe", "tsv", "csv"],
)
def test_numbered_lines_after_a_table_are_tasks_under_their_own_section(
    tmp_path: Path, name: str, text: str, config: Config
) -> None:
    document = _parse(tmp_path, name, text, config)
    assert document.layout == "table"
    # Every task in source order, the paragraphs going on with the table's numbering.
    assert [task.number for task in document.tasks] == ["1", "2", "3", "4"]
    assert [task.line for task in document.tasks] == sorted(task.line for task in document.tasks)
    heading = _line_of(document, "三、")
    assert [(s.line, s.title) for s in document.sections][-1] == (heading, "组织实施")
    third, fourth = document.tasks[2], document.tasks[3]
    assert third.section[-1] == fourth.section[-1] == "组织实施"
    assert "组织实施" not in document.tasks[0].section
    assert [unit.name for unit in third.units] == ["市统计局", "市财政局"]
    assert third.line == _line_of(document, "3．")
    roles = {role.line: role.kind for role in document.lines}
    assert roles[heading] == "heading"
    assert roles[third.line] == roles[fourth.line] == "task"
    assert all(role.kind not in ("unaccounted", "text") for role in document.lines)
    # The unlabelled 4. is a task without a unit: said, not hidden.
    messages = [(w.line, w.message) for w in document.warnings]
    assert any(line == fourth.line and "没有分工" in text for line, text in messages)


def test_a_sidecar_can_hide_the_section_after_a_table(tmp_path: Path, config: Config) -> None:
    sidecar = "sections:\n  - title: 三、组织实施\n    public: false\n"
    document = _parse(tmp_path, "pipe.md", _pipe(), config, sidecar)
    assert document.public
    assert not [w for w in document.warnings if w.level == "error"]
    assert [task.number for task in document.tasks] == ["1", "2"]
    source = _pipe().splitlines()
    hidden = [source.index(TRAILING[0]) + 1, source.index(TRAILING[2]) + 1]
    roles = {role.line: role.kind for role in document.lines}
    assert [roles[line] for line in hidden] == ["withheld", "withheld"]


def test_a_section_line_between_tables_heads_the_second_table(
    tmp_path: Path, config: Config
) -> None:
    header = "| 序号 | 工作内容 | 责任单位 |\n|---|---|---|\n"
    text = (
        f"# {TITLE}\n\n{header}| 1 | 修缮堤防十公里。 | 市水务局 |\n\n"
        f"第二部分 民生实事\n\n{header}| 1 | 新增托位五百个。 | 市卫健委 |\n"
    )
    document = _parse(tmp_path, "two.md", text, config)
    assert len(document.tasks) == 2
    assert document.tasks[1].section[-1] == "民生实事"
    assert "民生实事" not in document.tasks[0].section
    assert any(section.title == "民生实事" for section in document.sections)


def test_a_notices_unassigned_points_before_a_table_stay_text(
    tmp_path: Path, config: Config
) -> None:
    notice = "各镇人民政府：\n\n1. 请认真组织实施。\n2. 请于每季度末报送进展。\n\n"
    text = notice + _pipe().split("\n", 2)[2].split("\n三、")[0] + "\n"
    document = _parse(tmp_path, "notice.md", text, config)
    assert [task.number for task in document.tasks] == ["1", "2"]
    assert not [w for w in document.warnings if "像一项任务" in w.message]


@pytest.mark.parametrize(
    "rows",
    [
        [f"| {a} | {b} | {c} |" for a, b, c in ROWS],
        ["\t".join(row) for row in ROWS],
        [",".join(row) for row in ROWS],
    ],
    ids=["pipe", "tsv", "csv"],
)
def test_a_table_without_a_header_row_is_named_with_the_fix(
    tmp_path: Path, rows: list[str], config: Config
) -> None:
    text = "\n".join([TITLE, "", "现将任务分解如下。", "", *rows]) + "\n"
    document = _parse(tmp_path, "bare.txt", text, config)
    first = _line_of(document, rows[0])
    found = [w for w in document.warnings if w.line == first and "表头" in w.message]
    assert len(found) == 1
    message = found[0].message
    assert f"第 {first} 行" in message and "没有表头行" in message and "columns:" in message
    # Not "no table found": there is one, and the warning above says what it lacks.
    assert not [w for w in document.warnings if "没有找到任务" in w.message]


def test_body_lines_that_read_like_a_task_or_heading_are_flagged(
    tmp_path: Path, config: Config
) -> None:
    document = _parse(tmp_path, "pipe.md", _pipe(), config)
    assert not [w for w in document.warnings if "像" in w.message]
    heading = _line_of(document, "三、")
    third = document.tasks[2].line
    fourth = document.tasks[3].line
    # The same lines, as a reader that missed them would leave them: body text.
    missed = {heading, third, fourth}
    lines = tuple(
        LineRole(role.line, "text") if role.line in missed else role for role in document.lines
    )
    misread = replace(document, lines=lines, tasks=document.tasks[:2])
    said = [(p.line, p.message) for p in self_check(misread)]
    for line in (third, fourth):
        assert any(n == line and f"第 {line} 行像一项任务" in text for n, text in said)
    assert any(n == heading and f"第 {heading} 行像章节标题" in text for n, text in said)


def test_a_word_table_then_paragraphs_reads_both(tmp_path: Path, config: Config) -> None:
    import docx

    word = docx.Document()
    word.add_paragraph(TITLE)
    table = word.add_table(rows=1 + len(ROWS), cols=3)
    for row, cells in zip(table.rows, [("序号", "工作任务", "责任单位"), *ROWS], strict=True):
        for cell, value in zip(row.cells, cells, strict=True):
            cell.text = value
    for line in TRAILING:
        if line:
            word.add_paragraph(line)
    path = tmp_path / "mixed.docx"
    word.save(str(path))
    document = parse_file(path, config)
    assert [task.number for task in document.tasks] == ["1", "2", "3", "4"]
    assert document.tasks[2].section[-1] == "组织实施"
    assert [unit.name for unit in document.tasks[2].units] == ["市统计局", "市财政局"]
    assert any(section.title == "组织实施" for section in document.sections)
    assert all(role.kind not in ("unaccounted", "text") for role in document.lines)
