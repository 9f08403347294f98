"""Every link of a built site resolves: each relative href/src names a file of site/, and
each #fragment an id on its page.

The generator writes its links as raw HTML (render/talk.py, common.anchor), which MkDocs
neither rewrites nor validates; this is the check MkDocs' `validation:` no longer makes.
Two sites: the repo's sample archive, and the hostile test archive of the golden files.
"""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from generator.render.outputs import render
from tests.helpers.archive_factory import sample_archive, write_sample_files
from tests.helpers.sample_site import build_sample, mkdocs_build

SITE_PATH = "/wunschzeit/"  # the path of the sample's site_url: 404.html links from there


class _Page(HTMLParser):
    """The ids of an HTML page and the URLs it links to or loads."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if values.get(name):
                self.ids.add(str(values[name]))
        for name in ("href", "src"):
            if values.get(name) is not None:
                self.links.append(str(values[name]))


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _target(site: Path, page: str, link: str) -> tuple[str, str] | None:
    """(file under site/, fragment) that `link` on `page` points to; None when off-site."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if path.startswith("/"):
        assert path.startswith(SITE_PATH), f"{page}: {link} leaves the site"
        resolved = path.removeprefix(SITE_PATH)
    elif path:
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    else:
        resolved = page
    assert not resolved.startswith("../"), f"{page}: {link} leaves the site"
    if resolved in ("", ".") or (site / resolved).is_dir():
        resolved = posixpath.join(resolved, "index.html").removeprefix("./")
    return resolved, unquote(parts.fragment)


def broken_links(site: Path) -> list[str]:
    """`page: link` for every link of the site's HTML pages that does not resolve."""
    pages = {p.relative_to(site).as_posix(): _parse(p) for p in sorted(site.rglob("*.html"))}
    broken = []
    for name, page in pages.items():
        for link in page.links:
            found = _target(site, name, link)
            if found is None:
                continue
            path, fragment = found
            if not (site / path).is_file():
                broken.append(f"{name}: {link}")
            elif fragment and path in pages and fragment not in pages[path].ids:
                broken.append(f"{name}: {link} (no such anchor)")
    return broken


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample(tmp_path_factory.mktemp("links") / "archive")


def test_every_link_of_the_sample_resolves(sample_site: Path) -> None:
    """Assert that every relative href and src of the built sample names a file and anchor."""
    assert broken_links(sample_site) == []


def test_links_of_the_sample_are_checked(sample_site: Path) -> None:
    """Assert that the check sees the generated links: to experts, tags and questions."""
    page = _parse(sample_site / "talks/genf-aerodynamik/index.html")
    assert any(link.startswith("../../experts/") for link in page.links)
    assert any(link.startswith("../../tags/") for link in page.links)
    assert any(link.startswith("#q-") for link in page.links)


def test_every_link_of_the_hostile_archive_resolves(tmp_path: Path) -> None:
    """Assert that the golden files' archive (hostile names, merges, no recording) links well."""
    root = tmp_path / "archive"
    write_sample_files(root)
    site = mkdocs_build(render(sample_archive(root)), tmp_path)
    assert broken_links(site) == []


def test_a_missing_page_or_anchor_is_reported(tmp_path: Path) -> None:
    """Assert that a link to a missing page and one to a missing anchor are both found."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a/index.html").write_text('<h2 id="x">X</h2><a href="#x">ok</a>', "utf-8")
    (tmp_path / "index.html").write_text(
        '<a href="a/">ok</a><a href="a/#y">anchor</a><a href="b/">page</a>'
        '<img src="i.png"><a href="https://example.org/">off-site</a>',
        "utf-8",
    )
    assert broken_links(tmp_path) == [
        "index.html: a/#y (no such anchor)",
        "index.html: b/",
        "index.html: i.png",
    ]
