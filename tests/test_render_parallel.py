"""Rendering over several processes gives exactly the pages of a render in one process."""

from __future__ import annotations

import multiprocessing
import os
import posixpath
import signal
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from types import FrameType
from typing import Any, ClassVar

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jinja2 import DictLoader, Environment, StrictUndefined

import generator.site.parallel as parallel
from generator.config import Config
from generator.errors import GeneratorError
from generator.read.parse import content_documents, parse_paths
from generator.site.gather import Site, build_site
from generator.site.parallel import PageJob, RenderError, render_pages
from generator.site.render import relative_path, render_site

REGIONS = ("甲江市东岭区", "乙川县", "丙原市北湾新区")
UNITS = ("发展和改革局", "财政局", "工业和信息化局", "教育局", "交通运输局", "生态环境分局")
LEADERS = ("周明", "吴芳", "郑强", "王静")
SECTIONS = ("一、稳定经济增长", "二、改善民生保障", "三、推进绿色发展")


def numbered_document(region: int, year: int) -> str:
    """A 分工方案 with three sections of numbered tasks, each naming leaders and units."""
    lines = [f"# {year}年政府工作报告重点任务分工方案", ""]
    number = 0
    for section in SECTIONS:
        lines += [f"## {section}", ""]
        for step in range(9):
            number += 1
            lead = UNITS[(number + region) % len(UNITS)]
            support = UNITS[(number * 3 + year) % len(UNITS)]
            leader = LEADERS[(number + year) % len(LEADERS)]
            units = f"{lead}、{support}" if support != lead else lead
            lines.append(
                f"{number}. 推进第{step + 1}批重点项目建设，年内完成投资{number + 2}亿元。"
                f"（牵头领导：{leader}；责任单位：{units}）"
            )
        lines.append("")
    return "\n".join(lines)


@pytest.fixture
def site(write_files: Callable[[dict[str, str | bytes]], Path], config: Config) -> Site:
    """Three governments with two years of documents each: a few hundred pages."""
    files: dict[str, str | bytes] = {}
    for region, name in enumerate(REGIONS):
        for year in (2023, 2024):
            stem = f"documents/r{region}-{year}"
            files[f"{stem}.md"] = numbered_document(region, year)
            files[f"{stem}.yml"] = f"region: {name}\nyear: {year}\n"
    root = write_files(files)
    documents, errors = parse_paths(content_documents(root), config)
    assert not errors
    return build_site(documents, config)


class CountingPool(ProcessPoolExecutor):
    """A process pool that records every time one is started, and with how many workers."""

    started: ClassVar[list[int | None]] = []

    def __init__(self, max_workers: int | None = None, **options: Any) -> None:
        CountingPool.started.append(max_workers)
        super().__init__(max_workers=max_workers, **options)


@pytest.fixture
def pools(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int | None]]:
    """Count the worker pools rendering starts; two workers whatever this machine has."""
    CountingPool.started = []
    monkeypatch.setattr(parallel, "ProcessPoolExecutor", CountingPool)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    yield CountingPool.started


@pytest.fixture
def no_hang() -> Iterator[None]:
    """Fail the test, rather than hang the run, when rendering takes over a minute."""

    def stop(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError("rendering hung")

    before = signal.signal(signal.SIGALRM, stop)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, before)


def test_workers_render_the_same_files_in_the_same_order(
    site: Site, pools: list[int | None], monkeypatch: pytest.MonkeyPatch
) -> None:
    serial = render_site(site, parallel_from=10**9)
    assert pools == []
    # Small chunks: the pages come back from many round trips, and both workers take some.
    monkeypatch.setattr(parallel, "CHUNK", 5)
    forked = render_site(site, parallel_from=1)
    assert pools == [2]
    assert len(serial) > 100
    assert list(forked) == list(serial)
    for path, text in serial.items():
        assert forked[path].encode("utf-8") == text.encode("utf-8"), path
    # Every kind of page a site has took part.
    kinds = {path.split("/")[0] for path in serial}
    assert {"documents", "units", "leaders", "index.md"} <= kinds


def test_a_small_site_renders_in_this_process(site: Site, pools: list[int | None]) -> None:
    pages = render_site(site)
    assert pools == [] and 100 < len(pages) < parallel.PARALLEL_FROM


def environment(templates: dict[str, str]) -> Environment:
    """A strict environment over in-memory templates."""
    return Environment(loader=DictLoader(templates), undefined=StrictUndefined)


def jobs(count: int) -> list[PageJob]:
    """count pages of one template, numbered."""
    return [PageJob("page.j2", f"pages/{n}.md", {"n": n}) for n in range(count)]


def failing_on(page: int, fail: Callable[[], None]) -> Callable[[int], str]:
    """A template function that calls fail() for one page number and numbers the others."""

    def check(n: int) -> str:
        if n == page:
            fail()
        return str(n)

    return check


def broken_data() -> None:
    """Fail the way a template bug fails."""
    raise ValueError("模板数据不完整")


@pytest.mark.usefixtures("no_hang")
def test_an_error_in_a_worker_names_the_page(pools: list[int | None]) -> None:
    env = environment({"page.j2": "第 {{ check(n) }} 页\n"})
    with pytest.raises(RenderError) as raised:
        render_pages(env, jobs(60), parallel_from=1, check=failing_on(37, broken_data))
    assert pools == [2]
    assert raised.value.page == "pages/37.md"
    message = str(raised.value)
    assert "pages/37.md" in message and "ValueError" in message and "模板数据不完整" in message


def test_an_error_in_process_reads_the_same(pools: list[int | None]) -> None:
    env = environment({"page.j2": "第 {{ check(n) }} 页\n"})
    with pytest.raises(RenderError) as raised:
        render_pages(env, jobs(60), parallel_from=10**9, check=failing_on(37, broken_data))
    assert pools == []
    assert raised.value.page == "pages/37.md" and "模板数据不完整" in str(raised.value)


@pytest.mark.usefixtures("no_hang")
def test_a_worker_that_dies_stops_the_render_with_a_message(pools: list[int | None]) -> None:
    parent = os.getpid()

    def die() -> None:
        # Only a worker dies (as under the out-of-memory killer); the test process goes on.
        if os.getpid() != parent:
            os._exit(9)

    env = environment({"page.j2": "第 {{ check(n) }} 页\n"})
    with pytest.raises(GeneratorError) as raised:
        render_pages(env, jobs(60), parallel_from=1, check=failing_on(37, die))
    assert pools == [2]
    assert "子进程意外退出" in str(raised.value)


def test_pages_come_back_in_job_order_with_a_repeated_path_kept_last(
    pools: list[int | None], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "CHUNK", 3)
    env = environment({"page.j2": "{{ n }}"})
    repeated = [*jobs(20), PageJob("page.j2", "pages/4.md", {"n": "again"})]
    forked = render_pages(env, repeated, parallel_from=1)
    serial = render_pages(env, repeated, parallel_from=10**9)
    assert list(forked.items()) == list(serial.items())
    assert forked["pages/4.md"] == "again" and list(forked)[4] == "pages/4.md"


PART = st.sampled_from(["a", "b", "tasks", "任务", "index.md", ".", "..", ""])
PATH = st.lists(PART, max_size=4).map("/".join)


@given(PATH, PATH, st.booleans(), st.booleans())
def test_relative_links_are_those_posixpath_gives(
    target: str, start: str, rooted_target: bool, rooted_start: bool
) -> None:
    target = "/" + target if rooted_target else target
    start = ("/" + start if rooted_start else start) or "."
    try:
        expected: str | type[Exception] = posixpath.relpath(target, start)
    except ValueError:
        expected = ValueError
    try:
        found: str | type[Exception] = relative_path(target, start)
    except ValueError:
        found = ValueError
    assert found == expected


def test_a_daemonic_worker_renders_in_its_own_process(pools: list[int | None]) -> None:
    context = multiprocessing.get_context("fork")
    results: multiprocessing.Queue[object] = context.Queue()

    def render_in_daemon() -> None:
        env = environment({"page.j2": "{{ n }}"})
        try:
            results.put(render_pages(env, jobs(10), parallel_from=1))
        except Exception as error:  # the test reads what went wrong
            results.put(repr(error))

    # A pool's worker is daemonic and may not start processes: it renders alone instead.
    process = context.Process(target=render_in_daemon, daemon=True)
    process.start()
    found = results.get(timeout=60)
    process.join(60)
    assert found == {f"pages/{n}.md": str(n) for n in range(10)}


@pytest.mark.usefixtures("no_hang")
def test_pages_after_a_failed_one_are_not_all_rendered(
    pools: list[int | None], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(parallel, "CHUNK", 2)
    done = tmp_path / "rendered"

    def slow(n: int) -> str:
        if n == 0:
            broken_data()
        time.sleep(0.01)  # a page that takes a while, so the failure arrives first
        with done.open("a", encoding="utf-8") as out:
            out.write(f"{n}\n")
        return str(n)

    env = environment({"page.j2": "{{ check(n) }}"})
    with pytest.raises(RenderError):
        render_pages(env, jobs(200), parallel_from=1, check=slow)
    rendered = done.read_text(encoding="utf-8").split() if done.exists() else []
    assert len(rendered) < 100
