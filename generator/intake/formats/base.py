"""What every importer shares: the `Incoming` record, options, problems, and safe file reading.

Parsers take a file path and `Options`; they give `Parsed`: the `Incoming` records in file order
and what they left out, each `Skipped` with a reason; or they raise `ImportProblem` naming the
file and the line (or record number) of the first bad spot.
XML is parsed with defusedxml only: no entity expansion, no external entities, no DTD tricks.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException  # type: ignore[import-untyped]
from defusedxml import ElementTree as SafeTree

from generator.errors import Problem, WunschzeitError

MAX_IMPORT_BYTES = 200_000_000  # a big live chat is tens of MB; gigabytes mean a wrong file
# validate's limit for a question. Longer text is refused before any pattern sees it: the
# scrubber's patterns took 280 s on one 131,000-character CSV cell.
MAX_TEXT = 20_000
MAX_MARKUP = 100_000  # a comment's HTML, before it is reduced to text


@dataclass(frozen=True)
class Incoming:
    """One question as found in an export, before privacy scrubbing and planning.

    `source` is stable across re-exports of the same data (e.g. `wp-comment-1234`), so that a
    re-import recognises what is already in the archive. `line` is where the record starts in
    the file (or its number, for formats without lines). `offset` is seconds into the stream.
    """

    text: str
    source: str
    channel: str
    line: int
    asked_by: str | None = None
    asked_at: dt.datetime | None = None
    votes: int | None = None
    answered: bool = False
    offset: int | None = None


# Why an item of an export is not imported; the import counts them per reason. Parsers give
# the first six, the plan the rest (`generator.intake.plan`).
NOT_A_QUESTION = "not a question"
STAFF = "staff"
SPAM = "spam"
DELETED_IN_EXPORT = "deleted before the export"
NOT_APPROVED = "not approved"
NO_CONSENT = "no consent"


@dataclass(frozen=True)
class Skipped:
    """An item of the export that is not imported, where it is and why (one of the reasons)."""

    line: int
    reason: str
    source: str | None = None  # when known: which question it was


@dataclass(frozen=True)
class Parsed:
    """What a parser found: the questions, and the items it left out."""

    records: tuple[Incoming, ...]
    skipped: tuple[Skipped, ...] = ()


@dataclass(frozen=True)
class Options:
    """Format-specific choices from the command line; each parser reads what it needs."""

    mapping: Mapping[str, str] = field(default_factory=dict)  # csv/slido: field → column
    post: str | None = None  # wxr/disqus: id, slug, title or link of the post/thread
    question_pattern: str | None = None  # live-chat: regex that marks a question
    channel: str | None = None  # csv/text: channel when the file has none
    # csv/slido: column → value every imported row must have there (case-insensitive)
    require: Mapping[str, str] = field(default_factory=dict)


class ImportProblem(WunschzeitError):
    """The input file cannot be imported; `problem` says where and why."""

    def __init__(self, path: Path | str, line: int, message: str) -> None:
        self.problem = Problem(str(path), line, message)
        super().__init__(str(self.problem))


class OptionProblem(ImportProblem):
    """An option names what the file does not have (a `--require` column): a usage error."""


def read_bytes(path: Path, limit: int = MAX_IMPORT_BYTES) -> bytes:
    """The file's bytes, or an ImportProblem when it is missing, unreadable or absurdly large.

    The limit holds while reading: `stat()` says 0 bytes for /dev/zero or a FIFO, which then
    grew to 24 GB in memory.
    """
    try:
        with path.open("rb") as stream:
            size = os.fstat(stream.fileno()).st_size  # 0 for devices and FIFOs
            data = stream.read(limit + 1) if size <= limit else b""
            size = max(size, len(data))
    except OSError as exc:
        raise ImportProblem(path, 1, f"cannot be read: {exc.strerror or exc}") from exc
    if size > limit:
        raise ImportProblem(path, 1, f"file is too large ({size} bytes, at most {limit})")
    return data


def read_text(path: Path) -> str:
    """The file as text: UTF-8 with or without BOM, newlines normalised to `\\n`."""
    data = read_bytes(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportProblem(path, line, "is not UTF-8 text; export or save it as UTF-8") from exc
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ImportProblem(path, line, "contains a NUL character: is this a text file?")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_xml(path: Path, expected: str, what: str) -> tuple[Element, bytes]:
    """The root element (and the bytes) of a safe XML file whose root is `expected`."""
    data = read_bytes(path)
    try:
        root: Element = SafeTree.fromstring(data, forbid_dtd=False)
    except DefusedXmlException as exc:
        line = _line_of(data, b"<!ENTITY") or _line_of(data, b"<!DOCTYPE") or 1
        message = f"refused: the XML declares entities ({exc.__class__.__name__}); an export never does, so this may be an XML bomb or an external entity"
        raise ImportProblem(path, line, message) from exc
    except ParseError as exc:
        line, column = exc.position
        reason = str(exc).split(":")[0].replace("not well-formed (invalid token)", "invalid token")
        raise ImportProblem(
            path, line, f"is not well-formed XML ({reason} at column {column + 1}); is it {what}?"
        ) from exc
    if local_name(root.tag) != expected:
        message = f"is not {what}: the root element is <{local_name(root.tag)}>, not <{expected}>"
        raise ImportProblem(path, 1, message)
    return root, data


def checked_text(
    path: Path, line: int, text: str, what: str = "question", limit: int = MAX_TEXT
) -> str:
    """`text`, or an ImportProblem when it is longer than `limit` characters."""
    if len(text) > limit:
        message = f"{what} is too long ({len(text)} characters, at most {limit})"
        raise ImportProblem(path, line, message)
    return text


_TAIL = re.compile(rb"\s*(?:\]\]>)?\s*<")


class Lines:
    """Lines of raw XML, found in document order: each search goes on where the last ended.

    Searching from the start and counting every newline again for each of 100,000 comments
    made a 10 MB export take hours; this reads the file once in all.
    """

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.position = 0  # where the next search starts
        self.counted = 0  # newlines before `counted` are in `line`
        self.line = 1

    def _line_at(self, index: int) -> int:
        self.line += self.data.count(b"\n", self.counted, index)
        self.counted, self.position = index, index + 1
        return self.line

    def find(self, needle: bytes) -> int | None:
        """The line of the next `needle`, or None when it comes no more."""
        index = self.data.find(needle, self.position)
        return self._line_at(index) if index >= 0 else None

    def element(self, name: str, value: str) -> int | None:
        """The line of the next `<...name>value</...name>` (CDATA allowed), or None."""
        start = re.compile(rb"[:<]" + re.escape(name.encode()) + rb">\s*(?:<!\[CDATA\[)?\s*")
        wanted = value.encode()
        for match in start.finditer(self.data, self.position):
            end = match.end()
            if self.data.startswith(wanted, end) and _TAIL.match(self.data, end + len(wanted)):
                return self._line_at(match.start())
        return None


def _line_of(data: bytes, needle: bytes) -> int | None:
    index = data.find(needle)
    return data[:index].count(b"\n") + 1 if index >= 0 else None


def local_name(tag: str) -> str:
    """`{namespace}name` → `name`."""
    return tag.rpartition("}")[2]


def child_text(element: Element, name: str) -> str:
    """The text of the first child with local name `name` (any namespace), or ''."""
    for child in element:
        if local_name(child.tag) == name:
            return (child.text or "").strip()
    return ""


def children(element: Element, name: str) -> list[Element]:
    """All children with local name `name` (any namespace), in document order."""
    return [child for child in element if local_name(child.tag) == name]


def attribute(element: Element, name: str) -> str:
    """An attribute by local name (e.g. Disqus' `dsq:id`), or ''."""
    for key, value in element.attrib.items():
        if local_name(key) == name:
            return value
    return ""


_DATE_FORMATS = (
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
    "%d.%m.%y %H:%M",
    "%d.%m.%y",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
)


def parse_when(value: str) -> dt.datetime | None:
    """A date/time as exports write it (ISO 8601, German `01.03.2013 14:03`, US `3/1/2013`).

    Returns None for an empty value; raises ValueError for text that is no date.
    """
    value = value.strip()
    if not value:
        return None
    iso = re.sub(r"Z$", "+00:00", value.replace(" UTC", "Z"))
    try:
        when = dt.datetime.fromisoformat(iso)
    except ValueError:
        for pattern in _DATE_FORMATS:
            try:
                when = dt.datetime.strptime(value, pattern)
                break
            except ValueError:
                continue
        else:
            raise ValueError(value) from None
    return when.replace(microsecond=0)


def as_int(value: Any) -> int | None:
    """A vote count: '12' → 12, '' → None; anything else raises ValueError."""
    text = str(value).strip()
    if not text:
        return None
    number = int(text)
    if number < 0:
        raise ValueError(text)
    return number
