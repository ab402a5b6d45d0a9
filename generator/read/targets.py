"""Read a report's 主要预期目标 (this year's targets) and its review's results (last year's).

A work report states the year's targets in one paragraph that opens with a phrase such as
"今年经济社会发展的主要预期目标是：" and lists them clause by clause. The part before it
reviews last year and reports results. Five-year-plan goals (十五五, 年均), the work items after
the targets and a closing glossary are neither, so nothing past the target paragraph is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from generator.config import Config, Synonym
from generator.model import RESULT, TARGET, Indicator

NUMBER = r"\d+(?:\.\d+)?"
UNITS = (
    "个百分点",
    "百分点",
    "%",
    "‰",
    "万亿元",
    "千亿元",
    "亿元",
    "万元",
    "元",
    "亿美元",
    "万人次",
    "万人",
    "人",
    "亿斤",
    "万斤",
    "万吨",
    "吨",
    "亿千瓦时",
    "万千瓦",
    "万亩",
    "亩",
    "万户",
    "户",
    "万个",
    "个",
    "家",
    "项",
)
UNIT = "|".join(re.escape(unit) for unit in UNITS)
QUALIFIERS = "左右|以上|以内|以下|上下|之内|内"
DASH = r"(?:-|—{1,2}|–|−|~|～|至|到)"
# After the indicator's name: a few words of verb (增长, 控制在, 按增长…安排), then the value,
# perhaps a range, then a qualifier.
VALUE = re.compile(
    rf"^(?P<verb>[^\d，,。；;、%]{{0,10}}?)(?P<low>{NUMBER})\s*(?P<u1>{UNIT})?"
    rf"(?:\s*{DASH}\s*(?P<high>{NUMBER})\s*(?P<u2>{UNIT})?)?\s*(?P<qual>{QUALIFIERS})?"
)
# Subject prefixes a clause may open with before the indicator's name.
SUBJECT_PREFIX = re.compile(
    r"^(?:(?:全省|全区|全市|全县|全州|全盟|全旗|我省|我区|我市|我县|本市|本区|本县|今年|全年"
    r"|确保|力争|继续|实现|其中|地方|预计|初步核算|全年)\s*)*"
)
# The target paragraph's opening: 主要预期目标是：, 预期目标为, 发展的主要目标是 ….
TRIGGER = re.compile(
    r"(?:主要)?预期目标(?:任务)?(?:是|为|如下)?\s*[:：]|(?:主要)?预期目标(?:任务)?(?:是|为)"
    r"|主要目标(?:任务)?(?:是|为)\s*[:：]?"
)
# What makes a sentence about several years, not this one.
MULTI_YEAR = re.compile(
    r"十[一二三四五六七八九]五|[五三两]年|年均|每年|累计|规划|远景|20[3-9][05]年|以来"
)
# A verb that makes the number something else: a rank (居全国第4), a share (占…比重), a run
# of years (连续5年), two values at once (分别达).
NOT_A_VALUE = re.compile(r"第|居|排|连续|占|比重|分别|每年|累计|年均|提前")
AIM = re.compile(r"力争|争取|努力")
PRE_QUALIFIERS = {
    "超过": "以上",
    "不低于": "以上",
    "高于": "以上",
    "控制在": "以内",
    "低于": "以下",
    "突破": "以上",
}
GROWTH = re.compile(r"增长|增速|涨幅|提高|提升|下降|降低|减少")
MAX_PARAGRAPH_LINES = 15
OTHER_TARGETS = "其他预期目标"


@dataclass
class StatedTargets:
    """What a report states: this year's targets and last year's results, with source lines."""

    targets: list[Indicator] = field(default_factory=list)
    results: list[Indicator] = field(default_factory=list)
    first_line: int = 0


def read_targets(lines: tuple[str, ...], year: int | None, config: Config) -> StatedTargets | None:
    """Find the target paragraph and read it; None when the document has none."""
    start = _trigger_line(lines)
    if start is None:
        return None
    line_number, offset = start
    stated = StatedTargets(first_line=line_number)
    text, positions = _paragraph(lines, line_number, offset)
    stated.targets = _read_clauses(text, positions, config, TARGET, year)
    previous = year - 1 if year else None
    for number, line in _review_lines(lines[: line_number - 1], previous):
        for sentence in _sentences(line):
            if MULTI_YEAR.search(sentence) or _other_year(sentence, previous):
                continue
            stated.results.extend(_read_clauses(sentence, [(0, number)], config, RESULT, previous))
    stated.results = [r for r in stated.results if r.value is not None]
    return stated


def _review_lines(lines: tuple[str, ...], previous: int | None) -> list[tuple[int, str]]:
    """Keep the review's lines about last year, not those reviewing five years.

    A paragraph's lead sentence sets the period for it and for the ——/（一） items under it:
    "刚刚过去的2025年…" is last year, "五年来…" or "“十四五”时期是…" several years.
    """
    named = rf"{previous}\s*年|" if previous else ""
    last_year = re.compile(rf"{named}过去一年|一年来|去年|上年")
    kept: list[tuple[int, str]] = []
    single_year = True
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if not text:
            continue
        period = _period(text, last_year)
        if text.startswith(("——", "—", "（", "(", "-")):
            # An item under a lead paragraph keeps its period unless it states its own.
            if period if period is not None else single_year:
                kept.append((number, text))
            continue
        if period is not None:
            single_year = period
        if single_year:
            kept.append((number, text))
    return kept


def _trigger_line(lines: tuple[str, ...]) -> tuple[int, int] | None:
    """Return (line, offset after the opening phrase) of the first single-year target paragraph."""
    for number, line in enumerate(lines, start=1):
        for match in TRIGGER.finditer(line):
            before = line[: match.start()]
            sentence = re.split(r"[。！？]", before)[-1]
            if MULTI_YEAR.search(sentence):
                continue
            return number, match.end()
    return None


def _paragraph(
    lines: tuple[str, ...], first: int, offset: int
) -> tuple[str, list[tuple[int, int]]]:
    """Join the target paragraph, even when broken over lines, up to its closing 。."""
    parts: list[str] = []
    positions: list[tuple[int, int]] = []  # (offset in the joined text, source line)
    length = 0
    number = first
    piece = lines[first - 1][offset:]
    while True:
        stripped = piece.strip()
        if stripped:
            positions.append((length, number))
            parts.append(stripped)
            length += len(stripped)
            if "。" in stripped:
                break
        number += 1
        if number > len(lines) or number - first >= MAX_PARAGRAPH_LINES:
            break
        piece = lines[number - 1]
    text = "".join(parts)
    end = text.find("。")
    return (text[:end] if end >= 0 else text), positions


def _period(text: str, last_year: re.Pattern[str]) -> bool | None:
    """Tell from its first sentences whether a paragraph is about last year (True) or several.

    "2025年是“十四五”收官之年" names both; the next sentence (一年来… or 回望…五年) decides.
    """
    for sentence in re.split(r"[。！？]", text, maxsplit=2)[:2]:
        single = bool(last_year.search(sentence))
        multi = bool(MULTI_YEAR.search(sentence))
        if single != multi:
            return single
    return None


def _sentences(line: str) -> list[str]:
    """Split a line into sentences."""
    return [sentence for sentence in re.split(r"(?<=[。！？])", line) if sentence.strip()]


def _other_year(sentence: str, year: int | None) -> bool:
    """Tell whether a sentence names a year other than the one results are for."""
    years = {int(y) for y in re.findall(r"(20\d{2})\s*年", sentence)}
    return bool(years) and (year is None or years != {year})


def _clauses(text: str) -> list[tuple[str, int]]:
    """Split into clauses at ；。，, (not a comma between digits), with offsets."""
    found, start = [], 0
    for match in re.finditer(r"[；;。]|[，,](?!\d{3})|、(?=力争|争取)", text):
        found.append((text[start : match.start()], start))
        start = match.end()
    found.append((text[start:], start))
    return [(clause, at) for clause, at in found if clause.strip()]


def _read_clauses(
    text: str,
    positions: list[tuple[int, int]],
    config: Config,
    kind: str,
    year: int | None,
) -> list[Indicator]:
    """Read each clause whose subject is a known indicator."""
    found: list[Indicator] = []
    for clause, at in _clauses(text):
        line = _line_at(positions, at)
        stripped = clause.strip().lstrip("—-－ ")
        if found and kind == TARGET and AIM.search(stripped) and not _subject(stripped, config):
            # "…5%以上，力争更高" / "在实际工作中努力争取更好结果": the aim of the one before.
            last = found[-1]
            found[-1] = replace(last, aim=stripped)
            continue
        indicator = _read_clause(stripped, config, kind, year, line)
        if indicator is None and kind == TARGET and stripped:
            # A stated target of no indicator we know (全员劳动生产率增速高于…): kept as text,
            # so nothing the paragraph promises is lost.
            indicator = Indicator(
                OTHER_TARGETS, None, "", "", stripped, kind=kind, year=year, line=line
            )
        if indicator is not None:
            found.append(indicator)
    return found


def _line_at(positions: list[tuple[int, int]], offset: int) -> int:
    line = positions[0][1] if positions else 0
    for start, number in positions:
        if start <= offset:
            line = number
    return line


def _subject(clause: str, config: Config) -> Synonym | None:
    """Return the indicator a clause is about, when its name opens the clause."""
    start = SUBJECT_PREFIX.match(clause)
    position = start.end() if start else 0
    for synonym in config.synonyms:  # longest phrase first
        if clause.startswith(synonym.phrase, position):
            return synonym
    return None


def _read_clause(
    clause: str, config: Config, kind: str, year: int | None, line: int
) -> Indicator | None:
    """Read one clause: name, value or range, unit, qualifier; or the clause as text."""
    synonym = _subject(clause, config)
    if synonym is None:
        return None
    prefix = SUBJECT_PREFIX.match(clause)
    name_end = (prefix.end() if prefix else 0) + len(synonym.phrase)
    rest = clause[name_end:]
    value = VALUE.match(rest)
    if value is None:
        if kind == RESULT or re.search(r"\d", rest):
            return None
        # A qualitative target: 居民收入增长与经济增长同步, 粮食产量只增不减.
        return Indicator(
            synonym.name, None, "", "", clause, "level", kind=kind, year=year, line=line
        )
    verb = value.group("verb") or ""
    unit = value.group("u2") or value.group("u1") or ""
    if NOT_A_VALUE.search(verb) or not unit:
        return None
    qualifier = value.group("qual") or PRE_QUALIFIERS.get(verb.strip(), "")
    growth = GROWTH.search(verb) or GROWTH.search(synonym.phrase)
    measure = "growth" if growth and unit in ("%", "个百分点", "百分点", "‰") else "level"
    remainder = rest[value.end() :]
    aim = ""
    if kind == TARGET and AIM.search(remainder):
        aim = remainder.strip("、，, ")
    high = value.group("high")
    return Indicator(
        synonym.name,
        float(value.group("low")),
        unit,
        qualifier,
        clause[: name_end + value.end()].strip(),
        measure,
        kind=kind,
        year=year,
        high=float(high) if high else None,
        aim=aim,
        line=line,
    )
