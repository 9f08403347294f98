"""The collection window of a talk: questions asked before `questions_open` or after
`questions_close` (videos.yml) are not imported.

Takes the talk's videos.yml entry and the parsed records; gives the records asked within the
window (or at an unknown time) and the others as `Skipped`. A value that is no date is left to
`wunschzeit check` to report; the window is then open on that side.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from generator.intake.formats.base import Incoming, Skipped

OUTSIDE_WINDOW = "outside the collection window"


@dataclass(frozen=True)
class Window:
    """The first and the last day questions were collected; None: open on that side."""

    opens: dt.date | None = None
    closes: dt.date | None = None

    def holds(self, when: dt.datetime | None) -> bool:
        # The day as the export wrote it: a form's local time, or UTC for chat and blogs.
        day = when.date() if when else None
        if day is None:
            return True
        return (self.opens is None or day >= self.opens) and (
            self.closes is None or day <= self.closes
        )


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


def within(records: Sequence[Incoming], window: Window) -> tuple[list[Incoming], list[Skipped]]:
    """The records asked within the window, and the others skipped as outside it."""
    kept = [r for r in records if window.holds(r.asked_at)]
    outside = [
        Skipped(r.line, OUTSIDE_WINDOW, r.source) for r in records if not window.holds(r.asked_at)
    ]
    return kept, outside
