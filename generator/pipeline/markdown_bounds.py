"""Editor Markdown that would take Python-Markdown too long to convert, found in one pass.

Takes the Markdown body of a question, expert or event file, its path, the line it starts at
and the longest it may be; gives a Problem when the body is longer or when its brackets
would cost more than MAX_BRACKET_STEPS to match. Python-Markdown's link patterns look for the
`]` of each `[` (and the `)` of each `](`) character by character, to the end of the
paragraph when there is none: `[` 16,000 times took 30 s to convert, `[a](` 200,000 times
never ended. Bodies arrive by pull request, so a few kilobytes must not stop the build.

Measured with the site's extensions (`render.editor_text.EXTENSIONS`), CPU seconds for a body
of 20,000 characters of one construct repeated: fenced code 0.66, nested blockquotes 0.30,
`details` 0.22, emphasis `*_` 0.13, everything else under 0.1; at 200,000 characters fenced
code took 19 s and emphasis 12 s, hence the length limit. Brackets: `[` 4,000 times (8 million
steps below) 1.9 s, so 2,000,000 steps are about half a second.
"""

from __future__ import annotations

import re

from generator.errors import Problem

MAX_BRACKET_STEPS = 2_000_000

# What bracket matching sees: an escaped character, a bracket, a parenthesis, a blank line
# (the end of a paragraph, where Python-Markdown stops looking).
_TOKEN = re.compile(r"\\.|[\[\]()]|\n[ \t]*\n", re.DOTALL)


def problems(body: str, path: str, first_line: int, max_length: int) -> list[Problem]:
    """A problem when `body` (starting at `first_line` of `path`) is longer than `max_length`
    characters or too costly to match."""
    if len(body) > max_length:
        message = (
            f"the Markdown text is too long ({len(body):,} characters, at most {max_length:,})"
        )
        return [Problem(path, first_line, message)]
    if "[" not in body:
        return []
    steps, worst = bracket_steps(body)
    if steps <= MAX_BRACKET_STEPS:
        return []
    line = first_line + body.count("\n", 0, worst)
    message = (
        "the Markdown text has brackets that take too long to match: this '[' has no ']' "
        "in its paragraph, or one far away; write \\[ for a bracket that opens no link"
    )
    return [Problem(path, line, message)]


def bracket_steps(body: str) -> tuple[int, int]:
    """How many characters Python-Markdown reads to match the brackets of `body`, and where
    the `[` stands that costs the most: each `[` is read up to its `]` (or the end of its
    paragraph), each `(` right after a `]` up to its `)`."""
    cost = _Cost()
    squares: list[int] = []  # the open `[`
    rounds: list[tuple[int, bool]] = []  # the open `(`, and whether a `]` precedes it
    for token in _TOKEN.finditer(body):
        char, at = token.group()[0], token.start()
        if char == "[":
            squares.append(at)
        elif char == "]" and squares:
            cost.square(squares.pop(), at)
        elif char == "(":
            rounds.append((at, at > 0 and body[at - 1] == "]"))
        elif char == ")" and rounds:
            start, after_link = rounds.pop()
            cost.steps += (at - start) if after_link else 0
        elif char == "\n":  # a blank line: what is open is read to here
            cost.unclosed(squares, rounds, at)
            squares, rounds = [], []
    cost.unclosed(squares, rounds, len(body))
    return cost.steps, cost.worst


class _Cost:
    """Steps counted so far, and the `[` that cost the most."""

    def __init__(self) -> None:
        self.steps = self.most = self.worst = 0

    def square(self, start: int, end: int) -> None:
        self.steps += end - start
        if end - start > self.most:
            self.most, self.worst = end - start, start

    def unclosed(self, squares: list[int], rounds: list[tuple[int, bool]], end: int) -> None:
        """The brackets still open at `end` (a paragraph's end) are read up to it."""
        for start in squares:
            self.square(start, end)
        self.steps += sum(end - start for start, after_link in rounds if after_link)
