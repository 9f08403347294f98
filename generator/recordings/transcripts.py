"""Transcripts from WebVTT captions: read them robustly, cut out the part of each answer.

Takes a captions file of the archive (root-relative path, as `Recording.captions` gives it);
gives its cues as plain text with times in seconds, and the problems found as
`path:line: message` instead of exceptions: a caption file is outside data (downloaded by
yt-dlp or written by hand) and a broken one must cost its transcript, never the build.
Cue text is plain text afterwards (tags removed, character references decoded); whoever puts
it into a page escapes it like any other untrusted text.
"""

from __future__ import annotations

import html
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

from generator.errors import Problem
from generator.models import Cue

__all__ = ["Cue", "Transcript", "excerpt", "parse", "read"]

MAX_BYTES = 5_000_000
MAX_CUES = 20_000
MAX_CUE_TEXT = 2_000
ROLLING_GAP = 0.1  # seconds between cues that still count as one rolling caption
_HEADER = re.compile(r"^WEBVTT(?:[ \t].*)?$")


@dataclass(frozen=True)
class Transcript:
    cues: tuple[Cue, ...] = ()
    problems: tuple[Problem, ...] = ()


def read(root: Path, path: str) -> Transcript:
    """The transcript of the captions file `root/path` (enrich reads it once per build)."""
    try:
        with (root / path).open("rb") as stream:  # the limit holds while reading: FIFOs too
            data = stream.read(MAX_BYTES + 1)
            size = max(len(data), os.fstat(stream.fileno()).st_size)
    except OSError as exc:
        return Transcript(problems=(Problem(path, 1, f"cannot be read: {exc.strerror}"),))
    if size > MAX_BYTES:
        message = f"captions file is too large ({size} bytes)"
        return Transcript(problems=(Problem(path, 1, message),))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return Transcript(problems=(Problem(path, line, "captions file is not UTF-8"),))
    return parse(text, path)


def parse(text: str, path: str) -> Transcript:
    """Cues of a WebVTT text, sorted by start; unusable cues are left out and reported."""
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not _HEADER.match(lines[0]):
        problem = Problem(path, 1, "not a WebVTT file: the first line must be WEBVTT")
        return Transcript(problems=(problem,))
    cues: list[Cue] = []
    problems: list[Problem] = []
    for line, block in _cue_blocks(lines):
        if len(cues) == MAX_CUES:
            problems.append(Problem(path, line, f"more than {MAX_CUES} cues; the rest is left out"))
            break
        block, warning = _arrows_in_text(block, path, line)
        cue, bad = _cue(block, path, line)
        problems += [p for p in (warning, bad) if p]
        if cue:
            cues.append(cue)
    ordered = sorted(cues, key=lambda c: (c.start, c.end))
    return Transcript(_without_rolling_repeats(ordered), tuple(problems))


def _without_rolling_repeats(cues: list[Cue]) -> tuple[Cue, ...]:
    """Drop lines repeated from the cue just before: automatic captions (YouTube) roll each
    line up into the next cue, which would show every sentence twice in a transcript."""
    kept: list[Cue] = []
    previous: Cue | None = None
    for cue in cues:
        lines = cue.text.split("\n")
        if previous is not None and cue.start <= previous.end + ROLLING_GAP:
            shown = set(previous.text.split("\n"))
            lines = [line for line in lines if line not in shown]
        previous = cue
        if lines:
            kept.append(Cue(cue.start, cue.end, "\n".join(lines)))
    return tuple(kept)


def _cue_blocks(lines: list[str]) -> list[tuple[int, list[str]]]:
    """Blocks separated by blank lines that contain a timing (`-->`), with the timing's line.

    Reading block by block gives every problem its line, and one bad cue costs only itself.
    """
    blocks: list[tuple[int, list[str]]] = []
    block: list[str] = []
    for number, line in enumerate([*lines[1:], ""], start=2):
        if line.strip():
            block.append(line)
            continue
        timing = next((i for i, text in enumerate(block) if "-->" in text), None)
        if timing is not None and not block[0].startswith(("NOTE", "STYLE", "REGION")):
            blocks.append((number - len(block) + timing, block))
        block = []
    return blocks


def _arrows_in_text(block: list[str], path: str, line: int) -> tuple[list[str], Problem | None]:
    """The block with `-->` in its text written `->`, and a warning saying so.

    WebVTT does not allow `-->` in cue text; webvtt-py dropped such a cue without a word.
    """
    timing = next(i for i, text in enumerate(block) if "-->" in text)
    arrows = [i for i in range(timing + 1, len(block)) if "-->" in block[i]]
    if not arrows:
        return block, None
    fixed = [text.replace("-->", "->") if i in arrows else text for i, text in enumerate(block)]
    message = "cue text contains '-->', which WebVTT does not allow; shown as '->'"
    return fixed, Problem(path, line + arrows[0] - timing, message)


def _cue(block: list[str], path: str, line: int) -> tuple[Cue | None, Problem | None]:
    """One cue parsed by webvtt-py, or the problem that made it unusable."""
    try:
        captions = webvtt.from_buffer(io.StringIO("WEBVTT\n\n" + "\n".join(block))).captions
    except (MalformedFileError, MalformedCaptionError, ValueError) as exc:
        return None, Problem(path, line, f"cue left out: {exc}")
    if len(captions) != 1:
        timing = next(text for text in block if "-->" in text)
        return None, Problem(path, line, f"cue timing is not valid: {timing.strip()[:80]!r}")
    caption = captions[0]
    start, end = _seconds(caption.start), _seconds(caption.end)
    if end < start:
        return None, Problem(path, line, "cue ends before it starts; left out")
    text = _plain(caption.text)
    return (Cue(start, end, text) if text else None), None


def _seconds(value: str) -> float:
    """`01:02:03.456` or `02:03.456` in seconds."""
    *hours, minutes, rest = value.split(":")
    return int(hours[0] if hours else 0) * 3600 + int(minutes) * 60 + float(rest)


def _plain(text: str) -> str:
    """Cue text without leftover tags, character references decoded, lines stripped."""
    decoded = html.unescape(text)
    lines = (" ".join(line.split()) for line in decoded.split("\n"))
    return "\n".join(line for line in lines if line)[:MAX_CUE_TEXT]


def excerpt(cues: tuple[Cue, ...], start: float, end: float | None) -> tuple[Cue, ...]:
    """The cues spoken between `start` and `end` (to the end of the recording when None)."""
    return tuple(cue for cue in cues if cue.end > start and (end is None or cue.start < end))
