"""Both previews answer byte ranges like a web host: `wunschzeit preview` and `wunschzeit serve`.

The range checks run against both servers on the built sample; what only the static preview
promises (the mount path, `..`, symlinks, types, 404.html) runs on a small hand-made site.
"""

from __future__ import annotations

import http.client
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from mkdocs.livereload import LiveReloadServer

from generator import cli
from generator.cli import preview as preview_command
from generator.errors import UsageError
from generator.site.preview import content_type, mount_path
from tests.helpers.paths import REPO
from tests.helpers.sample_site import build_sample, copy_sample, run_preview, serve

VIDEO = (REPO / "media/genf-design.mp4").read_bytes()
SIZE = len(VIDEO)


def _request(url: str, method: str = "GET", **headers: str) -> tuple[int, dict[str, str], bytes]:
    """Send exactly this path (no `..` folded away, unlike urllib); status, headers, body."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.netloc, timeout=30)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request(method, path, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


# --- the range checks, against both servers ---------------------------------------------------


@pytest.fixture(scope="module")
def preview_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample built, served by `wunschzeit preview` in a process of its own."""
    root = tmp_path_factory.mktemp("preview")
    build_sample(root)
    with run_preview(root) as url:
        yield url


@pytest.fixture(scope="module")
def serve_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`wunschzeit serve` on the sample, run by the command line in a thread on a free port."""
    root = copy_sample(tmp_path_factory.mktemp("serve") / "archive")
    started: list[LiveReloadServer] = []
    original: Any = LiveReloadServer.serve

    def recorded(server: LiveReloadServer, **kwargs: Any) -> None:
        started.append(server)  # to stop it: serve runs until Ctrl-C otherwise
        original(server, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(LiveReloadServer, "serve", recorded)
        argv = ["--root", str(root), "serve", "--dev-addr", "127.0.0.1:0"]
        thread = threading.Thread(target=cli.main, args=(argv,), daemon=True)
        thread.start()
        server = _listening(started)
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/wunschzeit/"
        finally:
            server.shutdown(wait=True)
            thread.join(timeout=60)
    assert not thread.is_alive(), "wunschzeit serve did not end after its server stopped"


def _listening(started: list[LiveReloadServer]) -> LiveReloadServer:
    """The dev server once it answers (generating and building the sample takes seconds)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if started and started[0].server_address[1]:
            try:
                _request(f"http://127.0.0.1:{started[0].server_address[1]}/")
                return started[0]
            except ConnectionError:
                pass
        time.sleep(0.1)
    raise AssertionError("wunschzeit serve did not start within 120 s")


@pytest.fixture(params=["preview", "serve"])
def base(request: pytest.FixtureRequest) -> str:
    url: str = request.getfixturevalue(f"{request.param}_url")
    return url


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [
        ("bytes=100-200", 100, 200),  # a range
        ("bytes=-500", SIZE - 500, SIZE - 1),  # the last 500 bytes
        ("bytes=444000-", 444000, SIZE - 1),  # from a byte to the end
        ("bytes=444000-999999", 444000, SIZE - 1),  # beyond the end: to the end
    ],
)
def test_range_gives_206_with_exactly_those_bytes(
    base: str, header: str, first: int, last: int
) -> None:
    """Assert that a range of the self-hosted video gives 206, its bytes and Content-Range."""
    status, headers, body = _request(base + "media/genf-design.mp4", Range=header)
    assert status == 206
    assert headers["Content-Range"] == f"bytes {first}-{last}/{SIZE}"
    assert headers["Content-Length"] == str(last - first + 1)
    assert headers["Accept-Ranges"] == "bytes"
    assert headers["Content-Type"] == "video/mp4"
    assert body == VIDEO[first : last + 1]


def test_range_beyond_the_end_gives_416(base: str) -> None:
    """Assert that a range starting after the last byte gives 416 with `bytes */size`."""
    status, headers, body = _request(base + "media/genf-design.mp4", Range=f"bytes={SIZE}-")
    assert (status, headers["Content-Range"], body) == (416, f"bytes */{SIZE}", b"")


def test_head_gives_the_length_and_no_body(base: str) -> None:
    """Assert that HEAD answers 200 with the video's length and Accept-Ranges, without a body."""
    status, headers, body = _request(base + "media/genf-design.mp4", method="HEAD")
    assert (status, headers["Content-Length"], headers["Accept-Ranges"]) == (
        200,
        str(SIZE),
        "bytes",
    )
    assert body == b""


def test_whole_file_and_several_ranges_give_200(base: str) -> None:
    """Assert that without a range, or with several, the whole video comes with 200."""
    for headers in ({}, {"Range": "bytes=0-1,5-9"}):
        status, _, body = _request(base + "media/genf-design.mp4", **headers)
        assert (status, body == VIDEO) == (200, True)


def test_site_is_served_below_the_path_of_site_url(base: str) -> None:
    """Assert that `/` redirects to `/wunschzeit/` and a path outside it is not found."""
    origin = base.removesuffix("wunschzeit/")
    status, headers, _ = _request(origin)
    assert (status, headers["Location"]) == (302, "/wunschzeit/")
    assert _request(origin + "media/genf-design.mp4")[0] == 404
    status, _, page = _request(base + "talks/genf-design/")
    assert status == 200
    assert b'src="../../media/genf-design.mp4"' in page


# --- what the static preview promises ---------------------------------------------------------


@pytest.fixture
def small_site(tmp_path: Path) -> Iterator[str]:
    """A hand-made site below /wz/, beside a secret it must never serve."""
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    site = tmp_path / "site"
    (site / "talks/a").mkdir(parents=True)
    (site / "index.html").write_text("<p>home</p>", encoding="utf-8")
    (site / "404.html").write_text("<p>not here</p>", encoding="utf-8")
    (site / "talks/a/index.html").write_text("<p>talk a</p>", encoding="utf-8")
    for name in ("a.mp4", "a.webm", "a.vtt", "archive.json", "sitemap.xml"):
        (site / name).write_bytes(b"0123456789")
    (site / "out.txt").symlink_to(tmp_path / "secret.txt")
    (site / "outdir").symlink_to(tmp_path)
    (site / "home.html").symlink_to(site / "index.html")  # a symlink inside is fine
    with serve(site, "/wz/") as url:
        yield url


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.mp4", "video/mp4"),
        ("a.webm", "video/webm"),
        ("a.vtt", "text/vtt; charset=utf-8"),
        ("archive.json", "application/json"),
        ("sitemap.xml", "application/xml"),
        ("index.html", "text/html; charset=utf-8"),
    ],
)
def test_files_are_served_with_their_type(small_site: str, name: str, expected: str) -> None:
    """Assert that videos, captions, JSON and XML get the Content-Type a browser needs."""
    status, headers, _ = _request(small_site + name)
    assert (status, headers["Content-Type"]) == (200, expected)


@pytest.mark.parametrize(
    "path",
    [
        "../secret.txt",
        "%2e%2e/secret.txt",
        "talks/../../secret.txt",
        "out.txt",
        "outdir/secret.txt",
    ],
)
def test_nothing_outside_the_site_is_served(small_site: str, path: str) -> None:
    """Assert that `..` (also encoded) and symlinks leading out of the site give 404."""
    status, _, body = _request(small_site + path)
    assert (status, body) == (404, b"<p>not here</p>")


def test_folders_answer_with_their_index_and_a_slash(small_site: str) -> None:
    """Assert that a folder serves its index.html, without the slash it redirects to it."""
    assert _request(small_site + "talks/a/")[::2] == (200, b"<p>talk a</p>")
    status, headers, _ = _request(small_site + "talks/a?t=65")
    assert (status, headers["Location"]) == (301, "/wz/talks/a/?t=65")
    assert _request(small_site + "home.html")[::2] == (200, b"<p>home</p>")
    assert _request(small_site.removesuffix("wz/") + "index.html")[0] == 404


def test_if_range_of_another_version_gets_the_whole_file(small_site: str) -> None:
    """Assert that a range is cut only while If-Range names the file's Last-Modified."""
    modified = _request(small_site + "a.mp4", method="HEAD")[1]["Last-Modified"]
    assert _request(small_site + "a.mp4", Range="bytes=2-3", **{"If-Range": modified})[::2] == (
        206,
        b"23",
    )
    old = "Mon, 01 Jan 2001 00:00:00 GMT"
    assert _request(small_site + "a.mp4", Range="bytes=2-3", **{"If-Range": old})[::2] == (
        200,
        b"0123456789",
    )


def test_mount_path_is_the_path_of_site_url() -> None:
    """Assert that the site is served where site_url's path says, with a slash at each end."""
    assert mount_path("https://example.org/wunschzeit/") == "/wunschzeit/"
    assert mount_path("https://example.org/a/b") == "/a/b/"
    assert mount_path("https://example.org") == "/"
    assert mount_path(None) == "/"


def test_unknown_endings_fall_back_to_octet_stream() -> None:
    """Assert that a file type no one knows is sent as bytes, not guessed as text."""
    assert content_type(Path("pagefind/fragment/x.pf_fragment")) == "application/octet-stream"


# --- the command --------------------------------------------------------------------------------


def test_preview_without_a_build_says_to_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that preview before any build exits 1 and says to run `wunschzeit build`."""
    root = copy_sample(tmp_path / "archive")
    assert cli.main(["--root", str(root), "preview"]) == 1
    assert capsys.readouterr().err == (
        f"wunschzeit: error: no built site in {root / 'site'}: "
        "run `wunschzeit build` first, then `wunschzeit preview`\n"
    )


@pytest.mark.parametrize("text", ["8000", "localhost", "127.0.0.1:port", ":8000", "h:70000"])
def test_dev_addr_must_be_host_and_port(text: str) -> None:
    """Assert that --dev-addr without a host or a port number is a usage error."""
    with pytest.raises(UsageError) as raised:
        preview_command.address(text)
    assert str(raised.value) == (f"--dev-addr must be HOST:PORT, e.g. 127.0.0.1:8000, not '{text}'")


def test_dev_addr_takes_ipv4_and_ipv6() -> None:
    """Assert that --dev-addr reads `127.0.0.1:8000` and `[::1]:8000`."""
    assert preview_command.address("127.0.0.1:8000") == ("127.0.0.1", 8000)
    assert preview_command.address("[::1]:0") == ("::1", 0)


def test_readme_first_command_previews_with_this_server() -> None:
    """Assert that the README's first command ends in `wunschzeit preview`, the server tested
    here and in tests/browser/test_preview_browser.py."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    first = re.search(r"```sh\n(.*?)\n```", readme, re.DOTALL)
    assert first is not None
    assert first.group(1).endswith("&& .venv/bin/wunschzeit build && .venv/bin/wunschzeit preview")
