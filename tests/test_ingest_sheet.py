"""Spreadsheet ingest: merged cells, several sheets, hidden sheets, numbers and dates."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from pathlib import Path

import pytest
import xlwt
from openpyxl import Workbook

from generator.config import Config
from generator.errors import SourceError
from generator.ingest import extract
from generator.ingest.docx import chinese_numeral
from generator.ingest.sheet import extract_xls, extract_xlsx
from generator.model import Document
from generator.read.parse import parse_file

from .conftest import SEEDS

TABLE_SEED = SEEDS / "004_18c7331bcd84886b.txt"
TITLE = "2020 年区政府工作报告确定事项责任分解方案"
Put = Callable[[int, int, object], None]
HIDDEN_TASK = ["999", "隐藏工作表里的草稿任务。", "某某", "草稿局"]


def seed_tables() -> list[list[list[list[str]]]]:
    """The seed's tables: each a list of row groups (rows between blank lines), header first."""
    tables: list[list[list[list[str]]]] = []
    in_table = False
    for line in TABLE_SEED.read_text("utf-8").split("\n"):
        if "\t" in line:
            if not in_table:
                tables.append([[]])
                in_table = True
            tables[-1][-1].append(line.split("\t"))
        elif line.strip():
            in_table = False
        elif in_table and tables[-1][-1]:
            tables[-1].append([])
    return [[group for group in table if group] for table in tables]


def lay_out_task_table(put: Put, merge: Callable[[int, int, int, int], None]) -> None:
    """Write the seed's task table as staff lay it out in Excel.

    A title merged across the top, the header, then each group of rows under a section row
    merged across the table; runs of equal leader or unit cells merged down into one cell;
    序号 stored as numbers (1.0).
    """
    groups = seed_tables()[0]
    header, *first = groups[0]
    groups = [first, *groups[1:]]
    put(0, 0, TITLE)
    merge(0, 0, 0, 3)
    for column, value in enumerate(header):
        put(2, column, value)
    row = 3
    for position, group in enumerate(groups, start=1):
        put(row, 0, f"{chinese_numeral(position)}、重点工作")
        merge(row, 0, row, 3)
        row += 1
        for column in (2, 3):
            first_row = row
            values = [cells[column] for cells in group]
            start = 0
            for index in range(1, len(values) + 1):
                if index == len(values) or values[index] != values[start]:
                    put(first_row + start, column, values[start])
                    if index - start > 1:
                        merge(first_row + start, column, first_row + index - 1, column)
                    start = index
        for cells in group:
            put(row, 0, float(cells[0]))
            put(row, 1, cells[1])
            row += 1


def lay_out_form(put: Put) -> None:
    """The seed's second table (a blank reporting form) on a sheet of its own."""
    for row, cells in enumerate(row for group in seed_tables()[1] for row in group):
        for column, value in enumerate(cells):
            if value:
                put(row + 1, column + 1, value)


def task_workbook(path: Path) -> Path:
    workbook = Workbook()
    tasks = workbook.active
    assert tasks is not None
    tasks.title = "分解方案"

    def put(row: int, column: int, value: object) -> None:
        tasks.cell(row + 1, column + 1, value)

    def merge(r0: int, c0: int, r1: int, c1: int) -> None:
        tasks.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)

    lay_out_task_table(put, merge)
    hidden = workbook.create_sheet("草稿")
    hidden.append(["序号", "内容", "分管领导", "责任单位"])
    hidden.append(HIDDEN_TASK)
    hidden.sheet_state = "hidden"
    form = workbook.create_sheet("月度推进计划表")
    lay_out_form(lambda r, c, v: form.cell(r + 1, c + 1, v))
    workbook.save(path)
    return path


def task_xls(path: Path) -> Path:
    workbook = xlwt.Workbook(encoding="utf-8")
    tasks = workbook.add_sheet("分解方案")
    merged: set[tuple[int, int]] = set()
    pending: dict[tuple[int, int], object] = {}

    def put(row: int, column: int, value: object) -> None:
        pending[(row, column)] = value

    def merge(r0: int, c0: int, r1: int, c1: int) -> None:
        # xlwt writes a merged range and its value in one call.
        tasks.write_merge(r0, r1, c0, c1, pending.pop((r0, c0), ""))
        merged.update((r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1))

    lay_out_task_table(put, merge)
    for (row, column), value in pending.items():
        if (row, column) not in merged:
            tasks.write(row, column, value)
    hidden = workbook.add_sheet("草稿")
    for column, value in enumerate(HIDDEN_TASK):
        hidden.write(0, column, value)
    hidden.visibility = 1
    form = workbook.add_sheet("月度推进计划表")
    lay_out_form(lambda r, c, v: form.write(r, c, v))
    workbook.save(str(path))
    return path


def assignments(document: Document) -> list[tuple[str, str, list[tuple[str, str]], list[str]]]:
    """What a user checks per task: number, text, units with roles, leaders."""
    return [
        (t.number, t.text, [(u.name, u.role) for u in t.units], [x.name for x in t.leaders])
        for t in document.tasks
    ]


@pytest.fixture(scope="module")
def text_original(config: Config) -> Document:
    return parse_file(TABLE_SEED, config)


@pytest.mark.parametrize("build", [task_workbook, task_xls], ids=["xlsx", "xls"])
def test_merged_task_table_reads_like_the_text(
    build: Callable[[Path], Path], tmp_path: Path, config: Config, text_original: Document
) -> None:
    suffix = ".xlsx" if build is task_workbook else ".xls"
    path = build(tmp_path / f"tasks{suffix}")
    source = extract(path)
    # Each named sheet starts with its name; the title merged across the top is a heading.
    assert source.lines[:3] == ("# 分解方案", "", TITLE)
    assert "# 月度推进计划表" in source.lines
    assert "一、重点工作" in source.lines
    assert not any("草稿" in line for line in source.lines)
    assert any("已隐藏" in problem.message for problem in source.problems)
    rows = list(source.rows.values())
    assert rows[0] == ("序号", "内容", "分管领导", "责任单位")
    nine = next(cells for cells in rows if cells[0] == "9")  # 9.0 reads as 9
    ten = next(cells for cells in rows if cells[0] == "10")
    assert nine[2] == ten[2] == "隋 斌"  # one leader cell merged down over both rows
    document = parse_file(path, config)
    assert len(document.tasks) == 206
    assert assignments(document) == assignments(text_original)
    assert "999" not in {t.number for t in document.tasks}


def test_tasks_written_down_one_column_read_like_the_text(tmp_path: Path, config: Config) -> None:
    seed = SEEDS / "000_be318bc82a9aa2fa.txt"
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for line in seed.read_text("utf-8").split("\n"):
        if line.strip():
            sheet.append([None, line.lstrip("# ")])  # column A empty: trimmed
    path = tmp_path / "lines.xlsx"
    workbook.save(path)
    assert assignments(parse_file(path, config)) == assignments(parse_file(seed, config))


def test_one_task_over_several_rows_is_one_task(tmp_path: Path, config: Config) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["序号", "工作任务", "牵头领导", "责任单位"])
    sheet.append([1, "推进重点项目建设。", "张三", "区发改局"])
    sheet.append([None, None, None, "区财政局"])
    sheet.append([2, "深化改革。", None, "区司法局"])
    sheet.merge_cells("A2:A3")
    sheet.merge_cells("B2:B3")
    sheet.merge_cells("C2:C4")  # one leader over both tasks
    path = tmp_path / "rows.xlsx"
    workbook.save(path)
    parsed = parse_file(path, config)
    assert [
        (t.number, [u.name for u in t.units], [x.name for x in t.leaders]) for t in parsed.tasks
    ] == [("1", ["区发改局", "区财政局"], ["张三"]), ("2", ["区司法局"], ["张三"])]


def test_values_read_as_shown(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([None, None, None])  # empty rows and columns around the data are trimmed
    sheet.append([None, "完成时限", "增长", "数量", "公式"])
    sheet.append([None, datetime.date(2024, 6, 30), 0.055, 3.0, "=1+1"])
    sheet["C3"].number_format = "0.0%"
    sheet.append([None, datetime.datetime(2024, 12, 31, 0, 0), 0.1 + 0.2, 12, None])
    path = tmp_path / "values.xlsx"
    workbook.save(path)
    source = extract(path)
    assert list(source.rows.values()) == [
        ("完成时限", "增长", "数量", "公式"),
        ("2024年6月30日", "5.5%", "3", ""),  # a formula never calculated has no value
        ("2024年12月31日", "0.3", "12", ""),
    ]


def test_one_sheet_has_no_name_heading(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "任务"
    sheet.append(["序号", "工作任务", "责任单位"])
    path = tmp_path / "one.xlsx"
    workbook.save(path)
    assert extract(path).lines == ("| 序号 | 工作任务 | 责任单位 |",)


@pytest.mark.parametrize("function", [extract_xlsx, extract_xls])
@pytest.mark.parametrize(
    "data",
    [
        b"not a workbook",
        b"PK\x03\x04" + b"\0" * 40,
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
    ],
)
def test_unreadable_workbooks_are_one_clean_error(
    function: Callable[[bytes, str], object], data: bytes
) -> None:
    with pytest.raises(SourceError) as caught:
        function(data, "bad.xlsx")
    assert caught.value.path == "bad.xlsx" and "Excel" in caught.value.message


def test_xls_under_an_xlsx_name_still_reads(tmp_path: Path) -> None:
    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("a")
    for column, value in enumerate(["序号", "工作任务", "责任单位"]):
        sheet.write(0, column, value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert extract_xlsx(buffer.getvalue(), "renamed.xlsx").lines == (
        "| 序号 | 工作任务 | 责任单位 |",
    )


def test_a_title_written_in_the_first_cell_only_is_a_line(tmp_path: Path, config: Config) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["某区2024年重点任务分工表"])
    sheet.append(["序号", "工作任务", "牵头单位", "配合单位", "责任领导"])
    sheet.append([1, "建设甲工程", "区发改局", "区财政局", "张三"])
    sheet.append(["二、社会事业"])
    sheet.append([2, "推进乙改革", "区教体局", "", "李四"])
    workbook.save(tmp_path / "t.xlsx")
    document = parse_file(tmp_path / "t.xlsx", config)
    assert document.title == "某区2024年重点任务分工表"
    assert [(t.number, t.section[-1:]) for t in document.tasks] == [
        ("1", ()),
        ("2", ("社会事业",)),
    ]
