"""`wunschzeit answer QID START [--end END] [--by EXPERT ...]`: note where a question is answered.

Takes the question id and the answer's start (as editors write it, or copied from a caption
file: `4:32`, `00:04:32.485`); `intake.moderate.edit_question` sets `status: answered` and the
answer's fields in the question's front matter (keeping comments, order and body); this says
what was done. Without --by the answer is the talk's expert's, when the talk has exactly one.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from generator.cli.common import Command
from generator.cli.console import out
from generator.constants import CONTENT, SLUG
from generator.errors import UsageError
from generator.intake import moderate
from generator.models import Status
from generator.recordings import videos_yml
from generator.timestamps import Timestamp, TimestampError, parse_timestamp


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("question", metavar="QID", help="question id, or TALK/QUESTION")
    parser.add_argument(
        "start", metavar="START", help="where the answer starts: 4:32, 1:04:32, 00:04:32.485"
    )
    parser.add_argument("--end", metavar="END", help="where it ends (an old end is removed)")
    parser.add_argument(
        "--by",
        nargs="+",
        metavar="EXPERT",
        help="expert ids (default: the talk's expert, when it has exactly one)",
    )
    parser.add_argument("--talk", metavar="TALK", help="the talk whose question QID is")


def run(args: argparse.Namespace) -> int:
    root = Path(args.root)
    path = moderate.find_question(root, args.question, talk=args.talk)
    start = _timestamp("START", args.start)
    end = _timestamp("--end", args.end) if args.end is not None else None
    if end is not None and end <= start:
        raise UsageError(f"--end {end} must lie after START {start}")
    by = _experts(root, path.parent.name, args.by)
    changes: dict[str, moderate.Value] = {
        "status": Status.ANSWERED.value,
        "answer.start": start.label,
        "answer.end": end.label if end is not None else None,
        "merged_into": None,
        "declined_reason": None,
    }
    if by:
        changes["answer.by"] = by
    moderate.edit_question(root, path, changes)
    out(f"{path.relative_to(root).as_posix()}: {_said(start, end, by)}")
    return 0


def _timestamp(name: str, value: str) -> Timestamp:
    try:
        return parse_timestamp(value)
    except TimestampError as exc:
        raise UsageError(f"{name}: {exc}") from None


def _experts(root: Path, talk_id: str, given: Sequence[str] | None) -> list[str]:
    """The experts named by --by (each must exist), else the talk's only expert, else none."""
    if not given:
        experts = videos_yml.talk(root, talk_id).get("experts")
        if isinstance(experts, list) and len(experts) == 1 and isinstance(experts[0], str):
            return [experts[0]]
        return []
    folder = root / CONTENT / "experts"
    known = sorted(path.stem for path in folder.glob("*.md"))
    for expert in given:
        if not SLUG.match(expert) or expert not in known:
            raise UsageError(
                f"--by {expert}: unknown expert, no file content/experts/{expert}.md "
                f"(known: {', '.join(known) or 'none'})"
            )
    return list(dict.fromkeys(given))


def _said(start: Timestamp, end: Timestamp | None, by: Sequence[str]) -> str:
    said = f"answered at {start}" + (f"–{end}" if end is not None else "")
    return said + (f" by {', '.join(by)}" if by else "")


COMMAND = Command(
    "answer", "note where a question is answered in the recording", add_arguments, run
)
