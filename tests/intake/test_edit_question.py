"""`intake.moderate.edit_question`: the front matter edit that answer and align --apply reuse."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from generator.errors import ContentError, Problem
from generator.intake import moderate
from generator.models import Archive, Status
from generator.pipeline import generate as pipeline
from tests.helpers.ondisk import make_archive

OPEN = """\
---
# Aus dem Formular
question: "Wie laut ist es innen?"   # gekürzt
asked_by: Fritzi
channel: form
status: collected
votes: 14
source: form-7
---
Notiz der Redaktion.
"""


def _question(tmp_path: Path, text: str = OPEN) -> tuple[Path, Path]:
    root = make_archive(tmp_path / "archive", {"content/talks/talk-a/innen-laut.md": text})
    return root, root / "content/talks/talk-a/innen-laut.md"


def test_answering_keeps_comments_order_and_body(tmp_path: Path) -> None:
    """Assert that setting status and answer fields changes only those lines."""
    root, path = _question(tmp_path)
    changes = {"status": "answered", "answer.start": "4:32", "answer.by": ["anna"]}
    moderate.edit_question(root, path, changes)
    assert path.read_text(encoding="utf-8") == OPEN.replace(
        "status: collected\n", "status: answered\nanswer:\n  start: 4:32\n  by: [anna]\n"
    )
    questions = {q.id: q for q in pipeline.build_archive(root).questions["talk-a"]}
    answer = questions["innen-laut"].answer
    assert questions["innen-laut"].status is Status.ANSWERED
    assert answer is not None and (answer.start.seconds, answer.by) == (272, ("anna",))


def test_inner_fields_are_set_and_removed_one_by_one(tmp_path: Path) -> None:
    """Assert that `answer.end` can be removed and `answer.start` changed, keeping `by`."""
    root, path = _question(tmp_path)
    moderate.edit_question(
        root, path, {"answer.start": "4:32", "answer.end": "6:10", "answer.by": ["anna"]}
    )
    moderate.edit_question(root, path, {"answer.end": None, "answer.start": "1:00"})
    assert "answer:\n  start: 1:00\n  by: [anna]\nvotes: 14\n" in path.read_text(encoding="utf-8")
    moderate.edit_question(root, path, {"answer.start": None, "answer.by": None})
    assert path.read_text(encoding="utf-8") == OPEN


def test_declining_an_answered_question_is_refused(tmp_path: Path) -> None:
    """Assert that an answered question is not declined, and nothing is written."""
    root, path = _question(tmp_path, OPEN.replace("votes: 14\n", "answer:\n  start: 10\n"))
    before = path.read_bytes()
    with pytest.raises(ContentError) as error:
        moderate.edit_question(root, path, {"status": "declined", "declined_reason": "nein"})
    assert str(error.value) == (
        "content/talks/talk-a/innen-laut.md:7: is answered; "
        "remove its 'answer' first if it should not count as answered"
    )
    assert path.read_bytes() == before


def test_generate_pages_says_what_it_did(tmp_path: Path) -> None:
    """Assert that generate_pages reports what it wrote, then that nothing changed."""
    root = make_archive(tmp_path / "archive")
    first = pipeline.generate_pages(root)
    assert (first.docs_dir, first.skipped) == ("site_src", False)
    assert first.report is not None and "talks/talk-a.md" in first.report.written
    again = pipeline.generate_pages(root)
    assert again.skipped and again.report is not None and again.report.written == ()
    assert again.warnings == first.warnings


def test_generate_pages_strict_writes_nothing_with_warnings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Assert that with `strict` an archive with warnings gives them back and writes nothing."""
    root = make_archive(tmp_path / "archive")
    real = pipeline.build_archive
    warning = Problem("videos.yml", 1, "talk has no recording yet")

    def build_archive(root: Path, inputs: object = None, resident: object = None) -> Archive:
        return dataclasses.replace(real(root), warnings=(warning,))

    monkeypatch.setattr(pipeline, "build_archive", build_archive)
    generated = pipeline.generate_pages(root, strict=True)
    assert (generated.report, generated.warnings, generated.skipped) == (None, (warning,), False)
    assert not (root / "site_src").exists()
