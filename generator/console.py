"""Output of the command line: the only place that prints (used by cli.py and the verb_*.py).

Plain lines on stdout and stderr; a spinner or progress bar from rich only when stderr is a
terminal, so CI logs and tests see plain text.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator


def out(line: str) -> None:
    print(line)


def err(line: str) -> None:
    print(line, file=sys.stderr)


@contextlib.contextmanager
def status(message: str) -> Iterator[None]:
    """A spinner on long work, only for a person at a terminal."""
    if not sys.stderr.isatty():
        yield
        return
    from rich.console import Console

    with Console(stderr=True).status(message):
        yield
