"""Open data: the whole archive as one JSON document, `archive.json` (see docs/archive-json.md).

Takes the Archive; gives the text of archive.json: every event, expert and talk, and per talk
every question with its status, answer timestamps in seconds, who answered, and the links to
our page and into the recording. Deterministic: same archive, same bytes. Provenance
(`source`) stays out; it only serves re-imports.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from generator.models import Answer, Archive, Event, Expert, Question, Recording, Talk
from generator.recordings import platforms
from generator.render import urls

VERSION = 1
PATH = "archive.json"
_TALKS = '  "talks": ['
_END = b"]\n}\n"  # after the talks


# The C encoder (no `indent`): json.dumps with an indent runs the pure-Python encoder, which
# took 0.5 s for the 19 MB of a 1,000-talk archive.
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
# Characters that are line breaks to Python's splitlines and to JavaScript: escaped, so that
# each record stays on one line for every reader.
_LINE_BREAKS = (("\u2028", "\\u2028"), ("\u2029", "\\u2029"), ("\x85", "\\u0085"))


def encode(value: object) -> str:
    encoded = _JSON(value)
    for character, escape in _LINE_BREAKS:
        if character in encoded:
            encoded = encoded.replace(character, escape)
    return encoded


def render_archive_json(archive: Archive) -> str:
    """archive.json as text: one line per event, expert, talk and question, ending with a newline.

    The same value as `archive_data`, laid out so that a diff between two builds shows the
    records that changed: each record is compact JSON on a line of its own, and a talk's
    questions follow it one per line.
    """
    return document(archive, [talk_item(archive, talk) for talk in archive.talks])


def document(archive: Archive, talks: Sequence[str]) -> str:
    """archive.json with `talks` (each a `talk_item`, in the archive's order) as its talks."""
    lines = ["{"]
    lines.append(f'  "version": {encode(VERSION)},')
    lines.append(f'  "site": {encode(_site(archive))},')
    lines.append(
        f'  "events": [{_items([encode(_event(e)) for e in archive.events.values()], 4)}],'
    )
    experts = [encode(_expert(e)) for e in archive.experts.values()]
    lines.append(f'  "experts": [{_items(experts, 4)}],')
    lines.append(f"{_TALKS}{_items(talks, 4)}]")
    lines.append("}")
    return "\n".join(lines) + "\n"


def talk_item(archive: Archive, talk: Talk) -> str:
    """One talk of archive.json: its record, then its questions one per line.

    It reads the talk, its questions and the settings only (pipeline/incremental.py keeps
    the items of unchanged talks from the last run's file).
    """
    data = _talk(archive, talk)
    questions = _items([encode(q) for q in data.pop("questions")], 6)
    return f'{encode(data)[:-1]}, "questions": [{questions}]}}'


def talk_items(data: bytes) -> list[bytes] | None:
    """The `talk_item`s of a `document` in UTF-8, in order; None for another layout.

    JSON escapes line breaks in strings, so a line that starts with exactly four spaces and
    `{` after the talks' line starts a talk (a question's line starts with six).
    """
    _, found, rest = data.partition(f"\n{_TALKS}".encode())
    if not found:
        return None
    if rest == _END:
        return []
    if not rest.startswith(b"\n    {") or not rest.endswith(b"\n  " + _END):
        return None
    items = rest[len(b"\n    ") : -len(b"\n  " + _END)].split(b",\n    {")
    return [items[0], *(b"{" + item for item in items[1:])]


def spliced(archive: Archive, talks: Sequence[bytes]) -> bytes:
    """`document` in UTF-8, of talk items in UTF-8: those of an earlier file are kept as
    bytes, never decoded (70 MB at 5,000 talks of 20 questions)."""
    head = document(archive, []).encode()[: -len(_END)]
    if not talks:
        return head + _END
    return head + b"\n    " + b",\n    ".join(talks) + b"\n  " + _END


def _items(encoded: Sequence[str], indent: int) -> str:
    """JSON array items one per line, or nothing for an empty array."""
    if not encoded:
        return ""
    pad = " " * indent
    return "\n" + ",\n".join(pad + item for item in encoded) + "\n" + " " * (indent - 2)


def archive_data(archive: Archive) -> dict[str, Any]:
    return {
        "version": VERSION,
        "site": _site(archive),
        "events": [_event(e) for e in archive.events.values()],
        "experts": [_expert(e) for e in archive.experts.values()],
        "talks": [_talk(archive, t) for t in archive.talks],
    }


def _site(archive: Archive) -> dict[str, Any]:
    settings = archive.settings
    return {"name": settings.site_name, "url": settings.site_url, "language": settings.language}


def _date(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _event(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "title": event.title,
        "start": _date(event.start),
        "end": _date(event.end),
        "location": event.location,
        "url": event.url,
    }


def _expert(expert: Expert) -> dict[str, Any]:
    return {
        "id": expert.id,
        "name": expert.name,
        "role": expert.role,
        "organisation": expert.organisation,
        "url": expert.url,
    }


def _talk(archive: Archive, talk: Talk) -> dict[str, Any]:
    page = urls.talk_page(talk.id)
    return {
        "id": talk.id,
        "title": talk.display_title,
        "date": _date(talk.date),
        "event": talk.event,
        "experts": list(talk.experts),
        "language": talk.language,
        "questions_open": _date(talk.questions_open),
        "questions_close": _date(talk.questions_close),
        "page": urls.page_url(archive.settings, page),
        "recording": _recording(archive, talk.recording),
        "questions": [
            _question(archive, talk, q, page) for q in archive.questions.get(talk.id, ())
        ],
    }


def _recording(archive: Archive, recording: Recording | None) -> dict[str, Any] | None:
    if recording is None:
        return None
    self_hosted = recording.platform == "file"
    url = (
        urls.site_url(archive.settings, platforms.media_path(recording))
        if self_hosted
        else recording.url
    )
    return {
        "url": url,
        "platform": recording.platform,
        "video_id": recording.video_id,
        "duration": recording.duration,
        "upload_date": _date(recording.upload_date),
        "captions": (
            urls.site_url(archive.settings, path)
            if (path := platforms.captions_path(recording))
            else None
        ),
    }


def _question(archive: Archive, talk: Talk, question: Question, page: str) -> dict[str, Any]:
    return {
        "id": question.id,
        "question": question.question,
        "asked_by": question.asked_by,
        "channel": question.channel,
        "asked_at": _date(question.asked_at),
        "status": question.status.value,
        "answer": _answer(archive, talk, question.answer, page, question.anchor),
        "answer_summary": question.body.strip() or None,
        "merged_into": question.merged_into,
        "declined_reason": question.declined_reason,
        "tags": list(question.tags),
        "votes": question.votes,
        "page": urls.page_url(archive.settings, page) + "#" + question.anchor,
    }


def _answer(
    archive: Archive, talk: Talk, answer: Answer | None, page: str, anchor: str
) -> dict[str, Any] | None:
    if answer is None:
        return None
    start = answer.start.seconds
    recording = talk.recording
    return {
        "start": start,
        "end": answer.end.seconds if answer.end else None,
        "by": list(answer.by),
        "page": f"{urls.page_url(archive.settings, page)}?t={start}#{anchor}",
        "recording": _jump(archive, recording, start) if recording else None,
    }


def _jump(archive: Archive, recording: Recording, seconds: int) -> str:
    """The recording at the answer: the platform's URL, or our media file with `#t=`."""
    url = platforms.jump_url(recording, seconds)
    return urls.site_url(archive.settings, url) if recording.platform == "file" else url
