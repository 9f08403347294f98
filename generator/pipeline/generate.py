"""The whole pipeline in order: load → validate → enrich → link → render → write.

`build_archive` is pure (reads files, writes nothing); `generate` writes site_src/.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.errors import Problem, WunschzeitError
from generator.models import Archive
from generator.pipeline import (
    cache_store,
    enrich,
    freshness,
    incremental,
    load,
    lock,
    own_pages,
    stamps,
    validate,
    write,
)
from generator.pipeline import resolve as link
from generator.pipeline.page_record import PageRecord
from generator.pipeline.resident import Resident
from generator.render import feeds
from generator.site.config import read_settings


def build_archive(
    root: Path, inputs: freshness.Inputs | None = None, resident: Resident | None = None
) -> Archive:
    """Read and check everything under `root`; raise ContentError with all problems.

    With `inputs`, the editor's files are taken as the fingerprint read them; when they come
    with the record cache, only the files changed since the cache's run are parsed. With
    `resident`, talks are enriched and linked as its last run did where nothing they are
    made of changed.
    """
    with paused_gc():
        settings = read_settings(root)
        if isinstance(inputs, cache_store.CachedInputs):
            content = inputs.records.content(root, inputs)
        else:
            content = validate.validate(load.load(root, inputs.files if inputs else None))
        recordings = resident.recordings if resident is not None else None
        content = enrich.enrich(content, root, inputs, recordings)
        archive = link.link(content, settings, root, resident.linked if resident else None)
        pages, problems = own_pages.read_own_pages(root, settings.docs_dir)
        return dataclasses.replace(
            archive, pages=pages, warnings=tuple(sorted(archive.warnings + problems))
        )


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while the stages build their records and pages.

    They create hundreds of thousands of objects and free few, and each full collection walks
    all of them: with 100,000 questions that made loading grow faster than the archive, and
    rendering 1,000 talks took 4.2 s instead of 2.5 s. The records hold no reference cycles;
    reference counting frees what is dropped.

    What is alive at the end is frozen (`gc.freeze`): else the first allocation after the
    pause collects every object made during it, 0.18 s after reading 1,000 talks x 20
    (cProfile of benchmarks/stages.py --edit) and about 1 s at 5,000 x 20, after reading and
    again after rendering. Frozen objects are still freed by reference counting; only a
    cycle among them would stay until the process ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.enable()


def generate(root: Path) -> write.WriteReport:
    """Write the pages of the archive under `root` into its docs_dir (site_src/)."""
    report = generate_pages(root).report
    assert report is not None  # only --strict refuses to write
    return report


Step = Callable[[str], contextlib.AbstractContextManager[None]]
# Wraps the long stages of `generate_pages`: "read" (load to link) and "write" (render, in
# worker processes that are forked, then write); e.g. a spinner on the command line.


@dataclass(frozen=True)
class Generated:
    """What one run of `generate_pages` did."""

    docs_dir: str
    report: write.WriteReport | None  # None: --strict refused the warnings; nothing written
    warnings: tuple[Problem, ...]
    skipped: bool  # nothing changed since the last run: nothing read beyond the fingerprint


def generate_pages(
    root: Path,
    *,
    strict: bool = False,
    step: Step = lambda stage: contextlib.nullcontext(),
    resident: Resident | None = None,
) -> Generated:
    """Write the pages of the archive under `root` into its docs_dir (site_src/).

    When nothing the pages are made of changed since the last run and site_src/ is as that
    run left it, nothing is read beyond the inputs' fingerprint and nothing is written. With
    `strict`, an archive with warnings is not written. With `resident` (a long-lived
    process's, resident.py), the caches are taken from it instead of docs_dir, and storing
    them is left to `resident.save`.
    """
    docs_dir = read_settings(root).docs_dir
    with lock.archive_lock(root):
        if resident is not None:
            resident.store_now()  # what an earlier run left: before this run writes
            resident = resident.of(docs_dir)
        return _generate_locked(root, docs_dir, strict, step, resident)


def _generate_locked(
    root: Path, docs_dir: str, strict: bool, step: Step, resident: Resident | None
) -> Generated:
    folder = stamps.Folder(root, docs_dir)
    with paused_gc():  # decoding the caches makes an object per field of every record
        if resident is not None and resident.known is not None:
            known = resident.known
        else:
            known = freshness.known_files(folder)
        memo = resident.memo if resident is not None else None
        found = freshness.fingerprint(root, known, memo)
    if resident is not None:  # each stamp's hash is that of the bytes read after the stat
        resident.known = dict(found.stamps)
    # A killed run deleted the state before writing; its staging folder is checked as well.
    killed = write.interrupted(root / docs_dir)
    state = None if killed else freshness.fresh(root / docs_dir, found)
    if state is not None:
        _remember_files(folder, found, known, resident)
        if resident is not None:  # read now, when the preview starts, not after the first edit
            with paused_gc():
                resident.warm(root, docs_dir)
            _warm_memos(root, found, resident)
        report = write.WriteReport(written=(), deleted=(), unchanged=state.files)
        return Generated(docs_dir, report, tuple(state.warnings), skipped=True)
    if resident is not None and resident.records is not None:
        records = resident.records
    else:
        with paused_gc():
            records = cache_store.RecordCache.open(root, docs_dir)
        if resident is not None:  # its entries follow from the files' bytes: kept on errors
            resident.records = records
    inputs = cache_store.CachedInputs.of(found, records)
    with step("read"):
        archive = build_archive(root, inputs, resident)
    if strict and archive.warnings:
        return Generated(docs_dir, None, tuple(archive.warnings), skipped=False)
    with step("write"):
        report = write_archive(archive, inputs, resident)
    _remember_files(folder, found, known, resident)
    return Generated(docs_dir, report, tuple(archive.warnings), skipped=False)


def _warm_memos(root: Path, found: freshness.Inputs, resident: Resident) -> None:
    """Read, enrich, link and rank the feeds' answers once, writing nothing, and take
    archive.json's items: the first edit in the preview then finds every other talk in the
    resident's memos (about 1 s less at 5,000 talks x 20)."""
    assert resident.records is not None and resident.pages is not None  # warm read them
    try:  # what this run skipped, the next one reports
        inputs = cache_store.CachedInputs.of(found, resident.records)
        archive = build_archive(root, inputs, resident)
    except WunschzeitError:
        return
    feeds.planned(archive, resident.ranked)
    resident.pages.items = incremental.archive_items(resident.pages) or None


def _remember_files(
    folder: stamps.Folder,
    found: freshness.Inputs,
    known: dict[str, freshness.Stamp],
    resident: Resident | None,
) -> None:
    if resident is None:
        freshness.remember_files(folder, found, known)
    else:
        resident.defer(lambda: freshness.remember_files(folder, found, known))


def write_archive(
    archive: Archive, inputs: freshness.Inputs, resident: Resident | None = None
) -> write.WriteReport:
    """Render and write a checked archive, then record the inputs it was made of.

    With `resident`, the last run's page record is taken from it, and this run's caches
    and state are kept there and stored by its `save` (what they say of docs_dir is taken
    here, under the lock).
    """
    stored = resident.pages if resident is not None else None
    target = archive.root / archive.settings.docs_dir
    # Each rendered file is staged as it is made: the pages' text is never held whole.
    with lock.archive_lock(archive.root), write.staging(target) as staging, paused_gc():
        ranked = resident.ranked if resident is not None else None
        found = incremental.render_outputs(archive, inputs.hashes, stored, staging, ranked)
        outputs, pages = found
    with lock.archive_lock(archive.root):
        (target / freshness.STATE).unlink(missing_ok=True)  # stale until this run has finished
        if resident is not None:
            resident.pages = None  # until this run's pages are stamped
        report = write.write(outputs, target, staging)  # it removes the staging folder
        records = inputs.records if isinstance(inputs, cache_store.CachedInputs) else None
        if resident is None:
            if records is not None:  # caches: they speed the next run up
                records.save()
            pages.save()
            freshness.record(target, inputs, archive.warnings)
            return report
        pages.stamp_written()
        files = freshness.written_files(target)
        resident.pages = pages
        if records is not None:
            resident.defer(records.save)
        resident.defer(pages.save)
        resident.defer(lambda: freshness.record(target, inputs, archive.warnings, files))
        if pages.items is None:  # archive.json was made in a worker: its items, for next run
            resident.defer(lambda: _take_items(pages))
    return report


def _take_items(pages: PageRecord) -> None:
    pages.items = incremental.archive_items(pages) or None
