"""The command line: `wunschzeit [--root DIR] VERB ...` → an exit code. The only module that prints.

Exit codes: 0 success; 1 content or input errors (every problem as `path:line: message`, sorted,
then a count); 2 usage errors. Each verb is a small function registered in `VERBS`; a verb with
more to do lives in a module of its own and is registered here the same way.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator import __version__
from generator.cli.console import err as _err
from generator.cli.console import out as _out
from generator.cli.console import status as _status
from generator.errors import ContentError, Problem, UsageError, WunschzeitError
from generator.models import Archive, Status

if TYPE_CHECKING:
    from generator.pipeline import freshness

_ARCHIVE_FILES = ("videos.yml", "mkdocs.yml")


def _no_arguments(parser: argparse.ArgumentParser) -> None:
    """A verb without options of its own."""


@dataclass(frozen=True)
class Verb:
    """One subcommand: its name, help line, options and the function that runs it."""

    name: str
    help: str
    run: Callable[[argparse.Namespace], int]
    arguments: Callable[[argparse.ArgumentParser], None] = _no_arguments
    needs_archive: bool = True  # False: works without an archive at --root (e.g. init)


# --- verbs -----------------------------------------------------------------------------------


def _check(args: argparse.Namespace) -> int:
    archive = _checked_archive(args)
    if archive is None:
        return 1
    questions = archive.all_questions()
    answered = sum(1 for q in questions if q.status is Status.ANSWERED)
    _out(
        f"{_count(len(archive.talks), 'talk')}, {_count(len(questions), 'question')} "
        f"({answered} answered): no errors"
    )
    return 0


def _generate(args: argparse.Namespace) -> int:
    from generator.pipeline import freshness
    from generator.pipeline import generate as pipeline
    from generator.site.config import read_settings

    root = _root(args)
    docs_dir = read_settings(root).docs_dir
    inputs = freshness.fingerprint(root)
    state = freshness.fresh(root / docs_dir, inputs)
    if state is not None:
        if not _warned(list(state.warnings), args):
            return 1
        _out(
            f"{docs_dir}/: nothing changed since the last run ({_count(len(state.files), 'file')})"
        )
        return 0
    archive = _checked_archive(args, inputs)
    if archive is None:
        return 1
    with _status(f"Rendering and writing {docs_dir}/", animated=False):  # render forks
        report = pipeline.write_archive(archive, inputs)
    _out(f"{docs_dir}/: {report.summary}")
    return 0


def _build(args: argparse.Namespace) -> int:
    from generator.site.build import build_site

    code = _generate(args)
    if code:
        return code
    with _status("Building the site with MkDocs"):
        site = build_site(_root(args), strict=args.strict)
    _out(f"site built: {_shown(site, _root(args))}/index.html")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from generator.site.serve import serve

    serve(_root(args), args.dev_addr, report=_err, dirty=args.dirty)
    return 0


def _init(args: argparse.Namespace) -> int:
    from generator.site.init import init

    created = init(args.dir)
    _out(f"created a new archive in {args.dir} ({_count(len(created), 'file')})")
    _out(f"next: cd {args.dir} && wunschzeit serve")
    return 0


def _strict_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")


def _serve_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dev-addr",
        default="127.0.0.1:8000",
        metavar="ADDR",
        help="address to serve the preview on (default: 127.0.0.1:8000)",
    )
    parser.add_argument(
        "--dirty",
        action="store_true",
        help="after a change, have MkDocs rebuild only the pages generate rewrote (fast for "
        "large archives; restart serve after editing mkdocs.yml)",
    )


def _init_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", type=Path, metavar="DIR", help="new folder for the archive")


def _module_verbs() -> tuple[Verb, ...]:
    """Verbs that live in modules of their own, each listing (name, help, arguments, run)."""
    from generator.cli import add as verb_add
    from generator.cli import chapters as verb_chapters
    from generator.cli import import_questions as verb_import
    from generator.cli import moderate as verb_moderate
    from generator.cli import refresh as verb_refresh

    found = (*verb_import.VERBS, *verb_moderate.VERBS)
    return (
        Verb(
            "add",
            "fetch a recording's metadata with yt-dlp and append the talk to videos.yml",
            verb_add.run,
            verb_add.add_arguments,
        ),
        Verb(
            "refresh",
            "re-fetch the recordings' cached metadata (--offline: check the cache)",
            verb_refresh.run,
            verb_refresh.add_arguments,
        ),
        Verb(
            "chapters",
            "print a YouTube chapter block from a talk's answered questions",
            verb_chapters.run,
            verb_chapters.add_arguments,
        ),
        *(Verb(name, text, run, arguments) for name, text, arguments, run in found),
    )


VERBS: tuple[Verb, ...] = (
    Verb("build", "generate site_src/ and build the site with MkDocs", _build, _strict_option),
    Verb("generate", "write the pages into site_src/ only", _generate),
    Verb("check", "check all content; write nothing", _check, _strict_option),
    Verb("serve", "live preview that regenerates when content changes", _serve, _serve_options),
    Verb("init", "create a new, buildable archive folder", _init, _init_options, False),
    *_module_verbs(),
)


# --- shared steps ----------------------------------------------------------------------------


def _checked_archive(
    args: argparse.Namespace, inputs: freshness.Inputs | None = None
) -> Archive | None:
    """Load and check the archive; show warnings; None when --strict turns them into errors."""
    from generator.pipeline import generate as pipeline

    with _status("Reading the archive"):
        archive = pipeline.build_archive(_root(args), inputs)
    return archive if _warned(list(archive.warnings), args) else None


def _warned(warnings: list[Problem], args: argparse.Namespace) -> bool:
    """Show the warnings; False when --strict turns them into errors."""
    warnings = sorted(warnings)
    _print_warnings(warnings)
    if warnings and getattr(args, "strict", False):
        _err(f"{_count(len(warnings), 'warning')}, treated as errors (--strict)")
        return False
    return True


def _root(args: argparse.Namespace) -> Path:
    root: Path = args.root
    return root


def _check_root(root: Path) -> None:
    if not root.is_dir():
        raise UsageError(f"--root {root}: no such folder")
    missing = [name for name in _ARCHIVE_FILES if not (root / name).is_file()]
    if missing:
        where = "the current folder" if root == Path() else str(root)
        raise UsageError(
            f"{where} is not a Wunschzeit archive (no {' and no '.join(missing)}); "
            "use --root DIR, or `wunschzeit init DIR` to start one"
        )


# --- output ----------------------------------------------------------------------------------


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root.absolute()).as_posix()
    except ValueError:
        return str(path)


def _print_errors(problems: Iterable[Problem]) -> None:
    problems = sorted(problems)
    for problem in problems:
        _err(str(problem))
    _err(_count(len(problems), "error"))


def _print_warnings(warnings: Iterable[Problem]) -> None:
    for warning in warnings:
        _err(f"{warning.path}:{warning.line}: warning: {warning.message}")


class _StderrHandler(logging.Handler):
    """Log records of MkDocs and the stages as plain lines; looks up sys.stderr on each line."""

    def emit(self, record: logging.LogRecord) -> None:
        _err(f"{record.name.split('.')[0]}: {record.levelname.lower()}: {record.getMessage()}")


# The dev server's own news (address, reloads) is worth showing; MkDocs' other INFO lines are not.
_SERVE_NEWS = ("mkdocs.livereload", "mkdocs.commands.serve")


@contextlib.contextmanager
def _logging(verb: str) -> Iterator[None]:
    """Show warnings of MkDocs and the stages (and the dev server's news) on stderr."""
    handler = _StderrHandler(logging.INFO)
    names = ("mkdocs", "generator", *(_SERVE_NEWS if verb == "serve" else ()))
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


# --- entry point -----------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wunschzeit",
        description="Turn live expert Q&A talks into a searchable static archive.",
    )
    parser.add_argument("--version", action="version", version=f"wunschzeit {__version__}")
    parser.add_argument(
        "--root", type=Path, default=Path(), metavar="DIR", help="the archive (default: here)"
    )
    verbs = parser.add_subparsers(dest="verb", metavar="COMMAND", required=True)
    for verb in VERBS:
        sub = verbs.add_parser(verb.name, help=verb.help, description=verb.help)
        # --root is accepted after the verb as well; SUPPRESS keeps the global value otherwise.
        sub.add_argument("--root", type=Path, default=argparse.SUPPRESS, metavar="DIR")
        verb.arguments(sub)
        sub.set_defaults(run=verb.run, needs_archive=verb.needs_archive)
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
        with _logging(args.verb):
            if args.needs_archive:
                _check_root(args.root)
            code: int = args.run(args)
            return code
    except ContentError as error:
        _print_errors(error.problems)
        return 1
    except UsageError as error:
        _err(f"wunschzeit: error: {error}")
        return 2
    except WunschzeitError as error:
        _err(f"wunschzeit: error: {error}")
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
