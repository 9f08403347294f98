"""The collection window of a talk: questions asked before `questions_open` or after
`questions_close` (videos.yml) are not imported.

Takes the talk's videos.yml entry, the parsed records and the archive's time zone
(`extra.wunschzeit.timezone`); gives the records asked within the window (or at an unknown time)
and the others as `Skipped`. A time without a zone (a form's CSV) is read in the archive's zone
and kept so, with its offset; the window's days are days in that zone too, so a chat message
sent at 23:30 UTC on the evening before a Berlin window opens is inside it. A value that is no
date is left to `wunschzeit check` to report; the window is then open on that side.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from generator.intake.formats.base import Incoming, Skipped

OUTSIDE_WINDOW = "outside the collection window"


@dataclass(frozen=True)
class Window:
    """The first and the last day questions were collected; None: open on that side."""

    opens: dt.date | None = None
    closes: dt.date | None = None

    def holds(self, when: dt.datetime | None, zone: dt.tzinfo = dt.UTC) -> bool:
        """Whether `when` falls on a day of the window in `zone` (no zone: a time in `zone`)."""
        if when is None:
            return True
        day = in_zone(when, zone).date()
        return (self.opens is None or day >= self.opens) and (
            self.closes is None or day <= self.closes
        )


def in_zone(when: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """`when` as a time in `zone`: a time without a zone is read in it, others converted."""
    return when.replace(tzinfo=zone) if when.tzinfo is None else when.astimezone(zone)


def of_talk(entry: Mapping[str, Any]) -> Window:
    """The window a videos.yml entry sets (`questions_open`, `questions_close`)."""
    return Window(_date(entry.get("questions_open")), _date(entry.get("questions_close")))


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if isinstance(value, str) else None
    except ValueError:
        return None


def within(
    records: Sequence[Incoming], window: Window, zone: dt.tzinfo = dt.UTC
) -> tuple[list[Incoming], list[Skipped]]:
    """The records asked within the window, times without zone read in `zone`; the others
    skipped as outside it."""
    kept = []
    outside = []
    for record in records:
        if not window.holds(record.asked_at, zone):
            outside.append(Skipped(record.line, OUTSIDE_WINDOW, record.source))
        elif record.asked_at is not None and record.asked_at.tzinfo is None:
            kept.append(replace(record, asked_at=record.asked_at.replace(tzinfo=zone)))
        else:
            kept.append(record)
    return kept, outside
