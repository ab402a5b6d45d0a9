"""Gather the public documents into one cross-linked Site: tasks, units, leaders, indicators.

Everything is computed here, before anything is rendered; templates only read a Site.
Identity of units and leaders is per government (the document's region): 区发改局 of 莱山 and
区发改局 of 泰山 are two pages.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar

from generator.config import Config
from generator.model import LEAD, SUPPORT, TARGET, Document, Indicator, Section, Task
from generator.read.normalize import GOV_PREFIX, unit_key
from generator.site.peers import link_peers
from generator.site.slugs import pinyin_words, slugify, unique_slugs

if TYPE_CHECKING:
    from generator.site.tracking import Tracking

T = TypeVar("T")
UNKNOWN_GOVERNMENT = "未识别地区"
SHORT_TITLE = 36
# A unit page lists its most frequent partners; more are never shown.
PARTNERS_KEPT = 24


@functools.lru_cache(maxsize=65536)
def pinyin_key(text: str, person: bool = False) -> tuple[str, str]:
    """Sort key that orders Chinese names by pinyin, as readers of an index expect."""
    return (" ".join(pinyin_words(text, person)).lower(), text)


def initial(text: str, person: bool = False) -> str:
    """Return the A–Z letter a name is filed under in an index, or # for anything else."""
    first = pinyin_key(text, person)[0][:1].upper()
    return first if "A" <= first <= "Z" else "#"


def without_prefix(name: str) -> str:
    """A unit's name as filed in an index: 区发改局 under F, not under Q for 区."""
    return name[1:] if name[:1] in GOV_PREFIX and unit_key(name, Config()) != name else name


def short_title(task: Task) -> str:
    """A task's display title: its own title, else the start of its text."""
    first = full_title(task)
    if task.title:
        return first
    return first if len(first) <= SHORT_TITLE else first[:SHORT_TITLE] + "…"


def full_title(task: Task) -> str:
    """A task's heading on its own page: its title, else its first sentence, never cut."""
    if task.title:
        return task.title
    return re.split(r"[。；;]", task.text.rstrip("。；;"), maxsplit=1)[0]


@dataclass(frozen=True)
class Government:
    """A government whose documents are published: 烟台市莱山区."""

    name: str
    slug: str


@dataclass(eq=False)
class TaskPage:
    """One task and everything its page links to."""

    task: Task
    document: DocumentPage
    path: str
    title: str
    previous: TaskPage | None = None
    next: TaskPage | None = None
    units: list[tuple[UnitPage, str]] = field(default_factory=list)
    leaders: list[LeaderPage] = field(default_factory=list)
    # The name each unit has in this task's own text (区黄岛公安分局), shown on the task page.
    written: dict[UnitPage, str] = field(default_factory=dict)
    # The name as the document spelled it where normalising changed it (统计局 for 区统计局).
    as_written: dict[UnitPage, str] = field(default_factory=dict)

    @property
    def heading(self) -> str:
        """The task's own page heading: the full title or first sentence."""
        return full_title(self.task)

    @property
    def deadline(self) -> str:
        """The deadline the document gives (完成时限), or nothing."""
        return self.task.deadline

    @property
    def lead_units(self) -> list[UnitPage]:
        """Units that lead this task."""
        return [unit for unit, role in self.units if role == LEAD]

    @property
    def support_units(self) -> list[UnitPage]:
        """Units that support this task."""
        return [unit for unit, role in self.units if role == SUPPORT]


@dataclass(eq=False)
class SectionNode:
    """A heading of a document with its tasks and sub-headings."""

    section: Section | None
    tasks: list[TaskPage] = field(default_factory=list)
    children: list[SectionNode] = field(default_factory=list)

    @property
    def has_tasks(self) -> bool:
        """Whether any task sits under this heading, directly or deeper."""
        return bool(self.tasks) or any(child.has_tasks for child in self.children)


@dataclass(eq=False)
class DocumentPage:
    """A published document: metadata, section tree, tasks and original text."""

    document: Document
    government: Government
    path: str
    source_path: str
    # The original file's address when it may be downloaded whole (publish/originals.py).
    original: str = ""
    tasks: list[TaskPage] = field(default_factory=list)
    tree: SectionNode = field(default_factory=lambda: SectionNode(None))
    units: list[UnitPage] = field(default_factory=list)
    leaders: list[LeaderPage] = field(default_factory=list)

    @property
    def has_support_roles(self) -> bool:
        """Whether the document tells lead units from supporting ones at all."""
        return any(role == SUPPORT for task in self.tasks for _, role in task.units)


@dataclass(eq=False)
class UnitPage:
    """A responsible unit of one government with every task it leads or supports."""

    government: Government
    key: str
    slug: str
    path: str
    name: str = ""
    aliases: list[str] = field(default_factory=list)
    collective: bool = False
    tasks: list[tuple[TaskPage, str]] = field(default_factory=list)
    partners: list[tuple[UnitPage, int]] = field(default_factory=list)
    leaders: list[tuple[LeaderPage, int]] = field(default_factory=list)
    # The same kind of unit in other governments (site/peers.py), by government name.
    peers: list[UnitPage] = field(default_factory=list)
    # How many units of its kind other governments have (peers lists the nearest few), and
    # the kind's name (发展和改革局), which the page's link to search them all asks for.
    peer_count: int = 0
    peer_kind: str = ""
    _counts: Counter[str] | None = field(default=None, repr=False)

    @property
    def sort_name(self) -> str:
        """The name the unit is filed under in indexes (government prefix dropped)."""
        return without_prefix(self.name)

    def count(self, role: str) -> int:
        """How many tasks the unit has in this role (counted once, after gathering)."""
        if self._counts is None:
            self._counts = Counter(r for _, r in self.tasks)
        return self._counts[role]

    def led_tasks(self, limit: int) -> list[TaskPage]:
        """The first tasks this unit leads, at most limit of them."""
        led: list[TaskPage] = []
        for task, role in self.tasks:
            if role == LEAD:
                led.append(task)
                if len(led) == limit:
                    break
        return led


@dataclass(eq=False)
class LeaderPage:
    """A leader of one government with every task they are named on."""

    government: Government
    name: str
    slug: str
    path: str
    roles: list[str] = field(default_factory=list)
    tasks: list[TaskPage] = field(default_factory=list)
    units: list[tuple[UnitPage, int]] = field(default_factory=list)


@dataclass(frozen=True)
class IndicatorRow:
    """One target or result for an indicator: which document, which task, what value."""

    indicator: Indicator
    document: DocumentPage
    task: TaskPage | None

    @property
    def level(self) -> str:
        """省级, 市级 or 县级: the level of the government that states it."""
        return government_level(self.document.government.name)


@dataclass(frozen=True)
class TargetCheck:
    """A year's target set against the result a later report gives for the same year."""

    government: Government
    year: int
    target: IndicatorRow
    result: IndicatorRow


@dataclass(frozen=True)
class Series:
    """One government's values of an indicator over the years, for its chart."""

    government: Government
    measure: str
    unit: str
    points: tuple[IndicatorRow, ...]


@dataclass(eq=False)
class IndicatorPage:
    """An indicator with its targets and results across documents, governments and years."""

    name: str
    slug: str
    path: str
    rows: list[IndicatorRow] = field(default_factory=list)
    synonyms: list[str] = field(default_factory=list)
    checks: list[TargetCheck] = field(default_factory=list)
    series: list[Series] = field(default_factory=list)
    # The latest year's stated targets with a value, largest first: "who targets ≥ X".
    latest: list[IndicatorRow] = field(default_factory=list)
    latest_year: int | None = None

    @property
    def keywords(self) -> str:
        """What people search this page by: its other names and its targets' values."""
        values = {
            f"{r.indicator.value:g}{r.indicator.unit}"
            for r in self.rows
            if r.indicator.kind == TARGET and r.indicator.value is not None
        }
        return " ".join([*self.synonyms, *sorted(values)])

    @property
    def years(self) -> list[int]:
        """Years with a target or result, newest first."""
        return sorted({r.indicator.year for r in self.rows if r.indicator.year}, reverse=True)

    @property
    def levels(self) -> list[str]:
        """Government levels present, top down."""
        present = {row.level for row in self.rows}
        return [level for level in LEVELS if level in present]


@dataclass(frozen=True)
class YearGroup:
    """One year's documents, by region: what the home page and the document index list."""

    year: int | None
    regions: list[tuple[Government, list[DocumentPage]]]

    @property
    def count(self) -> int:
        """How many documents the year has."""
        return sum(len(pages) for _, pages in self.regions)


def _newest_first(page: DocumentPage) -> tuple[object, ...]:
    """Documents with a later date first; undated ones after, then by title."""
    date = page.document.date
    # Dates are written 2023-02-24 (ISO): inverting the characters' codes sorts them newest first.
    return (
        not date,
        tuple(-ord(c) for c in date),
        pinyin_key(page.document.title),
        page.document.id,
    )


@dataclass(eq=False)
class Site:
    """Everything the renderer needs, fully cross-linked and sorted."""

    documents: list[DocumentPage]
    governments: list[Government]
    tasks: list[TaskPage]
    units: list[UnitPage]
    leaders: list[LeaderPage]
    indicators: list[IndicatorPage]
    hidden: list[Document]
    # Progress of the tasks, attached after gathering (site.tracking.gather_tracking).
    tracking: Tracking | None = None

    @cached_property
    def by_year(self) -> list[YearGroup]:
        """The documents newest year first, each year's by region, newest document first."""
        years: dict[int | None, dict[Government, list[DocumentPage]]] = {}
        for page in self.documents:
            years.setdefault(page.document.year, {}).setdefault(page.government, []).append(page)
        groups = []
        for year in sorted(years, key=lambda y: (y is None, -(y or 0))):
            regions = sorted(years[year].items(), key=lambda item: pinyin_key(item[0].name))
            groups.append(
                YearGroup(year, [(g, sorted(pages, key=_newest_first)) for g, pages in regions])
            )
        return groups

    def units_of(self, government: Government) -> list[UnitPage]:
        """The units of one government, in pinyin order."""
        return list(self._units_by_government.get(government, ()))

    @cached_property
    def _units_by_government(self) -> dict[Government, list[UnitPage]]:
        # Each units index page asks for every government's units: one pass, not one each.
        found: dict[Government, list[UnitPage]] = {}
        for unit in self.units:
            found.setdefault(unit.government, []).append(unit)
        return found

    @cached_property
    def _indicators_by_name(self) -> dict[str, IndicatorPage]:
        return {page.name: page for page in self.indicators}

    def indicator(self, name: str) -> IndicatorPage:
        """The page of an indicator by its canonical name."""
        return self._indicators_by_name[name]

    def leaders_of(self, government: Government) -> list[LeaderPage]:
        """The leaders of one government, in pinyin order."""
        return list(self._leaders_by_government.get(government, ()))

    @cached_property
    def _leaders_by_government(self) -> dict[Government, list[LeaderPage]]:
        found: dict[Government, list[LeaderPage]] = {}
        for leader in self.leaders:
            found.setdefault(leader.government, []).append(leader)
        return found


def government_slug(name: str) -> str:
    """Slug of a government: the pinyin of its last two administrative names (yantai-laishan)."""
    parts = re.findall(r"[\u4e00-\u9fff]+?(?:新区|省|市|区|县|旗)|[\u4e00-\u9fff]+$", name)
    names = [re.sub(r"(?:新区|省|市|区|县|旗)$", "", part) or part for part in parts]
    words = [slugify(n).replace("-", "") for n in names[-2:]] if names else [slugify(name)]
    return "-".join(words)


def build_site(documents: list[Document], config: Config) -> Site:
    """Gather the public documents into a Site; documents marked not public are left out."""
    public = [d for d in documents if d.public]
    hidden = [d for d in documents if not d.public]
    governments = _governments(public)
    pages = [_document_page(d, governments[_government_name(d)]) for d in public]
    pages.sort(
        key=lambda p: (pinyin_key(p.government.name), -(p.document.year or 0), p.document.id)
    )
    tasks = [task for page in pages for task in page.tasks]
    units = _units(pages, config)
    leaders = _leaders(pages)
    _cross_link(pages, units, leaders)
    link_peers(units.values(), config)
    return Site(
        documents=pages,
        governments=sorted(governments.values(), key=lambda g: pinyin_key(g.name)),
        tasks=tasks,
        units=sorted(units.values(), key=lambda u: (pinyin_key(u.sort_name), u.government.slug)),
        leaders=sorted(
            leaders.values(), key=lambda le: (pinyin_key(le.name, True), le.government.slug)
        ),
        indicators=_indicators(pages, config),
        hidden=hidden,
    )


def _government_name(document: Document) -> str:
    return document.region or UNKNOWN_GOVERNMENT


def _governments(documents: list[Document]) -> dict[str, Government]:
    names = sorted({_government_name(d) for d in documents})
    # Governments whose names sound alike (莱山/赖山) all get a hash suffix: one folder each,
    # and no address depends on which document came first.
    slugs = unique_slugs(names, make=government_slug)
    return {name: Government(name, slugs[name]) for name in names}


def _document_page(document: Document, government: Government) -> DocumentPage:
    base = f"documents/{document.id}"
    page = DocumentPage(document, government, f"{base}/index.md", f"{base}/source.md")
    prefix = document.id + "-"
    task_slugs = {
        task.id: slugify(task.id[len(prefix) :] if task.id.startswith(prefix) else task.id)
        for task in document.tasks
    }
    if len(set(task_slugs.values())) < len(task_slugs):
        task_slugs = unique_slugs([task.id for task in document.tasks])
    for task in document.tasks:
        path = f"{base}/tasks/{task_slugs[task.id]}.md"
        page.tasks.append(TaskPage(task, page, path, short_title(task)))
    for before, after in zip(page.tasks, page.tasks[1:], strict=False):
        before.next = after
        after.previous = before
    page.tree = _tree(document, page.tasks)
    return page


def _tree(document: Document, tasks: list[TaskPage]) -> SectionNode:
    """Nest sections by their paths and hang each task under the section it sits in."""
    root = SectionNode(None)
    nodes: dict[tuple[str, ...], SectionNode] = {(): root}
    for section in document.sections:
        node = SectionNode(section)
        parent = root
        for depth in range(len(section.path) - 1, 0, -1):
            if section.path[:depth] in nodes:
                parent = nodes[section.path[:depth]]
                break
        parent.children.append(node)
        nodes.setdefault(section.path, node)
    for task in tasks:
        path = task.task.section
        while path not in nodes:
            path = path[:-1]
        nodes[path].tasks.append(task)
    return root


def _units(pages: list[DocumentPage], config: Config) -> dict[tuple[str, str], UnitPage]:
    names: dict[tuple[str, str], Counter[str]] = {}
    collective: dict[tuple[str, str], bool] = {}
    for page in pages:
        for task in page.tasks:
            for ref in task.task.units:
                identity = (page.government.name, ref.key or ref.name)
                names.setdefault(identity, Counter())[ref.name] += 1
                collective[identity] = collective.get(identity, False) or ref.collective
    groups: dict[str, list[str]] = {}
    for alias, canonical in config.aliases.items():
        groups.setdefault(canonical, []).append(alias)
    by_government: dict[str, list[str]] = {}
    for government_name, identity_key in names:
        by_government.setdefault(government_name, []).append(identity_key)
    slugs = {g: unique_slugs(keys) for g, keys in by_government.items()}
    governments = {page.government.name: page.government for page in pages}
    units: dict[tuple[str, str], UnitPage] = {}
    for (government_name, key), counter in names.items():
        government = governments[government_name]
        slug = slugs[government_name][key]
        # The display name is the one documents use most; ties go to pinyin order.
        ranked = sorted(counter.items(), key=lambda item: (-item[1], pinyin_key(item[0])))
        name = ranked[0][0]
        aliases = {n for n, _ in ranked[1:]} | set(groups.get(key, [])) | {key}
        aliases.discard(name)
        units[(government_name, key)] = UnitPage(
            government=government,
            key=key,
            slug=slug,
            path=f"units/{government.slug}/{slug}.md",
            name=name,
            aliases=sorted(aliases, key=pinyin_key),
            collective=collective[(government_name, key)],
        )
    return units


def _leaders(pages: list[DocumentPage]) -> dict[tuple[str, str], LeaderPage]:
    roles: dict[tuple[str, str], set[str]] = {}
    for page in pages:
        for task in page.tasks:
            for leader_ref in task.task.leaders:
                identity = (page.government.name, leader_ref.name)
                roles.setdefault(identity, set()).add(leader_ref.role)
    governments = {page.government.name: page.government for page in pages}
    by_government: dict[str, list[str]] = {}
    for government_name, leader_name in roles:
        by_government.setdefault(government_name, []).append(leader_name)
    slugs = {g: unique_slugs(names, person=True) for g, names in by_government.items()}
    leaders = {}
    for (government_name, name), labels in roles.items():
        government = governments[government_name]
        slug = slugs[government_name][name]
        leaders[(government_name, name)] = LeaderPage(
            government=government,
            name=name,
            slug=slug,
            path=f"leaders/{government.slug}/{slug}.md",
            roles=sorted(labels, key=pinyin_key),
        )
    return leaders


def _cross_link(
    pages: list[DocumentPage],
    units: dict[tuple[str, str], UnitPage],
    leaders: dict[tuple[str, str], LeaderPage],
) -> None:
    """Fill every back-reference: tasks ↔ units ↔ leaders, partners, counts."""
    members: dict[TaskPage, dict[UnitPage, str]] = {}
    unit_leaders: dict[UnitPage, Counter[LeaderPage]] = {u: Counter() for u in units.values()}
    leader_units: dict[LeaderPage, Counter[UnitPage]] = {le: Counter() for le in leaders.values()}
    for page in pages:
        government = page.government.name
        for task in page.tasks:
            roles: dict[UnitPage, str] = {}
            for ref in task.task.units:
                unit = units[(government, ref.key or ref.name)]
                task.written.setdefault(unit, ref.name)
                if ref.written and unit not in task.as_written:
                    task.as_written[unit] = ref.written
                # A unit named twice keeps its strongest role: lead over support.
                if roles.get(unit) != LEAD:
                    roles[unit] = ref.role
            task.units = list(roles.items())
            members[task] = roles
            task.leaders = []
            for leader_ref in task.task.leaders:
                leader = leaders[(government, leader_ref.name)]
                if leader not in task.leaders:
                    task.leaders.append(leader)
            for unit, role in task.units:
                unit.tasks.append((task, role))
                unit_leaders[unit].update(task.leaders)
            for leader in task.leaders:
                leader.tasks.append(task)
                leader_units[leader].update(list(roles))
        page.units = sorted(
            {unit for task in page.tasks for unit, _ in task.units},
            key=lambda u: pinyin_key(u.name),
        )
        page.leaders = sorted(
            {leader for task in page.tasks for leader in task.leaders},
            key=lambda le: pinyin_key(le.name),
        )
    # Each name's pinyin place is computed once: one task naming 3,000 units gives each of
    # them 2,999 partners to rank, and sorting them by pinyin each time took minutes.
    unit_order = _order(units.values(), lambda u: (pinyin_key(u.name), u.government.slug, u.slug))
    leader_order = _order(
        leaders.values(), lambda le: (pinyin_key(le.name), le.government.slug, le.slug)
    )
    # A task naming many units (a collective assignment to every office) gives each of them
    # only its first units in pinyin order as partners: every unit counting every other one
    # is the square of the task's size (3,000 units, 9 million pairs).
    named: dict[TaskPage, list[UnitPage]] = {
        task: sorted(roles, key=unit_order.__getitem__)[: PARTNERS_KEPT + 1]
        for task, roles in members.items()
    }
    for unit in units.values():
        # Counted unit by unit and cut to what pages show.
        partners: Counter[UnitPage] = Counter()
        for task, _ in unit.tasks:
            partners.update(named[task])
        partners.pop(unit, None)
        unit.partners = _ranked(partners, unit_order, PARTNERS_KEPT)
        unit.leaders = _ranked(unit_leaders[unit], leader_order)
    for leader in leaders.values():
        leader.units = _ranked(leader_units[leader], unit_order)


def _order(items: Iterable[T], key: Callable[[T], tuple[object, ...]]) -> dict[T, int]:
    """Each item's place in pinyin order, to sort by later without recomputing pinyin."""
    return {item: place for place, item in enumerate(sorted(items, key=key))}


def _ranked(
    counter: Counter[T], order: dict[T, int], limit: int | None = None
) -> list[tuple[T, int]]:
    """Most frequent first; ties in pinyin order so output never depends on dict order."""
    # Two stable sorts with C-level keys: by name, then by count (reverse keeps stability).
    by_name = sorted(counter, key=order.__getitem__)
    by_count = sorted(by_name, key=counter.__getitem__, reverse=True)[:limit]
    return [(item, counter[item]) for item in by_count]


def _indicators(pages: list[DocumentPage], config: Config) -> list[IndicatorPage]:
    rows: dict[str, list[IndicatorRow]] = {}
    for page in pages:
        by_id = {task.task.id: task for task in page.tasks}
        seen: set[tuple[object, ...]] = set()
        for indicator in page.document.indicators:
            identity = (
                indicator.name,
                indicator.kind,
                indicator.value,
                indicator.text,
                indicator.task,
            )
            if identity in seen:
                continue
            seen.add(identity)
            row = IndicatorRow(indicator, page, by_id.get(indicator.task))
            rows.setdefault(indicator.name, []).append(row)
    slugs = unique_slugs(list(rows))
    synonyms: dict[str, list[str]] = {}
    for synonym in config.synonyms:
        if synonym.phrase != synonym.name and not synonym.bare:
            synonyms.setdefault(synonym.name, []).append(synonym.phrase)
    result = []
    for name, found in rows.items():
        found.sort(key=_row_order)
        entry = IndicatorPage(name, slugs[name], f"indicators/{slugs[name]}.md", found)
        entry.synonyms = sorted(synonyms.get(name, []), key=lambda s: (len(s), s))
        entry.checks = _checks(found)
        entry.series = _series(found)
        entry.latest_year, entry.latest = _latest(found)
        result.append(entry)
    return sorted(result, key=lambda p: pinyin_key(p.name))


LEVELS = ("省级", "市级", "县级")
MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")


def government_level(name: str) -> str:
    """Tell a government's level from its name: 山东省 省级, 烟台市 市级, 烟台市莱山区 县级."""
    if name.endswith(("省", "自治区")) or name in MUNICIPALITIES:
        return "省级"
    parts = re.findall(r".+?(?:自治州|自治区|新区|省|市|州|盟|区|县|旗)", name)
    last = parts[-1] if parts else name
    if last.endswith(("区", "县", "旗")) or (len(parts) > 1 and last.endswith("市")):
        return "县级"
    return "市级" if last.endswith(("市", "州", "盟")) else ""


def _row_order(row: IndicatorRow) -> tuple[object, ...]:
    """Newest year first, then government by pinyin, targets before results."""
    indicator = row.indicator
    return (
        -(indicator.year or 0),
        pinyin_key(row.document.government.name),
        indicator.kind != TARGET,
        indicator.line,
        indicator.text,
    )


def _checks(rows: list[IndicatorRow]) -> list[TargetCheck]:
    """Pair each government's target for a year with a result reported for that year."""
    targets: dict[tuple[str, int, str, str], IndicatorRow] = {}
    results: dict[tuple[str, int, str, str], IndicatorRow] = {}
    for row in rows:
        i = row.indicator
        if i.year is None or i.value is None:
            continue
        key = (row.document.government.name, i.year, i.measure, i.unit)
        chosen = targets if i.kind == TARGET else results
        chosen.setdefault(key, row)
    checks = [
        TargetCheck(target.document.government, key[1], target, results[key])
        for key, target in targets.items()
        if key in results
    ]
    return sorted(checks, key=lambda c: (-c.year, pinyin_key(c.government.name)))


def _series(rows: list[IndicatorRow]) -> list[Series]:
    """Group the values of each government by measure and unit, oldest year first."""
    groups: dict[tuple[str, str, str], list[IndicatorRow]] = {}
    for row in rows:
        i = row.indicator
        if i.year is None or i.value is None:
            continue
        groups.setdefault((row.document.government.name, i.measure, i.unit), []).append(row)
    series = [
        Series(found[0].document.government, measure, unit, tuple(sorted(found, key=_point_order)))
        for (_, measure, unit), found in groups.items()
    ]
    return sorted(series, key=lambda s: (pinyin_key(s.government.name), s.measure, s.unit))


def _point_order(row: IndicatorRow) -> tuple[object, ...]:
    return (row.indicator.year or 0, row.indicator.kind, row.indicator.line)


def _latest(rows: list[IndicatorRow]) -> tuple[int | None, list[IndicatorRow]]:
    """The newest year's targets with a value, largest first (one per government and measure)."""
    years = [r.indicator.year for r in rows if r.indicator.kind == TARGET and r.indicator.year]
    if not years:
        return None, []
    year = max(years)
    chosen: dict[tuple[str, str, str], IndicatorRow] = {}
    for row in rows:
        i = row.indicator
        if i.kind == TARGET and i.year == year and i.value is not None:
            chosen.setdefault((row.document.government.name, i.measure, i.unit), row)
    ordered = sorted(
        chosen.values(),
        key=lambda r: (r.indicator.measure, r.indicator.unit, -(r.indicator.value or 0)),
    )
    return year, ordered
