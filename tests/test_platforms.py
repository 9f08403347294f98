"""Tests for generator.recordings.platforms: jump links and embed URLs per platform."""

from __future__ import annotations

from archive_factory import make_file_recording, make_recording

from generator.recordings import platforms


def test_youtube_jump_url_has_seconds() -> None:
    """Assert that a YouTube jump link opens the watch page at the second."""
    recording = make_recording(video_id="abc")
    assert platforms.jump_url(recording, 272) == "https://www.youtube.com/watch?v=abc&t=272s"


def test_youtube_embed_url_uses_nocookie_domain() -> None:
    """Assert that the YouTube player URL uses youtube-nocookie.com and start=."""
    recording = make_recording(video_id="abc")
    assert platforms.embed_url(recording, 272) == (
        "https://www.youtube-nocookie.com/embed/abc?start=272"
    )


def test_youtube_without_video_id_falls_back_to_url() -> None:
    """Assert that a YouTube recording without an id links to its plain URL and has no embed."""
    recording = make_recording(url="https://youtu.be/x", video_id=None)
    assert platforms.jump_url(recording, 5) == "https://youtu.be/x"
    assert platforms.embed_url(recording, 5) is None


def test_file_jump_url_is_relative_media_fragment() -> None:
    """Assert that a self-hosted file jumps via a `#t=` media fragment relative to the page."""
    recording = make_file_recording(url="media/genf.mp4")
    assert platforms.jump_url(recording, 272) == "media/genf.mp4#t=272"
    assert platforms.jump_url(recording, 272, page_depth=1) == "../media/genf.mp4#t=272"
    assert platforms.embed_url(recording, 61) == "media/genf.mp4#t=61"


def test_file_paths_in_site_src() -> None:
    """Assert that files under media/ keep their place (no collisions) and others go to media/."""
    recording = make_file_recording(url="media/sub/a.mp4", captions="media/sub/a.de.vtt")
    assert platforms.media_path(recording) == "media/sub/a.mp4"
    assert platforms.captions_path(recording) == "media/sub/a.de.vtt"
    cached = make_file_recording(url="media/b.mp4", captions="content/.cache/b.de.vtt")
    assert platforms.captions_path(cached) == "media/b.de.vtt"
    assert platforms.captions_path(make_file_recording()) is None


def test_unknown_platform_gets_plain_url_and_no_embed() -> None:
    """Assert that a platform without an entry links to its URL without a time."""
    recording = make_recording(url="https://example.org/v/1", platform="somewhere")
    assert platforms.jump_url(recording, 272) == "https://example.org/v/1"
    assert platforms.embed_url(recording, 272) is None
    assert platforms.platform_name(recording) == "somewhere"


def test_platform_name_for_youtube() -> None:
    """Assert that YouTube is named the way readers know it."""
    assert platforms.platform_name(make_recording()) == "YouTube"
