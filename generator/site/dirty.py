"""MkDocs' dirty build, made safe: after an edit, only the pages whose sources changed.

Takes the MkDocs config and the site folder a complete earlier build left; gives a `Plan`
(which docs_dir files changed since that build) when an incremental build gives the same
site as a full one, else None. Then `stage` fills the fresh build folder with hard links to
the previous site's files (cheap: no bytes copied) and `Hook` has MkDocs write only the
changed pages and files, each into a new file: a write into a linked file would change the
live site too, so every file MkDocs will write is unlinked first. The previous site stays
complete until the swap, so a killed build leaves it as it was.

What falls back to a full build: a docs_dir file added or deleted (the file list, links and
sitemap change), a changed file below a dot-folder (the theme overrides), mkdocs.yml or the
generator, MkDocs, Material or Pagefind changed, a nav entry without its own title (it would
show the title of a page a dirty build does not read), plugins besides the search (their
output is made from all pages), Material's search index (the same), --strict (warnings about
unchanged pages would be missed), or no record of the last build made on this machine
(`<docs_dir>/.wunschzeit-cache/site.json`, see pipeline/stamps.py).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.metadata
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from generator.pipeline import stamps
from generator.site import swap

SITE = "site.json"
_FORMAT = 1
_PACKAGES = ("mkdocs", "mkdocs-material", "pymdown-extensions", "Markdown", "pagefind")
_SEARCH = frozenset({"search", "material/search"})
_BOOKKEEPING = ".wunschzeit-"  # write's record, freshness' state, the caches
Sources = dict[str, list[int]]  # docs_dir path → [size, mtime_ns, inode]


@dataclass(frozen=True)
class Plan:
    """The docs_dir files (POSIX, relative) changed since the build now in site_dir."""

    changed: frozenset[str]


def sources(docs_dir: Path) -> Sources:
    """Size, time and inode of every docs_dir file (write replaces a changed file: new inode).

    Not the generator's bookkeeping (`.wunschzeit-*`), which MkDocs does not read.
    """
    found: Sources = {}
    for folder, dirs, names in os.walk(docs_dir):
        base = Path(folder).relative_to(docs_dir).as_posix()
        if base == ".":
            dirs[:] = [d for d in dirs if not d.startswith(_BOOKKEEPING)]
            names = [n for n in names if not n.startswith(_BOOKKEEPING)]
        for name in names:
            stat = os.stat(os.path.join(folder, name))
            key = name if base == "." else f"{base}/{name}"
            found[key] = [stat.st_size, stat.st_mtime_ns, stat.st_ino]
    return found


def settings_digest(config: MkDocsConfig) -> str:
    """mkdocs.yml's bytes, the generator and the versions of what builds the site."""
    digest = hashlib.sha256(Path(config.config_file_path).read_bytes())
    digest.update(stamps.code_digest().encode())
    for name in _PACKAGES:
        try:
            digest.update(f"\0{name}={importlib.metadata.version(name)}".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"\0{name}=-".encode())
    return digest.hexdigest()


def plan(
    folder: stamps.Folder, config: MkDocsConfig, site_dir: Path, *, pagefind: bool, strict: bool
) -> Plan | None:
    """What changed since the build in site_dir, when building only that is sound."""
    if strict or not pagefind or not plain(config):
        return None
    marker = site_dir / swap.MARKER
    record = folder.read(SITE, _FORMAT)
    if not isinstance(record, dict) or not marker.is_file():
        return None
    if record.get("built") != marker.read_text("utf-8") or record.get("site") != str(site_dir):
        return None
    if record.get("settings") != settings_digest(config):
        return None
    before, now = record.get("sources"), sources(Path(config.docs_dir))
    if not isinstance(before, dict) or before.keys() != now.keys():
        return None
    changed = frozenset(key for key, stat in now.items() if before[key] != stat)
    if any(part.startswith(".") for key in changed for part in key.split("/")):
        return None
    return Plan(changed)


def nav_pages(config: MkDocsConfig) -> frozenset[str]:
    """The pages of the nav: read on every build, since every page shows their front matter
    (Material's nav icons and badges)."""
    found: set[str] = set()
    pending = list(config.nav or [])
    while pending:
        item = pending.pop()
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            pending.extend(value)
        elif isinstance(value, str):
            found.add(value)
    return frozenset(found)


def remember(folder: stamps.Folder, config: MkDocsConfig, site_dir: Path, before: Sources) -> None:
    """Record the build now in site_dir for the next `plan`: its id and its sources."""
    record = {
        "built": (site_dir / swap.MARKER).read_text("utf-8"),
        "site": str(site_dir),
        "settings": settings_digest(config),
        "sources": before,
    }
    folder.write(SITE, _FORMAT, record)


def plain(config: MkDocsConfig, *, own_hook: str | None = None) -> bool:
    """No plugin but the search, no hooks (but `own_hook`, the preview's), and a nav whose
    every entry names its title."""
    names = set(config.plugins.keys()) - {own_hook}  # MkDocs lists hooks as plugins too
    written: Any = config.hooks  # MkDocs types it as modules; it holds {path as written: module}
    hooks = [name for name in written if str(name) != own_hook]
    if not names <= _SEARCH or hooks:
        return False
    return config.nav is not None and all(_titled(item) for item in config.nav)


def _titled(item: Any) -> bool:
    if not isinstance(item, dict) or len(item) != 1:
        return False  # a bare path: its title comes from the page
    value = next(iter(item.values()))
    return all(_titled(i) for i in value) if isinstance(value, list) else isinstance(value, str)


def stage(site_dir: Path, fresh: Path, skip: tuple[str, ...]) -> None:
    """Fill `fresh` with hard links to site_dir's files, but not those below `skip`."""
    for folder, dirs, names in os.walk(site_dir):
        base = Path(folder).relative_to(site_dir)
        dirs[:] = [d for d in dirs if (base / d).as_posix() not in skip]
        for name in dirs:
            (fresh / base / name).mkdir()
        for name in names:
            if (base / name).as_posix() not in skip:
                os.link(Path(folder, name), fresh / base / name, follow_symlinks=False)


class Hook:
    """An `on_files` handler: MkDocs writes only the changed files, each into a new inode."""

    def __init__(self, changed: frozenset[str]) -> None:
        self.changed = changed

    def __call__(self, files: Files, config: MkDocsConfig) -> Files:
        for file in files:
            write = self._writes(file)
            # MkDocs asks each file whether to write it: by its times, which say too little.
            file.is_modified = functools.partial(bool, write)  # type: ignore[method-assign]
            if write:
                _unlink(file.abs_dest_path)
        for path in _templates(files, config):
            _unlink(path)
        return files

    def _writes(self, file: File) -> bool:
        if file.generated_by is not None or file.abs_src_path is None:
            return True  # made by a plugin or the theme: written on every build
        return file.src_uri in self.changed or not os.path.isfile(file.abs_dest_path)


def _templates(files: Files, config: MkDocsConfig) -> Iterator[str]:
    """The files MkDocs writes on every build, dirty or not: sitemap, 404 page, templates."""
    for name in config.theme.static_templates:
        yield os.path.join(config.site_dir, name)
        yield os.path.join(config.site_dir, name + ".gz")
    for name in config.extra_templates:
        file = files.get_file_from_path(name)
        if file is not None:
            yield file.abs_dest_path


def _unlink(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


class _NotTheDirtyWarning(logging.Filter):
    """MkDocs warns that a dirty build may show stale navigation: `plan` ruled that out."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    logger = logging.getLogger("mkdocs.commands.build")
    note = _NotTheDirtyWarning()
    logger.addFilter(note)
    try:
        yield
    finally:
        logger.removeFilter(note)
