"""Byte ranges: the Range header read, and MkDocs-like WSGI answers cut to it."""

from __future__ import annotations

import io
import logging
import wsgiref.util
from collections.abc import Iterable
from typing import Any

import pytest

from generator.site.ranges import ByteRange, Unsatisfiable, byte_range, with_ranges

DATA = bytes(range(256)) * 40  # 10240 bytes, each position recognisable


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("bytes=100-200", ByteRange(100, 200, 1000)),
        ("bytes=900-", ByteRange(900, 999, 1000)),
        ("bytes=-300", ByteRange(700, 999, 1000)),
        ("bytes=-5000", ByteRange(0, 999, 1000)),
        ("bytes=990-5000", ByteRange(990, 999, 1000)),
        ("Bytes = 0 - 0", ByteRange(0, 0, 1000)),
        ("bytes=1000-", Unsatisfiable(1000)),
        ("bytes=500-400", Unsatisfiable(1000)),
        ("bytes=-0", Unsatisfiable(1000)),
        (None, None),
        ("", None),
        ("bytes=-", None),
        ("bytes=0-1,5-9", None),  # several ranges: the whole file
        ("items=0-10", None),
        ("bytes=x-1", None),
    ],
)
def test_range_header_is_read_as_rfc_9110_says(
    header: str | None, expected: ByteRange | Unsatisfiable | None
) -> None:
    """Assert that each Range header gives the bytes to send, 416, or the whole file."""
    assert byte_range(header, 1000) == expected


def test_content_range_names_the_bytes_or_the_size() -> None:
    """Assert that Content-Range reads `bytes a-b/size` for 206 and `bytes */size` for 416."""
    assert ByteRange(100, 200, 1000).content_range == "bytes 100-200/1000"
    assert ByteRange(100, 200, 1000).length == 101
    assert Unsatisfiable(1000).content_range == "bytes */1000"


def test_empty_file_is_sent_whole_for_a_suffix_range() -> None:
    """Assert that an empty file has no last bytes to cut: it is sent whole (200)."""
    assert byte_range("bytes=-10", 0) is None
    assert byte_range("bytes=0-", 0) == Unsatisfiable(0)


class _Closing(list[bytes]):
    closed = False

    def close(self) -> None:
        self.closed = True


def _file_app(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
    """Like MkDocs' dev server: 200, Content-Length, a FileWrapper; 404 elsewhere."""
    if environ["PATH_INFO"] != "/video.mp4":
        start_response("404 Not Found", [("Content-Type", "text/html")])
        return [b"404 Not Found"]
    headers = [("Content-Type", "video/mp4"), ("Content-Length", str(len(DATA)))]
    start_response("200 OK", headers)
    return wsgiref.util.FileWrapper(io.BytesIO(DATA))


def _chunked_app(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
    """A 200 answer in chunks of 1000 bytes that cannot seek."""
    start_response("200 OK", [("Content-Length", str(len(DATA)))])
    return _Closing(DATA[i : i + 1000] for i in range(0, len(DATA), 1000))


def _call(
    app: Any, path: str = "/video.mp4", method: str = "GET", **headers: str
) -> tuple[str, dict[str, str], bytes]:
    environ = {"PATH_INFO": path, "REQUEST_METHOD": method, **headers}
    answer: list[Any] = []
    body = with_ranges(app)(environ, lambda status, head: answer.extend((status, head)))
    data = b"".join(body)
    getattr(body, "close", lambda: None)()
    return answer[0], dict(answer[1]), data


@pytest.mark.parametrize("app", [_file_app, _chunked_app], ids=["file", "chunks"])
@pytest.mark.parametrize(
    ("header", "first", "last"), [("bytes=100-2999", 100, 2999), ("bytes=-10", 10230, 10239)]
)
def test_wrapped_app_answers_a_range_with_206(app: Any, header: str, first: int, last: int) -> None:
    """Assert that a wrapped 200 answer becomes 206 with exactly the bytes asked for."""
    status, headers, data = _call(app, HTTP_RANGE=header)
    assert status == "206 Partial Content"
    assert headers["Content-Range"] == f"bytes {first}-{last}/10240"
    assert headers["Content-Length"] == str(last - first + 1)
    assert headers["Accept-Ranges"] == "bytes"
    assert data == DATA[first : last + 1]


def test_wrapped_app_answers_416_for_a_range_beyond_the_end() -> None:
    """Assert that a range after the last byte gives 416 naming the size, and no body."""
    status, headers, data = _call(_file_app, HTTP_RANGE="bytes=10240-")
    assert (status, headers["Content-Range"], headers["Content-Length"], data) == (
        "416 Range Not Satisfiable",
        "bytes */10240",
        "0",
        b"",
    )


def test_wrapped_app_sends_no_body_on_head_and_says_it_takes_ranges() -> None:
    """Assert that HEAD gets the whole length and Accept-Ranges, without the body."""
    status, headers, data = _call(_file_app, method="HEAD")
    assert (status, headers["Content-Length"], headers["Accept-Ranges"], data) == (
        "200 OK",
        "10240",
        "bytes",
        b"",
    )


def test_wrapped_app_leaves_other_answers_and_if_range_alone() -> None:
    """Assert that a 404 passes unchanged, and If-Range (no validator matches) gets it all."""
    assert _call(_file_app, path="/x", HTTP_RANGE="bytes=0-1") == (
        "404 Not Found",
        {"Content-Type": "text/html"},
        b"404 Not Found",
    )
    status, _, data = _call(_file_app, HTTP_RANGE="bytes=0-1", HTTP_IF_RANGE='"v1"')
    assert (status, len(data)) == ("200 OK", 10240)


def test_wrapped_app_closes_the_answer_it_cuts() -> None:
    """Assert that the app's answer is closed after a range of it was sent."""
    answers: list[_Closing] = []

    def app(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        start_response("200 OK", [("Content-Length", str(len(DATA)))])
        answers.append(_Closing([DATA]))
        return answers[-1]

    environ = {"PATH_INFO": "/", "REQUEST_METHOD": "GET", "HTTP_RANGE": "bytes=0-9"}
    body: Any = with_ranges(app)(environ, lambda status, headers: None)
    assert b"".join(body) == DATA[:10]
    assert not answers[0].closed
    body.close()
    assert answers[0].closed


def test_dev_server_logs_no_warning_for_206(caplog: pytest.LogCaptureFixture) -> None:
    """Assert that MkDocs' warning for every answer but 200 is dropped for 206 only."""
    from mkdocs.livereload import LiveReloadServer

    from generator.site.ranges import answer_ranges

    server = LiveReloadServer(lambda: None, "127.0.0.1", 0, root=".")
    try:
        answer_ranges(server)
        logger = logging.getLogger("mkdocs.livereload")
        with caplog.at_level(logging.WARNING, logger="mkdocs.livereload"):
            logger.warning('"GET /media/a.mp4 HTTP/1.1" code 206')
            logger.warning('"GET /nope HTTP/1.1" code 404')
        assert [r.getMessage() for r in caplog.records] == ['"GET /nope HTTP/1.1" code 404']
    finally:
        server.server_close()
