"""Captions for aligning: takes a caption file (WebVTT, SRT or SBV; bytes or text); gives its
cues in time order, each line once, and the problems found as `path:line: message`.

Warnings (`Captions.problems`) name what was repaired or left out while the rest stays usable;
a file with nothing usable raises ContentError with every problem. YouTube's automatic
captions roll each line up into the next cue (and flash it alone for 10 ms in between): a line
is kept once, with the time it first appeared, so every word is counted once.
"""

from __future__ import annotations

import itertools
import math
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.align.decode import MAX_BYTES, check_size, decode
from generator.align.formats import RawCue, parse_lines
from generator.errors import ContentError, Problem
from generator.models import Cue
from generator.timestamps import Timestamp

ROLLING_GAP = 0.1  # seconds between cues that still count as one rolling caption
OVERLAP_SLACK = 0.5  # subtitle editors overlap cues by a few frames; that is not worth a word
DURATION_SLACK = 1.0  # recordings are cut to whole seconds; captions often run a little longer


@dataclass(frozen=True)
class Captions:
    """The usable cues of a caption file, sorted by start, and the warnings about it."""

    cues: tuple[Cue, ...]
    problems: tuple[Problem, ...] = ()
    format: str = "vtt"


def read_captions(path: Path, *, display: str, duration: float | None = None) -> Captions:
    """The captions of the file at `path`; `display` is the path that problems name."""
    try:
        with path.open("rb") as stream:  # the limit holds while reading: a FIFO has no size
            data = stream.read(MAX_BYTES + 1)
            size = max(len(data), os.fstat(stream.fileno()).st_size)
    except OSError as exc:
        raise ContentError([Problem(display, 1, f"cannot be read: {exc.strerror}")]) from None
    check_size(size, display)
    return parse_captions(data, display=display, duration=duration)


def parse_captions(
    content: str | bytes, *, display: str, duration: float | None = None
) -> Captions:
    """The captions in `content`; raises ContentError when nothing usable remains."""
    if isinstance(content, bytes):
        text, problems = decode(content, display)
    else:
        check_size(len(content), display)
        text, problems = content.removeprefix("\ufeff"), ()
    parsed = parse_lines(text, display)
    checked, found = _checked(parsed.cues, display, duration)
    every = (*problems, *parsed.problems, *found)
    if not checked:
        raise ContentError([*every, Problem(display, 1, "no usable cues in the captions")])
    return Captions(_without_rolling_repeats(checked), tuple(sorted(every)), parsed.format)


def _checked(
    raw: tuple[RawCue, ...], display: str, duration: float | None
) -> tuple[list[RawCue], list[Problem]]:
    """The cues sorted by start and cut to the recording, with one warning per kind of fault."""
    tally = _Tally(display)
    for before, cue in itertools.pairwise(raw):
        if cue.start < before.start:
            tally.add("backwards", cue.line, "cue starts before the cue above it; sorted by start")
        elif cue.start < before.end - OVERLAP_SLACK and not _shares_line(before, cue):
            end = _label(before.end)
            tally.add("overlap", cue.line, f"cue overlaps the cue above it, which ends at {end}")
    kept = [cue for cue in raw if _inside(cue, duration, tally)]
    if duration is not None:
        kept = [_cut(cue, duration, tally) for cue in kept]
    return sorted(kept, key=lambda cue: (cue.start, cue.line)), tally.problems()


def _inside(cue: RawCue, duration: float | None, tally: _Tally) -> bool:
    if duration is None or cue.start <= duration + DURATION_SLACK:
        return True
    message = f"cue starts at {_label(cue.start)}, after the end of the recording ({_label(duration)}); left out"
    tally.add("beyond", cue.line, message)
    return False


def _cut(cue: RawCue, duration: float, tally: _Tally) -> RawCue:
    if cue.end <= duration + DURATION_SLACK:
        return cue
    message = f"cue ends at {_label(cue.end)}, after the end of the recording ({_label(duration)}); cut there"
    tally.add("cut", cue.line, message)
    return RawCue(cue.line, min(cue.start, duration), duration, cue.text)


def _shares_line(before: RawCue, cue: RawCue) -> bool:
    return bool(set(before.text.split("\n")) & set(cue.text.split("\n")))


def _label(seconds: float) -> str:
    return Timestamp(math.floor(max(seconds, 0))).label


class _Tally:
    """The first place of each kind of fault, and how many more there were."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.first: dict[str, tuple[int, str]] = {}
        self.counts: dict[str, int] = {}

    def add(self, kind: str, line: int, message: str) -> None:
        self.first.setdefault(kind, (line, message))
        self.counts[kind] = self.counts.get(kind, 0) + 1

    def problems(self) -> list[Problem]:
        return [
            Problem(self.display, line, message + self._more(kind))
            for kind, (line, message) in self.first.items()
        ]

    def _more(self, kind: str) -> str:
        more = self.counts[kind] - 1
        return f" ({more} more like it)" if more else ""


def _without_rolling_repeats(cues: list[RawCue]) -> tuple[Cue, ...]:
    """Each caption line once, at the time it first appeared (see the module docstring)."""
    kept: list[Cue] = []
    recent: list[RawCue] = []
    for cue in cues:
        recent = [r for r in recent if cue.start <= r.end + ROLLING_GAP][-2:]
        lines = list(_new_lines(cue.text.split("\n"), recent))
        recent.append(cue)
        if lines:
            kept.append(Cue(cue.start, max(cue.end, cue.start), "\n".join(lines)))
    return tuple(kept)


def _new_lines(lines: list[str], recent: list[RawCue]) -> Iterator[str]:
    """The lines not shown by the cues just before; of a line that grew, only the new words."""
    shown = [line for r in recent for line in r.text.split("\n")]
    seen = set(shown)
    for line in lines:
        if line in seen:
            continue
        grown = next((s for s in shown if line.startswith(s + " ")), None)
        yield line[len(grown) + 1 :] if grown else line
