"""`wunschzeit serve --dirty`: after one edit MkDocs rebuilds only the pages that changed."""

from __future__ import annotations

import os
import time
from pathlib import Path

import mkdocs.commands.serve
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from generator.cli import main
from generator.pipeline import generate as pipeline
from tests.helpers.sample_site import copy_sample


def test_dirty_option_reaches_mkdocs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Assert that `serve --dirty` asks MkDocs' dev server for dirty builds."""
    root = copy_sample(tmp_path / "archive")
    captured: dict[str, object] = {}
    monkeypatch.setattr(mkdocs.commands.serve, "serve", lambda **kwargs: captured.update(kwargs))
    assert main(["--root", str(root), "serve", "--dirty", "--dev-addr", "127.0.0.1:0"]) == 0
    assert captured["build_type"] == "dirty"
    assert captured["dev_addr"] == "127.0.0.1:0"


def test_dirty_rebuild_after_one_edit_touches_only_its_pages(tmp_path: Path) -> None:
    """Assert that a dirty build after one edit shows it and leaves the other talk's page alone."""
    root = copy_sample(tmp_path / "archive")
    site = tmp_path / "preview"
    pipeline.generate(root)
    build(load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site)))
    design = site / "talks/genf-design/index.html"
    aerodynamik = site / "talks/genf-aerodynamik/index.html"
    # MkDocs rebuilds a page whose source is newer than its HTML: sources an hour old, HTML
    # half an hour, so that only what generate rewrites now counts as changed.
    now = time.time()
    for folder, age in ((root / "site_src", 3600), (site, 1800)):
        for path in folder.rglob("*"):
            os.utime(path, (now - age, now - age))
    before = {page: page.stat().st_mtime_ns for page in (design, aerodynamik)}
    question = root / "content/talks/genf-design/gletscherblau.md"
    text = question.read_text(encoding="utf-8")
    question.write_text(text.replace('question: "', 'question: "Neu: ', 1), encoding="utf-8")
    report = pipeline.generate(root)
    assert "talks/genf-design.md" in report.written
    assert "talks/genf-aerodynamik.md" not in report.written
    build(load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site)), dirty=True)
    assert "Neu: " in design.read_text(encoding="utf-8")
    assert design.stat().st_mtime_ns > before[design]
    assert aerodynamik.stat().st_mtime_ns == before[aerodynamik]
