"""Output of the command line: the only module of the package that prints.

Plain lines on stdout and stderr; a spinner or progress bar from rich only when stderr is a
terminal, so CI logs and tests see plain text.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Iterator
from typing import Any


def out(line: str) -> None:
    print(line)


def err(line: str) -> None:
    print(line, file=sys.stderr)


@contextlib.contextmanager
def status(message: str, *, animated: bool = True) -> Iterator[None]:
    """A spinner on long work, only for a person at a terminal.

    It is animated from a thread that has ended when the block has (rich's own spinner leaves
    its thread to end on its own); with `animated=False` it is drawn once and no thread runs,
    for work that forks worker processes: generator/parallel.py forks only when no other
    thread runs, since a child could inherit a lock held by one forever.
    """
    if not sys.stderr.isatty():
        yield
        return
    from rich.console import Console
    from rich.live import Live
    from rich.spinner import Spinner

    console = Console(stderr=True)
    with Live(
        Spinner("dots", message), console=console, auto_refresh=False, transient=True
    ) as live:
        live.refresh()
        stop = threading.Event()
        spinner = threading.Thread(target=_animate, args=(live, stop), daemon=True)
        if animated:
            spinner.start()
        try:
            yield
        finally:
            stop.set()
            if animated:
                spinner.join()


def _animate(live: Any, stop: threading.Event) -> None:
    while not stop.wait(0.1):
        live.refresh()
