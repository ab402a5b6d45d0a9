"""Make the search index's meta file smaller: short fragment names, rounded word counts.

Every search first fetches the meta file, which lists each page by its fragment's name and its
word count: at 68,724 pages that was 482 KB, most of the first search's bytes. Pagefind names a
fragment "en_" and seven hex digits; here it is renamed by the shortest prefix (at least four
characters) of a base-36 hash of its bytes that no other fragment shares, so a changed page still
gets a new name and caches stay safe. Word counts only weigh long pages against short ones in
the ranking; kept to three significant bits they compress far better and rank the same.
"""

from __future__ import annotations

import hashlib
import itertools
from pathlib import Path

from generator.errors import located
from generator.messages import say
from generator.publish.pagefind_order import (
    PagefindFormatError,
    read_metas,
    write_entry,
    write_meta,
)

# Where a meta file lists its pages: [version, pages, index chunks, filters, sorts, fields].
META_PAGES = 1
SHORTEST = 4
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
# Word counts up to this stay exact; above it they keep three significant bits.
EXACT_COUNTS = 16


def base36(data: bytes) -> str:
    """The SHA-256 of data in base 36 (lower case only: some file systems ignore case)."""
    number = int.from_bytes(hashlib.sha256(data).digest(), "big")
    digits = []
    while number:
        number, digit = divmod(number, 36)
        digits.append(DIGITS[digit])
    return "".join(reversed(digits)) or "0"


def short_names(digests: dict[str, str]) -> dict[str, str]:
    """Give each key the shortest prefix of its digest (SHORTEST or more) no other digest has."""
    order = sorted(digests, key=lambda key: digests[key])
    length = dict.fromkeys(order, SHORTEST)
    for before, after in itertools.pairwise(order):
        first, second = digests[before], digests[after]
        shared = 0
        while shared < min(len(first), len(second)) and first[shared] == second[shared]:
            shared += 1
        length[before] = max(length[before], shared + 1)
        length[after] = max(length[after], shared + 1)
    return {key: digests[key][: length[key]] for key in order}


def rounded(count: int) -> int:
    """A page's word count to three significant bits (exact up to EXACT_COUNTS)."""
    if count <= EXACT_COUNTS:
        return count
    step = 1 << (count.bit_length() - 4)
    return count // step * step


def compact_index(bundle: Path) -> None:
    """Rename the fragments of the Pagefind bundle in bundle/ and rewrite its meta files."""
    entry, metas = read_metas(bundle, META_PAGES)
    folder = bundle / "fragment"
    digests: dict[str, str] = {}
    for _, _, meta in metas:
        for name, _ in meta[META_PAGES]:
            if name not in digests:
                digests[name] = base36((folder / f"{name}.pf_fragment").read_bytes())
    # Every fragment of every language shares one folder: names are unique across them all.
    names = short_names(digests)
    for old, new in names.items():
        # New names have no "_" and Pagefind's all have one: a rename never overwrites a page.
        if "_" not in old:
            message = say("publish.not_pagefind_file")
            raise PagefindFormatError(located(str(folder / old), 0, message))
        (folder / f"{old}.pf_fragment").rename(folder / f"{new}.pf_fragment")
    for language, meta_path, meta in metas:
        meta[META_PAGES] = [[names[name], rounded(count)] for name, count in meta[META_PAGES]]
        write_meta(entry, language, meta_path, meta)
    write_entry(bundle, entry)
