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

import html
import re
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from generator.errors import GeneratorError
from generator.messages import say

CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
SPACES = re.compile(r"\s+")
SKIPPED_TAGS = {"nav", "script", "style", "template", "button", "form"}
VOID_TAGS = {"br", "hr", "img", "input", "meta", "link", "source", "wbr", "col", "area"}
SUMMARY_LENGTH = 140
# The title's and other names' pairs, repeated in an element of the highest weight: a page
# named 发改局, or known by it (区发展和改革局), ranks above the pages that mention it.
TITLE_REPEAT = 3
TITLE_WEIGHT = 10
KINDS = (
    (re.compile(r"^documents/[^/]+/tasks/"), "任务"),
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
    """Make a number one term as written: 5.5 → n5d5, and 5.5% also → n5d5p.

    Pagefind would cut 5.5 at the dot and match 55 (第55项); a whole-number term cannot.
    """
    written = match.group(0)
    term = "n" + written.rstrip("%").replace(".", "d")
    return f" {term} {term}p " if written.endswith("%") else f" {term} "


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


class _Extractor(HTMLParser):
    """Collect the title, summary and text inside a page's data-pagefind-body element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = PageText()
        self.found_body = False
        self._stack: list[tuple[str, bool, str]] = []  # (tag, skipped, role)
        self._title: list[str] = []
        self._summary: list[str] = []
        self._first_paragraph: list[str] = []

    def _roles(self) -> set[str]:
        return {role for _, _, role in self._stack}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "meta" and names.get("name") == "search-context":
            self.page.context = names.get("content") or ""
        if tag == "meta" and names.get("name") == "search-keywords":
            self.page.keywords = names.get("content") or ""
        if tag == "meta" and names.get("name") == "search-summary":
            self.page.stated_summary = names.get("content") or ""
        if tag == "meta" and names.get("name") in FILTER_META:
            field_name = FILTER_META[names.get("name") or ""]
            getattr(self.page, field_name).append(names.get("content") or "")
        if tag in VOID_TAGS:
            return
        role = ""
        if "data-pagefind-body" in names:
            role = "body"
            self.found_body = True
        elif tag == "h1":
            role = "title"
        elif "data-search-summary" in names:
            role = "summary"
        elif tag == "p" and not self._first_paragraph and names.get("class") != "data-updated":
            # The date line every page ends with (site/progress_pages.py) summarises nothing.
            role = "paragraph"
        skipped = tag in SKIPPED_TAGS or "data-pagefind-ignore" in names
        self._stack.append((tag, skipped, role))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_TAGS:
            return
        # Pop to the matching tag; stray end tags in odd HTML are ignored.
        for index in range(len(self._stack) - 1, -1, -1):
            if self._stack[index][0] == tag:
                del self._stack[index:]
                if tag in ("p", "li", "td", "th", "div", "h1", "h2", "h3", "h4", "tr"):
                    self.page.text.append(" ")
                return

    def handle_data(self, data: str) -> None:
        roles = self._roles()
        if "body" not in roles or any(skipped for _, skipped, _ in self._stack):
            return
        self.page.text.append(data)
        if "title" in roles:
            self._title.append(data)
        if "summary" in roles:
            self._summary.append(data)
        if "paragraph" in roles:
            self._first_paragraph.append(data)

    def result(self) -> PageText:
        """The page's text, with a summary for result lists."""
        self.page.title = SPACES.sub(" ", "".join(self._title)).strip()
        stated = [self.page.stated_summary] if self.page.stated_summary else []
        summary = SPACES.sub(" ", "".join(stated or self._summary or self._first_paragraph)).strip()
        if len(summary) > SUMMARY_LENGTH:
            summary = summary[:SUMMARY_LENGTH] + "…"
        self.page.summary = summary
        return self.page


def read_page(html: str) -> PageText | None:
    """Return the searchable text of a built page, or None when it is not to be indexed."""
    extractor = _Extractor()
    extractor.feed(html)
    extractor.close()
    return extractor.result() if extractor.found_body else None


def page_kind(url: str) -> str:
    """Name the kind of page a URL is, for the search filter: 任务, 责任单位, 领导 …."""
    for pattern, kind in KINDS:
        if pattern.search(url):
            return kind
    return "其他"


def stub_page(page: PageText, kind: str) -> str:
    """The page as Pagefind should index it: pair terms to search, the real text as metadata."""
    weighted = " ".join([weighted_terms(page.title, page.keywords)] * TITLE_REPEAT)
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


def write_search_index(site: Path) -> int:
    """Index every page of a built site into site/pagefind; return how many pages were indexed."""
    count = 0
    with tempfile.TemporaryDirectory(prefix="search-") as scratch:
        stubs = Path(scratch)
        for path in sorted(site.rglob("index.html")):
            page = read_page(path.read_text(encoding="utf-8", errors="replace"))
            if page is None:
                continue
            relative = path.relative_to(site)
            url = relative.parent.as_posix() + "/"
            target = stubs / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(stub_page(page, page_kind(url)), encoding="utf-8")
            count += 1
        if count:
            # The pagefind command, not its Python API: the API answers one record at a time
            # and took 70 s for 700 pages; the command takes about one second.
            command = [sys.executable, "-m", "pagefind", "--site", str(stubs)]
            command += ["--output-path", str(site.resolve() / "pagefind"), "--silent"]
            result = subprocess.run(command, check=False, capture_output=True, text=True)
            if result.returncode != 0:
                message = say("publish.pagefind_failed", error=result.stderr.strip())
                raise SearchIndexError(message)
    return count
