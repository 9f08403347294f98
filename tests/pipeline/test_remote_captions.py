"""A recording on another server with `captions:` in videos.yml: validated, fetched into the
cache by `refresh` (never at build time), and shown as the player's track and the transcript."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.errors import ContentError
from generator.pipeline.generate import build_archive
from generator.recordings import fetch, refresh
from generator.render.outputs import render
from tests.helpers.ondisk import VIDEOS, make_archive

MEDIA = "https://media.example.org/talks/a.mp4"
CAPTIONS = "https://media.example.org/talks/a.de.vtt"
VTT = b"WEBVTT\n\n00:04.000 --> 00:09.000\nWillkommen zum Talk.\n"


def _videos(url: str = MEDIA, captions: str = CAPTIONS) -> str:
    old = "url: https://www.youtube.com/watch?v=abcdefghijk"
    return VIDEOS.replace(old, f"url: {url}\n  captions: {captions}")


def _problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        build_archive(root)
    return [str(p) for p in info.value.problems]


def test_captions_are_read_for_a_recording_on_the_web(tmp_path: Path) -> None:
    """Assert that `captions:` is a known field and becomes the talk's captions_url."""
    root = make_archive(
        tmp_path, {"videos.yml": _videos(), "content/.cache/talk-a.info.json": None}
    )
    assert build_archive(root).talks[0].captions_url == CAPTIONS


@pytest.mark.parametrize(
    ("url", "captions", "message"),
    [
        (MEDIA, "a.de.vtt", "'captions' must be an http(s) address, not 'a.de.vtt'"),
        (
            MEDIA,
            "https://u:pw@media.example.org/a.vtt",
            "'captions' must not contain a user name or password",
        ),
        (
            "media/a.mp4",
            CAPTIONS,
            "'captions' is for a recording on the web; captions of a file in the archive lie "
            "next to it (media/<name>.<language>.vtt)",
        ),
    ],
)
def test_bad_captions_are_refused(tmp_path: Path, url: str, captions: str, message: str) -> None:
    """Assert that captions must be a web address without credentials, for a web recording."""
    files = {"videos.yml": _videos(url, captions), "content/.cache/talk-a.info.json": None}
    if not url.startswith("http"):
        files["media/a.mp4"] = "x"
    assert _problems(make_archive(tmp_path, files)) == [f"videos.yml:4: {message}"]


class _FakeYoutubeDL:
    """yt-dlp reading a media file on a web server, and the server's other files."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files
        self.opened: list[str] = []

    def extract_info(self, url: str, download: bool) -> dict[str, Any]:
        return {
            "id": "a",
            "title": "a",
            "extractor_key": "Generic",
            "duration": 600,
            "webpage_url": url,
        }

    def urlopen(self, url: str) -> io.BytesIO:
        self.opened.append(url)
        if url not in self.files:
            raise OSError("HTTP Error 404: Not Found")
        return io.BytesIO(self.files[url])


def _fake_downloader(monkeypatch: pytest.MonkeyPatch, files: dict[str, bytes]) -> _FakeYoutubeDL:
    ydl = _FakeYoutubeDL(files)

    @contextlib.contextmanager
    def downloader(timeout: float) -> Iterator[_FakeYoutubeDL]:
        yield ydl

    monkeypatch.setattr(fetch, "_downloader", downloader)
    return ydl


def test_refresh_fetches_the_captions_and_the_talk_page_shows_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Assert that refresh stores the captions as <id>.<language>.vtt, and the build (offline)
    gives the remote file the <video> player with that track and a transcript."""
    root = make_archive(
        tmp_path, {"videos.yml": _videos(), "content/.cache/talk-a.info.json": None}
    )
    ydl = _fake_downloader(monkeypatch, {CAPTIONS: VTT})
    targets = refresh.targets(root)
    assert [(t.id, t.captions) for t in targets] == [("talk-a", CAPTIONS)]
    assert refresh.refresh_all(root, targets, allow_private_hosts=True) == []
    assert ydl.opened == [CAPTIONS]
    assert (root / "content/.cache/talk-a.de.vtt").read_bytes() == VTT
    archive = build_archive(root)
    recording = archive.talks[0].recording
    assert recording is not None and (recording.platform, recording.captions) == (
        "direct",
        "content/.cache/talk-a.de.vtt",
    )
    page = str(render(archive)["talks/talk-a.md"])
    assert f'<video class="wz-video" controls preload="none" src="{MEDIA}"' in page
    assert '<track kind="captions" src="../../media/talk-a.de.vtt" srclang="de"' in page
    assert "Willkommen zum Talk." in page


def test_captions_that_are_no_webvtt_are_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Assert that a captions URL giving no WebVTT keeps the metadata and writes no captions."""
    _fake_downloader(monkeypatch, {CAPTIONS: b"<html>not found</html>"})
    fetched = fetch.fetch(MEDIA, "de", captions_url=CAPTIONS, allow_private_hosts=True)
    assert (fetched.captions, fetched.notes[-1]) == (
        None,
        "no captions: the file at 'captions' is not WebVTT",
    )
    _fake_downloader(monkeypatch, {})
    fetched = fetch.fetch(MEDIA, "de", captions_url=CAPTIONS, allow_private_hosts=True)
    assert (fetched.captions, fetched.notes[-1]) == (None, "no captions: removed (not found)")


def test_captions_on_the_local_network_are_refused(tmp_path: Path) -> None:
    """Assert that a captions URL on a private address is refused before anything is fetched."""
    with pytest.raises(fetch.FetchError) as error:
        fetch.fetch(
            MEDIA.replace("media.example.org", "93.184.216.34"),
            "de",
            captions_url="http://10.0.0.1/a.vtt",
        )
    assert "10.0.0.1 is a private address" in error.value.reason
