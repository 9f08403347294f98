"""Per platform: the link that opens a recording at a second, and the embeddable player URL.

Each platform is one small function in `_JUMPS` / `_EMBEDS`, keyed on `Recording.platform`
(yt-dlp's extractor key in lower case, or "file" for a self-hosted media file). A platform
without an entry gets the plain recording URL and no embed.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable

from generator.models import Recording

_NAMES = {
    "youtube": "YouTube",
    "vimeo": "Vimeo",
    "peertube": "PeerTube",
    "ccc": "media.ccc.de",
    "archiveorg": "archive.org",
    "dailymotion": "Dailymotion",
}


def _published(path: str) -> str:
    """Files under the archive's media/ keep their place (no two can collide); others,
    such as captions from content/.cache/, go straight into media/."""
    return path if path.startswith("media/") else f"media/{posixpath.basename(path)}"


def media_path(recording: Recording) -> str:
    """Where a self-hosted file lives in site_src/: `media/<path below media/>`."""
    return _published(recording.url)


def captions_path(recording: Recording) -> str | None:
    """Where the recording's WebVTT captions live in site_src/, if it has any."""
    if not recording.captions:
        return None
    return _published(recording.captions)


def platform_name(recording: Recording) -> str:
    """The name readers know the platform by, e.g. `YouTube`."""
    return _NAMES.get(recording.platform, recording.platform)


def _youtube_jump(recording: Recording, seconds: int, page_depth: int) -> str:
    if not recording.video_id:
        return recording.url
    return f"https://www.youtube.com/watch?v={recording.video_id}&t={seconds}s"


def _youtube_embed(recording: Recording, seconds: int) -> str | None:
    if not recording.video_id:
        return None
    return f"https://www.youtube-nocookie.com/embed/{recording.video_id}?start={seconds}"


def _file_jump(recording: Recording, seconds: int, page_depth: int) -> str:
    # A media fragment (`#t=`) makes browsers start the file there when it is opened directly.
    return f"{'../' * page_depth}{media_path(recording)}#t={seconds}"


def _file_embed(recording: Recording, seconds: int) -> str | None:
    return f"{media_path(recording)}#t={seconds}"


Jump = Callable[[Recording, int, int], str]
Embed = Callable[[Recording, int], "str | None"]

_JUMPS: dict[str, Jump] = {"youtube": _youtube_jump, "file": _file_jump}
_EMBEDS: dict[str, Embed] = {"youtube": _youtube_embed, "file": _file_embed}


def jump_url(recording: Recording, seconds: int, page_depth: int = 0) -> str:
    """The URL opening `recording` at `seconds`.

    `page_depth` is how many folders below site_src/ the linking page is, so that a
    self-hosted file gets a correct relative Markdown link (`../media/x.mp4#t=272`).
    """
    jump = _JUMPS.get(recording.platform)
    return jump(recording, seconds, page_depth) if jump else recording.url


def recording_url(recording: Recording, page_depth: int = 0) -> str:
    """The URL of the whole recording: the platform page, or the relative media file."""
    if recording.platform == "file":
        return f"{'../' * page_depth}{media_path(recording)}"
    return recording.url


def embed_url(recording: Recording, seconds: int = 0) -> str | None:
    """The player URL starting at `seconds`, or None where the platform has no known player."""
    embed = _EMBEDS.get(recording.platform)
    return embed(recording, seconds) if embed else None
