"""Turn the docs folder into the published site/: MkDocs, then Pagefind, then checks, then swap.

The site is built in a fresh folder under build/releases and only then made live by pointing
the `site` symlink at it with one atomic rename, so a failed or killed build leaves the
previous site complete and unchanged.
"""

from __future__ import annotations

import calendar
import contextlib
import fcntl
import gzip
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator, Mapping
from functools import partial
from pathlib import Path
from typing import Any

import yaml

from generator.config import Settings, brief
from generator.errors import GeneratorError
from generator.messages import say
from generator.model import Document
from generator.publish.links import PageRefs, check_site, page_refs
from generator.publish.mkdocs_run import mkdocs_build
from generator.publish.pages import read_pages_cached, site_tree
from generator.publish.partitions import (
    assemble,
    build_partitions,
    docs_folder,
    group_of,
    partition_count,
    partition_pages,
    plan,
)
from generator.publish.search import page_stub, write_search_index
from generator.publish.unchanged import code_digest
from generator.stages import LINKS, MKDOCS, PUBLISH, SEARCH, stage


class PublishError(GeneratorError):
    """MkDocs, Pagefind or the link check failed; the live site was not touched."""


class BuildLocked(GeneratorError):
    """Another build of the same checkout is running."""


LOCK_NAME = "build.lock"
# What the last build read from each built page (search stub, links), by the page's bytes.
PAGES_CACHE = "pages.cache"
# Each partition's last MkDocs output (partitioned builds), beside the releases folder.
PARTITIONS = "partitions"
# Each search group's Pagefind bundle from the last build (large sites), beside the releases.
SEARCH_GROUPS = "search"
# Scratch folders of builds run before they were kept under build/ (killed builds left them).
OLD_SCRATCH = "search-*"
OLD_SCRATCH_AGE = 3600


@contextlib.contextmanager
def build_lock(folder: Path) -> Iterator[None]:
    """Hold build/build.lock for the whole build; refuse at once if another build holds it."""
    # flock is released by the kernel when the process dies, so a killed build never leaves a
    # stale lock behind (a lock *file* that merely exists would).
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / LOCK_NAME, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise BuildLocked(say("publish.locked", lock=str(folder / LOCK_NAME))) from error
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def clean_leftovers(releases: Path, live: Path) -> int:
    """Delete release and scratch folders killed builds left; call only under build_lock."""
    removed = 0
    current = live.resolve() if live.is_symlink() else None
    if releases.is_dir():
        for old in sorted(releases.iterdir()):
            if old.is_dir() and not old.is_symlink() and old.resolve() != current:
                shutil.rmtree(old, ignore_errors=True)
                removed += 1
    # Older builds kept Pagefind's scratch in the system temp folder. Only our own and only
    # old ones: another checkout's build may be using a fresh one right now.
    cutoff = time.time() - OLD_SCRATCH_AGE
    for old in Path(tempfile.gettempdir()).glob(OLD_SCRATCH):
        try:
            info = old.lstat()
        except OSError:
            continue
        if old.is_dir() and info.st_uid == os.getuid() and info.st_mtime < cutoff:
            shutil.rmtree(old, ignore_errors=True)
            removed += 1
    return removed


def build_epoch(documents: list[Document]) -> int:
    """A timestamp from the input (the latest public document's date): rebuilds match."""
    dates = []
    # Only published documents: the date of one held back must not show in any output.
    for document in (d for d in documents if d.public):
        match = re.match(r"(\d{4})-(\d{2})-(\d{2})$", document.date)
        if match:
            year, month, day = (int(part) for part in match.groups())
            if 1 <= month <= 12 and 1 <= day <= 31:
                dates.append((year, month, day))
    if not dates:
        return 0
    return calendar.timegm((*max(dates), 0, 0, 0, 0, 0, 0))


def scrub_sitemap(release: Path) -> None:
    """Drop <lastmod> from the sitemap and gzip it again with no timestamp in its header."""
    # MkDocs stamps every <lastmod> and the gzip header's mtime with the build date (from
    # SOURCE_DATE_EPOCH, i.e. a document's date): the sitemap carries no date at all instead.
    sitemap = release / "sitemap.xml"
    if not sitemap.is_file():
        return
    text = re.sub(r"[ \t]*<lastmod>[^<]*</lastmod>\s*?\n?", "", sitemap.read_text(encoding="utf-8"))
    sitemap.write_text(text, encoding="utf-8")
    with (
        (release / "sitemap.xml.gz").open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as packed,
    ):
        packed.write(text.encode("utf-8"))


# Where Chinese government sites link their ICP number (the MIIT filing system).
BEIAN_URL = "https://beian.miit.gov.cn/"


def mkdocs_settings(settings: Settings, data_date: str) -> dict[str, Any]:
    """What content/site.yml adds to MkDocs' configuration: the address and the page footer."""
    portal = {
        "organizer": settings.organizer,
        "contact_phone": settings.contact_phone,
        "contact_email": settings.contact_email,
        "site_code": settings.site_code,
        "icp": settings.icp,
        "beian_url": BEIAN_URL if settings.icp else "",
        "report_error": settings.report_error,
        "privacy_url": settings.privacy_url,
        "data_date": data_date,
    }
    return {"site_url": settings.site_url, "extra": {"portal": portal}}


def derived_config(config_file: Path, settings: dict[str, Any]) -> str:
    """A configuration that inherits config_file and adds settings (MkDocs' INHERIT)."""
    # Written with safe_dump, so every value stays a string (a 网站标识码 never becomes a
    # number, a name never a boolean).
    data = {"INHERIT": str(config_file.resolve()), **settings}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=True)


def allowed_links(settings: Settings) -> tuple[str, ...]:
    """Addresses on other hosts pages may link to: the ICP register, staff's own links."""
    links = [settings.privacy_url, settings.report_error]
    if settings.icp:
        links.append(BEIAN_URL)
    return tuple(link for link in links if link.startswith(("http://", "https://")))


def build_release(
    config_file: Path,
    releases: Path,
    epoch: int,
    settings: Settings | None = None,
    data_date: str = "",
    groups: Mapping[str, str] | None = None,
    assembled: int = 0,
) -> Path:
    """Build the site into a new folder under releases and return it.

    settings (content/site.yml) give MkDocs the site's address and the footer; data_date is
    the data's own date the footer shows (never the clock). groups (government_groups) say
    which pages belong together when a large site is built in partitions; assembled > 0 puts
    that many partitions, built beforehand (build_partition), together and builds none.
    """
    settings = settings or Settings()
    releases.mkdir(parents=True, exist_ok=True)
    release = Path(tempfile.mkdtemp(prefix="site-", dir=releases))
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(epoch), NO_MKDOCS_2_WARNING="1")
    try:
        with stage(MKDOCS):
            config_text = derived_config(config_file, mkdocs_settings(settings, data_date))
            page_names = partition_pages(docs_folder(config_file))
            count = assembled or partition_count(len(page_names))
            if count > 1:
                # Partitions kept from the last build live beside the releases, never in site/.
                partitions = plan(page_names, groups or {}, count)
                build_partitions(
                    partitions,
                    config_file,
                    config_text,
                    releases.parent / PARTITIONS,
                    env,
                    epoch,
                    code_digest(),
                    prebuilt=bool(assembled),
                )
                assemble(partitions, releases.parent / PARTITIONS, release)
            else:
                # The configuration comes on stdin; MkDocs runs in config_file's folder, so
                # the relative paths written there still hold.
                ran = mkdocs_build(config_text, config_file.resolve().parent, release, env)
                if ran.returncode != 0:
                    what, code = "mkdocs build --strict", ran.returncode
                    said = "".join(f"\n  {line}" for line in ran.problems)
                    raise PublishError(say("publish.step_failed", what=what, code=code) + said)
            scrub_sitemap(release)
        with stage(SEARCH):
            indexed, pages = _index_for_search(release, releases / "tmp", groups or {})
        if indexed == 0:
            raise PublishError(say("publish.nothing_indexed"))
        with stage(LINKS):
            check = check_site(
                release, pages, site_url=settings.site_url, allowed=allowed_links(settings)
            )
        external = [say("publish.external_host", link=line) for line in check.external]
        problems = check.broken + external
        if problems:
            shown = "\n  ".join(problems[:20])
            raise PublishError(say("publish.broken_links", count=len(problems), links=shown))
    except BaseException:
        shutil.rmtree(release, ignore_errors=True)
        raise
    release.chmod(0o755)
    return release


class SharedRefs:
    """Hold equal links and anchor names of different pages as one object each.

    Every page repeats the theme's and the navigation's links: at 68,724 pages, one tuple per
    link per page took the generator to 3.1 GB. Pickled together, shared objects are also
    written once into the page cache.
    """

    def __init__(self) -> None:
        self.seen: dict[Any, Any] = {}

    def __call__(self, read: tuple[str | None, PageRefs]) -> tuple[str | None, PageRefs]:
        """Return one page's stub and links, its parts shared with the pages before it."""
        stub, refs = read
        seen = self.seen
        ids = frozenset(seen.setdefault(name, name) for name in refs.ids)
        links = tuple(seen.setdefault(link, link) for link in refs.links)
        external = tuple(seen.setdefault(url, url) for url in refs.external)
        return stub, PageRefs(ids, links, external)


def read_built_page(root: Any, name: str) -> tuple[str | None, PageRefs]:
    """Take all a build needs from one parsed page: its search stub and its links."""
    return page_stub(root, name), page_refs(root, name)


def _index_for_search(
    release: Path, scratch: Path, groups: Mapping[str, str]
) -> tuple[int, dict[str, PageRefs]]:
    """Read every built page once, index it for search and return its links for the check.

    The scratch (search stubs, Pagefind's temporary files) is under build/, where leftovers
    get cleaned. groups (government_groups) say which government each built page is of: a
    large site's search index is built a few governments at a time, each part kept for the
    next build.
    """
    scratch.mkdir(parents=True, exist_ok=True)
    previous = tempfile.tempdir
    tempfile.tempdir = str(scratch)
    try:
        names = site_tree(release).named(".html")
        # Pages kept from the last build (under build/, never published): with one document
        # changed, only the pages it touched are parsed again.
        cache = release.parent / PAGES_CACHE
        read = read_pages_cached(
            release, names, read_built_page, cache, code_digest(), SharedRefs()
        )
        stubs = {name: stub for name, (stub, _) in zip(names, read, strict=True)}
        pages = {name: refs for name, (_, refs) in zip(names, read, strict=True)}
        held = release.parent.parent / SEARCH_GROUPS
        owner = partial(group_of, groups=groups)
        return write_search_index(release, stubs, owner, held), pages
    except PublishError:
        raise
    except (GeneratorError, OSError) as error:
        raise PublishError(say("publish.search_failed", error=brief(str(error)))) from error
    finally:
        tempfile.tempdir = previous
        shutil.rmtree(scratch, ignore_errors=True)


def swap_live(release: Path, live: Path) -> None:
    """Point live (a symlink) at release atomically and delete the releases no longer live."""
    releases = release.parent
    if live.exists() and not live.is_symlink():
        # A real folder from before releases existed: move it aside first.
        shutil.move(str(live), str(releases / "previous-folder"))
    pointer = live.with_name(live.name + ".swap")
    if pointer.is_symlink() or pointer.exists():
        pointer.unlink()
    pointer.symlink_to(os.path.relpath(release, live.parent), target_is_directory=True)
    os.replace(pointer, live)
    for old in releases.iterdir():
        if old != release and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)


def publish(
    config_file: Path,
    live: Path,
    releases: Path,
    documents: list[Document],
    settings: Settings | None = None,
    data_date: str = "",
    groups: Mapping[str, str] | None = None,
    assembled: int = 0,
) -> Path:
    """Build a release and make it live; return the release folder."""
    release = build_release(
        config_file, releases, build_epoch(documents), settings, data_date, groups, assembled
    )
    with stage(PUBLISH):
        swap_live(release, live)
    return release


def build_partition(
    config_file: Path,
    releases: Path,
    documents: list[Document],
    index: int,
    count: int,
    settings: Settings | None = None,
    data_date: str = "",
    groups: Mapping[str, str] | None = None,
) -> Path:
    """Build partition index of count into build/partitions/<index> and return that folder.

    One job of a CI matrix (or of a Kubernetes indexed Job); the assemble step then puts the
    partitions together with publish(..., assembled=count).
    """
    settings = settings or Settings()
    epoch = build_epoch(documents)
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(epoch), NO_MKDOCS_2_WARNING="1")
    config_text = derived_config(config_file, mkdocs_settings(settings, data_date))
    partitions = plan(partition_pages(docs_folder(config_file)), groups or {}, count)
    cache = releases.parent / PARTITIONS
    with stage(MKDOCS):
        build_partitions(
            partitions, config_file, config_text, cache, env, epoch, code_digest(), only=index
        )
    return cache / str(index)
