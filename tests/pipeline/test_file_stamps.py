"""The fingerprint reads only the files that changed since the last run, and misses none.

The sample archive is generated, edited and generated again; a copy edited the same way is
generated cold, and site_src/ must be byte-identical. The table of file stamps behind it
(`freshness.known_files`) is this machine's: a copied or damaged one is not used.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.pipeline import freshness, stamps
from generator.pipeline import generate as pipeline
from tests.helpers.sample_site import copy_sample, generated_pages, replace_in

QUESTION = "content/talks/genf-aerodynamik/cw-wert-reichweite.md"
INFO = "content/.cache/genf-aerodynamik.info.json"
CACHE = "site_src/.wunschzeit-cache"


def _same_size_same_time(root: Path) -> None:
    """Another answer of the same length, with the file's old modification time."""
    file = root / QUESTION
    before = file.stat()
    replace_in(root, QUESTION, "Ab etwa 80 km/h", "Ab etwa 70 km/h")
    os.utime(file, ns=(before.st_atime_ns, before.st_mtime_ns))


def _photo(root: Path) -> None:
    shutil.copyfile(
        root / "content/.cache/genf-design.jpg", root / "content/experts/ilka-sommerfeld.jpg"
    )


EDITS: dict[str, Callable[[Path], None]] = {
    "recording metadata": lambda r: replace_in(r, INFO, '"title": "Begrüßung"', '"title": "Hallo"'),
    "captions": lambda r: replace_in(
        r, "content/.cache/genf-aerodynamik.de.vtt", "herzlich willkommen", "willkommen"
    ),
    "thumbnail deleted": lambda r: (r / "content/.cache/genf-design.jpg").unlink(),
    "media captions": lambda r: replace_in(r, "media/genf-design.de.vtt", "WEBVTT", "WEBVTT "),
    "expert photo": _photo,
    "same size and time": _same_size_same_time,
}


@pytest.mark.parametrize("edit", EDITS)
def test_generate_after_the_edit_is_a_cold_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: str
) -> None:
    """Assert that after the edit site_src/ is byte-identical to a cold generate's."""
    root = copy_sample(tmp_path / "warm")
    _settled(monkeypatch)
    pipeline.generate(root)
    EDITS[edit](root)
    pipeline.generate(root)
    cold = copy_sample(tmp_path / "cold")
    EDITS[edit](cold)
    pipeline.generate(cold)
    assert generated_pages(root) == generated_pages(cold)


def _settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Trust files changed just now: as if every file had been written long ago."""
    monkeypatch.setattr(stamps, "RACY_NS", 0)


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    reads: list[str] = []
    real = freshness._read_bytes

    def counting(path: str) -> bytes:
        reads.append(path)
        return real(path)

    monkeypatch.setattr(freshness, "_read_bytes", counting)
    return reads


def test_only_the_edited_file_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Assert that a generate after one edit reads only that file's bytes (and the record
    cache spares parsing the others), and writes what a cold run writes."""
    root = copy_sample(tmp_path / "warm")
    _settled(monkeypatch)
    pipeline.generate(root)
    pipeline.generate(root)  # the thumbnails the first run made are read once
    replace_in(root, QUESTION, "Ab etwa 80 km/h", "Ab etwa 70 km/h")
    reads = _reads(monkeypatch)
    pipeline.generate(root)
    assert reads == [f"{root}/{QUESTION}"]
    cold = copy_sample(tmp_path / "cold")
    replace_in(cold, QUESTION, "Ab etwa 80 km/h", "Ab etwa 70 km/h")
    pipeline.generate(cold)
    assert generated_pages(root) == generated_pages(cold)


def test_a_file_changed_just_now_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Assert that a file hashed within two seconds of its change is stored without its hash,
    so a second write in the same clock tick is seen by the next run."""
    root = copy_sample(tmp_path)
    inputs = freshness.fingerprint(root)
    assert inputs.stamps[QUESTION][4] == ""  # copied just now
    _settled(monkeypatch)
    inputs = freshness.fingerprint(root)
    assert inputs.stamps[QUESTION][4] == inputs.hashes[QUESTION]


def test_copied_table_is_not_used(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Assert that a table of stamps that no run here wrote is not used, with a warning, and
    every file is read."""
    root = copy_sample(tmp_path / "a")
    pipeline.generate(root)
    copy = tmp_path / "b"
    shutil.copytree(root, copy)
    with caplog.at_level(logging.WARNING):
        known = freshness.known_files(stamps.Folder(copy, "site_src"))
    assert known == {}
    assert [r.getMessage() for r in caplog.records] == [
        f"{CACHE}/{freshness.FILES}: not written by an earlier run here (copied or "
        "committed?), rebuilt"
    ]


@pytest.mark.parametrize(
    "table",
    [b"[1, 2]", b'{"videos.yml": [1, 2, 3, 4]}', b'{"videos.yml": [1, 2, 3, "4", "ab"]}'],
)
def test_damaged_table_is_rebuilt(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, table: bytes
) -> None:
    """Assert that a stamped table of the wrong shape is not used, with a warning."""
    root = copy_sample(tmp_path)
    folder = stamps.Folder(root, "site_src")
    folder.write_raw(freshness.FILES, 1, table)
    with caplog.at_level(logging.WARNING):
        assert freshness.known_files(folder) == {}
    assert [r.getMessage() for r in caplog.records] == [
        f"{CACHE}/{freshness.FILES}: damaged cache, rebuilt"
    ]
