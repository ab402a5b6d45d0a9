"""Partitioned MkDocs builds: one `mkdocs build` per group of pages, run side by side.

MkDocs renders pages one after another in one process. A large site is split into partitions:
the shared one (home, indexes, indicators, progress, data, theme assets) and partitions of
whole governments (a government's documents with their tasks, and its unit and leader pages),
so a change to one document touches one government partition (and the shared pages that
changed with it). Every partition's MkDocs sees the whole docs folder and builds only its own
pages (publish/partition_hook.py), so each page comes out byte for byte as a single build
writes it; the outputs are then put together into one release folder.

Each partition's output is kept under build/partitions/, with a digest of everything it was
built from; a partition whose inputs did not change is copied from there instead of built.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import shutil
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from mkdocs.structure.files import File

from generator.errors import GeneratorError
from generator.messages import say
from generator.publish import partition_hook
from generator.publish.mkdocs_run import MkDocsRun, mkdocs_build
from generator.publish.pages import workers
from generator.publish.unchanged import add_file, add_folder, config_inputs, read_mkdocs_config
from generator.site.gather import Site

# Below this many pages one MkDocs process is faster than several (each has a start-up cost).
PARTITION_FROM = 2000
# About this many pages to a partition: small enough that one changed document rebuilds a
# small part of the site, large enough that start-up stays a small share of each build.
PAGES_PER_PARTITION = 800
# But no more partitions than this per core (see partition_count).
MAX_PER_CORE = 4
# Set to a number to force that many partitions (1: always one MkDocs), whatever the size.
PARTITIONS_ENV = "GENERATOR_PARTITIONS"
DIGEST = ".digest"
# What every partition writes for the whole site: kept from the shared partition only.
SITE_WIDE = ("404.html", "sitemap.xml", "sitemap.xml.gz")


class PartitionError(GeneratorError):
    """A partition's MkDocs failed, or the partitions' outputs could not be put together."""


@dataclass(frozen=True)
class Partition:
    """The pages one MkDocs process builds; the shared partition also keeps every asset."""

    index: int
    pages: tuple[str, ...]
    shared: bool

    def describe(self) -> str:
        """Return the JSON the MkDocs hook reads (publish/partition_hook.py)."""
        return json.dumps({"pages": list(self.pages), "shared": self.shared}, ensure_ascii=False)


def government_groups(site: Site) -> dict[str, str]:
    """Map each docs folder of one government (its documents, units, leaders) to its slug."""
    groups: dict[str, str] = {}
    for document in site.documents:
        groups[posix_folder(document.path)] = document.government.slug
    for government in site.governments:
        groups[f"units/{government.slug}/"] = government.slug
        groups[f"leaders/{government.slug}/"] = government.slug
    return groups


def posix_folder(path: str) -> str:
    """Return a docs path's folder with a trailing slash: documents/x/index.md → documents/x/."""
    folder = path.rsplit("/", 1)[0] if "/" in path else ""
    return folder + "/" if folder else ""


def group_of(src_path: str, groups: Mapping[str, str]) -> str | None:
    """Return the government a page belongs to, or None for a shared page."""
    parts = src_path.split("/")
    # Government folders are two levels deep (documents/<id>/, units/<slug>/).
    return groups.get("/".join(parts[:2]) + "/") if len(parts) > 2 else None


def docs_folder(config_file: Path) -> Path:
    """Return the docs folder an MkDocs configuration builds from."""
    data = read_mkdocs_config(config_file)
    docs = data.get("docs_dir", "docs") if isinstance(data, dict) else "docs"
    return config_file.resolve().parent / str(docs)


def nav_titles(config_file: Path) -> dict[str, bool]:
    """Map every page named in `nav:` to whether the configuration gives its title."""
    data = read_mkdocs_config(config_file)
    found: dict[str, bool] = {}

    def walk(item: Any, titled: bool) -> None:
        if isinstance(item, str):
            found[item] = titled
        elif isinstance(item, list):
            for entry in item:
                walk(entry, False)
        elif isinstance(item, dict):
            for value in item.values():
                walk(value, True)

    walk(data.get("nav") if isinstance(data, dict) else None, False)
    return found


def docs_files(docs: Path) -> list[str]:
    """List every file of the docs folder as a sorted POSIX path."""
    names: list[str] = []
    for folder, subfolders, files in os.walk(docs):
        subfolders.sort()
        relative = os.path.relpath(folder, docs)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        names.extend(prefix + name for name in files)
    return sorted(names)


def parse_partition(text: str) -> tuple[int, int]:
    """Read I/K (partition I of K, counted from 0) as given on the command line."""
    index, _, count = text.partition("/")
    if not (index.isdigit() and count.isdigit() and int(index) < int(count)):
        raise PartitionError(say("cli.partition_format", value=text))
    return int(index), int(count)


def partition_count(pages: int, cpus: int | None = None) -> int:
    """Return how many partitions pay for this many pages on this machine (1: a single build)."""
    forced = os.environ.get(PARTITIONS_ENV, "").strip()
    if forced.isdigit() and int(forced) > 0:
        return int(forced)
    cpus = workers() if cpus is None else cpus
    if cpus < 2 or pages < PARTITION_FROM:
        return 1
    # The shared partition is small (indexes, indicators): every core gets governments too.
    # At most MAX_PER_CORE per core: each partition's MkDocs lists every file of the site
    # (9 s at 69,000 files), so a partition count that grew with the site made that cost grow
    # with its square (88 partitions took 1,100 s at 100×).
    wanted = math.ceil(pages / PAGES_PER_PARTITION)
    return 1 + max(cpus, min(wanted, MAX_PER_CORE * cpus))


def plan(pages: Iterable[str], groups: Mapping[str, str], count: int) -> list[Partition]:
    """Split pages into count partitions: the shared pages, then governments, whole and balanced.

    Governments go largest first to the partition with the fewest pages (ties: the lowest
    number), so the same pages always give the same plan.
    """
    shared: list[str] = []
    by_group: dict[str, list[str]] = {}
    for page in pages:
        group = group_of(page, groups)
        if group is None:
            shared.append(page)
        else:
            by_group.setdefault(group, []).append(page)
    bins: list[list[str]] = [[] for _ in range(max(1, count - 1))]
    for _, members in sorted(by_group.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        target = min(range(len(bins)), key=lambda i: (len(bins[i]), i))
        bins[target].extend(members)
    partitions = [Partition(0, tuple(sorted(shared)), True)]
    partitions += [
        Partition(number, tuple(sorted(members)), False)
        for number, members in enumerate(bins, start=1)
        if members
    ]
    return partitions


def partition_digest(
    partition: Partition,
    docs: Path,
    names: list[str],
    config_file: Path,
    config_text: str,
    epoch: int,
    code: str,
) -> str:
    """Hash everything one partition's output depends on.

    Its own files' bytes, the list of every docs file (links and the navigation depend on
    which pages exist, not on their text), nav pages whose title comes from their text, the
    configuration, theme, program and package versions (code), and the build date.
    """
    digest = hashlib.sha256()
    digest.update(f"{code}\0{epoch}\0{config_text}\0{partition.describe()}\0".encode())
    digest.update("\n".join(names).encode("utf-8", "surrogateescape"))
    files, folders = config_inputs(config_file)
    for path in files:
        add_file(digest, "config", path)
    for folder in folders:
        add_folder(digest, "theme", folder)
    own = set(partition.pages)
    own.update(page for page, titled in nav_titles(config_file).items() if not titled)
    if partition.shared:
        own.update(name for name in names if not name.endswith(".md"))
    for name in sorted(own):
        add_file(digest, "docs", docs / name)
    return digest.hexdigest()


def run_mkdocs(config_text: str, cwd: Path, out: Path, env: dict[str, str]) -> MkDocsRun:
    """Run one `mkdocs build --strict` into out."""
    return mkdocs_build(config_text, cwd, out, env)


def with_hook(config_text: str) -> str:
    """Add the partition hook to a derived configuration (the YAML MkDocs reads on stdin)."""
    data = yaml.safe_load(config_text)
    data["hooks"] = [str(Path(partition_hook.__file__).resolve())]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=True)


def build_partitions(
    partitions: list[Partition],
    config_file: Path,
    config_text: str,
    cache: Path,
    env: dict[str, str],
    epoch: int,
    code: str,
    only: int | None = None,
    prebuilt: bool = False,
) -> list[int]:
    """Build each partition whose inputs changed into cache/<n>/, side by side; return them.

    only: build that partition alone (one job of a CI matrix). prebuilt: build nothing and
    fail unless every partition is already there from these inputs (the assemble step).
    """
    docs = docs_folder(config_file)
    names = docs_files(docs)
    cache.mkdir(parents=True, exist_ok=True)
    keep = {str(p.index) for p in partitions}
    for old in cache.iterdir():
        if old.name.split(".")[0] in keep:
            continue
        if old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink()
    todo: list[tuple[Partition, str]] = []
    for partition in partitions:
        digest = partition_digest(partition, docs, names, config_file, config_text, epoch, code)
        stamp = cache / f"{partition.index}{DIGEST}"
        folder = cache / str(partition.index)
        kept = stamp.read_text(encoding="utf-8") if stamp.is_file() else ""
        if kept != digest or not folder.is_dir():
            todo.append((partition, digest))
    if only is not None:
        todo = [item for item in todo if item[0].index == only]
    if prebuilt and todo:
        numbers = "、".join(str(item[0].index) for item in todo)
        raise PartitionError(say("publish.partition_missing", numbers=numbers, cache=str(cache)))
    hooked = with_hook(config_text)
    cwd = config_file.resolve().parent

    def build_one(item: tuple[Partition, str]) -> tuple[Partition, str, MkDocsRun]:
        partition, digest = item
        (cache / f"{partition.index}{DIGEST}").unlink(missing_ok=True)
        spec = cache / f"{partition.index}.json"
        spec.write_text(partition.describe(), encoding="utf-8")
        fresh = cache / f"{partition.index}.new"
        shutil.rmtree(fresh, ignore_errors=True)
        told = dict(env, **{partition_hook.PARTITION_ENV: str(spec)})
        return partition, digest, run_mkdocs(hooked, cwd, fresh, told)

    # Largest first, so the last one to start is a small one.
    todo.sort(key=lambda item: (-len(item[0].pages), item[0].index))
    with ThreadPoolExecutor(max_workers=max(1, workers())) as pool:
        results = list(pool.map(build_one, todo))
    # The partitions that built are kept even when another failed: the next build reuses them.
    for partition, digest, ran in results:
        if ran.returncode == 0:
            folder = cache / str(partition.index)
            shutil.rmtree(folder, ignore_errors=True)
            os.replace(cache / f"{partition.index}.new", folder)
            (cache / f"{partition.index}{DIGEST}").write_text(digest, encoding="utf-8")
    failed = [(partition.index, ran) for partition, _, ran in results if ran.returncode != 0]
    if failed:
        for number, _ in failed:
            shutil.rmtree(cache / f"{number}.new", ignore_errors=True)
        numbers = "、".join(str(number) for number, _ in failed)
        # MkDocs' own warnings say which page and link: staff need them to fix the input.
        said = "".join(f"\n  {line}" for _, ran in failed for line in ran.problems)
        raise PartitionError(say("publish.partition_failed", numbers=numbers) + said)
    return sorted(partition.index for partition, _, _ in results)


def dest_path(src_path: str) -> str:
    """Return where MkDocs writes a page (directory URLs): units/x.md → units/x/index.html."""
    return File(src_path, "", "", use_directory_urls=True).dest_uri


def assemble(partitions: list[Partition], cache: Path, release: Path) -> int:
    """Copy the partitions' outputs into release as one site; return the number of files.

    The shared partition gives everything it wrote; every other one gives its own pages only
    (its copies of the nav pages, the 404 page and the sitemap are the shared one's).
    """
    copied = 0
    for partition in partitions:
        source = cache / str(partition.index)
        if partition.shared:
            names: Iterable[str] = docs_files(source)
        else:
            names = [dest_path(page) for page in partition.pages]
        for name in names:
            origin = source / name
            if not partition.shared and not origin.is_file():
                # MkDocs writes no file for a page that renders empty; a single build neither.
                continue
            target = release / name
            if target.exists():
                raise PartitionError(say("publish.partition_overlap", path=name))
            target.parent.mkdir(parents=True, exist_ok=True)
            # Copies, not links: later steps may rewrite a release's file in place.
            shutil.copyfile(origin, target)
            copied += 1
    return copied


def partition_pages(docs: Path) -> list[str]:
    """List the Markdown pages of the docs folder (what partitions divide)."""
    return [name for name in docs_files(docs) if name.endswith(".md")]
