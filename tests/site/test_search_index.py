"""Tests of the sharded Pagefind index: shards, reuse after an edit, and what is never reused.

A small site of hand-written pages (Material's article element, question headings, a filter)
is indexed with a few pages per shard; an index built again after an edit must equal a cold
index of the same pages, shard by shard, in every fragment Pagefind wrote.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import logging
from pathlib import Path

import pytest

from generator.pipeline import stamps
from generator.site import search_index, swap

PAGES = 12
SHARD_BYTES = 1100  # the 12 pages have about 3,300 bytes: 4 shards


def _page(number: int, answer: str = "Die Reichweite steigt.") -> str:
    return (
        '<html lang="de"><body><nav>Navigation</nav><article class="md-content__inner">'
        f'<h1>Talk {number}</h1><h3 id="q-frage-{number}">Wie weit fährt Modell {number}?</h3>'
        f'<p>{answer}</p><p class="wz-tags">Themen: akku</p>'
        f'<span data-pagefind-filter="year:{2010 + number % 3}"></span></article></body></html>'
    )


def _site(root: Path, edited: int | None = None) -> Path:
    for number in range(PAGES):
        answer = "Die Reichweite sinkt." if number == edited else "Die Reichweite steigt."
        path = root / f"talks/t{number:02d}/index.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_page(number, answer), encoding="utf-8")
    (root / "tags/akku").mkdir(parents=True)
    (root / "tags/akku/index.html").write_text(_page(99), encoding="utf-8")  # not indexed
    return root


def _fragments(output: Path) -> dict[str, dict[str, object]]:
    """Every fragment of every shard, decoded: shard/url → what Pagefind stored for it."""
    found: dict[str, dict[str, object]] = {}
    for path in sorted(output.glob("*/fragment/*.pf_fragment")):
        data = json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd") :])
        found[f"{path.parent.parent.name}{data['url']}"] = data
    return found


@pytest.fixture(autouse=True)
def small_shards(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_index, "SHARD_BYTES", SHARD_BYTES)


def _edit(site: Path, number: int) -> None:
    """Rewrite one page as MkDocs' dirty build does: a new file (new inode)."""
    path = site / f"talks/t{number:02d}/index.html"
    path.unlink()
    path.write_text(_page(number, "Die Reichweite sinkt."), encoding="utf-8")


def _shard_of(page: str) -> str:
    return next(iter(search_index.assign([page], 4)))


def test_shards_follow_the_path_and_grow_in_powers_of_two() -> None:
    """Assert that shard counts are powers of two with at most `shard_bytes` of pages each, and
    a page's shard depends on its path only."""
    counts = [search_index.shard_count(n, 3) for n in (0, 3, 4, 12, 13, 100_000)]
    assert counts == [1, 1, 2, 4, 8, 64]
    pages = [f"talks/t{n}/index.html" for n in range(50)]
    shards = search_index.assign(pages, 4)
    assert sorted(p for found in shards.values() for p in found) == sorted(pages)
    assert search_index.assign(reversed(pages), 4) == {k: v[::-1] for k, v in shards.items()}
    assert search_index.assign(pages[:7], 4) == {
        k: [p for p in v if p in pages[:7]] for k, v in shards.items() if set(v) & set(pages[:7])
    }


def test_index_leaves_out_excluded_markup_and_lists(tmp_path: Path) -> None:
    """Assert that the index holds the talk pages' article text with filters, without the
    navigation, the tag line or the tag list pages."""
    site = _site(tmp_path / "site")
    search_index.build(site, "de", site / "pagefind", None)
    shards = json.loads((site / "pagefind/shards.json").read_text("utf-8"))["shards"]
    assert shards == sorted(search_index.assign(search_index.find_pages(site), 4)) != ["00"]
    fragments = _fragments(site / "pagefind")
    assert len(fragments) == PAGES
    talk = fragments[f"{_shard_of('talks/t05/index.html')}/talks/t05/"]
    assert talk["content"] == "Talk 5. Wie weit fährt Modell 5? Die Reichweite steigt."
    assert talk["filters"] == {"year": ["2012"]}
    assert not (site / "pagefind/00/pagefind-ui.js").exists()


def test_edit_beyond_the_delta_reindexes_one_shard_and_equals_a_cold_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Assert that after one edited page, with no room in the delta, only its shard is indexed
    again (the others are links to the previous bundles), and the result equals a cold index
    of the same pages."""
    monkeypatch.setattr(search_index, "DELTA_PAGES", 0)
    site = _site(tmp_path / "site")
    first = search_index.build(site, "de", tmp_path / "first", None)
    _edit(site, 5)
    second = search_index.build(
        site, "de", tmp_path / "second", search_index.Previous(first, tmp_path / "first")
    )
    edited = _shard_of("talks/t05/index.html")
    changed = sorted(n for n in second.bundles if second.bundles[n] != first.bundles[n])
    assert changed == [edited]
    for name in second.bundles:
        linked = (tmp_path / "first" / name / "pagefind.js").stat().st_ino
        again = (tmp_path / "second" / name / "pagefind.js").stat().st_ino
        assert (linked == again) == (name != edited)
    cold = _site(tmp_path / "cold", edited=5)
    search_index.build(cold, "de", cold / "pagefind", None)
    assert _fragments(tmp_path / "second") == _fragments(cold / "pagefind")
    assert (tmp_path / "second/shards.json").read_bytes() == (
        cold / "pagefind/shards.json"
    ).read_bytes()


@pytest.mark.parametrize("damage", ["changed file", "foreign copy", "link", "other settings"])
def test_damaged_or_foreign_bundles_are_indexed_again(tmp_path: Path, damage: str) -> None:
    """Assert that a previous bundle that was changed, replaced by a copy, holds a link, or was
    made with other settings is not reused: its shard is indexed again, to the cold result."""
    site = _site(tmp_path / "site")
    first = search_index.build(site, "de", tmp_path / "first", None)
    bundle = tmp_path / "first" / _shard_of("talks/t01/index.html")
    if damage == "changed file":
        with (bundle / "pagefind-entry.json").open("a", encoding="utf-8") as file:
            file.write(" ")
    elif damage == "foreign copy":
        data = (bundle / "pagefind-entry.json").read_bytes()
        (bundle / "pagefind-entry.json").unlink()
        (bundle / "pagefind-entry.json").write_bytes(data)
    elif damage == "link":
        (bundle / "extra").symlink_to(site)
    else:
        first = dataclasses.replace(first, settings="other")
    search_index.build(
        site, "de", tmp_path / "second", search_index.Previous(first, tmp_path / "first")
    )
    again = tmp_path / "second" / bundle.name
    assert (again / "pagefind-entry.json").stat().st_ino != (
        bundle / "pagefind-entry.json"
    ).stat().st_ino
    assert not (again / "extra").exists()
    assert _fragments(tmp_path / "second") == _fragments(tmp_path / "first")


def test_record_is_used_only_for_the_build_it_describes(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Assert that the stored record is given back for the site it was written for, not after
    another build, and that a damaged record is dropped with a warning."""
    site = _site(tmp_path / "site")
    (site / swap.MARKER).write_text("build 1\n", encoding="utf-8")
    index = search_index.build(site, "de", site / "pagefind", None)
    folder = stamps.Folder(tmp_path, "docs")
    search_index.remember(folder, site, index)
    found = search_index.previous(folder, site)
    assert found is not None and found.index == index and found.folder == site / "pagefind"
    (site / swap.MARKER).write_text("build 2\n", encoding="utf-8")
    assert search_index.previous(folder, site) is None
    (site / swap.MARKER).write_text("build 1\n", encoding="utf-8")
    record = {"built": "build 1\n", "site": str(site), "index": {"pages": []}}
    folder.write(search_index.RECORD, 2, record)
    with caplog.at_level(logging.WARNING):
        assert search_index.previous(folder, site) is None
    assert "docs/.wunschzeit-cache/search.json: damaged cache, rebuilt" in caplog.text


def _listing(output: Path) -> dict[str, object]:
    return dict(json.loads((output / search_index.SHARDS).read_text("utf-8")))


def _inodes(output: Path) -> dict[str, int]:
    """Every file of the main shards (not the delta) → its inode."""
    return {
        path.relative_to(output).as_posix(): path.stat().st_ino
        for path in output.glob("[0-9]*/**/*")
        if path.is_file()
    }


def test_edits_go_into_the_delta_and_the_main_shards_stay(tmp_path: Path) -> None:
    """Assert that after one edited page every main shard's file is the previous one (same
    inode), the delta holds only the edited page, shards.json supersedes its stale copy, and
    a later edit and a deleted page add to the delta (the deleted page without a copy)."""
    site = _site(tmp_path / "site")
    first = search_index.build(site, "de", tmp_path / "first", None)
    assert "delta" not in _listing(tmp_path / "first") and not first.delta
    _edit(site, 5)
    second = search_index.build(
        site, "de", tmp_path / "second", search_index.Previous(first, tmp_path / "first")
    )
    assert _inodes(tmp_path / "second") == _inodes(tmp_path / "first")
    assert second.bundles == first.bundles and second.base == first.base
    listing = _listing(tmp_path / "second")
    assert listing == {
        "shards": sorted(first.bundles),
        "superseded": ["talks/t05/"],
        "delta": search_index.DELTA,
    }
    delta = {url: data for url, data in _fragments(tmp_path / "second").items() if "delta" in url}
    assert list(delta) == ["delta/talks/t05/"]
    assert "sinkt" in str(delta["delta/talks/t05/"]["content"])
    _edit(site, 7)
    (site / "talks/t02/index.html").unlink()
    third = search_index.build(
        site, "de", tmp_path / "third", search_index.Previous(second, tmp_path / "second")
    )
    assert _inodes(tmp_path / "third") == _inodes(tmp_path / "first")
    assert _listing(tmp_path / "third")["superseded"] == ["talks/t02/", "talks/t05/", "talks/t07/"]
    delta_urls = sorted(u for u in _fragments(tmp_path / "third") if u.startswith("delta/"))
    assert delta_urls == ["delta/talks/t05/", "delta/talks/t07/"]
    again = search_index.build(
        site, "de", tmp_path / "again", search_index.Previous(third, tmp_path / "third")
    )
    assert again == third  # nothing changed: the delta bundle is linked, not made again
    assert (tmp_path / "again/delta/pagefind-entry.json").stat().st_ino == (
        tmp_path / "third/delta/pagefind-entry.json"
    ).stat().st_ino


def test_a_delta_beyond_its_limit_reindexes_the_main_shards_and_empties(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Assert that once more pages changed than the delta takes, the shards of the changed
    pages are indexed again, the delta is gone and the index equals a cold one."""
    monkeypatch.setattr(search_index, "DELTA_PAGES", 1)
    site = _site(tmp_path / "site")
    first = search_index.build(site, "de", tmp_path / "first", None)
    _edit(site, 5)
    second = search_index.build(
        site, "de", tmp_path / "second", search_index.Previous(first, tmp_path / "first")
    )
    assert second.delta and second.bundles == first.bundles
    _edit(site, 1)
    third = search_index.build(
        site, "de", tmp_path / "third", search_index.Previous(second, tmp_path / "second")
    )
    assert not third.delta and not (tmp_path / "third/delta").exists()
    assert "superseded" not in _listing(tmp_path / "third")
    edited = {_shard_of("talks/t05/index.html"), _shard_of("talks/t01/index.html")}
    changed = {n for n in third.bundles if third.bundles[n] != first.bundles[n]}
    assert changed == edited
    cold = _site(tmp_path / "cold", edited=5)
    _edit(cold, 1)
    search_index.build(cold, "de", cold / "pagefind", None)
    assert _fragments(tmp_path / "third") == _fragments(cold / "pagefind")


@pytest.mark.parametrize("damage", ["record", "bundle"])
def test_a_damaged_delta_is_not_used(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, damage: str
) -> None:
    """Assert that a damaged delta record is dropped with a warning (all indexed again, no
    delta), and a changed delta bundle is indexed again from the changed pages."""
    site = _site(tmp_path / "site")
    (site / swap.MARKER).write_text("build 1\n", encoding="utf-8")
    first = search_index.build(site, "de", tmp_path / "first", None)
    _edit(site, 5)
    second = search_index.build(
        site, "de", site / "pagefind", search_index.Previous(first, tmp_path / "first")
    )
    folder = stamps.Folder(tmp_path, "docs")
    search_index.remember(folder, site, second)
    if damage == "record":
        record = folder.read(search_index.RECORD, 2)
        assert isinstance(record, dict)
        record["index"]["base"] = {"talks/t05/index.html": 5}
        folder.write(search_index.RECORD, 2, record)
        with caplog.at_level(logging.WARNING):
            assert search_index.previous(folder, site) is None
        assert "search.json: damaged cache, rebuilt" in caplog.text
        return
    with (site / "pagefind/delta/pagefind-entry.json").open("a", encoding="utf-8") as file:
        file.write(" ")
    previous = search_index.previous(folder, site)
    assert previous is not None
    third = search_index.build(site, "de", tmp_path / "third", previous)
    assert (tmp_path / "third/delta/pagefind-entry.json").stat().st_ino != (
        site / "pagefind/delta/pagefind-entry.json"
    ).stat().st_ino
    assert third.delta != second.delta and _inodes(tmp_path / "third") == _inodes(
        tmp_path / "first"
    )
