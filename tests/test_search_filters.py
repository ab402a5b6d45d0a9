"""The search page's filter list: values and totals from pagefind/filters.json, counts on demand.

On a large site Pagefind's filter files list every page (435 KB at 68,724 pages), so the page
lists the filters from the small file the build writes and fetches Pagefind's only once a reader
turns to the filters. A site built with GENERATOR_SEARCH_EAGER_FILTERS=0 behaves as a large one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from generator.publish.search import write_search_index
from generator.publish.search_filters import EAGER_ENV
from tests.browser_support import serve
from tests.conftest import publish_content
from tests.test_search_ranking import TASKS, WEST, built_page, write_content


def count_in(label: Any) -> str:
    """The number a filter value shows beside it ('' while none is known)."""
    return re.sub(r"\D", "", label.locator(".search-filter__count").inner_text())


def test_the_filter_list_names_every_value_with_its_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    for number in range(7):
        page = site / "units" / f"r{number % 3}" / f"u{number}" / "index.html"
        page.parent.mkdir(parents=True)
        year = str(2020 + number % 2)
        page.write_text(built_page(f"单位{number}", f"某{number % 3}区", year), encoding="utf-8")
    write_search_index(site)
    listing = json.loads((site / "pagefind" / "filters.json").read_text(encoding="utf-8"))
    assert listing["filters"] == {
        "类型": {"责任单位": 7},
        "地区": {"某0区": 3, "某1区": 2, "某2区": 2},
        "年份": {"2020": 4, "2021": 3},
    }
    assert listing["eager"] is True
    monkeypatch.setenv(EAGER_ENV, "0")
    write_search_index(site)
    again = json.loads((site / "pagefind" / "filters.json").read_text(encoding="utf-8"))
    assert again == {**listing, "eager": False}


@pytest.fixture(scope="module")
def lazy_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The two-government site of test_search_ranking, built as a large site's filters are."""
    root = tmp_path_factory.mktemp("search-filters")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(EAGER_ENV, "0")
        site = publish_content(write_content(root), root / "work")
    with serve(site) as url:
        yield url


def watch_filter_files(page: Page) -> list[str]:
    """Record every Pagefind filter file the page fetches."""
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url) if "/filter/" in r.url else None)
    return fetched


def test_a_large_sites_search_fetches_no_filter_file_until_the_filters_are_used(
    page: Page, lazy_site: str
) -> None:
    fetched = watch_filter_files(page)
    page.goto(lazy_site + "search/")
    task = page.locator("label", has=page.locator('input[name="kind"][value="任务"]'))
    # With nothing typed the totals are known from the list: every task of both documents.
    expect(task.locator(".search-filter__count")).to_have_text(f"（{2 * TASKS}）")
    box = page.locator("#search-input")
    box.fill("重点项目")
    box.press("Enter")
    expect(page.locator(".search-count")).to_have_text(re.compile(r"找到 \d+ 条结果"))
    assert page.locator(".search-list > li").count() > 0
    # Every value is still offered, with no number until the counts are fetched.
    region = page.locator("label", has=page.locator(f'input[name="region"][value="{WEST[0]}"]'))
    expect(region).to_be_visible()
    assert count_in(region) == ""
    assert fetched == []
    # Turning to the filters fetches them and counts this search's results per value.
    region.hover()
    expect(region.locator(".search-filter__count")).to_have_text(re.compile(r"（\d+）"))
    assert fetched
    count = int(count_in(region))
    region.locator("input").check()
    expect(page.locator(".search-count")).to_have_text(f"找到 {count} 条结果")


def test_a_shared_filtered_address_works_before_the_counts_load(page: Page, lazy_site: str) -> None:
    page.goto(lazy_site + f"search/?q=重点项目&kind=任务&region={WEST[0]}")
    expect(page.locator(".search-count")).to_have_text(f"找到 {TASKS} 条结果")
    expect(page.locator(f'input[name="region"][value="{WEST[0]}"]')).to_be_checked()
