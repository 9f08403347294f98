"""Tests for generator.render.timeline: the strip under the player and the combined list."""

from __future__ import annotations

import re

from generator.models import Archive, Question, Recording, Status
from generator.render import timeline
from generator.render.talk import render_talk
from tests.helpers.archive_factory import (
    HOSTILE_QUESTION,
    make_answer,
    make_archive,
    make_chapter,
    make_file_recording,
    make_question,
    make_recording,
    make_talk,
)

PAGE = "talks/talk.md"


def _archive(recording: Recording | None = None, questions: tuple[Question, ...] = ()) -> Archive:
    talk = make_talk(recording=recording or make_recording())
    return make_archive(talks=[talk], questions=questions)


def _answered(qid: str, start: int, end: int | None = None, text: str = "Frage?") -> Question:
    return make_question(id=qid, question=text, answer=make_answer(start=start, end=end))


def test_markers_sit_at_their_share_of_the_duration() -> None:
    """Assert that each answer's marker is placed at start / duration as a percentage."""
    archive = _archive(questions=(_answered("a", 272), _answered("b", 0), _answered("c", 1800)))
    html = timeline.render_timeline(archive, archive.talks[0], PAGE)
    assert re.findall(r'<li style="left:([^"]*)">', html) == ["0%", "15.11%", "100%"]
    assert '<div class="wz-timeline" data-wz-length="1800">' in html
    assert html.count("wz-marker--end") == 1  # the label of a marker right of the middle


def test_marker_links_open_the_recording_there_and_seek() -> None:
    """Assert that a marker links the platform at its second, carries data-wz-seek and the
    question's anchor, and is named by time and question."""
    archive = _archive(questions=(_answered("cw", 272, text="Wie wichtig ist der cw-Wert?"),))
    html = timeline.render_timeline(archive, archive.talks[0], PAGE)
    assert (
        '<li style="left:15.11%"><a class="wz-marker"'
        ' href="https://www.youtube.com/watch?v=abc123XYZ_-&amp;t=272s" data-wz-seek="272"'
        ' data-wz-target="q-cw"><span class="wz-marker__label">'
        "4:32 – Wie wichtig ist der cw-Wert?</span></a></li>" in html
    )
    assert 'aria-label="Antworten auf der Zeitleiste der Aufzeichnung (30:00)"' in html


def test_marker_labels_are_escaped() -> None:
    """Assert that a hostile question is text in the marker's label, never markup."""
    archive = _archive(questions=(_answered("x", 10, text=HOSTILE_QUESTION),))
    html = timeline.render_timeline(archive, archive.talks[0], PAGE)
    assert "<script" not in html and "<img" not in html
    assert "0:10 – &lt;script&gt;alert(1)&lt;/script&gt; **fett**" in html
    assert "\n---" not in html.split('wz-marker__label">')[1]  # one line


def test_chapters_shade_the_track_up_to_the_next_chapter() -> None:
    """Assert that chapters are shaded stretches from their start to their end, the next
    chapter, or the end of the recording."""
    recording = make_recording(
        duration=1000,
        chapters=[make_chapter("A", 0), make_chapter("B", 100, 300), make_chapter("C", 500)],
    )
    archive = _archive(recording, questions=(_answered("q", 120),))
    html = timeline.render_timeline(archive, archive.talks[0], PAGE)
    assert re.findall(r'wz-timeline__chapter" style="([^"]*)"', html) == [
        "left:0%;width:10%",
        "left:10%;width:20%",
        "left:50%;width:50%",
    ]
    assert 'aria-hidden="true"' in html.split("wz-timeline__chapter")[0]


def test_without_a_duration_the_strip_ends_after_the_last_answer() -> None:
    """Assert that without a duration the strip ends at the last answer's end, or a minute
    after its start."""
    recording = make_recording(duration=None)
    ended = _archive(recording, (_answered("a", 100, 200),))
    assert timeline.length(recording, timeline.answers(ended, ended.talks[0])) == 200
    open_end = _archive(make_recording(duration=None), (_answered("a", 100),))
    html = timeline.render_timeline(open_end, open_end.talks[0], PAGE)
    assert 'data-wz-length="160"' in html and 'style="left:62.5%"' in html


def test_no_timeline_without_answers() -> None:
    """Assert that a talk without answered questions gets no strip."""
    open_question = make_question(id="o", status=Status.COLLECTED)
    archive = _archive(questions=(open_question,))
    assert timeline.render_timeline(archive, archive.talks[0], PAGE) == ""


def test_self_hosted_marker_links_the_file_from_raw_html() -> None:
    """Assert that a self-hosted marker's link has the extra ../ raw HTML needs."""
    archive = _archive(make_file_recording(), (_answered("a", 61),))
    html = timeline.render_timeline(archive, archive.talks[0], PAGE)
    assert 'href="../../media/talk.mp4#t=61" data-wz-seek="61"' in html


def test_outline_lists_chapters_and_answers_in_time_order() -> None:
    """Assert that the one list holds chapters as headings and answers with their ▶ link,
    in time order, a chapter before an answer at its second."""
    recording = make_recording(chapters=[make_chapter("Begrüßung", 0), make_chapter("cw", 272)])
    archive = _archive(recording, (_answered("cw", 272, 370, "Wie wichtig?"), _answered("a", 65)))
    html = timeline.render_outline(archive, archive.talks[0], PAGE)
    assert html.startswith('## Antworten und Kapitel {#answers}\n\n<ul class="wz-outline">')
    kinds = re.findall(r'<li class="wz-outline__(\w+)"[^>]*>.*?(\d+:\d\d)', html)
    assert kinds == [
        ("chapter", "0:00"),
        ("answer", "1:05"),
        ("chapter", "4:32"),
        ("answer", "4:32"),
    ]
    assert (
        '<li class="wz-outline__answer" data-wz-start="272" data-wz-end="370" data-wz-target="q-cw">'
        '<a class="wz-jump" href="https://www.youtube.com/watch?v=abc123XYZ_-&amp;t=272s"'
        ' data-wz-seek="272">▶ 4:32 – 6:10</a> <a href="#q-cw">Wie wichtig?</a></li>' in html
    )
    assert '<span class="wz-visually-hidden">Kapitel: </span>' in html


def test_outline_heading_names_what_it_lists() -> None:
    """Assert that the list is titled by what it holds: answers, chapters or both."""
    answers_only = _archive(questions=(_answered("a", 5),))
    chapters_only = _archive(make_recording(chapters=[make_chapter("Start", 0)]))
    english = make_archive(talks=chapters_only.talks, language="en")
    assert "## Antworten im Überblick {#answers}" in _outline(answers_only)
    assert "## Kapitel {#answers}" in _outline(chapters_only)
    assert "## Chapters {#answers}" in _outline(english)
    assert _outline(_archive()) == ""  # no answers, no chapters


def _outline(archive: Archive) -> str:
    return timeline.render_outline(archive, archive.talks[0], PAGE)


def test_talk_page_has_one_list_and_the_timeline_in_the_stage() -> None:
    """Assert that the talk page has the stage with player and timeline, and one list
    instead of the two of version 1."""
    recording = make_recording(chapters=[make_chapter("Begrüßung", 0)])
    archive = _archive(recording, (_answered("a", 65),))
    page = render_talk(archive, archive.talks[0])
    assert page.count("{#answers}") == 1 and "{#chapters}" not in page
    stage = page.split('<div class="wz-stage"')[1].split("\n</div>\n\n")[0]
    assert 'class="wz-player wz-player--embed"' in stage and 'class="wz-timeline"' in stage
    assert '<label class="wz-follow" hidden>' in stage
    assert '<noscript><p class="wz-hint">Die Marken auf der Zeitleiste' in stage
