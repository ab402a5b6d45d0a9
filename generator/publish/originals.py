"""Offer a document's original file for download, only when nothing in it is private.

The published pages show what was read from a file; the file itself may hold more: Word
headers, footers, comments and hidden text, PDF metadata, an HTML comment, an attachment marked
不公开. So a file is offered whole only when the document kept every line (nothing withheld),
masking changed nothing, and a scan of everything the file holds, not only what was read, finds
no personal contact and no 不公开 notice. Otherwise the page says the original is not offered.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from generator.model import Document
from generator.read.privacy import mask_contacts
from generator.read.withhold import document_notice, private_attachment_lines

# Never more than this is read from one part of a package: a scan, not a second extraction.
MAX_SCAN = 32 * 1024 * 1024
TAG = re.compile(rb"<[^>]{0,2000}>")


def everything_in(path: Path, data: bytes) -> str:
    """All the text a file holds, read roughly: every XML part of a package, a PDF's strings."""
    suffix = path.suffix.lower()
    if data[:2] == b"PK":
        return _package_text(data)
    if suffix == ".pdf":
        return _pdf_text(data)
    # Text and web pages: the raw text with tags, attributes, comments and hidden parts, and
    # again without tags (a number split by markup).
    raw = data + b"\n" + TAG.sub(b"", data)
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "replace")


def _package_text(data: bytes) -> str:
    parts: list[str] = []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            for info in package.infolist():
                if info.file_size > MAX_SCAN or not info.filename.lower().endswith(
                    (".xml", ".rels")
                ):
                    continue
                # Element text only: attribute values are font and layout codes in these
                # packages, and hex runs among them look like card numbers.
                parts.append(TAG.sub(b"", package.read(info)).decode("utf-8", "replace"))
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError):
        return "\x00unreadable"  # Not scannable: never offered.
    return "\n".join(parts)


def _pdf_text(data: bytes) -> str:
    import pdfplumber  # only for PDFs

    parts: list[str] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            parts.extend(str(value) for value in (pdf.metadata or {}).values())
            for page in pdf.pages:
                parts.append(page.extract_text() or "")
                parts.extend(str(a.get("contents") or "") for a in page.annots or ())
                page.close()
    except Exception:
        return "\x00unreadable"
    return "\n".join(parts)


def may_offer(document: Document, path: Path, data: bytes, contacts: bool) -> bool:
    """Tell whether the original file can be published whole."""
    if not document.public or any(role.kind == "withheld" for role in document.lines):
        return False
    text = everything_in(path, data)
    if "\x00unreadable" in text:
        return False
    lines = tuple(text.splitlines())
    if document_notice(lines) or private_attachment_lines(lines):
        return False
    return all(mask_contacts(line, contacts) == line for line in lines)


def original_files(
    documents: list[Document], paths: dict[str, Path], contacts: bool
) -> dict[str, Path]:
    """Return {document id: file} for the documents whose original may be downloaded."""
    offered: dict[str, Path] = {}
    for document in documents:
        path = paths.get(Path(document.source).name)
        if path is None:
            continue
        try:
            data = path.read_bytes()
        except OSError:
            continue
        if may_offer(document, path, data, contacts):
            offered[document.id] = path
    return offered
