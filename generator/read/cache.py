"""Keep each document's parse for the next build, keyed by everything the parse depends on.

A document is parsed again only when its bytes, its sidecar, the staff configuration, the
active language or the program changed. Entries live beside the extraction cache in the build
folder (never in the docs or site folders): one file per document, replaced whole, and read
defensively, so a damaged entry only costs a fresh parse.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import importlib.metadata
import json
import os
import pickle
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import generator
from generator.config import Config
from generator.ingest.text import MAX_BYTES
from generator.messages import language
from generator.model import Document

# Bump when what an entry holds changes shape; the code digest already covers behaviour.
PARSE_CACHE_VERSION = "1"
FOLDER = "parsed"
SUFFIX = ".pickle"
# Python's own caches beside the source change with every import, not with the program.
IGNORED_FOLDERS = {"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"}


# The parse's code: a stage imports only from stages to its left and from the core, so what
# parsing runs is the core (every module at the package's top) and the ingest and read stages.
# Editing a page template or the publisher leaves the kept parses valid.
PARSE_STAGES = ("ingest", "read")


@functools.cache
def code_digest() -> str:
    """Hash the parse's code, Python's version and every installed package's version."""
    digest = hashlib.sha256()
    digest.update(sys.version.encode())
    versions = sorted(
        {f"{d.metadata['Name'] or ''}=={d.version}" for d in importlib.metadata.distributions()}
    )
    digest.update("\n".join(versions).encode())
    package = Path(generator.__file__).parent
    core = sorted(path for path in package.iterdir() if path.is_file())
    stages = [_source_files(package / name) for name in PARSE_STAGES]
    for path in [*core, *(path for files in stages for path in files)]:
        digest.update(f"\0{path.relative_to(package).as_posix()}\0".encode("utf-8", "replace"))
        try:
            digest.update(path.read_bytes())
        except OSError as error:
            digest.update(f"\0unreadable {error.errno}\0".encode())
    return digest.hexdigest()


def _source_files(folder: Path) -> list[Path]:
    """Return every file under folder in a fixed order (names sorted, caches left out)."""
    found: list[Path] = []
    for parent, subfolders, names in os.walk(folder):
        subfolders[:] = sorted(name for name in subfolders if name not in IGNORED_FOLDERS)
        found.extend(Path(parent) / name for name in sorted(names))
    return found


def config_digest(config: Config) -> str | None:
    """Hash the configuration's effective value; None when a part of it cannot be told apart."""
    try:
        text = json.dumps(_plain(config), ensure_ascii=False, sort_keys=False)
    except TypeError:
        return None
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def _plain(value: object) -> Any:
    """The value as JSON data that differs whenever the value does (type names included)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return [type(value).__name__, value]
    if isinstance(value, re.Pattern):
        return ["pattern", str(value.pattern), value.flags]
    if isinstance(value, (list, tuple)):
        return [type(value).__name__, [_plain(item) for item in value]]
    if isinstance(value, dict):
        # Insertion order kept: two orders of one mapping only cost one fresh parse.
        return ["dict", [[_plain(k), _plain(v)] for k, v in value.items()]]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = [[f.name, _plain(getattr(value, f.name))] for f in dataclasses.fields(value)]
        return [type(value).__qualname__, fields]
    # Sets and unknown objects have no stable order or text: such a configuration is not cached.
    raise TypeError(type(value).__name__)


def _file_digest(path: Path) -> str | None:
    """Hash a file's bytes; None when it cannot be read or is too big to be read at all."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def parse_key(path: Path, display: str, config: Config, sidecar: Path | None) -> str | None:
    """Hash what parsing this document depends on; None when it cannot be known (no caching)."""
    source = _file_digest(path)
    side = _file_digest(sidecar) if sidecar is not None else ""
    settings = config_digest(config)
    if source is None or side is None or settings is None:
        return None
    parts = [
        PARSE_CACHE_VERSION,
        code_digest(),
        # Warnings are kept as text in the language of the build that parsed.
        language(),
        settings,
        display,
        path.name,
        source,
        sidecar.name if sidecar is not None else "",
        side,
    ]
    return hashlib.sha256(
        json.dumps(parts, ensure_ascii=False).encode("utf-8", "surrogateescape")
    ).hexdigest()


def entry_path(cache: Path, path: Path) -> Path:
    """Return the file that keeps this document's parse (one per document path)."""
    name = hashlib.sha256(os.fsencode(path.absolute())).hexdigest()[:40]
    return cache / FOLDER / f"{name}{SUFFIX}"


def read_entry(entry: Path, key: str) -> bytes | None:
    """Return the body an earlier build kept in entry under key, or None."""
    try:
        data = entry.read_bytes()
    except OSError:
        return None
    # The key heads the entry: an entry of other inputs or another program is never unpickled.
    header, _, body = data.partition(b"\n")
    return body if header == key.encode() else None


def unpickled_document(body: bytes) -> Document | None:
    """Return the document an entry's body holds, or None when it is damaged."""
    try:
        # Our own build folder's output, as trusted as the program that wrote it.
        document = pickle.loads(body)
    except Exception:  # any damage (truncated, altered) means doing the work again
        return None
    return document if isinstance(document, Document) else None


def write_entry(entry: Path, key: str, body: bytes) -> None:
    """Keep body under key in entry, written whole or not at all; a failure only costs time."""
    temporary = entry.with_name(f"{entry.name}.{os.getpid()}.tmp")
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(key.encode() + b"\n" + body)
        os.replace(temporary, entry)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


def prune_entries(folder: Path, keep: Callable[[Path], bool]) -> None:
    """Remove the entries of folder not to keep, so a removed private text does not linger."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return
    for entry in entries:
        if not keep(entry):
            with contextlib.suppress(OSError):
                entry.unlink()


def load_parsed(cache: Path, path: Path, key: str) -> Document | None:
    """Return the document parsed for this key by an earlier build, or None."""
    body = read_entry(entry_path(cache, path), key)
    return None if body is None else unpickled_document(body)


def store_parsed(cache: Path, path: Path, key: str, document: Document) -> None:
    """Keep a document's parse for the next build; a failure only costs time then."""
    try:
        body = pickle.dumps(document, pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return
    write_entry(entry_path(cache, path), key, body)


def prune_parsed(cache: Path, paths: Iterable[Path]) -> None:
    """Remove entries of documents no longer given, so a removed private text does not linger."""
    keep = {entry_path(cache, path).name for path in paths}
    prune_entries(cache / FOLDER, lambda entry: entry.name in keep)
