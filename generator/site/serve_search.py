"""Pagefind for the live preview, kept off the path of an edit.

Takes the preview's site folder and requests after builds; gives `site/pagefind/`, re-indexed
in a background thread. The index is in shards (site/search_index.py), and a run re-indexes
only the shards whose pages changed since the run before. The preview's shards are smaller
than the built site's (a first query loads a chunk per shard, which costs nothing on this
machine), so after an edit the search follows the page within seconds; the page itself shows
the edit as soon as MkDocs has built it. Each run writes a fresh folder outside the site (MkDocs' clean builds
would delete one inside; unchanged shards are hard links to the previous run's), and
`site/pagefind` is a symbolic link switched to it once it is complete, so a search never
reads a half-written index. Requests during a run give one more run; the thread runs at low
priority so the next edit's build gets the cores first.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from generator.errors import WunschzeitError
from generator.site import search, search_index

log = logging.getLogger(__name__)
_NICENESS = 10
_KEPT = 2  # indexes kept: the current one, and the one a reader's open query may still read


class PreviewSearch:
    """Re-indexes one preview site with Pagefind in the background, one run at a time."""

    def __init__(self, site_dir: Path, report: Callable[[str], None]) -> None:
        self.site_dir = site_dir
        self._report = report
        self._folder = Path(tempfile.mkdtemp(prefix="wunschzeit-search-"))
        self._language: str | None = None  # wanted: a run for this language
        self._stopped = False
        self._busy = False
        self._runs = 0
        self._current: Path | None = None
        self._record: search_index.Index | None = None  # the record of _current
        self._changed = threading.Condition()
        self._thread = threading.Thread(target=self._loop, name="pagefind", daemon=True)
        self._thread.start()

    def request(self, language: str) -> None:
        """Index the site once more after the run under way, if any (requests coalesce)."""
        with self._changed:
            self._language = language
            self._changed.notify_all()
        self.link()  # a clean build has removed the link

    def wait(self, timeout: float) -> bool:
        """Wait until no run is wanted or under way; False on timeout (for tests)."""
        with self._changed:
            return self._changed.wait_for(
                lambda: self._language is None and not self._busy, timeout=timeout
            )

    @property
    def runs(self) -> int:
        return self._runs

    def link(self) -> None:
        """Point site/pagefind at the newest complete index (a new link replaces the old one)."""
        with self._changed:
            if self._current is None or not self.site_dir.is_dir():
                return
            fresh = self.site_dir / f".{search.OUTPUT}.link"
            fresh.unlink(missing_ok=True)
            fresh.symlink_to(self._current, target_is_directory=True)
            os.replace(fresh, self.site_dir / search.OUTPUT)

    def close(self) -> None:
        with self._changed:
            self._stopped = True
            self._changed.notify_all()
        self._thread.join(timeout=60)
        shutil.rmtree(self._folder, ignore_errors=True)

    def _loop(self) -> None:
        _lower_priority()
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._language is not None or self._stopped)
                if self._stopped:
                    return
                language, self._language, self._busy = self._language, None, True
            try:
                self._index(language or "en")
            finally:
                with self._changed:
                    self._busy = False
                    self._changed.notify_all()

    def _index(self, language: str) -> None:
        self._runs += 1
        target = self._folder / str(self._runs)
        started = time.perf_counter()
        previous = None
        if self._current is not None and self._record is not None:
            previous = search_index.Previous(self._record, self._current)
        try:
            index = search.run_pagefind(
                self.site_dir,
                language,
                output=target,
                previous=previous,
                shard_bytes=search_index.PREVIEW_SHARD_BYTES,
            )
        except (WunschzeitError, OSError) as error:
            shutil.rmtree(target, ignore_errors=True)
            self._report(f"search index not updated: {error}")
            return
        with self._changed:
            self._current, self._record = target, index
        self.link()
        for old in sorted(self._folder.iterdir(), key=lambda p: int(p.name))[:-_KEPT]:
            shutil.rmtree(old, ignore_errors=True)
        self._report(f"search index updated in {time.perf_counter() - started:.1f} s")


def _lower_priority() -> None:
    """Run this thread, and the Pagefind processes it starts, at a lower priority.

    On Linux the nice value belongs to a thread, and a child inherits its thread's value.
    """
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), _NICENESS)
    except (AttributeError, OSError):
        log.debug("cannot lower the priority of the search thread")
