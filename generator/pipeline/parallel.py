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
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

from generator.errors import WunschzeitError

T = TypeVar("T")
JOBS_VARIABLE = "WUNSCHZEIT_JOBS"
# Without WUNSCHZEIT_JOBS at most this many workers: each is a fork of a process holding the
# whole archive, and a container's CPU quota can be far below the cores the kernel reports.
DEFAULT_MAX_JOBS = 8

# The tasks of the running `run` call, for the forked children to find by index.
_tasks: Sequence[Callable[[], object]] = ()
_in_worker = False


class WorkerError(WunschzeitError):
    """A task failed in a worker with an error that cannot travel back as it is."""


def jobs() -> int:
    """How many processes `run` may use: WUNSCHZEIT_JOBS, else the cores this process may use."""
    configured = os.environ.get(JOBS_VARIABLE, "").strip()
    if configured:
        if not (configured.isascii() and configured.isdigit() and int(configured) > 0):
            raise WunschzeitError(
                f"{JOBS_VARIABLE} must be a number of processes (1 or more), not {configured!r}"
            )
        return int(configured)
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        cores = os.cpu_count() or 1
    return min(cores, DEFAULT_MAX_JOBS)


def can_fork() -> bool:
    return sys.platform.startswith("linux") and threading.active_count() == 1 and not _in_worker


def run(tasks: Sequence[Callable[[], T]]) -> list[T]:
    """Every task's result, in order; in worker processes when that is possible.

    A task's exception is raised here; a worker that dies (killed, out of memory) raises
    concurrent.futures.process.BrokenProcessPool instead of leaving `run` waiting.
    """
    workers = min(jobs(), len(tasks))
    if workers < 2 or not can_fork():
        return [task() for task in tasks]
    global _tasks
    _tasks = tasks
    try:
        context = multiprocessing.get_context("fork")
        # With fork, the executor starts its processes before its own thread, all at once.
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker) as pool:
            futures = [pool.submit(_run_task, index) for index in range(len(tasks))]
            try:
                return [future.result() for future in futures]  # type: ignore[misc]
            except BaseException:
                pool.shutdown(wait=True, cancel_futures=True)
                raise
    finally:
        _tasks = ()


def _start_worker() -> None:
    global _in_worker
    _in_worker = True
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle


def _run_task(index: int) -> object:
    try:
        return _tasks[index]()
    except BaseException as error:  # re-raised in the parent, whatever it is
        try:
            pickle.loads(pickle.dumps(error))
        except Exception:  # it would not survive the way back
            detail = "".join(traceback.format_exception(error)).rstrip()
            raise WorkerError(f"a worker process failed:\n{detail}") from None
        if not isinstance(error, Exception):  # SystemExit, KeyboardInterrupt in a task
            raise WorkerError(f"a worker process stopped: {error!r}") from None
        raise


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
