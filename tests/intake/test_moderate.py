"""Moderation verbs: list a talk's questions, decline one, merge one into another."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import ContentError, UsageError
from generator.models import Status
from generator.pipeline import generate as pipeline
from tests.helpers.importing import run_moderation, snapshot
from tests.helpers.ondisk import QUESTION, make_archive, question

COMMENTED = """\
---
# Aus dem Formular, Mail vom 2.3.
question: "Wie laut ist es innen?"   # gekürzt
asked_by: Fritzi
channel: form
status: collected
votes: 14
tags: [akustik]
source: form-7
---
Notiz der Redaktion: *noch offen*.
"""


def _archive(tmp_path: Path) -> Path:
    return make_archive(
        tmp_path / "archive",
        {
            "content/talks/talk-a/innen-laut.md": COMMENTED,
            "content/talks/talk-a/innen-laut-2.md": question(
                question='"Ist es innen leise?"', status="merged", merged_into="innen-laut"
            ),
            "content/talks/talk-a/reifen.md": question(question='"Welche Reifen?"', votes="3"),
            "content/talks/talk-a/dach.md": question(question='"Dachbox?"'),
        },
    )


def test_questions_lists_open_ones_by_votes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that the list shows every question, open ones first by votes."""
    assert run_moderation(_archive(tmp_path), "questions", "talk-a") == 0
    assert capsys.readouterr().out == (
        "talk-a: 5 questions, 3 open\n"
        "collected   14  innen-laut: Wie laut ist es innen? (Fritzi)\n"
        "collected    3  reifen: Welche Reifen?\n"
        "collected    -  dach: Dachbox?\n"
        "answered     -  cw-wert: Wie wichtig ist der cw-Wert? (Mario)\n"
        "merged       -  innen-laut-2 → innen-laut: Ist es innen leise?\n"
    )


def test_decline_keeps_comments_fields_and_body(tmp_path: Path) -> None:
    """Assert that decline changes only status and adds the reason, keeping everything else."""
    root = _archive(tmp_path)
    assert (
        run_moderation(root, "decline", "talk-a/innen-laut", "--reason", 'Steht im "Handbuch"') == 0
    )
    assert (root / "content/talks/talk-a/innen-laut.md").read_text(encoding="utf-8") == (
        COMMENTED.replace(
            "status: collected\n",
            'status: declined\ndeclined_reason: "Steht im \\"Handbuch\\""\n',
        )
    )
    questions = {q.id: q for q in pipeline.build_archive(root).questions["talk-a"]}
    assert questions["innen-laut"].status is Status.DECLINED


def test_merge_repoints_questions_merged_into_it(tmp_path: Path) -> None:
    """Assert that merging a question moves questions merged into it along (no chains)."""
    root = _archive(tmp_path)
    assert run_moderation(root, "merge", "innen-laut", "--into", "dach") == 0
    questions = {q.id: q for q in pipeline.build_archive(root).questions["talk-a"]}
    assert (questions["innen-laut"].status, questions["innen-laut"].merged_into) == (
        Status.MERGED,
        "dach",
    )
    assert questions["innen-laut-2"].merged_into == "dach"
    assert questions["innen-laut"].votes == 14
    assert "# gekürzt" in (root / "content/talks/talk-a/innen-laut.md").read_text(encoding="utf-8")


def test_merge_into_a_merged_question_uses_its_target(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that `--into` a merged question merges into the question it points to."""
    root = _archive(tmp_path)
    run_moderation(root, "merge", "reifen", "--into", "innen-laut-2")
    assert capsys.readouterr().out == (
        "innen-laut-2 is merged into innen-laut: merging into innen-laut\n"
        "content/talks/talk-a/reifen.md: merged into innen-laut\n"
    )
    pipeline.build_archive(root)


@pytest.mark.parametrize(
    ("verb", "argv", "error", "message"),
    [
        ("decline", ("cw-wert", "--reason", "nein"), ContentError,
         "content/talks/talk-a/cw-wert.md:6: is answered; remove its 'answer' first if it should not count as answered"),
        ("decline", ("dach", "--reason", "Mail an a@b.de"), UsageError,
         "--reason contains an e-mail address; those are never published"),
        ("merge", ("dach", "--into", "dach"), UsageError, "dach cannot be merged into itself"),
        ("merge", ("dach", "--into", "gibts-nicht"), UsageError,
         "no question 'gibts-nicht' in talk 'talk-a' (content/talks/talk-a/gibts-nicht.md)"),
        ("merge", ("dach", "--into", "talk-b/dach-b"), UsageError, "talk-b/dach-b is in another talk; merge only questions of one talk"),
        ("merge", ("Dach!", "--into", "reifen"), UsageError, "'Dach!' is no question id (QUESTION or TALK/QUESTION)"),
        ("decline", ("dach",  "--reason", "   "), UsageError, "--reason must say why; readers see it"),
    ],
)  # fmt: skip
def test_refusals_write_nothing(
    tmp_path: Path, verb: str, argv: tuple[str, ...], error: type[Exception], message: str
) -> None:
    """Assert that refused moderation gives the exact message and changes no file."""
    root = _archive(tmp_path)
    other = root / "content/talks/talk-b/dach-b.md"
    other.parent.mkdir()
    other.write_text(question(question='"Dach?"'), encoding="utf-8")
    before = snapshot(root)
    with pytest.raises(error) as caught:
        run_moderation(root, verb, *argv)
    assert str(caught.value) == message
    assert snapshot(root) == before


def test_ambiguous_question_id_asks_for_the_talk(tmp_path: Path) -> None:
    """Assert that an id used in two talks must be written as TALK/ID."""
    root = _archive(tmp_path)
    other = root / "content/talks/talk-b/dach.md"
    other.parent.mkdir()
    other.write_text(QUESTION, encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        run_moderation(root, "decline", "dach", "--reason", "doppelt")
    assert (
        str(caught.value)
        == "question id 'dach' is in several talks: talk-a/dach, talk-b/dach; write TALK/ID"
    )
