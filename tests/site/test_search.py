"""Tests of the Pagefind search: the setting, what render adds, the build, and a real query.

The sample archive is built once with `extra.wunschzeit.search: pagefind`; the browser test
(Debian's Chromium via Playwright) types a query into the search box in the header.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from generator import cli
from generator.errors import ContentError
from generator.site import search, search_index
from generator.site.config import read_settings
from tests.helpers.archive_factory import (
    make_archive,
    make_event,
    make_expert,
    make_talk,
    sample_archive,
)
from tests.helpers.ondisk import MKDOCS
from tests.helpers.ondisk import make_archive as make_archive_on_disk
from tests.helpers.paths import REPO
from tests.helpers.sample_site import copy_sample

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]


def test_search_setting_is_read_from_extra() -> None:
    """Assert that extra.wunschzeit.search in mkdocs.yml becomes Settings.search."""
    assert read_settings(REPO).search == "auto"


def test_search_setting_rejects_unknown_values(tmp_path: Path) -> None:
    """Assert that an unknown search mode is an error naming mkdocs.yml, its line and choices."""
    config = MKDOCS + "extra:\n  wunschzeit:\n    search: lunr\n"
    root = make_archive_on_disk(tmp_path, {"mkdocs.yml": config})
    with pytest.raises(ContentError) as caught:
        read_settings(root)
    assert [str(p) for p in caught.value.problems] == [
        "mkdocs.yml:9: extra.wunschzeit.search must be one of auto, material, pagefind, not 'lunr'"
    ]


def test_auto_uses_pagefind_above_the_threshold() -> None:
    """Assert that `auto` means Material's search up to THRESHOLD talks and Pagefind above."""
    talks = [make_talk(id=f"t{i}") for i in range(search.THRESHOLD + 1)]
    assert search.uses_pagefind(make_archive(talks=talks))
    assert not search.uses_pagefind(make_archive(talks=talks[:-1]))
    assert not search.uses_pagefind(make_archive(talks=talks, search="material"))
    assert search.uses_pagefind(make_archive(search="pagefind"))


def test_render_adds_partial_and_script_only_for_pagefind() -> None:
    """Assert that the search partial and script are rendered only when Pagefind is used."""
    assert search.outputs(sample_archive()) == {}
    outputs = search.outputs(make_archive(search="pagefind"))
    assert sorted(outputs) == [".overrides/partials/search.html", "assets/wunschzeit-search.js"]
    assert 'form name="search"' not in str(outputs[".overrides/partials/search.html"])


def test_talk_filters_name_experts_event_and_year() -> None:
    """Assert that a talk's hidden filter block holds its experts, event and year, escaped."""
    talk = make_talk(experts=["ada", "ghost"], event="show")
    archive = make_archive(
        talks=[talk],
        experts=[make_expert(id="ada", name='Ada "A, B" <Lang>')],
        events=[make_event(id="show", title="Salon 2013")],
        search="pagefind",
    )
    assert search.filters(archive, talk) == (
        '<div class="wz-filters" hidden data-pagefind-ignore markdown="0">'
        '<span data-pagefind-filter="expert:Ada &quot;A\\, B&quot; &lt;Lang&gt;"></span>'
        '<span data-pagefind-filter="expert:ghost"></span>'
        '<span data-pagefind-filter="event:Salon 2013"></span>'
        '<span data-pagefind-filter="year:2013"></span></div>'
    )
    assert search.filters(make_archive(talks=[talk]), talk) == ""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample archive built with Pagefind as its search."""
    root = copy_sample(tmp_path_factory.mktemp("pagefind"))
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["extra"] = {"wunschzeit": {"search": "pagefind"}}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_index, "SHARD_BYTES", 1)  # the sample's pages in several shards
        assert cli.main(["--root", str(root), "build", "--strict"]) == 0
    return root / "site"


def _shards(site: Path) -> list[str]:
    return list(json.loads((site / "pagefind/shards.json").read_text("utf-8"))["shards"])


def test_pagefind_build_indexes_talks_with_filters(site: Path) -> None:
    """Assert that the build has a German Pagefind index in shards, with filters, and no
    Material index."""
    shards = _shards(site)
    assert len(shards) > 2
    pages = 0
    for name in shards:
        entry = json.loads((site / "pagefind" / name / "pagefind-entry.json").read_text("utf-8"))
        assert list(entry["languages"]) == ["de"]
        pages += entry["languages"]["de"]["page_count"]
    assert pages == 5
    filters = {p.name.split("_")[0] for p in (site / "pagefind").glob("*/filter/*")}
    assert filters == {"de"}  # Pagefind names filter chunks by language and hash
    assert not (site / "search/search_index.json").exists()
    talk = (site / "talks/genf-aerodynamik/index.html").read_text(encoding="utf-8")
    assert '<span data-pagefind-filter="year:2013"></span>' in talk
    assert 'data-wz-search="../../pagefind/"' in talk


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium")
    from tests.helpers.sample_site import serve

    with serve(site) as url:
        yield url


def _indexed_in_shards(site: Path) -> int:
    """Pages in the index, which must lie in more than one shard."""
    shards = {p.parent.parent.name for p in (site / "pagefind").glob("*/fragment/*.pf_fragment")}
    assert len(shards) > 1
    return len(list((site / "pagefind").glob("*/fragment/*.pf_fragment")))


def test_query_in_the_browser_links_to_the_question(base_url: str, site: Path) -> None:
    """Assert that typing a query in the header's search box lists a link to a `#q-` anchor,
    results come from every shard, and the filters of all shards are offered."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            page = browser.new_page()
            page.goto(base_url + "talks/genf-design/")
            page.locator("[data-wz-search-query]").click()
            page.locator("[data-wz-search-query]").fill("Reichweite")
            first = page.locator(".md-search-result__item a[href*='#q-']").first
            sync_api.expect(first).to_be_visible(timeout=10_000)
            href = first.get_attribute("href") or ""
            assert href.startswith("/talks/genf-aerodynamik/#q-"), href
            page.locator("[data-wz-search-query]").fill("Nordwerk")  # on every page
            meta = page.locator("[data-wz-search-meta]")
            found = f"{_indexed_in_shards(site)} Treffer"
            sync_api.expect(meta).to_have_text(found, timeout=10_000)
            items = page.locator(".md-search-result__item > a.md-search-result__link")
            page.locator(".wz-search__filter-button").click()
            sync_api.expect(page.locator("[data-wz-filter]")).to_have_count(3)
            labels = page.locator("[data-wz-filter]").evaluate_all(
                "els => els.map(e => e.dataset.wzFilter)"
            )
            assert labels == ["expert", "event", "year"]
            page.locator("[data-wz-filter='expert']").select_option("Ilka Sommerfeld")
            sync_api.expect(page.locator("[data-wz-search-meta]")).to_have_text("1 Treffer")
            assert items.first.get_attribute("href") == "/talks/genf-design/"
            page.locator("[data-wz-search-query]").fill("Reichweite")
            sync_api.expect(page.locator("[data-wz-search-meta]")).to_have_text("Keine Treffer")
        finally:
            browser.close()


def test_one_unsharded_bundle_is_searched_too(site: Path, tmp_path: Path) -> None:
    """Assert that the search reads an index Pagefind wrote by hand (README: after `mkdocs
    build`), one bundle without shards.json."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium")
    from tests.helpers.sample_site import serve

    copy = tmp_path / "site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("pagefind"))
    command = [*search_index.pagefind_command(), "--site", str(copy), "--output-subdir"]
    command += ["pagefind", "--glob", "{talks,experts,events}/*/index.html", "--quiet"]
    subprocess.run([*command, "--force-language", "de"], check=True)
    with serve(copy) as url, sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            page = browser.new_page()
            page.goto(url + "talks/genf-design/")
            page.locator("[data-wz-search-query]").click()
            page.locator("[data-wz-search-query]").fill("Nordwerk")
            meta = page.locator("[data-wz-search-meta]")
            sync_api.expect(meta).to_have_text("5 Treffer", timeout=10_000)
        finally:
            browser.close()


def test_serve_preview_gets_the_pagefind_index_and_keeps_own_hooks(tmp_path: Path) -> None:
    """Assert that serve's builds keep mkdocs.yml's hooks and get Pagefind's index, not Material's."""
    from generator.site.serve import Preview

    root = copy_sample(tmp_path / "archive")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config += "extra:\n  wunschzeit:\n    search: pagefind\nhooks:\n  - mine.py\n"
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    (root / "mine.py").write_text(
        "from pathlib import Path\n\n\ndef on_post_build(config):\n"
        "    Path(config.site_dir, 'mine.txt').write_text('ja')\n",
        encoding="utf-8",
    )
    preview = Preview(root, "127.0.0.1:8127", report=lambda message: None)
    try:
        preview.start()
        assert preview.search.wait(120)  # Pagefind runs in the background
        site = preview.site_dir
        assert (site / "pagefind" / "shards.json").is_file()
        assert (site / "talks" / "genf-design" / "index.html").is_file()
        assert not (site / "search" / "search_index.json").exists()
        assert (site / "mine.txt").read_text(encoding="utf-8") == "ja"
    finally:
        preview.close()


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """The sample archive built with Pagefind, then once more after one edited answer
    ("Rollwiderstand" → "Zebrastreifenwunder") and a deleted talk (genf-design); with the
    inodes of the first build's main shard files."""
    root = copy_sample(tmp_path_factory.mktemp("delta"))
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["extra"] = {"wunschzeit": {"search": "pagefind"}}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_index, "SHARD_BYTES", 1)
        assert cli.main(["--root", str(root), "build", "--strict"]) == 0
        bundles = root / "site/pagefind"
        inodes = {str(p.relative_to(bundles)): p.stat().st_ino for p in bundles.rglob("*.*")}
        answer = root / "content/talks/genf-aerodynamik/cw-wert-reichweite.md"
        text = answer.read_text("utf-8")
        answer.write_text(text.replace("Rollwiderstand", "Zebrastreifenwunder"), "utf-8")
        videos = (root / "videos.yml").read_text("utf-8")
        (root / "videos.yml").write_text(videos[: videos.index("- id: genf-design")], "utf-8")
        shutil.rmtree(root / "content/talks/genf-design")
        assert cli.main(["--root", str(root), "build", "--strict"]) == 0
    return root / "site", inodes


def test_after_an_edit_the_delta_replaces_stale_pages_in_the_browser(
    edited: tuple[Path, dict[str, int]],
) -> None:
    """Assert that after an edit the main shards' files are the first build's (same inodes)
    and only the delta is new, and that a query finds the edited page once by a word of its
    new text, not by a word of the removed text, and the deleted talk not at all."""
    site, inodes = edited
    listing = json.loads((site / "pagefind/shards.json").read_text("utf-8"))
    assert listing["delta"] == "delta" and "talks/genf-design/" in listing["superseded"]
    bundles = site / "pagefind"
    for name in listing["shards"]:
        for path in (bundles / name).rglob("*.*"):
            assert inodes[str(path.relative_to(bundles))] == path.stat().st_ino, path
    assert not any(name.startswith("delta/") for name in inodes)
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium")
    from tests.helpers.sample_site import serve

    with serve(site) as url, sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            page = browser.new_page()
            page.goto(url + "talks/genf-aerodynamik/")
            box = page.locator("[data-wz-search-query]")
            meta = page.locator("[data-wz-search-meta]")
            items = page.locator(".md-search-result__item")
            box.click()
            box.fill("Zebrastreifenwunder")
            sync_api.expect(meta).to_have_text("1 Treffer", timeout=10_000)
            sync_api.expect(items).to_have_count(1)
            link = items.first.locator("a").first
            assert link.get_attribute("href") == "/talks/genf-aerodynamik/"
            box.fill("Reichweite")  # in the edited page's old and new copy: listed once
            sync_api.expect(meta).to_have_text("1 Treffer", timeout=10_000)
            sync_api.expect(items).to_have_count(1)
            for gone in ("Rollwiderstand", "Gletscherblau"):
                box.fill(gone)
                sync_api.expect(meta).to_have_text("Keine Treffer", timeout=10_000)
                sync_api.expect(items).to_have_count(0)
        finally:
            browser.close()
