"""`wunschzeit generate`: write the pages into site_src/ only.

Takes the archive; the pipeline decides whether anything changed and writes; this shows the
warnings and what was written, and gives 1 when --strict (of `build`) refuses the warnings.
"""

from __future__ import annotations

import argparse
import contextlib
from pathlib import Path

from generator.cli.common import Command, count, no_arguments, root_of, warned
from generator.cli.console import out, status


def run(args: argparse.Namespace) -> int:
    from generator.pipeline import generate as pipeline

    root = root_of(args)
    strict = bool(getattr(args, "strict", False))
    generated = pipeline.generate_pages(root, strict=strict, step=_Spinner(root))
    if not warned(generated.warnings, args) or generated.report is None:
        return 1
    if generated.skipped:
        files = count(len(generated.report.unchanged), "file")
        out(f"{generated.docs_dir}/: nothing changed since the last run ({files})")
    else:
        out(f"{generated.docs_dir}/: {generated.report.summary}")
    return 0


class _Spinner:
    """A spinner for each stage of the pipeline, for a person at a terminal."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def __call__(self, stage: str) -> contextlib.AbstractContextManager[None]:
        if stage != "write":
            return status("Reading the archive")
        from generator.site.config import read_settings

        docs_dir = read_settings(self.root).docs_dir
        return status(f"Rendering and writing {docs_dir}/", animated=False)  # render forks


COMMAND = Command("generate", "write the pages into site_src/ only", no_arguments, run)
