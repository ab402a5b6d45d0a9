"""Escape untrusted document text for the three places it lands: Markdown, raw HTML, page titles."""

from __future__ import annotations

import html
import json
import re

from generator.ingest.extracted import UNSAFE_CHARACTERS

# Every character Python-Markdown and the enabled extensions (tables, attr_list, toc) give a
# meaning to; each is backslash-escaped so it shows as written. Only characters Python-Markdown
# accepts after a backslash are listed (\: would print the backslash).
MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
CONTROL = UNSAFE_CHARACTERS
TITLE_FOLD = {ord("<"): "＜", ord(">"): "＞", ord("&"): "＆", ord('"'): "＂"}
LINE_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029]+\s*")


def one_line(text: str) -> str:
    """Fold line breaks and control characters to spaces so text cannot start a block."""
    return CONTROL.sub(" ", LINE_BREAKS.sub(" ", text)).strip()


def md_escape(text: object) -> str:
    """Escape text for inline Markdown: <, >, & become entities, Markdown syntax is \\-escaped."""
    escaped = html.escape(one_line(str(text)), quote=False)
    return MARKDOWN_SPECIALS.sub(r"\\\1", escaped)


def html_escape(text: object) -> str:
    """Escape text for a raw HTML block, where Markdown is not processed."""
    return html.escape(CONTROL.sub(" ", str(text)), quote=True)


def plain_title(text: object) -> str:
    """Make a page title safe for themes that strip tags and unescape entities (<title>)."""
    folded = one_line(str(text))
    return folded.translate(TITLE_FOLD)


def yaml_title(text: object) -> str:
    """A plain_title as a double-quoted YAML scalar for front matter."""
    return json.dumps(plain_title(text), ensure_ascii=False)
