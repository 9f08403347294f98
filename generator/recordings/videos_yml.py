"""videos.yml, the editor's list of talks: the one module that reads and writes it.

Takes an archive folder (or videos.yml's bytes, when they were read already); gives the talks as
written — `LineMap`s that know the line of every field, their values not yet checked — with
every problem as `videos.yml:line: message`; one talk by its id; or the file with one entry
appended as text, in which the editor's comments, order, BOM and line ends stay as they were.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.constants import DEFAULT_LANGUAGE, LANGUAGE, VIDEOS
from generator.errors import ContentError, Problem, WunschzeitError
from generator.timestamps import TimestampError, parse_timestamp
from generator.yamlio import LineMap, YamlProblem, decode_text, parse_yaml

MAX_BYTES = 16_000_000  # 20,000 talks of pyvideo.org take 9.7 MB; the cost of a hostile file: yamlio.MAX_NODES
# The order editors write the fields in, for entries `add` appends.
FIELD_ORDER = ("id", "title", "url", "date", "event", "experts", "language", "duration")
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Talks:
    """The entries of videos.yml that are mappings, and every problem found reading it."""

    entries: tuple[LineMap, ...]
    problems: tuple[Problem, ...]


def read(root: Path, data: bytes | None = None) -> Talks:
    """The talks of `root`/videos.yml; `data` is the file's content when read already."""
    if not (root / VIDEOS).is_file():
        return Talks((), (Problem(VIDEOS, 1, "missing: an archive needs a videos.yml"),))
    try:
        text = _text(root / VIDEOS, data)
    except YamlProblem as exc:
        return Talks((), (Problem(VIDEOS, exc.line, exc.message),))
    return parse(text)


def parse(text: str) -> Talks:
    """The talks in the text of a videos.yml."""
    try:
        data = parse_yaml(text)
    except YamlProblem as exc:
        return Talks((), (Problem(VIDEOS, exc.line, exc.message),))
    if data is None:
        return Talks((), ())
    if not isinstance(data, list):
        line = data.line if isinstance(data, LineMap) else 1
        return Talks((), (Problem(VIDEOS, line, "must be a list of talks (lines with '- id:')"),))
    problems = [
        Problem(VIDEOS, 1, f"talk {index} must be a mapping of fields")
        for index, item in enumerate(data, start=1)
        if not isinstance(item, LineMap)
    ]
    return Talks(tuple(t for t in data if isinstance(t, LineMap)), tuple(problems))


def entries(root: Path) -> tuple[LineMap, ...]:
    """The talks of videos.yml; a problem with the file stops the command (ContentError)."""
    talks = read(root)
    if talks.problems:
        raise ContentError(talks.problems)
    return talks.entries


# --- one talk --------------------------------------------------------------------------------


def find(talks: Sequence[LineMap], talk_id: str) -> LineMap | None:
    """The entry with `id: talk_id`, if there is one."""
    return next((talk for talk in talks if talk.get("id") == talk_id), None)


def talk(root: Path, talk_id: str) -> LineMap:
    """The entry of talk `talk_id`; ContentError naming the known talks when there is none."""
    talks = entries(root)
    found = find(talks, talk_id)
    if found is None:
        known = ", ".join(sorted(str(t.get("id")) for t in talks)) or "none"
        message = f"no talk with id '{talk_id}' (known: {known}); add it first or fix --talk"
        raise ContentError([Problem(VIDEOS, 1, message)])
    return found


def language_of(entry: Mapping[str, Any]) -> str:
    """The language a talk's entry names, or the default language when it names none (or no
    usable one: the language names caption files, `<id>.<language>.vtt`)."""
    language = entry.get("language")
    return language if isinstance(language, str) and LANGUAGE.match(language) else DEFAULT_LANGUAGE


def talk_language(root: Path, talk_id: str) -> str:
    """The language of talk `talk_id`; ContentError when there is no such talk."""
    return language_of(talk(root, talk_id))


# --- appending -------------------------------------------------------------------------------


def appended(root: Path, entry: Mapping[str, Any]) -> bytes:
    """videos.yml's bytes with `entry` appended; its BOM and line ends are kept.

    Raises ContentError when videos.yml cannot be read, WunschzeitError when it does not end in
    a block list the entry can follow.
    """
    path = root / VIDEOS
    try:
        old = _bytes(path) if path.is_file() else b""
        text = _text(path, old)
    except YamlProblem as exc:
        raise ContentError([Problem(VIDEOS, exc.line, exc.message)]) from exc
    new_text = append_entry(text, entry)
    bom = _BOM if old.startswith(_BOM) else b""
    newline = "\r\n" if b"\r\n" in old else "\n"
    return bom + new_text.replace("\n", newline).encode("utf-8")


def append_entry(text: str, entry: Mapping[str, Any]) -> str:
    """videos.yml with `entry` appended; the existing text is kept character for character."""
    old = parse(text)
    if old.problems:
        raise ContentError(old.problems)
    block = "".join(_block(entry))
    before = text if not text or text.endswith("\n") else text + "\n"
    new_text = before + ("\n" if before.strip() else "") + block
    new = parse(new_text)
    if (
        new.problems
        or len(new.entries) != len(old.entries) + 1
        or new.entries[-1].get("id") != entry["id"]
    ):
        raise WunschzeitError(
            f"{VIDEOS} does not end in a list of '- id:' entries; add the talk by hand:\n{block}"
        )
    return new_text


def write(root: Path, data: bytes) -> None:
    """Replace videos.yml in one step: a half-written file would lose the editor's talks."""
    path = root / VIDEOS
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=root)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _block(entry: Mapping[str, Any]) -> Iterator[str]:
    keys = [key for key in FIELD_ORDER if key in entry]
    for index, key in enumerate(keys):
        value = _duration(entry[key]) if key == "duration" else _yaml_value(entry[key])
        yield f"{'- ' if index == 0 else '  '}{key}: {value}\n"


def _duration(value: object) -> str:
    """A duration as the editor wrote it (`12:30`, `750`), unquoted when YAML reads it as the
    same length (YAML 1.1 reads an unquoted 12:30 as 750 seconds), else quoted (`0750` would
    be read as an octal number)."""
    try:
        same = parse_timestamp(yaml.safe_load(str(value))) == parse_timestamp(value)
    except (TimestampError, yaml.YAMLError):
        same = False
    return str(value) if same else _yaml_value(value)


def _yaml_value(value: object) -> str:
    """One value in YAML's flow style, quoted where YAML needs it (`: `, `#`, leading `-`)."""
    dumped = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10**6)
    return dumped.removesuffix("\n...\n").rstrip("\n")


# --- reading the file ------------------------------------------------------------------------


def _text(path: Path, data: bytes | None) -> str:
    """The file as text with "\\n" line ends (a BOM is allowed), or YamlProblem saying why not.

    The same rules as every other text file of the archive (`yamlio.decode_text`).
    """
    if data is None:
        data = _bytes(path)
    return decode_text(data, MAX_BYTES)


def _bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise YamlProblem(1, f"cannot be read: {exc.strerror}") from exc
