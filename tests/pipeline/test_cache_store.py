"""The record cache: a generate after one edit parses one file, and gives what a cold run gives.

The sample archive is generated once (filling `site_src/.wunschzeit-cache/`), edited, and
generated again; the pages written must be those of a cold run after the same edit. Damaged,
foreign and ill-typed caches are rebuilt with a warning and never used.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import shutil
from pathlib import Path

import pytest

from generator.pipeline import cache_store, codec, freshness, load, stamps, validate
from generator.pipeline import generate as pipeline
from generator.pipeline.records import Content
from tests.helpers.sample_site import copy_sample, generated_pages

TALK = "content/talks/genf-aerodynamik/"
QUESTION = f"{TALK}cw-wert-reichweite.md"
CACHE = "site_src/.wunschzeit-cache"


def _edit(root: Path) -> None:
    path = root / QUESTION
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("cw-Wert", "Luftwiderstandsbeiwert", 1), encoding="utf-8")


def _cold(tmp_path: Path) -> dict[str, bytes]:
    root = copy_sample(tmp_path / "cold")
    _edit(root)
    pipeline.generate(root)
    return generated_pages(root)


def _content(root: Path, cache: cache_store.RecordCache | None) -> Content:
    inputs = freshness.fingerprint(root)
    if cache is None:
        return validate.validate(load.load(root, inputs.files))
    return cache.content(root, inputs)


def _stored(root: Path) -> dict[str, object]:
    data = json.loads((root / CACHE / cache_store.RECORDS).read_text(encoding="utf-8"))
    return data


def _restamp(root: Path) -> None:
    """Write the stored JSON back as this machine's run would (a forged but stamped file)."""
    folder = stamps.Folder(root, "site_src")
    data = _stored(root)
    folder.write(cache_store.RECORDS, data["format"], data["data"])  # type: ignore[arg-type]


def test_edit_reads_only_the_edited_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Assert that a generate after one edit parses only that file, and writes what a cold
    run writes."""
    root = copy_sample(tmp_path / "warm")
    pipeline.generate(root)
    _edit(root)
    parsed: list[str] = []
    original = load.split_front_matter

    def counting(text: str) -> object:
        parsed.append(text)
        return original(text)

    monkeypatch.setattr(load, "split_front_matter", counting)
    pipeline.generate(root)
    assert len(parsed) == 1 and "Luftwiderstandsbeiwert" in parsed[0]
    monkeypatch.undo()
    assert generated_pages(root) == _cold(tmp_path)


def test_cached_content_equals_validated_content(tmp_path: Path) -> None:
    """Assert that the content made from the cache equals validate's, line numbers included."""
    root = copy_sample(tmp_path / "a")
    pipeline.generate(root)
    cache = cache_store.RecordCache.open(root, "site_src")
    assert len(cache.entries) > 10
    cached, cold = _content(root, cache), _content(root, None)
    assert cached == cold
    for a, b in zip(cached.questions, cold.questions, strict=True):
        assert dict(a.field_lines) == dict(b.field_lines)
        assert a.answer is None or b.answer is None or a.answer.field_lines == b.answer.field_lines
        assert a.asked_at is None or repr(a.asked_at) == repr(b.asked_at)


def test_codec_round_trips_every_model(tmp_path: Path) -> None:
    """Assert that every validated model of the sample survives encode and decode unchanged."""
    content = _content(copy_sample(tmp_path / "a"), None)
    entries = {
        model.origin.path: codec.entry("0" * 64, "de", model)
        for model in (*content.events, *content.experts, *content.questions)
    }
    found, damaged = codec.decode_entries(codec.encode_entries(entries))
    back = {path: entry for path, (entry, _) in found.items()}
    assert back == entries and damaged == []
    for path, entry in back.items():
        assert repr(entry) == repr(entries[path])
        assert dict(getattr(entry.model, "field_lines", {})) == dict(
            getattr(entries[path].model, "field_lines", {})
        )


def test_saving_again_writes_what_encoding_all_writes(tmp_path: Path) -> None:
    """Assert that entries kept as stored bytes and one replaced entry are saved as the bytes
    encoding every entry anew gives."""
    content = _content(copy_sample(tmp_path / "a"), None)
    entries = {m.origin.path: codec.entry("0" * 64, "de", m) for m in content.questions}
    data = codec.encode_entries(entries)
    kept, _ = codec.decode_entries(data)
    again = {path: entry for path, (entry, _) in kept.items()}
    assert codec.encode_entries(again, kept) == data
    again[QUESTION] = codec.entry("1" * 64, "de", again[QUESTION].model)
    assert codec.encode_entries(again, kept) == codec.encode_entries(again)
    assert codec.encode_entries(again, kept) != data


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("{not json", "damaged cache, rebuilt"),
        ('{"format": 1, "code": "x"}', "damaged cache, rebuilt"),
    ],
)
def test_damaged_cache_is_rebuilt(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, damage: str, message: str
) -> None:
    """Assert that a cache file that is no JSON or not ours is rebuilt with a warning."""
    root = copy_sample(tmp_path / "a")
    pipeline.generate(root)
    folder = stamps.Folder(root, "site_src")
    (folder.path / cache_store.RECORDS).write_text(damage, encoding="utf-8")
    folder.write("other.json", 1, {})  # stamps the damaged file as this machine's
    stamp = json.loads((folder.path / stamps.STAMPS).read_text())
    path = folder.path / cache_store.RECORDS
    stamp[cache_store.RECORDS] = [path.stat().st_ino, path.stat().st_ctime_ns, len(damage)]
    (folder.path / stamps.STAMPS).write_text(json.dumps(stamp))
    _edit(root)
    with caplog.at_level(logging.WARNING):
        pipeline.generate(root)
    assert [r.getMessage() for r in caplog.records] == [f"{CACHE}/{cache_store.RECORDS}: {message}"]
    assert generated_pages(root) == _cold(tmp_path)
    assert len(cache_store.RecordCache.open(root, "site_src").entries) > 10


def _forge(root: Path, change: dict[str, object] | list[object]) -> None:
    """Change the stored question's model (a dict) or replace its whole entry (a list)."""
    data = _stored(root)
    entries = data["data"]
    assert isinstance(entries, dict)
    if isinstance(change, list):
        entries[QUESTION] = change
    else:
        entries[QUESTION][3].update(change)  # [kind, sha256, language, model]
    (root / CACHE / cache_store.RECORDS).write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.parametrize(
    "change",
    [
        {"votes": "many"},  # a number as text
        {"votes": True},  # a flag where a number belongs
        {"status": "published"},  # no status
        {"asked_at": "yesterday"},
        {"id": "andere-frage"},  # another file's model under this path
        {"talk": "genf-design"},
        {"field_lines": {"question": "2"}},  # a line number as text
        {"answer": {"start": {"seconds": -5}}},
        {"tags": ["kosten", 3]},
        {"origin": {"path": QUESTION, "line": 2}},
        ["question", "0" * 64, "de"],  # no model
        ["script", "0" * 64, "de", {}],  # no kind of ours
        {"id": "a", "talk": "b"},  # fields missing
    ],
)
def test_ill_typed_or_foreign_entry_is_rebuilt(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, change: dict[str, object] | list[object]
) -> None:
    """Assert that an entry of wrong types or in the wrong place is rebuilt, with a warning."""
    root = copy_sample(tmp_path / "a")
    pipeline.generate(root)
    _forge(root, change)
    _restamp(root)
    _edit(root)
    with caplog.at_level(logging.WARNING):
        pipeline.generate(root)
    assert [r.getMessage() for r in caplog.records] == [
        f"{CACHE}/{cache_store.RECORDS}: damaged cache entry, rebuilt: {QUESTION}"
    ]
    assert generated_pages(root) == _cold(tmp_path)


def test_committed_cache_is_not_used(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Assert that a well-formed cache that no run here wrote (copied in, or committed by a
    pull request, claiming another answer for the file's bytes) is not used."""
    root = copy_sample(tmp_path / "a")
    _edit(root)
    pipeline.generate(root)
    _forge(root, {"question": "<script>alert(1)</script>"})  # well-formed, but not stamped
    os.utime(root / QUESTION)  # the pipeline runs again, with the file's bytes unchanged
    (root / "site_src" / freshness.STATE).unlink()
    with caplog.at_level(logging.WARNING):
        pipeline.generate(root)
    assert [r.getMessage() for r in caplog.records] == [
        f"{CACHE}/{cache_store.RECORDS}: not written by an earlier run here (copied or "
        "committed?), rebuilt"
    ]
    assert generated_pages(root) == _cold(tmp_path)


def test_copied_archive_rebuilds_its_cache(tmp_path: Path) -> None:
    """Assert that a copied archive's cache is rebuilt (its files have new change times)."""
    root = copy_sample(tmp_path / "a")
    pipeline.generate(root)
    copy = tmp_path / "b"
    shutil.copytree(root, copy)
    cache = cache_store.RecordCache.open(copy, "site_src")
    assert cache.entries == {}


def test_language_change_rereads_the_questions(tmp_path: Path) -> None:
    """Assert that a talk's new language makes its questions be validated again in it."""
    root = copy_sample(tmp_path / "a")
    pipeline.generate(root)
    videos = root / "videos.yml"
    videos.write_text(videos.read_text("utf-8").replace("language: de", "language: en"), "utf-8")
    cache = cache_store.RecordCache.open(root, "site_src")
    cached, cold = _content(root, cache), _content(root, None)
    assert cached == cold
    assert dataclasses.replace(cached) == cold


def test_language_change_rereads_the_questions_in_a_cache_used_again(tmp_path: Path) -> None:
    """Assert that one RecordCache used for run after run (as the preview keeps it) stores
    each question in its talk's language after that language changes, and back."""
    root = copy_sample(tmp_path / "a")
    pipeline.generate(root)
    cache = cache_store.RecordCache.open(root, "site_src")
    videos = root / "videos.yml"
    original = videos.read_text("utf-8")
    found = []
    for text in (original, original.replace("language: de", "language: en"), original):
        videos.write_text(text, "utf-8")
        assert _content(root, cache) == _content(root, None)
        found.append({e.language for p, e in cache.entries.items() if p.startswith(TALK)})
    assert found == [{"de"}, {"en"}, {"de"}]
