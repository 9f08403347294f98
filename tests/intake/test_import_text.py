"""Plain text import: one question per paragraph, an optional `-- Name` signature."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import ContentError
from generator.intake.formats import Options, text
from generator.pipeline import generate as pipeline
from tests.helpers.importing import FIXTURES, archive, new_files, run_import, snapshot


def test_paragraphs_and_signatures() -> None:
    """Assert that paragraphs become questions and `--`/`—` lines become names."""
    found = list(text.parse(FIXTURES / "mails.txt", Options()).records)
    assert [(r.line, r.asked_by, r.channel) for r in found] == [
        (1, "Petra", "email"),
        (4, None, "email"),
        (7, "Ole", "email"),
    ]
    assert found[1].text == (
        "Hallo, ich bin Klaus (klaus@example.com, Tel. 0049 89 12345678).\n"
        "Wird es das Auto auch mit Anhängerkupplung geben?"
    )


def test_text_import_builds_scrubbed_and_merged(tmp_path: Path) -> None:
    """Assert that pasted mails import scrubbed, and a repeat of an existing question merges."""
    root = archive(tmp_path)
    assert run_import(root, "text", "mails.txt") == 0
    files = new_files(root)
    assert files["hallo-ich-bin-klaus-tel-wird.md"].startswith(
        '---\nquestion: "Hallo, ich bin Klaus ([entfernt], Tel. [entfernt]). '
        'Wird es das Auto auch mit Anhängerkupplung geben?"\nchannel: email\nstatus: collected\n'
    )
    assert "status: merged\nmerged_into: cw-wert\n" in files["wie-wichtig-ist-der-cw-wert.md"]
    pipeline.build_archive(root)


def test_empty_text_file_is_refused(tmp_path: Path) -> None:
    """Assert that a file without any paragraph gives a clear message and writes nothing."""
    root = archive(tmp_path)
    empty = tmp_path / "leer.txt"
    empty.write_text("\n   \n\n", encoding="utf-8")
    before = snapshot(root)
    with pytest.raises(ContentError) as caught:
        run_import(root, "text", str(empty))
    assert str(caught.value) == f"{empty}:1: empty question file: no paragraph to import"
    assert snapshot(root) == before
