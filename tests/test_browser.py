"""In a real browser: the reader's journey through the site, and the searches the site is for."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.browser_support import PHONE, serve

# No skip when chromium is missing: `make test` installs it, and a silent skip would hide that.


@pytest.fixture(scope="module")
def base_url(built_site: Path) -> Iterator[str]:
    with serve(built_site) as url:
        yield url


def path_of(page: Page) -> str:
    """The current URL's path, decoded."""
    return unquote(urlsplit(page.url).path)


def test_reader_follows_document_task_unit_leader_and_back(page: Page, base_url: str) -> None:
    page.goto(base_url)
    expect(page.locator("h1")).to_have_text("政府工作报告任务公开")
    page.locator("article a", has_text="2023年政府工作报告责任分工方案").first.click()
    expect(page).to_have_url(f"{base_url}documents/yantai-laishan-2023/")
    page.locator("article a", has_text="第 6 项").first.click()
    expect(page.locator("h1")).to_contain_text("第 6 项")
    task_url = page.url
    page.locator(".role-lead a", has_text="区发改局").click()
    expect(page.locator("h1")).to_have_text("区发改局")
    assert path_of(page) == "/units/yantai-laishan/fa-zhan-he-gai-ge-ju/"
    expect(page.locator("article")).to_contain_text("牵头任务")
    page.locator("article a", has_text="陈浩鹏").first.click()
    expect(page.locator("h1")).to_have_text("陈浩鹏")
    page.go_back()
    expect(page.locator("h1")).to_have_text("区发改局")
    page.go_back()
    assert page.url == task_url
    # The "original text" link lands on the exact lines, highlighted.
    page.locator("article a", has_text="原文第 28 行").click()
    expect(page.locator("#L28")).to_have_class("is-highlighted")
    expect(page.locator("#L27")).not_to_have_class("is-highlighted")


def test_indicator_page_compares_regions_in_a_sortable_table(page: Page, base_url: str) -> None:
    page.goto(base_url + "indicators/")
    page.locator("article a", has_text="地区生产总值").first.click()
    expect(page.locator("h1")).to_have_text("地区生产总值")
    rows = page.locator("#indicator-rows tbody tr")
    expect(rows).to_have_count(6)
    header = page.locator("#indicator-rows th", has_text="数值")
    # site.js makes the table sortable once Material has swapped the page in: wait for that.
    expect(header).to_have_attribute("aria-sort", "none")
    header.click()
    values = [float(v.rstrip("%")) for v in rows.locator("td:nth-child(6)").all_inner_texts()]
    assert values == sorted(values)
    header.press("Enter")
    values = [float(v.rstrip("%")) for v in rows.locator("td:nth-child(6)").all_inner_texts()]
    assert values == sorted(values, reverse=True)
    # 10万人 sorts above 2500人: values are compared with their 万/亿.
    page.goto(base_url + "indicators/cheng-zhen-xin-zeng-jiu-ye/")
    header = page.locator("#indicator-rows th", has_text="数值")
    expect(header).to_have_attribute("aria-sort", "none")
    header.click()
    cells = page.locator("#indicator-rows tbody tr td:nth-child(6)").all_inner_texts()
    assert cells[-2:] == ["10万人", "10.9万人"]


def test_indicator_rows_filter_by_year_level_and_kind_in_the_url(page: Page, base_url: str) -> None:
    page.goto(base_url + "indicators/di-qu-sheng-chan-zong-zhi/")
    rows = page.locator("#indicator-rows tbody tr")
    expect(rows).to_have_count(6)
    page.locator("select[data-filter='year']").select_option("2023")
    visible = page.locator("#indicator-rows tbody tr:not([hidden])")
    years = visible.locator("td:nth-child(3)").all_inner_texts()
    assert years and set(years) == {"2023"}
    assert "year=2023" in page.url
    page.locator("select[data-filter='kind']").select_option("result")
    expect(visible).to_have_count(1)
    expect(visible.locator("td:nth-child(4)")).to_have_text("实绩")
    # The filtered view survives a reload from its URL.
    page.goto(page.url)
    expect(page.locator("#indicator-rows tbody tr:not([hidden])")).to_have_count(1)
    page.locator("select[data-filter='level']").select_option("县级")
    expect(page.locator("#indicator-rows tbody tr:not([hidden])")).to_have_count(0)


SEARCHES = [
    ("区发改局", "/units/", "区发改局"),
    ("发改局", "/units/", "区发改局"),
    ("发展和改革局", "/units/jinan-jiyang/fa-zhan-he-gai-ge-ju/", "区发展和改革局"),
    ("陈浩鹏", "/leaders/yantai-laishan/chen-hao-peng/", "陈浩鹏"),
    ("地区生产总值", "/indicators/di-qu-sheng-chan-zong-zhi/", "地区生产总值"),
    ("固定资产投资", "/indicators/gu-ding-zi-chan-tou-zi/", "固定资产投资"),
    ("招引宠物行业领军企业", "/documents/yantai-laishan-2023/tasks/16/", "第 16 项"),
    # Indicators by the abbreviation people type, and targets by their value as written.
    ("GDP", "/indicators/di-qu-sheng-chan-zong-zhi/", "地区生产总值"),
    ("5.5%", "/indicators/di-qu-sheng-chan-zong-zhi/", "地区生产总值"),
    ("5.5", "/indicators/di-qu-sheng-chan-zong-zhi/", "地区生产总值"),
    ("增长5.5%", "/indicators/di-qu-sheng-chan-zong-zhi/", "地区生产总值"),
]


@pytest.mark.parametrize("query", ["5.5%", "5.5", "增长5.5%"])
def test_value_search_never_ranks_other_numbers_first(
    page: Page, base_url: str, query: str
) -> None:
    page.goto(f"{base_url}search/?q={quote(query)}")
    for path, _ in top_results(page):
        # Every top result states 5.5 (第 55 项 or 5.56 are not 5.5).
        page.goto(base_url.rstrip("/") + path)
        assert re.search(r"(?<![\d.])5\.5(?![\d])", page.locator("article").inner_text()), path


def top_results(page: Page) -> list[tuple[str, str]]:
    """(path, title) of the first three results on the search page."""
    links = page.locator(".pagefind-ui__result-link")
    links.first.wait_for()
    found = []
    for index in range(min(3, links.count())):
        link = links.nth(index)
        found.append((urlsplit(link.get_attribute("href") or "").path, link.inner_text()))
    return found


@pytest.mark.parametrize(("query", "path", "title"), SEARCHES)
def test_search_box_finds_the_page(
    page: Page, base_url: str, query: str, path: str, title: str
) -> None:
    page.goto(base_url)
    box = page.locator("#header-search")
    box.fill(query)
    box.press("Enter")
    expect(page).to_have_url(f"{base_url}search/?q={quote(query)}")
    results = top_results(page)
    assert any(found.startswith(path) and name.startswith(title) for found, name in results), (
        results
    )


def test_search_result_opens_with_the_words_marked(page: Page, base_url: str) -> None:
    page.goto(base_url + "search/")
    page.locator(".pagefind-ui__search-input").fill("陈浩鹏")
    first = page.locator(".pagefind-ui__result-link").first
    expect(first).to_contain_text("陈浩鹏")
    first.click()
    expect(page.locator("h1")).to_have_text("陈浩鹏")
    expect(page.locator("mark.search-hit").first).to_have_text("陈浩鹏")


def test_large_text_mode_is_remembered(page: Page, base_url: str) -> None:
    page.goto(base_url)
    size = page.evaluate("getComputedStyle(document.querySelector('article p')).fontSize")
    toggle = page.locator(".site-large-text")
    expect(toggle).to_have_attribute("data-ready", "1")  # site.js has wired it up
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    larger = page.evaluate("getComputedStyle(document.querySelector('article p')).fontSize")
    assert float(larger.rstrip("px")) >= 1.4 * float(size.rstrip("px"))
    page.goto(base_url + "units/")
    assert page.evaluate("document.documentElement.dataset.largeText") == "1"


def test_keyboard_reaches_the_search_box_and_content(page: Page, base_url: str) -> None:
    page.goto(base_url)
    focused = []
    for _ in range(12):
        page.keyboard.press("Tab")
        focused.append(page.evaluate("document.activeElement.id || document.activeElement.tagName"))
    assert "header-search" in focused


def test_phone_layout_has_no_sideways_scroll(browser: Any, base_url: str) -> None:
    context = browser.new_context(viewport=PHONE)
    tab = context.new_page()
    for path in ("", "documents/yantai-laishan-2023/tasks/6/", "units/"):
        tab.goto(base_url + path)
        width = tab.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], path
        expect(tab.locator("#header-search")).to_be_visible()
    context.close()


CONTRAST = (Path(__file__).parent / "contrast.js").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "path",
    ["", "documents/yantai-laishan-2023/tasks/6/", "units/yantai-laishan/fa-zhan-he-gai-ge-ju/"],
)
def test_text_contrast_meets_wcag_aa(page: Page, base_url: str, path: str) -> None:
    page.goto(base_url + path)
    assert page.evaluate(CONTRAST) == []


def test_not_found_page_is_chinese_with_search_and_ways_back(page: Page, base_url: str) -> None:
    page.goto(base_url + "404.html")
    expect(page.locator("h1")).to_have_text("页面不存在（404）")
    expect(page.locator("article a", has_text="返回首页")).to_be_visible()
    box = page.locator("#not-found-search")
    box.fill("发改局")
    box.press("Enter")
    expect(page).to_have_url(f"{base_url}search/?q={quote('发改局')}")


def test_focus_ring_in_the_red_header_is_white(page: Page, base_url: str) -> None:
    page.goto(base_url)
    box = page.locator("#header-search")
    box.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    colour = box.evaluate("element => getComputedStyle(element).outlineColor")
    assert colour == "rgb(255, 255, 255)"
