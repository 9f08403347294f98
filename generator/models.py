"""The domain: talks, questions, answers, experts, events, and the linked Archive.

Every record remembers where it came from (`origin`), so that every message about it can say
`path:line: message`. All models are frozen; stages return new objects instead of mutating.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar, cast

from generator.constants import DEFAULT_LANGUAGE
from generator.errors import Problem
from generator.timestamps import Timestamp

T = TypeVar("T")


@dataclass(frozen=True, order=True)
class Origin:
    """A place in the archive: a path relative to the archive root (POSIX) and a 1-based line."""

    path: str
    line: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


class Status(StrEnum):
    COLLECTED = "collected"
    ANSWERED = "answered"
    MERGED = "merged"
    DECLINED = "declined"


CHANNELS = ("blog", "facebook", "twitter", "email", "form", "live-chat", "slido", "other")


@dataclass(frozen=True)
class Chapter:
    """A chapter of a recording: a title starting at a second, optionally ending at one."""

    title: str
    start: Timestamp
    end: Timestamp | None = None


@dataclass(frozen=True)
class Cue:
    """One caption of a recording: from `start` to `end` seconds, plain (untrusted) text."""

    start: float
    end: float
    text: str


@dataclass(frozen=True)
class Recording:
    """What is known of a published recording, from videos.yml and the metadata cache.

    `platform` is yt-dlp's extractor key in lower case ("youtube", "vimeo", "peertube", ...)
    or "file" for a self-hosted media file (then `url` is a path relative to the archive root).
    """

    url: str
    platform: str
    video_id: str | None = None
    title: str | None = None
    duration: int | None = None
    upload_date: dt.date | None = None
    thumbnail: str | None = None  # path relative to the archive root, e.g. content/.cache/x.jpg
    captions: str | None = None  # WebVTT path relative to the archive root
    chapters: tuple[Chapter, ...] = ()
    description: str | None = None
    transcript: tuple[Cue, ...] = ()  # the captions' cues, read by enrich


@dataclass(frozen=True)
class Talk:
    """One live talk (an entry of videos.yml)."""

    id: str
    origin: Origin
    title: str | None = None
    url: str | None = None
    date: dt.date | None = None
    event: str | None = None
    experts: tuple[str, ...] = ()
    language: str = DEFAULT_LANGUAGE
    questions_open: dt.date | None = None
    questions_close: dt.date | None = None
    description: str | None = None
    time: dt.time | None = None  # when the talk went live, in the archive's time zone
    recording: Recording | None = None  # set by enrich when `url` is set
    captions_url: str | None = None  # WebVTT for a media file on the web; `refresh` fetches it
    field_lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        if self.recording and self.recording.title:
            return self.recording.title
        return self.id

    def line_of(self, key: str) -> int:
        return self.field_lines.get(key, self.origin.line)


@dataclass(frozen=True)
class Expert:
    """A person who answers questions (content/experts/<id>.md)."""

    id: str
    name: str
    origin: Origin
    role: str | None = None
    organisation: str | None = None
    url: str | None = None
    body: str = ""
    photo: str | None = None  # content/experts/<id>.jpg|png|webp, checked by enrich


@dataclass(frozen=True)
class Event:
    """An occasion with several talks, e.g. a motor show (content/events/<id>.md)."""

    id: str
    title: str
    origin: Origin
    start: dt.date | None = None
    end: dt.date | None = None
    location: str | None = None
    url: str | None = None
    body: str = ""


@dataclass(frozen=True)
class Answer:
    """Where in the recording a question is answered, and by whom."""

    start: Timestamp
    origin: Origin
    end: Timestamp | None = None
    by: tuple[str, ...] = ()
    field_lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)

    def line_of(self, key: str) -> int:
        return self.field_lines.get(key, self.origin.line)


@dataclass(frozen=True)
class Question:
    """A question from the public (content/talks/<talk-id>/<question-id>.md).

    `question` and `asked_by` are untrusted text: render them as text, never as markup.
    `body` is the editor's answer summary in Markdown.
    """

    id: str
    talk: str
    question: str
    origin: Origin
    status: Status
    asked_by: str | None = None
    channel: str | None = None
    asked_at: dt.datetime | None = None
    answer: Answer | None = None
    merged_into: str | None = None
    declined_reason: str | None = None
    tags: tuple[str, ...] = ()
    source: str | None = None
    votes: int | None = None
    asked_at_offset: Timestamp | None = None  # where in a live stream it was asked (live chat)
    body: str = ""
    field_lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def anchor(self) -> str:
        return f"q-{self.id}"

    def line_of(self, key: str) -> int:
        return self.field_lines.get(key, self.origin.line)


@dataclass(frozen=True)
class Settings:
    """What the generator reads of the user's mkdocs.yml."""

    site_name: str = "Wunschzeit"
    site_url: str | None = None
    language: str = DEFAULT_LANGUAGE
    docs_dir: str = "site_src"
    search: str = "auto"  # extra.wunschzeit.search: "material", "pagefind" or "auto" (by size)
    raw_html: bool = False  # extra.wunschzeit.raw_html: the editor's Markdown unsanitised
    # extra.wunschzeit.timezone: where the talks' `time:` is wall-clock time (feeds.py). Berlin,
    # as German is the default language: the archives this is made for are German ones.
    timezone: str = "Europe/Berlin"


@dataclass(frozen=True)
class OwnPage:
    """A page the organisation wrote by hand in site_src/ (imprint, privacy statement, about).

    Every page's footer links it. `path` is relative to site_src/, e.g. `impressum.md`.
    `privacy`: the organisation's privacy statement, found by its link to the generated
    privacy page (consent settings): the footer links the statement, not both.
    """

    path: str
    title: str
    privacy: bool = False


@dataclass(frozen=True)
class Archive:
    """Everything linked and checked: the single input of `render`.

    Collections are sorted: talks by date (newest first) then id; questions by answer start,
    then ask time, then id. `questions[talk_id]` holds every question of that talk.
    """

    root: Path
    settings: Settings
    talks: tuple[Talk, ...]
    questions: Mapping[str, tuple[Question, ...]]
    experts: Mapping[str, Expert]
    events: Mapping[str, Event]
    warnings: tuple[Problem, ...] = ()  # shown by the CLI; errors under --strict
    pages: tuple[OwnPage, ...] = ()  # the organisation's own pages, for the footer

    # The lookups below are computed once per Archive (cached_property writes into the
    # instance __dict__, which a frozen dataclass allows): rendering asks them for every page,
    # and recomputing them made rendering quadratic in the number of talks.

    def talk(self, talk_id: str) -> Talk:
        return self._talks_by_id[talk_id]

    def all_questions(self) -> tuple[Question, ...]:
        return self._all_questions

    def tags(self) -> dict[str, tuple[Question, ...]]:
        return dict(self._tags)

    def answers_by(self, expert_id: str) -> tuple[Question, ...]:
        return self._answers_by.get(expert_id, ())

    def talks_of_event(self, event_id: str) -> tuple[Talk, ...]:
        return self._talks_by_event.get(event_id, ())

    def prepare(self) -> None:
        """Compute the lookups now, e.g. before worker processes that would each compute them."""
        for name in (
            "_talks_by_id",
            "_all_questions",
            "_tags",
            "_answers_by",
            "_merged",
            "_talks_by_event",
        ):
            getattr(self, name)
        self.__dict__.setdefault("_lookups", {})

    def lookup(self, name: str, compute: Callable[[Archive], T]) -> T:
        """A value computed from the archive once, on first use, e.g. an index for rendering."""
        lookups: dict[str, Any] = self.__dict__.setdefault("_lookups", {})
        if name not in lookups:
            lookups[name] = compute(self)
        return cast(T, lookups[name])

    def merged_into(self, question: Question) -> tuple[Question, ...]:
        """The questions of the same talk merged into `question`."""
        return self._merged.get((question.talk, question.id), ())

    @cached_property
    def _talks_by_id(self) -> dict[str, Talk]:
        return {t.id: t for t in self.talks}

    @cached_property
    def _all_questions(self) -> tuple[Question, ...]:
        return tuple(q for t in self.talks for q in self.questions.get(t.id, ()))

    @cached_property
    def _tags(self) -> dict[str, tuple[Question, ...]]:
        found: dict[str, list[Question]] = {}
        for q in self._all_questions:
            for tag in q.tags:
                found.setdefault(tag, []).append(q)
        return {tag: tuple(found[tag]) for tag in sorted(found)}

    @cached_property
    def _answers_by(self) -> dict[str, tuple[Question, ...]]:
        found: dict[str, list[Question]] = {}
        for q in self._all_questions:
            for expert_id in dict.fromkeys(q.answer.by if q.answer else ()):
                found.setdefault(expert_id, []).append(q)
        return {expert_id: tuple(qs) for expert_id, qs in found.items()}

    @cached_property
    def _merged(self) -> dict[tuple[str, str], tuple[Question, ...]]:
        found: dict[tuple[str, str], list[Question]] = {}
        for q in self._all_questions:
            if q.status is Status.MERGED and q.merged_into:
                found.setdefault((q.talk, q.merged_into), []).append(q)
        return {key: tuple(qs) for key, qs in found.items()}

    @cached_property
    def _talks_by_event(self) -> dict[str, tuple[Talk, ...]]:
        found: dict[str, list[Talk]] = {}
        for t in self.talks:
            if t.event is not None:
                found.setdefault(t.event, []).append(t)
        return {event_id: tuple(ts) for event_id, ts in found.items()}


@dataclass(frozen=True)
class SourceFile:
    """An output copied from a file of the archive (media, thumbnails) instead of rendered."""

    path: Path


Output = str | bytes | SourceFile
"""What `render` gives for one relative path in site_src/: text, binary data, or a file to copy."""
