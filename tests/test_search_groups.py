"""A large site's search index built in groups (one Pagefind process each) and merged.

The groups are forced small here (GENERATOR_SEARCH_GROUP) on a site of a few made-up
governments: the merged index must hold exactly what one Pagefind run over every page holds,
search the same in the browser, come out byte-identical each build, and re-index only the
group of a changed document.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cbor2
import pytest
from playwright.sync_api import Page, expect

from generator.cli import main
from generator.errors import GeneratorError
from generator.publish import search
from generator.publish.pagefind_order import SIGNATURE, PagefindFormatError, packed, read_packed
from generator.publish.search import PageText, stub_page
from generator.publish.search_merge import cbor_array_head, merge_bundles
from generator.publish.unchanged import forget_stamp
from tests.browser_support import serve
from tests.conftest import CONTENT, build_command
from tests.test_search_ranking import results, show_all
from tests.test_search_ranking import search as type_query

# (region, year, slug, a unit only this government has, its leader)
GOVERNMENTS = [
    ("某丙县北山镇", 2022, "beishan-2022", "县林业和草原局", "赵北山"),
    ("某丁市南湖区", 2023, "nanhu-2023", "区水务局", "钱南湖"),
    ("某戊市中川区", 2024, "zhongchuan-2024", "区数据资源局", "孙中川"),
    ("某己县东坪乡", 2025, "dongping-2025", "县乡村振兴局", "周东坪"),
]
TASKS = 7
GROUP = "16"


def write_content(root: Path, wording: str = "") -> Path:
    """Write the governments' task lists beside the repository's staff data."""
    content = root / "content"
    (content / "documents").mkdir(parents=True, exist_ok=True)
    for name in ("units.yml", "indicators.yml", "statuses.yml", "site.yml"):
        shutil.copy(CONTENT / name, content / name)
    for place, year, slug, unit, leader in GOVERNMENTS:
        lines = [f"{place}{year}年政府工作报告重点任务分工方案", ""]
        extra = wording if slug == GOVERNMENTS[2][2] else ""
        for number in range(1, TASKS + 1):
            lines.append(
                f"{number}、推进第{number}批民生实事项目落地{extra}，年度投资增长5.5%。"
                f"(牵头领导:{leader};责任单位:{unit}、县财政局)"
            )
        source = content / "documents" / f"{slug}.txt"
        source.write_text("\n".join(lines) + "\n", encoding="utf-8")
        sidecar = f"id: {slug}\nregion: {place}\nyear: {year}\n"
        source.with_suffix(".yml").write_text(sidecar, encoding="utf-8")
    return content


def built(monkeypatch: pytest.MonkeyPatch, folder: Path, content: Path, group: str) -> Path:
    """Build content into folder, indexing group pages per Pagefind run ('' = all in one)."""
    if group:
        monkeypatch.setenv(search.GROUP_ENV, group)
    else:
        monkeypatch.delenv(search.GROUP_ENV, raising=False)
    folder.mkdir(parents=True, exist_ok=True)
    # The command staff run, its arguments after `python -m generator`.
    assert main(build_command(content, folder)[3:]) == 0
    return folder / "site"


def tree_digest(root: Path) -> dict[str, str]:
    """Map every file under root to a hash of its bytes."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def decoded_pages(listed: list[Any], urls: list[str], fields: list[str]) -> set[Any]:
    """A word's pages as (URL, locations, meta locations with field names), from deltas."""
    number = 0
    found = set()
    for place, entry in enumerate(listed):
        number = entry[0] if place == 0 else number + entry[0]
        named = tuple(fields[-loc - 1] if loc < 0 else loc for loc in entry[2])
        found.add((urls[number], tuple(entry[1]), named))
    return found


def index_content(bundle: Path) -> dict[str, Any]:
    """Read a Pagefind bundle as what it means: pages, words and variants, filters, by URL."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    (language,) = entry["languages"].values()
    meta = read_packed(bundle / f"pagefind.{language['hash']}.pf_meta")
    urls: list[str] = []
    pages: dict[str, int] = {}
    for fragment, word_count in meta[1]:
        data = gzip.decompress((bundle / "fragment" / f"{fragment}.pf_fragment").read_bytes())
        url = json.loads(data[len(SIGNATURE) :])["url"]
        urls.append(url)
        pages[url] = word_count
    fields = list(meta[5])
    words: dict[str, set[Any]] = {}
    bounds = []
    for start, end, name in meta[2]:
        chunk = read_packed(bundle / "index" / f"{name}.pf_index")[0]
        bounds.append((start, end, [item[0] for item in chunk]))
        for word, listed, variants in chunk:
            assert word not in words
            words[word] = decoded_pages(listed, urls, fields)
            for variant, variant_pages in variants:
                words[f"{word} as {variant}"] = decoded_pages(variant_pages, urls, fields)
    filters = {}
    for name, file in meta[3]:
        _, values = read_packed(bundle / "filter" / f"{file}.pf_filter")
        filters[name] = {value: sorted(urls[n] for n in numbers) for value, numbers in values}
    assert language["page_count"] == len(urls)
    return {"pages": pages, "words": words, "filters": filters, "bounds": bounds}


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """One site indexed by one Pagefind run and the same site indexed in groups."""
    root = tmp_path_factory.mktemp("search-groups")
    content = write_content(root)
    with pytest.MonkeyPatch.context() as patch:
        single = built(patch, root / "single", content, "")
        grouped = built(patch, root / "grouped", content, GROUP)
    yield single, grouped


def test_grouped_index_holds_exactly_what_one_pagefind_run_holds(
    sites: tuple[Path, Path],
) -> None:
    single, grouped = sites
    # The grouped build really ran several Pagefind processes.
    assert len(list((grouped.parent / "search").iterdir())) >= 3
    one = index_content(single / "pagefind")
    merged = index_content(grouped / "pagefind")
    assert merged["pages"] == one["pages"]
    assert merged["words"] == one["words"]
    assert merged["filters"] == one["filters"]
    # Every word lies within its chunk's bounds, the chunks in order: the browser looks a
    # term up by those bounds.
    previous = ""
    for start, end, words in merged["bounds"]:
        assert words == sorted(words)
        assert words[0].startswith(start) and words[-1].startswith(end)
        assert previous < words[0]
        previous = words[-1]
    # Everything but the index is the same site.
    pages = {k: v for k, v in tree_digest(single).items() if not k.startswith("pagefind/")}
    assert pages == {k: v for k, v in tree_digest(grouped).items() if k in pages}


@pytest.fixture(scope="module")
def served(sites: tuple[Path, Path]) -> Iterator[tuple[str, str]]:
    """Serve both sites."""
    single, grouped = sites
    with serve(single) as one, serve(grouped) as many:
        yield one, many


@pytest.mark.parametrize(
    "query", [GOVERNMENTS[0][3], GOVERNMENTS[-1][3], GOVERNMENTS[-1][4], "民生实事", "5.5%"]
)
def test_grouped_index_finds_what_one_index_finds(
    page: Page, served: tuple[str, str], query: str
) -> None:
    found = []
    for url in served:
        type_query(page, url, query)
        show_all(page)
        found.append([(item["path"], item["kind"]) for item in results(page)])
    assert found[0], query
    # Pages of equal score come in page-number order, which grouping changes: the same
    # results, in an order that may differ among ties.
    assert sorted(found[1]) == sorted(found[0])


def test_grouped_index_filters_count_as_one_index_does(page: Page, served: tuple[str, str]) -> None:
    shown = []
    for url in served:
        type_query(page, url, "民生实事")
        labels = page.locator("label", has=page.locator('input[name="region"]'))
        counts = labels.all_inner_texts()
        label = labels.last
        count = int(re.sub(r"\D", "", label.locator(".search-filter__count").inner_text()))
        label.locator("input").check()
        # The filtered results are as many as the filter said.
        expect(page.locator(".search-count")).to_have_text(f"找到 {count} 条结果")
        shown.append(counts)
    assert len(shown[0]) == len(GOVERNMENTS)
    assert shown[1] == shown[0]


@pytest.fixture
def pagefind_runs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record how many pages each Pagefind process is given."""
    runs: list[int] = []
    original = search.run_pagefind

    def counting(stubs: dict[str, str], scratch: Path, out: Path) -> None:
        runs.append(len(stubs))
        original(stubs, scratch, out)

    monkeypatch.setattr(search, "run_pagefind", counting)
    return runs


def test_grouped_build_is_byte_identical_and_reindexes_only_a_changed_group(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pagefind_runs: list[int]
) -> None:
    runs = pagefind_runs
    content = write_content(tmp_path)
    first = tree_digest(built(monkeypatch, tmp_path / "a", content, GROUP))
    groups = len(runs)
    assert groups >= 3
    assert first == tree_digest(built(monkeypatch, tmp_path / "b", content, GROUP))
    runs.clear()
    write_content(tmp_path, wording="并同步完善配套设施")
    changed = tree_digest(built(monkeypatch, tmp_path / "a", content, GROUP))
    # The changed government's group, and the shared pages' group that lists its tasks.
    assert len(runs) == 2 < groups
    assert changed != first
    assert changed == tree_digest(built(monkeypatch, tmp_path / "c", content, GROUP))
    # Indexed in one run again (the site shrank): the groups kept are deleted.
    assert (tmp_path / "a" / "search").is_dir()
    built(monkeypatch, tmp_path / "a", content, "")
    assert not (tmp_path / "a" / "search").exists()


def test_array_heads_are_cbor() -> None:
    for length in (0, 1, 23, 24, 255, 256, 65_535, 65_536):
        items = list(range(length))
        encoded = b"".join(cbor2.dumps(item) for item in items)
        assert cbor_array_head(length) + encoded == cbor2.dumps(items)


def test_fragments_sharing_a_name_in_two_bundles_stay_two_pages(tmp_path: Path) -> None:
    bundles = []
    for number, word in enumerate(("alpha", "beta")):
        page = tmp_path / f"pages{number}" / f"p{number}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(
            f'<html lang="en"><body><main data-pagefind-body><h1>{word} page</h1>'
            f"<p>{word} text</p></main></body></html>",
            encoding="utf-8",
        )
        bundle = tmp_path / f"bundle{number}"
        search.run_pagefind({}, tmp_path / f"pages{number}", bundle)
        bundles.append(bundle)
    # Give the second bundle's page the first one's fragment name, as a short hash might.
    first_meta = next(bundles[0].glob("*.pf_meta"))
    taken = read_packed(first_meta)[1][0][0]
    meta_path = next(bundles[1].glob("*.pf_meta"))
    meta = read_packed(meta_path)
    own = meta[1][0][0]
    (bundles[1] / "fragment" / f"{own}.pf_fragment").rename(
        bundles[1] / "fragment" / f"{taken}.pf_fragment"
    )
    meta[1][0][0] = taken
    meta_path.write_bytes(packed(meta))
    merge_bundles(bundles, tmp_path / "merged")
    merged = index_content(tmp_path / "merged")
    assert sorted(merged["pages"]) == ["/p0/", "/p1/"]
    assert {found[0] for found in merged["words"]["alpha"]} == {"/p0/"}
    assert {found[0] for found in merged["words"]["beta"]} == {"/p1/"}


def test_an_index_in_another_format_is_a_clear_publish_error(tmp_path: Path) -> None:
    bundles = []
    for number in range(2):
        page = tmp_path / f"pages{number}" / "p" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(
            '<html lang="en"><body><main data-pagefind-body><p>word</p></main></body></html>',
            encoding="utf-8",
        )
        search.run_pagefind({}, tmp_path / f"pages{number}", tmp_path / f"bundle{number}")
        bundles.append(tmp_path / f"bundle{number}")
    # A Pagefind that wrote one more field to each word: merging must refuse, not guess.
    chunk = next((bundles[1] / "index").glob("*.pf_index"))
    words = read_packed(chunk)
    words[0][0].append([1, 2])
    chunk.write_bytes(packed(words))
    with pytest.raises(PagefindFormatError) as caught:
        merge_bundles(bundles, tmp_path / "merged")
    assert isinstance(caught.value, GeneratorError)
    assert chunk.name in str(caught.value)


def stub(number: int, words: str, context: bool) -> str:
    """A search stub of one page: a title, Chinese text and Latin words, context or not."""
    text = f"第{number}项 推进{'东西南北'[number % 4]}片区项目 {words}"
    page = PageText(title=f"任务{number}", text=[text], context="某地 · 2024" if context else "")
    page.regions, page.years = [f"地区{number % 3}"], [str(2020 + number % 5)]
    return stub_page(page, "任务")


@pytest.mark.parametrize(
    "case",
    ["accented words", "fields only some groups have", "many chunks"],
)
def test_merging_groups_gives_what_one_run_gives(tmp_path: Path, case: str) -> None:
    pages = {}
    count = 400 if case == "many chunks" else 12
    for number in range(count):
        words = {
            # Pagefind files Nestlé under nestle with the accented form as a variant.
            "accented words": ["Nestlé café", "São Paulo", "naïve Müller"][number % 3],
            "fields only some groups have": "plain",
            "many chunks": " ".join(f"w{(number * 7 + k) % 997}" for k in range(60)),
        }[case]
        # Only the later pages have a context: the first group has one field fewer.
        context = case != "fields only some groups have" or number >= count // 2
        pages[f"p{number:03d}/index.html"] = stub(number, words, context)
    names = list(pages)
    search.run_pagefind(pages, tmp_path / "one-pages", tmp_path / "one")
    bundles = []
    for group, start in enumerate(range(0, count, count // 4)):
        part = {name: pages[name] for name in names[start : start + count // 4]}
        search.run_pagefind(part, tmp_path / f"pages{group}", tmp_path / f"group{group}")
        bundles.append(tmp_path / f"group{group}")
    merge_bundles(bundles, tmp_path / "merged")
    one, merged = index_content(tmp_path / "one"), index_content(tmp_path / "merged")
    for key in ("pages", "words", "filters"):
        assert merged[key] == one[key], key
    # The same words to each chunk as one run cuts them: a prefix finds the same pages.
    assert [words for _, _, words in merged["bounds"]] == [w for _, _, w in one["bounds"]]
    if case == "many chunks":
        assert len(one["bounds"]) > 3
    if case == "accented words":
        assert any(" as " in word for word in one["words"])


def test_a_damaged_kept_group_is_indexed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pagefind_runs: list[int]
) -> None:
    content = write_content(tmp_path)
    first = tree_digest(built(monkeypatch, tmp_path / "a", content, GROUP))
    kept = sorted((tmp_path / "a" / "search").iterdir())
    fragment = sorted((kept[-1] / "fragment").iterdir())[0]
    fragment.write_bytes(fragment.read_bytes()[:10])
    chunk = sorted((kept[0] / "index").iterdir())[0]
    chunk.unlink()
    # Built again from the same input (not skipped as unchanged): the two damaged groups
    # are indexed again, the others taken as kept.
    forget_stamp(tmp_path / "a" / "releases")
    pagefind_runs.clear()
    built(monkeypatch, tmp_path / "a", content, GROUP)
    assert len(pagefind_runs) == 2 < len(kept)
    assert tree_digest(tmp_path / "a" / "site") == first


def test_a_site_is_cut_into_groups_only_past_the_grouping_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pagefind_runs: list[int]
) -> None:
    monkeypatch.setattr(search, "GROUP_FROM", 10)
    monkeypatch.setattr(search, "SEARCH_GROUP_PAGES", 4)
    pages = {f"p{number:03d}/index.html": stub(number, "plain", False) for number in range(10)}
    search.write_search_index(tmp_path / "small", pages)
    # Ten pages are not past ten: one Pagefind run, though more than one group's size.
    assert pagefind_runs == [10]
    pagefind_runs.clear()
    pages["p010/index.html"] = stub(10, "plain", False)
    search.write_search_index(tmp_path / "large", pages)
    assert sorted(pagefind_runs) == [3, 4, 4]
