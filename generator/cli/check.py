"""`wunschzeit check [--strict]`: read and check all content; write nothing.

Takes the archive; prints the warnings and, when there are no errors, how many talks and
questions it holds.
"""

from __future__ import annotations

import argparse

from generator.cli.common import Command, checked_archive, count, strict_option
from generator.cli.console import out
from generator.models import Status


def run(args: argparse.Namespace) -> int:
    archive = checked_archive(args)
    if archive is None:
        return 1
    questions = archive.all_questions()
    answered = sum(1 for q in questions if q.status is Status.ANSWERED)
    out(
        f"{count(len(archive.talks), 'talk')}, {count(len(questions), 'question')} "
        f"({answered} answered): no errors"
    )
    return 0


COMMAND = Command("check", "check all content; write nothing", strict_option, run)
