"""The open-data files: all tasks as JSON and CSV, one JSON per document, and the schema."""

from __future__ import annotations

import csv
import io
import json
from importlib import resources
from typing import Any

from generator.model import LEAD, SUPPORT
from generator.serialize import document_json
from generator.site import Site

CSV_COLUMNS = (
    "document_id",
    "document_title",
    "region",
    "year",
    "task_id",
    "number",
    "section",
    "title",
    "text",
    "leaders",
    "lead_units",
    "support_units",
    "deadline",
    "indicators",
    "source_lines",
    "url",
)


def to_json(data: Any) -> str:
    """Serialise with sorted keys off and stable spacing, so output is byte-identical."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def tasks_csv(site: Site) -> bytes:
    """Every task, one row each, UTF-8 with a BOM so Excel opens the Chinese correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for page in site.tasks:
        task = page.task
        document = page.document.document
        writer.writerow(
            (
                document.id,
                document.title,
                page.document.government.name,
                document.year or "",
                task.id,
                task.number,
                " › ".join(task.section[1:]),
                page.title,
                task.text,
                "、".join(leader.name for leader in task.leaders),
                "、".join(unit.name for unit, role in page.units if role == LEAD),
                "、".join(unit.name for unit, role in page.units if role == SUPPORT),
                task.deadline,
                "；".join(i.text for i in task.indicators),
                f"{task.line}-{task.end_line}",
                page.path.removesuffix(".md") + "/",
            )
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def data_files(site: Site) -> dict[str, str | bytes]:
    """Return {path under the docs folder: content} for every open-data file."""
    documents = [document_json(page.document) for page in site.documents]
    files: dict[str, str | bytes] = {
        "data/tasks.json": to_json(documents),
        "data/tasks.csv": tasks_csv(site),
        "data/document.schema.json": resources.files("generator")
        .joinpath("schema/document.schema.json")
        .read_text(encoding="utf-8"),
    }
    for data in documents:
        files[f"data/documents/{data['id']}.json"] = to_json(data)
    return files
