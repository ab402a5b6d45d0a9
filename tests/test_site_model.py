"""The Site gathered from the seeds: identities per government, cross-links and pinyin order."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.config import Config
from generator.model import LEAD
from generator.read.parse import content_documents, parse_paths
from generator.site.gather import Site, build_site, pinyin_key
from generator.site.render import letter_groups
from tests.conftest import CONTENT


@pytest.fixture(scope="module")
def site(config: Config) -> Site:
    documents, errors = parse_paths(content_documents(CONTENT), config)
    assert not errors
    return build_site(documents, config)


def test_units_are_one_page_per_government(site: Site) -> None:
    fagai = [u for u in site.units if u.key == "发展和改革局"]
    governments = [u.government.name for u in fagai]
    assert len(governments) == len(set(governments)) >= 4
    jiyang = next(u for u in fagai if u.government.name == "济南市济阳区")
    assert jiyang.name == "区发展和改革局"
    assert "发改局" in jiyang.aliases
    assert jiyang.path == "units/jinan-jiyang/fa-zhan-he-gai-ge-ju.md"


def test_every_task_link_has_its_back_link(site: Site) -> None:
    for task in site.tasks:
        for unit, role in task.units:
            assert (task, role) in unit.tasks
        for leader in task.leaders:
            assert task in leader.tasks
    assert sum(len(u.tasks) for u in site.units) == sum(len(t.units) for t in site.tasks)


def test_lead_and_support_are_counted_apart(site: Site) -> None:
    west_coast = [u for u in site.units if u.government.name == "青岛西海岸新区"]
    assert any(u.count(LEAD) and u.count("support") for u in west_coast)


def test_indexes_are_in_pinyin_order(site: Site) -> None:
    names = [u.sort_name for u in site.units]
    assert names == sorted(names, key=pinyin_key)
    leaders = [le.name for le in site.leaders]
    assert leaders == sorted(leaders, key=lambda name: pinyin_key(name, person=True))


def test_units_are_filed_without_their_government_prefix(site: Site) -> None:
    groups = dict(letter_groups(site.units, "sort_name"))
    assert "区发改局" in {u.name for u in groups["F"]}
    assert len(groups["Q"]) < len(site.units) / 5


def test_gdp_target_is_compared_across_every_document(site: Site) -> None:
    gdp = site.indicator("地区生产总值")
    regions = {row.document.government.name for row in gdp.rows}
    assert len(regions) == len(site.documents) == 5
    laishan = [r for r in gdp.rows if r.document.government.name == "烟台市莱山区"]
    assert (laishan[0].indicator.value, laishan[0].indicator.qualifier) == (5.5, "以上")


def test_tasks_have_previous_and_next_within_their_document(site: Site) -> None:
    for document in site.documents:
        tasks = document.tasks
        if not tasks:
            continue
        assert tasks[0].previous is None and tasks[-1].next is None
        for before, after in itertools.pairwise(tasks):
            assert before.next is after and after.previous is before


def test_a_document_marked_not_public_is_left_out(
    write_files: Callable[[dict[str, str | bytes]], Path], config: Config
) -> None:
    root = write_files(
        {
            "documents/a.txt": "1. 加快建设产业园。（责任单位：区秘密局）\n",
            "documents/a.yml": "public: false\nregion: 某某市某某区\n",
            "documents/b.txt": "1. 推进道路建设。（责任单位：区交通局）\n",
        }
    )
    documents, _ = parse_paths(content_documents(root), config)
    site = build_site(documents, config)
    assert [d.document.source.endswith("b.txt") for d in site.documents] == [True]
    assert all(u.name != "区秘密局" for u in site.units)
    assert len(site.hidden) == 1
