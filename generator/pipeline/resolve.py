"""Stage 4, link: resolve every reference and check what needs more than one record.

Takes enriched `records.Content`, the Settings and the archive root; gives one `Archive`, sorted
for deterministic output, or raises ContentError with every problem of every stage. Problems:
unknown event, expert, talk or merge target (with "did you mean"), merge chains, answers beyond
the end of the recording. Warnings: answers noted before a recording exists; a recording of
unknown length (answers beyond its end would go unnoticed); a self-hosted recording without
title; no site_url in mkdocs.yml.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import operator
from collections.abc import Mapping
from pathlib import Path
from typing import TypeVar

from generator.constants import CONFIG
from generator.errors import ContentError, Problem
from generator.models import Answer, Archive, Question, Settings, Status, Talk
from generator.pipeline.hints import did_you_mean
from generator.pipeline.records import Content
from generator.timestamps import Timestamp


@dataclasses.dataclass
class _Report:
    """Where problems and warnings of the link stage collect."""

    problems: list[Problem]
    warnings: list[Problem]

    def error(self, path: str, line: int, message: str) -> None:
        self.problems.append(Problem(path, line, message))

    def warn(self, path: str, line: int, message: str) -> None:
        self.warnings.append(Problem(path, line, message))


@dataclasses.dataclass(frozen=True)
class _Known:
    """What references may point to: valid records, and broken ones already reported."""

    declared: frozenset[str]
    experts: Mapping[str, object]
    events: Mapping[str, object]

    def expert(self, expert_id: str) -> bool:
        return expert_id in self.experts or f"expert:{expert_id}" in self.declared

    def event(self, event_id: str) -> bool:
        return event_id in self.events or f"event:{event_id}" in self.declared

    def talk(self, talk_id: str) -> bool:
        return bool({f"talk:{talk_id}", "talk:*"} & self.declared)

    def question(self, talk_id: str, question_id: str) -> bool:
        return f"question:{talk_id}/{question_id}" in self.declared

    def hint(self, name: str, kind: str) -> str:
        """`; did you mean 'x'?` for a misspelt expert or event id, else nothing."""
        return did_you_mean(name, self.experts if kind == "expert" else self.events)


class Memo:
    """The talks' linked questions of a long-lived process's last run (the preview's).

    A talk's questions are ordered, checked against each other and the recording, and given
    the talk's experts where their answer names none: 0.6 s of linking 100,000 questions,
    profiled. A talk equal to last run's with the very same question records (a record
    cache entry is one object while its file is unchanged) and the same known ids gets last
    run's questions and warnings; one whose check found an error is never kept.
    """

    def __init__(self) -> None:
        self._known: tuple[frozenset[str], frozenset[str]] | None = None
        self._linked: dict[str, _Linked] = {}

    def start(self, known: _Known) -> dict[str, _Linked]:
        """Last run's talks when they were checked against the same known ids, else none."""
        now = (known.declared, frozenset(known.experts))
        kept = self._linked if self._known == now else {}
        self._known, self._linked = now, {}
        return kept

    def keep(self, linked: _Linked) -> None:
        self._linked[linked.talk.id] = linked


@dataclasses.dataclass(frozen=True)
class _Linked:
    talk: Talk
    read: tuple[Question, ...]  # the talk's question records, in the order load gave them
    questions: tuple[Question, ...]  # ordered, with experts
    warnings: tuple[Problem, ...]

    def holds(self, talk: Talk, read: list[Question]) -> bool:
        same = len(read) == len(self.read) and all(map(operator.is_, read, self.read))
        return same and (talk is self.talk or talk == self.talk)


def link(content: Content, settings: Settings, root: Path, memo: Memo | None = None) -> Archive:
    """Check references and durations across records; raise ContentError with all problems.

    With `memo`, a long-lived process's, talks whose questions did not change are taken
    from its last run.
    """
    report = _Report(list(content.problems), list(content.warnings))
    _check_settings(settings, report)
    experts = {e.id: e for e in sorted(content.experts, key=lambda e: e.id)}
    events = {e.id: e for e in sorted(content.events, key=lambda e: e.id)}
    known = _Known(content.declared, experts, events)
    talks = {t.id: t for t in content.talks}
    for talk in content.talks:
        _check_talk(talk, known, report)
        _check_recording(talk, report)
    kept = memo.start(known) if memo is not None else {}
    linked: dict[str, tuple[Question, ...]] = {}
    for talk_id, read in _questions_by_talk(content.questions, talks, known, report).items():
        talk, last = talks[talk_id], kept.get(talk_id)
        if last is not None and last.holds(talk, read):
            report.warnings += last.warnings
        else:
            errors, warned = len(report.problems), len(report.warnings)
            ordered = sorted(read, key=_question_order)
            _check_questions(talk, ordered, known, report)
            with_experts = tuple(_with_experts(q, talk) for q in ordered)
            warnings = tuple(report.warnings[warned:])
            last = _Linked(talk, tuple(read), with_experts, warnings)
            if len(report.problems) > errors:
                continue
        linked[talk_id] = last.questions
        if memo is not None:
            memo.keep(last)
    if report.problems:
        raise ContentError(report.problems)
    return Archive(
        root=root,
        settings=settings,
        talks=tuple(sorted(talks.values(), key=_talk_order)),
        questions={t: linked[t] for t in sorted(linked)},
        experts=experts,
        events=events,
        warnings=tuple(sorted(set(report.warnings))),
    )


def _talk_order(talk: Talk) -> tuple[int, str]:
    day = talk.date or (talk.recording.upload_date if talk.recording else None)
    return (-(day.toordinal() if day else 0), talk.id)


def _question_order(q: Question) -> tuple[int, float, str]:
    start = q.answer.start.seconds if q.answer else 10**9
    return (start, _moment(q.asked_at), q.id)


def _moment(when: dt.datetime | None) -> float:
    """Seconds since the epoch; a time without zone counts as UTC, none as last."""
    if when is None:
        return float("inf")
    return (when if when.tzinfo else when.replace(tzinfo=dt.UTC)).timestamp()


def _check_talk(talk: Talk, known: _Known, report: _Report) -> None:
    where = talk.origin.path
    if talk.event and not known.event(talk.event):
        message = f"unknown event '{talk.event}': no file content/events/{talk.event}.md"
        message += known.hint(talk.event, "event")
        report.error(where, talk.line_of("event"), message)
    for expert in talk.experts:
        if not known.expert(expert):
            message = f"unknown expert '{expert}': no file content/experts/{expert}.md"
            message += known.hint(expert, "expert")
            report.error(where, talk.line_of("experts"), message)


def _check_settings(settings: Settings, report: _Report) -> None:
    if not settings.site_url:
        message = (
            "no site_url: feeds, the sitemap, Open Graph and JSON-LD need absolute URLs; "
            "set it to the address the site is published at, "
            "e.g. site_url: https://example.org/archiv/"
        )
        report.warn(CONFIG, 1, message)


def _check_recording(talk: Talk, report: _Report) -> None:
    """What a published recording needs beyond its url: a known length, a title."""
    recording = talk.recording
    if recording is None:
        return
    where = talk.origin.path
    self_hosted = recording.platform == "file"
    if recording.duration is None:
        unknown = (
            "no `duration` here, and only MP4 files are measured"
            if self_hosted
            else "no `duration` here and none in cached metadata"
        )
        fix = "set" if self_hosted else f"run `wunschzeit refresh {talk.id}` or set"
        message = (
            f"length of the recording unknown ({unknown}), so answers after its end go "
            f"unnoticed; {fix} `duration` (e.g. duration: 1:02:03)"
        )
        report.warn(where, talk.line_of("url"), message)
    if self_hosted and not talk.title:
        message = (
            f"self-hosted recording without `title`: pages, feeds and search show the id "
            f"'{talk.id}' instead (a media file brings no title); set `title`"
        )
        report.warn(where, talk.line_of("id"), message)


def _questions_by_talk(
    questions: tuple[Question, ...], talks: Mapping[str, Talk], known: _Known, report: _Report
) -> dict[str, list[Question]]:
    found: dict[str, list[Question]] = {t: [] for t in talks}
    for q in questions:
        if q.talk in found:
            found[q.talk].append(q)
        elif not known.talk(q.talk):
            message = (
                f"question of unknown talk '{q.talk}': no entry with id '{q.talk}' in videos.yml"
            )
            report.error(q.origin.path, 1, message + did_you_mean(q.talk, talks))
    return found


def _check_questions(talk: Talk, questions: list[Question], known: _Known, report: _Report) -> None:
    by_id = {q.id: q for q in questions}
    for q in questions:
        _check_merge(q, by_id, known, report)
        if q.answer is None:
            continue
        for expert in q.answer.by:
            if not known.expert(expert):
                message = (
                    f"unknown expert '{expert}' in answer.by: no file content/experts/{expert}.md"
                )
                message += known.hint(expert, "expert")
                report.error(q.origin.path, q.answer.line_of("by"), message)
        _check_times(q, talk, report)


def _check_merge(
    q: Question, by_id: Mapping[str, Question], known: _Known, report: _Report
) -> None:
    if not q.merged_into:
        return
    target = by_id.get(q.merged_into)
    line = q.line_of("merged_into")
    if target is None and not known.question(q.talk, q.merged_into):
        message = f"merged into unknown question '{q.merged_into}': no file content/talks/{q.talk}/{q.merged_into}.md"
        report.error(q.origin.path, line, message)
    elif target is not None and target.status is Status.MERGED:
        message = f"merged into '{target.id}', which is merged itself; merge into '{target.merged_into}' instead"
        report.error(q.origin.path, line, message)


def _check_times(q: Question, talk: Talk, report: _Report) -> None:
    answer = q.answer
    assert answer is not None
    if talk.recording is None:
        message = f"answered at {answer.start}, but talk '{talk.id}' has no recording yet; the jump link appears once its url is set"
        report.warn(q.origin.path, answer.line_of("start"), message)
        return
    duration = talk.recording.duration
    if duration is None:
        return
    for key, stamp in (("start", answer.start), ("end", answer.end)):
        if stamp is not None and stamp.seconds > duration:
            message = (
                f"answer {key}s at {stamp}, after the end of the recording ({Timestamp(duration)})"
            )
            report.error(q.origin.path, answer.line_of(key), message)


def _with_experts(q: Question, talk: Talk) -> Question:
    """An answer without `by` was given by the talk's experts."""
    if q.answer is None or q.answer.by:
        return q
    return _replaced(q, answer=_replaced(q.answer, by=talk.experts))


M = TypeVar("M", Question, Answer)


def _replaced(model: M, **changes: object) -> M:
    """`dataclasses.replace` without running `__init__` again: the fields are checked already.

    Linking 20,000 answered questions took 0.57 s of it (cProfile, load 8-11), each replace
    building the keyword arguments and calling the frozen `__init__`. Neither model has a
    `__post_init__` or a cached attribute that a copy of its `__dict__` would carry over.
    """
    copy = object.__new__(type(model))
    copy.__dict__.update(vars(model), **changes)
    return copy
