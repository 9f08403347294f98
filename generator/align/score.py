"""Scoring one question: takes a question, the caption index and the talk's chapters; gives
the cues where it is most likely put to the expert, each with a score from 0 to 1.

Signals, each from 0 to 1, measured at a cue (the candidate start):
- `readout`: the question's terms (idf-weighted) in the READOUT seconds after the cue — the
  moderator reading it out;
- `answer`: its terms in the ANSWER seconds after — an expert's answer reuses its words;
- `name`: the asker's name or handle spoken around the cue (`Mario fragt`, `@Luccio asks`);
- `intro`: a word with which questions are put (`Frage`, `asks`, `demande`) around the cue;
- `head`: the cue itself holds a name, intro word or term, so that the start is not put a few
  cues early;
- `chapter`: a chapter whose title matches the question starts at the cue.
A live-chat question's `asked_at_offset` then scales the score: it is answered after it was
asked, mostly within minutes.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, replace

from generator.align.index import CaptionIndex, Hits
from generator.align.model import AlignQuestion, Candidate, Options
from generator.align.names import name_parts
from generator.models import Chapter

READOUT = 20.0
ANSWER = 90.0
PEAK_GAP = 30.0  # candidates of one question closer than this are one candidate
PEAKS = 6
FADE = 0.4
SHORTLIST = 48  # cues per question that get the costlier signals
WEIGHTS = {"readout": 0.6, "name": 0.35, "answer": 0.15, "intro": 0.05, "head": 0.05}
CHAPTER_WEIGHT = 0.35
CHAPTER_MATCH = 0.5  # share of the question's terms a chapter title must hold
CHAPTER_LOCATES = 0.8  # ... to place a question on its own
READOUT_LOCATES = 0.55  # share of the question's terms (faded) that counts as read out
UNLOCATED = 0.7  # what a score keeps where nothing says that a question is put there


@dataclass(frozen=True)
class Context:
    """What every question of one talk is scored against."""

    index: CaptionIndex
    intro: Hits
    chapters: tuple[Chapter, ...]
    options: Options


@dataclass(frozen=True)
class _Signals:
    """The signals of one question over the cues (see the module docstring)."""

    terms: dict[str, float]
    readout: Hits
    name: Hits
    spoken: Hits  # the cues that themselves hold the name
    chapter: Hits


def candidates(number: int, question: AlignQuestion, ctx: Context) -> list[Candidate]:
    """The best PEAKS starts of one question, each apart from the others by PEAK_GAP."""
    sig = _signals(question, ctx)
    base = {cue: _base(cue, sig) for cue in set(sig.readout) | set(sig.name) | set(sig.chapter)}
    scores = {cue: _full(cue, base[cue], sig, question, ctx) for cue in _best(base, SHORTLIST)}
    return [_snap(peak, sig.spoken, ctx.index) for peak in _peaks(number, scores, ctx.index)]


def _signals(question: AlignQuestion, ctx: Context) -> _Signals:
    terms = _weighted_terms(question.text, ctx.index)
    name, spoken = _name(question.asked_by, ctx) if ctx.options.names else ({}, {})
    chapter = _chapter(terms, ctx) if ctx.options.chapters else {}
    return _Signals(terms, _coverage(terms, ctx.index, 0.0, READOUT), name, spoken, chapter)


def _base(cue: int, sig: _Signals) -> float:
    readout, name = sig.readout.get(cue, 0.0), sig.name.get(cue, 0.0)
    return WEIGHTS["readout"] * readout + WEIGHTS["name"] * name + sig.chapter.get(cue, 0.0)


def _full(cue: int, base: float, sig: _Signals, question: AlignQuestion, ctx: Context) -> float:
    total = min(1.0, base + _extras(cue, sig.terms, sig.spoken, ctx))
    if not _located(cue, sig):
        total *= UNLOCATED
    return total * _chat_prior(question, ctx, cue)


def _located(cue: int, sig: _Signals) -> bool:
    """Whether something says that a question is put here: its asker's name, its words read
    out, or a chapter named like it. An answer that merely uses some of its words does not:
    the answer to a near-identical question would."""
    return (
        sig.name.get(cue, 0.0) >= 0.5
        or sig.readout.get(cue, 0.0) >= READOUT_LOCATES
        or sig.chapter.get(cue, 0.0) >= CHAPTER_WEIGHT * CHAPTER_LOCATES
    )


def _snap(candidate: Candidate, spoken: Hits, index: CaptionIndex) -> Candidate:
    """Move a start onto the cue where the asker's name is said, if that is close by: the
    moderator puts the question there, the words of it may come seconds later."""
    near = [
        c for c in index.span(candidate.start - 5, candidate.start + 12) if spoken.get(c, 0) >= 0.6
    ]
    if not near:
        return candidate
    cue = max(near, key=lambda c: (spoken[c], -c))
    return replace(candidate, cue=cue, start=index.starts[cue])


def _weighted_terms(text: str, index: CaptionIndex) -> dict[str, float]:
    """The question's distinct terms with their idf, normalised to sum to 1."""
    idf = {term: index.idf(term) for term in dict.fromkeys(index.lang.terms(text))}
    total = sum(idf.values())
    return {term: value / total for term, value in idf.items()} if total else {}


def _coverage(terms: dict[str, float], index: CaptionIndex, before: float, after: float) -> Hits:
    """For each cue, the weighted share of terms found from `before` s ahead to `after` s on."""
    found: dict[int, float] = {}
    for term, weight in terms.items():
        for cue, match in _around(index.term_hits(term), index, before, after).items():
            found[cue] = found.get(cue, 0.0) + weight * match
    return found


def _around(hits: Hits, index: CaptionIndex, before: float, after: float) -> Hits:
    """For each cue, the best hit from `before` seconds before it to `after` seconds after;
    a hit counts less the later it comes (down to 1 - FADE at `after`), so that a question's
    words and name pull the start onto the cue where they begin, not a few cues early."""
    spread: Hits = {}
    starts = index.starts
    for hit, match in hits.items():
        at = starts[hit]
        for cue in index.span(at - after, at + before + 1e-6):
            value = match * (1 - FADE * max(0.0, at - starts[cue]) / after)
            if spread.get(cue, 0.0) < value:
                spread[cue] = value
    return spread


def _name(asked_by: str | None, ctx: Context) -> tuple[Hits, Hits]:
    """For each cue, how surely the asker's name is spoken 2 s before to 12 s after it; and
    the cues in which it is spoken."""
    parts = name_parts(asked_by)
    per_cue: dict[int, list[float]] = {}
    spoken: Hits = {}
    for part in parts:
        hits = ctx.index.word_hits(part)
        rarity = min(1.0, 3 / max(1, ctx.index.spread(sorted(hits))))
        for cue, match in hits.items():
            spoken[cue] = max(spoken.get(cue, 0.0), match * rarity)
        for cue, match in _around(hits, ctx.index, 2.0, 12.0).items():
            per_cue.setdefault(cue, []).append(match * rarity)
    share = 1 / max(1, len(parts))
    return {cue: max(m) * (0.8 + 0.2 * len(m) * share) for cue, m in per_cue.items()}, spoken


def _chapter(terms: dict[str, float], ctx: Context) -> Hits:
    """Cues near the start of a chapter whose title holds most of the question's terms."""
    bonus: Hits = {}
    for chapter in ctx.chapters:
        title = set(ctx.index.lang.terms(chapter.title))
        match = sum(weight for term, weight in terms.items() if term in title)
        if match >= CHAPTER_MATCH:
            start = chapter.start.seconds
            for cue in ctx.index.span(start - 5, start + 20):
                bonus[cue] = max(bonus.get(cue, 0.0), CHAPTER_WEIGHT * match)
    return bonus


def _extras(cue: int, terms: dict[str, float], spoken: Hits, ctx: Context) -> float:
    """The signals measured only where a question is likely: answer, intro and head."""
    index = ctx.index
    answer = sum(w for t, w in terms.items() if _any_in(index.term_hits(t), index, cue, ANSWER))
    intro = _any_in(ctx.intro, index, cue, 8.0, before=1.0)
    head = cue in ctx.intro or cue in spoken or any(cue in index.term_hits(t) for t in terms)
    return WEIGHTS["answer"] * answer + WEIGHTS["intro"] * float(intro) + WEIGHTS["head"] * head


def _any_in(hits: Hits, index: CaptionIndex, cue: int, after: float, before: float = 0.0) -> bool:
    start = index.starts[cue]
    return any(c in hits for c in index.span(start - before, start + after))


def _chat_prior(question: AlignQuestion, ctx: Context, cue: int) -> float:
    """A live-chat question is answered after it was asked (stream delay: a minute of slack)."""
    asked = question.asked_at_offset
    if asked is None or not ctx.options.chat_offsets:
        return 1.0
    late = ctx.index.starts[cue] - asked
    if late < -60:
        return 0.3
    if late < 0:
        return 0.85
    return 1.0 if late <= 1200 else max(0.6, 1 - (late - 1200) / 3600)


def _best(scores: dict[int, float], count: int) -> list[int]:
    return heapq.nlargest(count, scores, key=lambda cue: (scores[cue], -cue))


def _peaks(number: int, scores: dict[int, float], index: CaptionIndex) -> list[Candidate]:
    """The highest scores, each at least PEAK_GAP seconds from a higher one kept before."""
    kept: list[Candidate] = []
    for cue in _best(scores, PEAKS * 4):
        start = index.starts[cue]
        if all(abs(start - other.start) >= PEAK_GAP for other in kept):
            kept.append(Candidate(number, cue, start, scores[cue]))
        if len(kept) == PEAKS:
            break
    return kept


def intro_hits(index: CaptionIndex) -> Hits:
    """The cues with a word with which a moderator puts a question."""
    return {cue: 1.0 for term in index.lang.intro for cue in index.terms.get(term, ())}
