"""Which hosts a fetch may reach (the public internet, not the editor's own network), and URLs
fit to publish.

Takes a URL, or the address a socket is about to connect to; `check_url` gives nothing when
every address of its host is public, else raises `HostRefused`, which names the host, the
address and what kind it is (loopback, private, link-local, ...); `without_credentials` gives
the URL without user:password@. `guard` applies the rule to one yt-dlp
download: to the URL the editor gave, to every request yt-dlp makes (`YoutubeDL.urlopen`), and
to every connection the fetching thread opens, so a redirect to the local network is refused
before a byte is sent to it. The connection check sees the address actually connected to, so a
name that resolves to a public address when checked and to a private one a moment later (DNS
rebinding) is refused too. Limits: a configured proxy is allowed and then resolves names itself
(requests are checked by URL, redirects through it are not); threads that yt-dlp starts itself
are not watched (it starts none to read metadata).
"""

from __future__ import annotations

import contextlib
import contextvars
import errno
import ipaddress
import re
import socket
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

from generator.errors import WunschzeitError

ALLOW_OPTION = "--allow-private-hosts"
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_CREDENTIALS = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@")
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_PRIVATE = tuple(
    ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7")
)
_KINDS: tuple[tuple[Callable[[Any], bool], str], ...] = (
    (lambda ip: ip.is_unspecified, "unspecified"),
    (lambda ip: ip.is_loopback, "loopback"),
    (lambda ip: ip.is_link_local, "link-local"),
    (lambda ip: ip.is_multicast, "multicast"),
    (lambda ip: any(ip in net for net in _PRIVATE), "private"),
    (lambda ip: ip in _CGNAT, "shared (carrier-grade NAT)"),
    (lambda ip: ip.is_reserved, "reserved"),
    (lambda ip: getattr(ip, "is_site_local", False), "site-local"),
    (lambda ip: not ip.is_global, "non-public"),
)


class HostRefused(WunschzeitError):
    """A fetch would reach an address that is not on the public internet."""

    def __init__(self, host: str, address: IPAddress, kind: str) -> None:
        named = str(address) if host == str(address) else f"{host} ({address})"
        article = "an" if kind[0] in "aeiou" else "a"
        super().__init__(
            f"refused: {named} is {article} {kind} address, not on the public internet; "
            f"{ALLOW_OPTION} allows it"
        )
        self.host = host


def kind_of(address: IPAddress) -> str | None:
    """What kind of non-public address this is, in a few words; None for a public one.

    An IPv6 address that carries an IPv4 one (::ffff:a.b.c.d, 64:ff9b::a.b.c.d, 6to4) is
    judged by the IPv4 address, which is where the packets end up.
    """
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address in _NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            address = embedded
    return next((kind for test, kind in _KINDS if test(address)), None)


def check_host(host: str) -> None:
    """Raise HostRefused unless every address of `host` (a name or an address) is public.

    A name that does not resolve passes: there is nothing to reach, and yt-dlp reports it.
    """
    for address in _addresses(host):
        if (kind := kind_of(address)) is not None:
            raise HostRefused(host, address, kind)


def check_url(url: str) -> None:
    """Raise HostRefused unless the host of `url` is public; URLs without a host pass."""
    try:
        host = urlsplit(url).hostname
    except ValueError:  # such as an unclosed [IPv6 bracket: no handler can open it either
        return
    if host:
        check_host(host)


def without_credentials(url: str) -> str:
    """`url` without the user name and password before its host; as it is when it has none."""
    return _CREDENTIALS.sub(r"\1", url, count=1)


def _addresses(host: str) -> list[IPAddress]:
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        found = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return []
    return sorted({ipaddress.ip_address(str(item[4][0])) for item in found}, key=str)


# --- one guarded download --------------------------------------------------------------------

# The refusals of the fetch running in this thread (None: no fetch is guarded here).
_REFUSALS: contextvars.ContextVar[list[HostRefused] | None] = contextvars.ContextVar(
    "wunschzeit_refusals", default=None
)
_EXEMPT: contextvars.ContextVar[frozenset[str]] = contextvars.ContextVar(
    "wunschzeit_exempt", default=frozenset()
)
_HOOK_LOCK = threading.Lock()
_hooked = False


@contextlib.contextmanager
def guard(ydl: Any, *, allow_private: bool = False) -> Iterator[list[HostRefused]]:
    """Refuse non-public hosts for everything `ydl` fetches in this block; give the refusals.

    A refused connection fails inside yt-dlp with an error of its own wording; the list lets
    the caller say what really happened.
    """
    refusals: list[HostRefused] = []
    if allow_private:
        yield refusals
        return
    _install_hook()
    original = ydl.urlopen

    def urlopen(request: Any) -> Any:
        url = request if isinstance(request, str) else getattr(request, "url", "")
        try:
            check_url(str(url))
        except HostRefused as refused:
            refusals.append(refused)
            raise
        return original(request)

    ydl.urlopen = urlopen
    tokens = (_REFUSALS.set(refusals), _EXEMPT.set(_proxy_addresses(ydl)))
    try:
        yield refusals
    finally:
        _EXEMPT.reset(tokens[1])
        _REFUSALS.reset(tokens[0])
        ydl.urlopen = original


def _proxy_addresses(ydl: Any) -> frozenset[str]:
    """The addresses of the configured proxies: connecting to them is allowed."""
    exempt: set[str] = set()
    for value in getattr(ydl, "proxies", {}).values():
        host = urlsplit(value).hostname if isinstance(value, str) and "://" in value else None
        if host:  # not "__noproxy__", nor the list of hosts reached without one
            exempt.update(str(address) for address in _addresses(host))
    return frozenset(exempt)


def _install_hook() -> None:
    """Watch every connection from now on; the hook acts only in a guarded block."""
    global _hooked
    with _HOOK_LOCK:
        if not _hooked:
            sys.addaudithook(_on_audit)  # an audit hook stays for the life of the process
            _hooked = True


def _on_audit(event: str, args: tuple[Any, ...]) -> None:
    if event != "socket.connect":
        return
    refusals = _REFUSALS.get()
    address = args[1] if len(args) > 1 else None
    if refusals is None or not isinstance(address, tuple) or not isinstance(address[0], str):
        return  # not in a guarded fetch, or a Unix socket
    host = address[0].partition("%")[0]  # an IPv6 scope (fe80::1%eth0) is no part of it
    if host in _EXEMPT.get():
        return
    try:
        check_host(host)
    except HostRefused as refused:
        refusals.append(refused)
        # an OSError is what every HTTP library expects of connect(), and handles
        raise PermissionError(errno.EACCES, str(refused)) from None
