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

The preview (site/serve.py) builds into its own folder, rebuilding after each edit by the same
rules. `Recorder` keeps what a MkDocs build made in memory (`Built`: config, files, nav, theme)
and `rebuild` builds only the changed pages and files with it, as MkDocs' dirty build does but
without listing docs_dir and making a Page of every file again; a changed static file is
copied into the site.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.metadata
import logging
import os
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.utils import get_build_date

from generator.pipeline import stamps
from generator.pipeline.write import read_record
from generator.site import swap

SITE = "site.json"
_FORMAT = 1
_PACKAGES = ("mkdocs", "mkdocs-material", "pymdown-extensions", "Markdown", "pagefind")
_SEARCH = frozenset({"search", "material/search"})
_BOOKKEEPING = ".wunschzeit-"  # write's record, freshness' state, the caches
Sources = dict[str, list[int]]  # docs_dir path → [size, mtime_ns, inode]
_log = logging.getLogger("mkdocs.commands.build")  # where MkDocs' build logs


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


@dataclass
class Built:
    """What one MkDocs build of the preview held in memory: its config (its events already
    run), files, nav (every page of the site, read by that build or a later `rebuild`) and
    theme environment; the build date its pages carry (the sitemap's) and the pages the
    generator had written (rawhtml's `Stash` of the config stashes those)."""

    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: jinja2.Environment
    date: str
    generated: frozenset[str]

    @functools.cached_property
    def documentation(self) -> Sequence[File]:
        """The pages MkDocs builds for the preview, in its order."""
        from mkdocs.structure.files import InclusionLevel

        return self.files.documentation_pages(inclusion=InclusionLevel.is_in_serve)

    def drop_html(self, pages: Iterable[File]) -> None:
        """Forget the HTML of `pages`, written into the site: no page's build reads another's
        (470 MB at 5,000 talks x 20, held between builds otherwise)."""
        for file in pages:
            if file.page is not None:
                file.page.content = None

    def holds(self) -> bool:
        """Whether a build now would make the same files, nav and config (given the same
        mkdocs.yml, file list and theme: `Preview._changed`)."""
        return self.date == get_build_date() and self.generated == _generated(self.config)


class Recorder:
    """Takes the files, nav and theme environment of one MkDocs build of `config` (its `nav` and
    `env` events, run after every other handler of them)."""

    def __init__(self, config: MkDocsConfig) -> None:
        self.config = config
        self._nav: Navigation | None = None
        self._env: jinja2.Environment | None = None
        self._files: Files | None = None
        self._date = get_build_date()  # before the build: the date its pages get
        self._generated = _generated(config)
        config.plugins.events["nav"].append(self._on_nav)
        config.plugins.events["env"].append(self._on_env)

    def _on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> None:
        self._nav = nav

    def _on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> None:
        self._env, self._files = env, files

    def built(self) -> Built | None:
        """The finished build's state (None if the build did not get as far as its pages)."""
        if self._nav is None or self._env is None or self._files is None:
            return None
        built = Built(self.config, self._files, self._nav, self._env, self._date, self._generated)
        built.drop_html(built.documentation)
        return built


def _place(file: File) -> None:
    """A static file into the site: MkDocs' copy. Never a hard link to the file in docs_dir:
    linking moves the change time of the file generate wrote, so its page record would no
    longer trust the file (archive.json and the feeds were rendered anew on the next edit,
    2.8 s at 5,000 talks x 20, where the copy of the 71 MB archive.json costs 0.06 s)."""
    file.copy_file()


def _same_sitemap(template: str, env: jinja2.Environment) -> bool:
    """Whether `template` is MkDocs' own sitemap: made of the pages' urls and build date only,
    which stay while a `Built` holds, so the one in the site is still what a build makes."""
    import mkdocs

    own = os.path.join(os.path.dirname(mkdocs.__file__), "templates", "sitemap.xml")
    return template == "sitemap.xml" and env.get_template(template).filename == own


def _generated(config: MkDocsConfig) -> frozenset[str]:
    return frozenset(read_record(Path(config.docs_dir)) or ())


# The steps of MkDocs' build that `rebuild` calls: private functions of
# mkdocs.commands.build, as MkDocs 1.6 has them. Another minor version may change them.
_STEPS = ("_populate_page", "_build_page", "_build_theme_template", "_build_extra_template")
_REBUILDS_ON = "1.6."


def can_rebuild() -> bool:
    """Whether this MkDocs is one `rebuild` was written for; else the preview lets MkDocs'
    own build make each build (slower: it lists docs_dir and makes every page anew)."""
    import mkdocs
    from mkdocs.commands import build

    version = str(getattr(mkdocs, "__version__", ""))
    steps = all(callable(getattr(build, name, None)) for name in _STEPS)
    return version.startswith(_REBUILDS_ON) and steps


def rebuild(built: Built, changed: frozenset[str]) -> None:
    """MkDocs' dirty build (commands/build.py's `build(dirty=True)`), of the `changed` docs_dir
    files only, with `built`'s config, files, nav and theme instead of making them anew.

    MkDocs' own lists every docs_dir file, makes a Page of each for the nav and asks each file
    whether its HTML is older than its source: at 5,000 talks x 20 (~6,000 pages, ~15,000
    files) that is most of its 0.5 s after one edit. Sound when the file list, mkdocs.yml,
    theme and date are those of `built` (the caller's checks): the pages then are the same
    objects with the same titles, urls and neighbours, and the changed ones are read again.
    The page, template and build events run as in MkDocs' build; config, files, nav and env
    events ran when `built` was made.
    """
    from mkdocs.commands import build as mkdocs
    from mkdocs.exceptions import Abort, BuildError
    from mkdocs.structure.files import InclusionLevel
    from mkdocs.structure.pages import Page
    from mkdocs.utils import CountHandler

    config, files, nav, env = built.config, built.files, built.nav, built.env
    logger = logging.getLogger("mkdocs")
    warnings = CountHandler()
    warnings.setLevel(logging.WARNING)
    if config.strict:
        logger.addHandler(warnings)
    inclusion = InclusionLevel.is_in_serve
    found = (files.get_file_from_path(path) for path in sorted(changed))
    touched = [f for f in found if f is not None and inclusion(f.inclusion)]  # type: ignore[no-untyped-call]
    pages = [file for file in touched if file.is_documentation_page()]
    try:
        start = time.monotonic()
        config.plugins.on_pre_build(config=config)
        for file in pages:
            if file.page is None and file.inclusion.is_not_in_nav():  # type: ignore[no-untyped-call]
                Page(None, file, config)  # as MkDocs' build
            assert file.page is not None
            mkdocs._populate_page(file.page, config, files)
        for file in touched:  # written first: lower precedence than the templates and pages
            if not file.is_documentation_page():
                _place(file)
        for template in config.theme.static_templates:
            if not _same_sitemap(template, env):
                mkdocs._build_theme_template(template, env, files, config, nav)
        for template in config.extra_templates:
            mkdocs._build_extra_template(template, files, config, nav)
        for file in pages:
            assert file.page is not None
            excluded = file.inclusion.is_excluded()  # type: ignore[no-untyped-call]
            mkdocs._build_page(file.page, config, built.documentation, nav, env, excluded=excluded)
        for file in pages:  # as in MkDocs' dirty build: the links of the rebuilt pages
            assert file.page is not None
            file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        config.plugins.on_post_build(config=config)
        built.drop_html(pages)
        if counts := warnings.get_counts():
            shown = ", ".join(f"{count} {level.lower()}s" for level, count in counts)
            raise Abort(f"Aborted with {shown} in strict mode!")
        _log.info(f"Documentation built in {time.monotonic() - start:.2f} seconds")
    except Exception as error:
        config.plugins.on_build_error(error=error)
        if isinstance(error, BuildError):
            _log.error(str(error))
            raise Abort("Aborted with a BuildError!") from None
        raise
    finally:
        logger.removeHandler(warnings)


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
