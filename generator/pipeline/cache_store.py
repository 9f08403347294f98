"""Validated records kept between runs, so a generate after one edit reads one file.

Takes the editor's files as the fingerprint found them (the SHA-256 of each, the bytes of
those it read: only files whose stamp changed, see freshness.py); gives `Content` as
`validate.validate(load.load(...))` would, re-reading and re-validating only the event,
expert and question files whose bytes differ from the run that stored them. Kept in
`<docs_dir>/.wunschzeit-cache/records.json` (write never reports or deletes `.wunschzeit-*`;
its .gitignore hides them): JSON, never pickle, one entry per file with the SHA-256 of its
bytes, the language it was validated in and the model (codec.py); the file as a whole belongs
to one generator (a digest of its code, Python and the YAML libraries) and one format.

Threat model. A pull request can commit anything, this folder included (`git add -f`), and
knows the bytes of every source file, so it could write an entry under the right key that
claims a model validate would refuse (a `javascript:` URL, an e-mail address). Two defences:
every entry is checked by structure (every field's type, the model's place matching its
path), so a damaged or foreign entry is rebuilt with a warning and never used; and a cache
file is used only when it is the very file an earlier run on this machine wrote: `stamps.py`
recorded its inode and change time right after writing it, which no commit, copy or unpacked
archive reproduces. Files with problems are never stored: they are read again every run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, TypeVar

import msgspec

from generator.constants import DEFAULT_LANGUAGE
from generator.models import Event, Expert, Question
from generator.pipeline import codec, freshness, load, stamps, validate
from generator.pipeline.codec import AnyEntry as Entry
from generator.pipeline.records import Content

RECORDS = "records.json"
_FORMAT = 2  # 1: an object per entry, decoded field by field in Python
Model = Event | Expert | Question
M = TypeVar("M", Event, Expert, Question)


@dataclass(frozen=True)
class CachedInputs(freshness.Inputs):
    """The inputs as the fingerprint read them, with the cache that spares reading them all."""

    records: RecordCache = field(kw_only=True)

    @classmethod
    def of(cls, inputs: freshness.Inputs, records: RecordCache) -> CachedInputs:
        found = {f.name: getattr(inputs, f.name) for f in fields(freshness.Inputs)}
        return cls(**found, records=records)


class RecordCache:
    """The stored entries of one docs_dir, and the entries this run makes."""

    def __init__(self, folder: stamps.Folder, kept: codec.Kept) -> None:
        self.folder = folder
        self.kept = kept  # as stored: saved again without encoding
        self.entries = {path: entry for path, (entry, _) in kept.items()}
        self.changed = False
        # Of the last `content`: the talks' languages, which every entry now agrees with,
        # and the order of each kind's files (a process that runs again reuses them).
        self._languages: Mapping[str, str] | None = None
        self._order: dict[str, tuple[str, ...]] = {}

    @classmethod
    def open(cls, root: Path, docs_dir: str) -> RecordCache:
        """The cache of `root`'s docs_dir; empty when missing, foreign or damaged."""
        folder = stamps.Folder(root, docs_dir)
        data = folder.read_raw(RECORDS, _FORMAT)
        return cls(folder, _entries(folder, data) if data is not None else {})

    def content(self, root: Path, inputs: freshness.Inputs) -> Content:
        """Load and validate the inputs, reusing the stored model of every unchanged file."""
        hashes = inputs.hashes
        reused = {p: e for p, e in self.entries.items() if hashes.get(p) == e.digest}
        sources = load.load(root, inputs.files, skip=reused, memo=inputs.memo)
        languages = validate.talk_languages(sources)
        moved = []
        if languages != self._languages:  # else each entry was checked or made with them
            moved = [p for p, e in reused.items() if e.language != _language(e.model, languages)]
        if moved:  # a talk's language changed: its questions are read in the new one
            reused = {p: e for p, e in reused.items() if p not in moved}
            sources = load.load(root, inputs.files, skip=reused, memo=inputs.memo)
        content = validate.validate(sources, inputs.memo)
        self._remember(content, hashes, reused, languages)
        self._languages = languages
        return _merged(content, reused, self._order)

    def save(self) -> None:
        """Store this run's entries, when they differ from the stored ones."""
        if self.changed:
            kept = {path: self._encoded(path, entry) for path, entry in self.entries.items()}
            self.folder.write_raw(RECORDS, _FORMAT, codec.encode_entries(self.entries, kept))
            self.kept = kept  # a process that saves again (the preview) encodes only new ones
            self.changed = False

    def _encoded(self, path: str, entry: Entry) -> tuple[Entry, msgspec.Raw]:
        old = self.kept.get(path)
        if old is not None and old[0] is entry:
            return old
        return entry, msgspec.Raw(codec.encode_entry(entry))

    def _remember(
        self,
        content: Content,
        hashes: Mapping[str, str],
        reused: Mapping[str, Entry],
        languages: Mapping[str, str],
    ) -> None:
        broken = {p.path for p in content.problems}
        entries = dict(reused)
        models: tuple[Model, ...] = (*content.events, *content.experts, *content.questions)
        for model in models:
            path = model.origin.path
            if path in hashes and path not in broken:
                language = _language(model, languages)
                entries[path] = codec.entry(hashes[path], language, model)
        # New: a file read this run, or an entry of a file that is gone or broken now.
        self.changed |= entries.keys() != reused.keys() or entries.keys() != self.entries.keys()
        self.entries = entries


def _language(model: Model, languages: Mapping[str, str]) -> str:
    """The language validate reads a question in (its talk's); "" for events and experts."""
    if isinstance(model, Question):
        return languages.get(model.talk, DEFAULT_LANGUAGE)
    return ""


def _merged(
    content: Content, reused: Mapping[str, Entry], orders: dict[str, tuple[str, ...]]
) -> Content:
    """`content` with the reused models, in the order load lists their files. `orders`: the
    files of each kind in that order, as the last run found them; updated here."""
    found: dict[str, list[Model]] = {"event": [], "expert": [], "question": []}
    for entry in reused.values():
        found[entry.kind].append(entry.model)
    return replace(
        content,
        events=_in_order(content.events, found["event"], orders, "event"),
        experts=_in_order(content.experts, found["expert"], orders, "expert"),
        questions=_in_order(content.questions, found["question"], orders, "question"),
        declared=content.declared | {_declared(e) for e in reused.values()},
    )


def _in_order(
    read: tuple[M, ...], reused: list[Any], orders: dict[str, tuple[str, ...]], kind: str
) -> tuple[M, ...]:
    if not reused:
        return read
    by_path = {m.origin.path: m for m in (*read, *reused)}
    order = orders.get(kind, ())
    if len(order) == len(by_path) and by_path.keys() == set(order):  # the same files
        return tuple(by_path[path] for path in order)
    # In the order of the paths' lists of parts, as load lists files; a path with "\0" for
    # "/" sorts the same (no path holds a NUL) and compares as one string: 0.15 s less at
    # 100,000 questions.
    ordered = tuple(sorted(by_path.values(), key=lambda m: m.origin.path.replace("/", "\0")))
    orders[kind] = tuple(m.origin.path for m in ordered)
    return ordered


def _declared(entry: Entry) -> str:
    model = entry.model
    if isinstance(model, Question):
        return f"question:{model.talk}/{model.id}"
    return f"{entry.kind}:{model.id}"


def _entries(folder: stamps.Folder, data: bytes) -> codec.Kept:
    """The entries that are sound, with their bytes; each damaged one is left out, warned."""
    try:
        found, damaged = codec.decode_entries(data)
    except codec.Damaged:
        folder.warn(RECORDS, "damaged cache, rebuilt")
        return {}
    entries = {path: kept for path, kept in found.items() if _in_place(path, kept[0])}
    damaged += [path for path in found if path not in entries]
    if damaged:
        shown = ", ".join(damaged[:3]) + (", ..." if len(damaged) > 3 else "")
        folder.warn(RECORDS, f"damaged cache entry, rebuilt: {shown}")
    return entries


def _in_place(path: str, entry: Entry) -> bool:
    """The model is the one load and validate make of the file at `path`, by its place."""
    model = entry.model
    if model.origin.path != path or model.origin.line != 1:
        return False
    if isinstance(model, Question):
        answer_ok = model.answer is None or model.answer.origin.path == path
        place = f"content/talks/{model.talk}/{model.id}.md"
        return answer_ok and path == place and bool(entry.language)
    if isinstance(model, Expert) and model.photo is not None:  # enrich sets it, later
        return False
    return path == f"content/{entry.kind}s/{model.id}.md" and not entry.language
