"""Accessibility in a real browser: axe-core on every page type, and the phone menu by keyboard.

axe-core comes bundled in the axe-playwright-python package (no CDN); it is injected into each
page and run after the page's own scripts, at desktop and phone widths, in both text sizes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.base import AXE_SCRIPT

from tests.browser_support import PHONE, serve

DESKTOP_WIDE = {"width": 1366, "height": 900}
WIDTHS = {"1366": DESKTOP_WIDE, "390": PHONE}
# What a visitor can pick: the normal page and 大字版 (kept in localStorage by site.js).
TEXT_SIZES = {"normal": "0", "large": "1"}
BLOCKING = ("serious", "critical")


def first_page(site: Path, pattern: str) -> str:
    """The URL path of the first built page matching a glob, in sorted order."""
    matches = sorted(site.glob(pattern))
    assert matches, f"no page matches {pattern}"
    return matches[0].parent.relative_to(site).as_posix() + "/"


def page_types(site: Path) -> dict[str, str]:
    """One URL path for each kind of page the site has."""
    return {
        "home": "",
        "document": first_page(site, "documents/*/index.html"),
        "source": first_page(site, "documents/*/source/index.html"),
        "task": first_page(site, "documents/*/tasks/1/index.html"),
        "unit": first_page(site, "units/*/*/index.html"),
        "leader": first_page(site, "leaders/*/*/index.html"),
        "indicators": "indicators/",
        "indicator": first_page(site, "indicators/*/index.html"),
        "search": "search/",
        "data": "data/",
        "404": "404.html",
    }


@pytest.fixture(scope="module")
def site_url(built_site: Path) -> Iterator[str]:
    """The published default corpus, served on localhost."""
    with serve(built_site) as base:
        yield base


def open_tab(browser: Any, viewport: dict[str, int], large: str) -> Any:
    """A new tab at this size, with 大字版 switched on or off as a visitor left it."""
    context = browser.new_context(viewport=viewport)
    context.add_init_script(f"try{{localStorage.setItem('large-text','{large}')}}catch(e){{}}")
    return context


def search_with_results(tab: Any, base: str) -> None:
    """Type a query into the search page the way a visitor does and wait for results."""
    tab.goto(base + "search/")
    box = tab.locator("#site-search input[type=search]").first
    box.wait_for()
    box.fill("发展")
    box.press("Enter")
    results = "#site-search .search-list > li, #site-search .pagefind-ui__result"
    tab.locator(results).first.wait_for(timeout=15000)


def serious_violations(tab: Any) -> list[str]:
    """Run axe-core on the current page; describe each serious or critical violation."""
    if not tab.evaluate("typeof window.axe !== 'undefined'"):
        tab.add_script_tag(content=AXE_SCRIPT)
    result = tab.evaluate("axe.run(document, {resultTypes: ['violations']})")
    problems = []
    for violation in result["violations"]:
        if violation["impact"] not in BLOCKING:
            continue
        for node in violation["nodes"][:5]:
            summary = node.get("failureSummary", "").replace("\n", " ")
            problems.append(
                f"{violation['id']} ({violation['impact']}): {node['target']} {summary}"
            )
    return problems


@pytest.mark.parametrize("size", sorted(TEXT_SIZES))
@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_no_serious_axe_violations_on_any_page_type(
    browser: Any, built_site: Path, site_url: str, width: str, size: str
) -> None:
    """Every kind of page passes axe-core without serious or critical violations."""
    context = open_tab(browser, WIDTHS[width], TEXT_SIZES[size])
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    found: dict[str, list[str]] = {}
    try:
        for name, path in page_types(built_site).items():
            if name == "search":
                search_with_results(tab, site_url)
            else:
                tab.goto(site_url + path)
                tab.wait_for_load_state("networkidle")
            large = tab.evaluate("document.documentElement.dataset.largeText === '1'")
            assert large == (size == "large"), f"{name}: 大字版 not as chosen"
            problems = serious_violations(tab)
            if problems:
                found[name] = problems
    finally:
        context.close()
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)
    assert errors == []


def focused(tab: Any) -> str:
    """Describe the element that has keyboard focus."""
    description: str = tab.evaluate(
        "(() => { const e = document.activeElement; if (!e) return '';"
        " return e.tagName.toLowerCase() + '|' + (e.getAttribute('for') || '') + '|'"
        " + (e.getAttribute('aria-label') || e.textContent.trim().slice(0, 20)); })()"
    )
    return description


@pytest.mark.parametrize("size", sorted(TEXT_SIZES))
def test_phone_menu_is_reached_with_tab_and_works_by_keyboard(
    browser: Any, site_url: str, size: str
) -> None:
    """At 390 px Tab reaches the menu button; Enter opens the menu, Escape closes it."""
    context = open_tab(browser, PHONE, TEXT_SIZES[size])
    tab = context.new_page()
    try:
        tab.goto(site_url)
        tab.wait_for_load_state("networkidle")
        stops = []
        for _ in range(8):
            tab.keyboard.press("Tab")
            stops.append(focused(tab))
            if stops[-1].startswith("label|__drawer|"):
                break
        assert stops[-1].startswith("label|__drawer|"), stops
        assert "导航菜单" in stops[-1]
        ring = tab.evaluate(
            "(() => { const s = getComputedStyle(document.activeElement);"
            " return [s.outlineStyle, s.outlineWidth]; })()"
        )
        assert ring[0] != "none" and ring[1] != "0px", ring
        button = tab.locator('.md-header label[for="__drawer"]')
        assert button.get_attribute("aria-expanded") == "false"
        drawer_link = tab.locator(".md-sidebar--primary a[href]").first
        assert not drawer_link.is_visible() or not drawer_link.evaluate(
            "a => a.getBoundingClientRect().right > 0"
        )

        tab.keyboard.press("Enter")
        assert tab.locator("#__drawer").is_checked()
        assert button.get_attribute("aria-expanded") == "true"
        tab.wait_for_function(
            "document.querySelector('.md-sidebar--primary a[href]')"
            ".getBoundingClientRect().left >= 0"
        )
        # Focus moved into the open menu, so the next Tab walks its links.
        assert tab.evaluate(
            "document.querySelector('.md-sidebar--primary').contains(document.activeElement)"
        )

        tab.keyboard.press("Escape")
        assert not tab.locator("#__drawer").is_checked()
        assert focused(tab).startswith("label|__drawer|")

        tab.keyboard.press(" ")
        assert tab.locator("#__drawer").is_checked()
        tab.keyboard.press("Escape")

        # The mouse still works as Material made it.
        button.click()
        assert tab.locator("#__drawer").is_checked()
        assert button.get_attribute("aria-expanded") == "true"
    finally:
        context.close()


def test_closed_phone_menu_is_not_in_the_tab_order(browser: Any, site_url: str) -> None:
    """While the phone menu is shut, Tab never lands on a link hidden off screen in it."""
    context = open_tab(browser, PHONE, "0")
    tab = context.new_page()
    try:
        tab.goto(site_url)
        tab.wait_for_load_state("networkidle")
        for _ in range(25):
            tab.keyboard.press("Tab")
            inside = tab.evaluate(
                "document.querySelector('.md-sidebar--primary').contains(document.activeElement)"
            )
            assert not inside, focused(tab)
    finally:
        context.close()
