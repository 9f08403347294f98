"""HTTP byte ranges for both previews: `Range: bytes=…` → the bytes to send, or 416.

Takes a Range header and the size of a file; gives a `ByteRange` (206), `Unsatisfiable` (416)
or None (send the whole file, 200). A `<video>` can only seek when its server answers ranges:
Chromium reports nothing as seekable otherwise, and every jump link plays from 0:00. preview.py
serves the built site with it; `with_ranges` wraps MkDocs' dev server (`wunschzeit serve`),
which answers every request with 200 and the whole file.

One range per request: a multi-range request (`bytes=0-1,5-9`) gets the whole file with 200,
as RFC 9110 allows; browsers ask for one range when they play media. A syntactically broken
header is ignored (200); a range that starts after the end, ends before it starts or asks for
the last 0 bytes is unsatisfiable (416, `Content-Range: bytes */size`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

_SPEC = re.compile(r"\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*", re.IGNORECASE)
CHUNK = 64 * 1024

StartResponse = Callable[..., Any]
App = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


@dataclass(frozen=True)
class ByteRange:
    """Bytes `first` to `last` (both included) of a file of `size` bytes."""

    first: int
    last: int
    size: int

    @property
    def length(self) -> int:
        return self.last - self.first + 1

    @property
    def content_range(self) -> str:
        return f"bytes {self.first}-{self.last}/{self.size}"


@dataclass(frozen=True)
class Unsatisfiable:
    """A range outside a file of `size` bytes."""

    size: int

    @property
    def content_range(self) -> str:
        return f"bytes */{self.size}"


def byte_range(header: str | None, size: int) -> ByteRange | Unsatisfiable | None:
    """What to send for `Range: header` of a file of `size` bytes; None: the whole file."""
    match = _SPEC.fullmatch(header or "")
    if match is None or match.groups() == ("", ""):
        return None
    start, end = match.groups()
    try:
        first, last = int(start or -1), int(end or -1)
    except ValueError:  # more digits than Python converts: no file is that large
        return None
    if not start:  # `bytes=-500`: the last 500 bytes
        if size == 0:
            return None
        return ByteRange(max(size - last, 0), size - 1, size) if last else Unsatisfiable(size)
    if first >= size or (end and last < first):
        return Unsatisfiable(size)
    return ByteRange(first, min(last, size - 1) if end else size - 1, size)


def read_range(file: BinaryIO, wanted: ByteRange) -> Iterator[bytes]:
    """The bytes of `wanted` from an open file, in chunks."""
    file.seek(wanted.first)
    left = wanted.length
    while left > 0:
        chunk = file.read(min(CHUNK, left))
        if not chunk:
            return
        left -= len(chunk)
        yield chunk


def answer_ranges(server: Any) -> None:
    """Have MkDocs' dev server (a wsgiref WSGIServer) answer ranges, and log 206 as 200.

    Wrapping its app through wsgiref's public get_app/set_app leaves MkDocs' own file serving
    (waiting for a rebuild, the livereload script in pages) as it is; its private methods
    could change in any release.
    """
    server.set_app(with_ranges(server.get_app()))
    logging.getLogger("mkdocs.livereload").addFilter(_not_partial)


def _not_partial(record: logging.LogRecord) -> bool:
    """MkDocs warns of every answer but 200; a video sends 206 on each seek, which is no news."""
    return not record.getMessage().endswith(" code 206")


def with_ranges(app: App) -> App:
    """Wrap a WSGI app that serves whole files (200 with Content-Length) to answer ranges.

    Only answers of 200 with a Content-Length are cut; the rest (redirects, 404, the
    livereload poll) pass as they are. A HEAD gets the headers without the body. The app must
    call start_response before it returns, as MkDocs' dev server does.
    """

    def ranged(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        answer: list[Any] = []
        body = app(environ, lambda status, headers, exc_info=None: answer.extend((status, headers)))
        status, headers = answer
        size = _content_length(headers) if status.startswith("200 ") else None
        if size is None:
            start_response(status, headers)
            return _unless_head(environ, body)
        # MkDocs sends no Last-Modified or ETag, so no If-Range can match: send it all.
        header = None if environ.get("HTTP_IF_RANGE") else environ.get("HTTP_RANGE")
        wanted = byte_range(header, size)
        if wanted is None:
            start_response(status, [*headers, ("Accept-Ranges", "bytes")])
            return _unless_head(environ, body)
        if isinstance(wanted, Unsatisfiable):
            _close(body)
            start_response("416 Range Not Satisfiable", _range_headers(wanted, [], 0))
            return []
        start_response("206 Partial Content", _range_headers(wanted, headers, wanted.length))
        return _unless_head(environ, _Slice(body, wanted))

    return ranged


def _content_length(headers: list[tuple[str, str]]) -> int | None:
    for name, value in headers:
        if name.lower() == "content-length" and value.isdigit():
            return int(value)
    return None


def _unless_head(environ: dict[str, Any], body: Iterable[bytes]) -> Iterable[bytes]:
    if environ.get("REQUEST_METHOD") != "HEAD":
        return body
    _close(body)  # MkDocs' server would send the body on HEAD too
    return []


def _range_headers(
    wanted: ByteRange | Unsatisfiable, headers: list[tuple[str, str]], length: int
) -> list[tuple[str, str]]:
    kept = [(k, v) for k, v in headers if k.lower() != "content-length"]
    return [
        *kept,
        ("Accept-Ranges", "bytes"),
        ("Content-Range", wanted.content_range),
        ("Content-Length", str(length)),
    ]


class _Slice:
    """The wanted bytes of the app's answer; the server closes it, and so the app's answer."""

    def __init__(self, body: Iterable[bytes], wanted: ByteRange) -> None:
        self.body = body
        self.wanted = wanted

    def __iter__(self) -> Iterator[bytes]:
        # wsgiref's FileWrapper (what MkDocs returns for files) lets us seek instead of reading
        # an hour of video up to `first` for every seek.
        file = getattr(self.body, "filelike", None)
        if file is not None and file.seekable():
            return read_range(file, self.wanted)
        return _cut(self.body, self.wanted)

    def close(self) -> None:
        _close(self.body)


def _cut(body: Iterable[bytes], wanted: ByteRange) -> Iterator[bytes]:
    offset = 0
    for chunk in body:
        if offset > wanted.last:
            return
        begin, end = max(wanted.first - offset, 0), wanted.last + 1 - offset
        if begin < len(chunk):
            yield chunk[begin:end]
        offset += len(chunk)


def _close(body: Iterable[bytes]) -> None:
    close = getattr(body, "close", None)
    if close is not None:
        close()
