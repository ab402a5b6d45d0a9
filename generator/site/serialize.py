"""Turn documents into the open-data JSON shape published in schema/document.schema.json."""

from __future__ import annotations

from typing import Any

from generator.model import Document, Indicator, Task, UnitRef


def indicator_json(indicator: Indicator) -> dict[str, Any]:
    """Return an indicator as JSON data."""
    data: dict[str, Any] = {
        "name": indicator.name,
        "kind": indicator.kind,
        "year": indicator.year,
        "value": indicator.value,
        "unit": indicator.unit,
        "qualifier": indicator.qualifier,
        "measure": indicator.measure,
        "text": indicator.text,
        "line": indicator.line,
    }
    if indicator.high is not None:
        data["high"] = indicator.high
    if indicator.aim:
        data["aim"] = indicator.aim
    if indicator.task:
        data["task"] = indicator.task
    return data


def unit_json(unit: UnitRef) -> dict[str, Any]:
    """Return a unit reference as JSON data; the as-written name only where it differs."""
    data: dict[str, Any] = {"name": unit.name, "role": unit.role, "collective": unit.collective}
    if unit.written:
        data["written"] = unit.written
    return data


def task_json(task: Task) -> dict[str, Any]:
    """Return a task as JSON data."""
    return {
        "id": task.id,
        "number": task.number,
        "title": task.title,
        "text": task.text,
        "section": list(task.section),
        "leaders": [{"name": leader.name, "role": leader.role} for leader in task.leaders],
        "units": [unit_json(unit) for unit in task.units],
        "indicators": [indicator_json(indicator) for indicator in task.indicators],
        "deadline": task.deadline,
        "line": task.line,
        "end_line": task.end_line,
    }


def document_json(document: Document) -> dict[str, Any]:
    """Return a document as open data: what it says, not how the build read it.

    Where the file lies on the staff's disk, the layout the reader chose and its warnings are
    internals: they go to the staff manifest (staff_json), never into the public files.
    """
    return {
        "id": document.id,
        "title": document.title,
        "issuer": document.issuer,
        "doc_number": document.doc_number,
        "date": document.date,
        "region": document.region,
        "year": document.year,
        "kind": document.kind,
        "recipients": document.recipients,
        "cc": document.cc,
        "contact": document.contact,
        "report_deadlines": list(document.report_deadlines),
        "attachments": list(document.attachments),
        "disclosure": document.disclosure,
        "public": document.public,
        "sections": [
            {
                "title": s.title,
                "marker": s.marker,
                "level": s.level,
                "line": s.line,
                "path": list(s.path),
            }
            for s in document.sections
        ],
        "tasks": [task_json(task) for task in document.tasks],
        "indicators": [indicator_json(indicator) for indicator in document.indicators],
    }


def staff_json(document: Document) -> dict[str, Any]:
    """Return a document as staff read it: the open data plus its file, layout and warnings."""
    data = document_json(document)
    return {
        "id": data.pop("id"),
        "source": document.source,
        "layout": document.layout,
        **data,
        "warnings": [
            {"line": w.line, "level": w.level, "message": w.message} for w in document.warnings
        ],
    }
