"""The metadata cache and self-hosted media: hostile yt-dlp JSON and damaged files."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.errors import ContentError
from generator.pipeline.generate import build_archive
from generator.recordings.cache import recording_from_info
from generator.recordings.media import mp4_duration
from tests.helpers.ondisk import VIDEOS, make_archive
from tests.helpers.paths import REPO

CACHE = "content/.cache/talk-a.info.json"


def problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        build_archive(root)
    return [str(p) for p in info.value.problems]


def test_cache_fields_are_used(tmp_path: Path) -> None:
    """Assert that title, duration, date and chapters come from the cached info JSON."""
    info = {
        "id": "abcdefghijk",
        "extractor_key": "Youtube",
        "title": "Aus dem Cache",
        "duration": 901.6,
        "upload_date": "20130306",
        "chapters": [
            {"start_time": 60, "end_time": 120, "title": "Zwei"},
            {"start_time": 0, "title": "Eins"},
        ],
    }
    root = make_archive(
        tmp_path, {CACHE: json.dumps(info), "videos.yml": VIDEOS.replace("  title: Talk A\n", "")}
    )
    talk = build_archive(root).talks[0]
    assert talk.display_title == "Aus dem Cache"
    assert talk.recording is not None
    assert (talk.recording.duration, str(talk.recording.upload_date)) == (902, "2013-03-06")
    assert [
        (c.title, c.start.seconds, c.end and c.end.seconds) for c in talk.recording.chapters
    ] == [
        ("Eins", 0, None),
        ("Zwei", 60, 120),
    ]


def test_videos_yml_overrides_cache(tmp_path: Path) -> None:
    """Assert that title and duration written in videos.yml win over fetched ones."""
    root = make_archive(tmp_path, {"videos.yml": VIDEOS + "  duration: 10:00\n"})
    talk = build_archive(root).talks[0]
    assert talk.display_title == "Talk A"
    assert talk.recording is not None and talk.recording.duration == 600


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "{",
            "content/.cache/talk-a.info.json:1: metadata file is not valid JSON: Expecting property name enclosed in double quotes",
        ),
        ("\n\n[1, 2]", "content/.cache/talk-a.info.json:1: metadata file must hold a JSON object"),
        (
            '{"duration": "lang"}',
            "content/.cache/talk-a.info.json:1: metadata field 'duration' has the wrong type",
        ),
        (
            '{"duration": -5}',
            "content/.cache/talk-a.info.json:1: metadata field 'duration' is out of range: -5",
        ),
        (
            '{"duration": true}',
            "content/.cache/talk-a.info.json:1: metadata field 'duration' has the wrong type",
        ),
        (
            '{"title": ["x"]}',
            "content/.cache/talk-a.info.json:1: metadata field 'title' has the wrong type",
        ),
        (
            '{"upload_date": "gestern"}',
            "content/.cache/talk-a.info.json:1: metadata field 'upload_date' is no date: 'gestern'",
        ),
        (
            '{"chapters": {"a": 1}}',
            "content/.cache/talk-a.info.json:1: metadata field 'chapters' has the wrong type",
        ),
        (
            '{"duration": 900, "chapters": [{"start_time": 2000, "title": "Zu spät"}]}',
            "content/.cache/talk-a.info.json:1: chapter 1 is not usable (needs title and start_time within the duration)",
        ),
        (
            '{"chapters": [{"start_time": "0", "title": 5}]}',
            "content/.cache/talk-a.info.json:1: chapter 1 is not usable (needs title and start_time within the duration)",
        ),
        (
            "[" * 100_000 + "]" * 100_000,
            "content/.cache/talk-a.info.json:1: metadata file is nested too deeply",
        ),
    ],
)
def test_hostile_info_json(tmp_path: Path, text: str, message: str) -> None:
    """Assert that broken or hostile metadata gives one clear problem, never a traceback."""
    root = make_archive(tmp_path, {CACHE: text, "content/talks/talk-a/cw-wert.md": None})
    assert problems(root) == [message]


def test_huge_description_is_cut() -> None:
    """Assert that a description of megabytes is cut to a sane length."""
    recording, found = recording_from_info(
        {"description": "x" * 3_000_000}, "https://a.example/v", "c"
    )
    assert found == []
    assert recording.description is not None and len(recording.description) == 20_000


def test_answer_beyond_cached_duration(tmp_path: Path) -> None:
    """Assert that the cached duration limits the answers' timestamps."""
    root = make_archive(tmp_path, {CACHE: '{"duration": 200}'})
    assert problems(root) == [
        "content/talks/talk-a/cw-wert.md:7: answer starts at 4:32, after the end of the recording (3:20)",
        "content/talks/talk-a/cw-wert.md:8: answer ends at 6:10, after the end of the recording (3:20)",
    ]


def test_without_cache_youtube_id_comes_from_the_url(tmp_path: Path) -> None:
    """Assert that an uncached YouTube URL still gives platform and video id, but no duration."""
    root = make_archive(
        tmp_path,
        {CACHE: None, "videos.yml": VIDEOS.replace("watch?v=abcdefghijk", "live/abcdefghijk")},
    )
    recording = build_archive(root).talks[0].recording
    assert recording is not None
    assert (recording.platform, recording.video_id, recording.duration) == (
        "youtube",
        "abcdefghijk",
        None,
    )


def test_damaged_mp4_has_no_duration(tmp_path: Path) -> None:
    """Assert that garbage, truncated and empty files give no duration and no exception."""
    cases = [
        b"",
        b"\x00\x00\x00\x01moov",
        b"\xff" * 64,
        b"\x00\x00\x00\x08moov\x00\x00\x00\x10mvhd\x00",
    ]
    for number, data in enumerate(cases):
        path = tmp_path / f"{number}.mp4"
        path.write_bytes(data)
        assert mp4_duration(path) is None


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg makes the real MP4")
def test_real_mp4_duration(tmp_path: Path) -> None:
    """Assert that the duration of a real MP4 is read from its header."""
    path = tmp_path / "x.mp4"
    command = [
        "ffmpeg",
        "-loglevel",
        "error",
        "-f",
        "lavfi",
        "-i",
        "sine=d=7.4",
        "-c:a",
        "aac",
        str(path),
    ]
    subprocess.run(command, check=True)
    assert mp4_duration(path) == 7


def test_sample_recording_duration() -> None:
    """Assert that the committed self-hosted sample recording's header gives its duration."""
    assert mp4_duration(REPO / "media" / "genf-design.mp4") == 330
