"""The search page on a site of two made-up governments: ranking by other names, filters, focus.

Built once per module from documents written here: 某甲市东岭区 (2023) names its planning bureau
区发展和改革局, 某乙市西岗区 (2024) names its own 区发改局 and mentions 2023 in its tasks.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from playwright.sync_api import Page, expect

from generator.publish.pagefind_order import read_packed
from generator.publish.search import write_search_index
from tests.browser_support import PHONE, serve
from tests.conftest import CONTENT, publish_content

EAST = ("某甲市东岭区", 2023, "dongling-2023", "区发展和改革局", "张东岭")
WEST = ("某乙市西岗区", 2024, "xigang-2024", "区发改局", "李西岗")
TASKS = 9


def document(place: str, year: int, unit: str, leader: str, aside: str) -> str:
    """A numbered task list whose every task names unit and leader."""
    lines = [f"{place}{year}年政府工作报告重点任务分工方案", ""]
    for number in range(1, TASKS + 1):
        # One task has words of its own, to tell where a search finds it.
        own = "智慧停车场" if number == 2 else ""
        lines.append(
            f"{number}、推进第{number}批{own}重点项目建设{aside}。"
            f"(牵头领导:{leader};责任单位:{unit}、区财政局)"
        )
    return "\n".join(lines) + "\n"


def write_content(root: Path) -> Path:
    """Write the two governments' documents beside the repository's staff data."""
    content = root / "content"
    (content / "documents").mkdir(parents=True)
    for name in ("units.yml", "indicators.yml", "statuses.yml", "site.yml"):
        shutil.copy(CONTENT / name, content / name)
    for (place, year, slug, unit, leader), aside in ((EAST, ""), (WEST, "，巩固2023年成果")):
        source = content / "documents" / f"{slug}.txt"
        source.write_text(document(place, year, unit, leader, aside), encoding="utf-8")
        sidecar = f"id: {slug}\nregion: {place}\nyear: {year}\n"
        source.with_suffix(".yml").write_text(sidecar, encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve the two-government site for the module's tests."""
    root = tmp_path_factory.mktemp("search-ranking")
    site = publish_content(write_content(root), root / "work")
    with serve(site) as url:
        yield url


def results(page: Page) -> list[dict[str, str]]:
    """Every result shown: its path, title, kind, context and full text."""
    page.locator(".search-count").wait_for()
    found = []
    for item in page.locator(".search-list > li").all():
        link = item.locator("a").first
        found.append(
            {
                "path": urlsplit(link.get_attribute("href") or "").path,
                "title": link.inner_text(),
                "kind": item.locator(".result-kind").inner_text(),
                "context": item.locator(".result-context").all_inner_texts(),
                "text": item.inner_text(),
            }
        )
    return found


def search(page: Page, base_url: str, query: str) -> None:
    """Type a query into the search page and press Enter."""
    page.goto(base_url + "search/")
    box = page.locator("#search-input")
    box.fill(query)
    box.press("Enter")
    expect(page.locator(".search-count")).to_be_focused()


def show_all(page: Page) -> None:
    """Press 显示更多结果 until every result is listed."""
    more = page.locator(".search-more")
    while more.is_visible():
        count = page.locator(".search-list > li").count()
        more.click()
        expect(page.locator(".search-list > li")).not_to_have_count(count)


def test_a_unit_ranks_first_for_the_alias_its_documents_never_use(
    page: Page, base_url: str
) -> None:
    search(page, base_url, "发改局")
    top = [result["path"] for result in results(page)[:2]]
    # Both governments' bureaus lead: 西岗 calls its own 区发改局, 东岭 only 区发展和改革局.
    assert sorted(top) == [
        "/units/moujia-dongling/fa-zhan-he-gai-ge-ju/",
        "/units/mouyi-xigang/fa-zhan-he-gai-ge-ju/",
    ], top


def test_a_year_typed_filters_by_year_rather_than_matching_the_number(
    page: Page, base_url: str
) -> None:
    search(page, base_url, "2023")
    expect(page.locator("#search-input")).to_have_value("")
    expect(page.locator('input[name="year"][value="2023"]')).to_be_checked()
    show_all(page)
    found = results(page)
    # 东岭's document and tasks (2023) are found; 西岗's tasks that mention 2023 are not.
    assert len([r for r in found if r["kind"] == "任务"]) == TASKS
    assert all("西岗" not in r["text"] for r in found), found
    assert parse_qs(urlsplit(page.url).query)["year"] == ["2023"]


def test_a_year_written_onto_a_word_is_taken_off_it(page: Page, base_url: str) -> None:
    search(page, base_url, "2024年李西岗")
    expect(page.locator("#search-input")).to_have_value("李西岗")
    expect(page.locator('input[name="year"][value="2024"]')).to_be_checked()
    assert results(page)[0]["title"] == "李西岗"
    search(page, base_url, "张东岭2024")
    expect(page.locator(".search-count")).to_have_text("没有找到与“张东岭”相关的内容")


def test_filters_narrow_the_results_and_stay_in_the_url(page: Page, base_url: str) -> None:
    search(page, base_url, "重点项目")
    show_all(page)
    everything = results(page)
    assert {r["kind"] for r in everything} >= {"任务", "文件"}
    page.locator('input[name="kind"][value="任务"]').check()
    page.locator('input[name="region"][value="某乙市西岗区"]').check()
    expect(page.locator(".search-list > li")).to_have_count(min(TASKS, 10))
    show_all(page)
    narrowed = results(page)
    assert len(narrowed) == TASKS
    assert all(r["kind"] == "任务" and r["context"][0].startswith("某乙市西岗区") for r in narrowed)
    query = parse_qs(urlsplit(page.url).query)
    assert query["kind"] == ["任务"] and query["region"] == ["某乙市西岗区"]
    # The address alone gives the same view: it can be shared or reloaded.
    page.goto(page.url)
    expect(page.locator('input[name="kind"][value="任务"]')).to_be_checked()
    expect(page.locator('input[name="region"][value="某乙市西岗区"]')).to_be_checked()
    expect(page.locator(".search-count")).to_have_text(f"找到 {TASKS} 条结果")


# Task 2 of each government: the one task with words of its own (document()).
SECOND_TASKS = [f"/documents/{EAST[2]}/tasks/2/", f"/documents/{WEST[2]}/tasks/2/"]


def task_results(page: Page, base_url: str, query: str) -> list[str]:
    """Search for query and return the paths of every task result, sorted."""
    search(page, base_url, query)
    show_all(page)
    return sorted(r["path"] for r in results(page) if r["kind"] == "任务")


def test_a_task_is_found_on_its_own_page_not_on_the_pages_that_list_it(
    page: Page, base_url: str
) -> None:
    # Every task page links to the other tasks its units lead; those lists are navigation,
    # so only the task that says it (one per government) comes up as a task.
    assert task_results(page, base_url, "智慧停车场") == SECOND_TASKS


def test_a_number_finds_that_number_not_the_longer_ones_it_begins(
    page: Page, base_url: str
) -> None:
    # 西岗's tasks mention 2023 and every page its date: 第2批 is task 2 only.
    assert task_results(page, base_url, "第2批") == SECOND_TASKS


def test_each_filter_value_shows_how_many_results_it_has(page: Page, base_url: str) -> None:
    search(page, base_url, "重点项目")
    label = page.locator("label", has=page.locator('input[name="year"][value="2024"]'))
    count = int(re.sub(r"\D", "", label.locator(".search-filter__count").inner_text()))
    label.locator("input").check()
    expect(page.locator(".search-count")).to_have_text(f"找到 {count} 条结果")


def test_focus_moves_to_the_result_count_on_enter_only(page: Page, base_url: str) -> None:
    page.goto(base_url + "search/")
    box = page.locator("#search-input")
    box.press_sequentially("李西岗", delay=30)
    expect(page.locator(".search-list > li").first).to_be_visible()
    # Typing shows results as they come, announced, without taking the focus away.
    expect(box).to_be_focused()
    expect(page.locator(".search-results [role=status]")).to_have_text(
        re.compile(r"找到 \d+ 条结果")
    )
    box.press("Enter")
    count = page.locator(".search-count")
    expect(count).to_be_focused()
    expect(count).to_have_text(re.compile(r"^找到 \d+ 条结果$"))
    assert count.get_attribute("tabindex") == "-1"


def test_a_leader_result_names_the_region_once(page: Page, base_url: str) -> None:
    search(page, base_url, "李西岗")
    leader = next(r for r in results(page) if r["kind"] == "领导")
    assert leader["title"] == "李西岗"
    assert leader["text"].count("某乙市西岗区") == 1, leader["text"]


def test_results_from_the_header_box_open_with_focus_on_the_count(
    page: Page, base_url: str
) -> None:
    page.goto(base_url)
    box = page.locator("#header-search")
    box.fill("张东岭")
    box.press("Enter")
    expect(page).to_have_url(f"{base_url}search/?q={quote('张东岭')}")
    expect(page.locator(".search-count")).to_be_focused()
    assert results(page)[0]["path"] == "/leaders/moujia-dongling/zhang-dong-ling/"


def test_result_text_is_never_markup(page: Page, base_url: str) -> None:
    page.goto(base_url + "search/?q=" + quote("<b>发改局</b>"))
    page.locator(".search-count").wait_for()
    assert page.locator("#site-search b, #site-search script").count() == 0


def built_page(title: str, region: str, year: str) -> str:
    """A built page as MkDocs writes it, with the meta tags the search index reads."""
    return (
        f'<html><head><meta name="search-region" content="{region}">'
        f'<meta name="search-year" content="{year}"></head>'
        f"<body><article data-pagefind-body><h1>{title}</h1><p>推进{title}建设</p>"
        "</article></body></html>"
    )


def test_the_index_with_filters_is_byte_identical_from_build_to_build(tmp_path: Path) -> None:
    digests = []
    for run in range(3):
        site = tmp_path / f"run{run}"
        # Enough values that hash-map order would show: twelve regions, six years.
        for number in range(12):
            page = site / "units" / f"r{number}" / "u" / "index.html"
            page.parent.mkdir(parents=True)
            region, year = f"某{number}市某区", str(2018 + number % 6)
            page.write_text(built_page(f"单位{number}", region, year), encoding="utf-8")
        write_search_index(site)
        bundle = site / "pagefind"
        digests.append(
            {p.relative_to(bundle).as_posix(): p.read_bytes() for p in bundle.rglob("*.pf_*")}
        )
    assert digests[0] == digests[1] == digests[2]
    filters = {}
    for path in (tmp_path / "run0" / "pagefind" / "filter").iterdir():
        name, values = read_packed(path)
        filters[name] = [value for value, _ in values]
    assert filters["年份"] == [str(year) for year in range(2018, 2024)]
    assert filters["类型"] == ["责任单位"]
    assert filters["地区"] == sorted(f"某{number}市某区" for number in range(12))


def test_on_a_phone_the_filters_fold_and_results_come_first(browser: Any, base_url: str) -> None:
    context = browser.new_context(viewport=PHONE)
    tab = context.new_page()
    tab.goto(base_url + "search/?q=" + quote("重点项目"))
    first = tab.locator(".search-list > li").first
    expect(first).to_be_visible()
    expect(tab.locator("details.search-filters")).not_to_have_attribute("open", "")
    box = first.bounding_box()
    assert box is not None and box["y"] < PHONE["height"]
    assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # With a filter in the address, the filters open to show it.
    tab.goto(base_url + "search/?q=" + quote("重点项目") + "&year=2024")
    expect(tab.locator('input[name="year"][value="2024"]')).to_be_visible()
    context.close()
