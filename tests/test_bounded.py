"""Small hostile inputs end in a clean `path:line: message`, never in a hang or a traceback.

Each case writes one hostile file (YAML bombs, deep nesting, huge cells, long chat messages,
pathological patterns, endless streams) and runs `wunschzeit` on it in a subprocess with a
timeout, so that a regression fails here in seconds instead of hanging CI. Before these fixes
the same inputs ran for minutes (or never ended) or printed a traceback.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator import yamlio
from generator.recordings import cache, transcripts
from generator.yamlio import MAX_ALIASES, YamlProblem, parse_yaml
from tests.helpers.ondisk import make_archive

TIMEOUT = 30  # seconds; the target is 5 s per file on an idle machine, CI machines are shared
WUNSCHZEIT = Path(sys.executable).parent / "wunschzeit"
QUESTION = "content/talks/talk-a/cw-wert.md"


def run(root: Path, *argv: str) -> tuple[int, str]:
    """`wunschzeit --root ROOT ARGV` in a subprocess: its exit code and its output."""
    done = subprocess.run(
        [str(WUNSCHZEIT), "--root", str(root), *argv],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    output = done.stdout + done.stderr
    assert "Traceback" not in output
    return done.returncode, output


def _bomb(levels: int = 9, width: int = 9) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


EXPANSION = (
    "aliases expand to too much (more than 1,000,000 values and characters); write the values out"
)
DEEP = "nested too deeply (more than 64 levels)"


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        (_bomb(), f"{QUESTION}:7: {EXPANSION}"),
        ("question: " + "[" * 2000 + "]" * 2000 + "\n", f"{QUESTION}:2: {DEEP}"),
        ("question: " + "{a: " * 2000 + "1" + "}" * 2000 + "\n", f"{QUESTION}:2: {DEEP}"),
        ('question: "Wie\\0 schnell?"\n', f"{QUESTION}:2: contains a NUL character (\\0): no text may hold one"),
    ],
    ids=["alias-bomb", "deep-lists", "deep-mappings", "nul-escape"],
)  # fmt: skip
def test_hostile_front_matter_is_refused(tmp_path: Path, front: str, expected: str) -> None:
    """Assert that a YAML bomb, deep nesting or a NUL in front matter is one clean problem."""
    assert len(_bomb()) < 600
    root = make_archive(tmp_path, {QUESTION: f"---\n{front}---\n"})
    code, output = run(root, "check")
    assert code == 1
    assert expected in output


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (_bomb(), f"mkdocs.yml:6: {EXPANSION}"),
        ("site_name: x\nextra: " + "[" * 2000 + "]" * 2000 + "\n", f"mkdocs.yml:2: {DEEP}"),
    ],
    ids=["alias-bomb", "deep"],
)
def test_hostile_mkdocs_yml_is_refused(tmp_path: Path, text: str, expected: str) -> None:
    """Assert that mkdocs.yml is read with the same bounds as the content."""
    root = make_archive(tmp_path, {"mkdocs.yml": text})
    code, output = run(root, "check")
    assert code == 1
    assert expected in output


def test_alias_bomb_in_videos_yml_is_refused(tmp_path: Path) -> None:
    """Assert that videos.yml with a bomb is refused in time, naming the line."""
    root = make_archive(tmp_path, {"videos.yml": _bomb()})
    code, output = run(root, "check")
    assert code == 1
    assert f"videos.yml:6: {EXPANSION}" in output


def test_yaml_bounds_keep_what_editors_write() -> None:
    """Assert that merge keys still work and the alias count and self-reference are refused."""
    assert parse_yaml("d: &d {x: 1}\ne: {<<: *d, y: 2}\n") == {"d": {"x": 1}, "e": {"x": 1, "y": 2}}
    many = "a: &a 1\nb: [" + ", ".join(["*a"] * (MAX_ALIASES + 1)) + "]\n"
    with pytest.raises(YamlProblem, match="too many aliases"):
        parse_yaml(many)
    with pytest.raises(YamlProblem, match="an alias refers to a collection that contains it"):
        parse_yaml("a: &a [1, *a]\n")
    deep_by_alias = "a: &a " + "[" * 40 + "]" * 40 + "\nb: " + "[" * 40 + "*a" + "]" * 40 + "\n"
    with pytest.raises(YamlProblem, match="nested too deeply"):
        parse_yaml(deep_by_alias)


def _import(root: Path, fmt: str, file: Path, *options: str) -> tuple[int, str]:
    return run(root, "import", fmt, str(file), "--talk", "talk-a", *options)


def test_huge_csv_cell_fails_fast(tmp_path: Path) -> None:
    """Assert that a 131,000-character cell is refused before any pattern sees it."""
    root = make_archive(tmp_path / "archive")
    data = tmp_path / "big.csv"
    data.write_text("Frage;Name\n" + "a" * 131_000 + ";Eva\n", encoding="utf-8")
    code, output = _import(root, "csv", data)
    assert code == 1
    assert f"{data}:2: question is too long (131000 characters, at most 20000)" in output


def _chat_line(number: int, text: object, item: object = None) -> str:
    message = {"message": {"runs": [{"text": text}]}, "id": f"m{number}"}
    message["authorName"] = {"simpleText": "Eva"}
    entry = item if item is not None else {"liveChatTextMessageRenderer": message}
    action = {"addChatItemAction": {"item": entry}}
    return json.dumps({"replayChatItemAction": {"actions": [action], "videoOffsetTimeMsec": "1"}})


def test_long_chat_message_fails_fast(tmp_path: Path) -> None:
    """Assert that a 100,000-character chat message is refused, not matched for minutes."""
    root = make_archive(tmp_path / "archive")
    data = tmp_path / "chat.live_chat.json"
    data.write_text(_chat_line(1, "Wie? " + "? " * 50_000 + "x") + "\n", encoding="utf-8")
    code, output = _import(root, "live-chat", data)
    assert code == 1
    assert f"{data}:1: chat message is too long (100006 characters, at most 20000)" in output


def test_patterns_run_in_linear_time(tmp_path: Path) -> None:
    """Assert that the default pattern and `(a+)+$` finish on messages made to backtrack."""
    root = make_archive(tmp_path / "archive")
    data = tmp_path / "chat.live_chat.json"
    lines = [_chat_line(n, "?" + " ?" * 9_000 + " x") for n in range(100)]
    lines += [_chat_line(100 + n, "a" * 19_000 + "!") for n in range(100)]
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _import(root, "live-chat", data, "--dry-run")[0] == 0
    code, output = _import(root, "live-chat", data, "--dry-run", "--question-pattern", "(a+)+$")
    assert code == 0
    assert "0 new" in output


def test_pattern_that_needs_backtracking_is_a_usage_error(tmp_path: Path) -> None:
    """Assert that a backreference is refused with a clean usage error."""
    root = make_archive(tmp_path / "archive")
    data = tmp_path / "chat.live_chat.json"
    data.write_text(_chat_line(1, "Frage?") + "\n", encoding="utf-8")
    code, output = _import(root, "live-chat", data, "--question-pattern", r"(a)\1")
    assert code == 2
    assert (
        r"--question-pattern '(a)\\1' cannot be run in linear time (invalid escape sequence: \1); "
        "backreferences and lookaround are not supported"
    ) in output


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (_chat_line(1, "x", item=[]), "'item' must be an object, not list"),
        (_chat_line(1, ["Frage?"]), "'text' must be text, not list"),
        (json.dumps({"replayChatItemAction": {"actions": "x"}}), "'actions' must be a list, not str"),
        (json.dumps({"replayChatItemAction": []}), "'replayChatItemAction' must be an object, not list"),
    ],
    ids=["item", "text", "actions", "replay"],
)  # fmt: skip
def test_live_chat_of_the_wrong_shape(tmp_path: Path, line: str, expected: str) -> None:
    """Assert that wrong JSON types give `path:line: message`, not an AttributeError."""
    root = make_archive(tmp_path / "archive")
    data = tmp_path / "chat.live_chat.json"
    data.write_text(line + "\n", encoding="utf-8")
    code, output = _import(root, "live-chat", data)
    assert code == 1
    assert f"{data}:1: is not a yt-dlp live chat (*.live_chat.json): {expected}" in output


@pytest.fixture
def endless(tmp_path: Path) -> Iterator[Path]:
    """A FIFO that a thread keeps filling: a file whose `stat()` says it is empty."""
    fifo = tmp_path / "endless.csv"
    os.mkfifo(fifo)
    stop = threading.Event()

    def fill() -> None:
        try:
            with fifo.open("wb") as stream:
                stream.write(b"Frage;Name\n")
                while not stop.is_set():
                    stream.write(b"Wie schnell?;Eva\n" * 65_536)
        except (BrokenPipeError, OSError):
            pass

    writer = threading.Thread(target=fill, daemon=True)
    writer.start()
    yield fifo
    stop.set()
    with contextlib.suppress(OSError):  # a writer still waiting in open() needs a reader
        os.close(os.open(fifo, os.O_RDONLY | os.O_NONBLOCK))
    writer.join(timeout=5)


def test_endless_stream_is_cut_at_the_limit(tmp_path: Path, endless: Path) -> None:
    """Assert that an import from a FIFO stops at the size limit instead of filling memory."""
    root = make_archive(tmp_path / "archive")
    code, output = _import(root, "csv", endless)
    assert code == 1
    assert f"{endless}:1: file is too large (200000001 bytes, at most 200000000)" in output


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_dev_zero_is_cut_at_the_limit(tmp_path: Path) -> None:
    """Assert that `import csv /dev/zero` ends with a clean problem."""
    code, output = _import(make_archive(tmp_path), "csv", Path("/dev/zero"))
    assert code == 1
    assert "/dev/zero:1: file is too large (200000001 bytes, at most 200000000)" in output


def _alarm(seconds: int) -> None:
    def fail(signum: int, frame: object) -> None:
        raise TimeoutError(f"took more than {seconds} s")

    signal.signal(signal.SIGALRM, fail)
    signal.alarm(seconds)


def test_caption_and_metadata_readers_stop_at_their_limit(tmp_path: Path) -> None:
    """Assert that captions and yt-dlp info JSON from a stream are cut at their size limit."""
    _alarm(TIMEOUT)
    try:
        for name in ("t.vtt", "info.json"):
            fifo = tmp_path / name
            os.mkfifo(fifo)
            threading.Thread(target=_fill_until_closed, args=(fifo,), daemon=True).start()
        found = transcripts.read(tmp_path, "t.vtt").problems
        info, problems = cache.read_info(tmp_path / "info.json", "info.json")
    finally:
        signal.alarm(0)
    assert [str(p) for p in found] == [
        f"t.vtt:1: captions file is too large ({transcripts.MAX_BYTES + 1} bytes)"
    ]
    assert (info, [str(p) for p in problems]) == (
        None,
        [f"info.json:1: metadata file is too large ({cache.MAX_INFO_BYTES + 1} bytes)"],
    )


def _fill_until_closed(fifo: Path) -> None:
    try:
        with fifo.open("wb") as stream:
            while True:
                stream.write(b"WEBVTT\n\n" * 8192)
    except OSError:
        pass


def _word(number: int) -> str:
    """A made-up word per number, so that the comments are no near-duplicates of each other."""
    letters = ""
    while number or not letters:
        number, digit = divmod(number, 26)
        letters += "abcdefghijklmnopqrstuvwxyz"[digit]
    return letters + "en"


def test_many_comments_are_found_in_one_pass(tmp_path: Path) -> None:
    """Assert that 20,000 WordPress comments (2 MB) import in time: lines are found in one pass."""
    comments = "".join(
        f"<wp:comment><wp:comment_id>{n}</wp:comment_id>"
        f"<wp:comment_approved>1</wp:comment_approved>"
        f"<wp:comment_content><![CDATA[Was ist {_word(n)} {_word(n * 7919)}?]]></wp:comment_content>"
        "</wp:comment>\n"
        for n in range(20_000)
    )
    data = tmp_path / "blog.xml"
    data.write_text(
        '<?xml version="1.0"?>\n<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel>'
        f"<item><title>T</title><wp:post_id>1</wp:post_id>\n{comments}</item></channel></rss>\n",
        encoding="utf-8",
    )
    code, output = _import(make_archive(tmp_path / "archive"), "wxr", data, "--dry-run")
    assert code == 0
    assert "dry run, nothing written: 20000 new" in output


def test_long_signature_line_is_refused_before_matching(tmp_path: Path) -> None:
    """Assert that a 1 MB last line of spaces is refused, not backtracked over for hours."""
    data = tmp_path / "mails.txt"
    data.write_text("Wie schnell?\n-- Eva" + " " * 1_000_000 + "x\n", encoding="utf-8")
    code, output = _import(make_archive(tmp_path / "archive"), "text", data, "--dry-run")
    assert code == 1
    assert f"{data}:2: line is too long (1000007 characters, at most 20000)" in output


def test_signature_after_long_spaces_is_read(tmp_path: Path) -> None:
    """Assert that a signature line within the limit is still matched, in linear time."""
    data = tmp_path / "mails.txt"
    data.write_text("Wie schnell?\n-- Eva" + " " * 19_000 + "x\n", encoding="utf-8")
    code, output = _import(make_archive(tmp_path / "archive"), "text", data, "--dry-run")
    assert code == 0
    assert "1 new" in output


def test_cue_text_with_an_arrow_is_kept_with_a_warning() -> None:
    """Assert that a cue whose text holds `-->` is kept (as `->`) and named in a warning."""
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA --> B\n\n00:00:03.000 --> 00:00:04.000\nok\n"
    found = transcripts.parse(text, "c.vtt")
    assert [c.text for c in found.cues] == ["A -> B", "ok"]
    assert [str(p) for p in found.problems] == [
        "c.vtt:4: cue text contains '-->', which WebVTT does not allow; shown as '->'"
    ]


def test_value_limit_just_under_and_just_over(monkeypatch: pytest.MonkeyPatch) -> None:
    """Assert that a document of MAX_NODES values is read and one value more is refused at
    the line of the value that is one too many."""
    monkeypatch.setattr(yamlio, "MAX_NODES", 10)
    assert parse_yaml("- a\n" * 9) == ["a"] * 9  # the list and 9 values
    with pytest.raises(YamlProblem) as refused:
        parse_yaml("- a\n" * 10)
    assert (refused.value.line, refused.value.message) == (10, "too many values (more than 10)")
    with pytest.raises(YamlProblem, match=r"too many values \(more than 10\)"):
        parse_yaml("[" + "a," * 20 + "a]")


def test_asterisks_in_text_keep_the_fast_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    """Assert that `*` in text (`*args` in a title) is parsed by libyaml, while an alias still
    goes through the counting loader."""
    fields = 'title: "*args and **kwargs"\nnote: 2 * 3\n'
    expected = {"title": "*args and **kwargs", "note": "2 * 3"}
    monkeypatch.setattr(yamlio, "_Loader", None)  # the counting loader would fail now
    assert parse_yaml(fields) == expected
    with pytest.raises(TypeError):
        parse_yaml("a: &a [1]\nb: *a\n")


def test_alias_bomb_in_tagged_collections_is_refused() -> None:
    """Assert that aliases inside `!!omap` and `!!set` are counted too (libyaml hands such
    collections to the constructor, which would share them uncounted)."""
    lines = ["a0: &a0 !!set {x, y}"]
    for level in range(1, 9):
        pairs = ", ".join(f"k{i}: *a{level - 1}" for i in range(9))
        lines.append(f"a{level}: &a{level} !!omap [{pairs}]")
    with pytest.raises(YamlProblem, match="aliases expand to too much"):
        parse_yaml("\n".join(lines) + "\n")


LARGE_PAD = "#" * 600_000 + "\n"  # a comment that makes a text large (over 500,000 characters)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("- a\n" * 1_000_001, 1_000_000, "too many values (more than 1,000,000)"),  # + the list
        ("[" + "a," * 1_000_001 + "a]", 1, "too many values (more than 1,000,000)"),
        (
            "talks:\n" + "".join(f"  k{i}: v\n" for i in range(100_000)) + "  bad: [\n",
            100_003,
            "malformed YAML: did not find expected node content",
        ),
        (
            LARGE_PAD + "a: &a [x]\n" + "".join(f"k{i}: *a\n" for i in range(MAX_ALIASES + 1)),
            MAX_ALIASES + 3,
            f"too many aliases (more than {MAX_ALIASES}); write the values out",
        ),
        (
            LARGE_PAD
            + "a0: &a0 [x, y]\n"
            + "".join(f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]\n" for n in range(1, 9)),
            8,
            "aliases expand to too much (more than 1,000,000 values and characters); "
            "write the values out",
        ),
        (LARGE_PAD + 'x: "a\\0b"\n', 2, yamlio.NUL_MESSAGE),
        (LARGE_PAD + "[" * 70 + "]" * 70 + "\n", 2, "nested too deeply (more than 64 levels)"),
        (LARGE_PAD + "a: &a [*a]\n", 2, "an alias refers to a collection that contains it"),
    ],
    ids=["values", "flow values", "syntax", "aliases", "alias bomb", "NUL", "depth", "cycle"],
)
def test_a_large_hostile_text_is_refused_without_the_slow_loader(
    monkeypatch: pytest.MonkeyPatch, text: str, line: int, message: str
) -> None:
    """Assert that a text over 500,000 characters is refused at the right line from libyaml's
    events, never by the pure-Python loader (17 s of CPU for a million values)."""

    def slow(text: str, first_line: int) -> None:
        raise AssertionError("the pure-Python loader was used")

    monkeypatch.setattr(yamlio, "_parse_checked", slow)
    with pytest.raises(YamlProblem) as refused:
        parse_yaml(text)
    assert (refused.value.line, refused.value.message) == (line, message)


def test_a_large_text_with_merge_keys_and_aliases_reads_as_a_small_one() -> None:
    """Assert that a text over 500,000 characters with `<<: *defaults` and aliases gives what
    the pure-Python loader gives."""
    body = "defaults: &d {event: genf, language: de}\n" + "".join(
        f"t{i}: {{<<: *d, title: 'Talk {i}'}}\n" for i in range(150)
    )
    large = parse_yaml(LARGE_PAD + body)
    assert large == yamlio._parse_checked(body, 1)
    assert large["t149"] == {"event": "genf", "language": "de", "title": "Talk 149"}


FRONT = "---\nquestion: Wie schnell?\nstatus: collected\n---\n"


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        (
            "Einleitung\n\n" + "[" * 4_000,
            7,
            "the Markdown text has brackets that take too long to match: this '[' has no ']' "
            "in its paragraph, or one far away; write \\[ for a bracket that opens no link",
        ),
        (
            "[a](" * 5_000,
            5,
            "the Markdown text has brackets that take too long to match: this '[' has no ']' "
            "in its paragraph, or one far away; write \\[ for a bracket that opens no link",
        ),
        ("Wort " * 4_001, 5, "the Markdown text is too long (20,005 characters, at most 20,000)"),
    ],
    ids=["brackets", "links", "long"],
)
def test_markdown_that_would_take_minutes_is_refused(
    tmp_path: Path, body: str, line: int, message: str
) -> None:
    """Assert that a question's Markdown of `[` 4,000 times (30 s and more to convert), of
    `[a](` 5,000 times (never ended) or over 20,000 characters is one problem at its line, and
    generate writes nothing."""
    root = make_archive(tmp_path, {QUESTION: FRONT + body + "\n"})
    code, output = run(root, "generate")
    assert code == 1
    assert f"{QUESTION}:{line}: {message}" in output
    assert not (root / "site_src" / "talks").exists()


def test_markdown_with_links_and_escaped_brackets_is_kept(tmp_path: Path) -> None:
    """Assert that ordinary Markdown - links, images, escaped and lone brackets - passes."""
    body = (
        "Siehe [das Datenblatt](https://example.org/a.pdf) und ![Foto](bild.jpg).\n\n"
        + "\\[" * 3_000
        + "\n\nEin [ allein, ein ] allein, (Klammern) und [Text] [mit](x) [Links](y).\n"
    )
    root = make_archive(tmp_path, {QUESTION: FRONT + body})
    code, output = run(root, "check")
    assert code == 0, output
