"""WordPress (WXR) import: one post's visitor comments, nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import ContentError
from generator.models import Status
from generator.pipeline import generate as pipeline
from tests.helpers.importing import archive, new_files, run_import, snapshot


def test_wxr_imports_approved_visitor_comments_only(tmp_path: Path) -> None:
    """Assert that spam, pending, pingbacks, trackbacks, staff and '+1' replies are left out."""
    root = archive(tmp_path)
    assert run_import(root, "wxr", "blog.wxr.xml", "--post", "live-talk-aerodynamik") == 0
    sources = sorted(
        t.split("source: ")[1].strip().split("\n")[0] for t in new_files(root).values()
    )
    assert sources == [
        '"wp-comment-1234"',
        '"wp-comment-1240"',
        '"wp-comment-1242"',
        '"wp-comment-1244"',
    ]
    pipeline.build_archive(root)


def test_wxr_html_becomes_text_and_times_are_utc(tmp_path: Path) -> None:
    """Assert that comment HTML is reduced to text (scripts dropped) and GMT dates are kept."""
    root = archive(tmp_path)
    run_import(root, "wxr", "blog.wxr.xml", "--post", "118")
    files = new_files(root)
    assert files["faehrt-der-spoiler-automatisch-aus.md"] == (
        "---\n"
        'question: "Fährt der Spoiler automatisch aus? 🚀"\n'
        'asked_by: "Lukas 🚀"\n'
        "channel: blog\n"
        "asked_at: 2013-03-02T07:00:00+00:00\n"
        "status: collected\n"
        'source: "wp-comment-1242"\n'
        "---\n"
    )
    dach = files["wie-viel-reichweite-kostet-ein-dachtraeger.md"]
    assert (
        'question: "Wie viel Reichweite kostet ein Dachträger & Fahrradträger? Mein Server [entfernt] sagt 10 %."'
        in dach
    )
    assert "asked_by" not in dach  # the name was an obfuscated e-mail address


def test_wxr_duplicate_of_existing_question_is_merged(tmp_path: Path) -> None:
    """Assert that a comment repeating an existing question is proposed as merged into it."""
    root = archive(tmp_path)
    run_import(root, "wxr", "blog.wxr.xml", "--post", "Live-Talk: Fragen zur Aerodynamik")
    questions = {q.id: q for q in pipeline.build_archive(root).questions["talk-a"]}
    mario = questions["wie-wichtig-ist-der-cw-wert"]
    assert (mario.status, mario.merged_into, mario.asked_by) == (Status.MERGED, "cw-wert", "Mario")


@pytest.mark.parametrize(
    ("fixture", "options", "message"),
    [
        (
            "blog.wxr.xml",
            (),
            "blog.wxr.xml:1: choose the post with --post ID, SLUG or TITLE; posts with comments: 118 'live-talk-aerodynamik' ('Live-Talk: Fragen zur Aerodynamik'); 119 'anfahrt' ('Genf 2013: Anfahrt')",
        ),
        (
            "blog.wxr.xml",
            ("--post", "gibts-nicht"),
            "blog.wxr.xml:1: no post 'gibts-nicht'; posts with comments: 118 'live-talk-aerodynamik' ('Live-Talk: Fragen zur Aerodynamik'); 119 'anfahrt' ('Genf 2013: Anfahrt')",
        ),
        (
            "truncated.wxr.xml",
            ("--post", "118"),
            "truncated.wxr.xml:50: is not well-formed XML (unclosed CDATA section at column 33); is it a WordPress export (WXR)?",
        ),
        (
            "bomb.xml",
            (),
            "bomb.xml:3: refused: the XML declares entities (EntitiesForbidden); an export never does, so this may be an XML bomb or an external entity",
        ),
        (
            "xxe.xml",
            (),
            "xxe.xml:3: refused: the XML declares entities (EntitiesForbidden); an export never does, so this may be an XML bomb or an external entity",
        ),
        (
            "stream.live_chat.json",
            (),
            "stream.live_chat.json:1: is not well-formed XML (invalid token at column 1); is it a WordPress export (WXR)?",
        ),
        (
            "disqus.xml",
            (),
            "disqus.xml:1: is not a WordPress export (WXR): the root element is <disqus>, not <rss>",
        ),
    ],
)
def test_bad_wxr_names_file_and_line_and_writes_nothing(
    tmp_path: Path, fixture: str, options: tuple[str, ...], message: str
) -> None:
    """Assert that hostile or wrong XML gives the exact message and writes nothing."""
    root = archive(tmp_path)
    before = snapshot(root)
    with pytest.raises(ContentError) as caught:
        run_import(root, "wxr", fixture, *options)
    assert str(caught.value).endswith("/fixtures/import/" + message)
    assert snapshot(root) == before
