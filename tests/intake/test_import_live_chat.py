"""YouTube live chat import (yt-dlp *.live_chat.json): questions among chat messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import ContentError, UsageError
from generator.intake.formats import Options, live_chat
from generator.pipeline import generate as pipeline
from generator.timestamps import Timestamp
from tests.helpers.importing import FIXTURES, archive, new_files, refused, run_import


def test_live_chat_picks_questions_not_chatter_or_staff() -> None:
    """Assert that '?' and 'Q:'/'Frage:' messages count, greetings and owner/moderators don't."""
    found = live_chat.parse(FIXTURES / "stream.live_chat.json", Options()).records
    assert [(r.text, r.asked_by, r.offset, r.line) for r in found] == [
        ("Fährt der Heckspoiler automatisch aus? 🚀", "Lukas", 754, 3),
        ("Wie schwer ist die Studie insgesamt", "Grete", 901, 5),
        ("ruft mich an 0171 5555555, wie viel kostet das?", "Klaus 0171 5555555", 1002, 6),
        ("Fährt der Heckspoiler wirklich automatisch aus??", "Lukas", 1100, 8),
    ]
    assert found[0].source == "yt-chat-ChwKGkNKcUMwMDAz"
    assert (
        found[0].asked_at is not None
        and found[0].asked_at.isoformat() == "2013-03-05T10:12:34+00:00"
    )


def test_question_pattern_is_configurable() -> None:
    """Assert that --question-pattern replaces the default rule."""
    chat = FIXTURES / "stream.live_chat.json"
    found = live_chat.parse(chat, Options(question_pattern="danke")).records
    assert [r.text for r in found] == ["Super Talk, danke!"]


def test_live_chat_import_builds_and_scrubs(tmp_path: Path) -> None:
    """Assert that chat questions build, with phone numbers gone from text and name."""
    root = archive(tmp_path)
    assert run_import(root, "live-chat", "stream.live_chat.json") == 0
    files = new_files(root)
    assert files["ruft-mich-an-wie-viel-kostet.md"] == (
        "---\n"
        'question: "ruft mich an [entfernt], wie viel kostet das?"\n'
        'asked_by: "Klaus"\n'
        "channel: live-chat\n"
        "asked_at: 2013-03-05T10:16:42+00:00\n"
        'asked_at_offset: "16:42"\n'
        "status: collected\n"
        'source: "yt-chat-ChwKGkNKcUMwMDA2"\n'
        "---\n"
    )
    assert (
        "merged_into: faehrt-der-heckspoiler-automatisch-aus\n"
        in files["faehrt-der-heckspoiler-wirklich-automatisch-aus.md"]
    )
    pipeline.build_archive(root)


def test_offset_is_written(tmp_path: Path) -> None:
    """Assert that the stream offset is stored as asked_at_offset and read back by the pipeline."""
    root = archive(tmp_path)
    run_import(root, "live-chat", "stream.live_chat.json")
    text = new_files(root)["faehrt-der-heckspoiler-automatisch-aus.md"]
    assert (
        '\nasked_at: 2013-03-05T10:12:34+00:00\nasked_at_offset: "12:34"\nstatus: collected\n'
        in text
    )
    built = pipeline.build_archive(root)
    offsets = {q.id: q.asked_at_offset for q in built.questions["talk-a"]}
    assert offsets["faehrt-der-heckspoiler-automatisch-aus"] == Timestamp(754)


def test_wrong_and_truncated_chat_files(tmp_path: Path) -> None:
    """Assert that a CSV and a cut-off chat file are refused with file and line."""
    root = archive(tmp_path)
    with pytest.raises(ContentError) as caught:
        run_import(root, "live-chat", "fragen.csv")
    assert str(caught.value).endswith(
        "fragen.csv:1: is not a yt-dlp live chat (*.live_chat.json): not JSON (Expecting value)"
    )
    cut = tmp_path / "cut.live_chat.json"
    text = (FIXTURES / "stream.live_chat.json").read_text(encoding="utf-8")
    cut.write_text(text[: text.index("Fährt der Heckspoiler wirklich")], encoding="utf-8")
    assert refused(root, "live-chat", str(cut)).startswith(
        f"{cut}:8: is not a yt-dlp live chat (*.live_chat.json): a truncated line (Unterminated string"
    )


def test_bad_question_pattern_is_a_usage_error(tmp_path: Path) -> None:
    """Assert that an invalid regular expression is reported as a usage error."""
    with pytest.raises(UsageError) as caught:
        run_import(
            archive(tmp_path), "live-chat", "stream.live_chat.json", "--question-pattern", "("
        )
    assert str(caught.value) == (
        "--question-pattern '(' is no regular expression: missing ), unterminated subpattern at position 0"
    )


def test_chat_noise_is_no_question(tmp_path: Path) -> None:
    """Assert that a message of only question marks is skipped instead of failing the import."""
    lines = (FIXTURES / "stream.live_chat.json").read_text(encoding="utf-8").splitlines()
    noise = tmp_path / "noise.live_chat.json"
    noise.write_text(
        lines[2].replace("Fährt der Heckspoiler automatisch aus? ", "???"), encoding="utf-8"
    )
    parsed = live_chat.parse(noise, Options())
    assert (parsed.records, [s.reason for s in parsed.skipped]) == ((), ["not a question"])
