"""Take the screenshots under docs/screenshots/ from the built sample archive.

Usage: python scripts/screenshots.py  (from the repository root; needs Playwright and
/usr/bin/chromium). Builds the sample into a temporary folder, serves it on 127.0.0.1 and
captures the home page, the YouTube talk page before consent and the self-hosted talk after a
jump (a deep link to an answer: the player ready at its second, the question named), each on a
desktop (1280 px) and a phone (390×844, twice the pixels), in the light and the dark scheme
(the browser's prefers-color-scheme, which the site follows until a reader picks one).
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
HOME, TALK = "", "talks/genf-aerodynamik/"
JUMP = "talks/genf-design/?t=65#q-gletscherblau"  # a deep link to an answer: after a jump
DESKTOP, PHONE = ((1280, 1100), 1), ((390, 844), 2)  # viewport, device scale
SHOTS = tuple(
    # file name, page, (viewport, device scale), color scheme
    (f"{name}-{device}{'-dark' if scheme == 'dark' else ''}.png", path, size, scheme)
    for name, path in (("home", HOME), ("talk", TALK), ("jump", JUMP))
    for device, size in (("desktop", DESKTOP), ("phone", PHONE))
    for scheme in ("light", "dark")
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
            for name, path, ((width, height), scale), scheme in SHOTS:
                context = browser.new_context(
                    viewport={"width": width, "height": height},
                    device_scale_factor=scale,
                    is_mobile=width < 600,
                    color_scheme=scheme,
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
