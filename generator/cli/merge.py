"""`wunschzeit merge QID --into QID2`: merge a question into the earlier one it repeats.

Takes both question ids; `intake.moderate.merge` edits the front matter of the question (and of
questions merged into it, which follow); this says what was done.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from generator.cli.common import Command
from generator.cli.console import out
from generator.intake import moderate


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("question", metavar="QID", help="the later question, to be merged")
    parser.add_argument("--into", required=True, metavar="QID2", help="the question it repeats")


def run(args: argparse.Namespace) -> int:
    root = Path(args.root)
    merged = moderate.merge(root, args.question, args.into)
    target = merged.target.stem
    if merged.target != merged.named:
        out(f"{merged.named.stem} is merged into {target}: merging into {target}")
    for path in merged.edited:
        out(f"{path.relative_to(root).as_posix()}: merged into {target}")
    return 0


COMMAND = Command("merge", "merge a question into the earlier one it repeats", add_arguments, run)
