"""How pages read in Chromium: width on desktops, table text size, 大字版, cards on phones.

The site is built from the invented corpus of tests/reading_corpus.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser_support import PHONE, checked_tab, serve
from tests.conftest import publish_content
from tests.reading_corpus import LONG_SENTENCE, write_corpus

WIDE = {"width": 1366, "height": 900}

# Visible elements of the main column reaching past the right edge of the window. Column
# names kept for screen readers in a card table's clipped header do not count: they are
# never painted.
OVERFLOWING = """() => [...document.querySelectorAll('.md-main *')].filter(e => {
  const r = e.getBoundingClientRect();
  return r.width > 1 && r.height > 1 && r.right > window.innerWidth + 1 && !e.closest('thead');
}).map(e => e.tagName + '.' + e.className + ' ' + (e.textContent || '').slice(0, 20))"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The reading corpus published and served; yields its base URL."""
    root = tmp_path_factory.mktemp("reading-site")
    live = publish_content(write_corpus(root), root)
    with serve(live) as base:
        yield base


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A phone-sized tab; a script error on the page fails the test."""
    with checked_tab(browser, PHONE) as tab:
        yield tab


@pytest.fixture
def wide(browser: Any) -> Iterator[Any]:
    """A 1366 px wide tab, the most common desktop window."""
    with checked_tab(browser, WIDE) as tab:
        yield tab


def font_sizes(tab: Any) -> tuple[float, float]:
    """The font size in px of running text and of a table cell."""
    body, cell = tab.evaluate(
        """() => [
          parseFloat(getComputedStyle(document.querySelector('article p')).fontSize),
          parseFloat(getComputedStyle(document.querySelector('.md-typeset td')).fontSize)]"""
    )
    return float(body), float(cell)


@pytest.mark.parametrize("path", ["documents/", "units/", "indicators/"])
def test_list_pages_use_the_width_with_tables_at_text_size(wide: Any, site: str, path: str) -> None:
    wide.goto(site + path)
    width = wide.evaluate(
        "() => document.querySelector('article.md-content__inner').getBoundingClientRect().width"
    )
    assert width > 900
    body, cell = font_sizes(wide)
    assert cell >= 15 and cell >= body - 1


def test_tables_grow_with_large_text(wide: Any, site: str) -> None:
    wide.goto(site + "documents/")
    body, cell = font_sizes(wide)
    wide.click(".site-large-text")
    large_body, large_cell = font_sizes(wide)
    assert large_body > body * 1.3
    assert large_cell - cell >= large_body - body - 0.5


def key_cells_are_on_screen(tab: Any, key: str) -> None:
    """Every table naming the key column shows its cells inside the window, labelled."""
    cells = tab.evaluate(
        """(key) => {
          const found = [];
          document.querySelectorAll('.md-typeset table').forEach(table => {
            const names = [...table.tHead.rows[0].cells].map(th => th.textContent.trim());
            const column = names.indexOf(key);
            if (column < 0) return;
            [...table.tBodies[0].rows].forEach(row => {
              const cell = row.cells[column];
              const r = cell.getBoundingClientRect();
              found.push({left: r.left, right: r.right, width: r.width,
                label: cell.dataset.label, role: table.getAttribute('role'),
                before: getComputedStyle(cell, '::before').content,
                text: cell.textContent.trim()});
            });
          });
          return found;
        }""",
        key,
    )
    filled = [cell for cell in cells if cell["text"]]
    assert filled, f"no {key} cell"
    for cell in filled:
        assert cell["left"] >= 0 and cell["right"] <= PHONE["width"] and cell["width"] > 0, cell
        assert cell["label"] == key and key in cell["before"] and cell["role"] == "table", cell


@pytest.mark.parametrize(
    ("path", "key"),
    [
        ("documents/donghu-2024a/", "完成时限"),
        ("units/linjiang-donghu/tong-ji-ju/", "完成时限"),
        ("documents/", "任务数"),
        ("indicators/", "目标值"),
    ],
)
def test_phone_tables_are_cards_with_the_key_column_on_screen(
    phone: Any, site: str, path: str, key: str
) -> None:
    phone.goto(site + path)
    key_cells_are_on_screen(phone, key)
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert phone.evaluate(OVERFLOWING) == []


def test_phone_large_text_overflows_nothing(phone: Any, site: str) -> None:
    phone.goto(site + "documents/donghu-2024a/")
    phone.click(".site-large-text")
    key_cells_are_on_screen(phone, "完成时限")
    assert phone.evaluate(OVERFLOWING) == []


@pytest.mark.parametrize("size", ["wide", "phone"])
def test_task_heading_is_shown_whole(request: pytest.FixtureRequest, site: str, size: str) -> None:
    tab = request.getfixturevalue(size)
    tab.goto(site + "documents/donghu-2024a/tasks/4/")
    heading = tab.evaluate(
        """() => { const h = document.querySelector('article h1');
          return {text: h.textContent, scroll: h.scrollWidth, client: h.clientWidth,
                  clip: getComputedStyle(h).textOverflow}; }"""
    )
    assert LONG_SENTENCE in heading["text"] and "…" not in heading["text"]
    assert heading["scroll"] <= heading["client"] and heading["clip"] != "ellipsis"
    units = tab.locator("ul.unit-list li")
    assert units.count() == 2


def test_original_text_page_shows_no_file_path(wide: Any, site: str) -> None:
    wide.goto(site + "documents/nanhu-2024/source/")
    text = wide.inner_text("article")
    assert "content/" not in text and ".txt" not in text.split("左侧为行号")[0]
    assert "临江市南湖区人民政府办公室文件" in text and "# " not in text and "**" not in text


def test_phone_menu_still_opens_where_the_desktop_sidebar_is_hidden(phone: Any, site: str) -> None:
    phone.goto(site + "documents/")
    assert phone.evaluate("() => document.querySelector('.md-sidebar--primary').hidden")
    phone.click('.md-header label[for="__drawer"]')
    menu = phone.locator(".md-sidebar--primary a", has_text="责任单位").first
    # The drawer slides in; it must end up fully on screen.
    expect(menu).to_be_in_viewport(ratio=1)
