"""Disqus import: one thread's posts; spam, deleted and chatter replies skipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import ContentError
from generator.pipeline import generate as pipeline
from tests.helpers.importing import archive, new_files, run_import, snapshot


def test_disqus_imports_visible_posts_of_one_thread(tmp_path: Path) -> None:
    """Assert that spam, deleted posts, replies without a question and other threads are skipped."""
    root = archive(tmp_path)
    assert run_import(root, "disqus", "disqus.xml", "--post", "live-talk-design") == 0
    files = new_files(root)
    assert sorted(files) == [
        "und-gibt-es-sie-auch-in.md",
        "woher-kommt-die-farbe-gletscherblau-gruesse.md",
        "woher-kommt-eigentlich-die-farbe-gletscherblau.md",
    ]
    assert files["woher-kommt-die-farbe-gletscherblau-gruesse.md"] == (
        "---\n"
        'question: "Woher kommt die Farbe Gletscherblau? Grüße aus Köln 👋"\n'
        'asked_by: "Ilse K."\n'
        "channel: blog\n"
        "asked_at: 2013-03-02T10:15:00+00:00\n"
        "status: collected\n"
        'source: "disqus-900101"\n'
        "---\n"
    )
    assert (
        "merged_into: woher-kommt-die-farbe-gletscherblau-gruesse\n"
        in files["woher-kommt-eigentlich-die-farbe-gletscherblau.md"]
    )
    pipeline.build_archive(root)


def test_disqus_thread_by_link_and_reply_without_name(tmp_path: Path) -> None:
    """Assert that --post takes the thread link and a name that is an address is dropped."""
    root = archive(tmp_path)
    run_import(
        root,
        "disqus",
        "disqus.xml",
        "--post",
        "https://blog.nordwerk.example/2013/03/live-talk-design/",
    )
    reply = new_files(root)["und-gibt-es-sie-auch-in.md"]
    assert 'question: "Und gibt es sie auch in Mattschwarz? Schreib mir: [entfernt]"\n' in reply
    assert "asked_by" not in reply


def test_disqus_needs_a_thread_when_there_are_several(tmp_path: Path) -> None:
    """Assert that without --post the threads with posts are listed and nothing is written."""
    root = archive(tmp_path)
    before = snapshot(root)
    with pytest.raises(ContentError) as caught:
        run_import(root, "disqus", "disqus.xml")
    assert str(caught.value).endswith(
        "disqus.xml:1: choose the thread with --post ID, LINK or TITLE; threads with posts: 7001 ('Live-Talk: Design der Studie'); 7002 ('Impressum')"
    )
    assert snapshot(root) == before


def test_disqus_refuses_entities(tmp_path: Path) -> None:
    """Assert that an external entity in a Disqus file is refused before anything is read."""
    with pytest.raises(ContentError) as caught:
        run_import(archive(tmp_path), "disqus", "xxe.xml")
    assert "xxe.xml:3: refused: the XML declares entities" in str(caught.value)
