"""Work of a large import on several processes: consecutive chunks, results in order.

Takes a function of a range `(begin, end)` and the ranges; gives the function's results for the
ranges, concatenated in order: with `run` the first range is worked on in this process, the
others in forked ones; with `run_dealt` forked processes take one range after another. The function and its data are inherited through the fork, never pickled; only the
results come back. Where there is no `fork` (Windows; macOS, where it is unsafe for libraries)
or one core, all runs here.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

MAX_PROCESSES = 4
# Characters of text from which work is shared out whatever the count of items: scrubbing
# 2,000,000 characters of phone numbers takes about 0.5 s, forking costs about 0.05 s.
PARALLEL_CHARACTERS = 2_000_000
Work = Callable[[int, int], list[Any]]

# The work forked processes do: set before the fork, inherited, never pickled.
_work: Work | None = None


def processes(items: int, parallel_from: int, characters: int = 0) -> int:
    """How many processes to use for `items` of `characters` in all: one below `parallel_from`
    items, unless they are long (PARALLEL_CHARACTERS: a 10 MB file of 500 long questions is as
    much work as 100,000 short ones)."""
    large = items >= parallel_from or (items > 1 and characters >= PARALLEL_CHARACTERS)
    if not large or not sys.platform.startswith("linux"):
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, MAX_PROCESSES))


def even_chunks(start: int, end: int, count: int) -> list[tuple[int, int]]:
    """`count` consecutive ranges of [start, end) of about equal length."""
    bounds = [start + (end - start) * n // count for n in range(count + 1)]
    return [(a, b) for a, b in itertools.pairwise(bounds) if b > a] or [(start, end)]


def run(
    work: Work, chunks: Sequence[tuple[int, int]], done: Callable[[int], None] | None = None
) -> list[Any]:
    """`work(begin, end)` for each chunk, in order; `done(n)` after a forked chunk of n items."""
    global _work
    if len(chunks) <= 1:
        return [item for begin, end in chunks for item in work(begin, end)]
    _work = work
    try:
        with multiprocessing.get_context("fork").Pool(len(chunks) - 1) as pool:
            pending = [pool.apply_async(_forked, chunk) for chunk in chunks[1:]]
            found = work(*chunks[0])
            for (begin, end), result in zip(chunks[1:], pending, strict=True):
                found += result.get()
                if done:
                    done(end - begin)
    finally:
        _work = None
    return found


def run_dealt(
    work: Work,
    chunks: Sequence[tuple[int, int]],
    count: int,
    done: Callable[[int], None] | None = None,
) -> list[Any]:
    """`work(begin, end)` for each chunk, in order, on `count` forked processes that each take
    the next chunk when they finish one (so a process works on ascending chunks, and what it
    learnt from one is there for its next); `done(n)` after each chunk of n items."""
    global _work
    if count <= 1:
        return [item for begin, end in chunks for item in work(begin, end)]
    _work = work
    try:
        with multiprocessing.get_context("fork").Pool(count) as pool:
            found = []
            for (begin, end), result in zip(chunks, pool.imap(_dealt, chunks), strict=True):
                found += result
                if done:
                    done(end - begin)
    finally:
        _work = None
    return found


def _dealt(chunk: tuple[int, int]) -> list[Any]:
    return _forked(*chunk)


def _forked(begin: int, end: int) -> list[Any]:
    assert _work is not None  # set by `run` before the fork
    return _work(begin, end)
