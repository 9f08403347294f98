"""Tests for generator.render.takeaway: chapters track, transcript text, downloads, sharing."""

from __future__ import annotations

from generator.models import Archive, Cue, Recording
from generator.recordings import transcripts
from generator.render import takeaway
from generator.render.outputs import render
from tests.helpers.archive_factory import (
    make_answer,
    make_archive,
    make_file_recording,
    make_question,
    make_recording,
    make_talk,
)

PAGE = "talks/talk.md"
CUES = (
    Cue(1.0, 4.5, "Willkommen zum Live-Talk."),
    Cue(65.2, 70.0, "Frage von Anna:\nWie <b>laut</b> ist es & warum?"),
)


def _archive(recording: Recording, *answers: tuple[str, int, int | None, str]) -> Archive:
    questions = [
        make_question(id=qid, question=text, answer=make_answer(start=start, end=end))
        for qid, start, end, text in answers
    ]
    return make_archive(talks=[make_talk(recording=recording)], questions=questions)


def test_chapters_track_names_each_answer_by_its_question() -> None:
    """Assert that each answer is a chapter cue from its start to its end, or to the next
    answer's start, or to the end of the recording."""
    archive = _archive(
        make_file_recording(duration=600),
        ("a", 10, 50, "Erste?"),
        ("b", 40, None, "Zweite?"),
        ("c", 3700, None, "Dritte?"),
    )
    assert takeaway.render_chapters_vtt(archive, archive.talks[0]) == (
        "WEBVTT\n\n"
        "q-a\n00:00:10.000 --> 00:00:40.000\nErste?\n\n"
        "q-b\n00:00:40.000 --> 01:01:40.000\nZweite?\n\n"
        "q-c\n01:01:40.000 --> 01:01:41.000\nDritte?\n"
    )


def test_chapters_track_escapes_cue_text() -> None:
    """Assert that a question cannot end its cue, add a tag or an arrow: one line, with
    `&`, `<` and `>` as character references, and the transcript reader reads it back as
    the question."""
    hostile = "Was ist --> das?\n\nWEBVTT\n00:00:01.000 --> 00:00:02.000 <b>fett</b> & co"
    archive = _archive(make_file_recording(duration=100), ("x", 5, 9, hostile))
    text = takeaway.render_chapters_vtt(archive, archive.talks[0])
    body = text.split("\n", 4)[4]
    assert body == (
        "Was ist --&gt; das? WEBVTT 00:00:01.000 --&gt; 00:00:02.000 &lt;b&gt;fett&lt;/b&gt;"
        " &amp; co\n"
    )
    assert transcripts.parse(text, "media/talk.chapters.vtt") == transcripts.Transcript(
        cues=(Cue(5.0, 9.0, " ".join(hostile.split())),)
    )


def test_only_a_played_recording_with_answers_gets_a_chapters_track() -> None:
    """Assert that the track is generated for self-hosted recordings with answers only."""
    file_talk = _archive(make_file_recording(), ("a", 10, None, "Frage?"))
    youtube = _archive(make_recording(), ("a", 10, None, "Frage?"))
    no_answers = _archive(make_file_recording())
    assert list(takeaway.talk_files(file_talk, file_talk.talks[0])) == ["media/talk.chapters.vtt"]
    assert takeaway.talk_files(youtube, youtube.talks[0]) == {}
    assert takeaway.talk_files(no_answers, no_answers.talks[0]) == {}


def test_transcript_text_has_one_line_per_caption() -> None:
    """Assert that the transcript is the title and `[m:ss] text` lines, after a BOM."""
    archive = _archive(make_file_recording(transcript=CUES))
    files = takeaway.talk_files(archive, archive.talks[0])
    assert files["media/talk.transcript.txt"] == (
        "\ufeffEin Talk\n\n"
        "[0:01] Willkommen zum Live-Talk.\n"
        "[1:05] Frage von Anna: Wie <b>laut</b> ist es & warum?\n"
    )


def test_downloads_of_a_self_hosted_recording() -> None:
    """Assert that the downloads name the video, the captions and the transcript."""
    recording = make_file_recording(captions="media/talk.de.vtt", transcript=CUES)
    archive = _archive(recording)
    assert takeaway.render_downloads(archive, archive.talks[0], PAGE) == (
        '<p class="wz-downloads">Herunterladen: '
        '<a href="../../media/talk.mp4" download>Video (MP4)</a> · '
        '<a href="../../media/talk.de.vtt" download>Untertitel (WebVTT)</a> · '
        '<a href="../../media/talk.transcript.txt" download>Transkript (Text)</a></p>'
    )


def test_downloads_of_a_platform_recording_are_its_captions_and_transcript() -> None:
    """Assert that a platform's recording offers its captions and transcript, no video, and
    nothing at all without captions."""
    youtube = _archive(make_recording(captions="content/.cache/talk.de.vtt", transcript=CUES))
    assert takeaway.render_downloads(youtube, youtube.talks[0], PAGE) == (
        '<p class="wz-downloads">Herunterladen: '
        '<a href="../../media/talk.de.vtt" download>Untertitel (WebVTT)</a> · '
        '<a href="../../media/talk.transcript.txt" download>Transkript (Text)</a></p>'
    )
    bare = _archive(make_recording())
    assert takeaway.render_downloads(bare, bare.talks[0], PAGE) == ""


def test_share_button_copies_the_moment_of_the_answer() -> None:
    """Assert that the button (hidden until the script shows it) carries `?t=…#q-…` and its
    strings; an open question has none."""
    archive = _archive(make_recording(), ("cw", 272, None, "Frage?"))
    question = archive.questions["talk"][0]
    assert takeaway.share_button(archive, question) == (
        '<button type="button" class="wz-share" data-wz-share="?t=272&#35;q-cw"'
        ' data-wz-copied="Link kopiert" data-wz-copy-failed="Kopieren ging nicht – der Link'
        ' steht markiert im Feld daneben." hidden>Link zu diesem Moment kopieren</button>'
        '<span class="wz-share__status" role="status"></span>'
    )
    assert takeaway.share_button(archive, make_question()) == ""


def test_render_lists_the_generated_files_of_a_talk() -> None:
    """Assert that render() gives the chapters track and the transcript beside the media."""
    recording = make_file_recording(transcript=CUES)
    talk = make_talk(recording=recording)
    question = make_question(answer=make_answer(start=65))
    outputs = render(make_archive(talks=[talk], questions=[question]))
    assert "media/talk.chapters.vtt" in outputs and "media/talk.transcript.txt" in outputs
    page = str(outputs["talks/talk.md"])
    assert '<track kind="chapters" src="../../media/talk.chapters.vtt" srclang="de"' in page
