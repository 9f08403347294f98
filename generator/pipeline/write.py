"""The `write` stage: rendered outputs → files under the target folder (site_src/).

Takes `{relative POSIX path: Output}` from `render` and gives a `WriteReport`. Only files whose
bytes change are rewritten, so MkDocs' live reload and `rsync` see only real changes; an output
that is `kept(target, path)` is a file its renderer knows unchanged (pipeline/page_record.py):
it is neither read nor compared, at 5,000 talks most of a run's files. site_src/
is shared with the organisation's own pages (imprint, privacy statement, logo), so `write`
records what it wrote in `.wunschzeit-written.json` (path → SHA-256 of the bytes) and deletes a
file that is no longer rendered only when that record lists it and the file still holds those
bytes; a file written by hand is never deleted, and one standing where a generated file must go
is an error naming both. Without a record (lost, damaged, or a fresh clone) nothing is deleted:
stale files are reported instead. A generated `.gitignore` lists the generated files, so they
stay out of `git status`. All new contents are checked, then written complete into a staging
folder (`.wunschzeit-staging`), before the first file is replaced (each atomically, by a
rename): a bad key, a missing source file or a full disk leaves the target as it was. A run
killed while replacing leaves the staging folder; the next run removes it and writes every file
that still differs.

Render can stage as it goes (`staging`, `Staging.stage`): each rendered file is written into
the staging folder as soon as it is made, and render gives `write` a `Staged` (its path there
and SHA-256) instead of the text, which `write` moves into place. A large archive's text then
never sits in memory as a whole (about 1 GB at 20,000 talks). The folder is there from render
on, so a run killed while rendering is seen by the next (`interrupted`) as one killed writing.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import filecmp
import hashlib
import json
import os
import shutil
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.constants import ARCHIVE_FILES
from generator.errors import WunschzeitError
from generator.models import Output, SourceFile

# Markers of an archive root: writing (and deleting stale files) there would destroy content.
_ARCHIVE_FILES = ARCHIVE_FILES
_WRITERS = 4
RECORD = ".wunschzeit-written.json"
# A run's new files, complete, before the first is moved into place; left only by a killed run.
STAGING = ".wunschzeit-staging"
GITIGNORE = ".gitignore"
# Files of site_src/'s top level that record runs (this module's and freshness'), not pages.
_BOOKKEEPING_PREFIX = ".wunschzeit-"
_FORMAT = 1
_LEGACY_STATE = ".wunschzeit-state.json"  # left by every complete run (pipeline/freshness.py)
_GITIGNORE_HEAD = (
    "# Written by Wunschzeit: the files it generated in this folder. Git ignores them, and\n"
    "# `wunschzeit generate` deletes only these. Your own pages here (an imprint, a privacy\n"
    "# statement, a logo) are not listed: commit them.\n"
)

Record = dict[str, str]  # path → SHA-256 (hex) of the bytes written


@dataclass(frozen=True)
class WriteReport:
    """What `write` did, as sorted paths relative to the target."""

    written: tuple[str, ...]
    deleted: tuple[str, ...]
    unchanged: tuple[str, ...]
    # No longer generated, but left in place: changed since Wunschzeit wrote them, or found
    # without a record of what earlier runs wrote.
    kept: tuple[str, ...] = ()

    @property
    def summary(self) -> str:
        text = (
            f"{len(self.written)} written, {len(self.deleted)} deleted, "
            f"{len(self.unchanged)} unchanged"
        )
        if self.kept:
            shown = ", ".join(self.kept[:3]) + (", ..." if len(self.kept) > 3 else "")
            text += f"; {len(self.kept)} stale file(s) left in place, not known to be generated: {shown}"
        return text


@dataclass(frozen=True)
class Staged(SourceFile):
    """A rendered file, complete in the run's staging folder (`Staging.stage`), and the SHA-256
    of its bytes."""

    digest: str


class Staging:
    """The staging folder of one run, open from render to write (`staging`)."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.folder = target / STAGING

    def stage(self, files: Mapping[str, Output]) -> dict[str, Output]:
        """`files`, each text and bytes written into the staging folder now, as `Staged`.

        Safe in forked workers: each file is named after its key, which is one output's.
        """
        staged: dict[str, Output] = {}
        for key, output in files.items():
            if isinstance(output, SourceFile):
                staged[key] = output
                continue
            _check_key(key)
            temp = self.folder / f"r-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:40]}"
            try:
                done = _stage(_Change(key, _content_of(key, output)), temp)
            except OSError as error:
                raise WunschzeitError(os_message(error)) from error
            staged[key] = Staged(done.temp, done.digest)
        return staged


@contextlib.contextmanager
def staging(target: Path) -> Iterator[Staging]:
    """The run's staging folder, for render to `stage` into; `write(outputs, target, staging)`
    takes it over and removes it when done.

    What a killed run left there is removed first. When the block raises, the folder is
    removed; else it stays for `write`, and a run killed before it is `interrupted`.
    """
    _check_target(target, {})
    try:
        _recover(target)
        target.mkdir(parents=True, exist_ok=True)
        (target / STAGING).mkdir()
    except OSError as error:
        raise WunschzeitError(os_message(error)) from error
    try:
        yield Staging(target)
    except BaseException:
        shutil.rmtree(target / STAGING, ignore_errors=True)
        raise


@dataclass(frozen=True)
class _Change:
    """One file to (re)write: its bytes, or the archive file to copy."""

    key: str
    content: bytes | SourceFile


def write(
    outputs: Mapping[str, Output], target: Path, staged: Staging | None = None
) -> WriteReport:
    """Make `target` hold `outputs` and what was not generated; raise before touching anything.

    A file system error (disk full, a read-only or unreadable path) is one `path: message`;
    when it happens while staging, nothing in `target` has been replaced. With `staged`, the
    run's staging folder (`staging`), the `Staged` outputs in it are moved into place; it is
    removed like write's own.
    """
    try:
        _check_target(target, outputs)
        for key in outputs:
            _check_key(key)
        return _write(outputs, target, staged)
    except OSError as error:
        raise WunschzeitError(os_message(error)) from error
    finally:
        if staged is not None:
            shutil.rmtree(staged.folder, ignore_errors=True)


def kept(target: Path, key: str) -> SourceFile:
    """An output that is the file already at `key` in `target`: its renderer knows that file
    holds its bytes (pipeline/page_record.py), so `write` neither compares nor rewrites it,
    and records the SHA-256 it recorded before."""
    return SourceFile(target / key)


def os_message(error: OSError) -> str:
    """An OSError as `path: message`, without a traceback."""
    where = f"{error.filename}: " if error.filename else ""
    return f"{where}{error.strerror or error}"


def interrupted(target: Path) -> bool:
    """Whether a run was killed while writing into `target` (its staging folder is left)."""
    return (target / STAGING).is_dir()


def _write(outputs: Mapping[str, Output], target: Path, opened: Staging | None) -> WriteReport:
    if opened is not None and opened.target != target:
        opened = None  # another folder's: its files are copied like any other
    if opened is None:
        _recover(target)
    earlier = read_record(target)
    _check_hand_written(outputs, target, earlier)
    changes, unchanged = _prepare(outputs, target)
    stale, kept = _stale_files(target, outputs, earlier)
    target.mkdir(parents=True, exist_ok=True)
    with _staging(target, made=opened is not None) as staging:
        staged = _stage_all(changes, staging)
        hashes = _hashes(outputs, staged, earlier or {})
        # Recorded before anything is replaced: a run killed half-way still knows its files.
        _write_record(target, staging, {**(earlier or {}), **{c.key: "" for c in changes}})
        # Stale files go first: one may stand where a new file needs a folder (or the reverse).
        for key in stale:
            (target / key).unlink()
        _make_folders(changes, target)
        for change in changes:  # renames only: the window a kill can split is short
            _commit(staged[change.key].temp, target / change.key)
        _remove_empty_dirs(target, stale)
        _write_record(target, staging, hashes)
        _write_gitignore(target, staging, outputs)
    return WriteReport(
        written=tuple(sorted(c.key for c in changes)),
        deleted=tuple(sorted(stale)),
        unchanged=tuple(sorted(unchanged)),
        kept=tuple(kept),
    )


@dataclass(frozen=True)
class _Staged:
    """A changed file's new bytes, complete in the staging folder, and their SHA-256."""

    temp: Path
    digest: str


@contextlib.contextmanager
def _staging(target: Path, *, made: bool = False) -> Iterator[Path]:
    """The run's staging folder (`made` by `staging` already); it outlives only a killed run,
    and the next run removes it."""
    staging = target / STAGING
    if not made:
        staging.mkdir()
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _recover(target: Path) -> None:
    """Remove what a killed run staged; this run then writes every file that differs."""
    staging = target / STAGING
    if staging.is_symlink():
        staging.unlink()
    elif staging.is_dir():
        shutil.rmtree(staging)


def _stage_all(changes: list[_Change], staging: Path) -> dict[str, _Staged]:
    """Every changed file written into the staging folder, before any file is replaced."""
    # Creating a file costs the file system more than writing it; threads overlap that wait.
    done = {
        change.key: _Staged(moved.path, moved.digest)
        for change in changes
        if (moved := _in_staging(change.content, staging)) is not None
    }
    with concurrent.futures.ThreadPoolExecutor(_WRITERS) as pool:
        futures = {
            change.key: pool.submit(_stage, change, staging / f"{number:06d}")
            for number, change in enumerate(changes)
            if change.key not in done
        }
        try:
            return done | {key: future.result() for key, future in futures.items()}
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)  # the first error stops the rest
            raise


def _in_staging(content: bytes | SourceFile, staging: Path) -> Staged | None:
    """`content` when render staged it into this run's staging folder: it is moved, not
    copied."""
    if isinstance(content, Staged) and content.path.parent == staging:
        return content
    return None


def read_record(target: Path) -> Record | None:
    """What earlier runs wrote; None when there is no usable record."""
    try:
        data = json.loads((target / RECORD).read_text(encoding="utf-8"))
        files = data["files"] if data.get("format") == _FORMAT else None
    except (OSError, ValueError, AttributeError, KeyError, TypeError, RecursionError):
        return None
    if not isinstance(files, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in files.items()
    ):
        return None
    return files


def _write_record(target: Path, staging: Path, files: Record) -> None:
    data = {"format": _FORMAT, "files": dict(sorted(files.items()))}
    _replace(target / RECORD, staging, (json.dumps(data, indent=0) + "\n").encode("utf-8"))


def _write_gitignore(target: Path, staging: Path, outputs: Mapping[str, Output]) -> None:
    """A .gitignore naming every generated file (and itself), so that git shows only yours."""
    names = [GITIGNORE, RECORD, *sorted(outputs)]
    patterns = [f"/{_BOOKKEEPING_PREFIX}*", *(f"/{_escaped(name)}" for name in names)]
    text = _GITIGNORE_HEAD + "".join(f"{pattern}\n" for pattern in sorted(patterns))
    path = target / GITIGNORE
    if not _is_same(path, text.encode("utf-8")):
        _replace(path, staging, text.encode("utf-8"))


def _escaped(name: str) -> str:
    """A path as a literal gitignore pattern (its wildcards and specials escaped)."""
    return "".join(f"\\{c}" if c in "*?[]!#\\ " else c for c in name)


def _hashes(
    outputs: Mapping[str, Output], staged: Mapping[str, _Staged], earlier: Record
) -> Record:
    """Each output's SHA-256; a copied file unchanged since the last run keeps its record."""
    hashes: Record = {}
    for key, output in outputs.items():
        if key in staged:
            hashes[key] = staged[key].digest
        elif isinstance(output, Staged):
            hashes[key] = output.digest
        elif isinstance(output, SourceFile) and earlier.get(key):
            hashes[key] = earlier[key]
        else:
            hashes[key] = _digest(output)
    return hashes


def _digest(output: Output) -> str:
    if isinstance(output, SourceFile):
        return _file_digest(output.path)
    data = output.replace("\r\n", "\n").encode("utf-8") if isinstance(output, str) else output
    return hashlib.sha256(data).hexdigest()


def _file_digest(path: Path) -> str:
    with path.open("rb") as source:
        return hashlib.file_digest(source, "sha256").hexdigest()


def _check_hand_written(
    outputs: Mapping[str, Output], target: Path, earlier: Record | None
) -> None:
    """A file Wunschzeit did not write, where it must write one, is the editor's: stop.

    Without a record, a folder that a wave-1 Wunschzeit generated (its state file is there)
    is taken as generated; any other folder's files are taken as written by hand.
    """
    if earlier is None and (target / _LEGACY_STATE).is_file():
        return
    known = earlier or {}
    clashes = [
        key
        for key in sorted(outputs)
        if key not in known and ((target / key).is_file() or (target / key).is_symlink())
    ]
    if clashes:
        shown = ", ".join(f"{target.name}/{key}" for key in clashes[:5])
        raise WunschzeitError(
            f"{shown}: written by hand, but Wunschzeit generates "
            f"{'this file' if len(clashes) == 1 else 'these files'} from videos.yml and "
            f"content/ (not recorded in {target.name}/{RECORD}); move or rename yours, it "
            "was left untouched"
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
        dest = target / key
        if _is_kept(outputs[key], dest):
            unchanged.append(key)
            continue
        content = _content_of(key, outputs[key])
        _check_inside(dest, target, key)
        if _is_same(dest, content):
            unchanged.append(key)
        else:
            changes.append(_Change(key, content))
    return changes, unchanged


def _is_kept(output: Output, dest: Path) -> bool:
    """Whether `output` is the file at `dest` itself (`kept`)."""
    return isinstance(output, SourceFile) and output.path == dest


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
        slash = key.find("/")
        while slash != -1:  # each parent folder, as a string: Paths cost 0.1 s at 5,000 talks
            if (parent := key[:slash]) in keys:
                raise WunschzeitError(
                    f"refusing to write output {key!r}: {parent!r} is a file as well"
                )
            slash = key.find("/", slash + 1)


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


def _stale_files(
    target: Path, outputs: Mapping[str, Output], earlier: Record | None
) -> tuple[list[str], list[str]]:
    """(files to delete, stale-looking files to leave): only recorded, unchanged ones go."""
    stale: list[str] = []
    kept: list[str] = []
    generated_before = (target / _LEGACY_STATE).is_file()
    for key in _files_under(target):
        if key in outputs or key == GITIGNORE or key.startswith(_BOOKKEEPING_PREFIX):
            continue
        if earlier is None:
            if generated_before:  # a lost record: these may be stale pages, or yours
                kept.append(key)
        elif key in earlier:
            recorded = earlier[key]
            path = target / key
            same = path.is_symlink() or not recorded or _file_digest(path) == recorded
            (stale if same else kept).append(key)
    return sorted(stale), sorted(kept)


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


def _stage(change: _Change, temp: Path) -> _Staged:
    """Write one changed file's bytes to `temp`, hashing them on the way."""
    digest = hashlib.sha256()
    with temp.open("xb") as out:
        if isinstance(change.content, bytes):
            out.write(change.content)
            digest.update(change.content)
        else:
            with change.content.path.open("rb") as source:
                while block := source.read(1024 * 1024):
                    out.write(block)
                    digest.update(block)
    os.chmod(temp, 0o644)
    return _Staged(temp, digest.hexdigest())


def _commit(temp: Path, dest: Path) -> None:
    """Replace one file atomically by its staged bytes."""
    if dest.is_dir() and not dest.is_symlink():
        shutil.rmtree(dest)  # a folder where a file now belongs: it was stale output
    os.replace(temp, dest)


def _replace(dest: Path, staging: Path, data: bytes) -> None:
    """Write one bookkeeping file atomically."""
    temp = staging / dest.name
    temp.write_bytes(data)
    os.replace(temp, dest)


def _make_parents(dest: Path, target: Path) -> None:
    """Create the folders of `dest`; a stale file standing where a folder belongs goes."""
    target.mkdir(parents=True, exist_ok=True)
    for parent in reversed(dest.relative_to(target).parents):
        folder = target / parent
        if folder.is_file() or folder.is_symlink():
            folder.unlink()
        folder.mkdir(exist_ok=True)


def _remove_empty_dirs(target: Path, deleted: list[str]) -> None:
    """The folders that deleting stale files emptied; no other folder of the editor's."""
    folders = {parent for key in deleted for parent in PurePosixPath(key).parents}
    for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
        path = target / folder
        if path != target and path.is_dir() and not path.is_symlink() and not any(path.iterdir()):
            path.rmdir()
