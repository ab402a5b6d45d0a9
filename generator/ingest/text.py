"""Read a source file's bytes into text lines, whatever its encoding and line endings."""

from __future__ import annotations

import codecs
from pathlib import Path

from generator.errors import SourceError
from generator.ingest.extracted import UNSAFE_CHARACTERS, SourceText
from generator.messages import say
from generator.model import Problem

# Files past this size are refused rather than parsed: no real task document comes close.
# The largest real 分工方案 is well under 1 MB; 16 MB of text is some 100,000 tasks. A bigger
# file is almost certainly the wrong file (a scan, an archive, a database dump).
MAX_BYTES = 16 * 1024 * 1024
CONTROL = UNSAFE_CHARACTERS


def read_source(path: Path, display: str | None = None) -> SourceText:
    """Decode a file to lines; raise SourceError for empty, binary or oversized files."""
    name = display or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise SourceError(name, 0, too_big(size))
        data = path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        raise SourceError(name, 0, say("ingest.cannot_read", reason=reason)) from error
    return decode_source(data, name)


def too_big(size: int) -> str:
    return say("ingest.too_big", size=f"{size / 1_048_576:.1f}", limit=MAX_BYTES // 1_048_576)


def decode_source(data: bytes, name: str) -> SourceText:
    """Decode bytes: BOMs first, then strict UTF-8, then GB18030, then a guess with repairs."""
    if len(data) > MAX_BYTES:
        raise SourceError(name, 0, too_big(len(data)))
    if not data.strip():
        raise SourceError(name, 0, say("ingest.empty"))
    problems: list[Problem] = []
    text, encoding = _decode(data, problems)
    if _looks_binary(text):
        raise SourceError(name, 0, say("ingest.binary"))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    lines = tuple(_without_controls(text.split("\n"), problems))
    if lines and lines[-1] == "":
        lines = lines[:-1]
    return SourceText(name, lines, encoding, tuple(problems))


def _without_controls(lines: list[str], problems: list[Problem]) -> list[str]:
    """Drop control characters (NUL …) that no document means, reporting each line."""
    cleaned = []
    for number, line in enumerate(lines, start=1):
        kept = CONTROL.sub("", line)
        if kept != line:
            problems.append(
                Problem(
                    number,
                    say("ingest.controls_removed", count=len(line) - len(kept)),
                )
            )
        cleaned.append(kept)
    return cleaned


def decode_bom(data: bytes) -> tuple[str, str] | None:
    """Decode bytes that open with a UTF-8 or UTF-16 byte-order mark; None without one."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding
    return None


def _decode(data: bytes, problems: list[Problem]) -> tuple[str, str]:
    marked = decode_bom(data)
    if marked is not None:
        return marked
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        utf8_error = error
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    else:
        # GB18030 decodes almost any byte string; trust it only when it yields mostly Chinese.
        if _mostly_text(text):
            return text, "gb18030"
    line = data[: utf8_error.start].count(b"\n") + 1
    problems.append(Problem(line, say("ingest.undecodable"), "error"))
    return data.decode("utf-8", errors="replace"), "utf-8 (repaired)"


def _mostly_text(text: str) -> bool:
    sample = text[:20000]
    if not sample:
        return False
    good = sum(
        1 for ch in sample if ch.isprintable() or ch in "\n\r\t" or "\u4e00" <= ch <= "\u9fff"
    )
    cjk = sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff")
    return good / len(sample) > 0.97 and cjk > 0


def _looks_binary(text: str) -> bool:
    # A stray NUL in a text file is removed with a warning (below); many of them mean binary.
    sample = text[:20000]
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    replaced = sample.count("\ufffd")
    return (control + replaced) > max(8, len(sample) // 20)
