"""The parse report staff read after adding a document: counts and every line's fate."""

from __future__ import annotations

from collections import Counter

from generator.model import Document

KIND_ORDER = ("task", "heading", "meta", "text", "blank", "skip", "withheld", "unaccounted")


def unaccounted(document: Document) -> list[int]:
    """Return the source lines no rule claimed."""
    return [role.line for role in document.lines if role.kind == "unaccounted"]


def report(document: Document) -> str:
    """Render the plain-text report for one document."""
    units = {unit.key for task in document.tasks for unit in task.units}
    leaders = {leader.name for task in document.tasks for leader in task.leaders}
    kinds = Counter(role.kind for role in document.lines)
    out = [
        f"{document.source}: {document.title}",
        f"  id {document.id} · {document.region or '?'} · {document.year or '?'} · "
        f"{document.kind} · layout {document.layout}",
        f"  {len(document.tasks)} tasks, {len(units)} units, {len(leaders)} leaders, "
        f"{len(document.indicators)} indicators, {len(document.sections)} sections",
        "  lines: " + ", ".join(f"{kind} {kinds[kind]}" for kind in KIND_ORDER if kinds[kind]),
    ]
    skips = [role for role in document.lines if role.kind == "skip"]
    for role in skips:
        out.append(f"  {document.source}:{role.line}: skipped ({role.note})")
    withheld = Counter(role.note for role in document.lines if role.kind == "withheld")
    for reason, count in sorted(withheld.items()):
        out.append(f"  {document.source}: {count} lines withheld, not published ({reason})")
    if not document.public:
        out.append(f"  {document.source}: not public: nothing of it is published")
    for line in unaccounted(document):
        out.append(f"  {document.source}:{line}: not accounted for")
    for warning in document.warnings:
        out.append(f"  {document.source}:{warning.line}: {warning.level}: {warning.message}")
    return "\n".join(out)
