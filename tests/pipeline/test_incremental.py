"""Regenerating after no change writes nothing; after one edit, only the files that show it.

An archive of two talks on disk; `pipeline.generate` runs three times and its WriteReport says
exactly which files were rewritten.
"""

from __future__ import annotations

from pathlib import Path

from generator.pipeline import generate as pipeline
from tests.helpers import ondisk
from tests.helpers.ondisk import make_archive, question

VIDEOS = (
    ondisk.VIDEOS
    + """\
- id: talk-b
  title: Talk B
  url: https://www.youtube.com/watch?v=bcdefghijkl
  date: 2013-03-06
  event: show
  experts: [ben]
"""
)
FILES: dict[str, str | None] = {
    "videos.yml": VIDEOS,
    "content/experts/ben.md": "---\nname: Ben Beispiel\n---\n",
    "content/.cache/talk-b.info.json": '{"id": "bcdefghijkl", "extractor_key": "Youtube", "duration": 900}',
    "content/talks/talk-a/offen.md": question(
        question='"Wann kommt der Kombi?"', tags="[reichweite]"
    ),
    "content/talks/talk-b/farbe.md": question(
        question='"Warum grau?"', answer="{start: 61}", tags="[design]"
    )
    + "Weil es sich gut verkauft.\n",
}


def _archive(tmp_path: Path) -> Path:
    root = make_archive(tmp_path, FILES)
    pipeline.generate(root)
    return root


def _edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / "content" / "talks" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_regenerating_an_unchanged_archive_writes_nothing(tmp_path: Path) -> None:
    """Assert that a second generate without changes writes and deletes no file."""
    root = _archive(tmp_path)
    report = pipeline.generate(root)
    assert (report.written, report.deleted) == ((), ())
    assert len(report.unchanged) > 20


def test_editing_an_answer_summary_rewrites_its_talk_page_and_feeds(tmp_path: Path) -> None:
    """Assert that a changed answer summary rewrites its talk page and what quotes the summary."""
    root = _archive(tmp_path)
    _edit(root, "talk-a/cw-wert.md", "Sehr wichtig.", "Sehr, sehr wichtig.")
    report = pipeline.generate(root)
    assert report.written == (
        "archive.json",
        "feeds/answers.xml",
        "feeds/experts/anna.xml",
        "feeds/tags/aerodynamik.xml",
        "talks/talk-a.md",
    )
    assert report.deleted == ()


def test_editing_an_answered_question_rewrites_the_pages_listing_it(tmp_path: Path) -> None:
    """Assert that a changed answered question rewrites its talk, tag and expert pages only."""
    root = _archive(tmp_path)
    _edit(root, "talk-a/cw-wert.md", "Wie wichtig ist der cw-Wert?", "Wie wichtig ist cw?")
    report = pipeline.generate(root)
    assert [key for key in report.written if key.endswith(".md")] == [
        "experts/anna.md",
        "tags/aerodynamik.md",
        "talks/talk-a.md",
    ]
    assert [key for key in report.written if not key.endswith(".md")] == [
        "archive.json",
        "feeds/answers.xml",
        "feeds/experts/anna.xml",
        "feeds/tags/aerodynamik.xml",
    ]


def test_editing_an_open_question_rewrites_the_open_questions_page(tmp_path: Path) -> None:
    """Assert that a changed open question rewrites its talk, tag and open-questions pages."""
    root = _archive(tmp_path)
    _edit(root, "talk-a/offen.md", "Wann kommt der Kombi?", "Wann kommt der Van?")
    report = pipeline.generate(root)
    assert report.written == (
        "archive.json",
        "questions/open.md",
        "tags/reichweite.md",
        "talks/talk-a.md",
    )
