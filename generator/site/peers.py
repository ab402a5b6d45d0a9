"""Link each unit to the same kind of unit in other governments: 区发改局 ↔ 区发展和改革局.

Units are one page per government (site/gather.py). The kind of a unit is its name with its own
government's place names and its level prefix taken off, then the staff alias table applied
(content/units.yml): 莱山区发改局, 区发改局 and 发展和改革局 are all 发展和改革局. Collectives
(各镇街) stand for no one body and have no peers.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from generator.config import Config
from generator.read.normalize import unit_key

if TYPE_CHECKING:
    from generator.site.gather import UnitPage

# One administrative name with its level word: 烟台市, 莱山区, 青岛西海岸新区, 延边朝鲜族自治州.
PLACE_PART = re.compile(r".+?(?:自治州|自治区|自治县|新区|省|市|州|盟|区|县|旗)")


def place_names(government: str) -> list[str]:
    """Return the names a unit's name may open with to say its government, longest first."""
    names = {government, *PLACE_PART.findall(government)}
    return sorted((name for name in names if len(name) >= 2), key=lambda n: (-len(n), n))


def unit_kind(name: str, government: str, config: Config) -> str:
    """Return the kind of unit a name stands for in any government: 莱山区发改局 → 发展和改革局."""
    bare = name
    places = place_names(government)
    stripped = True
    while stripped:
        stripped = False
        for place in places:
            # Something must remain after the place that is a name of its own (two characters).
            if bare.startswith(place) and len(bare) >= len(place) + 2:
                bare = bare[len(place) :]
                stripped = True
                break
    return unit_key(bare, config)


# A unit page lists at most this many peers. Listing every one made each page grow with the
# corpus: about 500 a page at 100× (37,400 tasks), and the units' pages took the square of it.
PEERS_SHOWN = 10


def parent_place(government: str) -> str:
    """Return the place a government is part of: 烟台市 for 烟台市莱山区, or nothing."""
    parts = PLACE_PART.findall(government)
    return parts[0] if len(parts) > 1 else ""


def link_peers(units: Iterable[UnitPage], config: Config) -> None:
    """Give every unit the nearest units of the same kind in other governments, and their count.

    Nearest: the governments of the same parent place (the other districts of its city) first,
    then the others by government name; at most PEERS_SHOWN, listed by government name.
    """
    # Imported here: gather imports this module to finish its units.
    from generator.site.gather import pinyin_key

    kinds: dict[str, list[UnitPage]] = {}
    for unit in units:
        if unit.collective:
            continue
        kind = unit_kind(unit.key, unit.government.name, config)
        if kind:
            kinds.setdefault(kind, []).append(unit)
    for kind, group in kinds.items():
        group.sort(key=lambda u: (pinyin_key(u.government.name), pinyin_key(u.name), u.slug))
        order = {id(unit): place for place, unit in enumerate(group)}
        own = Counter(unit.government.slug for unit in group)
        parents: dict[str, list[UnitPage]] = {}
        for unit in group:
            parents.setdefault(parent_place(unit.government.name), []).append(unit)
        for unit in group:
            unit.peer_kind = kind
            unit.peer_count = len(group) - own[unit.government.slug]
            parent = parent_place(unit.government.name)
            chosen: dict[int, UnitPage] = {}
            # Each loop stops after PEERS_SHOWN finds: the work per unit does not grow with
            # the corpus (its own government's units are the only ones skipped).
            for source in (parents[parent] if parent else [], group):
                for peer in source:
                    if len(chosen) == PEERS_SHOWN:
                        break
                    if peer.government.slug != unit.government.slug:
                        chosen.setdefault(id(peer), peer)
            unit.peers = sorted(chosen.values(), key=lambda peer: order[id(peer)])
