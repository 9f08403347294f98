"""What every command shares: the `Command` record, the checked archive, warnings and --strict,
counting words, and the log lines of MkDocs and the stages on stderr.

Takes parsed arguments and what the core returns; gives exit decisions and lines through
`console`, which does the printing.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.cli.console import err, status
from generator.constants import ARCHIVE_FILES
from generator.errors import Problem, UsageError
from generator.models import Archive, Talk


def no_arguments(parser: argparse.ArgumentParser) -> None:
    """A command without options of its own."""


@dataclass(frozen=True)
class Command:
    """One subcommand: its name, help line, options, the function that runs it → exit code."""

    name: str
    help: str
    arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
    needs_archive: bool = True  # False: works without an archive at --root (e.g. init)


def strict_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")


def root_of(args: argparse.Namespace) -> Path:
    return Path(args.root)


def check_root(root: Path) -> None:
    """A usage error unless `root` is an archive folder."""
    if not root.is_dir():
        raise UsageError(f"--root {root}: no such folder")
    missing = [name for name in ARCHIVE_FILES if not (root / name).is_file()]
    if missing:
        where = "the current folder" if root == Path() else str(root)
        raise UsageError(
            f"{where} is not a Wunschzeit archive (no {' and no '.join(missing)}); "
            "use --root DIR, or `wunschzeit init DIR` to start one"
        )


def checked_archive(args: argparse.Namespace) -> Archive | None:
    """Load and check the archive; show warnings; None when --strict turns them into errors."""
    from generator.pipeline import generate as pipeline

    with status("Reading the archive"):
        archive = pipeline.build_archive(root_of(args))
    return archive if warned(archive.warnings, args) else None


def warned(warnings: Iterable[Problem], args: argparse.Namespace) -> bool:
    """Show the warnings; False when --strict turns them into errors."""
    shown = sorted(warnings)
    for warning in shown:
        err(f"{warning.path}:{warning.line}: warning: {warning.message}")
    if shown and getattr(args, "strict", False):
        err(f"{count(len(shown), 'warning')}, treated as errors (--strict)")
        return False
    return True


def print_errors(problems: Iterable[Problem]) -> None:
    """Every problem as `path:line: message`, sorted, then how many."""
    shown = sorted(problems)
    for problem in shown:
        err(str(problem))
    err(count(len(shown), "error"))


def count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def shown_path(path: Path, root: Path) -> str:
    """`path` relative to the archive when it lies inside, else as given."""
    try:
        return path.relative_to(root.absolute()).as_posix()
    except ValueError:
        return str(path)


# --- log lines -------------------------------------------------------------------------------


class _StderrHandler(logging.Handler):
    """Log records of MkDocs and the stages as plain lines; looks up sys.stderr on each line."""

    def emit(self, record: logging.LogRecord) -> None:
        err(f"{record.name.split('.')[0]}: {record.levelname.lower()}: {record.getMessage()}")


# The dev server's own news (address, reloads) is worth showing; MkDocs' other INFO lines are not.
_SERVE_NEWS = ("mkdocs.livereload", "mkdocs.commands.serve")


@contextlib.contextmanager
def logging_to_stderr(command: str) -> Iterator[None]:
    """Show warnings of MkDocs and the stages (and the dev server's news) on stderr."""
    handler = _StderrHandler(logging.INFO)
    names = ("mkdocs", "generator", *(_SERVE_NEWS if command == "serve" else ()))
    levels = {name: logging.INFO if name in _SERVE_NEWS else logging.WARNING for name in names}
    loggers = [logging.getLogger(name) for name in names]
    saved = [(logger.level, logger.propagate) for logger in loggers]
    for logger in loggers[:2]:
        logger.addHandler(handler)
        logger.propagate = False
    for logger in loggers:
        logger.setLevel(levels[logger.name])
    try:
        yield
    finally:
        for logger, (old_level, old_propagate) in zip(loggers, saved, strict=True):
            logger.removeHandler(handler)
            logger.setLevel(old_level)
            logger.propagate = old_propagate


def talk_named(archive: Archive, talk_id: str) -> Talk:
    """The talk with this id; a usage error listing the known ids when there is none."""
    for talk in archive.talks:
        if talk.id == talk_id:
            return talk
    known = ", ".join(sorted(t.id for t in archive.talks)) or "none"
    raise UsageError(f"no talk '{talk_id}' in videos.yml (known: {known})")
