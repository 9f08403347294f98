"""`wunschzeit align TALK`: suggestions as a table or JSON, --apply, caption files and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.align import parse_captions
from generator.cli import main
from generator.intake.moderate import edit_question
from generator.models import Cue, Status
from generator.pipeline import generate as pipeline
from tests.helpers.ondisk import make_archive
from tests.helpers.sample_site import copy_sample

TALK = "genf-design"
NEVER_ANSWERED = {"kombi-version", "schrift-cockpit"}


def _cleared(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    """The sample archive with the answers of genf-design removed; their original starts."""
    root = copy_sample(tmp_path / "sample")
    answered = [
        q
        for q in pipeline.build_archive(root).questions[TALK]
        if q.status is Status.ANSWERED and q.answer is not None
    ]
    for q in answered:
        edit_question(root, root / q.origin.path, {"status": "collected", "answer": None})
    return root, {q.id: q.answer.start.seconds for q in answered if q.answer is not None}


def _talk_files(root: Path) -> dict[str, bytes]:
    folder = root / "content" / "talks" / TALK
    return {path.name: path.read_bytes() for path in sorted(folder.glob("*.md"))}


def _align(root: Path, *options: str) -> int:
    return main(["--root", str(root), "align", TALK, *options])


def _json(capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    found = json.loads(capsys.readouterr().out)
    assert isinstance(found, list)
    return found


def test_json_finds_the_cleared_starts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Assert that --json gives each once-answered question a start within 10 s, others null."""
    root, starts = _cleared(tmp_path)
    assert _align(root, "--json") == 0
    found = {record["question"]: record for record in _json(capsys)}
    assert set(found) == set(starts) | NEVER_ANSWERED
    for qid, start in starts.items():
        record = found[qid]
        assert set(record) == {"question", "start", "end", "score", "evidence"}
        assert isinstance(record["start"], int) and abs(record["start"] - start) <= 10
        assert isinstance(record["score"], int) and 0 <= record["score"] <= 100
        assert isinstance(record["evidence"], str) and record["evidence"]
    assert all(found[qid]["start"] is None for qid in NEVER_ANSWERED)


def test_json_is_one_array_in_the_talks_question_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that --json prints exactly one JSON array, in the order of the talk's questions."""
    root = copy_sample(tmp_path / "sample")
    assert _align(root, "--json") == 0
    stdout = capsys.readouterr().out
    order = [
        q.id
        for q in pipeline.build_archive(root).questions[TALK]
        if q.status in (Status.COLLECTED, Status.ANSWERED)
    ]
    assert [record["question"] for record in json.loads(stdout)] == order
    assert stdout.lstrip().startswith("[") and stdout.rstrip().endswith("]")


def test_table_shows_starts_scores_and_preview_links(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that the plain table names each question, its start, and a link into serve."""
    root = copy_sample(tmp_path / "sample")
    assert _align(root) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["question", "start", "end", "score", "evidence", "preview"]
    row = next(line for line in lines if line.startswith("lichtsignatur "))
    assert row.split()[1:4] == ["0:20", "0:38", "100"]
    assert row.endswith(" http://127.0.0.1:8000/wunschzeit/talks/genf-design/?t=20#q-lichtsignatur")
    missing = next(line for line in lines if line.startswith("kombi-version "))
    assert "not found" in missing and missing.endswith("/genf-design/#q-kombi-version")
    assert (
        lines[-1]
        == "5 of 7 questions found (score ≥ 45); --apply writes 0 into questions without a start"
    )


def test_apply_writes_the_starts_keeps_comments_and_body_and_runs_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that --apply writes status, start, end and expert, keeps the rest, and a re-run
    changes nothing; the archive then passes check and build with --strict."""
    root, starts = _cleared(tmp_path)
    path = root / "content" / "talks" / TALK / "lichtsignatur.md"
    text = path.read_text(encoding="utf-8").replace("---\n", "---\n# aus dem Blog\n", 1)
    text = text.replace("asked_by: Anna\n", "asked_by: Anna   # Leserin\n")
    path.write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert _align(root, "--apply") == 0
    written = capsys.readouterr().out.splitlines()
    assert (
        "content/talks/genf-design/lichtsignatur.md: answer.start 0:20, answer.end 0:38" in written
    )
    assert len(written) == len(starts)
    after = path.read_text(encoding="utf-8")
    assert (
        "status: answered\nanswer:\n  start: 0:20\n  end: 0:38\n  by: [ilka-sommerfeld]\n" in after
    )
    assert after.startswith('---\n# aus dem Blog\nquestion: "Woran erkennt man')
    assert "asked_by: Anna   # Leserin\n" in after
    assert after.endswith(text.split("---\n", 2)[2])
    files = _talk_files(root)
    assert _align(root, "--apply") == 0
    assert (
        capsys.readouterr().out
        == "nothing to apply: no question without a start was found (score ≥ 45)\n"
    )
    assert _talk_files(root) == files
    assert main(["--root", str(root), "check", "--strict"]) == 0
    assert main(["--root", str(root), "build", "--strict"]) == 0


def test_apply_never_changes_an_editors_start(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that --apply leaves questions that have a start alone, even a different one."""
    root = copy_sample(tmp_path / "sample")
    edit_question(
        root, root / "content/talks/genf-design/lichtsignatur.md", {"answer.start": "0:30"}
    )
    files = _talk_files(root)
    assert _align(root, "--apply", "--min-score", "0") == 0
    assert capsys.readouterr().out.startswith("nothing to apply")
    assert _talk_files(root) == files


def _srt(cues: tuple[Cue, ...]) -> str:
    def time(seconds: float) -> str:
        ms = round(seconds * 1000)
        return (
            f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"
        )

    return "".join(
        f"{n}\n{time(c.start)} --> {time(c.end)}\n{c.text}\n\n" for n, c in enumerate(cues, 1)
    )


def _sbv(cues: tuple[Cue, ...]) -> str:
    def time(seconds: float) -> str:
        ms = round(seconds * 1000)
        return f"{ms // 3_600_000}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"

    return "".join(f"{time(c.start)},{time(c.end)}\n{c.text}\n\n" for c in cues)


@pytest.mark.parametrize("suffix", ["srt", "sbv"])
def test_captions_from_an_srt_or_sbv_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    """Assert that --captions reads SRT and SBV files and finds the same starts."""
    root, starts = _cleared(tmp_path)
    vtt = (root / "media" / "genf-design.de.vtt").read_text(encoding="utf-8")
    cues = parse_captions(vtt, display="media/genf-design.de.vtt").cues
    captions = tmp_path / f"captions.{suffix}"
    captions.write_text(_srt(cues) if suffix == "srt" else _sbv(cues), encoding="utf-8")
    assert _align(root, "--json", "--captions", str(captions)) == 0
    found = {record["question"]: record["start"] for record in _json(capsys)}
    for qid, start in starts.items():
        assert isinstance(found[qid], int) and abs(found[qid] - start) <= 10
    assert all(found[qid] is None for qid in NEVER_ANSWERED)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not captions\n", "1: not captions: found no WebVTT, SRT or SBV cue timing"),
        ("", "1: captions file is empty"),
    ],
)
def test_broken_captions_exit_1_and_write_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    """Assert that a file that holds no captions is an error `path:line: message`, and
    --apply writes nothing."""
    root, _ = _cleared(tmp_path)
    captions = tmp_path / "broken.vtt"
    captions.write_text(content, encoding="utf-8")
    files = _talk_files(root)
    assert _align(root, "--apply", "--captions", str(captions)) == 1
    result = capsys.readouterr()
    assert result.err.splitlines() == [f"{captions}:{message}", "1 error"]
    assert result.out == ""
    assert _talk_files(root) == files


def test_caption_warnings_name_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that repaired faults of a caption file are warnings `path:line: warning: ...`."""
    root = copy_sample(tmp_path / "sample")
    captions = tmp_path / "late.vtt"
    captions.write_text(
        "WEBVTT\n\n00:00:20.000 --> 00:00:24.000\nFrage von Anna: Woran erkennt man einen "
        "Nordwerk nachts von hinten?\n\n01:00:00.000 --> 01:00:04.000\nZu spät.\n",
        encoding="utf-8",
    )
    assert _align(root, "--json", "--captions", str(captions)) == 0
    result = capsys.readouterr()
    assert result.err == (
        f"{captions}:6: warning: cue starts at 1:00:00, after the end of the recording (5:30); "
        "left out\n"
    )
    assert json.loads(result.out)[0]["question"] == "lichtsignatur"


def test_a_talk_without_captions_says_how_to_get_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that a talk without captions exits 1 naming `wunschzeit refresh` and --captions."""
    root = make_archive(tmp_path / "archive")
    assert main(["--root", str(root), "align", "talk-a"]) == 1
    assert capsys.readouterr().err == (
        "wunschzeit: error: talk 'talk-a' has no captions: fetch the platform's with "
        "`wunschzeit refresh talk-a`, or give a caption file with --captions FILE\n"
    )


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Assert that an unknown talk and a score above 100 are usage errors."""
    root = copy_sample(tmp_path / "sample")
    assert main(["--root", str(root), "align", "gibts-nicht"]) == 2
    assert "no talk 'gibts-nicht' in videos.yml" in capsys.readouterr().err
    assert _align(root, "--min-score", "101") == 2
    assert "not a score from 0 to 100: '101'" in capsys.readouterr().err
