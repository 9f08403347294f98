"""The render stage for a docs_dir written before: a talk's files rendered only when changed.

Takes a linked Archive whose docs_dir (site_src/) an earlier run wrote; gives every output
`render.render(archive)` gives, and a `PageRecord` to store once they are written. A talk's
own files (its page, chapters track and transcript: `render.talk_files`) are rendered again
only when their digest changed since the run recorded in `<docs_dir>/.wunschzeit-cache/
pages.json`; otherwise their bytes are read back from docs_dir, and used only when each file
still has the SHA-256 recorded (and the record is this machine's: see stamps.py). Everything
else (overviews, tag, expert and event pages, feeds, archive.json, assets) is rendered every
run: cheaper than tracking what each of them reads.

A talk's digest covers what its files may read: the talk and its own questions, and what
every page shares: the settings, the organisation's pages, every talk's record (titles,
recordings, the count that chooses Pagefind), every expert and event. Only other talks'
questions are left out: a talk page shows none of them (tests/pipeline/test_page_cache.py
checks that on the sample). Code changes discard the record (stamps.code_digest).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.models import Archive, Output, SourceFile, Talk
from generator.pipeline import parallel, stamps
from generator.render import outputs as render

PAGES = "pages.json"
_FORMAT = 1
TalkFiles = dict[str, str]  # path in docs_dir → SHA-256 of the bytes written there


@dataclass(frozen=True)
class Recorded:
    """A talk's digest when its files were rendered, and those files' hashes."""

    digest: str
    files: TalkFiles


@dataclass
class PageRecord:
    """What this run rendered of each talk, to be stored after writing."""

    folder: stamps.Folder
    talks: dict[str, Recorded] = field(default_factory=dict)
    rendered: int = 0  # talks rendered this run, the rest were reused

    def save(self) -> None:
        data = {t: {"digest": r.digest, "files": r.files} for t, r in sorted(self.talks.items())}
        self.folder.write(PAGES, _FORMAT, data)


def render_outputs(archive: Archive) -> tuple[dict[str, Output], PageRecord]:
    """Every output file, as `render.render` gives it; unchanged talks' files reused."""
    folder = stamps.Folder(archive.root, archive.settings.docs_dir)
    stored = _stored(folder)
    digests = _digests(archive)
    target = archive.root / archive.settings.docs_dir
    outputs: dict[str, Output] = {}
    record = PageRecord(folder)
    changed: list[Talk] = []
    for talk in archive.talks:
        found = stored.get(talk.id)
        files = _reusable(target, found) if found and found.digest == digests[talk.id] else None
        if files is None or found is None:
            changed.append(talk)
        else:
            outputs.update(files)
            record.talks[talk.id] = found
    rest, fresh = _render(archive, changed)
    outputs.update(rest)
    for talk_id, files in fresh.items():
        outputs.update(files)
        record.talks[talk_id] = Recorded(digests[talk_id], _hashes(files))
    record.rendered = len(changed)
    return dict(sorted(outputs.items())), record


def _digests(archive: Archive) -> dict[str, str]:
    """Each talk's digest: what every page shares, then the talk's own questions."""
    shared = hashlib.sha256(
        repr(
            (
                archive.settings,
                archive.pages,
                archive.talks,
                sorted(archive.experts.items()),
                sorted(archive.events.items()),
            )
        ).encode()
    )
    digests = {}
    for talk in archive.talks:
        digest = shared.copy()
        digest.update(f"\0{talk.id}\0{archive.questions.get(talk.id, ())!r}".encode())
        digests[talk.id] = digest.hexdigest()
    return digests


def _render(
    archive: Archive, talks: Sequence[Talk]
) -> tuple[dict[str, Output], dict[str, dict[str, Output]]]:
    """(every file but the talks' own, each of `talks`' own files), on every core."""
    rest = render.render(archive, ())  # its feeds, archive.json and lists: tasks of their own
    jobs = parallel.jobs() if len(archive.all_questions()) >= render.PARALLEL_FROM else 1
    if jobs == 1 or len(talks) < jobs:  # forking costs more than it saves (render.PARALLEL_FROM)
        return rest, _own_files(archive, talks)
    slices = parallel.chunks(talks, jobs * render.TALK_CHUNKS_PER_JOB)
    fresh: dict[str, dict[str, Output]] = {}
    for part in parallel.run([functools.partial(_own_files, archive, s) for s in slices]):
        fresh.update(part)
    return rest, fresh


def _own_files(archive: Archive, talks: Sequence[Talk]) -> dict[str, dict[str, Output]]:
    return {talk.id: render.talk_files(archive, talk) for talk in talks}


def _reusable(target: Path, recorded: Recorded) -> dict[str, Output] | None:
    """The talk's files as written, when every one still has the recorded bytes."""
    files: dict[str, Output] = {}
    for path, digest in recorded.files.items():
        try:
            data = (target / path).read_bytes()
        except OSError:
            return None
        if hashlib.sha256(data).hexdigest() != digest:
            return None
        files[path] = data
    return files


def _hashes(files: Mapping[str, Output]) -> TalkFiles:
    return {path: hashlib.sha256(_bytes(output)).hexdigest() for path, output in files.items()}


def _bytes(output: Output) -> bytes:
    """The bytes `write` writes for an output (it writes text with \\n line ends)."""
    if isinstance(output, str):
        return output.replace("\r\n", "\n").encode("utf-8")
    if isinstance(output, SourceFile):
        return output.path.read_bytes()
    return output


def _stored(folder: stamps.Folder) -> dict[str, Recorded]:
    """The stored record; entries of another shape are left out with a warning."""
    data = folder.read(PAGES, _FORMAT)
    if data is None:
        return {}
    found = {t: r for t, raw in _items(data) if (r := _recorded(raw)) is not None}
    if not isinstance(data, dict) or len(found) != len(data):
        folder.warn(PAGES, "damaged cache entry, rebuilt")
    return found


def _items(data: object) -> list[tuple[str, object]]:
    return [(k, v) for k, v in data.items() if isinstance(k, str)] if isinstance(data, dict) else []


def _recorded(raw: object) -> Recorded | None:
    if not isinstance(raw, dict) or raw.keys() != {"digest", "files"}:
        return None
    digest, files = raw["digest"], raw["files"]
    if not isinstance(digest, str) or not isinstance(files, dict):
        return None
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items()):
        return None
    return Recorded(digest, dict(files))
