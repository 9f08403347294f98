"""build's care for site/: it replaces only a site it built, atomically, readable by others."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.errors import ContentError, WunschzeitError
from generator.pipeline.generate import generate
from generator.site import swap
from generator.site.build import build_site
from tests.helpers.sample_site import copy_sample


def _site(folder: Path, text: str) -> Path:
    """A folder that looks like one of our builds, holding `text` in index.html."""
    folder.mkdir()
    (folder / "index.html").write_text(text, encoding="utf-8")
    (folder / swap.MARKER).write_text("id\n", encoding="utf-8")
    return folder


def test_built_site_is_marked_and_readable_by_a_web_server(tmp_path: Path) -> None:
    """Assert that site/ is 0755 with 0644 files (umask 022), carries the marker, and no build folder is left."""
    root = copy_sample(tmp_path / "archive")
    old_mask = os.umask(0o022)
    try:
        generate(root)
        site = build_site(root)
        build_site(root)  # the second build swaps one site for another
    finally:
        os.umask(old_mask)
    assert (site.stat().st_mode & 0o777, (site / "index.html").stat().st_mode & 0o777) == (
        0o755,
        0o644,
    )
    assert len((site / swap.MARKER).read_text(encoding="utf-8")) == 33
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site")) == []


def test_a_folder_it_did_not_build_is_never_replaced(tmp_path: Path) -> None:
    """Assert that build refuses to replace a site_dir holding files it did not build."""
    root = copy_sample(tmp_path / "archive")
    generate(root)
    (root / "site").mkdir()
    (root / "site" / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(WunschzeitError) as info:
        build_site(root)
    assert str(info.value) == (
        f"{root}/site: refusing to replace this folder: it is not a site Wunschzeit built (no "
        ".wunschzeit-built in it); move it away, or set site_dir in mkdocs.yml to a folder of "
        "its own"
    )
    assert (root / "site" / "notes.txt").read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize("site_dir", ["content", "media", "content/.cache"])
def test_site_dir_on_the_editors_files_deletes_nothing(tmp_path: Path, site_dir: str) -> None:
    """Assert that build refuses a site_dir on content/, media/ or the cache before touching them."""
    root = copy_sample(tmp_path / "archive")
    (root / "content" / ".cache").mkdir(exist_ok=True)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("site_dir: site", f"site_dir: {site_dir}")
    config.write_text(text, encoding="utf-8")
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    with pytest.raises(ContentError, match=rf"site_dir '{site_dir}' is not allowed"):
        build_site(root)
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before


@pytest.mark.parametrize("exchange", [True, False])
def test_swap_puts_the_new_site_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exchange: bool
) -> None:
    """Assert that swap exchanges the folders (renameat2, or two renames where it is missing)."""
    if not exchange:
        monkeypatch.setattr(swap, "_exchange", lambda fresh, site: False)
    site = _site(tmp_path / "site", "old")
    fresh = _site(tmp_path / ".site-build-x", "new")
    swap.swap(fresh, site)
    assert (site / "index.html").read_text(encoding="utf-8") == "new"
    assert (fresh / "index.html").read_text(encoding="utf-8") == "old"  # removed by build
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site-build-x", "site"]


def test_recover_brings_back_a_site_moved_aside_and_removes_leftovers(tmp_path: Path) -> None:
    """Assert that a build killed between its two renames loses no site, and leftovers go."""
    _site(tmp_path / ".site-old-100", "older")
    _site(tmp_path / ".site-old-200", "live")
    for name in (".site-build-abc123", ".site-k3j4h5g6", ".site-old"):
        _site(tmp_path / name, "leftover")
    (tmp_path / ".site-mine").mkdir()  # not named like ours: kept
    swap.recover(tmp_path / "site")
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == "live"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site-mine", "site"]
