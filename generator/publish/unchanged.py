"""Tell, before parsing anything, whether a build would publish exactly the live site again.

A build's output depends only on its inputs: the content folder, the MkDocs configuration and
theme, this program's source and the versions of the packages it runs, and the build's options.
Their digest is kept beside the live release (in the releases folder, never in the published
tree); a build whose digest matches does no work and leaves the site as it is.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import io
import json
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import yaml

import generator

STAMP = "live.json"
# Python's own caches beside the source change with every import, not with the program.
IGNORED_FOLDERS = {"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"}


@dataclass(frozen=True)
class LiveStamp:
    """What the build that made the live release was given, said and returned."""

    digest: str
    release: str
    report: str
    code: int


def _files(folder: Path) -> Iterable[Path]:
    """Yield every file under folder in a fixed order (names sorted, caches left out)."""
    for parent, subfolders, names in os.walk(folder):
        subfolders[:] = sorted(name for name in subfolders if name not in IGNORED_FOLDERS)
        for name in sorted(names):
            yield Path(parent) / name


def add_folder(digest: Any, label: str, folder: Path) -> None:
    """Feed a folder's file names and bytes into digest, in a fixed order."""
    digest.update(f"\0folder {label}\0".encode())
    if not folder.is_dir():
        return
    for path in _files(folder):
        relative = path.relative_to(folder).as_posix()
        digest.update(f"\0file {relative}\0".encode("utf-8", "surrogateescape"))
        try:
            digest.update(path.read_bytes())
        except OSError as error:
            # An unreadable input cannot be judged unchanged: its error goes in instead.
            digest.update(f"\0unreadable {error.errno}\0".encode())


def add_file(digest: Any, label: str, path: Path) -> None:
    """Feed one file's resolved path and bytes into digest."""
    digest.update(f"\0{label} {path.resolve()}\0".encode("utf-8", "surrogateescape"))
    try:
        digest.update(path.read_bytes())
    except OSError as error:
        digest.update(f"\0unreadable {error.errno}\0".encode())


class _AnyTagLoader(yaml.SafeLoader):
    """A YAML loader that reads MkDocs' !ENV and !!python tags as plain values."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_AnyTagLoader.add_multi_constructor("", _any_tag)


def read_mkdocs_config(config_file: Path) -> Any:
    """Read an MkDocs configuration as plain data (its !ENV and !!python tags as values)."""
    return yaml.load(config_file.read_text(encoding="utf-8"), Loader=_AnyTagLoader)


def config_inputs(config_file: Path) -> tuple[list[Path], list[Path]]:
    """Return the files and folders an MkDocs configuration builds from besides the docs."""
    files: list[Path] = [config_file]
    folders: list[Path] = []
    try:
        data = read_mkdocs_config(config_file)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return files, folders
    if not isinstance(data, dict):
        return files, folders
    base = config_file.resolve().parent
    inherit = data.get("INHERIT")
    if isinstance(inherit, str):
        files.append(base / inherit)
    theme = data.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    if isinstance(custom, str):
        folders.append(base / custom)
    return files, folders


def package_versions() -> list[str]:
    """Name every installed distribution with its version, sorted (MkDocs, Material, Pagefind…)."""
    found = {
        f"{dist.metadata['Name'] or ''}=={dist.version}"
        for dist in importlib.metadata.distributions()
    }
    return sorted(found)


def _add_code(digest: Any) -> None:
    digest.update(sys.version.encode())
    digest.update("\n".join(package_versions()).encode())
    add_folder(digest, "generator", Path(generator.__file__).parent)


def code_digest() -> str:
    """Hash the program: its source, Python's version and every installed package's version."""
    digest = hashlib.sha256()
    _add_code(digest)
    return digest.hexdigest()


def input_digest(content: Path, config_file: Path, options: dict[str, object]) -> str:
    """Hash everything a build's output depends on; equal digests give the same site."""
    digest = hashlib.sha256()
    digest.update(json.dumps(options, sort_keys=True, ensure_ascii=False).encode())
    _add_code(digest)
    add_folder(digest, "content", content)
    files, folders = config_inputs(config_file)
    for path in files:
        add_file(digest, "config", path)
    for folder in folders:
        add_folder(digest, "theme", folder)
    return digest.hexdigest()


def read_stamp(releases: Path, live: Path) -> LiveStamp | None:
    """Return the stamp of the live release, or None when there is none or it is not live."""
    try:
        data = json.loads((releases / STAMP).read_text(encoding="utf-8"))
        stamp = LiveStamp(
            str(data["digest"]), str(data["release"]), str(data["report"]), int(data["code"])
        )
    except (OSError, ValueError, TypeError, KeyError):
        return None
    release = releases / stamp.release
    # The stamp speaks for one release only: the one live points at, still there whole.
    if not live.is_symlink() or not release.is_dir() or live.resolve() != release.resolve():
        return None
    return stamp


def unchanged(releases: Path, live: Path, digest: str) -> LiveStamp | None:
    """Return the live release's stamp when it was built from exactly these inputs."""
    stamp = read_stamp(releases, live)
    return stamp if stamp is not None and stamp.digest == digest else None


def write_stamp(releases: Path, stamp: LiveStamp) -> None:
    """Record what the live release was built from, replacing the stamp atomically."""
    data = {
        "digest": stamp.digest,
        "release": stamp.release,
        "report": stamp.report,
        "code": stamp.code,
    }
    path = releases / STAMP
    partial = path.with_name(path.name + ".new")
    partial.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    os.replace(partial, path)


def forget_stamp(releases: Path) -> None:
    """Drop the stamp: the next build builds, whatever its inputs."""
    (releases / STAMP).unlink(missing_ok=True)


class Tee(io.TextIOBase):
    """A text stream that writes through to another one and keeps a copy (the build's report)."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self._stream = stream
        self._copy = io.StringIO()

    def write(self, text: str) -> int:
        """Write text to the stream and to the copy."""
        self._copy.write(text)
        return self._stream.write(text)

    def flush(self) -> None:
        """Flush the stream written through to."""
        self._stream.flush()

    def isatty(self) -> bool:
        """Answer as the stream written through to does (the live display asks)."""
        return self._stream.isatty()

    def text(self) -> str:
        """Return everything written so far."""
        return self._copy.getvalue()
