"""Offer a document's original file for download, only when nothing in it is private.

The published pages show what was read from a file; the file itself may hold more: Word
headers, footers, comments and hidden text, PDF metadata, an HTML comment, an attachment marked
不公开. So a file is offered whole only when the document kept every line (nothing withheld),
masking changed nothing, and a scan of everything the file holds, not only what was read, finds
no personal contact and no 不公开 notice. Otherwise the page says the original is not offered.
"""

from __future__ import annotations

import hashlib
import html
import io
import re
import zipfile
from pathlib import Path
from typing import Any

from generator.model import Document
from generator.read.cache import code_digest
from generator.read.privacy import mask_contacts
from generator.read.withhold import document_notice, private_attachment_lines

# Never more than this is read from one part of a package: a scan, not a second extraction.
MAX_SCAN = 32 * 1024 * 1024
TAG = re.compile(rb"<[^>]{0,2000}>")
# Where a paragraph, table cell or row, list item or line ends (Word w:p, w:tc; drawing a:p;
# sheet si, c, row; web p, td, li, div, br): a line break, so the last number of one paragraph
# and the first of the next are never read as one longer number.
BREAK = re.compile(
    rb"</(?:[\w.-]+:)?(?:p|tc|tr|td|th|li|div|h[1-6]|si|c|row)\s*>"
    rb"|<(?:[\w.-]+:)?(?:br|cr)\b[^>]{0,2000}>",
    re.IGNORECASE,
)
ATTRIBUTE = re.compile(rb"""[\s"'][\w:.-]{1,200}\s*=\s*(?:"([^"<]{0,2000})"|'([^'<]{0,2000})')""")
# Attribute values that are codes, never text: revision ids, colours, sizes, GUIDs. Hex runs
# among them look like card numbers; a run of 11 to 19 digits may be a phone or ID number.
CODE = re.compile(r"[0-9A-Fa-f{}\-]*")


def everything_in(path: Path, data: bytes) -> str:
    """All the text a file holds, read roughly: every XML part of a package, a PDF's strings."""
    suffix = path.suffix.lower()
    if data[:2] == b"PK":
        return _package_text(data)
    if suffix == ".pdf":
        return _pdf_text(data)
    # Text and web pages: the raw text with tags, attributes, comments and hidden parts, and
    # again without tags (a number split by markup); both again with character references
    # (&#49;3812…, zhang&#64;qq.com) read as the characters they stand for.
    raw = data + b"\n" + TAG.sub(b"", BREAK.sub(b"\n", data))
    for encoding in ("utf-8", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = raw.decode("utf-8", "replace")
    return text + "\n" + html.unescape(text)


def _package_text(data: bytes) -> str:
    parts: list[str] = []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            for info in package.infolist():
                if info.file_size > MAX_SCAN or not info.filename.lower().endswith(
                    (".xml", ".rels")
                ):
                    continue
                parts.append(_part_text(package.read(info)))
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError):
        return "\x00unreadable"  # Not scannable: never offered.
    return "\n".join(parts)


def _part_text(data: bytes) -> str:
    """One XML part's element text, a line per paragraph or cell, then its text attributes."""
    text = TAG.sub(b"", BREAK.sub(b"\n", data)).decode("utf-8", "replace")
    # Attribute values hold text too: a hyperlink's target (mailto:…) in a .rels part, alt text,
    # a content control's tag. Most are font and layout codes, skipped (see CODE).
    values = [
        html.unescape(value.decode("utf-8", "replace"))
        for pair in ATTRIBUTE.findall(data)
        for value in pair
        if value
    ]
    values = [value for value in values if not _code(value)]
    return html.unescape(text) + "\n" + "\n".join(values)


def _code(value: str) -> bool:
    """Tell whether an attribute value is a code (rsid, colour, size, GUID), not text."""
    return bool(CODE.fullmatch(value)) and not (value.isdigit() and 11 <= len(value) <= 19)


def _pdf_text(data: bytes) -> str:
    import pdfplumber  # only for PDFs

    parts: list[str] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            parts.extend(str(value) for value in (pdf.metadata or {}).values())
            parts.extend(_outline_titles(pdf.doc))
            parts.extend(_form_values(pdf.doc))
            for page in pdf.pages:
                parts.append(page.extract_text() or "")
                for annotation in page.annots or ():
                    # A note's text, its author, and a link's address (mailto:…, tel:…).
                    parts.extend(
                        str(annotation.get(key) or "") for key in ("contents", "title", "uri")
                    )
                page.close()
    except Exception:
        return "\x00unreadable"
    return "\n".join(parts)


# A web page served from this site would run its scripts as this site's own: never offered.
NEVER_OFFERED = {".html", ".htm", ".shtml", ".mht", ".mhtml"}
# Markdown in the docs folder would be built into a page: offered as plain text instead.
AS_TEXT = {".md": ".txt", ".markdown": ".txt"}


def download_name(document_id: str, path: Path) -> str:
    """The address of a document's original under originals/, with a suffix never rendered."""
    suffix = path.suffix.lower()
    return f"originals/{document_id}{AS_TEXT.get(suffix, suffix)}"


# Form fields nest (a field's /Kids); never more than this many are walked.
MAX_FIELDS = 10_000


def _outline_titles(doc: Any) -> list[str]:
    """The titles of a PDF's bookmarks (its outline), shown beside the page by every viewer."""
    from pdfminer.pdfdocument import PDFNoOutlines

    titles: list[str] = []
    try:
        for _, title, *_ in doc.get_outlines():
            titles.append(_pdf_string(title))
    except PDFNoOutlines:
        pass
    return titles


def _form_values(doc: Any) -> list[str]:
    """The names, tooltips and values of a PDF's form fields (AcroForm)."""
    from pdfminer.pdftypes import resolve1

    found: list[str] = []
    form = resolve1(doc.catalog.get("AcroForm"))
    queue = list(resolve1(form.get("Fields")) or []) if isinstance(form, dict) else []
    seen = 0
    while queue and seen < MAX_FIELDS:
        seen += 1
        field = resolve1(queue.pop())
        if not isinstance(field, dict):
            continue
        found.extend(_pdf_string(resolve1(field.get(key))) for key in ("T", "TU", "V"))
        queue.extend(resolve1(field.get("Kids")) or [])
    return found


def _pdf_string(value: object) -> str:
    """A PDF text string as text: UTF-16 with its byte order mark, else PDFDocEncoding."""
    if isinstance(value, bytes):
        from pdfminer.utils import decode_text

        return str(decode_text(value))
    return "" if value is None else str(value)


# Bump when the scan below changes what it finds, so cached verdicts are redone.
SCAN_VERSION = "1"


def may_offer(
    document: Document, path: Path, data: bytes, contacts: bool, cache: Path | None = None
) -> bool:
    """Tell whether the original file can be published whole."""
    if path.suffix.lower() in NEVER_OFFERED:
        return False
    if not document.public or any(role.kind == "withheld" for role in document.lines):
        return False
    # The scan reads the whole file again (a PDF is parsed a second time): its verdict is kept
    # by content hash, so a rebuild with no change does not scan again. Text files too: their
    # scan runs every line through the contact patterns, about 30 ms a document, a second and
    # more at 3,740 tasks. The key holds the reading stage's code (the patterns, the 不公开
    # notices), so a change there scans again.
    key = hashlib.sha256(
        f"{SCAN_VERSION}:{code_digest()}:{contacts}:{path.suffix.lower()}:".encode() + data
    )
    verdict = cache / "offer" / key.hexdigest() if cache is not None else None
    if verdict is not None and verdict.is_file():
        return verdict.read_text("utf-8") == "1"
    clean = _nothing_private(path, data, contacts)
    if verdict is not None:
        try:
            verdict.parent.mkdir(parents=True, exist_ok=True)
            verdict.write_text("1" if clean else "0", "utf-8")
        except OSError:
            pass  # A verdict that cannot be kept only costs a scan on the next build.
    return clean


def _nothing_private(path: Path, data: bytes, contacts: bool) -> bool:
    """Scan everything the file holds for a personal contact or a 不公开 notice."""
    text = everything_in(path, data)
    if "\x00unreadable" in text:
        return False
    lines = tuple(text.splitlines())
    if document_notice(lines) or private_attachment_lines(lines):
        return False
    # Each line is judged alone: a line read several times (as written, without tags, with
    # character references read) is judged once.
    return all(mask_contacts(line, contacts) == line for line in dict.fromkeys(lines))


def original_files(
    documents: list[Document], paths: dict[str, Path], contacts: bool, cache: Path | None = None
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
        if may_offer(document, path, data, contacts, cache):
            offered[document.id] = path
    return offered
