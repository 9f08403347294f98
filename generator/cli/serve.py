"""`wunschzeit serve [--dev-addr ADDR] [--full]`: a live preview that regenerates on changes.

Takes the archive; `site.serve` generates, serves (byte ranges too) and, after each change,
regenerates and rebuilds, one build at a time; what it has to say goes to stderr.
"""

from __future__ import annotations

import argparse

from generator.cli.common import Command, root_of
from generator.cli.console import err


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dev-addr",
        default="127.0.0.1:8000",
        metavar="ADDR",
        help="address to serve the preview on (default: 127.0.0.1:8000)",
    )
    parser.add_argument(
        "--full",
        action="store_true",
        help="after every change, have MkDocs build every page (by default it rebuilds only "
        "the pages generate rewrote, when that gives the same pages)",
    )
    # The default since builds of only the changed pages are checked to be sound; kept so
    # that scripts written for the old option still run.
    parser.add_argument("--dirty", action="store_true", help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    from generator.site.serve import serve

    serve(root_of(args), args.dev_addr, report=err, dirty=not args.full)
    return 0


COMMAND = Command("serve", "live preview that regenerates when content changes", add_arguments, run)
