"""`wunschzeit import FORMAT FILE --talk ID`: collected questions from an export → content/.

Takes the command line; parses the file with the format's importer, leaves out what was asked
outside the talk's collection window, plans the new question files (`generator.intake.plan`)
and writes them, or with `--dry-run` only shows the plan. Says how many items were skipped and
why (with `--verbose`, each as `path:line: skipped: reason`). Every problem is reported as
`path:line: message` and nothing is written then.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import zoneinfo
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

from generator.cli.common import Command
from generator.cli.console import out as _out
from generator.constants import SLUG
from generator.errors import ContentError, UsageError
from generator.intake import ledger, window
from generator.intake import plan as intake
from generator.intake.formats import (
    FORMATS,
    ImportProblem,
    OptionProblem,
    Options,
    Parsed,
    Skipped,
    base,
)
from generator.intake.formats.live_chat import compile_pattern
from generator.models import CHANNELS
from generator.recordings import videos_yml
from generator.site.config import read_settings

MAPPABLE = ("question", "asked_by", "asked_at", "votes", "channel", "source", "answered")
PROGRESS_FROM = 500  # records; fewer are planned before a bar would even show
REQUIRE_FORMATS = ("csv", "slido")
# The order the summary names the reasons in: the import's own first, then the export's.
REASONS = (
    intake.ALREADY_IMPORTED, intake.DELETED_BY_EDITOR, intake.REPEATED, window.OUTSIDE_WINDOW,
    base.NO_CONSENT, base.NOT_A_QUESTION, base.STAFF, base.SPAM, base.NOT_APPROVED,
    base.DELETED_IN_EXPORT,
)  # fmt: skip


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
    parser.add_argument(
        "--require",
        type=_requirement,
        action="append",
        default=[],
        metavar="COLUMN=VALUE",
        help="csv/slido: import only rows with VALUE (any case) in COLUMN, e.g. a consent column",
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="name every skipped item and why"
    )


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


def _requirement(value: str) -> tuple[str, str]:
    column, equals, wanted = value.partition("=")
    if not equals or not column.strip() or not wanted.strip():
        raise argparse.ArgumentTypeError(f"{value!r} is no COLUMN=VALUE pair")
    return column.strip(), wanted.strip()


def _threshold(value: str) -> int:
    if not value.isdigit() or not 0 < int(value) <= 100:
        raise argparse.ArgumentTypeError(f"{value!r} is no whole number from 1 to 100")
    return int(value)


def run(args: argparse.Namespace) -> int:
    """Import; 0 on success. Problems raise ContentError (exit 1) or UsageError (exit 2)."""
    root: Path = args.root
    if not SLUG.match(args.talk):
        raise UsageError(f"--talk {args.talk!r} is no talk id (a-z, 0-9 and '-')")
    entry = videos_yml.talk(root, args.talk)
    language = videos_yml.language_of(entry)
    zone = zoneinfo.ZoneInfo(read_settings(root).timezone)  # naive CSV times are read in it
    parsed = _parse(args)
    records, outside = window.within(parsed.records, window.of_talk(entry), zone)
    prepared = intake.prepare(records, str(args.file), language, args.anonymous)
    known = intake.read_known(root, args.talk)
    imported = ledger.read(root, args.talk)
    with _progress(len(prepared)) as step:
        plan = intake.plan(prepared, known, args.talk, language, args.threshold, step, imported)
    if not args.dry_run:
        try:
            intake.write_plan(root, plan)
        except ImportProblem as problem:
            raise ContentError([problem.problem]) from problem
    skipped = [*parsed.skipped, *outside, *plan.skipped]
    for line in describe(plan, skipped, args.dry_run):
        _out(line)
    if args.verbose:
        for line in skipped_lines(str(args.file), skipped):
            _out(line)
    return 0


def _parse(args: argparse.Namespace) -> Parsed:
    try:
        compile_pattern(args.question_pattern)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    if args.require and args.format not in REQUIRE_FORMATS:
        raise UsageError(f"--require works with the formats {' and '.join(REQUIRE_FORMATS)} only")
    options = Options(args.map, args.post, args.question_pattern, args.channel, dict(args.require))
    try:
        return FORMATS[args.format](args.file, options)
    except OptionProblem as problem:
        raise UsageError(str(problem)) from problem
    except ImportProblem as problem:
        raise ContentError([problem.problem]) from problem


def describe(plan: intake.Plan, skipped: Sequence[Skipped], dry_run: bool) -> list[str]:
    """The plan as lines for the editor: what is (or would be) created, merged and skipped."""
    folder = f"content/talks/{plan.talk}"
    lines = []
    for p in plan.new:
        who = f" ({p.incoming.asked_by})" if p.incoming.asked_by else ""
        lines.append(f"new: {folder}/{p.id}.md: {_short(p.incoming.text)}{who}")
        if p.merged_into:
            lines.append(
                f"  merged into {p.merged_into} as a duplicate (similarity {p.similarity}); "
                "if they differ, set status: collected and delete merged_into"
            )
    answered = [p.id for p in plan.new if p.incoming.answered]
    if answered:
        lines.append(f"marked answered in the export, add answer.start: {', '.join(answered)}")
    summary = f"{len(plan.new)} new"
    if plan.merges:
        summary += (
            f" ({len(plan.merges)} merged as duplicates — review with "
            f"`wunschzeit questions {plan.talk}`)"
        )
    summary += f", {_skipped_summary(skipped)}"
    lines.append(f"dry run, nothing written: {summary}" if dry_run else summary)
    return lines


def _skipped_summary(skipped: Sequence[Skipped]) -> str:
    """`5 skipped (3 already imported, 2 not a question)`, reasons in the order of REASONS."""
    counts = Counter(s.reason for s in skipped)
    order = [r for r in REASONS if r in counts] + sorted(set(counts) - set(REASONS))
    reasons = ", ".join(f"{counts[r]} {r}" for r in order)
    return f"{len(skipped)} skipped" + (f" ({reasons})" if reasons else "")


def skipped_lines(path: str, skipped: Sequence[Skipped]) -> list[str]:
    """One `path:line: skipped: reason` per skipped item, in file order."""
    ordered = sorted(skipped, key=lambda s: s.line)
    return [f"{path}:{s.line}: skipped: {s.reason}" for s in ordered]


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
