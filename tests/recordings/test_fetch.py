"""Fetching and caching recording metadata: sanitising, storing, captions, platform fixtures."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import io
import json
from pathlib import Path
from typing import Any

import pytest

from generator.errors import ContentError
from generator.pipeline.generate import build_archive, generate
from generator.recordings import fetch, platforms
from generator.recordings.cache import read_info, recording_from_info
from generator.site.build import build_site
from tests.helpers.ondisk import QUESTION, VIDEOS, make_archive
from tests.helpers.paths import FIXTURES

FIXTURES = FIXTURES / "info"
TODAY = dt.date(2026, 11, 25)


def fixture(name: str) -> dict[str, Any]:
    info, problems = read_info(FIXTURES / f"{name}.info.json", name)
    assert problems == [] and info is not None
    return info


RAW = {
    "id": "abc",
    "title": "Titel",
    "description": "x" * 50_000,
    "duration": 330.0,
    "upload_date": "20130305",
    "webpage_url": "https://user:secret@example.org/v/abc",
    "thumbnail": "https://img.example.org/abc.jpg?signature=s3cr3t&expires=1",
    "extractor": "generic",
    "extractor_key": "Generic",
    "formats": [{"url": "https://cdn.example.org/abc.mp4?token=s3cr3t"}],
    "http_headers": {"Cookie": "session=s3cr3t"},
    "cookies": "session=s3cr3t",
    "requested_subtitles": {"de": {"url": "https://example.org/de.vtt"}},
    "subtitles": {"de": [{"url": "https://example.org/de.vtt", "ext": "vtt"}]},
    "automatic_captions": {"en": [], 5: []},
    "tags": ["a", 7, "b"],
    "was_live": "yes",
    "timestamp": float("nan"),
    "chapters": [
        {"start_time": 0, "end_time": 60, "title": "Eins", "extra": 1},
        {"title": "ohne Start"},
        "kaputt",
    ],
}


def test_sanitise_keeps_only_whitelisted_fields() -> None:
    """Assert that formats, headers and cookies are dropped and only documented fields stay."""
    info = fetch.sanitise(RAW, TODAY)
    assert sorted(info) == [
        "_wunschzeit", "automatic_captions", "chapters", "description", "duration", "extractor",
        "extractor_key", "id", "subtitles", "tags", "thumbnail", "title", "upload_date",
        "webpage_url",
    ]  # fmt: skip
    assert "s3cr3t" not in fetch.info_text(info)


def test_sanitise_values() -> None:
    """Assert that URLs lose credentials and signed queries, text is capped, tracks are keys."""
    info = fetch.sanitise(RAW, TODAY)
    assert info["webpage_url"] == "https://example.org/v/abc"
    assert info["thumbnail"] == "https://img.example.org/abc.jpg"
    assert len(info["description"]) == 20_000
    assert (info["subtitles"], info["automatic_captions"], info["tags"]) == (
        ["de"],
        ["en"],
        ["a", "b"],
    )
    assert info["chapters"] == [{"start_time": 0, "end_time": 60, "title": "Eins"}]
    assert info["_wunschzeit"] == {"fetched": "2026-11-25", "tool": fetch.tool_version()}


def test_info_text_is_deterministic() -> None:
    """Assert that the stored JSON has sorted keys, an indent of 2 and a trailing newline."""
    text = fetch.info_text({"b": 1, "a": {"d": "ä", "c": 2}})
    assert text == '{\n  "a": {\n    "c": 2,\n    "d": "ä"\n  },\n  "b": 1\n}\n'


def test_store_writes_cache_files(tmp_path: Path) -> None:
    """Assert that store writes info JSON, thumbnail and captions and removes older thumbnails."""
    (tmp_path / "content/.cache").mkdir(parents=True)
    (tmp_path / "content/.cache/t.png").write_bytes(b"old")
    fetched = fetch.Fetched(
        info={"id": "abc", "title": "T"},
        thumbnail=(".jpg", b"\xff\xd8\xffjpeg"),
        captions=("de", b"WEBVTT\n"),
    )
    written = fetch.store(tmp_path, "t", fetched)
    assert written == [
        "content/.cache/t.info.json",
        "content/.cache/t.jpg",
        "content/.cache/t.de.vtt",
    ]
    assert sorted(p.name for p in (tmp_path / "content/.cache").iterdir()) == [
        "t.de.vtt",
        "t.info.json",
        "t.jpg",
    ]
    assert (tmp_path / "content/.cache/t.info.json").read_text() == fetch.info_text(fetched.info)


def test_store_keeps_unchanged_metadata_as_it_is(tmp_path: Path) -> None:
    """Assert that a new fetch stamp alone does not rewrite the cached info JSON."""
    first = {"id": "abc", "title": "T", "_wunschzeit": {"fetched": "2026-11-24"}}
    fetch.store(tmp_path, "t", fetch.Fetched(info=first))
    fetch.store(
        tmp_path, "t", fetch.Fetched(info={**first, "_wunschzeit": {"fetched": "2026-11-25"}})
    )
    path = tmp_path / "content/.cache/t.info.json"
    assert path.read_text() == fetch.info_text(first)
    fetch.store(
        tmp_path,
        "t",
        fetch.Fetched(info={**first, "title": "Neu", "_wunschzeit": {"fetched": "2026-11-26"}}),
    )
    assert '"title": "Neu"' in path.read_text() and "2026-11-26" in path.read_text()


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        ("ERROR: [youtube] abc: Private video. Sign in if you've been granted access", "private"),
        (
            "ERROR: [youtube] abc: The uploader has not made this video available in your country",
            "geo-blocked",
        ),
        ("ERROR: [youtube] abc: Video unavailable. This video has been removed", "removed"),
        (
            "ERROR: [generic] talk: Unable to download webpage: HTTP Error 404: File not found",
            "removed (not found)",
        ),
        (
            "ERROR: [generic] x: Unable to download webpage: <urlopen error [Errno -3] "
            "Temporary failure in name resolution>",
            "network down",
        ),
        ("ERROR: [vimeo] 1: Unable to download JSON: timed out", "network down"),
        (
            "ERROR: Unsupported URL: https://example.org/",
            "not a recording yt-dlp knows (unsupported URL)",
        ),
        ("ERROR: [vimeo] 1: HTTP Error 503: Service Unavailable", "removed"),
        ("ERROR: [x] 1: HTTP Error 500: Internal", "HTTP error 500"),
        ("ERROR: [x] 1: Something odd happened\nTraceback ...", "Something odd happened"),
    ],
)
def test_reason_of_download_errors(message: str, reason: str) -> None:
    """Assert that yt-dlp's error messages become short reasons."""
    assert fetch.reason_of(message) == reason


def test_caption_keys_prefer_exact_language() -> None:
    """Assert that captions are looked for in the exact language, then -orig, then regions."""
    tracks = {"en": [], "de-DE": [], "de-orig": [], "de": [], "de-AT": []}
    assert fetch.caption_keys(tracks, "de") == ["de", "de-orig", "de-AT", "de-DE"]


class FakeDownloader:
    """Stands in for yt_dlp.YoutubeDL.urlopen: serves bytes from a dict by URL."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files

    def urlopen(self, url: str) -> io.BytesIO:
        if url not in self.files:
            raise OSError("HTTP Error 404: Not Found")
        return io.BytesIO(self.files[url])


def test_captions_manual_before_automatic() -> None:
    """Assert that manual captions win over automatic ones and non-VTT tracks are skipped."""
    raw = {
        "subtitles": {"de": [{"ext": "srt", "url": "u/srt"}, {"ext": "vtt", "url": "u/manual"}]},
        "automatic_captions": {"de": [{"ext": "vtt", "url": "u/auto"}]},
    }
    ydl = FakeDownloader({"u/manual": b"WEBVTT\n\nmanual", "u/auto": b"WEBVTT\n\nauto"})
    notes: list[str] = []
    assert fetch._captions(ydl, raw, "de", notes) == ("de", b"WEBVTT\n\nmanual")
    del ydl.files["u/manual"]
    assert fetch._captions(ydl, raw, "de", notes) == ("de", b"WEBVTT\n\nauto")
    assert fetch._captions(ydl, raw, "fr", notes) is None
    assert notes == ["no captions in WebVTT for language 'fr'"]


def test_thumbnail_must_be_an_image() -> None:
    """Assert that a thumbnail is kept only when its bytes are JPEG, PNG or WebP."""
    ydl = FakeDownloader({"https://i/a": b"\x89PNG\r\n\x1a\nrest", "https://i/b": b"<html>"})
    notes: list[str] = []
    assert fetch._thumbnail(ydl, {"thumbnail": "https://i/a"}, notes) == (
        ".png",
        b"\x89PNG\r\n\x1a\nrest",
    )
    assert fetch._thumbnail(ydl, {"thumbnail": "https://i/b"}, notes) is None
    assert fetch._thumbnail(ydl, {"thumbnail": "https://i/c"}, notes) is None
    assert notes == [
        "no thumbnail: the file is no JPEG, PNG or WebP image",
        "no thumbnail: removed (not found)",
    ]


PLATFORMS = [
    # name, platform, video id, duration, jump at 272 s, embed at 272 s
    (
        "youtube",
        "youtube",
        "WzFixture01",
        1834,
        "https://www.youtube.com/watch?v=WzFixture01&t=272s",
        "https://www.youtube-nocookie.com/embed/WzFixture01?start=272",
    ),
    (
        "vimeo",
        "vimeo",
        "123456789",
        1200,
        "https://vimeo.com/123456789#t=272s",
        "https://player.vimeo.com/video/123456789#t=272s",
    ),
    (
        "peertube",
        "peertube",
        "9c9de5e8-0a1e-484a-b099-e80766180a6d",
        2400,
        "https://peertube.example.org/videos/watch/9c9de5e8-0a1e-484a-b099-e80766180a6d?start=272",
        "https://peertube.example.org/videos/embed/9c9de5e8-0a1e-484a-b099-e80766180a6d?start=272",
    ),
    (
        "ccc",
        "ccc",
        "12345",
        3600,
        "https://media.ccc.de/v/wz13-1234-fragen-an-die-aerodynamik#t=272",
        "https://media.ccc.de/v/wz13-1234-fragen-an-die-aerodynamik/oembed#t=272",
    ),
    (
        "archiveorg",
        "archiveorg",
        "wunschzeit-genf-2013",
        1500,
        "https://archive.org/details/wunschzeit-genf-2013?start=272",
        "https://archive.org/embed/wunschzeit-genf-2013?start=272",
    ),
    (
        "dailymotion",
        "dailymotion",
        "x8abcde",
        900,
        "https://www.dailymotion.com/video/x8abcde?start=272",
        "https://geo.dailymotion.com/player.html?video=x8abcde&startTime=272",
    ),
    (
        "direct",
        "direct",
        "genf-talk",
        1330,
        "https://media.example.org/talks/genf-talk.mp4#t=272",
        "https://media.example.org/talks/genf-talk.mp4#t=272",
    ),
]


@pytest.mark.parametrize(("name", "platform", "video_id", "duration", "jump", "embed"), PLATFORMS)
def test_platform_fixtures(
    name: str, platform: str, video_id: str, duration: int, jump: str, embed: str
) -> None:
    """Assert that each platform's info JSON gives platform, id, duration, jump and embed URLs."""
    recording, problems = recording_from_info(fixture(name), "https://x.example/", name)
    assert problems == []
    assert (recording.platform, recording.video_id, recording.duration) == (
        platform,
        video_id,
        duration,
    )
    assert platforms.jump_url(recording, 272) == jump
    assert platforms.embed_url(recording, 272) == embed


def test_fixture_chapters_from_yt_dlp() -> None:
    """Assert that yt-dlp's chapters are read with their ends."""
    recording, _ = recording_from_info(fixture("youtube"), "", "y")
    assert [(c.title, c.start.seconds, c.end and c.end.seconds) for c in recording.chapters] == [
        ("Begrüßung", 0, 272),
        ("cw-Wert und Reichweite", 272, 1200),
        ("Verabschiedung", 1200, 1834),
    ]


def archive_with(tmp_path: Path, info: dict[str, Any] | str, url: str) -> Path:
    text = info if isinstance(info, str) else json.dumps(info)
    videos = VIDEOS.replace("https://www.youtube.com/watch?v=abcdefghijk", url)
    return make_archive(tmp_path, {"content/.cache/talk-a.info.json": text, "videos.yml": videos})


def test_enrich_takes_chapters_from_the_description(tmp_path: Path) -> None:
    """Assert that without yt-dlp chapters the description's timestamp lines become chapters."""
    root = archive_with(tmp_path, fixture("vimeo"), "https://vimeo.com/123456789")
    recording = build_archive(root).talks[0].recording
    assert recording is not None
    assert [(c.title, c.start.seconds, c.end and c.end.seconds) for c in recording.chapters] == [
        ("Welcome", 0, 185),
        ("Cell chemistry", 185, 760),
        ("Charging at home", 760, 1200),
    ]


UNKNOWN_LENGTH = (
    "length of the recording unknown (no `duration` here and none in cached metadata), so "
    "answers after its end go unnoticed; run `wunschzeit refresh talk-a` or set `duration` "
    "(e.g. duration: 1:02:03)"
)


def test_generic_page_warns_about_missing_jump_links(tmp_path: Path) -> None:
    """Assert that a recording on a plain web page builds, with a warning on videos.yml."""
    info = {"extractor_key": "Generic", "webpage_url": "https://example.org/talk.html"}
    archive = build_archive(archive_with(tmp_path, info, "https://example.org/talk.html"))
    assert [str(w) for w in archive.warnings] == [
        f"videos.yml:3: {UNKNOWN_LENGTH}",
        "videos.yml:3: no jump links to the second on platform 'example.org': links open the recording at its start",
    ]


def test_uncached_urls_are_recognised(tmp_path: Path) -> None:
    """Assert that well-known URLs give platform and id even before anything is fetched."""
    cases = {
        "https://vimeo.com/76979871": ("vimeo", "76979871"),
        "https://www.dailymotion.com/video/x8abcde": ("dailymotion", "x8abcde"),
        "https://media.ccc.de/v/wz13-1-talk": ("ccc", "wz13-1-talk"),
        "https://archive.org/details/wz-genf": ("archiveorg", "wz-genf"),
        "https://tube.example.org/w/kkGMgK9ZtnKfYAgnEtQxbv": ("peertube", "kkGMgK9ZtnKfYAgnEtQxbv"),
        "https://example.org/talk.mp4": ("direct", None),
    }
    for url, expected in cases.items():
        root = make_archive(
            tmp_path / expected[0],
            {
                "content/.cache/talk-a.info.json": None,
                "videos.yml": VIDEOS.replace("https://www.youtube.com/watch?v=abcdefghijk", url),
            },
        )
        recording = build_archive(root).talks[0].recording
        assert recording is not None
        assert (recording.platform, recording.video_id) == expected


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"duration": "30 min"}, "metadata field 'duration' has the wrong type"),
        ({"extractor_key": 5}, "metadata field 'extractor_key' has the wrong type"),
        (
            {"chapters": [{"start_time": 5000, "title": "Zu spät"}]},
            "chapter 1 is not usable (needs title and start_time within the duration)",
        ),
        ({"upload_date": 20130305}, "metadata field 'upload_date' has the wrong type"),
    ],
)
def test_hostile_fixture_gives_clear_error(
    tmp_path: Path, change: dict[str, Any], message: str
) -> None:
    """Assert that a damaged platform fixture fails the build with one clear message."""
    info = {**fixture("dailymotion"), **change}
    root = archive_with(tmp_path, info, "https://www.dailymotion.com/video/x8abcde")
    with pytest.raises(ContentError) as error:
        build_archive(root)
    assert [str(p) for p in error.value.problems] == [
        f"content/.cache/talk-a.info.json:1: {message}"
    ]


def test_missing_fields_and_huge_description_still_build(tmp_path: Path) -> None:
    """Assert that an info JSON with almost nothing, or megabytes of description, still builds."""
    for info in ({}, {"description": "0:00 a\n" * 400_000, "duration": 900}):
        root = archive_with(tmp_path, info, "https://www.youtube.com/watch?v=abcdefghijk")
        recording = build_archive(root).talks[0].recording
        assert recording is not None and recording.platform == "youtube"


def test_built_talk_pages_jump_into_every_platform(tmp_path: Path) -> None:
    """Assert that the built talk page of each platform links the answer at its second."""
    videos, files = "", {}
    for name, *_ in PLATFORMS:
        info = fixture(name)
        videos += f"- id: talk-{name}\n  url: {info['webpage_url']}\n  experts: [anna]\n"
        files[f"content/.cache/talk-{name}.info.json"] = json.dumps(info)
        files[f"content/talks/talk-{name}/frage.md"] = QUESTION
    root = make_archive(
        tmp_path,
        {"videos.yml": videos, **files, "content/.cache/talk-a.info.json": None,
         "content/talks/talk-a/cw-wert.md": None},
    )  # fmt: skip
    generate(root)
    build_site(root)
    for name, _, _, _, jump, _ in PLATFORMS:
        page = (root / "site" / "talks" / f"talk-{name}" / "index.html").read_text("utf-8")
        assert f'href="{html.escape(jump)}"' in page, name


def test_unknown_uncached_url_suggests_refresh(tmp_path: Path) -> None:
    """Assert that an unknown, uncached recording URL builds with a warning naming the fix."""
    videos = VIDEOS.replace("https://www.youtube.com/watch?v=abcdefghijk", "https://x.example/v/1")
    root = make_archive(tmp_path, {"content/.cache/talk-a.info.json": None, "videos.yml": videos})
    assert [str(w) for w in build_archive(root).warnings] == [
        f"videos.yml:3: {UNKNOWN_LENGTH}",
        "videos.yml:3: recording on an unknown platform and no cached metadata: links open it at "
        "its start; run `wunschzeit refresh talk-a`",
    ]


def test_jump_links_replace_an_old_time() -> None:
    """Assert that a start time already in the editor's URL is replaced, not doubled."""
    peertube, _ = recording_from_info(fixture("peertube"), "", "p")
    vimeo, _ = recording_from_info(fixture("vimeo"), "", "v")
    peertube = dataclasses.replace(peertube, url=peertube.url + "?start=10&a=1")
    vimeo = dataclasses.replace(vimeo, url="https://vimeo.com/123456789#t=10s")
    assert platforms.jump_url(peertube, 272).endswith("6d?a=1&start=272")
    assert platforms.jump_url(vimeo, 272) == "https://vimeo.com/123456789#t=272s"
