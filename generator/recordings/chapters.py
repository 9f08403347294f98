"""Chapters of a recording: read from a description's timestamp lines, and written for YouTube.

`from_description` takes a description and the duration; gives the chapters its lines such as
`4:32 Titel` or `1:02:03 - Titel` describe (used when yt-dlp found none). `youtube_block`
takes (start, title) pairs; gives the lines of a YouTube chapter block, which YouTube only
accepts with the first at 0:00, at least three chapters and each at least 10 seconds long.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from generator.models import Chapter
from generator.timestamps import Timestamp, TimestampError, parse_timestamp

MIN_CHAPTERS = 3
MIN_SECONDS = 10
MAX_TITLE = 100  # YouTube cuts longer chapter titles
MAX_LINES = 5_000
INTRO = {"de": "Begrüßung", "fr": "Introduction", "es": "Introducción", "it": "Introduzione"}

_LINE = re.compile(
    r"^\s*(?:[-*•▶►]\s*)?[(\[]?(?P<time>(?:\d{1,2}:)?\d{1,2}:\d{2})[)\]]?"
    r"(?:\s*[-–—:|]\s*|\s+)(?P<title>\S.*?)\s*$"
)


def from_description(text: str | None, duration: int | None) -> tuple[Chapter, ...]:
    """Chapters from timestamp lines: at least two, rising, within the duration; else none."""
    found: list[tuple[int, str]] = []
    for line in (text or "").splitlines()[:MAX_LINES]:
        match = _LINE.match(line)
        seconds = _seconds(match["time"]) if match else None
        if match is None or seconds is None:
            continue
        if duration is not None and seconds >= duration:
            continue
        if found and seconds <= found[-1][0]:
            continue  # a time mentioned out of order is no chapter mark
        found.append((seconds, match["title"][:300]))
    if len(found) < 2:
        return ()
    ends = [start for start, _ in found[1:]] + [duration]
    return tuple(
        Chapter(title=title, start=Timestamp(start), end=Timestamp(end) if end else None)
        for (start, title), end in zip(found, ends, strict=True)
    )


def _seconds(text: str) -> int | None:
    try:
        return parse_timestamp(text).seconds
    except TimestampError:
        return None


def intro_title(language: str) -> str:
    """The title of the chapter before the first answer, in the talk's language."""
    return INTRO.get(language.split("-")[0], "Intro")


@dataclass(frozen=True)
class Block:
    """A YouTube chapter block: its lines, and notes on what had to change."""

    lines: tuple[str, ...]
    notes: tuple[str, ...]

    @property
    def usable(self) -> bool:
        return len(self.lines) >= MIN_CHAPTERS


def youtube_block(marks: Iterable[tuple[int, str]], duration: int | None, language: str) -> Block:
    """Chapters at the given seconds; shorter than 10 s ones merged into the one before."""
    notes: list[str] = []
    items = sorted((start, _title(title)) for start, title in marks)
    kept: list[tuple[int, str]] = []
    if not items or items[0][0] >= MIN_SECONDS:
        kept.append((0, intro_title(language)))
    elif items[0][0] > 0:
        notes.append(
            f"'{items[0][1]}' moved from {Timestamp(items[0][0]).label} to 0:00: the first chapter starts at 0:00"
        )
        items[0] = (0, items[0][1])
    for start, title in items:
        if kept and start - kept[-1][0] < MIN_SECONDS:
            kept[-1] = (kept[-1][0], _title(f"{kept[-1][1]} / {title}"))
            notes.append(
                f"'{title}' at {Timestamp(start).label} merged into the chapter before: it would be shorter than {MIN_SECONDS} s"
            )
        else:
            kept.append((start, title))
    while duration is not None and len(kept) > 1 and duration - kept[-1][0] < MIN_SECONDS:
        start, title = kept.pop()
        notes.append(
            f"'{title}' at {Timestamp(start).label} left out: fewer than {MIN_SECONDS} s before the end"
        )
    lines = tuple(f"{Timestamp(start).label} {title}" for start, title in kept)
    return Block(lines, tuple(notes))


def _title(text: str) -> str:
    """One line, at most MAX_TITLE characters."""
    title = " ".join(text.split())
    return title if len(title) <= MAX_TITLE else title[: MAX_TITLE - 1] + "…"
