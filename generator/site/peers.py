"""Link each unit to the same kind of unit in other governments: 区发改局 ↔ 区发展和改革局.

Units are one page per government (site/gather.py). The kind of a unit is its name with its own
government's place names and its level prefix taken off, then the staff alias table applied
(content/units.yml): 莱山区发改局, 区发改局 and 发展和改革局 are all 发展和改革局. Collectives
(各镇街) stand for no one body and have no peers.
"""

from __future__ import annotations

import re
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


def link_peers(units: Iterable[UnitPage], config: Config) -> None:
    """Give every unit the units of the same kind in other governments, by government name."""
    # Imported here: gather imports this module to finish its units.
    from generator.site.gather import pinyin_key

    kinds: dict[str, list[UnitPage]] = {}
    for unit in units:
        if unit.collective:
            continue
        kind = unit_kind(unit.key, unit.government.name, config)
        if kind:
            kinds.setdefault(kind, []).append(unit)
    for group in kinds.values():
        group.sort(key=lambda u: (pinyin_key(u.government.name), pinyin_key(u.name), u.slug))
        for unit in group:
            unit.peers = [peer for peer in group if peer.government != unit.government]
