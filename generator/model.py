"""The typed model every stage shares: documents, sections, tasks, units, leaders, indicators.

Frozen dataclasses only; no I/O and no imports from the rest of the package.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LEAD = "lead"
SUPPORT = "support"


@dataclass(frozen=True)
class Problem:
    """A warning or error found while reading a document, with its source line."""

    line: int
    message: str
    level: str = "warning"


@dataclass(frozen=True)
class LineRole:
    """What one source line became: task, heading, meta, text, blank or skip."""

    line: int
    kind: str
    note: str = ""


TARGET = "target"
RESULT = "result"


@dataclass(frozen=True)
class Indicator:
    """A stated target (地区生产总值增长 5.5% 以上) or a reported result, for one year.

    `value` is None for a qualitative target (居民收入增长与经济增长同步), kept as `text`;
    a range (4.5%—5%) has its lower bound in `value` and its upper bound in `high`.
    """

    name: str
    value: float | None
    unit: str
    qualifier: str
    text: str
    measure: str = "level"
    task: str = ""
    kind: str = TARGET
    year: int | None = None
    high: float | None = None
    aim: str = ""
    line: int = 0


@dataclass(frozen=True)
class UnitRef:
    """A responsible unit as named on one task, with its role (lead or support)."""

    name: str
    role: str
    key: str = ""
    collective: bool = False
    # The name as the document wrote it, when normalising changed it (统计局 → 区统计局).
    written: str = ""


@dataclass(frozen=True)
class LeaderRef:
    """A leader as named on one task, with the document's own role label."""

    name: str
    role: str


@dataclass(frozen=True)
class Section:
    """A heading of the document; path lists the titles from the top level down."""

    title: str
    level: int
    line: int
    path: tuple[str, ...]
    marker: str = ""


@dataclass(frozen=True)
class Task:
    """One numbered commitment of a document with who is responsible for it."""

    id: str
    number: str
    title: str
    text: str
    section: tuple[str, ...]
    leaders: tuple[LeaderRef, ...]
    units: tuple[UnitRef, ...]
    indicators: tuple[Indicator, ...]
    deadline: str
    line: int
    end_line: int


@dataclass(frozen=True)
class Document:
    """A parsed source document: its metadata, sections, tasks and line accounting."""

    id: str
    source: str
    title: str
    issuer: str
    doc_number: str
    date: str
    region: str
    year: int | None
    kind: str
    layout: str
    recipients: str = ""
    cc: str = ""
    contact: str = ""
    report_deadlines: tuple[str, ...] = ()
    attachments: tuple[str, ...] = ()
    disclosure: str = ""
    public: bool = True
    sections: tuple[Section, ...] = ()
    tasks: tuple[Task, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    warnings: tuple[Problem, ...] = ()
    lines: tuple[LineRole, ...] = ()
    text_lines: tuple[str, ...] = field(default=(), repr=False)


@dataclass(frozen=True)
class Unit:
    """A responsible unit of one government, gathered across every task naming it."""

    id: str
    government: str
    name: str
    aliases: tuple[str, ...]
    collective: bool


@dataclass(frozen=True)
class Leader:
    """A leader of one government, gathered across every task naming them."""

    id: str
    government: str
    name: str
    roles: tuple[str, ...]
