"""The published site, built from content/ exactly as `make site` does it."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import posixpath
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from generator.build import build_docs
from generator.config import Config
from generator.errors import GeneratorError
from generator.publish.links import broken_links, external_references
from generator.publish.release import publish
from generator.read.parse import parse_file
from tests.conftest import CONTENT, ROOT, publish_content

SCHEMA = json.loads((ROOT / "generator/schema/document.schema.json").read_text(encoding="utf-8"))


def tree_digest(root: Path) -> dict[str, str]:
    """Hash of every file under root, by relative path."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_every_page_exists(built_site: Path) -> None:
    for page in (
        "index.html",
        "documents/index.html",
        "documents/yantai-laishan-2023/index.html",
        "documents/yantai-laishan-2023/source/index.html",
        "documents/yantai-laishan-2023/tasks/1/index.html",
        "units/index.html",
        "units/jinan-jiyang/index.html",
        "units/jinan-jiyang/fa-zhan-he-gai-ge-ju/index.html",
        "leaders/yantai-laishan/chen-hao-peng/index.html",
        "indicators/di-qu-sheng-chan-zong-zhi/index.html",
        "search/index.html",
        "pagefind/pagefind-ui.js",
    ):
        assert (built_site / page).is_file(), page


def test_no_internal_link_is_broken(built_site: Path) -> None:
    assert broken_links(built_site) == []


def test_nothing_is_loaded_from_another_host(built_site: Path) -> None:
    assert external_references(built_site) == []
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis.com" not in home and "fonts.gstatic.com" not in home


def test_only_index_pages_are_in_the_navigation(built_site: Path) -> None:
    task = (built_site / "documents/yantai-laishan-2023/tasks/1/index.html").read_text("utf-8")
    nav = task[task.index("md-nav--primary") :]
    nav = nav[: nav.index("</nav>")]
    here = "documents/yantai-laishan-2023/tasks/1/"
    targets = {
        posixpath.normpath(posixpath.join(here, href))
        for href in re.findall(r'href="([^"#]*)"', nav)
    }
    indexes = {"documents", "units", "leaders", "indicators", "data", "search", "."}
    assert targets == indexes


def test_task_page_links_everything_a_reader_checks(built_site: Path) -> None:
    html = (built_site / "documents/yantai-laishan-2023/tasks/6/index.html").read_text("utf-8")
    assert "陈浩鹏" in html and "leaders/yantai-laishan/chen-hao-peng/" in html
    assert 'class="role-lead"' in html and "units/yantai-laishan/fa-zhan-he-gai-ge-ju/" in html
    assert "../source/#L28" in html  # the exact line in the original text
    assert 'rel="prev"' in html and 'rel="next"' in html
    assert "区发改局牵头的其他任务" in html


def test_document_page_lists_tasks_under_their_sections_only(built_site: Path) -> None:
    html = (built_site / "documents/taian-taishan-2023/index.html").read_text("utf-8")
    # The notice's headings hold no task, so the task list does not show them.
    assert "提高站位" not in html
    # Sections are the page's second level (h1 the document, h2 一、 or the plan's own title).
    assert "重点工作任务分解表</h2>" in html
    assert "报送时限" in html and "3月31日" in html


def test_units_are_labelled_as_the_document_labels_them(built_site: Path) -> None:
    jiyang = (built_site / "documents/jinan-jiyang-2023/tasks/1/index.html").read_text("utf-8")
    assert "<td>责任单位</td>" in jiyang and "牵头单位" not in jiyang
    coast = (built_site / "documents/qingdaoxihaian-2020/tasks/3/index.html").read_text("utf-8")
    assert "<td>牵头单位</td>" in coast and "<td>配合单位</td>" in coast


def test_indicator_phrases_are_marked(built_site: Path) -> None:
    html = (built_site / "documents/yantai-laishan-2023/tasks/1/index.html").read_text("utf-8")
    assert '<mark class="indicator">地区生产总值增长5.5%以上</mark>' in html


def test_source_page_has_every_line_with_an_anchor(built_site: Path) -> None:
    source = (CONTENT / "documents").glob("000_*.txt")
    lines = next(source).read_text(encoding="utf-8").splitlines()
    html = (built_site / "documents/yantai-laishan-2023/source/index.html").read_text("utf-8")
    assert f'id="L{len(lines)}"' in html and f'id="L{len(lines) + 1}"' not in html
    assert html.count('data-task="../tasks/6/"') >= 1


def test_open_data_matches_the_schema_and_the_pages(built_site: Path) -> None:
    documents = json.loads((built_site / "data/tasks.json").read_text(encoding="utf-8"))
    for document in documents:
        jsonschema.validate(document, SCHEMA)
        single = json.loads(
            (built_site / f"data/documents/{document['id']}.json").read_text(encoding="utf-8")
        )
        assert single == document
    raw = (built_site / "data/tasks.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads it as UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == sum(len(d["tasks"]) for d in documents) == 374
    first = next(r for r in rows if r["任务编号"] == "yantai-laishan-2023-6")
    assert first["牵头单位"] == "区发改局、区生态环境分局"
    assert (built_site / first["网址"] / "index.html").is_file()


def test_same_input_gives_byte_identical_output(built_site: Path, tmp_path: Path) -> None:
    again = publish_content(CONTENT, tmp_path)
    assert tree_digest(again) == tree_digest(built_site)


def test_unchanged_pages_are_not_rewritten(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    first = build_docs(CONTENT, docs)
    assert first.written > 700
    second = build_docs(CONTENT, docs)
    assert (second.written, second.removed) == (0, 0)
    (docs / "stale.md").write_text("old", encoding="utf-8")
    assert build_docs(CONTENT, docs).removed == 1


def test_a_failed_build_leaves_the_published_site_intact(
    write_files: Callable[[dict[str, str | bytes]], Path], tmp_path: Path
) -> None:
    root = write_files({"content/documents/a.txt": "1. 推进道路建设。（责任单位：区交通局）\n"})
    live = publish_content(root / "content", root / "work")
    before = tree_digest(live)
    result = build_docs(root / "content", root / "work" / "build" / "docs")
    broken = root / "work" / "broken.yml"
    broken.write_text("site_name: x\ntheme:\n  name: no-such-theme\n", encoding="utf-8")
    with pytest.raises(GeneratorError):
        publish(broken, live, root / "work" / "build" / "releases", result.documents)
    assert tree_digest(live) == before
    releases = root / "work" / "build" / "releases"
    assert len([p for p in releases.iterdir() if p.is_dir()]) == 1


HOSTILE = (
    '1. 推进<script>alert("x")</script>建设，落实[链接](javascript:alert(1))与'
    "![图](http://evil.example/a.png)，{{ config }}{% raw %}，"
    "管道|符号`代码`*星号*_下划线_&amp;实体。"
    "（牵头领导：<b>张三</b>；责任单位：区<img src=x onerror=alert(1)>局）\n"
)


class _TaskText(HTMLParser):
    """Collect the visible text of a task page's task-text block and its <h1>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.in_h1 = False
        self.text: list[str] = []
        self.h1: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth or ("class", "task-text") in attrs:
            self.depth += tag == "div"
        self.in_h1 = self.in_h1 or tag == "h1"

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag == "div":
            self.depth -= 1
        if tag == "h1":
            self.in_h1 = False

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.text.append(data)
        if self.in_h1:
            self.h1.append(data)


def test_hostile_document_text_shows_as_written(
    write_files: Callable[[dict[str, str | bytes]], Path], config: Config
) -> None:
    root = write_files({"content/documents/evil.txt": HOSTILE})
    site = publish_content(root / "content", root / "work")
    pages = [p for p in site.rglob("*.html") if "404" not in p.name]
    html = "\n".join(p.read_text(encoding="utf-8") for p in pages)
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>张三" not in html
    assert 'href="javascript:' not in html and 'src="http://evil' not in html
    assert external_references(site) == []
    # What a reader sees is exactly the parsed text, every special character included.
    task = parse_file(root / "content/documents/evil.txt", config).tasks[0]
    page = _TaskText()
    page.feed(next(site.glob("documents/*/tasks/1/index.html")).read_text(encoding="utf-8"))
    assert "".join(page.text).strip() == task.text
    assert "<script>" in task.text and "{{config}}" in task.text and "|" in task.text
    assert any(u.name.startswith("区<img") for u in task.units)
    unit_pages = [p for p in site.glob("units/*/*/index.html")]
    assert any("区<img src=x onerror=alert(1)>局" in "".join(_h1(p)) for p in unit_pages)


def _h1(path: Path) -> list[str]:
    page = _TaskText()
    page.feed(path.read_text(encoding="utf-8"))
    return page.h1
