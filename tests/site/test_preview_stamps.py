"""The preview's MkDocs part leaves site_src/ as generate wrote it (pipeline/page_record.py),
and builds on a MkDocs that `dirty.rebuild` was not written for.

generate keeps a page, a feed or archive.json as it is only while the file has the inode,
change time and size it had right after the run that wrote it. Whatever the preview's MkDocs
build does with site_src/'s files (copying them into its site) must leave those stamps alone:
a hard link, for one, moves the change time, and the next edit then rendered archive.json
and the feeds anew (2.8 s more at 5,000 talks x 20).
"""

from __future__ import annotations

import threading
from pathlib import Path

import mkdocs
import pytest

from generator.pipeline import page_record
from generator.site import dirty
from generator.site.serve import Preview
from tests.helpers.sample_site import copy_sample

QUESTION = "content/talks/genf-design/gletscherblau.md"


def _preview(tmp_path: Path, address: str) -> tuple[Path, Preview]:
    """The sample with Pagefind as its search (then edits get dirty builds), and its preview."""
    root = copy_sample(tmp_path / "archive")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "extra:\n  wunschzeit:\n    search: pagefind\n")
    return root, Preview(root, address, [].append)


def test_preview_builds_leave_the_stamps_of_generated_files(tmp_path: Path) -> None:
    """Assert that after edits, each build's MkDocs part included, every file the page
    record stamped after generate has that stamp still."""
    root, preview = _preview(tmp_path, "127.0.0.1:8128")
    try:
        preview.start()
        question = root / QUESTION
        for old, new in (("Schichten", "Lagen"), ("Lagen", "Folien")):
            question.write_text(question.read_text("utf-8").replace(old, new), "utf-8")
            preview.build()
            record = preview.resident.pages
            assert record is not None and "archive.json" in record.stamps
            site_src = root / "site_src"
            changed = [
                path
                for path, stamp in record.stamps.items()
                if page_record.stamp(site_src / path) != stamp
            ]
            assert changed == []
        assert preview.dirty_builds == 2
    finally:
        preview.stop()
        preview.close()


def test_preview_on_another_mkdocs_lets_mkdocs_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Assert that on a MkDocs version `dirty.rebuild` was not written for (it calls private
    steps of MkDocs' build), an edit is built by MkDocs' own dirty build and shows."""
    monkeypatch.setattr(mkdocs, "__version__", "1.7.0")

    def no_rebuild(*args: object) -> None:
        raise AssertionError("dirty.rebuild ran on another MkDocs")

    monkeypatch.setattr(dirty, "rebuild", no_rebuild)
    root, preview = _preview(tmp_path, "127.0.0.1:8129")
    try:
        preview.start()
        question = root / QUESTION
        question.write_text(question.read_text("utf-8").replace("Schichten", "Lagen"), "utf-8")
        preview.build()
        page = preview.site_dir / "talks/genf-design/index.html"
        assert "Lagen" in page.read_text("utf-8")
        assert (preview.builds, preview.dirty_builds) == (2, 1)
    finally:
        preview.stop()
        preview.close()


def test_a_closed_preview_leaves_no_thread_behind(tmp_path: Path) -> None:
    """Assert that once a preview that was never served is closed, no thread of it runs on
    (inotify's reader starts with the observer; one left behind keeps the process from
    forking render workers)."""
    before = set(threading.enumerate())
    _, preview = _preview(tmp_path, "127.0.0.1:8130")
    preview.start()
    preview.close()
    assert [t.name for t in set(threading.enumerate()) - before if t.is_alive()] == []
