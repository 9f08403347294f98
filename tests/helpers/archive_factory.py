"""Build small models.Archive objects in memory for tests.

Every `make_*` takes keyword overrides of the model's fields and fills in sensible defaults:

    talk = make_talk(id="genf", recording=make_recording())
    question = make_question(talk="genf", answer=make_answer(start=272))
    archive = make_archive(talks=[talk], questions=[question])

`sample_archive(root)` is the archive the golden files and the MkDocs test render; call
`write_sample_files(root)` to create the media, captions and thumbnail files it copies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from generator.models import (
    Answer,
    Archive,
    Chapter,
    Event,
    Expert,
    Origin,
    Question,
    Recording,
    Settings,
    Status,
    Talk,
)
from generator.timestamps import Timestamp

CET = dt.timezone(dt.timedelta(hours=1))

HOSTILE_QUESTION = (
    "<script>alert(1)</script> **fett** [a](javascript:alert(1)) "
    "<img src=x onerror=alert(1)> `code` {#evil .cls onclick=x}\n---\n# Titel & Co."
)


def ts(value: int | Timestamp) -> Timestamp:
    return value if isinstance(value, Timestamp) else Timestamp(value)


def make_recording(**overrides: Any) -> Recording:
    """A YouTube recording unless overridden."""
    fields: dict[str, Any] = {
        "url": "https://www.youtube.com/watch?v=abc123XYZ_-",
        "platform": "youtube",
        "video_id": "abc123XYZ_-",
        "duration": 1800,
    }
    fields.update(overrides)
    fields["chapters"] = tuple(fields.get("chapters", ()))
    return Recording(**fields)


def make_file_recording(**overrides: Any) -> Recording:
    """A self-hosted recording `media/<name>.mp4`."""
    fields: dict[str, Any] = {"url": "media/talk.mp4", "platform": "file", "video_id": None}
    fields.update(overrides)
    return make_recording(**fields)


def make_chapter(title: str, start: int, end: int | None = None) -> Chapter:
    return Chapter(title=title, start=ts(start), end=None if end is None else ts(end))


def make_talk(**overrides: Any) -> Talk:
    fields: dict[str, Any] = {
        "id": "talk",
        "origin": Origin("videos.yml", 1),
        "title": "Ein Talk",
        "date": dt.date(2013, 3, 5),
    }
    fields.update(overrides)
    fields["experts"] = tuple(fields.get("experts", ()))
    return Talk(**fields)


def make_answer(start: int = 272, end: int | None = None, by: Iterable[str] = ()) -> Answer:
    return Answer(
        start=ts(start),
        end=None if end is None else ts(end),
        by=tuple(by),
        origin=Origin("content/talks/talk/q.md", 6),
    )


def make_question(**overrides: Any) -> Question:
    """A collected question of talk `talk`; `answer=` alone makes it answered."""
    fields: dict[str, Any] = {
        "id": "frage",
        "talk": "talk",
        "question": "Wie wichtig ist der cw-Wert?",
        "asked_by": "Mario",
        "channel": "blog",
        "asked_at": dt.datetime(2013, 3, 1, 14, 3, tzinfo=CET),
    }
    fields.update(overrides)
    fields.setdefault("origin", Origin(f"content/talks/{fields['talk']}/{fields['id']}.md", 1))
    if "status" not in fields:
        fields["status"] = Status.ANSWERED if fields.get("answer") else Status.COLLECTED
    fields["tags"] = tuple(fields.get("tags", ()))
    return Question(**fields)


def make_expert(**overrides: Any) -> Expert:
    fields: dict[str, Any] = {"id": "expertin", "name": "Erika Expertin"}
    fields.update(overrides)
    fields.setdefault("origin", Origin(f"content/experts/{fields['id']}.md", 1))
    return Expert(**fields)


def make_event(**overrides: Any) -> Event:
    fields: dict[str, Any] = {"id": "event", "title": "Eine Veranstaltung"}
    fields.update(overrides)
    fields.setdefault("origin", Origin(f"content/events/{fields['id']}.md", 1))
    return Event(**fields)


def _question_order(question: Question) -> tuple[bool, int, bool, str, str]:
    start = question.answer.start.seconds if question.answer else 0
    asked = question.asked_at.isoformat() if question.asked_at else ""
    return (question.answer is None, start, question.asked_at is None, asked, question.id)


def make_archive(
    talks: Iterable[Talk] = (),
    questions: Iterable[Question] = (),
    experts: Iterable[Expert] = (),
    events: Iterable[Event] = (),
    language: str = "de",
    root: Path | None = None,
    **settings: Any,
) -> Archive:
    """An Archive sorted the way `link` sorts it: talks newest first, questions by answer."""
    talk_list = sorted(talks, key=lambda t: (-(t.date or dt.date.min).toordinal(), t.id))
    grouped: dict[str, list[Question]] = {t.id: [] for t in talk_list}
    for question in questions:
        grouped.setdefault(question.talk, []).append(question)
    return Archive(
        root=root or Path("/archive"),
        settings=Settings(language=language, **settings),
        talks=tuple(talk_list),
        questions={k: tuple(sorted(v, key=_question_order)) for k, v in grouped.items()},
        experts={e.id: e for e in sorted(experts, key=lambda e: e.id)},
        events={e.id: e for e in sorted(events, key=lambda e: e.id)},
    )


def sample_archive(root: Path | None = None, language: str = "de") -> Archive:
    """Three talks (YouTube, self-hosted with captions, unpublished), every question status."""
    talks = [
        make_talk(
            id="genf-aerodynamik",
            title="Live-Talk: Aerodynamik",
            url="https://www.youtube.com/watch?v=abc123XYZ_-",
            event="genf-2013",
            experts=["teddy-woll", "ada-lang"],
            recording=make_recording(
                thumbnail="content/.cache/genf-aerodynamik.jpg",
                chapters=[make_chapter("Begrüßung", 0), make_chapter("Fragen", 95)],
            ),
        ),
        make_talk(
            id="genf-design",
            title="Live-Talk: Design",
            date=dt.date(2013, 3, 6),
            url="media/genf-design.mp4",
            event="genf-2013",
            experts=["ada-lang"],
            recording=make_file_recording(
                url="media/genf-design.mp4",
                captions="media/genf-design.de.vtt",
                thumbnail="content/.cache/genf-design.png",
            ),
        ),
        make_talk(id="genf-ausblick", title="Live-Talk: Ausblick", date=dt.date(2013, 3, 7)),
    ]
    return make_archive(
        talks=talks,
        questions=_sample_questions(),
        experts=[
            make_expert(
                id="teddy-woll",
                name="Teddy Woll",
                role="Aerodynamiker",
                organisation="Windkanal GmbH",
                body="Teddy misst seit 20 Jahren Luftwiderstände.",
            ),
            make_expert(
                id="ada-lang", name="Ada Lang", role="Designerin", url="https://ada.example"
            ),
        ],
        events=[
            make_event(
                id="genf-2013",
                title="Automobilsalon Genf 2013",
                start=dt.date(2013, 3, 5),
                end=dt.date(2013, 3, 17),
                location="Genf",
                body="Der **83.** Automobilsalon.",
            )
        ],
        language=language,
        root=root,
        site_name="Wunschzeit Testarchiv",
    )


def _sample_questions() -> list[Question]:
    aero, design, outlook = "genf-aerodynamik", "genf-design", "genf-ausblick"
    return [
        make_question(
            id="cw-wert",
            talk=aero,
            answer=make_answer(272, 370, ["teddy-woll"]),
            tags=["aerodynamik", "reichweite"],
            votes=12,
            body="Sehr wichtig: **10 %** weniger cw-Wert bringt etwa 5 % mehr Reichweite.",
        ),
        make_question(
            id="spoiler",
            talk=aero,
            question="Bringt ein Heckspoiler etwas?",
            asked_by=None,
            channel="twitter",
            answer=make_answer(95, by=["teddy-woll", "ada-lang"]),
            tags=["aerodynamik"],
        ),
        make_question(
            id="spoiler-2",
            talk=aero,
            question="Was bringt ein Spoiler?",
            status=Status.MERGED,
            merged_into="spoiler",
            asked_at=dt.datetime(2013, 3, 2, 9, 0, tzinfo=CET),
        ),
        make_question(
            id="boese",
            talk=aero,
            question=HOSTILE_QUESTION,
            asked_by="<b>Mallory</b> [x](javascript:alert(2))",
            channel="form",
            tags=["<script>"],
            votes=3,
        ),
        make_question(
            id="werbung",
            talk=aero,
            question="Kauft billige Uhren!",
            status=Status.DECLINED,
            declined_reason="Werbung, kein Bezug zum Talk.",
        ),
        make_question(
            id="farben",
            talk=design,
            question="Warum sind alle Autos grau?",
            channel="live-chat",
            answer=make_answer(61, by=["ada-lang"]),
            tags=["design"],
        ),
        make_question(id="linien", talk=design, question="Wer zeichnet die Linien?", votes=5),
        make_question(
            id="zukunft",
            talk=outlook,
            question="Wie sieht das Auto 2030 aus?",
            asked_by="Lena",
            channel="email",
            asked_at=None,
            votes=7,
        ),
    ]


def write_sample_files(root: Path) -> None:
    """Create the files `sample_archive(root)` copies: media, captions, thumbnails."""
    files = {
        "media/genf-design.mp4": b"not really an mp4",
        "media/genf-design.de.vtt": b"WEBVTT\n\n00:00.000 --> 00:02.000\nHallo\n",
        "content/.cache/genf-aerodynamik.jpg": b"\xff\xd8\xff\xe0 jpeg",
        "content/.cache/genf-design.png": b"\x89PNG\r\n\x1a\n png",
    }
    for relative, data in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
