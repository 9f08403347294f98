"""The `write` stage: rendered outputs → files under the target folder (site_src/).

Takes `{relative POSIX path: Output}` from `render` and gives a `WriteReport`. Only files whose
bytes change are rewritten, so MkDocs' live reload and `rsync` see only real changes; files under
the target that are no longer rendered are deleted. Every file is replaced atomically, and all
new contents are prepared before the first file is touched, so a bad key or a missing source
file leaves the target as it was.
"""

from __future__ import annotations

import concurrent.futures
import filecmp
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.errors import WunschzeitError
from generator.models import Output, SourceFile

# Markers of an archive root: writing (and deleting stale files) there would destroy content.
_ARCHIVE_FILES = ("videos.yml", "mkdocs.yml")
_WRITERS = 4


@dataclass(frozen=True)
class WriteReport:
    """What `write` did, as sorted paths relative to the target."""

    written: tuple[str, ...]
    deleted: tuple[str, ...]
    unchanged: tuple[str, ...]

    @property
    def summary(self) -> str:
        return (
            f"{len(self.written)} written, {len(self.deleted)} deleted, "
            f"{len(self.unchanged)} unchanged"
        )


@dataclass(frozen=True)
class _Change:
    """One file to (re)write: its bytes, or the archive file to copy."""

    key: str
    content: bytes | SourceFile


def write(outputs: Mapping[str, Output], target: Path) -> WriteReport:
    """Make `target` hold exactly `outputs`; raise WunschzeitError before touching anything."""
    _check_target(target, outputs)
    for key in outputs:
        _check_key(key)
    changes, unchanged = _prepare(outputs, target)
    stale = _stale_files(target, outputs)
    # Stale files go first: one may stand where a new file needs a folder (or the reverse).
    for key in stale:
        (target / key).unlink()
    _make_folders(changes, target)
    # Creating a file costs the file system more than writing it; threads overlap that wait.
    with concurrent.futures.ThreadPoolExecutor(_WRITERS) as pool:
        futures = [pool.submit(_commit, change, target) for change in changes]
        try:
            for future in futures:
                future.result()
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)  # the first error stops the rest
            raise
    _remove_empty_dirs(target)
    return WriteReport(
        written=tuple(sorted(c.key for c in changes)),
        deleted=tuple(sorted(stale)),
        unchanged=tuple(sorted(unchanged)),
    )


def _check_target(target: Path, outputs: Mapping[str, Output]) -> None:
    for name in _ARCHIVE_FILES:
        if (target / name).is_file() and name not in outputs:
            raise WunschzeitError(
                f"refusing to write into {target}: it holds {name}, so it looks like an archive "
                "folder; docs_dir in mkdocs.yml must name a folder of its own (site_src)"
            )
    if target.exists() and not target.is_dir():
        raise WunschzeitError(f"cannot write into {target}: it is not a folder")


def _check_key(key: str) -> None:
    """Reject keys that could land outside the target folder."""
    parts = key.split("/")
    bad = (
        "\\" in key
        or "\0" in key
        or (len(key) > 1 and key[1] == ":")  # a Windows drive, e.g. C:evil
        or any(part in ("", ".", "..") for part in parts)  # also catches "/abs" and "a//b"
    )
    if bad:
        raise WunschzeitError(f"refusing to write output {key!r}: not a plain relative path")


def _prepare(outputs: Mapping[str, Output], target: Path) -> tuple[list[_Change], list[str]]:
    """Split outputs into changed and unchanged files; nothing is written here."""
    _check_no_file_dir_clash(outputs)
    changes: list[_Change] = []
    unchanged: list[str] = []
    for key in sorted(outputs):
        content = _content_of(key, outputs[key])
        dest = target / key
        _check_inside(dest, target, key)
        if _is_same(dest, content):
            unchanged.append(key)
        else:
            changes.append(_Change(key, content))
    return changes, unchanged


def _content_of(key: str, output: Output) -> bytes | SourceFile:
    if isinstance(output, str):
        return output.replace("\r\n", "\n").encode("utf-8")
    if isinstance(output, bytes):
        return output
    if not output.path.is_file():
        raise WunschzeitError(f"cannot copy {output.path} to {key}: no such file")
    return output


def _check_no_file_dir_clash(outputs: Mapping[str, Output]) -> None:
    keys = set(outputs)
    for key in sorted(keys):
        for parent in PurePosixPath(key).parents:
            if str(parent) in keys:
                raise WunschzeitError(
                    f"refusing to write output {key!r}: {str(parent)!r} is a file as well"
                )


def _check_inside(dest: Path, target: Path, key: str) -> None:
    """A symlinked folder inside the target must not lead writes elsewhere."""
    existing = dest.parent
    while not existing.exists() and existing != target:
        existing = existing.parent
    if existing.exists() and target.exists():
        resolved = existing.resolve()
        if not resolved.is_relative_to(target.resolve()):
            raise WunschzeitError(f"refusing to write output {key!r}: it leads outside {target}")


def _is_same(dest: Path, content: bytes | SourceFile) -> bool:
    if dest.is_symlink() or not dest.is_file():
        return False
    if isinstance(content, bytes):
        return dest.stat().st_size == len(content) and dest.read_bytes() == content
    if dest.stat().st_size != content.path.stat().st_size:
        return False
    return filecmp.cmp(content.path, dest, shallow=False)


def _stale_files(target: Path, outputs: Mapping[str, Output]) -> list[str]:
    return sorted(key for key in _files_under(target) if key not in outputs)


def _files_under(target: Path) -> Iterator[str]:
    if not target.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(target):
        dirnames.sort()
        base = Path(dirpath).relative_to(target)
        for name in sorted(filenames):
            yield (base / name).as_posix()
        # os.walk does not descend into symlinked folders; a symlink is stale like a file.
        for name in dirnames:
            if (Path(dirpath) / name).is_symlink():
                yield (base / name).as_posix()


def _make_folders(changes: list[_Change], target: Path) -> None:
    """The folders of every change, created once each, before the files are written."""
    folders = {PurePosixPath(c.key).parent for c in changes}
    for folder in sorted(folders, key=lambda f: (len(f.parts), f)):
        _make_parents(target / folder / "-", target)


def _commit(change: _Change, target: Path) -> None:
    """Replace one file atomically: a temp file in the same folder, then os.replace."""
    dest = target / change.key
    if dest.is_dir() and not dest.is_symlink():
        shutil.rmtree(dest)  # a folder where a file now belongs: it was stale output
    fd, temp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
    try:
        with os.fdopen(fd, "wb") as temp:
            if isinstance(change.content, bytes):
                temp.write(change.content)
            else:
                with change.content.path.open("rb") as source:
                    shutil.copyfileobj(source, temp, 1024 * 1024)
        os.chmod(temp_name, 0o644)
        os.replace(temp_name, dest)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def _make_parents(dest: Path, target: Path) -> None:
    """Create the folders of `dest`; a stale file standing where a folder belongs goes."""
    target.mkdir(parents=True, exist_ok=True)
    for parent in reversed(dest.relative_to(target).parents):
        folder = target / parent
        if folder.is_file() or folder.is_symlink():
            folder.unlink()
        folder.mkdir(exist_ok=True)


def _remove_empty_dirs(target: Path) -> None:
    if not target.is_dir():
        return
    for dirpath, _dirnames, _filenames in os.walk(target, topdown=False):
        path = Path(dirpath)
        if path != target and not path.is_symlink() and not any(path.iterdir()):
            path.rmdir()
