"""Merge Pagefind bundles, each built over its own pages, into the one index the site loads.

Pagefind keeps every page of a run in memory (about 190 KB a page here): one run over a 100×
site would need about 13 GB. The pages are indexed in groups of bounded size instead, each by
its own Pagefind process (side by side, and kept between builds), and the groups' bundles are
merged here, so a search still fetches one meta file and one chunk per term.

The files are Pagefind 1.x's packed files (pagefind_order.py). A meta file is [version, pages
[[fragment, word count]], chunks [[from, to, file]], filters [[name, file]], sorts, fields]; an
index chunk is [[[word, pages, variants]]] where pages are [[page, locations, meta locations]]
with each page number written as the difference from the one before, and variants (the word as
written with accents) are [[variant, pages]]; a meta location below zero names a field, -(n+1)
for the n-th of the sorted fields; a filter file is [name, [[value, [pages]]]]. Merging gives
the pages of bundle n the numbers after those of bundles 0 … n-1, and cuts the words into
chunks by Pagefind's own rule, so the result is what one Pagefind run over every page writes.
"""

from __future__ import annotations

import gzip
import heapq
import itertools
import multiprocessing
import os
import shutil
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cbor2

from generator.errors import located
from generator.messages import say
from generator.publish.pagefind_order import (
    SIGNATURE,
    PagefindFormatError,
    content_name,
    packed,
    read_metas,
    read_packed,
    write_entry,
)
from generator.publish.pages import workers

ENTRY = "pagefind-entry.json"
# The parts of a bundle that list pages; everything else (scripts, wasm) is the same in all.
PAGE_FOLDERS = ("index", "fragment", "filter")
# Pagefind closes an index chunk once its words' pages weigh this much, each page counting its
# locations, its meta locations and one (measured on Pagefind 1.5.2's own chunks).
CHUNK_WEIGHT = 20_000
META_FIELDS = 6
# Past this many chunks in all, the chunks are written by one process per core.
PARALLEL_CHUNKS = 64


@dataclass
class Language:
    """One language's part of one bundle: its meta file, read."""

    bundle: Path
    meta: list[Any]
    wasm: Any


def read_languages(bundle: Path) -> tuple[dict[str, Any], dict[str, Language]]:
    """Return a bundle's entry file and each language's meta."""
    entry, metas = read_metas(bundle, META_FIELDS - 1)
    found: dict[str, Language] = {}
    for name, path, meta in metas:
        if len(meta) != META_FIELDS or meta[4]:
            # Sort orders cannot be merged without the sort values (we write none).
            raise PagefindFormatError(located(str(path), 0, say("publish.pagefind_meta_layout")))
        found[name] = Language(bundle, meta, entry["languages"][name].get("wasm"))
    return entry, found


def cbor_array_head(length: int) -> bytes:
    """Return the CBOR head of a definite-length array of length items."""
    if length < 24:
        return bytes([0x80 + length])
    for marker, size in ((0x98, 1), (0x99, 2), (0x9A, 4), (0x9B, 8)):
        if length < 1 << (8 * size):
            return bytes([marker]) + length.to_bytes(size, "big")
    raise ValueError(length)  # pragma: no cover - more items than memory can hold


# What the chunk pass needs of one bundle: its folder, chunk list and field renumbering.
Source = tuple[Path, list[list[str]], list[int] | None]


def page_weight(pages: list[Any]) -> int:
    """Weigh a word's pages as Pagefind does when it cuts chunks."""
    return sum(len(page[1]) + len(page[2]) + 1 for page in pages)


def word_weight(item: list[Any]) -> int:
    """Weigh one word entry: its pages and its variants' pages."""
    weight = page_weight(item[1])
    for variant in item[2] if len(item) > 2 else []:
        weight += page_weight(variant[1])
    return weight


def words_of(source: Source, rank: int, low: str | None, high: str | None) -> Iterator[Any]:
    """Yield a bundle's words in [low, high) in order, one chunk in memory at a time.

    Each item is (word, rank, entry). A chunk's bounds in the meta file are prefixes of its
    first and last words: its words lie between from and to followed by the last character.
    """
    bundle, chunks, _ = source
    for start, end, name in chunks:
        if (high is not None and start >= high) or (low is not None and end + chr(0x10FFFF) < low):
            continue
        path = bundle / "index" / f"{name}.pf_index"
        for item in read_packed(path)[0]:
            if not isinstance(item, list) or len(item) != 3:
                message = say("publish.pagefind_meta_layout")
                raise PagefindFormatError(located(str(path), 0, message))
            word = item[0]
            if (low is None or word >= low) and (high is None or word < high):
                yield word, rank, item


def word_weights(source: Source) -> list[tuple[str, int]]:
    """Return each word of a bundle with its weight, in word order."""
    return [(word, word_weight(item)) for word, _, item in words_of(source, 0, None, None)]


def renumbered(pages: list[Any], fields: list[int] | None) -> list[Any]:
    """Rewrite the field numbers in pages' meta locations for the merged field list."""
    if fields is None:
        return pages
    return [
        [page[0], page[1], [fields[-loc - 1] if loc < 0 else loc for loc in page[2]]]
        for page in pages
    ]


def joined_pages(parts: list[tuple[int, list[Any]]]) -> list[Any]:
    """Join one word's page lists from several bundles: (first page number, pages) each."""
    joined: list[Any] = []
    last = 0
    for offset, pages in parts:
        if not pages:
            continue
        first = pages[0][0] + offset
        joined.append([first - last if joined else first, *pages[0][1:]])
        joined.extend(pages[1:])
        last = first + sum(page[0] for page in pages[1:])
    return joined


def joined_word(word: str, parts: list[tuple[int, list[Any], list[int] | None]]) -> list[Any]:
    """Join one word's entries from several bundles: (page offset, entry, field map) each."""
    pages = joined_pages([(offset, renumbered(item[1], fields)) for offset, item, fields in parts])
    variants: dict[str, list[tuple[int, list[Any]]]] = {}
    for offset, item, fields in parts:
        for variant, variant_pages in item[2]:
            variants.setdefault(variant, []).append((offset, renumbered(variant_pages, fields)))
    return [word, pages, [[name, joined_pages(variants[name])] for name in sorted(variants)]]


def chunk_bounds(sources: list[Source]) -> list[str]:
    """Return the first word of every chunk of the merged index, cut by Pagefind's rule."""
    if len(sources) > 1 and sum(len(chunks) for _, chunks, _ in sources) >= PARALLEL_CHUNKS:
        with ProcessPoolExecutor(max_workers=workers(), mp_context=fork_context()) as pool:
            weighed = list(pool.map(word_weights, sources))
    else:
        weighed = [word_weights(source) for source in sources]
    firsts: list[str] = []
    current: str | None = None
    weight = 0
    for word, part in heapq.merge(*weighed, key=lambda item: item[0]):
        if word != current:
            # A chunk ends with the word that brings it to the weight.
            if current is None or weight >= CHUNK_WEIGHT:
                firsts.append(word)
                weight = 0
            current = word
        weight += part
    return firsts


def merge_chunks(
    sources: list[Source], offsets: list[int], firsts: list[str], span: tuple[int, int]
) -> list[tuple[str, str, bytes]]:
    """Merge the words of chunks span[0] … span[1]-1; return each chunk's first, last, bytes."""
    start, stop = span
    low = firsts[start]
    high = firsts[stop] if stop < len(firsts) else None
    streams = [words_of(source, rank, low, high) for rank, source in enumerate(sources)]
    written: list[tuple[str, str, bytes]] = []
    body: list[bytes] = []
    first = last = current = ""
    gathered: list[tuple[int, list[Any], list[int] | None]] = []
    number = start

    def flush() -> None:
        nonlocal body
        data = b"\x81" + cbor_array_head(len(body)) + b"".join(body)
        written.append((first, last, packed_raw(data)))
        body = []

    def add() -> None:
        nonlocal first, last, number
        if body and number + 1 < len(firsts) and current == firsts[number + 1]:
            flush()
            number += 1
        if not body:
            first = current
        body.append(cbor2.dumps(joined_word(current, gathered)))
        last = current

    # heapq.merge is stable: a word's pages come bundle by bundle, in page-number order.
    for word, rank, item in heapq.merge(*streams, key=lambda entry: entry[0]):
        if word != current and gathered:
            add()
            gathered = []
        current = word
        gathered.append((offsets[rank], item, sources[rank][2]))
    if gathered:
        add()
    if body:
        flush()
    return written


def fork_context() -> Any:
    """Forked workers where the system has them (as publish/pages.py starts its own)."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def packed_raw(body: bytes) -> bytes:
    """Pack CBOR bytes already encoded, as Pagefind packs its files (gzip, no timestamp)."""
    # Level 6, not 9: four times faster for 2 % more bytes, on every chunk of a large index.
    return gzip.compress(SIGNATURE + body, compresslevel=6, mtime=0)


def write_unique(folder: Path, language: str, data: bytes, suffix: str, name: str = "") -> str:
    """Write data as name, or under a name from its bytes, longer while another file has it."""
    names = [name] if name else []
    names += [f"{language}_{content_name(data, length)}" for length in (7, 12, 20, 64)]
    for candidate in names:
        path = folder / f"{candidate}{suffix}"
        try:
            with path.open("xb") as handle:
                handle.write(data)
            return candidate
        except FileExistsError:
            if path.read_bytes() == data:
                return candidate
    raise PagefindFormatError(say("publish.pagefind_meta_layout"))  # pragma: no cover


def place(source: Path, folder: Path, name: str, language: str, suffix: str) -> str:
    """Put a fragment kept under build/ into folder as name (renamed if taken); return its name.

    A hard link where the file system allows (fragments are never rewritten), else a copy.
    """
    try:
        os.link(source, folder / f"{name}{suffix}")
        return name
    except OSError:
        # Taken by another page's fragment (a short name two bundles both gave), or no links.
        return write_unique(folder, language, source.read_bytes(), suffix, name)


def field_maps(parts: list[Language], fields: list[str]) -> list[list[int] | None]:
    """For each bundle, its field numbers in the merged list (None when they are the same)."""
    maps: list[list[int] | None] = []
    for part in parts:
        own = [str(field) for field in part.meta[5]]
        moved = [-(fields.index(field) + 1) for field in own]
        maps.append(None if own == fields else moved)
    return maps


def merge_language(parts: list[Language], out: Path, language: str) -> tuple[str, int]:
    """Merge one language of every bundle into out; return its meta file's name and page count."""
    offsets: list[int] = []
    pages: list[list[Any]] = []
    for part in parts:
        offsets.append(len(pages))
        for fragment, word_count in part.meta[1]:
            source = part.bundle / "fragment" / f"{fragment}.pf_fragment"
            named = place(source, out / "fragment", fragment, language, ".pf_fragment")
            pages.append([named, word_count])
    fields = sorted({str(field) for part in parts for field in part.meta[5]})
    maps = field_maps(parts, fields)
    sources: list[Source] = [
        (part.bundle, part.meta[2], moved) for part, moved in zip(parts, maps, strict=True)
    ]
    firsts = chunk_bounds(sources)
    # The chunks are cut the same whatever the number of cores: the spans only share the work.
    count = workers() * 2 if len(firsts) >= PARALLEL_CHUNKS else 1
    cuts = sorted({len(firsts) * step // count for step in range(count)} | {len(firsts)})
    spans = list(itertools.pairwise(cuts))
    if len(spans) <= 1:
        found = [merge_chunks(sources, offsets, firsts, span) for span in spans]
    else:
        with ProcessPoolExecutor(max_workers=workers(), mp_context=fork_context()) as pool:
            total = len(spans)
            found = list(
                pool.map(
                    merge_chunks, [sources] * total, [offsets] * total, [firsts] * total, spans
                )
            )
    chunks: list[list[str]] = []
    # Named here, in chunk order: which chunk keeps a short name shared by two is fixed.
    for first, last, data in (chunk for part in found for chunk in part):
        name = write_unique(out / "index", language, data, ".pf_index")
        chunks.append([first, last, name])
    for left, right in itertools.pairwise(chunks):
        left[1], right[0] = prefixes(left[1], right[0])
    filters = merge_filters(parts, offsets, out, language)
    meta = [parts[0].meta[0], pages, chunks, filters, [], fields]
    data = packed(meta)
    name = f"{language}_{content_name(data, 10)}"
    (out / f"pagefind.{name}.pf_meta").write_bytes(data)
    return name, len(pages)


def prefixes(before: str, after: str) -> tuple[str, str]:
    """Shorten the last word of a chunk and the first of the next to where they differ."""
    common = 0
    for a, b in zip(after, before, strict=False):
        if a != b:
            break
        common += 1
    return before[: common + 1], after[: common + 1]


def merge_filters(parts: list[Language], offsets: list[int], out: Path, language: str) -> list[Any]:
    """Merge the bundles' filter files (values sorted, pages renumbered); return the meta list."""
    values: dict[str, dict[str, list[int]]] = {}
    for part, offset in zip(parts, offsets, strict=True):
        for name, file in part.meta[3]:
            _, listed = read_packed(part.bundle / "filter" / f"{file}.pf_filter")
            kept = values.setdefault(str(name), {})
            for value, numbers in listed:
                kept.setdefault(str(value), []).extend(number + offset for number in numbers)
    written = []
    for name in sorted(values):
        listed = [[value, values[name][value]] for value in sorted(values[name])]
        file = write_unique(out / "filter", language, packed([name, listed]), ".pf_filter")
        written.append([name, file])
    return written


def merge_bundles(bundles: list[Path], out: Path) -> int:
    """Merge Pagefind bundles over disjoint pages into out (a new folder); return its pages."""
    try:
        return _merge(bundles, out)
    except PagefindFormatError:
        raise
    except (TypeError, IndexError, KeyError, AttributeError, ValueError) as error:
        # A file of another shape than Pagefind 1.x writes: say so rather than guess.
        where = ", ".join(str(bundle) for bundle in bundles[:2])
        message = say("publish.pagefind_meta_layout")
        raise PagefindFormatError(located(where, 0, message)) from error


def _merge(bundles: list[Path], out: Path) -> int:
    read = [read_languages(bundle) for bundle in bundles]
    versions = {entry.get("version") for entry, _ in read}
    if len(versions) != 1:
        raise PagefindFormatError(say("publish.pagefind_meta_layout"))
    out.mkdir(parents=True)
    for folder in PAGE_FOLDERS:
        (out / folder).mkdir()
    # Scripts and each language's wasm: the same in every bundle of one Pagefind version.
    for bundle in bundles:
        for path in sorted(bundle.iterdir()):
            target = out / path.name
            # Not the lists of pages, nor our own listing of a kept bundle (a dot file).
            listed = path.name == ENTRY or path.name.endswith(".pf_meta") or path.name[0] == "."
            if path.is_file() and not listed and not target.exists():
                shutil.copyfile(path, target)
    entry = dict(read[0][0])
    languages: dict[str, Any] = {}
    for language in sorted({name for _, found in read for name in found}):
        parts = [found[language] for _, found in read if language in found]
        name, count = merge_language(parts, out, language)
        languages[language] = {"hash": name, "wasm": parts[0].wasm, "page_count": count}
    entry["languages"] = languages
    write_entry(out, entry)
    return sum(info["page_count"] for info in languages.values())
