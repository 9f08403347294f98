"""Talk pages rendered again only when what they show changed (pipeline/incremental.py).

The sample archive is generated, one answer edited and generated again: only that talk's
files are rendered, and docs_dir is what a cold run after the same edit writes. The page
record's one assumption (a talk's files read no other talk's questions) is checked directly.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from pathlib import Path

import pytest

from generator.pipeline import generate as pipeline
from generator.pipeline import incremental, stamps
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
    data["genf-aerodynamik"]["files"] = ["talks/genf-aerodynamik.md"]
    folder.write(incremental.PAGES, 1, data)
    with caplog.at_level(logging.WARNING):
        rendered = _rendered_after_edit(root)
    assert rendered == 1
    assert [r.getMessage() for r in caplog.records] == [
        "site_src/.wunschzeit-cache/pages.json: damaged cache entry, rebuilt"
    ]
