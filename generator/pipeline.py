"""The whole pipeline in order: load → validate → enrich → link → render → write.

`build_archive` is pure (reads files, writes nothing); `generate` writes site_src/.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from pathlib import Path

from generator import enrich, link, load, render, validate, write
from generator.config import read_settings
from generator.models import Archive


def build_archive(root: Path) -> Archive:
    """Read and check everything under `root`; raise ContentError with all problems."""
    with paused_gc():
        settings = read_settings(root)
        sources = load.load(root)
        content = validate.validate(sources)
        content = enrich.enrich(content, root)
        return link.link(content, settings, root)


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while the stages build their records.

    They create hundreds of thousands of objects and free few, and each full collection walks
    all of them: with 100,000 questions that made loading grow faster than the archive. The
    records hold no reference cycles; reference counting frees what is dropped.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def generate(root: Path) -> write.WriteReport:
    """Write the pages of the archive under `root` into its docs_dir (site_src/)."""
    archive = build_archive(root)
    outputs = render.render(archive)
    return write.write(outputs, root / archive.settings.docs_dir)
