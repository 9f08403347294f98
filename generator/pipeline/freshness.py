"""Is site_src/ already what generating would write? Then `generate` has nothing to do.

Takes the archive root and its docs_dir; gives a fingerprint of every input (the bytes of
videos.yml, mkdocs.yml and every file under content/, size and time of the media files, and
the generator's own code) and, after a run, a record of it in `<docs_dir>/.wunschzeit-state.json`
with the size and time of every file written and the run's warnings. The next run that finds
the same fingerprint and every recorded file as it was (and no other file) skips the pipeline
and replays the warnings. Anything unexpected means: run the pipeline.

The bytes of a file are read only when it changed since the last run: `known_files` gives
the SHA-256 each file had at its size, modification and change time and inode, as this
machine recorded them (stamps.py, so no commit supplies them); the change time moves with
every write and no tool sets it back. A file changed within two seconds of being hashed is
recorded without its hash, so a second write in the same clock tick is never missed.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import msgspec

from generator.constants import CONFIG, CONTENT, VIDEOS
from generator.errors import Problem
from generator.pipeline import stamps
from generator.pipeline.load import Memo, files_under
from generator.pipeline.write import GITIGNORE, RECORD

STATE = ".wunschzeit-state.json"
# write's own record and .gitignore change with every run that writes; they are not pages.
_BOOKKEEPING = frozenset({STATE, RECORD, GITIGNORE})
_HASHED = (VIDEOS, CONFIG, CONTENT)  # the editor's text: compared by content
_STATTED = ("media",)
_LOADED = (
    "content/talks/",
    "content/events/",
    "content/experts/",
)  # recordings can be large: compared by size and time


@dataclass(frozen=True)
class State:
    """What the last complete run left in docs_dir."""

    files: tuple[str, ...]
    warnings: tuple[Problem, ...]


@dataclass(frozen=True)
class Inputs:
    """The fingerprint of an archive's inputs, and the editor's files as they were read for it.

    `load` takes its text from `files` instead of reading again: that saves a second read of
    every question file, and the fingerprint recorded after a run is that of exactly the
    text the pages were made from, even when the editor saves a file in between. Files that
    did not change since the last run are not read: they are only in `hashes`.
    """

    digest: str
    files: Mapping[str, bytes]  # root-relative POSIX path → bytes, of the files read
    hashes: Mapping[str, str]  # every hashed file → the SHA-256 of its bytes
    stamps: Mapping[str, Stamp]  # for the next run's `known`
    links: frozenset[str]  # symbolic links in content/ that load refuses
    memo: Memo | None = None  # folder listings (and more) a long-lived process keeps

    def listed(self, where: str) -> bool | None:
        """Is root/`where` a file of content/ that is read (True) or surely none (False)?

        None when the fingerprint cannot tell: outside content/, or below a refused link.
        Spares enrich a stat and a path resolution per file it looks for.
        """
        if where in self.hashes:
            return True
        if not where.startswith(_CONTENT_SLASH) or "/__pycache__/" in where:
            return None
        if self.links:  # rare: the disk answers for a link and whatever lies below one
            parts = where.split("/")
            if any("/".join(parts[:n]) in self.links for n in range(1, len(parts) + 1)):
                return None
        return False


Stamp = tuple[int, int, int, int, str]  # size, modification and change time, inode, SHA-256
FILES = "files.json"
_FORMAT = 1
_TABLE = msgspec.json.Decoder(dict[str, tuple[int, int, int, int, str]])
_CONTENT_SLASH = CONTENT + "/"


def fingerprint(
    root: Path, known: Mapping[str, Stamp] | None = None, memo: Memo | None = None
) -> Inputs:
    """A digest of everything `generate` reads; it changes with any edit.

    A file whose stamp is in `known` (see `known_files`) is not read again; a folder
    unchanged since `memo` read it is not listed again (load.files_under).
    """
    parts: list[str] = []  # name NUL data NUL, for each input: hashed at once, 0.1 s less
    read = _Hasher(os.fspath(root) + "/", known or {}, time.time_ns() - stamps.RACY_NS)
    links: set[str] = set()
    for name in _HASHED:
        for where, refused in _files(root, name, memo):
            parts += (where, _link_mark(root, where) if refused else read(where))
            if refused:
                links.add(where)
    for name in _STATTED:
        for where, refused in _files(root, name, memo):
            if refused:
                parts += (where, _link_mark(root, where))
            else:
                stat = os.stat(read.base + where)
                parts += (where, f"{stat.st_size}:{stat.st_mtime_ns}")
    parts += ("package", stamps.code_digest(), "")
    digest = hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape"))
    found = (read.files, read.hashes, read.stamps, frozenset(links))
    return Inputs(digest.hexdigest(), *found, memo)


@dataclass
class _Hasher:
    """The SHA-256 of a file: as known for its stamp, else of its bytes, which it keeps."""

    base: str  # the archive root with a slash
    known: Mapping[str, Stamp]
    racy: int  # files changed since this time (ns) are hashed again next run
    files: dict[str, bytes] = field(default_factory=dict)
    hashes: dict[str, str] = field(default_factory=dict)
    stamps: dict[str, Stamp] = field(default_factory=dict)

    def __call__(self, where: str) -> str:
        try:
            stat = os.stat(self.base + where)
        except OSError:
            return self._read(where, None)
        stamp = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
        hashed = self.known.get(where)
        if hashed is None or hashed[:4] != stamp or not hashed[4]:
            return self._read(where, stamp)
        self.hashes[where] = hashed[4]
        self.stamps[where] = hashed
        return hashed[4]

    def _read(self, where: str, stamp: tuple[int, int, int, int] | None) -> str:
        try:
            data = _read_bytes(self.base + where)
        except OSError:
            self.hashes[where] = "\0unreadable"  # load reports it; the next run tries again
            return self.hashes[where]
        if where == VIDEOS or where.startswith(_LOADED):
            self.files[where] = data  # what load reads; not thumbnails and captions
        self.hashes[where] = hashlib.sha256(data).hexdigest()
        if stamp is not None:  # stat before read: a write in between shows in the next stat
            trusted = max(stamp[1], stamp[2]) < self.racy
            self.stamps[where] = (*stamp, self.hashes[where] if trusted else "")
        return self.hashes[where]


def known_files(folder: stamps.Folder) -> dict[str, Stamp]:
    """The stamp and hash of every file as the last fingerprint here found it."""
    data = folder.read_raw(FILES, _FORMAT)
    if data is None:
        return {}
    try:
        return _TABLE.decode(data)
    except (msgspec.DecodeError, RecursionError):
        folder.warn(FILES, "damaged cache, rebuilt")
        return {}


def remember_files(folder: stamps.Folder, inputs: Inputs, known: Mapping[str, Stamp]) -> None:
    """Store the files' stamps for the next fingerprint, when they differ from `known`."""
    if inputs.stamps != known:
        folder.write_raw(FILES, _FORMAT, msgspec.json.encode(dict(sorted(inputs.stamps.items()))))


def _read_bytes(path: str) -> bytes:
    with open(path, "rb") as stream:  # no pathlib: 100,000 Path objects cost 0.5 s
        return stream.read()


def _files(root: Path, name: str, memo: Memo | None) -> list[tuple[str, bool]]:
    """(root-relative POSIX path, refused) of `name` or of every file below it, sorted.

    A symbolic link that load will refuse (see load.refusal) comes with True: what it leads
    to is never read, but that it is there counts.
    """
    if os.path.isfile(os.path.join(root, name)):
        return [(name, False)]
    links: list[str] = []
    found = files_under(root, name, dot_files=True, skip=("__pycache__",), links=links, memo=memo)
    listed = [(where, False) for where in found] + [(where, True) for where in links]
    return sorted(listed)


def _link_mark(root: Path, where: str) -> str:
    try:
        return "\0refused link to " + os.readlink(root / where)
    except OSError:  # root/where is below a linked folder, or gone
        return "\0refused link"


def fresh(target: Path, inputs: Inputs) -> State | None:
    """The recorded state when docs_dir is exactly what the last run with `inputs` left."""
    try:
        data = json.loads((target / STATE).read_text(encoding="utf-8"))
        if data["fingerprint"] != inputs.digest:
            return None
        files: dict[str, list[int]] = data["files"]
        warnings = tuple(Problem(str(p), int(n), str(m)) for p, n, m in data["warnings"])
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return None
    if not _untouched(target, files):
        return None
    return State(tuple(sorted(files)), warnings)


def _untouched(target: Path, files: dict[str, list[int]]) -> bool:
    found = 0
    for key, stat in _written(target):
        if files.get(key) != [stat.st_size, stat.st_mtime_ns]:
            return False  # changed, or not written by the last run (write would delete it)
        found += 1
    return found == len(files)


def _written(target: Path) -> Iterator[tuple[str, os.stat_result]]:
    """(docs_dir-relative POSIX path, stat) of every file in docs_dir but the bookkeeping.

    os.scandir and plain strings: os.walk and a Path per file cost 0.2 s at 10,000 pages.
    """
    pending = [""]
    while pending:
        prefix = pending.pop()
        try:
            entries = list(os.scandir(os.path.join(target, prefix)))
        except OSError:
            continue
        for entry in entries:
            key = prefix + entry.name
            if entry.is_dir():  # as os.walk: a link to a folder is not entered
                # The caches speed runs up and are checked on use: a build may write them later.
                if key != stamps.FOLDER and not entry.is_symlink():
                    pending.append(key + "/")
            elif key not in _BOOKKEEPING:
                yield key, entry.stat()


def written_files(target: Path) -> dict[str, list[int]]:
    """The size and modification time of every file in docs_dir, as `record` stores them."""
    return {key: [stat.st_size, stat.st_mtime_ns] for key, stat in _written(target)}


def record(
    target: Path,
    inputs: Inputs,
    warnings: tuple[Problem, ...],
    files: dict[str, list[int]] | None = None,
) -> None:
    """Remember what this complete run left in docs_dir, for the next `fresh`.

    `files` are `written_files` as taken right after the run wrote, when it is recorded
    later (resident.py): a file changed since then does not match, so it is not trusted.
    """
    if files is None:
        files = written_files(target)
    state = {
        "fingerprint": inputs.digest,
        "files": dict(sorted(files.items())),
        "warnings": [[w.path, w.line, w.message] for w in warnings],
    }
    temp = target / f".{STATE}.tmp"
    temp.write_text(json.dumps(state, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(temp, target / STATE)
