"""Messages for two everyday slips: a tab in YAML, and a misspelt status (one problem, not
one per field that depends on it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import ContentError
from generator.pipeline.generate import build_archive
from generator.yamlio import YamlProblem, parse_yaml
from tests.helpers.ondisk import QUESTION, VIDEOS, make_archive

CW = "content/talks/talk-a/cw-wert.md"


def _problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as error:
        build_archive(root)
    return [str(p) for p in error.value.problems]


def test_tab_in_front_matter_says_tab(tmp_path: Path) -> None:
    """Assert that a tab indenting a question's front matter is named as a tab, at its line."""
    root = make_archive(tmp_path, {CW: QUESTION.replace("  end: 6:10", "\tend: 6:10")})
    assert _problems(root) == [f"{CW}:8: a tab character indents this line; YAML needs spaces"]


def test_tab_in_videos_yml_says_tab(tmp_path: Path) -> None:
    """Assert that a tab indenting a field in videos.yml is named as a tab, at its line."""
    root = make_archive(tmp_path, {"videos.yml": VIDEOS.replace("  date:", "\tdate:")})
    assert _problems(root) == ["videos.yml:4: a tab character indents this line; YAML needs spaces"]


def test_tab_inside_a_line_says_tab() -> None:
    """Assert that a tab after a list dash is named as a tab with its column."""
    with pytest.raises(YamlProblem) as caught:
        parse_yaml("tags:\n- \taerodynamik\n")
    assert (caught.value.line, caught.value.message) == (
        2,
        "a tab character at column 3; YAML needs spaces here",
    )


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("answerd", "status: 'answerd' is not a status; did you mean 'answered'?"),
        ("Merged", "status: 'Merged' is not a status; did you mean 'merged'?"),
        ("offen", "status: 'offen' is not a status; use collected, answered, merged, declined"),
    ],
)
def test_unknown_status_suggests_the_known_one_and_nothing_else(
    tmp_path: Path, status: str, expected: str
) -> None:
    """Assert that an unknown status is one problem, with a suggestion, and no follow-on error."""
    text = QUESTION.replace("channel: blog\n", f"channel: blog\nstatus: {status}\n")
    text = text.replace("tags:", "merged_into: other\ntags:")  # needs status merged
    root = make_archive(tmp_path, {CW: text})
    assert _problems(root) == [f"{CW}:5: {expected}"]


def test_a_date_that_does_not_exist_is_a_problem_at_its_line(tmp_path: Path) -> None:
    """Assert that dates of a date's shape that do not exist (month 13, 30 February), in
    videos.yml and in front matter, are problems at their lines, every one at once; they were
    a ValueError traceback."""
    videos = VIDEOS.replace("date: 2013-03-05", "date: 2013-13-45")
    question = QUESTION.replace("asked_at: 2013-03-01T14:03:00+01:00", "asked_at: 2013-02-30")
    root = make_archive(tmp_path, {"videos.yml": videos})
    assert _problems(root) == [
        "videos.yml:4: '2013-13-45' is not a date or time that exists (month must be in 1..12)"
    ]
    root = make_archive(tmp_path / "b", {CW: question})
    assert _problems(root) == [
        f"{CW}:5: '2013-02-30' is not a date or time that exists (day is out of range for month)"
    ]
