"""`wunschzeit align TALK`: suggest where each question of a talk is answered in its recording.

Takes the talk id and optionally a caption file; reads the checked archive for the talk's open
and answered questions and its recording (captions, duration, chapters); `generator.align`
suggests a start, end and score for each; this prints them as a table or one JSON array, or
with --apply writes the sure ones into questions without a start (`intake.moderate`, which
prepares every file before writing any).
"""

from __future__ import annotations

import argparse
import io
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

from generator.align import DEFAULT_MIN_SCORE, AlignQuestion, Captions, Suggestion, read_captions
from generator.align import align as suggest
from generator.cli.common import Command, count, talk_named, warned
from generator.cli.console import err, out, out_json, out_rendered, shown
from generator.errors import WunschzeitError
from generator.intake import moderate
from generator.models import Archive, Question, Status, Talk
from generator.pipeline import generate as pipeline
from generator.render import urls
from generator.timestamps import Timestamp

CONSIDERED = (Status.COLLECTED, Status.ANSWERED)  # merged and declined ones need no start
PREVIEW = "http://127.0.0.1:8000"  # where `wunschzeit serve` serves by default
EVIDENCE_SHOWN = 60  # characters of evidence in the table; --json gives all of it
HEADER = ("question", "start", "end", "score", "evidence", "preview")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("talk_id", metavar="TALK", help="id of the talk in videos.yml")
    parser.add_argument(
        "--captions",
        type=Path,
        metavar="FILE",
        help="a WebVTT, SRT or SBV file (default: the captions of the talk's recording)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON array, no table")
    parser.add_argument(
        "--apply",
        action="store_true",
        help="write the suggested starts into the questions that have none yet",
    )
    parser.add_argument(
        "--min-score",
        type=_score,
        default=DEFAULT_MIN_SCORE,
        metavar="N",
        help=f"the score (0-100) a start needs (default: {DEFAULT_MIN_SCORE})",
    )
    parser.add_argument(
        "--language", metavar="L", help="language of the captions (default: the talk's)"
    )


def _score(value: str) -> int:
    if not value.isdigit() or int(value) > 100:
        raise argparse.ArgumentTypeError(f"not a score from 0 to 100: {value!r}")
    return int(value)


def run(args: argparse.Namespace) -> int:
    root = Path(args.root)
    archive = pipeline.build_archive(root)
    talk = talk_named(archive, args.talk_id)
    questions = [q for q in archive.questions.get(talk.id, ()) if q.status in CONSIDERED]
    suggestions = _suggestions(args, root, talk, questions)
    if args.json:
        out_json([_record(s) for s in suggestions])
    if args.apply:
        report = err if args.json else out
        for line in _apply(root, talk, questions, suggestions, args.min_score):
            report(line)
    elif not args.json:
        _show(archive, talk, questions, suggestions, args.min_score)
    return 0


def _suggestions(
    args: argparse.Namespace, root: Path, talk: Talk, questions: Sequence[Question]
) -> list[Suggestion]:
    captions = _captions(args.captions, root, talk)
    warned(captions.problems, args)
    recording = talk.recording
    return suggest(
        [_align_question(q) for q in questions],
        captions.cues,
        language=args.language or talk.language,
        chapters=recording.chapters if recording else (),
        duration=recording.duration if recording else None,
        min_score=args.min_score,
    )


def _captions(given: Path | None, root: Path, talk: Talk) -> Captions:
    """The captions named by --captions, else those the archive has for the recording."""
    duration = talk.recording.duration if talk.recording else None
    if given is not None:
        return read_captions(given, display=str(given), duration=duration)
    cached = talk.recording.captions if talk.recording else None
    if cached is None:
        raise WunschzeitError(_no_captions(talk))
    return read_captions(root / cached, display=cached, duration=duration)


def _no_captions(talk: Talk) -> str:
    recording = talk.recording
    if recording is None:
        how = "it has no recording yet (no url in videos.yml)"
    elif recording.platform == "file":
        stem = Path(recording.url).with_suffix("")
        how = f"put them beside the recording as {stem.as_posix()}.{talk.language}.vtt"
    else:
        how = f"fetch the platform's with `wunschzeit refresh {talk.id}`"
    return f"talk '{talk.id}' has no captions: {how}, or give a caption file with --captions FILE"


def _align_question(question: Question) -> AlignQuestion:
    offset = question.asked_at_offset
    return AlignQuestion(
        question.id, question.question, question.asked_by, offset.seconds if offset else None
    )


def _record(suggestion: Suggestion) -> dict[str, object]:
    return {
        "question": suggestion.question,
        "start": suggestion.start,
        "end": suggestion.end,
        "score": suggestion.score,
        "evidence": suggestion.evidence,
    }


# --- --apply ---------------------------------------------------------------------------------


def _apply(
    root: Path,
    talk: Talk,
    questions: Sequence[Question],
    suggestions: Sequence[Suggestion],
    min_score: int,
) -> list[str]:
    """Write the starts into questions without one; the lines that say what was written."""
    planned = [
        (q, _changes(talk, s))
        for q, s in zip(questions, suggestions, strict=True)
        if _applicable(q, s, min_score)
    ]
    moderate.apply_edits(root, [moderate.Edit(root / q.origin.path, c) for q, c in planned])
    if not planned:
        return [f"nothing to apply: no question without a start was found (score ≥ {min_score})"]
    return [f"{q.origin.path}: {_written(changes)}" for q, changes in planned]


def _applicable(question: Question, suggestion: Suggestion, min_score: int) -> bool:
    """An editor's start is never overwritten; a start needs the score."""
    found = suggestion.start is not None and suggestion.score >= min_score
    return found and question.answer is None


def _changes(talk: Talk, suggestion: Suggestion) -> dict[str, moderate.Value]:
    assert suggestion.start is not None
    changes: dict[str, moderate.Value] = {
        "status": Status.ANSWERED.value,
        "answer.start": Timestamp(suggestion.start).label,
    }
    if suggestion.end is not None and suggestion.end > suggestion.start:
        changes["answer.end"] = Timestamp(suggestion.end).label
    if len(talk.experts) == 1:
        changes["answer.by"] = list(talk.experts)
    return changes


def _written(changes: dict[str, moderate.Value]) -> str:
    shown = [f"{key} {changes[key]}" for key in ("answer.start", "answer.end") if key in changes]
    return ", ".join(shown)


# --- the table -------------------------------------------------------------------------------


def _show(
    archive: Archive,
    talk: Talk,
    questions: Sequence[Question],
    suggestions: Sequence[Suggestion],
    min_score: int,
) -> None:
    base = _preview_base(archive.settings.site_url) + urls.directory_url(urls.talk_page(talk.id))
    rows = [_row(s, base) for s in suggestions]
    if sys.stdout.isatty():
        out_rendered(_rich_table(rows))
    else:
        for line in _plain_table(rows):
            out(line)
    out(_summary(questions, suggestions, min_score))


def _preview_base(site_url: str | None) -> str:
    """The site as `wunschzeit serve` serves it: below the path of site_url."""
    path = urlsplit(site_url).path if site_url else "/"
    return PREVIEW + "/" + path.strip("/") + ("/" if path.strip("/") else "")


def _row(suggestion: Suggestion, base: str) -> tuple[str, ...]:
    start, end = suggestion.start, suggestion.end
    jump = f"?t={start}" if start is not None else ""
    return (
        suggestion.question,
        Timestamp(start).label if start is not None else "not found",
        Timestamp(end).label if end is not None else "–",
        str(suggestion.score),
        _shortened(suggestion.evidence, EVIDENCE_SHOWN),
        f"{base}{jump}#q-{suggestion.question}",
    )


def _shortened(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _plain_table(rows: Sequence[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in (HEADER, *rows)) for i in range(len(HEADER) - 1)]
    return [
        "  ".join([*(cell.ljust(w) for cell, w in zip(row, widths, strict=False)), row[-1]])
        for row in (HEADER, *rows)
    ]


def _rich_table(rows: Sequence[tuple[str, ...]]) -> str:
    """The table for a person at a terminal, as text for `out_rendered` (which prints it)."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(*HEADER, box=None, header_style="bold")
    table.columns[3].justify = "right"
    table.columns[4].overflow = "ellipsis"
    table.columns[5].no_wrap = True
    for row in rows:
        # Text, not str: rich would read [brackets] in a caption as markup
        cells = [Text(shown(cell)) for cell in row]
        table.add_row(*cells, style="dim" if row[1] == "not found" else None)
    buffer = io.StringIO()
    width = shutil.get_terminal_size().columns
    Console(file=buffer, force_terminal=True, width=width).print(table)
    return buffer.getvalue().rstrip("\n")


def _summary(
    questions: Sequence[Question], suggestions: Sequence[Suggestion], min_score: int
) -> str:
    found = sum(s.start is not None for s in suggestions)
    new = sum(_applicable(q, s, min_score) for q, s in zip(questions, suggestions, strict=True))
    return (
        f"{found} of {count(len(suggestions), 'question')} found (score ≥ {min_score}); "
        f"--apply writes {new} into questions without a start"
    )


COMMAND = Command(
    "align",
    "suggest where each question of a talk is answered, from the recording's captions",
    add_arguments,
    run,
)
