"""Take the screenshots under docs/screenshots/ from the built sample archive.

Usage: python scripts/screenshots.py  (from the repository root; needs Playwright and
/usr/bin/chromium). Builds the sample into a temporary folder, serves it on 127.0.0.1 and
captures the YouTube talk page before consent (desktop and phone) and the self-hosted talk
opened by a deep link to an answer (the player ready at its second, the question named).
Requests to other hosts are aborted, so the pictures show what a reader sees before consent.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO)]

from tests.helpers.sample_site import build_sample, serve

OUT = REPO / "docs" / "screenshots"
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]
SHOTS = (
    # file name, page, viewport, device scale
    ("talk-desktop.png", "talks/genf-aerodynamik/", (1280, 1100), 1),
    ("talk-phone.png", "talks/genf-aerodynamik/", (390, 844), 2),
    ("talk-selfhosted.png", "talks/genf-design/?t=65#q-gletscherblau", (1280, 1100), 1),
)


def _local_only(page: Page, base: str) -> None:
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base)
               else route.abort())  # fmt: skip


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        site = build_sample(Path(folder) / "sample")
        with serve(site) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            for name, path, (width, height), scale in SHOTS:
                context = browser.new_context(
                    viewport={"width": width, "height": height},
                    device_scale_factor=scale,
                    is_mobile=width < 600,
                    color_scheme="light",
                )
                page = context.new_page()
                _local_only(page, base)
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                if "?t=" in path:
                    page.wait_for_function("document.querySelector('video').readyState >= 2")
                    page.wait_for_timeout(500)  # the deep link's scroll to the player settles
                page.screenshot(path=str(OUT / name))
                context.close()
            browser.close()


if __name__ == "__main__":
    main()
