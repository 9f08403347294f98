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
# run after it is bounded (35 characters), so the search is linear in the text.
_RUN = r"[\d \t()/.\-–]"
_CANDIDATE = re.compile(
    r"(?<![\w+.,:/\-–])(?=\+[ \t]?\d|\([ \t]?[0+]|0\d|0[ \t]\d\d|[1-9]\d{0,2}[ \t]\d\d"
    r"|\(?[2-9]\d\d\)?[ .\-]\d{3}[ .\-]\d{4}(?!\d))"
    rf"[+(]{{0,2}}[ \t]?\d{_RUN}{{0,32}}"
)
# Where the next number may begin inside a run: a group starting with 0 or "(" after a gap
# ("030 1234567 / 030 1234568"). Searched for only in runs that may be numbers: as a
# lookahead of `_CANDIDATE` it took 60 % of the search's time on text of phone numbers.
_GAP = re.compile(r"(?<=\d)[ \t]{1,3}(?:/[ \t]{1,3})?(?:\(|0\d\d)")
_GROUP_END = re.compile(r"\d(?!\d)")
_DIGIT = re.compile(r"\d")
_NATIONAL_ZERO = re.compile(r"\([ \t]?0[ \t]?\)")  # "+49 (0) 171": the 0 is dialled at home only
_DATE = re.compile(r"(?<!\d)\d{1,2}[./-]\d{1,2}[./-](?:19|20)?\d\d(?!\d)|(?<!\d)\d{4}-\d\d-\d\d")
_FIRST_GROUP = re.compile(r"\d{1,3}(?=[ \t])")
_SEPARATORS = "+( \t)/.-–"  # what a run holds besides digits
_DROP = str.maketrans("", "", _SEPARATORS)
_DROP_BYTES = _SEPARATORS.encode()
# How a candidate's digits are checked: a test, and the fewest and most digits it accepts.
_Check = tuple[Callable[[str], bool], int, int]
_CHECKERS: collections.defaultdict[tuple[str, ...], dict[str, _Check | None]] = (
    collections.defaultdict(dict)
)
_UNKNOWN: _Check = (bool, 0, 0)  # a head not looked up yet
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
    append = found.append
    position = 0
    search = _CANDIDATE.search
    while match := search(text, position):
        run = match.group()
        head = run[:4] if "(" not in run[:8] else _head(run)  # most runs: no call
        check = checkers.get(head, _UNKNOWN)
        if check is _UNKNOWN:
            check = _checker(head, where, checkers)
        end = _longest_phone(match, run, text, check) if check else 0
        if end:
            start = match.start()
            # "(+49 171 1234567)": a bracket that is not closed inside belongs to the sentence.
            opened = run[0] == "(" and ")" not in run[:end]
            append((start + opened, start + end))
            position = start + end
        else:
            # No number starts here, but one may start inside the run ("(202) 060-4196
            # (202) 350-7773", "0999 99 0171 1234567"): go on from the first gap, as
            # `_longest_phone` sees them; each gap at most once, so the search stays linear.
            gap = _GAP.search(text, match.start() + 1, match.end()) if " " in run else None
            position = gap.start() if gap else match.end()
    return found


def _longest_phone(match: re.Match[str], run: str, text: str, check: _Check) -> int:
    """The length of the longest phone number the run of `match` starts with; 0: none.

    A group starting with 0 or "(" may begin the next number, so the end before it (if it
    lies inside the run) is tried first, then the ends of the last 8 groups, longest first;
    an end with too few or too many digits for `check` is not looked at further.
    """
    test, low, high = check
    offset, stop = match.span()
    first = 0
    gap = _GAP.search(text, offset, stop + 10) if " " in run or "\t" in run else None
    if gap and gap.end() <= stop:
        first = gap.start() - offset
        digits = run[:first].replace(" ", "")  # the common "0171 1234567 0171 …"
        if digits.isdigit() and test(digits):  # (a space follows: nothing to check after it)
            return first
        if not digits.isdigit() and _is_phone(run, first, text, offset, test):
            return first
    for end, count in itertools.islice(_group_ends(run), 8):
        if count < low:
            break  # shorter ends hold fewer digits still
        if count - run.count("(", 0, end) > high or end == first:
            continue  # too many digits (a "(0)" drops one)
        if _is_phone(run, end, text, offset, test):
            return end
    return 0


def _is_phone(run: str, end: int, text: str, offset: int, test: Callable[[str], bool]) -> bool:
    """Whether `run[:end]` is a phone number, standing apart from what follows it."""
    after = text[offset + end : offset + end + 2]
    if after[:1].isalnum() or (after[:1] in ".,:" and after[1:2].isdigit()):
        return False
    candidate = run[:end]
    digits = candidate.replace(" ", "")  # most numbers: digits and spaces, and this is fast
    if not digits.isdigit():
        if "0)" in candidate or "0 )" in candidate or "0\t)" in candidate:
            candidate = _NATIONAL_ZERO.sub(" ", candidate)
        if _is_date(candidate):
            return False
        if candidate.isascii() or candidate.replace("–", "").isascii():  # bytes: 2.4x as fast
            digits = candidate.encode().translate(None, _DROP_BYTES).decode()  # "–" as well
        else:
            digits = candidate.translate(_DROP)
    return test(digits)


def _group_ends(run: str) -> Iterator[tuple[int, int]]:
    """Where each group of digits in `run` ends, the last group first, and how many digits
    the run holds up to there (at least as many as its number will have)."""
    if not run.isascii() and not run.replace("–", "").isascii():  # digits of other scripts
        for end in reversed([m.end() for m in _GROUP_END.finditer(run)]):
            yield end, len(_DIGIT.findall(run, 0, end))
        return
    end = len(run.rstrip(_SEPARATORS))
    count = len(run[:end].encode().translate(None, _DROP_BYTES))  # the bytes of "–" as well
    while end:
        yield end, count
        shorter = len(run[:end].rstrip("0123456789"))
        count -= end - shorter
        end = len(run[:shorter].rstrip(_SEPARATORS))


def _is_date(candidate: str) -> bool:
    # a date has two of ".", "/" and "-": counting them is faster than the search
    separators = candidate.count(".") + candidate.count("/") + candidate.count("-")
    return separators >= 2 and bool(_DATE.search(candidate))


def _head(run: str) -> str:
    """What decides how a run is checked: its first 4 characters after brackets and "(0)".

    A run starts with at most 3 of "+", "(" and a space, so most heads lie in its first 8
    characters; "(0) (0) (0) 12…" is why the whole run is read.
    """
    if "0)" in run or "0 )" in run or "0\t)" in run:  # what a "(0)" holds: mostly none
        run = _NATIONAL_ZERO.sub(" ", run)
    return run.lstrip(" \t(")[:4]


def _checker(
    head: str, where: tuple[str, ...], checkers: dict[str, _Check | None]
) -> _Check | None:
    """How the digits of a candidate with `head` (see `_head`) are checked; None: no phone
    number. Remembered in `checkers`."""
    check = _checker_for(head, where)
    if len(checkers) < 4096:  # heads are 4 characters of a run: bounded, but not by much
        checkers[head] = check
    return check


def _checker_for(head: str, where: tuple[str, ...]) -> _Check | None:
    if head[:1] == "+":
        return _international_plus, 7, 15
    if head[:2] == "00":
        return _international_zeros, 9, 17
    if head[:1] == "0":
        return _national_check(where), 7, 17
    first = _FIRST_GROUP.match(head)
    if first and numbers.is_country_code(first.group(0)):
        return _bare_code_check(first.group(0)), 10, 15
    if "US" in where:
        return _us(), 10, 10
    return None


# Each test checks the length of the digits itself (the bounds of its _Check are a shortcut).
def _international_plus(digits: str) -> bool:
    return 7 <= len(digits) <= 15 and numbers.possible(digits)


def _international_zeros(digits: str) -> bool:
    return 9 <= len(digits) <= 17 and numbers.possible(digits[2:])


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
