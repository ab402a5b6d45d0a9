"""Text repair for extracted Chinese documents: widths, spaces, page numbers, markup."""

from __future__ import annotations

import re

from generator.read.labels import LABEL_START

CJK = r"\u3400-\u9fff\uf900-\ufaff"
CJK_CHAR = re.compile(f"[{CJK}]")
# Chinese text plus its punctuation (。，、（） “” …), for deciding what a half-width mark touches.
CJK_TEXT = CJK + "\u3001-\u303f\uff01-\uff0f\uff1a-\uff20\u2018-\u201d\u2026"

# Full-width ASCII letters, digits and a few signs become half-width; CJK punctuation stays.
_HALF = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}  # ０-９
_HALF.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_HALF.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_HALF.update({"％": "%", "．": ".", "＋": "+", "／": "/", "\u3000": " ", "\u00a0": " "})
_HALF_TABLE = str.maketrans(_HALF)

# Half-width punctuation next to Chinese text is a typing or extraction slip: make it full-width.
_FULL = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "?": "？", "!": "！"}

PAGE_NUMBER = re.compile(
    r"^\s*(?:[—－–\-−]{1,2}\s*\d{1,4}\s*[—－–\-−]{1,2}"
    r"|第\s*\d{1,4}\s*页(?:\s*[，,]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4})\s*$"
)
# A page number spliced into running text, e.g. "推动全区经 —3— 济社会".
# The match may only begin where a run of spaces begins: tried from inside a long run it
# rescanned the rest of the run at every position (20,000 spaces took minutes).
SPLICED_PAGE_NUMBER = re.compile(r"(?<!\s)\s*[—－–−]{1,2}\s*\d{1,4}\s*[—－–−]{1,2}\s*")
HORIZONTAL_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$")
MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+")
BOLD = re.compile(r"\*\*(.+?)\*\*")
TERMINAL = "。！？；：）)」』”!?;:"
# A run of half-width marks with the spaces around and between them, taken whole: matched
# mark by mark, a run of spaces was rescanned from every position in it (quadratic).
_MARK_RUN = re.compile(r"(?<![ \t,;:()?!])[ \t]*[,;:()?!](?:[ \t]*[,;:()?!])*[ \t]*")
_CJK_TEXT_CHAR = re.compile(f"[{CJK_TEXT}]")


def to_halfwidth(text: str) -> str:
    """Turn full-width digits, letters, % and spaces into their half-width forms."""
    return text.translate(_HALF_TABLE)


def fullwidth_punctuation(text: str) -> str:
    """Replace half-width , ; : ( ) ? ! with full-width ones where they touch Chinese text."""
    # Only a mark with Chinese on at least one side is swapped, so "3:00" and "(a)" stay.
    # A swapped mark makes its neighbour touch Chinese text ("?)中"), so a run of marks is
    # swapped whole when either end touches Chinese: one pass, linear in the text.

    def swap(match: re.Match[str]) -> str:
        start, end = match.start(), match.end()
        touches = _CJK_TEXT_CHAR.match(text[start - 1 : start]) or _CJK_TEXT_CHAR.match(
            text[end : end + 1]
        )
        if not touches:
            return match.group(0)
        return "".join(_FULL[mark] for mark in match.group(0) if mark in _FULL)

    return _pair_brackets(_MARK_RUN.sub(swap, text))


def _pair_brackets(text: str) -> str:
    """Give both brackets of a pair the full width when only one of them touched Chinese."""
    # "GDP(按可比价)增长" swaps both; "5G(含基站)中" swaps only the ")" and would print a
    # mismatched "(含基站）". One pass with a stack of openers: linear in the text.
    if "(" not in text and "（" not in text:
        return text
    chars = list(text)
    openers: list[int] = []
    for index, char in enumerate(chars):
        if char in "(（":
            openers.append(index)
        elif char in ")）" and openers:
            start = openers.pop()
            if (chars[start] == "(") != (char == ")"):
                chars[start], chars[index] = "（", "）"
    return "".join(chars)


def squeeze_spaces(text: str) -> str:
    """Drop spaces that extraction put between Chinese characters, digits and punctuation."""
    text = re.sub(r"[ \t]+", " ", text).strip()
    # A space is kept only between two Latin letters or digits ("Ruff 0.1", "5G 基站" loses it).
    return re.sub(r"(?<=[^A-Za-z0-9]) | (?=[^A-Za-z0-9])", "", text)


def clean(text: str) -> str:
    """Normalise a piece of document text for the model: widths, punctuation, spaces."""
    return squeeze_spaces(fullwidth_punctuation(to_halfwidth(text)))


def strip_markup(line: str) -> tuple[str, int, str]:
    """Remove Markdown heading marks and bold; return (text, heading level, bold lead title)."""
    level = 0
    heading = MD_HEADING.match(line)
    if heading:
        level = len(heading.group(1))
        line = line[heading.end() :]
    line = re.sub(r"^\s{0,3}>\s?", "", line)
    title = ""
    lead = re.match(r"^\s*\*\*(.+?)\*\*", line)
    if lead:
        title = lead.group(1).strip()
    line = BOLD.sub(r"\1", line)
    line = line.replace("\\*", "*")
    return line.rstrip(), level, title


def is_page_number(line: str) -> bool:
    """Tell whether a whole line is a page number such as —1—, - 2 - or 第3页."""
    return bool(PAGE_NUMBER.match(line))


def remove_spliced_page_numbers(line: str) -> str:
    """Cut page numbers like —3— out of the middle of a sentence."""

    def cut(match: re.Match[str]) -> str:
        start, end = match.span()
        before = line[start - 1] if start else ""
        after = line[end] if end < len(line) else ""
        # Only between two pieces of text; a dash-number-dash at a line edge is left alone.
        # "2023—2025—" is a range, not a page number: the number must not follow a digit.
        return "" if before and after and not before.isdigit() else match.group(0)

    return SPLICED_PAGE_NUMBER.sub(cut, line)


def ends_sentence(text: str) -> bool:
    """Tell whether text ends where a paragraph may end (。 ； ： or a closing bracket)."""
    text = text.rstrip()
    return bool(text) and text[-1] in TERMINAL


def join_fragments(first: str, second: str) -> str:
    """Join two pieces of a sentence broken by extraction, dropping a duplicated fragment."""
    first, second = first.rstrip(), second.lstrip()
    # "…；责" + "责任单位：…" repeats the start of the label at the break.
    for size in range(min(4, len(first), len(second) - 1), 0, -1):
        tail = first[-size:]
        if second.startswith(tail) and CJK_CHAR.match(tail) and _starts_label(second):
            first = first[:-size]
            break
    if (
        first
        and second
        and first[-1].isascii()
        and first[-1].isalnum()
        and second[0].isalnum()
        and second[0].isascii()
    ):
        return first + " " + second
    return first + second


def _starts_label(text: str) -> bool:
    return bool(LABEL_START.match(text))


def merge_singles(tokens: list[str]) -> list[str]:
    """Join runs of one-character tokens: 目 标 任 务 → 目标任务, 赵 健 → 赵健."""
    merged: list[str] = []
    run: list[str] = []
    for token in [*tokens, ""]:
        if len(token) == 1 and re.match(r"[\u4e00-\u9fff]", token):
            run.append(token)
            continue
        if run:
            # Four or more single characters are two-character names side by side.
            if len(run) >= 4:
                merged.extend("".join(run[i : i + 2]) for i in range(0, len(run), 2))
            else:
                merged.append("".join(run))
            run = []
        if token:
            merged.append(token)
    return merged
