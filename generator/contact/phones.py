"""Phone numbers in a folded text, checked against the regions of the text's language.

Takes a folded text (see `folding`) and a language; gives the (start, end) spans of the phone
numbers in it. A cheap pattern finds where a number may start and the run of digits and
separators after it (at most 35 characters); only those runs are checked, each against the
metadata of `phonenumbers` (see `numbers`): national numbers in the regions of the language
(`de`: DE, AT, CH), international ones (`+49 …`, `0049 …`, and `49 151 …` when the first
group is a country code) anywhere.
"""

from __future__ import annotations

import collections
import functools
import itertools
import re
from collections.abc import Callable, Iterator

from generator.constants import DEFAULT_LANGUAGE
from generator.contact import numbers

# Where a phone number may start: `+49`, `0049`, `0171`, `(0171)`, `49 151 …` (a country code
# as its own group), `(202) 456-1111`; never inside a word, a decimal, a time or a range. The
# run after it is bounded (35 characters), so the search is linear in the text. `first`: the
# run up to the first group starting with 0 or "(", where the next number may begin
# ("030 1234567 / 030 1234568"); taken here, it costs no second search.
_RUN = r"[\d \t()/.\-–]"
_CANDIDATE = re.compile(
    r"(?<![\w+.,:/\-–])(?=\+[ \t]?\d|\([ \t]?[0+]|0\d|0[ \t]\d\d|[1-9]\d{0,2}[ \t]\d\d"
    r"|\(?[2-9]\d\d\)?[ .\-]\d{3}[ .\-]\d{4}(?!\d))"
    rf"(?:(?=(?P<first>[+(]{{0,2}}[ \t]?\d(?:{_RUN}{{0,32}}?\d)??)"
    r"(?P<gap>[ \t]{1,3}(?:/[ \t]{1,3})?(?:\(|0\d\d))))?"
    rf"[+(]{{0,2}}[ \t]?\d{_RUN}{{0,32}}"
)
_GROUP_END = re.compile(r"\d(?!\d)")
_NATIONAL_ZERO = re.compile(r"\([ \t]?0[ \t]?\)")  # "+49 (0) 171": the 0 is dialled at home only
_DATE = re.compile(r"(?<!\d)\d{1,2}[./-]\d{1,2}[./-](?:19|20)?\d\d(?!\d)|(?<!\d)\d{4}-\d\d-\d\d")
_FIRST_GROUP = re.compile(r"\d{1,3}(?=[ \t])")
_SEPARATORS = "+( \t)/.-–"  # what a run holds besides digits
_DROP = str.maketrans("", "", _SEPARATORS)
_CHECKERS: collections.defaultdict[tuple[str, ...], dict[str, Callable[[str], bool] | None]] = (
    collections.defaultdict(dict)
)
_REGIONS = {
    "de": ("DE", "AT", "CH"),
    "en": ("GB", "US", "IE"),
    "fr": ("FR", "BE", "CH"),
    "it": ("IT", "CH"),
    "nl": ("NL", "BE"),
}


def regions(language: str) -> tuple[str, ...]:
    """The phone regions national numbers are read in: `de-AT` → AT, DE, CH; `de` → DE, AT, CH."""
    parts = language.replace("_", "-").split("-")
    own = tuple(p.upper() for p in parts[1:2] if len(p) == 2)
    default = _REGIONS.get(parts[0].lower(), _REGIONS[DEFAULT_LANGUAGE])
    return own + tuple(r for r in default if r not in own)


def find(text: str, language: str) -> list[tuple[int, int]]:
    """The spans of the phone numbers in the folded `text`, in order."""
    found: list[tuple[int, int]] = []
    where = regions(language)
    checkers = _CHECKERS[where]
    position = 0
    search = _CANDIDATE.search
    while match := search(text, position):
        run, start = match.group(), match.start()
        check = _checker(run, where, checkers)
        end = _longest_phone(match, text, check) if check else 0
        if end:
            # "(+49 171 1234567)": a bracket that is not closed inside belongs to the sentence.
            opened = run[0] == "(" and ")" not in run[:end]
            found.append((start + opened, start + end))
            position = start + end
        else:
            position = match.end()
    return found


def _longest_phone(match: re.Match[str], text: str, check: Callable[[str], bool]) -> int:
    """The length of the longest phone number the run of `match` starts with; 0: none.

    A group starting with 0 or "(" may begin the next number, so the end before it (if it
    lies inside the run) is tried first, then the ends of the last 8 groups, longest first.
    """
    run, offset = match.group(), match.start()
    gap = match.end("gap")
    first = match.end("first") - offset if 0 <= gap <= match.end() else 0
    if first and _is_phone(run, first, text, offset, check):
        return first
    for end in itertools.islice(_group_ends(run), 8):
        if end != first and _is_phone(run, end, text, offset, check):
            return end
    return 0


def _is_phone(run: str, end: int, text: str, offset: int, check: Callable[[str], bool]) -> bool:
    """Whether `run[:end]` is a phone number, standing apart from what follows it."""
    after = text[offset + end : offset + end + 2]
    if after[:1].isalnum() or (after[:1] in ".,:" and after[1:2].isdigit()):
        return False
    candidate = run[:end]
    if "(" in candidate:
        candidate = _NATIONAL_ZERO.sub(" ", candidate)
    digits = candidate.replace(" ", "")  # most numbers: digits and spaces, and this is fast
    if not digits.isdigit():
        if _is_date(candidate):
            return False
        digits = digits.translate(_DROP)
    return check(digits)


def _group_ends(run: str) -> Iterator[int]:
    """Where each group of digits in `run` ends, the last group first."""
    if not run.isascii():  # digits of other scripts, which `str.rstrip` below would not see
        yield from reversed([m.end() for m in _GROUP_END.finditer(run)])
        return
    end = len(run.rstrip(_SEPARATORS))
    while end:
        yield end
        end = len(run[:end].rstrip("0123456789").rstrip(_SEPARATORS))


def _is_date(candidate: str) -> bool:
    return ("." in candidate or "/" in candidate or "-" in candidate) and bool(
        _DATE.search(candidate)
    )


def _checker(
    run: str, where: tuple[str, ...], checkers: dict[str, Callable[[str], bool] | None]
) -> Callable[[str], bool] | None:
    """How the digits of a candidate starting like `run` are checked; None: no phone number.

    Decided by the first 4 characters after brackets and "(0)", so remembered for them. A
    "(0)" further on cannot reach them: a run starts with at most 3 of "+", "(" and a space.
    """
    head = (_NATIONAL_ZERO.sub(" ", run) if "(" in run[:8] else run).lstrip(" \t(")[:4]
    if head in checkers:
        return checkers[head]
    check = _checker_for(head, where)
    if len(checkers) < 4096:  # heads are 4 characters of a run: bounded, but not by much
        checkers[head] = check
    return check


def _checker_for(head: str, where: tuple[str, ...]) -> Callable[[str], bool] | None:
    if head[:1] == "+":
        return _international_plus
    if head[:2] == "00":
        return _international_zeros
    if head[:1] == "0":
        return _national_check(where)
    first = _FIRST_GROUP.match(head)
    if first and numbers.is_country_code(first.group(0)):
        return _bare_code_check(first.group(0))
    if "US" in where:
        return _us()
    return None


def _international_plus(digits: str) -> bool:
    return 7 <= len(digits) <= 15 and numbers.possible(digits)


def _international_zeros(digits: str) -> bool:
    return 7 <= len(digits) - 2 <= 15 and numbers.possible(digits[2:])


@functools.cache
def _national_check(where: tuple[str, ...]) -> Callable[[str], bool]:
    valid = numbers.national_pattern(where).match
    return lambda digits: 7 <= len(digits) <= 17 and valid(digits) is not None


@functools.cache
def _bare_code_check(code: str) -> Callable[[str], bool]:
    # "49 151 23456789": an international number without its +, the code a group of its own
    return lambda digits: 10 <= len(digits) <= 15 and numbers.international(digits, code)


@functools.cache
def _us() -> Callable[[str], bool]:
    # "(202) 456-1111": ten digits, without the 1 dialled before them
    valid = numbers.national_pattern(("US",)).match
    return lambda digits: len(digits) == 10 and valid(digits) is not None
