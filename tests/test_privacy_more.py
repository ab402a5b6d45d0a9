"""Whatever a document holds back (notices, attachments, sections, comments, personal data,
private dates, server folders) reaches no page, data file, feed, sitemap or search index."""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pytest

from generator.config import Config
from generator.model import Document
from generator.publish.release import build_epoch, scrub_sitemap
from generator.read.parse import parse_paths
from generator.read.privacy import mask_everywhere
from generator.site.serialize import document_json
from tests.conftest import ROOT, mkdocs_config

SCHEMA = json.loads((ROOT / "generator/schema/document.schema.json").read_text(encoding="utf-8"))
HEAD = "桐溪县人民政府办公室关于印发桐溪县2024年政府工作报告重点任务分工方案的通知"
BODY = (
    "一、重点任务\n"
    "1. 修建公开的道路。（责任单位：县交通局）\n"
    "2. 建设公开的公园。（责任单位：县住建局）\n"
)


def read(
    tmp_path: Path, config: Config, text: str, name: str = "doc.txt", sidecar: str = ""
) -> Document:
    """Parse one document written into tmp_path/content/documents; fail on any read error."""
    folder = tmp_path / "content" / "documents"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    if sidecar:
        (folder / f"{Path(name).stem}.yml").write_text(sidecar, encoding="utf-8")
    documents, errors = parse_paths([folder / name], config)
    assert not errors and len(documents) == 1, errors
    return documents[0]


def shown_text(document: Document) -> str:
    """Everything a document would publish as text: tasks, sections, original lines."""
    parts = [document.title, *document.text_lines]
    parts += [task.text for task in document.tasks]
    parts += [section.title for section in document.sections]
    return "\n".join(parts)


DOCUMENT_NOTICES = [
    (f"{HEAD}\n（此件不公开）\n{BODY}", 2),
    (f"{HEAD}\n{BODY}\n桐溪县人民政府办公室\n2024年1月5日\n（此件不予公开）\n", 8),
    (f"{HEAD}\n此件依申请公开\n{BODY}", 2),
    (f"内部资料　注意保存\n{HEAD}\n{BODY}", 1),
    (f"{HEAD}\n【仅限内部使用】\n{BODY}", 2),
    (f"{HEAD}\n{BODY}\n（请勿公开）\n", 6),
    (f"{HEAD}\n（此件不予公開）\n{BODY}", 2),
    (f"{HEAD}\n（此件不公開）\n{BODY}", 2),
    (f"{HEAD}\n（此件不　公　开）\n{BODY}", 2),
    (f"{HEAD}\n{BODY}\n（此件\n不予公开）\n", 6),
    (f"{HEAD}\n{BODY}\n公开方式：依申请公开\n", 6),
    (f"{HEAD}\n{BODY}\n信息公开选项：不予公开\n", 6),
    (f"秘密★1年\n{HEAD}\n{BODY}", 1),
    (f"{HEAD}\n本方案暂不对外公开。\n{BODY}", 2),
    (f"{HEAD}\n本文件仅供参考，请勿外传。\n{BODY}", 2),
    (f"{HEAD}\n{BODY}\n【不宜公开】\n", 6),
    (f"{HEAD}\n（本件\n不公开）\n{BODY}", 2),
    (f"內部資料　注意保存\n{HEAD}\n{BODY}", 1),
    (f"{HEAD}\n僅限內部使用\n{BODY}", 2),
    (f"{HEAD}\n（此件不予以公开）\n{BODY}", 2),
    (f"{HEAD}\n{BODY}\n| 公开方式 | 依申请公开 |\n", 6),
]


@pytest.mark.parametrize(("text", "line"), DOCUMENT_NOTICES)
def test_a_document_that_says_it_is_not_public_is_not_published(
    tmp_path: Path, config: Config, text: str, line: int
) -> None:
    document = read(tmp_path, config, text, "notice.txt")
    assert not document.public
    said = [w for w in document.warnings if "整份文件不公开" in w.message]
    assert len(said) == 1 and said[0].line == line
    assert "content/documents/notice.txt" in said[0].message


PUBLIC_NOTICES = [
    f"{HEAD}\n（此件公开发布）\n{BODY}",
    f"{HEAD}\n（此件主动公开）\n{BODY}",
    f"{HEAD}\n{BODY}\n公开方式：主动公开\n",
    f"{HEAD}\n（此件公开发布，附件不公开）\n{BODY}",
    f"{HEAD}\n{BODY}3. 做好依申请公开工作，规范不予公开的审查。（责任单位：县政府办）\n",
    f"{HEAD}\n{BODY}4. 保护内部资料安全，推进政务公开。（责任单位：县保密局）\n",
    f"{HEAD}\n（此件公开发布）\n附件1所列项目均不进行公开招标以外的采购\n附件1\n{BODY}",
]


@pytest.mark.parametrize("text", PUBLIC_NOTICES)
def test_public_notices_and_tasks_about_disclosure_keep_a_document_public(
    tmp_path: Path, config: Config, text: str
) -> None:
    document = read(tmp_path, config, text)
    assert document.public
    assert not [w for w in document.warnings if "整份文件不公开" in w.message]
    assert not [role for role in document.lines if role.kind == "withheld"]
    assert {"修建公开的道路。", "建设公开的公园。"} <= {task.text for task in document.tasks}


def test_a_reviewed_sidecar_publishes_a_document_marked_not_public(
    tmp_path: Path, config: Config
) -> None:
    document = read(tmp_path, config, f"{HEAD}\n（此件不公开）\n{BODY}", sidecar="public: true\n")
    assert document.public
    assert not [w for w in document.warnings if "整份文件不公开" in w.message]


SECRET_ATTACHMENT = (
    "重点任务清单\n1. 附件里的秘密任务。（责任单位：县秘密局）\n联系人：赵某 13947261538\n"
)
ATTACHMENTS = [
    # a notice holding a comma
    f"{HEAD}\n（此件公开发布，附件1、附件2，不予公开）\n{BODY}附件1\n{SECRET_ATTACHMENT}",
    # a notice split over two lines
    f"{HEAD}\n（此件公开发布，附件\n不公开）\n{BODY}附件\n{SECRET_ATTACHMENT}",
    # a notice spaced out
    f"{HEAD}\n（此件公开发布，附件不　公　开）\n{BODY}附件\n{SECRET_ATTACHMENT}",
    # the notice after the attachment
    f"{HEAD}\n{BODY}附件1\n{SECRET_ATTACHMENT}（附件不公开）\n",
    f"{HEAD}\n{BODY}附件：重点任务清单\n桐溪县人民政府\n附件1\n{SECRET_ATTACHMENT}（附件不予公开）\n",
    # attachments opened in other ways
    f"{HEAD}\n（附件不公开）\n{BODY}【附件1】\n{SECRET_ATTACHMENT}",
    f"{HEAD}\n（附表不公开）\n{BODY}附表\n{SECRET_ATTACHMENT}",
    f"{HEAD}\n（附录不予公开）\n{BODY}附录\n{SECRET_ATTACHMENT}",
    f"{HEAD}\n（附件免予公开）\n{BODY}附：重点任务清单\n{SECRET_ATTACHMENT}",
    f"{HEAD}\n（附件不公开）\n{BODY}附表1：重点任务清单\n{SECRET_ATTACHMENT}",
    f"{HEAD}\n（此件公开发布，附件不予以公开）\n{BODY}附件\n{SECRET_ATTACHMENT}",
    # the notice is the label of the attachment it hides; the one before stays
    f"{HEAD}\n一、重点任务\n附件1\n1. 修建公开的道路。（责任单位：县交通局）\n"
    f"2. 建设公开的公园。（责任单位：县住建局）\n附件2（不公开）\n{SECRET_ATTACHMENT}",
]


@pytest.mark.parametrize("text", ATTACHMENTS)
def test_attachments_marked_not_public_are_withheld(
    tmp_path: Path, config: Config, text: str
) -> None:
    document = read(tmp_path, config, text)
    assert document.public
    assert "秘密" not in shown_text(document) and "13947261538" not in shown_text(document)
    assert {task.text for task in document.tasks} == {"修建公开的道路。", "建设公开的公园。"}
    withheld = [role for role in document.lines if role.kind == "withheld"]
    assert withheld and all(role.note == "附件不公开" for role in withheld)
    assert len(document.lines) == len(text.rstrip("\n").split("\n"))


REPORT = """# 桐溪县2024年政府工作报告重点任务分工方案

## 一、公开部分

1. 修建公开的道路。（责任单位：县交通局）

## 二、保密部分

2. 保密任务甲。（责任单位：县财政局）

### （一）子项

3. 保密任务乙。（责任单位：县财政局）

#### 更深的一层

4. 保密任务丙。（责任单位：县财政局）

### 没有编号的小节

5. 保密任务丁。（责任单位：县财政局）

## 三、其他

6. 建设公开的公园。（责任单位：县住建局）
"""


def test_hiding_a_section_hides_every_subsection_under_it(tmp_path: Path, config: Config) -> None:
    sidecar = "sections:\n  - title: 二、保密部分\n    public: false\n"
    document = read(tmp_path, config, REPORT, "report.md", sidecar)
    assert document.public
    assert "保密" not in shown_text(document) and "更深" not in shown_text(document)
    assert {task.text for task in document.tasks} == {"修建公开的道路。", "建设公开的公园。"}


COMMENTED = """# 桐溪县2024年政府工作报告重点任务分工方案

## 一、重点任务

<!-- 草稿：下面一条待定 -->
1. 修建公开的道路。（责任单位：县交通局）<!-- 内部备注 -->
<!--
2. 草稿里的任务。（责任单位：县草稿局）
   联系人 13947261538
-->
3. 建设公开的公园。（责任单位：县住建局）
<!-- 未闭合的注释
4. 还没定的任务。（责任单位：县草稿局）
"""


def test_html_comments_are_never_content_and_their_lines_are_accounted_for(
    tmp_path: Path, config: Config
) -> None:
    document = read(tmp_path, config, COMMENTED, "draft.md")
    text = shown_text(document)
    assert "草稿" not in text and "备注" not in text and "还没定" not in text
    assert "13947261538" not in text
    assert {task.text for task in document.tasks} == {"修建公开的道路。", "建设公开的公园。"}
    comments = [role.line for role in document.lines if role.note == "HTML 注释，不是正文"]
    assert comments == [5, 7, 8, 9, 10, 12, 13]
    assert len(document.lines) == len(COMMENTED.rstrip("\n").split("\n"))


@pytest.mark.parametrize(
    "name", ["13947261538.txt", "任务清单 139-4726-1538.txt", "37060219850317642X.txt"]
)
def test_personal_data_in_a_file_name_reaches_no_id_and_no_output(
    tmp_path: Path, config: Config, name: str
) -> None:
    text = "1. 修建公开的道路。（责任单位：县交通局）\n2. 建设公开的公园。（责任单位：县住建局）\n"
    document = mask_everywhere(read(tmp_path, config, text, name))
    data = document_json(document)
    jsonschema.validate(data, SCHEMA)
    dumped = json.dumps(data, ensure_ascii=False)
    for secret in ("13947261538", "47261538", "4726", "19850317"):
        assert secret not in dumped
    assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", document.id)


@pytest.mark.parametrize("how", ["absolute", "relative", "dot", "parent", "renamed"])
def test_the_published_path_never_names_the_servers_folders(
    tmp_path: Path, config: Config, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    server = tmp_path / "srv-secret-folder"
    folder = server / ("site-data" if how == "renamed" else "content") / "documents"
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text(f"{HEAD}\n{BODY}", encoding="utf-8")
    (server / "work").mkdir()
    cwd, path = {
        "absolute": (tmp_path, folder / "a.txt"),
        "renamed": (tmp_path, folder / "a.txt"),
        "relative": (tmp_path, Path("srv-secret-folder/content/documents/a.txt")),
        "dot": (server / "content", Path("documents/a.txt")),
        "parent": (server / "work", Path("../content/documents/a.txt")),
    }[how]
    monkeypatch.chdir(cwd)
    documents, errors = parse_paths([path], config)
    assert not errors
    assert documents[0].source == "content/documents/a.txt"


def test_a_file_outside_documents_is_named_by_its_file_name_only(
    tmp_path: Path, config: Config
) -> None:
    path = tmp_path / "srv-secret-folder" / "a.txt"
    path.parent.mkdir()
    path.write_text(f"{HEAD}\n{BODY}", encoding="utf-8")
    documents, _ = parse_paths([path], config)
    assert documents[0].source == "a.txt"


def test_the_build_date_comes_from_public_documents_only() -> None:
    def dated(date: str, public: bool) -> Document:
        return Document("d", "d.txt", "t", "", "", date, "", None, "", "", public=public)

    shown = build_epoch([dated("2024-01-05", True), dated("2025-12-31", False)])
    assert shown == build_epoch([dated("2024-01-05", True)])
    assert build_epoch([dated("2025-12-31", False)]) == 0


def test_the_sitemap_carries_no_date(tmp_path: Path) -> None:
    (tmp_path / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset>\n    <url>\n'
        "         <loc>https://example.org/</loc>\n"
        "         <lastmod>2025-12-31</lastmod>\n    </url>\n</urlset>\n",
        encoding="utf-8",
    )
    with gzip.GzipFile(tmp_path / "sitemap.xml.gz", "wb", mtime=1767139200) as packed:
        packed.write(b"old")
    scrub_sitemap(tmp_path)
    packed_bytes = (tmp_path / "sitemap.xml.gz").read_bytes()
    assert packed_bytes[4:8] == b"\0\0\0\0"  # gzip header mtime
    text = gzip.decompress(packed_bytes).decode("utf-8")
    assert text == (tmp_path / "sitemap.xml").read_text(encoding="utf-8")
    assert "2025" not in text and "lastmod" not in text
    assert "<loc>https://example.org/</loc>" in text


# --- one real build with the command line staff use, content given as a relative path ------

SERVER_FOLDER = "srv-folder-x7"
PUBLIC = f"""{HEAD}
（此件公开发布）
一、重点任务
1. 修建公开的道路，面积1200㎡……联系人电话１３９４７２６１５３８。（责任单位：县交通局）
2. 建设公开的公园，气温26℃，邮箱ｔｏｎｇｘｉｐｒｉｖ＠ｑｑ．ｃｏｍ，完成½。（责任单位：县住建局）
3. 办理补贴，申请人身份证37060219850317642X，卡号6222 0212 3456 7890 123。（责任单位：县财政局）
4. 出访人员护照E39582716，邮箱lq7secret#qq.com或zl9hidden AT gmail DOT com。（责任单位：县外办）
⑴咨询电话1385
8246913，请在工作日拨打。
桐溪县人民政府办公室
2024年1月10日
"""
PRIVATE = f"""{HEAD}
（此件不予公開）
一、重点任务
1. 私密任务甲。（责任单位：县交通局）
桐溪县人民政府办公室
2025年12月31日
"""
ATTACHED = f"""{HEAD}
（此件公开发布，附件
不公开）
一、重点任务
1. 修建公开的桥梁。（责任单位：县交通局）
【附件1】
1. 附件秘密任务乙。（责任单位：县秘密局）
"""
SIDECAR_TITLE = "title: 桐溪县2024年重点任务……咨询１３９４７２６１５３８\n"
SIDECAR_SECTIONS = "sections:\n  - title: 二、保密部分\n    public: false\n"
PHONE_NAME = "清单13855556666.txt"
MARKERS = (
    "13947261538", "１３９４７２６１５３８", "ongxipriv", "ｏｎｇｘｉｐｒｉｖ",
    "37060219850317642X", "19850317", "62220212345678901", "6222 0212 3456", "E39582716",
    "39582716", "q7secret", "l9hidden", "13858246913", "8246913", "私密任务", "2025-12-31",
    "2025年12月31日", "20251231",
    "附件秘密任务", "保密任务", "更深的一层", "草稿", "13855556666", "55556666", SERVER_FOLDER,
)  # fmt: skip


@dataclass
class Built:
    """A site built by the CLI from a content folder given as a relative path."""

    site: Path
    output: str
    returncode: int


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """Build content holding every kind of private data with `python -m generator build`."""
    workdir = tmp_path_factory.mktemp("private")
    documents = workdir / SERVER_FOLDER / "content" / "documents"
    documents.mkdir(parents=True)
    for name, text in {
        "public.txt": PUBLIC,
        "public.yml": SIDECAR_TITLE,
        "private.txt": PRIVATE,
        "attached.txt": ATTACHED,
        "report.md": REPORT + COMMENTED.split("\n", 1)[1].replace("## 一、重点任务", "## 四、补充"),
        "report.yml": SIDECAR_SECTIONS,
        PHONE_NAME: "1. 修建公开的水渠。（责任单位：县水利局）\n",
    }.items():
        (documents / name).write_text(text, encoding="utf-8")
    command = [
        sys.executable, "-m", "generator", "--content", f"{SERVER_FOLDER}/content", "build",
        "--docs", "docs", "--site", "site", "--releases", "releases",
        "--config", str(mkdocs_config(workdir)),
    ]  # fmt: skip
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run(
        command, capture_output=True, text=True, check=False, cwd=workdir, env=env
    )
    return Built(workdir / "site", result.stdout + result.stderr, result.returncode)


def published_bytes(site: Path) -> dict[str, bytes]:
    """Every published file's bytes, gzip members (sitemap, Pagefind) decompressed."""
    files = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        files[path.relative_to(site).as_posix()] = data
    return files


def test_no_private_marker_is_published_anywhere(built: Built) -> None:
    assert built.returncode == 0, built.output
    files = published_bytes(built.site)
    assert any(name.startswith("pagefind/fragment/") for name in files)
    assert "sitemap.xml.gz" in files and "data/tasks.csv" in files and "feed.xml" in files
    for name, data in files.items():
        for marker in MARKERS:
            assert marker.encode("utf-8") not in data, (name, marker)


def test_public_parts_are_published_masked(built: Built) -> None:
    data = json.loads((built.site / "data/tasks.json").read_text(encoding="utf-8"))
    texts = "\n".join(task["text"] for document in data for task in document["tasks"])
    for shown in ("139****1538", "t***@qq.com", "370*************2X", "6222****0123", "E****16"):
        assert shown in texts
    assert "修建公开的桥梁" in texts and "修建公开的水渠" in texts and "建设公开的公园" in texts
    titles = {document["title"] for document in data}
    assert "桐溪县2024年重点任务……咨询139****1538" in titles
    for document in data:
        jsonschema.validate(document, SCHEMA)
        assert "source" not in document  # where the file lies is for staff only
    # The staff manifest names the file as content/documents/…, never by the server's folder.
    manifest = json.loads((built.site.parent / "report/manifest.json").read_text("utf-8"))
    assert all(d["source"].startswith("content/documents/") for d in manifest["documents"])


def test_the_sitemap_has_no_date_of_the_private_document(built: Built) -> None:
    packed = (built.site / "sitemap.xml.gz").read_bytes()
    assert packed[4:8] == b"\0\0\0\0"
    assert b"<lastmod>" not in gzip.decompress(packed)


def test_the_build_names_the_file_it_holds_back_in_chinese(built: Built) -> None:
    lines = [line for line in built.output.splitlines() if "整份文件不公开" in line]
    assert len(lines) == 1 and "content/documents/private.txt" in lines[0]
    assert SERVER_FOLDER not in built.output


def test_a_contact_beside_a_name_never_becomes_part_of_a_leader_or_unit() -> None:
    from generator.config import Config
    from generator.ingest.text import decode_source
    from generator.read.parse import parse_source

    text = (
        "某县2024年重点任务分工方案\n"
        "1. 推进甲项目。（牵头领导：王五 13812340203；"
        "责任单位：县住建局（联系电话：13812340202）、县财政局 zhang@qq.com）\n"
    )
    document = parse_source(decode_source(text.encode(), "a.txt"), Config(), {}, "a")
    (task,) = document.tasks
    assert [leader.name for leader in task.leaders] == ["王五"]
    assert [unit.name for unit in task.units] == ["县住建局", "县财政局"]


@pytest.mark.parametrize("private_first", [True, False])
def test_a_private_twin_never_pushes_the_public_document_off_its_address(
    tmp_path: Path, private_first: bool
) -> None:
    """Two reports with the same region and year: the public one keeps the plain id.

    A public "-2" address would tell readers that a hidden document exists.
    """
    folder = tmp_path / "documents"
    folder.mkdir()
    hidden, shown = ("a.txt", "b.txt") if private_first else ("b.txt", "a.txt")
    (folder / hidden).write_text(f"{HEAD}\n（此件不公开）\n{BODY}", encoding="utf-8")
    (folder / shown).write_text(f"{HEAD}\n{BODY}", encoding="utf-8")
    documents, errors = parse_paths(sorted(folder.iterdir()), Config())
    assert not errors
    by_publicity = {d.public: d.id for d in documents}
    assert by_publicity[False] != by_publicity[True]
    assert by_publicity[False].startswith(by_publicity[True])


def test_staff_file_errors_never_show_the_server_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A broken units.yml, indicators.yml or site.yml is named content/…, not /srv/…/content/…."""
    from generator.cli import main

    content = tmp_path / "srv-folder-q4" / "content"
    (content / "documents").mkdir(parents=True)
    (content / "documents" / "a.txt").write_text(f"{HEAD}\n{BODY}", encoding="utf-8")
    (content / "units.yml").write_text("aliases: [unclosed\n", encoding="utf-8")
    (content / "indicators.yml").write_text("- {name: x\n", encoding="utf-8")
    (content / "site.yml").write_text("show_personal_contacts: maybe\n", encoding="utf-8")
    main(["--content", str(content.resolve()), "check"])
    said = capsys.readouterr()
    output = said.out + said.err
    assert "content/units.yml" in output and "content/site.yml" in output
    assert "content/indicators.yml" in output
    assert "srv-folder-q4" not in output
