"""The original file is offered for download only when nothing in it is private."""

from __future__ import annotations

import shutil
from pathlib import Path

from docx import Document as WordDocument

from generator.build import build_docs
from tests.conftest import ROOT

CLEAN = """\
江源县人民政府办公室关于印发2025年重点工作任务分解方案的通知
各乡镇人民政府：
现将方案印发给你们，请认真贯彻落实。
1. 推进城乡供水一体化。（牵头领导：王明；责任单位：县水利局）
2. 建设智慧停车系统。（牵头领导：李强；责任单位：县住建局）
"""


def build(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    content = tmp_path / "content"
    documents = content / "documents"
    documents.mkdir(parents=True)
    for name in ("units.yml", "indicators.yml", "site.yml"):
        shutil.copy(ROOT / "content" / name, content / name)
    for name, body in files.items():
        path = documents / name
        if isinstance(body, bytes):
            path.write_bytes(body)
        else:
            path.write_text(body, "utf-8")
    docs = tmp_path / "build" / "docs"
    build_docs(content, docs)
    return docs


def offered(docs: Path) -> list[str]:
    folder = docs / "originals"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def links(docs: Path) -> str:
    return "\n".join(p.read_text("utf-8") for p in (docs / "documents").glob("*/index.md"))


def word(path: Path, footer: str = "") -> bytes:
    document = WordDocument()
    for line in CLEAN.splitlines():
        document.add_paragraph(line)
    if footer:
        document.sections[0].footer.paragraphs[0].text = footer
    document.save(str(path))
    return path.read_bytes()


def test_a_document_with_nothing_private_is_offered_whole(tmp_path: Path) -> None:
    docs = build(tmp_path, {"clean.txt": CLEAN})
    (name,) = offered(docs)
    assert (docs / "originals" / name).read_text("utf-8") == CLEAN
    assert "下载原件（TXT）" in links(docs)


def test_withheld_attachment_masked_contact_or_private_document_never_offered(
    tmp_path: Path,
) -> None:
    attachment = CLEAN + "附件：县级领导联系表（不公开）\n附件\n县级领导联系表\n王明 县长\n"
    contact = CLEAN + "（联系人：赵一，联系电话：13912345678）\n"
    docs = build(
        tmp_path,
        {
            "attachment.txt": attachment,
            "contact.txt": contact,
            "private.txt": CLEAN.replace("江源县", "河西县"),
            "private.yml": "public: false\n",
        },
    )
    assert offered(docs) == []
    assert "下载原件" not in links(docs)


def test_what_the_reader_skips_is_checked_too(tmp_path: Path) -> None:
    # A phone number in a Word footer or an HTML comment is not on any page, but it is in the
    # file: such a file is never offered.
    paragraphs = "".join(f"<p>{line}</p>" for line in CLEAN.splitlines())
    page = f"<html><body><!-- 经办人 13912345678 --><div>{paragraphs}</div></body></html>"
    docs = build(
        tmp_path,
        {
            "footer.docx": word(tmp_path / "f.docx", footer="经办人：赵一 13912345678"),
            "page.html": page,
        },
    )
    assert offered(docs) == []
    plain = build(tmp_path / "again", {"plain.docx": word(tmp_path / "p.docx")})
    assert [name.rsplit(".", 1)[1] for name in offered(plain)] == ["docx"]
