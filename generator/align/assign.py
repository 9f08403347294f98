"""Assignment: takes each question's candidate starts; gives at most one start per question,
no two closer than SEPARATION seconds.

Two questions are rarely answered at the same moment, so the candidates compete: greedy by
score first (the surest match takes its cue), then single swaps that raise the total — a
question whose best cue went to another takes it back when that other has a nearly as good
cue elsewhere. Not optimal in theory; a Hungarian method would need the separation as slots.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from generator.align.model import Candidate

SEPARATION = 10.0
SWAP_ROUNDS = 3


def assign(candidates: Sequence[Sequence[Candidate]]) -> dict[int, Candidate]:
    """The chosen candidate of each question that gets one, by question number."""
    chosen: dict[int, Candidate] = {}
    pool = sorted(
        (c for own in candidates for c in own), key=lambda c: (-c.score, c.question, c.start)
    )
    for candidate in pool:
        if candidate.question not in chosen and not _conflicts(candidate, chosen.values()):
            chosen[candidate.question] = candidate
    for _ in range(SWAP_ROUNDS):
        if not _swap_once(candidates, chosen):
            break
    return chosen


def best_each(candidates: Sequence[Sequence[Candidate]]) -> dict[int, Candidate]:
    """Each question's best candidate on its own (no competition; to measure assignment)."""
    return {own[0].question: max(own, key=lambda c: c.score) for own in candidates if own}


def _conflicts(candidate: Candidate, others: Iterable[Candidate]) -> list[Candidate]:
    return [
        o
        for o in others
        if o.question != candidate.question and abs(o.start - candidate.start) < SEPARATION
    ]


def _swap_once(candidates: Sequence[Sequence[Candidate]], chosen: dict[int, Candidate]) -> bool:
    """Give one unassigned question the cue of another that can move; True when done."""
    for own in candidates:
        for wanted in own:
            if wanted.question in chosen:
                break
            blocking = _conflicts(wanted, chosen.values())
            if len(blocking) == 1 and _move(blocking[0], wanted, candidates, chosen):
                chosen[wanted.question] = wanted
                return True
    return False


def _move(
    holder: Candidate,
    wanted: Candidate,
    candidates: Sequence[Sequence[Candidate]],
    chosen: dict[int, Candidate],
) -> bool:
    """Move `holder` to another of its candidates if that raises the total score."""
    others = [c for c in chosen.values() if c.question != holder.question] + [wanted]
    for alternative in candidates[holder.question]:
        gain = wanted.score + alternative.score - holder.score
        if alternative != holder and gain > 0 and not _conflicts(alternative, others):
            chosen[holder.question] = alternative
            return True
    return False
