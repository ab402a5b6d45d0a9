"""The self-check: what looks misread is listed as a warning naming the line, never silent."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from generator.config import Config
from generator.read.parse import parse_file

Write = Callable[[dict[str, str | bytes]], Path]


def _messages(path: Path, config: Config) -> list[tuple[int, str]]:
    return [(w.line, w.message) for w in parse_file(path, config).warnings]


def test_region_from_web_page_chrome_is_cut_to_the_place(
    write_files: Write, config: Config
) -> None:
    body = (
        "松岭区人民政府政府信息公开松岭区\n\n"
        "关于印发重点工作分工的通知\n\n"
        "1. 建设污水管网20公里。（牵头领导：周一平；责任单位：区水务局）\n"
    )
    root = write_files({"a.txt": body})
    assert parse_file(root / "a.txt", config).region == "松岭区"


def test_an_office_without_a_place_gives_no_region_and_a_warning(
    write_files: Write, config: Config
) -> None:
    body = (
        "区人民政府办公室关于印发重点工作分工的通知\n\n"
        "1. 建设污水管网20公里。（牵头领导：周一平；责任单位：区水务局）\n"
    )
    root = write_files({"a.txt": body})
    document = parse_file(root / "a.txt", config)
    assert document.region == ""
    assert any("地区" in message for _, message in _messages(root / "a.txt", config))


def test_sidecar_region_silences_the_region_warning(write_files: Write, config: Config) -> None:
    body = "区人民政府办公室关于印发重点工作分工的通知\n\n1. 建设管网。（责任单位：区水务局）\n"
    root = write_files({"a.txt": body, "a.yml": "region: 松岭区\n"})
    document = parse_file(root / "a.txt", config)
    assert document.region == "松岭区"
    assert not any("地区" in w.message for w in document.warnings)


def test_odd_units_and_leaders_are_named_with_their_line(
    write_files: Write, config: Config
) -> None:
    body = (
        "松岭区2025年重点工作分工方案\n\n"
        "1. 建设污水管网。（牵头领导：区水务局；责任单位：区城管局（环卫）所）\n"
        "2. 新建公园3个。（牵头领导：周一平；责任单位：区园林中心2队）\n"
        "3. 改造老旧小区。（牵头领导：吴四海）\n"
    )
    root = write_files({"a.txt": body})
    messages = _messages(root / "a.txt", config)
    assert any(line == 3 and "区水务局" in m and "像是单位" in m for line, m in messages)
    assert any(line == 4 and "区园林中心2队" in m and "数字" in m for line, m in messages)
    # A task without units is named once (by the reader's own warning or the self-check).
    assert len([m for line, m in messages if line == 5 and ("单位" in m or "unit" in m)]) == 1


def test_a_run_together_table_is_flagged_not_published_silently(
    write_files: Write, config: Config
) -> None:
    rows = "".join(
        f"{n}推进第{n}批道路改造工程年内完工区住建局张明远2025年底\n" for n in range(1, 9)
    )
    body = "松岭区2025年重点任务清单\n序号任务内容责任单位责任人完成时限\n" + rows
    root = write_files({"a.txt": body})
    messages = _messages(root / "a.txt", config)
    assert any(line == 2 and "表头" in m for line, m in messages)


def test_the_seeds_pass_the_self_check_unchanged() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "generator", "--content", "content", "check", "--strict"],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert done.returncode == 0, done.stdout[-2000:]
    assert "374 项任务；0 个错误，0 个警告" in done.stdout


def test_strict_check_fails_on_a_self_check_warning(write_files: Write) -> None:
    root = write_files(
        {
            "content/documents/a.txt": (
                "区人民政府办公室关于印发重点工作分工的通知\n\n"
                "1. 建设污水管网。（牵头领导：周一平；责任单位：区水务局）\n"
            )
        }
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "--content",
            str(root / "content"),
            "check",
            "--strict",
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert done.returncode == 1
    assert "a.txt:1: 警告：未识别出地区" in done.stdout


TABLE = (
    "松岭区2025年重点工作推进表\n\n"
    "| 序号 | 重点工作 | 包干人 | 主抓单位 | 协同单位 | 办结时间 |\n"
    "| --- | --- | --- | --- | --- | --- |\n"
    "| 1 | 建成污水处理厂二期 | 周一平 | 区水务局 | 区财政局 | 2025年10月 |\n"
    "| 2 | 改造老旧小区15个 | 吴四海 | 区住建局 | 各街道 | 2025年12月 |\n"
)


def test_sidecar_columns_say_what_a_column_holds(write_files: Write, config: Config) -> None:
    root = write_files(
        {
            "plain/a.md": TABLE,
            "told/a.md": TABLE,
            "told/a.yml": "columns:\n  包干人: leader\n  协同单位: support\n",
        }
    )
    plain = parse_file(root / "plain" / "a.md", config)
    assert [leader.name for leader in plain.tasks[0].leaders] == []
    told = parse_file(root / "told" / "a.md", config)
    assert [leader.name for leader in told.tasks[0].leaders] == ["周一平"]
    assert [(u.name, u.role) for u in told.tasks[1].units] == [
        ("区住建局", "lead"),
        ("各街道", "support"),
    ]


def test_sidecar_labels_say_what_a_label_means(write_files: Write, config: Config) -> None:
    body = (
        "松岭区2025年重点工作分工\n\n"
        "1. 建成污水处理厂二期。\n包保领导：周一平\n包干单位：区水务局\n协同单位：区财政局\n\n"
        "2. 改造老旧小区15个。\n包保领导：吴四海\n包干单位：区住建局\n"
    )
    root = write_files(
        {
            "a.txt": body,
            "a.yml": "labels:\n  包干单位: lead\n  协同单位: support\n",
        }
    )
    document = parse_file(root / "a.txt", config)
    assert [(u.name, u.role) for u in document.tasks[0].units] == [
        ("区水务局", "lead"),
        ("区财政局", "support"),
    ]
    assert [leader.name for leader in document.tasks[1].leaders] == ["吴四海"]
    assert not document.warnings


def test_a_sidecar_meaning_that_is_not_known_is_an_error(
    write_files: Write, config: Config
) -> None:
    from generator.errors import ConfigError

    # 领导 is a meaning staff may write (leader); 颜色 is none.
    root = write_files({"a.md": TABLE, "a.yml": "columns:\n  包干人: 颜色\n"})
    try:
        parse_file(root / "a.md", config)
    except ConfigError as error:
        assert "包干人" in str(error) and "leader" in str(error)
    else:
        raise AssertionError("an unknown column meaning must be refused")


def test_a_title_that_is_a_label_line_is_reported() -> None:
    from generator.model import Document, Task, UnitRef
    from generator.read.check import self_check

    task = Task(
        id="d-1",
        number="1",
        title="责任单位：县发改局",
        text="",
        section=(),
        leaders=(),
        units=(UnitRef("县发改局", "lead"),),
        indicators=(),
        deadline="",
        line=7,
        end_line=7,
    )
    document = Document(
        id="d", source="d.txt", title="", issuer="", doc_number="", date="",
        region="丰水县", year=2025, kind="", layout="paragraphs", tasks=(task,),
    )  # fmt: skip
    assert [(p.line, p.message) for p in self_check(document)] == [
        (7, "任务 1 的标题是标签行：责任单位：县发改局")
    ]


def test_numbered_rows_run_together_under_a_header_are_flagged(
    write_files: Write, config: Config
) -> None:
    rows = "".join(
        f"{n}.推进第{n}批道路改造工程年内完工区住建局张明远2025年底\n" for n in (1, 2, 3)
    )
    root = write_files(
        {"a.txt": "松岭区2025年重点任务清单\n序号任务内容责任单位责任人完成时限\n" + rows}
    )
    messages = _messages(root / "a.txt", config)
    assert any(line == 2 and "表头" in m for line, m in messages)


def test_a_table_whose_columns_yield_no_unit_or_leader_is_flagged(
    write_files: Write, config: Config
) -> None:
    table = TABLE.replace("主抓单位", "主抓").replace("协同单位", "协同")
    root = write_files({"a.md": table, "b.md": table, "b.yml": "columns: {主抓: lead}\n"})
    assert any("表头" in m for _, m in _messages(root / "a.md", config))
    told = parse_file(root / "b.md", config)
    assert [u.name for u in told.tasks[0].units] == ["区水务局"]
    assert not any("表头" in w.message for w in told.warnings)
