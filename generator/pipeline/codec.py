"""The record cache's entries ↔ JSON, checked against the models' type hints on the way back.

Takes entries (a file's validated model, the SHA-256 of its bytes, the language it was read
in) and gives JSON bytes; `decode_entries` gives them back from such bytes, each entry
checked on its own: every field of the model must have the type its hint says (msgspec
decodes straight into the frozen dataclasses, running their `__post_init__` checks), else
the entry is reported damaged. Never pickle, which would run code a pull request put there.

Decoding with msgspec instead of json.loads and a decoder per field: the 20,000 questions of
1,000 talks x 20 took 0.11 instead of 0.86 s of CPU (json.loads 0.17 s of it), encoding 0.07
instead of 0.57 s (/tmp script, machine load 5-12). Fields a model does not have are ignored
and missing fields with a default take it: the model is still one validate could make.
"""

from __future__ import annotations

from collections.abc import Mapping

import msgspec

from generator.models import Event, Expert, Question


class Damaged(ValueError):
    """Stored bytes that are not what the models' type hints say."""


class Entry(msgspec.Struct, frozen=True, array_like=True, tag_field="kind"):
    """One file's validated model, stored as [kind, sha256, language, model]."""

    digest: str
    language: str  # the talk's language a question was validated in; "" for others

    @property
    def kind(self) -> str:
        return str(self.__struct_config__.tag)


class EventEntry(Entry, frozen=True, tag="event"):
    model: Event


class ExpertEntry(Entry, frozen=True, tag="expert"):
    model: Expert


class QuestionEntry(Entry, frozen=True, tag="question"):
    model: Question


AnyEntry = EventEntry | ExpertEntry | QuestionEntry
_ENTRY = msgspec.json.Decoder(AnyEntry)  # a union of tagged structs: the tag chooses
_RAW = msgspec.json.Decoder(dict[str, msgspec.Raw])
_ENCODER = msgspec.json.Encoder()


def entry(digest: str, language: str, model: Event | Expert | Question) -> AnyEntry:
    """The entry of a model of any kind."""
    if isinstance(model, Question):
        return QuestionEntry(digest, language, model)
    if isinstance(model, Expert):
        return ExpertEntry(digest, language, model)
    return EventEntry(digest, language, model)


Kept = Mapping[str, tuple[AnyEntry, msgspec.Raw]]  # path → an entry as decoded, its bytes


def encode_entries(entries: Mapping[str, AnyEntry], kept: Kept | None = None) -> bytes:
    """The entries as one JSON object, by path (sorted, so equal caches are equal bytes).

    An entry that is still the one decoded from `kept` is written as the bytes it came from:
    after one edit, one entry is encoded instead of all (1,000 talks x 20: 0.07 s of CPU).
    """
    kept = kept or {}
    parts = []
    for path in sorted(entries):
        entry = entries[path]
        old = kept.get(path)
        body = bytes(old[1]) if old is not None and old[0] is entry else _ENCODER.encode(entry)
        parts.append(_ENCODER.encode(path) + b":" + body)
    return b"{" + b",".join(parts) + b"}"


def encode_entry(entry: AnyEntry) -> bytes:
    """One entry as `encode_entries` writes it."""
    return _ENCODER.encode(entry)


def decode_entries(data: bytes) -> tuple[dict[str, tuple[AnyEntry, msgspec.Raw]], list[str]]:
    """(each sound entry by path, with its bytes; the paths of damaged ones).

    Raise Damaged if `data` is no JSON object.
    """
    try:
        raw = _RAW.decode(data)
    except (msgspec.DecodeError, RecursionError) as error:
        raise Damaged(str(error)) from error
    entries: dict[str, tuple[AnyEntry, msgspec.Raw]] = {}
    damaged: list[str] = []
    for path, item in raw.items():
        try:
            entries[path] = (_ENTRY.decode(item), item)
        except (msgspec.DecodeError, RecursionError):  # ValidationError: a field's type
            damaged.append(path)
    return entries, damaged
