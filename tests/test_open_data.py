"""Open data as its users meet it: Chinese CSV for Excel, no build internals, a 数据下载 page."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.build import build_docs
from generator.cli import main
from generator.config import load_settings
from generator.errors import ConfigError
from generator.publish.data import INDICATOR_COLUMNS, indicators_csv, number_cell
from generator.site.catalogue import size_text

SCHEMA = json.loads(Path("generator/schema/document.schema.json").read_text(encoding="utf-8"))
INTERNALS = ("source", "layout", "warnings")


def plan(region: str, year: int, tasks: list[tuple[str, str, str, str, str]]) -> str:
    """A 分工方案 in a table-like labelled layout: each task, then its people, units, deadline."""
    lines = [f"{region}{year}年重点工作任务分工方案", "", "一、重点工作", ""]
    for number, (text, leader, lead, support, deadline) in enumerate(tasks, start=1):
        lines.append(f"{number}. {text}")
        labels = []
        if leader:
            labels.append(f"牵头领导：{leader}")
        if lead:
            labels.append(f"牵头单位：{lead}")
        if support:
            labels.append(f"配合单位：{support}")
        if deadline:
            labels.append(f"完成时限：{deadline}")
        if labels:
            lines.append("（" + "；".join(labels) + "）")
    return "\n".join(lines) + "\n"


def corpus(root: Path, site_yml: str = "") -> Path:
    """Two documents of two invented counties, one task of which names no unit."""
    documents = root / "content" / "documents"
    documents.mkdir(parents=True)
    (documents / "hexi.txt").write_text(
        plan(
            "禾溪县",
            2025,
            [
                (
                    "新建农村公路120公里，地区生产总值增长6%左右。",
                    "王五",
                    "县交通局",
                    "县财政局、各乡镇",
                    "2025年底",
                ),
                ('=HYPERLINK("x")推进老旧小区改造。', "赵六", "县住建局", "", "2025年10月"),
            ],
        ),
        encoding="utf-8",
    )
    (documents / "hexi.yml").write_text("date: 2025-03-02\n", encoding="utf-8")
    (documents / "shanyang.txt").write_text(
        plan("山阳县", 2024, [("完善养老服务体系。", "", "", "", "")]), encoding="utf-8"
    )
    (documents / "shanyang.yml").write_text("date: 2024-02-20\n", encoding="utf-8")
    if site_yml:
        (root / "content" / "site.yml").write_text(site_yml, encoding="utf-8")
    return root / "content"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The two documents built into a docs folder (build/docs); return the build folder."""
    root = tmp_path_factory.mktemp("open-data")
    build_docs(corpus(root), root / "build" / "docs")
    return root / "build"


def public_files(build: Path) -> dict[str, bytes]:
    """Every open-data file written, by its path under the docs folder."""
    docs = build / "docs"
    paths = [*sorted((docs / "data").rglob("*")), docs / "feed.xml"]
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in paths if p.is_file()}


def test_public_json_has_no_build_internals(built: Path) -> None:
    """tasks.json and each document's JSON leave out file paths, layouts and parser warnings."""
    documents = json.loads((built / "docs/data/tasks.json").read_text(encoding="utf-8"))
    assert {d["title"] for d in documents} >= {"禾溪县2025年重点工作任务分工方案"}
    for document in documents:
        jsonschema.validate(document, SCHEMA)
        assert not set(INTERNALS) & set(document), document.keys()
        single = json.loads((built / f"docs/data/documents/{document['id']}.json").read_bytes())
        assert single == document
    for name, body in public_files(built).items():
        if name.endswith(".md"):
            continue
        # The staff's folder and file names appear nowhere in what is published.
        assert b"content/documents" not in body and b"hexi.txt" not in body, name
    with_source = {**documents[0], "source": "content/documents/hexi.txt"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(with_source, SCHEMA)


def test_staff_manifest_outside_the_site_keeps_the_internals(built: Path) -> None:
    """build/report/manifest.json says, per document, its file, layout, warnings and fate."""
    manifest = json.loads((built / "report/manifest.json").read_text(encoding="utf-8"))
    by_source = {Path(d["source"]).name: d for d in manifest["documents"]}
    assert set(by_source) == {"hexi.txt", "shanyang.txt"}
    hexi, shanyang = by_source["hexi.txt"], by_source["shanyang.txt"]
    assert hexi["layout"] and hexi["published"] and hexi["tasks"] == 2
    # The task that names no unit is a warning for staff, with its line.
    assert any(w["line"] > 0 for w in shanyang["warnings"]), shanyang
    assert not (built / "docs" / "report").exists()


def test_tasks_csv_opens_in_excel_with_chinese_headers(built: Path) -> None:
    """tasks.csv: UTF-8 with a BOM, a Chinese header row, one row per task."""
    raw = (built / "docs/data/tasks.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    header = rows[0]
    for name in (
        "序号",
        "任务内容",
        "牵头领导",
        "牵头单位",
        "配合单位",
        "完成时限",
        "年份",
        "地区",
    ):
        assert name in header, header
    assert all(not cell.isascii() for cell in header), header
    records = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    road = next(r for r in records if "农村公路" in r["任务内容"])
    assert road["牵头领导"] == "王五" and road["牵头单位"] == "县交通局"
    assert road["配合单位"] == "县财政局、各乡镇" and road["完成时限"] == "2025年底"
    assert road["年份"] == "2025" and road["地区"] == "禾溪县" and road["序号"] == "1"
    # A formula is still defused under the Chinese header.
    assert any(r["任务内容"].startswith("'=HYPERLINK") for r in records)
    indicators = (built / "docs/data/indicators.csv").read_bytes()
    assert indicators.startswith(b"\xef\xbb\xbf")
    head = indicators.decode("utf-8-sig").split("\r\n", 1)[0].split(",")
    assert head[:3] == ["指标", "类型", "年份"] and all(not c.isascii() for c in head)


def test_tasks_csv_writes_one_source_line_as_one_number(tmp_path: Path) -> None:
    """原文行号 reads 5 for a task on one line and 6-7 for a task over two, never 5-5."""
    documents = tmp_path / "content" / "documents"
    documents.mkdir(parents=True)
    lines = [
        "石桥县2025年重点工作任务分工方案",
        "",
        "一、重点工作",
        "",
        "1. 改造农村供水管网30公里。（牵头领导：孙七；牵头单位：县水利局）",
        "2. 建设县域物流配送中心。",
        "（牵头领导：周八；牵头单位：县商务局）",
    ]
    (documents / "shiqiao.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    build_docs(tmp_path / "content", tmp_path / "build" / "docs")
    text = (tmp_path / "build/docs/data/tasks.csv").read_bytes().decode("utf-8-sig")
    spans = [row["原文行号"] for row in csv.DictReader(io.StringIO(text))]
    assert spans == ["5", "6-7"]


def indicator_record(**fields: object) -> dict[str, object]:
    """One indicator record as data_files writes it to indicators.json."""
    record: dict[str, object] = dict.fromkeys(INDICATOR_COLUMNS, "")
    record.update(kind="target", measure="level", value=None, high=None, source_line=None)
    record.update(fields)
    return record


def test_indicators_csv_writes_chinese_words_and_numbers_as_written() -> None:
    """类型 目标/实绩 and 口径 增长/数值/比率 as on the indicator pages; 2500, not 2500.0."""
    records = [
        indicator_record(indicator="城镇新增就业", value=2500.0, unit="人", source_line=12),
        indicator_record(indicator="地区生产总值", kind="result", measure="growth", value=7.0),
        indicator_record(indicator="居民收入", measure="rate", value=4.5, high=5.0, unit="%"),
        indicator_record(indicator="粮食产量", value=1e16, aim="力争更高"),
    ]
    text = indicators_csv(records).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["类型"], r["口径"], r["数值"], r["上限"]) for r in rows] == [
        ("目标", "数值", "2500", ""),
        ("实绩", "增长", "7", ""),
        ("目标", "比率", "4.5", "5"),
        ("目标", "数值", "10000000000000000", ""),
    ]
    assert rows[0]["原文行号"] == "12" and rows[3]["力争目标"] == "力争更高"
    assert "方向" not in rows[0]
    # The JSON keeps the machine codes for programs.
    assert records[1]["kind"] == "result" and records[1]["measure"] == "growth"


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_a_number_cell_reads_back_as_the_same_number(value: float) -> None:
    """Whatever the float, its cell has no exponent, no trailing .0 and parses back to it."""
    cell = number_cell(value)
    assert float(cell) == value
    assert "e" not in cell.lower() and not cell.endswith(".0")


def test_data_page_has_field_dictionary_sizes_date_and_licence(built: Path) -> None:
    """The 数据下载 page: each file with its real size, each field explained, date, licence."""
    page = (built / "docs/data/index.md").read_text(encoding="utf-8")
    files = public_files(built)
    for name in ("data/tasks.csv", "data/tasks.json", "data/indicators.csv", "feed.xml"):
        assert size_text(len(files[name])) in page, name
    for document in json.loads(files["data/tasks.json"]):
        size = size_text(len(files[f"data/documents/{document['id']}.json"]))
        assert f"{document['id']}.json" in page.replace("\\", "") and size in page
    for heading in ("字段名", "含义", "示例", "更新日期", "使用许可"):
        assert heading in page
    header = files["data/tasks.csv"].decode("utf-8-sig").split("\r\n", 1)[0].split(",")
    fields = page.split("## 字段说明", 1)[1]
    for name in header:
        assert f"| {name} |" in fields, name
    # The example is taken from the data itself.
    assert "| 牵头单位 | " in fields and "县交通局" in fields.split("| 牵头单位 |", 1)[1][:80]
    for key in ("tasks[].units", "doc_number", "indicator"):
        assert key in fields.replace("\\", "")
    # The date is the newest document's, never the day the site was built.
    assert "更新日期：2025\\-03\\-02" in page or "更新日期：2025-03-02" in page
    assert "可自由复制、使用" in page and "请注明来源" in page


def test_data_page_is_the_same_bytes_on_every_build(built: Path, tmp_path: Path) -> None:
    """Sizes and date come from the data: a second build writes the very same page."""
    build_docs(corpus(tmp_path), tmp_path / "build" / "docs")
    again = (tmp_path / "build/docs/data/index.md").read_bytes()
    assert again == (built / "docs/data/index.md").read_bytes()
    manifest = (tmp_path / "build/report/manifest.json").read_bytes()
    assert manifest == (built / "report/manifest.json").read_bytes()


def test_licence_text_is_set_in_site_yml(tmp_path: Path) -> None:
    """data_licence in content/site.yml replaces the default statement; a list is refused."""
    content = corpus(
        tmp_path, "data_licence: 本数据按知识共享署名 4.0 协议发布，转载请注明出处。\n"
    )
    build_docs(content, tmp_path / "build" / "docs")
    page = (tmp_path / "build/docs/data/index.md").read_text(encoding="utf-8")
    assert "知识共享署名 4\\.0 协议发布" in page and "可自由复制" not in page
    (content / "site.yml").write_text("data_licence:\n  - 一\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="data_licence"):
        load_settings(content)


def test_documents_gone_from_the_live_site_are_named_by_their_file_from_the_manifest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A live document this build drops is named by the file the staff manifest recorded."""
    content = corpus(tmp_path)
    work = tmp_path / "work"
    live = work / "site"
    (live / "data").mkdir(parents=True)
    # Live open data no longer says where files lie; the last build's manifest does.
    (live / "data" / "tasks.json").write_text(
        '[{"id": "beiling-2023", "title": "北岭县2023年重点工作任务分工方案"}]', "utf-8"
    )
    (work / "report").mkdir(parents=True)
    (work / "report" / "manifest.json").write_text(
        json.dumps({"documents": [{"id": "beiling-2023", "source": "content/documents/bl.txt"}]}),
        "utf-8",
    )
    args = ["build", "--docs", str(work / "docs"), "--site", str(live), "--no-publish"]
    args += ["--releases", str(work / "releases")]
    main(["--content", str(content), *args])
    out = capsys.readouterr().out
    assert "content/documents/bl.txt: 上次已发布（beiling-2023），本次不再发布" in out
    # The manifest is then rewritten for this build's documents.
    manifest = json.loads((work / "report" / "manifest.json").read_text("utf-8"))
    assert {Path(d["source"]).name for d in manifest["documents"]} == {"hexi.txt", "shanyang.txt"}
