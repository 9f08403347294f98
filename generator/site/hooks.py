"""MkDocs hooks for `wunschzeit serve`: the preview gets the search the built site gets.

`wunschzeit build` runs Pagefind after MkDocs (site/build.py). With Pagefind as the search, the
preview's builds do not build Material's index either; serve_search.py indexes each build with
Pagefind in the background. Without Pagefind they do nothing. serve.py adds this file to
mkdocs.yml's `hooks` for the preview only. `on_serve` has the dev server answer byte ranges, so
the self-hosted player seeks (ranges.py). `on_env` keeps the compiled theme templates from one
build to the next: every build compiles them anew, about 0.4 s of a preview's 0.6 s dirty build
of the sample. `on_config` has the generated pages' raw HTML stashed past Python-Markdown, as
`wunschzeit build` has it (rawhtml.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from generator.site import rawhtml, search
from generator.site.ranges import answer_ranges


def on_config(config: Any) -> Any:
    rawhtml.register(config)
    return config


def on_pre_build(config: Any) -> None:
    if search.pagefind_enabled(Path(config.docs_dir)):
        search.silence_material_search(config)


class CompiledTemplates(jinja2.BytecodeCache):
    """Jinja's compiled templates in memory; a bucket is used only for the same source text."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


COMPILED = CompiledTemplates()


def on_env(env: Any, config: Any, files: Any) -> Any:
    # MkDocs loads this file anew with each build's config; the cache lives in the imported
    # module, as long as the preview.
    from generator.site import hooks

    env.bytecode_cache = hooks.COMPILED
    return env


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    answer_ranges(server)
    return server
