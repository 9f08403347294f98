"""Aligning questions with a recording: takes the questions of a talk and its caption cues
(with chapters and the recording's duration where known); gives for each question the second
where it is put to the expert and where the answer ends, with a score and the caption text
it rests on — or no start at all when the captions do not support one.

Precision comes first: a wrong start on a question that was never answered misleads readers,
a missing one only costs the editor a look. So a start needs a score of `min_score`, and
questions compete for cues (see `assign`) instead of each taking its best match.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from generator.align.assign import assign, best_each
from generator.align.index import CaptionIndex
from generator.align.model import AlignQuestion, Candidate, Options, Suggestion
from generator.align.score import READOUT, Context, candidates, intro_hits
from generator.align.text import Language, identity_language, language
from generator.constants import DEFAULT_LANGUAGE
from generator.models import Chapter, Cue

DEFAULT_MIN_SCORE = 45
PAUSE = 12.0  # seconds without captions that end an answer
MAX_ANSWER = 900.0
CHAPTER_SLACK = 5.0  # a chapter starting this soon after a start is the same topic
EVIDENCE_CHARS = 200


def align(
    questions: Sequence[AlignQuestion],
    cues: Sequence[Cue],
    *,
    language: str = DEFAULT_LANGUAGE,
    chapters: Sequence[Chapter] = (),
    duration: float | None = None,
    min_score: int = DEFAULT_MIN_SCORE,
) -> list[Suggestion]:
    """One Suggestion per question, in the order of `questions`."""
    return align_with(
        questions, cues, language=language, chapters=chapters, duration=duration,
        min_score=min_score, options=Options(),
    )  # fmt: skip


def align_with(
    questions: Sequence[AlignQuestion],
    cues: Sequence[Cue],
    *,
    language: str,
    chapters: Sequence[Chapter],
    duration: float | None,
    min_score: int,
    options: Options,
) -> list[Suggestion]:
    """`align` with some signals switched off (benchmarks/align.py measures each)."""
    usable = [cue for cue in cues if duration is None or cue.start <= duration]
    if not usable:
        return [Suggestion(q.id, None, None, 0, "") for q in questions]
    index = CaptionIndex(usable, _language(language, options), fuzzy=options.fuzzy)
    ctx = Context(index, intro_hits(index), tuple(chapters), options)
    found = [candidates(number, q, ctx) for number, q in enumerate(questions)]
    passing = [[c for c in own if c.score * 100 >= min_score] for own in found]
    chosen = assign(passing) if options.assignment else best_each(passing)
    ends = _ends(chosen, index, chapters, duration)
    return [
        _suggestion(q, chosen.get(n), ends.get(n), found[n], index) for n, q in enumerate(questions)
    ]


def _language(code: str, options: Options) -> Language:
    return language(code) if options.stemming else identity_language(code)


def _suggestion(
    question: AlignQuestion,
    chosen: Candidate | None,
    end: float | None,
    found: list[Candidate],
    index: CaptionIndex,
) -> Suggestion:
    if chosen is None:
        best = max((c.score for c in found), default=0.0)
        return Suggestion(question.id, None, None, _percent(best), "")
    start = math.floor(chosen.start)
    stop = max(start, math.floor(end)) if end is not None else None
    return Suggestion(question.id, start, stop, _percent(chosen.score), _evidence(chosen, index))


def _percent(score: float) -> int:
    return max(0, min(100, round(score * 100)))


def _evidence(chosen: Candidate, index: CaptionIndex) -> str:
    """The caption text of the readout seconds from the start, cut at a word."""
    span = index.span(chosen.start, chosen.start + READOUT) or range(chosen.cue, chosen.cue + 1)
    text = " ".join(" ".join(index.cues[i].text.split()) for i in span)
    if len(text) <= EVIDENCE_CHARS:
        return text
    return text[: EVIDENCE_CHARS - 1].rsplit(" ", 1)[0] + "…"


def _ends(
    chosen: dict[int, Candidate],
    index: CaptionIndex,
    chapters: Sequence[Chapter],
    duration: float | None,
) -> dict[int, float]:
    """Where each answer ends: the next start, the next chapter, or a long pause."""
    starts = sorted(c.start for c in chosen.values())
    boundaries = sorted(ch.start.seconds for ch in chapters)
    ends: dict[int, float] = {}
    for number, candidate in chosen.items():
        limit = min(
            _next(starts, candidate.start, 0.0),
            _next(boundaries, candidate.start, CHAPTER_SLACK),
            candidate.start + MAX_ANSWER,
            duration if duration is not None else math.inf,
        )
        ends[number] = _last_spoken(index, candidate.cue, limit)
    return ends


def _next(times: Sequence[float], after: float, slack: float) -> float:
    return next((t for t in times if t > after + slack), math.inf)


def _last_spoken(index: CaptionIndex, first: int, limit: float) -> float:
    """The end of the last cue before `limit` or before the first long pause."""
    end = index.cues[first].end
    for cue in index.cues[first + 1 :]:
        if cue.start >= limit or cue.start - end > PAUSE:
            break
        end = max(end, cue.end)
    return min(end, limit)
