"""Names and handles: takes who asked (`Mario`, `@ampere_andi`, `LuccioRossi`); gives the
words a moderator would say for it (`ampere`, `andi`; `luccio`, `rossi`), folded like captions.

A handle is read out without its `@`, underscores, digits or camel case; words of one or two
letters and common English filler (`the`, `real`, `official`) say nothing about who asked.
"""

from __future__ import annotations

from generator.align.text import words

MIN_LENGTH = 3
_FILLER = frozenset(
    {"the", "real", "official", "mr", "mrs", "ms", "dr", "herr", "frau", "mme", "user", "anon"}
)


def name_parts(asked_by: str | None) -> list[str]:
    """The distinct words of a name or handle that are worth looking for in captions."""
    if not asked_by:
        return []
    parts = words(asked_by.replace("@", " "))
    kept = (p for p in parts if len(p) >= MIN_LENGTH and not p.isdigit() and p not in _FILLER)
    return list(dict.fromkeys(kept))
