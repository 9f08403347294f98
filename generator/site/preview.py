"""`wunschzeit preview`: serve the last build the way a static web host does.

Takes an archive root (or any built site folder) and an address; gives a running HTTP server.
The site is served below the path of `site_url` (`/wunschzeit/` for the sample; `/` redirects
there), with byte ranges (ranges.py) so the self-hosted player seeks, folders answered by
their index.html, 404.html for what is not there, and nothing outside the site folder: no
`..`, no symlink leading out. `python3 -m http.server` lacks the ranges, so every jump link on
a self-hosted talk would play from 0:00.
"""

from __future__ import annotations

import email.utils
import logging
import mimetypes
import socket
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import unquote, urlsplit

from generator.constants import SITE_DIR
from generator.errors import WunschzeitError
from generator.site.config import read_settings
from generator.site.ranges import ByteRange, Unsatisfiable, byte_range, read_range

log = logging.getLogger(__name__)

# Fixed here, not left to mimetypes: its guesses depend on the machine's /etc/mime.types, and a
# browser plays a video or reads captions only under the right type.
TYPES = {
    ".html": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".json": "application/json",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".wasm": "application/wasm",
    ".woff2": "font/woff2",
    ".vtt": "text/vtt",
    ".mp4": "video/mp4",
    ".m4v": "video/mp4",
    ".m4a": "audio/mp4",
    ".mov": "video/quicktime",
    ".webm": "video/webm",
    ".ogg": "audio/ogg",
    ".ogv": "video/ogg",
    ".opus": "audio/ogg",
    ".mp3": "audio/mpeg",
}
# Files under the browser's disconnect: it drops a media request as soon as it seeks elsewhere.
_GONE = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError)


def content_type(path: Path) -> str:
    """The Content-Type header of a file; text is UTF-8, as MkDocs writes it."""
    suffix = path.suffix.lower()
    guess = TYPES.get(suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"{guess}; charset=utf-8" if guess.startswith("text/") else guess


def mount_path(site_url: str | None) -> str:
    """The path of `site_url` with a slash at each end: where a host serves the site."""
    path = urlsplit(site_url or "/").path
    return "/" + path.strip("/") + "/" if path.strip("/") else "/"


def built_site(root: Path) -> tuple[Path, str]:
    """The archive's last build and the path to serve it below; an error when there is none."""
    site = root / SITE_DIR
    if not (site / "index.html").is_file():
        raise WunschzeitError(
            f"no built site in {site}: run `wunschzeit build` first, then `wunschzeit preview`"
        )
    return site, mount_path(read_settings(root).site_url)


class PreviewServer(ThreadingHTTPServer):
    """Serves one site folder below `mount_path`, a thread per request."""

    daemon_threads = True

    def __init__(self, site: Path, mount_path: str, address: tuple[str, int]) -> None:
        self.site = site.resolve()
        self.mount_path = mount_path
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, PreviewHandler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        shown = f"[{host!s}]" if self.address_family == socket.AF_INET6 else str(host)
        return f"http://{shown}:{port}{self.mount_path}"


class PreviewHandler(BaseHTTPRequestHandler):
    """GET and HEAD of the files of `PreviewServer.site`."""

    server: PreviewServer
    server_version = "WunschzeitPreview"

    def do_GET(self) -> None:
        self._answer(body=True)

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s " + format, self.address_string(), *args)

    def _answer(self, *, body: bool) -> None:
        url = urlsplit(self.path)
        mount = self.server.mount_path
        if url.path == "/" and mount != "/":
            return self._redirect(HTTPStatus.FOUND, mount)
        target = self._file_for(url.path) if (url.path + "/").startswith(mount) else None
        if target is not None and target.is_dir():
            if not url.path.endswith("/"):
                query = f"?{url.query}" if url.query else ""
                return self._redirect(HTTPStatus.MOVED_PERMANENTLY, f"{url.path}/{query}")
            target = self._inside(target / "index.html")
        if target is None or not target.is_file():
            return self._not_found(body=body)
        self._send_file(target, HTTPStatus.OK, body=body)

    def _file_for(self, url_path: str) -> Path | None:
        """The file or folder a URL path below the mount names; None for `..` and the like."""
        parts = [p for p in unquote(url_path[len(self.server.mount_path) :]).split("/") if p]
        if any(p in (".", "..") or "\\" in p or "\0" in p for p in parts):
            return None
        return self._inside(self.server.site.joinpath(*parts))

    def _inside(self, path: Path) -> Path | None:
        """`path` with symlinks resolved, or None when that leads out of the site."""
        resolved = path.resolve()
        return resolved if resolved.is_relative_to(self.server.site) else None

    def _redirect(self, status: HTTPStatus, location: str) -> None:
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _not_found(self, *, body: bool) -> None:
        page = self._inside(self.server.site / "404.html")  # MkDocs' 404 page, as hosts show it
        if page is not None and page.is_file():
            return self._send_file(page, HTTPStatus.NOT_FOUND, body=body, ranges=False)
        self.send_error(HTTPStatus.NOT_FOUND)

    def _send_file(
        self, path: Path, status: HTTPStatus, *, body: bool, ranges: bool = True
    ) -> None:
        try:
            file = path.open("rb")
        except OSError:
            return self.send_error(HTTPStatus.NOT_FOUND)
        with file:
            size = path.stat().st_size
            modified = email.utils.formatdate(path.stat().st_mtime, usegmt=True)
            wanted = self._wanted(size, modified) if ranges else None
            if isinstance(wanted, Unsatisfiable):
                return self._send_unsatisfiable(wanted)
            self.send_response(HTTPStatus.PARTIAL_CONTENT if wanted else status)
            self.send_header("Content-Type", content_type(path))
            self.send_header("Accept-Ranges", "bytes")
            self.send_header("Last-Modified", modified)
            self.send_header("Cache-Control", "no-cache")  # a new build shows on reload
            sent = wanted or ByteRange(0, size - 1, size)
            if wanted:
                self.send_header("Content-Range", wanted.content_range)
            self.send_header("Content-Length", str(sent.length))
            self.end_headers()
            if body:
                self._copy(file, sent)

    def _wanted(self, size: int, modified: str) -> ByteRange | Unsatisfiable | None:
        """The range asked for, unless If-Range names another version of the file."""
        if_range = self.headers.get("If-Range")
        if if_range is not None and if_range != modified:
            return None
        return byte_range(self.headers.get("Range"), size)

    def _send_unsatisfiable(self, wanted: Unsatisfiable) -> None:
        self.send_response(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
        self.send_header("Content-Range", wanted.content_range)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _copy(self, file: BinaryIO, wanted: ByteRange) -> None:
        try:
            for chunk in read_range(file, wanted):
                self.wfile.write(chunk)
        except _GONE:
            log.debug("%s went away during %s", self.address_string(), self.path)


def start(site: Path, mount: str, address: tuple[str, int]) -> PreviewServer:
    """A bound server for `site` (call `serve_forever`); port 0 takes a free one."""
    try:
        return PreviewServer(site, mount, address)
    except OSError as error:  # mostly: the port is taken by another server
        host, port = address
        raise WunschzeitError(f"cannot serve on {host}:{port}: {error.strerror}") from None
