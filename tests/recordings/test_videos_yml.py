"""videos.yml read and written by one module: friendly and hostile files, and appending."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator import yamlio
from generator.errors import ContentError, WunschzeitError
from generator.recordings import videos_yml

TALKS = """\
# Die Talks, ein Eintrag je Live-Talk.
- id: talk-a
  title: Talk A   # vorläufig
  language: en

- id: talk-b
  url: media/b.mp4
"""


def _root(tmp_path: Path, data: str | bytes) -> Path:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    (tmp_path / "videos.yml").write_bytes(raw)
    return tmp_path


def _problems(text: str) -> list[str]:
    return [str(p) for p in videos_yml.parse(text).problems]


def test_entries_know_their_lines(tmp_path: Path) -> None:
    """Assert that each entry and each of its fields knows its line in the file."""
    talks = videos_yml.read(_root(tmp_path, TALKS))
    assert talks.problems == ()
    assert [(t["id"], t.line, t.line_of("title")) for t in talks.entries] == [
        ("talk-a", 2, 3),
        ("talk-b", 6, 6),
    ]


def test_bom_and_windows_line_ends_read_like_plain_text(tmp_path: Path) -> None:
    """Assert that a BOM and CRLF line ends change neither entries nor lines."""
    plain = videos_yml.parse(TALKS)
    hostile = "\ufeff" + TALKS.replace("\n", "\r\n")
    assert videos_yml.read(_root(tmp_path, hostile)) == plain


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id: talk-a\n", ["videos.yml:1: must be a list of talks (lines with '- id:')"]),
        ("# nur ein Kommentar\nid: talk-a\n", ["videos.yml:2: must be a list of talks (lines with '- id:')"]),
        ("- talk-a\n- id: talk-b\n", ["videos.yml:1: talk 1 must be a mapping of fields"]),
        ("- id: a\n  title: A\n  title: B\n", ["videos.yml:3: duplicate key 'title' (first at line 2)"]),
        ("", []),
        ("# noch keine Talks\n", []),
    ],
)  # fmt: skip
def test_shapes_that_are_no_list_of_talks(text: str, expected: list[str]) -> None:
    """Assert that videos.yml that is no list of mappings is named with its line."""
    assert _problems(text) == expected


def test_duplicate_ids_are_read_and_the_first_is_found() -> None:
    """Assert that duplicate ids are left to validate, and `find` gives the first entry."""
    talks = videos_yml.parse("- id: a\n  title: Eins\n- id: a\n  title: Zwei\n")
    assert talks.problems == ()
    found = videos_yml.find(talks.entries, "a")
    assert found is not None and found["title"] == "Eins"
    assert videos_yml.find(talks.entries, "b") is None


def test_alias_bomb_is_refused() -> None:
    """Assert that a billion-laughs style videos.yml is refused instead of expanded."""
    lines = ['- id: &a0 "lol"'] + [
        f"- id: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 30)
    ]
    problems = _problems("\n".join(lines) + "\n")
    assert len(problems) == 1
    assert problems[0].endswith(
        "aliases expand to too much (more than 1,000,000 values and characters); "
        "write the values out"
    )


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"- id: a\n- id: \xff\n", "videos.yml:2: is not UTF-8 text; save it as UTF-8"),
        (b"- id: a\n\x00\n", "videos.yml:2: contains a NUL character"),
        (b"#" * (videos_yml.MAX_BYTES + 1), f"videos.yml:1: file is too large ({videos_yml.MAX_BYTES + 1} bytes, at most {videos_yml.MAX_BYTES})"),
    ],
)  # fmt: skip
def test_unreadable_files_are_problems(tmp_path: Path, data: bytes, expected: str) -> None:
    """Assert that bytes that are no UTF-8 text give a problem, not an exception."""
    assert [str(p) for p in videos_yml.read(_root(tmp_path, data)).problems] == [expected]


def test_missing_file_is_a_problem_and_stops_commands(tmp_path: Path) -> None:
    """Assert that a missing videos.yml is named, and `entries` raises it."""
    expected = ["videos.yml:1: missing: an archive needs a videos.yml"]
    assert [str(p) for p in videos_yml.read(tmp_path).problems] == expected
    with pytest.raises(ContentError) as error:
        videos_yml.entries(tmp_path)
    assert [str(p) for p in error.value.problems] == expected


def test_unknown_talk_names_the_known_ones(tmp_path: Path) -> None:
    """Assert that looking up a missing talk names the known ids."""
    root = _root(tmp_path, TALKS)
    with pytest.raises(ContentError) as error:
        videos_yml.talk(root, "talk-c")
    assert str(error.value) == (
        "videos.yml:1: no talk with id 'talk-c' (known: talk-a, talk-b); add it first or fix --talk"
    )


def test_language_of_a_talk(tmp_path: Path) -> None:
    """Assert that a talk's language is its own, else the default (also for unusable ones)."""
    root = _root(tmp_path, TALKS + "- id: talk-c\n  language: ../../etc\n")
    assert videos_yml.talk_language(root, "talk-a") == "en"
    assert videos_yml.talk_language(root, "talk-b") == "de"
    assert videos_yml.talk_language(root, "talk-c") == "de"


def test_append_keeps_comments_order_bom_and_line_ends(tmp_path: Path) -> None:
    """Assert that appending leaves every byte of the old file as it was."""
    old = ("\ufeff" + TALKS.rstrip("\n").replace("\n", "\r\n")).encode("utf-8")
    root = _root(tmp_path, old)
    entry = {"url": "media/c.mp4", "id": "talk-c", "date": dt.date(2013, 3, 5), "experts": ["anna"]}
    data = videos_yml.appended(root, entry)
    assert data == old + (
        b"\r\n\r\n- id: talk-c\r\n  url: media/c.mp4\r\n  date: 2013-03-05\r\n  experts: [anna]\r\n"
    )
    videos_yml.write(root, data)
    assert (root / "videos.yml").read_bytes() == data
    assert [t["id"] for t in videos_yml.entries(root)] == ["talk-a", "talk-b", "talk-c"]
    assert [p.name for p in root.iterdir()] == ["videos.yml"]  # no temporary file left


def test_append_quotes_what_yaml_would_misread() -> None:
    """Assert that a title with `: `, `#` or a leading `-` reads back as written."""
    title = "- Laden: wie schnell? #1"
    text = videos_yml.append_entry("", {"id": "talk-c", "title": title, "url": "media/c.mp4"})
    assert videos_yml.parse(text).entries[0]["title"] == title


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[]\n", "videos.yml does not end in a list of '- id:' entries; add the talk by hand"),
        (
            "- id: a\n...\n",
            "videos.yml does not end in a list of '- id:' entries; add the talk by hand",
        ),
        ("talks:\n  - id: a\n", "videos.yml:1: must be a list of talks"),
    ],
)
def test_append_refuses_files_it_cannot_extend(text: str, message: str) -> None:
    """Assert that a file that does not end in a block list of entries is not appended to."""
    with pytest.raises(WunschzeitError) as error:
        videos_yml.append_entry(text, {"id": "talk-c", "url": "media/c.mp4"})
    assert str(error.value).startswith(message)


def test_size_limit_just_under_and_just_over(tmp_path: Path) -> None:
    """Assert that a videos.yml of exactly MAX_BYTES is read and one byte more is refused."""
    root = _root(tmp_path, "")
    under = b"#" * (videos_yml.MAX_BYTES - 1) + b"\n"
    assert videos_yml.read(root, under) == videos_yml.Talks((), ())
    over = [str(p) for p in videos_yml.read(root, under + b"\n").problems]
    assert over == [
        f"videos.yml:1: file is too large ({videos_yml.MAX_BYTES + 1} bytes, "
        f"at most {videos_yml.MAX_BYTES})"
    ]


def _pyvideo_talk(number: int) -> str:
    """One talk as benchmarks/pyvideo.py writes it, a little wordier than the catalogue's
    average (its 21,715 talks take 485 bytes and about 27 values by libyaml's reckoning each)."""
    description = "Speaker: Alex Martelli. Abstract: learn how to code tests, deploy them, "
    return (
        f"- id: bay-piggies-march-2017-testing-in-layers-{number:05d}\n"
        '  title: "Bay PIGgies March 2017: Testing in Layers, and more"\n'
        '  url: "https://www.youtube.com/watch?v=pCrW_LiSb34"\n'
        "  date: 2017-03-16\n"
        "  event: bay-piggies\n"
        "  experts: [alex-martelli, lisa-bang, dave-sawyer, jose-garcia]\n"
        "  language: en\n"
        f'  description: "{description}and enrich code with logging{"." * 200}"\n\n'
    )


def test_twenty_thousand_talks_fit_the_limits() -> None:
    """Assert that 20,000 talks as pyvideo.org's stay under the byte limit, and that a tenth
    of them loads under a tenth of the value limit, on libyaml (never the pure-Python loader)."""
    talks = "".join(_pyvideo_talk(n) for n in range(20_000))
    assert len(talks.encode("utf-8")) <= videos_yml.MAX_BYTES
    tenth = "".join(_pyvideo_talk(n) for n in range(2_000))

    def slow(text: str, first_line: int) -> None:
        raise AssertionError("the pure-Python loader was used")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(yamlio, "MAX_NODES", yamlio.MAX_NODES // 10)
        patch.setattr(yamlio, "_parse_checked", slow)
        read = videos_yml.parse(tenth)
    assert read.problems == () and len(read.entries) == 2_000
