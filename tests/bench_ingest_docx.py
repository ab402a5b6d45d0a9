"""Benchmark Word extraction: `python -m tests.bench_ingest_docx` (not part of `make test`).

Builds one big .docx the way real ones are made (Word-numbered headings and tasks, bold lead
phrases, a task table with merged cells) and reports pages per second, a page being about
40 paragraphs or table rows.
"""

from __future__ import annotations

import io
import sys
import time

from docx import Document as new_document
from docx.oxml import parse_xml

from generator.ingest.docx import extract_docx
from tests.test_ingest_docx import W, add_list, chinese_list

PARAGRAPHS_PER_PAGE = 40
UNITS = ["区发改局", "区财政局", "区住建局", "区交通局", "区教体局", "区卫健局"]


def big_document(tasks: int) -> tuple[bytes, int]:
    """Return a .docx of about `tasks` numbered paragraphs and table rows, and its block count.

    The blocks are written as WordprocessingML directly: python-docx's table editing is
    quadratic and would make building the file take longer than reading it.
    """
    document = new_document()
    outline = chinese_list(document)
    rows_list = add_list(document, [("decimal", "%1", "nothing")])
    xml: list[str] = []
    blocks = 0
    for n in range(1, tasks + 1):
        if n % 20 == 1:
            xml.append(
                '<w:p><w:pPr><w:pStyle w:val="Heading2"/><w:numPr><w:ilvl w:val="0"/>'
                f'<w:numId w:val="{outline}"/></w:numPr></w:pPr>'
                "<w:r><w:t>重点工作</w:t></w:r></w:p>"
            )
            blocks += 1
        xml.append(
            '<w:p><w:pPr><w:pStyle w:val="ListNumber"/></w:pPr>'
            f"<w:r><w:rPr><w:b/></w:rPr><w:t>推进第{n}项工作。</w:t></w:r>"
            f"<w:r><w:t>地区生产总值增长{n % 9}%以上。（牵头领导：领导{n % 13}；"
            f"责任单位：{UNITS[n % 6]}）</w:t></w:r></w:p>"
        )
        blocks += 1
    rows = max(1, tasks // 2)
    xml.append(
        "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid><w:tr>"
        + "".join(
            f"<w:tc><w:p><w:r><w:t>{h}</w:t></w:r></w:p></w:tc>"
            for h in ("序号", "工作任务", "分管领导", "责任单位")
        )
        + "</w:tr>"
    )
    for n in range(rows):
        leader = "<w:vMerge/>" if n % 4 else '<w:vMerge w:val="restart"/>'
        unit = "<w:vMerge/>" if n % 3 else '<w:vMerge w:val="restart"/>'
        xml.append(
            "<w:tr>"
            '<w:tc><w:p><w:pPr><w:numPr><w:ilvl w:val="0"/>'
            f'<w:numId w:val="{rows_list}"/></w:numPr></w:pPr></w:p></w:tc>'
            f"<w:tc><w:p><w:r><w:t>完成第{n}项任务。</w:t></w:r></w:p></w:tc>"
            f"<w:tc><w:tcPr>{leader}</w:tcPr><w:p><w:r><w:t>领导{n // 4}</w:t></w:r></w:p></w:tc>"
            f"<w:tc><w:tcPr>{unit}</w:tcPr><w:p><w:r><w:t>{UNITS[n // 3 % 6]}</w:t></w:r></w:p>"
            "</w:tc></w:tr>"
        )
    xml.append("</w:tbl>")
    body = parse_xml(f'<w:body xmlns:w="{W}">{"".join(xml)}</w:body>')
    section = document.element.body[-1]
    for element in list(body):
        section.addprevious(element)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue(), blocks + rows + 1


def bench_docx(tasks: int = 4000, repeat: int = 3) -> float:
    """Extract a generated big .docx and return (and print) pages per second."""
    data, blocks = big_document(tasks)
    pages = blocks / PARAGRAPHS_PER_PAGE
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        source = extract_docx(data, "big.docx")
        best = min(best, time.perf_counter() - started)
    rate = pages / best
    print(
        f"docx: {len(data) / 1e6:.1f} MB, {blocks} blocks ≈ {pages:.0f} pages, "
        f"{len(source.lines)} lines in {best:.2f} s: {rate:.0f} pages/s"
    )
    return rate


if __name__ == "__main__":
    bench_docx(int(sys.argv[1]) if len(sys.argv) > 1 else 4000)
