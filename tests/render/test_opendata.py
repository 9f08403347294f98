"""Tests for generator.render.opendata: archive.json of the sample archives."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from generator.models import Status
from generator.pipeline.generate import build_archive
from generator.render import opendata
from generator.render.outputs import render
from tests.helpers.archive_factory import make_archive, make_question, make_talk, sample_archive
from tests.helpers.paths import REPO

ROOT = Path("/archive")


def test_archive_json_round_trips_the_repo_sample() -> None:
    """Assert that archive.json holds every talk, question and answer of the repo's sample."""
    archive = build_archive(REPO)
    data = json.loads(opendata.render_archive_json(archive))
    assert data["version"] == 1
    assert [t["id"] for t in data["talks"]] == [t.id for t in archive.talks]
    questions = [q for t in data["talks"] for q in t["questions"]]
    assert len(questions) == len(archive.all_questions())
    answered = [q for q in questions if q["answer"] is not None]
    expected = [q for q in archive.all_questions() if q.answer is not None]
    assert len(answered) == len(expected) > 0
    assert [q["answer"]["start"] for q in answered] == [
        q.answer.start.seconds for q in expected if q.answer
    ]
    assert {q["status"] for q in questions} <= {s.value for s in Status}
    assert [e["id"] for e in data["experts"]] == sorted(archive.experts)
    assert [e["id"] for e in data["events"]] == sorted(archive.events)


def test_answers_are_seconds_with_links() -> None:
    """Assert that an answer carries start/end in seconds, experts, and both jump URLs."""
    archive = sample_archive(ROOT)
    archive = replace(archive, settings=replace(archive.settings, site_url="https://x.example/"))
    data = opendata.archive_data(archive)
    aero = next(t for t in data["talks"] if t["id"] == "genf-aerodynamik")
    cw = next(q for q in aero["questions"] if q["id"] == "cw-wert")
    assert cw["answer"] == {
        "start": 272,
        "end": 370,
        "by": ["teddy-woll"],
        "page": "https://x.example/talks/genf-aerodynamik/?t=272#q-cw-wert",
        "recording": "https://www.youtube.com/watch?v=abc123XYZ_-&t=272s",
    }
    assert cw["page"] == "https://x.example/talks/genf-aerodynamik/#q-cw-wert"
    assert cw["asked_at"] == "2013-03-01T14:03:00+01:00"
    assert "source" not in cw
    design = next(t for t in data["talks"] if t["id"] == "genf-design")
    assert design["recording"]["url"] == "https://x.example/media/genf-design.mp4"
    assert design["questions"][0]["answer"]["recording"] == (
        "https://x.example/media/genf-design.mp4#t=61"
    )


def test_hostile_text_is_plain_json_data() -> None:
    """Assert that untrusted question text is kept verbatim as a JSON string."""
    archive = sample_archive(ROOT)
    data = json.loads(render(archive)[opendata.PATH])  # type: ignore[arg-type]
    texts = [q["question"] for t in data["talks"] for q in t["questions"]]
    boese = next(q for q in archive.all_questions() if q.id == "boese")
    assert boese.question in texts


def test_archive_json_is_deterministic_and_ends_with_newline() -> None:
    """Assert that the same archive gives the same bytes, ending in one newline."""
    first = opendata.render_archive_json(sample_archive(ROOT))
    assert first == opendata.render_archive_json(sample_archive(ROOT))
    assert first.endswith("}\n") and not first.endswith("\n\n")


def _shape(value: object) -> object:
    """The keys of every object, recursively; lists by the shape of their first item."""
    if isinstance(value, dict):
        return {key: _shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_shape(value[0])] if value and isinstance(value[0], dict) else []
    return None


def test_documented_example_has_the_shape_of_the_real_file() -> None:
    """Assert that the example in docs/archive-json.md has exactly the keys archive.json has."""
    doc = (REPO / "docs" / "archive-json.md").read_text(encoding="utf-8")
    example = json.loads(doc.split("```json\n", 1)[1].split("```", 1)[0])
    real = opendata.archive_data(build_archive(REPO))
    assert _shape(example) == _shape(real)


def test_every_question_is_one_line_whatever_its_text() -> None:
    """Assert that line breaks of any kind in a question stay escaped inside its one line."""
    text = "Erste Zeile\nzweite\u2028dritte\u2029vierte\x85fünfte\r\nsechste"
    questions = [
        make_question(id=f"q{n}", talk="genf", question=f"{text} {n}", status=Status.COLLECTED)
        for n in range(3)
    ]
    archive = make_archive(talks=[make_talk(id="genf")], questions=questions)
    encoded = opendata.render_archive_json(archive)
    assert json.loads(encoded) == opendata.archive_data(archive)
    lines = encoded.splitlines()
    assert [line.strip().startswith('{"id": "q') for line in lines].count(True) == 3
    assert len(lines) == len(encoded.removesuffix("\n").split("\n")) == 13


def test_empty_archive_json_is_valid() -> None:
    """Assert that an archive without events, experts and talks gives valid, equal JSON."""
    archive = make_archive(talks=[], questions=[])
    assert json.loads(opendata.render_archive_json(archive)) == opendata.archive_data(archive)


def test_talk_items_split_the_file_as_it_was_joined() -> None:
    """Assert that talk_items gives back each talk's item, whatever the talks' texts hold,
    so that an edit re-renders one item and keeps the others (pipeline/incremental.py)."""
    tricky = 'Zeile\n    {"id": "x"},\n    {"id": ' + "\u2028"
    talks = [make_talk(id=f"t{n}", title=f"{tricky} {n}") for n in range(3)]
    questions = [
        make_question(id=f"q{n}", talk=f"t{n % 2}", question=tricky, status=Status.COLLECTED)
        for n in range(4)
    ]
    archive = make_archive(talks=talks, questions=questions)
    items = [opendata.talk_item(archive, talk).encode() for talk in archive.talks]
    text = opendata.render_archive_json(archive).encode()
    assert opendata.talk_items(text) == items
    assert opendata.spliced(archive, items) == text
    empty = make_archive(talks=[])
    assert opendata.talk_items(opendata.render_archive_json(empty).encode()) == []
    assert opendata.spliced(empty, []) == opendata.render_archive_json(empty).encode()
    assert opendata.talk_items(text.replace(b'  "talks": [', b'  "talk": [')) is None
