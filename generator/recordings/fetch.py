"""Fetch recording metadata with yt-dlp into the metadata cache: the only module on the network.

Takes a recording URL and the talk's language; `fetch` gives a `Fetched` (the sanitised info
dict, the thumbnail and the captions as bytes) and writes nothing, so a failed fetch leaves the
archive as it was; `store` then writes content/.cache/<id>.* atomically. Only metadata is
fetched, never the video. yt-dlp's info dict is cut down to a whitelist of documented fields:
formats, request headers, cookies and signed URLs never reach the committed cache. Unless the
editor allows it, nothing is fetched from the local network (`net` says which hosts may be
reached).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
import os
import re
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from generator.constants import CACHE_DIR, LANGUAGE
from generator.errors import WunschzeitError
from generator.recordings import cache, net

TEXT_FIELDS = (
    "id", "title", "fulltitle", "uploader", "channel", "channel_url", "webpage_url",
    "original_url", "extractor", "extractor_key", "thumbnail", "language", "live_status",
)  # fmt: skip
NUMBER_FIELDS = ("duration", "release_timestamp", "timestamp")
LIST_FIELDS = ("tags", "categories")
TRACK_FIELDS = ("subtitles", "automatic_captions")  # only the language keys are kept
URL_FIELDS = ("channel_url", "webpage_url", "original_url", "thumbnail")
MAX_TEXT = 2_000
MAX_ITEMS = 100
MAX_IMAGE_BYTES = 10_000_000
MAX_CAPTION_BYTES = 5_000_000
TIMEOUT = 20.0
_IMAGE_TYPES = ((b"\xff\xd8\xff", ".jpg"), (b"\x89PNG\r\n\x1a\n", ".png"))

log = logging.getLogger(__name__)


class FetchError(WunschzeitError):
    """Fetching a recording failed; `reason` says why in a few words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Fetched:
    """What one fetch found; nothing of it is written yet."""

    info: dict[str, Any]
    thumbnail: tuple[str, bytes] | None = None  # (suffix such as ".jpg", image data)
    captions: tuple[str, bytes] | None = None  # (language, WebVTT data)
    notes: tuple[str, ...] = ()  # what was left out and why (no thumbnail, no captions)


def fetch(
    url: str,
    language: str | None,
    *,
    fallback: str | None = None,
    timeout: float = TIMEOUT,
    today: dt.date | None = None,
    allow_private_hosts: bool = False,
    captions_url: str | None = None,
) -> Fetched:
    """Metadata, thumbnail and captions of the recording at `url`; raise FetchError on failure.

    Captions are looked for in `language`, else in the recording's own language, else in
    `fallback`; manual ones first, automatic ones second. Hosts that are not on the public
    internet are refused (before and during the fetch) unless `allow_private_hosts`.
    `captions_url` (videos.yml's `captions:`, WebVTT) is taken instead of the platform's tracks.
    """
    notes: list[str] = []
    if not allow_private_hosts:
        _check_host(url)
        if captions_url:
            _check_host(captions_url)
    with _downloader(timeout) as ydl, net.guard(ydl, allow_private=allow_private_hosts) as refused:
        try:
            raw = _extract(ydl, url)
        except FetchError as error:
            if refused:  # yt-dlp's words for a refused connection say less than ours
                raise FetchError(str(refused[0])) from error
            raise
        info = sanitise(raw, today or dt.datetime.now(dt.UTC).date())
        thumbnail = _thumbnail(ydl, raw, notes)
        wanted = language or info.get("language") or fallback
        # the language names a file (<id>.<language>.vtt): never take an odd one from outside
        usable = wanted if isinstance(wanted, str) and LANGUAGE.match(wanted) else None
        captions = None
        if usable and captions_url:
            captions = _captions_at(ydl, captions_url, usable, notes)
        elif usable:
            captions = _captions(ydl, raw, usable, notes)
    return Fetched(info, thumbnail, captions, tuple(notes))


def _check_host(url: str) -> None:
    try:
        net.check_url(url)
    except net.HostRefused as refused:
        raise FetchError(str(refused)) from None


def store(root: Path, talk_id: str, fetched: Fetched) -> list[str]:
    """Write the fetched files into content/.cache/; give their root-relative paths."""
    folder = root / CACHE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    written = [f"{talk_id}.info.json"]
    if not _same_metadata(folder / written[0], fetched.info):
        write_atomic(folder / written[0], info_text(fetched.info).encode("utf-8"))
    if fetched.thumbnail:
        suffix, data = fetched.thumbnail
        write_atomic(folder / f"{talk_id}{suffix}", data)
        written.append(f"{talk_id}{suffix}")
        for other in cache.THUMBNAIL_TYPES:  # an older thumbnail of another type would win
            if other != suffix:
                (folder / f"{talk_id}{other}").unlink(missing_ok=True)
    if fetched.captions:
        language, data = fetched.captions
        written.append(f"{talk_id}.{language}.vtt")
        write_atomic(folder / written[-1], data)
    return [f"{CACHE_DIR}/{name}" for name in written]


def _same_metadata(path: Path, info: Mapping[str, Any]) -> bool:
    """Whether the cached file says the same but for its fetch stamp: then it stays as it
    is, so a refresh of unchanged recordings leaves the committed cache (and git) alone."""
    try:
        old = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return False
    return isinstance(old, dict) and _unstamped(old) == _unstamped(info)


def _unstamped(info: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in info.items() if key != "_wunschzeit"}


def info_text(info: Mapping[str, Any]) -> str:
    """The info JSON as stored: sorted keys, indented, one trailing newline."""
    return json.dumps(info, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` in one step: a half-written cache file would break every build."""
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def tool_version() -> str:
    from yt_dlp.version import __version__

    return f"yt-dlp {__version__}"


# --- sanitising ------------------------------------------------------------------------------


def sanitise(raw: Mapping[str, Any], today: dt.date) -> dict[str, Any]:
    """Only the whitelisted fields of yt-dlp's info dict, each of the documented type."""
    info: dict[str, Any] = {}
    for key in TEXT_FIELDS:
        if not isinstance(value := raw.get(key), str) or not value.strip():
            continue
        text = _public_url(value, key) if key in URL_FIELDS else value[:MAX_TEXT]
        if text is not None:
            info[key] = text
    for key in NUMBER_FIELDS:
        if (number := _number(raw.get(key))) is not None and 0 <= number < 10**11:
            info[key] = number
    if isinstance(value := raw.get("description"), str):
        info["description"] = value[: cache.MAX_DESCRIPTION]
    if isinstance(value := raw.get("upload_date"), str) and re.fullmatch(r"\d{8}", value):
        info["upload_date"] = value
    if isinstance(value := raw.get("was_live"), bool):
        info["was_live"] = value
    for key in LIST_FIELDS:
        if isinstance(value := raw.get(key), list):
            info[key] = [v[:200] for v in value if isinstance(v, str)][:MAX_ITEMS]
    for key in TRACK_FIELDS:
        if isinstance(value := raw.get(key), dict) and value:
            info[key] = sorted(k for k in value if isinstance(k, str))[:MAX_ITEMS]
    if chapters := _chapters(raw.get("chapters")):
        info["chapters"] = chapters
    info["_wunschzeit"] = {"fetched": today.isoformat(), "tool": tool_version()}
    return info


def _number(value: object) -> int | float | None:
    """A JSON number that is finite; None for anything else (bools included)."""
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return value
    return None


def _public_url(url: str, key: str) -> str | None:
    """The URL without user:password@; a thumbnail also without its (often signed) query."""
    try:
        parts = urlsplit(net.without_credentials(url[:MAX_TEXT]))
    except ValueError:  # such as an unclosed [IPv6 bracket
        return None
    query = "" if key == "thumbnail" else parts.query
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


def _chapters(items: object) -> list[dict[str, Any]]:
    if not isinstance(items, list):
        return []
    chapters = []
    for item in items[: cache.MAX_CHAPTERS]:
        if not isinstance(item, dict):
            continue
        chapter = {
            k: item[k] for k in ("start_time", "end_time") if _number(item.get(k)) is not None
        }
        if isinstance(item.get("title"), str):
            chapter["title"] = item["title"][:300]
        if "start_time" in chapter:
            chapters.append(chapter)
    return chapters


# --- yt-dlp ----------------------------------------------------------------------------------


class _Logger:
    """yt-dlp's messages go to our log instead of the terminal; errors come back as exceptions."""

    def debug(self, message: str) -> None:
        log.debug("%s", message)

    def info(self, message: str) -> None:
        log.debug("%s", message)

    def warning(self, message: str) -> None:
        log.info("%s", message)

    def error(self, message: str) -> None:
        log.debug("%s", message)


@contextmanager
def _downloader(timeout: float) -> Iterator[Any]:
    import yt_dlp

    options = {
        "skip_download": True,
        "noplaylist": True,
        "quiet": True,
        "no_warnings": True,
        "noprogress": True,
        "socket_timeout": timeout,
        "cachedir": False,
        "logger": _Logger(),
        # an upcoming or ended live stream has no formats, but its metadata is what we want
        "ignore_no_formats_error": True,
    }
    with yt_dlp.YoutubeDL(options) as ydl:
        yield ydl


def _extract(ydl: Any, url: str) -> Mapping[str, Any]:
    from yt_dlp.utils import YoutubeDLError

    try:
        raw = ydl.extract_info(url, download=False)
    except YoutubeDLError as exc:
        raise FetchError(reason_of(str(exc))) from exc
    except net.HostRefused as exc:
        raise FetchError(str(exc)) from exc
    except Exception as exc:  # an extractor bug must not end a refresh of many recordings
        raise FetchError(f"yt-dlp failed: {type(exc).__name__}: {str(exc)[:100]}") from exc
    if not isinstance(raw, dict):
        raise FetchError("yt-dlp found no metadata")
    if raw.get("_type") == "playlist":
        raise FetchError("this is a playlist or channel, not one recording")
    return raw


_REASONS = (
    (r"private video|video is private|members[- ]only", "private"),
    (r"in your country|geo[- ]?restrict|geo[- ]?block", "geo-blocked"),
    (r"sign in to confirm|age[- ]restrict|log ?in to|sign in", "needs a login"),
    (r"removed|deleted|terminated|no longer available|unavailable|does not exist", "removed"),
    (r"HTTP Error 404|HTTP Error 410", "removed (not found)"),
    (
        r"timed out|name or service not known|temporary failure in name resolution|"
        r"nodename nor servname|failed to resolve|connection refused|network is unreachable|"
        r"no route to host|connection reset|getaddrinfo",
        "network down",
    ),
    (r"unsupported url", "not a recording yt-dlp knows (unsupported URL)"),
)


def reason_of(message: str) -> str:
    """A short reason from one of yt-dlp's error messages."""
    for pattern, reason in _REASONS:
        if re.search(pattern, message, re.IGNORECASE):
            return reason
    if found := re.search(r"HTTP Error (\d{3})", message):
        return f"HTTP error {found.group(1)}"
    first = (message.strip().splitlines() or [""])[0]
    first = re.sub(r"^(?:ERROR:\s*)?(?:\[[^\]]*\]\s*)?(?:[^\s:]+:\s+)?", "", first)
    return first[:120] or "unknown error"


def _download(ydl: Any, url: str, limit: int) -> bytes:
    """The bytes at `url` through yt-dlp's network stack, at most `limit` of them."""
    with ydl.urlopen(url) as response:
        data: bytes = response.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"larger than {limit} bytes")
    return data


def _thumbnail(ydl: Any, raw: Mapping[str, Any], notes: list[str]) -> tuple[str, bytes] | None:
    url = raw.get("thumbnail")
    if not isinstance(url, str) or not re.match(r"^https?://", url):
        notes.append("no thumbnail: the platform names none")
        return None
    try:
        data = _download(ydl, url, MAX_IMAGE_BYTES)
    except net.HostRefused as exc:
        notes.append(f"no thumbnail: {exc}")
        return None
    except Exception as exc:  # a missing picture is no reason to lose the metadata
        notes.append(f"no thumbnail: {reason_of(str(exc))}")
        return None
    suffix = image_suffix(data)
    if suffix is None:
        notes.append("no thumbnail: the file is no JPEG, PNG or WebP image")
        return None
    return suffix, data


def image_suffix(data: bytes) -> str | None:
    """The file suffix for image data, from its first bytes; None for anything else."""
    for magic, suffix in _IMAGE_TYPES:
        if data.startswith(magic):
            return suffix
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ".webp"
    return None


def caption_keys(tracks: Mapping[str, Any], language: str) -> list[str]:
    """Track keys for `language`: exact, then YouTube's `-orig`, then regional variants."""
    exact = [k for k in (language, f"{language}-orig") if k in tracks]
    regional = sorted(k for k in tracks if k.startswith(f"{language}-") and k not in exact)
    return exact + regional


def _captions(
    ydl: Any, raw: Mapping[str, Any], language: str, notes: list[str]
) -> tuple[str, bytes] | None:
    for kind in TRACK_FIELDS:
        tracks = raw.get(kind)
        if not isinstance(tracks, dict):
            continue
        for key in caption_keys(tracks, language):
            data = _webvtt(ydl, tracks[key])
            if data is not None:
                return language, data
    notes.append(f"no captions in WebVTT for language '{language}'")
    return None


def _captions_at(ydl: Any, url: str, language: str, notes: list[str]) -> tuple[str, bytes] | None:
    """The WebVTT file the editor named, through yt-dlp's guarded network stack."""
    try:
        data = _download(ydl, url, MAX_CAPTION_BYTES)
    except net.HostRefused as exc:
        notes.append(f"no captions: {exc}")
        return None
    except Exception as exc:  # the metadata is worth keeping without them
        notes.append(f"no captions: {reason_of(str(exc))}")
        return None
    if not data.removeprefix(b"\xef\xbb\xbf").startswith(b"WEBVTT"):
        notes.append("no captions: the file at 'captions' is not WebVTT")
        return None
    return language, data


def _webvtt(ydl: Any, formats: object) -> bytes | None:
    for item in formats if isinstance(formats, list) else []:
        if not isinstance(item, dict) or item.get("ext") != "vtt":
            continue
        data: bytes
        if isinstance(item.get("data"), str):
            data = str(item["data"]).encode("utf-8")
        elif isinstance(item.get("url"), str) and not str(item.get("protocol")).startswith("m3u8"):
            try:
                data = _download(ydl, item["url"], MAX_CAPTION_BYTES)
            except Exception:  # try the next track; no captions is no failure
                continue
        else:
            continue
        if data.removeprefix(b"\xef\xbb\xbf").startswith(b"WEBVTT"):
            return data
    return None
