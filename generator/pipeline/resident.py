"""What a long-lived process (the preview) keeps of one archive between runs of generate.

Takes nothing at first; `generate.generate_pages(root, resident=...)` fills it after each run
and takes from it on the next: the stamp and SHA-256 of every input file (freshness.py's
files.json), the validated records (cache_store.py's records.json) and the record of the
rendered pages (page_record.py's pages.json), the listing of each folder (load.py's
`Memo`). Each is exactly what the next run would read back from docs_dir, so it reads none
of them: 1.4 s for the records alone at 5,000 talks x 20 questions. And, per talk, what
the next run would make again of unchanged inputs: the talk enriched with its recording
(enrich.py's `Memo`), its linked questions (resolve.py's `Memo`) and its answers ranked for
the feeds (render/feeds.py's `Memo`). Nothing here is trusted more than the stored files are: a record is used only
for a file with the same SHA-256, a stamp only for a file with the same size, times and
inode, a page only while its file has the inode, change time and size it had.

Storing them (and the state `freshness.fresh` reads) costs another second; a run with
`resident` leaves that to `save`, which the preview calls in a thread once it shows the new
page. What is stored was taken under the archive's lock right after writing (the stamps of
the pages, the files of docs_dir), so a run of another process in between makes it
mismatch, never trusted. Until it is stored, docs_dir has no state (write_archive removes it
first): a killed preview leaves caches that the next run checks as ever.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.constants import CONTENT
from generator.errors import WunschzeitError
from generator.pipeline import (
    cache_store,
    enrich,
    freshness,
    load,
    lock,
    page_record,
    resolve,
    stamps,
)
from generator.render import feeds

log = logging.getLogger(__name__)


@dataclass
class Resident:
    """One archive's state between runs; `docs_dir` is the folder it belongs to."""

    docs_dir: str | None = None
    known: dict[str, freshness.Stamp] | None = None
    records: cache_store.RecordCache | None = None
    pages: page_record.PageRecord | None = None
    memo: load.Memo = field(default_factory=load.Memo)  # of the archive's folders
    recordings: enrich.Memo = field(default_factory=enrich.Memo)  # the enriched talks
    linked: resolve.Memo = field(default_factory=resolve.Memo)  # each talk's linked questions
    ranked: feeds.Memo = field(default_factory=feeds.Memo)  # each talk's answers for the feeds
    _pending: list[Callable[[], None]] = field(default_factory=list)
    _saver: threading.Thread | None = None

    def of(self, docs_dir: str) -> Resident:
        """This state, emptied when it belongs to another docs_dir (mkdocs.yml changed it)."""
        if self.docs_dir != docs_dir:
            self.settle()
            self.docs_dir, self.known, self.records, self.pages = docs_dir, None, None, None
        return self

    def warm(self, root: Path, docs_dir: str) -> None:
        """Read the caches this state lacks from docs_dir, as the next run would."""
        folder = stamps.Folder(root, docs_dir)
        if self.records is None:
            self.records = cache_store.RecordCache.open(root, docs_dir)
        if self.pages is None:
            self.pages = page_record.load(folder, root / docs_dir)
        try:  # and what load lists and parses; a folder it cannot read, it reports itself
            self.memo.videos(root, None)
            for name in ("events", "experts", "talks"):
                load.files_under(root, f"{CONTENT}/{name}", links=[], memo=self.memo)
        except WunschzeitError:
            pass

    def defer(self, work: Callable[[], None]) -> None:
        """Store something later, in `save`; what was deferred before is stored first."""
        self._pending.append(work)

    def save(self, root: Path, *, background: bool = True) -> None:
        """Store what the last runs deferred, under the archive's lock: in a thread, unless
        not `background`. Call it without holding the lock."""
        self.settle()
        if not self._pending:
            return
        work, self._pending = self._pending, []
        if not background:
            _store(root, work)
            return
        self._saver = threading.Thread(
            target=_store, args=(root, work), name="wunschzeit-save-caches", daemon=True
        )
        self._saver.start()

    def store_now(self) -> None:
        """Store what is deferred at once; the caller holds the archive's lock."""
        self.settle()
        work, self._pending = self._pending, []
        for store in work:
            store()

    def settle(self) -> None:
        """Wait until the caches the last `save` stores are stored (before the next run)."""
        if self._saver is not None:
            self._saver.join()
            self._saver = None


def _store(root: Path, work: list[Callable[[], None]]) -> None:
    try:
        with lock.archive_lock(root):
            for store in work:
                store()
    except (WunschzeitError, OSError) as error:  # only the next cold run is slower
        log.warning("the caches were not stored: %s", error)
