"""Benchmark the whole pipeline on realistic corpora and write bench/results.md: `make bench`.

Per size (the five seeds renamed N times, tests/bench_corpus.py) it measures, in this order:

- paired runs, alternating: a clean `python -m generator build` (everything under its build
  folder deleted first), then a bare `mkdocs build --strict` of the Markdown it wrote;
- each stage's time, taken around the generator's own stages (generator.stages.stage) inside
  the build process, so it follows the code whatever a stage does inside;
- wall and CPU time of the whole process tree (os.wait4), and the peak resident memory of
  each process (VmHWM sampled from /proc, so MkDocs and Pagefind are told apart);
- the site's size and file count and the search index's (site/pagefind);
- a rebuild with no change, then one after editing one task of one document;
- a first search from a cold browser (headless Chromium): bytes fetched and the time from
  typing the query to the first result on the search page.

Not part of `make test`. Sizes: BENCH_SIZES=1,10 (default 1,10,100); rounds per size:
BENCH_ROUNDS (default 2 at 1×, 1 above). The inputs that were once quadratic are timed at two
sizes each, as before.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import datetime
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.config import Config
from generator.ingest.text import decode_source
from generator.read.parse import parse_source
from generator.site.gather import build_site
from tests.bench_corpus import write_corpus
from tests.conftest import ROOT

RESULTS = ROOT / "bench" / "results.md"
DEFAULT_SIZES = "1,10,100"
SAMPLE_SECONDS = 0.2
# The generator's stages (generator/stages.py: their keys, and the names its log lines show)
# and what the report calls them.
STAGES = (
    ("parse", ("stage.parse", "解析文档")),
    ("render + write", ("stage.render", "生成页面")),
    ("MkDocs", ("stage.mkdocs", "MkDocs 构建")),
    ("search index", ("stage.search", "建立搜索索引")),
    ("link check", ("stage.links", "检查链接")),
    ("publish", ("stage.publish", "发布网站")),
)
STAGE_LINE = re.compile(r"^完成：(.+?)，用时 ([\d.]+) 秒")
SEARCH_QUERY = "财政局"
BROWSER_TRIALS = 3
MB = 1024 * 1024


# ---------------------------------------------------------------- inside the build process


def run_pipeline(timings: Path, argv: list[str]) -> int:
    """Run `python -m generator` with argv, timing every stage; write the timings as JSON."""
    import generator.cli as cli
    import generator.stages as stages

    record: dict[str, Any] = {"stages": {}, "children_after": {}, "counts": {}}
    original = stages.stage

    @contextlib.contextmanager
    def timed_stage(name: str, *args: Any, **kwargs: Any) -> Iterator[Any]:
        start = time.perf_counter()
        try:
            with original(name, *args, **kwargs) as running:
                yield running
        finally:
            seconds = time.perf_counter() - start
            record["stages"][name] = record["stages"].get(name, 0.0) + seconds
            # The largest child so far: after MkDocs it is MkDocs, after Pagefind the larger.
            usage = resource.getrusage(resource.RUSAGE_CHILDREN)
            record["children_after"][name] = usage.ru_maxrss

    def counting(build_docs: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            result = build_docs(*args, **kwargs)
            site = getattr(result, "site", None)
            for name in ("documents", "tasks", "units", "leaders", "indicators"):
                with contextlib.suppress(TypeError):
                    record["counts"][name] = len(getattr(site, name, ()))
            record["counts"]["written"] = getattr(result, "written", None)
            return result

        return wrapper

    # `from generator.stages import stage` binds the name in each module: replace it there.
    for module in list(sys.modules.values()):
        if getattr(module, "__name__", "").startswith("generator"):
            if getattr(module, "stage", None) is original:
                module.stage = timed_stage  # type: ignore[attr-defined]
            if module.__name__ != "generator.build" and callable(
                getattr(module, "build_docs", None)
            ):
                module.build_docs = counting(module.build_docs)  # type: ignore[attr-defined]
    start = time.perf_counter()
    try:
        code = cli.main(argv)
    finally:
        record["wall"] = time.perf_counter() - start
        record["self_maxrss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        timings.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return code


# ---------------------------------------------------------------- measuring a process tree


@dataclass
class Run:
    """One measured command: wall and CPU seconds, peak memory, what it printed."""

    wall: float
    cpu: float
    maxrss_kb: int
    peaks_kb: dict[str, int]
    code: int
    log: Path
    timings: dict[str, Any] = field(default_factory=dict)


def canonical(stage: str) -> str:
    """The report's name for a stage, whether given by key or by its shown name."""
    return next((label for label, names in STAGES if stage in names), stage)


def process_kind(argv: list[str]) -> str:
    """Name a process of the build by its program or the module it runs (not its file paths)."""
    programs = [Path(argv[0]).name] if argv else []
    if "-m" in argv[:-1]:
        programs.append(argv[argv.index("-m") + 1])
    if any(program.startswith("mkdocs") for program in programs):
        return "MkDocs"
    if any(program.startswith("pagefind") for program in programs):
        return "Pagefind"
    return "Python (generator)"


class TreeSampler(threading.Thread):
    """Poll /proc for a process tree's peak resident memory (VmHWM) per kind of process."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.peaks: dict[str, int] = {}
        self.done = threading.Event()

    def run(self) -> None:
        """Sample until stopped."""
        while not self.done.wait(SAMPLE_SECONDS):
            self.sample()

    def sample(self) -> None:
        """Record every descendant's peak so far."""
        parents: dict[int, int] = {}
        for name in os.listdir("/proc"):
            if name.isdigit():
                with contextlib.suppress(OSError, ValueError, IndexError):
                    stat = Path(f"/proc/{name}/stat").read_text()
                    parents[int(name)] = int(stat.rsplit(")", 1)[1].split()[1])
        tree = {self.root}
        grown = True
        while grown:
            more = {pid for pid, parent in parents.items() if parent in tree} - tree
            tree |= more
            grown = bool(more)
        for pid in tree:
            with contextlib.suppress(OSError, ValueError):
                status = Path(f"/proc/{pid}/status").read_text()
                match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
                if not match:
                    continue
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode("utf-8", "replace")
                kind = process_kind(cmdline.rstrip("\0").split("\0"))
                self.peaks[kind] = max(self.peaks.get(kind, 0), int(match.group(1)))

    def stop(self) -> None:
        """Stop sampling."""
        self.done.set()
        self.join()


def measure(command: list[str], log: Path, env: dict[str, str] | None = None) -> Run:
    """Run command, its output into log; measure its whole process tree."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
        sampler = TreeSampler(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        sampler.stop()
    process.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return Run(wall, cpu, usage.ru_maxrss, sampler.peaks, process.returncode, log)


# ---------------------------------------------------------------- one size


@dataclass
class Workspace:
    """A size's folders: content/, the config, and build/ (all the pipeline writes)."""

    root: Path

    @property
    def content(self) -> Path:
        """The corpus."""
        return self.root / "content"

    @property
    def build(self) -> Path:
        """Everything the pipeline writes: docs, releases, the live site link."""
        return self.root / "build"

    @property
    def docs(self) -> Path:
        """The Markdown the generator writes."""
        return self.build / "docs"

    @property
    def site(self) -> Path:
        """The published site (a symlink to a release)."""
        return self.build / "site"

    @property
    def config(self) -> Path:
        """The repository's mkdocs.yml pointed at this workspace's docs."""
        path = self.root / "mkdocs.yml"
        if not path.exists():
            text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
            text = re.sub(r"(?m)^docs_dir: .*$", f"docs_dir: {self.docs}", text)
            text = re.sub(r"(?m)^(\s*)custom_dir: .*$", rf"\1custom_dir: {ROOT / 'theme'}", text)
            path.write_text(text, encoding="utf-8")
        return path


def pipeline(space: Workspace, name: str, clean: bool) -> Run:
    """Run `python -m generator build` on the workspace; clean first deletes its build folder."""
    if clean and space.build.exists():
        shutil.rmtree(space.build)
    timings = space.root / "logs" / f"{name}.json"
    argv = ["--content", str(space.content), "build", "--docs", str(space.docs)]
    argv += ["--site", str(space.site), "--releases", str(space.build / "releases")]
    argv += ["--config", str(space.config)]
    command = [sys.executable, "-m", "tests.bench", "pipeline", "--timings", str(timings), "--"]
    run = measure(command + argv, space.root / "logs" / f"{name}.log")
    if run.code != 0:
        tail = run.log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise RuntimeError(f"build {name} failed (exit {run.code}):\n{tail}")
    run.timings = json.loads(timings.read_text(encoding="utf-8")) if timings.exists() else {}
    stages: dict[str, float] = {}
    for name, value in run.timings.get("stages", {}).items():
        stages[canonical(name)] = stages.get(canonical(name), 0.0) + value
    # A stage the hook did not reach (a module imported later) is read from its plain line.
    for line in run.log.read_text(encoding="utf-8", errors="replace").splitlines():
        found = STAGE_LINE.match(line)
        if found and canonical(found.group(1)) not in stages:
            stages[canonical(found.group(1))] = float(found.group(2))
    run.timings["stages"] = stages
    after = run.timings.get("children_after", {})
    run.timings["children_after"] = {canonical(name): kb for name, kb in after.items()}
    return run


def bare_mkdocs(space: Workspace, name: str) -> Run:
    """Build the workspace's Markdown with MkDocs alone, into a folder deleted afterwards."""
    out = space.root / "bare-site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"]
    command += ["--config-file", str(space.config), "--site-dir", str(out)]
    run = measure(command, space.root / "logs" / f"{name}.log", env)
    shutil.rmtree(out, ignore_errors=True)
    if run.code != 0:
        raise RuntimeError(f"bare mkdocs failed (exit {run.code}), see {run.log}")
    return run


def tree_size(folder: Path) -> tuple[int, int]:
    """(bytes, files) under folder."""
    size = files = 0
    for base, _, names in os.walk(folder):
        for name in names:
            size += os.lstat(os.path.join(base, name)).st_size
            files += 1
    return size, files


def edit_one_task(content: Path) -> str:
    """Change the text of one numbered task in the first document; return the file's name."""
    task = re.compile(r"(?m)^(\s*\d{1,3}\s*[.、．]\s*)(\S)")
    for path in sorted((content / "documents").iterdir()):
        text = path.read_text(encoding="utf-8")
        if task.search(text):
            path.write_text(task.sub(r"\1进一步\2", text, count=1), encoding="utf-8")
            return path.name
    raise RuntimeError("no numbered task to edit")


def peaks_of(run: Run) -> dict[str, int]:
    """Each kind of process's peak memory in kB, sampled and cross-checked with rusage."""
    peaks = dict(run.peaks_kb)
    own = run.timings.get("self_maxrss_kb", 0)
    peaks["Python (generator)"] = max(peaks.get("Python (generator)", 0), own)
    # A forked child's maxrss starts from its parent's size (Linux keeps the high-water mark
    # across exec), so the largest child after the search stage is Pagefind's only when it
    # exceeds both the generator and what ran before.
    after = run.timings.get("children_after", {})
    search, before = after.get("search index", 0), after.get("MkDocs", 0)
    if search > max(own, before):
        peaks["Pagefind"] = max(peaks.get("Pagefind", 0), search)
    return peaks


def measure_size(copies: int, rounds: int, scratch: Path, browse: bool) -> dict[str, Any]:
    """Build the corpus of copies× and measure everything; return the figures."""
    space = Workspace(scratch / f"{copies}x")
    if space.root.exists():
        shutil.rmtree(space.root)
    space.root.mkdir(parents=True)
    started = time.perf_counter()
    documents = write_corpus(ROOT / "content", space.content, copies)
    corpus_seconds = time.perf_counter() - started
    corpus_bytes = sum(p.stat().st_size for p in documents)
    print(f"{copies}×: {len(documents)} documents, {corpus_bytes / MB:.1f} MB", flush=True)
    clean: list[Run] = []
    bare: list[Run] = []
    for round_ in range(rounds):
        clean.append(pipeline(space, f"clean-{round_}", clean=True))
        print(f"  clean build {round_ + 1}: {clean[-1].wall:.1f} s", flush=True)
        bare.append(bare_mkdocs(space, f"bare-{round_}"))
        print(f"  bare MkDocs {round_ + 1}: {bare[-1].wall:.1f} s", flush=True)
    site_bytes, site_files = tree_size(space.site.resolve())
    index_bytes, index_files = tree_size(space.site.resolve() / "pagefind")
    pages = sum(1 for _ in space.site.resolve().rglob("index.html"))
    search = first_search(space.site.resolve()) if browse else {}
    if search:
        print(f"  first search: {search['pagefind_bytes'] / 1024:.0f} KB, {search['ms']:.0f} ms")
    unchanged = pipeline(space, "no-change", clean=False)
    print(f"  rebuild, no change: {unchanged.wall:.1f} s", flush=True)
    edited = edit_one_task(space.content)
    one = pipeline(space, "one-document", clean=False)
    print(f"  rebuild, {edited} edited: {one.wall:.1f} s", flush=True)
    ratios = [p.wall / b.wall for p, b in zip(clean, bare, strict=True)]
    chosen = clean[ratios.index(statistics.median_low(ratios))]
    return {
        "copies": copies,
        "documents": len(documents),
        "corpus_bytes": corpus_bytes,
        "corpus_seconds": corpus_seconds,
        "counts": chosen.timings.get("counts", {}),
        "pages": pages,
        "rounds": rounds,
        "clean": [p.wall for p in clean],
        "bare": [b.wall for b in bare],
        "ratio": statistics.median(ratios),
        "clean_wall": statistics.median(p.wall for p in clean),
        "bare_wall": statistics.median(b.wall for b in bare),
        "clean_cpu": statistics.median(p.cpu for p in clean),
        "bare_cpu": statistics.median(b.cpu for b in bare),
        "stages": chosen.timings.get("stages", {}),
        "chosen_wall": chosen.wall,
        "peaks_kb": peaks_of(chosen),
        "tree_maxrss_kb": chosen.maxrss_kb,
        "bare_maxrss_kb": max(b.peaks_kb.get("MkDocs", b.maxrss_kb) for b in bare),
        "site_bytes": site_bytes,
        "site_files": site_files,
        "index_bytes": index_bytes,
        "index_files": index_files,
        "search": search,
        "no_change": unchanged.wall,
        "no_change_stages": unchanged.timings.get("stages", {}),
        "one_document": one.wall,
        "one_document_stages": one.timings.get("stages", {}),
    }


# ---------------------------------------------------------------- the browser


def first_search(site: Path, query: str = SEARCH_QUERY) -> dict[str, Any]:
    """Search from a cold browser: bytes fetched and ms from typing to the first result."""
    from playwright.sync_api import sync_playwright

    from tests.browser_support import launch, serve

    trials: list[dict[str, Any]] = []
    with serve(site) as base, sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            for _ in range(BROWSER_TRIALS):
                trials.append(search_once(browser, base, query))
        finally:
            browser.close()
    found = [t for t in trials if t["ms"] >= 0]
    if not found:
        return {"query": query, "ms": -1, **trials[0]}
    return {**found[0], "ms": statistics.median(t["ms"] for t in found), "trials": len(found)}


# In the page: note when a result link first appears in the search box's area.
WATCH = """() => {
  const area = document.querySelector('#site-search') || document.querySelector('main')
    || document.body;
  const before = new Set(Array.from(area.querySelectorAll('a[href]')));
  window.__benchFirst = undefined;
  const seen = () => Array.from(area.querySelectorAll('a[href]')).some(
    (a) => !before.has(a) && !a.getAttribute('href').startsWith('#') && a.textContent.trim());
  new MutationObserver((_, observer) => {
    if (window.__benchFirst === undefined && seen()) {
      window.__benchFirst = performance.now();
      observer.disconnect();
    }
  }).observe(area, {childList: true, subtree: true, characterData: true});
  window.__benchStart = performance.now();
}"""
INPUT = "#site-search input[type=search], #site-search input[type=text], #site-search input"


def search_once(browser: Any, base: str, query: str) -> dict[str, Any]:
    """One cold search on the search page; sizes come from each response's Content-Length."""
    context = browser.new_context()
    page = context.new_page()
    fetched: list[tuple[str, int, bool]] = []
    typed = [False]

    def note(response: Any) -> None:
        length = response.headers.get("content-length")
        fetched.append((response.url, int(length) if length else 0, typed[0]))

    page.on("response", note)
    try:
        page.goto(base + "search/", wait_until="networkidle")
        box = page.locator(INPUT).first
        box.wait_for(timeout=15_000)
        page.evaluate(WATCH)
        typed[0] = True
        box.fill(query)
        try:
            page.wait_for_function("window.__benchFirst !== undefined", timeout=30_000)
            ms = page.evaluate("window.__benchFirst - window.__benchStart")
        except Exception:  # a search that never answers is a figure, not a crash
            ms = -1.0
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    pagefind = [(url, size, after) for url, size, after in fetched if "/pagefind/" in url]
    return {
        "query": query,
        "ms": ms,
        "total_bytes": sum(size for _, size, _ in fetched),
        "requests": len(fetched),
        "pagefind_bytes": sum(size for _, size, _ in pagefind),
        "pagefind_after_query": sum(size for _, size, after in pagefind if after),
        "pagefind_requests": len(pagefind),
    }


# ---------------------------------------------------------------- inputs once quadratic


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


# ---------------------------------------------------------------- the report


def machine() -> dict[str, str]:
    """CPU model, cores, memory, Python, load and date of this run."""
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = "unknown"
    with contextlib.suppress(OSError, IndexError, ValueError):
        kb = int(Path("/proc/meminfo").read_text().split("MemTotal:")[1].split()[0])
        memory = f"{kb / MB:.1f} GB"
    load = ""
    with contextlib.suppress(OSError):
        load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": memory,
        "python": platform.python_version(),
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "load": load,
    }


def seconds(value: float | None) -> str:
    """A duration for the table."""
    return "—" if value is None else f"{value:,.1f} s"


def megabytes(kb: int | None) -> str:
    """A kB figure as MB."""
    return "—" if not kb else f"{kb / 1024:,.0f} MB"


def size_table(result: dict[str, Any]) -> list[str]:
    """The figures of one size as a Markdown table."""
    counts = result["counts"]
    clean = result["clean_wall"]
    stages = result["stages"]
    rows = [
        ("corpus", f"{result['documents']} documents, {result['corpus_bytes'] / MB:.1f} MB"),
        ("tasks / units / leaders", f"{counts.get('tasks', '—'):,} / {counts.get('units', '—'):,}"
         f" / {counts.get('leaders', '—'):,}"),
        ("pages (index.html)", f"{result['pages']:,}"),
    ]  # fmt: skip
    for label, _ in STAGES:
        rows.append((f"stage: {label}", seconds(stages.get(label))))
    other = result["chosen_wall"] - sum(stages.values())
    rows.append(("stage: other (start-up, report)", seconds(max(other, 0.0))))
    rows += [
        ("whole pipeline, clean (wall)", seconds(clean) + runs(result["clean"])),
        ("bare `mkdocs build --strict` (wall)",
         seconds(result["bare_wall"]) + runs(result["bare"])),
        ("pipeline / MkDocs (median of pairs)", f"{result['ratio']:.2f}"),
        ("pipeline CPU time (all processes)", seconds(result["clean_cpu"])
         + f" (CPU / wall {result['clean_cpu'] / clean:.2f})"),
        ("bare MkDocs CPU time", seconds(result["bare_cpu"])),
    ]  # fmt: skip
    for kind, kb in sorted(result["peaks_kb"].items()):
        rows.append((f"peak memory: {kind}", megabytes(kb)))
    rows += [
        ("peak memory: bare MkDocs", megabytes(result["bare_maxrss_kb"])),
        ("site size", f"{result['site_bytes'] / MB:,.1f} MB in {result['site_files']:,} files"),
        ("search index (site/pagefind)",
         f"{result['index_bytes'] / MB:,.1f} MB in {result['index_files']:,} files"),
    ]  # fmt: skip
    search = result["search"]
    if search:
        rows += [
            (f"first search “{search['query']}”: search files fetched",
             f"{search['pagefind_bytes'] / 1024:,.0f} KB in {search['pagefind_requests']} requests"
             f" ({search['pagefind_after_query'] / 1024:,.0f} KB after typing)"),
            ("first search: all bytes (page + search)", f"{search['total_bytes'] / 1024:,.0f} KB"),
            ("first search: typing to first result",
             "no result" if search["ms"] < 0 else f"{search['ms']:,.0f} ms"),
        ]  # fmt: skip
    rows += [
        ("rebuild, no change", seconds(result["no_change"]) + share(result["no_change"], clean)),
        ("rebuild, one task edited", seconds(result["one_document"])
         + share(result["one_document"], clean)),
    ]  # fmt: skip
    for key, label in (("no_change_stages", "no change"), ("one_document_stages", "one task")):
        rows.append((f"rebuild, {label}: stages", stage_list(result[key])))
    lines = [f"### {result['copies']}×", "", "| figure | value |", "|---|---:|"]
    lines += [f"| {name} | {value} |" for name, value in rows]
    return lines


def stage_list(stages: dict[str, float]) -> str:
    """Stage times in one cell: parse 1.2, MkDocs 8.1 …"""
    if not stages:
        return "none ran"
    return ", ".join(f"{stage} {value:.1f}" for stage, value in stages.items())


def runs(values: list[float]) -> str:
    """The single runs behind a median, when there were several."""
    return "" if len(values) < 2 else " (" + ", ".join(f"{v:.1f}" for v in values) + ")"


def share(part: float, whole: float) -> str:
    """part as a percentage of whole."""
    return f" ({100 * part / whole:.0f}% of a clean build)"


def verdict(ok: bool | None) -> str:
    """met / not met / not measured."""
    return "not measured" if ok is None else ("met" if ok else "**not met**")


def targets(results: list[dict[str, Any]]) -> list[str]:
    """Issue 14's targets against these figures."""
    by_size = {r["copies"]: r for r in results}
    largest = max(by_size)
    big = by_size[largest]
    rows: list[tuple[str, str, bool | None]] = []
    for copies, result in sorted(by_size.items()):
        rows.append((f"pipeline ≤ 1.3 × bare MkDocs at {copies}×", f"{result['ratio']:.2f}",
                     result["ratio"] <= 1.3))  # fmt: skip
    for copies, result in sorted(by_size.items()):
        used = result["clean_cpu"] / result["clean_wall"]
        rows.append(
            (f"both cores used at {copies}× (CPU / wall ≥ 1.3)", f"{used:.2f}", used >= 1.3)
        )
    for copies, result in sorted(by_size.items()):
        part = result["no_change"] / result["clean_wall"]
        rows.append((f"no-change rebuild ≤ 15% of clean at {copies}×", f"{100 * part:.0f}%",
                     part <= 0.15))  # fmt: skip
    ten = by_size.get(10)
    part = ten["one_document"] / ten["clean_wall"] if ten else None
    rows.append(("one document changed at 10× ≤ 30% of a full build",
                 "—" if part is None else f"{100 * part:.0f}%",
                 None if part is None else part <= 0.3))  # fmt: skip
    one, hundred = by_size.get(1), by_size.get(100)
    growth = hundred["clean_wall"] / one["clean_wall"] if one and hundred else None
    rows.append(("time at 100× ≤ 110 × time at 1×", "—" if growth is None else f"×{growth:.0f}",
                 None if growth is None else growth <= 110))  # fmt: skip
    peak = max(big["peaks_kb"].values()) if big["peaks_kb"] else 0
    rows.append((f"peak memory of any process ≤ 2 GB at 100× (largest here: {largest}×)",
                 megabytes(peak), (peak <= 2 * MB) if hundred else None))  # fmt: skip
    search = big["search"]
    if search:
        kb = search["pagefind_bytes"] / 1024
        rows.append((f"first search fetches ≤ 300 KB of search files at 100× (here {largest}×)",
                     f"{kb:,.0f} KB", (kb <= 300) if hundred else None))  # fmt: skip
        ms = search["ms"]
        rows.append((f"first result ≤ 500 ms after the query at 100× (here {largest}×)",
                     f"{ms:,.0f} ms", (0 <= ms <= 500) if hundred else None))  # fmt: skip
    lines = ["| target | measured | verdict |", "|---|---:|---|"]
    for name, value, ok in rows:
        shown = verdict(ok)
        if ok is None and value != "—":
            # Measured below 100×: show whether the smaller site already meets it.
            shown = "not measured at 100×"
        lines.append(f"| {name} | {value} | {shown} |")
    return lines


def write_results(
    results: list[dict[str, Any]], hostile: list[tuple[str, float]], host: dict[str, str],
    after: dict[str, str],
) -> str:  # fmt: skip
    """Render bench/results.md."""
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` / `make bench-quick` (tests/bench.py); do not edit by hand.",
        "Corpora: the five seed documents renamed as new governments and years, N copies each",
        "(tests/bench_corpus.py). Times are wall-clock seconds of one clean build unless noted.",
        "A size not measured in this run keeps its figures from the run named in its `measured`",
        "column; the raw figures are in bench/results.json.",
        "",
        "## Machine",
        "",
        f"- CPU: {host['cpu']}, {host['cores']} cores; memory {host['memory']}",
        f"- Python {host['python']}; run {host['date']}",
        f"- load average (1, 5, 15 min) at start {host['load']}, at end {after['load']}",
    ]
    busy = max(float(host["load"].split()[0] or 0), float(after["load"].split()[0] or 0))
    if busy > float(host["cores"]) * 0.5:
        lines.append(
            "- **The machine was shared** (load above half its cores): other jobs ran at the "
            "same time, so times are noisy and longer than on an idle machine; the ratios "
            "(pipeline / MkDocs, paired runs) are the steadier figures."
        )
    lines += ["", "## Summary", ""]
    lines += [
        "| size | tasks | pages | whole pipeline | MkDocs alone | pipeline / MkDocs "
        "| largest process | site | first search | measured |",
        "|---|---:|---:|---:|---:|---:|---|---:|---:|---|",
    ]
    for r in results:
        peaks = r["peaks_kb"]
        kind = max(peaks, key=peaks.__getitem__) if peaks else "—"
        search = r["search"]
        first = "—"
        if search:
            first = f"{search['pagefind_bytes'] / 1024:,.0f} KB, {search['ms']:,.0f} ms"
        lines.append(
            f"| {r['copies']}× | {r['counts'].get('tasks', 0):,} | {r['pages']:,} "
            f"| {r['clean_wall']:,.0f} s | {r['bare_wall']:,.0f} s | {r['ratio']:.2f} "
            f"| {kind} {megabytes(peaks.get(kind))} | {r['site_bytes'] / MB:,.0f} MB | {first} "
            f"| {r.get('run', '—')} |"
        )
    lines += ["", "## Targets (issue 14)", "", *targets(results)]
    lines += ["", "## Per size", ""]
    for result in results:
        lines += [*size_table(result), ""]
    lines += ["## Inputs that were once quadratic", "", "| input | time |", "|---|---:|"]
    lines += [f"| {name} | {value:.2f} s |" for name, value in hostile]
    return "\n".join(lines) + "\n"


def commit() -> str:
    """The commit measured: BENCH_COMMIT, or the checkout's HEAD."""
    if os.environ.get("BENCH_COMMIT"):
        return os.environ["BENCH_COMMIT"]
    found = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    )
    return found.stdout.strip() or "unknown commit"


def main(argv: list[str] | None = None) -> int:
    """Measure each size and write bench/results.md; `pipeline` runs one timed build."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["pipeline"]:
        parser = argparse.ArgumentParser(prog="tests.bench pipeline")
        parser.add_argument("--timings", type=Path, required=True)
        known, rest = parser.parse_known_args(args[1:])
        return run_pipeline(known.timings, [a for a in rest if a != "--"])
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--sizes", default=os.environ.get("BENCH_SIZES", DEFAULT_SIZES))
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", "0")))
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--no-browser", dest="browser", action="store_false")
    parser.add_argument("--keep", action="store_true", help="keep the built corpora and sites")
    parser.add_argument(
        "--fresh", action="store_true", help="drop the sizes of earlier runs from the results"
    )
    options = parser.parse_args(args)
    sizes = [int(size) for size in options.sizes.split(",") if size.strip()]
    host = machine()
    # Compile the code first, so the first build does not pay for it and the rounds compare.
    compileall.compile_dir(ROOT / "generator", quiet=1)
    scratch = Path(tempfile.mkdtemp(prefix="bench-"))
    raw = options.out.with_suffix(".json")
    # Sizes measured earlier stay in the results (each with its date and commit), so the long
    # 100× run can be made on its own: BENCH_SIZES=100 make bench.
    kept: dict[int, dict[str, Any]] = {}
    if raw.exists() and not options.fresh:
        kept = {r["copies"]: r for r in json.loads(raw.read_text(encoding="utf-8"))}
    label = f"{host['date']}, {commit()}"
    try:
        for copies in sizes:
            rounds = options.rounds or (2 if copies <= 1 else 1)
            kept[copies] = {**measure_size(copies, rounds, scratch, options.browser), "run": label}
    finally:
        if not options.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    print("inputs that were once quadratic")
    hostile = hostile_cases()
    for (small, first), (large, twice) in zip(hostile[::2], hostile[1::2], strict=True):
        print(f"  {small:<28} {first:6.2f} s")
        print(f"  {large:<28} {twice:6.2f} s  (×{twice / max(first, 1e-9):.1f} for twice the size)")
    results = [kept[copies] for copies in sorted(kept)]
    options.out.parent.mkdir(parents=True, exist_ok=True)
    raw.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    options.out.write_text(write_results(results, hostile, host, machine()), encoding="utf-8")
    print(options.out.read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
