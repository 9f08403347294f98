"""The command line: `wunschzeit [--root DIR] COMMAND ...` → an exit code.

Each command is a module of this package exporting one `Command` (name, help, options, run);
`COMMANDS` lists them in the order `--help` shows them. A command parses its arguments, calls
the core and prints through `console`. Exit codes: 0 success; 1 content or input errors (every
problem as `path:line: message`, sorted, then a count); 2 usage errors.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from generator import __version__
from generator.cli import (
    add,
    align,
    answer,
    build,
    chapters,
    check,
    decline,
    generate,
    gh_deploy,
    import_questions,
    init,
    merge,
    preview,
    questions,
    refresh,
    serve,
)
from generator.cli.common import Command, check_root, logging_to_stderr, print_errors
from generator.cli.console import err
from generator.errors import ContentError, UsageError, WunschzeitError

COMMANDS: tuple[Command, ...] = tuple(
    module.COMMAND
    for module in (
        build, generate, check, serve, preview, init, add, refresh, chapters,
        import_questions, questions, decline, merge, align, answer, gh_deploy,
    )
)  # fmt: skip


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wunschzeit",
        description="Turn live expert Q&A talks into a searchable static archive.",
    )
    parser.add_argument("--version", action="version", version=f"wunschzeit {__version__}")
    parser.add_argument(
        "--root", type=Path, default=Path(), metavar="DIR", help="the archive (default: here)"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        sub = commands.add_parser(command.name, help=command.help, description=command.help)
        # --root is accepted after the command as well; SUPPRESS keeps the global value otherwise.
        sub.add_argument("--root", type=Path, default=argparse.SUPPRESS, metavar="DIR")
        command.arguments(sub)
        sub.set_defaults(run=command.run, needs_archive=command.needs_archive)
    return parser


def _parse(argv: Sequence[str] | None) -> argparse.Namespace | int:
    try:
        return _parser().parse_args(argv)
    except SystemExit as exit:  # argparse exits on --help, --version and usage errors
        return exit.code if isinstance(exit.code, int) else 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit code."""
    args = _parse(argv)
    if isinstance(args, int):
        return args
    try:
        with logging_to_stderr(args.command):
            if args.needs_archive:
                check_root(args.root)
            code: int = args.run(args)
            return code
    except ContentError as error:
        print_errors(error.problems)
        return 1
    except UsageError as error:
        err(f"wunschzeit: error: {error}")
        return 2
    except WunschzeitError as error:
        err(f"wunschzeit: error: {error}")
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
