"""The live preview: serve the archive with MkDocs' dev server, rebuilding it after each change.

Takes an archive root and a dev address; gives a running server until Ctrl-C. MkDocs' dev server
(`LiveReloadServer`) runs its builds one at a time in one thread, coalesces the changes that
arrive during a build into one more build, and holds requests while a build runs. We have it
watch what the editor edits (content/, media/, videos.yml, mkdocs.yml) instead of site_src/, and
each build regenerates site_src/ and then builds it, holding the archive's lock throughout. So an
edit gives one build, started after its generate has finished, and no MkDocs build reads
site_src/ while generate (ours, or a `wunschzeit generate` run beside the preview) writes it.
MkDocs watching site_src/ itself built twice per edit, and 1 edit in 3 crashed on a page
rewritten between MkDocs' read and render passes. A regeneration with content errors builds
nothing, so the editor keeps the last good preview while fixing them. With Pagefind as the
search, the index is rebuilt in the background (serve_search.py), not in the edit's build.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import ObservedWatch

from generator.constants import CONFIG, VIDEOS, package_data
from generator.errors import ContentError, WunschzeitError
from generator.pipeline.lock import archive_lock
from generator.pipeline.resident import Resident
from generator.pipeline.write import WriteReport
from generator.site import dirty as dirty_site
from generator.site import search
from generator.site.config import read_settings
from generator.site.serve_search import PreviewSearch

Generate = Callable[[Path], WriteReport]
Report = Callable[[str], None]

# No Material index beside Pagefind, and byte ranges so the self-hosted player seeks: see there.
HOOKS = package_data("site", "hooks.py")
_WATCHED_FILES = (VIDEOS, CONFIG)
_WATCHED_DIRS = ("content", "media")
# Reading files makes inotify report "opened"/"closed_no_write"; reacting to those would make
# every build trigger the next one.
_CHANGES = frozenset({"created", "modified", "deleted", "moved", "closed"})
# Seconds without changes before a build starts: an editor's save is a burst of events.
QUIET = 0.2


def _pipeline_generate(root: Path, resident: Resident | None = None) -> WriteReport:
    from generator.pipeline import generate as pipeline

    report = pipeline.generate_pages(root, resident=resident).report
    assert report is not None  # only --strict refuses to write
    return report


class Regenerator:
    """Regenerates site_src/ of one archive, reporting content errors instead of raising them."""

    def __init__(self, root: Path, report: Report, generate: Generate = _pipeline_generate) -> None:
        self.root = root
        self._report = report
        self._generate = generate

    def regenerate(self) -> bool:
        """Regenerate now; on errors report them, keep site_src/ as it is, and return False."""
        try:
            result = self._generate(self.root)
        except ContentError as error:
            for problem in error.problems:
                self._report(str(problem))
            count = len(error.problems)
            noun = "error" if count == 1 else "errors"
            self._report(f"{count} {noun}; the preview shows the last good version")
            return False
        except WunschzeitError as error:
            self._report(f"wunschzeit: error: {error}")
            return False
        if result.written or result.deleted:
            self._report(f"regenerated: {result.summary}")
        return True


class ChangeHandler(FileSystemEventHandler):
    """Passes changes of the editor's files under `root` on to `handler` (MkDocs' server's)."""

    def __init__(self, root: Path, handler: FileSystemEventHandler) -> None:
        self.root = root.absolute()
        self.handler = handler

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in _CHANGES and self.is_relevant(event):
            self.handler.dispatch(event)

    def is_relevant(self, event: FileSystemEvent) -> bool:
        paths = [event.src_path, getattr(event, "dest_path", "") or ""]
        return any(_is_watched(Path(_text(p)).absolute(), self.root) for p in paths if p)


def _text(path: str | bytes) -> str:
    return path.decode() if isinstance(path, bytes) else path


def _is_watched(path: Path, root: Path) -> bool:
    try:
        relative = path.relative_to(root)
    except ValueError:
        return False
    if not relative.parts:
        return False
    if len(relative.parts) == 1:
        return relative.name in _WATCHED_FILES or relative.name in _WATCHED_DIRS
    return relative.parts[0] in _WATCHED_DIRS


class EditorObserver:
    """The observer MkDocs' server watches with: inotify (or the platform's), editor's changes only.

    MkDocs' own polls every file under a watched folder twice a second, which at 100,000
    question files keeps a core busy; and it reacts to every event, where reading a file is one
    for inotify. Only the methods LiveReloadServer calls.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._observer = Observer()

    def schedule(
        self, handler: FileSystemEventHandler, path: str, *, recursive: bool = False
    ) -> ObservedWatch:
        return self._observer.schedule(ChangeHandler(self.root, handler), path, recursive=recursive)

    def unschedule(self, watch: ObservedWatch) -> None:
        self._observer.unschedule(watch)

    def start(self) -> None:
        self._observer.start()

    def stop(self) -> None:
        self._observer.stop()

    def join(self, timeout: float | None = None) -> None:
        self._observer.join(timeout)


def _hooks_of(config_file: Path) -> list[str]:
    """The `hooks` of mkdocs.yml as written, to be kept when the preview adds its own."""
    from generator.site.build import load_mkdocs_config

    # MkDocs types `hooks` as a list of modules; it holds {path as written: module}.
    hooks: Any = load_mkdocs_config(config_file).hooks
    return [str(name) for name in hooks]


class Preview:
    """One archive's preview: MkDocs' dev server, and the builds it runs after changes.

    With `dirty` (the default), a build after an edit has MkDocs rebuild only the pages whose
    files changed (its `--dirty`): write leaves every other page untouched, so an edit rebuilds
    its talk, tag and expert pages instead of the whole site. Only when that gives the same
    pages as a full build (`_changed`, the rules of site/dirty.py): the same site_src/
    files as the last build (none added or deleted), no changed theme override, the same
    mkdocs.yml, no plugin but the search and no hook but the preview's own, and Pagefind as
    the search (Material's index would hold only the rebuilt pages). Otherwise, and
    always without `dirty`, MkDocs builds everything. mkdocs.yml's `hooks` are read once.
    Such a build reuses the config, files, nav and theme the last build made (`dirty.rebuild`),
    while they hold: the same day and the same generated pages besides, on the MkDocs minor
    version it calls the private build steps of (`dirty.can_rebuild`).
    """

    def __init__(self, root: Path, dev_addr: str, report: Report, *, dirty: bool = True) -> None:
        from mkdocs.livereload import LiveReloadServer, _serve_url

        self.root = root
        self._report = report
        self.dirty = dirty
        # The pipeline's caches, kept here between builds instead of read back (resident.py).
        self.resident = Resident()
        self._regenerator = Regenerator(root, report, self._generate)
        self._generate(root)  # errors here end the command: there is no good preview yet
        self._hooks = [*_hooks_of(root / CONFIG), str(HOOKS)]
        self.site_dir = Path(tempfile.mkdtemp(prefix="wunschzeit-serve-"))
        self._dev_addr = dev_addr
        config = self._config()
        host, port = config.dev_addr
        mount_path = urlsplit(config.site_url or "/").path
        self.url = _serve_url(host, port, mount_path)
        self.search = PreviewSearch(self.site_dir, report)
        self.builds = 0  # finished MkDocs builds, for tests and the console
        self.dirty_builds = 0  # of them, the builds of only the changed pages
        self._built: tuple[bytes, dirty_site.Sources] | None = None  # mkdocs.yml and site_src/ then
        self._kept: dirty_site.Built | None = None  # what that build held in memory
        self.server = LiveReloadServer(
            self.build, host, port, str(self.site_dir), mount_path=mount_path
        )
        self.server.observer = EditorObserver(root)  # type: ignore[assignment]
        self.server.build_delay = QUIET
        self.server.error_handler = self._error_page

    def _generate(self, root: Path) -> WriteReport:
        return _pipeline_generate(root, self.resident)

    def _config(self) -> Any:
        from mkdocs.config import load_config

        config = load_config(
            config_file=str(self.root / CONFIG),
            site_dir=str(self.site_dir),
            dev_addr=self._dev_addr,
            hooks=self._hooks,
        )
        return config

    def _error_page(self, code: int) -> bytes | None:
        page = self.site_dir / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    def start(self) -> Any:
        """Build, then watch the editor's files; gives the config of the first build for the
        plugins."""
        with archive_lock(self.root):
            config = self._config()
            config.plugins.on_startup(command="serve", dirty=self.dirty)
            self._mkdocs_build(config)
        self.resident.save(self.root)
        self.server.watch(str(self.root), recursive=False)  # videos.yml, mkdocs.yml
        for name in _WATCHED_DIRS:
            if (self.root / name).is_dir():
                self.server.watch(str(self.root / name))
        self.server = config.plugins.on_serve(self.server, config=config, builder=self.build)
        if search.pagefind_enabled(self.root / read_settings(self.root).docs_dir):
            self._report(
                "search: Pagefind, re-indexed in the background after each change; a search "
                "shows an edit a few seconds after its page does"
            )
        return config

    def build(self) -> None:
        """What the server runs after changes: regenerate site_src/, then build it."""
        from mkdocs.exceptions import MkDocsException

        self.resident.settle()  # the caches of the last build: stored before this one runs
        started = time.perf_counter()
        try:
            with archive_lock(self.root):
                if not self._regenerator.regenerate():
                    return
                generated = time.perf_counter()
                self._mkdocs_build()
        except WunschzeitError as error:  # mostly: another run kept the archive's lock
            self._report(f"wunschzeit: error: {error}")
            return
        except MkDocsException as error:
            self._report(f"MkDocs: {error.format_message()}")
            return
        finally:  # once the page is shown: after the server's reload, while the editor reads
            self.resident.save(self.root)
        done = time.perf_counter()
        self._report(
            f"preview updated in {done - started:.1f} s (generate {generated - started:.1f} s, "
            f"MkDocs {done - generated:.2f} s)"
        )

    def _mkdocs_build(self, config: Any = None) -> None:
        """Build site_src/ into the site: only the changed pages when that is sound, with the
        config, files and nav the last build left in memory when they still hold (`rebuild`),
        else all of it with `config` or a newly loaded one."""
        from mkdocs.commands.build import build

        settings = (self.root / CONFIG).read_bytes()
        kept = self._reusable(config, settings)
        self._kept = None  # until this build has finished
        config = kept.config if kept else config or self._config()
        config.site_url = self.url
        made_of = (settings, dirty_site.sources(Path(config.docs_dir)))
        changed = self._changed(config, *made_of)
        self._built = None
        if changed is not None and kept is not None:
            dirty_site.rebuild(kept, changed)
        else:
            if kept is not None:  # MkDocs' build runs the config's events: a config's once
                config = self._config()
                config.site_url = self.url
            recorder = dirty_site.Recorder(config)
            if changed is not None:
                with dirty_site.quiet():
                    build(config, serve_url=self.url, dirty=True)
            else:
                build(config, serve_url=self.url)
            kept = recorder.built()
        self._kept = kept
        self._built = made_of
        self.builds += 1
        self.dirty_builds += changed is not None
        settings_now = read_settings(self.root)
        if search.pagefind_enabled(self.root / settings_now.docs_dir):
            self.search.request(settings_now.language)

    def _reusable(self, config: Any, settings: bytes) -> dirty_site.Built | None:
        """What the last build held, when this build may go on with it."""
        kept = self._kept
        if config is not None or kept is None or self._built is None:
            return None
        if not dirty_site.can_rebuild():
            return None
        return kept if self._built[0] == settings and kept.holds() else None

    def _changed(
        self, config: Any, settings: bytes, now: dirty_site.Sources
    ) -> frozenset[str] | None:
        """The docs_dir files changed since the last build, when building only their pages
        gives what a full build would; else None."""
        if (
            not self.dirty
            or self._built is None
            or not dirty_site.plain(config, own_hook=str(HOOKS))
        ):
            return None
        if not search.pagefind_enabled(Path(config.docs_dir)):
            return None  # Material's search index is made of the pages a build reads
        settings_then, then = self._built
        if settings != settings_then or now.keys() != then.keys():
            return None  # a page added or deleted: the file list, links and sitemap change
        changed = frozenset(key for key, stat in now.items() if then[key] != stat)
        if any(part.startswith(".") for key in changed for part in key.split("/")):
            return None
        return changed

    def run(self) -> None:
        """Serve until `stop()` or Ctrl-C; the server runs the builds in this thread."""
        try:
            self.server.serve()  # type: ignore[no-untyped-call]
        except KeyboardInterrupt:
            pass
        finally:
            self.server.shutdown()

    def stop(self) -> None:
        self.server.shutdown()

    def close(self) -> None:
        """Store the caches; stop watching; remove the built site and the search indexes."""
        self.resident.save(self.root, background=False)
        # inotify's reader thread starts with the observer, served or not: a thread left
        # behind keeps this process from forking render workers (parallel.can_fork).
        self.server.observer.stop()
        self.search.close()
        shutil.rmtree(self.site_dir, ignore_errors=True)


def serve(root: Path, dev_addr: str, report: Report, *, dirty: bool = True) -> None:
    """Generate, then serve at `dev_addr` until interrupted, rebuilding after every change."""
    from mkdocs.exceptions import MkDocsException

    preview = Preview(root, dev_addr, report, dirty=dirty)
    config = None
    try:
        config = preview.start()
        preview.run()
    except MkDocsException as error:
        raise WunschzeitError(f"MkDocs dev server failed: {error.format_message()}") from None
    except OSError as error:  # mostly: the port is taken by another server
        raise WunschzeitError(f"cannot serve on {dev_addr}: {error.strerror}") from None
    finally:
        if config is not None:
            config.plugins.on_shutdown()
        preview.close()
