"""`wunschzeit init DIR`: scaffold a new, buildable archive folder (with CI workflows).

Takes the new folder and the language of the imprint and privacy templates (`--language`);
`site.init` writes the scaffold; this says what was created and what to do next.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from generator.cli.common import Command, count
from generator.cli.console import out
from generator.constants import DEFAULT_LANGUAGE
from generator.site.init import LANGUAGES


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", type=Path, metavar="DIR", help="new folder for the archive")
    parser.add_argument(
        "--language",
        choices=LANGUAGES,
        default=DEFAULT_LANGUAGE,
        help="language of the imprint and privacy statement templates in site_src/ "
        f"(default: {DEFAULT_LANGUAGE})",
    )


def run(args: argparse.Namespace) -> int:
    from generator.site.init import init

    created = init(args.dir, args.language)
    out(f"created a new archive in {args.dir} ({count(len(created), 'file')})")
    out(f"next: fill in {args.dir}/site_src/ (imprint, privacy statement), then:")
    out(f"      cd {args.dir} && wunschzeit serve")
    return 0


COMMAND = Command(
    "init", "create a new, buildable archive folder", add_arguments, run, needs_archive=False
)
