"""Run MkDocs in-process on an archive: its mkdocs.yml and site_src/ → the static site (site/).

MkDocs itself cleans site_dir and then writes into it, so a failed build would leave half a
site. We let MkDocs build into a fresh folder beside site_dir and swap it in only on success
(site/swap.py: atomically, and never over a folder we did not build): readers of a deployed
site/ never see a broken one, and some complete site/ exists even when a build is killed.
After an edit, the fresh folder starts as hard links to the previous site and MkDocs builds
only the changed pages into it (site/dirty.py says when that is sound; otherwise everything is
built). A full build of a large site runs on two cores (site/split.py). Pagefind re-indexes
only the shards of the search index whose pages changed (site/search_index.py). The previous
site is deleted in the background after the swap (site/trash.py).
MkDocs gets the generated pages' raw HTML stashed past Python-Markdown (site/rawhtml.py).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from generator.constants import CONFIG
from generator.errors import WunschzeitError
from generator.pipeline import stamps
from generator.pipeline.lock import archive_lock
from generator.pipeline.write import os_message
from generator.site import dirty, rawhtml, search, search_index, split, swap, trash
from generator.site.config import read_settings


def build_site(root: Path, *, strict: bool = False) -> Path:
    """Build the site of the archive at `root`; return the site folder.

    When the pages were generated for Pagefind (see generator/search.py), Material's search
    index is not built and Pagefind indexes the fresh site before it is swapped in.
    """
    settings = read_settings(root)  # refuses a site_dir or docs_dir that holds the editor's files
    config = load_mkdocs_config(root / CONFIG, strict=strict)
    with archive_lock(root):
        try:
            return _build(config, settings.language, stamps.Folder(root, settings.docs_dir))
        except OSError as error:
            raise WunschzeitError(os_message(error)) from error


def _build(config: MkDocsConfig, language: str, cache: stamps.Folder) -> Path:
    pagefind = search.pagefind_enabled(Path(config.docs_dir))
    if pagefind:
        search.silence_material_search(config)
    site_dir = Path(config.site_dir)
    trash.empty(cache.path)
    swap.recover(site_dir)
    swap.check_replaceable(site_dir)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    sources = dirty.sources(Path(config.docs_dir))  # before MkDocs reads them
    plan = dirty.plan(cache, config, site_dir, pagefind=pagefind, strict=bool(config.strict))
    if plan is not None and not plan.changed:
        return site_dir  # built from these very files (but the sitemap's date: MkDocs' day)
    fresh = swap.new_folder(site_dir)
    try:
        config.site_dir = str(fresh)
        pages = sum(1 for name in sources if name.endswith(".md"))
        _run(config, plan, site_dir, split.parts(config, pages, pagefind=pagefind))
        index = None
        if pagefind:
            index = search.run_pagefind(fresh, language, previous=_previous_index(cache, site_dir))
        swap.finish(fresh)
        swap.swap(fresh, site_dir)
        dirty.remember(cache, config, site_dir, sources)
        if index is not None:
            search_index.remember(cache, site_dir, index)
    finally:
        trash.discard(fresh, cache.path)  # after a swap: the previous site
    return site_dir


def _previous_index(cache: stamps.Folder, site_dir: Path) -> search_index.Previous | None:
    """The search index of the site now in site_dir, whose unchanged shards the new one reuses."""
    return search_index.previous(cache, site_dir) if site_dir.is_dir() else None


def load_mkdocs_config(config_file: Path, *, strict: bool = False) -> MkDocsConfig:
    """mkdocs.yml loaded and checked by MkDocs; its problems as WunschzeitError."""
    try:
        config = load_config(config_file=str(config_file), strict=strict)
    except MkDocsException as error:
        raise WunschzeitError(
            f"{config_file}: MkDocs cannot use it: {error.format_message()}"
        ) from None
    except OSError as error:
        raise WunschzeitError(f"{config_file}: cannot read it: {error.strerror}") from error
    return config


def _run(config: MkDocsConfig, plan: dirty.Plan | None, site_dir: Path, parts: int) -> None:
    """A full build into config.site_dir, by `parts` processes; with a plan, only the changed
    files of site_dir's."""
    rawhtml.register(config)
    split.lean(config)  # each page's text is let go once it is written
    try:
        if plan is None and parts > 1:
            split.build(config, parts)
            return
        if plan is None:
            mkdocs_build(config)
            return
        dirty.stage(site_dir, Path(config.site_dir), skip=(swap.MARKER, search.OUTPUT))
        config.plugins.events["files"].append(dirty.Hook(plan.changed | dirty.nav_pages(config)))
        with dirty.quiet():
            mkdocs_build(config, dirty=True)
    except MkDocsException as error:
        raise WunschzeitError(f"MkDocs build failed: {error.format_message()}") from None
