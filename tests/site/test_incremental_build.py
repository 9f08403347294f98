"""`build` after an edit: only the changed pages built, the same site as a full build.

The sample archive (with Pagefind as its search) is built, one answer edited, generated and
built again; every file of site/ must equal a cold build of the same edit, but the marker,
which holds a random build id. Changes a dirty build cannot follow fall back to a full build;
a failed incremental build leaves the previous site/ as it was.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from generator.errors import WunschzeitError
from generator.pipeline.generate import generate
from generator.site import search, search_index, swap
from generator.site.build import build_site
from tests.helpers.sample_site import copy_sample

QUESTION = "content/talks/genf-aerodynamik/cw-wert-reichweite.md"
UNCHANGED = "talks/genf-design/index.html"


def _archive(root: Path) -> Path:
    copy_sample(root)
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8") + "extra:\n  wunschzeit:\n    search: pagefind\n", "utf-8"
    )
    return root


def _edit(root: Path) -> None:
    path = root / QUESTION
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Ab etwa 80 km/h", "Ab etwa 70 km/h", 1), encoding="utf-8")


def _files(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.name != swap.MARKER
    }


def _pages(site: Path) -> dict[str, bytes]:
    """Every file but Pagefind's: its chunk names and entry file change with the order the
    file system lists the pages in (two cold builds whose folders list them in another order
    differ as much), though it indexes the same bytes."""
    return {k: v for k, v in _files(site).items() if not k.startswith(f"{search.OUTPUT}/")}


def _indexed(site: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for entry_file in sorted((site / search.OUTPUT).glob("*/pagefind-entry.json")):
        entry = json.loads(entry_file.read_text("utf-8"))
        for language, found in entry["languages"].items():
            counts[language] = counts.get(language, 0) + found["page_count"]
    return counts


def _fragments(site: Path) -> dict[str, object]:
    """What Pagefind stored for each page, by shard (its file names are hashes of it)."""
    found: dict[str, object] = {}
    for path in sorted((site / search.OUTPUT).glob("*/fragment/*.pf_fragment")):
        data = json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd") :])
        found[f"{path.parent.parent.name}{data['url']}"] = data
    return found


def _built(root: Path) -> Path:
    generate(root)
    return build_site(root)


def _cold(tmp_path: Path) -> Path:
    root = _archive(tmp_path / "cold")
    _edit(root)
    return _built(root)


def _without_delta(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every changed page re-indexes its main shard (as once the delta is over its limit)."""
    monkeypatch.setattr(search_index, "DELTA_PAGES", 0)
    monkeypatch.setattr(search_index, "DELTA_SHARE", 0.0)


def test_incremental_build_equals_a_cold_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Assert that after one edited answer only its pages are built anew, and site/ is byte
    for byte what a cold build of the same edit gives (the sitemap too; see _pages), its
    search index too once the changed pages' shards are indexed again."""
    _without_delta(monkeypatch)
    root = _archive(tmp_path / "warm")
    site = _built(root)
    before = (site / UNCHANGED).stat().st_ino
    _edit(root)
    _built(root)
    assert (site / UNCHANGED).stat().st_ino == before  # linked, not built again
    assert "Ab etwa 70 km/h" in (site / "talks/genf-aerodynamik/index.html").read_text("utf-8")
    cold = _cold(tmp_path)
    assert _pages(site) == _pages(cold)
    assert _indexed(site) == _indexed(cold) == {"de": 5}
    assert _fragments(site) == _fragments(cold)
    assert "Ab etwa 70 km/h" in json.dumps(_fragments(site), ensure_ascii=False)


def test_incremental_build_reindexes_only_the_edited_pages_shard(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Assert that with the index in several shards, a build after one edited answer indexes
    only the shard of the edited talk page again (the others' files stay the same inodes),
    and its fragments equal a cold build's of the same edit."""
    monkeypatch.setattr(search_index, "SHARD_BYTES", 1)  # a shard per page, or nearly
    _without_delta(monkeypatch)
    root = _archive(tmp_path / "warm")
    site = _built(root)
    inodes = {p.parent.name: p.stat().st_ino for p in site.glob("pagefind/*/pagefind.js")}
    _edit(root)
    _built(root)
    again = {p.parent.name: p.stat().st_ino for p in site.glob("pagefind/*/pagefind.js")}
    changed = sorted(name for name in again if again[name] != inodes.get(name))
    assert changed == [_shard_of(site, "/talks/genf-aerodynamik/")]
    assert len(again) > 2
    assert _fragments(site) == _fragments(_cold(tmp_path))


def test_incremental_build_indexes_the_edited_page_into_the_delta(tmp_path: Path) -> None:
    """Assert that after one edited answer the main shards stay as they were and only the
    edited talk page is indexed, into the delta, as a cold build indexes it; shards.json
    names its stale copy superseded."""
    root = _archive(tmp_path / "warm")
    site = _built(root)
    inodes = {p.parent.name: p.stat().st_ino for p in site.glob("pagefind/*/pagefind.js")}
    _edit(root)
    _built(root)
    again = {p.parent.name: p.stat().st_ino for p in site.glob("pagefind/*/pagefind.js")}
    assert sorted(name for name in again if again[name] != inodes.get(name)) == ["delta"]
    listing = json.loads((site / search.OUTPUT / search_index.SHARDS).read_text("utf-8"))
    assert listing["superseded"] == ["talks/genf-aerodynamik/"]
    delta = {k: v for k, v in _fragments(site).items() if k.startswith("delta/")}
    cold = {k.split("/", 1)[1]: v for k, v in _fragments(_cold(tmp_path)).items()}
    assert list(delta) == ["delta/talks/genf-aerodynamik/"]
    assert delta["delta/talks/genf-aerodynamik/"] == cold["talks/genf-aerodynamik/"]


def _shard_of(site: Path, url: str) -> str:
    for key in _fragments(site):
        if key.endswith(url) and key[: -len(url)].isdigit():
            return key[: -len(url)]
    raise AssertionError(f"{url} in no shard")


def test_unchanged_build_builds_nothing_anew(tmp_path: Path) -> None:
    """Assert that a build with nothing changed links every page of the previous site (but the
    404 page, which MkDocs writes on every build)."""
    root = _archive(tmp_path / "a")
    site = _built(root)
    inodes = {p: p.stat().st_ino for p in site.rglob("*/*.html")}
    _built(root)
    assert len(inodes) > 20
    assert {p: p.stat().st_ino for p in site.rglob("*/*.html")} == inodes


@pytest.mark.parametrize(
    "change",
    [
        "page added",
        "mkdocs.yml edited",
        "material search",
    ],
)
def test_changes_a_dirty_build_cannot_follow_build_everything(tmp_path: Path, change: str) -> None:
    """Assert that a new page, an edited mkdocs.yml or Material's search give a full build."""
    root = _archive(tmp_path / "a")
    site = _built(root)
    before = (site / UNCHANGED).stat().st_ino
    config = root / "mkdocs.yml"
    if change == "page added":
        (root / "site_src" / "ueber-uns.md").write_text("# Über uns\n", encoding="utf-8")
    elif change == "mkdocs.yml edited":
        config.write_text(config.read_text("utf-8").replace("Genf", "Genève"), "utf-8")
    else:
        config.write_text(config.read_text("utf-8").replace("pagefind", "material"), "utf-8")
    _edit(root)
    _built(root)
    assert (site / UNCHANGED).stat().st_ino != before


def test_failed_incremental_build_leaves_the_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Assert that an incremental build failing after MkDocs wrote its pages leaves every file
    of the previous site/ as it was (MkDocs wrote none through the links)."""
    root = _archive(tmp_path / "a")
    site = _built(root)
    files = _files(site)

    def broken(*args: object, **kwargs: object) -> None:
        raise WunschzeitError("Pagefind failed: test")

    monkeypatch.setattr(search, "run_pagefind", broken)
    _edit(root)
    with pytest.raises(WunschzeitError, match="Pagefind failed"):
        _built(root)
    assert _files(site) == files
