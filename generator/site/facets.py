"""What the search index knows of each entity page besides its text: regions, years, other names.

The search page filters results by 类型, 地区 and 年份 (publish/search.py writes them as Pagefind
filters), and an entity's other names (a unit's 发改局, an indicator's GDP) are indexed with its
title's weight, so the page ranks first for any name the site knows it by. Computed from the
gathered Site, never from the rendered text, so a page and its index record always agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import LEAD, SUPPORT
from generator.site.gather import DocumentPage, IndicatorPage, LeaderPage, TaskPage, UnitPage

Entity = DocumentPage | TaskPage | UnitPage | LeaderPage | IndicatorPage


@dataclass(frozen=True)
class Facets:
    """The search filters and other names of one page."""

    regions: tuple[str, ...] = ()
    years: tuple[str, ...] = ()
    # Other names, indexed with the title's weight: 发改局 for 区发展和改革局.
    names: tuple[str, ...] = ()
    # The line a search result shows under the title, when the page's text has none.
    summary: str = ""


def _years(documents: list[DocumentPage]) -> tuple[str, ...]:
    """The distinct years of some documents, oldest first, as filter values."""
    return tuple(str(y) for y in sorted({d.document.year for d in documents if d.document.year}))


def unit_summary(unit: UnitPage) -> str:
    """Summarise a unit for a search result: its tasks by role and its other names."""
    counts = [(word, unit.count(role)) for word, role in (("牵头", LEAD), ("配合", SUPPORT))]
    summary = "、".join(f"{word} {n} 项" for word, n in counts if n) + "任务"
    if unit.aliases:
        summary += "；又称：" + "、".join(unit.aliases[:SHOWN_ALIASES])
    return summary


SHOWN_ALIASES = 6


def search_facets(entity: Entity) -> Facets:
    """Return the regions, years and other names the search index gives an entity's page."""
    if isinstance(entity, DocumentPage):
        # Its 文号 (烟莱政办发〔2023〕2号) is what a document is cited by.
        number = (entity.document.doc_number,) if entity.document.doc_number else ()
        return Facets((entity.government.name,), _years([entity]), number)
    if isinstance(entity, TaskPage):
        return Facets((entity.document.government.name,), _years([entity.document]))
    if isinstance(entity, UnitPage):
        documents = list({task.document: None for task, _ in entity.tasks})
        return Facets(
            (entity.government.name,),
            _years(documents),
            tuple(entity.aliases),
            unit_summary(entity),
        )
    if isinstance(entity, LeaderPage):
        # A leader's roles are the labels documents give them (牵头领导), not other names.
        documents = list({task.document: None for task in entity.tasks})
        return Facets((entity.government.name,), _years(documents))
    regions = sorted({row.document.government.name for row in entity.rows})
    return Facets(
        tuple(regions),
        tuple(str(year) for year in sorted(entity.years)),
        tuple(name for name in entity.keywords.split(" ") if name),
    )
