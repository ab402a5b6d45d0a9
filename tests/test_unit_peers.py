"""Each unit page links to the same kind of unit in the other governments, and only there."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import pytest

from generator.config import Config
from generator.read.parse import content_documents, parse_paths
from generator.site.facets import search_facets
from generator.site.gather import Site, UnitPage, build_site
from generator.site.peers import PEERS_SHOWN, unit_kind
from generator.site.render import relative_md, render_site

PEERS_HEADING = "## 其他地区的同类单位"


def tasks(*units: str) -> str:
    """A numbered list with one task per unit, each led by it."""
    return "".join(
        f"{number}、推进第{number}项重点工作。（责任单位：{unit}）\n"
        for number, unit in enumerate(units, start=1)
    )


@pytest.fixture
def site(write_files: Callable[[dict[str, str | bytes]], Path], config: Config) -> Site:
    """Three governments naming their bureaus in three ways; the third one's file is private."""
    root = write_files(
        {
            "documents/north.txt": tasks("区发改局", "区财政局", "区北坡特色产业办"),
            "documents/north.yml": (
                "region: 某甲市北坡区\nyear: 2023\ndoc_number: 某北政发〔2023〕1号\n"
            ),
            # Its own place name before its bureaus, and another name of the same bureau.
            "documents/south.txt": tasks("南湾县发展和改革委员会", "南湾县财政局", "各镇街"),
            "documents/south.yml": "region: 某乙市南湾县\nyear: 2024\n",
            "documents/hidden.txt": tasks("区发改局", "区财政局"),
            "documents/hidden.yml": "region: 某丙市西岭区\nyear: 2024\npublic: false\n",
        }
    )
    documents, _ = parse_paths(content_documents(root), config)
    return build_site(documents, config)


def unit(site: Site, government: str, name: str) -> UnitPage:
    """The page of the unit with this name in the government of that name."""
    return next(u for u in site.units if u.government.name == government and u.name == name)


def peers_section(page: str) -> str:
    """The text of a unit page's peers section, or nothing when it has none."""
    if PEERS_HEADING not in page:
        return ""
    return page.split(PEERS_HEADING, 1)[1].split("\n## ", 1)[0]


def test_the_same_bureau_of_two_governments_is_linked_both_ways(site: Site) -> None:
    pages = render_site(site)
    north = unit(site, "某甲市北坡区", "区发改局")
    south = unit(site, "某乙市南湾县", "南湾县发展和改革委员会")
    assert north.peers == [south] and south.peers == [north]
    north_section = peers_section(pages[north.path])
    assert "南湾县发展和改革委员会" in north_section and "某乙市南湾县" in north_section
    assert "区发改局" in peers_section(pages[south.path])
    # The link leads to the other government's page.
    assert f"]({relative_md(south.path, north.path)})" in north_section
    assert unit(site, "某乙市南湾县", "南湾县财政局").peers == [
        unit(site, "某甲市北坡区", "区财政局")
    ]


def test_a_unit_no_other_government_has_shows_no_section(site: Site) -> None:
    pages = render_site(site)
    own = unit(site, "某甲市北坡区", "区北坡特色产业办")
    collective = unit(site, "某乙市南湾县", "各镇街")
    assert own.peers == [] and collective.peers == []
    assert PEERS_HEADING not in pages[own.path]
    assert PEERS_HEADING not in pages[collective.path]


def test_no_link_leads_to_a_unit_of_a_private_document(site: Site) -> None:
    pages = render_site(site)
    assert all(u.government.name != "某丙市西岭区" for u in site.units)
    assert not any("某丙市西岭区" in text for text in pages.values())


def test_kind_ignores_the_place_and_level_and_applies_aliases(config: Config) -> None:
    bureau = unit_kind("区发改局", "某甲市北坡区", config)
    assert bureau == unit_kind("南湾县发展和改革委员会", "某乙市南湾县", config)
    assert bureau == unit_kind("某乙市南湾县发改局", "某乙市南湾县", config)
    # Another government's place name is part of the name, not this unit's place.
    assert unit_kind("北坡区发改局", "某乙市南湾县", config) != bureau
    # A unit named after a place inside the government keeps its name.
    assert unit_kind("区北坡特色产业办", "某甲市北坡区", config) == "北坡特色产业办"


def test_a_unit_is_found_by_its_other_names_and_filtered_by_region_and_year(site: Site) -> None:
    facets = search_facets(unit(site, "某甲市北坡区", "区发改局"))
    assert "发展和改革局" in facets.names and "发改委" in facets.names
    assert facets.regions == ("某甲市北坡区",) and facets.years == ("2023",)
    assert "又称" in facets.summary
    # A document is also found by the number it is cited by.
    document = next(d for d in site.documents if d.government.name == "某甲市北坡区")
    assert search_facets(document).names == ("某北政发〔2023〕1号",)


def test_a_common_kind_lists_the_nearest_few_and_links_to_search_them_all(
    write_files: Callable[[dict[str, str | bytes]], Path], config: Config
) -> None:
    # Fourteen governments with a finance bureau; two of them districts of one city.
    places = [f"某{chr(0x7532 + n)}县" for n in range(12)] + ["某乙市东城区", "某乙市西城区"]
    files: dict[str, str | bytes] = {}
    for number, place in enumerate(places):
        files[f"documents/d{number}.txt"] = tasks(f"{place[-3:]}财政局")
        files[f"documents/d{number}.yml"] = f"region: {place}\nyear: 2024\n"
    documents, _ = parse_paths(content_documents(write_files(files)), config)
    site = build_site(documents, config)
    pages = render_site(site)
    east = unit(site, "某乙市东城区", "东城区财政局")
    # Every page stays the same size however many governments there are.
    assert len(east.peers) == PEERS_SHOWN and east.peer_count == len(places) - 1
    # The other district of its own city comes first among the shown, by closeness.
    assert unit(site, "某乙市西城区", "西城区财政局") in east.peers
    section = peers_section(pages[east.path])
    assert section.count("\n- ") == PEERS_SHOWN
    link = f"({relative_md('search/index.md', east.path)}?q={quote(east.peer_kind)}&kind="
    assert f"共有 {len(places) - 1} 个其他地区的同类单位" in section and link in section
    assert east.peer_kind == "财政局"
