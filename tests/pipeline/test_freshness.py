"""A generate with nothing changed skips the pipeline; any change, anywhere, runs it again."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from generator.cli import main
from generator.errors import ContentError
from generator.pipeline import freshness, incremental
from generator.pipeline import generate as pipeline
from tests.helpers.ondisk import QUESTION, VIDEOS, make_archive


def _forbid_render(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object) -> None:
        raise AssertionError("the pipeline ran although nothing changed")

    monkeypatch.setattr(incremental, "render_outputs", fail)


def test_unchanged_archive_is_not_rendered_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Assert that a second generate renders nothing and reports every file unchanged."""
    root = make_archive(tmp_path)
    first = pipeline.generate(root)
    _forbid_render(monkeypatch)
    second = pipeline.generate(root)
    assert (second.written, second.deleted) == ((), ())
    assert second.unchanged == tuple(sorted(first.written))


@pytest.mark.parametrize(
    "change",
    ["edit question", "delete page", "stray file", "touch media", "broken state", "edit page"],
)
def test_any_change_runs_the_pipeline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    """Assert that an edit, a damaged or extra output file or a damaged state means a full run."""
    calls: list[object] = []
    real_render = incremental.render_outputs
    monkeypatch.setattr(
        incremental,
        "render_outputs",
        lambda archive, *rest: calls.append(archive) or real_render(archive, *rest),
    )
    root = make_archive(tmp_path)
    (root / "media").mkdir()
    (root / "media/notiz.txt").write_text("x", encoding="utf-8")
    pipeline.generate(root)
    site_src = root / "site_src"
    talk_page = site_src / "talks/talk-a.md"
    if change == "edit question":
        path = root / "content/talks/talk-a/cw-wert.md"
        path.write_text(QUESTION.replace("Sehr wichtig.", "Äußerst wichtig."), encoding="utf-8")
    elif change == "delete page":
        talk_page.unlink()
    elif change == "stray file":
        (site_src / "alt.md").write_text("# alt", encoding="utf-8")
    elif change == "touch media":
        os.utime(root / "media/notiz.txt", ns=(1, 1))
    elif change == "broken state":
        (site_src / freshness.STATE).write_text("{kaputt", encoding="utf-8")
    elif change == "edit page":
        talk_page.write_text("von Hand geändert", encoding="utf-8")
    pipeline.generate(root)
    assert len(calls) == 2  # the first run and this one
    # A file the generator did not write is the organisation's own page: it stays.
    assert (site_src / "alt.md").exists() == (change == "stray file")
    assert "von Hand" not in talk_page.read_text(encoding="utf-8")
    assert ("Äußerst wichtig." in talk_page.read_text(encoding="utf-8")) == (
        change == "edit question"
    )
    assert freshness.fresh(site_src, freshness.fingerprint(root)) is not None


def test_warnings_are_shown_again_and_strict_still_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that an unchanged archive repeats its warnings, and --strict fails on them again."""
    videos = VIDEOS.replace("  url: https://www.youtube.com/watch?v=abcdefghijk\n", "")
    root = make_archive(tmp_path, {"videos.yml": videos})
    assert main(["--root", str(root), "generate"]) == 0
    first = capsys.readouterr().err
    assert "warning: answered at 4:32" in first
    assert main(["--root", str(root), "generate"]) == 0
    captured = capsys.readouterr()
    assert captured.err == first
    assert captured.out.startswith("site_src/: nothing changed since the last run")
    assert main(["--root", str(root), "build", "--strict"]) == 1
    assert "1 warning, treated as errors (--strict)" in capsys.readouterr().err


def test_an_edit_during_a_run_is_not_taken_as_done(tmp_path: Path) -> None:
    """Assert that pages come from the text the fingerprint read, so a later edit runs again."""
    root = make_archive(tmp_path)
    question = root / "content/talks/talk-a/cw-wert.md"
    inputs = freshness.fingerprint(root)
    question.write_text(QUESTION.replace("Sehr wichtig.", "Äußerst wichtig."), encoding="utf-8")
    pipeline.write_archive(pipeline.build_archive(root, inputs), inputs)
    talk_page = root / "site_src/talks/talk-a.md"
    assert "Sehr wichtig." in talk_page.read_text(encoding="utf-8")
    report = pipeline.generate(root)
    assert "talks/talk-a.md" in report.written
    assert "Äußerst wichtig." in talk_page.read_text(encoding="utf-8")


def test_unreadable_file_is_reported_and_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Assert that a file the fingerprint cannot read gives load's error, not a crash."""
    root = make_archive(tmp_path)
    question = root / "content/talks/talk-a/cw-wert.md"
    real_read, real_fingerprint_read = Path.read_bytes, freshness._read_bytes

    def read_bytes(path: Path) -> bytes:
        if path == question:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_read(path)

    def fingerprint_read(path: str) -> bytes:
        return read_bytes(Path(path)) if Path(path) == question else real_fingerprint_read(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    monkeypatch.setattr(freshness, "_read_bytes", fingerprint_read)
    inputs = freshness.fingerprint(root)
    assert "content/talks/talk-a/cw-wert.md" not in inputs.files
    with pytest.raises(ContentError) as caught:
        pipeline.build_archive(root, inputs)
    assert "content/talks/talk-a/cw-wert.md:1: cannot be read: Permission denied" in str(
        caught.value
    )
