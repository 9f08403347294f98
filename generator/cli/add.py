"""`wunschzeit add URL --id ID`: fetch a recording's metadata and append its talk to videos.yml.

Takes the command's arguments; fetches with `fetch` (not for a media file in the archive such as
media/talk.mp4, nor with `--no-fetch`), fills content/.cache/, then has `videos_yml` append one
entry as text, so the editor's comments, order and formatting stay exactly as they were.
Nothing is written when the id is taken, an argument is wrong or fetching fails; when the
network is down, the message suggests `--no-fetch`. A user name and password in the URL are
removed (videos.yml and the site are public); hosts in the local network are refused unless
`--allow-private-hosts`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
from pathlib import Path, PurePosixPath
from typing import Any

from generator.cli.common import Command
from generator.cli.console import err as _err
from generator.cli.console import out as _out
from generator.cli.console import status as _status
from generator.constants import LANGUAGE, MEDIA_TYPES, SLUG, VIDEOS
from generator.errors import ContentError, Problem, UsageError, WunschzeitError
from generator.recordings import fetch, net, videos_yml
from generator.recordings.platforms import platform_of
from generator.site.config import read_settings
from generator.timestamps import TimestampError, parse_timestamp

_LOCAL = re.compile(r"^[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)*$")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "url", metavar="URL", help="address of the recording, or a file such as media/talk.mp4"
    )
    parser.add_argument(
        "--id", required=True, dest="talk_id", metavar="ID", help="id of the new talk"
    )
    parser.add_argument("--event", metavar="E", help="id of the event (content/events/<id>.md)")
    parser.add_argument(
        "--expert",
        action="append",
        default=[],
        dest="experts",
        metavar="X",
        help="id of an expert (content/experts/<id>.md); repeat for several",
    )
    parser.add_argument("--date", metavar="D", help="day the talk was live, e.g. 2013-03-05")
    parser.add_argument("--title", metavar="T", help="title in the archive (default: fetched)")
    parser.add_argument("--language", metavar="L", help="language of the talk, e.g. de")
    parser.add_argument(
        "--duration",
        metavar="DUR",
        help="length of the recording, e.g. 1:02:03, 12:30 or 750 (seconds); wins over fetched",
    )
    parser.add_argument(
        "--no-fetch",
        action="store_true",
        help="append the entry without the network (nothing fetched or cached); "
        "`wunschzeit refresh ID` fetches the metadata later",
    )
    allow_private_hosts_option(parser)


def allow_private_hosts_option(parser: argparse.ArgumentParser) -> None:
    """The option of add and refresh that lets them fetch from the local network."""
    parser.add_argument(
        net.ALLOW_OPTION,
        action="store_true",
        help="also fetch from loopback, private and link-local addresses (refused by default)",
    )


def run(args: argparse.Namespace) -> int:
    root = Path(args.root)
    entry = _without_credentials(entry_from_args(args))
    _check_new_id(root, entry["id"])
    fetched: fetch.Fetched | None = None
    default_language = read_settings(root).language
    if is_web_url(entry["url"]) and not args.no_fetch:
        try:
            with _status(f"Fetching metadata of {entry['url']}"):
                fetched = fetch.fetch(
                    entry["url"],
                    entry.get("language"),
                    fallback=default_language,
                    allow_private_hosts=args.allow_private_hosts,
                )
        except fetch.FetchError as error:
            hint = _offline_hint(error, entry["id"])
            _err(f"{entry['url']}: {error.reason}; nothing was written{hint}")
            return 1
        entry = _completed(entry, fetched.info)
    elif not is_web_url(entry["url"]):
        _check_media_file(root, entry["url"])
    entry.setdefault("language", default_language)
    videos = videos_yml.appended(root, entry)
    written = fetch.store(root, entry["id"], fetched) if fetched else []
    videos_yml.write(root, videos)
    for note in fetched.notes if fetched else ():
        _err(f"{entry['id']}: {note}")
    _out(f"added talk '{entry['id']}' to {VIDEOS}")
    for path in written:
        _out(f"cached {path}")
    if args.no_fetch and is_web_url(entry["url"]):
        _out(
            f"nothing fetched: once online, `wunschzeit refresh {entry['id']}` caches its metadata"
        )
    return 0


def _offline_hint(error: fetch.FetchError, talk_id: str) -> str:
    """Without the network, the entry can still be added; its metadata can follow later."""
    if error.reason != "network down":  # fetch.reason_of's words for no connection at all
        return ""
    return (
        "; to add the talk offline, repeat the command with --no-fetch "
        "(and --title, --date, --duration as known), then run "
        f"`wunschzeit refresh {talk_id}` once online"
    )


def is_web_url(url: str) -> bool:
    return re.match(r"^https?://[^\s/]+\S*$", url) is not None


def entry_from_args(args: argparse.Namespace) -> dict[str, Any]:
    """The new videos.yml entry from the arguments, in the order editors write them."""
    entry: dict[str, Any] = {"id": _slug("--id", args.talk_id)}
    if args.title is not None:
        entry["title"] = _title(args.title)
    entry["url"] = _url(args.url)
    if args.date is not None:
        entry["date"] = _date(args.date)
    if args.event is not None:
        entry["event"] = _slug("--event", args.event)
    if args.experts:
        entry["experts"] = list(dict.fromkeys(_slug("--expert", x) for x in args.experts))
    if args.language is not None:
        if not LANGUAGE.match(args.language):
            raise UsageError(f"--language must be a code like de or en, not {args.language!r}")
        entry["language"] = args.language
    if args.duration is not None:
        entry["duration"] = _duration(args.duration)
    return entry


def _without_credentials(entry: dict[str, Any]) -> dict[str, Any]:
    """The entry without a user name and password in its URL, which would be published."""
    url = net.without_credentials(entry["url"])
    if url == entry["url"]:
        return entry
    _err(f"{entry['id']}: removed the user name and password from the URL (it is published)")
    return {**entry, "url": url}


def _slug(option: str, value: str) -> str:
    if not SLUG.match(value):
        raise UsageError(f"{option} must be an id of a-z, 0-9 and '-', not {value!r}")
    return value


def _title(value: str) -> str:
    title = " ".join(value.split())
    if not title:
        raise UsageError("--title must not be empty")
    return title


def _url(value: str) -> str:
    if is_web_url(value):
        return value
    if _LOCAL.match(value) and ".." not in value.split("/"):
        return value
    raise UsageError(
        f"URL must be an http(s) address or a media file in the archive such as media/talk.mp4, not {value!r}"
    )


def _duration(value: str) -> str:
    """The duration as the editor wrote it, once it is known to be one."""
    try:
        parse_timestamp(value)
    except TimestampError:
        message = f"--duration must be a length like 1:02:03, 12:30 or 750 (seconds), not {value!r}"
        raise UsageError(message) from None
    return value.strip()


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--date must be a date like 2013-03-05, not {value!r}") from None


def _check_new_id(root: Path, talk_id: str) -> None:
    taken = videos_yml.find(videos_yml.entries(root), talk_id)
    if taken is not None:
        message = f"talk id '{talk_id}' is taken; choose another --id"
        raise ContentError([Problem(VIDEOS, taken.line_of("id"), message)])


def _check_media_file(root: Path, url: str) -> None:
    path = root / url
    if PurePosixPath(url).suffix.lower() not in MEDIA_TYPES:
        raise WunschzeitError(
            f"{url}: not a media file browsers play (use .mp4, .webm, .mp3, .ogg)"
        )
    if not path.is_file():
        raise WunschzeitError(f"{url}: no such file in the archive; copy the recording there first")


def _completed(entry: dict[str, Any], info: dict[str, Any]) -> dict[str, Any]:
    """Date and language the editor left out, taken from the fetched metadata."""
    done = dict(entry)
    day = live_date(info)
    page = str(info.get("webpage_url", ""))
    # a media file's date is its Last-Modified header, not the day the talk was live
    direct = platform_of(str(info.get("extractor_key", "")), page) == "direct"
    if "date" not in done and day is not None and not direct:
        done["date"] = day
    language = info.get("language")
    if "language" not in done and isinstance(language, str) and LANGUAGE.match(language):
        done["language"] = language
    return done


def live_date(info: dict[str, Any]) -> dt.date | None:
    """When the recording was live (or else uploaded), as a UTC day."""
    stamp = info.get("release_timestamp")
    if isinstance(stamp, int | float) and not isinstance(stamp, bool):
        return dt.datetime.fromtimestamp(stamp, dt.UTC).date()
    upload = info.get("upload_date")
    if isinstance(upload, str) and re.fullmatch(r"\d{8}", upload):
        try:
            return dt.datetime.strptime(upload, "%Y%m%d").date()
        except ValueError:
            return None
    return None


COMMAND = Command(
    "add",
    "fetch a recording's metadata with yt-dlp and append the talk to videos.yml",
    add_arguments,
    run,
)
