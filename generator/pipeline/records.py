"""What the pipeline's stages hand each other before there is an `Archive`.

`load` gives `Sources` of `RawRecord`s (fields as written, with their lines); `validate` gives
`Content` (typed models, not yet linked), which `enrich` fills in and `resolve` turns into the
Archive. Kept apart from the stages so that each stage imports the records, not the stage
before it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.errors import Problem
from generator.models import Event, Expert, Origin, Question, Talk
from generator.yamlio import LineMap


@dataclass(frozen=True)
class RawRecord:
    """One record as written: its fields with their lines, its Markdown body, its place."""

    kind: str  # "talk", "event", "expert" or "question"
    origin: Origin
    fields: LineMap
    body: str = ""
    stem: str | None = None  # file name without .md: the id of a content file
    folder: str | None = None  # for questions: the talk folder they lie in
    body_line: int = 1  # the file's line the body starts on, for problems found in the body


@dataclass(frozen=True)
class Sources:
    """Every raw record of an archive, and the problems met while reading them."""

    root: Path
    talks: tuple[RawRecord, ...]
    events: tuple[RawRecord, ...]
    experts: tuple[RawRecord, ...]
    questions: tuple[RawRecord, ...]
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class Content:
    """Every record of the archive as a model; not yet linked to each other."""

    talks: tuple[Talk, ...]
    events: tuple[Event, ...]
    experts: tuple[Expert, ...]
    questions: tuple[Question, ...]
    durations: dict[str, int]  # talk id → duration set by hand in videos.yml
    warnings: tuple[Problem, ...] = ()
    problems: tuple[Problem, ...] = ()  # link raises them, together with its own
    # Ids of records that exist but are broken ("talk:x", "expert:x", "question:talk/x", or
    # "talk:*" when videos.yml is unreadable): link does not call references to them unknown.
    declared: frozenset[str] = frozenset()
