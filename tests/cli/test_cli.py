"""Tests of the command line: exit codes, error output, what each verb writes."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest
from watchdog.events import (
    FileDeletedEvent,
    FileModifiedEvent,
    FileOpenedEvent,
    FileSystemEventHandler,
)

from generator import __version__
from generator.cli import main
from generator.errors import ContentError, Problem, WunschzeitError
from generator.models import Archive
from generator.pipeline import generate as pipeline
from generator.pipeline.write import WriteReport
from generator.site.init import init
from generator.site.serve import ChangeHandler, Regenerator
from tests.helpers.sample_site import copy_sample

BOOKKEEPING = {".gitignore", ".wunschzeit-state.json", ".wunschzeit-written.json"}


@pytest.fixture
def archive_root(tmp_path: Path) -> Path:
    """A small, valid archive made by `wunschzeit init`."""
    root = tmp_path / "archiv"
    init(root)
    for page in (root / "site_src").glob("*.md"):  # the imprint and privacy templates, filled in
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace("wunschzeit_template: true\n", ""), encoding="utf-8")
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as config:  # set before publishing
        config.write("site_url: https://example.org/archiv/\n")
    return root


OWN_PAGES = ["datenschutz.md", "impressum.md"]


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _with_warnings(monkeypatch: pytest.MonkeyPatch, *warnings: Problem) -> None:
    real = pipeline.build_archive

    def build_archive(root: Path, inputs: object = None, resident: object = None) -> Archive:
        return dataclasses.replace(real(root), warnings=warnings)

    monkeypatch.setattr(pipeline, "build_archive", build_archive)


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    """Assert that --version prints the package version and exits 0."""
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"wunschzeit {__version__}\n"


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """Assert that an unknown verb exits 2 with argparse's message."""
    assert main(["bauen"]) == 2
    assert "invalid choice: 'bauen'" in capsys.readouterr().err


def test_missing_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """Assert that calling without a verb exits 2."""
    assert main([]) == 2
    assert "required: COMMAND" in capsys.readouterr().err


def test_root_without_archive_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that --root pointing at a folder without videos.yml exits 2 and says why."""
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    assert main(["--root", str(tmp_path), "check"]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"wunschzeit: error: {tmp_path} is not a Wunschzeit archive (no videos.yml); "
        "use --root DIR, or `wunschzeit init DIR` to start one\n"
    )


def test_root_that_does_not_exist_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that a --root folder that does not exist exits 2."""
    assert main(["--root", str(tmp_path / "nirgends"), "build"]) == 2
    assert "no such folder" in capsys.readouterr().err


def test_content_errors_print_sorted_with_count(
    archive_root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that content errors exit 1 and print `path:line: message` sorted, then a count."""

    def broken(root: Path, inputs: object = None, resident: object = None) -> Archive:
        raise ContentError(
            [
                Problem("videos.yml", 12, "experts: unknown expert 'niemand'"),
                Problem("content/talks/a/b.md", 3, "answer.start: not a timestamp: 'x'"),
                Problem("videos.yml", 2, "id: duplicate 'a'"),
            ]
        )

    monkeypatch.setattr(pipeline, "build_archive", broken)
    assert main(["--root", str(archive_root), "build"]) == 1
    captured = capsys.readouterr()
    assert captured.err == (
        "content/talks/a/b.md:3: answer.start: not a timestamp: 'x'\n"
        "videos.yml:2: id: duplicate 'a'\n"
        "videos.yml:12: experts: unknown expert 'niemand'\n"
        "3 errors\n"
    )
    assert captured.out == ""
    assert sorted(_tree(archive_root / "site_src")) == OWN_PAGES
    assert not (archive_root / "site").exists()


def test_check_writes_nothing(archive_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Assert that `check` on a valid archive exits 0, reports counts and writes no file."""
    before = _tree(archive_root)
    assert main(["--root", str(archive_root), "check"]) == 0
    assert capsys.readouterr().out == "1 talk, 1 question (0 answered): no errors\n"
    assert _tree(archive_root) == before


def test_root_after_the_verb(archive_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Assert that --root is accepted after the verb as well."""
    assert main(["check", "--root", str(archive_root)]) == 0
    assert "no errors" in capsys.readouterr().out


def test_warnings_are_shown_but_pass_without_strict(
    archive_root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that warnings print as `path:line: warning: message` and do not fail `check`."""
    _with_warnings(monkeypatch, Problem("videos.yml", 20, "talk has no recording yet"))
    assert main(["--root", str(archive_root), "check"]) == 0
    assert capsys.readouterr().err == "videos.yml:20: warning: talk has no recording yet\n"


def test_strict_turns_warnings_into_errors(
    archive_root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that `build --strict` with warnings exits 1 and writes neither site_src/ nor site/."""
    _with_warnings(
        monkeypatch,
        Problem("videos.yml", 20, "talk has no recording yet"),
        Problem("content/talks/x/y.md", 4, "question asked after questions_close"),
    )
    assert main(["--root", str(archive_root), "build", "--strict"]) == 1
    assert capsys.readouterr().err == (
        "content/talks/x/y.md:4: warning: question asked after questions_close\n"
        "videos.yml:20: warning: talk has no recording yet\n"
        "2 warnings, treated as errors (--strict)\n"
    )
    assert sorted(_tree(archive_root / "site_src")) == OWN_PAGES
    assert not (archive_root / "site").exists()


def test_check_strict_with_warnings_exits_1(
    archive_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Assert that `check --strict` fails on a single warning."""
    _with_warnings(monkeypatch, Problem("videos.yml", 20, "talk has no recording yet"))
    assert main(["--root", str(archive_root), "check", "--strict"]) == 1


def test_generate_reports_and_then_finds_nothing_to_do(
    archive_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that `generate` writes site_src/ only and a second run finds nothing to do."""
    assert main(["--root", str(archive_root), "generate"]) == 0
    first = capsys.readouterr().out
    found = {p for p in _tree(archive_root / "site_src") if not p.startswith(".wunschzeit-cache/")}
    pages = found - BOOKKEEPING - set(OWN_PAGES)
    assert first == f"site_src/: {len(pages)} written, 0 deleted, 0 unchanged\n"
    assert not (archive_root / "site").exists()
    before = _tree(archive_root / "site_src")
    assert main(["--root", str(archive_root), "generate"]) == 0
    expected = (
        f"site_src/: nothing changed since the last run ({len(pages) + len(OWN_PAGES)} files)\n"
    )
    assert capsys.readouterr().out == expected
    assert _tree(archive_root / "site_src") == before


def test_build_writes_the_site(archive_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Assert that `build --strict` on a fresh archive exits 0 and builds site/index.html."""
    assert main(["--root", str(archive_root), "build", "--strict"]) == 0
    assert capsys.readouterr().out.endswith("site built: site/index.html\n")
    assert (archive_root / "site" / "index.html").is_file()
    assert (archive_root / "site" / "talks" / "erster-talk" / "index.html").is_file()
    assert [p.name for p in archive_root.iterdir() if p.name.startswith(".site")] == []


def test_mkdocs_failure_exits_1_and_keeps_the_old_site(
    archive_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that a failing MkDocs build exits 1 with a message and leaves site/ as it was."""
    assert main(["--root", str(archive_root), "build"]) == 0
    before = _tree(archive_root / "site")
    capsys.readouterr()
    config = archive_root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + "\nnot_a_mkdocs_option: 1\n", encoding="utf-8"
    )
    assert main(["--root", str(archive_root), "build", "--strict"]) == 1
    err = capsys.readouterr().err
    assert "mkdocs: warning: Config value 'not_a_mkdocs_option'" in err
    assert err.endswith("configuration warnings in 'strict' mode!\n")
    assert _tree(archive_root / "site") == before


def test_other_wunschzeit_errors_exit_1(
    archive_root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that a WunschzeitError outside the content prints `wunschzeit: error:` and exits 1."""

    def failing(root: Path, inputs: object = None, resident: object = None) -> Archive:
        raise WunschzeitError("cannot copy media/x.mp4: no such file")

    monkeypatch.setattr(pipeline, "build_archive", failing)
    assert main(["--root", str(archive_root), "generate"]) == 1
    assert capsys.readouterr().err == "wunschzeit: error: cannot copy media/x.mp4: no such file\n"


# --- serve: the regeneration behind the live preview (no server is started) -------------------


def _fake_generate(results: list[WriteReport | ContentError]) -> Callable[[Path], WriteReport]:
    def generate(root: Path) -> WriteReport:
        result = results.pop(0)
        if isinstance(result, ContentError):
            raise result
        return result

    return generate


def test_handler_passes_on_content_changes_only(tmp_path: Path) -> None:
    """Assert that edits to content/, media/, videos.yml pass to the server; site_src/ and reads
    do not."""
    passed: list[str] = []
    server_handler = FileSystemEventHandler()
    server_handler.on_any_event = lambda event: passed.append(event.src_path)  # type: ignore[method-assign]
    handler = ChangeHandler(tmp_path, server_handler)
    handler.on_any_event(FileModifiedEvent(str(tmp_path / "site_src" / "index.md")))
    handler.on_any_event(FileOpenedEvent(str(tmp_path / "content" / "talks" / "a" / "b.md")))
    handler.on_any_event(FileModifiedEvent(str(tmp_path / "README.md")))
    assert passed == []
    changed = [tmp_path / "content/talks/a/b.md", tmp_path / "videos.yml", tmp_path / "mkdocs.yml"]
    for path in changed:
        handler.on_any_event(FileModifiedEvent(str(path)))
    handler.on_any_event(FileDeletedEvent(str(tmp_path / "media" / "a.mp4")))
    assert passed == [*map(str, changed), str(tmp_path / "media" / "a.mp4")]


def test_regeneration_with_errors_reports_them_and_keeps_going(tmp_path: Path) -> None:
    """Assert that a failed regeneration reports every problem and the next one succeeds."""
    reported: list[str] = []
    broken = ContentError([Problem("videos.yml", 3, "date: not a date: 'morgen'")])
    nothing = WriteReport(written=(), deleted=(), unchanged=("index.md",))
    regenerator = Regenerator(tmp_path, reported.append, _fake_generate([broken, nothing]))
    assert regenerator.regenerate() is False
    assert reported == [
        "videos.yml:3: date: not a date: 'morgen'",
        "1 error; the preview shows the last good version",
    ]
    assert regenerator.regenerate() is True
    assert len(reported) == 2  # nothing changed, nothing to say


def test_recording_and_question_verbs_are_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that refresh --offline, chapters and questions run through `wunschzeit` itself."""
    root = copy_sample(tmp_path / "sample")
    assert main(["--root", str(root), "refresh", "--offline"]) == 0
    capsys.readouterr()
    assert main(["--root", str(root), "chapters", "genf-aerodynamik"]) == 0
    block = capsys.readouterr().out.splitlines()
    assert block[0].startswith("0:00 ")
    assert "4:32 Wie wichtig ist der cw-Wert für die Reichweite?" in block
    assert main(["--root", str(root), "questions", "genf-design"]) == 0
    assert "kombi-version" in capsys.readouterr().out
    assert main(["--root", str(root), "chapters", "gibts-nicht"]) == 2
