"""Write the search page's list of filter values beside the Pagefind index: pagefind/filters.json.

Pagefind's own way to list the filters (pagefind.filters()) fetches every filter file, and each
lists every page: at 68,724 pages that was 435 KB before the first search could run. The search
page instead reads this small list (each value and how many pages it has) and fetches Pagefind's
filter files only when they are small or when a reader turns to the filters.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from generator.publish.pagefind_order import META_FILTERS, read_metas, read_packed

FILTER_LIST = "filters.json"
# Filter files up to this size in all are fetched with the index, so every search shows how
# many results each value has at once; larger ones wait until a reader turns to the filters.
EAGER_FILTER_BYTES = 64 * 1024
# Set to a number of bytes to move that threshold (tests build small sites in either mode).
EAGER_ENV = "GENERATOR_SEARCH_EAGER_FILTERS"


def eager_limit() -> int:
    """Return up to how many bytes of filter files the search page fetches with the index."""
    told = os.environ.get(EAGER_ENV, "")
    return int(told) if told.isdigit() else EAGER_FILTER_BYTES


def filter_counts(bundle: Path) -> tuple[dict[str, dict[str, int]], int]:
    """Return each filter's values with their page counts, and the filter files' total bytes."""
    counts: dict[str, dict[str, int]] = {}
    size = 0
    for _, _, meta in read_metas(bundle, META_FILTERS)[1]:
        for _, chunk in meta[META_FILTERS]:
            path = bundle / "filter" / f"{chunk}.pf_filter"
            size += path.stat().st_size
            name, values = read_packed(path)
            group = counts.setdefault(str(name), {})
            for value, pages in values:
                group[str(value)] = group.get(str(value), 0) + len(pages)
    return counts, size


def write_filter_list(bundle: Path) -> dict[str, Any]:
    """Write bundle/filters.json: every filter value and its page count; return what it holds."""
    counts, size = filter_counts(bundle)
    listing = {
        "eager": size <= eager_limit(),
        "filters": {name: dict(sorted(values.items())) for name, values in sorted(counts.items())},
    }
    text = json.dumps(listing, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    (bundle / FILTER_LIST).write_text(text + "\n", encoding="utf-8")
    return listing
