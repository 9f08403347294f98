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

from generator.constants import package_data

FOLDER = ".wunschzeit-cache"
STAMPS = "stamps.json"
# Parsing depends on these as much as on our code: another version may read a file otherwise.
_LIBRARIES = ("PyYAML", "python-frontmatter", "Markdown", "mkdocs")
log = logging.getLogger(__name__)


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
        path = self.path / name
        if not path.is_file() or path.is_symlink():
            return None
        if self._stamps().get(name) != _stamp(path):
            self.warn(name, "not written by an earlier run here (copied or committed?), rebuilt")
            return None
        try:
            stored = json.loads(path.read_bytes())
        except (OSError, ValueError):
            self.warn(name, "damaged cache, rebuilt")
            return None
        if not isinstance(stored, dict) or stored.keys() != {"format", "code", "data"}:
            self.warn(name, "damaged cache, rebuilt")
            return None
        if stored["format"] != format_ or stored["code"] != code_digest():
            return None  # another generator wrote it: expected after an upgrade
        data: object = stored["data"]
        return data

    def write(self, name: str, format_: int, data: object) -> None:
        """Store `data` in `name`, then stamp it; a failure only costs the next run time."""
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            text = json.dumps({"format": format_, "code": code_digest(), "data": data})
            _replace(self.path / name, text)
            stamps = {**self._stamps(), name: _stamp(self.path / name)}
            _replace(self.path / STAMPS, json.dumps(dict(sorted(stamps.items()))))
        except OSError as error:
            log.warning("%s/%s: cannot store the cache: %s", self.shown, name, error.strerror)

    def warn(self, name: str, message: str) -> None:
        log.warning("%s/%s: %s", self.shown, name, message)

    def _stamps(self) -> dict[str, list[int]]:
        try:
            found = json.loads((self.path / STAMPS).read_bytes())
        except (OSError, ValueError):
            return {}
        return found if isinstance(found, dict) else {}


def _stamp(path: Path) -> list[int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return [stat.st_ino, stat.st_ctime_ns, stat.st_size]


def _replace(path: Path, text: str) -> None:
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)
