"""One build of a corpus as governments publish it: PDF, Word, spreadsheet, web page and text."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.config import Config
from generator.model import Document
from generator.read.parse import parse_file
from tests.conftest import ROOT, SEEDS, build_command
from tests.pdf_fixtures import Grid, Paragraph, draw, running
from tests.test_ingest_docx import numbered_document
from tests.test_ingest_html import article_html, government_page, seed_lines
from tests.test_ingest_sheet import task_workbook

NUMBERED = "000_be318bc82a9aa2fa.txt"  # 81 numbered paragraphs
REPORT = "001_f9b1766ae33f6aa2.txt"  # a narrative work report
RULED = "002_2c6571777533fcf4.txt"  # a four-column task table
WEB = "004_18c7331bcd84886b.txt"  # 206 tasks in a tab-separated table


@dataclass
class Corpus:
    """A content folder in every format, built once with the CLI."""

    content: Path
    site: Path
    output: str
    returncode: int


def pdf_of_table(original: Document) -> bytes:
    """The table seed drawn as a ruled PDF table over several pages, header on each page."""
    header = ["序号", "责任单位", "目 标 任 务", "责任人"]
    rows = [
        [t.number, "、".join(u.name for u in t.units), t.text, "、".join(x.name for x in t.leaders)]
        for t in original.tasks
    ]
    blocks = [
        Paragraph("2023年重点工作任务分解表", 16, centred=True),
        Grid([36, 80, 255, 80], header, rows),
    ]
    return draw(blocks, running("区人民政府办公室", lambda n, total: f"- {n} -"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, config: Config) -> Corpus:
    workdir = tmp_path_factory.mktemp("mixed")
    content = workdir / "content"
    documents = content / "documents"
    documents.mkdir(parents=True)
    for name in ("units.yml", "indicators.yml", "site.yml"):
        shutil.copy(ROOT / "content" / name, content / name)
    shutil.copy(SEEDS / REPORT, documents / "report.txt")
    numbered_document(documents / "numbered.docx")
    (documents / "table.pdf").write_bytes(pdf_of_table(parse_file(SEEDS / RULED, config)))
    web = parse_file(SEEDS / WEB, config)
    meta = {"发文机关": web.issuer, "成文日期": "2020年07月06日", "文　　号": web.doc_number}
    article = article_html(seed_lines(WEB), {web.doc_number})
    (documents / "notice.html").write_text(government_page(article, meta, web.title), "utf-8")
    task_workbook(documents / "sheet.xlsx")
    command = build_command(content, workdir)
    result = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
    return Corpus(content, workdir / "site", result.stdout + result.stderr, result.returncode)


def published(corpus: Corpus) -> dict[str, dict[str, object]]:
    data = json.loads((corpus.site / "data" / "tasks.json").read_text("utf-8"))
    # Which file each document came from is in the staff manifest, not in the open data.
    manifest = json.loads((corpus.site.parent / "report" / "manifest.json").read_text("utf-8"))
    source_of = {str(d["id"]): str(d["source"]) for d in manifest["documents"]}
    return {Path(source_of[str(d["id"])]).name: d for d in data}


def test_every_format_publishes_in_one_run(corpus: Corpus) -> None:
    assert corpus.returncode == 0, corpus.output
    documents = published(corpus)
    assert sorted(documents) == [
        "notice.html",
        "numbered.docx",
        "report.txt",
        "sheet.xlsx",
        "table.pdf",
    ]
    for document in documents.values():
        assert (corpus.site / "documents" / str(document["id"]) / "index.html").is_file()


@pytest.mark.parametrize(
    ("name", "seed"), [("numbered.docx", NUMBERED), ("table.pdf", RULED), ("notice.html", WEB)]
)
def test_each_format_publishes_the_tasks_of_its_text_original(
    corpus: Corpus, config: Config, name: str, seed: str
) -> None:
    original = parse_file(SEEDS / seed, config)
    document = published(corpus)[name]
    tasks = document["tasks"]
    assert isinstance(tasks, list)
    assert [t["number"] for t in tasks] == [t.number for t in original.tasks]
    assert [sorted((u["name"], u["role"]) for u in t["units"]) for t in tasks] == [
        sorted((u.name, u.role) for u in t.units) for t in original.tasks
    ]
    assert [[x["name"] for x in t["leaders"]] for t in tasks] == [
        [x.name for x in t.leaders] for t in original.tasks
    ]


def test_staff_can_read_what_was_extracted_from_each_file(corpus: Corpus) -> None:
    extracted = corpus.site.resolve().parent.parent / "extracted"
    names = sorted(p.name.split(".")[0] for p in extracted.glob("*.txt"))
    assert names == ["notice", "numbered", "sheet", "table"]
    pdf_text = next(extracted.glob("table.pdf.*.txt")).read_text("utf-8")
    assert "目 标 任 务" in pdf_text or "目标任务" in pdf_text
    assert "- 1 -" not in pdf_text  # page numbers are not text


def test_a_rebuild_extracts_nothing_again(
    corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.ingest as ingest
    import generator.publish.originals as originals
    from generator.build import build_docs

    docs = corpus.site.resolve().parent.parent / "docs"

    def refuse(suffix: str) -> object:
        raise AssertionError(f"extracted {suffix} again")

    scan = originals._nothing_private

    def rescan(path: Path, data: bytes, contacts: bool) -> bool:
        # Text is scanned on every build (cheap); a PDF or Word file never twice.
        if path.suffix != ".txt":
            raise AssertionError(f"scanned {path.name} again for the download check")
        return scan(path, data, contacts)

    monkeypatch.setattr(ingest, "extractor_for", refuse)
    monkeypatch.setattr(originals, "_nothing_private", rescan)
    result = build_docs(corpus.content, docs)
    assert len(result.documents) == 5
    # An edited file is extracted again: its cache key is its content.
    (corpus.content / "documents" / "numbered.docx").write_bytes(
        numbered_document(tmp_path / "again.docx").read_bytes() + b"\0"
    )
    with pytest.raises(AssertionError, match=r"extracted \.docx again"):
        build_docs(corpus.content, docs)
