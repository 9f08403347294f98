"""Timestamps inside a recording: parse what editors write, format what readers see.

Accepted: whole seconds (`272`, `272s`), `m:ss`, `h:mm:ss` and unit form (`1h2m3s`, `4m32s`,
`90s`). YAML 1.1 reads an unquoted `4:32` as the integer 272 (base 60), which is what the
editor meant, so integers are taken as seconds. Times copied from a caption file carry
fractions (`00:04:32.485`, `4:32,5`, `272.5`; YAML reads an unquoted `4:32.5` as the float
272.5): they are rounded down to the whole second, the second the answer is already running.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

_FRACTION = r"(?:[.,]\d{1,9})?"  # caption files: 00:04:32.485 (WebVTT), 00:04:32,485 (SRT)
_COLON = re.compile(rf"^(?:(?P<h>\d+):(?P<hm>\d{{2}})|(?P<m>\d+)):(?P<s>\d{{2}}){_FRACTION}$")
_UNITS = re.compile(r"^(?:(?P<h>\d+)h)?\s*(?:(?P<m>\d+)m)?\s*(?:(?P<s>\d+)s)?$")
_SECONDS = re.compile(rf"^\d+{_FRACTION}$")


class TimestampError(ValueError):
    """A value that is not a timestamp; the message says what was wrong and what is accepted."""


@dataclass(frozen=True, order=True)
class Timestamp:
    seconds: int

    def __post_init__(self) -> None:
        if self.seconds < 0:
            raise TimestampError(f"timestamp must not be negative: {self.seconds}")

    @property
    def label(self) -> str:
        """`4:32` below an hour, `1:02:03` above: the form YouTube and readers use."""
        hours, rest = divmod(self.seconds, 3600)
        minutes, seconds = divmod(rest, 60)
        if hours:
            return f"{hours}:{minutes:02d}:{seconds:02d}"
        return f"{minutes}:{seconds:02d}"

    @property
    def iso_duration(self) -> str:
        """ISO 8601 duration, as schema.org wants for offsets: `PT4M32S`."""
        return _iso(self.seconds)

    def __str__(self) -> str:
        return self.label


def _iso(total: int) -> str:
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [f"{hours}H" if hours else "", f"{minutes}M" if minutes else "", f"{seconds}S"]
    return "PT" + "".join(parts)


_HINT = "use seconds (272), m:ss (4:32), h:mm:ss (1:04:32) or 1h4m32s"


def parse_timestamp(value: object) -> Timestamp:
    """Turn a YAML value into a Timestamp, or raise TimestampError naming the bad value."""
    if isinstance(value, bool) or value is None:
        raise TimestampError(f"not a timestamp: {value!r}; {_HINT}")
    if isinstance(value, int):
        if value < 0:
            raise TimestampError(f"timestamp must not be negative: {value}")
        return Timestamp(value)
    if isinstance(value, float):
        if not math.isfinite(value) or value < 0:
            raise TimestampError(f"not a timestamp: {value!r}; {_HINT}")
        return Timestamp(math.floor(value))
    if not isinstance(value, str):
        raise TimestampError(f"not a timestamp: {value!r}; {_HINT}")
    return _parse_text(value.strip(), value)


def _parse_text(text: str, original: str) -> Timestamp:
    if text.startswith("-"):
        raise TimestampError(f"timestamp must not be negative: {original!r}")
    if _SECONDS.match(text):
        return Timestamp(int(re.split("[.,]", text)[0]))
    if match := _COLON.match(text):
        return _from_colon(match, original)
    if text and (match := _UNITS.match(text)) and any(match.groupdict().values()):
        return _from_units(match, original)
    raise TimestampError(f"not a timestamp: {original!r}; {_HINT}")


def _from_colon(match: re.Match[str], original: str) -> Timestamp:
    hours = int(match["h"] or 0)
    minutes = int(match["hm"] if match["h"] is not None else match["m"])
    seconds = int(match["s"])
    if seconds >= 60 or (match["h"] is not None and minutes >= 60):
        raise TimestampError(f"not a timestamp: {original!r}; minutes and seconds go to 59")
    return Timestamp(hours * 3600 + minutes * 60 + seconds)


def _from_units(match: re.Match[str], original: str) -> Timestamp:
    hours, minutes, seconds = (int(match[k] or 0) for k in ("h", "m", "s"))
    if (match["h"] and minutes >= 60) or ((match["h"] or match["m"]) and seconds >= 60):
        raise TimestampError(f"not a timestamp: {original!r}; minutes and seconds go to 59")
    return Timestamp(hours * 3600 + minutes * 60 + seconds)
