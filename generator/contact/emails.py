"""E-mail addresses in a folded text, the plain ones and the spelled-out ones.

Takes a folded text (see `folding`); gives the (start, end) spans of the addresses in it.
Spelled-out separators count in address shape only: `name (at) host (dot) org`,
`name [ät] host [punkt] de`, `name at host dot com`; a bare word `at`/`bei` needs a
spelled-out dot as well, so "look at example.org" stays. Known limit: "look at this dot com"
reads as an address (privacy first). An address without a top-level domain (`root@localhost`)
counts unless it stands inside a URL (`https://example.org/a@b`, `https://host/@name` are
paths, not addresses).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

_AT = (
    r"(?P<at>@|[ \t]@[ \t]|[ \t]{0,3}[\[({<][ \t]{0,3}(?:at|ät|bei|@)[ \t]{0,3}[\])}>][ \t]{0,3}"
    r"|[ \t]{1,3}(?:at|ät|bei)[ \t]{1,3})"
)
_DOT = (
    r"(?:\.|[ \t]\.[ \t]|[ \t]{0,3}[\[({<][ \t]{0,3}(?:dot|punkt|\.)[ \t]{0,3}[\])}>][ \t]{0,3}"
    r"|[ \t]{1,3}(?:dot|punkt)[ \t]{1,3})"
)
# Possessive (`{1,64}+`): what follows a word never starts with a word character, so giving
# characters back could not help; without it each word was tried once per length, 5x the time.
_LOCAL_WORD = r"[\w'+-]{1,64}+"
_LABEL = r"[\w-]{1,63}+"
# Bounded repetition only (local part 64, labels 63, at most 9 labels), anchored at the start
# of a word: linear in the text.
_ADDRESS = re.compile(
    rf"(?<![\w.'+@-])(?P<local>{_LOCAL_WORD}(?:{_DOT}{_LOCAL_WORD}){{0,5}}){_AT}"
    rf"(?P<domain>{_LABEL}(?:{_DOT}{_LABEL}){{0,8}})",
    re.IGNORECASE,
)
# Where an address may be: near an "@" or an "at" of its own (see `_matches`).
# The same as r"@|\b(?:at|ät|bei)\b" with IGNORECASE ("ı" and "İ" are an "i" to it), but
# starting with a character class, which `re` skips to 15 times faster.
_HINT = re.compile(
    r"[@aAäÄbB](?:(?<=@)|(?<=[aAäÄ])(?<!\w[aAäÄ])[tT](?!\w)"
    r"|(?<=[bB])(?<!\w[bB])[eE][iIİı](?!\w))"
)
_BLOCK = 4096  # > 500 + 750: an address lies in its hint's block and the ones either side
_PLAIN_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)+")
_DOT_SPLIT = re.compile(f"({_DOT})", re.IGNORECASE)  # kept in the split: no second pass
_BRACKET = re.compile(r"[\[({<]")
_URL = re.compile(r"\b(?:https?|ftp)://[^\s<>\"']{1,4096}", re.IGNORECASE)
_TLD = re.compile(r"[^\W\d_]{2,24}")
_HOST = re.compile(r"[^\W\d_][\w-]{0,62}")
_DENSITY = re.compile(r"\d{1,2}x")  # "icon@2x.png": an image for dense screens
# Top-level domains a spelled-out dot must end in ("… punkt de"): every two-letter country
# code, and the common generic ones; "bei Punkt drei" is no address.
_SPELLED_TLDS = {
    "com", "org", "net", "edu", "gov", "int", "mil", "info", "biz", "name", "pro", "mobi",
    "museum", "online", "shop", "app", "dev", "io", "ai",
}  # fmt: skip


def find(text: str) -> list[tuple[int, int]]:
    """The spans of the e-mail addresses in the folded `text`, in order."""
    found = []
    urls: _Urls | None = None
    for match in _matches(text):
        domain = match.group("domain")
        if match.group("at") == "@" and _PLAIN_DOMAIN.fullmatch(domain):
            # the common case, decided without splitting on spelled-out dots
            labels = domain.split(".")
            if _TLD.fullmatch(labels[-1].lower()) and not _DENSITY.fullmatch(labels[0]):
                found.append(match.span())
            continue
        parts = _DOT_SPLIT.split(domain)  # label, dot, label, …
        labels = [s.strip() for s in parts[::2]]
        if len(labels) >= 2 and _is_address(match, labels, parts[1::2]):
            found.append((match.start(), _domain_end(match)))
        elif len(labels) == 1 and _is_host_address(match, labels[0]):
            urls = _Urls(text) if urls is None else urls
            if not urls.holds(match.start()):
                found.append(match.span())
    return found


def _matches(text: str) -> Iterator[re.Match[str]]:
    """`_ADDRESS.finditer(text)`, tried only in blocks near an `@` or a spelled-out "at".

    An address holds one, at most 500 characters after its start and 750 before its end;
    each block of 4,096 characters that has one is searched with the blocks either side.
    Text without any (digits, prose) is only scanned by a simple pattern, 5 times faster.
    """
    last = 0
    for start, end in _windows(text):
        position = max(start, last)
        while match := _ADDRESS.search(text, position, end):
            yield match
            position = last = match.end()


def _windows(text: str) -> Iterator[tuple[int, int]]:
    """The stretches of `text` an address may lie in: blocks with a hint and their neighbours."""
    window: list[int] = []
    for block in range(0, len(text), _BLOCK):
        if _HINT.search(text, block, block + _BLOCK + 3):  # + 3: a "bei" across the border
            start, end = max(0, block - _BLOCK), block + 2 * _BLOCK
            if window and start <= window[1]:
                window[1] = end
            else:
                if window:
                    yield window[0], window[1]
                window = [start, end]
    if window:
        yield window[0], window[1]


class _Urls:
    """The URLs of a text, found once, asked by position in logarithmic time."""

    def __init__(self, text: str) -> None:
        spans = [u.span() for u in _URL.finditer(text)]  # in order, not overlapping
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]

    def holds(self, position: int) -> bool:
        index = bisect.bisect_right(self.starts, position) - 1
        return index >= 0 and position < self.ends[index]


def _is_address(match: re.Match[str], labels: list[str], dots: list[str]) -> bool:
    spelled = any(d.strip() != "." for d in dots)
    tld = labels[-1].lower()
    if not _TLD.fullmatch(tld) or _DENSITY.fullmatch(labels[0]):
        return False
    if spelled and len(tld) != 2 and tld not in _SPELLED_TLDS:
        return False
    if spelled:
        return True
    at = match.group("at")
    return at.strip().strip("[](){}<> \t").lower() == "@" or bool(_BRACKET.search(at))


def _domain_end(match: re.Match[str]) -> int:
    """The end of the domain: a spelled-out dot may have swallowed spaces after the TLD."""
    return match.end() - (len(match.group("domain")) - len(match.group("domain").rstrip()))


def _is_host_address(match: re.Match[str], host: str) -> bool:
    """`root@localhost`: a plain local word, `@` right between, a host name after it."""
    local = match.group("local")
    return (
        match.group("at") == "@"
        and local[0].isalpha()
        and "." not in local
        and bool(_HOST.fullmatch(host))
    )
