"""Imported records made ready to plan: contact data scrubbed, unstorable text refused.

Takes the records an importer parsed, the file's path and the talk's language; gives the records
with every e-mail address, phone number and IP address removed from text and name (names dropped
when anonymous), in the order they were asked; or a ContentError naming every record that is
empty, too long or holds a NUL or a lone surrogate. Large imports are scrubbed on every core.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import replace

from generator.errors import ContentError, Problem
from generator.intake import parallel
from generator.intake.formats.base import Incoming
from generator.intake.formats.clean import one_line, removed_marker, scrub, scrub_name

MAX_QUESTION = 20_000  # validate's limit for text fields
PARALLEL_FROM = 20_000  # records: fewer are scrubbed in this process alone


def prepare(
    records: Sequence[Incoming], path: str, language: str, anonymous: bool
) -> list[Incoming]:
    """Records with contact data scrubbed (and names dropped when anonymous); empty ones fail."""
    problems = [p for record in records for p in _unstorable(path, record)]

    def cleaned(begin: int, end: int) -> list[tuple[str, str | None]]:
        return [
            (
                one_line(scrub(record.text, language)),
                None if anonymous else scrub_name(record.asked_by, language),
            )
            for record in records[begin:end]
        ]

    # The scrubber's patterns are most of preparing (12 s of 200,000 rows): on every core.
    characters = sum(len(r.text) + len(r.asked_by or "") for r in records)
    count = parallel.processes(len(records), PARALLEL_FROM, characters)
    texts = parallel.run(cleaned, parallel.even_chunks(0, len(records), count))
    prepared = []
    for record, (text, name) in zip(records, texts, strict=True):
        if not text.replace(removed_marker(language), "").strip(" ?!.,;:-()[]"):
            problems.append(
                Problem(path, record.line, "empty question: there is no text to import")
            )
        elif len(text) > MAX_QUESTION:
            message = f"question is too long ({len(text)} characters, at most {MAX_QUESTION})"
            problems.append(Problem(path, record.line, message))
        prepared.append(replace(record, text=text, asked_by=name))
    if problems:
        raise ContentError(problems)
    return sorted(prepared, key=_ask_order)


# What no question file can hold: yamlio refuses NUL, and UTF-8 has no lone surrogates. Found
# before scrubbing (which would drop them from the text) so that the editor learns of a broken
# export instead of a question quietly changed or a `source` no re-import recognises.
_UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")


def _unstorable(path: str, record: Incoming) -> list[Problem]:
    """A problem for each field of `record` that holds a NUL or a lone surrogate."""
    fields = (("question", record.text), ("asked_by", record.asked_by), ("source", record.source))
    return [
        Problem(path, record.line, f"{name} {unstorable}")
        for name, value in fields
        if value and (unstorable := unstorable_character(value))
    ]


def unstorable_character(value: str) -> str | None:
    """`holds …, which no question file can store` for a NUL or a lone surrogate; else None."""
    found = _UNSTORABLE.search(value)
    if found is None:
        return None
    char = found.group()
    what = "NUL" if char == "\x00" else "a lone surrogate"
    return f"holds the character U+{ord(char):04X} ({what}), which no question file can store"


def _ask_order(record: Incoming) -> tuple[float, int]:
    when = record.asked_at
    if when is None:
        return (float("inf"), record.line)
    aware = when if when.tzinfo else when.replace(tzinfo=dt.UTC)
    return (aware.timestamp(), record.line)
