"""`wunschzeit answer QID START`: the answer's fields written into a question's front matter."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from generator.pipeline import generate as pipeline
from tests.helpers.ondisk import make_archive

OPEN = """\
---
# Aus dem Formular, Mail vom 2.3.
question: "Wie laut ist es innen?"   # gekürzt
asked_by: Fritzi
channel: form
status: collected
votes: 14
---
Notiz der Redaktion: *noch offen*.
"""


def _archive(tmp_path: Path) -> tuple[Path, Path]:
    root = make_archive(tmp_path / "archive", {"content/talks/talk-a/innen-laut.md": OPEN})
    return root, root / "content" / "talks" / "talk-a" / "innen-laut.md"


def _answer(root: Path, *arguments: str) -> int:
    return main(["--root", str(root), "answer", *arguments])


def test_answer_sets_status_start_end_and_the_talks_expert(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that answer writes status and answer fields, taking a caption file's time, and
    keeps comments, the other fields and the body."""
    root, path = _archive(tmp_path)
    assert _answer(root, "innen-laut", "00:04:32.485", "--end", "6:10") == 0
    assert capsys.readouterr().out == (
        "content/talks/talk-a/innen-laut.md: answered at 4:32–6:10 by anna\n"
    )
    assert path.read_text(encoding="utf-8") == OPEN.replace(
        "status: collected\n",
        "status: answered\nanswer:\n  start: 4:32\n  end: 6:10\n  by: [anna]\n",
    )
    question = {q.id: q for q in pipeline.build_archive(root).questions["talk-a"]}["innen-laut"]
    assert question.answer is not None
    assert (question.answer.start.seconds, question.answer.by) == (272, ("anna",))
    assert main(["--root", str(root), "check", "--strict"]) == 0


def test_answer_again_replaces_start_and_drops_the_old_end(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that answering again sets the new start and removes an end not given anew."""
    root, path = _archive(tmp_path)
    assert _answer(root, "talk-a/innen-laut", "4:32", "--end", "6:10") == 0
    assert _answer(root, "innen-laut", "7:00", "--talk", "talk-a", "--by", "anna") == 0
    assert "answer:\n  start: 7:00\n  by: [anna]\nvotes: 14\n" in path.read_text(encoding="utf-8")
    assert capsys.readouterr().out.splitlines()[-1].endswith(": answered at 7:00 by anna")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ("innen-laut", "4:32", "--by", "anna", "bernd"),
            "--by bernd: unknown expert, no file content/experts/bernd.md (known: anna)",
        ),
        (
            ("innen-laut", "4:75"),
            "START: not a timestamp: '4:75'; minutes and seconds go to 59",
        ),
        (("innen-laut", "4:32", "--end", "4:00"), "--end 4:00 must lie after START 4:32"),
        (
            ("gibts-nicht", "4:32"),
            "no question 'gibts-nicht' in any talk (content/talks/*/gibts-nicht.md)",
        ),
    ],
)
def test_answer_usage_errors_write_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], arguments: tuple[str, ...], message: str
) -> None:
    """Assert that an unknown expert or question and a bad time are usage errors naming the
    value, and the question file stays as it was."""
    root, path = _archive(tmp_path)
    assert _answer(root, *arguments) == 2
    assert capsys.readouterr().err == f"wunschzeit: error: {message}\n"
    assert path.read_text(encoding="utf-8") == OPEN
