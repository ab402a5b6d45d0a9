"""Build the search index of a built site: Pagefind records with Chinese split into character pairs.

Pagefind's own Chinese segmentation splits a page one way when indexing and the browser splits the
query another way, so 发改局 and task phrases were missed (see README, "Search"). Here every run
of Chinese characters becomes its overlapping pairs (区发改局 → 区发 发改 改局), both in the
index and, by theme/assets/javascripts/search.js, in the query: any name or phrase of two or more
characters is found wherever it occurs, with no dictionary to keep up to date. Each pair is
written as an ASCII token (c + two 5-digit code points) because Pagefind's word splitter would
otherwise cut the pair back into single characters.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

from lxml import etree

from generator.errors import GeneratorError
from generator.messages import say
from generator.publish.pagefind_order import PagefindFormatError, order_filters
from generator.publish.pages import parse_html, read_pages, site_tree, workers
from generator.publish.search_compact import compact_index
from generator.publish.search_filters import write_filter_list
from generator.publish.search_merge import merge_bundles

CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
SPACES = re.compile(r"\s+")
SKIPPED_TAGS = {"nav", "script", "style", "template", "button", "form"}
VOID_TAGS = {"br", "hr", "img", "input", "meta", "link", "source", "wbr", "col", "area"}
SUMMARY_LENGTH = 140
# The title's and other names' pairs, repeated in an element of the highest weight: a page
# named 发改局, or known by it (区发展和改革局), ranks above the pages that mention it.
TITLE_REPEAT = 3
TITLE_WEIGHT = 10
TASK_KIND = "任务"
KINDS = (
    (re.compile(r"^documents/[^/]+/tasks/"), TASK_KIND),
    (re.compile(r"^documents/[^/]+/$"), "文件"),
    (re.compile(r"^units/[^/]+/[^/]+/$"), "责任单位"),
    (re.compile(r"^leaders/[^/]+/[^/]+/$"), "领导"),
    (re.compile(r"^indicators/[^/]+/$"), "指标"),
)


# Meta tags of a built page that name its filter values, and the PageText list they fill.
FILTER_META = {"search-region": "regions", "search-year": "years"}
# The search page's filter groups (theme/assets/javascripts/search.js uses the same names).
KIND_FILTER, REGION_FILTER, YEAR_FILTER = "类型", "地区", "年份"


def record_filters(kind: str, regions: list[str], years: list[str]) -> dict[str, list[str]]:
    """Return a page's search filters: its kind, the regions and the years it belongs to."""
    return {
        KIND_FILTER: [kind],
        REGION_FILTER: sorted({r for r in regions if r}),
        YEAR_FILTER: sorted({y for y in years if y}),
    }


def result_summary(summary: str, context: str) -> str:
    """Drop from a result's summary what its context line already says (a leader's region)."""
    if not context:
        return summary
    for part in (context, *context.split(" · ")):
        part = part.strip()
        if part and summary.startswith(part):
            return summary[len(part) :].lstrip(" ·，,：:").strip() or summary
    return summary


def weighted_terms(title: str, keywords: str) -> str:
    """Return the index terms searched with the title's weight: the title and every other name."""
    return search_terms(title + " " + keywords)


NUMBER = re.compile(r"\d+(?:\.\d+)?%?")


def number_terms(match: re.Match[str]) -> str:
    """Make a number one term as written: 5.5 → n5d5x, and 5.5% also → n5d5px.

    Pagefind would cut 5.5 at the dot and match 55 (第55项); a whole-number term cannot. It
    matches a query's words as prefixes, so each term ends in x: 2 must not find 2023, nor 5.5
    find 5.56.
    """
    written = match.group(0)
    term = "n" + written.rstrip("%").replace(".", "d")
    return f" {term}x {term}px " if written.endswith("%") else f" {term}x "


def search_terms(text: str) -> str:
    """Rewrite text as index terms: numbers as written, Chinese runs as character pairs."""
    folded = NUMBER.sub(number_terms, unicodedata.normalize("NFKC", text).lower())

    def pairs(match: re.Match[str]) -> str:
        codes = [f"{ord(char):05d}" for char in match.group(0)]
        if len(codes) == 1:
            return f" c{codes[0]} "
        return " " + " ".join(f"c{codes[i]}{codes[i + 1]}" for i in range(len(codes) - 1)) + " "

    return SPACES.sub(" ", CJK_RUN.sub(pairs, folded)).strip()


class SearchIndexError(GeneratorError):
    """Pagefind could not write the index."""


@dataclass
class PageText:
    """The searchable parts of one built page."""

    title: str = ""
    summary: str = ""
    context: str = ""
    # What people type for this page besides its title: GDP for 地区生产总值, its target values.
    keywords: str = ""
    text: list[str] = field(default_factory=list)
    # The search page's filters 地区 and 年份 (site/facets.py, written as meta tags).
    regions: list[str] = field(default_factory=list)
    years: list[str] = field(default_factory=list)
    # A summary the page states outright (site/facets.py), before any taken from its text.
    stated_summary: str = ""


BLOCK_TAGS = ("p", "li", "td", "th", "div", "h1", "h2", "h3", "h4", "tr")
_BODIES = etree.XPath("//*[@data-pagefind-body]")


def read_meta(page: PageText, name: str | None, content: str | None) -> None:
    """Fill page from one <meta name=… content=…> of a built page."""
    if name == "search-context":
        page.context = content or ""
    if name == "search-keywords":
        page.keywords = content or ""
    if name == "search-summary":
        page.stated_summary = content or ""
    if name in FILTER_META:
        getattr(page, FILTER_META[name or ""]).append(content or "")


class _TextWalk:
    """Collect the title, summary and text inside a page's data-pagefind-body elements.

    The text is what a reader sees: nothing from nav, scripts, forms or data-pagefind-ignore,
    and a space wherever a block (paragraph, cell, list item) ends.
    """

    def __init__(self, hosts: set[Any]) -> None:
        # The bodies and every element around one: only these are walked element by element.
        self.hosts = hosts
        self.text: list[str] = []
        self.title: list[str] = []
        self.summary: list[str] = []
        self.first_paragraph: list[str] = []

    def visit(self, element: Any, roles: tuple[bool, bool, bool, bool, bool]) -> None:
        """Walk one element; roles: (in a body, skipped, in the title, summary, first paragraph)."""
        tag = element.tag
        if tag in VOID_TAGS:
            return
        body, skipped, title, summary, paragraph = roles
        if not body and element not in self.hosts:
            # Nothing in here is searchable: only whether a block ends in it can matter.
            if next(element.iter(*BLOCK_TAGS), None) is not None:
                self.text.append(" ")
            return
        if element.get("data-pagefind-body") is not None:
            body = True
        elif tag == "h1":
            title = True
        elif element.get("data-search-summary") is not None:
            summary = True
        elif tag == "p" and not self.first_paragraph and element.get("class") != "data-updated":
            # The date line every page ends with (site/progress_pages.py) summarises nothing.
            paragraph = True
        skipped = skipped or tag in SKIPPED_TAGS or element.get("data-pagefind-ignore") is not None
        inner = (body, skipped, title, summary, paragraph)
        if element.text:
            self.data(element.text, inner)
        for child in element:
            if isinstance(child.tag, str):
                self.visit(child, inner)
            if child.tail:
                self.data(child.tail, inner)
        if tag in BLOCK_TAGS:
            self.text.append(" ")

    def data(self, data: str, roles: tuple[bool, bool, bool, bool, bool]) -> None:
        """Take one run of text in the place roles describe."""
        body, skipped, title, summary, paragraph = roles
        if not body or skipped:
            return
        self.text.append(data)
        if title:
            self.title.append(data)
        if summary:
            self.summary.append(data)
        if paragraph:
            self.first_paragraph.append(data)


def page_text(root: Any) -> PageText | None:
    """Return the searchable text of a parsed page, or None when it is not to be indexed."""
    if root is None:
        return None
    bodies = [element for element in _BODIES(root) if element.tag not in VOID_TAGS]
    if not bodies:
        return None
    page = PageText()
    for meta in root.iter("meta"):
        read_meta(page, meta.get("name"), meta.get("content"))
    hosts = set(bodies)
    for body in bodies:
        hosts.update(body.iterancestors())
    walk = _TextWalk(hosts)
    walk.visit(root, (False, False, False, False, False))
    page.text = ["".join(walk.text)]
    page.title = SPACES.sub(" ", "".join(walk.title)).strip()
    stated = [page.stated_summary] if page.stated_summary else []
    summary = SPACES.sub(" ", "".join(stated or walk.summary or walk.first_paragraph)).strip()
    if len(summary) > SUMMARY_LENGTH:
        summary = summary[:SUMMARY_LENGTH] + "…"
    page.summary = summary
    return page


def read_page(text: str) -> PageText | None:
    """Return the searchable text of a built page, or None when it is not to be indexed."""
    return page_text(parse_html(text))


def page_kind(url: str) -> str:
    """Name the kind of page a URL is, for the search filter: 任务, 责任单位, 领导 …."""
    for pattern, kind in KINDS:
        if pattern.search(url):
            return kind
    return "其他"


def stub_page(page: PageText, kind: str) -> str:
    """The page as Pagefind should index it: pair terms to search, the real text as metadata."""
    # A task's title is its first words, not a name people type: only named pages repeat it.
    repeat = 1 if kind == TASK_KIND else TITLE_REPEAT
    weighted = " ".join([weighted_terms(page.title, page.keywords)] * repeat)
    content = search_terms("".join(page.text))
    # Metadata sits in an ignored block: shown in results, never indexed as words.
    meta = "".join(
        f'<span data-pagefind-meta="{name}">{html.escape(value)}</span>'
        for name, value in (
            ("title", page.title),
            ("summary", result_summary(page.summary, page.context)),
            ("kind", kind),
            ("context", page.context),
        )
        if value
    )
    filters = "".join(
        f'<span data-pagefind-filter="{name}">{html.escape(value)}</span>'
        for name, values in record_filters(kind, page.regions, page.years).items()
        for value in values
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title></title></head>'
        f'<body><main data-pagefind-body><h1 data-pagefind-weight="{TITLE_WEIGHT}">'
        f"{html.escape(weighted)}</h1><p>{html.escape(content)}</p>"
        f"<div data-pagefind-ignore>{meta}{filters}</div></main></body></html>\n"
    )


def page_stub(root: Any, name: str) -> str | None:
    """Return the stub Pagefind indexes for one parsed page (site-relative name), or None."""
    if posixpath.basename(name) != "index.html":
        return None
    page = page_text(root)
    if page is None:
        return None
    return stub_page(page, page_kind((posixpath.dirname(name) or ".") + "/"))


def index_pages(site: Path) -> list[str]:
    """Return the site-relative names of the pages that may be indexed (every index.html)."""
    pages = site_tree(site).named("index.html")
    return [name for name in pages if posixpath.basename(name) == "index.html"]


# Past GROUP_FROM pages the site is indexed in groups of at most SEARCH_GROUP_PAGES, one
# Pagefind process each (side by side), each group's bundle kept for the next build, and the
# groups merged. Pagefind holds every page of a run in memory (about 190 KB a page before pages
# left out their lists of other pages, STYLE.md), so groups bound its memory, and a changed
# document re-indexes its group only. Below GROUP_FROM one run is quicker from nothing: the merge
# costs 3-4 s at 6,894 pages. At 68,724 pages, groups of 1,500 rather than 8,000 took 13 s more
# from nothing (199 s against 186 s) and 17 s less after one task changed (104 s against 121 s).
GROUP_FROM = 8000
SEARCH_GROUP_PAGES = 1500
# Set to a number of pages to index in groups of that size (tests) past that many pages.
GROUP_ENV = "GENERATOR_SEARCH_GROUP"
# Bump when what a group's bundle holds changes beyond its stubs and the Pagefind version.
GROUP_FORMAT = "1"


def told_group() -> int | None:
    """Return the group size GROUP_ENV sets, or None."""
    told = os.environ.get(GROUP_ENV, "")
    return int(told) if told.isdigit() and int(told) > 0 else None


def group_size() -> int:
    """Return how many pages one Pagefind process may index."""
    return told_group() or SEARCH_GROUP_PAGES


def grouped_from() -> int:
    """Return past how many pages a site is indexed in groups."""
    return told_group() or GROUP_FROM


def search_groups(
    names: list[str], group_of: Callable[[str], str | None], size: int
) -> list[list[str]]:
    """Cut pages into groups of at most size pages, keeping a government's pages together.

    The pages no government owns (home, indexes, indicators) are a group of their own: they
    change with every document, and a change to one document then re-indexes that group and
    its government's. Pages of one owner that alone exceed size are cut in path order, so
    memory stays bounded.
    """
    if len(names) <= size:
        return [names]
    owned: dict[str, list[str]] = {}
    for name in names:
        owned.setdefault(group_of(name) or "", []).append(name)
    groups: list[list[str]] = []
    current: list[str] = []
    for key in sorted(owned):
        pages = owned[key]
        for start in range(0, len(pages), size):
            part = pages[start : start + size]
            if current and len(current) + len(part) > size:
                groups.append(current)
                current = []
            current.extend(part)
        if not key:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def run_pagefind(stubs: Mapping[str, str], scratch: Path, out: Path) -> None:
    """Index the stubs (site-relative name: page) with one Pagefind process into out."""
    # One process writes them, in the given order: Pagefind numbers pages in the order it
    # finds them, and a fixed order keeps the index byte-identical from build to build.
    for name, stub in stubs.items():
        target = scratch / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(stub, encoding="utf-8")
    # The pagefind command, not its Python API: the API answers one record at a time and took
    # 70 s for 700 pages; the command takes about one second.
    command = [sys.executable, "-m", "pagefind", "--site", str(scratch)]
    command += ["--output-path", str(out.resolve()), "--silent"]
    result = subprocess.run(command, check=False, capture_output=True, text=True)
    if result.returncode != 0:
        raise SearchIndexError(say("publish.pagefind_failed", error=result.stderr.strip()))
    # Pagefind writes filter values in a different order on every run.
    order_filters(out.resolve())


def group_digest(stubs: Mapping[str, str]) -> str:
    """Hash what a group's bundle is made from: its pages, in order, and the Pagefind version."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{GROUP_FORMAT}\0{version('pagefind')}\0".encode())
    for name, stub in stubs.items():
        digest.update(f"{name}\0{stub}\0".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


# Each kept bundle's files and sizes, written when it was made: a bundle whose files no longer
# match (a full disk, an interrupted copy) is indexed again rather than merged.
BUNDLE_FILES = ".files.json"


def bundle_files(bundle: Path) -> list[tuple[str, int]]:
    """List a bundle's files (relative names) with their sizes, its own listing left out."""
    found = []
    for folder, _, names in os.walk(bundle):
        for name in names:
            path = Path(folder) / name
            relative = path.relative_to(bundle).as_posix()
            if relative != BUNDLE_FILES:
                found.append((relative, path.stat().st_size))
    return sorted(found)


def intact(bundle: Path) -> bool:
    """Say whether a kept bundle still holds exactly the files it was written with."""
    try:
        listed = json.loads((bundle / BUNDLE_FILES).read_text(encoding="utf-8"))
        return isinstance(listed, dict) and sorted(listed.items()) == bundle_files(bundle)
    except (OSError, ValueError):
        return False


def grouped_bundles(groups: list[dict[str, str]], cache: Path, scratch: Path) -> list[Path]:
    """Return each group's Pagefind bundle from cache, indexing the groups that changed.

    The groups are indexed side by side; bundles no group uses any more are deleted.
    """
    cache.mkdir(parents=True, exist_ok=True)
    digests = [group_digest(stubs) for stubs in groups]
    for old in cache.iterdir():
        if old.name in digests:
            continue
        if old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink()
    todo = [i for i, digest in enumerate(digests) if not intact(cache / digest)]

    def index_one(number: int) -> None:
        fresh = cache / f"{digests[number]}.new"
        shutil.rmtree(fresh, ignore_errors=True)
        run_pagefind(groups[number], scratch / f"group-{number}", fresh)
        listing = {name: size for name, size in bundle_files(fresh)}
        (fresh / BUNDLE_FILES).write_text(json.dumps(listing, sort_keys=True), encoding="utf-8")
        shutil.rmtree(cache / digests[number], ignore_errors=True)
        os.replace(fresh, cache / digests[number])

    biggest = max((len(groups[number]) for number in todo), default=0)
    with ThreadPoolExecutor(max_workers=pagefind_processes(biggest)) as pool:
        list(pool.map(index_one, todo))
    return [cache / digest for digest in digests]


# What one Pagefind process needs per page it indexes, with room to spare (measured: 190 KB).
PAGEFIND_KB_PER_PAGE = 250


def pagefind_processes(pages: int) -> int:
    """Return how many Pagefind processes of pages each may run at once: cores, and memory."""
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            free = next(int(line.split()[1]) for line in handle if line.startswith("MemAvailable"))
    except (OSError, StopIteration, ValueError, IndexError):
        return 1
    return max(1, min(workers(), free // max(1, pages * PAGEFIND_KB_PER_PAGE)))


def write_search_index(
    site: Path,
    stubs: Mapping[str, str | None] | None = None,
    group_of: Callable[[str], str | None] | None = None,
    cache: Path | None = None,
) -> int:
    """Index every page of a built site into site/pagefind; return how many pages were indexed.

    stubs holds each page's stub by site-relative name (page_stub, run in the one pass over
    the built pages); without it the pages are read here. A site too large for one Pagefind
    process is indexed in groups (group_of names a page's government), each group's bundle
    kept in cache for the next build, and the bundles merged.
    """
    if stubs is None:
        names = index_pages(site)
        stubs = dict(zip(names, read_pages(site, names, page_stub), strict=True))
    pages = {name: stub for name, stub in stubs.items() if stub is not None}
    if not pages:
        return 0
    out = site.resolve() / "pagefind"
    if len(pages) > grouped_from():
        groups = search_groups(list(pages), group_of or (lambda _: None), group_size())
    else:
        groups = [list(pages)]
    with tempfile.TemporaryDirectory(prefix="search-") as scratch:
        if len(groups) == 1:
            if cache is not None:
                # Groups kept from when the site was larger are of no further use.
                shutil.rmtree(cache, ignore_errors=True)
            run_pagefind(pages, Path(scratch), out)
        else:
            index_in_groups(pages, groups, cache or Path(scratch) / "groups", Path(scratch), out)
    compact_index(out)
    write_filter_list(out)
    return len(pages)


def index_in_groups(
    pages: Mapping[str, str], groups: list[list[str]], held: Path, scratch: Path, out: Path
) -> None:
    """Index each group of pages with its own Pagefind process (or take it from held); merge."""
    parts = [{name: pages[name] for name in group} for group in groups]
    try:
        merge_bundles(grouped_bundles(parts, held, scratch), out)
    except PagefindFormatError:
        # A kept bundle damaged since it was written (a full disk, a killed copy): index
        # every group again, once; a second failure is reported.
        shutil.rmtree(held, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
        merge_bundles(grouped_bundles(parts, held, scratch), out)
