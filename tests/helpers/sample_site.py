"""Build the repository's sample archive into a folder and serve the site on 127.0.0.1.

Used by the browser tests and by scripts/screenshots.py. The server answers HTTP Range
requests (Python's http.server does not): without them Chromium cannot seek a `<video>`.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, BinaryIO

import yaml

from generator import cli
from generator.models import Output, SourceFile
from generator.pipeline.write import RECORD, read_record
from tests.helpers.paths import REPO

SAMPLE_PARTS = ("videos.yml", "content", "media", "mkdocs.yml", "site_src")
_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


def copy_sample(root: Path) -> Path:
    """Copy the repo's sample archive (without generated folders) into `root`."""
    root.mkdir(parents=True, exist_ok=True)
    generated = set(read_record(REPO / "site_src") or ()) | {".gitignore", RECORD}
    for name in SAMPLE_PARTS:
        source = REPO / name
        if name == "site_src":  # the organisation's pages, not what a local build added
            shutil.copytree(
                source,
                root / name,
                dirs_exist_ok=True,
                ignore=lambda folder, names: _generated(
                    REPO / "site_src", folder, names, generated
                ),
            )
        elif source.is_dir():
            shutil.copytree(source, root / name, dirs_exist_ok=True)
        else:
            shutil.copyfile(source, root / name)
    return root


def _generated(top: Path, folder: str, names: list[str], generated: set[str]) -> list[str]:
    below = Path(folder).relative_to(top)
    return [
        name
        for name in names
        if (key := (below / name).as_posix()) in generated or key.startswith(".wunschzeit-")
    ]


def mkdocs_build(outputs: Mapping[str, Output], folder: Path) -> Path:
    """Write rendered outputs into folder/site_src and build them with the repo's mkdocs.yml
    (`mkdocs build --strict` in a subprocess); give the site folder."""
    for path, value in outputs.items():
        target = folder / "site_src" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(value, SourceFile):
            shutil.copyfile(value.path, target)
        elif isinstance(value, bytes):
            target.write_bytes(value)
        else:
            target.write_text(value, encoding="utf-8")
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(docs_dir="site_src", site_dir="site")
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(folder / "mkdocs.yml")],
        capture_output=True,
        text=True,
        cwd=folder,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return folder / "site"


def build_sample(root: Path, features: tuple[str, ...] = (), site_url: str | None = None) -> Path:
    """Copy the sample archive to `root`, build it with --strict, give the site folder.

    `features` are added to theme.features of the copied mkdocs.yml. Instant navigation
    (`navigation.instant`) only follows links found in sitemap.xml, whose URLs come from
    site_url: set it to where the site is served.
    """
    copy_sample(root)
    if features or site_url:
        config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
        config["theme"]["features"] = [*config["theme"].get("features", []), *features]
        config["site_url"] = site_url or config.get("site_url")
        (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    status = cli.main(["--root", str(root), "build", "--strict"])
    if status != 0:
        raise RuntimeError(f"building the sample archive failed with exit code {status}")
    return root / "site"


class RangeHandler(SimpleHTTPRequestHandler):
    """Static files with single-range `Range: bytes=a-b` support, and no request log."""

    def send_head(self) -> io.BytesIO | BinaryIO | None:
        wanted = _RANGE.fullmatch(self.headers.get("Range", "").strip())
        path = self.translate_path(self.path)
        if wanted is None or not os.path.isfile(path):
            return super().send_head()
        with open(path, "rb") as file:
            data = file.read()
        first, last = _byte_range(wanted, len(data))
        if first >= len(data) or first > last:
            self.send_error(416)
            return None
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Range", f"bytes {first}-{last}/{len(data)}")
        self.send_header("Content-Length", str(last - first + 1))
        self.end_headers()
        return io.BytesIO(data[first : last + 1])

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet."""


def _byte_range(wanted: re.Match[str], size: int) -> tuple[int, int]:
    start, end = wanted.groups()
    if not start:  # `bytes=-500`: the last 500 bytes
        return max(size - int(end or 0), 0), size - 1
    return int(start), min(int(end), size - 1) if end else size - 1


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve `site` from a thread on a free port of 127.0.0.1; yields the base URL."""

    def handler(*args: Any) -> RangeHandler:
        return RangeHandler(*args, directory=str(site))

    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
