"""Accessibility and layout in a real browser: axe-core on every page type, light and dark.

The sample archive is built once and served below its site_url path (/wunschzeit/), as a web
host serves it, so that the 404 page, whose links are absolute, finds its styles. Requests to
youtube-nocookie.com get a stub page (page.route); nothing leaves the machine. The layout
tests run at 390x844, the size of a common phone.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("needs Debian's chromium at /usr/bin/chromium", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")
axe_playwright = pytest.importorskip("axe_playwright_python.sync_playwright")

from generator.site import preview  # noqa: E402
from tests.helpers.browser import at_rest  # noqa: E402
from tests.helpers.sample_site import build_sample, serve  # noqa: E402

YOUTUBE = "https://www.youtube-nocookie.com/"
STUB_PLAYER = (
    '<!doctype html><html lang="en"><head><title>stub player</title></head><body></body></html>'
)
SITE_NAME = "Wunschzeit – Live-Talks Automobilsalon Genf"
PAGES = {
    "home": "",
    "talks": "talks/",
    "talk (YouTube)": "talks/genf-aerodynamik/",
    "talk (self-hosted)": "talks/genf-design/",
    "expert": "experts/henrik-falter/",
    "event": "events/automobilsalon-genf-2013/",
    "tag": "tags/aerodynamik/",
    "open questions": "questions/open/",
    "privacy": "privacy/",
    "imprint": "impressum/",
    "privacy statement": "datenschutz/",
    "404": "no/such/page/",
}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = build_sample(tmp_path_factory.mktemp("sample"))
    with serve(site, preview.mount_path("https://example.org/wunschzeit/")) as url:
        yield url


def _page(browser: Any, scheme: str = "light", **options: Any) -> Any:
    """A page in a fresh context (no consent) in `scheme`; YouTube answers with the stub."""
    context = browser.new_context(color_scheme=scheme, **options)
    page = context.new_page()
    page.route(
        f"{YOUTUBE}**", lambda route: route.fulfill(body=STUB_PLAYER, content_type="text/html")
    )
    return page


def _violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's violations of any impact, with the offending elements and the first reason."""
    page.wait_for_load_state("networkidle")
    page.mouse.move(0, 0)  # not hovering a link: Material's hover colour is the amber accent
    at_rest(page)
    results = axe_playwright.Axe().run(page)
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "nodes": [node["target"] for node in violation["nodes"]],
            "why": [node["failureSummary"] for node in violation["nodes"]][:1],
        }
        for violation in results.response["violations"]
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_accessibility_violations(browser: Any, base_url: str, name: str, scheme: str) -> None:
    """Assert that axe-core finds no violation of any impact on each page type and scheme."""
    page = _page(browser, scheme)
    page.goto(base_url + PAGES[name])
    expected = "slate" if scheme == "dark" else "default"
    assert page.locator("body").get_attribute("data-md-color-scheme") == expected
    assert page.locator("html").get_attribute("lang") == "de"
    violations = _violations(page)
    page.context.close()
    assert violations == [], json.dumps(violations, indent=1, ensure_ascii=False)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_accessibility_violations_after_consent_and_jump(
    browser: Any, base_url: str, scheme: str
) -> None:
    """Assert that the YouTube talk has no violations once the video is loaded and ▶ clicked."""
    page = _page(browser, scheme)
    page.goto(base_url + PAGES["talk (YouTube)"])
    page.get_by_role("button", name="Video laden").click()
    sync_api.expect(page.locator("iframe.wz-frame")).to_be_attached()
    page.locator("#answers + ul a.wz-jump").first.click()
    violations = _violations(page)
    page.context.close()
    assert violations == [], json.dumps(violations, indent=1, ensure_ascii=False)


def test_404_page_speaks_the_site_language_and_links_the_overviews(
    browser: Any, base_url: str
) -> None:
    """Assert that a missing page says so in German, offers the search and the overviews."""
    page = _page(browser)
    response = page.goto(base_url + PAGES["404"])
    assert response is not None and response.status == 404
    assert page.title() == f"Seite nicht gefunden - {SITE_NAME}"
    assert page.locator("article h1").inner_text() == "Seite nicht gefunden"
    links = page.locator("article ul.wz-overviews a")
    assert links.all_inner_texts() == [
        "Startseite", "Talks", "Expertinnen & Experten", "Veranstaltungen", "Themen",
        "Offene Fragen",
    ]  # fmt: skip
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs[:2] == ["/wunschzeit/", "/wunschzeit/talks/"]
    page.locator("article label.wz-search-link").click()
    sync_api.expect(page.locator(".md-search__input")).to_be_visible()
    page.context.close()


def test_home_title_names_the_site_once(browser: Any, base_url: str) -> None:
    """Assert that the home page's <title> is the site name alone; other pages add it once."""
    page = _page(browser)
    page.goto(base_url)
    assert page.title() == SITE_NAME
    page.goto(base_url + PAGES["talks"])
    assert page.title() == f"Talks - {SITE_NAME}"
    page.context.close()


def test_footer_is_in_the_site_language(browser: Any, base_url: str) -> None:
    """Assert that the footer credits Material for MkDocs in German."""
    page = _page(browser)
    page.goto(base_url)
    assert "Erstellt mit Material for MkDocs" in page.locator(".md-copyright").inner_text()
    page.context.close()


def test_footer_has_one_privacy_link_that_leads_to_the_consents(
    browser: Any, base_url: str
) -> None:
    """Assert that the sample's footer links its own privacy statement only (not also the
    generated page), and that the statement leads to the page that revokes consent."""
    page = _page(browser)
    page.goto(base_url)
    footer = page.locator(".md-copyright a")
    assert footer.all_inner_texts() == [
        "Datenschutzerklärung",
        "Impressum",
        "Material for MkDocs",
    ]
    footer.first.click()
    page.locator("article a[href$='privacy/']").first.click()
    sync_api.expect(page.locator("button.wz-revoke")).to_be_visible()
    page.context.close()


def _overlap(one: dict[str, float], other: dict[str, float]) -> bool:
    return not (
        one["x"] + one["width"] <= other["x"]
        or other["x"] + other["width"] <= one["x"]
        or one["y"] + one["height"] <= other["y"]
        or other["y"] + other["height"] <= one["y"]
    )


def test_phone_load_button_leaves_the_thumbnail_and_title_free(browser: Any, base_url: str) -> None:
    """Assert that at 390 px "Video laden" covers neither the thumbnail nor the title."""
    page = _page(browser, viewport=PHONE, is_mobile=True)
    page.goto(base_url + PAGES["talk (YouTube)"])
    button = page.get_by_role("button", name="Video laden").bounding_box()
    image = page.locator(".wz-consent__image").bounding_box()
    title = page.locator(".wz-consent__title").bounding_box()
    page.context.close()
    assert button and image and title
    assert not _overlap(button, image), (button, image)
    assert not _overlap(button, title), (button, title)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_phone_back_to_top_leaves_the_jumped_to_heading_free(
    browser: Any, base_url: str, scheme: str
) -> None:
    """Assert that after a jump up the page, Material's back-to-top pill is clear of the heading."""
    page = _page(browser, scheme, viewport=PHONE, is_mobile=True)
    page.goto(base_url + PAGES["talk (YouTube)"])
    page.wait_for_load_state("networkidle")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_timeout(300)  # Material reads the scroll direction from two scroll events
    target = page.locator("h3[id^='q-']").nth(1)
    page.evaluate(f"location.hash = '#{target.get_attribute('id')}'")
    top = page.locator(".md-top")
    sync_api.expect(top).to_be_visible()
    page.wait_for_timeout(300)  # the pill's transition
    pill, heading = top.bounding_box(), target.bounding_box()
    page.context.close()
    assert pill and heading
    assert not _overlap(pill, heading), (pill, heading)


@pytest.mark.parametrize(
    ("viewport", "columns"),
    [({"width": 1280, "height": 900}, 2), (PHONE, 1)],
    ids=["desktop", "phone"],
)
def test_cards_form_a_grid_flush_with_the_text(
    browser: Any, base_url: str, viewport: dict[str, int], columns: int
) -> None:
    """Assert that the home page's two talk cards sit side by side on a desktop and one
    under the other on a phone, their left edge on the heading's (Material's list styles
    once made it one card per row, indented)."""
    page = _page(browser, viewport=viewport)
    page.goto(base_url)
    heading = page.locator("#latest").bounding_box()
    cards = [page.locator(".wz-cards__item").nth(n).bounding_box() for n in range(2)]
    assert heading is not None and cards[0] is not None and cards[1] is not None
    assert abs(cards[0]["x"] - heading["x"]) <= 1
    assert len({round(card["y"]) for card in cards}) == 3 - columns
    page.context.close()
