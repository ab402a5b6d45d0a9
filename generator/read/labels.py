"""The label vocabulary of assignment clauses and table headers, and how to split a clause."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from generator.errors import ConfigError
from generator.messages import say
from generator.model import LEAD, SUPPORT

# Leader labels: 牵头领导 / 分管领导 / 责任领导 / 分管区领导 / 责任人 ...
LEADER_LABEL = r"(?:(?:牵头|分管|责任|联系|包保|主管|挂帅|协调)(?:区|市|县|镇)?(?:级)?领导|责任人)"
# Unit labels: 责任单位 / 牵头单位 / 配合部门 / 协办单位 ...
UNIT_LABEL = (
    r"(?:(?:牵头|责任|配合|协办|主办|承办|参与|协助|主责|具体承办|落实)(?:单位|部门)"
    r"|责任主体|承办单位)"
)
DEADLINE_LABEL = r"(?:完成时限|时间节点|完成时间|时限要求|完成期限|时限)"
ANY_LABEL = f"(?:{LEADER_LABEL}|{UNIT_LABEL}|{DEADLINE_LABEL})"

# What staff told a document's sidecar: `labels: {包干单位: unit}`, `columns: {责任人: leader}`.
LABEL_MEANINGS = ("leader", "unit", "lead", "support", "deadline")
COLUMN_MEANINGS = (*LABEL_MEANINGS, "number", "text", "category", "other")
# The Chinese words staff may write for each meaning instead of its English code: the names
# a label or a column of that kind usually has, and the plain word for the kind itself.
MEANING_WORDS: dict[str, tuple[str, ...]] = {
    "leader": ("领导", "牵头领导", "分管领导", "责任领导", "联系领导", "包保领导", "责任人"),
    "unit": ("单位", "责任单位", "责任部门", "部门", "责任主体", "承办单位"),
    "lead": ("牵头", "牵头单位", "牵头部门", "主责单位", "主办单位", "主责"),
    "support": ("配合", "配合单位", "配合部门", "协办单位", "协办", "协助单位", "参与单位"),
    "deadline": ("时限", "完成时限", "完成时间", "时间节点", "完成期限", "期限"),
    "text": ("内容", "任务", "任务内容", "工作任务", "工作内容", "重点任务"),
    "number": ("序号", "编号"),
    "category": ("类别", "分类", "类型"),
    "other": ("其他", "其它", "忽略", "不读取", "备注"),
}
_MEANING_OF_WORD = {word: code for code, words in MEANING_WORDS.items() for word in words}


@dataclass(frozen=True)
class Vocabulary:
    """A document's own words: extra labels and what its table columns hold."""

    labels: tuple[tuple[str, str], ...] = ()
    columns: tuple[tuple[str, str], ...] = ()

    def label(self, label: str) -> str:
        """Return what staff said a label means, or ""."""
        return dict(self.labels).get(label, "")

    def column(self, header: str) -> str:
        """Return what staff said a column holds, or ""."""
        return dict(self.columns).get(header, "")


PLAIN = Vocabulary()  # frozen: safe to share as the default
_VOCABULARY: ContextVar[Vocabulary] = ContextVar("vocabulary", default=PLAIN)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def meaning_of(value: object) -> str:
    """Return the meaning code a sidecar value names (lead, or 牵头), or "" if none."""
    if not isinstance(value, str):
        return ""
    word = _squeeze(value)
    if word.lower() in COLUMN_MEANINGS:
        return word.lower()
    return _MEANING_OF_WORD.get(word, "")


def accepted_words(allowed: tuple[str, ...]) -> str:
    """List the words a sidecar may write for these meanings, in Chinese and English."""
    return "；".join(f"{'、'.join(MEANING_WORDS[code])}（{code}）" for code in allowed)


def make_vocabulary(
    columns: Any,
    labels: Any,
    where: str = "sidecar",
    lines: Mapping[str, Mapping[str, int]] | None = None,
) -> Vocabulary:
    """Check a sidecar's `columns:` and `labels:` mappings; raise ConfigError naming file:line.

    lines gives the line of each entry ({"labels": {name: line}}), as load_sidecar found them.
    """
    checked: list[tuple[tuple[str, str], ...]] = []
    for key, given, allowed in (
        ("labels", labels, LABEL_MEANINGS),
        ("columns", columns, COLUMN_MEANINGS),
    ):
        pairs: list[tuple[str, str]] = []
        for name, meaning in (given or {}).items():
            code = meaning_of(meaning)
            if not isinstance(name, str) or not _squeeze(name) or code not in allowed:
                raise ConfigError(
                    where,
                    ((lines or {}).get(key) or {}).get(str(name), 0),
                    say(
                        "config.label_meaning",
                        key=key,
                        name=str(name),
                        meaning=str(meaning),
                        allowed=accepted_words(allowed),
                    ),
                )
            pairs.append((_squeeze(name), code))
        # Longest first, so 主要责任单位 is tried before 责任单位.
        checked.append(tuple(sorted(pairs, key=lambda pair: (-len(pair[0]), pair[0]))))
    return Vocabulary(labels=checked[0], columns=checked[1])


@contextmanager
def vocabulary(words: Vocabulary) -> Iterator[None]:
    """Read with a document's own label and column words for the duration of the block."""
    token = _VOCABULARY.set(words)
    try:
        yield
    finally:
        _VOCABULARY.reset(token)


def current() -> Vocabulary:
    """Return the vocabulary of the document being read."""
    return _VOCABULARY.get()


@lru_cache(maxsize=64)
def _patterns(extra: tuple[str, ...]) -> tuple[str, re.Pattern[str], re.Pattern[str]]:
    words = "|".join(re.escape(word) for word in extra)
    any_label = f"(?:{words}|{ANY_LABEL})" if words else ANY_LABEL
    return (
        any_label,
        re.compile(rf"^\s*[（(]?\s*{any_label}\s*[:：]"),
        re.compile(rf"({any_label})\s*[:：]"),
    )


def any_label() -> str:
    """Return the label alternation, the document's own labels included."""
    return _patterns(tuple(word for word, _ in current().labels))[0]


class _LabelPattern:
    """A label regex that includes the labels of the document being read."""

    def __init__(self, which: int) -> None:
        self.which = which

    def compiled(self) -> re.Pattern[str]:
        """Return the compiled pattern for the current vocabulary."""
        found = _patterns(tuple(word for word, _ in current().labels))[self.which]
        assert isinstance(found, re.Pattern)
        return found

    @property
    def pattern(self) -> str:
        """Return the pattern's source, like re.Pattern.pattern."""
        return self.compiled().pattern

    def match(self, text: str) -> re.Match[str] | None:
        """Match at the start of text."""
        return self.compiled().match(text)

    def search(self, text: str) -> re.Match[str] | None:
        """Search anywhere in text."""
        return self.compiled().search(text)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """Find every label in text."""
        return self.compiled().finditer(text)


LABEL_START = _LabelPattern(1)
LABEL = _LabelPattern(2)

SUPPORT_LABELS = ("配合", "协办", "参与", "协助")

# A role phrase ending a segment of a unit list: …牵头, …配合, …分别办理, 按职责分工分别牵头负责.
ROLE_WORDS = re.compile(
    r"(?:按(?:照)?职责(?:分工)?)?(?:分别|共同|各自)?"
    r"(牵头(?:负责|落实|办理)?|办理|负责(?:落实)?|落实|配合(?:落实)?|协办|协助|参与)$"
)


@dataclass(frozen=True)
class Field:
    """One labelled piece of an assignment: the label as written and its value."""

    label: str
    value: str
    kind: str  # leader, unit or deadline


def label_kind(label: str) -> str:
    """Classify a label as leader, unit or deadline."""
    told = current().label(_squeeze(label)) or current().column(_squeeze(label))
    if told in ("leader", "deadline"):
        return told
    if told in ("unit", "lead", "support"):
        return "unit"
    if re.fullmatch(LEADER_LABEL, label):
        return "leader"
    if re.fullmatch(DEADLINE_LABEL, label):
        return "deadline"
    return "unit"


def names_lead(label: str) -> bool:
    """Tell whether a label names the lead unit outright: 牵头单位, 主办单位, or as staff said."""
    told = current().label(_squeeze(label)) or current().column(_squeeze(label))
    return told == LEAD or (not told and label.startswith(("牵头", "主办", "主责")))


def label_role(label: str, explicit_lead: bool = False) -> str:
    """Give the unit role a label implies: 配合/协办 support; 责任 beside a 牵头 label support."""
    told = current().label(_squeeze(label)) or current().column(_squeeze(label))
    if told in (LEAD, SUPPORT):
        return told
    if label.startswith(SUPPORT_LABELS):
        return SUPPORT
    if explicit_lead and not names_lead(label):
        return SUPPORT
    return LEAD


def split_fields(text: str) -> list[Field]:
    """Cut an assignment clause like 牵头领导：甲；责任单位：乙 into its labelled fields."""
    matches = list(LABEL.finditer(text))
    fields = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        value = text[match.end() : end].strip(" \t；;，,。.")
        label = match.group(1)
        fields.append(Field(label, value, label_kind(label)))
    return fields


def role_of_phrase(word: str) -> str:
    """Map a trailing role word (牵头, 配合, 分别办理 …) to lead or support."""
    return SUPPORT if word.startswith(SUPPORT_LABELS) else LEAD


# Header words a header set with a space between every character (序 号 任 务 名 称 …) is
# cut back into, longest first.
HEADER_WORDS = sorted(
    [
        "序号",
        "编号",
        "序",
        "任务名称",
        "任务内容",
        "工作任务",
        "重点任务",
        "目标任务",
        "重点工作",
        "工作内容",
        "具体内容",
        "主要内容",
        "内容",
        "事项",
        "工作事项",
        "工作措施",
        "主要措施",
        "具体措施",
        "工作目标",
        "目标",
        "责任单位",
        "牵头单位",
        "配合单位",
        "协办单位",
        "参与单位",
        "责任部门",
        "牵头部门",
        "配合部门",
        "主办单位",
        "承办单位",
        "责任领导",
        "牵头领导",
        "分管领导",
        "联系领导",
        "包保领导",
        "责任人",
        "完成时限",
        "完成时间",
        "时间节点",
        "时限",
        "进度安排",
        "备注",
        "类别",
        "分类",
    ],
    key=len,
    reverse=True,
)


def split_header_run(text: str) -> list[str]:
    """Cut a run of header characters into cells: 序号任务名称责任人 → 序号, 任务名称, 责任人."""
    words = [word for word, _ in current().columns] + HEADER_WORDS
    cells: list[str] = []
    position = 0
    while position < len(text):
        word = next((w for w in words if text.startswith(w, position)), "")
        if word:
            cells.append(word)
            position += len(word)
        elif cells and cells[-1] not in HEADER_WORDS:
            cells[-1] += text[position]
            position += 1
        else:
            cells.append(text[position])
            position += 1
    return cells


# Table header vocabulary: which column holds what.
def column_kind(header: str) -> str:
    """Classify a table header cell: number, text, leader, unit, deadline, category or other."""
    name = re.sub(r"\s+", "", header)
    if not name:
        return "other"
    told = current().column(name) or current().label(name)
    if told:
        return told
    if re.fullmatch(r"序号|编号|序|No\.?|#", name, re.IGNORECASE):
        return "number"
    if re.search(LEADER_LABEL, name) or name.endswith("领导"):
        return "leader"
    if re.search(UNIT_LABEL, name) or re.search(r"单位|部门", name):
        return "unit"
    if re.search(DEADLINE_LABEL, name) or re.search(r"时限|时间|期限", name):
        return "deadline"
    if re.search(r"类别|分类|领域|板块|方面", name):
        return "category"
    if re.search(r"任务|内容|事项|工作|措施|目标|举措", name):
        return "text"
    return "other"
