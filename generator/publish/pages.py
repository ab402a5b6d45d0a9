"""Read a built site's pages once: one lxml parse per page, spread over every core.

The search index and the link check both need every built page. Parsing each page twice in
pure Python (html.parser) took longer than MkDocs itself at a few thousand tasks; here each
page is parsed once by libxml2 and every consumer's extractor runs on the same tree, in worker
processes that take the pages in sorted chunks, so the results come back in a fixed order.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from lxml import etree

from generator.cores import workers as workers  # re-exported: partitions and search import it here

T = TypeVar("T")

# A page's extractor: the parsed page (None when it is empty) and its site-relative name.
Extractor = Callable[["etree._Element | None", str], T]

# Fewer pages than this are read in this process: starting workers costs more than it saves.
PARALLEL_FROM = 200
CHUNK = 64


@dataclass(frozen=True)
class SiteTree:
    """Every file and folder of a built site, as site-relative POSIX names ('.' is the root)."""

    files: frozenset[str]
    folders: frozenset[str]

    def named(self, suffix: str) -> list[str]:
        """Return the files whose name ends with suffix, in the order pathlib sorts paths."""
        return sorted((name for name in self.files if name.endswith(suffix)), key=path_order)


def path_order(name: str) -> tuple[str, ...]:
    """Sort key that orders names as sorted() orders their Path objects (part by part)."""
    return tuple(name.split("/"))


def site_tree(site: Path) -> SiteTree:
    """List a built site's files and folders with one walk, so no check needs a stat per link."""
    files: set[str] = set()
    folders: set[str] = {"."}
    for folder, subfolders, names in os.walk(site):
        relative = os.path.relpath(folder, site)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        folders.update(prefix + name for name in subfolders)
        files.update(prefix + name for name in names)
    return SiteTree(frozenset(files), frozenset(folders))


def parse_html(text: str) -> etree._Element | None:
    """Parse one page with libxml2; None for a page with nothing in it."""
    # Plain lxml elements, not lxml.html's: its per-element class lookup runs in Python.
    if not text.strip():
        return None
    try:
        root = etree.fromstring(text, etree.HTMLParser())
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
    return root if root is not None and isinstance(root.tag, str) else None


def read_file(site: Path, name: str) -> etree._Element | None:
    """Parse one built page, undecodable bytes replaced as a browser would."""
    return parse_html((site / name).read_text(encoding="utf-8", errors="replace"))


def _read_chunk(site: Path, names: list[str], extract: Extractor[T]) -> list[T]:
    return [extract(read_file(site, name), name) for name in names]


def _chunks(names: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(names), size):
        yield names[start : start + size]


def read_pages(
    site: Path, names: Iterable[str], extract: Extractor[T], share: Callable[[T], T] | None = None
) -> list[T]:
    """Parse each named page once and return extract(page, name) for each, in the given order.

    extract must be a module-level function: it runs in worker processes. share, run here on
    each result as it comes back, may replace parts equal to earlier ones by those (a link
    every page has is then held once, not once a page).
    """
    names = list(names)
    count = workers()
    if count == 1 or len(names) < PARALLEL_FROM:
        found = _read_chunk(site, names, extract)
        return [share(item) for item in found] if share else found
    # Chunks small enough to keep both cores busy to the end, large enough to amortise the
    # pickling. Forked workers start at once and need no importable __main__ (spawn re-runs
    # the caller's script); they only parse and write files, never touching the locks a
    # progress-display thread of the parent may hold.
    size = max(8, min(CHUNK, len(names) // (count * 4) or 1))
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    results: list[T] = []
    with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
        chunks = list(_chunks(names, size))
        for part in pool.map(_read_chunk, [site] * len(chunks), chunks, [extract] * len(chunks)):
            results.extend(map(share, part) if share else part)
    return results


def read_pages_cached(
    site: Path,
    names: Iterable[str],
    extract: Extractor[T],
    cache: Path,
    version: str,
    share: Callable[[T], T] | None = None,
) -> list[T]:
    """Like read_pages, but take a page's result from cache when its bytes are unchanged.

    MkDocs writes every page again on each build, but a page whose text did not change comes
    out byte for byte the same: only the pages that did are parsed. version names the code
    the cached results came from (any other version's cache is ignored); the cache is then
    rewritten with this build's pages only.
    """
    names = list(names)
    digests = {name: hashlib.blake2b((site / name).read_bytes()).hexdigest() for name in names}
    try:
        # Our own file under build/, written below: as trusted as the program beside it.
        with cache.open("rb") as handle:
            kept_version, kept = pickle.load(handle)
    except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError, AttributeError):
        kept_version, kept = None, {}
    if kept_version != version or not isinstance(kept, dict):
        kept = {}
    results: dict[str, T] = {}
    for name in names:
        entry = kept.get(name)
        if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == digests[name]:
            results[name] = entry[1]
    todo = [name for name in names if name not in results]
    results.update(zip(todo, read_pages(site, todo, extract, share), strict=True))
    partial = cache.with_name(cache.name + ".new")
    with partial.open("wb") as handle:
        table = {name: (digests[name], results[name]) for name in names}
        pickle.dump((version, table), handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(partial, cache)
    return [results[name] for name in names]
