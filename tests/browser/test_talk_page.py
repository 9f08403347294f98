"""The talk page, version 2, in a real browser: the timeline under the player, watching along,
the transcript that seeks, sharing a moment, deep links, accessibility in both schemes.

Debian's Chromium driven by Playwright on the sample archive, built once per module and served
on 127.0.0.1 with Range support (as tests/browser/test_browser.py does). Requests to any other
host are recorded and aborted: before consent there must be none.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("needs Debian's chromium at /usr/bin/chromium", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")

from tests.helpers.browser import at_rest  # noqa: E402
from tests.helpers.sample_site import build_sample, serve  # noqa: E402

expect = sync_api.expect

VIDEO = "document.querySelector('video.wz-video')"
DESIGN = "talks/genf-design/"  # self-hosted, with captions: the transcript and its track
AERODYNAMIK = "talks/genf-aerodynamik/"  # on YouTube, with chapters
WIDE = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = build_sample(tmp_path_factory.mktemp("sample"))
    with serve(site) as url:
        yield url


@pytest.fixture
def open_page(browser: Any, base_url: str) -> Iterator[Any]:
    """A function opening a page in a fresh context (own storage, so no consent); every
    request to another host is recorded in `page.foreign` and aborted."""
    contexts: list[Any] = []

    def opened(path: str, viewport: dict[str, int] = WIDE, **options: Any) -> Any:
        context = browser.new_context(viewport=viewport, **options)
        contexts.append(context)
        page = context.new_page()
        page.foreign = []
        page.route("**/*", lambda route: _local_only(route, base_url, page.foreign))
        page.goto(base_url + path)
        if path.startswith(DESIGN):  # preload=none: load the metadata as a deep link would
            page.evaluate(f"{VIDEO}.preload = 'metadata'")
            page.wait_for_function(f"{VIDEO}.readyState >= 1")
        return page

    yield opened
    for context in contexts:
        context.close()


def _local_only(route: Any, base_url: str, foreign: list[str]) -> None:
    if route.request.url.startswith(base_url) or route.request.url.startswith("data:"):
        route.continue_()
    else:
        foreign.append(route.request.url)
        route.abort()


def _current_time(page: Any) -> float:
    seconds: float = page.evaluate(f"{VIDEO}.currentTime")
    return seconds


def _play_at(page: Any, seconds: int) -> None:
    """Move the video as playback would: set the time and tell the page it changed."""
    page.evaluate(
        f"s => {{ {VIDEO}.currentTime = s; {VIDEO}.dispatchEvent(new Event('timeupdate')); }}",
        seconds,
    )


# The CSS animations of the loading spinner in Chromium's own media controls.
SPINNER = {"container-rotate", "fill-unfill-rotate", "mask-1-spin", "mask-2-spin"}
PLAIN_VIDEO = """() => {
  const video = document.createElement("video");
  video.controls = true;
  video.preload = "none";
  video.src = document.querySelector("video.wz-video").src;
  document.querySelector("article").prepend(video);
}"""


def _animations(browser: Any, page: Any, action: Any) -> set[str]:
    """The names of the CSS animations that started in `page` while `action(page)` ran."""
    browser.start_tracing(page=page, categories=["blink.animations", "devtools.timeline"])
    action(page)
    page.wait_for_timeout(300)
    trace = json.loads(browser.stop_tracing())
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    return {
        e["args"]["data"].get("displayName", "")
        for e in events
        if e.get("name") == "Animation" and e.get("ph") == "b"
    }


def test_self_hosted_video_gets_its_controls_without_the_loading_spinner(
    browser: Any, base_url: str
) -> None:
    """Assert that the self-hosted video has its controls once the browser decided not to
    load, without the loading spinner that a plain <video controls preload=none> starts (its
    turn repaints the page for 1.5 s), and that without JavaScript the controls are there."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()

    def load(page: Any) -> None:
        page.goto(base_url + DESIGN)
        page.wait_for_function(f"{VIDEO}.controls && {VIDEO}.networkState === 1")

    assert not _animations(browser, page, load) & SPINNER
    assert _animations(browser, page, lambda page: page.evaluate(PLAIN_VIDEO)) & SPINNER
    context.close()
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + DESIGN)
    assert page.locator("video.wz-video").get_attribute("controls") == ""
    context.close()


def test_timeline_marker_click_seeks_the_self_hosted_video(open_page: Any, base_url: str) -> None:
    """Assert that a marker on the timeline seeks the video in place and marks its answer."""
    page = open_page(DESIGN)
    marker = page.locator("a.wz-marker[data-wz-seek='65']")
    expect(marker).to_have_accessible_name(
        "1:05 – Wie entsteht so eine Farbe wie das Gletscherblau auf dem Stand?"
    )
    marker.click()
    page.wait_for_function(f"Math.abs({VIDEO}.currentTime - 65) <= 1")
    assert page.url == base_url + DESIGN
    expect(marker).to_have_attribute("aria-current", "time")
    playing = page.locator(".wz-outline__answer.wz-playing")
    expect(playing).to_have_attribute("data-wz-target", "q-gletscherblau")


def test_timeline_marker_works_with_the_keyboard(open_page: Any) -> None:
    """Assert that Tab moves from marker to marker and Enter seeks to the focused one."""
    page = open_page(DESIGN)
    page.locator("a.wz-marker").first.focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('data-wz-seek')")
    assert focused == "65"
    page.keyboard.press("Enter")
    page.wait_for_function(f"Math.abs({VIDEO}.currentTime - 65) <= 1")
    label = page.locator("a.wz-marker:focus .wz-marker__label")
    assert (label.bounding_box() or {}).get("width", 0) > 50  # the tooltip shows on focus


def test_follow_along_moves_the_highlight_and_the_page(open_page: Any) -> None:
    """Assert that the answer being played is marked as time moves, that the page follows it
    below the sticky player, and that following can be turned off (and stays off)."""
    page = open_page(DESIGN)
    _play_at(page, 130)
    playing = page.locator(".wz-outline__answer.wz-playing")
    expect(playing).to_have_attribute("data-wz-target", "q-innenraum-ohne-leder")
    expect(page.locator("a.wz-marker[aria-current='time']")).to_have_attribute(
        "data-wz-seek", "125"
    )
    page.locator("a.wz-marker[data-wz-seek='190']").click()  # playing now: the stage sticks
    page.wait_for_function(
        "document.querySelector('.wz-stage').classList.contains('wz-stage--active')"
    )
    _play_at(page, 262)
    page.wait_for_function(_just_below_the_stage("q-skizze-bis-serie"))
    stage = page.locator(".wz-stage").bounding_box()
    assert stage is not None and stage["y"] >= 0 and stage["y"] + stage["height"] <= 900
    follow = page.get_by_label("Mitlaufen")
    follow.uncheck()
    scrolled = _settled_scroll(page)  # the smooth scroll to 4:22 may still be running
    _play_at(page, 192)
    expect(playing).to_have_attribute("data-wz-target", "q-kuehlergrill-elektroauto")
    page.wait_for_timeout(600)  # a smooth scroll would have started by now
    assert page.evaluate("window.scrollY") == scrolled
    assert not page.evaluate(_just_below_the_stage("q-kuehlergrill-elektroauto"))
    assert page.evaluate("localStorage.getItem('wunschzeit.follow')") == "0"
    page.reload()
    expect(page.get_by_label("Mitlaufen")).not_to_be_checked()


def _settled_scroll(page: Any) -> int:
    """The page's scroll position once it has not moved for 300 ms (at most 5 s)."""
    position: int = page.evaluate(
        """async () => {
            let last = -1;
            for (let i = 0; i < 50 && window.scrollY !== last; i++) {
                last = window.scrollY;
                await new Promise((done) => setTimeout(done, 300));
            }
            return window.scrollY;
        }"""
    )
    return position


def _just_below_the_stage(anchor: str) -> str:
    """JS: is the question's heading in view, under the stage?"""
    return (
        f"(() => {{ const h = document.getElementById('{anchor}').getBoundingClientRect();"
        " const s = document.querySelector('.wz-stage').getBoundingClientRect();"
        " return h.top >= s.bottom - 1 && h.bottom <= window.innerHeight; })()"
    )


def test_transcript_line_seeks_and_follows_playback(open_page: Any) -> None:
    """Assert that a transcript line is a link that seeks, and that the line being played is
    marked."""
    page = open_page(DESIGN)
    page.locator(".wz-transcript-box summary").click()
    line = page.locator("a.wz-cue", has_text="Das Gletscherblau hat drei Schichten")
    assert line.get_attribute("data-wz-seek") == "71"
    line.click()
    page.wait_for_function(f"Math.abs({VIDEO}.currentTime - 71) <= 1")
    expect(line).to_have_attribute("aria-current", "time")
    _play_at(page, 21)
    current = page.locator("a.wz-cue[aria-current='time']")
    expect(current).to_contain_text("Woran erkennt man einen Nordwerk nachts von hinten?")
    expect(line).not_to_have_attribute("aria-current", "time")


def test_share_button_copies_the_link_to_the_moment(open_page: Any, base_url: str) -> None:
    """Assert that "copy link" puts the page's address at the answer into the clipboard and
    says so."""
    page = open_page(DESIGN, permissions=["clipboard-read", "clipboard-write"])
    section = page.locator("p.wz-answer").nth(1)
    section.get_by_role("button", name="Link zu diesem Moment kopieren").click()
    expect(section.get_by_role("status")).to_have_text("Link kopiert")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == base_url + DESIGN + "?t=65#q-gletscherblau"


def test_share_without_clipboard_selects_the_link_in_a_field(open_page: Any, base_url: str) -> None:
    """Assert that where the clipboard refuses, the link is selected in a labelled field."""
    page = open_page(DESIGN)
    page.evaluate("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    page.locator("p.wz-answer").first.get_by_role("button").click()
    field = page.get_by_role("textbox", name="Link zu diesem Moment kopieren")
    expect(field).to_have_value(base_url + DESIGN + "?t=20#q-lichtsignatur")
    expect(field).to_be_focused()
    expect(page.locator("p.wz-answer").first.get_by_role("status")).to_contain_text(
        "Kopieren ging nicht"
    )


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["desktop", "phone"])
def test_deep_link_shows_the_player_at_the_second(open_page: Any, viewport: dict[str, int]) -> None:
    """Assert that `?t=125#q-…` shows the player in view, ready at 125 s, with the question
    named beside it."""
    page = open_page(f"{DESIGN}?t=125#q-innenraum-ohne-leder", viewport)
    page.wait_for_function(f"Math.abs({VIDEO}.currentTime - 125) <= 1")
    page.wait_for_load_state("load")
    video = page.locator("video.wz-video").bounding_box()
    assert video is not None
    assert video["y"] >= 0 and video["y"] + video["height"] / 2 <= viewport["height"]
    note = page.locator(".wz-stage__note")
    expect(note).to_have_text("Springt zu: Gibt's im Innenraum auch Alternativen zu Leder?")
    expect(note.get_by_role("link")).to_have_attribute("href", "#q-innenraum-ohne-leder")
    assert page.evaluate("document.getElementById('q-innenraum-ohne-leder').className") == (
        "wz-current"
    )


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["desktop", "phone"])
def test_deep_link_leaves_no_band_above_the_header(
    open_page: Any, viewport: dict[str, int]
) -> None:
    """Assert that after a deep link the screen shows the header at its top (the header's
    colour in the first rows of a screenshot, no blank band), the player right below it and
    Material's back-to-top pill not on the video.

    Chromium's command line `--screenshot` draws a blank band above the header of any page
    scrolled to an anchor, a plain HTML page as well: its capture, not the page.
    """
    page = open_page(f"{DESIGN}?t=65#q-gletscherblau", viewport)
    page.wait_for_function(f"Math.abs({VIDEO}.currentTime - 65) <= 1")
    page.wait_for_timeout(600)  # the smooth scroll to the player settles
    assert page.evaluate("window.scrollY") > 0
    header = page.locator(".md-header").bounding_box()
    stage = page.locator(".wz-stage").bounding_box()
    assert header is not None and stage is not None and header["y"] == 0
    assert header["height"] <= stage["y"] <= header["height"] + 40
    top = page.locator(".md-top")  # Material's back-to-top pill shows after the scroll up
    pill = None if top.get_attribute("hidden") is not None else top.bounding_box()
    video = page.locator("video.wz-video").bounding_box()
    assert video is not None
    assert pill is None or pill["y"] >= video["y"] + video["height"], (pill, video)
    shot = Image.open(io.BytesIO(page.screenshot()))
    red, _green, blue = shot.convert("RGB").getpixel((shot.width // 2, 4))
    assert blue > 150 and red < 120, "the first rows are not the indigo header"


def test_marker_before_consent_asks_and_requests_nothing(open_page: Any) -> None:
    """Assert that on the YouTube talk a marker asks for consent like a ▶ link, and that no
    request leaves the site, also after a deep link."""
    page = open_page(AERODYNAMIK)
    page.locator("a.wz-marker[data-wz-seek='272']").click()
    button = page.get_by_role("button", name="Video ab 4:32 laden")
    expect(button).to_be_focused()
    assert page.locator("iframe").count() == 0
    page.goto(page.url + "?t=490#q-kameras-statt-spiegel")
    expect(page.get_by_role("button", name="Video ab 8:10 laden")).to_be_visible()
    expect(page.locator(".wz-stage__note")).to_contain_text("Springt zu: Warum gibt's noch keine")
    page.wait_for_load_state("networkidle")
    assert page.foreign == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    "path",
    [
        DESIGN,
        AERODYNAMIK,
        f"{DESIGN}?t=65#q-gletscherblau",
        f"{AERODYNAMIK}?t=272#q-cw-wert-reichweite",
    ],
)
def test_talk_page_has_no_serious_accessibility_violations(
    open_page: Any, path: str, scheme: str
) -> None:
    """Assert that axe-core finds nothing serious or critical on the talk pages in the light
    and the dark scheme, before and after a jump, with the timeline tooltip and the
    transcript open."""
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
    page = open_page(path, color_scheme=scheme)
    page.wait_for_load_state("networkidle")
    page.locator(".wz-transcript-box summary").click()
    page.mouse.move(0, 0)  # the pointer left on a link would show its hover colour
    page.locator("a.wz-marker").first.focus()
    at_rest(page)
    results = axe_module.Axe().run(page)
    serious = [
        {"id": v["id"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], json.dumps(serious, indent=1)
    assert page.foreign == []
