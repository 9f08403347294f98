"""Per platform: the link that opens a recording at a second, and the embeddable player URL.

Each platform is one small function in `_JUMPS` / `_EMBEDS`, keyed on `Recording.platform`
(see `cache.platform_of`: "youtube", "vimeo", "peertube", "ccc", "archiveorg", "dailymotion",
"direct" for a media file on the web, or "file" for a self-hosted one). A platform without an
entry gets the plain recording URL and no embed.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from generator.models import Recording

_NAMES = {
    "youtube": "YouTube",
    "vimeo": "Vimeo",
    "peertube": "PeerTube",
    "ccc": "media.ccc.de",
    "archiveorg": "archive.org",
    "dailymotion": "Dailymotion",
}

# a media file or web page somewhere: readers know it by its host, e.g. `media.example.org`
_WEB_PAGES = ("direct", "generic", "unknown")


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
    if recording.platform in _WEB_PAGES:
        return urlsplit(recording.url).hostname or recording.platform
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


def _with_query(url: str, key: str, seconds: int) -> str:
    """`url` with `key=<seconds>` in its query (an old value replaced) and no fragment."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != key]
    query.append((key, str(seconds)))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def _with_fragment(url: str, fragment: str) -> str:
    """`url` with its fragment replaced, e.g. a media fragment `t=272`."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, fragment))


def _vimeo_jump(recording: Recording, seconds: int, page_depth: int) -> str:
    return _with_fragment(recording.url, f"t={seconds}s")


def _vimeo_embed(recording: Recording, seconds: int) -> str | None:
    if not (recording.video_id or "").isdigit():
        return None
    return f"https://player.vimeo.com/video/{recording.video_id}#t={seconds}s"


def _start_jump(recording: Recording, seconds: int, page_depth: int) -> str:
    # PeerTube, archive.org and Dailymotion pages read the start second from `?start=`.
    return _with_query(recording.url, "start", seconds)


def _peertube_embed(recording: Recording, seconds: int) -> str | None:
    parts = urlsplit(recording.url)
    if not recording.video_id or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}/videos/embed/{recording.video_id}?start={seconds}"


def _fragment_jump(recording: Recording, seconds: int, page_depth: int) -> str:
    # media.ccc.de's player and browsers playing a media file read `#t=`.
    return _with_fragment(recording.url, f"t={seconds}")


def _ccc_embed(recording: Recording, seconds: int) -> str | None:
    found = re.match(r"^/v/([^/]+)", urlsplit(recording.url).path)
    return f"https://media.ccc.de/v/{found.group(1)}/oembed#t={seconds}" if found else None


def _archiveorg_embed(recording: Recording, seconds: int) -> str | None:
    if not recording.video_id:
        return None
    return f"https://archive.org/embed/{quote(recording.video_id)}?start={seconds}"


def _dailymotion_jump(recording: Recording, seconds: int, page_depth: int) -> str:
    # dai.ly short links redirect and drop the query: link the canonical page instead
    if not recording.video_id:
        return _with_query(recording.url, "start", seconds)
    return f"https://www.dailymotion.com/video/{quote(recording.video_id)}?start={seconds}"


def _dailymotion_embed(recording: Recording, seconds: int) -> str | None:
    if not recording.video_id:
        return None
    return f"https://geo.dailymotion.com/player.html?video={quote(recording.video_id)}&startTime={seconds}"


def _direct_embed(recording: Recording, seconds: int) -> str | None:
    return _with_fragment(recording.url, f"t={seconds}")


Jump = Callable[[Recording, int, int], str]
Embed = Callable[[Recording, int], "str | None"]

_JUMPS: dict[str, Jump] = {
    "youtube": _youtube_jump,
    "file": _file_jump,
    "vimeo": _vimeo_jump,
    "peertube": _start_jump,
    "ccc": _fragment_jump,
    "archiveorg": _start_jump,
    "dailymotion": _dailymotion_jump,
    "direct": _fragment_jump,
}
_EMBEDS: dict[str, Embed] = {
    "youtube": _youtube_embed,
    "file": _file_embed,
    "vimeo": _vimeo_embed,
    "peertube": _peertube_embed,
    "ccc": _ccc_embed,
    "archiveorg": _archiveorg_embed,
    "dailymotion": _dailymotion_embed,
    "direct": _direct_embed,
}


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
