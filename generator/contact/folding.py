"""Folding: a text with the disguises of contact data undone, each character mapped back.

Takes a text; gives `Folded`: the text under Unicode NFKC (fullwidth `＠`, `１２３`), without
invisible format characters (zero-width space, soft hyphen), with `%40`/`%2E`, `&#64;`/`&commat;`
and `\\@` decoded, and a way back from each folded index to the original one. Pure ASCII text
without escapes (most text) is returned as it is, in one scan.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass

_AT_ESCAPE = r"%40|&(?:#0{0,3}64|#[xX]0{0,3}40|commat);|\\@"
_DOT_ESCAPE = r"%2[eE]|&(?:#0{0,3}46|#[xX]0{0,3}2[eE]|period);|\\\."
_ESCAPE = f"{_AT_ESCAPE}|{_DOT_ESCAPE}"
_ESCAPES = re.compile(_ESCAPE)
# Two substitutions by a plain string run in C; one with a function called Python per escape.
_AT_ESCAPES = re.compile(_AT_ESCAPE)
_DOT_ESCAPES = re.compile(_DOT_ESCAPE)
_SPECIAL = rf"(?:{_ESCAPE}|[^\x00-\x7f])"
# Stretches with something to fold, short plain gaps included: a piece per stretch, not per
# character, keeps "a\u200b" repeated a million times from making a million pieces.
_STRETCH = re.compile(rf"{_SPECIAL}(?:[\x00-\x7f]{{0,64}}?{_SPECIAL}){{0,255}}")
# What an escape may hold before and after a character that folds: "\\", "%4", "&#x4"; "0;".
_BEFORE = re.compile(r"[\\%&#0-9A-Za-z]+\Z")
_AFTER = re.compile(r"[@.;0-9A-Za-z]{0,7}")
_ENTITIES = {"commat": "@", "period": ".", "64": "@", "x40": "@", "46": ".", "x2e": "."}
_DOTS = {"\u3002": ".", "\uff61": ".", "\u2024": "."}  # ideographic and one-dot leaders
_TABLE_LIMIT = 200_000
_UNEVEN: set[str] = set()  # characters met that fold to more or fewer than one
_ESCAPING: set[str] = set()  # characters met (not ASCII) that fold to one an escape starts with


class _Table(dict[int, str]):
    """Character → its folded form, for `str.translate`, filled as characters are met.

    Bounded: past the limit a character is folded anew each time (slower, never wrong); all
    of Unicode would take about 100 MB.
    """

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        if len(folded) != 1:
            _UNEVEN.add(chr(code))
        if code >= 0x80 and any(char in folded for char in "%&\\"):
            _ESCAPING.add(chr(code))
        if len(self) < _TABLE_LIMIT:
            self[code] = folded
        return folded


_TABLE = _Table()


@dataclass(frozen=True)
class Folded:
    """The folded text; piece i starts at `starts[i]`, came from `sources[i]` of the original.

    A piece is plain text (mapped one to one) or a stretch that changed length; a stretch is
    mapped back part by part (see `_stretch_map`) only when a span starts or ends in it. No
    pieces: the folded text has the original's length and every index maps to itself.
    """

    text: str
    starts: tuple[int, ...] = ()
    sources: tuple[tuple[int, str | None], ...] = ()  # (start, the stretch if it changed length)

    def back(self, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """Spans (start, end, kind) of the folded text, in order and not overlapping, as spans
        of the original.

        The spans inside one piece are mapped together (one look-up per piece, a list
        comprehension for its spans): with `_Dropped` and the escapes looked for only where
        they can be, mapping the 666,667 spans of 10 MB of phone numbers with zero-width
        spaces back took 1.12 instead of 1.29 s.
        """
        if not self.starts:  # folded to the same length: the spans are those of the original
            return spans
        starts, sources = self.starts, self.sources
        ends = [end for _, end, _ in spans]
        found: list[tuple[int, int, str]] = []
        index = 0
        while index < len(spans):
            start, end, kind = spans[index]
            piece = bisect.bisect_right(starts, start) - 1
            limit = starts[piece + 1] if piece + 1 < len(starts) else len(self.text)
            if end > limit:  # across pieces
                found.append((self.origin(start), self.origin(end - 1, end=True), kind))
                index += 1
                continue
            after = bisect.bisect_right(ends, limit, index)  # the spans that end in the piece
            found += _piece_back(spans[index:after], starts[piece], *sources[piece])
            index = after
        return found

    def origin(self, index: int, *, end: bool = False) -> int:
        """Where the folded character at `index` starts (or with `end`, ends) in the original."""
        piece = bisect.bisect_right(self.starts, index) - 1
        if piece < 0:
            return index + end
        start, stretch = self.sources[piece]
        offset = index - self.starts[piece]
        if stretch is None:
            return start + offset + end
        characters, escapes = _stretch_map(stretch)
        # with `end`: the end of the last original character the folded one came from
        offset = _back(escapes, offset, end=True) - 1 if end else _back(escapes, offset)
        if isinstance(characters, _Dropped):
            return start + characters.kept(offset) + end
        if characters[0]:
            return start + _back(characters, offset, end=end)
        return start + offset + end


def _piece_back(
    spans: list[tuple[int, int, str]], base: int, at: int, stretch: str | None
) -> list[tuple[int, int, str]]:
    """`spans`, all inside the piece that starts at `base` in the folded text and came from
    `stretch` (None: plain text) at `at` of the original, as spans of the original."""
    shift = at - base
    if stretch is None:
        return [(start + shift, end + shift, kind) for start, end, kind in spans]
    characters, escapes = _stretch_map(stretch)
    if not escapes[0] and isinstance(characters, _Dropped):  # only dropped characters
        gone, base_at = bisect.bisect_right, at - base
        return [
            (
                base_at + start + gone(characters, start - base),
                base_at + end + gone(characters, end - 1 - base),
                kind,
            )
            for start, end, kind in spans
        ]
    found = []
    for start, end, kind in spans:
        first, last = start - base, end - 1 - base
        if escapes[0]:  # each step only where it changed something
            first, last = _back(escapes, first), _back(escapes, last, end=True) - 1
        if isinstance(characters, _Dropped):
            first, last = characters.kept(first), characters.kept(last)
        elif characters[0]:
            first, last = _back(characters, first), _back(characters, last, end=True) - 1
        found.append((at + first, at + last + 1, kind))
    return found


def fold(text: str) -> Folded:
    """`text` with its disguises undone (see the module's docstring)."""
    if text.isascii():
        if not _ESCAPES.search(text):
            return Folded(text)
    else:
        folded = text.translate(_TABLE)  # learns each character of the text
        if not _uneven_pattern(len(_UNEVEN)).search(text) and not _ESCAPES.search(folded):
            return Folded(folded)  # each character folded to one: no map back needed
    return _fold_stretches(text)


def _fold_stretches(text: str) -> Folded:
    """`text` folded stretch by stretch, each stretch that changed length remembered."""
    parts: list[str] = []
    starts: list[int] = []
    sources: list[tuple[int, str | None]] = []
    size = last = 0
    while match := _STRETCH.search(text, last):
        # with the plain characters an escape may have around a folded one ("\＠", "%４0")
        begin = _BEFORE.search(text, max(last, match.start() - 7), match.start())
        start = begin.start() if begin else match.start()
        end = _AFTER.match(text, match.end()).end()  # type: ignore[union-attr]
        stretch = text[start:end]
        folded = stretch.translate(_TABLE)
        even = _UNEVEN.isdisjoint(stretch) and not _ESCAPES.search(folded)
        if not even:  # also "＼＠" and "％４０": escapes once their characters are folded
            folded = _AT_ESCAPES.sub("@", _DOT_ESCAPES.sub(".", folded))
        starts += [size, size + start - last]
        sources += [(last, None), (start, None if even else stretch)]
        parts += [text[last:start], folded]
        size += start - last + len(folded)
        last = end
    starts.append(size)
    sources.append((last, None))
    parts.append(text[last:])
    return Folded("".join(parts), tuple(starts), tuple(sources))


@functools.lru_cache(maxsize=4)
def _uneven_pattern(size: int) -> re.Pattern[str]:
    """Matches the characters of `_UNEVEN` (asked by its size, which changes when it grows)."""
    return re.compile(f"[{''.join(sorted(map(re.escape, _UNEVEN)))}]" if size else "(?!)")


@functools.lru_cache(maxsize=4)
def _escaping_pattern(size: int) -> re.Pattern[str]:
    """Matches what an escape can start with once folded: `%`, `&`, `\\` and the characters
    of `_ESCAPING` (asked by its size, as above)."""
    return re.compile(f"[%&\\\\{''.join(sorted(map(re.escape, _ESCAPING)))}]")


# Units of a folding step (each match of its pattern): where each starts in the step's output,
# and (where it starts in the step's input, its length there, its length in the output).
_Units = tuple[list[int], list[tuple[int, int, int]]]


class _Dropped(list[int]):
    """Where a stretch that only drops characters dropped them: for each dropped character,
    the index in the folded stretch it would have had (ascending)."""

    def kept(self, offset: int) -> int:
        """Where the folded character at `offset` stands in the stretch: after each dropped
        one that would have stood at or before it."""
        return offset + bisect.bisect_right(self, offset)


@functools.lru_cache(maxsize=64)
def _stretch_map(stretch: str) -> tuple[_Units | _Dropped, _Units]:
    """The two steps of folding a changed stretch: characters (NFKC, invisible ones dropped),
    then escapes (each becomes one character) in the result. Where characters are only
    dropped (zero-width spaces, soft hyphens), the first step is `_Dropped`: a unit per
    dropped character took 1 us each; a list of where each kept character stands 1.3 s of
    10 MB of phone numbers with two in each; where the dropped ones stood, 0.25 s."""
    escapes: _Units = ([], [])
    if _escaping_pattern(len(_ESCAPING)).search(stretch):  # else no need to fold it (0.3 s)
        escapes = _units(stretch.translate(_TABLE), _ESCAPES, None)
    sizes, dropped, grown = _uneven_sizes(len(_UNEVEN))
    if not _uneven_pattern(len(_UNEVEN)).search(stretch):
        return ([], []), escapes
    if not grown.search(stretch):
        gone = [found.start() for found in dropped.finditer(stretch)]
        return _Dropped(at - count for count, at in enumerate(gone)), escapes
    return _units(stretch, _uneven_pattern(len(_UNEVEN)), sizes), escapes


@functools.lru_cache(maxsize=4)
def _uneven_sizes(size: int) -> tuple[dict[str, int], re.Pattern[str], re.Pattern[str]]:
    """How many characters each of `_UNEVEN` folds to (asked by its size, as above); a pattern
    matching one of those that fold to none; one matching those that fold to more than one."""
    sizes = {char: len(_TABLE[ord(char)]) for char in _UNEVEN}

    def matching(chars: list[str]) -> re.Pattern[str]:
        escaped = "".join(sorted(map(re.escape, chars)))
        return re.compile(f"[{escaped}]" if escaped else "(?!)")

    return (
        sizes,
        matching([c for c, n in sizes.items() if not n]),
        matching([c for c, n in sizes.items() if n > 1]),
    )


def _units(source: str, pattern: re.Pattern[str], sizes: dict[str, int] | None) -> _Units:
    """The matches of `pattern` in `source`, each becoming `sizes[match]` characters (None:
    one), as `_back` reads them; the text between them is kept as it is."""
    if sizes is None:
        found = [(*m.span(), 1) for m in pattern.finditer(source)]
    else:
        found = [(*m.span(), sizes[m.group()]) for m in pattern.finditer(source)]
    starts = []
    shift = 0
    for start, end, size in found:
        starts.append(start + shift)
        shift += size - end + start
    return starts, [(start, end - start, size) for start, end, size in found]


def _back(units: _Units, offset: int, *, end: bool = False) -> int:
    """Where the output character at `offset` of a step starts (or ends) in its input."""
    starts, found = units
    index = bisect.bisect_right(starts, offset) - 1
    if index < 0:
        return offset + end
    at, size, length = found[index]
    inside = offset - starts[index]
    if inside < length:  # a character the unit became
        return at + (size if end else 0)
    return at + size + inside - length + end  # kept text after the unit


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
    if ord(char) < 0x80:
        return char
    if unicodedata.category(char) == "Cf":  # zero-width space and joiners, soft hyphen, BOM
        return ""
    if unicodedata.category(char) == "Nd":  # digits of any script: "٠١٧١" is 0171 (NFKC keeps it)
        return str(unicodedata.decimal(char))
    folded = unicodedata.normalize("NFKC", char)
    return _DOTS.get(folded, folded)
