"""Slido (or Pigeonhole) Q&A export → Incoming records (format `slido`).

Takes the CSV a Q&A tool exports: question text, author (or "Anonymous"), likes or votes, date,
answered flag. Votes are kept: they order the open questions. Read like any CSV, with
column names of those tools as defaults; `--map` overrides them.
"""

from __future__ import annotations

from pathlib import Path

from generator.intake.formats.base import Options, Parsed
from generator.intake.formats.csv_import import Profile, parse_with

SLIDO = Profile(
    prefix="slido",
    channel="slido",
    columns={
        "question": ("question", "content", "text", "frage"),
        "asked_by": ("author", "author name", "name", "asked by", "autor"),
        "asked_at": ("date", "created", "created at", "time", "datum"),
        "votes": ("likes", "votes", "upvotes", "score", "stimmen"),
        "answered": ("answered", "is answered", "beantwortet"),
        "source": ("question id", "id"),
    },
    anonymous=frozenset({"anonymous", "anonym", "anonyme", "-"}),
)


def parse(path: Path, options: Options) -> Parsed:
    """Questions of a Slido/Pigeonhole CSV export, with their votes."""
    return parse_with(path, options, SLIDO)
