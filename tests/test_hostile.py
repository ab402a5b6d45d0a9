"""The hostile corpus (tests/hostile/) builds; nothing in it executes, leaks, escapes or is lost."""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from playwright.sync_api import expect, sync_playwright

from generator.config import load_config
from generator.publish.links import check_site
from generator.read.parse import parse_file
from tests.browser_support import launch, serve
from tests.conftest import ROOT, build_command
from tests.test_built_site import tree_digest

HOSTILE = Path(__file__).parent / "hostile"
SECRETS = ("绝密甲", "绝密乙", "绝密丙", "绝密丁", "绝密戊", "绝密己", "13900001099")
# Everything Python-Markdown, Material and our templates produce inside an article.
ARTICLE_TAGS = {
    "a", "article", "br", "code", "div", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "mark",
    "nav", "ol", "p", "span", "table", "tbody", "td", "th", "thead", "tr", "ul", "noscript",
    "form", "label", "input", "button", "svg", "path",
}  # fmt: skip


@dataclass
class Build:
    """A build of the hostile corpus: its content folder, published site and console output."""

    content: Path
    site: Path
    output: str
    returncode: int
    command: list[str]


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """Build tests/hostile plus the files too big to commit, with the command line staff use."""
    workdir = tmp_path_factory.mktemp("hostile")
    content = workdir / "content"
    shutil.copytree(HOSTILE, content)
    documents = content / "documents"
    task = "1. 超大文件里的任务。（责任单位：区测试局）\n".encode()
    with (documents / "huge.txt").open("wb") as huge:
        huge.write(task * (50 * 1_048_576 // len(task) + 1))
    (documents / "tenk.txt").write_text(
        "".join(
            f"{n}. 推进第{n}个项目。（牵头领导：周九；责任单位：区重点项目办）\n"
            for n in range(1, 10_001)
        ),
        encoding="utf-8",
    )
    (documents / "link.txt").symlink_to("/etc/passwd")
    (documents / os.fsdecode(b"bad\xff-name.txt")).write_text(
        "1. 文件名不是UTF-8的任务。（责任单位：区商务局）\n", encoding="utf-8"
    )
    (documents / "longline.txt").write_text(
        "1. " + "很长的一行" * 210_000 + "。（责任单位：区长行办）\n", encoding="utf-8"
    )
    command = build_command(content, workdir)
    result = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
    return Build(
        content, workdir / "site", result.stdout + result.stderr, result.returncode, command
    )


def test_every_broken_file_is_named_and_the_rest_publishes(build: Build) -> None:
    out = build.output
    # Everything publishable is published, and the errors still fail the run.
    assert build.returncode == 1, out
    for message in (
        "documents/empty.txt: 文件是空的",
        "documents/binary.bin: 不是可读取的文档格式",
        "documents/truncated.txt:2: 错误：文件既不是有效的 UTF-8 也不是 GB18030",
        "documents/bad_sidecar.yml:1: YAML 格式有误",  # the line the [ opened
        "units.yml:2: YAML 格式有误",
        "documents/huge.txt: 文件大小 50.0 MB，超过单份文件 16 MB 的上限",
        "documents/dupes.txt:2: 警告：任务编号 1 重复",
        "documents/names.txt:4: 警告：删除了 2 个控制字符或不可见字符",
        "documents/private_typo.txt: 错误：content/documents/private_typo.yml:2: 章节「二、",
        "documents/link.txt: 是符号链接",
        "indicators.yml:1: 地区生产总值 的同义词应为词语",
    ):
        assert message in out, message
    tasks = json.loads((build.site / "data/tasks.json").read_text(encoding="utf-8"))
    # Open data does not say where a file lies: the staff manifest, outside the site, does.
    manifest = json.loads((build.site.parent / "report/manifest.json").read_text("utf-8"))
    source_of = {d["id"]: d["source"] for d in manifest["documents"]}
    by_source = {Path(source_of[d["id"]]).name: d for d in tasks}
    assert len(by_source["tenk.txt"]["tasks"]) == 10_000
    assert len(by_source["longline.txt"]["tasks"][0]["text"]) > 1_000_000
    assert by_source["gb18030.txt"]["tasks"][0]["units"][0]["name"] == "区水务局"
    assert {"empty.txt", "binary.bin", "huge.txt", "bad_sidecar.txt", "link.txt"}.isdisjoint(
        by_source
    )
    assert "bad\ufffd-name.txt" in by_source  # a file name that is not UTF-8, shown repaired
    # The manifest names the file as content/documents/…, never by the server's absolute path.
    assert all(d["source"].startswith("content/documents/") for d in manifest["documents"])
    assert check_site(build.site).broken == []


def test_strict_build_fails_and_leaves_the_site_alone(build: Build) -> None:
    before = tree_digest(build.site)
    result = subprocess.run(
        [*build.command, "--strict"], capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert result.returncode == 1
    assert "已中止：使用了 --strict" in result.stdout
    assert tree_digest(build.site) == before


# Meta tags whose content is the page's own words (a summary), not an address.
SHARE_TEXT = {"description", "og:title", "og:description", "twitter:title", "twitter:description"}


class _Page(HTMLParser):
    """Tags and attributes inside <article>, and every attribute anywhere."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.article_tags: set[str] = set()
        self.attributes: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.depth += 1
        elif self.depth:
            self.article_tags.add(tag)
        named = dict(attrs)
        if tag == "meta" and (named.get("name") or named.get("property") or "") in SHARE_TEXT:
            # A page's summary for sharing is its text, quoted: a host named in a task may
            # appear there as words, never as an address (og:url and og:image are checked).
            tag = "meta text"
        self.attributes.extend((tag, name, value or "") for name, value in attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self.depth:
            self.depth -= 1


def test_no_document_text_becomes_markup_on_any_page(build: Build) -> None:
    pages = [p for p in build.site.rglob("*.html") if p.name != "404.html"]
    assert len(pages) > 10_000
    for path in pages:
        page = _Page()
        page.feed(path.read_text(encoding="utf-8"))
        assert page.article_tags <= ARTICLE_TAGS, (path, page.article_tags - ARTICLE_TAGS)
        for tag, name, value in page.attributes:
            assert not name.startswith("on"), (path, tag, name)
            assert not value.strip().lower().startswith("javascript:"), (path, tag, name)
            assert tag == "meta text" or "evil.example" not in value, (path, tag, name)


def test_text_shows_as_written_in_pages_data_and_feed(build: Build) -> None:
    config = load_config(ROOT / "content")
    parsed = parse_file(build.content / "documents/script.txt", config)
    text = parsed.tasks[0].text
    assert "<script>alert(1)</script>" in text and "{{config}}" in text.replace(" ", "")
    html = (build.site / f"documents/{parsed.id}/tasks/1/index.html").read_text("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    data = json.loads((build.site / f"data/documents/{parsed.id}.json").read_text("utf-8"))
    assert data["tasks"][0]["text"] == text
    assert data["title"] == parsed.title and "<script>" in parsed.title
    csv_text = (build.site / "data/tasks.csv").read_text(encoding="utf-8-sig")
    assert '"' + text.replace('"', '""') + '"' in csv_text or text in csv_text
    # A cell Excel would run as a formula is prefixed with ' (OWASP's CSV-injection advice).
    csv.field_size_limit(10_000_000)  # the corpus has a task of a million characters
    rows = list(csv.reader(io.StringIO(csv_text)))
    formula = next(row for row in rows if "HYPERLINK" in row[8])
    # Its brackets may be full-width (they touch Chinese text); the leading ' is what matters.
    assert formula[8].startswith("'=HYPERLINK")
    feed = ElementTree.parse(build.site / "feed.xml")
    titles = [item.findtext("title") for item in feed.iter("item")]
    assert parsed.title in titles


def fragments(site: Path) -> Iterator[dict[str, Any]]:
    """Every record of the Pagefind index, decompressed."""
    for path in sorted((site / "pagefind/fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(path.read_bytes())
        yield json.loads(raw[raw.index(b"{") :])


def test_nothing_marked_private_is_published_anywhere(build: Build) -> None:
    files = [p for p in build.site.rglob("*") if p.is_file()]
    for path in files:
        data = path.read_bytes()
        if path.suffix == ".pf_fragment":
            data = gzip.decompress(data)
        for secret in SECRETS:
            assert secret.encode() not in data, (path, secret)
        assert b"root:x:0:0" not in data, path  # the symbolic link to /etc/passwd
    records = list(fragments(build.site))
    assert records and not any(
        s in json.dumps(r, ensure_ascii=False) for r in records for s in SECRETS
    )
    # The public parts of those documents are still there.
    section = json.loads((build.site / "data/tasks.json").read_text(encoding="utf-8"))
    shown = {t["text"] for d in section for t in d["tasks"]}
    assert {"修建公开的道路。", "建设公开的公园。"} <= shown


def test_personal_contacts_are_masked(build: Build) -> None:
    for path in (p for p in build.site.rglob("*") if p.is_file() and p.suffix != ".pf_fragment"):
        data = path.read_bytes()
        assert b"18563900800" not in data and b"zhangsan88" not in data, path
    task = json.loads((build.site / "data/tasks.json").read_text(encoding="utf-8"))
    texts = [t["text"] for d in task for t in d["tasks"] if "办公电话" in t["text"]]
    assert texts == ["联系本项目请打电话185****0800或发邮件z***@qq.com，办公电话85161827。"]


def test_hostile_names_get_safe_distinct_urls_inside_the_site(build: Build) -> None:
    root = build.site.resolve()
    for path in root.rglob("*"):
        assert path.resolve().is_relative_to(root)
        assert all(part.isascii() for part in path.relative_to(root).parts), path
    assert sorted(p.name for p in build.site.parent.iterdir()) == [
        "build.lock", "content", "docs", "extracted", "mkdocs.yml", "partitions", "releases",
        "report", "search", "site",
    ]  # fmt: skip
    units = [
        p.parent.relative_to(build.site).as_posix() for p in build.site.glob("units/*/*/index.html")
    ]
    assert len(units) == len(set(units)) >= 10
    assert max(len(name.rsplit("/", 1)[1]) for name in units) <= 80


def test_search_results_show_hostile_text_as_text(build: Build) -> None:
    with serve(build.site) as base, sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(base + "search/?q=alert")
        # The results come back as text: the literal <script> shows, nothing runs.
        expect(page.locator("#site-search")).to_contain_text("<script>")
        shown = page.locator("#site-search").inner_text()
        injected = page.locator("#site-search script, #site-search img, #site-search b").count()
        browser.close()
    assert dialogs == [] and injected == 0
    assert "<script>" in shown
