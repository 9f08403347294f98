"""Rules every import follows: privacy, idempotency, dry runs, merges, literal text."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import ContentError
from generator.pipeline import generate as pipeline
from generator.render import outputs as render
from tests.helpers.importing import PRIVATE, archive, new_files, run_import, snapshot

ALL = (
    ("csv", "fragen.csv", ()),
    (
        "csv",
        "formular-bom.csv",
        ("--map", "question=Ihre Frage,asked_by=Ihr Name,asked_at=Zeitstempel"),
    ),
    ("slido", "slido.csv", ()),
    ("wxr", "blog.wxr.xml", ("--post", "118")),
    ("disqus", "disqus.xml", ("--post", "7001")),
    ("live-chat", "stream.live_chat.json", ()),
    ("text", "mails.txt", ()),
)


def _import_all(root: Path, *extra: str) -> None:
    for fmt, fixture, options in ALL:
        assert run_import(root, fmt, fixture, *options, *extra) == 0


def test_no_contact_data_in_content_or_pages(tmp_path: Path) -> None:
    """Assert that no e-mail address, phone number or IP of the fixtures is in content/ or the pages."""
    root = archive(tmp_path)
    _import_all(root)
    written = "\n".join(b.decode("utf-8") for b in snapshot(root).values())
    pages = "\n".join(
        v for v in render.render(pipeline.build_archive(root)).values() if isinstance(v, str)
    )
    assert len(new_files(root)) == 25
    for text in (written, pages):
        assert [p for p in PRIVATE if p in text] == []


def test_anonymous_stores_no_names(tmp_path: Path) -> None:
    """Assert that --anonymous writes no asked_by at all, in any format."""
    root = archive(tmp_path)
    _import_all(root, "--anonymous")
    assert [name for name, text in new_files(root).items() if "asked_by" in text] == []
    pipeline.build_archive(root)


def test_dry_run_writes_nothing_and_shows_the_plan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that --dry-run leaves content/ untouched and prints what it would do."""
    root = archive(tmp_path)
    before = snapshot(root)
    run_import(root, "text", "mails.txt", "--dry-run")
    assert snapshot(root) == before
    assert capsys.readouterr().out == (
        "new: content/talks/talk-a/wie-wird-die-studie-im-winter.md: Wie wird die Studie im Winter beheizt, ohne dass die Reichweite leide… (Petra)\n"
        "new: content/talks/talk-a/hallo-ich-bin-klaus-tel-wird.md: Hallo, ich bin Klaus ([entfernt], Tel. [entfernt]). Wird es das Auto …\n"
        "new: content/talks/talk-a/wie-wichtig-ist-der-cw-wert.md: Wie wichtig ist der cw-Wert wirklich? (Ole)\n"
        "  merged into cw-wert as a duplicate (similarity 100); if they differ, set status: collected and delete merged_into\n"
        "dry run, nothing written: 3 new (1 merged as duplicates — review with `wunschzeit questions talk-a`), 0 skipped\n"
    )


def test_reimport_creates_nothing_and_keeps_edits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that importing everything twice adds nothing and leaves an edited question byte-for-byte."""
    root = archive(tmp_path)
    _import_all(root)
    edited = root / "content/talks/talk-a/wie-laut-sind-die-windgeraeusche-bei.md"
    edited.write_text(
        edited.read_text(encoding="utf-8").replace("Wie laut", "Wie laut (redigiert)") + "Notiz.\n",
        encoding="utf-8",
    )
    renamed = root / "content/talks/talk-a/kombi.md"
    (root / "content/talks/talk-a/gibt-es-die-studie-auch-als.md").rename(renamed)
    before = snapshot(root)
    capsys.readouterr()
    _import_all(root)
    assert snapshot(root) == before
    assert capsys.readouterr().out.splitlines() == [
        "0 new, 5 skipped (5 already imported)",
        "0 new, 2 skipped (2 already imported)",
        "0 new, 4 skipped (4 already imported)",
        "0 new, 11 skipped (4 already imported, 3 not a question, 2 staff, 1 spam, 1 not approved)",
        "0 new, 6 skipped (3 already imported, 1 not a question, 1 spam, 1 deleted before the export)",
        "0 new, 8 skipped (4 already imported, 2 not a question, 2 staff)",
        "0 new, 3 skipped (3 already imported)",
    ]


def test_markup_is_stored_literally(tmp_path: Path) -> None:
    """Assert that HTML and Markdown in a question are stored as typed and never rendered as markup."""
    root = archive(tmp_path)
    run_import(root, "csv", "fragen.csv")
    stored = new_files(root)["fett-und-markdown-und-link-javascript.md"]
    assert (
        'question: "<b>Fett</b> und **Markdown** und [Link](javascript:alert(1)) — ist das sicher?"\n'
        in stored
    )
    page = render.render(pipeline.build_archive(root))["talks/talk-a.md"]
    assert isinstance(page, str)
    assert "<b>Fett</b>" not in page and "](javascript:" not in page
    assert "&lt;b&gt;Fett&lt;/b&gt; und &#42;&#42;Markdown&#42;&#42;" in page


def test_unknown_talk_is_refused(tmp_path: Path) -> None:
    """Assert that importing into a talk missing from videos.yml names the known talks."""
    root = archive(tmp_path)
    before = snapshot(root)
    with pytest.raises(ContentError) as caught:
        run_import(root, "text", "mails.txt", "--talk", "talk-b")
    assert str(caught.value) == (
        "videos.yml:1: no talk with id 'talk-b' (known: talk-a); add it first or fix --talk"
    )
    assert snapshot(root) == before
