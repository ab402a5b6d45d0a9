"""Old Word (.doc) and WPS files through LibreOffice, and OFD (GB/T 33190) read directly.

.doc/.wps are converted to .docx by `soffice --headless` when LibreOffice is installed, then
read like any .docx; without it the file is refused with what staff can do instead. OFD is a
zip of XML pages: text objects are placed on the page by coordinates, so lines are rebuilt
by grouping objects on one baseline and reading them left to right. OFD tables are not
rebuilt: their rows come out as lines of text (cells separated by spaces), as from a PDF.
"""

from __future__ import annotations

import dataclasses
import os
import posixpath
import re
import shutil
import signal
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

from lxml import etree

from generator.errors import SourceError
from generator.ingest.extracted import LinesBuilder, SourceText, remove_unsafe
from generator.messages import say

CONVERT_TIMEOUT = 120  # seconds; a document that takes longer is not a task plan.
# OFD limits: a task plan is a few MB; anything past these is a zip bomb or the wrong file.
MAX_UNPACKED = 64 * 1024 * 1024
MAX_PART = 32 * 1024 * 1024
MAX_PAGES = 5000
NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def extract_legacy(data: bytes, name: str) -> SourceText:
    """Read an old Word .doc or WPS file by converting it to .docx with LibreOffice."""
    suffix = Path(name).suffix.lower() or ".doc"
    # Many .doc/.wps files are something else under an old name: read those directly.
    if data.startswith(b"PK\x03\x04"):
        return _as_docx(data, name, suffix)
    from generator.ingest.html import extract_html, is_web_archive, looks_like_html

    # A web page, or Word's "single file web page" (a MIME archive), saved as .doc.
    if looks_like_html(data) or is_web_archive(data):
        return _renamed(extract_html(data, name), suffix)
    converter = shutil.which("soffice") or shutil.which("libreoffice")
    if converter is None:
        raise SourceError(name, 0, say("legacy.no_converter", suffix=suffix))
    return _as_docx(_convert(converter, data, name, suffix), name, suffix)


def _as_docx(data: bytes, name: str, suffix: str) -> SourceText:
    # Imported here: the .docx reader is only needed when such a file is met.
    from generator.ingest.docx import extract_docx

    return _renamed(extract_docx(data, name), suffix)


def _renamed(source: SourceText, suffix: str) -> SourceText:
    return dataclasses.replace(source, format=suffix.lstrip("."))


def _convert(converter: str, data: bytes, name: str, suffix: str) -> bytes:
    """Run LibreOffice on a private copy of the file and return the .docx bytes."""
    with tempfile.TemporaryDirectory(prefix="worktasks-doc-") as folder:
        work = Path(folder)
        source = work / f"source{suffix}"
        source.write_bytes(data)
        # A profile of its own: two builds at once must not share (and lock) one profile.
        profile = (work / "profile").as_uri()
        command = [
            converter, f"-env:UserInstallation={profile}", "--headless", "--norestore",
            "--convert-to", "docx", "--outdir", str(work / "out"), str(source),
        ]  # fmt: skip
        _run(command, folder, name)
        converted = work / "out" / "source.docx"
        if not converted.is_file():
            raise SourceError(name, 0, say("legacy.convert_failed"))
        return converted.read_bytes()


def _run(command: list[str], home: str, name: str) -> None:
    """Run the converter in its own process group, so a timeout ends all it started."""
    try:
        process = subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "HOME": home},
            start_new_session=True,
        )
    except OSError as error:
        raise SourceError(name, 0, say("legacy.cannot_run", error=str(error))) from error
    try:
        process.wait(timeout=CONVERT_TIMEOUT)
    except subprocess.TimeoutExpired as error:
        # soffice starts soffice.bin: kill the whole group, not only the wrapper.
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise SourceError(name, 0, say("legacy.timeout", seconds=CONVERT_TIMEOUT)) from error


@dataclass(frozen=True)
class _Glyphs:
    """One run of text placed on a page: where it starts, its baseline, how wide it is."""

    x: float
    y: float
    end: float
    size: float
    text: str


def extract_ofd(data: bytes, name: str) -> SourceText:
    """Read an OFD file's text, page by page, as lines rebuilt from text positions."""
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise SourceError(name, 0, say("ofd.not_zip", error=str(error))) from error
    with archive:
        package = _Package(archive, name)
        builder = LinesBuilder()
        document_path = package.document_path()
        document = package.xml(document_path)
        pages = [
            element.get("BaseLoc", "")
            for element in document.iter()
            if _local(element) == "Page" and _local(element.getparent()) == "Pages"
        ]
        if not pages:
            raise SourceError(name, 0, say("ofd.no_pages"))
        if len(pages) > MAX_PAGES:
            raise SourceError(name, 0, say("ofd.too_many_pages", count=len(pages), limit=MAX_PAGES))
        base = posixpath.dirname(document_path)
        for location in pages:
            content = package.xml(_join(base, location))
            for line in _page_lines(content):
                builder.line(line)
    return builder.build(name, "ofd")


class _Package:
    """The parts of an OFD zip, read with limits on size and on where a path may point."""

    def __init__(self, archive: zipfile.ZipFile, name: str) -> None:
        self.archive = archive
        self.name = name
        self.unpacked = 0
        # Some writers store Windows separators or other letter case than the references.
        self.members = {
            posixpath.normpath(info.filename.replace("\\", "/").lstrip("/")).lower(): info
            for info in archive.infolist()
        }

    def document_path(self) -> str:
        """Follow OFD.xml's DocBody/DocRoot to the first document's Document.xml."""
        root = self.xml("OFD.xml")
        for element in root.iter():
            if _local(element) == "DocRoot" and (element.text or "").strip():
                return _join("", element.text.strip())
        raise SourceError(self.name, 0, say("ofd.no_root"))

    def read(self, path: str) -> bytes:
        """Return one part's bytes, refusing missing parts and oversized content."""
        info = self.members.get(path.lower())
        if info is None:
            raise SourceError(self.name, 0, say("ofd.missing_part", part=repr(path)))
        if info.file_size > MAX_PART or self.unpacked + info.file_size > MAX_UNPACKED:
            raise SourceError(self.name, 0, say("ofd.too_big"))
        try:
            with self.archive.open(info) as stream:
                # The declared size can lie: read no more than the limit allows.
                data = stream.read(MAX_PART + 1)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as e:
            raise SourceError(self.name, 0, say("ofd.damaged_part", part=path, error=str(e))) from e
        self.unpacked += len(data)
        if len(data) > MAX_PART or self.unpacked > MAX_UNPACKED:
            raise SourceError(self.name, 0, say("ofd.too_big"))
        return data

    def xml(self, path: str) -> Any:
        """Parse one XML part safely (no DTDs, no entities, no network)."""
        parser = etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
        )
        try:
            return etree.fromstring(self.read(path), parser=parser)
        except etree.XMLSyntaxError as error:
            raise SourceError(
                self.name, 0, say("ofd.damaged_part", part=path, error=str(error))
            ) from error


def _join(base: str, location: str) -> str:
    """Resolve a part path: absolute from the package root, else relative to base."""
    location = location.strip().replace("\\", "/")
    path = location.lstrip("/") if location.startswith("/") else posixpath.join(base, location)
    path = posixpath.normpath(path)
    # A path that climbs out of the package names nothing in it.
    return "" if path.startswith("..") or path == "." else path


def _local(element: Any) -> str:
    if element is None or not isinstance(element.tag, str):
        return ""
    return str(etree.QName(element).localname)


def _numbers(text: str | None) -> list[float]:
    return [float(value) for value in NUMBER.findall(text or "")]


def _deltas(text: str | None) -> list[float]:
    """Expand DeltaX: plain numbers, and "g N d" for N repeats of d."""
    tokens = (text or "").split()
    values: list[float] = []
    index = 0
    while index < len(tokens) and len(values) < 100_000:
        if tokens[index] == "g" and index + 2 < len(tokens):
            count, delta = _numbers(tokens[index + 1]), _numbers(tokens[index + 2])
            if count and delta:
                values.extend([delta[0]] * min(int(count[0]), 100_000))
            index += 3
            continue
        values.extend(_numbers(tokens[index]))
        index += 1
    return values


def _page_glyphs(page: Any) -> list[_Glyphs]:
    """List every TextCode of a page with its absolute position."""
    found: list[_Glyphs] = []
    for text_object in page.iter():
        if _local(text_object) != "TextObject":
            continue
        boundary = _numbers(text_object.get("Boundary"))
        left, top = (boundary[0], boundary[1]) if len(boundary) >= 2 else (0.0, 0.0)
        size_values = _numbers(text_object.get("Size"))
        size = size_values[0] if size_values and size_values[0] > 0 else 3.5
        # CTM maps the object's own coordinates into the boundary (writers that convert
        # from PDF scale points to millimetres here).
        ctm = _numbers(text_object.get("CTM"))
        if len(ctm) != 6:
            ctm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
        scale = abs(ctm[0] * ctm[3] - ctm[1] * ctm[2]) ** 0.5 or 1.0
        x = y = 0.0
        for code in text_object:
            if _local(code) != "TextCode":
                continue
            text = remove_unsafe(code.text or "")
            # X/Y may be left out: the run continues where the previous one ended.
            x = _first(code.get("X"), x)
            y = _first(code.get("Y"), y)
            deltas = _deltas(code.get("DeltaX"))
            advance = sum(deltas[: max(len(text) - 1, 0)])
            if len(deltas) < len(text) - 1:
                step = deltas[-1] if deltas else size
                advance += step * (len(text) - 1 - len(deltas))
            if text.strip():
                start, baseline = _place(ctm, left, top, x, y)
                end, _ = _place(ctm, left, top, x + advance + size, y)
                found.append(_Glyphs(start, baseline, end, size * scale, text))
            x += advance + size
    return found


def _place(ctm: list[float], left: float, top: float, x: float, y: float) -> tuple[float, float]:
    """Map a point of a text object through its CTM onto the page."""
    a, b, c, d, e, f = ctm
    return left + a * x + c * y + e, top + b * x + d * y + f


def _first(value: str | None, default: float) -> float:
    numbers = _numbers(value)
    return numbers[0] if numbers else default


def _page_lines(page: Any) -> list[str]:
    """Group a page's runs into lines by baseline, each read left to right."""
    glyphs = sorted(_page_glyphs(page), key=lambda g: (g.y, g.x))
    lines: list[list[_Glyphs]] = []
    for glyph in glyphs:
        # Same line when the baselines are closer than a third of the text height.
        if lines and abs(glyph.y - lines[-1][0].y) <= max(glyph.size, lines[-1][0].size) / 3:
            lines[-1].append(glyph)
        else:
            lines.append([glyph])
    return [_join_runs(sorted(line, key=lambda g: g.x)) for line in lines]


def _join_runs(runs: list[_Glyphs]) -> str:
    """Join runs of one line; a gap wider than a character becomes spaces (a column gap)."""
    parts: list[str] = []
    end = None
    for run in runs:
        if end is not None:
            gap = run.x - end
            if gap > run.size * 1.5:
                parts.append("  ")
            elif gap > run.size * 0.4:
                parts.append(" ")
        parts.append(run.text)
        end = run.end if end is None else max(end, run.end)
    return "".join(parts).strip()
