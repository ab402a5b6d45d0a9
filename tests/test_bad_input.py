"""Bad input: each gives a clear message with file and line, and the rest still parses."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cli import main
from generator.config import Config
from generator.errors import ConfigError, SourceError
from generator.read.parse import parse_file, parse_paths

GOOD = "1. 地区生产总值增长6%。（牵头领导：张三；责任单位：区发改局）\n"
Writer = Callable[[dict[str, str | bytes]], Path]


def test_empty_file_is_refused_with_its_name(write_files: Writer, config: Config) -> None:
    root = write_files({"empty.txt": "  \n\n"})
    with pytest.raises(SourceError, match=r"empty\.txt: 文件是空的"):
        parse_file(root / "empty.txt", config)


def test_binary_file_is_refused(write_files: Writer, config: Config) -> None:
    root = write_files({"image.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))})
    with pytest.raises(SourceError, match="二进制"):
        parse_file(root / "image.txt", config)


def test_gb18030_and_bom_and_crlf_decode_to_the_same_tasks(
    write_files: Writer, config: Config
) -> None:
    text = GOOD + "2. 固定资产投资增长8%。（牵头领导：李四；责任单位：区财政局）\n"
    root = write_files(
        {
            "utf8.txt": text,
            "gb.txt": text.replace("\n", "\r\n").encode("gb18030"),
            "bom.txt": b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"),
        }
    )
    parsed = [parse_file(root / name, config) for name in ("utf8.txt", "gb.txt", "bom.txt")]
    texts = [[(t.text, t.units) for t in d.tasks] for d in parsed]
    assert texts[0] == texts[1] == texts[2] and len(texts[0]) == 2


def test_undecodable_bytes_are_reported_with_a_line(write_files: Writer, config: Config) -> None:
    data = GOOD.encode("utf-8") + b"2. \xff\xfe\xfd\xfc broken\n"
    root = write_files({"broken.txt": data})
    document = parse_file(root / "broken.txt", config)
    assert any(w.line == 2 and "UTF-8" in w.message for w in document.warnings)
    assert document.tasks


def test_unknown_layout_is_a_warning_not_a_crash(write_files: Writer, config: Config) -> None:
    root = write_files({"notes.txt": "会议纪要\n\n今天开会讨论了天气。\n大家都同意。\n"})
    document = parse_file(root / "notes.txt", config)
    assert document.tasks == ()
    assert any("没有找到任务" in w.message for w in document.warnings)
    assert all(r.kind != "unaccounted" for r in document.lines)


def test_task_without_assignment_and_duplicate_number(write_files: Writer, config: Config) -> None:
    root = write_files(
        {
            "doc.txt": GOOD
            + "\n2. 新建公园3处。\n\n2. 新建学校2所。（牵头领导：李四；责任单位：区教体局）\n"
            "3. 改造道路。（牵头领导：王五；责任单位：区住建局）\n"
        }
    )
    document = parse_file(root / "doc.txt", config)
    messages = [(w.line, w.message) for w in document.warnings]
    assert (3, "任务 2 没有分工：找不到责任单位") in messages
    assert (5, "任务编号 2 重复（第 3 行已有）") in messages
    assert [t.number for t in document.tasks] == ["1", "2", "2", "3"]
    assert len({t.id for t in document.tasks}) == 4


def test_sidecar_overrides_and_unknown_field(write_files: Writer, config: Config) -> None:
    root = write_files(
        {
            "a.txt": GOOD,
            "a.yml": "title: 测试文件\nregion: 某某市某某区\nyear: 2025\nid: test-doc\n",
            "b.txt": GOOD,
            "b.yml": "title: 好\ncolour: red\n",
        }
    )
    document = parse_file(root / "a.txt", config)
    assert (document.title, document.region, document.year, document.id) == (
        "测试文件",
        "某某市某某区",
        2025,
        "test-doc",
    )
    with pytest.raises(ConfigError, match=r"b\.yml:2: 未知字段 'colour'"):
        parse_file(root / "b.txt", config)


def test_malformed_sidecar_yaml_names_the_line(write_files: Writer, config: Config) -> None:
    root = write_files({"c.txt": GOOD, "c.yml": "title: ok\nregion: [unclosed\n"})
    with pytest.raises(ConfigError, match=r"c\.yml:\d+: YAML 格式有误"):
        parse_file(root / "c.txt", config)


def test_one_bad_file_does_not_stop_the_others(write_files: Writer, config: Config) -> None:
    root = write_files({"good.txt": GOOD, "empty.txt": ""})
    documents, errors = parse_paths([root / "empty.txt", root / "good.txt"], config)
    assert len(documents) == 1 and len(errors) == 1 and "empty.txt" in errors[0]


def test_check_command_reports_and_keeps_going(
    write_files: Writer, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_files({"documents/good.txt": GOOD, "documents/empty.txt": ""})
    # The good document is still reported; the error still fails the run.
    assert main(["--content", str(root), "check"]) == 1
    out = capsys.readouterr().out
    assert "empty.txt: 文件是空的" in out
    assert "1 项任务" in out and "1 个错误" in out
    assert main(["--content", str(root), "check", "--strict"]) == 1


def test_parse_command_prints_json(write_files: Writer, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_files({"one.txt": GOOD, "two.txt": GOOD})
    assert main(["--content", str(root), "parse", str(root / "one.txt")]) == 0
    single = json.loads(capsys.readouterr().out)
    assert single["tasks"][0]["units"] == [
        {"name": "区发改局", "role": "lead", "collective": False}
    ]
    assert (
        main(["--content", str(root), "parse", str(root / "one.txt"), str(root / "two.txt")]) == 0
    )
    assert len(json.loads(capsys.readouterr().out)) == 2


def test_malformed_aliases_file_is_one_clean_error(
    write_files: Writer, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_files({"units.yml": "aliases:\n  - [a, b\n", "documents/x.txt": GOOD})
    assert main(["--content", str(root), "check"]) == 1
    assert "units.yml:" in capsys.readouterr().err


def test_number_marker_followed_by_a_figure(write_files: Writer, config: Config) -> None:
    root = write_files(
        {"d.txt": GOOD + "2、60 家企业实现升规纳统。\n责任领导: 李四\n责任单位: 区统计局\n"}
    )
    document = parse_file(root / "d.txt", config)
    assert [t.number for t in document.tasks] == ["1", "2"]
    assert document.tasks[1].text.startswith("60家企业")
    assert [u.name for u in document.tasks[1].units] == ["区统计局"]
