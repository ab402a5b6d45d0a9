"""Normalise names and numbers: leaders, responsible units with roles, and indicators."""

from __future__ import annotations

import re
from collections.abc import Sequence

from generator.config import Config
from generator.model import LEAD, SUPPORT, Indicator, UnitRef
from generator.read.labels import ROLE_WORDS, label_role, names_lead, role_of_phrase
from generator.read.repair import clean, merge_singles

# Department-like endings: a bare 工信局 after 区发改局 in one list is 区工信局.
DEPARTMENT = re.compile(r"(?:局|委|办|委员会|办公室|中心|专班|室|所|站|队|会|院)$")
NOT_DEPARTMENT = re.compile(r"(?:办事处|街道|镇|乡|集团|公司|管委会?|开发区|片区|园区|指挥部)$")
GOV_PREFIX = ("区", "市", "县", "旗")
# Words that start with a prefix character but are not a prefix: 市场监管局 is not 场监管局.
PREFIX_WORDS = ("市场", "市政", "市民", "市容", "区域", "区块", "县域", "县城", "旗帜")

UNIT_SEPARATORS = re.compile(r"[、，,；;/]|及(?=[\u4e00-\u9fff]{2})")
SEGMENT_SEPARATORS = re.compile(r"[，,；;\n]")  # \n: a cell's paragraphs (docx, PDF, web)
OPENING = "（(［[【〔"
CLOSING = "）)］]】〕"
# A name that already says which level it belongs to never takes a borrowed prefix:
# 团市委, 党工委, 县委宣传部, 中共…委, 市总工会, 各县级市.
OWN_LEVEL = re.compile(
    r"^(?:团|党|中共|共青团|各)|[省市区县旗镇乡](?:委|人民政府|政府|人大|政协|总工会|妇联)"
    r"|县级|^[\u4e00-\u9fff]{2,}(?:市|区|县).+"
)
# Kinds of government body with no name of their own: 各区、县级市 is one collective.
BODY_KINDS = re.compile(
    r"^(?:县级市|县级区|市辖区|[省市区县旗镇乡](?:市|区|县)?|街道|镇街|乡镇|社区|村(?:居)?"
    r"|园区|功能区|开发区|管委会?|片区|景区)(?:人民政府|政府|办事处|党委|党工委)?$"
)
ABBREVIATION = re.compile(r"[（(]\s*以下(?:简称|称)\s*[“\"]?([^）)”\"]+)[”\"]?\s*[）)]")


def split_leaders(value: str) -> list[str]:
    """Split a leader cell into names: 殷世逸 李金国 is two, 隋 斌 is one (a stray space)."""
    names: list[str] = []
    for part in re.split(r"[、，,；;/]+", value):
        tokens = [re.sub(r"同志$", "", token.strip("（）() ")) for token in part.split()]
        names.extend(merge_singles([token for token in tokens if token]))
    seen: list[str] = []
    for name in names:
        name = re.sub(r"[（(].*?[）)]", "", name).strip()
        if name and name not in seen:
            seen.append(name)
    return seen


def split_outside_brackets(pattern: re.Pattern[str], text: str) -> list[str]:
    """Split text at pattern matches that are not inside brackets: 各县（市、区）stays whole."""
    parts: list[str] = []
    depth = 0
    start = 0
    position = 0
    while position < len(text):
        char = text[position]
        if char in OPENING:
            depth += 1
        elif char in CLOSING:
            depth = max(0, depth - 1)
        elif depth == 0:
            match = pattern.match(text, position)
            if match and match.end() > position:
                parts.append(text[start:position])
                start = position = match.end()
                continue
        position += 1
    parts.append(text[start:])
    return parts


def split_units(
    value: str, label: str, explicit_lead: bool = False, role: str = ""
) -> list[tuple[str, str]]:
    """Split a unit clause into (name, role): 区发改局牵头，财政局、自然资源局等单位配合."""
    return [
        (name, found)
        for name, found, _ in split_units_as_written(value, label, explicit_lead, role)
    ]


def split_units_as_written(
    value: str, label: str, explicit_lead: bool = False, role: str = ""
) -> list[tuple[str, str, str]]:
    """Split a unit clause into (name, role, name as written before a prefix was carried)."""
    value = clean(value)
    abbreviations: list[tuple[int, str]] = []

    def keep(match: re.Match[str]) -> str:
        # 各镇街及灵山岛自然保护区（以下简称各镇街）: the whole group is then called 各镇街.
        abbreviations.append((match.start(), match.group(1).strip()))
        return "\0"

    value = ABBREVIATION.sub(keep, value)
    default = role or label_role(label, explicit_lead)
    result: list[tuple[str, str]] = []
    pending: list[str] = []
    for segment in split_outside_brackets(SEGMENT_SEPARATORS, value):
        segment = segment.strip(" 。.")
        if not segment:
            continue
        role_match = ROLE_WORDS.search(segment)
        role = role_of_phrase(role_match.group(1)) if role_match else ""
        names_part = segment[: role_match.start()] if role_match else segment
        names_part = re.sub(r"等(?:单位|部门)?$", "", names_part)
        names = _keep_collectives(
            [_trim_unit(n) for n in split_outside_brackets(UNIT_SEPARATORS, names_part)]
        )
        # The name just before （以下简称各镇街） is known by its short form from here on.
        names = [
            (abbreviations.pop(0)[1] if abbreviations else n.replace("\0", "")) if "\0" in n else n
            for n in names
        ]
        names = [n for n in names if n]
        if role and not names:
            # A bare role phrase (按职责分工分别牵头负责) applies to the names before it.
            result.extend((name, role) for name in pending)
            pending = []
            continue
        if role:
            result.extend((name, default) for name in pending)
            pending = []
            result.extend((name, role) for name in names)
        else:
            pending.extend(names)
    result.extend((name, default) for name in pending)
    return _carry_prefix(_bracketed_roles(result))


# A role written in brackets after a name: 县教育局（牵头）、县财政局（配合单位）.
BRACKETED_ROLE = re.compile(
    r"\s*[（(]\s*(牵头|主办|主责|责任|配合|协办|协助|参与)\s*(?:单位|部门)?\s*[）)]$"
)


def _bracketed_roles(units: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Take bracketed role marks off names; beside a marked lead, unmarked names support."""
    marks = [BRACKETED_ROLE.search(name) for name, _ in units]
    if not any(marks):
        return units
    leads = {role_of_phrase(m.group(1)) for m in marks if m} == {LEAD}
    result = []
    for (name, role), mark in zip(units, marks, strict=True):
        if mark:
            result.append((name[: mark.start()], role_of_phrase(mark.group(1))))
        else:
            # 县教育局（牵头）、县财政局: the one marked leads, the others support it.
            result.append((name, SUPPORT if leads else role))
    return result


def _trim_unit(name: str) -> str:
    name = name.strip(" 。.：:")
    # Drop a stray quote at either end, but keep a pair: “啤酒之城”攻坚战指挥部 keeps its “.
    if name[:1] in '“"' and not re.search(r"[”\"]", name[1:]):
        name = name[1:]
    if name[-1:] in '”"' and not re.search(r"[“\"]", name[:-1]):
        name = name[:-1]
    if "\0" in name:
        return name[: name.index("\0") + 1]
    # "财政局、自然资源局等单位" ends its list with 等单位; the unit is 自然资源局.
    return re.sub(r"等(?:单位|部门)?$", "", name).strip()


def _keep_collectives(names: list[str]) -> list[str]:
    """Keep 各区、县级市 whole: bare kinds of body after a 各… name belong to it."""
    kept: list[str] = []
    for name in names:
        if kept and kept[-1].startswith("各") and BODY_KINDS.match(name):
            kept[-1] = f"{kept[-1]}、{name}"
        else:
            kept.append(name)
    return kept


def _names_level(name: str) -> bool:
    """Tell whether a name already states its level (团市委, 县委组织部), ignoring 市场 etc."""
    bare = name
    for word in PREFIX_WORDS:
        bare = bare.replace(word, "")
    return bool(OWN_LEVEL.search(bare))


def _carry_prefix(units: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """Give a bare department the prefix of the nearest prefixed unit before it in the list."""
    result: list[tuple[str, str, str]] = []
    prefix = ""
    for written, role in units:
        name = written
        if _has_prefix(name):
            prefix = name[0]
        elif (
            prefix
            and DEPARTMENT.search(name)
            and not NOT_DEPARTMENT.search(name)
            # 区委人才办 and 市场监管局 start with a prefix character already.
            and name[:1] not in GOV_PREFIX
            and not name.startswith(("各", "工委", "管委", "党委"))
            and not _names_level(name)
            # 生态环境局济阳分局: a city bureau's branch, not a district department.
            and not re.search(r"局.+分局$", name)
        ):
            name = prefix + name
        result.append((name, role, written))
    return result


def _has_prefix(name: str) -> bool:
    """Tell whether a name opens with its government's prefix: 区发改局, not 区委 or 市场监管局."""
    return (
        name[:1] in GOV_PREFIX
        and name[1:2] not in ("委", "政")
        and len(name) > 2
        and not name.startswith(PREFIX_WORDS)
    )


def unit_key(name: str, config: Config) -> str:
    """Return the identity of a unit within its government: prefix dropped, aliases applied."""
    prefixed = (
        name[:1] in GOV_PREFIX
        and name[1:2] != "委"
        and len(name) > 3
        and not name.startswith(PREFIX_WORDS)
    )
    bare = name[1:] if prefixed else name
    return config.aliases.get(bare, bare)


def is_collective(name: str, config: Config) -> bool:
    """Tell whether a name stands for many units (各街区, 有关部门, 各成员单位)."""
    return any(pattern.search(name) for pattern in config.collectives)


def unit_refs(fields: Sequence[tuple[str, ...]], config: Config) -> list[UnitRef]:
    """Turn (label, clause[, role]) tuples into unit references, first mention of a unit wins."""
    refs: list[UnitRef] = []
    seen: set[str] = set()
    # 牵头单位：A；责任单位：B — beside an explicit lead, 责任单位 names the supporting units.
    explicit_lead = any(names_lead(field[0]) for field in fields)
    for label, value, *rest in fields:
        found = split_units_as_written(value, label, explicit_lead, rest[0] if rest else "")
        for name, role, written in found:
            key = unit_key(name, config)
            if key in seen:
                continue
            seen.add(key)
            collective = is_collective(name, config)
            kept = written if written != name else ""
            refs.append(UnitRef(name, role or LEAD, key, collective, kept))
    return refs


_NUMBER = r"(\d+(?:\.\d+)?)"
_UNITS = sorted(
    [
        "%",
        "个百分点",
        "万亿元",
        "亿元",
        "万元",
        "亿美元",
        "万美元",
        "万人",
        "人次",
        "人",
        "万户",
        "户",
        "家",
        "个",
        "公里",
        "千米",
        "万平方米",
        "平方米",
        "万亩",
        "亩",
        "所",
        "处",
        "辆",
        "万吨",
        "吨",
        "万千瓦",
        "千瓦",
        "项",
        "次",
        "场",
        "套",
        "张",
        "条",
        "倍",
    ],
    key=len,
    reverse=True,
)
_VERBS = (
    r"(?:年均|同比|力争|预计)?(?:增长|增速|提高|提升|下降|降低|达到|达|突破|超过"
    r"|控制在|保持在|稳定在|完成|实现|为|不低于|高于|低于)?"
)
_QUALIFIERS = ("以上", "左右", "以内", "以下", "上下", "内")
_PRE_QUALIFIERS = {
    "达到": "达到",
    "达": "达到",
    "突破": "突破",
    "超过": "以上",
    "不低于": "以上",
    "控制在": "以内",
}
INDICATOR_TAIL = re.compile(
    rf"^(?P<verb>{_VERBS})(?P<about>约)?{_NUMBER}(?P<unit>{'|'.join(map(re.escape, _UNITS))})?"
    rf"(?P<qual>{'|'.join(_QUALIFIERS)})?"
)
BARE_LEFT = re.compile(r"(?:全区|全市|全县|全省|全镇|地区|^|[^\u4e00-\u9fff])$")


def find_indicators(text: str, config: Config, task: str = "") -> list[Indicator]:
    """Find targets for known indicators: 地区生产总值增长5.5%以上 → 5.5 % 以上."""
    found: list[Indicator] = []
    position = 0
    while position < len(text):
        match = None
        for synonym in config.synonyms:
            if text.startswith(synonym.phrase, position):
                if synonym.bare and not BARE_LEFT.search(text[max(0, position - 2) : position]):
                    continue
                match = synonym
                break
        if match is None:
            position += 1
            continue
        end = position + len(match.phrase)
        tail = INDICATOR_TAIL.match(text[end : end + 30])
        if tail and tail.group(3):
            verb = tail.group("verb") or ""
            unit = tail.group("unit") or ""
            qualifier = tail.group("qual") or _PRE_QUALIFIERS.get(
                re.sub(r"^(?:年均|同比|力争|预计)", "", verb), ""
            )
            measure = (
                "growth"
                if re.search(r"增长|增速|提高|下降|降低", verb) and unit in ("%", "个百分点")
                else "level"
            )
            phrase = text[position : end + tail.end()]
            found.append(
                Indicator(match.name, float(tail.group(3)), unit, qualifier, phrase, measure, task)
            )
            end += tail.end()
        position = end
    return found
