"""Gather progress onto the Site: each task's dated history, deadlines, rounds and tallies.

The as-of date is content/site.yml's `as_of`, else the latest progress date: never the wall
clock, so the same input gives the same pages. Notes are untrusted text from units: masked
for personal contacts here, escaped by the templates.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.model import Document
from generator.progress.load import Status, Statuses, load_progress, load_statuses
from generator.progress.validate import Entry, validate
from generator.read.privacy import mask_contacts

if TYPE_CHECKING:
    from generator.site.gather import DocumentPage, Government, Site, TaskPage, UnitPage

NO_REPORT = Status("暂无进展", "#595959", "—")
DUE_SOON_DAYS = 30
RECENT = 50
QUARTERS = "一二三四"
SEASONS = {"一季度": 3, "二季度": 6, "三季度": 9, "四季度": 12, "上半年": 6, "下半年": 12}


def round_title(year: int, quarter: int) -> str:
    """A reporting round as people say it: 2023年第二季度."""
    return f"{year}年第{QUARTERS[quarter - 1]}季度"


def deadline_date(text: str, year: int | None) -> str:
    """The last day a deadline allows (2023年6月底前 → 2023-06-30), or "" when open-ended."""
    folded = unicodedata.normalize("NFKC", text)
    found: list[datetime.date] = []
    for match in re.finditer(
        r"(?:(\d{4})年)?(\d{1,2})月(?:(\d{1,2})日)?|(?:(\d{4})年)?(?:年底|年末|年内|全年)"
        r"|(?:(\d{4})年)?(?:第?([一二三四])季度|([上下]半年))",
        folded,
    ):
        day_year = match.group(1) or match.group(4) or match.group(5)
        when = int(day_year) if day_year else year
        if when is None:
            continue
        if match.group(2):
            month = int(match.group(2))
            if not 1 <= month <= 12:
                continue
            last = calendar.monthrange(when, month)[1]
            day = int(match.group(3)) if match.group(3) else last
            found.append(datetime.date(when, month, min(max(day, 1), last)))
        elif match.group(6) or match.group(7):
            season = (match.group(6) or "") + "季度" if match.group(6) else match.group(7)
            month = SEASONS[season]
            found.append(datetime.date(when, month, calendar.monthrange(when, month)[1]))
        else:
            found.append(datetime.date(when, 12, 31))
    return max(found).isoformat() if found else ""


@dataclass(eq=False)
class TaskStatus:
    """One task's progress: its dated history, oldest first, and its deadline."""

    task: TaskPage
    history: list[Entry] = field(default_factory=list)
    deadline: str = ""
    overdue: bool = False
    due_soon: bool = False

    @property
    def latest(self) -> Entry | None:
        """The newest entry, or None when nothing was reported."""
        return self.history[-1] if self.history else None


@dataclass(frozen=True)
class Change:
    """An entry that changed a task's status, or its first report."""

    task: TaskPage
    entry: Entry
    previous: Entry | None


@dataclass(eq=False)
class Round:
    """A reporting round (a quarter): what was reported, what changed, who did not report."""

    year: int
    quarter: int
    entries: list[tuple[TaskPage, Entry]] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    silent: list[UnitPage] = field(default_factory=list)
    reporting: list[UnitPage] = field(default_factory=list)

    @property
    def title(self) -> str:
        """2023年第二季度."""
        return round_title(self.year, self.quarter)

    @property
    def path(self) -> str:
        """The round's page."""
        return f"progress/rounds/{self.year}-q{self.quarter}.md"


@dataclass(frozen=True)
class Tally:
    """How many of a set of tasks are in one status."""

    status: Status
    count: int


@dataclass(eq=False)
class Tracking:
    """All progress on the site, keyed by task page; empty when no entry was published."""

    statuses: Statuses
    as_of: str = ""
    demo: bool = False
    by_task: dict[TaskPage, TaskStatus] = field(default_factory=dict)
    rounds: list[Round] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    updated: str = ""
    warnings: list[str] = field(default_factory=list)
    # Each task's position in the site, for sorting.
    place: dict[TaskPage, int] = field(default_factory=dict)

    @property
    def active(self) -> bool:
        """Whether any progress is published."""
        return any(status.history for status in self.by_task.values())

    def of(self, task: TaskPage) -> TaskStatus:
        """The progress of one task (an empty history when none was reported)."""
        return self.by_task.get(task) or TaskStatus(task)

    def status_of(self, task: TaskPage) -> Status:
        """The task's current status, or 暂无进展."""
        latest = self.of(task).latest
        found = self.statuses.get(latest.status) if latest else None
        return found or NO_REPORT

    def status(self, name: str) -> Status:
        """A status by name (暂无进展 for anything unknown)."""
        return self.statuses.get(name) or NO_REPORT

    def tally(self, tasks: list[TaskPage]) -> list[Tally]:
        """Count tasks per status, in the configured order, 暂无进展 last; zero counts left out."""
        counts: dict[str, int] = {}
        for task in tasks:
            name = self.status_of(task).name
            counts[name] = counts.get(name, 0) + 1
        order = [*self.statuses.items, NO_REPORT]
        return [Tally(status, counts[status.name]) for status in order if counts.get(status.name)]

    def done(self, tasks: list[TaskPage]) -> int:
        """How many of the tasks are in a status that counts as done."""
        return sum(1 for task in tasks if self.status_of(task).done)

    def updated_of(self, tasks: list[TaskPage], fallback: str = "") -> str:
        """The latest progress date of some tasks, else fallback."""
        dates = [s.latest.date for t in tasks if (s := self.by_task.get(t)) and s.latest]
        return max(dates, default=fallback)

    def overdue(self) -> list[TaskStatus]:
        """Tasks past their deadline and not done, oldest deadline first."""
        return sorted(
            (s for s in self.by_task.values() if s.overdue),
            key=lambda s: (s.deadline, self.place.get(s.task, 0)),
        )

    def due_soon(self) -> list[TaskStatus]:
        """Tasks due within the next 30 days of the as-of date and not done."""
        return sorted(
            (s for s in self.by_task.values() if s.due_soon),
            key=lambda s: (s.deadline, self.place.get(s.task, 0)),
        )

    def round_of(self, entry: Entry) -> Round | None:
        """The round an entry belongs to."""
        return next((r for r in self.rounds if (r.year, r.quarter) == entry.round), None)

    def tracked_documents(self, site: Site) -> list[DocumentPage]:
        """Documents with at least one progress entry."""
        return [d for d in site.documents if any(self.of(t).history for t in d.tasks)]

    def government_tasks(self, site: Site, government: Government) -> list[TaskPage]:
        """The tasks of one government's documents."""
        return [t for d in site.documents if d.government == government for t in d.tasks]


def gather_tracking(
    site: Site, entries: list[Entry], statuses: Statuses, as_of: str = "", demo: bool = False
) -> Tracking:
    """Attach entries to the site's task pages; compute deadlines, rounds and changes."""
    tasks = {(t.document.document.id, t.task.number): t for t in site.tasks}
    by_task: dict[TaskPage, TaskStatus] = {}
    for entry in entries:
        page = tasks.get((entry.document, entry.task))
        if page is None:
            continue  # not published (a hidden document or section): never shown
        masked = dataclasses.replace(
            entry,
            note=mask_contacts(entry.note),
            reason=mask_contacts(entry.reason),
            evidence=tuple(mask_contacts(link) for link in entry.evidence),
        )
        by_task.setdefault(page, TaskStatus(page)).history.append(masked)
    latest = max((e.date for s in by_task.values() for e in s.history), default="")
    tracking = Tracking(statuses, as_of or latest, demo)
    for status in by_task.values():
        status.history.sort(key=lambda e: e.date)
    for task in site.tasks:
        deadline = deadline_date(task.task.deadline, task.document.document.year)
        if deadline or task in by_task:
            status = by_task.setdefault(task, TaskStatus(task))
            status.deadline = deadline
    tracking.by_task = {t: by_task[t] for t in site.tasks if t in by_task}
    _mark_deadlines(tracking)
    _rounds(tracking, site)
    tracking.updated = tracking.as_of
    return tracking


def _mark_deadlines(tracking: Tracking) -> None:
    if not tracking.as_of or not tracking.active:
        return  # no progress at all: nothing says a task is late
    today = datetime.date.fromisoformat(tracking.as_of)
    soon = (today + datetime.timedelta(days=DUE_SOON_DAYS)).isoformat()
    for status in tracking.by_task.values():
        if not status.deadline or tracking.status_of(status.task).done:
            continue
        status.overdue = status.deadline < tracking.as_of
        status.due_soon = tracking.as_of <= status.deadline <= soon


def _rounds(tracking: Tracking, site: Site) -> None:
    rounds: dict[tuple[int, int], Round] = {}
    changes: list[Change] = []
    for task, status in tracking.by_task.items():
        previous: Entry | None = None
        for entry in status.history:
            found = rounds.setdefault(entry.round, Round(*entry.round))
            found.entries.append((task, entry))
            if previous is None or previous.status != entry.status:
                change = Change(task, entry, previous)
                found.changes.append(change)
                changes.append(change)
            previous = entry
    # Site order (documents, then task order; units in pinyin order): never dict or path order.
    place = {task: index for index, task in enumerate(site.tasks)}
    unit_place = {unit: index for index, unit in enumerate(site.units)}
    tracked = tracking.tracked_documents(site)
    expected = {unit for document in tracked for task in document.tasks for unit in task.lead_units}
    for found in rounds.values():
        reported = {unit for task, _ in found.entries for unit in task.lead_units}
        # A unit that leads tasks of a tracked document and reported none of them this round.
        found.silent = sorted(expected - reported, key=unit_place.__getitem__)
        found.reporting = sorted(reported, key=unit_place.__getitem__)
        found.entries.sort(key=lambda pair: (pair[1].date, place[pair[0]]))
        found.changes.sort(key=lambda c: (c.entry.date, place[c.task]))
    tracking.rounds = sorted(rounds.values(), key=lambda r: (r.year, r.quarter), reverse=True)
    # Newest first; on one date, in site order.
    tracking.changes = sorted(changes, key=lambda c: (_negated(c.entry.date), place[c.task]))
    tracking.place = place


def _negated(date: str) -> tuple[int, ...]:
    """A sort key that puts later ISO dates first."""
    return tuple(-int(part) for part in date.split("-"))


def load_tracking(
    content: Path, documents: list[Document], site: Site, as_of: str, demo: bool = False
) -> tuple[Tracking, list[str]]:
    """Load, check and gather content/progress/; return the tracking and the errors as lines.

    Warnings (progress of a task in a part that is not public) are kept in tracking.warnings.
    """
    statuses, problems = load_statuses(content)
    loaded = load_progress(content)
    # An entry may not be dated after the site's as-of date, or after today when none is set.
    limit = as_of or datetime.date.today().isoformat()
    progress = validate(loaded, statuses, documents, limit)
    found = [*problems, *progress.problems]
    tracking = gather_tracking(site, progress.entries, statuses, as_of, demo)
    tracking.warnings = [str(problem) for problem in found if problem.level != "error"]
    return tracking, [str(problem) for problem in found if problem.level == "error"]
