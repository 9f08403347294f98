"""Importers: one parser per export format, registered by the name `wunschzeit import` takes.

Each parser takes a file path and `Options` and gives the file's questions as `Incoming`
records and the items it left out as `Skipped` with a reason (`Parsed`), or raises
`ImportProblem` naming the file and line. Privacy scrubbing, ids, merges
and writing are the same for every format: see `generator.intake.plan`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from generator.intake.formats import csv_import, disqus, live_chat, slido, text, wxr
from generator.intake.formats.base import (
    ImportProblem,
    Incoming,
    OptionProblem,
    Options,
    Parsed,
    Skipped,
)

Parser = Callable[[Path, Options], Parsed]

FORMATS: dict[str, Parser] = {
    "csv": csv_import.parse,
    "slido": slido.parse,
    "wxr": wxr.parse,
    "disqus": disqus.parse,
    "live-chat": live_chat.parse,
    "text": text.parse,
}

__all__ = [
    "FORMATS",
    "ImportProblem",
    "Incoming",
    "OptionProblem",
    "Options",
    "Parsed",
    "Parser",
    "Skipped",
]
