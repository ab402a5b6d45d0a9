"""Documents in layouts the seeds do not show: each fixture states what must be extracted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.config import Config
from generator.model import Document, Task
from generator.read.parse import parse_file

FIXTURES = Path(__file__).parent / "fixtures" / "layouts"
CASES = sorted(p for p in FIXTURES.iterdir() if p.suffix != ".yml" and p.name != "README.md")


def _expected(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.with_name(path.stem + ".expected.yml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _find(document: Document, number: str, nth: int) -> Task:
    matches = [task for task in document.tasks if task.number == number]
    assert len(matches) > nth, f"no task numbered {number} (occurrence {nth + 1})"
    return matches[nth]


@pytest.mark.parametrize("path", CASES, ids=[p.name for p in CASES])
def test_layout_fixture(path: Path, config: Config) -> None:
    expected = _expected(path)
    document = parse_file(path, config)
    assert len(document.tasks) == expected["tasks"]
    for key in ("region", "year", "doc_number"):
        if key in expected:
            assert getattr(document, key) == expected[key], key
    assert all(role.kind != "unaccounted" for role in document.lines)
    seen: dict[str, int] = {}
    for check in expected.get("checks", []):
        number = str(check["number"])
        task = _find(document, number, seen.get(number, 0))
        seen[number] = seen.get(number, 0) + 1
        if "title" in check:
            assert task.title == (check["title"] or ""), f"title of {number}"
        if "leaders" in check:
            assert [leader.name for leader in task.leaders] == check["leaders"], (
                f"leaders of {number}"
            )
        if "units" in check:
            got = [{"name": unit.name, "role": unit.role} for unit in task.units]
            assert got == check["units"], f"units of {number}"
        if "indicators" in check:
            got_indicators = [
                {"name": i.name, "value": i.value, "unit": i.unit, "qualifier": i.qualifier}
                for i in task.indicators
            ]
            want = [dict(item, value=float(item["value"])) for item in check["indicators"]]
            assert got_indicators == want, f"indicators of {number}"
        if "deadline" in check:
            assert task.deadline == check["deadline"], f"deadline of {number}"
    messages = " | ".join(w.message for w in document.warnings)
    for fragment in expected.get("warnings", []):
        assert fragment in messages
    for target in expected.get("targets", []):
        assert any(
            i.name == target["name"] and i.value == float(target["value"]) and not i.task
            for i in document.indicators
        ), f"target {target}"
