"""The parse cache: a rebuild reuses each unchanged document's parse, problems included."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import generator.read.parse as parse
from generator import cli
from generator.build import BuildResult, build_docs
from generator.config import load_config_safely
from generator.messages import speaking
from generator.model import Document
from generator.read.cache import FOLDER
from generator.read.parse import parse_paths, scan_documents


def plan(place: str, year: int, tasks: int, repeat: int | None = None) -> str:
    """A numbered 分工方案 of one government; repeat gives the last task an earlier number."""
    lines = [f"{place}人民政府办公室关于印发{year}年重点工作任务分工方案的通知", "", "一、推动发展"]
    for n in range(1, tasks + 1):
        number = repeat if repeat is not None and n == tasks else n
        lines.append(
            f"{number}. 推进第{n}项重点工程建设。"
            f"牵头单位：{place}发改局；责任单位：{place}财政局、{place}住建局。"
        )
    return "\n".join(lines) + "\n"


UNITS = "aliases:\n  - [发展和改革局, 发改局]\n"
# A sidecar hiding a section the document does not have: an error, the document held back.
MISSING_SECTION = "sections:\n  - {title: 九、并不存在的章节, public: false}\n"


@pytest.fixture
def content(write_files: Callable[[dict[str, str | bytes]], Path]) -> Path:
    """Three documents: a clean one, one with a warning, one with a warning and an error."""
    root = write_files(
        {
            "content/units.yml": UNITS,
            "content/documents/a.txt": plan("云岭市青川区", 2025, 4),
            "content/documents/b.txt": plan("云岭市白石县", 2025, 3, repeat=1),
            "content/documents/c.txt": plan("云岭市松溪县", 2024, 3, repeat=2),
            "content/documents/c.yml": MISSING_SECTION,
        }
    )
    return root / "content"


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the stem of every document actually parsed (not taken from the cache)."""
    seen: list[str] = []
    original = parse.parse_source

    def counting(*args: Any, **kwargs: Any) -> Document:
        seen.append(args[3])
        return original(*args, **kwargs)

    monkeypatch.setattr(parse, "parse_source", counting)
    return seen


def build(content: Path) -> BuildResult:
    """Build content into a docs folder beside it (the cache is the build's extracted/)."""
    return build_docs(content, content.parent / "build" / "docs")


def problems(result: BuildResult) -> list[tuple[str, int, str, str]]:
    """Every document problem as staff read it: file, line, text, level."""
    return [
        (d.source, p.line, str(p.message), p.level) for d in result.documents for p in d.warnings
    ]


def fresh(content: Path) -> list[Document]:
    """Parse content without any cache."""
    config, _ = load_config_safely(content)
    return parse_paths(scan_documents(content).documents, config)[0]


def test_an_unchanged_rebuild_reads_no_document_yet_gives_the_same_documents(
    content: Path, parsed: list[str]
) -> None:
    first = build(content)
    assert sorted(parsed) == ["a", "b", "c"]
    assert any(p[3] == "error" for p in problems(first))
    assert any(p[3] == "warning" for p in problems(first))
    parsed.clear()
    second = build(content)
    assert parsed == []
    assert second.documents == first.documents == fresh(content)
    assert problems(second) == problems(first)
    assert second.errors == first.errors
    # A kept message still knows its catalog key (later stages tell problems apart by it).
    keys = [getattr(p.message, "key", None) for d in second.documents for p in d.warnings]
    assert keys == [getattr(p.message, "key", None) for d in first.documents for p in d.warnings]
    assert "read.duplicate_number" in keys
    # The kept parses stay in the build folder, beside the extraction cache, never in docs/.
    kept = content.parent / "build" / "extracted" / FOLDER
    assert len(list(kept.iterdir())) == 3
    docs = content.parent / "build" / "docs"
    assert not [p for p in docs.rglob("*") if p.suffix == ".pickle" or FOLDER in p.parts]


def test_changing_one_document_or_its_sidecar_reads_only_that_one(
    content: Path, parsed: list[str]
) -> None:
    build(content)
    parsed.clear()
    path = content / "documents" / "a.txt"
    path.write_text(plan("云岭市青川区", 2025, 5), encoding="utf-8")
    result = build(content)
    assert parsed == ["a"]
    assert len(next(d for d in result.documents if d.source.endswith("a.txt")).tasks) == 5
    parsed.clear()
    (content / "documents" / "a.yml").write_text("title: 青川区重点任务\n", encoding="utf-8")
    result = build(content)
    assert parsed == ["a"]
    assert result.documents == fresh(content)
    assert "青川区重点任务" in [d.title for d in result.documents]


def test_changing_the_staff_configuration_reads_every_document_again(
    content: Path, parsed: list[str]
) -> None:
    build(content)
    parsed.clear()
    (content / "units.yml").write_text(UNITS + "  - [财政局, 财政部门]\n", encoding="utf-8")
    result = build(content)
    assert sorted(parsed) == ["a", "b", "c"]
    assert result.documents == fresh(content)


def test_a_damaged_cache_entry_is_read_again_and_rewritten(
    content: Path, parsed: list[str]
) -> None:
    first = build(content)
    kept = sorted((content.parent / "build" / "extracted" / FOLDER).iterdir())
    header = kept[0].read_bytes().partition(b"\n")[0]
    kept[0].write_bytes(header + b"\nnot a pickle at all")
    kept[1].write_bytes(kept[1].read_bytes()[:-40])
    kept[2].write_bytes(b"")
    parsed.clear()
    second = build(content)
    assert sorted(parsed) == ["a", "b", "c"]
    assert second.documents == first.documents
    assert problems(second) == problems(first)
    parsed.clear()
    build(content)
    assert parsed == []


def test_a_cached_document_reports_its_warnings_and_errors_on_every_build(
    content: Path, parsed: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    work = content.parent
    argv = ["--content", str(content), "build", "--docs", str(work / "build" / "docs")]
    argv += ["--site", str(work / "site"), "--releases", str(work / "releases"), "--no-publish"]
    codes, outputs = [], []
    for _ in range(2):
        parsed.clear()
        codes.append(cli.main(argv))
        outputs.append(capsys.readouterr().out)
    assert parsed == []
    assert codes == [1, 1]
    # Every line alike but the count of files written (none the second time).
    first, second = (output.splitlines() for output in outputs)
    assert first[:-1] == second[:-1]
    assert second[-1].startswith(first[-1].split("；在")[0])
    assert "content/documents/c.txt: 错误：content/documents/c.yml:2: 章节「九、" in outputs[1]
    assert "content/documents/b.txt:6: 警告：任务编号 1 重复" in outputs[1]
    assert "content/documents/c.txt:6: 警告：任务编号 2 重复" in outputs[1]


def test_a_change_of_language_reads_again_in_that_language(
    content: Path, parsed: list[str]
) -> None:
    build(content)
    parsed.clear()
    with speaking("en"):
        result = build(content)
    assert sorted(parsed) == ["a", "b", "c"]
    assert any("duplicate task number 1" in p[2] for p in problems(result))


def test_ids_stay_as_a_fresh_parse_gives_them_when_documents_come_and_go(
    content: Path, parsed: list[str]
) -> None:
    # z.txt wants the id of a.txt (same government and year); a.txt, read first, keeps it.
    documents = content / "documents"
    (documents / "z.txt").write_text(plan("云岭市青川区", 2025, 2), encoding="utf-8")
    build(content)
    parsed.clear()
    second = build(content)
    assert parsed == []
    assert second.documents == fresh(content)
    ids = {Path(d.source).name: d.id for d in second.documents}
    assert ids["z.txt"] == f"{ids['a.txt']}-2"
    # With a.txt gone, z.txt gets the id it wanted, and the warning about it goes too.
    (documents / "a.txt").unlink()
    parsed.clear()
    third = build(content)
    assert parsed == ["z"]
    assert third.documents == fresh(content)
    assert ids["a.txt"] in {d.id for d in third.documents}
    # a.txt back: its kept parse had the id z.txt now holds in the fresh order (a first).
    (documents / "a.txt").write_text(plan("云岭市青川区", 2025, 4), encoding="utf-8")
    parsed.clear()
    fourth = build(content)
    assert sorted(parsed) == ["a", "z"]
    assert fourth.documents == fresh(content)


def test_a_removed_document_leaves_no_kept_parse_behind(content: Path) -> None:
    build(content)
    (content / "documents" / "c.txt").unlink()
    (content / "documents" / "c.yml").unlink()
    build(content)
    kept = content.parent / "build" / "extracted" / FOLDER
    assert len(list(kept.iterdir())) == 2


def test_the_kept_parses_follow_the_code_that_parses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    import generator
    from generator.read import cache

    code = tmp_path / "generator"
    shutil.copytree(Path(generator.__file__).parent, code)
    monkeypatch.setattr(generator, "__file__", str(code / "__init__.py"))

    def digest() -> str:
        cache.code_digest.cache_clear()
        return cache.code_digest()

    before = digest()
    for changed in ("read/normalize.py", "ingest/text.py", "model.py", "read/readers/prose.py"):
        with (code / changed).open("a", encoding="utf-8") as file:
            file.write("# changed\n")
        after = digest()
        assert after != before, changed
        before = after
    # The site's templates and the publisher are not what parsing runs.
    for unrelated in code.glob("site/templates/*"):
        with unrelated.open("a", encoding="utf-8") as file:
            file.write("\n")
    assert digest() == before
    cache.code_digest.cache_clear()
