"""Mask every document for publishing, keeping each masking for the next build.

Masking runs every text of a document through the contact and identity patterns: about 30 ms
a document, well over a second at 3,740 tasks, for a result that depends only on the document,
the contacts setting and the program. So each masked document is kept in the build folder
(never in the docs or site folders) under a hash of exactly those, and reused while none of them
changed. An entry is read defensively: a damaged one only costs masking again.
"""

from __future__ import annotations

import hashlib
import io
import pickle
import re
from pathlib import Path

from generator.model import Document
from generator.read.cache import (
    code_digest,
    prune_entries,
    read_entry,
    unpickled_document,
    write_entry,
)
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
    body = read_entry(entry, key)
    if body is None:
        return None
    return document if body == UNCHANGED else unpickled_document(body)


def _store(entry: Path, key: str, document: Document | None) -> None:
    """Keep a masked document (None: masking changed nothing) for the next build."""
    # A failure only costs masking again on the next build.
    try:
        body = UNCHANGED if document is None else pickle.dumps(document, pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return
    write_entry(entry, key, body)


def _prune(folder: Path, kept: set[str]) -> None:
    """Remove the entries this build did not use: a removed private text does not linger."""
    prune_entries(
        folder,
        lambda entry: (
            entry.name in kept or not (ENTRY.fullmatch(entry.name) or entry.suffix == ".tmp")
        ),
    )
