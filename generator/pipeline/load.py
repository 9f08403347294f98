"""Stage 1, load: read videos.yml and content/ into raw records that know their file and line.

Takes an archive folder; gives `Sources` (raw mappings, not yet checked) and every problem
found while reading: unreadable files, malformed YAML, duplicate keys, misplaced files.
Nothing here interprets field values; that is `validate`'s job.
"""

from __future__ import annotations

import os
import time
from collections.abc import Container, Mapping
from dataclasses import dataclass
from pathlib import Path

import frontmatter.default_handlers

from generator.constants import CACHE_DIR, CONTENT, VIDEOS
from generator.errors import Problem, WunschzeitError
from generator.models import Origin, Talk
from generator.pipeline import stamps
from generator.pipeline.hints import did_you_mean
from generator.pipeline.records import RawRecord, Sources
from generator.recordings import videos_yml
from generator.yamlio import LineMap, YamlProblem, decode_text, parse_yaml

MAX_FILE_BYTES = 2_000_000  # a question file is a few KB; megabytes mean a mistake
PHOTO_TYPES = (".jpg", ".png", ".webp")  # content/experts/<id>.<type>: an expert's photo


def load(
    root: Path,
    files: Mapping[str, bytes] | None = None,
    skip: Container[str] = frozenset(),
    memo: Memo | None = None,
) -> Sources:
    """Read everything an archive consists of; collect problems instead of stopping.

    `files` (root-relative POSIX path → bytes) are taken instead of reading those files again.
    Content files in `skip` are listed but not read: their records come from elsewhere
    (pipeline/cache_store.py keeps them from an earlier run). `memo`: see files_under.
    """
    problems: list[Problem] = []
    read = _Reader(root, files or {}, skip, memo)
    talks = _load_videos(read, problems)
    events = _load_folder(read, "events", "event", problems)
    experts = _load_folder(read, "experts", "expert", problems)
    questions = _load_questions(read, problems)
    problems.extend(_unknown_folders(root))
    return Sources(root, talks, events, experts, questions, tuple(sorted(problems)))


@dataclass(frozen=True)
class _Reader:
    """Text of the archive's files: from what was read already, else from the disk."""

    root: Path
    files: Mapping[str, bytes]
    skip: Container[str] = frozenset()
    memo: Memo | None = None

    def __call__(self, where: str) -> str:
        data = self.files.get(where)
        return read_text(self.root, self.root / where, data)


def rel(root: Path, path: Path) -> str:
    """The path as editors see it: relative to the archive root, with forward slashes."""
    return path.relative_to(root).as_posix()


def read_text(root: Path, path: Path, data: bytes | None = None) -> str:
    """Read a UTF-8 file (a BOM is allowed) or raise YamlProblem saying why not.

    `data` is the file's content when it has been read already.
    """
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise YamlProblem(1, f"cannot be read: {exc.strerror}") from exc
    return decode_text(data, MAX_FILE_BYTES)


def _load_videos(read: _Reader, problems: list[Problem]) -> tuple[RawRecord, ...]:
    data = read.files.get(VIDEOS)
    talks = (
        videos_yml.read(read.root, data) if read.memo is None else read.memo.videos(read.root, data)
    )
    problems.extend(talks.problems)
    return tuple(RawRecord("talk", Origin(VIDEOS, t.line), t) for t in talks.entries)


def files_under(
    root: Path,
    folder: str,
    *,
    dot_files: bool = False,
    skip: tuple[str, ...] = (),
    links: list[str] | None = None,
    memo: Memo | None = None,
) -> list[str]:
    """Every file below root/folder, as sorted root-relative POSIX paths.

    Dot-files are left out unless `dot_files`; folders named in `skip` are not entered. A
    symbolic link is listed only when it leads to a regular file inside the archive; the
    others (to a folder, outside, nowhere) are appended to `links`, if given, and never
    followed (see `refusal`); so is root/folder when it leads outside. os.scandir instead of
    rglob, because pathlib's bookkeeping for 20,000 question files cost more than reading them.
    With `memo` (a long-lived process's), a folder that did not change is not read again.
    """
    found: list[tuple[str, ...]] = []
    pending = [tuple(folder.split("/"))]
    if not inside_archive(root, root / folder):
        pending = []
        _note_link(root, folder, links)
    elif memo is not None:
        paths: list[str] = []
        memo.walk(root, folder, (dot_files, skip), paths, links)
        return paths
    while pending:
        parts = pending.pop()
        try:
            entries = list(os.scandir(root.joinpath(*parts)))
        except (FileNotFoundError, NotADirectoryError):
            continue  # no such folder: nothing in it
        except OSError as error:  # its files must not vanish from the site without a word
            where = "/".join(parts)
            raise WunschzeitError(f"{where}: cannot be read: {error.strerror}") from error
        for entry in entries:
            shown = dot_files or not entry.name.startswith(".")
            if entry.is_symlink():
                if shown and entry.name not in skip:
                    _follow_link(root, (*parts, entry.name), found, links)
            elif entry.is_dir():
                if entry.name not in skip:
                    pending.append((*parts, entry.name))
            elif shown and entry.is_file():
                found.append((*parts, entry.name))
    return ["/".join(parts) for parts in sorted(found)]


Entry = tuple[str, int]  # a name in a folder, and what it is: _FILE, _FOLDER or _LINK
_FILE, _FOLDER, _LINK = 0, 1, 2

Problems = tuple[Problem, ...]


class Memo:
    """What load read, kept by a long-lived process (the preview) for its next run.

    What `files_under` found in each folder: a folder whose inode, modification and change
    time are as they were when it was read holds the same names of the same kinds (adding,
    removing, renaming or replacing an entry changes its times). A folder changed within two
    seconds of being read is read again next time, so a second change in the same clock
    tick is never missed; links are followed again every time, their targets may change.
    And the talks parsed from videos.yml, for the very same bytes: 0.3 s at 5,000 talks;
    and validated (validate.py): 0.1 s more.
    """

    def __init__(self) -> None:
        self._folders: dict[tuple[str, tuple[bool, tuple[str, ...]]], _Listed] = {}
        self._videos: tuple[bytes, videos_yml.Talks] | None = None
        # validate's talks of the last run: the entries (from `videos`), talks and problems.
        self.validated: tuple[tuple[object, ...], list[tuple[Talk, int | None]], Problems] | None
        self.validated = None

    def videos(self, root: Path, data: bytes | None) -> videos_yml.Talks:
        """`videos_yml.read(root, data)`, parsed again only when the bytes differ."""
        if data is None:
            try:
                data = (root / VIDEOS).read_bytes()
            except OSError:
                return videos_yml.read(root)
        if self._videos is not None and self._videos[0] == data:
            return self._videos[1]
        talks = videos_yml.read(root, data)
        self._videos = (data, talks)
        return talks

    def walk(
        self,
        root: Path,
        folder: str,
        how: tuple[bool, tuple[str, ...]],
        paths: list[str],
        links: list[str] | None,
    ) -> None:
        """Append the files below root/folder to `paths`, in `files_under`'s order: each
        folder's names sorted, a subfolder's files where its name sorts (so the order of the
        lists of parts)."""
        for name, kind in self._entries(root, folder, how):
            where = f"{folder}/{name}"
            if kind == _FILE:
                paths.append(where)
            elif kind == _FOLDER:
                self.walk(root, where, how, paths, links)
            else:
                kept: list[tuple[str, ...]] = []
                _follow_link(root, tuple(where.split("/")), kept, links)
                paths.extend(where for _ in kept)

    def _entries(self, root: Path, folder: str, how: tuple[bool, tuple[str, ...]]) -> list[Entry]:
        path = os.path.join(root, folder)
        try:
            stat = os.stat(path)
        except OSError:
            stat = None
        key = (path, how)
        known = self._folders.get(key)
        if stat is not None and known is not None and known.stamp == _folder_stamp(stat):
            return known.entries
        self._folders.pop(key, None)
        started = time.time_ns()
        entries = _read_folder(folder, path, how)
        if stat is not None and max(stat.st_mtime_ns, stat.st_ctime_ns) < started - stamps.RACY_NS:
            self._folders[key] = _Listed(_folder_stamp(stat), entries)
        return entries


@dataclass(frozen=True)
class _Listed:
    stamp: tuple[int, int, int, int]
    entries: list[Entry]


def _folder_stamp(stat: os.stat_result) -> tuple[int, int, int, int]:
    return (stat.st_dev, stat.st_ino, stat.st_mtime_ns, stat.st_ctime_ns)


def _read_folder(folder: str, path: str, how: tuple[bool, tuple[str, ...]]) -> list[Entry]:
    """The entries `files_under` takes from one folder, sorted by name."""
    dot_files, skip = how
    try:
        found = list(os.scandir(path))
    except (FileNotFoundError, NotADirectoryError):
        return []  # no such folder: nothing in it
    except OSError as error:  # its files must not vanish from the site without a word
        raise WunschzeitError(f"{folder}: cannot be read: {error.strerror}") from error
    entries: list[Entry] = []
    for entry in found:
        shown = dot_files or not entry.name.startswith(".")
        if entry.is_symlink():
            if shown and entry.name not in skip:
                entries.append((entry.name, _LINK))
        elif entry.is_dir():
            if entry.name not in skip:
                entries.append((entry.name, _FOLDER))
        elif shown and entry.is_file():
            entries.append((entry.name, _FILE))
    entries.sort()
    return entries


def _follow_link(
    root: Path, parts: tuple[str, ...], found: list[tuple[str, ...]], links: list[str] | None
) -> None:
    """A link to a regular file inside the archive is a file like any other."""
    path = root.joinpath(*parts)
    if inside_archive(root, path) and path.is_file():
        found.append(parts)
    elif links is not None:
        links.append("/".join(parts))


def _note_link(root: Path, where: str, links: list[str] | None) -> None:
    if links is not None and os.path.lexists(root / where):
        links.append(where)


def inside_archive(root: Path, path: Path) -> bool:
    """Does `path`, with every symbolic link on the way followed, lie inside the archive?"""
    return path.resolve().is_relative_to(root.resolve())


def refusal(root: Path, where: str, what: str) -> Problem | None:
    """Why the pipeline must not read root/`where` (`what`, e.g. "this recording"), or None.

    Nothing outside the archive folder is read or published: not through a link to a file,
    nor through a linked folder on the way. Links inside it must lead to a regular file.
    """
    path = root / where
    if not inside_archive(root, path):
        how = "a symbolic link" if path.is_symlink() else "in a folder that is a symbolic link"
        return Problem(where, 1, f"refusing {what}: it is {how} leading outside the archive")
    if path.is_symlink() and not path.is_file():
        target = "a folder" if path.is_dir() else "something other than a file"
        message = f"refusing {what}: it is a symbolic link to {target}"
        return Problem(where, 1, message + "; only links to files inside the archive are read")
    return None


def _listed(read: _Reader, folder: str, kind: str, problems: list[Problem]) -> list[str]:
    """The files below `folder`; every symbolic link that is not followed is a problem."""
    links: list[str] = []
    found = files_under(read.root, folder, links=links, memo=read.memo)
    for where in links:
        what = "this folder" if (read.root / where).is_dir() else f"this {kind} file"
        problems.extend(p for p in [refusal(read.root, where, what)] if p)
    return found


def _load_folder(
    read: _Reader, name: str, kind: str, problems: list[Problem]
) -> tuple[RawRecord, ...]:
    records = []
    for where in _listed(read, f"{CONTENT}/{name}", kind, problems):
        if kind == "expert" and where.endswith(PHOTO_TYPES) and where.count("/") == 2:
            continue  # a photo: photos.py checks it
        if not where.endswith(".md") or where.count("/") != 2:
            problems.append(
                Problem(where, 1, f"unexpected file: {kind}s are {CONTENT}/{name}/<id>.md")
            )
            continue
        record = _read_markdown(read, where, kind, problems)
        if record is not None:
            records.append(record)
    return tuple(records)


def _load_questions(read: _Reader, problems: list[Problem]) -> tuple[RawRecord, ...]:
    records = []
    for where in _listed(read, f"{CONTENT}/talks", "question", problems):
        if not where.endswith(".md") or where.count("/") != 3:
            problems.append(
                Problem(
                    where,
                    1,
                    "unexpected file: questions are content/talks/<talk-id>/<question-id>.md",
                )
            )
            continue
        record = _read_markdown(read, where, "question", problems)
        if record is not None:
            records.append(record)
    return tuple(records)


def _unknown_folders(root: Path) -> list[Problem]:
    """A folder such as content/question/ is a typo whose files would never be published.

    Hidden folders are left alone: tools keep their state in them.
    """
    try:
        entries = list(os.scandir(root / CONTENT))
    except OSError:
        return []
    known = ("events", "experts", "talks", CACHE_DIR.rpartition("/")[2])
    listed = ", ".join(f"{name}/" for name in known)
    return [
        Problem(
            f"{CONTENT}/{entry.name}",
            1,
            f"unknown folder: {CONTENT}/ holds only {listed}{did_you_mean(entry.name, known)}",
        )
        for entry in sorted(entries, key=lambda e: e.name)
        if entry.is_dir() and entry.name not in known and not entry.name.startswith(".")
    ]


def _read_markdown(
    read: _Reader, where: str, kind: str, problems: list[Problem]
) -> RawRecord | None:
    if where in read.skip:
        return None
    try:
        text = read(where)
        fields, body = split_front_matter(text)
    except YamlProblem as exc:
        problems.append(Problem(where, exc.line, exc.message))
        return None
    folder, _, name = where.rpartition("/")
    talk = folder.rpartition("/")[2] if kind == "question" else None
    # The body is the file's tail without its blank lines around: count the lines before it.
    body_line = text.count("\n", 0, len(text.rstrip("\n")) - len(body)) + 1
    return RawRecord(
        kind, Origin(where, 1), fields, body, name.removesuffix(".md"), talk, body_line
    )


def split_front_matter(text: str) -> tuple[LineMap, str]:
    """Split `---` front matter from the Markdown body; lines count from the file's start."""
    handler = frontmatter.default_handlers.YAMLHandler()
    if not handler.detect(text):
        raise YamlProblem(1, "no front matter: the file must start with a line '---'")
    try:
        raw, body = handler.split(text)
    except ValueError as exc:
        raise YamlProblem(1, "front matter is not closed by a line '---'") from exc
    # The boundary only matches at the very start, so `raw` begins on line 1 (after '---').
    data = parse_yaml(raw, 1)
    if data is None:
        data = LineMap()
        data.line, data.key_lines = 1, {}
    if not isinstance(data, LineMap):
        raise YamlProblem(2, "front matter must be fields ('key: value' lines)")
    return data, body.strip("\n")
