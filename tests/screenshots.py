"""Take screenshots of the home, a task and a unit page at desktop and phone widths.

Run with `make screenshots`; the PNGs land in build/screenshots/.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.browser_support import DESKTOP, PHONE, launch, serve

ROOT = Path(__file__).resolve().parent.parent


def first(site: Path, pattern: str) -> str:
    """The URL path of the first built page matching a glob, in sorted order."""
    matches = sorted(site.glob(pattern))
    if not matches:
        raise SystemExit(f"no page matches {pattern} in {site}: run `make site` first")
    return matches[0].parent.relative_to(site).as_posix() + "/"


def main(site: Path = ROOT / "site", out: Path = ROOT / "build" / "screenshots") -> int:
    """Write home/task/unit screenshots at both widths; print where they went."""
    pages = {
        "home": "",
        "task": first(site, "documents/*/tasks/1/index.html"),
        "unit": first(site, "units/*/fa-zhan-he-gai-ge-ju/index.html"),
    }
    out.mkdir(parents=True, exist_ok=True)
    with serve(site) as base, sync_playwright() as playwright:
        browser = launch(playwright)
        for width_name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            context = browser.new_context(viewport=viewport, device_scale_factor=1)
            page = context.new_page()
            for name, path in pages.items():
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                target = out / f"{name}-{width_name}.png"
                page.screenshot(path=str(target), full_page=False)
                print(target.relative_to(ROOT))
            context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
