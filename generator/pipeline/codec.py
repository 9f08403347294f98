"""Frozen models ↔ plain JSON values, checked against the models' type hints on the way back.

Takes a model (a frozen dataclass of `generator.models`) and gives JSON-ready values (dicts,
lists, strings, numbers, None); `decoder(cls)` gives a function that turns such values back
into a `cls`, or raises `Damaged` when any field is missing, extra or of another type. The
caches use it instead of pickle, which would run code a pull request put there.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any

Decode = Callable[[object], Any]


class Damaged(ValueError):
    """A stored value that is not what the model's type hints say."""


def encode(value: object) -> object:
    """A model (or a field's value) as JSON values; dates as ISO 8601 text."""
    kind = type(value)
    if kind in _PLAIN:  # most values: the text and numbers of the records
        return value
    names = _field_names(kind)
    if names is not None:
        return {name: encode(getattr(value, name)) for name in names}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (dt.date, dt.time)):  # datetimes too
        return value.isoformat()
    if isinstance(value, tuple):
        return [encode(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): encode(item) for key, item in value.items()}
    return value


# Encoding the records of 5,000 talks x 5 for the record cache took 1.8 s of CPU, most of it
# asking each value whether it is a dataclass and listing its fields again: the leaves are
# answered first, the fields listed once per class (0.9 s; /tmp script, medians of 5).
_PLAIN = frozenset({str, int, float, bool, type(None)})


_FIELDS: dict[type, tuple[str, ...] | None] = {}


def _field_names(kind: type) -> tuple[str, ...] | None:
    """The fields of a dataclass, in order; None for any other type."""
    if kind not in _FIELDS:
        fields = dataclasses.fields(kind) if dataclasses.is_dataclass(kind) else None
        _FIELDS[kind] = None if fields is None else tuple(f.name for f in fields)
    return _FIELDS[kind]


def decoder(hint: Any) -> Decode:
    """A function from JSON values to `hint` (a model class or a field's type)."""
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return _dataclass(hint)
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        return _optional(hint)
    if origin is tuple:
        return _tuple(typing.get_args(hint))
    if origin in (Mapping, dict):
        return _mapping(typing.get_args(hint))
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return _enum(hint)
    if hint in _SCALARS:
        return _SCALARS[hint]
    raise TypeError(f"no decoder for {hint!r}")


def _dataclass(cls: type) -> Decode:
    hints = typing.get_type_hints(cls)
    fields = {f.name: decoder(hints[f.name]) for f in dataclasses.fields(cls) if f.init}

    def decode(value: object) -> Any:
        if not isinstance(value, dict) or value.keys() != fields.keys():
            raise Damaged(f"{cls.__name__}: fields {sorted(fields)}")
        try:
            return cls(**{name: fields[name](value[name]) for name in fields})
        except (TypeError, ValueError) as error:  # e.g. a negative Timestamp
            raise Damaged(f"{cls.__name__}: {error}") from error

    return decode


def _optional(hint: Any) -> Decode:
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if len(args) != 1 or len(typing.get_args(hint)) != 2:
        raise TypeError(f"only `X | None` unions are stored, not {hint!r}")
    inner = decoder(args[0])
    return lambda value: None if value is None else inner(value)


def _tuple(args: tuple[Any, ...]) -> Decode:
    if len(args) != 2 or args[1] is not Ellipsis:
        raise TypeError(f"only tuple[X, ...] is stored, not tuple{list(args)}")
    item = decoder(args[0])

    def decode(value: object) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise Damaged("a list")
        return tuple(item(v) for v in value)

    return decode


def _mapping(args: tuple[Any, ...]) -> Decode:
    if args[0] is not str:
        raise TypeError("only mappings with text keys are stored")
    item = decoder(args[1])

    def decode(value: object) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise Damaged("an object")
        return {_text(k): item(v) for k, v in value.items()}

    return decode


def _enum(cls: type[enum.Enum]) -> Decode:
    def decode(value: object) -> enum.Enum:
        try:
            return cls(value)
        except ValueError as error:
            raise Damaged(f"{cls.__name__}: {value!r}") from error

    return decode


def _text(value: object) -> str:
    if type(value) is not str:
        raise Damaged("text")
    return value


def _integer(value: object) -> int:
    if type(value) is not int:  # bool is an int to isinstance
        raise Damaged("an integer")
    return value


def _float(value: object) -> float:
    if type(value) not in (int, float):
        raise Damaged("a number")
    return float(value)  # type: ignore[arg-type]


def _flag(value: object) -> bool:
    if type(value) is not bool:
        raise Damaged("true or false")
    return bool(value)


def _date(value: object) -> dt.date:
    try:
        return dt.date.fromisoformat(_text(value))
    except ValueError as error:
        raise Damaged(f"a date: {value!r}") from error


def _time(value: object) -> dt.time:
    try:
        return dt.time.fromisoformat(_text(value))
    except ValueError as error:
        raise Damaged(f"a time of day: {value!r}") from error


def _datetime(value: object) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(_text(value))
    except ValueError as error:
        raise Damaged(f"a date and time: {value!r}") from error


_SCALARS: dict[Any, Decode] = {
    str: _text,
    int: _integer,
    float: _float,
    bool: _flag,
    dt.date: _date,
    dt.datetime: _datetime,
    dt.time: _time,
}
