"""The cache folder in docs_dir: JSON files that are used only where they were written.

Takes the archive root and its docs_dir; gives `Folder`, which writes a JSON file into
`<docs_dir>/.wunschzeit-cache/` (atomically) and notes, in `stamps.json`, the file's inode,
change time and size right after writing it, and which reads a file back only when those
still match. A file committed to the repository, copied, unpacked or edited since has another
change time (no tool can set it), so a cache that arrived in a pull request is never used:
it is rebuilt, with a warning on the `generator` logger. A file of another format or
generator is dropped silently; one that is not JSON, or not ours, with a warning.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import logging
import os
import sys
from collections.abc import Iterator
from functools import cache
from importlib.resources.abc import Traversable
from pathlib import Path

import msgspec

from generator.constants import package_data

FOLDER = ".wunschzeit-cache"
# A file or folder changed this close (ns) to when it was read may change again within the
# same clock tick unseen: what was read then is not trusted by its times next run.
RACY_NS = 2_000_000_000
STAMPS = "stamps.json"
# Parsing depends on these as much as on our code: another version may read a file otherwise.
_LIBRARIES = ("PyYAML", "python-frontmatter", "Markdown", "mkdocs")
log = logging.getLogger(__name__)


class _Envelope(msgspec.Struct, forbid_unknown_fields=True):
    """A cache file: its format, the generator that wrote it, its data (decoded by the user)."""

    format: int
    code: str
    data: msgspec.Raw


_ENVELOPE = msgspec.json.Decoder(_Envelope)


@cache
def code_digest() -> str:
    """The generator's code and data, Python's version and the parsing libraries' versions."""
    digest = hashlib.sha256(sys.version.encode())
    for name in _LIBRARIES:
        try:
            digest.update(f"\0{name}={importlib.metadata.version(name)}".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"\0{name}=-".encode())
    for where, data in _package_files(package_data(), ""):
        digest.update(f"\0{where}\0".encode() + data)
    return digest.hexdigest()


def _package_files(folder: Traversable, prefix: str) -> Iterator[tuple[str, bytes]]:
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.is_dir() and entry.name != "__pycache__":
            yield from _package_files(entry, f"{prefix}{entry.name}/")
        elif entry.name.endswith((".py", ".html", ".js", ".css", ".yml", ".md", ".json")):
            yield f"{prefix}{entry.name}", entry.read_bytes()


class Folder:
    """`<docs_dir>/.wunschzeit-cache/` of one archive."""

    def __init__(self, root: Path, docs_dir: str) -> None:
        self.path = root / docs_dir / FOLDER
        self.shown = f"{docs_dir}/{FOLDER}"  # as the editor sees it: relative to the archive

    def read(self, name: str, format_: int) -> object | None:
        """The `data` stored in `name`; None when absent, foreign, stale or damaged."""
        raw = self.read_raw(name, format_)
        return None if raw is None else json.loads(raw)

    def read_raw(self, name: str, format_: int) -> bytes | None:
        """The `data` stored in `name` as JSON bytes, for a faster decoder than json's."""
        path = self.path / name
        if not path.is_file() or path.is_symlink():
            return None
        if self._stamps().get(name) != _stamp(path):
            self.warn(name, "not written by an earlier run here (copied or committed?), rebuilt")
            return None
        try:
            stored = _ENVELOPE.decode(path.read_bytes())
        except (OSError, msgspec.DecodeError, RecursionError):
            self.warn(name, "damaged cache, rebuilt")
            return None
        if stored.format != format_ or stored.code != code_digest():
            return None  # another generator wrote it: expected after an upgrade
        return bytes(stored.data)

    def write(self, name: str, format_: int, data: object) -> None:
        """Store `data` in `name`, then stamp it; a failure only costs the next run time."""
        self.write_raw(name, format_, json.dumps(data).encode("utf-8"))

    def write_raw(self, name: str, format_: int, data: bytes) -> None:
        """Store `data`, JSON bytes, in `name`, then stamp it."""
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            head = json.dumps({"format": format_, "code": code_digest()})[:-1]
            _replace(self.path / name, b'%s, "data": %s}' % (head.encode(), data))
            stamps = {**self._stamps(), name: _stamp(self.path / name)}
            text = json.dumps(dict(sorted(stamps.items())))
            _replace(self.path / STAMPS, text.encode("utf-8"))
        except OSError as error:
            log.warning("%s/%s: cannot store the cache: %s", self.shown, name, error.strerror)

    def warn(self, name: str, message: str) -> None:
        log.warning("%s/%s: %s", self.shown, name, message)

    def _stamps(self) -> dict[str, list[int]]:
        try:
            found = json.loads((self.path / STAMPS).read_bytes())
        except (OSError, ValueError, RecursionError):  # a committed "[[[[…" too
            return {}
        return found if isinstance(found, dict) else {}


def _stamp(path: Path) -> list[int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return [stat.st_ino, stat.st_ctime_ns, stat.st_size]


def _replace(path: Path, data: bytes) -> None:
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_bytes(data)
    os.replace(temp, path)
