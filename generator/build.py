"""Build the docs folder: parse content/, gather the Site, render pages and data, write changes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.config import Settings, load_config_safely, load_settings
from generator.errors import ConfigError
from generator.messages import say
from generator.model import Document
from generator.publish.data import data_files
from generator.publish.originals import download_name, original_files
from generator.publish.write import write_tree
from generator.read.parse import parse_paths, scan_documents
from generator.read.privacy import mask_everywhere
from generator.site.gather import Site, build_site
from generator.site.render import render_site
from generator.site.tracking import load_tracking
from generator.stages import PARSE, RENDER, stage


@dataclass(frozen=True)
class BuildResult:
    """What one build parsed, published and wrote."""

    documents: list[Document]
    errors: list[str]
    skipped: list[str]
    site: Site
    written: int
    removed: int


def build_docs(content: Path, docs: Path, demo: bool = False) -> BuildResult:
    """Parse every document in content/ and write the Markdown and data files into docs.

    demo marks every page as demonstration data (make demo): progress there is invented.
    """
    # A broken staff file is reported and left out; the documents still publish. Defaults are
    # the safe side: no aliases, and personal contacts masked.
    config, errors = load_config_safely(content)
    try:
        settings = load_settings(content)
    except ConfigError as error:
        errors.append(say("cli.default_settings_build", error=str(error)))
        settings = Settings()
    cache = docs.parent / "extracted"
    inventory = scan_documents(content)
    errors.extend(inventory.errors)
    with stage(PARSE, total=len(inventory.documents), unit="份") as parsing:
        documents, parse_errors = parse_paths(
            inventory.documents, config, cache, done=parsing.advance
        )
    errors.extend(parse_errors)
    with stage(RENDER):
        # Identity-card, passport and bank-card numbers are masked always; contacts unless the
        # people named agreed (show_personal_contacts).
        contacts = not settings.show_personal_contacts
        documents = [mask_everywhere(document, contacts) for document in documents]
        site = build_site(documents, config)
        paths = {p.name: p for p in inventory.documents}
        offered = original_files(documents, paths, contacts, cache)
        originals: dict[str, bytes] = {}
        for page in site.documents:
            if page.document.id in offered:
                path = offered[page.document.id]
                page.original = download_name(page.document.id, path)
                originals[page.original] = path.read_bytes()
        # Progress is checked against every parsed document (private ones too, never published).
        site.tracking, progress_errors = load_tracking(
            content, documents, site, settings.as_of, demo
        )
        errors.extend(progress_errors)
        inventory.warnings.extend(site.tracking.warnings)
        files: dict[str, str | bytes] = dict(render_site(site))
        files.update(data_files(site))
        files.update(originals)
        written, removed = write_tree(docs, files)
    return BuildResult(documents, errors, inventory.warnings, site, written, removed)
