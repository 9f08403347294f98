"""Pagefind search for large archives, in place of Material's search box.

Material's search ships one index of every page to every reader: 17 MB for 1,000 talks of 20
questions. Pagefind indexes the built site into small chunks, and a query loads only the
chunks for its words (benchmarks/README.md has the numbers). `extra.wunschzeit.search` in mkdocs.yml chooses: `material`, `pagefind`,
or `auto` (the default: Pagefind above `THRESHOLD` talks).

Two halves: at render time, `outputs(archive)` gives the theme partial that replaces Material's
search box plus its script, and `filters(archive, talk)` the hidden filter values of a talk
page (expert, event, year); at build time, `pagefind_enabled(docs_dir)` sees that partial,
`silence_material_search(config)` keeps Material's plugin listed (so the theme still includes
the search partial) but stops it building its index, and `run_pagefind(site_dir, language)`
indexes talk, expert and event pages into `site/pagefind/` (in shards: site/search_index.py).
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from generator.constants import package_data
from generator.models import Archive, Output, Talk
from generator.site import search_index

THRESHOLD = 500  # talks; Material's index is several MB from here on
ASSETS = package_data("assets", "search")
PARTIAL = ".overrides/partials/search.html"
SCRIPT = "assets/wunschzeit-search.js"
OUTPUT = search_index.OUTPUT
_MATERIAL_SEARCH = ("material/search", "search")


def uses_pagefind(archive: Archive) -> bool:
    """Whether the archive gets Pagefind: by setting, or by size when it is `auto`."""
    mode = archive.settings.search
    return mode == "pagefind" or (mode == "auto" and len(archive.talks) > THRESHOLD)


def outputs(archive: Archive) -> dict[str, Output]:
    """The search partial and its script when Pagefind is used; nothing otherwise."""
    if not uses_pagefind(archive):
        return {}
    return {
        PARTIAL: (ASSETS / "search.html").read_text(encoding="utf-8"),
        SCRIPT: (ASSETS / "wunschzeit-search.js").read_text(encoding="utf-8"),
    }


def filters(archive: Archive, talk: Talk) -> str:
    """Hidden Pagefind filter values of a talk page: its experts, its event, its year."""
    if not uses_pagefind(archive):
        return ""
    values: list[tuple[str, str]] = []
    for expert_id in talk.experts:
        expert = archive.experts.get(expert_id)
        values.append(("expert", expert.name if expert else expert_id))
    event = archive.events.get(talk.event) if talk.event else None
    if event:
        values.append(("event", event.title))
    if talk.date:
        values.append(("year", str(talk.date.year)))
    spans = "".join(
        f'<span data-pagefind-filter="{key}:{html.escape(_one_line(value))}"></span>'
        for key, value in values
    )
    return f'<div class="wz-filters" hidden data-pagefind-ignore markdown="0">{spans}</div>'


def _one_line(value: str) -> str:
    # A comma would start a second filter inside the attribute value.
    return " ".join(value.split()).replace(",", "\\,")


def pagefind_enabled(docs_dir: Path) -> bool:
    """Whether the generated pages in `docs_dir` were rendered for Pagefind."""
    return (docs_dir / PARTIAL).is_file()


def silence_material_search(config: Any) -> None:
    """Keep Material's search plugin listed, but stop it from building its index.

    The theme includes `partials/search.html` only while the plugin is listed and enabled;
    dropping its event handlers saves the time and the megabytes of search_index.json.
    """
    plugins = config.plugins
    for name in _MATERIAL_SEARCH:
        plugin = plugins.get(name)
        if plugin is None:
            continue
        # New lists, not changed ones: the hooks of `wunschzeit serve` call this while
        # MkDocs loops over one of them.
        for event, handlers in list(plugins.events.items()):
            plugins.events[event] = [
                h for h in handlers if getattr(h, "__self__", None) is not plugin
            ]


def run_pagefind(
    site_dir: Path,
    language: str,
    output: Path | None = None,
    previous: search_index.Previous | None = None,
    shard_bytes: int | None = None,
) -> search_index.Index:
    """Index the built site into `site_dir/pagefind/` (or `output`), in shards; German words
    are stemmed as German. The shards of `previous` whose pages are unchanged are reused."""
    target = site_dir / OUTPUT if output is None else output
    return search_index.build(site_dir, language, target, previous, shard_bytes)
