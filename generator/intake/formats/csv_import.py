"""CSV import: any table with a header line → Incoming records (format `csv`).

Takes a UTF-8 CSV (with or without BOM; `;`, `,` or tab separated, as German Excel writes it)
and a column mapping (`--map question=Frage,asked_by=Name`); columns not mapped are found by
common names in German and English. Rows without the value a `--require COLUMN=VALUE` asks for
(a consent column: `--require Einwilligung=ja`) are skipped as "no consent". The Slido importer
reuses this with its own `Profile`.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.intake.formats.base import (
    NO_CONSENT,
    ImportProblem,
    Incoming,
    OptionProblem,
    Options,
    Parsed,
    Skipped,
    as_int,
    checked_text,
    parse_when,
    read_text,
)
from generator.models import CHANNELS

FIELDS = ("question", "asked_by", "asked_at", "votes", "channel", "source", "answered")
_TRUE = frozenset({"1", "x", "yes", "ja", "true", "wahr", "answered", "beantwortet", "y"})


@dataclass(frozen=True)
class Profile:
    """How one kind of CSV is read: header names to look for, source prefix, channel."""

    prefix: str
    channel: str
    columns: Mapping[str, tuple[str, ...]]
    anonymous: frozenset[str] = field(default_factory=frozenset)


CSV = Profile(
    prefix="csv",
    channel="form",
    columns={
        "question": ("question", "frage", "fragen", "text", "nachricht", "message", "kommentar"),
        "asked_by": ("asked_by", "name", "author", "autor", "von", "absender"),
        "asked_at": ("asked_at", "date", "datum", "zeit", "time", "timestamp", "zeitstempel"),
        "votes": ("votes", "likes", "stimmen"),
        "channel": ("channel", "kanal"),
        "source": ("source", "quelle"),
    },
)


def parse(path: Path, options: Options) -> Parsed:
    """Rows of a CSV file as questions, using the `csv` profile."""
    return parse_with(path, options, CSV)


def parse_with(path: Path, options: Options, profile: Profile) -> Parsed:
    text = read_text(path)
    _refuse_other_formats(path, text)
    reader = csv.reader(io.StringIO(text), delimiter=_separator(text), strict=True)
    rows = _rows(path, reader)
    try:
        _, header = next(rows)
    except StopIteration:
        message = "is empty: expected a header line and one row per question"
        raise ImportProblem(path, 1, message) from None
    header = [h.strip() for h in header]
    columns = _columns(path, header, options.mapping, profile)
    required = _required(path, header, options.require)
    channel = options.channel or profile.channel
    records, skipped = [], []
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue  # an empty line, not an item
        if _consents(row, required):
            records.append(_record(path, line, row, columns, profile, channel))
        else:
            skipped.append(Skipped(line, NO_CONSENT))
    return Parsed(tuple(records), tuple(skipped))


def _required(path: Path, header: list[str], require: Mapping[str, str]) -> dict[int, str]:
    """Column index → the value (folded) `--require` asks for; an unknown column is refused."""
    folded = [h.casefold() for h in header]
    required = {}
    for column, value in require.items():
        if column.casefold() not in folded:
            message = (
                f"no column '{column}' (named by --require); the columns are: {', '.join(header)}"
            )
            raise OptionProblem(path, 1, message)
        required[folded.index(column.casefold())] = value.strip().casefold()
    return required


def _consents(row: list[str], required: Mapping[int, str]) -> bool:
    return all(
        index < len(row) and row[index].strip().casefold() == value
        for index, value in required.items()
    )


def _refuse_other_formats(path: Path, text: str) -> None:
    start = text.lstrip()[:1]
    if start == "<":
        raise ImportProblem(path, 1, "looks like XML, not CSV: use the format wxr or disqus")
    if start in "{[" and start:
        raise ImportProblem(path, 1, "looks like JSON, not CSV: use the format live-chat")


def _separator(text: str) -> str:
    """`;`, `,` or tab: whichever the header line has most of (outside quotes)."""
    header = text.split("\n", 1)[0]
    unquoted = "".join(header.split('"')[::2])
    return max((";", ",", "\t"), key=unquoted.count)


def _rows(path: Path, reader: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
    """Rows with the line they start on; a malformed row raises ImportProblem."""
    line = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ImportProblem(path, line, f"is not readable CSV: {exc}") from exc
        yield line, row
        line = reader.line_num + 1  # type: ignore[attr-defined]


def _columns(
    path: Path, header: list[str], mapping: Mapping[str, str], profile: Profile
) -> dict[str, int]:
    """Field → column index, from the mapping first, then from the profile's usual names."""
    folded = [h.casefold() for h in header]
    shown = ", ".join(header)
    columns: dict[str, int] = {}
    for name, column in mapping.items():
        if column.casefold() not in folded:
            message = f"no column '{column}' (mapped to {name} by --map); the columns are: {shown}"
            raise ImportProblem(path, 1, message)
        columns[name] = folded.index(column.casefold())
    for name, candidates in profile.columns.items():
        found = next((c for c in candidates if c in folded), None)
        if name not in columns and found is not None:
            columns[name] = folded.index(found)
    if "question" not in columns:
        message = (
            f"no question column; name it with --map question=COLUMN (the columns are: {shown})"
        )
        raise ImportProblem(path, 1, message)
    return columns


def _record(
    path: Path, line: int, row: list[str], columns: dict[str, int], profile: Profile, channel: str
) -> Incoming:
    def cell(name: str) -> str:
        index = columns.get(name)
        value = row[index].strip() if index is not None and index < len(row) else ""
        return checked_text(path, line, value, name)  # before the scrubber's patterns see it

    try:
        asked_at = parse_when(cell("asked_at"))
    except ValueError:
        raise ImportProblem(path, line, f"cannot read the date {cell('asked_at')!r}") from None
    try:
        votes = as_int(cell("votes"))
    except ValueError:
        message = f"votes must be a whole number, not {cell('votes')!r}"
        raise ImportProblem(path, line, message) from None
    author = cell("asked_by")
    return Incoming(
        text=cell("question"),
        source=_source(profile, cell("source"), [cell(n) for n in ("question", "asked_by")]),
        channel=_channel(path, line, cell("channel"), channel),
        line=line,
        asked_by=None if author.casefold() in profile.anonymous else author or None,
        asked_at=asked_at,
        votes=votes,
        answered=cell("answered").casefold() in _TRUE,
    )


def _source(profile: Profile, given: str, cells: list[str]) -> str:
    """The row's own id when it has one; else a hash of what identifies the question."""
    if given:
        return f"{profile.prefix}-{given}"
    digest = hashlib.sha1("\x1f".join(cells).encode("utf-8")).hexdigest()[:12]
    return f"{profile.prefix}-{digest}"


def _channel(path: Path, line: int, value: str, default: str) -> str:
    if not value:
        return default
    if value.casefold() in CHANNELS:
        return value.casefold()
    message = f"channel {value!r} is none of {', '.join(CHANNELS)}"
    raise ImportProblem(path, line, message)
