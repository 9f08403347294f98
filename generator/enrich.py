"""Stage 3, enrich: join each talk with what is known of its recording. Never uses the network.

Takes `validate.Content` and the archive root; gives Content whose talks carry a `Recording`
(from content/.cache/ for platform URLs, from the file itself for self-hosted media) and the
problems found in the cache. Fields set in videos.yml win over fetched ones.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path, PurePosixPath
from urllib.parse import parse_qs, urlparse

from generator import cache
from generator.errors import Problem
from generator.media import mp4_duration
from generator.models import Recording, Talk
from generator.validate import Content

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_MEDIA_TYPES = (".mp4", ".m4v", ".m4a", ".mov", ".webm", ".ogg", ".ogv", ".mp3", ".opus")


def enrich(content: Content, root: Path) -> Content:
    """Talks with recordings; problems of the cache travel on in `content.problems` to link."""
    problems: list[Problem] = list(content.problems)
    talks = tuple(
        _enrich_talk(t, content.durations.get(t.id), root, problems) for t in content.talks
    )
    return dataclasses.replace(content, talks=talks, problems=tuple(problems))


def _enrich_talk(talk: Talk, duration: int | None, root: Path, problems: list[Problem]) -> Talk:
    if talk.url is None:
        return talk
    recording: Recording | None
    if re.match(r"^https?://", talk.url):
        recording = _platform_recording(talk, root, problems)
    else:
        recording = _file_recording(talk, root, problems)
    if recording is None:
        return talk
    if duration is not None:
        recording = dataclasses.replace(recording, duration=duration)
    return dataclasses.replace(talk, recording=recording)


def _platform_recording(talk: Talk, root: Path, problems: list[Problem]) -> Recording:
    path = cache.info_path(root, talk.id)
    where = path.relative_to(root).as_posix()
    recording = _guess_from_url(talk.url or "")
    if path.is_file():
        info, found = cache.read_info(path, where)
        problems.extend(found)
        if info is not None:
            recording, more = cache.recording_from_info(info, talk.url or "", where)
            problems.extend(more)
    return dataclasses.replace(
        recording,
        url=talk.url or recording.url,
        thumbnail=cache.thumbnail_of(root, talk.id),
        captions=cache.captions_of(root, cache.CACHE_DIR, talk.id, talk.language),
    )


def _guess_from_url(url: str) -> Recording:
    """Without cached metadata: know at least YouTube ids and direct media files."""
    parsed = urlparse(url)
    host = (parsed.hostname or "").removeprefix("www.").removeprefix("m.")
    video_id: str | None = None
    if host in ("youtube.com", "youtube-nocookie.com"):
        video_id = next(iter(parse_qs(parsed.query).get("v", [])), None)
        if video_id is None and parsed.path.startswith(("/live/", "/embed/", "/shorts/")):
            video_id = parsed.path.split("/")[2]
    elif host == "youtu.be":
        video_id = parsed.path.strip("/")
    if video_id and _YOUTUBE_ID.match(video_id):
        return Recording(url=url, platform="youtube", video_id=video_id)
    if PurePosixPath(parsed.path).suffix.lower() in _MEDIA_TYPES:
        return Recording(url=url, platform="direct")
    return Recording(url=url, platform="unknown")


def _file_recording(talk: Talk, root: Path, problems: list[Problem]) -> Recording | None:
    url = talk.url or ""
    path = root / url
    if not path.is_file():
        problems.append(
            Problem(talk.origin.path, talk.line_of("url"), f"recording file not found: {url}")
        )
        return None
    if path.suffix.lower() not in _MEDIA_TYPES:
        problems.append(
            Problem(
                talk.origin.path,
                talk.line_of("url"),
                f"not a media file browsers play: {url} (use .mp4, .webm, .mp3, .ogg)",
            )
        )
        return None
    folder = PurePosixPath(url).parent.as_posix()
    return Recording(
        url=url,
        platform="file",
        duration=mp4_duration(path)
        if path.suffix.lower() in (".mp4", ".m4v", ".m4a", ".mov")
        else None,
        thumbnail=cache.thumbnail_of(root, talk.id),
        captions=cache.captions_of(root, folder, path.stem, talk.language),
        title=talk.title,
    )
