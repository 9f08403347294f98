"""Bad input in videos.yml and content/: every problem at once, as `path:line: message`."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import ContentError
from generator.pipeline.generate import build_archive
from tests.helpers.ondisk import QUESTION, VIDEOS, dedent, make_archive, question


def problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        build_archive(root)
    return [str(p) for p in info.value.problems]


def test_valid_archive_builds(tmp_path: Path) -> None:
    """Assert that the base archive of these tests is valid, so each test breaks one thing."""
    archive = build_archive(make_archive(tmp_path))
    q = archive.questions["talk-a"][0]
    assert (q.answer and q.answer.start.seconds, q.answer and q.answer.end) == (
        272,
        q.answer and q.answer.end,
    )
    assert q.answer is not None and q.answer.end is not None and q.answer.end.seconds == 370
    assert archive.talks[0].recording is not None
    assert archive.talks[0].recording.duration == 900


def test_malformed_yaml(tmp_path: Path) -> None:
    """Assert that malformed YAML in videos.yml names the line."""
    root = make_archive(
        tmp_path, {"videos.yml": "- id: talk-a\n  title: [unclosed\n  date: 2013-03-05\n"}
    )
    assert problems(root) == [
        "videos.yml:3: malformed YAML: expected ',' or ']', but got ':' "
        "(while parsing a flow sequence at line 2)",
    ]


def test_unclosed_quote_names_where_it_began(tmp_path: Path) -> None:
    """Assert that a quote left open names the end of the front matter and its first line."""
    text = '---\nquestion: "Kaputt?\nstatus: collected\n---\n'
    root = make_archive(tmp_path, {"content/talks/talk-a/kaputt.md": text})
    assert problems(root) == [
        "content/talks/talk-a/kaputt.md:4: malformed YAML: found unexpected end of stream "
        "(while scanning a quoted scalar at line 2)",
    ]


def test_duplicate_key_in_mapping(tmp_path: Path) -> None:
    """Assert that a key twice in one mapping is an error, not a silent overwrite."""
    root = make_archive(tmp_path, {"videos.yml": VIDEOS + "  title: Again\n"})
    assert problems(root) == ["videos.yml:7: duplicate key 'title' (first at line 2)"]


def test_duplicate_talk_ids(tmp_path: Path) -> None:
    """Assert that two talks with one id are an error at the second."""
    root = make_archive(tmp_path, {"videos.yml": VIDEOS + "- id: talk-a\n  title: Zwei\n"})
    assert problems(root) == ["videos.yml:7: duplicate talk id 'talk-a' (first at line 1)"]


def test_all_problems_at_once_sorted(tmp_path: Path) -> None:
    """Assert that problems in several files are all reported, sorted by path and line."""
    root = make_archive(
        tmp_path,
        {
            "videos.yml": VIDEOS.replace("event: show", "event: messe").replace(
                "[anna]", "[anna, bert]"
            ),
            "content/talks/talk-a/zwei.md": question(question="Zwei?", status="answered"),
            "content/talks/talk-a/drei.md": question(question="Drei?", answer="{start: '4:75'}"),
        },
    )
    assert problems(root) == [
        "content/talks/talk-a/drei.md:3: 'start': not a timestamp: '4:75'; minutes and seconds go to 59",
        "content/talks/talk-a/zwei.md:3: status is 'answered' but there is no 'answer' with a start timestamp",
        "videos.yml:5: unknown event 'messe': no file content/events/messe.md",
        "videos.yml:6: unknown expert 'bert': no file content/experts/bert.md",
    ]


def test_unknown_references(tmp_path: Path) -> None:
    """Assert that unknown event, expert, answer.by and merge targets name file and line."""
    root = make_archive(
        tmp_path,
        {
            "videos.yml": VIDEOS.replace("event: show", "event: messe").replace(
                "[anna]", "[anna, bert]"
            ),
            "content/talks/talk-a/cw-wert.md": QUESTION.replace("by: [anna]", "by: [carla]"),
            "content/talks/talk-a/zwei.md": question(
                question="Zwei?", status="merged", merged_into="gibts-nicht"
            ),
        },
    )
    assert problems(root) == [
        "content/talks/talk-a/cw-wert.md:9: unknown expert 'carla' in answer.by: no file content/experts/carla.md",
        "content/talks/talk-a/zwei.md:4: merged into unknown question 'gibts-nicht': no file content/talks/talk-a/gibts-nicht.md",
        "videos.yml:5: unknown event 'messe': no file content/events/messe.md",
        "videos.yml:6: unknown expert 'bert': no file content/experts/bert.md",
    ]


def test_question_of_unknown_talk_and_misplaced_files(tmp_path: Path) -> None:
    """Assert that question files outside a known talk folder are errors."""
    root = make_archive(
        tmp_path,
        {
            "content/talks/gibts-nicht/frage.md": question(question="Wo?"),
            "content/talks/lose.md": question(question="Lose?"),
            "content/talks/talk-a/notiz.txt": "x",
            "content/talks/talk-a/tief/frage.md": question(question="Tief?"),
        },
    )
    assert problems(root) == [
        "content/talks/gibts-nicht/frage.md:1: question of unknown talk 'gibts-nicht': no entry with id 'gibts-nicht' in videos.yml",
        "content/talks/lose.md:1: unexpected file: questions are content/talks/<talk-id>/<question-id>.md",
        "content/talks/talk-a/notiz.txt:1: unexpected file: questions are content/talks/<talk-id>/<question-id>.md",
        "content/talks/talk-a/tief/frage.md:1: unexpected file: questions are content/talks/<talk-id>/<question-id>.md",
    ]


def test_timestamp_beyond_duration(tmp_path: Path) -> None:
    """Assert that an answer after the end of the recording is an error at its line."""
    root = make_archive(
        tmp_path, {"content/talks/talk-a/cw-wert.md": QUESTION.replace("end: 6:10", "end: 16:40")}
    )
    assert problems(root) == [
        "content/talks/talk-a/cw-wert.md:8: answer ends at 16:40, after the end of the recording (15:00)",
    ]


def test_negative_and_unparsable_timestamps(tmp_path: Path) -> None:
    """Assert that -1 and text are rejected at the line of the key."""
    root = make_archive(
        tmp_path,
        {
            "content/talks/talk-a/a.md": question(question="A?", answer="\n  start: -1"),
            "content/talks/talk-a/b.md": question(
                question="B?", answer="\n  start: gleich am Anfang"
            ),
            "content/talks/talk-a/c.md": question(
                question="C?", answer="\n  start: 5:00\n  end: 4:00"
            ),
        },
    )
    assert problems(root) == [
        "content/talks/talk-a/a.md:4: 'start': timestamp must not be negative: -1",
        "content/talks/talk-a/b.md:4: 'start': not a timestamp: 'gleich am Anfang'; use seconds (272), m:ss (4:32), h:mm:ss (1:04:32) or 1h4m32s",
        "content/talks/talk-a/c.md:5: answer ends at 4:00 before it starts at 5:00",
    ]


def test_missing_required_fields(tmp_path: Path) -> None:
    """Assert that a missing id, title, name or question is named."""
    root = make_archive(
        tmp_path,
        {
            "videos.yml": "- title: Ohne Id\n",
            "content/events/show.md": "---\nstart: 2013-03-05\n---\n",
            "content/experts/anna.md": "---\nrole: Leiterin\n---\n",
            "content/talks/talk-a/cw-wert.md": "---\nasked_by: Mario\n---\n",
        },
    )
    assert problems(root) == [
        "content/events/show.md:2: missing required field 'title'",
        "content/experts/anna.md:2: missing required field 'name'",
        "content/talks/talk-a/cw-wert.md:2: missing required field 'question'",
        "videos.yml:1: missing required field 'id'",
    ]


def test_status_contradicting_fields(tmp_path: Path) -> None:
    """Assert that a status that contradicts its fields is an error."""
    root = make_archive(
        tmp_path,
        {
            "content/talks/talk-a/a.md": question(question="A?", status="merged"),
            "content/talks/talk-a/b.md": question(
                question="B?", status="collected", answer="{start: 10}"
            ),
            "content/talks/talk-a/c.md": question(question="C?", merged_into="cw-wert"),
            "content/talks/talk-a/d.md": question(question="D?", status="declined"),
            "content/talks/talk-a/e.md": question(question="E?", status="beantwortet"),
        },
    )
    assert problems(root) == [
        "content/talks/talk-a/a.md:3: status is 'merged' but 'merged_into' names no question",
        "content/talks/talk-a/b.md:3: status is 'collected' but the question has an 'answer'; set status: answered",
        "content/talks/talk-a/c.md:3: 'merged_into' is set but status is 'collected'; set status: merged",
        "content/talks/talk-a/d.md:3: status is 'declined' but 'declined_reason' is missing; readers see the reason",
        "content/talks/talk-a/e.md:3: status: 'beantwortet' is not a status; use collected, answered, merged, declined",
    ]


def test_merge_chain(tmp_path: Path) -> None:
    """Assert that merging into a merged question names the final target."""
    root = make_archive(
        tmp_path,
        {
            "content/talks/talk-a/a.md": question(question="A?", status="merged", merged_into="b"),
            "content/talks/talk-a/b.md": question(
                question="B?", status="merged", merged_into="cw-wert"
            ),
        },
    )
    assert problems(root) == [
        "content/talks/talk-a/a.md:4: merged into 'b', which is merged itself; merge into 'cw-wert' instead",
    ]


@pytest.mark.parametrize("bad_id", ["../x", "Talk A", "talk_a", "/etc", "ä"])
def test_ids_must_be_slugs(tmp_path: Path, bad_id: str) -> None:
    """Assert that an id that is no slug (path tricks included) is rejected."""
    root = make_archive(
        tmp_path,
        {
            "videos.yml": VIDEOS.replace("id: talk-a", f"id: '{bad_id}'"),
            "content/talks/talk-a/cw-wert.md": None,
        },
    )
    assert problems(root) == [
        f"videos.yml:1: 'id' must be an id of a-z, 0-9 and '-', not {bad_id!r}",
    ]


def test_file_names_must_be_slugs(tmp_path: Path) -> None:
    """Assert that question and talk-folder names are checked like ids."""
    root = make_archive(
        tmp_path,
        {
            "content/talks/talk-a/Frage Eins.md": question(question="A?"),
            "content/experts/Anna_B.md": "---\nname: Anna\n---\n",
        },
    )
    assert problems(root) == [
        "content/experts/Anna_B.md:2: file name 'Anna_B' is no id: use a-z, 0-9 and '-' only",
        "content/talks/talk-a/Frage Eins.md:2: file name 'Frage Eins' is no id: use a-z, 0-9 and '-' only",
    ]


def test_unknown_field_suggests_the_known_one(tmp_path: Path) -> None:
    """Assert that a typo in a field name is caught with a suggestion."""
    root = make_archive(tmp_path, {"videos.yml": VIDEOS.replace("title:", "titel:")})
    assert problems(root) == ["videos.yml:2: unknown field 'titel'; did you mean 'title'?"]


def test_no_email_addresses_in_published_fields(tmp_path: Path) -> None:
    """Assert that an e-mail address in question or asked_by is refused."""
    root = make_archive(
        tmp_path,
        {
            "content/talks/talk-a/a.md": question(
                question='"Schreiben Sie mir: mario@example.org"',
                asked_by="mario.rossi@example.com",
            )
        },
    )
    assert problems(root) == [
        "content/talks/talk-a/a.md:2: 'question' contains an e-mail address; e-mail addresses are never published",
        "content/talks/talk-a/a.md:3: 'asked_by' contains an e-mail address; e-mail addresses are never published",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "Nur Text ohne Front Matter\n",
            "1: no front matter: the file must start with a line '---'",
        ),
        ("---\nquestion: offen\n", "1: front matter is not closed by a line '---'"),
        ("---\n- eine Liste\n---\n", "2: front matter must be fields ('key: value' lines)"),
        ("---\nquestion: a\nquestion: b\n---\n", "3: duplicate key 'question' (first at line 2)"),
        (
            "---\nquestion: !!python/object:os.system x\n---\n",
            "2: unsupported YAML: could not determine a constructor for the tag 'tag:yaml.org,2002:python/object:os.system'",
        ),
        ("---\n? [a, b]\n: c\n---\n", "2: keys must be text, not ['a', 'b']"),
        ("---\n1: a\n---\n", "2: keys must be text, not 1"),
    ],
)
def test_broken_front_matter(tmp_path: Path, text: str, message: str) -> None:
    """Assert that broken and hostile front matter gives one clear problem at its line."""
    root = make_archive(tmp_path, {"content/talks/talk-a/cw-wert.md": text})
    assert problems(root) == [f"content/talks/talk-a/cw-wert.md:{message}"]


def test_not_utf8_and_nul(tmp_path: Path) -> None:
    """Assert that binary or wrongly encoded files are named, not decoded into garbage."""
    root = make_archive(tmp_path)
    (root / "content/talks/talk-a/latin.md").write_bytes(b"---\nquestion: \xe4rger\n---\n")
    (root / "content/talks/talk-a/nul.md").write_bytes(b"---\nquestion: a\x00b\n---\n")
    assert problems(root) == [
        "content/talks/talk-a/latin.md:2: is not UTF-8 text; save it as UTF-8",
        "content/talks/talk-a/nul.md:2: contains a NUL character",
    ]


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    """Assert that a billion-laughs style YAML is refused instead of expanded."""
    lines = ['a0: &a0 ["lol"]'] + [
        f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 30)
    ]
    root = make_archive(
        tmp_path, {"content/talks/talk-a/cw-wert.md": "---\n" + "\n".join(lines) + "\n---\n"}
    )
    found = problems(root)
    assert len(found) == 1
    assert found[0].startswith("content/talks/talk-a/cw-wert.md:")
    assert found[0].endswith(
        "aliases expand to too much (more than 1,000,000 values and characters); "
        "write the values out"
    )


def test_videos_yml_wrong_shapes(tmp_path: Path) -> None:
    """Assert that videos.yml that is not a list of mappings is named."""
    assert problems(make_archive(tmp_path / "a", {"videos.yml": "id: talk-a\n"})) == [
        "videos.yml:1: must be a list of talks (lines with '- id:')",
    ]
    assert problems(make_archive(tmp_path / "b", {"videos.yml": "- talk-a\n"})) == [
        "videos.yml:1: talk 1 must be a mapping of fields",
    ]


def test_recording_url_must_be_web_or_archive_file(tmp_path: Path) -> None:
    """Assert that javascript: URLs, paths out of the archive and missing files are errors."""
    root = make_archive(
        tmp_path,
        {
            "videos.yml": dedent(
                """
                - id: talk-a
                  url: "javascript:alert(1)"
                - id: talk-b
                  url: ../geheim.mp4
                - id: talk-c
                  url: media/fehlt.mp4
                """
            ),
        },
    )
    assert problems(root) == [
        "videos.yml:2: 'url' must be an http(s) address or a media file in the archive such as media/talk.mp4, not 'javascript:alert(1)'",
        "videos.yml:4: 'url' must be an http(s) address or a media file in the archive such as media/talk.mp4, not '../geheim.mp4'",
        "videos.yml:6: recording file not found: media/fehlt.mp4",
    ]


def test_answer_without_recording_is_a_warning(tmp_path: Path) -> None:
    """Assert that an answer noted before the recording is published warns but builds."""
    root = make_archive(
        tmp_path,
        {"videos.yml": VIDEOS.replace("  url: https://www.youtube.com/watch?v=abcdefghijk\n", "")},
    )
    archive = build_archive(root)
    assert [str(w) for w in archive.warnings] == [
        "content/talks/talk-a/cw-wert.md:7: answered at 4:32, but talk 'talk-a' has no recording yet; the jump link appears once its url is set",
    ]


def test_answer_by_defaults_to_the_talks_experts(tmp_path: Path) -> None:
    """Assert that an answer without `by` is credited to the talk's experts."""
    root = make_archive(
        tmp_path, {"content/talks/talk-a/cw-wert.md": QUESTION.replace("  by: [anna]\n", "")}
    )
    q = build_archive(root).questions["talk-a"][0]
    assert q.answer is not None and q.answer.by == ("anna",)


def test_index_is_no_page_id(tmp_path: Path) -> None:
    """Assert that `index` as a talk, expert or event id is refused: it names an overview page."""
    root = make_archive(
        tmp_path,
        {
            "videos.yml": VIDEOS + "- id: index\n",
            "content/experts/index.md": "---\nname: Index\n---\n",
        },
    )
    assert problems(root) == [
        "content/experts/index.md:2: 'index' cannot be an id: it is the name of an overview page",
        "videos.yml:7: 'index' cannot be an id: it is the name of an overview page",
    ]


def test_misspelt_reference_gets_a_suggestion(tmp_path: Path) -> None:
    """Assert that an unknown expert id close to a known one names the known one."""
    root = make_archive(tmp_path, {"videos.yml": VIDEOS.replace("[anna]", "[ana]")})
    assert problems(root) == [
        "videos.yml:6: unknown expert 'ana': no file content/experts/ana.md; did you mean 'anna'?",
    ]
