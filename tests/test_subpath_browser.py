"""The site served under a sub-path (/sub/path/), its 404 page included, and the phone header."""

from __future__ import annotations

import functools
import io
import re
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser_support import DESKTOP, PHONE
from tests.portal_support import PORTAL_SETTINGS, build_small_site
from tests.test_accessibility import serious_violations

PREFIX = "/sub/path/"
RED_HEADER = "rgb(168, 32, 26)"


class SubPathHandler(SimpleHTTPRequestHandler):
    """Serve the site folder at PREFIX, and 404.html (status 404) for any missing address."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_head(self) -> Any:
        """Map PREFIX to the site folder as a web server's alias would."""
        if not self.path.startswith(PREFIX):
            self.send_error(404)
            return None
        self.path = "/" + self.path[len(PREFIX) :]
        target = Path(self.translate_path(self.path))
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            body = (Path(self.directory) / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)
        return super().send_head()


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Build the small site for http://…/sub/path/ and serve it there; yield that address."""
    work = tmp_path_factory.mktemp("subpath")
    server = ThreadingHTTPServer(("127.0.0.1", 0), SubPathHandler)
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    built = build_small_site(work, PORTAL_SETTINGS.format(site_url=origin + PREFIX))
    server.RequestHandlerClass = functools.partial(  # type: ignore[assignment]
        SubPathHandler, directory=str(built.site.resolve())
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield origin + PREFIX
    finally:
        server.shutdown()
        server.server_close()


def styled(page: Any) -> bool:
    """Whether the theme's stylesheets applied (the header is the house red)."""
    colour = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
    return bool(colour == RED_HEADER)


def test_pages_work_under_a_sub_path(page: Any, base_url: str) -> None:
    response = page.goto(base_url + "documents/")
    assert response.status == 200 and styled(page)
    page.get_by_role("link", name="江北区2024年政府工作报告重点任务分工方案").first.click()
    page.wait_for_url(base_url + "documents/jiangbei-2024/")
    assert styled(page)
    assert page.locator("link[rel=icon]").get_attribute("href") is not None
    icon = page.evaluate("document.querySelector('link[rel=icon]').href")
    assert icon == base_url + "assets/images/favicon.svg"
    assert page.request.get(icon).status == 200


@pytest.mark.parametrize("missing", ["nothing-here", "documents/jiangbei-2024/tasks/99/a/b/"])
def test_a_missing_page_shows_the_styled_404_and_its_links_work(
    page: Any, base_url: str, missing: str
) -> None:
    response = page.goto(base_url + missing)
    assert response.status == 404
    assert styled(page)
    assert page.locator("h1").inner_text() == "页面不存在（404）"
    assert "主办单位：江北区人民政府办公室" in page.locator(".site-portal").inner_text()
    page.get_by_role("link", name="全部文件").first.click()
    page.wait_for_url(base_url + "documents/")
    # Material's instant navigation changes the address before it swaps the article in.
    expect(page.locator("article")).to_contain_text("江北区2024年政府工作报告")
    assert styled(page)
    # The 404 page's search goes to this site's search page, under the sub-path too.
    page.goto(base_url + missing)
    page.locator("#not-found-search").fill("老旧小区")
    page.locator("#not-found-search").press("Enter")
    page.wait_for_url(re.compile(re.escape(base_url + "search/") + r"\?q="))
    assert styled(page)


def test_the_site_name_shows_in_full_on_a_phone(browser: Any, base_url: str) -> None:
    context = browser.new_context(viewport=PHONE)
    tab = context.new_page()
    try:
        for address in ("", "documents/jiangbei-2024/tasks/1/"):
            tab.goto(base_url + address)
            name = tab.locator(".md-header__topic").first.locator(".md-ellipsis")
            assert name.inner_text().replace("\n", "") == "政府工作报告任务公开"
            fits = tab.evaluate(
                """() => {
                  const name = document.querySelector('.md-header__topic .md-ellipsis');
                  const box = name.getBoundingClientRect();
                  const header = document.querySelector('.md-header').getBoundingClientRect();
                  const search = document.querySelector('.site-header-search');
                  const right = search ? search.getBoundingClientRect().left : header.right;
                  return name.scrollWidth <= name.clientWidth + 1
                    && name.scrollHeight <= name.clientHeight + 1
                    && box.top >= header.top && box.bottom <= header.bottom
                    && box.left >= 0 && box.right <= right;
                }"""
            )
            assert fits, address
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_footer_header_and_404_pass_axe(browser: Any, base_url: str, viewport: Any) -> None:
    context = browser.new_context(viewport=viewport)
    tab = context.new_page()
    try:
        for address in ("", "documents/jiangbei-2024/tasks/2/", "no/such/page/"):
            tab.goto(base_url + address)
            assert serious_violations(tab) == [], address
    finally:
        context.close()
