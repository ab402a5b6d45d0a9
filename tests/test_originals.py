"""The original file is offered for download only when nothing in it is private."""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from pathlib import Path

from docx import Document as WordDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from reportlab.pdfgen.canvas import Canvas

from generator.build import build_docs
from tests.conftest import ROOT
from tests.pdf_fixtures import FONT

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


def test_markdown_is_offered_as_text_and_web_pages_never(tmp_path: Path) -> None:
    # In the docs folder a .md original would be built into a page of this site, and a web
    # page served from here would run its scripts as this site's own.
    page = "<html><body><script>alert(1)</script>" + CLEAN.replace("\n", "<br>") + "</body></html>"
    docs = build(tmp_path, {"notes.md": CLEAN, "page.html": page})
    assert [name.rsplit(".", 1)[1] for name in offered(docs)] == ["txt"]
    assert not list(docs.rglob("originals/*.md")) and not list(docs.rglob("originals/*.html"))


def pdf(extra: Callable[[Canvas], None] | None = None, one_by_one: str = "") -> bytes:
    # The clean task list, one line at a time; `extra` adds what a viewer shows beside it.
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.setFont(FONT, 11)
    y = 780.0
    for line in CLEAN.splitlines():
        canvas.drawString(50, y, line)
        y -= 20
    if one_by_one:
        # Drawn a character at a time, spaced out, as some report generators do.
        for index, char in enumerate(one_by_one):
            canvas.drawString(50 + index * 14, y, char)
    if extra is not None:
        extra(canvas)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def bookmark(canvas: Canvas) -> None:
    canvas.bookmarkPage("top")
    canvas.addOutlineEntry("经办人赵一13912345678", "top", level=0)


def mail_link(canvas: Canvas) -> None:
    canvas.linkURL("mailto:zhaoyi1990@qq.com", (50, 500, 200, 520))


def form_field(canvas: Canvas) -> None:
    canvas.acroForm.textfield(name="contact", value="13912345678", x=50, y=450, width=200)


def test_pdf_bookmarks_links_and_form_fields_are_scanned(tmp_path: Path) -> None:
    # A bookmark, a mailto: link and a filled form field are shown by every viewer, though
    # they are not page text.
    docs = build(
        tmp_path,
        {
            "clean.pdf": pdf(),
            "bookmark.pdf": pdf(bookmark),
            "link.pdf": pdf(mail_link),
            "form.pdf": pdf(form_field),
        },
    )
    assert [name.rsplit(".", 1)[1] for name in offered(docs)] == ["pdf"]
    assert len(list((docs / "documents").glob("*/index.md"))) == 4


def test_pdf_drawn_a_character_at_a_time_is_scanned(tmp_path: Path) -> None:
    docs = build(tmp_path, {"spaced.pdf": pdf(one_by_one="经办人13912345678")})
    assert offered(docs) == []


def hyperlinked(path: Path, address: str) -> bytes:
    # A Word hyperlink: the address lives in the relationships part, the text shows a name.
    document = WordDocument()
    for line in CLEAN.splitlines():
        document.add_paragraph(line)
    paragraph = document.add_paragraph("联系人：")
    rel = document.part.relate_to(address, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "赵一"
    run.append(text)
    link.append(run)
    paragraph._p.append(link)
    document.save(str(path))
    return path.read_bytes()


def test_word_hyperlink_address_is_scanned(tmp_path: Path) -> None:
    docs = build(
        tmp_path,
        {
            "mail.docx": hyperlinked(tmp_path / "m.docx", "mailto:zhaoyi1990@qq.com"),
            "site.docx": hyperlinked(tmp_path / "s.docx", "https://www.example.gov.cn/a/2025"),
        },
    )
    # The link to a web site holds nothing private: that file alone is offered.
    (name,) = offered(docs)
    assert (docs / "originals" / name).read_bytes() == (tmp_path / "s.docx").read_bytes()


def test_a_number_at_a_paragraph_or_cell_end_is_not_joined_to_the_next(tmp_path: Path) -> None:
    # A mobile ending one paragraph (or table cell) and a task number or year starting the next
    # must not read as one longer number that is no phone.
    paragraphs = WordDocument()
    for line in CLEAN.splitlines():
        paragraphs.add_paragraph(line)
    paragraphs.add_paragraph("联系电话：13912345678")
    paragraphs.add_paragraph("3. 完善社区服务设施。（牵头领导：王明；责任单位：县民政局）")
    paragraphs.save(str(tmp_path / "p.docx"))
    cells = WordDocument()
    for line in CLEAN.splitlines():
        cells.add_paragraph(line)
    table = cells.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "13912345678"
    table.cell(0, 1).text = "2025年底"
    cells.save(str(tmp_path / "c.docx"))
    docs = build(
        tmp_path,
        {
            "p.docx": (tmp_path / "p.docx").read_bytes(),
            "c.docx": (tmp_path / "c.docx").read_bytes(),
        },
    )
    assert offered(docs) == []


def test_character_references_are_read_as_the_characters(tmp_path: Path) -> None:
    # &#x31;3912345678 and zhao&#64;qq.com are a phone number and a mail address to any
    # browser or Markdown renderer.
    docs = build(
        tmp_path,
        {
            "hidden.md": CLEAN + '<span style="display:none">&#x31;3912345678</span>\n',
            "mail.md": CLEAN.replace("江源县", "河西县") + "联系邮箱 zhaoyi&#64;qq.com\n",
        },
    )
    assert offered(docs) == []
