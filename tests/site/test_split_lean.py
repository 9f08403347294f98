"""`split.lean`: MkDocs holds each page's HTML packed until the page is written and lets go of
its text then, and the site stays byte for byte what MkDocs builds keeping it all (Pagefind
skipped, as in test_split_build.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.pipeline.generate import generate
from generator.site import dirty, search, split
from tests.site.test_split_build import _built, _files, _sample, _synthetic


@pytest.fixture(autouse=True)
def _no_pagefind(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "run_pagefind", lambda *args, **kwargs: None)


@pytest.mark.parametrize("archive", [_sample, _synthetic], ids=["sample", "synthetic-40"])
def test_letting_go_of_the_pages_text_changes_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, archive: object
) -> None:
    """Assert that the site built letting go of each page's text equals the one built
    keeping it, in one process and in two."""
    root = archive(tmp_path / "archive")  # type: ignore[operator]
    generate(root)
    lean = _files(_built(root, monkeypatch, parts=1))
    two = _files(_built(root, monkeypatch, parts=2))
    monkeypatch.setattr(split, "lean", lambda config: None)
    kept = _files(_built(root, monkeypatch, parts=1))
    assert len(kept) > 50
    assert sorted(lean) == sorted(kept) == sorted(two)
    assert [name for name in kept if kept[name] != lean[name]] == []
    assert [name for name in kept if kept[name] != two[name]] == []


def test_every_page_is_let_go_by_the_end_of_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Assert that once MkDocs has read every page, and when its build ends, no page holds
    its Markdown or HTML (between the two, its HTML is packed)."""
    root = _sample(tmp_path / "archive")
    generate(root)
    found: dict[str, Any] = {}
    real = split.lean

    def probed(config: Any) -> None:
        real(config)
        events = config.plugins.events

        def held(files: Any) -> list[str]:
            pages = [f.page for f in files.documentation_pages()]
            found["pages"] = len(pages)
            return [p.file.src_uri for p in pages if p.markdown or p.content]

        def env(env: Any, config: Any, files: Any) -> Any:  # every page read, none written
            found["files"], found["read"] = files, held(files)
            return env

        def post_build(config: Any) -> None:
            found["held"] = held(found["files"])

        events["env"] = [*events["env"], env]
        events["post_build"] = [*events["post_build"], post_build]

    monkeypatch.setattr(split, "lean", probed)
    _built(root, monkeypatch, parts=1)
    assert found["pages"] > 20
    assert found["read"] == []
    assert found["held"] == []


def test_a_site_with_its_own_plugins_or_hooks_keeps_the_pages_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Assert that where a plugin or hook of mkdocs.yml might read the pages after they are
    written (not dirty.plain), nothing is let go."""
    from generator.site.build import load_mkdocs_config

    root = _sample(tmp_path / "archive")
    generate(root)
    config = load_mkdocs_config(root / "mkdocs.yml")
    events = config.plugins.events
    before = {name: len(events[name]) for name in ("page_content", "page_context", "post_page")}
    monkeypatch.setattr(dirty, "plain", lambda config: False)
    split.lean(config)
    assert {name: len(events[name]) for name in before} == before
    monkeypatch.undo()
    split.lean(config)
    assert {name: len(events[name]) - before[name] for name in before} == dict.fromkeys(before, 1)
