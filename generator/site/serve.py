"""The live preview: generate site_src/, serve it with MkDocs' dev server, regenerate on change.

Takes an archive root and a dev address; gives a running server until Ctrl-C. We watch what
the editor edits (content/, media/, videos.yml, mkdocs.yml) and regenerate site_src/; MkDocs
watches site_src/ and rebuilds. `write` touches only changed files, and a regeneration with
content errors writes nothing, so the editor keeps the last good preview while fixing them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

from generator.constants import CONFIG, VIDEOS, package_data
from generator.errors import ContentError, WunschzeitError
from generator.pipeline.write import WriteReport

Generate = Callable[[Path], WriteReport]
Report = Callable[[str], None]

# Pagefind for the preview, and byte ranges so the self-hosted player seeks: see there.
HOOKS = package_data("site", "hooks.py")
_WATCHED_FILES = (VIDEOS, CONFIG)
_WATCHED_DIRS = ("content", "media")
# Reading files makes inotify report "opened"/"closed_no_write"; reacting to those would make
# every regeneration trigger the next one.
_CHANGES = frozenset({"created", "modified", "deleted", "moved", "closed"})


def _pipeline_generate(root: Path) -> WriteReport:
    from generator.pipeline import generate as pipeline

    return pipeline.generate(root)


class Regenerator:
    """Regenerates site_src/ of one archive; a burst of changes gives one regeneration."""

    def __init__(
        self,
        root: Path,
        report: Report,
        generate: Generate = _pipeline_generate,
        delay: float = 0.3,
    ) -> None:
        self.root = root
        self._report = report
        self._generate = generate
        self._delay = delay
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None

    def regenerate(self) -> bool:
        """Regenerate now; on errors report them, keep site_src/ as it is, and return False."""
        with self._lock:
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

    def schedule(self) -> None:
        """Regenerate once the files have been quiet for `delay` seconds (editors save often)."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(self._delay, self.regenerate)
            self._timer.daemon = True
            self._timer.start()

    def cancel(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()


class ChangeHandler(FileSystemEventHandler):
    """Passes changes of the editor's files on to a Regenerator."""

    def __init__(self, regenerator: Regenerator) -> None:
        self.regenerator = regenerator

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in _CHANGES and self.is_relevant(event):
            self.regenerator.schedule()

    def is_relevant(self, event: FileSystemEvent) -> bool:
        root = self.regenerator.root.absolute()
        paths = [event.src_path, getattr(event, "dest_path", "") or ""]
        return any(_is_watched(Path(_text(p)).absolute(), root) for p in paths if p)


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


def watch(regenerator: Regenerator) -> BaseObserver:
    """Start watching the archive's sources; the caller stops the observer."""
    root = regenerator.root
    handler = ChangeHandler(regenerator)
    observer = Observer()
    observer.schedule(handler, str(root), recursive=False)
    for name in _WATCHED_DIRS:
        if (root / name).is_dir():
            observer.schedule(handler, str(root / name), recursive=True)
    observer.start()
    return observer


def _hooks_of(config_file: Path) -> list[str]:
    """The `hooks` of mkdocs.yml as written, to be kept when the preview adds its own."""
    from generator.site.build import load_mkdocs_config

    # MkDocs types `hooks` as a list of modules; it holds {path as written: module}.
    hooks: Any = load_mkdocs_config(config_file).hooks
    return [str(name) for name in hooks]


def serve(root: Path, dev_addr: str, report: Report, *, dirty: bool = False) -> None:
    """Generate, then serve at `dev_addr` until interrupted, regenerating on every change.

    With `dirty`, MkDocs rebuilds only pages whose files changed (its `--dirty`): write leaves
    every other page untouched, so an edit rebuilds its talk, tag and expert pages instead of
    the whole site. Pages MkDocs does not rebuild keep the theme of mkdocs.yml as it was, and
    pages of deleted talks stay until serve is restarted. mkdocs.yml's `hooks` are read once.
    """
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.exceptions import MkDocsException

    regenerator = Regenerator(root, report)
    _pipeline_generate(root)  # errors here end the command: there is no good preview yet
    observer = watch(regenerator)
    try:
        config_file = root / CONFIG
        mkdocs_serve(
            config_file=str(config_file),
            dev_addr=dev_addr,
            livereload=True,
            build_type="dirty" if dirty else None,
            hooks=[*_hooks_of(config_file), str(HOOKS)],
        )
    except MkDocsException as error:
        raise WunschzeitError(f"MkDocs dev server failed: {error.format_message()}") from None
    except OSError as error:  # mostly: the port is taken by another server
        raise WunschzeitError(f"cannot serve on {dev_addr}: {error.strerror}") from None
    finally:
        regenerator.cancel()
        observer.stop()
        observer.join()
