"""The label vocabulary of assignment clauses and table headers, and how to split a clause."""

from __future__ import annotations

import re
from dataclasses import dataclass

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

LABEL_START = re.compile(rf"^\s*[（(]?\s*{ANY_LABEL}\s*[:：]")
LABEL = re.compile(rf"({ANY_LABEL})\s*[:：]")

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
    if re.fullmatch(LEADER_LABEL, label):
        return "leader"
    if re.fullmatch(DEADLINE_LABEL, label):
        return "deadline"
    return "unit"


def label_role(label: str, explicit_lead: bool = False) -> str:
    """Give the unit role a label implies: 配合/协办 support; 责任 beside a 牵头 label support."""
    if label.startswith(SUPPORT_LABELS):
        return SUPPORT
    if explicit_lead and not label.startswith(("牵头", "主办", "主责")):
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


# Table header vocabulary: which column holds what.
def column_kind(header: str) -> str:
    """Classify a table header cell: number, text, leader, unit, deadline, category or other."""
    name = re.sub(r"\s+", "", header)
    if not name:
        return "other"
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
