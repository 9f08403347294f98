"""Question files as written: every text reads back literally, and no existing file is touched."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest

from generator.intake import parallel
from generator.intake import plan as intake
from generator.intake.formats import ImportProblem, Incoming
from generator.pipeline.load import split_front_matter

# Every character a YAML reader treats specially (controls, NEL, LS, PS, BOM, noncharacters),
# the edges of the ranges it accepts, what YAML and Markdown give meaning to, and plain text;
# NUL and surrogates no file may hold (test_unstorable_characters_write_nothing).
RISKY = (
    [chr(c) for c in range(1, 0xA1)]
    + list("\u2028\u2029\ufeff\ufffe\uffff\ufffd\ud7ff\ue000\u00ad\u200b\u202e")
    + ["\U00010000", "\U0001f680", "\U0010ffff", "ä", "ß", "…"]
)


def _planned(text: str, source: str, asked_by: str | None) -> intake.Planned:
    record = Incoming(text, source, "chat", 3, asked_by, dt.datetime(2024, 3, 1, 12), 7, False, 65)
    return intake.Planned("frage", record, "frage-2", 91)


@pytest.mark.parametrize("char", RISKY)
def test_question_file_round_trip_of_each_character(char: str) -> None:
    """Assert that each risky character reads back literally, alone, inside text and at its ends."""
    for value in (char, f"a{char}b", f" {char}", f"{char}: #x"):
        fields, body = split_front_matter(intake.question_file(_planned(value, value, value)))
        assert (fields["question"], fields["asked_by"], fields["source"], body) == (
            value,
            value,
            value,
            "",
        )


def test_question_file_round_trip_of_random_texts() -> None:
    """Assert that 2,000 random texts of risky characters read back as every field written."""
    rng = random.Random(11)
    for _ in range(2_000):
        text, source, name = ("".join(rng.choices(RISKY, k=rng.randrange(1, 30))) for _ in "abc")
        fields, _ = split_front_matter(intake.question_file(_planned(text, source, name)))
        assert dict(fields) == {
            "question": text,
            "asked_by": name,
            "channel": "chat",
            "asked_at": dt.datetime(2024, 3, 1, 12),
            intake.OFFSET_FIELD: "1:05",
            "status": "merged",
            "merged_into": "frage-2",
            "votes": 7,
            "source": source,
        }


def _plan(*ids: str) -> intake.Plan:
    new = tuple(intake.Planned(i, Incoming(f"{i}?", f"s-{i}", "form", 1)) for i in ids)
    return intake.Plan("talk-a", new, ())


def test_write_plan_writes_each_file_as_planned(tmp_path: Path) -> None:
    """Assert that each planned file holds exactly its question_file text, and nothing else is made."""
    plan = _plan("a", "b", "c")
    written = intake.write_plan(tmp_path, plan)
    folder = tmp_path / "content" / "talks" / "talk-a"
    assert written == [folder / "a.md", folder / "b.md", folder / "c.md"]
    assert sorted(p.name for p in folder.iterdir()) == ["a.md", "b.md", "c.md"]
    for path, planned in zip(written, plan.new, strict=True):
        assert path.read_bytes() == intake.question_file(planned).encode()


def test_write_plan_never_follows_a_link(tmp_path: Path) -> None:
    """Assert that a dangling link under a planned name fails the write and creates no target."""
    folder = tmp_path / "content" / "talks" / "talk-a"
    folder.mkdir(parents=True)
    (folder / "b.md").symlink_to(tmp_path / "elsewhere.md")
    with pytest.raises(ImportProblem) as caught:
        intake.write_plan(tmp_path, _plan("a", "b"))
    assert str(caught.value) == "content/talks/talk-a/b.md:1: cannot be written: File exists"
    assert sorted(p.name for p in folder.iterdir()) == ["b.md"]
    assert not (tmp_path / "elsewhere.md").exists()


@pytest.mark.parametrize("char", ["\x00", "\ud800", "\udfff"])
def test_unstorable_characters_write_nothing(tmp_path: Path, char: str) -> None:
    """Assert that a NUL or a lone surrogate in a source fails before any file is written."""
    record = Incoming("Wie?", f"s-{char}", "form", 2)
    plan = intake.Plan("talk-a", (*_plan("a").new, intake.Planned("b", record)), ())
    with pytest.raises(ValueError) as caught:
        intake.write_plan(tmp_path, plan)
    assert str(caught.value) == f"cannot be stored: holds the character U+{ord(char):04X}"
    assert not (tmp_path / "content").exists()


def _on_three_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(intake, "PARALLEL_FILES_FROM", 3)
    monkeypatch.setattr(
        parallel, "processes", lambda items, least, characters=0: 3 if items >= least else 1
    )


def test_write_plan_on_three_processes_writes_what_one_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Assert that files made on 3 processes hold the bytes one process writes."""
    plan = _plan(*(f"q{n:02d}" for n in range(30)))
    alone = intake.write_plan(tmp_path / "one", plan)
    _on_three_processes(monkeypatch)
    forked = intake.write_plan(tmp_path / "three", plan)
    assert [p.name for p in forked] == [p.name for p in alone]
    assert [p.read_bytes() for p in forked] == [p.read_bytes() for p in alone]


def test_write_plan_on_three_processes_removes_every_file_when_one_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Assert that with files made on 3 processes, a file existing in the middle chunk fails
    the write with its name, and every file created before it is removed again."""
    folder = tmp_path / "content" / "talks" / "talk-a"
    folder.mkdir(parents=True)
    (folder / "q14.md").write_text("mine", encoding="utf-8")
    _on_three_processes(monkeypatch)
    with pytest.raises(ImportProblem) as caught:
        intake.write_plan(tmp_path, _plan(*(f"q{n:02d}" for n in range(30))))
    assert str(caught.value) == "content/talks/talk-a/q14.md:1: cannot be written: File exists"
    assert [p.name for p in folder.iterdir()] == ["q14.md"]
    assert (folder / "q14.md").read_text(encoding="utf-8") == "mine"
