"""The render stage for a docs_dir written before: only what an edit changed is rendered.

Takes a linked Archive whose docs_dir (site_src/) an earlier run wrote; gives every output
`render.render(archive)` gives, and a `PageRecord` to store once they are written. Each unit
of rendering (a talk's own files, the list pages, one feed, archive.json, a copied media file)
is rendered again only when the digest of what it reads (dependencies.py) changed since the
run recorded in `<docs_dir>/.wunschzeit-cache/pages.json`, or when one of its files is not as
that run left it (page_record.py). A unit left as it is gives `write.kept` outputs: write
neither compares nor rewrites them. archive.json, which shows every answer, is made of the
last run's items of the unchanged talks and new items of the others. The rest (the package's
assets, the privacy page, the search files) is made every run: a few small files. Code
changes discard the record (stamps.code_digest).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping, Sequence

from generator.models import Archive, Output, SourceFile, Talk
from generator.pipeline import dependencies, page_record, parallel, stamps, write
from generator.pipeline.page_record import PageRecord, Unit
from generator.render import feeds, opendata
from generator.render import outputs as render

PAGES = page_record.PAGES
LISTS = "lists"
ARCHIVE_JSON = "archive.json"
# Fewer talks than this to render (and no list pages) are rendered in this process: forking
# workers costs more than a few talk pages.
_FORK_FROM = 50
Rendered = dict[str, tuple[str, dict[str, Output]]]  # unit name → (its digest, its files)
Stage = Callable[[Mapping[str, Output]], dict[str, Output]]  # write.Staging.stage, or as is


def render_outputs(
    archive: Archive,
    hashes: Mapping[str, str] | None = None,
    stored: PageRecord | None = None,
    staging: write.Staging | None = None,
    ranked: feeds.Memo | None = None,
) -> tuple[dict[str, Output], PageRecord]:
    """Every output file, as `render.render` gives it; unchanged units kept as written.

    `hashes` (the SHA-256 of each input file, by root-relative path) spares digesting the
    questions of talks whose files did not change (dependencies.digests). `stored` is the
    last run's record when a long-lived process kept it (resident.py), else it is read from
    docs_dir; either way a unit is kept only when its files have the stamps it records.
    With `staging` (the run's open staging folder, write.staging), each file is written
    there as soon as it is rendered, in the worker that rendered it, and given as a
    `write.Staged`: the text of a large archive is never held whole (about 1 GB at 20,000
    talks), nor sent between processes. `ranked`: a long-lived process's memo of the talks'
    answers ranked for the feeds (feeds.Memo).
    """
    target = archive.root / archive.settings.docs_dir
    if stored is None or stored.target != target:
        stored = page_record.load(stamps.Folder(archive.root, archive.settings.docs_dir), target)
    record = PageRecord(stored.folder, target)
    digests = dependencies.digests(archive, hashes, stored.questions)
    record.questions = digests.known
    outputs: dict[str, Output] = {}
    stage: Stage = staging.stage if staging is not None else dict

    def kept(name: str, digest: str) -> bool:
        """Whether the unit is unchanged: then its files are kept as they are."""
        files = stored.unchanged(name, digest)
        if files is not None:
            outputs.update({path: write.kept(target, path) for path in files})
            record.keep(name, Unit(digest, files), stored)
        return files is not None

    changed = [t for t in archive.talks if not kept(f"talk:{t.id}", digests.talk_files(t.id))]
    record.rendered = len(changed)
    tasks: list[Callable[[], Rendered]] = []
    lists = not kept(LISTS, digests.listed)
    if lists:
        tasks.append(lambda: {LISTS: (digests.listed, stage(render.list_pages(archive)))})
    tasks += _feed_tasks(archive, digests, stored, kept, stage, ranked)
    record.archive = [(t.id, digests.archive_item(t.id)) for t in archive.talks]
    whole = dependencies.combined(digests.shared, *(d for _, d in record.archive))
    if kept(ARCHIVE_JSON, whole):
        record.items = stored.items
    else:
        items = record.archive
        made = functools.partial(_archive_json, archive, stored, items, whole, stage, record)
        tasks.append(made)
    heavy = lists or len(changed) >= _FORK_FROM
    fork = heavy and len(archive.all_questions()) >= render.PARALLEL_FROM
    tasks += _talk_tasks(archive, digests, changed, fork, stage)
    for part in parallel.run(tasks) if fork else [task() for task in tasks]:
        for name, (digest, files) in part.items():
            outputs.update(files)
            record.units[name] = Unit(digest, tuple(sorted(files)))
    outputs.update(_fixed(archive, stored, record))
    return dict(sorted(outputs.items())), record


def _feed_tasks(
    archive: Archive,
    digests: dependencies.Digests,
    stored: PageRecord,
    kept: Callable[[str, str], bool],
    stage: Stage,
    ranked: feeds.Memo | None,
) -> list[Callable[[], Rendered]]:
    """One task for the feeds whose entries changed; none when none did. Without feeds in
    the record (a first run), the task plans them too: in a worker, beside the others;
    with `ranked` (a long-lived process's, which does not fork) here, filling it."""

    def task(planned: list[feeds.Feed] | None, newest: dt.datetime) -> Rendered:
        if planned is None:
            planned, newest = feeds.planned(archive)
        texts = feeds.render_each(archive, planned, newest)  # each staged as it is made
        return {
            f"feed:{f.path}": (digests.feed(f, newest), stage({path: text}))
            for f, (path, text) in zip(planned, texts, strict=True)
        }

    if not any(name.startswith("feed:") for name in stored.units):
        if ranked is None:
            return [functools.partial(task, None, feeds.EPOCH)]
        return [functools.partial(task, *feeds.planned(archive, ranked))]
    planned, newest = feeds.planned(archive, ranked)
    changed = [f for f in planned if not kept(f"feed:{f.path}", digests.feed(f, newest))]
    return [functools.partial(task, changed, newest)] if changed else []


def _talk_tasks(
    archive: Archive,
    digests: dependencies.Digests,
    talks: Sequence[Talk],
    fork: bool,
    stage: Stage,
) -> list[Callable[[], Rendered]]:
    """The talks' own files: in slices for the workers, or in one task."""
    if not talks:
        return []
    jobs = parallel.jobs() if fork else 1
    slices = parallel.chunks(talks, jobs * render.TALK_CHUNKS_PER_JOB) if jobs > 1 else [talks]
    return [functools.partial(_own_files, archive, digests, s, stage) for s in slices]


def _own_files(
    archive: Archive, digests: dependencies.Digests, talks: Sequence[Talk], stage: Stage
) -> Rendered:
    return {
        f"talk:{t.id}": (digests.talk_files(t.id), stage(render.talk_files(archive, t)))
        for t in talks
    }


def _archive_json(
    archive: Archive,
    stored: PageRecord,
    items: list[tuple[str, str]],
    digest: str,
    stage: Stage,
    record: PageRecord,
) -> Rendered:
    """archive.json: the last run's items of the talks whose items did not change. The
    items are kept in `record`; made in a worker, they are lost here, and a resident run
    reads them back after the page shows (generate.write_archive)."""
    before = dict(stored.archive)
    old = {
        talk_id: data
        for (talk_id, _), data in zip(stored.archive, archive_items(stored), strict=False)
        if data
    }
    made = [
        old[talk_id]
        if talk_id in old and before[talk_id] == item
        else opendata.talk_item(archive, talk).encode()
        for talk, (talk_id, item) in zip(archive.talks, items, strict=True)
    ]
    record.items = made
    return {ARCHIVE_JSON: (digest, stage({opendata.PATH: opendata.spliced(archive, made)}))}


def archive_items(stored: PageRecord) -> list[bytes]:
    """The items of the archive.json the last run wrote; none when it changed since."""
    path = stored.target / opendata.PATH
    if not stored.archive or not stored.intact([opendata.PATH]):
        return []
    if stored.items is not None and len(stored.items) == len(stored.archive):
        return stored.items
    try:
        found = opendata.talk_items(path.read_bytes())
    except OSError:
        return []
    if found is None or len(found) != len(stored.archive):
        return []
    return [
        data if data.startswith(f'{{"id": {opendata.encode(talk_id)}, '.encode()) else b""
        for data, (talk_id, _) in zip(found, stored.archive, strict=True)
    ]


def _fixed(archive: Archive, stored: PageRecord, record: PageRecord) -> dict[str, Output]:
    """What is made every run; a copied file kept while it and its source are unchanged."""
    fixed = render.fixed_files(archive)
    for key, output in fixed.items():
        if isinstance(output, SourceFile):
            digest = f"{output.path}\0{page_record.stamp(output.path)}"
            name = f"copy:{key}"
            if stored.unchanged(name, digest) is not None:
                fixed[key] = write.kept(record.target, key)
            record.units[name] = Unit(digest, (key,))
    return fixed
