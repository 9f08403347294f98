"""Chapters: parsing a description's timestamp lines, and `wunschzeit chapters ID` for YouTube."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from generator.cli import chapters as verb_chapters
from generator.errors import UsageError
from generator.recordings.chapters import from_description, youtube_block
from tests.helpers.ondisk import make_archive, question
from tests.helpers.paths import REPO


def spans(text: str, duration: int | None) -> list[tuple[str, int, int | None]]:
    return [
        (c.title, c.start.seconds, c.end.seconds if c.end else None)
        for c in from_description(text, duration)
    ]


def test_description_lines_in_all_usual_forms() -> None:
    """Assert that `m:ss Titel`, `h:mm:ss - Titel`, `(m:ss)` and bullets are chapter lines."""
    text = "Intro text\n0:00 Start\n• 4:32 - cw-Wert\n(12:05) Felgen | Räder\n1:02:03 – Ende\n"
    assert spans(text, 4000) == [
        ("Start", 0, 272),
        ("cw-Wert", 272, 725),
        ("Felgen | Räder", 725, 3723),
        ("Ende", 3723, 4000),
    ]


def test_description_lines_out_of_order_or_range_are_skipped() -> None:
    """Assert that falling times and times past the end are no chapters."""
    text = "0:00 a\n5:00 b\n2:00 zurück\n9:59 c\n20:00 zu spät"
    assert spans(text, 600) == [("a", 0, 300), ("b", 300, 599), ("c", 599, 600)]


@pytest.mark.parametrize(
    "text", ["", "Beginn um 19:00 Uhr", "4:32 nur eine Zeile", "0:00 a\n0:00 b", "99:99 x\n1:00 y"]
)
def test_descriptions_without_chapters(text: str) -> None:
    """Assert that fewer than two usable timestamp lines give no chapters."""
    assert from_description(text, 900) == ()


def test_block_adds_intro_in_the_talk_language() -> None:
    """Assert that a block whose first answer starts later gets an intro line at 0:00."""
    block = youtube_block([(272, "Wie wichtig?"), (65, "Realistisch?")], 900, "de")
    assert block.lines == ("0:00 Begrüßung", "1:05 Realistisch?", "4:32 Wie wichtig?")
    assert youtube_block([(65, "a")], None, "en").lines == ("0:00 Intro", "1:05 a")


def test_block_merges_short_chapters_and_says_so() -> None:
    """Assert that chapters under 10 s are merged, moved to 0:00 or left out, with notes."""
    block = youtube_block(
        [(4, "Erste"), (60, "Zweite"), (65, "Dritte"), (120, "V"), (895, "Zu spät")], 900, "de"
    )
    assert block.lines == ("0:00 Erste", "1:00 Zweite / Dritte", "2:00 V")
    assert block.notes == (
        "'Erste' moved from 0:04 to 0:00: the first chapter starts at 0:00",
        "'Dritte' at 1:05 merged into the chapter before: it would be shorter than 10 s",
        "'Zu spät' at 14:55 left out: fewer than 10 s before the end",
    )


def test_block_titles_are_one_short_line() -> None:
    """Assert that chapter titles lose line breaks and are cut for YouTube."""
    block = youtube_block([(30, "Zeile\neins " + "x" * 200)], None, "de")
    assert block.lines[1] == "0:30 Zeile eins " + "x" * 88 + "…"


def run_chapters(root: Path, talk_id: str) -> int:
    parser = argparse.ArgumentParser()
    verb_chapters.add_arguments(parser)
    args = parser.parse_args([talk_id])
    args.root = str(root)
    return verb_chapters.run(args)


def test_chapters_of_the_sample_talk(capsys: pytest.CaptureFixture[str]) -> None:
    """Assert that the sample talk's answered questions give a YouTube chapter block."""
    assert run_chapters(REPO, "genf-design") == 0
    assert capsys.readouterr() == (
        "0:00 Begrüßung\n"
        "0:20 Woran erkennt man einen Nordwerk nachts von hinten?\n"
        "1:05 Wie entsteht so eine Farbe wie das Gletscherblau auf dem Stand?\n"
        "2:05 Gibt's im Innenraum auch Alternativen zu Leder?\n"
        "3:10 Warum hat ein Elektroauto überhaupt einen so großen Kühlergrill?\n"
        "4:20 Wie lange dauert es von der ersten Skizze bis zum fertigen Auto?\n",
        "",
    )


def test_chapters_fails_with_too_few_answers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that one answered question cannot make three chapters: exit 1 and say why."""
    root = make_archive(
        tmp_path,
        {"content/talks/talk-a/zweite.md": question(question="Zweite?", answer="{start: 4:35}")},
    )
    assert run_chapters(root, "talk-a") == 1
    assert capsys.readouterr() == (
        "",
        "note: 'Zweite?' at 4:35 merged into the chapter before: it would be shorter than 10 s\n"
        "talk 'talk-a' gives 2 chapter(s); YouTube needs at least 3, each at least 10 s long "
        "(2 answered question(s))\n",
    )


def test_chapters_of_an_unknown_talk(tmp_path: Path) -> None:
    """Assert that an unknown talk id is a usage error naming the known ones."""
    with pytest.raises(UsageError, match=r"no talk 'nope' in videos.yml \(known: talk-a\)"):
        run_chapters(make_archive(tmp_path), "nope")
