"""Files and names: what content/ may hold, which sidecar belongs to which document, addresses."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cli import main
from generator.config import Config
from generator.read.parse import parse_paths, scan_documents
from generator.site.gather import Site, build_site

Writer = Callable[[dict[str, str | bytes]], Path]
REGION = "某某市某某区"


def task_text(n: int = 1, unit: str = "区发改局", leader: str = "张三") -> str:
    """One numbered task line with a leader and a unit."""
    return f"{n}. 推进第{n}项重点工作。（牵头领导：{leader}；责任单位：{unit}）\n"


def document(region: str = REGION, tasks: str = "") -> str:
    """A small 分工方案 of one government."""
    return f"{region}2024年政府工作报告责任分工方案\n\n一、重点任务\n\n" + (tasks or task_text())


def run(root: Path, *args: str) -> int:
    """Run `python -m generator --content root ARGS` in-process."""
    return main(["--content", str(root), *args])


def published_ids(root: Path, config: Config) -> set[str]:
    """Ids of the documents a build of root would publish."""
    inventory = scan_documents(root)
    documents, _ = parse_paths(inventory.documents, config)
    return {d.id for d in documents if d.public}


def sources_read(root: Path) -> list[str]:
    """Names of the files a build of root would read as documents."""
    return [path.name for path in scan_documents(root).documents]


def held_back(root: Path, config: Config) -> tuple[list[str], list[str]]:
    """(names of documents that publish, every error line) for root."""
    inventory = scan_documents(root)
    documents, errors = parse_paths(inventory.documents, config)
    public = sorted(Path(d.source).name for d in documents if d.public)
    return public, inventory.errors + errors


# --- symbolic links -------------------------------------------------------------------------


def test_symlinked_documents_folder_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "passwd.txt").write_text(document(tasks=task_text(1, "秘密单位")), "utf-8")
    content = tmp_path / "content"
    content.mkdir()
    (content / "documents").symlink_to(outside, target_is_directory=True)
    assert sources_read(content) == []
    assert run(content, "check") == 1
    out = capsys.readouterr().out
    assert "documents: 是符号链接" in out and "秘密单位" not in out


def test_content_folder_given_as_a_link_is_read(write_files: Writer, tmp_path: Path) -> None:
    # The folder staff name with --content may be a link; nothing inside it may.
    root = write_files({"real/documents/a.txt": document()})
    (tmp_path / "content").symlink_to(root / "real", target_is_directory=True)
    assert sources_read(tmp_path / "content") == ["a.txt"]


def test_links_inside_documents_are_refused(write_files: Writer, tmp_path: Path) -> None:
    root = write_files({"content/documents/real.txt": document(), "elsewhere/x.txt": document()})
    folder = root / "content" / "documents"
    (folder / "linked-folder").symlink_to(root / "elsewhere", target_is_directory=True)
    (folder / "notes").symlink_to(root / "elsewhere" / "x.txt")
    inventory = scan_documents(root / "content")
    assert [p.name for p in inventory.documents] == ["real.txt"]
    assert sum("符号链接" in e for e in inventory.errors) == 2


def test_symlinked_sidecar_and_units_file_are_refused(write_files: Writer, config: Config) -> None:
    root = write_files(
        {"documents/a.txt": document(), "private.yml": "public: false\n", "units.yml": ""}
    )
    (root / "documents" / "a.yml").symlink_to(root / "private.yml")
    public, errors = held_back(root, config)
    assert public == [] and any("a.yml" in e and "符号链接" in e for e in errors)
    (root / "units.yml").unlink()
    (root / "units.yml").symlink_to(root / "private.yml")
    assert run(root, "check") == 1


# --- sidecars that do not exactly match ------------------------------------------------------


@pytest.mark.parametrize(
    ("document_name", "sidecar_name"),
    [
        ("plan.txt", "Plan.yml"),
        ("plan.txt", "PLAN.YML"),
        ("café.txt", unicodedata.normalize("NFD", "café") + ".yml"),
        ("plan.txt", "plan.txt.yml"),
        ("plan.txt", "plan .yml"),
        ("plan.txt", " plan.yaml"),
        ("计划.md", "计划.MD.yaml"),
    ],
)
def test_near_miss_sidecar_holds_the_document_back(
    write_files: Writer, config: Config, document_name: str, sidecar_name: str
) -> None:
    root = write_files(
        {f"documents/{document_name}": document(), f"documents/{sidecar_name}": "public: false\n"}
    )
    public, errors = held_back(root, config)
    assert public == []
    assert any("不完全一致" in e and sidecar_name.strip() in e for e in errors)


def test_yml_beside_yaml_is_ambiguous(write_files: Writer, config: Config) -> None:
    root = write_files(
        {
            "documents/plan.txt": document(),
            "documents/plan.yml": "public: true\n",
            "documents/plan.yaml": "public: false\n",
        }
    )
    public, errors = held_back(root, config)
    assert public == [] and any("同时存在" in e for e in errors)


def test_one_sidecar_for_two_documents_holds_both_back(write_files: Writer, config: Config) -> None:
    root = write_files(
        {
            "documents/plan.txt": document(),
            "documents/plan.md": document(),
            "documents/plan.yml": "public: false\n",
        }
    )
    public, errors = held_back(root, config)
    assert public == [] and len([e for e in errors if "无法确定" in e]) == 2


def test_duplicate_key_in_a_sidecar_is_an_error(write_files: Writer, config: Config) -> None:
    root = write_files(
        {"documents/plan.txt": document(), "documents/plan.yml": "public: false\npublic: true\n"}
    )
    public, errors = held_back(root, config)
    assert public == [] and any("plan.yml:2:" in e and "重复的键 'public'" in e for e in errors)


def test_orphan_sidecar_is_an_error(write_files: Writer, config: Config) -> None:
    root = write_files({"documents/plan.txt": document(), "documents/other.yml": "public: false"})
    public, errors = held_back(root, config)
    assert public == ["plan.txt"]
    assert any("other.yml" in e and "找不到对应的文档" in e for e in errors)
    assert run(root, "check") == 1


def test_exact_sidecar_still_applies(write_files: Writer, config: Config) -> None:
    root = write_files(
        {
            "documents/a.txt": document(),
            "documents/a.yml": "public: false\n",
            "documents/b.txt": document(),
            "documents/b.yaml": "id: bee-2024\n",
        }
    )
    assert published_ids(root, config) == {"bee-2024"}
    assert run(root, "check") == 0


# --- backups and copies ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "backup",
    ["plan.txt.bak", "plan.txt~", "plan.bak", "plan.txt.orig", ".plan.txt.swp", "plan.old"],
)
def test_backup_files_are_skipped_with_a_warning(write_files: Writer, backup: str) -> None:
    root = write_files({"documents/plan.txt": document(), f"documents/{backup}": document()})
    inventory = scan_documents(root)
    assert [p.name for p in inventory.documents] == ["plan.txt"]
    assert any(backup in w and "已跳过" in w for w in inventory.warnings)


@pytest.mark.parametrize(
    "copy",
    [
        "plan - 副本.txt",
        "副本 plan.txt",
        "plan (1).txt",
        "plan（2）.md",
        "plan copy.txt",
        "Copy of plan.txt",
        "plan - Copy (3).txt",
        "plan的副本.txt",
    ],
)
def test_copy_beside_its_original_is_held_back(
    write_files: Writer, config: Config, copy: str
) -> None:
    root = write_files(
        {
            "documents/plan.txt": document(),
            "documents/plan.yml": "public: false\n",
            f"documents/{copy}": document(),
        }
    )
    public, errors = held_back(root, config)
    assert public == []
    assert any(copy in e and "副本" in e for e in errors)


def test_numbered_name_without_an_original_publishes(write_files: Writer, config: Config) -> None:
    root = write_files({"documents/plan (1).txt": document()})
    public, errors = held_back(root, config)
    assert public == ["plan (1).txt"] and errors == []


# --- addresses --------------------------------------------------------------------------------

WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[1-9]|lpt[1-9])$", re.I)


def site_of(root: Path, config: Config) -> Site:
    """Parse root/documents and gather the Site."""
    documents, errors = parse_paths(scan_documents(root).documents, config)
    assert not errors, errors
    return build_site(documents, config)


def all_paths(site: Site) -> list[str]:
    """Every page path the Site defines, list pages of each government included."""
    paths = [page.path for page in site.documents] + [page.source_path for page in site.documents]
    paths += [task.path for task in site.tasks] + [unit.path for unit in site.units]
    paths += [leader.path for leader in site.leaders] + [i.path for i in site.indicators]
    for government in site.governments:
        paths += [f"units/{government.slug}/index.md", f"leaders/{government.slug}/index.md"]
    paths += ["documents/index.md", "units/index.md", "leaders/index.md", "indicators/index.md"]
    return paths


def assert_addresses_safe(site: Site) -> None:
    """Paths are unique (also case-folded) and no part is a name Windows cannot hold."""
    paths = all_paths(site)
    assert len({p.casefold() for p in paths}) == len(paths)
    for path in paths:
        for part in path.split("/"):
            assert not WINDOWS_RESERVED.match(part.split(".")[0]), path


def test_unit_and_leader_named_index_keep_the_list_pages(
    write_files: Writer, config: Config
) -> None:
    tasks = (
        task_text(1, "Index", "Index") + task_text(2, "AUX", "nul") + task_text(3, "CON", "王五")
    )
    root = write_files({"documents/a.txt": document(tasks=tasks)})
    site = site_of(root, config)
    assert_addresses_safe(site)
    assert {u.name for u in site.units} >= {"Index", "AUX", "CON"}


def test_homophone_governments_get_separate_folders(write_files: Writer, config: Config) -> None:
    regions = ["莱山区", "赖山区", "来山区"]
    files: dict[str, str | bytes] = {
        f"documents/{n}.txt": document(region, task_text(1, "区发改局", f"领导{n}"))
        for n, region in enumerate(regions)
    }
    root = write_files(files)
    site = site_of(root, config)
    assert len({g.slug for g in site.governments}) == 3
    assert_addresses_safe(site)
    for unit in site.units:
        assert {task.document.government for task, _ in unit.tasks} == {unit.government}


def test_sidecar_id_wins_over_a_private_draft_and_automatic_ids(
    write_files: Writer, config: Config
) -> None:
    root = write_files(
        {
            # Sorted first, and private: it must not take the id the public one asks for.
            "documents/a-draft.txt": document(),
            "documents/a-draft.yml": "public: false\nid: plan-2024\n",
            "documents/b-auto.txt": document(),
            "documents/c-final.txt": document(),
            "documents/c-final.yml": "id: plan-2024\n",
            "documents/d-auto.txt": document(),
            "documents/d-auto.yml": "id: moumou-2024\n",
        }
    )
    documents, _ = parse_paths(scan_documents(root).documents, config)
    ids = {Path(d.source).name: d.id for d in documents}
    assert ids["c-final.txt"] == "plan-2024"
    assert ids["d-auto.txt"] == "moumou-2024"
    assert ids["a-draft.txt"] != "plan-2024" and ids["b-auto.txt"] != "moumou-2024"


@pytest.mark.parametrize(
    ("name", "sidecar", "expected"),
    [
        ("con.txt", "", None),
        ("Aux.md", "", None),
        ("x.txt", "id: LPT1\n", None),
        ("x.txt", "id: index\n", None),
        ("x.txt", "id: ＡＢＣ-2023\n", "abc-2023"),
        ("ＡＢＣ.txt", "", "abc"),
    ],
)
def test_document_ids_are_safe_names(
    write_files: Writer, config: Config, name: str, sidecar: str, expected: str | None
) -> None:
    files: dict[str, str | bytes] = {f"documents/{name}": "1. 推进工作。（责任单位：区发改局）\n"}
    if sidecar:
        files[f"documents/{Path(name).stem}.yml"] = sidecar
    root = write_files(files)
    (doc_id,) = published_ids(root, config)
    assert not WINDOWS_RESERVED.match(doc_id) and doc_id != "index"
    assert doc_id == (expected or doc_id) and re.fullmatch(r"[a-z0-9-]+", doc_id)


# --- errors fail the run ----------------------------------------------------------------------


def test_misspelled_sidecar_field_is_an_error_with_a_suggestion(
    write_files: Writer, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_files(
        {
            "documents/a.txt": document(),
            "documents/b.txt": document(),
            "documents/b.yml": "pubilc: true\n",
        }
    )
    assert run(root, "check") == 1
    out = capsys.readouterr().out
    assert "b.yml:1: 未知字段 'pubilc'" in out and "'public'" in out


def test_check_reports_a_broken_units_file_and_still_checks_documents(
    write_files: Writer, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_files({"documents/a.txt": document(), "units.yml": "aliases: [[a, b]\n"})
    assert run(root, "check") == 1
    captured = capsys.readouterr()
    assert "units.yml:" in captured.err and "content/documents/a.txt" in captured.out


def test_corpus_without_a_task_is_an_error(write_files: Writer) -> None:
    root = write_files({"documents/notes.txt": "会议纪要\n\n今天开会。\n"})
    assert run(root, "check") == 1


def test_misspelled_section_names_the_sidecar_line_and_is_an_error(
    write_files: Writer, config: Config, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "某某市某某区2024年重点任务分工方案\n\n一、重点任务\n\n" + task_text(1)
    text += "\n二、保障措施\n\n" + task_text(2, "区财政局")
    sidecar = "title: 正式标题\nsections:\n  - title: 一、重点任务\n    public: true\n"
    sidecar += "  - title: 二、保障错施\n    public: false\n"
    root = write_files({"documents/a.txt": text, "documents/a.yml": sidecar})
    documents, _ = parse_paths(scan_documents(root).documents, config)
    (doc,) = documents
    (root / "documents" / "b.txt").write_text(document(), "utf-8")
    assert doc.title == "正式标题" and not doc.public
    (problem,) = [w for w in doc.warnings if "保障错施" in w.message]
    assert problem.level == "error"
    assert "a.yml:5:" in problem.message and "「二、保障措施」" in problem.message
    assert run(root, "check") == 1
    out = capsys.readouterr().out
    assert "1 个错误，" in out


def test_previously_published_document_that_is_now_held_back_is_named(
    write_files: Writer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_files(
        {"content/documents/a.txt": document(), "content/documents/b.txt": document()}
    )
    work = tmp_path / "work"
    live = work / "site"
    (live / "data").mkdir(parents=True)
    (live / "data" / "tasks.json").write_text(
        '[{"id": "gone-2024", "source": "content/documents/c.txt", "title": "旧文件"}]', "utf-8"
    )
    args = ["build", "--docs", str(work / "docs"), "--site", str(live), "--no-publish"]
    args += ["--releases", str(work / "releases")]
    assert main(["--content", str(root / "content"), *args]) == 0
    out = capsys.readouterr().out
    assert "content/documents/c.txt: 上次已发布（gone-2024），本次不再发布" in out
