"""What reaches the terminal: control characters from file names, content and messages are
shown as escapes, one message stays one line, and JSON output stays valid JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import console, main
from generator.cli.common import print_errors
from generator.errors import Problem
from tests.helpers.ondisk import QUESTION, make_archive


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain: Größe, café, 4:32 – „Zitat“", "plain: Größe, café, 4:32 – „Zitat“"),
        ("x\x1b[2J.md", "x\\x1b[2J.md"),
        ("a\nb\r\tc", "a\\nb\\r\\tc"),
        ("del\x7f c1\x9b nul\x00", "del\\x7f c1\\x9b nul\\x00"),
        ("evil\u202egpj.md \u2066x\u2069", "evil\\u202egpj.md \\u2066x\\u2069"),
        ("zero\u200bwidth\ufeff soft\xadhyphen", "zero\\u200bwidth\\ufeff soft\\xadhyphen"),
        ("line\u2028sep tag\U000e0041", "line\\u2028sep tag\\U000e0041"),
        ("bad byte \udcff", "bad byte \\udcff"),
        ("keep\xa0nbsp \U0001f469\u200d\U0001f52c", "keep\xa0nbsp \U0001f469\u200d\U0001f52c"),
    ],
)
def test_shown_escapes_what_a_terminal_would_act_on(text: str, shown: str) -> None:
    """Assert that controls, bidi and invisible format characters become visible escapes."""
    assert console.shown(text) == shown


def test_a_problem_with_a_line_break_stays_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    """Assert that a problem whose message holds a line break and an escape prints as one line."""
    print_errors([Problem("content/x.md", 3, "bad value 'a\nb\x1b[31m'")])
    assert capsys.readouterr().err == "content/x.md:3: bad value 'a\\nb\\x1b[31m'\n1 error\n"


def test_a_file_name_with_an_escape_sequence_is_shown_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that `check` names a file called x<ESC>[2J.md with the escape written out."""
    root = make_archive(tmp_path, {"content/talks/talk-a/x\x1b[2J.md": QUESTION})
    assert main(["--root", str(root), "check"]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err
    assert err.splitlines()[0].startswith("content/talks/talk-a/x\\x1b[2J.md:")


def test_a_question_with_a_title_sequence_is_shown_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that `questions` shows a YAML-escaped OSC title sequence as text, not raw."""
    question = QUESTION.replace('"Wie wichtig ist der cw-Wert?"', '"Hallo\\e]0;pwned\\a?"')
    root = make_archive(tmp_path, {"content/talks/talk-a/cw-wert.md": question})
    assert main(["--root", str(root), "questions", "talk-a"]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        "answered     -  cw-wert: Hallo\\x1b]0;pwned\\x07? (Mario)"
    ]


def test_json_output_stays_valid_json_without_raw_controls(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Assert that JSON output escapes controls and bidi as JSON escapes and reads back equal."""
    data = [{"question": "a\x1b[2J\u202e\x7f\x9b\U000e0041 Größe", "start": 272}]
    console.out_json(data)
    text = capsys.readouterr().out
    assert json.loads(text) == data
    assert "Größe" in text  # not \u00f6: German stays readable
    assert all(console.shown(line) == line for line in text.splitlines())
