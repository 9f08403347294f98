"""`wunschzeit serve`: 100 edits in a row, each shown by the running preview, none lost or crashed.

The preview runs in this process on a free port of 127.0.0.1, with its own build thread, as
`wunschzeit serve` runs it (building only the changed pages); each cycle edits one answer and
reads the talk page until it shows the new text (MkDocs' server holds a request while it
builds, so one read mostly does).
"""

from __future__ import annotations

import contextlib
import re
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from generator.site.serve import Preview
from tests.helpers.sample_site import copy_sample

CYCLES = 100
PATIENCE = 30.0  # seconds one edit may take to show: a bound against hanging, not a timing
PAGE = "talks/genf-design/"
ANSWER = "content/talks/genf-design/gletscherblau.md"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@contextlib.contextmanager
def running(root: Path, reported: list[str]) -> Iterator[Preview]:
    """A started preview of `root`, serving from a thread; stopped and removed afterwards."""
    preview = Preview(root, f"127.0.0.1:{_free_port()}", reported.append, dirty=True)
    preview.start()
    thread = threading.Thread(target=preview.run, daemon=True)
    thread.start()
    try:
        _wait_for_port(preview.url)
        yield preview
    finally:
        preview.stop()
        thread.join(timeout=30)
        preview.close()


def _wait_for_port(url: str) -> None:
    """The server binds its port in its own thread, after `start`."""
    address = urlsplit(url)
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection((address.hostname, address.port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _read(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        text: str = response.read().decode("utf-8")
    return text


def _shows(url: str, text: str, deadline: float) -> bool:
    while time.monotonic() < deadline:
        if text in _read(url):
            return True
        time.sleep(0.05)
    return False


def test_hundred_edits_each_show_on_the_preview(tmp_path: Path) -> None:
    """Assert that 100 edit→rebuild cycles each show the new answer, without an error or crash."""
    root = copy_sample(tmp_path / "archive")
    answer = root / ANSWER
    original = answer.read_text(encoding="utf-8")
    reported: list[str] = []
    with running(root, reported) as preview:
        url = preview.url + PAGE
        assert "Gletscherblau hat drei Schichten" in _read(url)
        for cycle in range(CYCLES):
            marker = f"Messwert{cycle:03d}"
            answer.write_text(original.replace("drei Schichten", marker), encoding="utf-8")
            assert _shows(url, marker, time.monotonic() + PATIENCE), (cycle, reported[-5:])
        builds = preview.builds
    failures = [line for line in reported if re.search(r"error|MkDocs:", line)]
    assert failures == []
    assert CYCLES < builds <= 2 * CYCLES + 1  # one build per edit; an editor's save is one burst


def test_edits_during_a_build_give_one_more_build(tmp_path: Path) -> None:
    """Assert that five saves in a row while a build runs end in one more build, not five."""
    root = copy_sample(tmp_path / "archive")
    answer = root / ANSWER
    original = answer.read_text(encoding="utf-8")
    reported: list[str] = []
    with running(root, reported) as preview:
        url = preview.url + PAGE
        before = preview.builds
        for number in range(5):
            answer.write_text(original.replace("drei Schichten", f"Fassung{number}"), "utf-8")
            time.sleep(0.05)
        assert _shows(url, "Fassung4", time.monotonic() + 30), reported
        time.sleep(1.0)  # any build still to come would start within this second
        assert 1 <= preview.builds - before <= 2
