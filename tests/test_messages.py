"""Staff read every message in Chinese, engineers may ask for English; one catalog holds them."""

from __future__ import annotations

import ast
import pickle
import re
import shutil
from pathlib import Path

import pytest

import generator
from generator import ingest
from generator.cli import main
from generator.messages import CATALOG, language, placeholders, resay, say, speaking
from generator.progress.load import LoadProblem

CJK = re.compile(r"[\u3400-\u9fff]")
TIMES = re.compile(r"\d+(?:\.\d+)?")
PATH_PREFIX = re.compile(r"^\s*\S+?:(?:\d+:)? ")
LEVEL_PREFIX = re.compile(r"^(?:警告：|错误：|warning: |error: )")
LEVELS = {"warning", "error"}

# Each document of this corpus goes wrong in another way; good.txt still publishes.
GOOD = (
    "某某市某某区2024年重点工作任务分解表\n"
    "\n"
    "1. 地区生产总值增长6%。（牵头领导：张三；责任单位：区发改局）\n"
    "2. 新建改造城市道路10公里。（牵头领导：李四；责任单位：区住建局）\n"
)
DUPES = (
    "某某市某某区2024年重点工作任务分解表\n"
    "1. 推进老旧小区改造。（责任单位：区住建局）\n"
    "1. 完善养老服务体系。（责任单位：区民政局）\n"
)
PROGRESS = (
    "document: good-2024\n"
    "entries:\n"
    "  - {task: 1, date: 2024-06-30, status: 推进中, note: 已开工}\n"
    "  - {task: 99, date: 2024-06-30, status: 推进中, note: 已开工}\n"
    "  - {task: 2, date: '2024-13-45', status: 差不多, note: 已完成}\n"
)


def corpus(root: Path) -> Path:
    """Write a content folder holding one of each kind of staff-visible problem."""
    content = root / "content"
    files: dict[str, str | bytes] = {
        "documents/good.txt": GOOD,
        "documents/good.yml": "id: good-2024\n",
        "documents/dupes.txt": DUPES,
        "documents/empty.txt": "",
        "documents/broken.txt": GOOD.encode("utf-8") + b"\n3. \xff\xfe\xfd\n",
        "documents/typo.txt": GOOD,
        "documents/typo.yml": "title: 某某区任务\npubilc: false\n",
        "documents/orphan.yml": "title: 没有文件\n",
        "documents/notes.txt.bak": GOOD,
        "documents/broken.docx": b"PK\x03\x04 not a real zip",
        "documents/broken.pdf": b"%PDF-1.7\n garbage",
        "documents/menu.html": b"<html><body><nav><a href='/'>home</a></nav></body></html>",
        "units.yml": "aliases: [unclosed\n",
        "progress/2024-q2.yml": PROGRESS,
    }
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        files["documents/old.doc"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)
    for name, body in files.items():
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, bytes):
            path.write_bytes(body)
        else:
            path.write_text(body, encoding="utf-8")
    return content


def build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], *options: str
) -> tuple[int, list[str]]:
    """Build the corpus (docs folder only) and return the exit status and every output line."""
    content = tmp_path / "content"
    if not content.exists():
        corpus(tmp_path)
    work = tmp_path / "work"
    status = main(
        [
            *options,
            "--content",
            str(content),
            "build",
            "--no-publish",
            "--docs",
            str(work / "docs"),
            "--site",
            str(work / "site"),
            "--releases",
            str(work / "releases"),
        ]
    )
    captured = capsys.readouterr()
    lines = [line for line in (captured.out + captured.err).splitlines() if line.strip()]
    return status, lines


def test_the_build_speaks_chinese_naming_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, lines = build(tmp_path, capsys)
    out = "\n".join(lines)
    assert status == 1, out  # errors fail the run, as before
    for expected in (
        "content/documents/dupes.txt:3: 警告：任务编号 1 重复（第 2 行已有）",
        "content/documents/empty.txt: 文件是空的",
        "content/documents/broken.txt:6: 错误：文件既不是有效的 UTF-8 也不是 GB18030",
        "content/documents/typo.yml:2: 未知字段 'pubilc'：是否应为 'public'？该文档暂不发布",
        "content/documents/orphan.yml: 侧车文件找不到对应的文档",
        "content/documents/notes.txt.bak: 不是可读取的文档格式（如备份文件），已跳过（警告）",
        "content/documents/broken.docx: Word 文件已损坏或不是 .docx",
        "content/documents/broken.pdf: PDF 文件已损坏或不完整",
        "content/documents/menu.html: 网页没有正文",
        "units.yml:1: YAML 格式有误：第 1 行开始的方括号",  # where the [ opened
        "（发布时不使用单位别名）",
        "content/progress/2024-q2.yml:4: 文件 good-2024 中没有第 99 项任务（错误）",
        "content/progress/2024-q2.yml:5: 日期“2024-13-45”无法识别",
        "content/progress/2024-q2.yml:5: 状态“差不多”不在状态列表中",
        "发布 ",
        "个错误，",
    ):
        assert expected in out, expected
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        assert "content/documents/old.doc: 无法读取旧版 Word/WPS 文件（.doc）" in out
    for english in ("warning", "error", "documents published", "file is empty", "unknown field"):
        assert english not in out, english


def test_every_line_of_the_build_changes_with_the_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A message outside the catalog says the same in both runs: none may."""
    chinese_status, chinese = build(tmp_path, capsys)
    english_status, english = build(tmp_path, capsys, "--lang", "en")
    assert chinese_status == english_status == 1
    assert len(chinese) == len(english) > 20
    for zh, en in zip(chinese, english, strict=True):
        # What a message says, past its file:line: and its level: in Chinese, and not the
        # English words (stage timings differ from run to run).
        said, said_en = (
            TIMES.sub("#", LEVEL_PREFIX.sub("", PATH_PREFIX.sub("", line))) for line in (zh, en)
        )
        assert CJK.search(said) and said != said_en, zh
    english_text = "\n".join(english)
    for expected in (
        "content/documents/dupes.txt:3: warning: duplicate task number 1 (also at line 2)",
        "content/documents/empty.txt: file is empty",
        "content/documents/typo.yml:2: unknown field 'pubilc': did you mean 'public'?",
        "content/progress/2024-q2.yml:4: document good-2024 has no task 99 (error)",
        "documents published (",
    ):
        assert expected in english_text, expected
    assert "文件是空的" not in english_text and "警告" not in english_text


def test_the_environment_chooses_english_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, by_option = build(tmp_path, capsys, "--lang", "en")
    monkeypatch.setenv("WORKTASKS_LANG", "en")
    _, by_environment = build(tmp_path, capsys)
    assert [TIMES.sub("#", line) for line in by_environment] == [
        TIMES.sub("#", line) for line in by_option
    ]
    # --lang wins over the environment, and the run leaves no language behind.
    _, chinese = build(tmp_path, capsys, "--lang", "zh")
    assert any("文件是空的" in line for line in chinese)
    monkeypatch.delenv("WORKTASKS_LANG")
    assert language() == "zh"


def test_the_parse_report_and_help_are_chinese_by_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = corpus(tmp_path)
    assert main(["--content", str(content), "check"]) == 1
    report = capsys.readouterr().out
    assert "2 项任务，2 个单位，2 位领导" in report
    assert "各行：任务 2，文件信息 1" in report
    assert "共 " in report and "行未归类" in report
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    help_text = capsys.readouterr().out
    assert help_text.startswith("用法：") and "有任何警告即失败" in help_text
    with pytest.raises(SystemExit):
        main(["--lang", "en", "build", "--help"])
    help_text = capsys.readouterr().out
    assert help_text.startswith("usage: ") and "fail on any warning" in help_text


@pytest.mark.parametrize(
    ("argv", "chinese", "english"),
    [
        ([], "缺少参数：command", "the following arguments are required: command"),
        (["check", "--bogus"], "无法识别的参数：--bogus", "unrecognized arguments: --bogus"),
        (["build", "--docs"], "参数 --docs 需要一个值", "argument --docs: expected one argument"),
        (["frob"], "参数 command 的值 'frob' 无效", "argument command: invalid choice: 'frob'"),
    ],
)
def test_a_mistyped_command_is_explained_in_either_language(
    argv: list[str], chinese: str, english: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for options, expected in (([], f"错误：{chinese}"), (["--lang", "en"], f"error: {english}")):
        with pytest.raises(SystemExit) as exited:
            main([*options, *argv])
        assert exited.value.code == 2  # argparse's status for a usage error, as before
        assert expected in capsys.readouterr().err


def test_every_catalog_entry_has_both_languages_with_the_same_placeholders() -> None:
    for key, (zh, en) in CATALOG.items():
        assert zh.strip() and en.strip(), key
        assert placeholders(zh) == placeholders(en), key
        words = re.sub(r"\{\w*\}", "", zh)
        if re.search(r"[A-Za-z]{3,}", words) or CJK.search(words):
            # A text with words says them in Chinese, and differently from the English.
            assert CJK.search(words) and zh != en, key


def test_a_cached_extraction_speaks_the_language_of_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["序号", "任务", "责任单位"])
    book.active.append(["1", "推进老旧小区改造", "区住建局"])
    book.create_sheet("草稿").sheet_state = "hidden"
    path = tmp_path / "tasks.xlsx"
    book.save(path)
    cache = tmp_path / "extracted"
    first = ingest.extract(path, cache=cache)
    assert [p.message for p in first.problems] == ["工作表“草稿”已隐藏，未读取"]

    def never(suffix: str) -> ingest.Extractor:
        raise AssertionError("read from the cache, not extracted again")

    monkeypatch.setattr(ingest, "extractor_for", never)
    with speaking("en"):
        again = ingest.extract(path, cache=cache)
    assert [p.message for p in again.problems] == ["sheet '草稿' is hidden and was not read"]
    assert str(LoadProblem("a.csv:2", say("progress.no_date"))).endswith("（错误）")


def test_a_message_crosses_to_another_process_whole() -> None:
    said = say("read.duplicate_number", number="2", line=3)
    copied = pickle.loads(pickle.dumps(said))
    assert copied == said == "任务编号 2 重复（第 3 行已有）"
    with speaking("en"):
        assert (
            resay(copied, copied.key, copied.values) == "duplicate task number 2 (also at line 3)"
        )


# Where staff messages are made: problems, printed and collected lines, and every exception
# class the package defines (found below).
MESSAGE_CALLS = {"Problem", "LoadProblem", "print", "problem"}
MESSAGE_LISTS = {"errors", "warnings", "problems", "staff_errors"}


def _literal_text(node: ast.expr) -> str:
    """The words written in the source of a string or f-string (not its {values})."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(str(part.value) for part in node.values if isinstance(part, ast.Constant))
    if isinstance(node, ast.BinOp):
        return _literal_text(node.left) + _literal_text(node.right)
    return ""


def test_no_message_text_is_written_outside_the_catalog() -> None:
    package = Path(generator.__file__).parent
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in package.rglob("*.py")}
    calls = MESSAGE_CALLS | {
        node.name
        for tree in trees.values()
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
        and any(getattr(base, "id", "").endswith(("Error", "Exception")) for base in node.bases)
    }
    assert {"SourceError", "ConfigError", "PublishError", "BuildLocked"} <= calls
    found = []
    for path, tree in sorted(trees.items()):
        if path.name == "messages.py":
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            function = node.func
            name = getattr(function, "id", None) or getattr(function, "attr", "")
            owner = getattr(getattr(function, "value", None), "id", None) or getattr(
                getattr(function, "value", None), "attr", None
            )
            collected = name in ("append", "extend") and owner in MESSAGE_LISTS
            if name not in calls and not collected:
                continue
            for argument in node.args:
                text = _literal_text(argument)
                if text not in LEVELS and re.search(r"[A-Za-z]{3,}|[\u3400-\u9fff]", text):
                    found.append(f"{path.relative_to(package)}:{node.lineno}: {text[:60]!r}")
    assert not found, "\n".join(found)
