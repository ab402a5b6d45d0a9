"""Progress entries: every validation message, masking, privacy, and the template round trip."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from generator.build import build_docs
from generator.cli import main

Write = Callable[[dict[str, str | bytes]], Path]

DOCUMENT = (
    "序号\t任务内容\t牵头单位\t完成时限\n"
    "1\t建成数据共享平台。\t区数据局\t2024年3月底前\n"
    "2\t改造老旧小区十个。\t区住建局\t2024年9月底前\n"
    "3\t新增就业岗位。\t区人社局\t\n"
)
SIDECAR = "id: demo-2024\ntitle: 测试任务表\nregion: 测试市测试区\nyear: 2024\ndate: 2024-01-10\n"
SITE = "as_of: 2024-06-30\n"


def corpus(write: Write, progress: dict[str, str | bytes]) -> Path:
    """A content folder with one document, a private one, and the given progress files."""
    files: dict[str, str | bytes] = {
        "content/documents/plan.tsv": DOCUMENT,
        "content/documents/plan.yml": SIDECAR,
        "content/documents/secret.tsv": DOCUMENT,
        "content/documents/secret.yml": "id: secret-2024\npublic: false\nyear: 2024\n",
        "content/site.yml": SITE,
    }
    files.update({f"content/progress/{name}": body for name, body in progress.items()})
    return write(files) / "content"


def build(content: Path) -> tuple[list[str], dict[str, str]]:
    """Build the docs folder; return the errors and every written text file."""
    docs = content.parent / "docs"
    result = build_docs(content, docs)
    pages = {
        path.relative_to(docs).as_posix(): path.read_text(encoding="utf-8-sig")
        for path in docs.rglob("*")
        if path.is_file() and path.suffix in (".md", ".json", ".csv", ".xml")
    }
    return result.errors, pages


def entry(**fields: str) -> str:
    base = {"document": "demo-2024", "task": "1", "date": "2024-05-01", "status": "推进中"}
    base.update(fields)
    return (
        "- {"
        + ", ".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in base.items())
        + "}\n"
    )


@pytest.mark.parametrize(
    ("fields", "message", "column"),
    [
        ({"document": "nope-2024"}, "未知文件“nope-2024”", None),
        ({"task": "99"}, "文件 demo-2024 中没有第 99 项任务", None),
        ({"status": "差不多"}, "状态“差不多”不在状态列表中", None),
        ({"date": "2024-07-01"}, "日期 2024-07-01 晚于数据截止日期 2024-06-30", None),
        ({"date": "2024-13-40"}, "日期“2024-13-40”无法识别", None),
        ({"note": "很" * 201}, "进展情况 201 字，超过 200 字上限", None),
        ({"status": "已调整"}, "状态“已调整”须写明原因", None),
        (
            {"evidence": "javascript:alert(1)"},
            "佐证链接“javascript:alert(1)”不是 http:// 或 https:// 地址",
            None,
        ),
    ],
)
def test_each_bad_entry_is_named_with_file_and_line_and_left_out(
    write_files: Write, fields: dict[str, str], message: str, column: None
) -> None:
    good = entry(task="2", note="正常推进")
    content = corpus(write_files, {"round.yml": good + entry(**fields)})
    errors, pages = build(content)
    assert any(message in e and "content/progress/round.yml:2" in e for e in errors), errors
    # The valid entry still publishes, the bad one does not.
    assert "正常推进" in pages["documents/demo-2024/tasks/2.md"]
    assert "推进中" not in pages["documents/demo-2024/tasks/1.md"] or fields.get("task")


def test_duplicates_and_dates_out_of_order_are_errors(write_files: Write) -> None:
    body = entry(date="2024-05-01") + entry(date="2024-05-01") + entry(date="2024-04-01")
    errors, _ = build(corpus(write_files, {"round.yml": body}))
    assert any("重复" in e and "round.yml:2" in e and "round.yml:1" in e for e in errors), errors
    assert any("早于同一任务的上一条" in e and "round.yml:3" in e for e in errors), errors


def test_unknown_field_and_bad_statuses_file(write_files: Write) -> None:
    content = corpus(
        write_files, {"a.yml": entry() + "- {document: demo-2024, task: 1, colour: x}\n"}
    )
    (content / "statuses.yml").write_text("statuses: 5\n", encoding="utf-8")
    errors, _ = build(content)
    assert any("a.yml:2" in e and "未知字段 'colour'" in e for e in errors), errors
    assert any("content/statuses.yml" in e and "默认状态" in e for e in errors), errors


def test_cli_build_exits_non_zero_on_a_progress_error(write_files: Write) -> None:
    content = corpus(write_files, {"a.yml": entry(status="差不多")})
    docs = content.parent / "docs"
    code = main(["--content", str(content), "build", "--no-publish", "--docs", str(docs)])
    assert code == 1


def test_notes_are_escaped_and_masked_and_private_progress_never_appears(
    write_files: Write,
) -> None:
    note = "<script>alert(1)</script> *粗* 联系 13912345678"
    body = entry(note=note) + entry(document="secret-2024", note="机密进展内容")
    errors, pages = build(corpus(write_files, {"a.yml": body}))
    assert errors == []
    task = pages["documents/demo-2024/tasks/1.md"]
    assert "&lt;script&gt;" in task and "<script>" not in task
    assert "139****5678" in task
    everything = "\n".join(pages.values())
    assert "13912345678" not in everything
    assert "机密进展内容" not in everything and "secret-2024" not in everything


def test_site_shows_badge_history_overdue_tallies_rounds_feed_and_open_data(
    write_files: Write,
) -> None:
    body = (
        entry(task="1", date="2024-02-01", status="未启动", note="筹备中")
        + entry(task="1", date="2024-05-01", status="滞后", note="进度慢")
        + entry(task="2", date="2024-06-30", status="已完成", note="全部完成",
                evidence="https://example.gov.cn/a")
    )  # fmt: skip
    errors, pages = build(corpus(write_files, {"a.yml": body}))
    assert errors == []
    task = pages["documents/demo-2024/tasks/1.md"]
    assert "⚠</span> 滞后" in task and "筹备中" in task and "进度慢" in task
    assert "已逾期" in task and "2024-03-31" in task
    assert "数据更新：2024-05-01" in task
    document = pages["documents/demo-2024/index.md"]
    assert "已完成 1 项" in document and 'data-filter="status"' in document
    assert '<svg class="chart status-chart" role="img"' in document and "<title" in document
    assert 'data-status="暂无进展"' in document and "<script" not in document
    assert "2024年第一季度" in pages["progress/rounds/2024-q1.md"]
    silent = pages["progress/rounds/2024-q2.md"].split("未报送的单位")[1]
    assert "区人社局" in silent and "区数据局" not in silent
    assert "第 1 项" in pages["progress/deadlines.md"].split("已逾期")[1]
    assert "滞后" in pages["progress/feed.xml"]
    assert any(p.startswith("progress/units/") for p in pages)
    data = json.loads(pages["data/documents/demo-2024.json"])
    progress = data["tasks"][0]["progress"]
    assert progress["status"] == "滞后" and progress["overdue"] is True
    assert [h["date"] for h in progress["history"]] == ["2024-02-01", "2024-05-01"]
    assert "滞后,2024-05-01" in pages["data/tasks.csv"]
    assert "https://example.gov.cn/a" in pages["data/progress.csv"]
    # 是否完成 reads 是/否 in the CSV (progress.json keeps true/false).
    done = [row["是否完成"] for row in csv.DictReader(io.StringIO(pages["data/progress.csv"]))]
    assert done and set(done) <= {"是", "否"}
    # Excel users read Chinese column names; the 数据下载 page lists and explains the file.
    assert pages["data/progress.csv"].startswith("文件编号,任务编号,序号,填报日期")
    assert "[progress\\.csv](progress.csv)" in pages["data/index.md"]
    assert "| 进展情况 |" in pages["data/index.md"]


def test_no_progress_means_no_progress_pages_and_no_status(write_files: Write) -> None:
    errors, pages = build(corpus(write_files, {}))
    assert errors == []
    assert not any(p.startswith("progress/") for p in pages)
    assert "进展情况" not in pages["documents/demo-2024/tasks/1.md"]
    assert "数据更新：2024-01-10" in pages["documents/demo-2024/index.md"]


@pytest.mark.parametrize("form", ["xlsx", "csv"])
def test_filled_template_round_trips_into_the_site(write_files: Write, form: str) -> None:
    content = corpus(write_files, {})
    out = content.parent / "templates"
    code = main(["--content", str(content), "template", "demo-2024", "--unit", "区住建局",
                 "--format", form, "--out", str(out)])  # fmt: skip
    assert code == 0
    sheet = out / f"demo-2024-区住建局.{form}"
    if form == "xlsx":
        book = load_workbook(sheet)
        rows = book["进展填报"]
        header = [
            "文件编号",
            "任务编号",
            "任务内容",
            "牵头单位",
            "完成时限",
            "进展状态",
            "进展情况",
            "填报日期",
        ]
        assert [c.value for c in rows[1]][:8] == header
        assert rows.max_row == 2 and rows["B2"].value == "2"
        validation = rows.data_validations.dataValidation[0]
        assert "已完成" in str(validation.formula1) and "F2" in str(validation.sqref)
        rows["F2"], rows["G2"], rows["H2"] = "已完成", "十个小区改造完毕", "2024-06-01"
        buffer = io.BytesIO()
        book.save(buffer)
        body: bytes = buffer.getvalue()
    else:
        text = sheet.read_bytes().decode("utf-8-sig")
        lines = text.split("\r\n")
        assert lines[0].startswith("文件编号,任务编号")
        cells = lines[1].split(",")
        cells[5:8] = ["已完成", "十个小区改造完毕", "2024/6/1"]
        lines[1] = ",".join(cells)
        body = ("\ufeff" + "\r\n".join(lines)).encode("utf-8")
    (content / "progress").mkdir()
    (content / "progress" / sheet.name).write_bytes(body)
    errors, pages = build(content)
    assert errors == []
    task = pages["documents/demo-2024/tasks/2.md"]
    assert "十个小区改造完毕" in task and "✔</span> 已完成" in task


def test_a_bad_cell_in_a_sheet_is_named_by_sheet_row_and_column(write_files: Write) -> None:
    content = corpus(write_files, {})
    out = content.parent / "templates"
    main(["--content", str(content), "template", "--out", str(out)])
    book = load_workbook(out / "demo-2024.xlsx")
    book["进展填报"]["F3"] = "差不多"
    book["进展填报"]["H3"] = "2024-06-01"
    (content / "progress").mkdir()
    book.save(content / "progress" / "back.xlsx")
    errors, _ = build(content)
    assert any(
        "content/progress/back.xlsx 工作表“进展填报”第 3 行 F 列（进展状态）" in e for e in errors
    ), errors


def test_same_progress_gives_the_same_bytes_and_templates(write_files: Write) -> None:
    body = entry(task="1", date="2024-02-01") + entry(task="2", date="2024-02-01", status="滞后")
    content = corpus(write_files, {"a.yml": body})
    _, first = build(content)
    _, second = build(content)
    assert first == second
    out = content.parent / "templates"
    main(["--content", str(content), "template", "demo-2024", "--out", str(out / "1")])
    main(["--content", str(content), "template", "demo-2024", "--out", str(out / "2")])
    assert (out / "1" / "demo-2024.xlsx").read_bytes() == (
        out / "2" / "demo-2024.xlsx"
    ).read_bytes()


def test_progress_of_a_withheld_section_is_a_warning_and_never_published(
    write_files: Write,
) -> None:
    text = (
        "测试市测试区2024年重点任务分工\n一、公开部分\n1. 做好甲项工作。（牵头单位：区甲局）\n"
        "二、内部部分\n2. 做好乙项工作。（牵头单位：区乙局）\n"
    )
    hidden = entry(document="part-2024", task="2", note="内部进展不应出现")
    content = corpus(write_files, {"a.yml": hidden})
    (content / "documents" / "part.txt").write_text(text, encoding="utf-8")
    (content / "documents" / "part.yml").write_text(
        "id: part-2024\nsections:\n  - {title: 二、内部部分, public: false}\n", encoding="utf-8"
    )
    docs = content.parent / "docs"
    result = build_docs(content, docs)
    assert result.errors == []
    assert any("a.yml:1" in w and "不公开" in w for w in result.skipped), result.skipped
    texts = [p.read_text(encoding="utf-8-sig") for p in docs.rglob("*") if p.is_file()]
    assert not any("内部进展不应出现" in t for t in texts)


def test_a_note_over_several_lines_stays_one_table_cell(write_files: Write) -> None:
    body = entry(note="第一段\n\n第二段 <td>|")
    content = corpus(write_files, {"a.yml": body})
    errors, pages = build(content)
    assert errors == []
    row = next(
        line for line in pages["documents/demo-2024/tasks/1.md"].splitlines() if "第一段" in line
    )
    assert "第一段 第二段 &lt;td&gt;|" in row and row.endswith("</tr>")
