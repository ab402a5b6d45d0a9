"""Turn source lines into logical blocks: paragraphs rejoined across extraction breaks."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise

from generator.model import LineRole
from generator.read.labels import LABEL_START
from generator.read.repair import (
    HORIZONTAL_RULE,
    clean,
    ends_sentence,
    is_page_number,
    join_fragments,
    remove_spliced_page_numbers,
    strip_markup,
    to_halfwidth,
)

CN_NUM = "一二三四五六七八九十百零〇两"

# Markers in order of rank: a smaller rank is a higher level of the outline.
MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("part", re.compile(rf"^第[{CN_NUM}\d]+(?:部分|章|篇|节)\s*")),
    ("cn", re.compile(rf"^[{CN_NUM}]+\s*[、.．]\s*")),
    ("paren-cn", re.compile(rf"^[（(]\s*[{CN_NUM}]+\s*[）)]\s*[、.．]?\s*")),
    # 1. / 1、 / 1) / 1）: a number closed by a half- or full-width parenthesis counts too.
    ("num", re.compile(r"^\d{1,4}\s*(?:[.．](?!\d)|、|[)）])\s*")),
    ("paren-num", re.compile(r"^[（(]\s*\d{1,4}\s*[）)]\s*")),
    ("circled", re.compile(r"^[①-⑳]\s*")),
)
MARKER_RANK = {name: rank for rank, (name, _) in enumerate(MARKERS)}

DOC_NUMBER = re.compile(
    r"[\u4e00-\u9fff]{1,15}\s*[〔\[【(（]\s*(\d{4})\s*[〕\]】)）]\s*(\d{1,4})\s*号"
)
DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
# Buttons and labels of the web page a document was copied from: 下载 打印 【字号：加大 还原 减小】.
PAGE_CHROME = re.compile(
    r"^[【\[]?\s*(?:下载|打印|打印本页|全屏|收藏|分享(?:到)?|关闭|关闭窗口|返回顶部|字号\s*[:：]?"
    r"|加大|还原|减小|[大中小]|默认|字体\s*[:：]?|扫一扫|微信|微博|朗读|浏览次数\s*[:：]?\s*\d*)"
    r"\s*[】\]]?$|^[】\]]$"
)
# Lines a web page prints around a report's title: 来源：福建日报, 时间：2026-02-05, and the
# occasion line ——2026年1月27日在福建省第十四届人民代表大会第四次会议上.
PAGE_SOURCE = re.compile(r"^(?:来源|发布时间|时间|作者|编辑|责任编辑)\s*[:：]")
OCCASION = re.compile(r"^[—－\-]{1,2}\s*20\d{2}\s*年.{0,40}(?:会议|大会)上?$")


STANDALONE = (
    re.compile(rf"^\s*{DOC_NUMBER.pattern}\s*$"),
    re.compile(rf"^\s*{DATE.pattern}\s*(?:印发|发布)?\s*$"),
    re.compile(r"^\s*\S{2,40}\s*文件\s*$"),
    re.compile(r"^\s*附\s*件\s*\d*\s*[:：]?"),
    re.compile(rf"^\s*\S.{{0,40}}\s+{DATE.pattern}\s*印发\s*$"),
    re.compile(r"^\s*[（(]\s*(?:联系人|联系电话|此件)"),
    PAGE_CHROME,
    PAGE_SOURCE,
    OCCASION,
)
# These open a new block but may run on to the next line (a 抄送 list broken over two lines).
STARTERS = (re.compile(r"^\s*抄\s*送\s*[:：]"),)


@dataclass
class Block:
    """A logical paragraph: cleaned text, its source line span and its outline marker."""

    start: int
    end: int
    text: str
    md_level: int = 0
    bold_title: str = ""
    marker: str = ""
    marker_text: str = ""
    standalone: bool = False
    lines: list[int] = field(default_factory=list)

    @property
    def body(self) -> str:
        """Return the text without its outline marker."""
        return self.text[len(self.marker_text) :] if self.marker_text else self.text


def find_marker(text: str) -> tuple[str, str]:
    """Return (marker kind, marker text) at the start of text, or ("", "")."""
    for name, pattern in MARKERS:
        match = pattern.match(text)
        if match:
            return name, match.group(0)
    return "", ""


def is_standalone(text: str) -> bool:
    """Tell whether a line always stands alone: 文号, date, 附件, 抄送, contact lines."""
    return any(pattern.match(text) for pattern in STANDALONE)


def repeated_lines(lines: Iterable[tuple[int, str]]) -> set[int]:
    """Find running page headers: short lines repeated verbatim, after their first use."""
    seen: Counter[str] = Counter()
    repeats = set()
    for number, text in lines:
        key = re.sub(r"\s+", "", text)
        if not key or len(key) > 40 or key[-1] in "。；）)" or LABEL_START.match(key):
            continue
        if find_marker(key)[0] or key.isdigit():
            continue
        if seen[key]:
            repeats.add(number)
        seen[key] += 1
    return repeats


PLAN_NAME = re.compile(r"(?:方案|分工|分解表?|清单|台账|要点|报告)$")
OFFICE_LINE = re.compile(
    r"^[\u4e00-\u9fff]{2,16}(?:人民政府|人民政府办公室|人民政府办公厅|政府办公室|管委会?办公室"
    r"|管理委员会|管委会)$"
)
TITLE_LINE = re.compile(r"关于.*的(?:通知|方案|意见|决定|报告|批复|通报)[》」”]?$")


def _complete_heading(block: Block) -> bool:
    """A short heading (一、…, （一）…), a 关于…的通知 title or a plan's name never runs on."""
    if block.marker in ("part", "cn", "paren-cn") and len(block.text) <= 40:
        return not re.search(r"[。；：]", block.text)
    if TITLE_LINE.search(block.text):
        return True
    # A first line naming the plan (临河市2024年重点任务分工) stands alone; 关于… may run on.
    return (
        len(block.lines) == 1
        and len(block.text) <= 40
        and "关于" not in block.text
        and not re.search(r"[，、。；：,]", block.text)
        and bool(PLAN_NAME.search(block.text))
    )


OFFICE_END = re.compile(
    r"(?:局|委|办|中心|政府|办公室|部|处|室|院|所|队|站|社|会|集团|公司|街道|镇|乡|专班)$"
)


def _label_done(block: Block, following: str) -> bool:
    """A label line (责任单位：…) ends before a sentence that is no part of its list.

    Its value may wrap (责任单位：区发 / 改局、区财政局), so only a line long enough to be a
    sentence, whose first item is no office, starts anew: the next task's target line.
    """
    if not LABEL_START.match(block.text) or block.text.endswith(("、", "，", ",", "；", "：")):
        return False
    following = following.strip()
    first = re.split(r"[、，,；;\s]", following, maxsplit=1)[0]
    return (
        len(following) >= 8
        and not OFFICE_END.search(first)
        and not re.match(r"各|有关|相关|其他|其余", first)
        # 按职责分工分别牵头负责 still belongs to the list above.
        and not re.search(r"牵头|配合|负责|落实|协办|协助|参与", following)
    )


def _office_alone(block: Block, following: str) -> bool:
    """The issuing office set alone at the top stands alone, unless a 关于… title continues it."""
    return (
        block.start <= 10
        and len(block.lines) == 1
        and bool(OFFICE_LINE.match(block.text))
        and not following.startswith("关于")
    )


def _unclosed(text: str) -> bool:
    """Tell whether text has a bracket still open, such as a clause broken over lines."""
    return text.count("（") + text.count("(") > text.count("）") + text.count(")")


def _signature_lines(lines: list[tuple[int, str]]) -> set[int]:
    """Find signature lines: a short name directly above a date line (blank lines aside)."""
    found = set()
    filled = [(number, text.strip()) for number, text in lines if text.strip()]
    for (number, text), (_, following) in pairwise(filled):
        if (
            len(text) <= 30
            and not re.search(r"[。，；：,;:]", text)
            and re.fullmatch(rf"\s*{DATE.pattern}\s*", following)
        ):
            found.add(number)
    return found


def build_blocks(lines: Iterable[tuple[int, str]], roles: dict[int, LineRole]) -> list[Block]:
    """Group lines into blocks; record blank and skipped lines in roles."""
    lines = list(lines)
    repeats = repeated_lines(lines)
    blocks: list[Block] = []
    current: Block | None = None
    signatures = _signature_lines(lines)
    for number, raw in lines:
        if not raw.strip():
            roles[number] = LineRole(number, "blank")
            continue
        if HORIZONTAL_RULE.match(raw):
            roles[number] = LineRole(number, "skip", "horizontal rule")
            continue
        if is_page_number(raw):
            roles[number] = LineRole(number, "skip", "page number")
            continue
        if number in repeats:
            roles[number] = LineRole(number, "skip", "repeated page header")
            continue
        text, md_level, bold_title = strip_markup(remove_spliced_page_numbers(raw))
        # The marker is found before spaces are squeezed: "1. 2020年" is item 1, not 1.2020.
        text = to_halfwidth(text).strip()
        marker, marker_text = find_marker(text)
        marker_text = clean(marker_text)
        text = marker_text + clean(text[len(find_marker(text)[1]) :]) if marker else clean(text)
        if not text:
            roles[number] = LineRole(number, "skip", "markup only")
            continue
        standalone = is_standalone(text) or number in signatures
        open_clause = current is not None and _unclosed(current.text) and not marker
        starts_new = not open_clause and (
            current is None
            or current.standalone
            or current.md_level > 0
            or standalone
            or any(pattern.match(text) for pattern in STARTERS)
            or md_level > 0
            or bool(marker)
            or bool(bold_title)
            or bool(LABEL_START.match(text))
            or ends_sentence(current.text)
            or _complete_heading(current)
            or _office_alone(current, text)
            or _label_done(current, text)
        )
        if starts_new or current is None:
            current = Block(
                number,
                number,
                text,
                md_level,
                clean(bold_title),
                marker,
                marker_text,
                standalone,
                [number],
            )
            blocks.append(current)
        else:
            current.text = join_fragments(current.text, text)
            current.end = number
            current.lines.append(number)
    return blocks
