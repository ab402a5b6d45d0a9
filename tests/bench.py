"""Benchmark the whole pipeline on a synthetic corpus: `make bench` (not part of `make test`).

Prints the time of each stage for 20 documents of 500 tasks (10,000 task pages) so a change
that makes the build slower shows up. Target on the CI machine (2 cores): under 4 minutes.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generator.build import build_docs
from generator.config import Config
from generator.ingest.text import decode_source
from generator.publish.links import check_site
from generator.publish.search import write_search_index
from generator.read.parse import parse_source
from generator.site.gather import build_site
from tests.conftest import ROOT, mkdocs_config

DOCUMENTS = 20
TASKS = 500
UNITS = ["区发改局", "区财政局", "区住建局", "区交通局", "区教体局", "区卫健局", "各镇街"]


def write_corpus(content: Path) -> None:
    """Write DOCUMENTS numbered-list documents of TASKS tasks each."""
    folder = content / "documents"
    folder.mkdir(parents=True)
    for d in range(DOCUMENTS):
        lines = [f"某{d}区2024年政府工作报告责任分工方案", "", "一、重点任务", ""]
        for n in range(1, TASKS + 1):
            lead, support = UNITS[n % 6], UNITS[(n + d) % 7]
            lines.append(
                f"{n}. 推进第{n}项重点工作，地区生产总值增长{n % 9}%以上。"
                f"（牵头领导：领导{n % 13}；责任单位：{lead}牵头，{support}配合）"
            )
        (folder / f"doc{d:02}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def hostile_cases() -> list[tuple[str, float]]:
    """Time the inputs that once took the square of their size, at two sizes each.

    Linear work takes about twice as long at twice the size; quadratic work four times.
    """
    timings: list[tuple[str, float]] = []
    head = "某区2024年重点任务分工方案\n\n1. 推进工作。（牵头领导：张三；责任单位：区发改局）\n"
    for size in (10_000, 20_000):
        line = "2. " + "\u3000 " * size + "（责任单位：区财政局）\n"
        source = decode_source((head + line).encode("utf-8"), "long.txt")
        start = time.perf_counter()
        parse_source(source, Config(), {}, "long")
        timings.append((f"{size:,} alternating spaces", time.perf_counter() - start))
    for size in (1_500, 3_000):
        units = "、".join(f"第{n}单位局" for n in range(size))
        text = head.replace("区发改局", units)
        start = time.perf_counter()
        document = parse_source(decode_source(text.encode("utf-8"), "wide.txt"), Config(), {}, "w")
        build_site([document], Config())
        timings.append((f"one task, {size:,} units", time.perf_counter() - start))
    return timings


def main() -> int:
    """Run each stage once and print how long it took."""
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        work = Path(scratch)
        write_corpus(work / "content")
        timings: list[tuple[str, float]] = []

        def timed(name: str, step: object) -> None:
            start = time.perf_counter()
            step()  # type: ignore[operator]
            timings.append((name, time.perf_counter() - start))

        timed("parse + render + write docs", lambda: build_docs(work / "content", work / "docs"))
        config = mkdocs_config(work)
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)]
        command += ["-d", str(work / "site")]
        timed("mkdocs build", lambda: subprocess.run(command, check=True, env=env, cwd=ROOT))
        timed("search index", lambda: write_search_index(work / "site"))
        timed("link and host check", lambda: check_site(work / "site"))
    total = sum(seconds for _, seconds in timings)
    print(f"{DOCUMENTS} documents × {TASKS} tasks = {DOCUMENTS * TASKS} task pages")
    for name, seconds in timings:
        print(f"  {name:<28} {seconds:6.1f} s")
    print(f"  {'total':<28} {total:6.1f} s")
    print("inputs that were once quadratic")
    cases = hostile_cases()
    # The cases come in pairs, the second twice the size of the first.
    for (small, seconds), (large, twice) in zip(cases[::2], cases[1::2], strict=True):
        print(f"  {small:<28} {seconds:6.2f} s")
        growth = twice / max(seconds, 1e-9)
        print(f"  {large:<28} {twice:6.2f} s  (×{growth:.1f} for twice the size)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
