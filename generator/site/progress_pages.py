"""Render the progress pages (overview, regions, rounds, updates, deadlines) and stamp pages.

Every page says when its data were last updated; a demonstration build puts a visible
演示数据 banner on every page, so invented progress never passes for official.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment

from generator.site.gather import Site
from generator.site.tracking import DUE_SOON_DAYS, RECENT

DEMO_BANNER = (
    '<div class="demo-banner" role="note" style="border:2px solid #b3261e;color:#b3261e;'
    'padding:.4em .8em;margin:0 0 1em;font-weight:bold">演示数据：本站进展信息为测试用的虚构数据，'
    "不是任何单位的正式报送，不代表官方信息。</div>\n\n"
)


def render_progress_pages(site: Site, env: Environment) -> dict[str, str]:
    """Render the progress pages; none when no progress is published."""
    tracking = site.tracking
    if tracking is None or not tracking.active:
        return {}
    pages: dict[str, str] = {}

    def render(template: str, here: str, **context: Any) -> None:
        pages[here] = env.get_template(template).render(site=site, here=here, **context)

    governments = [
        (government, tracking.government_tasks(site, government)) for government in site.governments
    ]
    governments = [
        (g, tasks) for g, tasks in governments if any(tracking.of(t).history for t in tasks)
    ]
    render("progress.md.j2", "progress/index.md", government=None, governments=governments)
    for government, tasks in governments:
        render(
            "progress.md.j2",
            f"progress/regions/{government.slug}.md",
            government=government,
            tasks=tasks,
        )
    render("progress_updates.md.j2", "progress/updates.md", changes=tracking.changes[:RECENT])
    render(
        "progress_deadlines.md.j2",
        "progress/deadlines.md",
        overdue=[s.task for s in tracking.overdue()],
        due_soon=[s.task for s in tracking.due_soon()],
        soon_days=DUE_SOON_DAYS,
    )
    for found in tracking.rounds:
        render("progress_round.md.j2", found.path, found=found)
    return pages


def page_dates(site: Site) -> dict[str, str]:
    """When each page's data were last updated: its tasks' latest progress, else its document."""
    tracking = site.tracking
    dates: dict[str, str] = {}

    def latest(tasks: list[Any], fallback: str) -> str:
        return tracking.updated_of(tasks, fallback) if tracking else fallback

    for document in site.documents:
        own = document.document.date
        dates[document.path] = max(latest(document.tasks, own), own)
        dates[document.source_path] = own
        for task in document.tasks:
            dates[task.path] = max(latest([task], own), own)
    for unit in site.units:
        tasks = [task for task, _ in unit.tasks]
        own = max((t.document.document.date for t in tasks), default="")
        dates[unit.path] = max(latest(tasks, own), own)
    for leader in site.leaders:
        own = max((t.document.document.date for t in leader.tasks), default="")
        dates[leader.path] = max(latest(leader.tasks, own), own)
    return dates


def site_date(site: Site) -> str:
    """The site's data date: the progress as-of date, else the newest public document's date."""
    documents = max((d.document.date for d in site.documents), default="")
    tracking = site.tracking
    if tracking is not None and tracking.active:
        return max(tracking.as_of, documents)
    return documents


def stamp_pages(pages: dict[str, str], site: Site) -> None:
    """Add the data date to every page, and the 演示数据 banner to every page of a demo."""
    # Imported here: render imports this module to finish its pages.
    from generator.site.render import relative_url

    dates = page_dates(site)
    fallback = site_date(site)
    demo = site.tracking is not None and site.tracking.demo
    active = site.tracking is not None and site.tracking.active
    for path, text in pages.items():
        date = dates.get(path) or fallback
        # Where progress is published, every page leads to it from its date line.
        more = (
            f' · <a href="{relative_url("progress/index.md", path)}">任务进展</a>' if active else ""
        )
        footer = f'\n\n<p class="data-updated">本页数据更新：{date}{more}</p>' if date else ""
        body = text.rstrip("\n") + footer + "\n"
        if demo:
            body = _after_front_matter(body, DEMO_BANNER)
        pages[path] = body


def _after_front_matter(text: str, insert: str) -> str:
    """Insert text after the page's YAML front matter (or at the top when it has none)."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end >= 0:
            cut = end + len("\n---\n")
            return text[:cut] + insert + text[cut:]
    return insert + text
