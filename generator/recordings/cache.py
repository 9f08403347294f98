"""The metadata cache in content/.cache/: sanitised yt-dlp info JSON per talk, and its files.

Takes a talk id and the archive root; gives what the cache holds as a `Recording`, or the
problems of a damaged file. yt-dlp JSON is outside data: every field is checked for type and
range before it is used; nothing here touches the network.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

# `as`: re-exported, cli/add.py takes both from here
from generator.constants import CACHE_DIR
from generator.constants import MEDIA_TYPES as MEDIA_TYPES
from generator.errors import Problem
from generator.models import Chapter, Recording
from generator.recordings.platforms import platform_of
from generator.timestamps import Timestamp

THUMBNAIL_TYPES = (".jpg", ".jpeg", ".png", ".webp")
MAX_INFO_BYTES = 5_000_000
MAX_DESCRIPTION = 20_000
MAX_CHAPTERS = 500


def info_path(root: Path, talk_id: str) -> Path:
    return root / CACHE_DIR / f"{talk_id}.info.json"


def thumbnail_of(
    root: Path, talk_id: str, is_file: Callable[[str], bool] | None = None
) -> str | None:
    """The cached thumbnail of a talk as a root-relative path, if there is one.

    `is_file` answers for a root-relative path (enrich asks the fingerprint's listing).
    """
    is_file = is_file or (lambda where: (root / where).is_file())
    for suffix in THUMBNAIL_TYPES:
        if is_file(f"{CACHE_DIR}/{talk_id}{suffix}"):
            return f"{CACHE_DIR}/{talk_id}{suffix}"
    return None


def captions_of(
    root: Path, folder: str, stem: str, language: str, is_file: Callable[[str], bool] | None = None
) -> str | None:
    """`<stem>.<language>.vtt` or `<stem>.vtt` in `folder` (root-relative), if there."""
    is_file = is_file or (lambda where: (root / where).is_file())
    for name in (f"{stem}.{language}.vtt", f"{stem}.vtt"):
        if is_file(f"{folder}/{name}"):
            return f"{folder}/{name}"
    return None


def read_info(path: Path, where: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Parse an info JSON file; a damaged file gives a problem, never an exception."""
    try:
        with path.open("rb") as stream:  # the limit holds while reading: a FIFO has no size
            data = stream.read(MAX_INFO_BYTES + 1)
        if len(data) > MAX_INFO_BYTES:
            return None, [Problem(where, 1, f"metadata file is too large ({len(data)} bytes)")]
        info = json.loads(data.decode("utf-8"))
    except OSError as exc:
        return None, [Problem(where, 1, f"cannot be read: {exc.strerror}")]
    except UnicodeDecodeError:
        return None, [Problem(where, 1, "metadata file is not UTF-8")]
    except json.JSONDecodeError as exc:
        return None, [Problem(where, exc.lineno, f"metadata file is not valid JSON: {exc.msg}")]
    except RecursionError:
        return None, [Problem(where, 1, "metadata file is nested too deeply")]
    if not isinstance(info, dict):
        return None, [Problem(where, 1, "metadata file must hold a JSON object")]
    return info, []


def recording_from_info(
    info: dict[str, Any], url: str, where: str
) -> tuple[Recording, list[Problem]]:
    """Build a Recording from yt-dlp's fields; wrong types are reported and left out."""
    problems: list[Problem] = []

    def field(key: str, kind: type | tuple[type, ...]) -> Any:
        value = info.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, kind):
            problems.append(Problem(where, 1, f"metadata field '{key}' has the wrong type"))
            return None
        return value

    duration = field("duration", (int, float))
    if duration is not None and not 0 <= duration < 10**7:
        problems.append(Problem(where, 1, f"metadata field 'duration' is out of range: {duration}"))
        duration = None
    seconds = round(duration) if duration is not None else None
    key = field("extractor_key", str) or field("extractor", str) or "generic"
    description = field("description", str)
    page = field("webpage_url", str) or url
    recording = Recording(
        url=page,
        platform=platform_of(key, page),
        video_id=_text_id(field("id", (str, int))),
        title=(field("title", str) or "").strip()[:500] or None,
        duration=seconds,
        upload_date=_upload_date(field("upload_date", str), where, problems),
        chapters=_chapters(field("chapters", list), seconds, where, problems),
        description=description[:MAX_DESCRIPTION] if description else None,
    )
    return recording, problems


def _text_id(value: object) -> str | None:
    return str(value)[:200] if value is not None else None


def _upload_date(value: str | None, where: str, problems: list[Problem]) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.datetime.strptime(value, "%Y%m%d").date()
    except ValueError:
        problems.append(
            Problem(where, 1, f"metadata field 'upload_date' is no date: {value[:20]!r}")
        )
        return None


def _chapters(
    items: list[Any] | None, duration: int | None, where: str, problems: list[Problem]
) -> tuple[Chapter, ...]:
    chapters = []
    for index, item in enumerate((items or [])[:MAX_CHAPTERS], start=1):
        chapter = _chapter(item, duration)
        if chapter is None:
            problems.append(
                Problem(
                    where,
                    1,
                    f"chapter {index} is not usable (needs title and start_time within the duration)",
                )
            )
        else:
            chapters.append(chapter)
    return tuple(sorted(chapters, key=lambda c: (c.start, c.title)))


def _chapter(item: object, duration: int | None) -> Chapter | None:
    if not isinstance(item, dict):
        return None
    start, end, title = _seconds(item.get("start_time")), item.get("end_time"), item.get("title")
    if not isinstance(title, str) or start is None or (end is not None and _seconds(end) is None):
        return None
    if duration is not None and start > duration:
        return None
    stop = _seconds(end)
    end_stamp = Timestamp(stop) if stop is not None and stop > start else None
    return Chapter(title=title.strip()[:300] or "–", start=Timestamp(start), end=end_stamp)


def _seconds(value: object) -> int | None:
    """Whole seconds from a JSON number in a sane range, else None."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value < 10**7:
        return None
    return int(value)
