"""Benchmark PDF extraction: `python -m tests.bench_ingest_pdf` (not part of `make test`).

Draws one multi-page PDF the way task documents look (numbered paragraphs with their clauses,
then a ruled task table running over many pages with its header repeated and rows broken by
the page, a running header and —N— page numbers) and reports pages per second.
"""

from __future__ import annotations

import sys
import time

from generator.ingest.pdf import extract_pdf
from tests.pdf_fixtures import Grid, Paragraph, draw, running

UNITS = ["区发改局", "区财政局", "区住建局", "区交通局", "区教体局", "区卫健局"]


def big_pdf(tasks: int) -> tuple[bytes, int]:
    """Return a PDF of `tasks` numbered paragraphs and as many table rows, and its page count."""
    blocks: list[Paragraph | Grid] = [Paragraph("2024年政府工作报告责任分工方案", 16, centred=True)]
    for n in range(1, tasks + 1):
        blocks.append(
            Paragraph(
                f"{n}. 推进第{n}项重点工作，加快项目建设，地区生产总值增长{n % 9}%以上，"
                f"全面完成年度目标任务。（牵头领导：领导{n % 13}；责任单位：{UNITS[n % 6]}）"
            )
        )
    rows = [
        [
            str(n),
            f"完成第{n}项任务，" + "推进重点项目建设，" * (1 + n % 4),
            f"领导{n % 7}",
            UNITS[n % 6],
        ]
        for n in range(1, tasks + 1)
    ]
    blocks.append(Grid([36, 260, 70, 85], ["序号", "工作任务", "分管领导", "责任单位"], rows))
    pages: list[int] = []

    def decorate_and_count(canvas: object, page: int, total: int) -> None:
        pages.append(page)
        running("重点工作任务分解表", lambda n, t: f"—{n}—")(canvas, page, total)  # type: ignore[arg-type]

    data = draw(blocks, decorate_and_count)
    return data, max(pages)


def bench_pdf(tasks: int = 300, repeat: int = 2) -> float:
    """Extract a generated multi-page PDF and return (and print) pages per second."""
    data, pages = big_pdf(tasks)
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        source = extract_pdf(data, "big.pdf")
        best = min(best, time.perf_counter() - started)
    rate = pages / best
    print(
        f"pdf: {len(data) / 1e6:.1f} MB, {pages} pages, {len(source.lines)} lines "
        f"({len(source.rows)} table rows) in {best:.2f} s: {rate:.1f} pages/s"
    )
    return rate


if __name__ == "__main__":
    bench_pdf(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
