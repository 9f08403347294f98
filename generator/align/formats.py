"""Caption formats: takes the text of a caption file; gives its raw cues, each with its line.

WebVTT, SRT and SBV (YouTube's old format) are told apart by their content, never by the file
name: a `WEBVTT` first line, `-->` timings, or SBV's `0:00:01.000,0:00:04.000` timings. One
reader serves all three, line by line, so that every problem has its line and a broken cue
costs only itself. Cue text comes out plain: tags (also YouTube's inline word timings
`<00:00:01.500><c> word</c>`), sound notes like `[Musik]` and speaker marks are removed.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from generator.errors import ContentError, Problem

# A day-long stream's automatic captions hold 30,000-60,000 cues (a cue a second or two, and
# YouTube's roll-up doubles them); 20,000 refused a 6-hour stream. The 5 MB a file may have
# (decode.MAX_BYTES) holds about 150,000 of the shortest cues: aligning 110,000 cues of one or
# two question words each with 509 questions took 3.1 s of CPU (load 5), so the size is the bound.
MAX_CUES = 200_000
MAX_CUE_TEXT = 2_000

_TIME = r"(?:\d{1,3}:)?\d{1,2}:\d{1,2}[.,]\d{1,3}"
_ARROW = re.compile(rf"^\s*({_TIME})\s*-->\s*({_TIME})(?:[ \t].*)?$")
_SBV = re.compile(
    r"^\s*(\d{1,3}:\d{1,2}:\d{1,2}(?:\.\d{1,3})?),(\d{1,3}:\d{1,2}:\d{1,2}(?:\.\d{1,3})?)\s*$"
)
_TAG = re.compile(r"<[^>\n]{0,200}>")
_NOTE = re.compile(
    r"\[[^\]\n]{0,60}\]|\((?:musik|music|musique|applaus|applause|lachen|laughter|rires)\)", re.I
)
_SPEAKER = re.compile(r"^\s*(?:>>|-\s|&gt;&gt;)\s*")
_PARTIAL_TIMING = re.compile(r"^\s*\d[\d:.,]*\s*(?:-(?:-(?:>.*)?)?)?$")


@dataclass(frozen=True)
class RawCue:
    """A cue as written: its timing line, start and end in seconds, and its plain text."""

    line: int
    start: float
    end: float
    text: str


@dataclass(frozen=True)
class Parsed:
    format: str  # "vtt", "srt" or "sbv"
    cues: tuple[RawCue, ...]
    problems: tuple[Problem, ...]


def detect(lines: list[str]) -> str | None:
    """The format of the lines by their content, or None when they are not captions."""
    first = next((line.strip() for line in lines if line.strip()), "")
    if first.startswith("WEBVTT"):
        return "vtt"
    if any("-->" in line for line in lines):
        return "srt"
    if any(_SBV.match(line) for line in lines):
        return "sbv"
    return None


def parse_lines(text: str, display: str) -> Parsed:
    """The raw cues of a caption text; raises ContentError when it is not captions at all."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not text.strip():
        raise ContentError([Problem(display, 1, "captions file is empty")])
    kind = detect(lines)
    if kind is None:
        message = "not captions: found no WebVTT, SRT or SBV cue timing"
        raise ContentError([Problem(display, 1, message)])
    reader = _Reader(display, _SBV if kind == "sbv" else _ARROW)
    for number, line in enumerate(lines, start=1):
        reader.feed(number, line)
    reader.finish(len(lines), lines[-1])
    return Parsed(kind, tuple(reader.cues), tuple(reader.problems))


class _Reader:
    """A small state machine: outside a cue, or collecting the text lines of one."""

    def __init__(self, display: str, timing: re.Pattern[str]) -> None:
        self.display = display
        self.timing = timing
        self.cues: list[RawCue] = []
        self.problems: list[Problem] = []
        self.open: tuple[int, float, float] | None = None
        self.text: list[str] = []
        self.count = 0

    def feed(self, number: int, line: str) -> None:
        match = self.timing.match(line)
        if match:
            self._start(number, match)
        elif line == "":
            self._close()
        elif "-->" in line:
            self._close()
            self._problem(number, f"cue timing is not valid: {line.strip()[:80]!r}; cue left out")
        elif self.open is not None and line.strip():
            self.text.append(line)

    def finish(self, number: int, last: str) -> None:
        self._close()
        if last.strip() and _PARTIAL_TIMING.match(last) and not self.timing.match(last):
            self._problem(number, "the file ends inside a cue timing; it may be truncated")

    def _start(self, number: int, match: re.Match[str]) -> None:
        if self.text and self.text[-1].strip().isdigit():
            self.text.pop()  # an SRT cue number after a line of spaces instead of a blank line
        self._close()
        self.count += 1
        if self.count > MAX_CUES:
            message = f"more than {MAX_CUES} cues; captions this long are not read"
            raise ContentError([Problem(self.display, number, message)])
        start, end = seconds(match.group(1)), seconds(match.group(2))
        if start is None or end is None:
            self._problem(number, f"cue timing is not valid: {match.group(0).strip()[:80]!r}")
        elif end < start:
            self._problem(number, "cue ends before it starts; left out")
        else:
            self.open = (number, start, end)

    def _close(self) -> None:
        if self.open is not None:
            text = plain("\n".join(self.text))
            if text:
                self.cues.append(RawCue(*self.open, text))
        self.open, self.text = None, []

    def _problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.display, line, message))


def seconds(value: str) -> float | None:
    """`01:02:03.456`, `02:03,456` or `1:02:03` in seconds; None when minutes or seconds ≥ 60."""
    *hours, minutes, rest = value.replace(",", ".").split(":")
    if (hours and int(minutes) >= 60) or float(rest) >= 60:
        return None
    return int(hours[0] if hours else 0) * 3600 + int(minutes) * 60 + float(rest)


def plain(text: str) -> str:
    """Cue text without tags, sound notes and speaker marks; lines stripped, blank ones gone."""
    decoded = html.unescape(_TAG.sub("", text))
    lines = (
        " ".join(_NOTE.sub(" ", _SPEAKER.sub("", line)).split()) for line in decoded.split("\n")
    )
    return "\n".join(line for line in lines if line)[:MAX_CUE_TEXT]
