"""A recording on another server (`url: https://media.example.org/x.mp4`) in a real browser:
nothing is asked of that server before the reader consents, and after it the video plays and
the answers' links seek it.

The sample archive with its self-hosted talk moved to media.example.org, built once per module;
Playwright answers for that host with the sample's video file (with Range, as a media server
would) and records every request that leaves 127.0.0.1.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("needs Debian's chromium at /usr/bin/chromium", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")

from generator import cli  # noqa: E402
from tests.helpers.paths import REPO  # noqa: E402
from tests.helpers.sample_site import copy_sample, serve  # noqa: E402

expect = sync_api.expect

REMOTE = "https://media.example.org/x.mp4"
MEDIA = REPO / "media" / "genf-design.mp4"
TALK = "talks/genf-design/"
VIDEO = "document.querySelector('video.wz-video')"
PAGES = ("", TALK, "talks/", "privacy/", "experts/", "events/", "tags/", "questions/open/")


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = copy_sample(tmp_path_factory.mktemp("remote"))
    videos = root / "videos.yml"
    moved = f"url: {REMOTE}\n  duration: 5:30"
    videos.write_text(
        videos.read_text(encoding="utf-8").replace("url: media/genf-design.mp4", moved)
    )
    # What `wunschzeit refresh` would have fetched: the captions, into the cache.
    shutil.copyfile(
        root / "media" / "genf-design.de.vtt", root / "content/.cache/genf-design.de.vtt"
    )
    (root / "media" / "genf-design.mp4").unlink()
    assert cli.main(["--root", str(root), "build", "--strict"]) == 0
    with serve(root / "site") as url:
        yield url


@pytest.fixture
def context(browser: Any, base_url: str) -> Iterator[Any]:
    """A fresh context (no consent stored) whose requests off 127.0.0.1 are in `.foreign`:
    media.example.org answers with the sample video, every other host is refused."""
    opened = browser.new_context(viewport={"width": 1280, "height": 800})
    opened.foreign = []
    opened.route("**/*", lambda route: _route(route, base_url, opened.foreign))
    yield opened
    opened.close()


def _route(route: Any, base_url: str, foreign: list[str]) -> None:
    url = route.request.url
    if url.startswith(base_url) or url.startswith("data:"):
        route.continue_()
        return
    foreign.append(url)
    if not url.startswith(REMOTE):
        route.abort()
        return
    data = MEDIA.read_bytes()
    found = re.fullmatch(r"bytes=(\d+)-(\d*)", route.request.headers.get("range", ""))
    if not found:
        route.fulfill(
            status=200, body=data, headers={"Accept-Ranges": "bytes"}, content_type="video/mp4"
        )
        return
    start, end = int(found[1]), int(found[2] or len(data) - 1)
    route.fulfill(
        status=206,
        body=data[start : end + 1],
        content_type="video/mp4",
        headers={"Accept-Ranges": "bytes", "Content-Range": f"bytes {start}-{end}/{len(data)}"},
    )


def test_no_request_to_the_media_host_before_consent(context: Any, base_url: str) -> None:
    """Assert that no page of the archive asks media.example.org (or any other host) for
    anything before the reader clicks "Video laden", also after a jump link was clicked."""
    page = context.new_page()
    for path in PAGES:
        page.goto(base_url + path, wait_until="networkidle")
    page.goto(base_url + TALK + "?t=65#q-gletscherblau", wait_until="networkidle")
    page.locator("a.wz-marker[data-wz-seek='125']").click()
    expect(page.locator(".wz-load__label")).to_have_text("Video ab 2:05 laden")
    page.wait_for_timeout(500)
    assert context.foreign == []
    assert page.locator("video").count() == 0


def test_after_consent_the_remote_video_plays_and_seeks(context: Any, base_url: str) -> None:
    """Assert that "Video laden" puts the `<video>` of the other server in place, playing
    from the linked second, and that a marker then seeks it; the consent is remembered."""
    page = context.new_page()
    page.goto(base_url + TALK + "?t=65#q-gletscherblau")
    page.locator("button.wz-load").click()
    page.wait_for_function(f"{VIDEO} && {VIDEO}.readyState >= 1")
    page.wait_for_function(f"Math.abs({VIDEO}.currentTime - 65) <= 1")
    assert context.foreign and all(url.startswith(REMOTE) for url in context.foreign)
    page.locator("a.wz-marker[data-wz-seek='190']").click()
    page.wait_for_function(f"Math.abs({VIDEO}.currentTime - 190) <= 1")
    again = context.new_page()
    again.goto(base_url + TALK)
    again.wait_for_function(f"{VIDEO} && {VIDEO}.readyState >= 1")  # no second click needed


def test_privacy_page_names_the_media_host(context: Any, base_url: str) -> None:
    """Assert that the privacy page names media.example.org and lists its consent."""
    page = context.new_page()
    page.goto(base_url + "privacy/")
    expect(page.locator("article")).to_contain_text("Videodateien auf media.example.org")
    expect(page.locator(".wz-consents")).to_contain_text("media.example.org: keine Zustimmung")
