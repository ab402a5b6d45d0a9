"""The open-data files: all tasks as JSON and CSV, one JSON per document, the schema, a feed."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from email.utils import format_datetime
from importlib import resources
from typing import Any
from urllib.parse import urljoin
from xml.etree import ElementTree

from generator.ingest.extracted import remove_unsafe
from generator.model import LEAD, SUPPORT
from generator.publish.progress_data import add_progress, progress_files
from generator.site.gather import Site, TaskPage
from generator.site.render import SITE_NAME, dest_uri
from generator.site.serialize import document_json

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
    # Added in schema 1.1 (progress): empty when no progress is published.
    "status",
    "status_date",
)


def csv_cell(value: object) -> str:
    """A CSV cell Excel will not run: text starting with = + - @ is prefixed with '."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_json(data: Any) -> str:
    """Serialise with sorted keys off and stable spacing, so output is byte-identical."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def page_address(src_path: str, site_url: str = "") -> str:
    """A page's address: absolute under site_url when it is set, else relative to the site root."""
    # Open data is downloaded and read elsewhere, where only an absolute address still leads back.
    return urljoin(site_url, dest_uri(src_path)) if site_url else dest_uri(src_path)


def tasks_csv(site: Site, site_url: str = "") -> bytes:
    """Every task, one row each, UTF-8 with a BOM so Excel opens the Chinese correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for page in site.tasks:
        task = page.task
        document = page.document.document
        row = (
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
            "、".join(page.written[unit] for unit, role in page.units if role == LEAD),
            "、".join(page.written[unit] for unit, role in page.units if role == SUPPORT),
            task.deadline,
            "；".join(i.text for i in task.indicators),
            f"{task.line}-{task.end_line}",
            page_address(page.path, site_url),
            *_status_cells(site, page),
        )
        writer.writerow([csv_cell(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def feed_xml(site: Site, site_url: str = "") -> bytes:
    """An RSS 2.0 feed of the published documents, newest first.

    RSS wants absolute links: they are, under site_url; without it they are relative to the
    feed (the build warns), which most readers resolve against the feed's own address.
    """
    rss = ElementTree.Element("rss", version="2.0")
    channel = ElementTree.SubElement(rss, "channel")
    for tag, text in (
        ("title", SITE_NAME),
        ("link", site_url or "./"),
        ("description", "各地政府工作报告重点任务责任分工公开"),
        ("language", "zh-cn"),
    ):
        ElementTree.SubElement(channel, tag).text = text
    pages = sorted(site.documents, key=lambda p: (p.document.date, p.document.id), reverse=True)
    for page in pages:
        document = page.document
        item = ElementTree.SubElement(channel, "item")
        link = page_address(page.path, site_url)
        # XML 1.0 cannot hold control characters (a form feed from a PDF, say).
        ElementTree.SubElement(item, "title").text = remove_unsafe(document.title)
        ElementTree.SubElement(item, "link").text = link
        ElementTree.SubElement(item, "guid", isPermaLink="false").text = document.id
        ElementTree.SubElement(item, "description").text = remove_unsafe(
            f"{page.government.name} {document.year or ''} {document.kind}，"
            f"共 {len(page.tasks)} 项任务"
        )
        try:
            when = datetime.strptime(document.date, "%Y-%m-%d").replace(tzinfo=UTC)
        except ValueError:
            pass  # no date, or one that does not exist (2023年2月30日): no pubDate
        else:
            ElementTree.SubElement(item, "pubDate").text = format_datetime(when)
    ElementTree.indent(rss)
    body: bytes = ElementTree.tostring(rss, encoding="utf-8", xml_declaration=True)
    return body + b"\n"


INDICATOR_COLUMNS = (
    "indicator",
    "kind",
    "year",
    "region",
    "level",
    "measure",
    "value",
    "high",
    "unit",
    "qualifier",
    "aim",
    "text",
    "document_id",
    "task_id",
    "source_line",
    "url",
)


def indicator_records(site: Site, site_url: str = "") -> list[dict[str, Any]]:
    """One record per stated target or reported result, across every public document."""
    records = []
    for page in site.indicators:
        for row in page.rows:
            i = row.indicator
            records.append(
                {
                    "indicator": i.name,
                    "kind": i.kind,
                    "year": i.year,
                    "region": row.document.government.name,
                    "level": row.level,
                    "measure": i.measure,
                    "value": i.value,
                    "high": i.high,
                    "unit": i.unit,
                    "qualifier": i.qualifier,
                    "aim": i.aim,
                    "text": i.text,
                    "document_id": row.document.document.id,
                    "task_id": i.task,
                    "source_line": i.line or None,
                    "url": page_address(row.task.path if row.task else row.document.path, site_url),
                }
            )
    return records


def indicators_csv(records: list[dict[str, Any]]) -> bytes:
    """The indicator records as CSV, UTF-8 with a BOM for Excel."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(INDICATOR_COLUMNS)
    for record in records:
        cells = ("" if record[c] is None else record[c] for c in INDICATOR_COLUMNS)
        writer.writerow([csv_cell(cell) for cell in cells])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _status_cells(site: Site, page: TaskPage) -> tuple[str, str]:
    """A task's current status and its date, for tasks.csv ("" when none)."""
    latest = site.tracking.of(page).latest if site.tracking else None
    return (latest.status, latest.date) if latest else ("", "")


def data_files(site: Site, site_url: str = "") -> dict[str, str | bytes]:
    """Return {path under the docs folder: content} for every open-data file.

    site_url (content/site.yml) makes the addresses in the CSV files, the indicator records
    and the feeds absolute.
    """
    documents = [document_json(page.document) for page in site.documents]
    add_progress(documents, site)
    indicators = indicator_records(site, site_url)
    files: dict[str, str | bytes] = {
        "data/tasks.json": to_json(documents),
        "data/tasks.csv": tasks_csv(site, site_url),
        "data/indicators.json": to_json(indicators),
        "data/indicators.csv": indicators_csv(indicators),
        "feed.xml": feed_xml(site, site_url),
        "data/document.schema.json": resources.files("generator")
        .joinpath("schema/document.schema.json")
        .read_text(encoding="utf-8"),
    }
    for data in documents:
        files[f"data/documents/{data['id']}.json"] = to_json(data)
    files.update(progress_files(site, csv_cell, site_url))
    return files
