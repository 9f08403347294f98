"""The pager of a list split into pages, built and in a real browser: one rel=next per page,
pills that fit a phone, and axe-core without violations in the light and the dark scheme.

The sample archive built with a tiny page budget (render/paging.py), so that its talks list
and the open questions page have several pages.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from generator import cli
from generator.render import paging
from tests.helpers.browser import at_rest
from tests.helpers.sample_site import copy_sample, serve

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_sample(tmp_path_factory.mktemp("paged"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(paging, "BUDGET", paging.SHELL + 2 * paging.QUESTION + paging.HEADING)
        assert cli.main(["--root", str(root), "build", "--strict"]) == 0
    return root / "site"


def _head_links(html: str, rel: str) -> list[str]:
    head = html[: html.index("</head>")]
    return re.findall(rf'<link rel="{rel}" href="([^"]*)"', head)


def test_every_page_has_at_most_one_rel_next_and_prev(site: Path) -> None:
    """Assert that no built page has two rel=next (or prev) links in its head, and that a
    paged list's first page points at its own page 2, not at the next page of the nav."""
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        for rel in ("next", "prev"):
            assert len(_head_links(html, rel)) <= 1, f"{path}: rel={rel}"
    first = (site / "questions/open/index.html").read_text(encoding="utf-8")
    assert _head_links(first, "next") == ["2/"]
    assert _head_links(first, "prev") == []
    assert "wz-pager" in first
    talks = (site / "talks/index.html").read_text(encoding="utf-8")
    assert _head_links(talks, "next") == ["index/2/"]  # Material's would be ../experts/


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pager_is_styled_and_accessible(site: Path, browser: Any, scheme: str) -> None:
    """Assert that on a phone the pager's pills are at least 24 px, side by side without
    overflowing, and that axe-core finds no violation on the page in either scheme."""
    axe = pytest.importorskip("axe_playwright_python.sync_playwright")
    with serve(site) as base:
        context = browser.new_context(viewport=PHONE, color_scheme=scheme, is_mobile=True)
        page = context.new_page()
        page.goto(base + "questions/open/2/")
        pills = page.locator(".wz-pager > a, .wz-pager__current")
        assert pills.count() >= 3
        for index in range(pills.count()):
            box = pills.nth(index).bounding_box()
            assert box is not None and box["height"] >= 24 and box["width"] >= 24
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        current = page.locator(".wz-pager__current")
        assert current.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
        page.mouse.move(0, 0)
        at_rest(page)
        results = axe.Axe().run(page)
        violations = [
            (v["id"], [n["target"] for n in v["nodes"]]) for v in results.response["violations"]
        ]
        assert violations == []
        context.close()
