"""Independent pieces of work on every core: forked worker processes, results in order.

Takes a list of tasks (functions without arguments, closures welcome); gives their results in
the same order, exactly what running them one after another gives. Loading tens of thousands
of question files and rendering thousands of pages is pure Python, so threads would not help;
forked children inherit the tasks and everything they refer to (the Archive, for rendering),
and only the results travel back through a pipe.

Work runs in the calling process instead when forking is not safe or not worth it: fewer
than two cores or WUNSCHZEIT_JOBS=1, a platform where `fork` is not the safe default (macOS,
Windows), or other threads running (`wunschzeit serve` generates in its watcher thread, and a
child forked beside threads can inherit a lock held by one of them forever).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
JOBS_VARIABLE = "WUNSCHZEIT_JOBS"

# The tasks of the running `run` call, for the forked children to find by index.
_tasks: Sequence[Callable[[], object]] = ()


def jobs() -> int:
    """How many processes `run` may use: WUNSCHZEIT_JOBS, else the cores this process may use."""
    configured = os.environ.get(JOBS_VARIABLE, "").strip()
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


def can_fork() -> bool:
    return sys.platform.startswith("linux") and threading.active_count() == 1


def run(tasks: Sequence[Callable[[], T]]) -> list[T]:
    """Every task's result, in order; in worker processes when that is possible."""
    workers = min(jobs(), len(tasks))
    if workers < 2 or not can_fork():
        return [task() for task in tasks]
    global _tasks
    _tasks = tasks
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(workers) as pool:
            # chunksize 1: tasks are few and large; results come back in task order.
            return pool.map(_run_task, range(len(tasks)), chunksize=1)  # type: ignore[arg-type]
    finally:
        _tasks = ()


def _run_task(index: int) -> object:
    return _tasks[index]()


def chunks(items: Sequence[T], count: int) -> list[Sequence[T]]:
    """`items` cut into at most `count` consecutive slices of nearly equal length."""
    count = max(1, min(count, len(items)))
    size, extra = divmod(len(items), count)
    slices, start = [], 0
    for index in range(count):
        end = start + size + (1 if index < extra else 0)
        slices.append(items[start:end])
        start = end
    return slices
