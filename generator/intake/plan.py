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

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from generator.errors import ContentError, Problem
from generator.intake import ledger
from generator.intake.duplicates import Earlier
from generator.intake.duplicates import similarity as similarity  # callers know plan.similarity
from generator.intake.formats.base import ImportProblem, Incoming, Skipped
from generator.intake.formats.clean import (
    comparison_key,
    one_line,
    removed_marker,
    scrub,
    scrub_name,
    slug,
)
from generator.pipeline.load import read_text, refusal, split_front_matter
from generator.timestamps import Timestamp
from generator.yamlio import LineMap, YamlProblem

DEFAULT_THRESHOLD = 85
OFFSET_FIELD = "asked_at_offset"  # where in the stream a live-chat question was asked
MAX_QUESTION = 20_000  # validate's limit for text fields
FALLBACK_ID = {"de": "frage", "en": "question"}

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


def prepare(
    records: Sequence[Incoming], path: str, language: str, anonymous: bool
) -> list[Incoming]:
    """Records with contact data scrubbed (and names dropped when anonymous); empty ones fail."""
    problems = [p for record in records for p in _unstorable(path, record)]
    prepared = []
    for record in records:
        text = one_line(scrub(record.text, language))
        name = None if anonymous else scrub_name(record.asked_by, language)
        if not text.replace(removed_marker(language), "").strip(" ?!.,;:-()[]"):
            problems.append(
                Problem(path, record.line, "empty question: there is no text to import")
            )
        elif len(text) > MAX_QUESTION:
            message = f"question is too long ({len(text)} characters, at most {MAX_QUESTION})"
            problems.append(Problem(path, record.line, message))
        prepared.append(replace(record, text=text, asked_by=name))
    if problems:
        raise ContentError(problems)
    return sorted(prepared, key=_ask_order)


# What no question file can hold: yamlio refuses NUL, and UTF-8 has no lone surrogates. Found
# before scrubbing (which would drop them from the text) so that the editor learns of a broken
# export instead of a question quietly changed or a `source` no re-import recognises.
_UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")


def _unstorable(path: str, record: Incoming) -> list[Problem]:
    """A problem for each field of `record` that holds a NUL or a lone surrogate."""
    fields = (("question", record.text), ("asked_by", record.asked_by), ("source", record.source))
    return [
        Problem(path, record.line, f"{name} {unstorable}")
        for name, value in fields
        if value and (unstorable := unstorable_character(value))
    ]


def unstorable_character(value: str) -> str | None:
    """`holds …, which no question file can store` for a NUL or a lone surrogate; else None."""
    found = _UNSTORABLE.search(value)
    if found is None:
        return None
    char = found.group()
    what = "NUL" if char == "\x00" else "a lone surrogate"
    return f"holds the character U+{ord(char):04X} ({what}), which no question file can store"


def _ask_order(record: Incoming) -> tuple[float, int]:
    when = record.asked_at
    if when is None:
        return (float("inf"), record.line)
    aware = when if when.tzinfo else when.replace(tzinfo=dt.UTC)
    return (aware.timestamp(), record.line)


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
    taken = _Ids({k.id for k in known}, language)
    keys = {id(r): comparison_key(r.text) for r in records}
    every_key = [comparison_key(k.question) for k in known] + list(keys.values())
    earlier = Earlier(every_key, threshold)
    for k in known:
        earlier.add(k.id, comparison_key(k.question), k.merged_into)
    new: list[Planned] = []
    skipped: list[Skipped] = []
    for record in records:
        if reason := _skip_reason(record.source, sources, ledger):
            skipped.append(Skipped(record.line, reason, record.source))
        else:
            sources.add(record.source)
            question_id = taken.new(record.text)
            key = keys[id(record)]
            target, score = earlier.best_match(key, threshold)
            new.append(Planned(question_id, record, target, score))
            earlier.add(question_id, key, target)
        if progress:
            progress(1)
    after = ledger | sources
    return Plan(talk_id, tuple(new), tuple(skipped), after if after != imported else None)


def _skip_reason(source: str, sources: set[str], ledger: frozenset[str]) -> str | None:
    """Why a record with `source` is not imported; `sources` holds this run's new ones too."""
    if source in ledger:
        return ALREADY_IMPORTED if source in sources else DELETED_BY_EDITOR
    return REPEATED if source in sources else None


class _Ids:
    """Question ids taken so far; a new one gets the first free `slug`, `slug-2`, `slug-3`, …"""

    def __init__(self, taken: set[str], language: str) -> None:
        self.taken = taken
        self.language = language
        # A slug's number last given: every one below is taken, and stays so (taken only grows).
        self.next_number: dict[str, int] = {}

    def new(self, text: str) -> str:
        base = slug(text.replace(removed_marker(self.language), " ")) or FALLBACK_ID.get(
            self.language, FALLBACK_ID["en"]
        )
        number = self.next_number.get(base, 1)  # 1: the slug itself
        candidate = base if number == 1 else f"{base}-{number}"
        while candidate in self.taken:
            number += 1
            candidate = f"{base}-{number}"
        self.next_number[base] = number
        self.taken.add(candidate)
        return candidate


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
    files = {folder / f"{p.id}.md": question_file(p).encode() for p in plan.new}
    written: list[Path] = []
    current = folder
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for current, text in files.items():
            _write_new(current, text)
            written.append(current)
        if plan.ledger is not None:
            current = folder / ledger.LEDGER
            ledger.write(current, ledger.text(plan.ledger))
    except OSError as exc:
        for path in written:
            path.unlink(missing_ok=True)
        where = current.relative_to(root).as_posix()
        raise ImportProblem(where, 1, f"cannot be written: {exc.strerror or exc}") from exc
    return written


def _write_new(path: Path, data: bytes) -> None:
    """Create `path` holding `data`; fails if `path` exists already (a link too), never overwrites.

    Created in place (O_EXCL), not via a temporary file and a link: one file operation instead of
    three, which was most of writing 200,000 files. A crash mid-write can leave this one file
    short, and the next import then stops at it by name; no existing file is ever touched.
    """
    handle = open(path, "xb")  # noqa: SIM115 - closed below; removed if not written whole
    try:
        with handle:
            handle.write(data)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
