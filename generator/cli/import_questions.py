"""`wunschzeit import FORMAT FILE --talk ID`: collected questions from an export → content/.

Takes the command line; parses the file with the format's importer, plans the new question
files (`generator.intake.plan`) and writes them, or with `--dry-run` only shows the plan. Every
problem is reported as `path:line: message` and nothing is written then.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path

from generator.cli.common import Command
from generator.cli.console import out as _out
from generator.constants import SLUG
from generator.errors import ContentError, UsageError
from generator.intake import plan as intake
from generator.intake.formats import FORMATS, ImportProblem, Incoming, Options
from generator.intake.formats.live_chat import compile_pattern
from generator.models import CHANNELS
from generator.recordings import videos_yml

MAPPABLE = ("question", "asked_by", "asked_at", "votes", "channel", "source", "answered")
PROGRESS_FROM = 500  # records; fewer are planned before a bar would even show


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "format", choices=sorted(FORMATS), metavar="FORMAT", help=", ".join(sorted(FORMATS))
    )
    parser.add_argument("file", type=Path, metavar="FILE", help="the exported file")
    parser.add_argument("--talk", required=True, metavar="ID", help="talk id from videos.yml")
    parser.add_argument("--dry-run", action="store_true", help="show the plan, write nothing")
    parser.add_argument("--anonymous", action="store_true", help="store no names at all")
    parser.add_argument(
        "--map",
        type=_mapping,
        default={},
        metavar="FIELD=COLUMN,...",
        help=f"csv/slido: which column holds which field ({', '.join(MAPPABLE)})",
    )
    parser.add_argument("--post", metavar="ID|SLUG|TITLE", help="wxr/disqus: the post or thread")
    parser.add_argument(
        "--threshold",
        type=_threshold,
        default=intake.DEFAULT_THRESHOLD,
        metavar="N",
        help=f"similarity 0-100 from which questions count as duplicates (default {intake.DEFAULT_THRESHOLD})",
    )
    parser.add_argument(
        "--question-pattern", metavar="REGEX", help="live-chat: which messages are questions"
    )
    parser.add_argument("--channel", choices=CHANNELS, help="csv/text: the channel to record")


def _mapping(value: str) -> dict[str, str]:
    mapping = {}
    for pair in filter(None, (p.strip() for p in value.split(","))):
        name, equals, column = pair.partition("=")
        if not equals or not column.strip():
            raise argparse.ArgumentTypeError(f"{pair!r} is no FIELD=COLUMN pair")
        if name.strip() not in MAPPABLE:
            raise argparse.ArgumentTypeError(
                f"unknown field {name.strip()!r}; known: {', '.join(MAPPABLE)}"
            )
        mapping[name.strip()] = column.strip()
    return mapping


def _threshold(value: str) -> int:
    if not value.isdigit() or not 0 < int(value) <= 100:
        raise argparse.ArgumentTypeError(f"{value!r} is no whole number from 1 to 100")
    return int(value)


def run(args: argparse.Namespace) -> int:
    """Import; 0 on success. Problems raise ContentError (exit 1) or UsageError (exit 2)."""
    root: Path = args.root
    if not SLUG.match(args.talk):
        raise UsageError(f"--talk {args.talk!r} is no talk id (a-z, 0-9 and '-')")
    language = videos_yml.talk_language(root, args.talk)
    records = _parse(args)
    prepared = intake.prepare(records, str(args.file), language, args.anonymous)
    known = intake.read_known(root, args.talk)
    with _progress(len(prepared)) as step:
        plan = intake.plan(prepared, known, args.talk, language, args.threshold, step)
    if not args.dry_run:
        try:
            intake.write_plan(root, plan)
        except ImportProblem as problem:
            raise ContentError([problem.problem]) from problem
    for line in describe(plan, args.dry_run):
        _out(line)
    return 0


def _parse(args: argparse.Namespace) -> list[Incoming]:
    try:
        compile_pattern(args.question_pattern)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    options = Options(args.map, args.post, args.question_pattern, args.channel)
    try:
        return FORMATS[args.format](args.file, options)
    except ImportProblem as problem:
        raise ContentError([problem.problem]) from problem


def describe(plan: intake.Plan, dry_run: bool) -> list[str]:
    """The plan as lines for the editor: what is (or would be) created, merged and skipped."""
    folder = f"content/talks/{plan.talk}"
    lines = []
    for p in plan.new:
        who = f" ({p.incoming.asked_by})" if p.incoming.asked_by else ""
        lines.append(f"new: {folder}/{p.id}.md: {_short(p.incoming.text)}{who}")
        if p.merged_into:
            lines.append(
                f"  merge proposed: into {p.merged_into} (similarity {p.similarity}); "
                f"edit status/merged_into if they differ"
            )
    lines += [f"skipped (already imported): {r.source}" for r in plan.skipped]
    answered = [p.id for p in plan.new if p.incoming.answered]
    if answered:
        lines.append(f"marked answered in the export, add answer.start: {', '.join(answered)}")
    summary = (
        f"{len(plan.new)} new ({len(plan.merges)} proposed as merges), "
        f"{len(plan.skipped)} skipped (already imported)"
    )
    lines.append(f"dry run, nothing written: {summary}" if dry_run else summary)
    return lines


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@contextlib.contextmanager
def _progress(total: int) -> Iterator[intake.Progress | None]:
    """A progress bar for large inputs, only for a person at a terminal."""
    if total < PROGRESS_FROM or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("Checking for duplicates", total=total)
        yield lambda n: bar.advance(task, n)


COMMAND = Command("import", "import collected questions from an export file", add_arguments, run)
