"""Is site_src/ already what generating would write? Then `generate` has nothing to do.

Takes the archive root and its docs_dir; gives a fingerprint of every input (the bytes of
videos.yml, mkdocs.yml and every file under content/, size and time of the media files, and
the generator's own code) and, after a run, a record of it in `<docs_dir>/.wunschzeit-state.json`
with the size and time of every file written and the run's warnings. The next run that finds
the same fingerprint and every recorded file as it was (and no other file) skips the pipeline
and replays the warnings. Anything unexpected means: run the pipeline.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path

from generator.constants import CONFIG, CONTENT, VIDEOS, package_data
from generator.errors import Problem
from generator.pipeline import stamps
from generator.pipeline.load import files_under
from generator.pipeline.write import GITIGNORE, RECORD

STATE = ".wunschzeit-state.json"
# write's own record and .gitignore change with every run that writes; they are not pages.
_BOOKKEEPING = frozenset({STATE, RECORD, GITIGNORE})
_CACHE = f"{stamps.FOLDER}/"  # speeds runs up, checked on use: a build may write it later
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
    text the pages were made from, even when the editor saves a file in between.
    """

    digest: str
    files: Mapping[str, bytes]  # root-relative POSIX path → bytes


def fingerprint(root: Path) -> Inputs:
    """A digest of everything `generate` reads; it changes with any edit."""
    digest = hashlib.sha256()
    files: dict[str, bytes] = {}
    for name in _HASHED:
        for where, path in _files(root, name):
            if path is None:
                _add(digest, where, _link_mark(root, where))
                continue
            try:
                data = path.read_bytes()
            except OSError:
                data = b"\0unreadable"  # load reports it; the next run tries again
            else:
                if where == VIDEOS or where.startswith(_LOADED):
                    files[where] = data  # what load reads; not thumbnails and captions
            _add(digest, where, data)
    for name in _STATTED:
        for where, path in _files(root, name):
            if path is None:
                _add(digest, where, _link_mark(root, where))
                continue
            stat = path.stat()
            _add(digest, where, f"{stat.st_size}:{stat.st_mtime_ns}")
    for where, data in _package_files(package_data(), ""):
        _add(digest, "package/" + where, data)
    return Inputs(digest.hexdigest(), files)


def _package_files(folder: Traversable, prefix: str) -> Iterator[tuple[str, bytes]]:
    """The generator's own code and data, sorted: pages change when the generator does."""
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.is_dir() and entry.name != "__pycache__":
            yield from _package_files(entry, f"{prefix}{entry.name}/")
        elif entry.name.endswith((".py", ".html", ".js", ".css", ".yml", ".md")):
            yield f"{prefix}{entry.name}", entry.read_bytes()


def _files(root: Path, name: str) -> list[tuple[str, Path | None]]:
    """(root-relative POSIX path, path) of `name` or of every file below it, sorted.

    A symbolic link that load will refuse (see load.refusal) comes with None instead of a
    path: what it leads to is never read, but that it is there counts.
    """
    if (root / name).is_file():
        return [(name, root / name)]
    links: list[str] = []
    found = files_under(root, name, dot_files=True, skip=("__pycache__",), links=links)
    listed = [(where, root / where) for where in found] + [(where, None) for where in links]
    return sorted(listed, key=lambda item: item[0])


def _link_mark(root: Path, where: str) -> str:
    try:
        return "\0refused link to " + os.readlink(root / where)
    except OSError:  # root/where is below a linked folder, or gone
        return "\0refused link"


def _add(digest: hashlib._Hash, name: str, data: bytes | str) -> None:
    digest.update(name.encode("utf-8") + b"\0")
    digest.update(data if isinstance(data, bytes) else data.encode("utf-8"))
    digest.update(b"\0")


def fresh(target: Path, inputs: Inputs) -> State | None:
    """The recorded state when docs_dir is exactly what the last run with `inputs` left."""
    try:
        data = json.loads((target / STATE).read_text(encoding="utf-8"))
        if data["fingerprint"] != inputs.digest:
            return None
        files: dict[str, list[int]] = data["files"]
        warnings = tuple(Problem(str(p), int(n), str(m)) for p, n, m in data["warnings"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not _untouched(target, files):
        return None
    return State(tuple(sorted(files)), warnings)


def _untouched(target: Path, files: dict[str, list[int]]) -> bool:
    found = 0
    for folder, _, names in os.walk(target):
        for name in names:
            path = Path(folder, name)
            key = path.relative_to(target).as_posix()
            if key in _BOOKKEEPING or key.startswith(_CACHE):
                continue
            stat = path.stat()
            if files.get(key) != [stat.st_size, stat.st_mtime_ns]:
                return False  # changed, or not written by the last run (write would delete it)
            found += 1
    return found == len(files)


def record(target: Path, inputs: Inputs, warnings: tuple[Problem, ...]) -> None:
    """Remember what this complete run left in docs_dir, for the next `fresh`."""
    files = {}
    for folder, _, names in os.walk(target):
        for name in names:
            path = Path(folder, name)
            key = path.relative_to(target).as_posix()
            if key not in _BOOKKEEPING and not key.startswith(_CACHE):
                stat = path.stat()
                files[key] = [stat.st_size, stat.st_mtime_ns]
    state = {
        "fingerprint": inputs.digest,
        "files": dict(sorted(files.items())),
        "warnings": [[w.path, w.line, w.message] for w in warnings],
    }
    temp = target / f".{STATE}.tmp"
    temp.write_text(json.dumps(state, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(temp, target / STATE)
