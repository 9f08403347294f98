"""The ledger of a talk's imported sources: content/talks/<talk>/.imported.

Takes a talk folder; gives the `source` of every question ever imported into it, and the
ledger's new text with more sources added. A question file the editor deleted keeps its source
here, so a re-import does not bring it back. Plain text, one source a line, sorted, so that it
is committed with the content and its diffs are readable; `load` never reads it (a dot file).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from generator.errors import ContentError, Problem
from generator.pipeline.load import refusal

LEDGER = ".imported"
MAX_BYTES = 50_000_000  # a million live-chat sources; load's 2 MB limit is for one question
HEADER = (
    "# Sources imported into this talk, one a line. `wunschzeit import` skips them, also when\n"
    "# their question file was deleted; delete a line to import that question again.\n"
)
_ESCAPED = re.compile(r"[\\\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]|^[#\s]|\s$")
_UNESCAPED = re.compile(r"\\(?:\\|u([0-9a-f]{4}))")


def where(talk_id: str) -> str:
    """The ledger's root-relative path."""
    return f"content/talks/{talk_id}/{LEDGER}"


def read(root: Path, talk_id: str) -> frozenset[str]:
    """The sources in the talk's ledger; none when there is no ledger yet."""
    name = where(talk_id)
    if problem := refusal(root, name, "this ledger of imported sources"):
        raise ContentError([problem])
    if not (root / name).is_file():
        return frozenset()
    try:
        data = (root / name).read_bytes()
    except OSError as exc:
        raise ContentError([Problem(name, 1, f"cannot be read: {exc.strerror}")]) from exc
    if len(data) > MAX_BYTES:
        message = f"file is too large ({len(data)} bytes, at most {MAX_BYTES})"
        raise ContentError([Problem(name, 1, message)])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ContentError([Problem(name, line, "is not UTF-8 text; save it as UTF-8")]) from exc
    lines = (line.strip() for line in text.splitlines())
    return frozenset(_decoded(line) for line in lines if line and not line.startswith("#"))


def text(sources: Iterable[str]) -> str:
    """The ledger listing `sources`, sorted, each on one line however it is spelt."""
    return HEADER + "".join(f"{_encoded(s)}\n" for s in sorted(set(sources)))


def write(path: Path, content: str) -> None:
    """Replace the ledger at once: a crash leaves the old one or the new one, never half."""
    temporary = path.with_name(f"{LEDGER}.tmp")
    try:
        with open(temporary, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(content)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _encoded(source: str) -> str:
    # Line breaks would split a source; `#` or spaces at either end would be a comment or lost.
    return _ESCAPED.sub(lambda m: "\\\\" if m[0] == "\\" else f"\\u{ord(m[0]):04x}", source)


def _decoded(line: str) -> str:
    return _UNESCAPED.sub(lambda m: chr(int(m[1], 16)) if m[1] else "\\", line)
