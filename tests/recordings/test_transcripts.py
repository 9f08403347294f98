"""Tests for generator.recordings.transcripts and the transcript blocks of the talk page."""

from __future__ import annotations

import html
import json
from pathlib import Path

from generator.cli import main
from generator.errors import Problem
from generator.pipeline.generate import build_archive
from generator.recordings import transcripts
from generator.recordings.transcripts import Cue
from generator.render.outputs import render
from tests.helpers.archive_factory import (
    make_answer,
    make_archive,
    make_file_recording,
    make_question,
    make_talk,
)
from tests.helpers.ondisk import make_archive as make_ondisk_archive
from tests.helpers.sample_site import copy_sample

GOOD = """WEBVTT

00:00:01.000 --> 00:00:04.000
Willkommen.

00:00:20.000 --> 00:00:24.500 align:start
<v Anna>Frage von Anna:</v> Woran erkennt man ihn?

00:00:25.000 --> 00:00:30.000
An der Lichtleiste.

00:01:00.000 --> 00:01:05.000
Nächste Frage.
"""


def _write(tmp_path: Path, text: str | bytes, name: str = "media/t.de.vtt") -> str:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return name


def test_reads_cues_as_plain_text_in_seconds() -> None:
    """Assert that cues come out sorted, in seconds, with voice tags removed."""
    transcript = transcripts.parse(GOOD, "t.vtt")
    assert transcript.problems == ()
    assert transcript.cues[:2] == (
        Cue(1.0, 4.0, "Willkommen."),
        Cue(20.0, 24.5, "Frage von Anna: Woran erkennt man ihn?"),
    )
    assert len(transcript.cues) == 4


def test_excerpt_takes_the_cues_spoken_during_the_answer() -> None:
    """Assert that an excerpt holds every cue overlapping [start, end), open end to the last."""
    cues = transcripts.parse(GOOD, "t.vtt").cues
    assert [c.text for c in transcripts.excerpt(cues, 20, 30)] == [
        "Frage von Anna: Woran erkennt man ihn?",
        "An der Lichtleiste.",
    ]
    assert [c.text for c in transcripts.excerpt(cues, 26, None)] == [
        "An der Lichtleiste.",
        "Nächste Frage.",
    ]
    assert transcripts.excerpt(cues, 5, 19) == ()


def test_empty_file_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    """Assert that an empty captions file gives a problem naming file and line."""
    name = _write(tmp_path, "")
    transcript = transcripts.read(tmp_path, name)
    assert transcript.cues == ()
    assert [str(p) for p in transcript.problems] == [
        "media/t.de.vtt:1: not a WebVTT file: the first line must be WEBVTT"
    ]


def test_wrong_header_is_a_problem() -> None:
    """Assert that a file not starting with WEBVTT (here SRT) is reported, not parsed."""
    srt = "1\n00:00:01,000 --> 00:00:02,000\nHallo\n"
    assert transcripts.parse(srt, "x.vtt").problems == (
        Problem("x.vtt", 1, "not a WebVTT file: the first line must be WEBVTT"),
    )
    assert transcripts.parse("WEBVTTX\n", "x.vtt").problems[0].line == 1
    assert transcripts.parse("\ufeffWEBVTT - Titel\n", "x.vtt").problems == ()


def test_bad_cues_cost_only_themselves_and_name_their_line() -> None:
    """Assert that a bad timing and a cue ending before it starts are left out with line numbers."""
    text = (
        "WEBVTT\n\n"
        "00:01.000 --> 00:0x.000\nkaputt\n\n"
        "id-2\n00:09.000 --> 00:08.000\nrückwärts\n\n"
        "NOTE eine Notiz\n\n"
        "00:10.000 --> 00:11.000\ngut\n"
    )
    transcript = transcripts.parse(text, "x.vtt")
    assert transcript.cues == (Cue(10.0, 11.0, "gut"),)
    assert [str(p) for p in transcript.problems] == [
        "x.vtt:3: cue timing is not valid: '00:01.000 --> 00:0x.000'",
        "x.vtt:7: cue ends before it starts; left out",
    ]


def test_overlapping_cues_are_kept_in_start_order() -> None:
    """Assert that overlapping cues (as in automatic captions) are kept, sorted by start."""
    text = "WEBVTT\n\n00:05.000 --> 00:09.000\nzwei\n\n00:01.000 --> 00:06.000\neins\n"
    transcript = transcripts.parse(text, "x.vtt")
    assert transcript.problems == ()
    assert [c.text for c in transcript.cues] == ["eins", "zwei"]
    assert [c.text for c in transcripts.excerpt(transcript.cues, 5.5, 5.6)] == ["eins", "zwei"]


def test_huge_file_is_refused(tmp_path: Path) -> None:
    """Assert that a captions file over the size limit is reported and not read."""
    name = _write(tmp_path, b"WEBVTT\n\n" + b"x" * (transcripts.MAX_BYTES + 1))
    transcript = transcripts.read(tmp_path, name)
    assert transcript.cues == ()
    size = transcripts.MAX_BYTES + 9
    assert [str(p) for p in transcript.problems] == [
        f"media/t.de.vtt:1: captions file is too large ({size} bytes)"
    ]


def test_not_utf8_and_missing_file_are_problems(tmp_path: Path) -> None:
    """Assert that undecodable and missing files give problems with their path."""
    name = _write(tmp_path, b"WEBVTT\n\n00:01.000 --> 00:02.000\n\xff\xfe\n")
    assert [str(p) for p in transcripts.read(tmp_path, name).problems] == [
        "media/t.de.vtt:4: captions file is not UTF-8"
    ]
    missing = transcripts.read(tmp_path, "media/none.vtt").problems
    assert [str(p) for p in missing] == [
        "media/none.vtt:1: cannot be read: No such file or directory"
    ]


def test_markup_in_cues_is_shown_as_text(tmp_path: Path) -> None:
    """Assert that HTML, character references and Markdown in cues stay text on the page."""
    cue = "&lt;script&gt;alert(1)&lt;/script&gt; <b>fett</b> **stern** [a](javascript:x)"
    vtt = f"WEBVTT\n\n00:00:05.000 --> 00:00:08.000\n{cue}\n"
    name = _write(tmp_path, vtt)
    cues = transcripts.parse(vtt, name).cues
    recording = make_file_recording(url="media/t.mp4", captions=name, transcript=cues)
    talk = make_talk(id="t", recording=recording)
    question = make_question(talk="t", id="q", answer=make_answer(5, 8))
    archive = make_archive(talks=[talk], questions=[question], root=tmp_path)
    assert cues[0].text == ("<script>alert(1)</script> fett **stern** [a](javascript:x)")
    page = render(archive)["talks/t.md"]
    shown = "&lt;script&gt;alert(1)&lt;/script&gt; fett &#42;&#42;stern&#42;&#42; &#91;a&#93;(javascript:x)"
    excerpt = f'<summary>Transkript der Antwort (0:05 – 0:08)</summary>\n<p class="wz-transcript">{shown}</p>'
    assert excerpt in page
    heading = (
        '## Transkript {#transcript}\n\n<!--wz:html-->\n<details class="note wz-transcript-box">'
    )
    assert heading in page
    in_html = "&lt;script&gt;alert(1)&lt;/script&gt; fett **stern** [a](javascript:x)"
    assert f'<span class="wz-cue__time">0:05</span> {in_html}</a></li>' in page
    assert "<script>alert" not in page  # the player's own script aside, no script at all
    assert page.count("<script>") == page.count("<script>(function(v,on){v.controls=false;")


def test_broken_captions_give_no_transcript_and_a_warning(tmp_path: Path) -> None:
    """Assert that a broken captions file costs its transcript and is reported as a warning."""
    root = make_ondisk_archive(tmp_path, {"content/.cache/talk-a.de.vtt": "kein vtt"})
    archive = build_archive(root)
    assert [str(p) for p in archive.warnings] == [
        "content/.cache/talk-a.de.vtt:1: not a WebVTT file: the first line must be WEBVTT"
    ]
    talk = archive.talks[0]
    assert talk.recording is not None and talk.recording.transcript == ()
    assert "Transkript" not in render(archive)["talks/talk-a.md"]


def test_open_answer_excerpt_is_capped(tmp_path: Path) -> None:
    """Assert that an answer without a known end shows at most five minutes of transcript."""
    vtt = "WEBVTT\n\n00:05.000 --> 00:08.000\nerst\n\n00:06:00.000 --> 00:06:02.000\nspäter\n"
    name = _write(tmp_path, vtt)
    cues = transcripts.read(tmp_path, name).cues
    recording = make_file_recording(
        url="media/t.mp4", captions=name, duration=None, transcript=cues
    )
    talk = make_talk(id="t", recording=recording)
    question = make_question(talk="t", id="q", answer=make_answer(5))
    page = render(make_archive(talks=[talk], questions=[question], root=tmp_path))["talks/t.md"]
    assert '(ab 0:05)</summary>\n<p class="wz-transcript">erst</p>' in page


def test_built_sample_transcript_is_in_the_search_index(tmp_path: Path) -> None:
    """Assert that the sample's full transcript and excerpts are in Material's search index."""
    root = copy_sample(tmp_path / "archive")
    assert main(["--root", str(root), "build", "--strict"]) == 0
    archive = build_archive(root)
    talk = next(t for t in archive.talks if t.recording and t.recording.captions)
    assert talk.recording is not None and talk.recording.captions
    cues = transcripts.read(root, talk.recording.captions).cues
    index = json.loads((root / "site/search/search_index.json").read_text("utf-8"))
    sections = {doc["location"]: doc["text"] for doc in index["docs"]}
    transcript = sections[f"talks/{talk.id}/#transcript"]
    assert all(html.escape(cue.text.split("\n")[0][:30], quote=False) in transcript for cue in cues)


def test_rolling_automatic_captions_are_not_doubled() -> None:
    """Assert that lines rolled over from the previous cue (YouTube style) appear once."""
    text = (
        "WEBVTT\nKind: captions\nLanguage: de\n\n"
        "00:00:01.000 --> 00:00:03.000 align:start position:0%\n"
        "der<00:00:01.500><c> cw-Wert</c>\n\n"
        "00:00:03.000 --> 00:00:03.010 align:start position:0%\n"
        "der cw-Wert\n \n\n"
        "00:00:03.010 --> 00:00:05.000 align:start position:0%\n"
        "der cw-Wert\nist wichtig\n\n"
        "00:00:09.000 --> 00:00:10.000\nist wichtig\n"
    )
    transcript = transcripts.parse(text, "x.vtt")
    assert transcript.problems == ()
    assert [c.text for c in transcript.cues] == ["der cw-Wert", "ist wichtig", "ist wichtig"]
