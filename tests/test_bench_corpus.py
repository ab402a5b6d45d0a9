"""The benchmark corpus: deterministic, N copies of the seeds as N sets of new governments."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import load_config
from generator.model import Document
from generator.read.parse import content_documents, parse_paths
from tests.bench_corpus import UNIT_PLACE, region_stems, write_corpus
from tests.conftest import CONTENT, SEEDS


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file under folder as {relative path: bytes}."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def parse_folder(content: Path) -> list[Document]:
    """Parse content/documents with content's own staff files; fail on any unreadable file."""
    documents, errors = parse_paths(content_documents(content), load_config(content))
    assert errors == []
    return documents


def placed(unit: str) -> bool:
    """Whether a unit is named after a place (王台镇, 初家街道办事处)."""
    return UNIT_PLACE.match(unit) is not None


def leaders_of(documents: list[Document]) -> set[str]:
    """Every leader named in documents."""
    return {leader.name for d in documents for t in d.tasks for leader in t.leaders}


@pytest.fixture(scope="module")
def two(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus of two copies, written once for the tests that only read it."""
    out = tmp_path_factory.mktemp("corpus") / "two"
    write_corpus(CONTENT, out, 2)
    return out


def test_same_size_gives_byte_identical_corpus(tmp_path: Path) -> None:
    write_corpus(CONTENT, tmp_path / "a", 2)
    write_corpus(CONTENT, tmp_path / "b", 2)
    first = files_of(tmp_path / "a")
    assert first == files_of(tmp_path / "b")
    assert len([name for name in first if name.startswith("documents/")]) == 2 * len(
        list(SEEDS.iterdir())
    )


def test_copies_are_new_governments_with_their_own_leaders(two: Path) -> None:
    seeds = parse_folder(CONTENT)
    documents = parse_folder(two)
    copies = [[d for d in documents if Path(d.source).name.startswith(f"{k:04d}_")] for k in (0, 1)]
    seed_tasks = sum(len(d.tasks) for d in seeds)
    assert [sum(len(d.tasks) for d in copy) for copy in copies] == [seed_tasks, seed_tasks]
    # Every layout reads as in the seed: same tasks and no problem the seed does not have.
    for copy in copies:
        assert [d.layout for d in copy] == [d.layout for d in seeds]
        assert [len(d.tasks) for d in copy] == [len(d.tasks) for d in seeds]
        assert [len(d.warnings) for d in copy] == [len(d.warnings) for d in seeds]
    regions = [{d.region for d in copy} for copy in copies]
    seed_regions = {d.region for d in seeds}
    assert len(regions[0]) == len(regions[1]) == len(seed_regions)
    assert not regions[0] & regions[1] and not (regions[0] | regions[1]) & seed_regions
    assert len({d.id for d in documents}) == len(documents)
    leaders = [leaders_of(copy) for copy in copies]
    assert len(leaders[0]) == len(leaders[1]) == len(leaders_of(seeds))
    assert not leaders[0] & leaders[1] and not (leaders[0] | leaders[1]) & leaders_of(seeds)
    # Units keep their kinds under the new governments; place-named units are renamed.
    units = [{u.name for d in copy for t in d.tasks for u in t.units} for copy in copies]
    assert "区财政局" in units[0] & units[1]
    text = "".join(p.read_text(encoding="utf-8") for p in (two / "documents").iterdir())
    for stem in {s for d in seeds for s in region_stems(d.region)}:
        assert stem not in text
    collectives = load_config(CONTENT).collectives
    named = [
        {u for u in names if placed(u) and not any(c.search(u) for c in collectives)}
        for names in units
    ]
    assert named[0] and not named[0] & named[1]


def test_copies_shift_the_year_and_file_number(two: Path) -> None:
    documents = parse_folder(two)
    half = len(documents) // 2
    years = [(d.year, e.year) for d, e in zip(documents[:half], documents[half:], strict=True)]
    assert all(a is not None and b is not None and b != a for a, b in years)
    numbers = {d.doc_number for d in documents if d.doc_number}
    assert len(numbers) == len([d for d in documents if d.doc_number])


def test_a_seed_sidecar_is_copied_with_a_new_id(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "documents").mkdir(parents=True)
    lines = [f"{n}. 推进第{n}项工作。（牵头领导：韩立新；责任单位：区财政局）" for n in (1, 2)]
    body = "东关市西岭区2024年重点工作责任分工方案\n\n" + "\n".join(lines) + "\n"
    (content / "documents" / "plan.txt").write_text(body, encoding="utf-8")
    sidecar = "id: my-plan\ntitle: 东关市西岭区2024年重点工作责任分工方案\n"
    (content / "documents" / "plan.yml").write_text(sidecar, encoding="utf-8")
    write_corpus(content, tmp_path / "out", 2)
    documents = parse_folder(tmp_path / "out")
    assert len(documents) == 2
    assert len({d.id for d in documents}) == 2 and "my-plan" not in {d.id for d in documents}
    assert all("东关" not in d.title and "韩立新" not in str(d.tasks) for d in documents)
