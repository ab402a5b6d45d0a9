"""What a reader hands on: tasks and metadata as written, before names are normalised."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.model import LineRole, Problem, Section
from generator.read.labels import LABEL, LABEL_START, Field, any_label, split_fields


@dataclass
class RawTask:
    """A task as found: its number, title, text, section and labelled assignment fields."""

    number: str
    title: str
    text: str
    section: tuple[str, ...]
    line: int
    end_line: int
    fields: list[Field] = field(default_factory=list)
    marker: str = ""
    # Table cells give units a role per column; None means "from the label".
    lines: list[int] = field(default_factory=list)


@dataclass
class RawDocument:
    """Everything a reader found in one source, with a role for every line."""

    layout: str
    meta: dict[str, str] = field(default_factory=dict)
    attachments: list[str] = field(default_factory=list)
    report_deadlines: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    tasks: list[RawTask] = field(default_factory=list)
    target_texts: list[tuple[int, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    roles: dict[int, LineRole] = field(default_factory=dict)
    has_assignments: bool = False
    attachment_starts: list[int] = field(default_factory=list)

    def mark(self, lines: list[int] | range, kind: str, note: str = "") -> None:
        """Record what each of these source lines became."""
        for number in lines:
            self.roles[number] = LineRole(number, kind, note)


def inherit(task: RawTask, fields: list[Field]) -> None:
    """Give a task the leaders or units of its section row unless it names its own.

    A 责任人 (the person at the unit) is not the 牵头领导 in charge: one does not replace the
    other, so each is inherited unless the task names one of the same sort.
    """
    own = {_sort(field) for field in task.fields}
    task.fields.extend(field for field in fields if _sort(field) not in own)


def _sort(field: Field) -> str:
    if field.kind == "leader":
        return "leader" if field.label.endswith("领导") else "person"
    return field.kind


def split_assignment(text: str) -> tuple[str, list[Field]]:
    """Split trailing assignment clauses off a task's text: （牵头领导：…；责任单位：…）."""
    fields: list[Field] = []
    if LABEL_START.match(text):
        return "", split_fields(_unwrap(text))
    while True:
        stripped = text.rstrip(" 。.;；")
        clause = _last_clause(stripped)
        if clause is None:
            break
        start = clause
        fields = split_fields(_unwrap(stripped[start:])) + fields
        text = stripped[:start].rstrip()
    if not fields:
        # A bare label after the sentence: "…。责任单位：区发改局".
        match = re.search(r"(?<=[。；;])\s*" + LABEL.pattern, text)
        if match:
            fields = split_fields(text[match.start() :])
            text = text[: match.start()].rstrip()
    return text, fields


def _last_clause(text: str) -> int | None:
    """Return where a bracketed label clause ending the text starts, or None."""
    if not text or text[-1] not in "）)":
        # A clause cut off by the end of the text still counts when it opens with a label.
        candidates = list(re.finditer(rf"[（(]\s*(?={any_label()}\s*[:：])", text))
        if (
            candidates
            and ")" not in text[candidates[-1].start() :]
            and "）" not in text[candidates[-1].start() :]
        ):
            return candidates[-1].start()
        return None
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        char = text[index]
        if char in "）)":
            depth += 1
        elif char in "（(":
            depth -= 1
            if depth == 0:
                return index if LABEL_START.match(text[index:]) else None
    return None


def _unwrap(text: str) -> str:
    """Strip the brackets around a clause, including a lone closing one left by a break."""
    text = text.strip().rstrip("。")
    if text[:1] in "（(":
        text = text[1:]
    opened = text.count("（") + text.count("(")
    closed = text.count("）") + text.count(")")
    if text[-1:] in "）)" and closed > opened:
        text = text[:-1]
    return text
