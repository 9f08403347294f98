"""Structured data for search engines: one schema.org VideoObject per talk, as JSON-LD.

Takes the Archive and a Talk; gives the `<script type="application/ld+json">` block for the
talk page: a VideoObject with one Clip per answered question and a SeekToAction, so that search
results can link straight to the second an answer starts. Also the site's URLs for the other
machine-readable outputs (feeds, archive.json, Open Graph): absolute when mkdocs.yml sets
`site_url`, relative otherwise.
"""

from __future__ import annotations

import bisect
import json
import re
from typing import Any

from generator.models import Archive, Question, Recording, Settings, Status, Talk
from generator.recordings import platforms
from generator.render import common as rc
from generator.render import i18n, urls
from generator.timestamps import Timestamp

SEEK_PARAMETER = "seek_to_second_number"
# Search engines show about 160 characters of a description; Lighthouse's SEO audit and link
# previews read the same meta tag.
MAX_DESCRIPTION = 160
# A chapter line as YouTube writes them (`0:00 Intro`, `• 4:32 - Titel`, `(1:02:03) Ende`),
# the same forms recordings/chapters.py reads; and a time anywhere in a sentence.
_CHAPTER_LINE = re.compile(r"^\s*(?:[-*•▶►]\s*)?[(\[]?(?:\d{1,2}:)?\d{1,2}:\d{2}\b")
_TIME = re.compile(r"\s*[(\[]?\b(?:\d{1,2}:)?\d{1,2}:\d{2}\b[)\]]?")
_MAX_LABEL = 40  # a longer line ending in ":" is a sentence, not a label like "Kapitel:"
_MAX_LINES = 2_000  # descriptions are cut at 20,000 characters (recordings/cache.py)
# `<`, `>` and `&` written as JSON escapes cannot end the script element or start a comment,
# whatever the question says; the JSON value stays the same.
# (str.replace, not str.translate: translating a non-ASCII text of 20 KB took 0.2 ms.)
_SCRIPT_SAFE = (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"))


def answered(questions: tuple[Question, ...]) -> list[Question]:
    """The answered questions of a talk in the order they are answered in the recording."""
    found = [q for q in questions if q.status is Status.ANSWERED and q.answer is not None]
    return sorted(found, key=lambda q: (q.answer.start.seconds if q.answer else 0, q.id))


def answer_spans(
    questions: tuple[Question, ...], duration: int | None
) -> list[tuple[Question, int, int | None]]:
    """(question, start, end) per answered question; an open end runs to the next answer's
    start or to the end of the recording, else stays None."""
    ordered = answered(questions)
    starts = [q.answer.start.seconds for q in ordered if q.answer]
    spans = []
    for question in ordered:
        assert question.answer is not None
        start = question.answer.start.seconds
        end = question.answer.end.seconds if question.answer.end else None
        if end is None or end <= start:
            later = bisect.bisect_right(starts, start)  # the first answer starting after it
            end = starts[later] if later < len(starts) else duration
            end = end if end is not None and end > start else None
        spans.append((question, start, end))
    return spans


def answer_span(archive: Archive, question: Question) -> tuple[int, int | None] | None:
    """(start, end) of an answered question's answer as `answer_spans` gives it, else None."""
    return archive.lookup(_SPANS, _spans).get((question.talk, question.id))


_SPANS = "answer spans"


def _spans(archive: Archive) -> dict[tuple[str, str], tuple[int, int | None]]:
    spans = {}
    for talk in archive.talks:
        duration = talk.recording.duration if talk.recording else None
        for question, start, end in answer_spans(archive.questions.get(talk.id, ()), duration):
            spans[(talk.id, question.id)] = (start, end)
    return spans


def video_object(archive: Archive, talk: Talk) -> dict[str, Any] | None:
    """The schema.org VideoObject of a talk's recording, or None when there is none."""
    recording = talk.recording
    if recording is None:
        return None
    page = urls.talk_page(talk.id)
    url = _talk_url(archive.settings, talk)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "VideoObject",
        "name": talk.display_title,
        "description": description(archive, talk),
        "inLanguage": talk.language,
    }
    if url:
        data["url"] = url
    data.update(_video_facts(archive.settings, talk, recording, page))
    spans = answer_spans(archive.questions.get(talk.id, ()), recording.duration)
    data["hasPart"] = [_clip(url, question, start, end) for question, start, end in spans]
    data["potentialAction"] = {
        "@type": "SeekToAction",
        "target": f"{url}?t={{{SEEK_PARAMETER}}}",
        "startOffset-input": f"required name={SEEK_PARAMETER}",
    }
    return data


def description(archive: Archive, talk: Talk) -> str:
    """A short description for search results and link previews (≤ 160 characters): the
    talk's, the recording's without its chapter list and times, or a sentence naming the
    experts and the number of answers."""
    recording = talk.recording
    text = _prose(talk.description or (recording.description if recording else None) or "")
    if not text:
        language = rc.lang(archive)
        names = [archive.experts[e].name for e in talk.experts if e in archive.experts]
        count = len(answered(archive.questions.get(talk.id, ())))
        answers = i18n.counted(language, "answer_count", count)
        if names:
            text = i18n.t(language, "talk_summary", experts=", ".join(names), answers=answers)
        else:
            text = i18n.t(language, "talk_summary_plain", answers=answers)
    return _shorten(" ".join(text.split()), MAX_DESCRIPTION)


def _prose(text: str) -> str:
    """`text` without chapter lines (`0:00 Intro`), the label just above them (`Kapitel:`)
    and times in the remaining sentences: a list of times is no description."""
    kept: list[str] = []
    for line in text.splitlines()[:_MAX_LINES]:
        if _CHAPTER_LINE.match(line):
            if kept and kept[-1].rstrip().endswith(":") and len(kept[-1]) <= _MAX_LABEL:
                kept.pop()
            continue
        kept.append(_TIME.sub("", line))
    return "\n".join(kept)


def _shorten(text: str, limit: int) -> str:
    """`text`, or as many of its words as fit in `limit` characters with "…" after them."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut and not text[limit - 1].isspace():
        cut = cut.rsplit(" ", 1)[0]  # no half word
    return cut.rstrip(" ,;:–-") + "…"


def _talk_url(settings: Settings, talk: Talk) -> str:
    """The talk page's own URL; relative JSON-LD URLs resolve against the page itself."""
    return urls.page_url(settings, urls.talk_page(talk.id)) if settings.site_url else ""


def _video_facts(settings: Settings, talk: Talk, recording: Recording, page: str) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    thumbnail = urls.thumbnail_path(talk)
    if thumbnail:
        facts["thumbnailUrl"] = urls.site_url(settings, thumbnail, page)
    uploaded = recording.upload_date or talk.date
    if uploaded:
        facts["uploadDate"] = uploaded.isoformat()
    if recording.duration:
        facts["duration"] = Timestamp(recording.duration).iso_duration
    if recording.platform == "file":
        facts["contentUrl"] = urls.site_url(settings, platforms.media_path(recording), page)
    else:
        embed = platforms.embed_url(recording)
        if embed:
            facts["embedUrl"] = embed
        facts["sameAs"] = recording.url
    return facts


def _clip(url: str, question: Question, start: int, end: int | None) -> dict[str, Any]:
    clip: dict[str, Any] = {
        "@type": "Clip",
        "name": " ".join(question.question.split()),
        "startOffset": start,
    }
    if end is not None:
        clip["endOffset"] = end
    clip["url"] = f"{url}?t={start}#{question.anchor}"
    return clip


def script_block(data: dict[str, Any]) -> str:
    """A `<script type="application/ld+json">` block that no text inside can break out of."""
    encoded = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for character, escape in _SCRIPT_SAFE:
        encoded = encoded.replace(character, escape)
    return f'<script type="application/ld+json">{encoded}</script>'


def talk_script(archive: Archive, talk: Talk) -> str:
    """The JSON-LD block of a talk page; empty for a talk without a recording."""
    data = video_object(archive, talk)
    return script_block(data) if data else ""
