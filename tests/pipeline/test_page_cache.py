"""Pages rendered again only when what they read changed (pipeline/incremental.py).

The sample archive is generated, one answer edited and generated again: only that talk's
files are rendered, and docs_dir is what a cold run after the same edit writes. The record's
assumptions about what each unit reads (dependencies.py) are checked directly: a talk's
files read no other talk's questions, the list pages no answer summary, a talk's item of
archive.json nothing but its talk. tests/pipeline/test_incremental_edits.py covers each kind
of edit.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
from pathlib import Path

import pytest

from generator.pipeline import dependencies, incremental, stamps
from generator.pipeline import generate as pipeline
from generator.render import opendata
from generator.render import outputs as render
from tests.helpers.sample_site import copy_sample, generated_pages

QUESTION = "content/talks/genf-aerodynamik/cw-wert-reichweite.md"


def _edit(root: Path) -> None:
    path = root / QUESTION
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Ab etwa 80 km/h", "Ab etwa 70 km/h", 1), encoding="utf-8")


def _cold(tmp_path: Path) -> dict[str, bytes]:
    root = copy_sample(tmp_path / "cold")
    _edit(root)
    pipeline.generate(root)
    return generated_pages(root)


def _rendered_after_edit(root: Path) -> int:
    archive = pipeline.build_archive(root)
    _, record = incremental.render_outputs(archive)
    return record.rendered


def test_edit_renders_only_its_talk(tmp_path: Path) -> None:
    """Assert that after one edited answer only its talk is rendered, and site_src/ is what a
    cold run writes."""
    root = copy_sample(tmp_path / "warm")
    pipeline.generate(root)
    talks = len(pipeline.build_archive(root).talks)
    assert _rendered_after_edit(root) == 0
    _edit(root)
    assert talks > 1 and _rendered_after_edit(root) == 1
    pipeline.generate(root)
    assert generated_pages(root) == _cold(tmp_path)


def test_talk_files_read_no_other_talks_questions(tmp_path: Path) -> None:
    """Assert that a talk's files are the same when every other talk has no questions."""
    archive = pipeline.build_archive(copy_sample(tmp_path / "a"))
    for talk in archive.talks:
        alone = dataclasses.replace(
            archive,
            questions={t: qs for t, qs in archive.questions.items() if t == talk.id},
        )
        assert render.talk_files(alone, talk) == render.talk_files(archive, talk)


def test_changed_page_on_disk_is_rendered_again(tmp_path: Path) -> None:
    """Assert that a talk page changed in site_src/ since the last run is rendered again."""
    root = copy_sample(tmp_path / "a")
    pipeline.generate(root)
    page = root / "site_src" / "talks" / "genf-aerodynamik.md"
    page.write_text("changed by hand", encoding="utf-8")
    assert _rendered_after_edit(root) == 1


def test_damaged_page_record_is_rebuilt(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Assert that a page record entry of the wrong shape is rebuilt, with a warning."""
    root = copy_sample(tmp_path / "a")
    pipeline.generate(root)
    folder = stamps.Folder(root, "site_src")
    data = json.loads((folder.path / incremental.PAGES).read_text("utf-8"))["data"]
    data["units"]["talk:genf-aerodynamik"][1] = "talks/genf-aerodynamik.md"
    folder.write(incremental.PAGES, 2, data)
    with caplog.at_level(logging.WARNING):
        rendered = _rendered_after_edit(root)
    assert rendered == 1
    assert [r.getMessage() for r in caplog.records] == [
        "site_src/.wunschzeit-cache/pages.json: damaged cache entry, rebuilt"
    ]


def test_list_pages_read_no_answer_summary(tmp_path: Path) -> None:
    """Assert that the list pages are the same when no question has an answer summary: their
    digest leaves the summaries out (pipeline/dependencies.py)."""
    archive = pipeline.build_archive(copy_sample(tmp_path / "a"))
    assert any(q.body.strip() for q in archive.all_questions())
    blank = dataclasses.replace(
        archive,
        questions={
            t: tuple(dataclasses.replace(q, body="") for q in qs)
            for t, qs in archive.questions.items()
        },
    )
    assert render.list_pages(blank) == render.list_pages(archive)


def test_archive_item_reads_only_its_talk(tmp_path: Path) -> None:
    """Assert that a talk's item of archive.json is the same in an archive of that talk alone:
    its digest covers the settings, the talk and its questions only."""
    archive = pipeline.build_archive(copy_sample(tmp_path / "a"))
    for talk in archive.talks:
        alone = dataclasses.replace(
            archive,
            talks=(talk,),
            questions={talk.id: archive.questions.get(talk.id, ())},
            experts={},
            events={},
        )
        assert opendata.talk_item(alone, talk) == opendata.talk_item(archive, talk)


def test_digests_known_by_file_hashes_are_the_digests(tmp_path: Path) -> None:
    """Assert that digests taken over from the last run by the files' hashes equal digests
    made anew, and that a talk whose file changed is digested anew."""
    root = copy_sample(tmp_path / "a")
    archive = pipeline.build_archive(root)
    hashes = {
        q.origin.path: hashlib.sha256((root / q.origin.path).read_bytes()).hexdigest()
        for q in archive.all_questions()
    }
    first = dependencies.digests(archive, hashes)
    assert first == dependencies.digests(archive, hashes, first.known)
    assert first.questions == dependencies.digests(archive).questions
    _edit(root)
    edited = pipeline.build_archive(root)
    hashes[QUESTION] = hashlib.sha256((root / QUESTION).read_bytes()).hexdigest()
    again = dependencies.digests(edited, hashes, first.known)
    assert again.questions == dependencies.digests(edited).questions != first.questions
    assert again.listed == first.listed  # an answer summary is on no list page
    stale = dict(hashes, **{QUESTION: "not its hash"})
    assert dependencies.digests(edited, stale, again.known).questions == again.questions
