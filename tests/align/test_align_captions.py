"""Tests for generator.align's caption readers: formats, encodings and hostile files."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from generator.align import formats, parse_captions, read_captions
from generator.errors import ContentError, Problem
from generator.models import Cue

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "align"
VTT = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nMario fragt: Wie weit?\n\n00:00:05.000 --> 00:00:08.500\nSehr weit.\n"
SRT = "1\n00:00:01,000 --> 00:00:04,000\nMario fragt: Wie weit?\n\n2\n00:00:05,000 --> 00:00:08,500\nSehr weit.\n"
SBV = "0:00:01.000,0:00:04.000\nMario fragt: Wie weit?\n\n0:00:05.000,0:00:08.500\nSehr weit.\n"
EXPECTED = (Cue(1.0, 4.0, "Mario fragt: Wie weit?"), Cue(5.0, 8.5, "Sehr weit."))


def problems(text: str | bytes, duration: float | None = None) -> list[str]:
    return [str(p) for p in parse_captions(text, display="c.vtt", duration=duration).problems]


def errors(text: str | bytes) -> list[str]:
    with pytest.raises(ContentError) as info:
        parse_captions(text, display="c.vtt")
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize(("text", "kind"), [(VTT, "vtt"), (SRT, "srt"), (SBV, "sbv")])
def test_formats_are_told_apart_by_content(text: str, kind: str) -> None:
    """Assert that WebVTT, SRT and SBV give the same cues, whatever the file is called."""
    captions = parse_captions(text, display="captions.txt")
    assert (captions.cues, captions.format, captions.problems) == (EXPECTED, kind, ())


def test_crlf_and_utf8_bom_are_read_silently() -> None:
    """Assert that CRLF line ends and a UTF-8 byte order mark cost nothing."""
    data = codecs.BOM_UTF8 + SRT.replace("\n", "\r\n").encode()
    assert parse_captions(data, display="c.srt").cues == EXPECTED


def test_utf16_with_and_without_bom() -> None:
    """Assert that UTF-16 captions (as Windows subtitle editors write them) are read."""
    assert parse_captions(VTT.encode("utf-16"), display="c.vtt").cues == EXPECTED
    assert parse_captions(VTT.encode("utf-16-le"), display="c.vtt").cues == EXPECTED


def test_latin1_is_read_with_a_warning() -> None:
    """Assert that Windows-1252 captions are read, and the guess is reported at its line."""
    data = VTT.replace("Sehr weit.", "Größer.").encode("cp1252")
    captions = parse_captions(data, display="c.vtt")
    assert captions.cues[1].text == "Größer."
    assert [str(p) for p in captions.problems] == [
        "c.vtt:7: captions file is not UTF-8; read as Windows-1252 (check umlauts and accents)"
    ]


def test_youtube_rolling_captions_keep_each_line_once() -> None:
    """Assert that automatic captions lose rolled-up repeats and inline word timings."""
    captions = read_captions(FIXTURES / "youtube-rolling.vtt", display="y.vtt")
    assert [(c.start, c.text) for c in captions.cues] == [
        (0.03, "hello everybody and welcome"),
        (2.37, "mario asks how far it goes"),
        (5.01, "about four hundred kilometres"),
    ]
    assert captions.problems == ()


def test_line_that_grows_word_by_word_is_counted_once() -> None:
    """Assert that captions whose line grows word by word keep only the new words."""
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nwie\n\n00:00:02.000 --> 00:00:03.000\nwie weit\n\n00:00:03.000 --> 00:00:04.000\nwie weit geht\n"
    assert [c.text for c in parse_captions(text, display="c.vtt").cues] == ["wie", "weit", "geht"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "c.vtt:1: captions file is empty"),
        ("  \n\n", "c.vtt:1: captions file is empty"),
        ("Liebe Grüße,\nMario\n", "c.vtt:1: not captions: found no WebVTT, SRT or SBV cue timing"),
        ("WEBVTT\n\nNOTE nichts\n", "c.vtt:1: no usable cues in the captions"),
    ],
)
def test_nothing_usable_is_an_error(text: str, message: str) -> None:
    """Assert that empty files and other text raise ContentError naming the file."""
    assert errors(text) == [message]


def test_binary_file_is_an_error() -> None:
    """Assert that a binary file (a video given as captions) is an error, not garbage cues."""
    assert errors(b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 4) == [
        "c.vtt:1: not captions: the file is binary"
    ]


def test_only_broken_cues_is_an_error_listing_each() -> None:
    """Assert that a file of broken cues names every one, and that nothing usable remained."""
    text = "WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nRückwärts\n\n00:00:99.000 --> 00:01:00.000\nKaputt\n"
    assert errors(text) == [
        "c.vtt:1: no usable cues in the captions",
        "c.vtt:3: cue ends before it starts; left out",
        "c.vtt:6: cue timing is not valid: '00:00:99.000 --> 00:01:00.000'",
    ]


def test_truncated_file_keeps_what_came_before() -> None:
    """Assert that a file cut inside a timing keeps its cues and says it may be truncated."""
    assert problems(VTT + "\n00:00:09.000 --> 00:00:1") == [
        "c.vtt:9: cue timing is not valid: '00:00:09.000 --> 00:00:1'; cue left out",
        "c.vtt:9: the file ends inside a cue timing; it may be truncated",
    ]
    assert problems(VTT + "\n00:00:09.0") == [
        "c.vtt:9: the file ends inside a cue timing; it may be truncated"
    ]


def test_backwards_and_overlapping_cues_are_sorted_and_reported_once_per_kind() -> None:
    """Assert that cues out of order are sorted, and each kind of fault is one warning."""
    text = (
        "WEBVTT\n\n00:00:10.000 --> 00:00:14.000\nzwei\n\n00:00:01.000 --> 00:00:04.000\neins\n\n"
        "00:00:03.000 --> 00:00:06.000\ndrei\n\n00:00:02.000 --> 00:00:03.000\nvier\n"
    )
    captions = parse_captions(text, display="c.vtt")
    assert [c.text for c in captions.cues] == ["eins", "vier", "drei", "zwei"]
    assert [str(p) for p in captions.problems] == [
        "c.vtt:6: cue starts before the cue above it; sorted by start (1 more like it)",
        "c.vtt:9: cue overlaps the cue above it, which ends at 0:04",
    ]


def test_cues_beyond_the_recording_are_left_out_or_cut() -> None:
    """Assert that cues after the recording's end are dropped, and one running over is cut."""
    text = VTT + "\n00:00:09.000 --> 00:00:30.000\nlang\n\n00:01:00.000 --> 00:01:02.000\nweg\n"
    captions = parse_captions(text, display="c.vtt", duration=20)
    assert [(c.text, c.end) for c in captions.cues][-1] == ("lang", 20)
    assert [str(p) for p in captions.problems] == [
        "c.vtt:9: cue ends at 0:30, after the end of the recording (0:20); cut there",
        "c.vtt:12: cue starts at 1:00, after the end of the recording (0:20); left out",
    ]


def test_too_large_is_an_error_before_reading(tmp_path: Path) -> None:
    """Assert that a 50 MB file is refused by its size, without being read or parsed."""
    big = tmp_path / "big.vtt"
    with big.open("wb") as file:
        file.truncate(50_000_000)
    with pytest.raises(ContentError) as info:
        read_captions(big, display="big.vtt")
    assert [str(p) for p in info.value.problems] == [
        "big.vtt:1: captions file is too large (50000000 bytes; the limit is 5000000)"
    ]


def test_too_many_cues_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """Assert that more than MAX_CUES cues are refused (at the first one too many)."""
    monkeypatch.setattr(formats, "MAX_CUES", 1_000)
    cue = "00:00:01.000 --> 00:00:02.000\nx\n\n"
    assert errors("WEBVTT\n\n" + cue * 1_001) == [
        "c.vtt:3003: more than 1000 cues; captions this long are not read"
    ]


def test_a_day_long_stream_of_automatic_captions_is_read() -> None:
    """Assert that 8 hours of YouTube-style roll-up captions (43,200 cues: a line each second,
    the previous one repeated above it) are read, every cue kept."""
    cues = [
        f"{_clock(s)} --> {_clock(s + 1)} align:start position:0%\nwort {s - 1}\nwort {s}\n"
        for s in range(1, 43_201)
    ]
    text = "WEBVTT\nKind: captions\nLanguage: de\n\n" + "\n".join(cues)
    found = parse_captions(text, display="c.vtt").cues
    assert len(found) == 43_200 and found[-1].text.endswith("wort 43200")


def _clock(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}.000"


def test_one_huge_line_does_not_hang() -> None:
    """Assert that a near-limit file of one line without newlines is refused quickly."""
    shown = "WEBVTT " + "<" * 73
    assert errors("WEBVTT " + "<" * 2_000_000 + "-->" + "9" * 2_000_000) == [
        f"c.vtt:1: cue timing is not valid: {shown!r}; cue left out",
        "c.vtt:1: no usable cues in the captions",
    ]


def test_missing_file_is_an_error(tmp_path: Path) -> None:
    """Assert that a missing file is a ContentError naming it."""
    with pytest.raises(ContentError) as info:
        read_captions(tmp_path / "nope.vtt", display="nope.vtt")
    assert info.value.problems == (
        Problem("nope.vtt", 1, "cannot be read: No such file or directory"),
    )
