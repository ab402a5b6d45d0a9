"""Readable, collision-free URL slugs for names, and a path join that cannot leave its folder."""

from __future__ import annotations

import functools
import hashlib
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from pypinyin import lazy_pinyin

MAX_SLUG = 60
# Surnames read differently from the same character in ordinary words (翟 zhai, not di).
SURNAMES = {
    "翟": "zhai",
    "解": "xie",
    "单": "shan",
    "曾": "zeng",
    "仇": "qiu",
    "区": "ou",
    "查": "zha",
    "朴": "piao",
    "盖": "ge",
    "缪": "miao",
    "覃": "qin",
    "尉": "yu",
    "乐": "yue",
    "召": "shao",
    "员": "yun",
    "种": "chong",
    "秘": "bi",
    "繁": "po",
    "隗": "wei",
    "长": "chang",
    "燕": "yan",
    "华": "hua",
    "纪": "ji",
    "祭": "zhai",
    "蕃": "pi",
    "句": "gou",
    "阚": "kan",
    "折": "she",
}
SAFE = re.compile(r"[^a-z0-9]+")
# Names Windows cannot hold as a file or folder, whatever the extension (con.txt too), and
# "index", which every list page is called: no slug may be one of them.
RESERVED = re.compile(r"^(?:con|prn|aux|nul|com[1-9]|lpt[1-9]|index)$")


def digest(text: str, length: int = 6) -> str:
    """Return a short stable hash of text, used to tell apart names with the same slug."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:length]


def pinyin_words(text: str, person: bool = False) -> list[str]:
    """The pinyin of text, one item per character (ASCII runs kept); a person's surname as such."""
    # Only a listed surname reads differently in a person's name: other names share one entry.
    return list(_pinyin(text, person and text[:1] in SURNAMES))


@functools.lru_cache(maxsize=65536)
def _pinyin(text: str, person: bool) -> tuple[str, ...]:
    # Cached: sorting 3,000 partners of 3,000 units asked for the same names millions of times.
    if person and text[:1] in SURNAMES:
        return (SURNAMES[text[0]], *lazy_pinyin(text[1:]))
    return tuple(lazy_pinyin(text))


def slugify(text: str, person: bool = False) -> str:
    """Turn a name into lowercase ASCII words: 区发改局 → qu-fa-gai-ju; never empty, never '..'."""
    # NFKC folds full-width letters and digits, so ＡＢ１ and AB1 give the same words.
    folded = unicodedata.normalize("NFKC", text)
    words = [SAFE.sub("-", word.lower()).strip("-") for word in pinyin_words(folded, person)]
    slug = "-".join(word for word in words if word)
    slug = re.sub(r"-{2,}", "-", slug)
    if len(slug) > MAX_SLUG:
        slug = slug[:MAX_SLUG].rstrip("-") + "-" + digest(text)
    if RESERVED.match(slug):
        slug = f"{slug}-{digest(text)}"
    return slug or "x-" + digest(text)


def unique_slugs(
    names: list[str], person: bool = False, make: Callable[[str], str] | None = None
) -> dict[str, str]:
    """Map names to slugs; names sharing a slug all get a hash suffix, so none depends on order."""
    by_slug: dict[str, list[str]] = {}
    for name in sorted(set(names)):
        slug = make(name) if make is not None else slugify(name, person)
        by_slug.setdefault(slug, []).append(name)
    result: dict[str, str] = {}
    base: dict[str, str] = {}
    for slug, group in by_slug.items():
        for name in group:
            base[name] = slug
            result[name] = slug if len(group) == 1 else f"{slug}-{digest(name)}"
    # A suffixed slug could still equal another name's plain one (a name whose pinyin ends in
    # six hex letters): lengthen the hash until every slug is distinct.
    used = Counter(result.values())
    for name in sorted(result):
        length = 6
        while used[result[name]] > 1:
            used[result[name]] -= 1
            length += 2
            result[name] = f"{base[name]}-{digest(name, length)}"
            used[result[name]] += 1
    return result


def safe_join(root: Path, relative: str) -> Path:
    """Join a relative POSIX path under root; refuse absolute paths, '..' and NUL."""
    return safe_joiner(root)(relative)


def safe_joiner(root: Path) -> Callable[[str], Path]:
    """Return safe_join for one root, resolving the root and each folder under it only once."""
    # Resolving a path costs a system call per component: at 7,000 files, written into a few
    # hundred folders, resolving each file's whole path (and the root, each time) took most of
    # the writing time. A folder's resolution is kept; the file itself is resolved only when it
    # is a link. Plain strings: pathlib's objects cost more than the checks themselves.
    base = os.fspath(root)
    resolved_root = os.path.realpath(base)
    inside = resolved_root.rstrip(os.sep) + os.sep
    folders: dict[str, str] = {}

    def join(relative: str) -> Path:
        # The parts PurePosixPath gives: empty parts and "." dropped, "/" first is absolute.
        parts = [part for part in relative.split("/") if part and part != "."]
        if "\0" in relative or relative.startswith("/") or not parts or ".." in parts:
            raise ValueError(f"unsafe output path: {relative!r}")
        full = os.path.join(base, *parts)
        folder_key = "/".join(parts[:-1])
        folder = folders.get(folder_key)
        if folder is None:
            folder = folders[folder_key] = os.path.realpath(os.path.dirname(full))
        if os.path.islink(full):
            resolved = os.path.realpath(full)
        else:
            resolved = os.path.join(folder, parts[-1])
        if resolved != resolved_root and not resolved.startswith(inside):
            raise ValueError(f"output path leaves {root}: {relative!r}")
        return Path(full)

    return join
