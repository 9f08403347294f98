"""MkDocs hooks for `wunschzeit serve`: the preview gets the search the built site gets.

`wunschzeit build` runs Pagefind after MkDocs (generator/build.py); MkDocs' dev server builds
into a folder of its own on every change, so with Pagefind as the search these hooks do the
same there: Material's index is not built, and Pagefind indexes each fresh build. Without
Pagefind they do nothing. serve.py adds this file to mkdocs.yml's `hooks` for the preview only.
`on_serve` has the dev server answer byte ranges, so the self-hosted player seeks (ranges.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.site import search
from generator.site.config import read_settings
from generator.site.ranges import answer_ranges


def on_pre_build(config: Any) -> None:
    if search.pagefind_enabled(Path(config.docs_dir)):
        search.silence_material_search(config)


def on_post_build(config: Any) -> None:
    if search.pagefind_enabled(Path(config.docs_dir)):
        root = Path(config.config_file_path).parent
        search.run_pagefind(Path(config.site_dir), read_settings(root).language)


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    answer_ranges(server)
    return server
