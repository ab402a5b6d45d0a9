"""A 不公开 notice the reader sets aside (page header, footer, text box, watermark) still counts."""

from __future__ import annotations

import zipfile
from pathlib import Path

from docx import Document as WordDocument
from docx.oxml import parse_xml
from reportlab.pdfgen.canvas import Canvas

from generator.config import Config
from generator.read.parse import parse_file
from tests.pdf_fixtures import Paragraph, draw, running, watermark

BODY = [
    "关于印发青岭区2025年重点工作任务分工的通知",
    "各街道办事处，区直各部门：",
    "1. 推进老旧小区改造。（牵头领导：周平；责任单位：区住建局）",
    "2. 建设社区养老服务站。（牵头领导：吴刚；责任单位：区民政局）",
    "3. 完善农村公路养护机制。（牵头领导：郑伟；责任单位：区交通局）",
]


def pdf(tmp_path: Path, decorate: object, pages: int = 3) -> Path:
    # Enough paragraphs for several pages, so a line on each page is page furniture.
    places = ["城东片区", "滨河街道", "南山社区", "工业园区", "北湖新区", "西岭镇", "高铁站周边"]
    works = ["改造雨污管网", "新建口袋公园", "整治背街小巷", "增设充电设施", "修缮公共厕所"]
    blocks = [Paragraph(line) for line in BODY] + [
        Paragraph(f"{n}. {places[n % 7]}{works[n % 5]}，年底前完成主体工程并组织验收。" * 3)
        for n in range(4, 4 + 10 * pages)
    ]
    path = tmp_path / "tasks.pdf"
    path.write_bytes(draw(blocks, decorate))  # type: ignore[arg-type]
    return path


def word(tmp_path: Path, header: str = "", box: str = "") -> Path:
    document = WordDocument()
    for line in BODY:
        document.add_paragraph(line)
    if header:
        document.sections[0].header.paragraphs[0].text = header
    if box:
        # A floating text box (wps:txbx) anchored in the first paragraph.
        document.paragraphs[0]._p.append(parse_xml(TEXT_BOX.format(text=box)))
    path = tmp_path / "tasks.docx"
    document.save(str(path))
    return path


TEXT_BOX = (
    '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    ' xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
    ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
    ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
    '<w:drawing><wp:anchor><wp:docPr id="9" name="box"/><a:graphic><a:graphicData>'
    "<wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p>"
    "</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor>"
    "</w:drawing></w:r>"
)


def held_back(path: Path, config: Config) -> tuple[bool, str]:
    document = parse_file(path, config, display=f"content/documents/{path.name}")
    return document.public, "\n".join(p.message for p in document.warnings)


def test_pdf_running_header_notice_withholds_the_document(tmp_path: Path, config: Config) -> None:
    path = pdf(tmp_path, running("内部资料　注意保存", lambda n, total: f"- {n} -"))
    public, warnings = held_back(path, config)
    assert not public
    assert "content/documents/tasks.pdf" in warnings and "整份文件不公开发布" in warnings


def test_pdf_watermark_notice_withholds_the_document(tmp_path: Path, config: Config) -> None:
    public, _ = held_back(pdf(tmp_path, watermark("此件不公开")), config)
    assert not public


def test_pdf_ordinary_running_header_is_still_published(tmp_path: Path, config: Config) -> None:
    path = pdf(tmp_path, running("青岭区人民政府办公室文件", lambda n, total: f"第{n}页"))
    public, warnings = held_back(path, config)
    assert public and "不公开" not in warnings


def test_word_header_notice_withholds_the_document(tmp_path: Path, config: Config) -> None:
    public, warnings = held_back(word(tmp_path, header="（此件不公开）"), config)
    assert not public
    assert "content/documents/tasks.docx" in warnings and "此件不公开" in warnings


def test_word_text_box_notice_withholds_the_document(tmp_path: Path, config: Config) -> None:
    public, _ = held_back(word(tmp_path, box="本文件请勿对外公开"), config)
    assert not public


def test_word_with_plain_header_and_box_is_published(tmp_path: Path, config: Config) -> None:
    public, _ = held_back(word(tmp_path, header="青岭区人民政府", box="2025年"), config)
    assert public


def test_a_reviewed_sidecar_still_publishes(tmp_path: Path, config: Config) -> None:
    path = word(tmp_path, header="此件不公开")
    (tmp_path / "tasks.yml").write_text("public: true\n", "utf-8")
    public, _ = held_back(path, config)
    assert public


def stamped(canvas: Canvas, page: int, total: int) -> None:
    # A note stamped on the first page by whoever sent the file on.
    if page == 1:
        canvas.textAnnotation("此件不公开", Rect=(400, 700, 500, 740))


def test_pdf_annotation_notice_withholds_the_document(tmp_path: Path, config: Config) -> None:
    public, _ = held_back(pdf(tmp_path, stamped), config)
    assert not public


FOOTNOTES = (
    '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:footnote w:id="1"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:footnote></w:footnotes>'
)
FOOTNOTES_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"


def with_footnote(path: Path, text: str) -> Path:
    # python-docx writes no footnotes part: add one, as Word does, beside the body.
    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    rels = "word/_rels/document.xml.rels"
    parts[rels] = parts[rels].replace(
        b"</Relationships>",
        f'<Relationship Id="rIdNote" Type="{FOOTNOTES_TYPE}" Target="footnotes.xml"/>'
        "</Relationships>".encode(),
    )
    parts["word/footnotes.xml"] = FOOTNOTES.format(text=text).encode()
    with zipfile.ZipFile(path, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return path


def test_word_footnote_notice_withholds_the_document(tmp_path: Path, config: Config) -> None:
    public, _ = held_back(with_footnote(word(tmp_path), "此件不予公开。"), config)
    assert not public
    plain = tmp_path / "plain"
    plain.mkdir()
    public, _ = held_back(with_footnote(word(plain), "数据来源：区统计局。"), config)
    assert public
