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
import os
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from rapidfuzz import fuzz, process

from generator.errors import ContentError, Problem
from generator.intake import ledger
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
from generator.yamlio import YamlProblem

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
    problems = []
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
    earlier = _Earlier(every_key, threshold)
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


def similarity(a: str, b: str, cutoff: int = 0) -> int:
    """0–100: how alike two comparison keys are, word order aside.

    token_set_ratio calls a short text contained in a long one identical ("wie schnell" vs
    "wie schnell ist das auto"), so texts of very different length are compared as a whole.
    """
    short, long = sorted((len(a.split()), len(b.split())))
    scorer = fuzz.token_set_ratio if short * 2 >= long else fuzz.token_sort_ratio
    return round(scorer(a, b, score_cutoff=cutoff))


# Which earlier questions a new one is compared with (blocking by rare words, "prefix
# filtering"). token_set_ratio reaches t (0-1) through shared words only when the shared words
# carry at least t / (2 - t) of one side's letters (the words outside them cost one edit per
# letter). So each key's rarest words that carry more than the rest of that share are enough:
# a new key looks up those words among all words of the earlier keys, and all its words among
# the rare words of the earlier keys. Comparing every pair took 17 s for 5,000 rows and never
# ended for 200,000; typos in nearly every word are what this no longer finds.


MAX_CANDIDATES = 100


class _Earlier:
    """The questions before the current one, indexed by all their words and their rare ones."""

    def __init__(self, every_key: Sequence[str], threshold: int) -> None:
        self.frequency = Counter(word for key in every_key for word in set(key.split()))
        t = threshold / 100
        self.share = t / (2 - t)
        self.entries: list[tuple[str, str, str | None]] = []  # id, key, merged_into
        self.word_counts: list[int] = []
        self.by_word: dict[str, list[int]] = defaultdict(list)
        self.by_rare_word: dict[str, list[int]] = defaultdict(list)

    def words(self, key: str) -> tuple[list[str], list[str]]:
        """The key's words, rarest first, and as many of them as carry more than 1 - share."""
        words = sorted(set(key.split()), key=lambda w: (self.frequency[w], w))
        total = rest = sum(len(w) + 1 for w in words)
        for count, word in enumerate(words, start=1):
            rest -= len(word) + 1
            if rest < self.share * total:
                return words, words[:count]
        return words, words

    def add(self, question_id: str, key: str, merged_into: str | None) -> None:
        index = len(self.entries)
        self.entries.append((question_id, key, merged_into))
        self.word_counts.append(len(key.split()))
        words, rare = self.words(key) if key else ([], [])
        for word in words:
            self.by_word[word].append(index)
        for word in rare:
            self.by_rare_word[word].append(index)

    def candidates(self, key: str) -> list[int]:
        """Earlier keys that may be alike; at most about MAX_CANDIDATES, the rarest links first.

        When thousands of questions differ in one short word ("Variante 1", "Variante 2", …)
        each is alike to all before it; the most recent ones are compared, which keeps the
        work per question bounded (and a live chat's repeats are mostly close together).
        """
        words, rare = self.words(key)
        lists = [self.by_word.get(w, []) for w in rare]
        lists += [self.by_rare_word.get(w, []) for w in words]
        found: set[int] = set()
        for postings in sorted(lists, key=len):
            found.update(postings[-MAX_CANDIDATES:])
            if len(found) >= MAX_CANDIDATES:
                break
        return sorted(found)

    def best_match(self, key: str, threshold: int) -> tuple[str | None, int | None]:
        """The earlier question most alike (the first of equals) and the similarity."""
        if not key:
            return None, None
        candidates = self.candidates(key)
        keys = [self.entries[i][1] for i in candidates]
        # token_set_ratio is `similarity` unless the word counts differ twofold, and bounds it
        # from above then: rapidfuzz's loop pre-selects, Python looks only at what it found.
        hits = process.extract(
            key, keys, scorer=fuzz.token_set_ratio, score_cutoff=threshold, limit=None
        )
        words = len(key.split())
        best: tuple[int, int] | None = None  # score, -index
        for other, upper, position in hits:
            index = candidates[position]
            short, long = sorted((words, self.word_counts[index]))
            score = round(upper) if short * 2 >= long else similarity(key, other, threshold)
            if score >= threshold and (best is None or (score, -index) > best):
                best = (score, -index)
        if best is None:
            return None, None
        question_id, _, merged_into = self.entries[-best[1]]
        # A merge target must not be merged itself (link refuses chains): use its target.
        return merged_into or question_id, best[0]


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
    text = "---\n" + "\n".join(lines) + "\n---\n"
    _check_round_trip(text, record)
    return text


def _quoted(value: str) -> str:
    """A YAML double-quoted scalar that reads back as exactly `value`, emoji left readable."""
    return '"' + "".join(_ESCAPES.get(c) or _escape(c) for c in value) + '"'


_ESCAPES = {"\\": "\\\\", '"': '\\"'}


def _escape(char: str) -> str:
    # Control characters, and what YAML 1.1 counts as line breaks (NEL, LS, PS) or a BOM.
    code = ord(char)
    if code < 0x20 or 0x7F <= code <= 0x9F or char in "\u2028\u2029\ufeff":
        return f"\\u{code:04x}"
    return char


def _check_round_trip(text: str, record: Incoming) -> None:
    fields, _ = split_front_matter(text)
    if fields.get("question") != record.text or fields.get("source") != record.source:
        raise AssertionError(f"question file does not read back as written: {record.source}")


def write_plan(root: Path, plan: Plan) -> list[Path]:
    """Write every new question file, then the ledger; on any failure remove the files written."""
    folder = talk_folder(root, plan.talk)
    files = {folder / f"{p.id}.md": question_file(p) for p in plan.new}
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


def _write_new(path: Path, text: str) -> None:
    """Write via a temporary file and link it into place; fails if `path` exists already."""
    temporary = path.with_name(f".{path.name}.tmp")
    with open(temporary, "x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    try:
        os.link(temporary, path)  # atomic, and unlike os.replace refuses to overwrite
    finally:
        temporary.unlink()
