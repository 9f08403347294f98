"""Contact data in text that gets published: e-mail addresses, phone numbers, IP addresses.

Takes a text (a question from the public, a name, a summary the editor wrote) and its language;
gives the `Found` spans of contact data in that very text (`find`), or the text with each span
replaced (`scrub`). Import scrubs with it, `wunschzeit check` refuses what it finds: one
definition of contact data for both. Imports nothing of the package but `constants`.

Disguises are undone first, on a copy whose every character remembers where it came from:
Unicode NFKC (fullwidth `＠`, `１２３`), invisible format characters (zero-width space, soft
hyphen) dropped, `%40`/`%2E` and `&#64;`/`&commat;` decoded, `\\@` unescaped. Spelled-out
separators count in address shape only: `name (at) host (dot) org`, `name [ät] host [punkt] de`,
`name at host dot com`; a bare word `at`/`bei` needs a spelled-out dot as well, so "look at
example.org" stays. Known limit: "look at this dot com" reads as an address (privacy first).
Phone numbers are checked with `phonenumbers` against the regions of the language (`de`: DE,
AT, CH) and in international form (`+49 …`, `0049 …`, and `49 151 …` when the first group is
a country code). An address without a top-level domain (`root@localhost`) counts unless it
stands inside a URL (`https://example.org/a@b`, `https://host/@name` are paths, not addresses).

Every pattern is linear: bounded repetition only, tokens capped (local part 64, labels 63, a
phone number 34 characters), each pattern anchored at a token start; see benchmarks/contact.py.
"""

from __future__ import annotations

import bisect
import functools
import ipaddress
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import phonenumbers

from generator.constants import DEFAULT_LANGUAGE

EMAIL, PHONE, IP = "email", "phone", "ip"
# How messages name each kind: one of them, and all of them.
NAMES = {
    EMAIL: ("an e-mail address", "e-mail addresses"),
    PHONE: ("a phone number", "phone numbers"),
    IP: ("an IP address", "IP addresses"),
}


@dataclass(frozen=True, order=True)
class Found:
    """Contact data at `text[start:end]` of the text given to `find`."""

    start: int
    end: int
    kind: str  # EMAIL, PHONE or IP


def find(text: str, language: str = DEFAULT_LANGUAGE) -> list[Found]:
    """The contact data in `text`, in order, not overlapping, as spans of `text` itself."""
    folded = _fold(text)
    spans = [*_emails(folded.text), *_ips(folded.text), *_phones(folded.text, language)]
    found: list[Found] = []
    last = 0  # where the last span ended, in the folded text
    for start, end, kind in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start >= last:
            found.append(Found(folded.origin(start), folded.origin(end - 1, end=True), kind))
            last = end
    return found


def kinds(text: str, language: str = DEFAULT_LANGUAGE) -> list[str]:
    """The kinds of contact data in `text`, each once, in the order of NAMES."""
    found = {item.kind for item in find(text, language)}
    return [kind for kind in NAMES if kind in found]


def scrub(text: str, replacement: str, language: str = DEFAULT_LANGUAGE) -> str:
    """`text` with each piece of contact data replaced by `replacement`."""
    parts, last = [], 0
    for item in find(text, language):
        parts += [text[last : item.start], replacement]
        last = item.end
    return "".join(parts) + text[last:]


# --- folding: the text with its disguises undone, each character mapped back -----------------

_ESCAPE = (
    r"%(?:40|2[eE])|&(?:#0{0,3}64|#[xX]0{0,3}40|#0{0,3}46|#[xX]0{0,3}2[eE]|commat|period);"
    r"|\\[@.]"
)
_ESCAPES = re.compile(_ESCAPE)
_SPECIAL = rf"(?:{_ESCAPE}|[^\x00-\x7f])"
# Stretches with something to fold, short plain gaps included: a piece per stretch, not per
# character, keeps "a\u200b" repeated a million times from making a million pieces.
_STRETCH = re.compile(rf"{_SPECIAL}(?:[\x00-\x7f]{{0,16}}?{_SPECIAL}){{0,255}}")
_ENTITIES = {"commat": "@", "period": ".", "64": "@", "x40": "@", "46": ".", "x2e": "."}
_DOTS = {"\u3002": ".", "\uff61": ".", "\u2024": "."}  # ideographic and one-dot leaders
_TABLE: dict[int, str] = {}  # character → its folded form, filled as characters are met
_UNEVEN: set[str] = set()  # characters that fold to more or fewer than one


@dataclass(frozen=True)
class _Folded:
    """The folded text; piece i starts at `starts[i]`, came from `sources[i]` of the original.

    A piece is plain text (mapped one to one) or a stretch that changed length; a stretch is
    mapped character by character only when a span starts or ends in it.
    """

    text: str
    starts: tuple[int, ...]
    sources: tuple[tuple[int, str | None], ...]  # (start, the stretch if it changed length)

    def origin(self, index: int, *, end: bool = False) -> int:
        """Where the folded character at `index` starts (or with `end`, ends) in the original."""
        piece = bisect.bisect_right(self.starts, index) - 1
        if piece < 0:
            return index + end
        start, stretch = self.sources[piece]
        offset = index - self.starts[piece]
        if stretch is None:
            return start + offset + end
        chars = _stretch_chars(stretch)
        _, at, size = chars[bisect.bisect_right(chars, (offset, len(stretch), 0)) - 1]
        return start + at + (size if end else 0)


@functools.lru_cache(maxsize=64)
def _stretch_chars(stretch: str) -> list[tuple[int, int, int]]:
    """(folded offset, original offset, original length) of each part of a changed stretch."""
    found, size, position = [], 0, 0
    while position < len(stretch):
        escape = _ESCAPES.match(stretch, position)
        raw = escape.group(0) if escape else stretch[position]
        folded = _fold_escape(raw) if escape else _TABLE.get(ord(raw), raw)
        if folded:
            found.append((size, position, len(raw)))
        size += len(folded)
        position += len(raw)
    return found or [(0, 0, 0)]


def _fold_escape(raw: str) -> str:
    """`%40` → `@`, `&#x2e;` → `.`, `\\@` → `@` (Markdown's escape)."""
    if raw[0] == "\\":
        return raw[1]
    if raw[0] == "%":
        return "@" if raw[1:] == "40" else "."
    name = raw[1:-1].lower()  # "commat", "#64", "#x0040"
    if name.startswith("#x"):
        name = "x" + name[2:].lstrip("0")
    elif name.startswith("#"):
        name = name[1:].lstrip("0")
    return _ENTITIES[name]


def _fold_char(char: str) -> str:
    if unicodedata.category(char) == "Cf":  # zero-width space and joiners, soft hyphen, BOM
        return ""
    folded = unicodedata.normalize("NFKC", char)
    return _DOTS.get(folded, folded)


def _learn(stretch: str) -> bool:
    """Put the characters of `stretch` into the table; True when each folds to exactly one."""
    for char in set(stretch).difference(map(chr, _TABLE)) if len(_TABLE) < 65536 else ():
        folded = _TABLE[ord(char)] = _fold_char(char) if ord(char) > 0x7F else char
        if len(folded) != 1:
            _UNEVEN.add(char)
    return _UNEVEN.isdisjoint(stretch)


def _fold(text: str) -> _Folded:
    if text.isascii() and not _ESCAPES.search(text):
        return _Folded(text, (), ())
    parts: list[str] = []
    starts: list[int] = []
    sources: list[tuple[int, str | None]] = []
    size = last = 0
    for match in _STRETCH.finditer(text):
        stretch = match.group(0)
        even = _learn(stretch) and not _ESCAPES.search(stretch)
        folded = stretch.translate(_TABLE)
        if not even:
            folded = _ESCAPES.sub(lambda m: _fold_escape(m.group(0)), folded)
        starts += [size, size + match.start() - last]
        sources += [(last, None), (match.start(), None if even else stretch)]
        parts += [text[last : match.start()], folded]
        size += match.start() - last + len(folded)
        last = match.end()
    starts.append(size)
    sources.append((last, None))
    parts.append(text[last:])
    return _Folded("".join(parts), tuple(starts), tuple(sources))


# --- e-mail addresses ----------------------------------------------------------------------

_AT = (
    r"(?P<at>@|[ \t]@[ \t]|[ \t]{0,3}[\[({<][ \t]{0,3}(?:at|ät|bei|@)[ \t]{0,3}[\])}>][ \t]{0,3}"
    r"|[ \t]{1,3}(?:at|ät|bei)[ \t]{1,3})"
)
_DOT = (
    r"(?:\.|[ \t]\.[ \t]|[ \t]{0,3}[\[({<][ \t]{0,3}(?:dot|punkt|\.)[ \t]{0,3}[\])}>][ \t]{0,3}"
    r"|[ \t]{1,3}(?:dot|punkt)[ \t]{1,3})"
)
_LOCAL_WORD = r"[\w'+-]{1,64}"
_LABEL = r"[\w-]{1,63}"
_ADDRESS = re.compile(
    rf"(?<![\w.'+@-])(?P<local>{_LOCAL_WORD}(?:{_DOT}{_LOCAL_WORD}){{0,5}}){_AT}"
    rf"(?P<domain>{_LABEL}(?:{_DOT}{_LABEL}){{0,8}})",
    re.IGNORECASE,
)
_SPELLED_DOT = re.compile(rf"^{_DOT}$", re.IGNORECASE)
_DOT_SPLIT = re.compile(_DOT, re.IGNORECASE)
_URL = re.compile(r"\b(?:https?|ftp)://[^\s<>\"']{1,4096}", re.IGNORECASE)
_TLD = re.compile(r"^[^\W\d_]{2,24}$")
_HOST = re.compile(r"^[^\W\d_][\w-]{0,62}$")
_DENSITY = re.compile(r"^\d{1,2}x$")  # "icon@2x.png": an image for dense screens
# Top-level domains a spelled-out dot must end in ("… punkt de"): every two-letter country
# code, and the common generic ones; "bei Punkt drei" is no address.
_SPELLED_TLDS = {
    "com", "org", "net", "edu", "gov", "int", "mil", "info", "biz", "name", "pro", "mobi",
    "museum", "online", "shop", "app", "dev", "io", "ai",
}  # fmt: skip


def _emails(text: str) -> list[tuple[int, int, str]]:
    found = []
    urls: list[tuple[int, int]] | None = None
    for match in _ADDRESS.finditer(text):
        labels = [s.strip() for s in _DOT_SPLIT.split(match.group("domain"))]
        if len(labels) >= 2 and _is_address(match, labels):
            found.append((match.start(), _domain_end(match, labels), EMAIL))
        elif len(labels) == 1 and _is_host_address(match, labels[0]):
            urls = [u.span() for u in _URL.finditer(text)] if urls is None else urls
            if not any(s <= match.start() < e for s, e in urls):
                found.append((match.start(), match.end(), EMAIL))
    return found


def _is_address(match: re.Match[str], labels: list[str]) -> bool:
    at = match.group("at").strip().strip("[](){}<> \t").lower()
    dots = _DOT_SPLIT.findall(match.group("domain"))
    spelled = [d for d in dots if d.strip() != "."]
    tld = labels[-1].lower()
    if not _TLD.match(tld) or _DENSITY.match(labels[0]):
        return False
    if spelled and len(tld) != 2 and tld not in _SPELLED_TLDS:
        return False
    plain_word = at != "@" and not re.search(r"[\[({<]", match.group("at"))
    return bool(spelled) or not plain_word


def _domain_end(match: re.Match[str], labels: list[str]) -> int:
    """The end of the domain: a spelled-out dot may have swallowed spaces after the TLD."""
    return match.end() - (len(match.group("domain")) - len(match.group("domain").rstrip()))


def _is_host_address(match: re.Match[str], host: str) -> bool:
    """`root@localhost`: a plain local word, `@` right between, a host name after it."""
    local = match.group("local")
    return (
        match.group("at") == "@"
        and local[0].isalpha()
        and "." not in local
        and bool(_HOST.match(host))
    )


# --- IP addresses --------------------------------------------------------------------------

_IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.]{0,64}\d)")
_IPV6 = re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])")


def _ips(text: str) -> list[tuple[int, int, str]]:
    found = []
    for match in (*_IPV4.finditer(text), *_IPV6.finditer(text)):
        candidate = match.group(0)
        # "14:03:00" and "1:02:03" are times: only full or `::`-compressed addresses count.
        if ":" in candidate and "::" not in candidate and candidate.count(":") < 5:
            continue
        try:
            ipaddress.ip_address(candidate)
        except ValueError:
            continue
        found.append((match.start(), match.end(), IP))
    return found


# --- phone numbers -------------------------------------------------------------------------

# Where a phone number may start: `+49`, `0049`, `0171`, `(0171)`, `49 151 …` (a country code
# as its own group), `(202) 456-1111`; never inside a word, a decimal, a time or a range.
_PHONE_START = re.compile(
    r"(?<![\w+.,:/\-–])(?:\+[ \t]?\d|\([ \t]?[0+]|0\d|0[ \t]\d\d|[1-9]\d{0,2}(?=[ \t]\d\d)"
    r"|\(?[2-9]\d\d\)?[ .\-]\d{3}[ .\-]\d{4}(?!\d))"
)
_PHONE_RUN = re.compile(r"[+(]{0,2}[ \t]?\d[\d \t()/.\-–]{0,32}")
_GROUP_END = re.compile(r"\d(?!\d)")
_NEXT_NUMBER = re.compile(r"[ \t]{1,3}(?:/[ \t]{1,3})?(?:\+|\(|0\d\d)")
_NATIONAL_ZERO = re.compile(r"\([ \t]?0[ \t]?\)")  # "+49 (0) 171": the 0 is dialled at home only
_DATE = re.compile(r"(?<!\d)\d{1,2}[./-]\d{1,2}[./-](?:19|20)?\d\d(?!\d)|(?<!\d)\d{4}-\d\d-\d\d")
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


def _phones(text: str, language: str) -> list[tuple[int, int, str]]:
    found = []
    where = regions(language)
    position = 0
    while match := _PHONE_START.search(text, position):
        run = _PHONE_RUN.match(text, match.start())
        if run is None:  # pragma: no cover - the start is always the beginning of a run
            position = match.end()
            continue
        end = _longest_phone(run.group(0), text, run.start(), where)
        if end:
            # "(+49 171 1234567)": a bracket that is not closed inside belongs to the sentence.
            opened = run.group(0).startswith("(") and ")" not in run.group(0)[:end]
            found.append((run.start() + opened, run.start() + end, PHONE))
        position = run.start() + (end or len(run.group(0)))
    return found


def _longest_phone(run: str, text: str, offset: int, where: tuple[str, ...]) -> int:
    """The length of the longest phone number `run` starts with; 0 when there is none.

    A group starting with 0 or + begins the next number ("030 1234567 / 030 1234568"), so
    the end before it is tried first, then the others from the longest down.
    """
    check = _checker(_NATIONAL_ZERO.sub(" ", run).lstrip(" \t("), where)
    if check is None:
        return 0
    ends = [m.end() for m in _GROUP_END.finditer(run)]
    nexts = [e for e in ends if _NEXT_NUMBER.match(run, e)][:1]
    for end in [*nexts, *reversed(ends[-8:])]:
        after = text[offset + end : offset + end + 2]
        if after[:1].isalnum() or (after[:1] in ".,:" and after[1:2].isdigit()):
            continue
        candidate = run[:end]
        if not _DATE.search(candidate) and check(_digits(candidate)):
            return end
    return 0


def _digits(candidate: str) -> str:
    return re.sub(r"\D", "", _NATIONAL_ZERO.sub(" ", candidate))


def _checker(run: str, where: tuple[str, ...]) -> Callable[[str], bool] | None:
    """How the digits of a candidate starting like `run` are checked; None: no phone number."""
    if run.startswith("+") or run.startswith("00"):
        plus = 1 if run.startswith("00") else 0
        return lambda digits: 7 <= len(digits) - 2 * plus <= 15 and _possible(digits[2 * plus :])
    if run.startswith("0"):
        return lambda digits: 7 <= len(digits) <= 17 and any(_national(digits, r) for r in where)
    first = re.match(r"\d{1,3}(?=[ \t])", run)
    if first and int(first.group(0)) in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
        code = first.group(0)
        # "49 151 23456789": an international number without its +, the code a group of its own
        return lambda digits: 10 <= len(digits) <= 15 and _international(digits, code)
    if "US" in where:
        return lambda digits: len(digits) == 10 and _national(digits, "US")
    return None


# `phonenumbers.parse` and `is_valid_number` take 26 µs a number; its metadata's patterns
# matched directly take 2 µs: 10 MB of distinct numbers in seconds, not minutes. Tests compare
# the two on random numbers.
_TYPES = (
    "fixed_line", "mobile", "toll_free", "premium_rate", "shared_cost", "personal_number",
    "voip", "pager", "uan", "voicemail",
)  # fmt: skip


@functools.cache
def _patterns(region: str) -> tuple[re.Pattern[str], re.Pattern[str], str, frozenset[int]]:
    """A region's general pattern, any-type pattern, national prefix and possible lengths."""
    meta = phonenumbers.PhoneMetadata.metadata_for_region(region)
    assert meta is not None and meta.general_desc is not None
    descs = [getattr(meta, name) for name in _TYPES]
    types = "|".join(
        f"(?:{d.national_number_pattern})" for d in descs if d and d.national_number_pattern
    )
    lengths = frozenset(meta.general_desc.possible_length or ())
    general = meta.general_desc.national_number_pattern or ""
    return re.compile(general), re.compile(types or "(?!)"), meta.national_prefix or "", lengths


def _national(digits: str, region: str) -> bool:
    """Dialled in `region`: valid there or in a region sharing its country code (07911 is
    Guernsey's, dialled from Britain), as `phonenumbers.is_valid_number` reads it."""
    prefix = _patterns(region)[2]
    number = digits[len(prefix) :] if prefix and digits.startswith(prefix) else digits
    return any(_valid_in(number, r) for r in _siblings(region))


@functools.cache
def _siblings(region: str) -> tuple[str, ...]:
    code = phonenumbers.country_code_for_region(region)
    return tuple(phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(code, (region,)))


def _valid_in(number: str, region: str) -> bool:
    general, types, _, _ = _patterns(region)
    return bool(general.fullmatch(number) and types.fullmatch(number))


def _regions_of(digits: str) -> tuple[str, list[str]]:
    """The country code `digits` starts with (codes are prefix-free) and its regions."""
    for size in (1, 2, 3):
        found = phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(int(digits[:size] or 0))
        if found:
            return digits[:size], [r for r in found if r != "001"]
    return "", []


def _possible(digits: str) -> bool:
    """Written internationally (+, 00), a number is meant to be dialled: a possible length is
    enough, so numbers from ranges newer than the metadata count too."""
    code, where = _regions_of(digits)
    rest = digits[len(code) :]
    lengths = {n for r in where for n in _patterns(r)[3]}
    return bool(code) and (len(rest) in lengths or len(rest.removeprefix("0")) in lengths)


def _international(digits: str, code: str) -> bool:
    found, where = _regions_of(digits)
    rest = digits[len(code) :]
    return found == code and any(_valid_in(rest, r) for r in where)
