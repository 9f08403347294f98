"""Refreshing and checking the metadata cache in content/.cache/ for the talks of videos.yml.

Takes the archive; `targets` are its talks as far as the cache is concerned. `refresh_all` re-fetches the recordings with web URLs
concurrently (a small thread pool; yt-dlp waits on the network, not the CPU) and stores what
arrives; a recording that fails keeps its old cache and gives `<id>: <reason>`.
`check_cache` checks every file in content/.cache/ without network and gives the problems as
`path:line: message`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import webvtt

from generator.constants import CACHE_DIR, SLUG, VIDEOS
from generator.errors import Problem
from generator.recordings import cache, fetch, videos_yml

WORKERS = 4
ALLOWED_FIELDS = frozenset(
    (
        *fetch.TEXT_FIELDS, *fetch.NUMBER_FIELDS, *fetch.LIST_FIELDS, *fetch.TRACK_FIELDS,
        "description", "upload_date", "was_live", "chapters", "_wunschzeit",
    )
)  # fmt: skip
_CUE = re.compile(r"^(?:\d+:)?\d{2}:\d{2}\.\d{3} --> (?:\d+:)?\d{2}:\d{2}\.\d{3}(?:\s.*)?$")


@dataclass(frozen=True)
class Target:
    """What refreshing needs of one videos.yml entry: its id names the cache files."""

    id: str
    url: str | None
    language: str
    line: int
    captions: str | None = None  # videos.yml's `captions:`, WebVTT on the web

    @property
    def on_the_web(self) -> bool:
        return self.url is not None and _on_the_web(self.url)


def _on_the_web(url: str) -> bool:
    return re.match(r"^https?://", url) is not None


def targets(root: Path) -> list[Target]:
    """The talks of videos.yml whose id can name cache files; a broken videos.yml stops here."""
    found = []
    for entry in videos_yml.entries(root):
        talk_id, url = entry.get("id"), entry.get("url")
        if isinstance(talk_id, str) and SLUG.match(talk_id):
            url = url if isinstance(url, str) else None
            captions = entry.get("captions")
            captions = captions if isinstance(captions, str) and _on_the_web(captions) else None
            language = videos_yml.language_of(entry)
            found.append(Target(talk_id, url, language, entry.line, captions))
    return found


# --- online ----------------------------------------------------------------------------------


def refresh_all(
    root: Path,
    targets: Sequence[Target],
    advance: Callable[[], None] = lambda: None,
    *,
    allow_private_hosts: bool = False,
) -> list[str]:
    """Fetch every target; store what arrives; give `<id>: <reason>` per failure, sorted.

    `advance` is called once per finished target (for a progress bar); hosts in the local
    network are refused unless `allow_private_hosts`.
    """
    failures = []
    fetch_one = functools.partial(fetch.fetch, allow_private_hosts=allow_private_hosts)
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futures = {
            pool.submit(fetch_one, t.url or "", t.language, captions_url=t.captions): t
            for t in targets
        }
        for future in as_completed(futures):
            talk = futures[future]
            try:
                fetch.store(root, talk.id, future.result())
            except fetch.FetchError as error:
                failures.append(f"{talk.id}: {error.reason}")
            except OSError as error:
                failures.append(f"{talk.id}: cannot write the cache: {error.strerror}")
            advance()
    return sorted(failures)


# --- offline ---------------------------------------------------------------------------------


def check_cache(
    root: Path, talks: Sequence[Target], selected: Sequence[Target]
) -> tuple[int, list[Problem]]:
    """Check the cache files of the selected talks; give (files checked, problems)."""
    known = {t.id for t in talks}
    folder = root / CACHE_DIR
    problems: list[Problem] = []
    for talk in selected:
        if talk.on_the_web and not cache.info_path(root, talk.id).is_file():
            message = f"talk '{talk.id}' has no cached metadata; run `wunschzeit refresh {talk.id}`"
            problems.append(Problem(VIDEOS, talk.line, message))
    wanted = {t.id for t in selected}
    files = sorted(p for p in folder.glob("*") if p.is_file()) if folder.is_dir() else []
    files = [p for p in files if _talk_of(p.name) in wanted or _talk_of(p.name) not in known]
    for path in files:
        problems.extend(_check_file(root, path, known))
    return len(files), problems


def _talk_of(name: str) -> str:
    return name.split(".", 1)[0]


def _check_file(root: Path, path: Path, known: set[str]) -> list[Problem]:
    where = path.relative_to(root).as_posix()
    if path.name.startswith("."):
        return [Problem(where, 1, "left over from an interrupted write; delete it")]
    if _talk_of(path.name) not in known:
        return [Problem(where, 1, f"no talk '{_talk_of(path.name)}' in videos.yml; delete it")]
    if path.name.endswith(".info.json"):
        return check_info(root, path, where)
    if path.suffix == ".vtt":
        return check_vtt(path, where)
    if path.suffix in cache.THUMBNAIL_TYPES:
        return check_image(path, where)
    return [Problem(where, 1, "unexpected file in the metadata cache")]


def check_info(root: Path, path: Path, where: str) -> list[Problem]:
    """The info JSON parses, has usable fields, only whitelisted ones, and its files exist."""
    info, problems = cache.read_info(path, where)
    if info is None:
        return problems
    _, found = cache.recording_from_info(info, "", where)
    problems.extend(found)
    lines = path.read_text(encoding="utf-8").splitlines()
    for key in sorted(set(info) - ALLOWED_FIELDS):
        message = f"field '{key}' does not belong in the cache (not whitelisted); run `wunschzeit refresh`"
        problems.append(Problem(where, _line_of_key(lines, key), message))
    talk_id = path.name.removesuffix(".info.json")
    if isinstance(info.get("thumbnail"), str) and cache.thumbnail_of(root, talk_id) is None:
        line = _line_of_key(lines, "thumbnail")
        problems.append(
            Problem(where, line, "the thumbnail is not cached; run `wunschzeit refresh`")
        )
    return problems


def _line_of_key(lines: Sequence[str], key: str) -> int:
    pattern = re.compile(rf'^\s*"{re.escape(key)}"\s*:')
    return next((n for n, text in enumerate(lines, start=1) if pattern.match(text)), 1)


def check_vtt(path: Path, where: str) -> list[Problem]:
    """The captions are WebVTT that browsers (and webvtt-py) can read."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return [Problem(where, 1, "captions are not readable UTF-8 text")]
    lines = text.splitlines()
    if not lines or not lines[0].startswith("WEBVTT"):
        return [Problem(where, 1, "captions must start with a line 'WEBVTT'")]
    for number, line in enumerate(lines, start=1):
        if "-->" in line and not _CUE.match(line.strip()):
            return [Problem(where, number, f"malformed cue timing: {line.strip()[:60]!r}")]
    try:
        webvtt.from_string(text)
    except (webvtt.errors.MalformedFileError, webvtt.errors.MalformedCaptionError) as exc:
        return [Problem(where, 1, f"captions are not valid WebVTT: {exc}")]
    return []


def check_image(path: Path, where: str) -> list[Problem]:
    """The thumbnail is an image of the kind its name says."""
    with path.open("rb") as stream:
        head = stream.read(16)
    suffix = fetch.image_suffix(head)
    if suffix is None:
        return [Problem(where, 1, "thumbnail is no JPEG, PNG or WebP image")]
    if suffix != path.suffix.replace(".jpeg", ".jpg"):
        return [Problem(where, 1, f"thumbnail is a {suffix[1:].upper()} image; name it {suffix}")]
    return []
