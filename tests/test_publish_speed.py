"""The publish stage's shape for speed: one parse per built page, no stat per link, no work twice.

Nothing here is timed: each test checks the property that makes the build fast (a count of
filesystem calls, a build step not run) and that the faster path gives the same answers.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import generator
from generator.cli import main
from generator.publish import links, mkdocs_run, pages, release, unchanged
from generator.publish.links import check_site
from generator.publish.pages import read_pages, site_tree
from generator.publish.search import page_stub, page_text, read_page, stub_page
from tests.conftest import ROOT

Writer = Callable[[dict[str, str | bytes]], Path]

PAGE = """<!doctype html><html><head><meta charset="utf-8">
<meta name="search-context" content="某区 · 2024年">
<meta name="search-keywords" content="GDP 发改局">
<link rel="stylesheet" href="{up}style.css"></head>
<body><nav><a href="{up}index.html">首页</a><div>导航</div></nav>
<div data-pagefind-body><h1 id="top">区发展和改革局</h1>
<p>牵头<b>任务</b>共<a href="#top">12</a>项。</p><script>var x = "脚本";</script>
<div data-pagefind-ignore>不要收录</div><ul><li>推进</li><li>落实</li></ul>
<table><tr><td>甲</td><td>乙</td></tr></table>{links}</div></body></html>
"""


def write_site(folder: Path, pages_: dict[str, str]) -> Path:
    """Write a built site's files (name → text) under folder."""
    for name, text in pages_.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def crafted_site(folder: Path, extra_links: int = 0) -> Path:
    """A small built site with one of each kind of problem, and extra good links on demand."""
    good = "".join(f'<a href="../units/#top">{n}</a>' for n in range(extra_links))
    bad = (
        '<a href="../missing/">缺</a><a href="../units/#nowhere">锚</a>'
        '<a href="#gone">本页</a><a href="../../../outside.html">外</a>'
        '<a href="https://other.example/x">外站</a>'
        '<img src="../img/a.png" srcset="../img/a.png 1x, ../img/b.png 2x">'
        '<p style="background:url(http://cdn.example/bg.png)">样式</p>'
    )
    return write_site(
        folder,
        {
            "index.html": PAGE.format(up="", links='<a href="units/">单位</a>'),
            "units/index.html": PAGE.format(up="../", links=good + bad),
            "img/a.png": "png",
            "style.css": '@import "https://fonts.example/a.css"; .x{background:url(img/a.png)}',
            "empty.html": "",
        },
    )


EXPECTED_BROKEN = [
    "units/index.html: ../missing/（没有这个文件）",
    "units/index.html: ../units/#nowhere（没有这个锚点）",
    "units/index.html: #gone（没有这个锚点）",
    "units/index.html: ../../../outside.html（指向网站之外）",
    "units/index.html: ../img/b.png（没有这个文件）",
]
EXPECTED_EXTERNAL = [
    "units/index.html: https://other.example/x",
    "units/index.html: http://cdn.example/bg.png",
    "style.css: https://fonts.example/a.css",
]


def test_link_check_finds_missing_files_anchors_and_other_hosts(tmp_path: Path) -> None:
    check = check_site(crafted_site(tmp_path / "site"))
    assert check.broken == EXPECTED_BROKEN
    assert check.external == EXPECTED_EXTERNAL


def _filesystem_calls(monkeypatch: pytest.MonkeyPatch, site: Path) -> int:
    """Count stat-like calls made while checking site."""
    calls = 0

    def counting(original: Callable[..., object]) -> Callable[..., object]:
        def wrapper(*args: object, **kwargs: object) -> object:
            nonlocal calls
            calls += 1
            return original(*args, **kwargs)

        return wrapper

    with monkeypatch.context() as patch:
        patch.setattr(os, "stat", counting(os.stat))
        patch.setattr(os.path, "exists", counting(os.path.exists))
        patch.setattr(os.path, "isdir", counting(os.path.isdir))
        for name in ("exists", "is_dir", "is_file", "stat"):
            patch.setattr(Path, name, counting(getattr(Path, name)))
        check_site(site)
    return calls


def test_link_check_makes_no_filesystem_call_per_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    few = _filesystem_calls(monkeypatch, crafted_site(tmp_path / "few", extra_links=2))
    many = _filesystem_calls(monkeypatch, crafted_site(tmp_path / "many", extra_links=2_000))
    assert many == few


def test_one_parse_gives_the_search_record_readers_see() -> None:
    page = read_page(PAGE.format(up="", links=""))
    assert page is not None
    assert page.title == "区发展和改革局"
    assert (page.context, page.keywords) == ("某区 · 2024年", "GDP 发改局")
    # The first paragraph is the summary; nav, scripts and ignored blocks are never text.
    assert page.summary == "牵头任务共12项。"
    text = " ".join("".join(page.text).split())
    assert text == "区发展和改革局 牵头任务共12项。 推进 落实 甲 乙"
    assert read_page("<html><body><p>没有可收录的部分</p></body></html>") is None
    assert read_page("") is None


def test_one_pass_gives_the_stubs_a_separate_search_pass_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = crafted_site(tmp_path / "site", extra_links=3)
    names = site_tree(site).named(".html")
    serial = read_pages(site, names, release.read_built_page)
    # Worker processes, in chunks, even for this small site: same records, same order.
    monkeypatch.setattr(pages, "PARALLEL_FROM", 1)
    monkeypatch.setattr(pages, "workers", lambda: 2)
    parallel = read_pages(site, names, release.read_built_page)
    assert parallel == serial
    alone = read_pages(site, names, page_stub)
    assert [stub for stub, _ in serial] == alone
    record = page_text(pages.read_file(site, "units/index.html"))
    assert record is not None
    assert alone[names.index("units/index.html")] == stub_page(record, "其他")
    assert alone[names.index("empty.html")] is None


# ---- a build with nothing changed ------------------------------------------------------------

DOCUMENT = "某区2024年重点任务分工方案\n\n1. 推进道路建设。（牵头领导：张三；责任单位：区交通局）\n"


def _project(write_files: Writer, tmp_path: Path) -> tuple[Path, Path, list[str]]:
    """Content, a theme copy and a configuration in tmp_path; return them and the build args."""
    content = write_files({"content/documents/a.txt": DOCUMENT}) / "content"
    work = tmp_path / "work"
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("docs_dir: build/docs", f"docs_dir: {work / 'docs'}")
    text = text.replace("custom_dir: theme", f"custom_dir: {theme}")
    config = tmp_path / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    args = [
        "--content", str(content), "build", "--docs", str(work / "docs"),
        "--site", str(work / "site"), "--releases", str(work / "releases"),
        "--config", str(config),
    ]  # fmt: skip
    return content, config, args


def tree_digest(folder: Path) -> dict[str, str]:
    """Hash every file under folder by its relative name."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


class Rebuilt(Exception):
    """Raised by a stand-in for build_docs: the build started working."""


def _refuse_work(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise Rebuilt

    monkeypatch.setattr("generator.cli.build_docs", refuse)
    monkeypatch.setattr(mkdocs_run.subprocess, "run", refuse)


def test_a_build_with_nothing_changed_does_no_work(
    write_files: Writer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    content, config, args = _project(write_files, tmp_path)
    assert main(args) == 0
    first = capsys.readouterr().out
    live = tmp_path / "work" / "site"
    before = tree_digest(live)
    # Not published: the stamp beside the release, never inside it.
    assert not any(name.endswith("live.json") for name in before)

    with monkeypatch.context() as patch:
        _refuse_work(patch)
        assert main(args) == 0
        again = capsys.readouterr().out
        assert "内容、配置和程序均未改变，网站保持不变" in again
        # Staff still read the report of the build that made the live site.
        assert first in again
        assert tree_digest(live) == before

        # Any change to what the site is built from builds again.
        changes: list[Callable[[], object]] = [
            lambda: (content / "documents" / "a.txt").write_text(DOCUMENT + "\n"),
            lambda: (content / "units.yml").write_text("aliases: {}\n"),
            lambda: config.write_text(config.read_text() + "\n# 改动\n"),
            lambda: (tmp_path / "theme" / "main.html").write_text(
                (tmp_path / "theme" / "main.html").read_text() + "\n"
            ),
        ]
        for change in changes:
            change()
            with pytest.raises(Rebuilt):
                main(args)


def test_code_and_package_versions_are_inputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = tmp_path / "generator"
    code.mkdir()
    (code / "__init__.py").write_text("")
    (code / "__pycache__").mkdir()
    monkeypatch.setattr(generator, "__file__", str(code / "__init__.py"))
    content, config = tmp_path / "content", tmp_path / "mkdocs.yml"
    content.mkdir()
    config.write_text("site_name: x\n")
    options: dict[str, object] = {"strict": False}
    first = unchanged.input_digest(content, config, options)
    (code / "__pycache__" / "x.pyc").write_bytes(b"cache")
    assert unchanged.input_digest(content, config, options) == first
    (code / "site.py").write_text("VALUE = 1\n")
    changed_code = unchanged.input_digest(content, config, options)
    assert changed_code != first
    versions = unchanged.package_versions()
    monkeypatch.setattr(unchanged, "package_versions", lambda: [*versions, "mkdocs==99"])
    assert unchanged.input_digest(content, config, options) != changed_code
    assert unchanged.input_digest(content, config, {"strict": True}) != changed_code


def test_two_clean_builds_give_identical_sites(write_files: Writer, tmp_path: Path) -> None:
    _, _, args = _project(write_files, tmp_path)
    assert main(args) == 0
    first = tree_digest(tmp_path / "work" / "site")
    shutil.rmtree(tmp_path / "work")
    assert main(args) == 0
    second = tree_digest(tmp_path / "work" / "site")

    # Pagefind's filter files too: publish/pagefind_order.py writes them in a fixed order.
    assert first == second
    assert any(name.startswith("pagefind/fragment/") for name in first)


def test_links_module_has_no_per_link_exists() -> None:
    # The one listing of the site answers every link: resolving is pure string work.
    assert links.resolve("a/b/index.html", "../c/#x") == ("a/c", "x")
    assert links.resolve("index.html", "/units/") == ("units", "")
    assert links.resolve("index.html", "../up/") == (links.LEAVES, "")
    assert links.resolve("index.html", "mailto:a@b.cn") is None


def test_pinyin_is_computed_once_per_name(
    write_files: Writer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from collections import Counter

    from generator.build import build_docs
    from generator.site import gather, slugs

    units = ["区发改局", "区财政局", "区住建局", "区交通局", "各镇街"]
    lines = ["某区2024年重点任务分工方案", ""] + [
        f"{n}. 推进第{n}项工作。（牵头领导：张{n % 3}；责任单位：{units[n % 5]}、{units[n % 3]}）"
        for n in range(1, 61)
    ]
    content = write_files({"content/documents/a.txt": "\n".join(lines) + "\n"}) / "content"
    asked: Counter[str] = Counter()
    original = slugs.lazy_pinyin

    def counting(text: str, *args: object, **kwargs: object) -> list[str]:
        asked[text] += 1
        return list(original(text, *args, **kwargs))

    monkeypatch.setattr(slugs, "lazy_pinyin", counting)
    slugs._pinyin.cache_clear()
    gather.pinyin_key.cache_clear()
    build_docs(content, tmp_path / "docs")
    assert asked and max(asked.values()) == 1


def test_a_page_with_the_same_bytes_is_not_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = crafted_site(tmp_path / "site", extra_links=3)
    names = site_tree(site).named(".html")
    cache = tmp_path / "pages.cache"
    first = pages.read_pages_cached(site, names, release.read_built_page, cache, "v1")
    parsed: list[str] = []
    original = pages.read_pages

    def counting(
        site_: Path, todo: list[str], extract: pages.Extractor[object], *rest: Any
    ) -> list[object]:
        parsed.extend(todo)
        return original(site_, todo, extract, *rest)

    monkeypatch.setattr(pages, "read_pages", counting)
    again = pages.read_pages_cached(site, names, release.read_built_page, cache, "v1")
    assert (again, parsed) == (first, [])
    page = site / "units" / "index.html"
    page.write_text(page.read_text().replace("区发展和改革局", "区财政局"), encoding="utf-8")
    changed = pages.read_pages_cached(site, names, release.read_built_page, cache, "v1")
    assert parsed == ["units/index.html"]
    assert changed == original(site, names, release.read_built_page)
    # Another version of the program parses every page again.
    pages.read_pages_cached(site, names, release.read_built_page, cache, "v2")
    assert parsed == ["units/index.html", *names]


def test_links_every_page_repeats_are_held_once(tmp_path: Path) -> None:
    site = crafted_site(tmp_path / "site", extra_links=3)
    names = site_tree(site).named(".html")
    cache = tmp_path / "pages.cache"
    read = pages.read_pages_cached(
        site, names, release.read_built_page, cache, "v1", release.SharedRefs()
    )
    # The same answer as without sharing, for the search stubs and the link check alike.
    assert read == pages.read_pages(site, names, release.read_built_page)
    held: dict[tuple[str, str, str], int] = {}
    repeated = 0
    for _, refs in read:
        for link in refs.links:
            if link in held:
                repeated += 1
                assert id(link) == held[link]
            held.setdefault(link, id(link))
    assert repeated > 0
