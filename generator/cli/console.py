"""Output of the command line: the only module of the package that prints.

Plain lines on stdout and stderr; a spinner or progress bar from rich only when stderr is a
terminal, so CI logs and tests see plain text. File names, content and what came from the
network reach the terminal only through `shown`: a control character in them (an escape
sequence, a line break, a bidi override) is written as a visible escape such as `\x1b` or
`\u202e`, so no text can rewrite the editor's terminal and one line is always one message.
"""

from __future__ import annotations

import contextlib
import json
import sys
import threading
import unicodedata
from collections.abc import Iterator
from typing import Any

# Format characters that move nothing and are needed to write Persian, Indic scripts and emoji.
_JOINERS = frozenset("\u200c\u200d")
# Other, Surrogate and line and paragraph separators; spaces, private use and unassigned
# characters (perhaps assigned in a newer Unicode) are shown as they are.
_ESCAPED = frozenset(("Cc", "Cf", "Cs", "Zl", "Zp"))
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def out(line: str) -> None:
    """One line on stdout, control characters escaped."""
    print(shown(line))


def err(line: str) -> None:
    """One line on stderr, control characters escaped."""
    print(shown(line), file=sys.stderr)


def out_rendered(text: str) -> None:
    """Text the CLI drew itself (a rich table with its colours), every cell already `shown`."""
    print(text)


def out_json(data: object) -> None:
    """`data` as indented JSON on stdout: valid JSON whose strings show no control character."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    print("".join(_json_escaped(c) if c != "\n" and _unsafe(c) else c for c in text))


def shown(text: str) -> str:
    """`text` with each character a terminal would act on, or that hides, as a visible escape."""
    if text.isprintable():  # nearly every line: no character to look at one by one
        return text
    return "".join(_escaped(c) if _unsafe(c) else c for c in text)


def _unsafe(char: str) -> bool:
    return (
        not char.isprintable() and char not in _JOINERS and unicodedata.category(char) in _ESCAPED
    )


def _escaped(char: str) -> str:
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _json_escaped(char: str) -> str:
    """The JSON escape of a character (a surrogate pair above the BMP)."""
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


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
    from rich.text import Text

    console = Console(stderr=True)
    # a Text, not a str: rich would read [brackets] in a URL as markup
    drawn = Spinner("dots", Text(shown(message)))
    with Live(drawn, console=console, auto_refresh=False, transient=True) as live:
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
