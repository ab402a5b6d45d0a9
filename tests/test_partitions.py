"""Partitioned MkDocs builds give the single build's site, byte for byte, and rebuild little."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.build import build_docs
from generator.cli import main
from generator.errors import GeneratorError
from generator.publish import partition_hook, partitions, release
from generator.publish.mkdocs_run import MkDocsRun
from generator.publish.partitions import (
    PARTITIONS_ENV,
    Partition,
    PartitionError,
    government_groups,
    plan,
)
from tests.conftest import ROOT
from tests.test_publish_speed import tree_digest

# Four governments, two documents each: enough for three partitions of whole governments.
GOVERNMENTS = ("青山区", "临河县", "白云市", "东湖区")
SURNAMES = "王李张刘"
GIVEN = ("伟", "强", "敏", "洋")
UNITS = ("发展和改革局", "财政局", "教育局", "交通运输局")
SITE_YML = "site_url: https://www.example.gov.cn/rwgk/\n"


def document(government: str, year: int, number: int, tasks: int, wording: str = "") -> str:
    """Write one 分工方案 of a government with its own leaders and units."""
    lines = [f"{government}{year}年政府工作报告重点任务分工方案", ""]
    for task in range(1, tasks + 1):
        leader = SURNAMES[number % 4] + GIVEN[task % 4] + GIVEN[(task + number) % 4]
        unit = government + UNITS[task % 4]
        lines.append(
            f"{task}. 推进{year}年第{task}项重点工作{wording}。"
            f"（牵头领导：{leader}；责任单位：{unit}）"
        )
    return "\n".join(lines) + "\n"


def write_content(folder: Path, wording: str = "") -> Path:
    """Write a content folder of every government's documents; wording changes the first one."""
    content = folder / "content"
    (content / "documents").mkdir(parents=True, exist_ok=True)
    (content / "site.yml").write_text(SITE_YML, encoding="utf-8")
    for number, government in enumerate(GOVERNMENTS):
        for year in (2023, 2024):
            changed = wording if (number, year) == (0, 2024) else ""
            text = document(government, year, number, 6, changed)
            path = content / "documents" / f"{number}-{year}.txt"
            path.write_text(text, encoding="utf-8")
    return content


def build(folder: Path, content: Path) -> list[str]:
    """Return the arguments of a build of content into folder (its own docs, site, config)."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("docs_dir: build/docs", f"docs_dir: {folder / 'docs'}")
    text = text.replace("custom_dir: theme", f"custom_dir: {ROOT / 'theme'}")
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return [
        "--content", str(content), "build", "--docs", str(folder / "docs"),
        "--site", str(folder / "site"), "--releases", str(folder / "releases"),
        "--config", str(config),
    ]  # fmt: skip


@pytest.fixture
def mkdocs_runs(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Record the pages each partition's MkDocs was asked to build."""
    runs: list[list[str]] = []
    original = partitions.run_mkdocs

    def counting(config_text: str, cwd: Path, out: Path, env: dict[str, str]) -> MkDocsRun:
        spec = json.loads(Path(env[partition_hook.PARTITION_ENV]).read_text(encoding="utf-8"))
        runs.append(list(spec["pages"]))
        return original(config_text, cwd, out, env)

    monkeypatch.setattr(partitions, "run_mkdocs", counting)
    return runs


def built(
    monkeypatch: pytest.MonkeyPatch, folder: Path, content: Path, count: int
) -> dict[str, str]:
    """Build content into folder with count partitions; return the live site's file digests."""
    monkeypatch.setenv(PARTITIONS_ENV, str(count))
    assert main(build(folder, content)) == 0
    return tree_digest(folder / "site")


def test_partitioned_site_is_byte_identical_to_a_single_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mkdocs_runs: list[list[str]]
) -> None:
    content = write_content(tmp_path)
    single = built(monkeypatch, tmp_path / "single", content, 1)
    assert mkdocs_runs == []
    split = built(monkeypatch, tmp_path / "split", content, 3)
    assert len(mkdocs_runs) == 3
    # Every file: pages, theme assets, 404, the sitemap (with every page), Pagefind's index.
    assert split == single
    assert any(name.startswith("pagefind/") for name in split)
    sitemap = (tmp_path / "split" / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count("<url>") == sum(1 for n in split if n.endswith("index.html"))
    # Each government's pages were built by one MkDocs only, never split across two.
    for government in range(len(GOVERNMENTS)):
        holders = [run for run in mkdocs_runs if any(f"/{government}-20" in p for p in run)]
        assert len(holders) <= 1


def test_changing_one_document_rebuilds_its_partition_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mkdocs_runs: list[list[str]]
) -> None:
    content = write_content(tmp_path)
    built(monkeypatch, tmp_path / "split", content, 3)
    first = len(mkdocs_runs)
    mkdocs_runs.clear()
    write_content(tmp_path, wording="并完善配套措施")
    after = built(monkeypatch, tmp_path / "split", content, 3)
    government = [run for run in mkdocs_runs if "index.md" not in run]
    # The changed document's partition (and the shared pages, which may show the task too).
    assert first == 3 and len(mkdocs_runs) < first
    assert len(government) == 1
    docs = tmp_path / "split" / "docs"
    showing = {
        path.relative_to(docs).as_posix()
        for path in docs.rglob("*.md")
        if "并完善配套措施" in path.read_text(encoding="utf-8")
    }
    assert showing
    assert {page for page in showing if page.startswith("documents/")} <= set(government[0])
    assert after == built(monkeypatch, tmp_path / "clean", content, 1)
    assert any("并完善配套措施" in (tmp_path / "split" / "site" / n).read_text("utf-8")
               for n in after if n.endswith(".html") and n.startswith("documents/"))  # fmt: skip


def _broken(tmp_path: Path, link: str) -> Exception:
    """Build a partitioned release whose first document page links to link; return the error."""
    content = write_content(tmp_path)
    args = build(tmp_path / "b", content)
    docs = tmp_path / "b" / "docs"
    result = build_docs(content, docs)
    groups = government_groups(result.site)
    page = docs / result.site.documents[0].path
    text = page.read_text(encoding="utf-8")
    # A paragraph of its own before the title (the page's end is inside an HTML block).
    heading = text.index("\n\n# ")
    text = text[:heading] + f"\n\n[别处]({link})" + text[heading:]
    page.write_text(text, encoding="utf-8")
    with pytest.raises(GeneratorError) as caught:
        release.build_release(
            Path(args[-1]), tmp_path / "b" / "releases", 0, result.settings, "", groups
        )
    return caught.value


def test_a_broken_anchor_into_another_partition_is_caught(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PARTITIONS_ENV, "3")
    other = GOVERNMENTS[-1]
    content = write_content(tmp_path / "probe")
    site = build_docs(content, tmp_path / "probe" / "docs").site
    slug = next(g.slug for g in site.governments if g.name == other)
    first = site.documents[0]
    assert first.government.name != other
    # MkDocs of the first document's partition never renders the other page, so only the
    # check of the assembled site can see the anchor is missing.
    error = _broken(tmp_path, f"../../units/{slug}/index.md#meiyou")
    assert isinstance(error, release.PublishError)
    assert f"units/{slug}/#meiyou" in str(error)


def test_a_link_to_a_missing_page_of_another_partition_is_caught(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PARTITIONS_ENV, "3")
    error = _broken(tmp_path, "../../units/meiyou/index.md")
    # The partition's strict MkDocs stops on it, naming the page and the link.
    assert isinstance(error, (release.PublishError, PartitionError))
    assert "documents/" in str(error) and "units/meiyou/" in str(error)


def test_plan_keeps_governments_whole_and_shared_pages_apart() -> None:
    pages = [
        "index.md",
        "units/index.md",
        "documents/a-2024/index.md",
        "documents/a-2024/tasks/1.md",
        "documents/b-2024/index.md",
        "units/qs/index.md",
        "units/qs/cai-zheng-ju.md",
        "leaders/lh/wang-wei.md",
    ]
    groups = {
        "documents/a-2024/": "qs",
        "units/qs/": "qs",
        "documents/b-2024/": "lh",
        "leaders/lh/": "lh",
    }
    made = plan(pages, groups, 3)
    assert made[0] == Partition(0, ("index.md", "units/index.md"), True)
    assert {p.pages for p in made[1:]} == {
        ("documents/a-2024/index.md", "documents/a-2024/tasks/1.md", "units/qs/cai-zheng-ju.md",
         "units/qs/index.md"),
        ("documents/b-2024/index.md", "leaders/lh/wang-wei.md"),
    }  # fmt: skip
    assert plan(list(reversed(pages)), groups, 3) == made


def test_small_sites_and_single_core_machines_build_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PARTITIONS_ENV, raising=False)
    assert partitions.partition_count(500, cpus=8) == 1
    assert partitions.partition_count(50_000, cpus=1) == 1
    # The shared pages, then at least one partition of governments per core.
    assert partitions.partition_count(2_000, cpus=8) == 9
    assert partitions.partition_count(6_900, cpus=2) >= 3
    # However large the site, a bounded number per core: each one lists every file.
    assert partitions.partition_count(69_000, cpus=2) == partitions.partition_count(690_000, 2)
    assert partitions.partition_count(69_000, cpus=2) <= 1 + 4 * 2


def test_partitions_built_one_by_one_then_assembled_give_the_single_build(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    mkdocs_runs: list[list[str]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    content = write_content(tmp_path)
    single = built(monkeypatch, tmp_path / "single", content, 1)
    monkeypatch.delenv(PARTITIONS_ENV)
    args = build(tmp_path / "ci", content)
    at = args.index("build")
    assemble = [*args[:at], "assemble", *args[at + 1 :], "--partitions", "3"]
    # The assemble job refuses while a partition job has not run: nothing is built there.
    for index in (0, 1):
        assert main([*args, "--partition", f"{index}/3"]) == 0
        assert f"已构建分区 {index}/3" in capsys.readouterr().out
    assert main(assemble) == 1
    assert "分区 2 尚未构建" in capsys.readouterr().err
    assert not (tmp_path / "ci" / "site").exists()
    assert main([*args, "--partition", "2/3"]) == 0
    assert len(mkdocs_runs) == 3
    assert main(assemble) == 0
    assert len(mkdocs_runs) == 3
    assert tree_digest(tmp_path / "ci" / "site") == single


def test_a_failed_partition_leaves_the_site_and_keeps_the_others(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    mkdocs_runs: list[list[str]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    content = write_content(tmp_path)
    failing = partitions.run_mkdocs

    def fail_shared(config_text: str, cwd: Path, out: Path, env: dict[str, str]) -> MkDocsRun:
        spec = json.loads(Path(env[partition_hook.PARTITION_ENV]).read_text(encoding="utf-8"))
        if spec["shared"]:
            return MkDocsRun(1, [])
        return failing(config_text, cwd, out, env)

    monkeypatch.setenv(PARTITIONS_ENV, "3")
    args = build(tmp_path / "f", content)
    with monkeypatch.context() as patch:
        patch.setattr(partitions, "run_mkdocs", fail_shared)
        assert main(args) == 1
    assert "分区构建失败（分区 0）" in capsys.readouterr().err
    assert not (tmp_path / "f" / "site").exists()
    mkdocs_runs.clear()
    assert main(args) == 0
    # Only the partition that failed is built again.
    assert len(mkdocs_runs) == 1 and "index.md" in mkdocs_runs[0]
