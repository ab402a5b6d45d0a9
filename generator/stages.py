"""Show the build's stages as they run: a live bar on a terminal, plain timed lines elsewhere.

A build is silent for half a minute otherwise. On a terminal (stdout and stderr both) each
stage is a rich progress line with a spinner, a bar and a counter when its size is known, and
the time so far; anywhere else (CI logs, pipes, tests) each stage is one plain line when it
starts and one when it ends, with no escape codes and no carriage returns. The display goes to
stderr, so stdout keeps the build's report.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from typing import TextIO

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from generator.messages import say

# The stages of `python -m generator build`, in the order they run: keys of the message
# catalog, said in the active language when shown.
PARSE = "stage.parse"
RENDER = "stage.render"
MKDOCS = "stage.mkdocs"
SEARCH = "stage.search"
LINKS = "stage.links"
PUBLISH = "stage.publish"
ORDER = (PARSE, RENDER, MKDOCS, SEARCH, LINKS, PUBLISH)
# What a stage's total counts (a catalog key with {count}).
ITEMS = "stage.items"
DOCUMENTS = "stage.documents"


class Stage:
    """One running stage; advance() counts a finished item when the stage has a total."""

    def __init__(self, progress: Progress | None = None, task: TaskID | None = None) -> None:
        self._progress = progress
        self._task = task
        self.done = 0

    def advance(self, step: int = 1) -> None:
        """Count step more items done."""
        self.done += step
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task, step)


def interactive(out: TextIO | None = None, err: TextIO | None = None) -> bool:
    """Tell whether a live display fits: both streams are terminals and the terminal is not dumb."""
    out = sys.stdout if out is None else out
    err = sys.stderr if err is None else err
    # A pipe on either side means a log someone reads later: redrawn lines only garble it.
    try:
        ttys = out.isatty() and err.isatty()
    except (AttributeError, ValueError):
        return False
    return ttys and os.environ.get("TERM", "") != "dumb"


def _ended(name: str, finished: bool, started: float) -> str:
    seconds = f"{time.perf_counter() - started:.1f}"
    return say("stage.finished" if finished else "stage.stopped", name=name, seconds=seconds)


_active = 0


@contextlib.contextmanager
def stage(key: str, total: int | None = None, unit: str = ITEMS) -> Iterator[Stage]:
    """Show stage key while the block runs (a bar when total is given) and how long it took."""
    global _active
    started = time.perf_counter()
    name = say(key)
    # Stages do not nest on screen: rich shows one live display at a time.
    live = interactive() and _active == 0
    _active += 1
    try:
        if live:
            with _live_stage(name, total, started) as running:
                yield running
        else:
            yield from _plain_stage(name, total, unit, started)
    finally:
        _active -= 1


def _plain_stage(name: str, total: int | None, unit: str, started: float) -> Iterator[Stage]:
    err = sys.stderr
    if total is None:
        print(say("stage.started", name=name), file=err, flush=True)
    else:
        count = say(unit, count=total)
        print(say("stage.started_count", name=name, count=count), file=err, flush=True)
    finished = False
    try:
        yield Stage()
        finished = True
    finally:
        print(_ended(name, finished, started), file=err, flush=True)


@contextlib.contextmanager
def _live_stage(name: str, total: int | None, started: float) -> Iterator[Stage]:
    console = Console(stderr=True, highlight=False)
    columns: list[ProgressColumn | str] = [SpinnerColumn(), TextColumn("{task.description}")]
    if total is not None:
        columns += [BarColumn(), MofNCompleteColumn()]
    columns.append(TimeElapsedColumn())
    # Lines printed meanwhile (warnings, MkDocs' own messages) scroll above the bar.
    progress = Progress(*columns, console=console, transient=True)
    finished = False
    with progress:
        task = progress.add_task(name, total=total)
        try:
            yield Stage(progress, task)
            finished = True
        finally:
            progress.stop()
            mark = "[green]✓[/]" if finished else "[red]✗[/]"
            console.print(f"{mark} {escape(_ended(name, finished, started))}")
