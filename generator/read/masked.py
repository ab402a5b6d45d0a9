"""Mask every document for publishing, keeping each masking for the next build.

Masking runs every text of a document through the contact and identity patterns: about 30 ms
a document, well over a second at 3,740 tasks, for a result that depends only on the document,
the contacts setting and the program. So each masked document is kept in the build folder
(never in the docs or site folders) under a hash of exactly those, and reused while none of them
changed. An entry is read defensively: a damaged one only costs masking again.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import re
from pathlib import Path

from generator.model import Document
from generator.read.cache import code_digest
from generator.read.privacy import mask_everywhere

# Bump when what an entry holds changes shape; the code digest already covers behaviour.
MASK_CACHE_VERSION = "1"
FOLDER = "masked"
SUFFIX = ".pickle"
ENTRY = re.compile(r"[0-9a-f]{64}\.pickle")


def mask_documents(documents: list[Document], contacts: bool, cache: Path | None) -> list[Document]:
    """Mask every document (mask_everywhere), reusing a masking kept by an earlier build."""
    if cache is None:
        return [mask_everywhere(document, contacts) for document in documents]
    folder = cache / FOLDER
    masked: list[Document] = []
    kept: set[str] = set()
    for document in documents:
        key = _key(document, contacts)
        if key is None:
            masked.append(mask_everywhere(document, contacts))
            continue
        entry = folder / f"{key}{SUFFIX}"
        kept.add(entry.name)
        found = _load(entry, key, document)
        if found is None:
            found = mask_everywhere(document, contacts)
            _store(entry, key, None if found is document else found)
        masked.append(found)
    _prune(folder, kept)
    return masked


def _key(document: Document, contacts: bool) -> str | None:
    """Hash the document, the contacts setting and the program; None when it cannot be told."""
    buffer = io.BytesIO()
    # The document's whole value: pickling writes every field, with the class names. Without
    # its memo ("fast"), a text shared by two fields is written twice, so the bytes depend on
    # the value only, not on which fields share one object (a fresh parse and the same parse
    # read back from the parse cache share differently). A document is a tree, never a cycle.
    pickler = pickle.Pickler(buffer, pickle.HIGHEST_PROTOCOL)
    pickler.fast = True
    try:
        pickler.dump(document)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError, ValueError):
        return None
    digest = hashlib.sha256(f"{MASK_CACHE_VERSION}\0{code_digest()}\0{contacts}\0".encode())
    digest.update(buffer.getbuffer())
    return digest.hexdigest()


# An entry saying masking changed nothing: most documents hold nothing private, and reading
# the document back is then not needed (its value is in the key).
UNCHANGED = b"unchanged"


def _load(entry: Path, key: str, document: Document) -> Document | None:
    """Return the masked document kept under this key, or None."""
    try:
        data = entry.read_bytes()
    except OSError:
        return None
    header, _, body = data.partition(b"\n")
    if header != key.encode():
        return None
    if body == UNCHANGED:
        return document
    try:
        # Our own build folder's output, as trusted as the program that wrote it.
        document = pickle.loads(body)
    except Exception:  # any damage (truncated, altered) means masking again
        return None
    return document if isinstance(document, Document) else None


def _store(entry: Path, key: str, document: Document | None) -> None:
    """Keep a masked document (None: masking changed nothing) for the next build."""
    # A failure only costs masking again on the next build.
    temporary = entry.with_name(f"{entry.name}.{os.getpid()}.tmp")
    try:
        body = UNCHANGED if document is None else pickle.dumps(document, pickle.HIGHEST_PROTOCOL)
        data = key.encode() + b"\n" + body
        entry.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(data)
        os.replace(temporary, entry)
    except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


def _prune(folder: Path, kept: set[str]) -> None:
    """Remove the entries this build did not use: a removed private text does not linger."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return
    for entry in entries:
        if entry.name not in kept and (ENTRY.fullmatch(entry.name) or entry.suffix == ".tmp"):
            with contextlib.suppress(OSError):
                entry.unlink()
