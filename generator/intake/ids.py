"""Question ids and comparison keys of imported records.

Takes the records of an import (scrubbed), which of them are new, and the talk's language and
taken ids; gives each record's comparison key (`clean.comparison_key`, what the duplicate search
compares) and each new one an id: the slug of its first words, numbered when taken. Keys and
slugs are worked out on every core for a large import; the numbering runs in ask order.
"""

from __future__ import annotations

from collections.abc import Sequence

from generator.intake import parallel
from generator.intake.formats.base import Incoming
from generator.intake.formats.clean import comparison_key, removed_marker, slug

FALLBACK_ID = {"de": "frage", "en": "question"}
PARALLEL_FROM = 20_000  # records; fewer are worked on in this process alone


def keys_and_slugs(
    records: Sequence[Incoming], is_new: Sequence[bool], language: str
) -> tuple[list[str], list[str | None]]:
    """Each record's comparison key, and the slug its id starts from (None: not new); worked
    out on every core for a large import (about 3 s of 200,000 benchmark rows on one)."""

    def made(begin: int, end: int) -> list[tuple[str, str | None]]:
        return [
            (comparison_key(r.text), Ids.base(r.text, language) if new else None)
            for r, new in zip(records[begin:end], is_new[begin:end], strict=True)
        ]

    count = parallel.processes(len(records), PARALLEL_FROM)
    found = parallel.run(made, parallel.even_chunks(0, len(records), count))
    return [key for key, _ in found], [base for _, base in found]


class Ids:
    """Question ids taken so far; a new one gets the first free `slug`, `slug-2`, `slug-3`, …"""

    def __init__(self, taken: set[str]) -> None:
        self.taken = taken
        # A slug's number last given: every one below is taken, and stays so (taken only grows).
        self.next_number: dict[str, int] = {}

    @staticmethod
    def base(text: str, language: str) -> str:
        """The slug a question's id starts from."""
        return slug(text.replace(removed_marker(language), " ")) or FALLBACK_ID.get(
            language, FALLBACK_ID["en"]
        )

    def new(self, base: str) -> str:
        """The first free id of `base`, `base-2`, `base-3`, …"""
        number = self.next_number.get(base, 1)  # 1: the slug itself
        candidate = base if number == 1 else f"{base}-{number}"
        while candidate in self.taken:
            number += 1
            candidate = f"{base}-{number}"
        self.next_number[base] = number
        self.taken.add(candidate)
        return candidate
