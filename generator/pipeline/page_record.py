"""The record of what the last run rendered, so that the next one can leave it as it is.

Takes docs_dir (site_src/) and what pipeline/incremental.py rendered or kept; gives
`PageRecord`, stored after writing in `<docs_dir>/.wunschzeit-cache/pages.json`: per rendered
unit (a talk's own files, the list pages, a feed, archive.json, a copied media file) the
digest of what it read (dependencies.py) and the paths of its files; per file, its inode,
change time and size right after the run. A file that still has those was neither written
nor replaced since (no tool can set a change time), so it holds the bytes of that run: it is
checked with a `stat`, not read and hashed. The record is used only where it was written
(stamps.Folder); an entry of another shape is left out with a warning.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator.pipeline import stamps

PAGES = "pages.json"
_FORMAT = 2
Stamp = tuple[int, int, int]  # inode, change time in ns, size


@dataclass(frozen=True)
class Unit:
    """What one unit's files were rendered from, and the files."""

    digest: str
    files: tuple[str, ...]


@dataclass
class PageRecord:
    """The units of a run and the stamps of their files; `archive` lists archive.json's
    talk items in order, each with the digest it was made from; `questions` the digests of
    each talk's questions, by the hashes of their files (dependencies.Digests.known)."""

    folder: stamps.Folder
    target: Path
    units: dict[str, Unit] = field(default_factory=dict)
    stamps: dict[str, Stamp] = field(default_factory=dict)
    archive: list[tuple[str, str]] = field(default_factory=list)
    questions: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # Digests.known
    rendered: int = 0  # talks rendered this run, the rest were kept
    # archive.json's items as written, in the order of `archive`: kept in memory by a
    # long-lived process (resident.py), which then need not read them back. Not stored.
    items: list[bytes] | None = None
    _stamped: bool = False  # `stamps` holds every unit's files as this run left them

    def unchanged(self, name: str, digest: str) -> tuple[str, ...] | None:
        """The unit's files, when it was made from `digest` and each file is as written."""
        unit = self.units.get(name)
        if unit is None or unit.digest != digest or not self.intact(unit.files):
            return None
        return unit.files

    def intact(self, paths: Iterable[str]) -> bool:
        """Whether each file still has the stamp recorded right after the last run."""
        base = os.fspath(self.target) + "/"  # no Path per file: 15,000 cost 0.3 s
        return all(
            (found := self.stamps.get(path)) is not None and _stamp(base + path) == found
            for path in paths
        )

    def keep(self, name: str, unit: Unit, stored: PageRecord) -> None:
        """Take a unit that `stored.unchanged` found intact, with the stamps it checked."""
        self.units[name] = unit
        for path in unit.files:
            self.stamps[path] = stored.stamps[path]

    def stamp_written(self) -> None:
        """Stamp every unit's files not kept (written, or found equal) as they are now.

        Run right after write, under the archive's lock: a later change is then not taken
        for this run's bytes. A kept file has the stamp `unchanged` checked this run.
        """
        base = os.fspath(self.target) + "/"
        stamped: dict[str, Stamp] = {}
        for unit in self.units.values():
            for path in unit.files:
                found = self.stamps.get(path)
                if found is None:
                    found = _stamp(base + path)
                if found is not None:
                    stamped[path] = found
        self.stamps = stamped
        self._stamped = True

    def save(self) -> None:
        """Store the record, with every unit's files stamped (`stamp_written`)."""
        if not self._stamped:
            self.stamp_written()
        data = {
            "units": {n: [u.digest, list(u.files)] for n, u in sorted(self.units.items())},
            "stamps": {path: list(found) for path, found in sorted(self.stamps.items())},
            "archive": [list(item) for item in self.archive],
            "questions": {t: list(known) for t, known in sorted(self.questions.items())},
        }
        self.folder.write(PAGES, _FORMAT, data)


def load(folder: stamps.Folder, target: Path) -> PageRecord:
    """The stored record; empty when there is none, and with a warning when it is damaged."""
    record = PageRecord(folder, target)
    data = folder.read(PAGES, _FORMAT)
    if data is None:
        return record
    if not _fill(record, data):
        folder.warn(PAGES, "damaged cache entry, rebuilt")
    return record


def _fill(record: PageRecord, data: object) -> bool:
    """Take the well-formed entries of `data` into `record`; False when any was not."""
    if not isinstance(data, dict) or data.keys() != {"units", "stamps", "archive", "questions"}:
        return False
    units, stamps_, archive = data["units"], data["stamps"], data["archive"]
    good = isinstance(units, dict) and isinstance(stamps_, dict) and isinstance(archive, list)
    for name, raw in units.items() if isinstance(units, dict) else ():
        if (unit := _unit(raw)) is not None and isinstance(name, str):
            record.units[name] = unit
        else:
            good = False
    for path, raw in stamps_.items() if isinstance(stamps_, dict) else ():
        if _is_ints(raw, 3):
            record.stamps[path] = (raw[0], raw[1], raw[2])
        else:
            good = False
    items = [i for i in archive if _is_strs(i, 2)] if isinstance(archive, list) else []
    if isinstance(archive, list) and len(items) == len(archive):
        record.archive = [(i[0], i[1]) for i in items]
    questions = data["questions"]
    for talk_id, raw in questions.items() if isinstance(questions, dict) else ():
        if _is_strs(raw, 3):
            record.questions[talk_id] = (raw[0], raw[1], raw[2])
        else:
            good = False
    return good and len(items) == len(archive) and isinstance(questions, dict)


def _unit(raw: object) -> Unit | None:
    if not isinstance(raw, list) or len(raw) != 2:
        return None
    digest, files = raw
    if not isinstance(digest, str) or not isinstance(files, list):
        return None
    if not all(isinstance(path, str) for path in files):
        return None
    return Unit(digest, tuple(files))


def _is_ints(raw: object, length: int) -> bool:
    return (
        isinstance(raw, list)
        and len(raw) == length
        and all(isinstance(x, int) and not isinstance(x, bool) for x in raw)
    )


def _is_strs(raw: object, length: int) -> bool:
    return isinstance(raw, list) and len(raw) == length and all(isinstance(x, str) for x in raw)


def stamp(path: Path) -> Stamp | None:
    return _stamp(os.fspath(path))


def _stamp(path: str) -> Stamp | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_ino, stat.st_ctime_ns, stat.st_size)
