"""Check a built site: every internal link and anchor resolves; nothing comes from elsewhere."""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from lxml import etree

from generator.messages import say
from generator.publish.pages import SiteTree, read_file, read_pages, site_tree

LINK_ATTRIBUTES = {"href", "src", "action", "srcset", "poster", "data"}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)""")
CSS_IMPORT = re.compile(r"""@import\s+['"]([^'"]+)""")


# What a link resolves to when it climbs above the site's root.
LEAVES = ".."
NOT_CHECKED = ("mailto:", "tel:", "data:", "javascript:")


@dataclass(frozen=True)
class PageRefs:
    """What one built page links to and offers as anchors, resolved without the filesystem."""

    ids: frozenset[str]
    # Each internal link as written, its site-relative target ('..' when it leaves the site)
    # and its fragment.
    links: tuple[tuple[str, str, str], ...]
    external: tuple[str, ...]


@dataclass
class SiteCheck:
    """What a check of a built site found."""

    broken: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)


@functools.lru_cache(maxsize=1 << 16)
def is_external(url: str) -> bool:
    """True for a URL that would make the browser contact another host."""
    # Cached: the same few hundred addresses recur on every page of a site.
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or parts.scheme in ("http", "https", "ftp", "ws", "wss")


@functools.lru_cache(maxsize=1 << 16)
def _link_parts(link: str) -> tuple[str, str, bool, bool] | None:
    """Split an internal link: unquoted path, fragment, whether it is this page, whether rooted."""
    if is_external(link) or link.startswith(NOT_CHECKED):
        return None
    parts = urlsplit(link)
    return unquote(parts.path), unquote(parts.fragment), link.startswith("#"), parts.path[:1] == "/"


def resolve(name: str, link: str) -> tuple[str, str] | None:
    """Return the site-relative target and fragment of a link on page name; None: not checked."""
    return _resolve_in(posixpath.dirname(name) or ".", name, link)


def _resolve_in(folder: str, name: str, link: str) -> tuple[str, str] | None:
    parts = _link_parts(link)
    if parts is None:
        return None
    path, fragment, here, rooted = parts
    if here:
        return name, fragment
    # Root-relative links (Material's 404 page) are resolved against the site root.
    path = path.lstrip("/")
    joined = path if rooted else f"{folder}/{path}"
    relative = posixpath.normpath(joined or ".")
    if relative.startswith(".."):
        return LEAVES, fragment
    return relative, fragment


def _addresses(name: str, value: str) -> list[str]:
    """Return the addresses in one link attribute: srcset lists several, each with its size."""
    if name != "srcset":
        return [value]
    candidates = (candidate.split() for candidate in value.split(","))
    return [words[0] for words in candidates if words]


def page_refs(root: Any, name: str) -> PageRefs:
    """Collect the links, element ids and references to other hosts of one parsed page."""
    if root is None:
        return PageRefs(frozenset(), (), ())
    links: list[str] = []
    ids: set[str] = set()
    # Inline CSS: style attributes and elements, and the text right after a <style> element
    # too (a stray one browsers forgive).
    styles: list[str] = []
    # One walk over the elements in Python beats one XPath per attribute name.
    for element in root.iter(etree.Element):
        for key, value in element.items():
            if key == "id":
                ids.add(value)
            elif key in LINK_ATTRIBUTES:
                links.extend(_addresses(key, value))
            elif key == "style":
                styles.append(value)
        if element.tag == "style":
            styles += [element.text or "", element.tail or ""]
    urls = links + [url for style in styles for url in CSS_URL.findall(style)]
    internal = []
    folder = posixpath.dirname(name) or "."
    for link in links:
        target = _resolve_in(folder, name, link)
        if target is not None:
            internal.append((link, *target))
    return PageRefs(frozenset(ids), tuple(internal), tuple(url for url in urls if is_external(url)))


def site_relative(url: str, site_url: str) -> str | None:
    """Turn an address of this site (under site_url, or under its path) into a root one."""
    # Canonical and share tags name pages absolutely, and the 404 page links from the site's
    # path (/rwgk/…): both are this site and are checked like any internal link.
    base = urlsplit(site_url).path or "/"
    if site_url and url.startswith(site_url):
        return "/" + url[len(site_url) :]
    if base != "/" and url.startswith(base):
        return "/" + url[len(base) :]
    return None


def own_links(
    name: str, page: PageRefs, site_url: str, allowed: tuple[str, ...]
) -> tuple[list[tuple[str, str, str]], list[str]]:
    """Split a page's references into internal links and other hosts, knowing the site's address.

    allowed lists the only other addresses a page may name (the ICP register, staff's links).
    """
    links, external = [], []
    for link, target, fragment in page.links:
        rooted = site_relative(link, site_url)
        resolved = resolve(name, rooted) if rooted is not None else None
        links.append((link, *resolved) if resolved else (link, target, fragment))
    for url in page.external:
        rooted = site_relative(url.strip(), site_url)
        resolved = resolve(name, rooted) if rooted is not None else None
        if resolved:
            links.append((url, *resolved))
        elif url.strip() not in allowed:
            external.append(url)
    return links, external


def check_site(
    site: Path,
    pages: Mapping[str, PageRefs] | None = None,
    site_url: str = "",
    allowed: tuple[str, ...] = (),
) -> SiteCheck:
    """Report broken internal links and anchors and references to other hosts in a built site.

    Addresses under site_url (content/site.yml) are this site's; allowed are the other
    addresses pages may link to.

    pages holds what the one pass over the built pages read (page_refs by site-relative name);
    a page it lacks is read here. Files are looked up in one listing of the site, never one
    filesystem call per link.
    """
    result = SiteCheck()
    tree = site_tree(site)
    names = tree.named(".html")
    known = dict(pages or {})
    missing = [name for name in names if name not in known]
    known.update(zip(missing, read_pages(site, missing, page_refs), strict=True))
    for name in names:
        links, external = own_links(name, known[name], site_url, allowed)
        result.external.extend(f"{name}: {url}" for url in external)
        for link, target, fragment in links:
            problem = _link_problem(site, tree, known, target, fragment)
            if problem is not None:
                result.broken.append(f"{name}: {link}{problem}")
    for name in tree.named(".css"):
        text = (site / name).read_text(encoding="utf-8", errors="replace")
        urls = CSS_URL.findall(text) + CSS_IMPORT.findall(text)
        result.external.extend(f"{name}: {url}" for url in urls if is_external(url))
    return result


def _link_problem(
    site: Path, tree: SiteTree, pages: dict[str, PageRefs], target: str, fragment: str
) -> str | None:
    """Return None when an internal link resolves, else why it does not."""
    if target == LEAVES:
        return say("publish.leaves_site")
    if target in tree.folders:
        target = "index.html" if target == "." else target + "/index.html"
    if target not in tree.files and target not in tree.folders:
        return say("publish.no_file")
    # Material's own controls (#__skip etc.) are resolved by its JavaScript.
    if fragment and not fragment.startswith("__") and posixpath.splitext(target)[1] == ".html":
        if target not in pages:
            pages[target] = page_refs(read_file(site, target), target)
        if fragment not in pages[target].ids:
            return say("publish.no_anchor")
    return None


def broken_links(site: Path) -> list[str]:
    """List 'file: link' for every internal link whose file or anchor does not exist."""
    return check_site(site).broken


def external_references(site: Path) -> list[str]:
    """List 'file: url' for every reference to another host in HTML and CSS files."""
    return check_site(site).external
