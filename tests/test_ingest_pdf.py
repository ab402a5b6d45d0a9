"""PDF ingest: tables over page breaks, paragraphs without page furniture, scans and broken files.

Every fixture is drawn here with reportlab from a seed's content and parsed both as PDF and
as its text original: what staff see must not depend on which of the two was published.
"""

from __future__ import annotations

import io
import random
import re
from pathlib import Path

import pytest
from PIL import Image
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph as CellText
from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

from generator.config import Config
from generator.errors import SourceError
from generator.ingest.pdf import extract_pdf
from generator.model import Document
from generator.read.parse import parse_file

from .conftest import SEEDS
from .pdf_fixtures import FONT, Grid, Paragraph, draw, running, undecodable_pdf, watermark

TABLE_SEED = "002_2c6571777533fcf4.txt"  # 序号 | 责任单位 | 目标任务 | 责任人
TSV_SEED = "004_18c7331bcd84886b.txt"  # 序号 | 内容 | 分管领导 | 责任单位 (roles in the cell)
LIST_SEED = "000_be318bc82a9aa2fa.txt"  # numbered paragraphs with an inline clause


def tasks(document: Document) -> list[tuple[str, list[tuple[str, str]], list[str], str]]:
    """What a reader checks of each task: number, units with roles, leaders, text."""
    return [
        (
            t.number,
            [(u.name, u.role) for u in t.units],
            [leader.name for leader in t.leaders],
            t.text,
        )
        for t in document.tasks
    ]


def parse_both(tmp_path: Path, config: Config, text: str, pdf: bytes) -> tuple[Document, Document]:
    """Parse a text original and its PDF rendering the way a build does."""
    (tmp_path / "original.txt").write_text(text, encoding="utf-8")
    (tmp_path / "rendered.pdf").write_bytes(pdf)
    return (
        parse_file(tmp_path / "original.txt", config),
        parse_file(tmp_path / "rendered.pdf", config),
    )


def tsv_rows(seed: str, limit: int) -> tuple[list[str], list[list[str]]]:
    """The header and the first data rows of a seed's tab-separated task table."""
    lines = (SEEDS / seed).read_text("utf-8").splitlines()
    table = [line.split("\t") for line in lines if line.count("\t") >= 3]
    return table[0], table[1 : limit + 1]


def test_ruled_table_over_pages_reads_as_its_text(tmp_path: Path, config: Config) -> None:
    # The seed's table drawn with rules, the header again on each page and rows broken by the
    # page (the number cell empty on the next page): the same tasks as the text original.
    original = parse_file(SEEDS / TABLE_SEED, config)
    header = ["序号", "责任单位", "目 标 任 务", "责任人"]
    rows = [
        [t.number, "、".join(u.name for u in t.units), t.text, "、".join(x.name for x in t.leaders)]
        for t in original.tasks
    ]
    grid = Grid([36, 80, 255, 80], header, rows)
    blocks = [Paragraph("2023年重点工作任务分解表", 16, centred=True), grid]
    blocks.append(Paragraph("各责任单位按季度报送工作进展情况。"))
    pdf = draw(blocks, running("泰山区人民政府办公室", lambda n, total: f"—{n}—"))
    source = extract_pdf(pdf, "rendered.pdf")
    assert grid.broken_rows, "the fixture must break a row over a page"
    table_rows = list(source.rows.values())
    assert table_rows.count(tuple(header)) == 1  # repeated headers dropped
    assert len(table_rows) == len(rows) + 1  # no half rows
    text = "\n".join("\t".join(row) for row in [header, *rows]) + "\n"
    text_doc, pdf_doc = parse_both(tmp_path, config, text, pdf)
    assert len(pdf_doc.tasks) == len(original.tasks) == 35
    assert tasks(pdf_doc) == tasks(text_doc)
    assert [(t.number, t.units, t.leaders) for t in text_doc.tasks] == [
        (t.number, t.units, t.leaders) for t in original.tasks
    ]
    assert source.lines[-1] == "各责任单位按季度报送工作进展情况。"
    assert not any("—" in line or "办公室" in line for line in source.lines)


def test_landscape_table_with_roles_and_page_footer(tmp_path: Path, config: Config) -> None:
    # Another shape: landscape, units with 牵头/配合 roles in one cell, leaders separated by a
    # space, 第N页 共M页 at the right of the foot, a title on a running header and 续表 over
    # the table on each following page.
    header, rows = tsv_rows(TSV_SEED, 40)
    grid = Grid([40, 380, 90, 200], header, rows, size=11, continued="续表")
    pdf = draw(
        [grid],
        running("2020年区政府工作报告确定事项责任分解方案", lambda n, t: f"第{n}页 共{t}页", True),
        pagesize=landscape(A4),
        margin=60.0,
    )
    text = "\n".join("\t".join(row) for row in [header, *rows]) + "\n"
    text_doc, pdf_doc = parse_both(tmp_path, config, text, pdf)
    assert grid.broken_rows
    assert len(pdf_doc.tasks) == 40
    assert tasks(pdf_doc) == tasks(text_doc)
    assert any(u.role == "support" for t in pdf_doc.tasks for u in t.units)
    assert not any(re.search(r"第\d+页|确定事项责任分解方案", line) for line in pdf_doc.text_lines)


def test_continued_note_over_the_rest_of_a_table() -> None:
    # Two pages: 续表 over the second part is not text between two tables, and not repeated
    # on most pages either, so only its meaning tells it away.
    header, rows = tsv_rows(TSV_SEED, 18)
    grid = Grid([40, 250, 70, 100], header, rows, size=11, continued="续表")
    pages: list[int] = []
    pdf = draw([grid], lambda canvas, page, total: pages.append(total))
    assert max(pages) == 2
    source = extract_pdf(pdf, "continued.pdf")
    assert not any("续表" in line for line in source.lines)
    assert [cells[0] for cells in source.rows.values()] == ["序号", *(str(n) for n in range(1, 19))]


def test_broken_row_with_its_number_printed_again(tmp_path: Path, config: Config) -> None:
    # Some producers print the number again over the rest of a broken row.
    header, rows = tsv_rows(TSV_SEED, 30)
    grid = Grid([40, 250, 70, 100], header, rows, size=11, number_again=True)
    pdf = draw([grid])
    assert grid.broken_rows
    text = "\n".join("\t".join(row) for row in [header, *rows]) + "\n"
    text_doc, pdf_doc = parse_both(tmp_path, config, text, pdf)
    assert tasks(pdf_doc) == tasks(text_doc)
    assert pdf_doc.warnings == text_doc.warnings


def test_watermarks_are_not_text(tmp_path: Path, config: Config) -> None:
    # A tilted watermark and a level note printed at the same place on every page.
    lines = list_seed_lines()[:60]

    def decorate(canvas: Canvas, page: int, total: int) -> None:
        watermark("内部资料 注意保存")(canvas, page, total)
        canvas.setFont(FONT, 12)
        canvas.drawString(400, 420, "征求意见稿")

    pdf = draw([Paragraph(line) for line in lines], decorate)
    source = extract_pdf(pdf, "marked.pdf")
    assert not any(re.search("内部资料|注意保存|征求意见稿", line) for line in source.lines)
    text_doc, pdf_doc = parse_both(tmp_path, config, "\n".join(lines) + "\n", pdf)
    assert tasks(pdf_doc) == tasks(text_doc)


def test_unruled_aligned_table(tmp_path: Path, config: Config) -> None:
    # No rules at all: columns only by alignment; the task header makes it a table, and the
    # paragraphs above and below it stay text.
    header, rows = tsv_rows(TSV_SEED, 45)
    grid = Grid([40, 300, 70, 190], header, rows, ruled=False, size=10)
    before = "根据管委工作安排，现将责任分解方案印发给你们，请各责任单位认真抓好落实。"
    after = "各责任单位要逐项制定每月推进计划，明确任务目标、责任人、完成时限，迅速部署推进。"
    blocks = [
        Paragraph("责任分解方案", 16, centred=True),
        Paragraph(before),
        grid,
        Paragraph(after),
    ]
    pdf = draw(blocks, running("", lambda n, t: f"- {n} -"), margin=50.0)
    source = extract_pdf(pdf, "rendered.pdf")
    assert grid.broken_rows
    assert list(source.rows.values()).count(tuple(header)) == 1
    assert source.lines[:2] == ("责任分解方案", before) and source.lines[-1] == after
    text = "\n".join("\t".join(row) for row in [header, *rows]) + "\n"
    text_doc, pdf_doc = parse_both(tmp_path, config, text, pdf)
    assert len(pdf_doc.tasks) == 45
    assert tasks(pdf_doc) == tasks(text_doc)


def platypus_table(rows: list[list[str]], widths: list[float], spans: list[tuple] = ()) -> bytes:
    """A table laid out by reportlab's own Table: grid lines, wrapped cells, header repeated."""
    style = ParagraphStyle("cell", fontName=FONT, fontSize=10.5, leading=15, wordWrap="CJK")
    data = [[CellText(text, style) for text in row] for row in rows]
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    commands += [("SPAN", start, end) for start, end in spans]
    buffer = io.BytesIO()
    table = Table(data, widths, repeatRows=1, style=TableStyle(commands))
    SimpleDocTemplate(buffer, pagesize=A4, invariant=1).build([table])
    return buffer.getvalue()


def test_table_laid_out_by_another_producer(tmp_path: Path, config: Config) -> None:
    # Grid lines instead of cell boxes, cells centred vertically, the 序号 header wrapped.
    header, rows = tsv_rows(TSV_SEED, 60)
    pdf = platypus_table([header, *rows], [30, 250, 60, 120])
    text = "\n".join("\t".join(row) for row in [header, *rows]) + "\n"
    text_doc, pdf_doc = parse_both(tmp_path, config, text, pdf)
    assert len(pdf_doc.tasks) == 60
    assert [t[:3] for t in tasks(pdf_doc)] == [t[:3] for t in tasks(text_doc)]
    assert [t.text for t in pdf_doc.tasks] == [t.text for t in text_doc.tasks]


def test_merged_cells() -> None:
    # A heading merged across the row, a leader merged down over two tasks, and a task whose
    # number and text span two rows with one unit in each.
    rows = [
        ["序号", "重点任务", "牵头领导", "牵头单位", "配合单位"],
        ["一、稳定经济增长", "", "", "", ""],
        ["1", "地区生产总值增长6%左右，固定资产投资增长8%以上。", "张三", "区发改局", "区统计局"],
        ["2", "一般公共预算收入增长5%。", "", "区财政局", "区税务局"],
        [
            "3",
            "新建5G基站300个，培育数字经济核心产业企业20家以上。",
            "李四",
            "区工信局",
            "区大数据局",
        ],
        ["", "", "", "区发改局", ""],
    ]
    spans = [
        ((0, 1), (-1, 1)),
        ((2, 2), (2, 3)),
        ((0, 4), (0, 5)),
        ((1, 4), (1, 5)),
        ((2, 4), (2, 5)),
    ]
    source = extract_pdf(platypus_table(rows, [36, 200, 60, 80, 80], spans), "merged.pdf")
    assert source.lines[1] == "一、稳定经济增长"
    assert list(source.rows.values())[1:] == [
        ("1", "地区生产总值增长6%左右，固定资产投资增长8%以上。", "张三", "区发改局", "区统计局"),
        ("2", "一般公共预算收入增长5%。", "张三", "区财政局", "区税务局"),
        (
            "3",
            "新建5G基站300个，培育数字经济核心产业企业20家以上。",
            "李四",
            "区工信局\n区发改局",
            "区大数据局",
        ),
    ]


def test_category_merged_down_beside_numbered_rows(tmp_path: Path, config: Config) -> None:
    # The first column holds a category merged over several numbered tasks: each row stays
    # a task of its own, under that category.
    rows = [
        ["类别", "序号", "工作任务", "责任单位", "责任领导"],
        ["经济发展", "1", "地区生产总值增长6%左右。", "区发改局", "张三"],
        ["", "2", "一般公共预算收入增长5%。", "区财政局", "李四"],
        ["", "3", "固定资产投资增长8%以上。", "区发改局", "张三"],
        ["民生保障", "4", "新增城镇就业5000人以上。", "区人社局", "王五"],
        ["", "5", "新建幼儿园3所。", "区教体局", "王五"],
    ]
    spans = [((0, 1), (0, 3)), ((0, 4), (0, 5))]
    pdf = platypus_table(rows, [60, 36, 200, 80, 60], spans)
    source = extract_pdf(pdf, "categories.pdf")
    assert [cells[:2] for cells in source.rows.values()] == [
        ("类别", "序号"),
        *[("经济发展", str(n)) for n in (1, 2, 3)],
        *[("民生保障", str(n)) for n in (4, 5)],
    ]
    expected = [
        ("1", "经济发展", "区发改局"),
        ("2", "经济发展", "区财政局"),
        ("3", "经济发展", "区发改局"),
        ("4", "民生保障", "区人社局"),
        ("5", "民生保障", "区教体局"),
    ]
    (tmp_path / "categories.pdf").write_bytes(pdf)
    document = parse_file(tmp_path / "categories.pdf", config)
    assert [(t.number, t.section[-1], t.units[0].name) for t in document.tasks] == expected
    # The same without rules: the category printed once, the rows below it with an empty
    # first column are still tasks of their own (they have numbers).
    unruled = draw([Grid([60, 36, 200, 80, 60], rows[0], rows[1:], ruled=False)])
    (tmp_path / "unruled.pdf").write_bytes(unruled)
    document = parse_file(tmp_path / "unruled.pdf", config)
    assert [(t.number, t.section[-1], t.units[0].name) for t in document.tasks] == expected


def list_seed_lines() -> list[str]:
    """The numbered-list seed as plain lines: Markdown marks and rules dropped."""
    lines = []
    for line in (SEEDS / LIST_SEED).read_text("utf-8").splitlines():
        line = re.sub(r"^#+\s*", "", line).strip()
        if line and not re.fullmatch(r"-{3,}", line):
            lines.append(line)
    return lines


def test_numbered_paragraphs_without_page_furniture(tmp_path: Path, config: Config) -> None:
    # Paragraphs over many pages, wrapped at the margin, with —N— and a running header.
    lines = list_seed_lines()
    head = "烟台市莱山区人民政府办公室"
    pdf = draw([Paragraph(line) for line in lines], running(head, lambda n, t: f"— {n} —"))
    text_doc, pdf_doc = parse_both(tmp_path, config, "\n\n".join(lines) + "\n", pdf)
    assert len(pdf_doc.tasks) == len(text_doc.tasks) == 81
    assert tasks(pdf_doc) == tasks(text_doc)
    for task in pdf_doc.tasks:
        assert "—" not in task.text and not re.search(r"人民政府办公室$", task.text)
    assert not any(re.fullmatch(r"[—\s\d]+", line) for line in pdf_doc.text_lines if line)


def test_paragraphs_set_apart_by_space() -> None:
    # No first-line indent: paragraphs are told apart by the space between them, even when a
    # paragraph's last line happens to fill the measure.
    full = ("统筹推进重点项目建设" * 10)[:74]  # exactly two full lines of 12-point text
    texts = [full, "根据区政府工作安排，现将有关事项通知如下。", full, "请各单位认真抓好落实。"]
    pdf = draw([Paragraph(text, indent=False, space=10) for text in texts])
    assert extract_pdf(pdf, "spaced.pdf").lines == tuple(texts)


def test_label_lines_below_each_task(tmp_path: Path, config: Config) -> None:
    # Each task a paragraph followed by its 牵头领导： and 责任单位： lines; page numbers 3/9.
    seed = parse_file(SEEDS / LIST_SEED, config)
    lines = ["2023年政府工作报告责任分工方案"]
    for task in seed.tasks:
        lines.append(f"{task.number}. {task.text}")
        lines.append("牵头领导：" + "、".join(x.name for x in task.leaders))
        lines.append("责任单位：" + "、".join(u.name for u in task.units))
    pdf = draw(
        [Paragraph(line, 11) for line in lines],
        running("责任分工方案", lambda n, t: f"{n}/{t}", True),
    )
    text_doc, pdf_doc = parse_both(tmp_path, config, "\n".join(lines) + "\n", pdf)
    assert len(pdf_doc.tasks) == 81
    assert tasks(pdf_doc) == tasks(text_doc)
    assert [t.leaders for t in pdf_doc.tasks] == [t.leaders for t in seed.tasks]


def image_only_pdf(pages: int) -> bytes:
    """A scan: pages of pictures and shapes, no text."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    picture = io.BytesIO()
    Image.new("L", (40, 60), 200).save(picture, "PNG")
    for _ in range(pages):
        canvas.rect(72, 72, 400, 600, fill=1)
        picture.seek(0)
        canvas.drawImage(ImageReader(picture), 100, 100, 200, 300)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_scan_needs_ocr() -> None:
    with pytest.raises(SourceError) as raised:
        extract_pdf(image_only_pdf(3), "scan.pdf")
    assert "OCR" in raised.value.message and "3 页" in raised.value.message
    assert str(raised.value).startswith("scan.pdf: ")


def test_text_in_fonts_without_a_map_needs_ocr() -> None:
    with pytest.raises(SourceError) as raised:
        extract_pdf(undecodable_pdf(2), "glyphs.pdf")
    assert "无法解码" in raised.value.message and "OCR" in raised.value.message
    assert "共 2 页" in raised.value.message


def test_scanned_page_among_text_pages_is_reported() -> None:
    text = draw(
        [Paragraph("一、总体要求"), Paragraph("1. 推进重点项目建设。（责任单位：区发改局）")]
    )
    # Append an image-only page by drawing it after a text page.
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    canvas.setFont(FONT, 12)
    canvas.drawString(72, 700, "1. 推进重点项目建设。（责任单位：区发改局）")
    canvas.showPage()
    canvas.rect(72, 72, 400, 600, fill=1)
    canvas.showPage()
    canvas.save()
    source = extract_pdf(buffer.getvalue(), "mixed.pdf")
    assert source.lines == ("1. 推进重点项目建设。（责任单位：区发改局）",)
    assert any("第 2 页" in p.message and "OCR" in p.message for p in source.problems)
    assert extract_pdf(text, "plain.pdf").problems == ()


@pytest.mark.parametrize(
    "damage",
    [
        lambda pdf: pdf[: len(pdf) // 2],
        lambda pdf: pdf[:200],
        lambda pdf: b"%PDF-1.7\n" + bytes(range(256)) * 8,
        lambda pdf: pdf.replace(b"/Contents", b"/Contentz"),
        lambda pdf: pdf.replace(b"stream", b"streem"),
    ],
    ids=["half", "head-only", "garbage", "no-contents", "bad-streams"],
)
def test_broken_pdf_is_a_clear_error(damage: object, tmp_path: Path, config: Config) -> None:
    pdf = draw([Paragraph(line) for line in list_seed_lines()[:30]])
    broken = damage(pdf)  # type: ignore[operator]
    (tmp_path / "broken.pdf").write_bytes(broken)
    try:
        document = parse_file(tmp_path / "broken.pdf", config)
    except SourceError as error:
        assert error.path.endswith("broken.pdf") and error.line == 0
        assert "PDF" in error.message or "OCR" in error.message
    else:
        # A file pdfminer can repair must still read as what it says, with no furniture.
        assert document.tasks


def test_damaged_bytes_never_escape_as_a_traceback() -> None:
    # Bytes overwritten at random places (seeded): text, a clear error, or a warning per page.
    pdf = draw([Paragraph(line) for line in list_seed_lines()[:12]])
    chance = random.Random(20261127)
    for _ in range(150):
        damaged = bytearray(pdf)
        for _ in range(chance.randint(1, 20)):
            position = chance.randrange(len(damaged))
            damaged[position : position + 4] = chance.randbytes(4)
        try:
            extract_pdf(bytes(damaged), "damaged.pdf")
        except SourceError as error:
            assert error.path == "damaged.pdf" and error.message


def test_encrypted_pdf_names_the_reason() -> None:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, encrypt=StandardEncryption("secret", canPrint=0))
    canvas.setFont(FONT, 12)
    canvas.drawString(72, 700, "1. 推进重点项目建设。")
    canvas.save()
    with pytest.raises(SourceError) as raised:
        extract_pdf(buffer.getvalue(), "locked.pdf")
    assert "加密" in raised.value.message


def test_fake_bold_and_look_alike_characters() -> None:
    # Bold faked by printing a line twice, a hair apart; Kangxi radicals some fonts map
    # ideographs to (⼯ for 工).
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    canvas.setFont(FONT, 12)
    canvas.drawString(72, 700, "一、加强组织领导")
    canvas.drawString(72.3, 700.2, "一、加强组织领导")
    canvas.drawString(72, 680, "1. 完成⼯作⽬标。（责任单位：区发改局）")
    canvas.save()
    source = extract_pdf(buffer.getvalue(), "bold.pdf")
    assert source.lines == ("一、加强组织领导", "1. 完成工作目标。（责任单位：区发改局）")


def test_extraction_is_deterministic() -> None:
    header, rows = tsv_rows(TSV_SEED, 12)
    pdf = draw([Paragraph("分解方案", 16, centred=True), Grid([40, 260, 70, 130], header, rows)])
    assert extract_pdf(pdf, "a.pdf") == extract_pdf(pdf, "a.pdf")
