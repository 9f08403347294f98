"""Tests in a real browser: Debian's Chromium, driven by Playwright, on the built sample site.

The sample archive is built once per module and served on 127.0.0.1 with Range support.
Requests to youtube-nocookie.com are answered by a stub page (page.route), so nothing ever
leaves the machine; the stub records the postMessage commands the page sends to the player.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("needs Debian's chromium at /usr/bin/chromium", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")

from generator import cli  # noqa: E402
from tests.helpers.browser import at_rest  # noqa: E402
from tests.helpers.sample_site import build_sample, serve  # noqa: E402

expect = sync_api.expect

YOUTUBE = "https://www.youtube-nocookie.com/"
# Answers like YouTube's player: once the page says it is listening, report ready.
STUB_PLAYER = """<!doctype html><html><head><title>stub player</title></head><body><script>
window.received = [];
window.addEventListener("message", function (event) {
  var data = JSON.parse(event.data);
  window.received.push(data);
  if (data.event === "listening") {
    parent.postMessage(JSON.stringify({event: "onReady", id: 1, channel: "widget"}), "*");
  }
  if (data.func === "seekTo") {
    var info = {currentTime: data.args[0] + 0.5};
    parent.postMessage(JSON.stringify({event: "infoDelivery", info: info}), "*");
  }
});
</script></body></html>"""
VIDEO = "document.querySelector('video.wz-video')"
PAGES = {
    "home": "",
    "talk (YouTube)": "talks/genf-aerodynamik/",
    "talk (self-hosted)": "talks/genf-design/",
    "expert": "experts/henrik-falter/",
    "event": "events/automobilsalon-genf-2013/",
    "tag": "tags/aerodynamik/",
    "open questions": "questions/open/",
    "privacy": "privacy/",
}


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = build_sample(tmp_path_factory.mktemp("sample"))
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def instant_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample built with Material's instant navigation (pages swapped without reload)."""
    root = tmp_path_factory.mktemp("instant")
    with serve(root / "site") as url:
        build_sample(root, features=("navigation.instant",), site_url=url)
        yield url


# Two more talks on Vimeo and PeerTube, each with one answer at 4:32.
OTHER_PLATFORMS = {
    "vimeo-talk": ("https://vimeo.com/76979871", "https://player.vimeo.com/"),
    "peertube-talk": (
        "https://tube.example.org/w/kkGMgK9ZtnKfYAgnEtQxbv",
        "https://tube.example.org/",
    ),
}
QUESTION = """---
question: "Wie schnell ist das Auto?"
asked_by: Lena
channel: blog
answer:
  start: 272
  end: 300
---
Sehr schnell.
"""
# Vimeo's player says it is ready; PeerTube's (jschannel) pings. Both record what they get.
STUB_VIMEO = """<!doctype html><html><head><title>stub</title></head><body><script>
window.received = [];
window.addEventListener("message", function (event) { window.received.push(JSON.parse(event.data)); });
parent.postMessage(JSON.stringify({event: "ready", player_id: ""}), "*");
</script></body></html>"""
STUB_PEERTUBE = """<!doctype html><html><head><title>stub</title></head><body><script>
window.received = [];
window.addEventListener("message", function (event) { window.received.push(JSON.parse(event.data)); });
parent.postMessage(JSON.stringify({method: "peertube::__ready", params: "ping"}), "*");
</script></body></html>"""


@pytest.fixture(scope="module")
def platforms_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample with a Vimeo and a PeerTube talk added (built without --strict)."""
    root = tmp_path_factory.mktemp("platforms")
    entries = "".join(
        f"\n- id: {talk}\n  title: {talk}\n  url: {url}\n  date: 2013-03-07\n"
        for talk, (url, _) in OTHER_PLATFORMS.items()
    )
    build_sample(root)
    with (root / "videos.yml").open("a", encoding="utf-8") as videos:
        videos.write(entries)
    for talk in OTHER_PLATFORMS:
        (root / "content/talks" / talk).mkdir(parents=True)
        (root / "content/talks" / talk / "tempo.md").write_text(QUESTION, encoding="utf-8")
    assert cli.main(["--root", str(root), "build"]) == 0
    with serve(root / "site") as url:
        yield url


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page (own storage, so no consent) whose YouTube requests get the stub player."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    opened.route(
        f"{YOUTUBE}**", lambda route: route.fulfill(body=STUB_PLAYER, content_type="text/html")
    )
    yield opened
    context.close()


def _stub_frame(page: Any) -> Any:
    """The player iframe's Frame, once the stub page in it has loaded."""
    frame = page.locator("iframe.wz-frame").element_handle().content_frame()
    frame.wait_for_load_state()
    return frame


def _received(frame: Any, func: str) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = frame.evaluate("window.received || []")
    return [m for m in messages if m.get("func") == func or m.get("event") == func]


@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_request_leaves_the_site_before_consent(page: Any, base_url: str, name: str) -> None:
    """Assert that before consent every page type requests only from 127.0.0.1."""
    requested: list[str] = []
    failed: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto(base_url + PAGES[name])
    page.wait_for_load_state("networkidle")
    page.mouse.wheel(0, 20000)  # lazy images further down load too
    page.wait_for_load_state("networkidle")
    hosts = {urlsplit(url).hostname for url in requested if not url.startswith("data:")}
    assert hosts == {"127.0.0.1"}, requested
    assert page.locator("iframe").count() == 0
    assert failed == []  # e.g. Material fetching a sitemap.xml beside every rel=alternate link


def test_jump_link_seeks_the_self_hosted_video(page: Any, base_url: str) -> None:
    """Assert that ▶ on the self-hosted talk sets the video's currentTime and stays on the page."""
    url = base_url + "talks/genf-design/"
    page.goto(url)
    page.wait_for_function("document.documentElement.getAttribute('data-wz-ready') === '1'")
    link = page.locator("#answers + ul a.wz-jump").nth(1)
    assert link.get_attribute("data-wz-seek") == "65"
    link.click()
    page.wait_for_function(f"Math.abs({VIDEO}.currentTime - 65) <= 1")
    assert page.url == url
    assert "wz-playing" in (page.locator("#answers + ul > li").nth(1).get_attribute("class") or "")


def test_youtube_loads_privacy_mode_embed_and_seeks_by_post_message(
    page: Any, base_url: str
) -> None:
    """Assert that "load" inserts the youtube-nocookie embed and ▶ posts seekTo to it."""
    page.goto(base_url + "talks/genf-aerodynamik/")
    page.get_by_role("button", name="Video laden").click()
    src = page.locator("iframe.wz-frame").get_attribute("src") or ""
    parts = urlsplit(src)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == YOUTUBE + "embed/WzSample001"
    assert query == {
        "enablejsapi": "1",
        "rel": "0",
        "start": "0",
        "origin": base_url.rstrip("/"),
        "autoplay": "1",
    }
    frame = _stub_frame(page)
    page.wait_for_function("document.querySelector('.wz-player').wzPage.ready === true")
    assert _received(frame, "listening")
    page.locator("#answers + ul a.wz-jump[data-wz-seek='272']").click()
    frame.wait_for_function("window.received.some(m => m.func === 'seekTo')")
    assert [m["args"] for m in _received(frame, "seekTo")] == [[272, True]]
    assert _received(frame, "playVideo")
    playing = page.locator("#answers + ul > li.wz-playing a.wz-jump")
    expect(playing).to_have_attribute("data-wz-seek", "272")
    assert page.url == base_url + "talks/genf-aerodynamik/"


def test_jump_before_consent_asks_then_starts_there(page: Any, base_url: str) -> None:
    """Assert that ▶ before consent asks for it, and "load" then starts at that second."""
    page.goto(base_url + "talks/genf-aerodynamik/")
    page.locator("#answers + ul a.wz-jump[data-wz-seek='272']").click()
    button = page.get_by_role("button", name="Video ab 4:32 laden")
    assert button.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('wz-load')")
    note = page.locator(".wz-consent__note").inner_text()
    assert note.startswith("Um die Antwort ab 4:32 hier abzuspielen, laden Sie bitte zuerst")
    assert page.locator("a.wz-watch").get_attribute("href") == (
        "https://www.youtube.com/watch?v=WzSample001&t=272s"
    )
    assert page.locator("iframe").count() == 0
    button.click()
    src = page.locator("iframe.wz-frame").get_attribute("src") or ""
    assert parse_qs(urlsplit(src).query)["start"] == ["272"]


def test_consent_is_remembered_and_revocable(page: Any, base_url: str) -> None:
    """Assert that consent loads the embed on the next visit and the privacy page revokes it."""
    page.goto(base_url + "talks/genf-aerodynamik/")
    page.locator("button.wz-load").click()
    page.goto(base_url + "talks/genf-aerodynamik/?t=165#q-felgen-geschlossen")
    src = page.locator("iframe.wz-frame").get_attribute("src") or ""
    query = parse_qs(urlsplit(src).query)
    assert (query["start"], query["autoplay"]) == (["165"], ["0"])
    # The footer's privacy link is the organisation's statement; it links the consents.
    page.get_by_role("link", name="Datenschutzerklärung", exact=True).click()
    page.get_by_role("link", name="Datenschutz-Einstellungen", exact=True).click()
    state = page.locator("[data-wz-consent-state='youtube']")
    expect(state).to_have_text("Videos werden geladen")
    page.get_by_role("button", name="Zustimmung widerrufen").click()
    expect(state).to_have_text("keine Zustimmung")
    expect(page.locator(".wz-consents__note")).to_contain_text("Ihre Zustimmung ist widerrufen.")
    page.goto(base_url + "talks/genf-aerodynamik/")
    assert page.locator("iframe").count() == 0
    assert page.locator("button.wz-load").is_visible()


def test_deep_link_opens_at_the_answer(page: Any, base_url: str) -> None:
    """Assert that `?t=65#q-gletscherblau` positions the video at 65 s and marks the question."""
    page.goto(base_url + "talks/genf-design/?t=65#q-gletscherblau")
    page.wait_for_function(f"{VIDEO}.readyState >= 1")
    page.wait_for_function(f"Math.abs({VIDEO}.currentTime - 65) <= 1")
    heading = page.locator("h3#q-gletscherblau")
    assert "wz-current" in (heading.get_attribute("class") or "")
    playing = page.locator("#answers + ul > li.wz-playing")
    assert playing.count() == 1
    assert playing.locator("a.wz-jump").get_attribute("data-wz-seek") == "65"


def test_playing_video_highlights_the_answer(page: Any, base_url: str) -> None:
    """Assert that the answer containing the playback position is highlighted as time moves."""
    page.goto(base_url + "talks/genf-design/")
    page.evaluate(f"{VIDEO}.preload = 'metadata'")  # preload=none: as playing would
    page.wait_for_function(f"{VIDEO}.readyState >= 1")
    page.evaluate(f"{VIDEO}.currentTime = 130")
    page.wait_for_selector("#answers + ul > li.wz-playing")
    playing = page.locator("#answers + ul > li.wz-playing a.wz-jump")
    assert playing.get_attribute("data-wz-seek") == "125"
    page.evaluate(f"{VIDEO}.currentTime = 10")
    page.wait_for_selector("#answers + ul > li.wz-playing", state="detached")


@pytest.mark.parametrize(
    "path",
    ["", "talks/genf-aerodynamik/", "talks/genf-design/", "experts/henrik-falter/",
     "questions/open/", "privacy/"],
)  # fmt: skip
def test_no_serious_accessibility_violations(page: Any, base_url: str, path: str) -> None:
    """Assert that axe-core finds no serious or critical violations on the German sample."""
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "de"
    at_rest(page)
    results = axe_module.Axe().run(page)
    serious = [
        {"id": v["id"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], json.dumps(serious, indent=1)


def test_phone_shows_player_and_jump_links(browser: Any, base_url: str) -> None:
    """Assert that on a 390x844 phone the load button and jump links show, nothing overflows."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone = context.new_page()
    phone.goto(base_url + "talks/genf-aerodynamik/")
    button = phone.locator("button.wz-load")
    assert button.is_visible()
    player = phone.locator(".wz-player").bounding_box()
    assert player is not None and player["x"] >= 0 and player["x"] + player["width"] <= 390
    jump = phone.locator("#answers + ul a.wz-jump").first
    jump.scroll_into_view_if_needed()
    assert jump.is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert re.fullmatch(r"▶ 1:05 – 2:40", jump.inner_text())
    context.close()


def test_player_works_after_instant_navigation(page: Any, instant_url: str) -> None:
    """Assert that with instant navigation the player is set up on pages reached by a click."""
    page.goto(instant_url)
    page.wait_for_load_state("networkidle")  # instant navigation starts once it has the sitemap
    page.evaluate("window.wzMarker = 1")
    page.locator("article a[href$='talks/genf-aerodynamik/']").first.click()
    expect(page.get_by_role("button", name="Video laden")).to_be_visible()
    assert page.evaluate("window.wzMarker") == 1
    page.locator(".md-tabs__link", has_text="Talks").click()
    page.locator("article a[href$='talks/genf-design/']").first.click()
    page.wait_for_function(f"{VIDEO} !== null")
    page.locator("#answers + ul a.wz-jump[data-wz-seek='125']").click()
    page.wait_for_function(f"Math.abs({VIDEO}.currentTime - 125) <= 1")
    assert page.url == instant_url + "talks/genf-design/"
    assert page.evaluate("window.wzMarker") == 1  # no reload happened


@pytest.mark.parametrize(
    ("talk", "stub", "expected"),
    [
        (
            "vimeo-talk",
            STUB_VIMEO,
            [{"method": "setCurrentTime", "value": 272}, {"method": "play"}],
        ),
        (
            "peertube-talk",
            STUB_PEERTUBE,
            [
                {"method": "peertube::__ready", "params": "pong"},
                {"id": 1, "method": "peertube::seek", "params": 272},
                {"id": 2, "method": "peertube::play"},
            ],
        ),
    ],
)
def test_vimeo_and_peertube_seek_by_post_message(
    page: Any, platforms_url: str, talk: str, stub: str, expected: list[dict[str, Any]]
) -> None:
    """Assert that Vimeo and PeerTube embeds load in privacy mode and get their seek commands."""
    origin = OTHER_PLATFORMS[talk][1]
    page.route(f"{origin}**", lambda route: route.fulfill(body=stub, content_type="text/html"))
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(platforms_url + f"talks/{talk}/")
    page.wait_for_load_state("networkidle")
    assert {urlsplit(url).hostname for url in requested} == {"127.0.0.1"}
    page.get_by_role("button", name="Video laden").click()
    src = page.locator("iframe.wz-frame").get_attribute("src") or ""
    assert src.startswith(origin)
    assert ("dnt=1" in src) if talk == "vimeo-talk" else ("api=1&p2p=0&start=0" in src)
    page.wait_for_function("document.querySelector('.wz-player').wzPage.ready === true")
    page.locator("#answers + ul a.wz-jump").first.click()
    frame = _stub_frame(page)
    frame.wait_for_function(f"window.received.length >= {len(expected)}")
    received = frame.evaluate("window.received")
    assert [m for m in received if m.get("value") != "timeupdate"] == expected
