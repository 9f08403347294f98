"""Hostile exports: a NUL or a lone surrogate in any imported text is named, nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.errors import ContentError
from generator.intake import plan as intake
from tests.helpers.importing import archive, run_import, snapshot


def _chat_line(identifier: str, text: str, author: str) -> str:
    message = {
        "message": {"runs": [{"text": text}]},
        "authorName": {"simpleText": author},
        "id": identifier,
        "timestampUsec": "1362478354000000",
    }
    item = {"item": {"liveChatTextMessageRenderer": message}}
    replay = {"actions": [{"addChatItemAction": item}], "videoOffsetTimeMsec": "754000"}
    # json.dumps writes "\u0000" and "\ud800" as escapes, which json.loads turns back into them.
    return json.dumps({"replayChatItemAction": replay})


def _import_chat(tmp_path: Path, *lines: str) -> tuple[Path, ContentError]:
    root = archive(tmp_path)
    chat = tmp_path / "hostile.live_chat.json"
    chat.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = snapshot(root)
    with pytest.raises(ContentError) as caught:
        run_import(root, "live-chat", str(chat))
    assert snapshot(root) == before
    return chat, caught.value


def test_nul_and_surrogates_in_a_chat_are_named_by_line_and_field(tmp_path: Path) -> None:
    """Assert that every NUL and lone surrogate of a live chat is reported with its line."""
    chat, error = _import_chat(
        tmp_path,
        _chat_line("ok-1", "Wie schnell ist das Auto?", "Anna"),
        _chat_line("id\x00-2", "Wie laut\x00 ist es?", "Ben"),
        _chat_line("ok-3", "Wie schwer ist es?", "Cl\ud800ara"),
        _chat_line("id-\udfff", "Was kostet es?", "Dora"),
    )
    nul = "holds the character U+0000 (NUL), which no question file can store"
    assert [str(p) for p in error.problems] == [
        f"{chat}:2: question {nul}",
        f"{chat}:2: source {nul}",
        f"{chat}:3: asked_by holds the character U+D800 (a lone surrogate), which no question "
        "file can store",
        f"{chat}:4: source holds the character U+DFFF (a lone surrogate), which no question "
        "file can store",
    ]


def test_surrogate_pair_escapes_are_one_character_and_import(tmp_path: Path) -> None:
    """Assert that a proper surrogate pair escape (an emoji) is no lone surrogate: it imports."""
    root = archive(tmp_path)
    chat = tmp_path / "emoji.live_chat.json"
    chat.write_text(_chat_line("ok-1", "Wie schnell? \U0001f680", "Anna") + "\n", "utf-8")
    assert "\\ud83d\\ude80" in chat.read_text(encoding="utf-8")
    assert run_import(root, "live-chat", str(chat)) == 0


def test_a_lone_surrogate_in_a_question_file_stops_the_import_by_line(tmp_path: Path) -> None:
    """Assert that an existing file whose source escapes a lone surrogate is named, not crashed
    on when the ledger is written."""
    root = archive(tmp_path)
    folder = root / "content" / "talks" / "talk-a"
    bad = '---\nquestion: "Wie?"\nchannel: blog\nsource: "wp-\\ud800"\n---\n'
    (folder / "bad.md").write_text(bad, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        intake.read_known(root, "talk-a")
    assert [str(p) for p in caught.value.problems] == [
        "content/talks/talk-a/bad.md:4: source holds the character U+D800 (a lone surrogate), "
        "which no question file can store"
    ]


def test_a_nul_in_a_csv_is_refused_with_its_line(tmp_path: Path) -> None:
    """Assert that a CSV holding a NUL byte is refused at its line and nothing is written."""
    root = archive(tmp_path)
    data = tmp_path / "nul.csv"
    data.write_bytes(b"Frage;Name\nWie schnell?;Anna\nWie\x00 laut?;Ben\n")
    before = snapshot(root)
    with pytest.raises(ContentError) as caught:
        run_import(root, "csv", str(data))
    assert str(caught.value) == f"{data}:3: contains a NUL character: is this a text file?"
    assert snapshot(root) == before
