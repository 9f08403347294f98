"""Contact data in text that gets published: e-mail addresses, phone numbers, IP addresses.

Takes a text (a question from the public, a name, a summary the editor wrote) and its language;
gives the `Found` spans of contact data in that very text (`find`), or the text with each span
replaced (`scrub`). Import scrubs with it, `wunschzeit check` refuses what it finds: one
definition of contact data for both. Imports nothing of the package but `constants`.

Disguises are undone first (`fold`: NFKC, zero-width characters, `%40`, `&#64;`, `\\@`), then
`emails`, `ips` and `phones` look for their kind in the folded text, and each span is mapped
back to the original. Every pattern is linear: bounded repetition only, tokens capped (local
part 64, labels 63, a phone number 35 characters), each pattern anchored at a token start; a
phone number costs one regular expression match against the `phonenumbers` metadata (see
`numbers`). 10 MB of hostile or contact-dense text takes seconds: benchmarks/contact.py.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import NamedTuple, cast

from generator.constants import DEFAULT_LANGUAGE
from generator.contact import emails, ips, phones
from generator.contact.folding import fold
from generator.contact.phones import regions

__all__ = ["EMAIL", "IP", "NAMES", "PHONE", "Found", "find", "kinds", "regions", "scrub"]

EMAIL, PHONE, IP = "email", "phone", "ip"
# How messages name each kind: one of them, and all of them.
NAMES = {
    EMAIL: ("an e-mail address", "e-mail addresses"),
    PHONE: ("a phone number", "phone numbers"),
    IP: ("an IP address", "IP addresses"),
}


class Found(NamedTuple):
    """Contact data at `text[start:end]` of the text given to `find`.

    A named tuple, not a frozen dataclass: made 2.5 times faster, and 10 MB of contact data
    holds 770,000 of them (1.4 s as dataclasses).
    """

    start: int
    end: int
    kind: str  # EMAIL, PHONE or IP


def find(text: str, language: str = DEFAULT_LANGUAGE) -> list[Found]:
    """The contact data in `text`, in order, not overlapping, as spans of `text` itself."""
    return list(map(_FOUND, _spans(text, language)))


def kinds(text: str, language: str = DEFAULT_LANGUAGE) -> list[str]:
    """The kinds of contact data in `text`, each once, in the order of NAMES."""
    found = {kind for _, _, kind in _spans(text, language)}
    return [kind for kind in NAMES if kind in found]


def scrub(text: str, replacement: str, language: str = DEFAULT_LANGUAGE) -> str:
    """`text` with each piece of contact data replaced by `replacement`."""
    parts, last = [], 0
    for start, end, _ in _spans(text, language):
        parts += [text[last:start], replacement]
        last = end
    return "".join(parts) + text[last:]


def _spans(text: str, language: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of each piece of contact data in `text`; of overlapping pieces the
    one starting first (then the longest) wins."""
    folded = fold(text)
    each = [
        (EMAIL, emails.find(folded.text)),
        (IP, ips.find(folded.text)),
        (PHONE, phones.find(folded.text, language)),
    ]
    found = [(kind, spans) for kind, spans in each if spans]
    if len(found) == 1 and found[0][0] != IP:  # in order, not overlapping: nothing to sort
        kind, spans = found[0]
        return folded.back([(start, end, kind) for start, end in spans])
    return folded.back(_first_wins([(s, -e, kind) for kind, spans in found for s, e in spans]))


def _first_wins(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """(start, end, kind) of the spans (start, -end, kind) that no earlier one overlaps."""
    spans.sort(key=_order)  # IPv4 before IPv6, and "::ffff:1.2.3.4" holds both
    found = []
    last = 0
    for start, negative_end, kind in spans:
        if start >= last:
            last = -negative_end
            found.append((start, last, kind))
    return found


def _order(span: tuple[int, int, str]) -> tuple[int, int]:
    return span[0], span[1]


# Found._make without its Python-level call: 770,000 of them in 10 MB of phone numbers
_FOUND = cast("Callable[[tuple[int, int, str]], Found]", functools.partial(tuple.__new__, Found))
