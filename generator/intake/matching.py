"""Near-duplicate search over a whole import, on several processes when it is large.

Takes the comparison keys in the order the questions were asked (the talk's existing ones
first), where the new ones start, and the threshold; gives for each new key the index of the
most alike earlier key and the similarity (`duplicates.Earlier.best_match`), or (None, None).
Which earlier key a new one resembles depends only on the keys before it, not on the merges
decided for them, so the new keys are cut into consecutive chunks that the processes take one
after another as they finish one: a process indexes the keys before its chunk it has not seen
yet, then searches and indexes its chunk key by key, exactly as one process would. The answers
are the same with any number of processes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from generator.intake import parallel
from generator.intake.duplicates import Earlier

Match = tuple[int | None, int | None]  # index of the earlier key, similarity
PARALLEL_FROM = 20_000  # new keys; below, starting a process costs more than it saves
# New keys a chunk holds. A key costs more to search the more keys came before it (109 us at
# the start of 200,000 benchmark rows, 260 from the 60,000th on): two chunks sized for a fixed
# cost would be 21 and 27 s of work; small chunks taken as processes get free balance it.
CHUNK = 2_000


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
    characters = sum(map(len, keys[start:]))
    count = processes or parallel.processes(len(keys) - start, PARALLEL_FROM, characters)
    if count <= 1:
        return _search(earlier, keys, start, len(keys), progress)
    # At least four chunks a process: a later key costs more than an earlier one.
    chunks = parallel.even_chunks(start, len(keys), max(4 * count, (len(keys) - start) // CHUNK))

    def search(begin: int, end: int) -> list[Match]:
        return _search(earlier, keys, begin, end, None)

    return parallel.run_dealt(search, chunks, count, progress)


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
