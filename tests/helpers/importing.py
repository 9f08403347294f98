"""Run the import and moderation verbs in tests, and look at what they wrote."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cli import decline, merge, questions
from generator.cli import import_questions as verb_import
from generator.errors import ContentError
from tests.helpers import ondisk
from tests.helpers.paths import FIXTURES

FIXTURES = FIXTURES / "import"

# Every e-mail address, phone number and IP address that occurs in the fixtures.
PRIVATE = (
    "@example", "@nordwerk", "(at)", "+49 171 1234567", "0171/9876543", "0171 2345678",
    "0049 30 1234567", "0049 89 12345678", "0171 5555555", "+41 79 123 45 67",
    "192.0.2.", "198.51.100.", "203.0.113.", "2001:db8",
)  # fmt: skip


def archive(tmp_path: Path) -> Path:
    """A copy of the small one-talk archive (talk `talk-a`, question `cw-wert`)."""
    return ondisk.make_archive(tmp_path / "archive")


def run_import(root: Path, fmt: str, fixture: str, *options: str) -> int:
    """`wunschzeit import FORMAT FIXTURE --talk talk-a OPTIONS` on `root`."""
    path = str(FIXTURES / fixture) if fixture else ""
    argv = [fmt, path, "--talk", "talk-a", *options]
    return _run(verb_import.add_arguments, verb_import.run, root, argv)


def refused(root: Path, fmt: str, fixture: str, *options: str) -> str:
    """The message of an import that `run_import` refuses with a ContentError; asserts that
    it left content/talks/ as it was."""
    before = snapshot(root)
    with pytest.raises(ContentError) as caught:
        run_import(root, fmt, fixture, *options)
    assert snapshot(root) == before
    return str(caught.value)


def run_moderation(root: Path, verb: str, *argv: str) -> int:
    command = next(m.COMMAND for m in (questions, decline, merge) if m.COMMAND.name == verb)
    return _run(command.arguments, command.run, root, list(argv))


def _run(
    add_arguments: Callable[[argparse.ArgumentParser], None],
    run: Callable[[argparse.Namespace], int],
    root: Path,
    argv: list[str],
) -> int:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    args = parser.parse_args(argv)
    args.root = root
    return run(args)


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under content/talks/, by path relative to the archive."""
    folder = root / "content" / "talks"
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def new_files(root: Path) -> dict[str, str]:
    """The question files besides the archive's own `cw-wert.md`, by file name."""
    folder = root / "content" / "talks" / "talk-a"
    return {
        p.name: p.read_text(encoding="utf-8")
        for p in sorted(folder.glob("*.md"))
        if p.name != "cw-wert.md"
    }
