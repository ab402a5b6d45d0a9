"""Render a Site into Markdown pages with one Jinja environment; returns {path: text}."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from generator.model import LEAD, SUPPORT, Indicator, Task
from generator.read.repair import HORIZONTAL_RULE, strip_markup
from generator.site.catalogue import DataCatalogue, size_text
from generator.site.charts import series_svg, status_bar_svg
from generator.site.escape import html_escape, md_escape, yaml_title
from generator.site.facets import search_facets
from generator.site.gather import (
    DocumentPage,
    LeaderPage,
    Site,
    TaskPage,
    UnitPage,
    initial,
)
from generator.site.parallel import PageJob, render_pages
from generator.site.portal import describe_pages, portal_pages
from generator.site.progress_pages import render_progress_pages, stamp_pages

SITE_NAME = "政府工作报告任务公开"
ROLE_NAMES = {LEAD: "牵头", SUPPORT: "配合"}
MEASURE_NAMES = {"growth": "增长", "level": "数值", "rate": "比率"}
KIND_NAMES = {"target": "目标", "result": "实绩"}
SCALE = (("万亿", 1e12), ("千亿", 1e11), ("亿", 1e8), ("万", 1e4), ("千", 1e3))


def dest_uri(src_path: str) -> str:
    """The URL MkDocs gives a Markdown file with directory URLs: a/b.md → a/b/, a/index.md → a/."""
    stem = src_path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        stem = stem.removesuffix("index")
        return stem
    return stem + "/"


def relative_path(target: str, start: str) -> str:
    """Return posixpath.relpath(target, start) for site paths, without asking for the cwd."""
    # posixpath.relpath makes both paths absolute (a getcwd per call): a third of the render
    # time at a few thousand tasks. Site paths are relative and plain, so comparing their
    # parts gives the same answer; anything else ("..", a leading "/") takes the slow road.
    if not target or target[0] == "/" or start[:1] == "/":
        return posixpath.relpath(target, start or ".")
    target_parts = [part for part in target.split("/") if part and part != "."]
    start_parts = [part for part in start.split("/") if part and part != "."]
    if ".." in target_parts or ".." in start_parts:
        return posixpath.relpath(target, start)
    common = 0
    for mine, theirs in zip(target_parts, start_parts, strict=False):
        if mine != theirs:
            break
        common += 1
    parts = [".."] * (len(start_parts) - common) + target_parts[common:]
    return "/".join(parts) or "."


def relative_md(target: str, here: str) -> str:
    """Link from one Markdown source to another, as MkDocs expects (it rewrites .md links)."""
    return relative_path(target, posixpath.dirname(here) or ".")


def relative_url(target: str, here: str) -> str:
    """Link from one page to another in raw HTML, where MkDocs rewrites nothing."""
    base = dest_uri(here)
    url = relative_path(dest_uri(target) or ".", base or ".")
    return url if url.endswith("/") or "." in posixpath.basename(url) else url + "/"


def marked_text(task: Task) -> str:
    """Task text as Markdown with its indicator phrases wrapped in <mark>."""
    text = task.text
    spans: list[tuple[int, int]] = []
    for indicator in task.indicators:
        start = text.find(indicator.text)
        if start < 0 or any(s < start + len(indicator.text) and start < e for s, e in spans):
            continue
        spans.append((start, start + len(indicator.text)))
    out, position = [], 0
    for start, end in sorted(spans):
        out.append(md_escape(text[position:start]))
        out.append(f'<mark class="indicator">{md_escape(text[start:end])}</mark>')
        position = end
    out.append(md_escape(text[position:]))
    return "".join(out)


def magnitude(indicator: Indicator) -> str:
    """The target as one number for sorting: 10万人 is 100000, above 2500人."""
    if indicator.value is None:
        return ""
    factor = next((f for word, f in SCALE if indicator.unit.startswith(word)), 1.0)
    return f"{indicator.value * factor:g}"


def value_text(value: float | None) -> str:
    """Show 5.5 as 5.5 and 7.0 as 7; nothing for a qualitative target."""
    return "" if value is None else f"{value:g}"


def plain_line(line: str) -> str:
    """A source line as the document reads: Markdown marks (# heading, ---, **bold**) taken off."""
    # The readers take these marks as structure, not text (read/repair.py); shown raw they
    # would look like stray symbols in the original.
    if HORIZONTAL_RULE.match(line):
        return ""
    return strip_markup(line)[0]


def indicator_value(indicator: Indicator) -> str:
    """Show a value as written: 5.5%, a range 4.5%—5%, or nothing for a qualitative target."""
    if indicator.value is None:
        return ""
    if indicator.high is None:
        return f"{indicator.value:g}{indicator.unit}"
    low = f"{indicator.value:g}" + ("%" if indicator.unit == "%" else "")
    return f"{low}—{indicator.high:g}{indicator.unit}"


def _remembered(escape: Callable[[object], str]) -> Callable[[object], str]:
    """Wrap an escaping filter so each distinct string is escaped once per environment."""
    # A task's title is escaped on its own page and again on every list that links to it:
    # about five times over at a few thousand tasks.
    done: dict[str, str] = {}

    def remembered(text: object) -> str:
        if type(text) is not str:
            return escape(text)
        found = done.get(text)
        if found is None:
            found = done[text] = escape(text)
        return found

    return remembered


@dataclass(frozen=True)
class Links:
    """The Markdown links lists are made of: [第 N 项　title](…), [name](…), [title](…)."""

    md: Callable[[object], str]

    def task(self, task: TaskPage, here: str) -> str:
        """Link a task by its number and title."""
        title = f"第 {self.md(task.task.number)} 项　{self.md(task.title)}"
        return f"[{title}]({relative_md(task.path, here)})"

    def unit(self, unit: UnitPage, here: str) -> str:
        """Link a unit by its name."""
        return f"[{self.md(unit.name)}]({relative_md(unit.path, here)})"

    def leader(self, leader: LeaderPage, here: str) -> str:
        """Link a leader by name."""
        return f"[{self.md(leader.name)}]({relative_md(leader.path, here)})"

    def document(self, document: DocumentPage, here: str) -> str:
        """Link a document by its title."""
        return f"[{self.md(document.document.title)}]({relative_md(document.path, here)})"


def make_environment() -> Environment:
    """Build the one Jinja environment: strict undefined, explicit escaping filters."""
    env = Environment(
        loader=PackageLoader("generator.site", "templates"),
        undefined=StrictUndefined,
        autoescape=False,  # Markdown output; untrusted text goes through md/html filters.
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        # A build renders from templates that cannot change under it: no stat per page.
        auto_reload=False,
    )
    md = _remembered(md_escape)
    env.filters.update(
        md=md,
        html=html_escape,
        title=yaml_title,
        rel=relative_md,
        url=relative_url,
        marked=marked_text,
        value=value_text,
        magnitude=magnitude,
        initial=initial,
        indicator_value=indicator_value,
        chart=series_svg,
        status_chart=status_bar_svg,
        plain=plain_line,
        size=size_text,
    )
    env.globals.update(
        LEAD=LEAD,
        SUPPORT=SUPPORT,
        ROLE_NAMES=ROLE_NAMES,
        MEASURE_NAMES=MEASURE_NAMES,
        KIND_NAMES=KIND_NAMES,
        SITE_NAME=SITE_NAME,
        search_facets=search_facets,
        links=Links(md),
    )
    return env


def letter_groups(items: list[Any], name: str, person: bool = False) -> list[tuple[str, list[Any]]]:
    """Group items, already in pinyin order, under their initial letter."""
    groups: dict[str, list[Any]] = {}
    for item in items:
        groups.setdefault(initial(getattr(item, name), person), []).append(item)
    return sorted(groups.items(), key=lambda kv: (kv[0] == "#", kv[0]))


def render_site(
    site: Site, catalogue: DataCatalogue | None = None, parallel_from: int | None = None
) -> dict[str, str]:
    """Render every page of the site; keys are Markdown paths relative to the docs folder.

    catalogue describes the open-data files for the 数据下载 page (publish/data.py);
    parallel_from is the fewest pages worth rendering in worker processes (site/parallel.py).
    """
    env = make_environment()
    jobs: list[PageJob] = []

    def render(template: str, here: str, **context: Any) -> None:
        jobs.append(PageJob(template, here, context))

    render("home.md.j2", "index.md")
    render("documents.md.j2", "documents/index.md")
    render("search.md.j2", "search/index.md")
    render("data.md.j2", "data/index.md", catalogue=catalogue)
    render(
        "units.md.j2",
        "units/index.md",
        units=site.units,
        groups=letter_groups(site.units, "sort_name"),
        government=None,
    )
    render(
        "leaders.md.j2",
        "leaders/index.md",
        groups=letter_groups(site.leaders, "name", person=True),
        government=None,
    )
    render("indicators.md.j2", "indicators/index.md")
    for government in site.governments:
        leaders = site.leaders_of(government)
        if leaders:
            render(
                "leaders.md.j2",
                f"leaders/{government.slug}/index.md",
                groups=letter_groups(leaders, "name", person=True),
                government=government,
            )
        units = site.units_of(government)
        if not units:
            continue
        render(
            "units.md.j2",
            f"units/{government.slug}/index.md",
            units=units,
            groups=letter_groups(units, "sort_name"),
            government=government,
        )
    for document in site.documents:
        render("document.md.j2", document.path, page=document)
        render("source.md.j2", document.source_path, page=document, ranges=_task_ranges(document))
        for task in document.tasks:
            render("task.md.j2", task.path, task=task, others=_other_tasks(task))
    for unit in site.units:
        render("unit.md.j2", unit.path, unit=unit, grouped=_by_document(unit))
    for leader in site.leaders:
        render("leader.md.j2", leader.path, leader=leader, grouped=_leader_by_document(leader))
    for indicator in site.indicators:
        render("indicator.md.j2", indicator.path, indicator=indicator)
    pages = render_pages(env, jobs, parallel_from, site=site)
    pages.update(render_progress_pages(site, env))
    stamp_pages(pages, site)
    pages.update(portal_pages())
    describe_pages(pages, site)
    return pages


def _task_ranges(document: DocumentPage) -> dict[int, TaskPage]:
    """Map each source line to the task it belongs to, for highlighting on the original text."""
    lines: dict[int, TaskPage] = {}
    for task in document.tasks:
        for line in range(task.task.line, max(task.task.end_line, task.task.line) + 1):
            lines.setdefault(line, task)
    return lines


def _other_tasks(task: TaskPage, limit: int = 10) -> list[tuple[UnitPage, list[TaskPage]]]:
    """Other tasks led by this task's lead units, in document order."""
    result = []
    for unit in task.lead_units:
        # Only the first limit + 1 lead tasks are looked at: a unit may lead thousands.
        others = [t for t in unit.led_tasks(limit + 1) if t is not task][:limit]
        if others:
            result.append((unit, others))
    return result


SectionGroup = tuple[tuple[str, ...], list[tuple[TaskPage, str]]]


def _by_document(unit: UnitPage) -> list[tuple[DocumentPage, list[SectionGroup]]]:
    """A unit's tasks grouped by document, then by section, in document order."""
    grouped: dict[DocumentPage, dict[tuple[str, ...], list[tuple[TaskPage, str]]]] = {}
    for task, role in unit.tasks:
        sections = grouped.setdefault(task.document, {})
        sections.setdefault(task.task.section, []).append((task, role))
    return [(doc, list(sections.items())) for doc, sections in grouped.items()]


def _leader_by_document(leader: LeaderPage) -> list[tuple[DocumentPage, list[TaskPage]]]:
    """A leader's tasks grouped by document."""
    grouped: dict[DocumentPage, list[TaskPage]] = {}
    for task in leader.tasks:
        grouped.setdefault(task.document, []).append(task)
    return list(grouped.items())
