"""`wunschzeit chapters ID`: a YouTube chapter block from the answered questions of a talk.

Takes the talk id; reads and checks the whole archive (so the timestamps are the checked ones)
and prints one line per chapter, `4:32 Question`, for the editor to paste into the video
description. What had to be merged or left out is said on stderr; exit 1 when YouTube's rules
(first at 0:00, at least three chapters, each at least 10 s) cannot be met.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from generator.cli.common import Command, talk_named
from generator.cli.console import err as _err
from generator.cli.console import out as _out
from generator.models import Status
from generator.pipeline import generate as pipeline
from generator.recordings.chapters import MIN_CHAPTERS, MIN_SECONDS, youtube_block


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("talk_id", metavar="ID", help="id of the talk in videos.yml")


def run(args: argparse.Namespace) -> int:
    archive = pipeline.build_archive(Path(args.root))
    talk = talk_named(archive, args.talk_id)
    marks = [
        (q.answer.start.seconds, q.question)
        for q in archive.questions.get(talk.id, ())
        if q.answer is not None and q.status is Status.ANSWERED
    ]
    duration = talk.recording.duration if talk.recording else None
    block = youtube_block(marks, duration, talk.language)
    for note in block.notes:
        _err(f"note: {note}")
    if not block.usable:
        _err(
            f"talk '{talk.id}' gives {len(block.lines)} chapter(s); YouTube needs at least "
            f"{MIN_CHAPTERS}, each at least {MIN_SECONDS} s long ({len(marks)} answered question(s))"
        )
        return 1
    for line in block.lines:
        _out(line)
    return 0


COMMAND = Command(
    "chapters",
    "print a YouTube chapter block from a talk's answered questions",
    add_arguments,
    run,
)
