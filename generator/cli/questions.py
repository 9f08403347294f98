"""`wunschzeit questions ID`: list a talk's questions with status and votes.

Takes a talk id; `intake.moderate` reads content/talks/<ID>/; this prints one line per
question, open ones first, most votes first.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from generator.cli.common import Command
from generator.cli.console import out
from generator.intake import moderate
from generator.intake.moderate import Entry


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("talk", metavar="ID", help="talk id from videos.yml")


def run(args: argparse.Namespace) -> int:
    for line in listing(args.talk, moderate.questions(Path(args.root), args.talk)):
        out(line)
    return 0


def listing(talk: str, entries: Sequence[Entry]) -> list[str]:
    """One line per question, in the given order: status, votes, id, text, asker."""
    open_count = sum(1 for e in entries if e.status == "collected")
    lines = [f"{talk}: {len(entries)} questions, {open_count} open"]
    for entry in entries:
        votes = entry.fields.get("votes")
        shown = f"{votes:>4}" if isinstance(votes, int) else "   -"
        text = " ".join(str(entry.fields.get("question") or "").split())
        who = entry.fields.get("asked_by")
        extra = f" → {entry.fields['merged_into']}" if entry.status == "merged" else ""
        asker = f" ({who})" if who else ""
        lines.append(f"{entry.status:<9} {shown}  {entry.id}{extra}: {text}{asker}")
    return lines


COMMAND = Command("questions", "list a talk's questions with status and votes", add_arguments, run)
