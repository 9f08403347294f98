"""The whole pipeline in order: load → validate → enrich → link → render → write.

`build_archive` is pure (reads files, writes nothing); `generate` writes site_src/.
"""

from __future__ import annotations

from pathlib import Path

from generator import enrich, link, load, render, validate, write
from generator.config import read_settings
from generator.models import Archive


def build_archive(root: Path) -> Archive:
    """Read and check everything under `root`; raise ContentError with all problems."""
    settings = read_settings(root)
    sources = load.load(root)
    content = validate.validate(sources)
    content = enrich.enrich(content, root)
    return link.link(content, settings, root)


def generate(root: Path) -> write.WriteReport:
    """Write the pages of the archive under `root` into its docs_dir (site_src/)."""
    archive = build_archive(root)
    outputs = render.render(archive)
    return write.write(outputs, root / archive.settings.docs_dir)
