"""The records of aligning: takes nothing; gives what `align` is asked and what it answers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AlignQuestion:
    """A question of a talk, as far as aligning needs it.

    `asked_by` is a name or handle (`Mario`, `@ampere_andi`); `asked_at_offset` the second of
    the live stream at which it was asked in the live chat, None for questions sent before.
    """

    id: str
    text: str
    asked_by: str | None = None
    asked_at_offset: int | None = None


@dataclass(frozen=True)
class Suggestion:
    """Where the recording answers a question: whole seconds, None when not found.

    `score` (0–100) says how sure the suggestion is; `evidence` is the caption text it rests
    on (empty when not found).
    """

    question: str
    start: int | None
    end: int | None
    score: int
    evidence: str


@dataclass(frozen=True)
class Options:
    """Which signals `align` combines; all on, except to measure what each is worth."""

    names: bool = True
    stemming: bool = True
    fuzzy: bool = True
    assignment: bool = True
    chat_offsets: bool = True
    chapters: bool = True


@dataclass(frozen=True)
class Candidate:
    """A second at which one question may be put: the cue it starts at, and how likely (0–1)."""

    question: int
    cue: int
    start: float
    score: float
