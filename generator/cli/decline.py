"""`wunschzeit decline QID --reason ...`: decline a question, with a reason readers see.

Takes the question id and the reason; `intake.moderate.decline` edits the question's front
matter (keeping comments, order and body); this says what was done.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from generator.cli.common import Command
from generator.cli.console import out
from generator.intake import moderate


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("question", metavar="QID", help="question id, or TALK/QUESTION")
    parser.add_argument("--reason", required=True, help="shown to readers")


def run(args: argparse.Namespace) -> int:
    root = Path(args.root)
    path, reason = moderate.decline(root, args.question, args.reason)
    out(f"{path.relative_to(root).as_posix()}: declined ({reason})")
    return 0


COMMAND = Command("decline", "decline a question, with a reason readers see", add_arguments, run)
