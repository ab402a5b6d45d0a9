"""Check progress entries against the documents and the status list; keep only valid ones.

Every problem names the file and line (or sheet, row and column) in Chinese. An entry with an
error is left out; the others still publish, and the build fails so nobody misses the error.
"""

from __future__ import annotations

import datetime
import difflib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from generator.messages import say
from generator.model import Document, Task
from generator.progress.load import Loaded, LoadProblem, RawEntry, Statuses, brief

# Reports one problem on a field of the entry being checked: (field, message).
Report = Callable[[str, str], None]
DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


@dataclass(frozen=True)
class Entry:
    """One valid progress entry: a task's status on a date, with a short public note."""

    document: str
    task: str
    task_id: str
    date: str
    status: str
    note: str
    reason: str = ""
    evidence: tuple[str, ...] = ()
    where: str = ""
    public: bool = True

    @property
    def round(self) -> tuple[int, int]:
        """The reporting round: the year and quarter of the entry's date."""
        year, month = int(self.date[:4]), int(self.date[5:7])
        return year, (month - 1) // 3 + 1


@dataclass
class Progress:
    """Valid entries (public ones only) and every problem found, in file order."""

    entries: list[Entry] = field(default_factory=list)
    problems: list[LoadProblem] = field(default_factory=list)

    @property
    def errors(self) -> list[LoadProblem]:
        """The problems that fail the build."""
        return [problem for problem in self.problems if problem.level == "error"]


def parse_date(text: str) -> str | None:
    """Read 2023-06-30, 2023/6/30, 2023.6.30 or 2023年6月30日 as an ISO date; None if invalid."""
    match = DATE.fullmatch(unicodedata.normalize("NFKC", text).strip())
    if not match:
        return None
    try:
        return datetime.date(*(int(part) for part in match.groups())).isoformat()
    except ValueError:
        return None


def task_number(text: str) -> str:
    """A task number as documents write it: full-width digits folded, 第…项 dropped."""
    folded = unicodedata.normalize("NFKC", text).strip()
    return re.sub(r"^第\s*(.+?)\s*项$", r"\1", folded)


def validate(loaded: Loaded, statuses: Statuses, documents: list[Document], as_of: str) -> Progress:
    """Check every entry; as_of is the latest date an entry may have (site as_of or today)."""
    progress = Progress(problems=list(loaded.problems))
    by_id = {document.id: document for document in documents}
    tasks = {
        document.id: {task_number(task.number): task for task in document.tasks}
        for document in documents
    }
    seen: dict[tuple[str, str, str], str] = {}
    latest_in_file: dict[tuple[str, str, str], tuple[str, str]] = {}
    for raw in loaded.entries:
        problems: list[LoadProblem] = []

        def error(
            name: str, message: str, raw: RawEntry = raw, into: list[LoadProblem] = problems
        ) -> None:
            into.append(LoadProblem(raw.at(name), message))

        document = _document(raw, by_id, error)
        task = _task(raw, document, tasks, error, progress.problems) if document else None
        date = _date(raw, as_of, error)
        status = raw.text("status")
        known = statuses.get(status)
        if not status:
            error("status", say("progress.no_status", known="、".join(statuses.names)))
        elif known is None:
            names = "、".join(statuses.names)
            error("status", say("progress.unknown_status", status=brief(status, 20), known=names))
        # One paragraph: a blank line in a note would end the HTML table it is shown in.
        note = " ".join(raw.text("note").split())
        if len(note) > statuses.note_limit:
            limit = statuses.note_limit
            error("note", say("progress.note_too_long", length=len(note), limit=limit))
        reason = " ".join(raw.text("reason").split())
        if known is not None and known.needs_reason and not reason:
            error("reason", say("progress.needs_reason", status=known.name))
        evidence = raw.values.get("evidence", ())
        links = evidence if isinstance(evidence, tuple) else tuple(evidence.split())
        for link in links:
            if not re.fullmatch(r"https?://[^\s<>\"'`]+", link, flags=re.IGNORECASE):
                error("evidence", say("progress.bad_evidence", link=brief(link, 60)))
        if document is not None and task is not None and date is not None:
            key = (document.id, task.number, date)
            if key in seen:
                message = say("progress.duplicate", task=task.number, date=date, where=seen[key])
                error("date", message)
            else:
                seen[key] = raw.where
            order = (raw.path, document.id, task.number)
            before = latest_in_file.get(order)
            if before and before[0] > date:
                message = say("progress.out_of_order", date=date, where=before[1], before=before[0])
                error("date", message)
            if not before or before[0] <= date:
                latest_in_file[order] = (date, raw.where)
        progress.problems.extend(problems)
        if problems or document is None or task is None or date is None or known is None:
            continue
        progress.entries.append(
            Entry(
                document=document.id,
                task=task.number,
                task_id=task.id,
                date=date,
                status=known.name,
                note=note,
                reason=reason,
                evidence=links,
                where=raw.where,
                public=document.public,
            )
        )
    # Progress of a document that is not public is checked but never published.
    progress.entries = [entry for entry in progress.entries if entry.public]
    return progress


def _document(raw: RawEntry, by_id: dict[str, Document], report: Report) -> Document | None:
    name = raw.text("document").strip()
    if not name:
        report("document", say("progress.no_document"))
        return None
    document = by_id.get(name)
    if document is None:
        close = difflib.get_close_matches(name, list(by_id), n=1, cutoff=0.6)
        hint = (
            say("progress.did_you_mean", close=close[0]) if close else say("progress.use_page_id")
        )
        report("document", say("progress.unknown_document", name=brief(name, 60), hint=hint))
    return document


def _task(
    raw: RawEntry,
    document: Document,
    tasks: dict[str, dict[str, Task]],
    report: Report,
    problems: list[LoadProblem],
) -> Task | None:
    number = task_number(raw.text("task"))
    if not number:
        report("task", say("progress.no_task_number"))
        return None
    task = tasks[document.id].get(number)
    if task is not None:
        return task
    if any(role.kind == "withheld" for role in document.lines):
        # The task may sit in a part that is not public: never published, and not an error.
        problems.append(
            LoadProblem(
                raw.at("task"),
                say("progress.task_not_public", document=document.id, task=brief(number, 20)),
                "warning",
            )
        )
        return None
    report("task", say("progress.unknown_task", document=document.id, task=brief(number, 20)))
    return None


def _date(raw: RawEntry, as_of: str, report: Report) -> str | None:
    text = raw.text("date")
    if not text:
        report("date", say("progress.no_date"))
        return None
    date = parse_date(text)
    if date is None:
        report("date", say("progress.bad_date", date=brief(text, 30)))
        return None
    if as_of and date > as_of:
        report("date", say("progress.after_as_of", date=date, as_of=as_of))
        return None
    return date
