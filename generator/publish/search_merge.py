"""Merge Pagefind bundles, each built over its own pages, into the one index the site loads.

Pagefind keeps every page of a run in memory (about 190 KB a page here): one run over a 100×
site would need about 13 GB. The pages are indexed in groups of bounded size instead, each by
its own Pagefind process (side by side, and kept between builds), and the groups' bundles are
merged here, so a search still fetches one meta file and one chunk per term.

The files are Pagefind 1.x's packed files (pagefind_order.py). A meta file is [version, pages
[[fragment, word count]], chunks [[from, to, file]], filters [[name, file]], sorts, fields]; an
index chunk is [[[word, [[page, locations, meta locations]], variants]]], each word's page
numbers written as the difference from the page before; a filter file is [name, [[value,
[pages]]]]. Merging gives the pages of bundle n the numbers after those of bundles 0 … n-1.
"""

from __future__ import annotations

import gzip
import heapq
import itertools
import json
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
    read_packed,
)
from generator.publish.pages import workers

ENTRY = "pagefind-entry.json"
# The parts of a bundle that list pages; everything else (scripts, wasm) is the same in all.
PAGE_FOLDERS = ("index", "fragment", "filter")
# Close a merged index chunk at about this many CBOR bytes: Pagefind's own chunks are 40 to
# 60 KB before compression, and a query fetches one chunk per term.
CHUNK_BYTES = 50_000
META_FIELDS = 6


@dataclass
class Language:
    """One language's part of one bundle: its meta file, read."""

    bundle: Path
    meta: list[Any]
    wasm: str


def read_languages(bundle: Path) -> tuple[dict[str, Any], dict[str, Language]]:
    """Return a bundle's entry file and each language's meta."""
    entry = json.loads((bundle / ENTRY).read_text(encoding="utf-8"))
    found: dict[str, Language] = {}
    for name, info in sorted(entry["languages"].items()):
        path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = read_packed(path)
        if not isinstance(meta, list) or len(meta) != META_FIELDS or meta[4]:
            # Sort orders cannot be merged without the sort values (we write none).
            raise PagefindFormatError(located(str(path), 0, say("publish.pagefind_meta_layout")))
        found[name] = Language(bundle, meta, str(info.get("wasm", name)))
    return entry, found


def cbor_array_head(length: int) -> bytes:
    """Return the CBOR head of a definite-length array of length items."""
    if length < 24:
        return bytes([0x80 + length])
    for marker, size in ((0x98, 1), (0x99, 2), (0x9A, 4), (0x9B, 8)):
        if length < 1 << (8 * size):
            return bytes([marker]) + length.to_bytes(size, "big")
    raise ValueError(length)  # pragma: no cover - more items than memory can hold


# Where one bundle's words are: its folder and its meta file's chunk list [from, to, file].
Source = tuple[Path, list[list[str]]]
# A range of words [low, high); None is open-ended.
Range = tuple[str | None, str | None]
# Past this many chunks in all, the words are merged in ranges, one process per range.
PARALLEL_CHUNKS = 64
TOP = chr(0x10FFFF)


def in_range(word: str, low: str | None, high: str | None) -> bool:
    """Say whether word is in [low, high)."""
    return (low is None or word >= low) and (high is None or word < high)


def words_of(source: Source, rank: int, low: str | None, high: str | None) -> Iterator[Any]:
    """Yield a bundle's words in [low, high) in order, one chunk in memory at a time.

    Each item is (word, rank, pages). A chunk's bounds in the meta file are prefixes of its
    first and last words: its words lie between from and to followed by the last character.
    """
    bundle, chunks = source
    for start, end, name in chunks:
        if (high is not None and start >= high) or (low is not None and end + TOP < low):
            continue
        path = bundle / "index" / f"{name}.pf_index"
        for item in read_packed(path)[0]:
            if len(item) < 2 or (len(item) > 2 and item[2]):
                # Word variants (accents, stems) are not produced by our ASCII terms.
                raise PagefindFormatError(
                    located(str(path), 0, say("publish.pagefind_meta_layout"))
                )
            if in_range(item[0], low, high):
                yield item[0], rank, item[1]


def merge_words(
    sources: list[Source], offsets: list[int], out: Path, language: str, span: Range
) -> list[list[str]]:
    """Merge the bundles' words in span into index chunks under out; return [first, last, file]s."""
    writer = ChunkWriter(out, language)
    streams = [words_of(source, rank, *span) for rank, source in enumerate(sources)]
    current: str | None = None
    gathered: list[tuple[int, list[Any]]] = []
    # heapq.merge is stable: a word's pages come bundle by bundle, in page-number order.
    for word, rank, word_pages in heapq.merge(*streams, key=lambda item: item[0]):
        if word != current:
            if current is not None:
                writer.add(current, joined_pages(gathered))
            current, gathered = word, []
        gathered.append((offsets[rank], word_pages))
    if current is not None:
        writer.add(current, joined_pages(gathered))
    writer.close()
    return writer.chunks


def word_ranges(sources: list[Source], count: int) -> list[Range]:
    """Cut the words into about count ranges of similar size, at the bundles' chunk bounds."""
    bounds = sorted({chunk[0] for _, chunks in sources for chunk in chunks[1:]})
    if count <= 1 or len(bounds) < count:
        return [(None, None)]
    cuts = [bounds[len(bounds) * step // count] for step in range(1, count)]
    cuts = sorted(set(cuts))
    return list(zip([None, *cuts], [*cuts, None], strict=True))


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


def prefixes(before: str, after: str) -> tuple[str, str]:
    """Shorten the last word of a chunk and the first of the next to where they differ."""
    common = 0
    for a, b in zip(after, before, strict=False):
        if a != b:
            break
        common += 1
    return before[: common + 1], after[: common + 1]


class ChunkWriter:
    """Write merged words into index chunks of about CHUNK_BYTES each."""

    def __init__(self, out: Path, language: str) -> None:
        self.out = out
        self.language = language
        self.chunks: list[list[str]] = []
        self.words: list[bytes] = []
        self.first = self.last = ""
        self.size = 0

    def add(self, word: str, pages: list[Any]) -> None:
        """Add one word and its pages; close the chunk once it is large enough."""
        data = cbor2.dumps([word, pages, []])
        if not self.words:
            self.first = word
        self.words.append(data)
        self.last = word
        self.size += len(data)
        if self.size >= CHUNK_BYTES:
            self.close()

    def close(self) -> None:
        """Write the words gathered so far as one chunk."""
        if not self.words:
            return
        body = b"\x81" + cbor_array_head(len(self.words)) + b"".join(self.words)
        name = write_unique(self.out / "index", self.language, packed_raw(body), ".pf_index")
        self.chunks.append([self.first, self.last, name])
        self.words, self.size = [], 0


def packed_raw(body: bytes) -> bytes:
    """Pack CBOR bytes already encoded, as Pagefind packs its files (gzip, no timestamp)."""
    # Level 6, not 9: four times faster for 2 % more bytes, on every chunk of a large index.
    return gzip.compress(SIGNATURE + body, compresslevel=6, mtime=0)


def write_unique(folder: Path, language: str, data: bytes, suffix: str) -> str:
    """Write data under a name taken from its bytes, longer while another file has the name.

    Files are created exclusively: workers merging other words write into the same folder.
    """
    for length in (7, 12, 20, 64):
        name = f"{language}_{content_name(data, length)}"
        path = folder / f"{name}{suffix}"
        try:
            with path.open("xb") as handle:
                handle.write(data)
            return name
        except FileExistsError:
            if path.read_bytes() == data:
                return name
    raise PagefindFormatError(say("publish.pagefind_meta_layout"))  # pragma: no cover


def place(source: Path, folder: Path, name: str, language: str, suffix: str) -> str:
    """Put a fragment kept under build/ into folder as name (renamed if taken); return its name.

    A hard link where the file system allows, else a copy: fragments are never rewritten.
    """
    target = folder / f"{name}{suffix}"
    try:
        os.link(source, target)
        return name
    except FileExistsError:
        data = source.read_bytes()
        if target.read_bytes() == data:
            return name
        # A short name two bundles both gave: this page's fragment gets a longer one.
        return write_unique(folder, language, data, suffix)
    except OSError:
        shutil.copyfile(source, target)
        return name


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
    sources = [(part.bundle, part.meta[2]) for part in parts]
    total = sum(len(chunks) for _, chunks in sources)
    spans = word_ranges(sources, 2 * workers() if total >= PARALLEL_CHUNKS else 1)
    chunks: list[list[str]] = []
    if len(spans) == 1:
        chunks = merge_words(sources, offsets, out, language, spans[0])
    else:
        # Forked workers, as publish/pages.py starts them; each writes its own chunk files.
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        with ProcessPoolExecutor(max_workers=workers(), mp_context=context) as pool:
            count = len(spans)
            for found in pool.map(
                merge_words, [sources] * count, [offsets] * count, [out] * count,
                [language] * count, spans,
            ):  # fmt: skip
                chunks.extend(found)
    for left, right in itertools.pairwise(chunks):
        left[1], right[0] = prefixes(left[1], right[0])
    filters = merge_filters(parts, offsets, out, language)
    fields = sorted({str(field) for part in parts for field in part.meta[5]})
    meta = [parts[0].meta[0], pages, chunks, filters, [], fields]
    data = packed(meta)
    name = f"{language}_{content_name(data, 10)}"
    (out / f"pagefind.{name}.pf_meta").write_bytes(data)
    return name, len(pages)


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
        data = packed([name, listed])
        file = write_unique(out / "filter", language, data, ".pf_filter")
        written.append([name, file])
    return written


def merge_bundles(bundles: list[Path], out: Path) -> int:
    """Merge Pagefind bundles over disjoint pages into out (a new folder); return its pages."""
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
            listed = path.name == ENTRY or path.name.endswith(".pf_meta")
            if path.is_file() and not listed and not target.exists():
                shutil.copyfile(path, target)
    entry = dict(read[0][0])
    languages: dict[str, Any] = {}
    total = 0
    for language in sorted({name for _, found in read for name in found}):
        parts = [found[language] for _, found in read if language in found]
        name, count = merge_language(parts, out, language)
        languages[language] = {"hash": name, "wasm": parts[0].wasm, "page_count": count}
        total += count
    entry["languages"] = languages
    text = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
    (out / ENTRY).write_text(text, encoding="utf-8")
    return total
