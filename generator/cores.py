"""How many processes the build may run at once, and how it starts them (shared by every stage)."""

from __future__ import annotations

import multiprocessing
import os
from multiprocessing.context import BaseContext


def workers() -> int:
    """Return how many processes may work at once: the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def fork_context() -> BaseContext | None:
    """Return the 'fork' start method's context, or None where the platform has none."""
    # Forked workers start at once and inherit the parent's objects, so only indexes need to
    # go to them; spawn would re-import everything and pickle every object they read.
    if "fork" not in multiprocessing.get_all_start_methods():
        return None  # pragma: no cover - Windows
    return multiprocessing.get_context("fork")
