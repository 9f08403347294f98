"""Validated records kept between runs, so a generate after one edit reads one file.

Takes the editor's files as the fingerprint read them (root-relative path → bytes); gives
`Content` as `validate.validate(load.load(...))` would, re-reading and re-validating only the
event, expert and question files whose bytes differ from the run that stored them. Kept in
`<docs_dir>/.wunschzeit-cache/records.json` (write never reports or deletes `.wunschzeit-*`;
its .gitignore hides them): JSON, never pickle, one entry per file with the SHA-256 of its
bytes, the language it was validated in and the model; the file as a whole belongs to one
generator (a digest of its code, Python and the YAML libraries) and one format.

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

import hashlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar

from generator.constants import DEFAULT_LANGUAGE
from generator.models import Event, Expert, Origin, Question
from generator.pipeline import codec, freshness, load, stamps, validate
from generator.pipeline.records import Content

log = logging.getLogger(__name__)
RECORDS = "records.json"
_FORMAT = 1
Model = Event | Expert | Question
_KINDS: dict[str, type[Model]] = {"event": Event, "expert": Expert, "question": Question}
_DECODE = {kind: codec.decoder(cls) for kind, cls in _KINDS.items()}
M = TypeVar("M", Event, Expert, Question)


@dataclass(frozen=True)
class CachedInputs(freshness.Inputs):
    """The inputs as the fingerprint read them, with the cache that spares reading them all."""

    records: RecordCache


@dataclass(frozen=True)
class Entry:
    """One file's validated model, the SHA-256 of its bytes, the language it was read in."""

    digest: str
    kind: str
    language: str
    model: Model
    stored: dict[str, Any] | None = None  # as read or to write: not encoded again


class RecordCache:
    """The stored entries of one docs_dir, and the entries this run makes."""

    def __init__(self, folder: stamps.Folder, entries: dict[str, Entry]) -> None:
        self.folder = folder
        self.entries = entries
        self.changed = False

    @classmethod
    def open(cls, root: Path, docs_dir: str) -> RecordCache:
        """The cache of `root`'s docs_dir; empty when missing, foreign or damaged."""
        folder = stamps.Folder(root, docs_dir)
        data = folder.read(RECORDS, _FORMAT)
        entries = _entries(folder, data) if data is not None else {}
        return cls(folder, entries)

    def content(self, root: Path, files: Mapping[str, bytes]) -> Content:
        """Load and validate `files`, reusing the stored model of every unchanged file."""
        reused = {
            path: entry
            for path, entry in self.entries.items()
            if path in files and entry.digest == _digest(files[path])
        }
        sources = load.load(root, files, skip=reused)
        languages = validate.talk_languages(sources)
        moved = [p for p, e in reused.items() if e.language != _language(e, languages)]
        if moved:  # a talk's language changed: its questions are read in the new one
            reused = {p: e for p, e in reused.items() if p not in moved}
            sources = load.load(root, files, skip=reused)
        content = validate.validate(sources)
        self._remember(content, files, reused, languages)
        return _merged(content, reused)

    def save(self) -> None:
        """Store this run's entries, when they differ from the stored ones."""
        if self.changed:
            data = {path: self.entries[path].stored for path in sorted(self.entries)}
            self.folder.write(RECORDS, _FORMAT, data)
            self.changed = False

    def _remember(
        self,
        content: Content,
        files: Mapping[str, bytes],
        reused: Mapping[str, Entry],
        languages: Mapping[str, str],
    ) -> None:
        broken = {p.path for p in content.problems}
        entries = dict(reused)
        for kind, models in (
            ("event", content.events),
            ("expert", content.experts),
            ("question", content.questions),
        ):
            for model in models:
                path = model.origin.path
                if path in files and path not in broken:
                    entry = Entry(_digest(files[path]), kind, "", model)
                    entry = replace(entry, language=_language(entry, languages))
                    entries[path] = replace(entry, stored=_encoded(entry))
        # New: a file read this run, or an entry of a file that is gone or broken now.
        self.changed |= entries.keys() != reused.keys() or entries.keys() != self.entries.keys()
        self.entries = entries


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _language(entry: Entry, languages: Mapping[str, str]) -> str:
    """The language validate reads a question in (its talk's); "" for events and experts."""
    if isinstance(entry.model, Question):
        return languages.get(entry.model.talk, DEFAULT_LANGUAGE)
    return ""


def _merged(content: Content, reused: Mapping[str, Entry]) -> Content:
    """`content` with the reused models, in the order load lists their files."""
    found: dict[str, list[Model]] = {"event": [], "expert": [], "question": []}
    for entry in reused.values():
        found[entry.kind].append(entry.model)
    return replace(
        content,
        events=_in_order(content.events, found["event"]),
        experts=_in_order(content.experts, found["expert"]),
        questions=_in_order(content.questions, found["question"]),
        declared=content.declared | {_declared(e) for e in reused.values()},
    )


def _in_order(read: tuple[M, ...], reused: list[Any]) -> tuple[M, ...]:
    if not reused:
        return read
    return tuple(sorted((*read, *reused), key=lambda m: PurePosixPath(m.origin.path).parts))


def _declared(entry: Entry) -> str:
    model = entry.model
    if isinstance(model, Question):
        return f"question:{model.talk}/{model.id}"
    return f"{entry.kind}:{model.id}"


def _encoded(entry: Entry) -> dict[str, Any]:
    return {
        "sha256": entry.digest,
        "kind": entry.kind,
        "language": entry.language,
        "model": codec.encode(entry.model),
    }


def _entries(folder: stamps.Folder, data: object) -> dict[str, Entry]:
    """The entries that are sound; each damaged one is left out with a warning."""
    if not isinstance(data, dict):
        folder.warn(RECORDS, "damaged cache, rebuilt")
        return {}
    entries: dict[str, Entry] = {}
    damaged: list[str] = []
    for path, raw in data.items():
        entry = _entry(path, raw)
        if entry is None:
            damaged.append(str(path))
        else:
            entries[path] = entry
    if damaged:
        shown = ", ".join(damaged[:3]) + (", ..." if len(damaged) > 3 else "")
        folder.warn(RECORDS, f"damaged cache entry, rebuilt: {shown}")
    return entries


def _entry(path: str, raw: object) -> Entry | None:
    """An entry, when every field has its type and the model lies where its path says."""
    if not isinstance(raw, dict) or raw.keys() != {"sha256", "kind", "language", "model"}:
        return None
    digest, kind, language = raw["sha256"], raw["kind"], raw["language"]
    if not (isinstance(digest, str) and len(digest) == 64 and isinstance(language, str)):
        return None
    if kind not in _DECODE:
        return None
    try:
        model = _DECODE[kind](raw["model"])
    except codec.Damaged:
        return None
    entry = Entry(digest, kind, language, model, raw)
    return entry if _in_place(path, entry) else None


def _in_place(path: str, entry: Entry) -> bool:
    """The model is the one load and validate make of the file at `path`, by its place."""
    model = entry.model
    if model.origin != Origin(path, 1):
        return False
    if isinstance(model, Question):
        answer_ok = model.answer is None or model.answer.origin.path == path
        place = f"content/talks/{model.talk}/{model.id}.md"
        return answer_ok and path == place and bool(entry.language)
    if isinstance(model, Expert) and model.photo is not None:  # enrich sets it, later
        return False
    return path == f"content/{entry.kind}s/{model.id}.md" and not entry.language
