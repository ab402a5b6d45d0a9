"""Screenshot every kind of page at desktop and phone widths, in both text sizes.

Run with `make screenshots`; the PNGs land in build/screenshots/, named page-width-size.png
(home-1366-normal.png, task-390-large.png …). `python -m tests.screenshots SITE OUT` takes
another built site and output folder.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

from tests.browser_support import launch, serve

ROOT = Path(__file__).resolve().parent.parent
WIDTHS = {"1366": {"width": 1366, "height": 900}, "390": {"width": 390, "height": 844}}
# Normal text and 大字版 (site.js keeps the choice in localStorage).
TEXT_SIZES = {"normal": "0", "large": "1"}
# A long page is cut after this many screens: enough to judge its layout, not a poster.
SCREENS = 3
SEARCH_QUERY = "发展"


def first(site: Path, pattern: str) -> str:
    """The URL path of the first built page matching a glob, in sorted order."""
    matches = sorted(site.glob(pattern))
    if not matches:
        raise SystemExit(f"no page matches {pattern} in {site}: run `make site` first")
    return matches[0].parent.relative_to(site).as_posix() + "/"


def page_paths(site: Path) -> dict[str, str]:
    """One URL path per kind of page; the unit and leader with the most tasks look typical."""
    return {
        "home": "",
        "document": first(site, "documents/*/index.html"),
        "task": first(site, "documents/*/tasks/1/index.html"),
        "unit": busiest(site, "units/*/*/index.html"),
        "leader": busiest(site, "leaders/*/*/index.html"),
        "indicator": busiest(site, "indicators/*/index.html"),
        "search": "search/",
        "data": "data/",
        "404": "404.html",
    }


def busiest(site: Path, pattern: str) -> str:
    """The page matching pattern with the largest HTML file (most tasks), ties by path."""
    matches = sorted(site.glob(pattern), key=lambda p: (-p.stat().st_size, p.as_posix()))
    if not matches:
        raise SystemExit(f"no page matches {pattern} in {site}: run `make site` first")
    return matches[0].parent.relative_to(site).as_posix() + "/"


def show(tab: Any, base: str, name: str, path: str) -> None:
    """Open a page as a visitor would; on the search page, type a query and wait for results."""
    tab.goto(base + path)
    tab.wait_for_load_state("networkidle")
    if name == "search":
        box = tab.locator("#site-search input[type=search]").first
        box.fill(SEARCH_QUERY)
        box.press("Enter")
        results = "#site-search .search-list > li, #site-search .pagefind-ui__result"
        tab.locator(results).first.wait_for(timeout=15000)
        tab.wait_for_load_state("networkidle")


def shoot(tab: Any, target: Path, viewport: dict[str, int]) -> None:
    """Save the page from its top, at most SCREENS screens long."""
    height = tab.evaluate("document.documentElement.scrollHeight")
    clip = {
        "x": 0,
        "y": 0,
        "width": viewport["width"],
        "height": min(height, viewport["height"] * SCREENS),
    }
    # Transitions run to their end: a tall capture must not catch the tabs mid-fade.
    tab.screenshot(path=str(target), full_page=True, clip=clip, animations="disabled")


def main(site: Path = ROOT / "site", out: Path = ROOT / "build" / "screenshots") -> int:
    """Write every page type at both widths and text sizes; print where each went."""
    pages = page_paths(site)
    out.mkdir(parents=True, exist_ok=True)
    with serve(site) as base, sync_playwright() as playwright:
        browser = launch(playwright)
        for width, viewport in WIDTHS.items():
            for size, stored in TEXT_SIZES.items():
                context = browser.new_context(viewport=viewport, device_scale_factor=1)
                context.add_init_script(
                    f"try{{localStorage.setItem('large-text','{stored}')}}catch(e){{}}"
                )
                tab = context.new_page()
                for name, path in pages.items():
                    show(tab, base, name, path)
                    target = out / f"{name}-{width}-{size}.png"
                    shoot(tab, target, viewport)
                    print(target)
                context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    arguments = [Path(argument) for argument in sys.argv[1:3]]
    sys.exit(main(*arguments))
