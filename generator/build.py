"""Build the docs folder: parse content/, gather the Site, render pages and data, write changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.config import Settings, SettingsRead, load_config_safely, read_settings, staff_path
from generator.messages import say
from generator.model import Document
from generator.publish.data import data_catalogue, data_files
from generator.publish.manifest import write_manifest
from generator.publish.originals import download_name, original_files
from generator.publish.write import write_tree
from generator.read.masked import mask_documents
from generator.read.parse import parse_paths, scan_documents
from generator.site.gather import Site, build_site
from generator.site.render import render_site
from generator.site.tracking import load_tracking
from generator.stages import DOCUMENTS, PARSE, RENDER, stage


@dataclass(frozen=True)
class BuildResult:
    """What one build parsed, published and wrote."""

    documents: list[Document]
    errors: list[str]
    skipped: list[str]
    site: Site
    written: int
    removed: int
    # content/site.yml as read (the defaults when it is broken): the publish step needs it.
    settings: Settings = field(default_factory=Settings)


def build_docs(content: Path, docs: Path, demo: bool = False) -> BuildResult:
    """Parse every document in content/ and write the Markdown and data files into docs.

    demo marks every page as demonstration data (make demo): progress there is invented.
    """
    # A broken staff file is reported and left out; the documents still publish. Defaults are
    # the safe side: no aliases, and personal contacts masked.
    config, errors = load_config_safely(content)
    # site.yml is read key by key: a wrong setting is reported and left out, the others kept.
    read = read_settings(content)
    errors.extend(settings_errors(read, "cli.default_settings_build"))
    settings = read.settings
    cache = docs.parent / "extracted"
    inventory = scan_documents(content)
    errors.extend(inventory.errors)
    with stage(PARSE, total=len(inventory.documents), unit=DOCUMENTS) as parsing:
        documents, parse_errors = parse_paths(
            inventory.documents, config, cache, done=parsing.advance
        )
    errors.extend(parse_errors)
    with stage(RENDER):
        # Identity-card, passport and bank-card numbers are masked always; contacts unless the
        # people named agreed (show_personal_contacts).
        contacts = not settings.show_personal_contacts
        # Kept per document in the build folder: an unchanged document is not masked again.
        documents = mask_documents(documents, contacts, cache)
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
        # The data files first: the 数据下载 page gives their sizes from the bytes written.
        data = data_files(site, settings.site_url)
        catalogue = data_catalogue(site, data, settings.data_licence)
        files: dict[str, str | bytes] = dict(render_site(site, catalogue))
        files.update(data)
        files.update(originals)
        written, removed = write_tree(docs, files)
        # How each file was read (its path, layout, warnings) is for staff, outside the site.
        write_manifest(docs.parent, documents, {page.document.id for page in site.documents})
    warnings = inventory.warnings + address_warnings(content, read)
    return BuildResult(documents, errors, warnings, site, written, removed, settings)


def settings_errors(read: SettingsRead, unusable: str) -> list[str]:
    """Say each problem of site.yml and what became of it (left out, or the whole file)."""
    if not read.usable:
        return [say(unusable, error=str(error)) for error in read.errors]
    wrong_address = read.refused_for("site_url")
    left_out = [error for _, error in read.refused]
    said: list[str] = []
    for error in read.errors:
        if error in wrong_address:
            said.append(say("cli.site_url_left_out", error=str(error)))
        elif error in left_out:
            said.append(say("cli.setting_left_out", error=str(error)))
        else:
            # A repeated key: YAML keeps its last value, which is used.
            said.append(say("cli.setting_repeated", error=str(error)))
    return said


def address_warnings(content: Path, read: SettingsRead) -> list[str]:
    """Warn when site.yml gives no site_url: what then cannot point back to the site."""
    # A site_url given but wrong is reported as an error already, saying what it was.
    if read.settings.site_url or read.refused_for("site_url"):
        return []
    return [say("build.no_site_url", path=staff_path(content / "site.yml"))]
