"""Slido import: votes kept, anonymous authors without a name, answered flags reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.models import Status
from generator.pipeline import generate as pipeline
from tests.helpers.importing import archive, new_files, run_import


def test_slido_keeps_votes_and_drops_anonymous(tmp_path: Path) -> None:
    """Assert that Slido likes become votes and `Anonymous` stores no name."""
    root = archive(tmp_path)
    assert run_import(root, "slido", "slido.csv") == 0
    files = new_files(root)
    assert files["wie-viele-stunden-war-die-studie.md"] == (
        "---\n"
        'question: "Wie viele Stunden war die Studie im Windkanal?"\n'
        "channel: slido\n"
        "asked_at: 2013-03-05T10:58:00+01:00\n"
        "status: collected\n"
        "votes: 24\n"
        'source: "slido-fb61dd66748c"\n'
        "---\n"
    )
    assert "votes: 17\n" in files["kommt-der-heckspoiler-auch-in-die.md"]
    questions = {q.id: q for q in pipeline.build_archive(root).questions["talk-a"]}
    assert questions["wie-viele-stunden-war-die-studie-2"].status is Status.MERGED
    assert questions["wie-viele-stunden-war-die-studie-2"].asked_by == "Sabine"


def test_slido_answered_flag_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that questions marked answered in Slido are named for the editor to time."""
    run_import(archive(tmp_path), "slido", "slido.csv")
    out = capsys.readouterr().out
    assert (
        "marked answered in the export, add answer.start: wie-viele-stunden-war-die-studie\n" in out
    )
    assert out.endswith(
        "4 new (1 merged as duplicates — review with `wunschzeit questions talk-a`), 0 skipped\n"
    )
