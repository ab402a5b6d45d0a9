"""Make Pagefind's filter files byte-identical from one build to the next.

Pagefind writes each filter's values (年份: 2023, 2020 …) in hash-map order, which changes on
every run, and names each file by a hash of its bytes: the same site gave a different index each
time. Here each filter file is rewritten with its values sorted, renamed by a hash of its new
bytes, and the index's meta file and pagefind-entry.json are rewritten to name them. The files'
format is what Pagefind 1.x writes: gzip of b"pagefind_dcd" and a CBOR value.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import zlib
from pathlib import Path
from typing import Any

import cbor2

from generator.errors import GeneratorError, located
from generator.messages import say

SIGNATURE = b"pagefind_dcd"
# Where a meta file lists its filters: [version, pages, index chunks, filters, sorts, fields].
META_FILTERS = 3


class PagefindFormatError(GeneratorError, ValueError):
    """A Pagefind file is not in the format this module rewrites."""


def read_packed(path: Path) -> Any:
    """Decode one of Pagefind's packed files; a missing or damaged one is a format error."""
    try:
        data = gzip.decompress(path.read_bytes())
        if data.startswith(SIGNATURE):
            return cbor2.loads(data[len(SIGNATURE) :])
    except (OSError, EOFError, ValueError, zlib.error, cbor2.CBORDecodeError) as error:
        message = say("publish.pagefind_meta_layout")
        raise PagefindFormatError(located(str(path), 0, message)) from error
    raise PagefindFormatError(located(str(path), 0, say("publish.not_pagefind_file")))


def packed(value: Any) -> bytes:
    """Encode a value as Pagefind packs it, with no timestamp in the gzip header."""
    return gzip.compress(SIGNATURE + cbor2.dumps(value), compresslevel=9, mtime=0)


def content_name(data: bytes, length: int) -> str:
    """A name from a file's bytes, as stable as its content."""
    return hashlib.sha256(data).hexdigest()[:length]


def read_metas(bundle: Path, field: int) -> tuple[dict[str, Any], list[tuple[str, Path, Any]]]:
    """Read a bundle's pagefind-entry.json and each language's meta file, checked to hold field."""
    entry_path = bundle / "pagefind-entry.json"
    try:
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        message = say("publish.pagefind_meta_layout")
        raise PagefindFormatError(located(str(entry_path), 0, message)) from error
    metas = []
    for language, info in sorted(entry["languages"].items()):
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = read_packed(meta_path)
        if not isinstance(meta, list) or len(meta) <= field:
            message = say("publish.pagefind_meta_layout")
            raise PagefindFormatError(located(str(meta_path), 0, message))
        metas.append((language, meta_path, meta))
    return entry, metas


def write_meta(entry: dict[str, Any], language: str, meta_path: Path, meta: Any) -> None:
    """Replace a language's meta file by meta, named by its bytes, and name it in entry."""
    data = packed(meta)
    new_hash = f"{language}_{content_name(data, 10)}"
    meta_path.unlink()
    (meta_path.parent / f"pagefind.{new_hash}.pf_meta").write_bytes(data)
    entry["languages"][language]["hash"] = new_hash


def write_entry(bundle: Path, entry: dict[str, Any]) -> None:
    """Write a bundle's pagefind-entry.json as Pagefind does (compact JSON)."""
    text = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
    (bundle / "pagefind-entry.json").write_text(text, encoding="utf-8")


def order_filters(bundle: Path) -> None:
    """Rewrite the filter files of the Pagefind bundle in bundle/ in a fixed order."""
    entry, metas = read_metas(bundle, META_FILTERS)
    for language, meta_path, meta in metas:
        rewritten: dict[str, bytes] = {}
        renamed = []
        for name, chunk in sorted(meta[META_FILTERS], key=lambda item: str(item[0])):
            old = bundle / "filter" / f"{chunk}.pf_filter"
            filter_name, values = read_packed(old)
            data = packed([filter_name, sorted(values, key=lambda value: str(value[0]))])
            new_chunk = f"{language}_{content_name(data, 7)}"
            old.unlink()
            rewritten[new_chunk] = data
            renamed.append([name, new_chunk])
        # Written after every old file is gone: a new name never overwrites an unread file.
        for new_chunk, data in rewritten.items():
            (bundle / "filter" / f"{new_chunk}.pf_filter").write_bytes(data)
        meta[META_FILTERS] = renamed
        write_meta(entry, language, meta_path, meta)
    write_entry(bundle, entry)
