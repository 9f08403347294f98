"""The README's preview in a real browser: `wunschzeit preview` seeks the self-hosted talk.

Runs exactly what the README's first command runs, `wunschzeit preview`, in a process of its
own on the built sample, and plays the self-hosted recording in Debian's Chromium. With a
server that ignores Range (`python3 -m http.server`), Chromium reports nothing as seekable and
the video stays at 0:00, so these assertions fail there.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("needs Debian's chromium at /usr/bin/chromium", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")

from tests.helpers.sample_site import build_sample, run_preview  # noqa: E402

LAUNCH_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]
VIDEO = "document.querySelector('video.wz-video')"


@pytest.fixture(scope="module")
def preview_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("preview")
    build_sample(root)
    with run_preview(root) as url:
        yield url


@pytest.fixture
def page(preview_url: str) -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield browser.new_page()
        finally:
            browser.close()


def test_preview_serves_below_site_url(preview_url: str) -> None:
    """Assert that the preview prints a URL below the sample's site_url path."""
    assert preview_url.startswith("http://127.0.0.1:")
    assert preview_url.endswith("/wunschzeit/")


def test_deep_link_and_jump_link_seek_in_the_preview(page: Any, preview_url: str) -> None:
    """Assert that `?t=65` opens the self-hosted video at 65 s, and ▶ seeks it to 125 s."""
    page.goto(preview_url + "talks/genf-design/?t=65#q-gletscherblau")
    page.wait_for_function(f"{VIDEO}.readyState >= 1")
    page.wait_for_function(f"Math.abs({VIDEO}.currentTime - 65) <= 1")
    page.locator("#answers + ul a.wz-jump[data-wz-seek='125']").click()
    page.wait_for_function(f"Math.abs({VIDEO}.currentTime - 125) <= 1")
    seekable_end = page.evaluate(f"{VIDEO}.seekable.length && {VIDEO}.seekable.end(0)")
    assert seekable_end > 0
    assert page.evaluate(f"{VIDEO}.duration") == pytest.approx(seekable_end, abs=1)
