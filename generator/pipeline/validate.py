"""Stage 2, validate: raw records → typed models, collecting every problem before failing once.

Takes `records.Sources`; gives `records.Content` (talks, events, experts, questions as models). Checks each
record on its own: required fields, types, slugs, timestamps, status against its fields, no
contact data (e-mail addresses, phone numbers, IP addresses; `generator.contact`) in any text
of a question, expert or event that gets published, the Markdown bodies included. Cross-record
checks (references, durations) are `link`'s.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from operator import is_
from pathlib import PurePosixPath

from generator.constants import DEFAULT_LANGUAGE, SLUG, VIDEOS
from generator.errors import ContentError, Problem
from generator.models import CHANNELS, Answer, Event, Expert, Origin, Question, Status, Talk
from generator.pipeline.fields import FieldReader, contact_kinds, never_published, show
from generator.pipeline.hints import did_you_mean
from generator.pipeline.load import Memo
from generator.pipeline.records import Content, RawRecord, Sources

TALK_FIELDS = (
    "id", "title", "url", "date", "event", "experts", "language", "questions_open",
    "questions_close", "duration", "description", "captions", "time",
)  # fmt: skip
QUESTION_FIELDS = (
    "question", "asked_by", "channel", "asked_at", "status", "answer", "merged_into",
    "declined_reason", "tags", "source", "votes", "asked_at_offset",
)  # fmt: skip
ANSWER_FIELDS = ("start", "end", "by")
EVENT_FIELDS = ("title", "start", "end", "location", "url")
EXPERT_FIELDS = ("name", "role", "organisation", "url")
# Ids that would name the same page as an overview (talks/index.md, experts/index.md, ...).
RESERVED_IDS = ("index",)
_LOCAL_MEDIA = re.compile(r"^[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)*$")


def validate(sources: Sources, memo: Memo | None = None) -> Content:
    """Check every record; problems (load's included) travel on in `Content.problems`.

    Invalid records are left out; `link` reports all problems at once, so the editor sees
    every error in one run, without follow-on errors about the records left out. With
    `memo` (a long-lived process's), talks are validated again only when videos.yml changed.
    """
    problems = list(sources.problems)
    talks = _talks(sources, problems, memo)
    languages = talk_languages(sources)
    content = Content(
        talks=tuple(t for t, _ in talks),
        events=tuple(e for r in sources.events if (e := _event(r, problems))),
        experts=tuple(x for r in sources.experts if (x := _expert(r, problems))),
        questions=tuple(q for r in sources.questions if (q := _question(r, problems, languages))),
        durations={t.id: d for t, d in talks if d is not None},
        problems=tuple(problems),
        declared=_declared(sources),
    )
    return content


def talk_languages(sources: Sources) -> dict[str, str]:
    """Talk id → its language, the one its questions' phone numbers are read in."""
    found = {str(r.fields.get("id")): r.fields.get("language") for r in sources.talks}
    return {k: v if isinstance(v, str) else DEFAULT_LANGUAGE for k, v in found.items()}


def check(sources: Sources) -> Content:
    """Like `validate`, but raise ContentError when anything is wrong."""
    content = validate(sources)
    if content.problems:
        raise ContentError(content.problems)
    return content


def _declared(sources: Sources) -> frozenset[str]:
    found = {f"talk:{r.fields.get('id')}" for r in sources.talks}
    found |= {f"{r.kind}:{r.stem}" for r in (*sources.events, *sources.experts)}
    found |= {f"question:{r.folder}/{r.stem}" for r in sources.questions}
    for problem in sources.problems:
        parts = PurePosixPath(problem.path).parts
        if problem.path == VIDEOS:
            found.add("talk:*")
        elif len(parts) == 3 and parts[1] in ("events", "experts"):
            found.add(f"{parts[1][:-1]}:{PurePosixPath(parts[2]).stem}")
        elif len(parts) == 4 and parts[1] == "talks":
            found.add(f"question:{parts[2]}/{PurePosixPath(parts[3]).stem}")
    return frozenset(found)


def _talks(
    sources: Sources, problems: list[Problem], memo: Memo | None
) -> list[tuple[Talk, int | None]]:
    """The valid talks with their durations; last run's for the very same entries (the
    memo gives one object per entry while videos.yml's bytes stay the same)."""
    entries = tuple(r.fields for r in sources.talks)
    kept = memo.validated if memo is not None else None
    if kept is not None and len(kept[0]) == len(entries) and all(map(is_, entries, kept[0])):
        problems.extend(kept[2])
        return kept[1]
    before = len(problems)
    talks = _unique_talks([_talk(r, problems) for r in sources.talks], problems)
    if memo is not None:
        memo.validated = (entries, talks, tuple(problems[before:]))
    return talks


def _unique_talks(
    found: Iterable[tuple[Talk, int | None] | None], problems: list[Problem]
) -> list[tuple[Talk, int | None]]:
    first: dict[str, Talk] = {}
    for item in found:
        if item is None:
            continue
        talk = item[0]
        if talk.id in first:
            where = first[talk.id].origin
            problems.append(
                Problem(
                    talk.origin.path,
                    talk.line_of("id"),
                    f"duplicate talk id '{talk.id}' (first at line {where.line})",
                )
            )
        else:
            first[talk.id] = talk
    return [item for item in found if item is not None and first.get(item[0].id) is item[0]]


def _talk(record: RawRecord, problems: list[Problem]) -> tuple[Talk, int | None] | None:
    read = FieldReader(record, problems)
    before = len(problems)
    read.reject_unknown(TALK_FIELDS)
    talk_id = read.slug("id", required=True)
    if talk_id in RESERVED_IDS:
        read.problem("id", f"'{talk_id}' cannot be an id: it is the name of an overview page")
    duration = read.timestamp("duration") if "duration" in record.fields else None
    talk = Talk(
        id=talk_id or "",
        origin=record.origin,
        title=read.text("title"),
        url=_recording_url(read),
        date=read.date("date"),
        event=read.slug("event"),
        experts=read.slugs("experts"),
        language=_language(read),
        questions_open=read.date("questions_open"),
        questions_close=read.date("questions_close"),
        description=read.text("description"),
        captions_url=_captions_url(read),
        time=_start_time(read),
        field_lines=dict(record.fields.key_lines),
    )
    _check_window(read, talk)
    if len(problems) > before:
        return None
    return talk, duration.seconds if duration else None


def _recording_url(read: FieldReader) -> str | None:
    url = read.text("url")
    if url is not None and re.match(r"^https?://[^/?#]*@", url):
        # the message leaves the URL out: it holds the password
        read.problem("url", "'url' must not contain a user name or password")
        return None
    if url is None or re.match(r"^https?://[^\s/]+\S*$", url):
        return url
    if _LOCAL_MEDIA.match(url) and ".." not in url.split("/"):
        return url
    read.problem(
        "url",
        f"'url' must be an http(s) address or a media file in the archive such as media/talk.mp4, not {show(url)}",
    )
    return None


def _captions_url(read: FieldReader) -> str | None:
    """Captions on the web for a recording on the web; `refresh` fetches them into the cache."""
    captions = read.web_url("captions")
    if captions is not None and re.match(r"^https?://[^/?#]*@", captions):
        read.problem("captions", "'captions' must not contain a user name or password")
        return None
    url = read.fields.get("url")
    if captions is not None and not (isinstance(url, str) and re.match(r"^https?://", url)):
        read.problem(
            "captions",
            "'captions' is for a recording on the web; captions of a file in the archive lie "
            "next to it (media/<name>.<language>.vtt)",
        )
        return None
    return captions


def _start_time(read: FieldReader) -> dt.time | None:
    """`time: "14:30"`, when the talk went live. YAML 1.1 reads an unquoted 14:30 as the
    number 870 (base 60), which is what the editor meant."""
    value = read.fields.get("time")
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
        return dt.time(*divmod(value, 60))
    if isinstance(value, str) and (found := re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", value)):
        return dt.time(int(found[1]), int(found[2]))
    read.problem("time", f"'time' must be a time of day like \"14:30\", not {show(value)}")
    return None


def _language(read: FieldReader) -> str:
    value = read.text("language") or DEFAULT_LANGUAGE
    if not re.match(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$", value):
        read.problem(
            "language", f"'language' must be a language code like de or en, not {show(value)}"
        )
    return value


def _check_window(read: FieldReader, talk: Talk) -> None:
    if talk.questions_open and talk.questions_close and talk.questions_close < talk.questions_open:
        read.problem("questions_close", "'questions_close' lies before 'questions_open'")


def _event(record: RawRecord, problems: list[Problem]) -> Event | None:
    read = FieldReader(record, problems)
    before = len(problems)
    read.reject_unknown(EVENT_FIELDS)
    event_id = _file_id(read)
    event = Event(
        id=event_id or "",
        title=read.public_text("title", required=True) or "",
        origin=record.origin,
        start=read.date("start"),
        end=read.date("end"),
        location=read.public_text("location"),
        url=read.web_url("url"),
        body=record.body,
    )
    read.public_body()
    if event.start and event.end and event.end < event.start:
        read.problem("end", "'end' lies before 'start'")
    return event if len(problems) == before else None


def _expert(record: RawRecord, problems: list[Problem]) -> Expert | None:
    read = FieldReader(record, problems)
    before = len(problems)
    read.reject_unknown(EXPERT_FIELDS)
    expert = Expert(
        id=_file_id(read) or "",
        name=read.public_text("name", required=True) or "",
        origin=record.origin,
        role=read.public_text("role"),
        organisation=read.public_text("organisation"),
        url=read.web_url("url"),
        body=record.body,
    )
    read.public_body()
    return expert if len(problems) == before else None


def _file_id(read: FieldReader) -> str | None:
    stem = read.record.stem or ""
    if stem in RESERVED_IDS and read.record.kind != "question":
        read.problem(None, f"'{stem}' cannot be an id: it is the name of an overview page")
        return None
    if SLUG.match(stem):
        return stem
    read.problem(None, f"file name '{stem}' is no id: use a-z, 0-9 and '-' only")
    return None


def _question(
    record: RawRecord, problems: list[Problem], languages: dict[str, str]
) -> Question | None:
    read = FieldReader(record, problems)
    before = len(problems)
    read.reject_unknown(QUESTION_FIELDS)
    question_id = _file_id(read)
    talk_id = record.folder or ""
    language = languages.get(talk_id, DEFAULT_LANGUAGE)
    if not SLUG.match(talk_id):
        read.problem(None, f"talk folder '{talk_id}' is no id: use a-z, 0-9 and '-' only")
    answer = _answer(read)
    status = _status(read)
    question = Question(
        id=question_id or "",
        talk=talk_id,
        question=read.public_text("question", required=True, language=language) or "",
        origin=record.origin,
        status=status or Status.COLLECTED,
        asked_by=read.public_text("asked_by", language=language),
        channel=read.choice("channel", CHANNELS),
        asked_at=read.datetime("asked_at"),
        answer=answer,
        merged_into=read.slug("merged_into"),
        declined_reason=read.public_text("declined_reason", language=language),
        tags=_tags(read, language),
        source=read.text("source"),
        votes=read.count("votes"),
        asked_at_offset=read.timestamp("asked_at_offset")
        if "asked_at_offset" in record.fields
        else None,
        body=record.body,
        field_lines=dict(record.fields.key_lines),
    )
    if status is not None:  # an unknown status is one problem, not one more per field
        _check_status(read, question)
    read.public_body(language)
    return question if len(problems) == before else None


def _tags(read: FieldReader, language: str) -> tuple[str, ...]:
    """Tags are ids, yet `0171-1234567` is one: they are published as well."""
    tags = _written_tags(read)
    for kind in sorted({k for tag in tags for k in contact_kinds(tag, language)}):
        read.problem("tags", f"'tags' {never_published(kind)}")
    return tags


MAX_TAG = 100  # a tag is a word or two; a paragraph there is a mistake


def _written_tags(read: FieldReader) -> tuple[str, ...]:
    """Tags as people write them (`[Zubehör, cw-Wert]`): one line of text each, at most
    MAX_TAG characters; the pages slugify them for their URLs."""
    value = read.fields.get("tags")
    items = [value] if isinstance(value, str) else value
    if value is None:
        return ()
    if not isinstance(items, list) or not all(_is_tag(i) for i in items):
        read.problem(
            "tags",
            f"'tags' must be a list of words such as [Zubehör, cw-Wert] (one line each, at "
            f"most {MAX_TAG} characters), not {show(value)}",
        )
        return ()
    return tuple(dict.fromkeys(" ".join(i.split()) for i in items))


def _is_tag(item: object) -> bool:
    return (
        isinstance(item, str)
        and bool(item.strip())
        and len(item) <= MAX_TAG
        and item.isprintable()
        and any(c.isalnum() for c in item)
    )


def _answer(read: FieldReader) -> Answer | None:
    value = read.fields.get("answer")
    if value is None:
        return None
    if not hasattr(value, "line_of"):
        read.problem("answer", f"'answer' must have fields start, end and by, not {show(value)}")
        return None
    for key in value:
        if key not in ANSWER_FIELDS:
            read.problems.append(
                Problem(
                    read.record.origin.path,
                    value.line_of(key),
                    f"unknown field 'answer.{key}'; known: start, end, by",
                )
            )
    if "start" not in value:
        read.problem("answer", "'answer' needs a 'start' timestamp")
        return None
    start = read.timestamp("start", value)
    end = read.timestamp("end", value) if value.get("end") is not None else None
    by = _answer_by(read, value)
    if start is None or (value.get("end") is not None and end is None):
        return None
    if end is not None and end <= start:
        read.problems.append(
            Problem(
                read.record.origin.path,
                value.line_of("end"),
                f"answer ends at {end} before it starts at {start}",
            )
        )
    return Answer(
        start=start,
        end=end,
        by=by,
        origin=Origin(read.record.origin.path, value.line),
        field_lines=dict(value.key_lines),
    )


def _answer_by(read: FieldReader, value: dict[str, object]) -> tuple[str, ...]:
    by = value.get("by")
    items = [by] if isinstance(by, str) else by
    if by is None:
        return ()
    if isinstance(items, list) and all(isinstance(i, str) and SLUG.match(i) for i in items):
        return tuple(dict.fromkeys(items))
    line = value.line_of("by") if hasattr(value, "line_of") else read.fields.line
    read.problems.append(
        Problem(
            read.record.origin.path,
            line,
            f"'answer.by' must be a list of expert ids, not {show(by)}",
        )
    )
    return ()


def _status(read: FieldReader) -> Status | None:
    """The status (default: answered when there is an answer); None, reported, when unknown."""
    default = Status.ANSWERED if "answer" in read.fields else Status.COLLECTED
    value = read.fields.get("status")
    value = default.value if value is None else value
    known = [s.value for s in Status]
    if value in known:
        return Status(value)
    hint = did_you_mean(value, known) if isinstance(value, str) else ""
    read.problem(
        "status", f"status: {show(value)} is not a status{hint or '; use ' + ', '.join(known)}"
    )
    return None


def _check_status(read: FieldReader, q: Question) -> None:
    has_answer = "answer" in read.fields
    if q.status is Status.ANSWERED and not has_answer:
        read.problem(
            "status", "status is 'answered' but there is no 'answer' with a start timestamp"
        )
    if q.status is Status.COLLECTED and has_answer:
        read.problem(
            "status", "status is 'collected' but the question has an 'answer'; set status: answered"
        )
    if q.status is Status.MERGED and not q.merged_into:
        read.problem("status", "status is 'merged' but 'merged_into' names no question")
    if q.merged_into and q.status is not Status.MERGED:
        read.problem(
            "merged_into",
            f"'merged_into' is set but status is '{q.status.value}'; set status: merged",
        )
    if q.merged_into == q.id:
        read.problem("merged_into", "a question cannot be merged into itself")
    if q.declined_reason and q.status is not Status.DECLINED:
        read.problem(
            "declined_reason",
            f"'declined_reason' is set but status is '{q.status.value}'; set status: declined",
        )
    if q.status is Status.DECLINED and not q.declined_reason:
        read.problem(
            "status",
            "status is 'declined' but 'declined_reason' is missing; readers see the reason",
        )
