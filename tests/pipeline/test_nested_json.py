"""JSON nested thousands of levels deep ("[[[[…"), in an import file or a cache file.

Python's json (and msgspec) recurse once per level and raise RecursionError, which is no
ValueError: each reader of outside or committed JSON must refuse such a file like any other
damaged one, never with a traceback.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from generator.errors import WunschzeitError
from generator.pipeline import cache_store, stamps
from generator.pipeline import generate as pipeline
from tests.helpers.importing import archive, refused
from tests.helpers.sample_site import copy_sample, generated_pages, replace_in

DEEP = "[" * 100_000 + "]" * 100_000
CACHE = "site_src/.wunschzeit-cache"
QUESTION = "content/talks/genf-aerodynamik/cw-wert-reichweite.md"


def test_a_live_chat_nested_too_deeply_is_refused(tmp_path: Path) -> None:
    """Assert that a chat line nested 100,000 levels deep is refused at its line, nothing written."""
    root = archive(tmp_path)
    deep = tmp_path / "deep.live_chat.json"
    deep.write_text(DEEP + "\n", encoding="utf-8")
    assert refused(root, "live-chat", str(deep)).endswith(
        f"{deep}:1: is not a yt-dlp live chat (*.live_chat.json): JSON nested too deeply"
    )


@pytest.mark.parametrize("name", [f"{CACHE}/{stamps.STAMPS}", "site_src/.wunschzeit-state.json"])
def test_a_deep_state_or_stamps_file_is_not_used(tmp_path: Path, name: str) -> None:
    """Assert that a generate after the stamps table or the state became "[[[[…" (and an
    edited answer) gives the pages of a cold run after the same edit."""
    cold = copy_sample(tmp_path / "cold")
    _edit(cold)
    pipeline.generate(cold)
    root = copy_sample(tmp_path / "a")
    pipeline.generate(root)
    (root / name).write_text(DEEP, encoding="utf-8")
    _edit(root)
    pipeline.generate(root)
    assert generated_pages(root) == generated_pages(cold)


def _edit(root: Path) -> None:
    """An edited answer, so that the next generate is no no-change run (which reads no cache:
    after `wunschzeit build` in the repository, the sample's thumbnails are there already)."""
    replace_in(root, QUESTION, "cw-Wert", "Luftwiderstandsbeiwert")


def test_a_deep_record_cache_stamped_as_ours_is_rebuilt(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Assert that a record cache of "[[[[…" that passes the stamp check is rebuilt, warned,
    and the pages are those of a cold run after the same edit."""
    cold = copy_sample(tmp_path / "cold")
    _edit(cold)
    pipeline.generate(cold)
    root = copy_sample(tmp_path / "a")
    pipeline.generate(root)
    folder = stamps.Folder(root, "site_src")
    path = folder.path / cache_store.RECORDS
    path.write_text(DEEP, encoding="utf-8")
    table = json.loads((folder.path / stamps.STAMPS).read_text(encoding="utf-8"))
    table[cache_store.RECORDS] = [path.stat().st_ino, path.stat().st_ctime_ns, len(DEEP)]
    (folder.path / stamps.STAMPS).write_text(json.dumps(table), encoding="utf-8")
    _edit(root)
    with caplog.at_level(logging.WARNING):
        pipeline.generate(root)
    assert f"{CACHE}/{cache_store.RECORDS}: damaged cache, rebuilt" in caplog.messages
    assert generated_pages(root) == generated_pages(cold)


def test_a_deep_written_record_leaves_every_page_alone(tmp_path: Path) -> None:
    """Assert that with the record of written files "[[[[…", generate treats site_src/'s files
    as not its own: an error naming them, none replaced, no traceback."""
    root = copy_sample(tmp_path / "a")
    pipeline.generate(root)
    first = generated_pages(root)
    (root / "site_src/.wunschzeit-written.json").write_text(DEEP, encoding="utf-8")
    _edit(root)
    with pytest.raises(WunschzeitError) as caught:
        pipeline.generate(root)
    assert "not recorded in site_src/.wunschzeit-written.json" in str(caught.value)
    assert generated_pages(root) == first
