"""Tests for generator.recordings.platforms: the registry, recognition, jump and embed URLs."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from generator.constants import package_data
from generator.models import Recording
from generator.pipeline.generate import build_archive, generate
from generator.recordings import platforms
from generator.recordings.cache import read_info, recording_from_info
from tests.helpers.archive_factory import make_file_recording, make_recording
from tests.helpers.ondisk import VIDEOS, make_archive
from tests.helpers.paths import FIXTURES


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


def test_registry_holds_each_platform_once() -> None:
    """Assert that every platform of the registry has its own key and is found by it."""
    keys = [platform.key for platform in platforms.PLATFORMS]
    assert len(keys) == len(set(keys))
    assert all(platforms.platform(key).key == key for key in keys)
    assert platforms.platform("soundcloud") == platforms.Platform("soundcloud", "soundcloud")


def test_every_privacy_player_has_a_seek_adapter_in_the_script() -> None:
    """Assert that each `Platform.seek` names an adapter of EMBEDS in wunschzeit.js."""
    script = package_data("assets", "wunschzeit.js").read_text(encoding="utf-8")
    block = script.split("var EMBEDS = {\n", 1)[1].split("\n  };\n", 1)[0]
    adapters = set(re.findall(r"^    (\w+): \{$", block, flags=re.MULTILINE))
    seeks = {p.seek for p in platforms.PLATFORMS if p.player}
    assert seeks == adapters == {"youtube", "vimeo", "peertube"}
    assert all(p.seek for p in platforms.PLATFORMS if p.player)


@pytest.mark.parametrize(
    ("url", "platform", "video_id"),
    [
        ("https://www.youtube.com/watch?v=abcdefghijk&t=5", "youtube", "abcdefghijk"),
        ("https://m.youtube.com/shorts/abcdefghijk", "youtube", "abcdefghijk"),
        ("https://www.youtube-nocookie.com/embed/abcdefghijk/", "youtube", "abcdefghijk"),
        ("https://youtu.be/abcdefghijk", "youtube", "abcdefghijk"),
        ("https://youtu.be/too-short", "unknown", None),
        ("https://www.youtube.com/watch?v=abcdefghijk.mp4", "unknown", None),
        ("https://youtu.be/talk.MP4", "direct", None),
        ("https://player.vimeo.com/video/76979871?h=1", "vimeo", "76979871"),
        ("https://vimeo.com/showcase/1", "unknown", None),
        ("https://dai.ly/x8abcde", "dailymotion", "x8abcde"),
        ("https://www.dailymotion.com/video/x8abcde.mp4", "direct", None),
        ("https://archive.org/embed/wz-genf", "archiveorg", "wz-genf"),
        ("https://media.ccc.de/v/wz13-1-talk/oembed", "ccc", "wz13-1-talk"),
        ("https://tube.example.org/videos/watch/9c9de5e8-0a1e", "peertube", "9c9de5e8-0a1e"),
        ("https://example.org/w/short", "unknown", None),
    ],
)
def test_urls_are_recognised_without_metadata(
    url: str, platform: str, video_id: str | None
) -> None:
    """Assert that a URL alone gives platform and id; a media file wins over a page's path."""
    assert platforms.recognise(url) == Recording(url=url, platform=platform, video_id=video_id)


@pytest.mark.parametrize(
    ("extractor_key", "url", "platform"),
    [
        ("Youtube", "https://youtu.be/x", "youtube"),
        ("YoutubeTab", "https://www.youtube.com/@x", "youtube"),
        ("CCC", "https://media.ccc.de/v/x", "ccc"),
        ("media.ccc.de", "https://media.ccc.de/v/x", "ccc"),
        ("ArchiveOrg", "https://archive.org/details/x", "archiveorg"),
        ("PeerTube", "https://tube.example.org/w/x", "peertube"),
        ("Generic", "https://media.example.org/talk.WebM", "direct"),
        ("HTML5MediaEmbed", "https://example.org/talk.html", "generic"),
        ("SoundCloud", "https://soundcloud.com/x", "soundcloud"),
    ],
)
def test_extractor_keys_name_our_platform(extractor_key: str, url: str, platform: str) -> None:
    """Assert that yt-dlp's extractor key (or `extractor` name) maps onto our platform key."""
    assert platforms.platform_of(extractor_key, url) == platform


def test_web_pages_are_named_by_their_host() -> None:
    """Assert that a media file or page on the web is named by its host, known ones by name."""
    page = make_recording(url="https://media.example.org/a.mp4", platform="direct")
    assert platforms.platform_name(page) == "media.example.org"
    ccc = make_recording(url="https://media.ccc.de/v/x", platform="ccc")
    assert platforms.platform_name(ccc) == "media.ccc.de"
    assert platforms.platform_name(make_file_recording()) == "file"


def test_privacy_player_consent_is_per_peertube_instance() -> None:
    """Assert that PeerTube consent is asked per instance, YouTube consent once."""
    tube = make_recording(url="https://tube.example.org/w/abcdefgh", platform="peertube")
    assert platforms.privacy_player(tube) == platforms.Embed(
        "peertube",
        "https://tube.example.org/videos/embed/abc123XYZ_-?api=1&p2p=0",
        "peertube-tube.example.org",
    )
    youtube = platforms.privacy_player(make_recording())
    assert youtube is not None and youtube.consent_key == "youtube"
    assert platforms.privacy_player(make_recording(platform="dailymotion")) is None


TWITCH_VOD = "https://www.twitch.tv/videos/123456789"


def _twitch_info() -> dict[str, Any]:
    info, problems = read_info(FIXTURES / "info/twitch.info.json", "t")
    assert problems == [] and info is not None
    return info


def test_twitch_vod_from_yt_dlp_jumps_with_hours_minutes_seconds() -> None:
    """Assert that a Twitch VOD's info JSON gives platform, id, name and `t=1h2m3s` links."""
    recording, problems = recording_from_info(_twitch_info(), "", "twitch")
    assert problems == []
    assert (recording.platform, recording.video_id, recording.duration) == (
        "twitch",
        "v123456789",
        5400,
    )
    assert platforms.platform_name(recording) == "Twitch"
    assert platforms.jump_url(recording, 3723) == f"{TWITCH_VOD}?t=1h2m3s"
    assert platforms.jump_url(recording, 272) == f"{TWITCH_VOD}?t=0h4m32s"
    assert platforms.recording_url(recording) == TWITCH_VOD


def test_twitch_has_no_embed_without_the_sites_host() -> None:
    """Assert that Twitch, whose player needs `parent=<site host>`, is linked, never embedded."""
    recording = make_recording(url=TWITCH_VOD, platform="twitch", video_id="v123456789")
    assert platforms.embed_url(recording, 272) is None
    assert platforms.privacy_player(recording) is None


@pytest.mark.parametrize(
    "url",
    [
        TWITCH_VOD,
        "https://m.twitch.tv/nordwerk/v/123456789",
        "https://www.twitch.tv/nordwerk/video/123456789?t=5m10s",
        "https://go.twitch.tv/videos/123456789/",
        "https://player.twitch.tv/?video=v123456789&parent=example.org",
    ],
)
def test_twitch_urls_are_recognised_without_metadata(url: str) -> None:
    """Assert that Twitch VOD URLs give platform and id, and jump to the canonical page."""
    recording = platforms.recognise(url)
    assert (recording.platform, recording.video_id) == ("twitch", "123456789")
    assert platforms.jump_url(recording, 3723) == f"{TWITCH_VOD}?t=1h2m3s"


@pytest.mark.parametrize(
    "url", ["https://www.twitch.tv/nordwerk", "https://www.twitch.tv/nordwerk/clip/Abc-1"]
)
def test_twitch_channels_and_clips_are_no_vods(url: str) -> None:
    """Assert that a live channel or a clip is not taken for a VOD."""
    assert platforms.recognise(url).platform == "unknown"


@pytest.mark.parametrize(
    ("extractor_key", "platform"),
    [
        ("TwitchVod", "twitch"),
        ("twitch:vod", "twitch"),
        ("TwitchClips", "twitchclips"),
        ("TwitchStream", "twitchstream"),
    ],
)
def test_twitch_extractor_keys(extractor_key: str, platform: str) -> None:
    """Assert that only yt-dlp's VOD extractor (key or `extractor` name) means Twitch."""
    assert platforms.platform_of(extractor_key, TWITCH_VOD) == platform


def test_twitch_talk_page_links_the_answer_at_its_second(tmp_path: Path) -> None:
    """Assert that a generated talk page links a Twitch answer at `t=` without a warning."""
    root = make_archive(
        tmp_path,
        {
            "videos.yml": VIDEOS.replace("https://www.youtube.com/watch?v=abcdefghijk", TWITCH_VOD),
            "content/.cache/talk-a.info.json": json.dumps(_twitch_info()),
        },
    )
    assert build_archive(root).warnings == ()
    generate(root)
    page = (root / "site_src" / "talks" / "talk-a.md").read_text(encoding="utf-8")
    assert f'href="{TWITCH_VOD}?t=0h4m32s" data-wz-seek="272">▶ 4:32 – 6:10</a>' in page
    assert f"[Aufzeichnung auf Twitch ansehen]({TWITCH_VOD}){{: .wz-watch }}" in page
