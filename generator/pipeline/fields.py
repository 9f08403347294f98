"""Typed reading of one raw record's fields, collecting a Problem for each bad value.

Used by `validate`: each method returns the converted value, or None after recording a
problem at the line of the offending key.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from collections.abc import Iterable
from typing import Any

from generator import contact
from generator.constants import DEFAULT_LANGUAGE, SLUG
from generator.errors import Problem
from generator.pipeline import markdown_bounds
from generator.pipeline.records import RawRecord
from generator.timestamps import Timestamp, TimestampError, parse_timestamp

MAX_TEXT = 20_000


# Texts up to this long have their contact kinds looked up once per run: names, tags and
# channels recur on thousands of questions. In validating 100,000 synthetic questions the check
# took 11 of 65 s under cProfile (355,135 texts), most of them repeats.
_SHORT = 200


def contact_kinds(text: str, language: str) -> tuple[str, ...]:
    """`contact.kinds` of `text`; of a short text remembered (a bounded cache)."""
    if len(text) > _SHORT:
        return tuple(contact.kinds(text, language))
    return _short_kinds(text, language)


@functools.lru_cache(maxsize=1 << 16)
def _short_kinds(text: str, language: str) -> tuple[str, ...]:
    return tuple(contact.kinds(text, language))


def never_published(kind: str) -> str:
    """`contains a phone number; phone numbers are never published`, for a contact `kind`."""
    one, every = contact.NAMES[kind]
    return f"contains {one}; {every} are never published"


def show(value: object, limit: int = 60) -> str:
    """A short, one-line rendering of a bad value for a message."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class FieldReader:
    """Reads the fields of one record; problems go to the shared list."""

    def __init__(self, record: RawRecord, problems: list[Problem]) -> None:
        self.record = record
        self.fields = record.fields
        self.problems = problems

    def problem(self, key: str | None, message: str) -> None:
        line = self.fields.line_of(key) if key else self.fields.line
        self.problems.append(Problem(self.record.origin.path, line, message))

    def reject_unknown(self, known: Iterable[str]) -> None:
        allowed = sorted(known)
        for key in self.fields:
            if key not in allowed:
                near = difflib.get_close_matches(key, allowed, n=1)
                hint = f"did you mean '{near[0]}'?" if near else "known: " + ", ".join(allowed)
                self.problem(key, f"unknown field '{key}'; {hint}")

    def text(self, key: str, *, required: bool = False) -> str | None:
        value = self.fields.get(key)
        if value is None or value == "":
            if required:
                self.problem(key, f"missing required field '{key}'")
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.problem(key, f"'{key}' must be text, not {show(value)}")
            return None
        if len(value) > MAX_TEXT:
            self.problem(key, f"'{key}' is too long ({len(value)} characters, at most {MAX_TEXT})")
            return None
        if "\x00" in value:  # a YAML escape can make one; no page, feed or index may hold it
            self.problem(key, f"'{key}' contains a NUL character (\\0)")
            return None
        return value.strip() or None

    def public_text(
        self, key: str, *, required: bool = False, language: str = DEFAULT_LANGUAGE
    ) -> str | None:
        """Text that gets published: never with contact data in it (see `generator.contact`)."""
        value = self.text(key, required=required)
        found = contact_kinds(value, language) if value is not None else ()
        for kind in found:
            self.problem(key, f"'{key}' {never_published(kind)}")
        return value  # the record is refused all the same; no follow-on "missing" problems

    def public_body(self, language: str = DEFAULT_LANGUAGE) -> None:
        """A problem at the line of each piece of contact data in the Markdown body, and one
        when the body would take too long to convert (`markdown_bounds`)."""
        body, line, counted = self.record.body, self.record.body_line, 0
        self.problems += markdown_bounds.problems(body, self.record.origin.path, line, MAX_TEXT)
        for item in contact.find(body, language):  # in order: count each newline once
            line += body.count("\n", counted, item.start)
            counted = item.start
            message = f"the Markdown text {never_published(item.kind)}"
            self.problems.append(Problem(self.record.origin.path, line, message))

    def slug(self, key: str, *, required: bool = False) -> str | None:
        value = self.fields.get(key)
        if value is None:
            if required:
                self.problem(key, f"missing required field '{key}'")
            return None
        if not isinstance(value, str) or not SLUG.match(value):
            self.problem(key, f"'{key}' must be an id of a-z, 0-9 and '-', not {show(value)}")
            return None
        return value

    def slugs(self, key: str) -> tuple[str, ...]:
        value = self.fields.get(key)
        if value is None:
            return ()
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(
            isinstance(i, str) and SLUG.match(i) for i in items
        ):
            self.problem(
                key, f"'{key}' must be a list of ids of a-z, 0-9 and '-', not {show(value)}"
            )
            return ()
        return tuple(dict.fromkeys(items))

    def date(self, key: str) -> dt.date | None:
        value = self.fields.get(key)
        if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.problem(key, f"'{key}' must be a date like 2013-03-05, not {show(value)}")
        return None

    def datetime(self, key: str) -> dt.datetime | None:
        value: Any = self.fields.get(key)
        if isinstance(value, str):
            try:
                value = dt.datetime.fromisoformat(value.strip())
            except ValueError:
                value = _Bad(value)
        if value is None or isinstance(value, dt.datetime):
            return value
        if isinstance(value, dt.date):
            return dt.datetime(value.year, value.month, value.day)
        shown = value.value if isinstance(value, _Bad) else value
        self.problem(
            key,
            f"'{key}' must be a date and time like 2013-03-01T14:03:00+01:00, not {show(shown)}",
        )
        return None

    def count(self, key: str) -> int | None:
        value = self.fields.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.problem(key, f"'{key}' must be a whole number of at least 0, not {show(value)}")
            return None
        return value

    def timestamp(self, key: str, mapping: Any = None) -> Timestamp | None:
        source = self.fields if mapping is None else mapping
        value = source.get(key)
        try:
            return parse_timestamp(value)
        except TimestampError as exc:
            line = source.line_of(key) if hasattr(source, "line_of") else self.fields.line
            self.problems.append(Problem(self.record.origin.path, line, f"'{key}': {exc}"))
            return None

    def choice(self, key: str, options: Iterable[str], default: str | None = None) -> str | None:
        value = self.fields.get(key, default)
        allowed = tuple(options)
        if value is None or value in allowed:
            return value
        self.problem(key, f"'{key}' must be one of {', '.join(allowed)}, not {show(value)}")
        return None

    def web_url(self, key: str) -> str | None:
        value = self.text(key)
        if value is not None and not re.match(r"^https?://[^\s/]+", value):
            self.problem(key, f"'{key}' must be an http(s) address, not {show(value)}")
            return None
        return value


class _Bad:
    def __init__(self, value: object) -> None:
        self.value = value
