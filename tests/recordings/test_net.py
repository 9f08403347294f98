"""The host rule of fetching: public addresses only, checked by URL, after DNS, on every
connection (redirects too); and URLs without credentials. Traffic only to 127.0.0.x."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import ipaddress
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.recordings import fetch, net
from tests.helpers.paths import REPO

PUBLIC_NAME = "talks.example.org"
TAIL = "not on the public internet; --allow-private-hosts allows it"
PAGE = """<!doctype html><html><head><title>Nordwerk Live</title>
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "VideoObject", "name": "Live-Talk: Laden",
 "duration": "PT5M30S", "uploadDate": "2013-03-07", "contentUrl": "BASE/talk.mp4"}
</script></head><body></body></html>
"""


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("::1", "loopback"),
        ("10.0.0.1", "private"),
        ("172.16.5.4", "private"),
        ("192.168.1.1", "private"),
        ("fd12:3456::1", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("100.64.0.1", "shared (carrier-grade NAT)"),
        ("240.0.0.1", "reserved"),
        ("255.255.255.255", "reserved"),
        ("192.0.2.1", "non-public"),
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:10.0.0.1", "private"),
        ("::ffff:169.254.169.254", "link-local"),
        ("64:ff9b::a00:1", "private"),
        ("2002:7f00:1::1", "loopback"),
        ("8.8.8.8", None),
        ("93.184.216.34", None),
        ("2606:4700::1111", None),
        ("::ffff:8.8.8.8", None),
    ],
)
def test_kind_of_addresses(address: str, kind: str | None) -> None:
    """Assert that every non-public range is named, IPv4 inside IPv6 too, and public ones pass."""
    assert net.kind_of(ipaddress.ip_address(address)) == kind


def _resolving(names: dict[str, list[str]]) -> Callable[..., Any]:
    """A getaddrinfo that knows `names` (name → addresses) and passes everything else on."""
    real = socket.getaddrinfo

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in names:
            return real(host, port, *args, **kwargs)
        found = []
        for address in names[host]:
            family = socket.AF_INET6 if ":" in address else socket.AF_INET
            where = (address, port or 0, 0, 0) if ":" in address else (address, port or 0)
            found.append((family, socket.SOCK_STREAM, 6, "", where))
        return found

    return getaddrinfo


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://127.0.0.1:8000/talk", f"refused: 127.0.0.1 is a loopback address, {TAIL}"),
        ("http://[::1]/", f"refused: ::1 is a loopback address, {TAIL}"),
        ("https://user:pw@10.0.0.1/", f"refused: 10.0.0.1 is a private address, {TAIL}"),
        ("http://2130706433/", f"refused: 2130706433 (127.0.0.1) is a loopback address, {TAIL}"),
        (
            f"https://{PUBLIC_NAME}/v/1",
            f"refused: {PUBLIC_NAME} (127.0.0.1) is a loopback address, {TAIL}",
        ),
        (
            "https://mixed.example.org/",
            f"refused: mixed.example.org (10.1.2.3) is a private address, {TAIL}",
        ),
    ],
)
def test_check_url_refuses_every_address_after_dns(
    monkeypatch: pytest.MonkeyPatch, url: str, message: str
) -> None:
    """Assert that a host is refused when any of the addresses it resolves to is not public."""
    names = {PUBLIC_NAME: ["127.0.0.1"], "mixed.example.org": ["93.184.216.34", "10.1.2.3"]}
    monkeypatch.setattr(socket, "getaddrinfo", _resolving(names))
    with pytest.raises(net.HostRefused) as refused:
        net.check_url(url)
    assert str(refused.value) == message


def test_check_url_lets_public_hosts_and_hostless_urls_pass(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Assert that public addresses, unknown names and URLs without a host are not refused."""
    monkeypatch.setattr(socket, "getaddrinfo", _resolving({"www.example.org": ["93.184.216.34"]}))
    for url in (
        "https://www.example.org/v",
        "https://8.8.8.8/",
        "data:text/plain,x",
        "http://[::1",
    ):
        net.check_url(url)


def test_without_credentials() -> None:
    """Assert that user:password@ (or user@) goes and nothing else of the URL changes."""
    cases = {
        "https://user:pw@host.example/v?x=1#t": "https://host.example/v?x=1#t",
        "http://user@host.example:8080/": "http://host.example:8080/",
        "https://a:b@c@host.example/": "https://host.example/",
        "https://host.example/v?mail=a@b.example": "https://host.example/v?mail=a@b.example",
        "https://host.example/@user/video": "https://host.example/@user/video",
        "media/talk.mp4": "media/talk.mp4",
    }
    assert {url: net.without_credentials(url) for url in cases} == cases


def test_the_cache_keeps_no_credentials_and_drops_broken_urls() -> None:
    """Assert that the sanitiser strips user:password from every URL field and drops bad ones."""
    raw = {
        "title": "T",
        "webpage_url": "https://user:pw@www.example.org/v",
        "original_url": "https://user:pw@www.example.org/v?x=1",
        "channel_url": "http://[::1",
        "thumbnail": "https://token@i.example.org/t.jpg?sig=abc",
    }
    info = fetch.sanitise(raw, dt.date(2026, 1, 1))
    assert {k: v for k, v in info.items() if k.endswith("url") or k == "thumbnail"} == {
        "webpage_url": "https://www.example.org/v",
        "original_url": "https://www.example.org/v?x=1",
        "thumbnail": "https://i.example.org/t.jpg",
    }


class _FakeDownloader:
    def __init__(self) -> None:
        self.proxies: dict[str, str] = {}

    def urlopen(self, request: object) -> str:
        return "opened"


def test_guard_checks_every_request_and_allows_all_when_asked() -> None:
    """Assert that the guard refuses a request to a private host and lets public ones through."""
    ydl = _FakeDownloader()
    with net.guard(ydl) as refused:
        with pytest.raises(net.HostRefused):
            ydl.urlopen("http://169.254.169.254/latest/meta-data/")
        assert ydl.urlopen("https://93.184.216.34/thumb.jpg") == "opened"
    assert [str(r) for r in refused] == [
        f"refused: 169.254.169.254 is a link-local address, {TAIL}"
    ]
    assert ydl.urlopen("http://10.0.0.1/") == "opened"  # the block has ended
    with net.guard(ydl, allow_private=True) as refused:
        assert ydl.urlopen("http://10.0.0.1/") == "opened"
    assert refused == []


def test_guard_refuses_connections_and_only_inside_its_block() -> None:
    """Assert that a connection to a loopback address fails in the block and works outside it."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]
        with net.guard(_FakeDownloader()) as refused, pytest.raises(PermissionError) as error:
            socket.create_connection(("127.0.0.1", port), timeout=5)
        assert str(refused[0]) == f"refused: 127.0.0.1 is a loopback address, {TAIL}"
        assert TAIL in str(error.value)
        socket.create_connection(("127.0.0.1", port), timeout=5).close()


class _Server:
    """A web server on 127.0.0.x that counts its requests."""

    def __init__(self, host: str, folder: Path, redirect: str | None = None) -> None:
        seen: list[str] = []
        self.requests = seen

        class Handler(http.server.SimpleHTTPRequestHandler):
            def do_GET(self) -> None:
                seen.append(self.path)
                if redirect is None:
                    return super().do_GET()
                self.send_response(302)
                self.send_header("Location", redirect)
                self.end_headers()
                return None

            def log_message(self, format: str, *args: object) -> None:
                """No request lines in the test output."""

        handler = functools.partial(Handler, directory=str(folder))
        self.server = http.server.ThreadingHTTPServer((host, 0), handler)
        self.base = f"http://{host}:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def redirecting(tmp_path: Path) -> Iterator[tuple[_Server, _Server]]:
    """A server on 127.0.0.1 that redirects every request to the talk page on 127.0.0.2."""
    (tmp_path / "talk.mp4").write_bytes((REPO / "media" / "genf-design.mp4").read_bytes())
    target = _Server("127.0.0.2", tmp_path)
    (tmp_path / "talk.html").write_text(PAGE.replace("BASE", target.base), encoding="utf-8")
    first = _Server("127.0.0.1", tmp_path, redirect=f"{target.base}/talk.html")
    yield first, target
    first.close()
    target.close()


def test_a_redirect_into_the_local_network_is_refused(
    monkeypatch: pytest.MonkeyPatch, redirecting: tuple[_Server, _Server]
) -> None:
    """Assert that a public-looking page that redirects to a loopback address is refused there,
    before a request reaches it; allowed, the same fetch succeeds."""
    first, target = redirecting
    port = first.base.rpartition(":")[2]
    # the first hop is "public": its name resolves to 127.0.0.1, and that address passes
    monkeypatch.setattr(socket, "getaddrinfo", _resolving({PUBLIC_NAME: ["127.0.0.1"]}))
    real = net.kind_of
    monkeypatch.setattr(net, "kind_of", lambda a: None if str(a) == "127.0.0.1" else real(a))
    url = f"http://{PUBLIC_NAME}:{port}/start"
    with pytest.raises(fetch.FetchError) as error:
        fetch.fetch(url, "de")
    assert error.value.reason == f"refused: 127.0.0.2 is a loopback address, {TAIL}"
    assert (first.requests, target.requests) == (["/start"], [])
    fetched = fetch.fetch(url, "de", allow_private_hosts=True)
    assert fetched.info["title"] == "Live-Talk: Laden"
    assert target.requests[0] == "/talk.html"
