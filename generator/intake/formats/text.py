"""Plain text → one question per paragraph (format `text`), for e-mails and forms pasted by hand.

Paragraphs are separated by blank lines. A paragraph's last line may name the asker as
`-- Name` or `— Name`. Sources are `text-<hash of the paragraph>`, so pasting the same text
again imports nothing new; channel is `email` unless `--channel` says otherwise.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from generator.intake.formats.base import (
    ImportProblem,
    Incoming,
    Options,
    Parsed,
    checked_text,
    read_text,
)

# Lines are stripped already; a lazy `(.+?)\s*$` took quadratic time on long runs of spaces.
_SIGNATURE = re.compile(r"^(?:--|—|–)\s*(.+)$")


def parse(path: Path, options: Options) -> Parsed:
    """Each paragraph of the file as a question."""
    text = read_text(path)
    if text.lstrip().startswith(("<?xml", "<rss", "<disqus", '{"')):
        raise ImportProblem(path, 1, "looks like XML or JSON, not plain text: choose its format")
    found = []
    for line, paragraph in _paragraphs(text):
        lines = paragraph.split("\n")
        last = checked_text(path, line + len(lines) - 1, lines[-1], "line")
        signature = _SIGNATURE.match(last) if len(lines) > 1 else None
        body = "\n".join(lines[:-1] if signature else lines)
        found.append(
            Incoming(
                text=checked_text(path, line, body),
                source="text-" + hashlib.sha1(paragraph.encode("utf-8")).hexdigest()[:12],
                channel=options.channel or "email",
                line=line,
                asked_by=signature.group(1) if signature else None,
            )
        )
    if not found:
        raise ImportProblem(path, 1, "empty question file: no paragraph to import")
    return Parsed(tuple(found))


def _paragraphs(text: str) -> list[tuple[int, str]]:
    """Paragraphs with the line each starts on; whitespace-only lines separate them too."""
    found: list[tuple[int, str]] = []
    start, lines = 0, []
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            start = start or number
            lines.append(line.strip())
        elif lines:
            found.append((start, "\n".join(lines)))
            start, lines = 0, []
    if lines:
        found.append((start, "\n".join(lines)))
    return found
