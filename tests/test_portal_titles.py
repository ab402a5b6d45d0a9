"""What a browser tab, a screen reader and a keyboard user meet first on the published site."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import yaml

from tests.conftest import ROOT

SITE_NAME = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_name"]
PAGES = (
    "index.html",
    "documents/index.html",
    "documents/yantai-laishan-2023/tasks/1/index.html",
    "units/index.html",
    "data/index.html",
    "404.html",
)


class Head(HTMLParser):
    """Collect the html lang, the <title> text and the skip link's text of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.title = ""
        self.skip = ""
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Note where the parts we want begin."""
        found = dict(attrs)
        if tag == "html":
            self.lang = found.get("lang")
        elif tag == "title":
            self._in = "title"
        elif tag == "a" and "md-skip" in (found.get("class") or "").split():
            self._in = "skip"

    def handle_endtag(self, tag: str) -> None:
        """Stop collecting at the end of the title or the link."""
        if tag in ("title", "a"):
            self._in = None

    def handle_data(self, data: str) -> None:
        """Keep the text of the part we are in."""
        if self._in == "title":
            self.title += data
        elif self._in == "skip":
            self.skip += data


def head(site: Path, page: str) -> Head:
    """Parse one built page."""
    parser = Head()
    parser.feed((site / page).read_text(encoding="utf-8"))
    return parser


def test_home_page_title_names_the_site_once(built_site: Path) -> None:
    assert head(built_site, "index.html").title.strip() == SITE_NAME


def test_other_pages_title_is_the_page_then_the_site(built_site: Path) -> None:
    for page in PAGES[1:-1]:
        title = head(built_site, page).title.strip()
        name, _, site = title.rpartition(" - ")
        assert site == SITE_NAME and name and name != SITE_NAME, (page, title)
        assert title.count(SITE_NAME) == 1, (page, title)


def test_every_page_declares_simplified_chinese_for_mainland_china(built_site: Path) -> None:
    for page in PAGES:
        assert head(built_site, page).lang == "zh-CN", page


def test_skip_link_says_where_it_goes(built_site: Path) -> None:
    skips = {page: head(built_site, page).skip.strip() for page in PAGES}
    # Material writes the link only on pages with headings; those it writes read 跳转至正文.
    assert skips["documents/index.html"] == "跳转至正文"
    assert {text for text in skips.values() if text} == {"跳转至正文"}
    # Material's other Chinese labels still come through (nothing fell back to English).
    home = (built_site / "documents/index.html").read_text(encoding="utf-8")
    assert "回到页面顶部" in home and "Back to top" not in home
