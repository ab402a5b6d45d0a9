"""MkDocs hook for one partition of a partitioned build (see publish/partitions.py).

Every partition's MkDocs sees the whole docs folder, so navigation, links between pages and
their URLs come out exactly as in a single build; pages of other partitions are only marked
excluded, so this partition neither reads, renders nor writes them. The nav pages are read in
every partition: the navigation shows their titles. Only the shared partition keeps theme
assets and media, and writes the sitemap of every page.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.pages import Page

# The partition's description (a JSON file): {"pages": [src paths], "shared": bool}.
PARTITION_ENV = "GENERATOR_PARTITION"

_all_pages: list[Any] = []


def nav_paths(nav: Any) -> set[str]:
    """Return every docs path the `nav:` configuration names."""
    found: set[str] = set()
    if isinstance(nav, str):
        found.add(nav)
    elif isinstance(nav, list):
        for item in nav:
            found |= nav_paths(item)
    elif isinstance(nav, dict):
        for value in nav.values():
            found |= nav_paths(value)
    return found


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Exclude every page outside this partition (and, outside the shared one, all assets)."""
    spec = os.environ.get(PARTITION_ENV)
    if not spec:
        return files
    data = json.loads(Path(spec).read_text(encoding="utf-8"))
    wanted = set(data["pages"]) | nav_paths(config.nav)
    shared = bool(data["shared"])
    _all_pages.clear()
    for file in files:
        if file.is_documentation_page():
            # Files MkDocs itself leaves out (.hidden, templates/) stay out of the sitemap too.
            if file.inclusion.is_included():  # type: ignore[no-untyped-call]
                _all_pages.append(file)
            if file.src_uri not in wanted:
                file.inclusion = InclusionLevel.EXCLUDED
        elif not shared:
            file.inclusion = InclusionLevel.EXCLUDED
    return files


def on_template_context(context: Any, template_name: str, config: MkDocsConfig) -> Any:
    """Give the sitemap every page of the site, in the order a single build lists them."""
    if template_name != "sitemap.xml" or not os.environ.get(PARTITION_ENV):
        return context
    for file in _all_pages:
        if file.page is None:
            # An unread page still has its URLs, all the sitemap shows.
            Page(None, file, config)
    context["pages"] = list(_all_pages)
    return context
