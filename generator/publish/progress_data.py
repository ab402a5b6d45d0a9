"""Progress as open data (JSON, CSV) and RSS feeds of status changes, site-wide and per unit."""

from __future__ import annotations

import csv
import io
import json
import posixpath
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any
from xml.etree import ElementTree

from generator.ingest.extracted import remove_unsafe
from generator.site.gather import Site, TaskPage
from generator.site.render import SITE_NAME, dest_uri
from generator.site.tracking import Change

PROGRESS_COLUMNS = (
    "document_id",
    "task_id",
    "number",
    "date",
    "round",
    "status",
    "done",
    "note",
    "reason",
    "evidence",
    "url",
)

# progress.csv is read in Excel: its header row is Chinese (progress.json keeps these keys).
PROGRESS_HEADERS: dict[str, tuple[str, str]] = {
    "document_id": ("文件编号", "任务所在文件的编号"),
    "task_id": ("任务编号", "任务在本站的唯一编号"),
    "number": ("序号", "任务在文件中的序号"),
    "date": ("填报日期", "单位填报进展的日期（截至日期）"),
    "round": ("报告期", "进展所属的报告期（季度）"),
    "status": ("进展状态", "单位报送的进展状态"),
    "done": ("是否完成", "该状态是否计为完成：是或否"),
    "note": ("进展情况", "单位填写的进展情况，按原文发布"),
    "reason": ("调整原因", "任务调整时写明的原因"),
    "evidence": ("佐证链接", "单位提供的佐证材料地址，多个以分号分隔"),
    "url": ("网址", "该项任务在本站的页面"),
}


def task_progress(site: Site, task: TaskPage) -> dict[str, Any] | None:
    """A task's progress for its JSON (schema tasks[].progress), or None without any."""
    tracking = site.tracking
    if tracking is None or not tracking.active:
        return None
    status = tracking.of(task)
    latest = status.latest
    return {
        "status": latest.status if latest else None,
        "date": latest.date if latest else None,
        "done": tracking.status_of(task).done,
        "deadline_date": status.deadline or None,
        "overdue": status.overdue,
        "history": [
            {
                "date": entry.date,
                "status": entry.status,
                "note": entry.note,
                "reason": entry.reason,
                "evidence": list(entry.evidence),
            }
            for entry in status.history
        ],
    }


def add_progress(documents: list[dict[str, Any]], site: Site) -> None:
    """Add each published task's progress to the documents' JSON, in place."""
    if site.tracking is None or not site.tracking.active:
        return
    pages = {page.document.id: page for page in site.documents}
    for data in documents:
        page = pages.get(str(data.get("id")))
        if page is None:
            continue
        by_id = {task.task.id: task for task in page.tasks}
        for task_data in data.get("tasks", []):
            task = by_id.get(str(task_data.get("id")))
            if task is not None:
                task_data["progress"] = task_progress(site, task)


def progress_records(site: Site, site_url: str = "") -> list[dict[str, Any]]:
    """Every published progress entry, one record each, in task then date order."""
    tracking = site.tracking
    if tracking is None:
        return []
    records = []
    for task, status in tracking.by_task.items():
        for entry in status.history:
            found = tracking.round_of(entry)
            records.append(
                {
                    "document_id": entry.document,
                    "task_id": task.task.id,
                    "number": task.task.number,
                    "date": entry.date,
                    "round": found.title if found else "",
                    "status": entry.status,
                    "done": tracking.status(entry.status).done,
                    "note": entry.note,
                    "reason": entry.reason,
                    "evidence": list(entry.evidence),
                    "url": _link(dest_uri(task.path), "", site_url),
                }
            )
    return records


def progress_csv(records: list[dict[str, Any]], cell: Any) -> bytes:
    """The progress records as CSV, UTF-8 with a BOM; cell() guards against formulas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([PROGRESS_HEADERS[column][0] for column in PROGRESS_COLUMNS])
    for record in records:
        values = [
            "；".join(record[c]) if isinstance(record[c], list) else record[c]
            for c in PROGRESS_COLUMNS
        ]
        writer.writerow([cell("是" if v is True else "否" if v is False else v) for v in values])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def changes_feed(
    site: Site, changes: list[Change], here: str, title: str, site_url: str = ""
) -> bytes:
    """An RSS 2.0 feed of status changes, newest first; absolute links under site_url.

    Without site_url the links are relative to the feed's folder.
    """
    tracking = site.tracking
    assert tracking is not None
    rss = ElementTree.Element("rss", version="2.0")
    channel = ElementTree.SubElement(rss, "channel")
    folder = posixpath.dirname(here)
    for tag, text in (
        ("title", remove_unsafe(f"{title} — {SITE_NAME}")),
        ("link", _link("progress/", folder, site_url)),
        ("description", "任务进展状态变化（由责任单位填报）"),
        ("language", "zh-cn"),
    ):
        ElementTree.SubElement(channel, tag).text = text
    for change in changes[:100]:
        entry, task = change.entry, change.task
        item = ElementTree.SubElement(channel, "item")
        before = f"{change.previous.status} → " if change.previous else "首次报送："
        name = f"{task.document.government.name} 第 {task.task.number} 项 {task.title}"
        ElementTree.SubElement(item, "title").text = remove_unsafe(
            f"{name}：{before}{entry.status}"
        )
        ElementTree.SubElement(item, "link").text = _link(dest_uri(task.path), folder, site_url)
        ElementTree.SubElement(
            item, "guid", isPermaLink="false"
        ).text = f"{task.task.id}@{entry.date}"
        ElementTree.SubElement(item, "description").text = remove_unsafe(entry.note)
        when = datetime.strptime(entry.date, "%Y-%m-%d").replace(tzinfo=UTC)
        ElementTree.SubElement(item, "pubDate").text = format_datetime(when)
    ElementTree.indent(rss)
    body: bytes = ElementTree.tostring(rss, encoding="utf-8", xml_declaration=True)
    return body + b"\n"


def _link(address: str, folder: str, site_url: str) -> str:
    """A site address (progress/) as a feed link: absolute under site_url, else relative."""
    if site_url:
        return site_url + address
    return posixpath.relpath(address, folder or ".") + "/"


def progress_files(site: Site, cell: Any, site_url: str = "") -> dict[str, str | bytes]:
    """Return the progress data files and feeds; none when no progress is published."""
    tracking = site.tracking
    if tracking is None or not tracking.active:
        return {}
    records = progress_records(site, site_url)
    files: dict[str, str | bytes] = {
        "data/progress.json": json.dumps(records, ensure_ascii=False, indent=2) + "\n",
        "data/progress.csv": progress_csv(records, cell),
        "progress/feed.xml": changes_feed(
            site, tracking.changes, "progress/feed.xml", "任务进展", site_url
        ),
    }
    by_task: dict[TaskPage, list[Change]] = {}
    position: dict[int, int] = {}
    for index, change in enumerate(tracking.changes):
        by_task.setdefault(change.task, []).append(change)
        position[id(change)] = index
    for unit in site.units:
        # Each unit's changes in the site-wide order (newest first), found per task, not by scan.
        changes = sorted(
            (change for task, _ in unit.tasks for change in by_task.get(task, [])),
            key=lambda change: position[id(change)],
        )
        # Written even before the unit's first report: its page offers the feed to subscribe
        # to, and a subscriber should get the first change when it comes, not a missing file.
        here = f"progress/units/{unit.government.slug}/{unit.slug}.xml"
        files[here] = changes_feed(
            site, changes, here, f"{unit.name}（{unit.government.name}）任务进展", site_url
        )
    return files
