"""CSV import: German Excel files, BOM, column mapping, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import ContentError
from generator.pipeline import generate as pipeline
from tests.helpers.importing import archive, new_files, run_import, snapshot


def test_semicolon_csv_becomes_valid_questions(tmp_path: Path) -> None:
    """Assert that a `;` separated CSV imports into questions the real pipeline accepts."""
    root = archive(tmp_path)
    assert run_import(root, "csv", "fragen.csv") == 0
    files = new_files(root)
    assert sorted(files) == [
        "fett-und-markdown-und-link-javascript.md",
        "mehrzeilige-frage-geht-das-auch-mit.md",
        "warum-ist-der-aussenspiegel-so-klein.md",
        "wie-laut-sind-die-windgeraeusche-bei.md",
        "wie-wichtig-ist-eigentlich-der-cw.md",
    ]
    assert files["wie-laut-sind-die-windgeraeusche-bei.md"] == (
        "---\n"
        'question: "Wie laut sind die Windgeräusche bei 130 km/h? 🚗"\n'
        'asked_by: "Fritzi"\n'
        "channel: form\n"
        "asked_at: 2013-03-01T14:03:00+01:00\n"
        "status: collected\n"
        "votes: 12\n"
        'source: "csv-14ecb708422c"\n'
        "---\n"
    )
    archive_model = pipeline.build_archive(root)
    assert len(archive_model.questions["talk-a"]) == 6


def test_bom_csv_with_comma_and_mapping(tmp_path: Path) -> None:
    """Assert that a UTF-8-BOM, `,` separated CSV with CRLF is read through --map."""
    root = archive(tmp_path)
    mapping = "question=Ihre Frage,asked_by=Ihr Name,asked_at=Zeitstempel"
    assert run_import(root, "csv", "formular-bom.csv", "--map", mapping) == 0
    files = new_files(root)
    assert files["wie-stark-bremst-der-heckspoiler-wenn.md"].startswith(
        '---\nquestion: "Wie stark bremst der Heckspoiler, wenn er ausfährt?"\n'
        'asked_by: "Grete"\nchannel: form\nasked_at: 2013-03-02T18:00:00+01:00\n'
    )
    kombi = files["gibt-es-die-studie-auch-als.md"]
    assert 'question: "Gibt es die Studie auch als Kombi? Schreibt mir an [entfernt]"' in kombi
    assert "asked_by" not in kombi
    pipeline.build_archive(root)


def test_channel_option_sets_the_channel(tmp_path: Path) -> None:
    """Assert that --channel replaces the csv default channel `form`."""
    root = archive(tmp_path)
    run_import(root, "csv", "fragen.csv", "--channel", "facebook")
    assert all("\nchannel: facebook\n" in text for text in new_files(root).values())


@pytest.mark.parametrize(
    ("fixture", "options", "message"),
    [
        (
            "fehlende-spalte.csv",
            (),
            "fehlende-spalte.csv:1: no question column; name it with --map question=COLUMN (the columns are: Name, Datum)",
        ),
        (
            "fragen.csv",
            ("--map", "question=Fragen"),
            "fragen.csv:1: no column 'Fragen' (mapped to question by --map); the columns are: Frage, Name, Datum, Stimmen, E-Mail",
        ),
        ("leere-frage.csv", (), "leere-frage.csv:3: empty question: there is no text to import"),
        (
            "blog.wxr.xml",
            (),
            "blog.wxr.xml:1: looks like XML, not CSV: use the format wxr or disqus",
        ),
        (
            "stream.live_chat.json",
            (),
            "stream.live_chat.json:1: looks like JSON, not CSV: use the format live-chat",
        ),
    ],
)
def test_bad_csv_names_file_and_line_and_writes_nothing(
    tmp_path: Path, fixture: str, options: tuple[str, ...], message: str
) -> None:
    """Assert that bad CSV input gives the exact message with file and line, writing nothing."""
    root = archive(tmp_path)
    before = snapshot(root)
    with pytest.raises(ContentError) as caught:
        run_import(root, "csv", fixture, *options)
    assert str(caught.value).endswith("/fixtures/import/" + message)
    assert snapshot(root) == before


def test_bad_vote_count_names_the_line(tmp_path: Path) -> None:
    """Assert that a vote count that is no number is reported at its row's line."""
    root = archive(tmp_path)
    bad = tmp_path / "bad.csv"
    bad.write_text('Frage;Stimmen\n"Eins?";3\n"Zwei\nZeilen?";viele\n', encoding="utf-8")
    argv = ["csv", str(bad), "--talk", "talk-a"]
    from generator.cli import import_questions as verb_import
    from tests.helpers.importing import _run

    with pytest.raises(ContentError) as caught:
        _run(verb_import.add_arguments, verb_import.run, root, argv)
    assert str(caught.value) == f"{bad}:3: votes must be a whole number, not 'viele'"
