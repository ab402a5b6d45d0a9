"""The search index's meta file: short fragment names that follow content, rounded word counts."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

from generator.publish.pagefind_order import read_packed
from generator.publish.search import write_search_index
from generator.publish.search_compact import rounded, short_names
from tests.test_search_ranking import built_page


def write_pages(site: Path, count: int, changed: int | None = None) -> None:
    """Write count built unit pages; page number changed gets other text."""
    for number in range(count):
        page = site / "units" / f"r{number % 4}" / f"u{number}" / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        title = f"单位{number}" + ("改名" if number == changed else "")
        page.write_text(built_page(title, f"某{number % 4}区", "2024"), encoding="utf-8")


def fragment_names(site: Path) -> dict[str, str]:
    """Each indexed page's URL and the name of its fragment, as the meta file lists them."""
    bundle = site / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    (info,) = entry["languages"].values()
    meta = read_packed(bundle / f"pagefind.{info['hash']}.pf_meta")
    names = {}
    for name, _ in meta[1]:
        data = gzip.decompress((bundle / "fragment" / f"{name}.pf_fragment").read_bytes())
        names[json.loads(data[len(b"pagefind_dcd") :])["url"]] = name
    return names


def test_fragments_get_short_names_that_change_with_their_page(tmp_path: Path) -> None:
    write_pages(tmp_path / "one", 40)
    write_search_index(tmp_path / "one")
    before = fragment_names(tmp_path / "one")
    assert len(before) == 40
    assert all(re.fullmatch(r"[0-9a-z]{4,}", name) for name in before.values()), before
    # No fragment is left under its old name: every file is one the meta file names.
    files = {path.stem for path in (tmp_path / "one" / "pagefind" / "fragment").iterdir()}
    assert files == set(before.values())
    write_pages(tmp_path / "two", 40, changed=7)
    write_search_index(tmp_path / "two")
    after = fragment_names(tmp_path / "two")
    changed = [url for url in before if before[url] != after[url]]
    # Only the page that changed is fetched anew; a cached fragment is never stale.
    assert changed == ["/units/r3/u7/"], changed


def test_short_names_are_the_shortest_prefixes_no_other_shares() -> None:
    names = short_names({"a": "abcd1x", "b": "abcd2y", "c": "zzzzzz", "d": "q"})
    assert names == {"a": "abcd1", "b": "abcd2", "c": "zzzz", "d": "q"}
    assert len(set(names.values())) == len(names)


def test_word_counts_keep_three_significant_bits() -> None:
    for count in range(1, 20_000):
        kept = rounded(count)
        assert kept <= count and count - kept < max(1, count / 8)
        assert rounded(kept) == kept
    assert [rounded(n) for n in (5, 16, 17, 100, 1000)] == [5, 16, 16, 96, 960]
