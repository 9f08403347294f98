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


def encode_entries(entries: Mapping[str, AnyEntry]) -> bytes:
    """The entries as one JSON object, by path (sorted, so equal caches are equal bytes)."""
    return _ENCODER.encode({path: entries[path] for path in sorted(entries)})


def decode_entries(data: bytes) -> tuple[dict[str, AnyEntry], list[str]]:
    """(the sound entries by path, the paths of damaged ones); Damaged if `data` is no object."""
    try:
        raw = _RAW.decode(data)
    except msgspec.DecodeError as error:
        raise Damaged(str(error)) from error
    entries: dict[str, AnyEntry] = {}
    damaged: list[str] = []
    for path, item in raw.items():
        try:
            entries[path] = _ENTRY.decode(item)
        except msgspec.DecodeError:  # ValidationError too: a field of another type
            damaged.append(path)
    return entries, damaged
