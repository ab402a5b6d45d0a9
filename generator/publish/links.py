"""Check a built site: every internal link and anchor resolves; nothing comes from elsewhere."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.messages import say

LINK_ATTRIBUTES = {"href", "src", "action", "srcset", "poster", "data"}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)""")
CSS_IMPORT = re.compile(r"""@import\s+['"]([^'"]+)""")


class _Page(HTMLParser):
    """Collect the links, element ids and inline styles of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.add(value)
            elif name in LINK_ATTRIBUTES:
                self.links.append(value)
            elif name == "style":
                self.styles.append(value)
        self._in_style = tag == "style"

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


@dataclass
class SiteCheck:
    """What a check of a built site found."""

    broken: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8", errors="replace"))
    page.close()
    return page


def is_external(url: str) -> bool:
    """True for a URL that would make the browser contact another host."""
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or parts.scheme in ("http", "https", "ftp", "ws", "wss")


def site_relative(url: str, site_url: str) -> str:
    """Turn an address of this site (under site_url, or its path) into one from the site root."""
    # Canonical and share tags name pages absolutely, and the 404 page links from the site's
    # path (/rwgk/…): both are this site, checked like any internal link.
    base = urlsplit(site_url).path or "/"
    if site_url and url.startswith(site_url):
        return "/" + url[len(site_url) :]
    if base != "/" and url.startswith(base):
        return "/" + url[len(base) :]
    return url


def check_site(site: Path, site_url: str = "", allowed: tuple[str, ...] = ()) -> SiteCheck:
    """Parse every page once; report broken internal links and references to other hosts.

    Addresses under site_url count as internal; allowed lists the only other addresses a page
    may name (the ICP register, staff's own links from content/site.yml).
    """
    result = SiteCheck()
    pages = {path: _parse(path) for path in sorted(site.rglob("*.html"))}
    for path, page in pages.items():
        name = path.relative_to(site).as_posix()
        page.links = [site_relative(link, site_url) for link in page.links]
        urls = page.links + [u for style in page.styles for u in CSS_URL.findall(style)]
        result.external.extend(
            f"{name}: {u}" for u in urls if is_external(u) and u.strip() not in allowed
        )
        for link in page.links:
            problem = _link_problem(site, path, link, pages)
            if problem:
                result.broken.append(f"{name}: {link}{problem}")
    for path in sorted(site.rglob("*.css")):
        text = path.read_text(encoding="utf-8", errors="replace")
        urls = CSS_URL.findall(text) + CSS_IMPORT.findall(text)
        result.external.extend(f"{path.relative_to(site)}: {u}" for u in urls if is_external(u))
    return result


def _link_problem(site: Path, path: Path, link: str, pages: dict[Path, _Page]) -> str | None:
    """Return None when an internal link resolves, else why it does not."""
    if is_external(link) or link.startswith(("mailto:", "tel:", "data:", "javascript:")):
        return None
    parts = urlsplit(link)
    if link.startswith("#"):
        target = path
    else:
        # Root-relative links (Material's 404 page) are resolved against the site root.
        here = path.parent.relative_to(site).as_posix()
        base = "" if parts.path.startswith("/") else here
        relative = posixpath.normpath(posixpath.join(base, unquote(parts.path).lstrip("/")) or ".")
        if relative.startswith(".."):
            return say("publish.leaves_site")
        target = site / relative
        if target.is_dir():
            target = target / "index.html"
    if not target.exists():
        return ""
    fragment = unquote(parts.fragment)
    # Material's own controls (#__skip etc.) are resolved by its JavaScript.
    if fragment and not fragment.startswith("__") and target.suffix == ".html":
        ids = pages[target].ids if target in pages else _parse(target).ids
        if fragment not in ids:
            return say("publish.no_anchor")
    return None


def broken_links(site: Path) -> list[str]:
    """List 'file: link' for every internal link whose file or anchor does not exist."""
    return check_site(site).broken


def external_references(site: Path) -> list[str]:
    """List 'file: url' for every reference to another host in HTML and CSS files."""
    return check_site(site).external
