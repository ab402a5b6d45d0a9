"""Word (.docx) ingest: list numbers, bold lead phrases and merged table cells read like text."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document as new_document
from docx.document import Document as WordDocument
from docx.oxml import parse_xml
from docx.table import Table
from docx.text.paragraph import Paragraph

from generator.config import Config
from generator.errors import SourceError
from generator.ingest import extract
from generator.ingest.docx import chinese_numeral, extract_docx, format_number
from generator.model import Document, Task
from generator.read.parse import parse_file

from .conftest import SEEDS

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NUMBERED_SEED = SEEDS / "000_be318bc82a9aa2fa.txt"
TITLED_SEED = SEEDS / "003_a2397678dd54855a.txt"
TABLE_SEED = SEEDS / "004_18c7331bcd84886b.txt"
TASK_NUMBER = re.compile(r"^(\d+)\.\s*")
TOP_HEADING = re.compile(r"^[一二三四五六七八九十]+、")
SUB_HEADING = re.compile(r"^[（(][一二三四五六七八九十]+[)）]\s*")
HEADING_MARK = re.compile(r"^(#{1,6})\s+")


# --- building Word files the way Word writes them -------------------------------------------


def add_list(document: WordDocument, levels: list[tuple[str, str, str]]) -> str:
    """Add a numbering definition (numFmt, lvlText, suff per level); return its numId."""
    numbering = document.part.numbering_part.element
    used = [int(n) for n in numbering.xpath("//w:abstractNum/@w:abstractNumId")]
    abstract_id = max(used, default=0) + 1
    num_id = max((int(n) for n in numbering.xpath("//w:num/@w:numId")), default=0) + 1
    lvls = "".join(
        f'<w:lvl w:ilvl="{index}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:suff w:val="{suffix}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for index, (fmt, text, suffix) in enumerate(levels)
    )
    abstract = parse_xml(
        f'<w:abstractNum xmlns:w="{W}" w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="multilevel"/>{lvls}</w:abstractNum>'
    )
    # abstractNum elements must come before every num element.
    first_num = numbering.find(f"{{{W}}}num")
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(
        parse_xml(
            f'<w:num xmlns:w="{W}" w:numId="{num_id}">'
            f'<w:abstractNumId w:val="{abstract_id}"/></w:num>'
        )
    )
    return str(num_id)


def number(paragraph: Paragraph, num_id: str, level: int = 0) -> None:
    """Give a paragraph a Word list number (the number itself is not in its text)."""
    properties = paragraph._p.get_or_add_pPr()
    properties.insert(
        0,
        parse_xml(
            f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
        ),
    )


def save(document: WordDocument, path: Path) -> Path:
    document.save(str(path))
    return path


def seed_lines(path: Path) -> list[str]:
    return path.read_text("utf-8").split("\n")


def chinese_list(document: WordDocument) -> str:
    """The outline numbering Chinese notices use: 一、 then （一）, both without a tab."""
    return add_list(
        document,
        [("chineseCounting", "%1、", "nothing"), ("chineseCounting", "（%2）", "nothing")],
    )


def numbered_document(path: Path) -> Path:
    """Rewrite the numbered-paragraph seed as Word would hold it: every number is automatic."""
    document = new_document()
    outline = chinese_list(document)
    for line in seed_lines(NUMBERED_SEED):
        text = line.strip()
        if not text:
            continue
        mark = HEADING_MARK.match(text)
        level = len(mark.group(1)) if mark else 0
        text = text[mark.end() :] if mark else text
        task = TASK_NUMBER.match(text)
        if task:
            document.add_paragraph(text[task.end() :], style="List Number")
        elif TOP_HEADING.match(text):
            heading = document.add_paragraph(TOP_HEADING.sub("", text), style="Heading 2")
            number(heading, outline, 0)
        elif SUB_HEADING.match(text):
            heading = document.add_paragraph(SUB_HEADING.sub("", text), style="Heading 3")
            number(heading, outline, 1)
        elif level:
            document.add_heading(text, level)
        else:
            document.add_paragraph(text)
    section = document.sections[0]
    section.header.paragraphs[
        0
    ].text = "页眉：内部资料 99. 不是任务（牵头领导：某某；责任单位：页眉局）"
    section.footer.paragraphs[0].text = "— 1 —"
    return save(document, path)


def titled_document(path: Path) -> Path:
    """Rewrite the titled-paragraph seed with its **lead phrases** as bold Word runs."""
    document = new_document()
    for line in seed_lines(TITLED_SEED):
        text = line.strip()
        if not text:
            continue
        mark = HEADING_MARK.match(text)
        if mark:
            document.add_heading(text[mark.end() :], len(mark.group(1)))
            continue
        lead = re.match(r"^\*\*(.+?)\*\*", text)
        paragraph = document.add_paragraph()
        if lead:
            paragraph.add_run(lead.group(1)).bold = True
            text = text[lead.end() :]
        # A bold word inside the sentence is emphasis, not a lead phrase.
        if "分工" in text:
            before, after = text.split("分工", 1)
            paragraph.add_run(before)
            paragraph.add_run("分工").bold = True
            paragraph.add_run(after)
        else:
            paragraph.add_run(text)
    return save(document, path)


def table_document(path: Path) -> Path:
    """Rewrite the TSV-table seed as a Word table with automatic 序号 and merged cells.

    Runs of equal leader or unit cells are merged down (one cell covering several rows, as
    staff draw them), each group of rows gets a section row merged across the whole table,
    and the 序号 column is numbered by Word.
    """
    document = new_document()
    rows_number = add_list(document, [("decimal", "%1", "nothing")])
    lines = seed_lines(TABLE_SEED)
    index = 0
    while index < len(lines):
        text = lines[index].strip()
        if "\t" not in lines[index]:
            if text:
                mark = HEADING_MARK.match(text)
                if mark:
                    document.add_heading(text[mark.end() :], len(mark.group(1)))
                else:
                    document.add_paragraph(text)
            index += 1
            continue
        groups: list[list[list[str]]] = [[]]
        while index < len(lines) and ("\t" in lines[index] or not lines[index].strip()):
            if lines[index].strip():
                groups[-1].append(lines[index].split("\t"))
            elif groups[-1]:
                groups.append([])
            index += 1
        add_seed_table(document, [g for g in groups if g], rows_number)
    return save(document, path)


def add_seed_table(document: WordDocument, groups: list[list[list[str]]], num_id: str) -> None:
    header, *first = groups[0]
    groups = [first, *groups[1:]]
    width = len(header)
    table = document.add_table(rows=0, cols=width)
    cells = table.add_row().cells
    for cell, value in zip(cells, header, strict=True):
        cell.text = value
    task_table = width == 4
    for position, group in enumerate(groups, start=1):
        if task_table:
            section = table.add_row().cells
            merged = section[0].merge(section[-1])
            merged.text = f"{chinese_numeral(position)}、重点工作"
        start = len(table.rows)
        for values in group:
            row = table.add_row().cells
            for column, (cell, value) in enumerate(zip(row, values, strict=True)):
                if task_table and column == 0 and value.isdigit():
                    number(cell.paragraphs[0], num_id)
                else:
                    cell.text = value
        if task_table:
            merge_runs(table, start, [values[2] for values in group], 2)
            merge_runs(table, start, [values[3] for values in group], 3)


def merge_runs(table: Table, start: int, values: list[str], column: int) -> None:
    """Merge each run of equal cells in a column into one cell covering those rows."""
    first = 0
    for index in range(1, len(values) + 1):
        if index == len(values) or values[index] != values[first]:
            if index - first > 1:
                top = table.cell(start + first, column)
                top.merge(table.cell(start + index - 1, column))
                top.text = values[first]  # merge() concatenates the texts; keep one copy
            first = index


def assignments(document: Document) -> list[tuple[str, str, list[tuple[str, str]], list[str]]]:
    """What a user checks per task: number, text, units with roles, leaders."""
    return [
        (t.number, t.text, [(u.name, u.role) for u in t.units], [x.name for x in t.leaders])
        for t in document.tasks
    ]


def task(document: Document, task_number: str) -> Task:
    return next(t for t in document.tasks if t.number == task_number)


# --- tests ---------------------------------------------------------------------------------


def test_word_list_numbers_give_the_same_tasks_as_the_text(tmp_path: Path, config: Config) -> None:
    path = numbered_document(tmp_path / "numbered.docx")
    xml = zipfile.ZipFile(path).read("word/document.xml").decode()
    assert ">81." not in xml and ">二、" not in xml  # the numbers are only in numbering.xml
    source = extract(path)
    numbers = [m.group(1) for line in source.lines if (m := TASK_NUMBER.match(line))]
    assert numbers == [str(n) for n in range(1, 82)]
    assert "## 二、聚力攻坚项目建设，在保增长促发展上实现新突破" in source.lines
    assert "### （三）“抢”字当头引项目" in source.lines  # （一）… restarts under each 一、
    word = parse_file(path, config)
    text = parse_file(NUMBERED_SEED, config)
    assert len(word.tasks) == 81
    assert assignments(word) == assignments(text)
    assert [t.section for t in word.tasks] == [t.section for t in text.tasks]


def test_headers_and_footers_are_not_body_text(tmp_path: Path, config: Config) -> None:
    source = extract(numbered_document(tmp_path / "numbered.docx"))
    assert not any("页眉" in line or "— 1 —" in line for line in source.lines)
    assert "99" not in {t.number for t in parse_file(tmp_path / "numbered.docx", config).tasks}


def test_bold_lead_phrases_become_task_titles(tmp_path: Path, config: Config) -> None:
    path = titled_document(tmp_path / "titled.docx")
    source = extract(path)
    assert any(line.startswith("**精准招引项目。**深入推进") for line in source.lines)
    # Bold inside a sentence is not a lead phrase.
    assert not any("**分工**" in line for line in source.lines)
    word = parse_file(path, config)
    text = parse_file(TITLED_SEED, config)
    assert [t.title for t in word.tasks] == [t.title for t in text.tasks]
    assert word.tasks[0].title == "精准招引项目"
    assert assignments(word) == assignments(text)


def test_table_with_merged_cells_gives_each_task_its_leaders_and_units(
    tmp_path: Path, config: Config
) -> None:
    path = table_document(tmp_path / "table.docx")
    xml = zipfile.ZipFile(path).read("word/document.xml").decode()
    assert xml.count("<w:vMerge/>") > 50 and "<w:gridSpan" in xml  # really merged
    source = extract(path)
    assert "一、重点工作" in source.lines  # the section row across the table is a heading line
    rows = list(source.rows.values())
    nine = next(cells for cells in rows if cells[0] == "9")
    ten = next(cells for cells in rows if cells[0] == "10")
    assert nine[2] == ten[2] == "隋 斌"  # one leader cell merged over both rows
    word = parse_file(path, config)
    text = parse_file(TABLE_SEED, config)
    assert len(word.tasks) == 206
    assert assignments(word) == assignments(text)
    assert [x.name for x in task(word, "50").leaders] == ["隋斌"]
    assert [(u.name, u.role) for u in task(word, "53").units] == [("区工信局", "lead")]


def test_two_row_header_with_merged_cells_gives_unit_roles(tmp_path: Path, config: Config) -> None:
    document = new_document()
    table = document.add_table(rows=4, cols=5)
    for row, values in enumerate(
        [
            ["序号", "工作任务", "牵头领导", "责任单位", ""],
            ["", "", "", "牵头单位", "配合单位"],
            ["1", "地区生产总值增长6%。", "张三", "区发改局", "区统计局、各镇街"],
            ["2", "固定资产投资增长8%。", "", "区发改局", "区财政局"],
        ]
    ):
        for column, value in enumerate(values):
            if value:
                table.cell(row, column).text = value
    for column in (0, 1, 2):  # 序号, 工作任务 and 牵头领导 merged down over both header rows
        table.cell(0, column).merge(table.cell(1, column))
    table.cell(0, 3).merge(table.cell(0, 4))  # 责任单位 over 牵头单位 | 配合单位
    table.cell(2, 2).merge(table.cell(3, 2))  # one leader for both tasks
    parsed = parse_file(save(document, tmp_path / "two-row-header.docx"), config)
    assert [
        (t.number, [(u.name, u.role) for u in t.units], [x.name for x in t.leaders])
        for t in parsed.tasks
    ] == [
        ("1", [("区发改局", "lead"), ("区统计局", "support"), ("各镇街", "support")], ["张三"]),
        ("2", [("区发改局", "lead"), ("区财政局", "support")], ["张三"]),
    ]


def test_one_task_over_several_rows_is_one_task(tmp_path: Path, config: Config) -> None:
    document = new_document()
    table = document.add_table(rows=4, cols=4)
    for row, values in enumerate(
        [
            ["序号", "工作任务", "责任单位", "完成时限"],
            ["1", "推进重点项目建设。", "区发改局", "6月底"],
            ["", "", "区财政局", "9月底"],
            ["2", "深化改革。", "区司法局", "年底"],
        ]
    ):
        for column, value in enumerate(values):
            if value:
                table.cell(row, column).text = value
    for column in (0, 1):  # the task's number and text merged down beside its two units
        table.cell(1, column).merge(table.cell(2, column))
    parsed = parse_file(save(document, tmp_path / "rows.docx"), config)
    assert [(t.number, [u.name for u in t.units]) for t in parsed.tasks] == [
        ("1", ["区发改局", "区财政局"]),
        ("2", ["区司法局"]),
    ]
    assert not [w for w in parsed.warnings if "duplicate" in w.message]


def test_paragraph_breaks_inside_a_cell_are_kept(tmp_path: Path) -> None:
    document = new_document()
    table = document.add_table(rows=2, cols=3)
    for cell, value in zip(table.rows[0].cells, ["序号", "工作任务", "责任单位"], strict=True):
        cell.text = value
    table.cell(1, 0).text = "1"
    table.cell(1, 1).text = "第一段"
    table.cell(1, 1).add_paragraph("第二段")
    inner = table.cell(1, 2).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "牵头"
    inner.cell(0, 1).text = "区发改局"
    source = extract(save(document, tmp_path / "cells.docx"))
    assert list(source.rows.values())[1] == ("1", "第一段\n第二段", "牵头 区发改局")


def test_one_column_table_is_a_box_of_text(tmp_path: Path) -> None:
    document = new_document()
    table = document.add_table(rows=2, cols=1)
    table.cell(0, 0).text = "1. 第一项任务。（责任单位：区发改局）"
    table.cell(1, 0).text = "2. 第二项任务。（责任单位：区财政局）"
    source = extract(save(document, tmp_path / "box.docx"))
    assert [line for line in source.lines if line] == [
        "1. 第一项任务。（责任单位：区发改局）",
        "2. 第二项任务。（责任单位：区财政局）",
    ]
    assert source.rows == {}


def test_tracked_changes_read_as_accepted(tmp_path: Path) -> None:
    document = new_document()
    paragraph = document.add_paragraph("保留")
    paragraph._p.append(
        parse_xml(
            f'<w:del xmlns:w="{W}" w:id="1" w:author="a">'
            "<w:r><w:delText>删除</w:delText></w:r></w:del>"
        )
    )
    paragraph._p.append(
        parse_xml(f'<w:ins xmlns:w="{W}" w:id="2" w:author="a"><w:r><w:t>新增</w:t></w:r></w:ins>')
    )
    source = extract(save(document, tmp_path / "tracked.docx"))
    assert source.lines == ("保留新增",)


def test_hidden_text_prompts_and_text_boxes_are_left_out(tmp_path: Path) -> None:
    document = new_document()
    paragraph = document.add_paragraph("可见")
    paragraph.add_run("隐藏批注").font.hidden = True
    paragraph._p.append(
        parse_xml(
            f'<w:r xmlns:w="{W}" xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape>'
            "<v:textbox><w:txbxContent><w:p><w:r><w:t>文本框里的字</w:t></w:r></w:p>"
            "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
        )
    )
    paragraph._p.append(
        parse_xml(
            f'<w:sdt xmlns:w="{W}"><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>'
            "<w:r><w:t>单击此处输入文字。</w:t></w:r></w:sdtContent></w:sdt>"
        )
    )
    source = extract(save(document, tmp_path / "hidden.docx"))
    assert source.lines == ("可见",)
    assert [p.message for p in source.problems] == [
        "跳过了 1 个含文字的文本框或嵌入文档：请人工核对"
    ]


def test_forged_cell_spans_cost_nothing(tmp_path: Path) -> None:
    document = new_document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "甲"
    table.cell(0, 1).text = "乙"
    table.cell(0, 0)._tc.get_or_add_tcPr().append(
        parse_xml(f'<w:gridSpan xmlns:w="{W}" w:val="99999999"/>')
    )
    # The span covers the row (乙 is pushed past the last column kept): a heading line.
    assert extract(save(document, tmp_path / "wide.docx")).lines == ("甲",)


def test_list_counters_restart_and_override(tmp_path: Path) -> None:
    document = new_document()
    outline = add_list(
        document,
        [("decimal", "%1.", "tab"), ("lowerLetter", "%1.%2)", "space"), ("decimal", "%3", "tab")],
    )
    for level in (0, 1, 1, 0, 1, 0):
        number(document.add_paragraph("项"), outline, level)
    circled = add_list(document, [("decimalEnclosedCircle", "%1", "nothing")])
    for _ in range(2):
        number(document.add_paragraph("项"), circled)
    document.add_paragraph("不编号", style="List Number")._p.pPr.append(
        parse_xml(f'<w:numPr xmlns:w="{W}"><w:numId w:val="0"/></w:numPr>')
    )
    source = extract(save(document, tmp_path / "lists.docx"))
    assert [line for line in source.lines if line] == [
        "1. 项", "1.a) 项", "1.b) 项", "2. 项", "2.a) 项", "3. 项", "①项", "②项", "不编号",
    ]  # fmt: skip


def test_list_instances_share_their_definition_counters(tmp_path: Path) -> None:
    document = new_document()
    first = add_list(document, [("decimal", "%1.", "space")])
    numbering = document.part.numbering_part.element
    abstract = numbering.xpath(f'//w:num[@w:numId="{first}"]/w:abstractNumId/@w:val')[0]
    for num_id, override in (("900", '<w:startOverride w:val="1"/>'), ("901", "")):
        numbering.append(
            parse_xml(
                f'<w:num xmlns:w="{W}" w:numId="{num_id}"><w:abstractNumId w:val="{abstract}"/>'
                + (f'<w:lvlOverride w:ilvl="0">{override}</w:lvlOverride>' if override else "")
                + "</w:num>"
            )
        )
    # Word: another instance of the same list continues it; one with a start override restarts.
    for num_id in (first, first, "900", "900", "901"):
        number(document.add_paragraph("项"), num_id)
    source = extract(save(document, tmp_path / "shared.docx"))
    assert [line for line in source.lines if line] == ["1. 项", "2. 项", "1. 项", "2. 项", "3. 项"]


def test_control_and_bidi_characters_never_reach_the_text(tmp_path: Path) -> None:
    document = new_document()
    spoofed = add_list(document, [("decimal", "\u202e%1.", "space")])
    number(document.add_paragraph("区发改局\u200b牵头"), spoofed)
    assert extract(save(document, tmp_path / "bidi.docx")).lines == ("1. 区发改局牵头",)


def test_number_formats() -> None:
    assert [chinese_numeral(n) for n in (1, 10, 11, 20, 21, 100, 105, 110)] == [
        "一", "十", "十一", "二十", "二十一", "一百", "一百零五", "一百一十",
    ]  # fmt: skip
    assert format_number(3, "chineseLegalSimplified") == "叁"
    assert format_number(2, "ideographTraditional") == "乙"
    assert format_number(27, "lowerLetter") == "aa"
    assert format_number(14, "upperRoman") == "XIV"
    assert format_number(21, "decimalEnclosedCircle") == "21"


@pytest.mark.parametrize(
    "data",
    [
        b"not a zip at all",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,  # a legacy .doc renamed
        b"PK\x03\x04" + b"\0" * 40,  # a cut-off zip
    ],
)
def test_unreadable_word_files_are_one_clean_error(data: bytes) -> None:
    with pytest.raises(SourceError) as caught:
        extract_docx(data, "bad.docx")
    assert caught.value.path == "bad.docx" and caught.value.line == 0
    assert "Word" in caught.value.message


def test_zip_without_a_word_document_is_one_clean_error(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("hello.txt", "x")
    path = tmp_path / "empty.docx"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(SourceError, match="Word"):
        extract(path)


def test_damaged_xml_is_one_clean_error(tmp_path: Path) -> None:
    good = save(new_document(), tmp_path / "good.docx").read_bytes()
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            body = source.read(item)
            if item.filename == "word/document.xml":
                body = body[: len(body) // 2]
            target.writestr(item, body)
    with pytest.raises(SourceError, match="Word"):
        extract_docx(buffer.getvalue(), "half.docx")


def rewrite(path: Path, change: dict[str, bytes | None]) -> bytes:
    """Return the package with some parts replaced (or, for None, left out)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            if item.filename not in change:
                target.writestr(item, source.read(item))
            elif change[item.filename] is not None:
                target.writestr(item, change[item.filename])  # type: ignore[arg-type]
    return buffer.getvalue()


def test_a_missing_picture_does_not_stop_the_text(tmp_path: Path) -> None:
    document = new_document()
    number(document.add_paragraph("任务"), add_list(document, [("decimal", "%1.", "space")]))
    path = save(document, tmp_path / "picture.docx")
    with zipfile.ZipFile(path) as package:
        rels = package.read("word/_rels/document.xml.rels").replace(
            b"</Relationships>",
            b'<Relationship Id="rId99" Target="media/image1.png" Type="http://schemas.'
            b'openxmlformats.org/officeDocument/2006/relationships/image"/></Relationships>',
        )
    data = rewrite(path, {"word/_rels/document.xml.rels": rels})
    assert extract_docx(data, "picture.docx").lines == ("1. 任务",)


def test_strict_open_xml_reads_like_transitional(tmp_path: Path) -> None:
    document = new_document()
    document.add_paragraph("严格格式")
    path = save(document, tmp_path / "strict.docx")
    with zipfile.ZipFile(path) as package:
        body = package.read("word/document.xml").replace(
            W.encode(), b"http://purl.oclc.org/ooxml/wordprocessingml/main"
        )
        rels = package.read("_rels/.rels").replace(
            b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
            b"http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
        )
    data = rewrite(path, {"word/document.xml": body, "_rels/.rels": rels})
    assert extract_docx(data, "strict.docx").lines == ("严格格式",)


def test_a_workbook_named_docx_is_one_clean_error(tmp_path: Path) -> None:
    from openpyxl import Workbook

    path = tmp_path / "table.xlsx"
    Workbook().save(path)
    with pytest.raises(SourceError, match="不是 Word 文档"):
        extract_docx(path.read_bytes(), "table.docx")


def test_same_file_same_lines(tmp_path: Path) -> None:
    path = table_document(tmp_path / "table.docx")
    assert extract_docx(path.read_bytes(), "a") == extract_docx(path.read_bytes(), "a")
