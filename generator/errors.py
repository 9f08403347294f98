"""One root exception type, and the Problem every stage reports: `path:line: message`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, at a place the editor can open."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class WunschzeitError(Exception):
    """Root of every error Wunschzeit raises on purpose."""


class ContentError(WunschzeitError):
    """The content has problems; all of them, sorted by path and line."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(sorted(set(problems)))
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(WunschzeitError):
    """The command was called wrongly (exit code 2)."""
