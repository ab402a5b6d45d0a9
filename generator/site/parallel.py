"""Render a list of pages with one Jinja environment, over every core when the site is large.

Rendering is the build's longest pure-Python step after parsing (about 7,000 pages at a few
thousand tasks). The pages are independent once the Site exists, so forked worker processes
take them in consecutive chunks: they inherit the Site, the environment and the page list, so
only chunk bounds go out and only the Markdown text comes back, in the list's order. The
result is the serial render's, key for key and byte for byte.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment

from generator.cores import fork_context, workers
from generator.errors import GeneratorError
from generator.messages import say

# Fewer pages than this render in this process: starting workers costs more than it saves.
# Measured on two cores (CPU of the parent plus the busiest worker): 711 pages 0.33 s alone,
# 0.29 s with two workers; 1,398 pages 0.52 s and 0.46 s; 6,894 pages 2.48 s and 1.80 s. Below
# a few thousand pages the gain is within what a busy machine takes back.
PARALLEL_FROM = 2000
# Pages a worker renders per task: small enough to keep every core busy to the end (a unit
# page with thousands of tasks takes a hundred times a task page), large enough that the
# round trips do not matter.
CHUNK = 48


@dataclass(frozen=True)
class PageJob:
    """One page to render: its template, its Markdown path and the template's context."""

    template: str
    here: str
    context: Mapping[str, Any]


class RenderError(GeneratorError):
    """A page whose template failed, named by its Markdown path."""

    def __init__(self, page: str, detail: str) -> None:
        # Both values are the exception's args, so it survives the trip back from a worker.
        super().__init__(page, detail)
        self.page = page
        self.detail = detail

    def __str__(self) -> str:
        return say("render.failed", page=self.page, error=self.detail)


@dataclass(frozen=True)
class _Work:
    environment: Environment
    globals: Mapping[str, Any]
    jobs: list[PageJob]


# What the forked workers render: set by the parent just before it forks them.
_work: _Work | None = None


def render_pages(
    environment: Environment,
    jobs: list[PageJob],
    parallel_from: int | None = None,
    **shared: Any,
) -> dict[str, str]:
    """Render every job into {here: text}, in job order; shared goes into every context.

    parallel_from: the fewest pages worth forking workers for (PARALLEL_FROM when None).
    """
    threshold = PARALLEL_FROM if parallel_from is None else parallel_from
    work = _Work(environment, shared, jobs)
    count = workers()
    context = fork_context()
    # A daemonic process (a pool's worker) may not start processes of its own.
    daemon = multiprocessing.current_process().daemon
    if count == 1 or context is None or daemon or len(jobs) < max(threshold, 2):
        texts = _render_range(work, 0, len(jobs))
    else:
        texts = _render_forked(work, count, context)
    pages: dict[str, str] = {}
    for job, text in zip(jobs, texts, strict=True):
        pages[job.here] = text
    return pages


def _render_forked(work: _Work, count: int, context: Any) -> list[str]:
    global _work
    # Compile every template once here, so no worker compiles its own copy.
    for name in dict.fromkeys(job.template for job in work.jobs):
        work.environment.get_template(name)
    bounds = list(_chunks(len(work.jobs), CHUNK))
    texts: list[str] = []
    _work = work
    # Objects the workers inherit are left out of their garbage collections: a collection
    # would otherwise walk (and copy, page by page) the whole Site in every worker.
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=min(count, len(bounds)), mp_context=context) as pool:
            starts = [start for start, _ in bounds]
            stops = [stop for _, stop in bounds]
            # After a failed page, map cancels the chunks still queued.
            for part in pool.map(_render_inherited, starts, stops):
                texts.extend(part)
    except BrokenProcessPool as error:
        # A worker killed (out of memory, a signal) takes its chunk with it: say so, not hang.
        detail = str(error) or type(error).__name__
        raise GeneratorError(say("render.workers_died", error=detail)) from error
    finally:
        gc.unfreeze()
        _work = None
    return texts


def _chunks(total: int, size: int) -> Iterator[tuple[int, int]]:
    for start in range(0, total, size):
        yield start, min(total, start + size)


def _render_inherited(start: int, stop: int) -> list[str]:
    # Runs in a forked worker: the work was set in the parent before the fork.
    assert _work is not None, "render worker started without work"
    return _render_range(_work, start, stop)


def _render_range(work: _Work, start: int, stop: int) -> list[str]:
    texts = []
    for job in work.jobs[start:stop]:
        try:
            template = work.environment.get_template(job.template)
            texts.append(template.render(**work.globals, here=job.here, **job.context))
        except Exception as error:
            raise RenderError(job.here, f"{type(error).__name__}: {error}") from error
    return texts
