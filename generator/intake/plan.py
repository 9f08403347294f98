"""Question intake: parsed `Incoming` records → a `Plan` of question files → files in content/.

Takes what an importer parsed, the talk's existing questions, its ledger of imported sources
and the editor's choices; gives a Plan: new questions (with ids, scrubbed of contact data,
near-duplicates written as merges for the editor to review), and records skipped because their
`source` is in the talk folder already, was imported before and deleted by the editor, or came
twice. `write_plan` writes the new files all at once, never overwrites an existing one, and adds
their sources to the ledger, so re-imports are idempotent, an edited question is never touched
and a deleted one stays deleted.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.errors import ContentError, Problem
from generator.intake import ids, ledger, matching, parallel
from generator.intake.duplicates import Earlier
from generator.intake.duplicates import similarity as similarity  # callers know plan.similarity
from generator.intake.formats.base import ImportProblem, Incoming, Skipped
from generator.intake.formats.clean import comparison_key
from generator.intake.prepare import prepare as prepare  # callers know plan.prepare
from generator.intake.prepare import unstorable_character
from generator.pipeline.load import read_text, refusal, split_front_matter
from generator.timestamps import Timestamp
from generator.yamlio import LineMap, YamlProblem

DEFAULT_THRESHOLD = 85
PARALLEL_FILES_FROM = 20_000  # question files: fewer are made in this process alone
OFFSET_FIELD = "asked_at_offset"  # where in the stream a live-chat question was asked

Progress = Callable[[int], None]

ALREADY_IMPORTED = "already imported"
DELETED_BY_EDITOR = "deleted by the editor"  # in the ledger, but no file has the source
REPEATED = "duplicate in the file"  # the same source twice in one export


@dataclass(frozen=True)
class Known:
    """A question already in the talk folder, as far as planning needs it."""

    id: str
    question: str
    source: str | None
    merged_into: str | None


@dataclass(frozen=True)
class Planned:
    """A question file to write; `merged_into` is set when it repeats an earlier question."""

    id: str
    incoming: Incoming
    merged_into: str | None = None
    similarity: int | None = None


@dataclass(frozen=True)
class Plan:
    talk: str
    new: tuple[Planned, ...]
    skipped: tuple[Skipped, ...]  # their source is imported already, or came twice
    ledger: frozenset[str] | None = None  # the talk's ledger after writing; None: as it is

    @property
    def merges(self) -> tuple[Planned, ...]:
        return tuple(p for p in self.new if p.merged_into)


def read_known(root: Path, talk_id: str) -> list[Known]:
    """The questions in content/talks/<talk_id>/; a broken file stops the import."""
    folder = talk_folder(root, talk_id)
    found = []
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        where = path.relative_to(root).as_posix()
        if problem := refusal(root, where, "this question file"):
            raise ContentError([problem])
        try:
            fields, _ = split_front_matter(read_text(root, path))
        except YamlProblem as exc:
            message = f"{exc.message} (fix this question before importing more)"
            raise ContentError([Problem(where, exc.line, message)]) from exc
        _check_storable(where, fields)
        source = fields.get("source")
        merged = fields.get("merged_into")
        found.append(
            Known(
                path.stem,
                str(fields.get("question") or ""),
                _text_or_none(source),
                _text_or_none(merged),
            )
        )
    return found


def _check_storable(where: str, fields: LineMap) -> None:
    """ContentError when a text field the import reuses holds a NUL or a lone surrogate (a YAML
    escape such as `"\\ud800"` makes one): the ledger could not store its source."""
    problems = [
        Problem(where, fields.line_of(name), f"{name} {unstorable}")
        for name in ("question", "source", "merged_into")
        if isinstance(value := fields.get(name), str)
        and (unstorable := unstorable_character(value))
    ]
    if problems:
        raise ContentError(problems)


def talk_folder(root: Path, talk_id: str) -> Path:
    """content/talks/<talk_id>; ContentError when it is a symbolic link or leads outside the
    archive: import reads and writes only inside it, never through a link."""
    where = f"content/talks/{talk_id}"
    if problem := refusal(root, where, "this talk folder"):
        raise ContentError([problem])
    return root / where


def _text_or_none(value: object) -> str | None:
    return None if value is None else str(value)


def plan(
    records: Sequence[Incoming],
    known: Sequence[Known],
    talk_id: str,
    language: str,
    threshold: int = DEFAULT_THRESHOLD,
    progress: Progress | None = None,
    imported: frozenset[str] = frozenset(),
) -> Plan:
    """Decide for each record: skip (source known), new, or new and merged into an earlier one.

    `imported` is the talk's ledger: the sources imported before, of files deleted since too.
    """
    sources = {k.source for k in known if k.source}
    ledger = imported | sources
    taken = ids.Ids({k.id for k in known})
    # Skips and ids first: which earlier question a new one resembles does not depend on the
    # merges, so the search can then run on several processes (`matching`).
    is_new: list[bool] = []
    skipped: list[Skipped] = []
    for record in records:
        if reason := _skip_reason(record.source, sources, ledger):
            skipped.append(Skipped(record.line, reason, record.source))
        else:
            sources.add(record.source)
        is_new.append(reason is None)
    if progress and skipped:
        progress(len(skipped))
    record_keys, slugs = ids.keys_and_slugs(records, is_new, language)
    fresh = [(taken.new(s), r) for r, s in zip(records, slugs, strict=True) if s is not None]
    keys = dict(zip(map(id, records), record_keys, strict=True))  # a record listed twice: once
    known_keys = [comparison_key(k.question) for k in known]
    earlier = Earlier(known_keys + list(keys.values()), threshold)
    every_key = known_keys + [
        key for key, s in zip(record_keys, slugs, strict=True) if s is not None
    ]
    matches = matching.best_matches(every_key, len(known), earlier, progress=progress)
    question_ids = [k.id for k in known] + [question_id for question_id, _ in fresh]
    targets = [k.merged_into for k in known]  # what each key's question is merged into
    new: list[Planned] = []
    for (question_id, record), (index, score) in zip(fresh, matches, strict=True):
        # A merge target must not be merged itself (link refuses chains): use its target.
        target = None if index is None else targets[index] or question_ids[index]
        targets.append(target)
        new.append(Planned(question_id, record, target, score))
    after = ledger | sources
    return Plan(talk_id, tuple(new), tuple(skipped), after if after != imported else None)


def _skip_reason(source: str, sources: set[str], ledger: frozenset[str]) -> str | None:
    """Why a record with `source` is not imported; `sources` holds this run's new ones too."""
    if source in ledger:
        return ALREADY_IMPORTED if source in sources else DELETED_BY_EDITOR
    return REPEATED if source in sources else None


def question_file(planned: Planned) -> str:
    """The Markdown file of a planned question: front matter with every text double-quoted."""
    record = planned.incoming
    lines = [f"question: {_quoted(record.text)}"]
    if record.asked_by:
        lines.append(f"asked_by: {_quoted(record.asked_by)}")
    lines.append(f"channel: {record.channel}")
    if record.asked_at:
        lines.append(f"asked_at: {record.asked_at.isoformat()}")
    if record.offset is not None:
        lines.append(f"{OFFSET_FIELD}: {_quoted(Timestamp(record.offset).label)}")
    if planned.merged_into:
        lines += ["status: merged", f"merged_into: {planned.merged_into}"]
    else:
        lines.append("status: collected")
    if record.votes is not None:
        lines.append(f"votes: {record.votes}")
    lines.append(f"source: {_quoted(record.source)}")
    # Not read back as YAML here (that took 40 % of an import): `_quoted` escapes everything
    # a YAML reader would refuse or read otherwise, and test_question_file_round_trip proves
    # it on every kind of character.
    return "---\n" + "\n".join(lines) + "\n---\n"


def _quoted(value: str) -> str:
    """A YAML double-quoted scalar that reads back as exactly `value`, emoji left readable.

    ValueError for a NUL or a lone surrogate: no question file may hold one (yamlio refuses
    NUL, UTF-8 has no surrogates), so such a value is never written.
    """
    return '"' + _UNSAFE.sub(_escape, value) + '"'


# The quote and backslash; control characters; what YAML 1.1 counts as line breaks (NEL, LS,
# PS); a BOM; the noncharacters U+FFFE and U+FFFF, which YAML readers refuse; surrogates. One
# regex pass instead of a Python step per character: a usual question is quoted 25x faster.
_UNSAFE = re.compile(r'[\\"\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]')
_ESCAPES = {"\\": "\\\\", '"': '\\"'}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char == "\x00" or "\ud800" <= char <= "\udfff":
        raise ValueError(f"cannot be stored: holds the character U+{ord(char):04X}")
    return _ESCAPES.get(char) or f"\\u{ord(char):04x}"


def write_plan(root: Path, plan: Plan) -> list[Path]:
    """Write every new question file, then the ledger; on any failure remove the files written."""
    folder = talk_folder(root, plan.talk)
    # All made before the first file is created: a value that cannot be stored writes nothing.
    files = _files(plan.new)
    written: list[str] = []
    current = ""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        directory = _open_folder(folder)
        try:
            # Created by this process alone: two processes creating files in one folder took
            # twice the CPU time (the kernel's lock on the folder) and no less wall clock.
            for current, data in files:
                _write_new(directory, current, data)
                written.append(current)
            if plan.ledger is not None:
                current = ledger.LEDGER
                ledger.write(folder / current, ledger.text(plan.ledger))
        except OSError:
            for name in written:
                os.unlink(name if directory.fd is not None else folder / name, dir_fd=directory.fd)
            raise
        finally:
            directory.close()
    except OSError as exc:
        where = (folder / current).relative_to(root).as_posix()
        raise ImportProblem(where, 1, f"cannot be written: {exc.strerror or exc}") from exc
    return [folder / name for name in written]


def _files(new: Sequence[Planned]) -> list[tuple[str, bytes]]:
    """Each planned question's file name and bytes; made on every core for a large import."""

    def made(begin: int, end: int) -> list[tuple[str, bytes]]:
        return [(f"{p.id}.md", question_file(p).encode()) for p in new[begin:end]]

    count = parallel.processes(len(new), PARALLEL_FILES_FROM)
    return parallel.run(made, parallel.even_chunks(0, len(new), count))


@dataclass(frozen=True)
class _Folder:
    """An open folder to create files in by name, or (without `dir_fd`: Windows) its path."""

    path: Path
    fd: int | None

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)


def _open_folder(folder: Path) -> _Folder:
    if os.open not in os.supports_dir_fd or os.unlink not in os.supports_dir_fd:
        return _Folder(folder, None)
    return _Folder(folder, os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW))


def _write_new(directory: _Folder, name: str, data: bytes) -> None:
    """Create `name` in `directory` (an open folder) holding `data`; fails if it exists already
    (a link too), never overwrites.

    Created in place (O_EXCL), not via a temporary file and a link: one file operation instead of
    three, which was most of writing 200,000 files; relative to the open folder, so that the
    kernel does not walk the whole path again for each. A crash mid-write can leave this one
    file short, and the next import then stops at it by name; no existing file is ever touched.
    """
    where = name if directory.fd is not None else directory.path / name
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    handle = os.open(where, flags, 0o666, dir_fd=directory.fd)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view) :]
    except BaseException:
        os.close(handle)
        os.unlink(where, dir_fd=directory.fd)
        raise
    os.close(handle)
