"""Read a report's 主要预期目标 (this year's targets) and its review's results (last year's).

A work report states the year's targets in one paragraph that opens with a phrase such as
"今年经济社会发展的主要预期目标是：" and lists them clause by clause. The part before it
reviews last year and reports results. Five-year-plan goals (十五五, 年均), the work items after
the targets and a closing glossary are neither, so nothing past the target paragraph is read.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace

from generator.config import Config, Synonym
from generator.model import RESULT, TARGET, Indicator
from generator.read.repair import is_page_number, remove_spliced_page_numbers

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
# of years (连续5年). 分别 (two values at once) is read by _several.
NOT_A_VALUE = re.compile(r"第|居|排|连续|占|比重|每年|累计|年均|提前")
AIM = re.compile(r"力争|争取|努力")
# Words before the value that bound it, longest first so 不低于 is not read as 低于.
PRE_QUALIFIERS = {
    "不低于": "以上",
    "不少于": "以上",
    "不超过": "以内",
    "不高于": "以内",
    "超过": "以上",
    "高于": "以上",
    "控制在": "以内",
    "低于": "以下",
    "突破": "以上",
}
GROWTH = re.compile(r"增长|增速|涨幅|提高|提升|下降|降低|减少|上涨")
# A list marker opening a clause: （一） (1) 1. 1、 一、 ① —— • .
LIST_MARKER = re.compile(
    r"^\s*(?:[（(]\s*(?:[一二三四五六七八九十]+|\d+)\s*[）)]|\d{1,2}\s*[.．、)）](?!\d)"
    r"|[一二三四五六七八九十]+\s*、|[\u2460-\u2473\u2776-\u277f]|[—\-－–−]+|[·•●▪■◆])\s*"
)
# A clause that only adds a growth rate to the clause before it: 增长6%左右, 同比增长6.8%.
BARE_GROWTH = re.compile(
    r"^(?:同比|比上年|较上年|比去年|按可比价格计算|可比价)?\s*(?:增长|下降|上涨|提高|降低|增速)"
)
# A review sentence that restates targets set a year ago (…会议确定的主要预期目标为…，实际完成…).
SET_TARGETS = re.compile(r"(?:确定|提出|下达|通过|部署|制定)的[^。；]{0,12}$")
# "城乡居民…分别增长6%、7%": 城乡 names two indicators, 城镇… and 农村….
PAIRS = {"城乡": ("城镇", "农村")}
# A clause that names another year only to compare with it (比2024年提高…).
COMPARED_YEAR = re.compile(r"(?:比|较|同比|相比|高于|低于|快于|慢于|对比)\s*20\d{2}\s*年")
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
    start = _trigger_line(lines, year)
    if start is None:
        return None
    line_number, offset = start
    stated = StatedTargets(first_line=line_number)
    text, positions = _paragraph(lines, line_number, offset)
    stated.targets = _read_clauses(_clauses(text), positions, config, TARGET, year)
    previous = year - 1 if year else None
    for number, line in _review_lines(lines[: line_number - 1], previous):
        for sentence in _sentences(line):
            if MULTI_YEAR.search(fold(sentence)):
                continue
            restated = _restated_targets(sentence, number, config, previous)
            if restated is not None:
                stated.results.extend(restated)
                continue
            clauses = _result_clauses(sentence, previous)
            stated.results.extend(_read_clauses(clauses, [(0, number)], config, RESULT, previous))
    stated.results = [r for r in stated.results if r.value is not None]
    return stated


def fold(text: str) -> str:
    """Fold full-width digits, letters and signs (５.５％) to ASCII, one character for one.

    Only the full-width forms are folded (NFKC would also turn ② into 2, a list marker into
    a digit); each stays one character, so offsets into the folded text are offsets into
    the original, whose wording `text` keeps.
    """
    out = []
    for char in text:
        if "\uff01" <= char <= "\uff5e" or char == "\u3000":
            char = unicodedata.normalize("NFKC", char)
        out.append(char)
    return "".join(out)


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
        period = _period(fold(text), last_year)
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


def _restated_targets(
    sentence: str, line: int, config: Config, year: int | None
) -> list[Indicator] | None:
    """Read "…会议确定的主要预期目标为地区生产总值增长6%左右，实际完成5.8%" as a result.

    The restated target (6%) is not a result; the value after 实际完成 is, for the indicator
    named before it. None when the sentence does not restate targets.
    """
    folded = fold(sentence)
    trigger = TRIGGER.search(folded)
    if trigger is None or not SET_TARGETS.search(folded[: trigger.start()]):
        return None
    found: list[Indicator] = []
    target: Indicator | None = None
    for clause, _ in _clauses(sentence[trigger.end() :]):
        stripped = clause.strip()
        read = _read_clause(stripped, config, RESULT, year, line)
        if read:
            target = read[0]
            continue
        done = re.match(r"^(?:实际|全年)?(?:完成|实现|达到|增长)(?:了)?", fold(stripped))
        value = VALUE.match(fold(stripped)[done.end() :]) if done else None
        if target is None or done is None or value is None:
            target = None
            continue
        actual = _indicator(stripped, fold(stripped), done.end(), value, target.name, "")
        found.append(replace(actual, measure=target.measure, kind=RESULT, year=year, line=line))
        target = None
    return found


def _result_clauses(sentence: str, year: int | None) -> list[tuple[str, int]]:
    """Keep a review sentence's clauses about `year`, judging the year clause by clause.

    "2024年，…增长5%" sets another year for the clauses after it; "比2024年提高0.5个百分点"
    only compares, so the clause before it (…增长5.3%) still reports last year.
    """
    kept: list[tuple[str, int]] = []
    current = True
    for clause, at in _clauses(sentence):
        folded = fold(clause)
        named = {int(y) for y in re.findall(r"(20\d{2})\s*年", folded)}
        compares = COMPARED_YEAR.search(folded)
        if named and not compares:
            current = year is not None and named == {year}
        if current and not (named and compares and year not in named):
            kept.append((clause, at))
        elif current:
            # A comparison clause reports no value of its own, but keeps its place so a
            # bare growth clause is never attached across it.
            kept.append(("", at))
    return kept


def _trigger_line(lines: tuple[str, ...], year: int | None = None) -> tuple[int, int] | None:
    """Return (line, offset after the opening phrase) of this year's target paragraph.

    Openings in a five-year part (its heading or lead says 十五五/五年), in a sentence about
    several years, or restating last year's targets in the review (…确定的主要预期目标为…，
    实际完成…) are skipped. Of the rest, the first whose sentence names this year (今年,
    2026年) wins; else the first outside a five-year part; else the first at all.
    """
    this_named = rf"|{year}\s*年" if year else ""
    last_named = rf"|{year - 1}\s*年" if year else ""
    this_year = re.compile(rf"今年|本年|全年{this_named}")
    last_year = re.compile(rf"去年|上年|过去一年|一年来{last_named}")
    candidates: list[tuple[int, int, int]] = []
    several_years = False  # inside a part whose heading or lead is about several years
    for number, raw in enumerate(lines, start=1):
        line = fold(raw).strip()
        if not line:
            continue
        matches = list(TRIGGER.finditer(line))
        if _is_heading(line) and not matches:
            several_years = bool(MULTI_YEAR.search(line)) and not this_year.search(line)
            continue
        if not matches:
            lead = re.split(r"[。！？]", line, maxsplit=1)[0]
            if MULTI_YEAR.search(lead) and not this_year.search(lead):
                several_years = True
            continue
        for match in matches:
            offset = len(raw) - len(raw.lstrip()) + match.end()
            sentence = re.split(r"[。！？]", line[: match.start()])[-1]
            after = re.split(r"[。！？]", line[match.end() :])[0]
            names_year = bool(this_year.search(sentence))
            if MULTI_YEAR.search(sentence):
                continue
            if SET_TARGETS.search(sentence) or (last_year.search(sentence) and not names_year):
                continue  # last year's targets, restated in the review
            if re.search(r"实际(?:完成|实现)|(?:已|均)(?:完成|实现)", after):
                continue
            # Rank: names this year, then plain, then inside a several-years part (taken only
            # when nothing else is there: a part's lead may be misjudged).
            rank = 0 if names_year else 2 if several_years else 1
            candidates.append((rank, number, offset))
    if not candidates:
        return None
    _, number, offset = min(candidates)
    return number, offset


def _is_heading(line: str) -> bool:
    """Tell whether a line is a part heading: short, numbered or without a closing stop."""
    if len(line) > 40 or "。" in line or "：" in line[-1:] or ":" in line[-1:]:
        return False
    return bool(
        re.match(
            r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|第.{1,3}部分)", line
        )
    )


def _paragraph(
    lines: tuple[str, ...], first: int, offset: int
) -> tuple[str, list[tuple[int, int]]]:
    """Join the target paragraph, even when broken over lines, up to its closing 。.

    A page number on a line of its own (— 12 —) or spliced into a line is dropped, so a word
    broken across a page (城镇新增就 / — 12 — / 业6万人) joins whole.
    """
    parts: list[str] = []
    positions: list[tuple[int, int]] = []  # (offset in the joined text, source line)
    length = 0
    number = first
    piece = lines[first - 1][offset:]
    while True:
        stripped = remove_spliced_page_numbers(piece.strip()).strip()
        if stripped and not is_page_number(stripped):
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
    sentences = re.split(r"[。！？!?]", text, maxsplit=3)
    if len(sentences[0].strip()) <= 6:
        sentences = sentences[1:]  # a salutation (各位代表！) decides nothing
    for sentence in sentences[:2]:
        single = bool(last_year.search(sentence))
        multi = bool(MULTI_YEAR.search(sentence))
        if single != multi:
            return single
    return None


def _sentences(line: str) -> list[str]:
    """Split a line into sentences."""
    return [sentence for sentence in re.split(r"(?<=[。！？])", line) if sentence.strip()]


def _clauses(text: str) -> list[tuple[str, int]]:
    """Split into clauses at ；。，, (not a comma between digits), with offsets.

    A 、 splits too before an aim (、力争7%) or a growth rate (312.6亿元、增长6.3%).
    """
    found, start = [], 0
    folded = fold(text)
    for match in re.finditer(
        r"[；;。]|[，,](?!\d{3})|、(?=力争|争取|(?:同比|比上年)?(?:增长|下降)\d)", folded
    ):
        found.append((text[start : match.start()], start))
        start = match.end()
    found.append((text[start:], start))
    return [(clause, at) for clause, at in found if clause.strip()]


def _read_clauses(
    clauses: list[tuple[str, int]],
    positions: list[tuple[int, int]],
    config: Config,
    kind: str,
    year: int | None,
) -> list[Indicator]:
    """Read each clause whose subject is a known indicator."""
    found: list[Indicator] = []
    last: Indicator | None = None  # what the clause just before stated, for a bare growth rate
    for clause, at in clauses:
        line = _line_at(positions, at)
        marker = LIST_MARKER.match(fold(clause))
        stripped = clause[marker.end() if marker else 0 :].strip()
        if not stripped:
            last = None
            continue
        folded = fold(stripped)
        if found and kind == TARGET and AIM.search(folded) and not _subject(folded, config):
            # "…5%以上，力争更高" / "在实际工作中努力争取更好结果": the aim of the one before.
            found[-1] = replace(found[-1], aim=stripped)
            continue
        read = _read_clause(stripped, config, kind, year, line)
        if not read and last is not None and last.measure != "growth":
            # "地区生产总值突破230亿元，增长6%左右": the growth of the indicator just named.
            read = _bare_growth(stripped, last, kind, year, line)
        if not read and kind == TARGET:
            # A stated target of no indicator we know (全员劳动生产率增速高于…): kept as text,
            # so nothing the paragraph promises is lost.
            read = [
                Indicator(OTHER_TARGETS, None, "", "", stripped, kind=kind, year=year, line=line)
            ]
        found.extend(read)
        last = read[-1] if len(read) == 1 and read[0].name != OTHER_TARGETS else None
    return found


def _bare_growth(
    clause: str, last: Indicator, kind: str, year: int | None, line: int
) -> list[Indicator]:
    """Read "增长6%左右" after a clause that named an indicator's level, as its growth."""
    folded = fold(clause)
    verb = BARE_GROWTH.match(folded)
    if verb is None:
        return []
    value = VALUE.match(folded[verb.end() :])
    if value is None or (value.group("u2") or value.group("u1")) not in ("%", "‰"):
        return []
    if value.group("verb").strip() and not re.fullmatch(
        r"(?:不低于|不超过|控制在|达到|为|了)?", value.group("verb").strip()
    ):
        return []
    read = _indicator(clause, folded, verb.end(), value, last.name, folded[: verb.end()])
    return [replace(read, kind=kind, year=year, line=line, measure="growth")]


def _line_at(positions: list[tuple[int, int]], offset: int) -> int:
    line = positions[0][1] if positions else 0
    for start, number in positions:
        if start <= offset:
            line = number
    return line


def _subject(clause: str, config: Config, position: int | None = None) -> Synonym | None:
    """Return the indicator a (folded) clause is about, when its name opens the clause."""
    if position is None:
        start = SUBJECT_PREFIX.match(clause)
        position = start.end() if start else 0
    for synonym in config.synonyms:  # longest phrase first
        if clause.startswith(synonym.phrase, position):
            return synonym
    return None


def _names(folded: str, config: Config) -> tuple[list[str], int] | None:
    """Return the indicators a clause opens with and where their names end.

    One name (地区生产总值…); two joined by 和/及/、 that share a head or a tail
    (单位地区生产总值能耗和二氧化碳排放…, 城镇、农村居民人均可支配收入…); or a 城乡… name
    before 分别 with two values, which names the 城镇 and the 农村 indicator.
    """
    prefix = SUBJECT_PREFIX.match(folded)
    position = prefix.end() if prefix else 0
    synonym = _subject(folded, config, position)
    if synonym is None:
        # "城镇、农村居民…": the first name borrows the second's tail.
        head = re.match(r"([\u4e00-\u9fff]{2,4})[、和及与]", folded[position:])
        if head:
            second = _subject(folded, config, position + head.end())
            if second is not None:
                first = _find(head.group(1) + _strip_head(second.phrase), config)
                if first is not None and first.name != second.name:
                    return [first.name, second.name], position + head.end() + len(second.phrase)
        return None
    end = position + len(synonym.phrase)
    joined = re.match(r"[和及与、]", folded[end:])
    if joined:
        # "单位地区生产总值能耗和二氧化碳排放…": the second name borrows the first's head.
        rest = folded[end + 1 :]
        for cut in range(len(synonym.phrase), 0, -1):
            for other in config.synonyms:
                if (
                    other.name != synonym.name
                    and (synonym.phrase[:cut] + rest).startswith(other.phrase)
                    and len(other.phrase) > cut
                ):
                    return [synonym.name, other.name], end + 1 + len(other.phrase) - cut
    for pair, (first_word, second_word) in PAIRS.items():
        if synonym.phrase.startswith(pair) and "分别" in folded[end:]:
            names = [
                _find(word + synonym.phrase[len(pair) :], config)
                for word in (first_word, second_word)
            ]
            if all(names):
                return [n.name for n in names if n], end
    return [synonym.name], end


def _strip_head(phrase: str) -> str:
    """Drop a 城镇/农村/城乡 head from a name: 农村居民人均可支配收入 → 居民人均可支配收入."""
    for word in ("城镇", "农村", "城乡"):
        if phrase.startswith(word):
            return phrase[len(word) :]
    return phrase


def _find(phrase: str, config: Config) -> Synonym | None:
    """Return the synonym spelled exactly `phrase`."""
    return next((s for s in config.synonyms if s.phrase == phrase), None)


def _read_clause(
    clause: str, config: Config, kind: str, year: int | None, line: int
) -> list[Indicator]:
    """Read one clause: name(s), value(s) or range, unit, qualifier; or the clause as text."""
    folded = fold(clause)
    named = _names(folded, config)
    if named is None:
        return []
    names, name_end = named
    rest = folded[name_end:]
    several = _several(clause, folded, name_end, names)
    if several is not None:
        return [replace(i, kind=kind, year=year, line=line) for i in several]
    value = VALUE.match(rest)
    if value is None:
        if kind == RESULT or re.search(r"\d", rest):
            return []
        # A qualitative target: 居民收入增长与经济增长同步, 粮食产量只增不减.
        return [
            Indicator(name, None, "", "", clause, "level", kind=kind, year=year, line=line)
            for name in names
        ]
    verb = value.group("verb") or ""
    unit = value.group("u2") or value.group("u1") or ""
    if NOT_A_VALUE.search(verb) or "分别" in verb or not unit:
        return []
    read = _indicator(clause, folded, name_end, value, names[0], folded[:name_end])
    if kind == TARGET and AIM.search(verb) and not read.aim:
        # "外贸进出口总额力争达到5.5万亿元": the value is striven for, not promised.
        aim = AIM.search(verb)
        start = name_end + (aim.start() if aim else 0)
        read = replace(read, aim=clause[start : name_end + value.end()].strip())
    return [replace(read, name=name, kind=kind, year=year, line=line) for name in names]


def _indicator(
    clause: str, folded: str, name_end: int, value: re.Match[str], name: str, head: str
) -> Indicator:
    """Build the indicator a VALUE match after `name_end` states."""
    verb = value.group("verb") or ""
    unit = value.group("u2") or value.group("u1") or ""
    qualifier = value.group("qual") or next(
        (q for word, q in PRE_QUALIFIERS.items() if word in verb), ""
    )
    growth = GROWTH.search(verb) or GROWTH.search(head)
    measure = "growth" if growth and unit in ("%", "个百分点", "百分点", "‰") else "level"
    low = float(value.group("low"))
    high = float(value.group("high")) if value.group("high") else None
    if "指数" in head + verb and unit == "%" and 80 <= low <= 200:
        # A price index as written (103% = last year's 100 plus 3%): the rise is 3, which is
        # what other reports state as 涨幅3%; the text keeps 103%.
        low = round(low - 100, 4)
        high = round(high - 100, 4) if high is not None else None
        measure = "growth"
    remainder = folded[name_end + value.end() :]
    aim = remainder.strip("、，, ") if AIM.search(remainder) else ""
    return Indicator(
        name,
        low,
        unit,
        qualifier,
        clause[: name_end + value.end()].strip(),
        measure,
        high=high,
        aim=aim,
    )


def _several(clause: str, folded: str, name_end: int, names: list[str]) -> list[Indicator] | None:
    """Read "…分别增长6%、7%": one value per name, in order; None when not that shape."""
    rest = folded[name_end:]
    match = re.match(r"^([^\d，,。；;]{0,6}?)分别([^\d，,。；;]{0,8}?)(?=\d)", rest)
    if match is None or len(names) < 2:
        return None
    verb = match.group(1) + match.group(2)
    values = list(
        re.finditer(
            rf"({NUMBER})\s*(?P<unit>{UNIT})?\s*(?P<qual>{QUALIFIERS})?\s*(?:[、和及与]|$)",
            rest[match.end() :],
        )
    )
    if len(values) != len(names):
        return None
    units = [v.group("unit") or "" for v in values]
    unit = next((u for u in reversed(units) if u), "")
    if not unit:
        return None
    growth = GROWTH.search(verb)
    measure = "growth" if growth and unit in ("%", "个百分点", "百分点", "‰") else "level"
    text = clause.strip()
    return [
        Indicator(
            name,
            float(v.group(1)),
            v.group("unit") or unit,
            v.group("qual") or "",
            text,
            measure,
            task="",
        )
        for name, v in zip(names, values, strict=True)
    ]
