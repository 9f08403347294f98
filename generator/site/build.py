"""Run MkDocs in-process on an archive: its mkdocs.yml and site_src/ → the static site (site/).

MkDocs itself cleans site_dir and then writes into it, so a failed build would leave half a
site. We let MkDocs build into a fresh folder beside site_dir and swap it in only on success
(site/swap.py: atomically, and never over a folder we did not build): readers of a deployed
site/ never see a broken one, and some complete site/ exists even when a build is killed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from generator.constants import CONFIG
from generator.errors import WunschzeitError
from generator.pipeline.lock import archive_lock
from generator.pipeline.write import os_message
from generator.site import search, swap
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
            return _build(config, settings.language)
        except OSError as error:
            raise WunschzeitError(os_message(error)) from error


def _build(config: MkDocsConfig, language: str) -> Path:
    pagefind = search.pagefind_enabled(Path(config.docs_dir))
    if pagefind:
        search.silence_material_search(config)
    site_dir = Path(config.site_dir)
    swap.recover(site_dir)
    swap.check_replaceable(site_dir)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    fresh = swap.new_folder(site_dir)
    try:
        config.site_dir = str(fresh)
        _run(config)
        if pagefind:
            search.run_pagefind(fresh, language)
        swap.finish(fresh)
        swap.swap(fresh, site_dir)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)  # after a swap: the previous site
    return site_dir


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


def _run(config: MkDocsConfig) -> None:
    try:
        mkdocs_build(config)
    except MkDocsException as error:
        raise WunschzeitError(f"MkDocs build failed: {error.format_message()}") from None
