"""What an import leaves out and says so: deleted questions (the ledger), the collection window,
consent columns, and every item a format skips, counted per reason and named with --verbose."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import UsageError
from generator.intake import ledger
from generator.intake import plan as intake
from generator.intake.formats import Incoming
from generator.pipeline import generate as pipeline
from tests.helpers import ondisk
from tests.helpers.importing import FIXTURES, archive, new_files, run_import, snapshot

TALK = Path("content/talks/talk-a")
CONSENT = (
    "Frage;Name;Einwilligung\n"
    "Wie laut ist es?;Anna;ja\n"
    "Wie schnell ist es?;Ben;nein\n"
    "Wie schwer ist es?;Cem;JA\n"
    "Wie teuer ist es?;Dora;\n"
)


def _last_line(capsys: pytest.CaptureFixture[str]) -> str:
    return capsys.readouterr().out.splitlines()[-1]


def test_deleted_question_stays_deleted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Assert that a re-import does not bring back a question file the editor deleted."""
    root = archive(tmp_path)
    run_import(root, "text", "mails.txt")
    (root / TALK / "hallo-ich-bin-klaus-tel-wird.md").unlink()
    before = snapshot(root)
    capsys.readouterr()
    run_import(root, "text", "mails.txt", "--dry-run")
    assert _last_line(capsys) == (
        "dry run, nothing written: 0 new, 3 skipped (2 already imported, 1 deleted by the editor)"
    )
    run_import(root, "text", "mails.txt")
    assert _last_line(capsys) == "0 new, 3 skipped (2 already imported, 1 deleted by the editor)"
    assert snapshot(root) == before


def test_ledger_lists_sources_and_is_no_question(tmp_path: Path) -> None:
    """Assert that .imported lists every imported source, sorted, and the site builds beside it."""
    root = archive(tmp_path)
    run_import(root, "text", "mails.txt")
    assert (root / TALK / ".imported").read_text(encoding="utf-8") == (
        ledger.HEADER + "text-a806b24b55c2\ntext-bb44fce78c26\ntext-bbc93636e63e\n"
    )
    questions = pipeline.build_archive(root).questions["talk-a"]
    assert len(questions) == 4  # cw-wert and the three imported; the ledger is no question


def test_deleting_a_ledger_line_imports_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that a source taken out of the ledger is imported again, as the ledger says."""
    root = archive(tmp_path)
    run_import(root, "text", "mails.txt")
    (root / TALK / "wie-wird-die-studie-im-winter.md").unlink()
    path = root / TALK / ".imported"
    path.write_text(path.read_text(encoding="utf-8").replace("text-bb44fce78c26\n", ""))
    capsys.readouterr()
    run_import(root, "text", "mails.txt")
    assert _last_line(capsys) == "1 new, 2 skipped (2 already imported)"
    assert "wie-wird-die-studie-im-winter.md" in new_files(root)


def test_ledger_starts_with_the_questions_already_there(tmp_path: Path) -> None:
    """Assert that an archive from before the ledger gets one with its questions' sources."""
    root = archive(tmp_path)
    run_import(root, "text", "mails.txt")
    (root / TALK / ".imported").unlink()
    run_import(root, "csv", "formular-bom.csv", "--map", "question=Ihre Frage")
    sources = ledger.read(root, "talk-a")
    assert len(sources) == 5 and "text-bb44fce78c26" in sources


def test_ledger_keeps_any_source_on_one_line(tmp_path: Path) -> None:
    """Assert that sources with line breaks, '#', spaces or backslashes read back as written."""
    odd = {"csv-a\nb", "#csv-1", " csv-2 ", "csv-\\u0041", "csv-\u2028x", "wp-comment-7"}
    text = ledger.text(odd)
    assert text.count("\n") == len(odd) + 2  # the header's two lines, one line each
    (tmp_path / "content/talks/t").mkdir(parents=True)
    (tmp_path / "content/talks/t/.imported").write_text(text, encoding="utf-8")
    assert ledger.read(tmp_path, "t") == odd


def test_plan_names_the_reason_of_each_skip() -> None:
    """Assert that the plan tells a question in the folder, a deleted one and a repeat apart."""
    known = [intake.Known("laut", "Wie laut ist es?", "s-1", None)]
    records = [
        Incoming("Wie laut ist es?", "s-1", "form", 2),
        Incoming("Wie schnell ist es?", "s-2", "form", 3),
        Incoming("Wie schwer ist es?", "s-3", "form", 4),
        Incoming("Wie schwer ist es?", "s-3", "form", 5),
    ]
    plan = intake.plan(records, known, "talk-a", "de", imported=frozenset({"s-1", "s-2"}))
    assert [(s.line, s.reason) for s in plan.skipped] == [
        (2, "already imported"),
        (3, "deleted by the editor"),
        (5, "duplicate in the file"),
    ]
    assert plan.ledger == {"s-1", "s-2", "s-3"}


def test_questions_outside_the_collection_window_are_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that rows asked before questions_open or after questions_close are not imported."""
    window = "  questions_open: 2013-03-02\n  questions_close: 2013-03-02\n"
    root = ondisk.make_archive(tmp_path / "archive", {"videos.yml": ondisk.VIDEOS + window})
    run_import(root, "csv", "fragen.csv", "-v")
    path = FIXTURES / "fragen.csv"
    assert capsys.readouterr().out.splitlines()[-4:] == [
        "2 new (1 merged as duplicates — review with `wunschzeit questions talk-a`), "
        "3 skipped (3 outside the collection window)",
        f"{path}:2: skipped: outside the collection window",
        f"{path}:5: skipped: outside the collection window",
        f"{path}:6: skipped: outside the collection window",
    ]
    assert sorted(new_files(root)) == [
        "warum-ist-der-aussenspiegel-so-klein.md",
        "wie-wichtig-ist-eigentlich-der-cw.md",
    ]


def test_require_imports_only_rows_with_consent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that --require COLUMN=VALUE keeps the rows with that value, in any case."""
    root = archive(tmp_path)
    export = tmp_path / "formular.csv"
    export.write_text(CONSENT, encoding="utf-8")
    run_import(root, "csv", str(export), "--require", "einwilligung=Ja", "--verbose")
    assert capsys.readouterr().out.splitlines()[-3:] == [
        "2 new, 2 skipped (2 no consent)",
        f"{export}:3: skipped: no consent",
        f"{export}:5: skipped: no consent",
    ]
    assert sorted(new_files(root)) == ["wie-laut-ist-es.md", "wie-schwer-ist-es.md"]


def test_require_names_the_columns_of_an_unknown_one(tmp_path: Path) -> None:
    """Assert that --require with a column the file lacks is a usage error naming the columns."""
    root = archive(tmp_path)
    export = tmp_path / "formular.csv"
    export.write_text(CONSENT, encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        run_import(root, "csv", str(export), "--require", "Consent=yes")
    assert str(caught.value) == (
        f"{export}:1: no column 'Consent' (named by --require); "
        "the columns are: Frage, Name, Einwilligung"
    )
    with pytest.raises(UsageError) as caught:
        run_import(root, "text", "mails.txt", "--require", "Consent=yes")
    assert str(caught.value) == "--require works with the formats csv and slido only"
    assert new_files(root) == {}


def test_verbose_names_each_skipped_comment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that -v gives `path:line: skipped: reason` for each comment left out, in file order."""
    run_import(archive(tmp_path), "wxr", "blog.wxr.xml", "--post", "118", "-v", "--dry-run")
    path = FIXTURES / "blog.wxr.xml"
    lines = capsys.readouterr().out.splitlines()
    assert lines[-8:] == [
        "dry run, nothing written: 4 new (1 merged as duplicates — review with "
        "`wunschzeit questions talk-a`), 7 skipped (3 not a question, 2 staff, 1 spam, "
        "1 not approved)",
        f"{path}:41: skipped: not a question",
        f"{path}:55: skipped: not a question",
        f"{path}:69: skipped: spam",
        f"{path}:83: skipped: not approved",
        f"{path}:97: skipped: staff",
        f"{path}:126: skipped: not a question",
        f"{path}:154: skipped: staff",
    ]
