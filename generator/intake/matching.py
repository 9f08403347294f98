"""Near-duplicate search over a whole import, on several processes when it is large.

Takes the comparison keys in the order the questions were asked (the talk's existing ones
first), where the new ones start, and the threshold; gives for each new key the index of the
most alike earlier key and the similarity (`duplicates.Earlier.best_match`), or (None, None).
Which earlier key a new one resembles depends only on the keys before it, not on the merges
decided for them, so the new keys are cut into consecutive chunks and each process searches
one: it indexes every key before its chunk, then searches and indexes its chunk key by key,
exactly as one process would. The answers are the same with any number of processes.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

from generator.intake import parallel
from generator.intake.duplicates import Earlier

Match = tuple[int | None, int | None]  # index of the earlier key, similarity
PARALLEL_FROM = 20_000  # new keys; below, starting a process costs more than it saves
# Indexing a key costs about this share of searching for one (200,000 benchmark rows): the
# chunks are sized so that each process, indexing the keys before its chunk, ends at once.
INDEX_COST = 0.1


def best_matches(
    keys: Sequence[str],
    start: int,
    earlier: Earlier,
    processes: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[Match]:
    """For each of `keys[start:]`, its best match among the keys before it.

    `earlier` is a fresh `Earlier` made for these keys; `processes`: how many to use (default:
    the cores this process may run on, at most `parallel.MAX_PROCESSES`; one for small imports).
    """
    count = processes or parallel.processes(len(keys) - start, PARALLEL_FROM)
    chunks = _chunks(start, len(keys), count)

    def search(begin: int, end: int) -> list[Match]:
        # Only the first chunk runs in this process: it alone reports progress as it goes.
        return _search(earlier, keys, begin, end, progress if begin == start else None)

    return parallel.run(search, chunks, progress)


def _chunks(start: int, end: int, count: int) -> list[tuple[int, int]]:
    """`count` consecutive ranges of [start, end), later ones shorter by their indexing work."""
    if count <= 1 or end - start < 2 * count:
        return [(start, end)]
    low, high = 0.0, float(end - start)  # the work of each chunk, in searches
    for _ in range(50):
        work = (low + high) / 2
        if _cover(start, count, work) < end:
            low = work
        else:
            high = work
    bounds = [start]
    for _ in range(count - 1):
        length = max(1, round(high - INDEX_COST * bounds[-1]))
        bounds.append(min(end - 1, bounds[-1] + length))
    bounds.append(end)
    return [(a, b) for a, b in itertools.pairwise(bounds) if b > a]


def _cover(start: int, count: int, work: float) -> float:
    """How far `count` chunks of `work` each reach from `start`."""
    reached = float(start)
    for _ in range(count):
        reached += max(0.0, work - INDEX_COST * reached)
    return reached


def _search(
    earlier: Earlier,
    keys: Sequence[str],
    begin: int,
    end: int,
    progress: Callable[[int], None] | None,
) -> list[Match]:
    """Index the keys before `begin` not yet indexed, then search and index `keys[begin:end]`."""
    for key in keys[len(earlier.keys) : begin]:
        earlier.add(key)
    found = []
    for key in keys[begin:end]:
        found.append(earlier.best_match(key))
        earlier.add(key)
        if progress:
            progress(1)
    return found
