"""Decoding of caption files: takes the bytes of a file; gives its text and the problems met.

Caption files come from anywhere: yt-dlp writes UTF-8, subtitle editors on Windows write
UTF-16 with a byte order mark or Windows-1252. Everything that can be read is read; a guess
(Windows-1252) is reported as a warning, a binary file as an error.
"""

from __future__ import annotations

import codecs

from generator.errors import ContentError, Problem

MAX_BYTES = 5_000_000
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def check_size(size: int, display: str) -> None:
    """Raise ContentError for a file too large to be captions (a video, a dump, an attack)."""
    if size > MAX_BYTES:
        message = f"captions file is too large ({size} bytes; the limit is {MAX_BYTES})"
        raise ContentError([Problem(display, 1, message)])


def decode(data: bytes, display: str) -> tuple[str, tuple[Problem, ...]]:
    """The text of a caption file, without byte order mark, and the warnings of decoding."""
    check_size(len(data), display)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom) :], encoding, display), ()
    if b"\x00" in data[:4096]:
        return _without_bom_utf16(data, display), ()
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return _legacy(data), (Problem(display, line, _NOT_UTF8),)


_NOT_UTF8 = "captions file is not UTF-8; read as Windows-1252 (check umlauts and accents)"


def _strict(data: bytes, encoding: str, display: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        message = f"captions file is not valid {encoding.upper()} (byte {exc.start})"
        raise ContentError([Problem(display, 1, message)]) from None


def _without_bom_utf16(data: bytes, display: str) -> str:
    """UTF-16 without byte order mark (NULs at every other byte), or a binary file."""
    head = data[:4096]
    encoding = "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
    even, odd = head[0::2], head[1::2]
    zeros = max(even.count(0), odd.count(0))
    if zeros * 10 >= len(head) // 2 * 9:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass
    raise ContentError([Problem(display, 1, "not captions: the file is binary")])


def _legacy(data: bytes) -> str:
    """Windows-1252, or Latin-1 where a byte is one that Windows-1252 leaves undefined."""
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")
