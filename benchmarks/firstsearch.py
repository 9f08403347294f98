"""How many bytes a reader's first search downloads, for Pagefind and for Material's search.

Pagefind: measured in Chromium (Playwright) on the built site served from 127.0.0.1: the page
of a talk is opened and left to load; then every response from clicking the search box until
the results of one query are shown (and the network is idle) is summed, plus the search script
the page itself loads, by the sizes of the files served. Pagefind's index files are
gzip-compressed already; its JavaScript would shrink further with a compressing web server.

Material: its search loads the whole index on every page, so the count is the files it needs:
search_index.json, the search worker and the lunr language scripts.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from tests.helpers.sample_site import serve  # the Range-capable test server (Chromium seeks media)

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]
QUERY = "Reichweite"


def pagefind_bytes(site: Path, page: str, query: str = QUERY) -> tuple[int, int, int]:
    """(bytes, requests, results shown) of one Pagefind query typed on `page` of `site`."""
    from playwright.sync_api import sync_playwright

    urls: list[str] = []
    with serve(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            tab = browser.new_page()
            tab.goto(url + page, wait_until="networkidle")
            tab.on("requestfinished", lambda r: urls.append(urlsplit(r.url).path))
            box = tab.locator("[data-wz-search-query]")
            box.click()
            box.fill(query)
            tab.locator(".md-search-result__item").first.wait_for(timeout=60_000)
            tab.wait_for_load_state("networkidle")
            tab.wait_for_timeout(500)  # fragments of later results may still be on their way
            shown = tab.locator(".md-search-result__item").count()
        finally:
            browser.close()
    # Sizes of the files served (the server sends them as they are): Playwright reports no
    # body size for what Pagefind's worker fetches.
    files = [site / path.lstrip("/") for path in [*urls, "/assets/wunschzeit-search.js"]]
    return sum(f.stat().st_size for f in files), len(files), shown


def material_bytes(site: Path) -> int:
    """Bytes Material's search loads: the whole index, its worker and the lunr languages."""
    files = [site / "search/search_index.json"]
    files += (site / "assets/javascripts/workers").glob("search.*.min.js")
    lunr = site / "assets/javascripts/lunr"
    files += [lunr / "min/lunr.stemmer.support.min.js", lunr / "min/lunr.de.min.js"]
    files += [lunr / "min/lunr.multi.min.js"]
    return sum(f.stat().st_size for f in files if f.is_file())
