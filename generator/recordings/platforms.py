"""Every video platform as one `Platform` record in `PLATFORMS`, and the questions asked of it.

Takes a `Recording` (or, before anything is fetched, its URL; or yt-dlp's extractor key); gives
the platform's key and name, the link that opens the recording at a second, the player URL for
JSON-LD and the privacy-mode player that `wunschzeit.js` loads after consent. A platform not in
`PLATFORMS` (yt-dlp knows a thousand) is named by its key, linked by its plain URL, never
embedded. Adding a platform is one entry here, plus a seek adapter in wunschzeit.js for a player.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import (
    ParseResult,
    parse_qs,
    parse_qsl,
    quote,
    urlencode,
    urlparse,
    urlsplit,
    urlunsplit,
)

from generator.constants import MEDIA_TYPES
from generator.models import Recording

Jump = Callable[[Recording, int, int], str]
EmbedUrl = Callable[[Recording, int], "str | None"]
PlayerUrl = Callable[[Recording], "str | None"]


@dataclass(frozen=True)
class Address:
    """A platform URL known without metadata: on `hosts` (none: any host; without `www.` and
    `m.`), `pattern` matches the path, or the first value of the query parameter `query`.
    Group 1 is the video id."""

    hosts: tuple[str, ...]
    pattern: str
    query: str | None = None


@dataclass(frozen=True)
class Embed:
    """A platform's privacy-mode player: its URL without the start second, and whom to ask."""

    kind: str  # how wunschzeit.js talks to it: the key of its adapter in EMBEDS
    url: str
    consent_key: str  # consent is remembered per platform (per instance for PeerTube)


@dataclass(frozen=True)
class Platform:
    """All that is known of one video platform; `key` is what `Recording.platform` holds."""

    key: str
    name: str | None  # as readers know it; None: by the host of the recording's URL
    addresses: tuple[Address, ...] = ()  # URLs recognised before anything is fetched
    media_files: bool = False  # URLs naming a file of MEDIA_TYPES are this platform's
    extractors: tuple[str, ...] = ()  # yt-dlp extractor key prefixes, lower case, no `.` `:`
    self_hosted: bool = False  # a file of the archive, published under media/
    jump: Jump | None = None  # the link at a second; None: the plain URL, at the start
    embed: EmbedUrl | None = None  # the player at a second, for JSON-LD's embedUrl
    player: PlayerUrl | None = None  # the privacy-mode player, loaded after consent
    seek: str | None = None  # the wunschzeit.js adapter that starts and seeks `player`
    consent_per_host: bool = False  # each instance is a party of its own (PeerTube)


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


def _youtube_jump(recording: Recording, seconds: int, page_depth: int) -> str:
    if not recording.video_id:
        return recording.url
    return f"https://www.youtube.com/watch?v={recording.video_id}&t={seconds}s"


def _youtube_embed(recording: Recording, seconds: int) -> str | None:
    if not recording.video_id:
        return None
    return f"https://www.youtube-nocookie.com/embed/{recording.video_id}?start={seconds}"


def _youtube_player(recording: Recording) -> str | None:
    if not recording.video_id:
        return None
    return f"https://www.youtube-nocookie.com/embed/{recording.video_id}?enablejsapi=1&rel=0"


def _file_jump(recording: Recording, seconds: int, page_depth: int) -> str:
    # A media fragment (`#t=`) makes browsers start the file there when it is opened directly.
    return f"{'../' * page_depth}{media_path(recording)}#t={seconds}"


def _file_embed(recording: Recording, seconds: int) -> str | None:
    return f"{media_path(recording)}#t={seconds}"


def _vimeo_jump(recording: Recording, seconds: int, page_depth: int) -> str:
    return _with_fragment(recording.url, f"t={seconds}s")


def _vimeo_embed(recording: Recording, seconds: int) -> str | None:
    if not (recording.video_id or "").isdigit():
        return None
    return f"https://player.vimeo.com/video/{recording.video_id}#t={seconds}s"


def _vimeo_player(recording: Recording) -> str | None:
    if not (recording.video_id or "").isdigit():
        return None
    return f"https://player.vimeo.com/video/{recording.video_id}?dnt=1"


def _start_jump(recording: Recording, seconds: int, page_depth: int) -> str:
    # PeerTube, archive.org and Dailymotion pages read the start second from `?start=`.
    return _with_query(recording.url, "start", seconds)


def _peertube_embed(recording: Recording, seconds: int) -> str | None:
    parts = urlsplit(recording.url)
    if not recording.video_id or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}/videos/embed/{recording.video_id}?start={seconds}"


def _peertube_player(recording: Recording) -> str | None:
    host = urlsplit(recording.url).netloc
    if not recording.video_id or not host:
        return None
    # p2p=0: without it the embed shares the reader's IP address with other viewers.
    return f"https://{host}/videos/embed/{recording.video_id}?api=1&p2p=0"


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


def _twitch_jump(recording: Recording, seconds: int, page_depth: int) -> str:
    # yt-dlp gives the id as `v<digits>`, a URL only the digits; Twitch reads `t=1h2m3s`
    digits = (recording.video_id or "").removeprefix("v")
    if not (digits.isascii() and digits.isdigit()):
        return recording.url
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    return f"https://www.twitch.tv/videos/{digits}?t={hour}h{minute}m{second}s"


_YOUTUBE = ("youtube.com", "youtube-nocookie.com")
_YOUTUBE_ID = r"([A-Za-z0-9_-]{11})"
_WEB_PAGE = ("generic", "html5mediaembed")  # yt-dlp reading any page, or a media file on it

# In order: the first platform an address or extractor key fits is the one. A media file is
# "direct" wherever it is; PeerTube comes after every platform with hosts, as it fits any host.
PLATFORMS: tuple[Platform, ...] = (
    Platform(
        "youtube",
        "YouTube",
        addresses=(
            Address(_YOUTUBE, rf"^{_YOUTUBE_ID}$", query="v"),
            Address(_YOUTUBE, rf"^/(?:live|embed|shorts)/{_YOUTUBE_ID}(?:/|$)"),
            Address(("youtu.be",), rf"^/*{_YOUTUBE_ID}/*$"),
        ),
        extractors=("youtube",),
        jump=_youtube_jump,
        embed=_youtube_embed,
        player=_youtube_player,
        seek="youtube",
    ),
    Platform(
        "direct",
        None,
        media_files=True,
        extractors=_WEB_PAGE,
        jump=_fragment_jump,
        embed=_direct_embed,
    ),
    Platform(
        "vimeo",
        "Vimeo",
        addresses=(Address(("vimeo.com", "player.vimeo.com"), r"^/(?:video/)?(\d+)(?:/|$)"),),
        extractors=("vimeo",),
        jump=_vimeo_jump,
        embed=_vimeo_embed,
        player=_vimeo_player,
        seek="vimeo",
    ),
    Platform(
        "dailymotion",
        "Dailymotion",
        addresses=(
            Address(("dailymotion.com",), r"^/video/([a-zA-Z0-9]+)"),
            Address(("dai.ly",), r"^/([a-zA-Z0-9]+)$"),
        ),
        extractors=("dailymotion",),
        jump=_dailymotion_jump,
        embed=_dailymotion_embed,
    ),
    Platform(
        "ccc",
        "media.ccc.de",
        addresses=(Address(("media.ccc.de",), r"^/v/([^/]+)"),),
        extractors=("ccc", "mediacccde"),  # extractor_key, or `extractor` when that is missing
        jump=_fragment_jump,
        embed=_ccc_embed,
    ),
    Platform(
        "archiveorg",
        "archive.org",
        addresses=(Address(("archive.org",), r"^/(?:details|embed)/([^/]+)"),),
        extractors=("archiveorg",),
        jump=_start_jump,
        embed=_archiveorg_embed,
    ),
    # No embed: Twitch's player refuses to load without `parent=<the site's host>`, which
    # neither JSON-LD's embedUrl nor the privacy-mode player here is given.
    Platform(
        "twitch",
        "Twitch",
        addresses=(
            Address(
                ("twitch.tv", "go.twitch.tv"), r"^/(?:[^/]+/v(?:ideo)?|videos)/([0-9]+)(?:/|$)"
            ),
            Address(("player.twitch.tv",), r"^v?([0-9]+)$", query="video"),
        ),
        extractors=("twitchvod",),  # not clips, collections or live streams
        jump=_twitch_jump,
    ),
    Platform(
        "peertube",
        "PeerTube",
        addresses=(Address((), r"^/(?:w|videos/watch|videos/embed)/([0-9A-Za-z-]{8,})/?$"),),
        extractors=("peertube",),
        jump=_start_jump,
        embed=_peertube_embed,
        player=_peertube_player,
        seek="peertube",
        consent_per_host=True,
    ),
    Platform("file", None, self_hosted=True, jump=_file_jump, embed=_file_embed),
    Platform("generic", None, extractors=_WEB_PAGE),  # a web page: links open it at the start
    Platform("unknown", None),  # a URL recognised by nothing, with no metadata fetched yet
)
_BY_KEY = {platform.key: platform for platform in PLATFORMS}


def platform(key: str) -> Platform:
    """The platform `Recording.platform` names; one we know nothing of is named by its key."""
    return _BY_KEY.get(key) or Platform(key, key)


def platform_of(extractor_key: str, url: str) -> str:
    """Our platform key for a yt-dlp extractor key, e.g. "Youtube" → "youtube", "CCC" → "ccc".

    yt-dlp's generic extractor reads any web page; a direct link to a media file plays with
    a time fragment ("direct"), any other page is just a page ("generic").
    """
    key = extractor_key.lower().replace(".", "").replace(":", "")
    path = urlsplit(url).path
    for candidate in PLATFORMS:
        if key.startswith(candidate.extractors) and (
            not candidate.media_files or _names_media_file(path)
        ):
            return candidate.key
    return key


def recognise(url: str) -> Recording:
    """Without cached metadata: know the platform (and id) from well-known addresses."""
    parsed = urlparse(url)
    host = (parsed.hostname or "").removeprefix("www.").removeprefix("m.")
    for candidate in PLATFORMS:
        if candidate.media_files and _names_media_file(parsed.path):
            return Recording(url=url, platform=candidate.key)
        for address in candidate.addresses:
            found = _match(address, host, parsed)
            if found:
                return Recording(url=url, platform=candidate.key, video_id=found.group(1))
    return Recording(url=url, platform="unknown")


def _names_media_file(path: str) -> bool:
    return PurePosixPath(path).suffix.lower() in MEDIA_TYPES


def _match(address: Address, host: str, parsed: ParseResult) -> re.Match[str] | None:
    if address.hosts and host not in address.hosts:
        return None
    if address.query is None:
        return re.match(address.pattern, parsed.path)
    value = next(iter(parse_qs(parsed.query).get(address.query, [])), None)
    return re.match(address.pattern, value) if value is not None else None


def platform_name(recording: Recording) -> str:
    """The name readers know the platform by, e.g. `YouTube`, or the host of a web page."""
    name = platform(recording.platform).name
    if name is None:
        return urlsplit(recording.url).hostname or recording.platform
    return name


def jump_url(recording: Recording, seconds: int, page_depth: int = 0) -> str:
    """The URL opening `recording` at `seconds`.

    `page_depth` is how many folders below site_src/ the linking page is, so that a
    self-hosted file gets a correct relative Markdown link (`../media/x.mp4#t=272`).
    """
    jump = platform(recording.platform).jump
    return jump(recording, seconds, page_depth) if jump else recording.url


def recording_url(recording: Recording, page_depth: int = 0) -> str:
    """The URL of the whole recording: the platform page, or the relative media file."""
    if platform(recording.platform).self_hosted:
        return f"{'../' * page_depth}{media_path(recording)}"
    return recording.url


def embed_url(recording: Recording, seconds: int = 0) -> str | None:
    """The player URL starting at `seconds`, or None where the platform has no known player."""
    embed = platform(recording.platform).embed
    return embed(recording, seconds) if embed else None


def privacy_player(recording: Recording) -> Embed | None:
    """The privacy-mode player of `recording`, or None where no embed is known."""
    found = platform(recording.platform)
    url = found.player(recording) if found.player else None
    if url is None or found.seek is None:
        return None
    consent_key = found.key
    if found.consent_per_host:
        consent_key = f"{found.key}-{urlsplit(recording.url).netloc}"
    return Embed(found.seek, url, consent_key)
