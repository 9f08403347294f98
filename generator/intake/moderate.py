"""Moderation: a talk's questions as a list, and edits of one question's front matter.

Takes question ids (`QUESTION` or `TALK/QUESTION`) and what to change; gives the question files
of a talk, or edits their front matter in place: comments, the order and spelling of other
fields, and the Markdown body stay as the editor wrote them (ruamel.yaml round trip). Every
edited file is prepared before any is written, and each is replaced atomically; nothing is
written when a problem is found.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from generator.constants import CONTENT, SLUG
from generator.contact import NAMES, kinds
from generator.errors import ContentError, Problem, UsageError
from generator.pipeline.load import read_text, split_front_matter
from generator.recordings import videos_yml
from generator.yamlio import YamlProblem

Value = str | int | Sequence[str] | None  # None removes the field
"""A front matter value to set: text, a number (votes), a list of ids (answer.by)."""

_FRONT = re.compile(r"\A---[ \t]*\n(.*?)^---[ \t]*$", re.DOTALL | re.MULTILINE)
_QUOTED = ("declined_reason",)  # text from the editor for readers: always double-quoted
_STATUS_ORDER = {"collected": 0, "answered": 1, "merged": 2, "declined": 3}


@dataclass(frozen=True)
class Entry:
    """A question file as the list shows it: its talk, id and front matter."""

    talk: str
    id: str
    fields: dict[str, Any]

    @property
    def status(self) -> str:
        default = "answered" if "answer" in self.fields else "collected"
        return str(self.fields.get("status") or default)

    @property
    def votes(self) -> int:
        votes = self.fields.get("votes")
        return votes if isinstance(votes, int) else 0


def questions(root: Path, talk: str) -> list[Entry]:
    """The questions of talk `talk`, open ones first by votes; an unknown talk is an error."""
    videos_yml.talk(root, talk)  # an unknown talk is an error, not an empty list
    entries = [_entry(root, path) for path in _question_files(root, talk)]
    return sorted(entries, key=_order)


def _order(entry: Entry) -> tuple[int, int, str]:
    rank = _STATUS_ORDER.get(entry.status, 4)
    return (rank, -entry.votes if rank == 0 else 0, entry.id)


def _question_files(root: Path, talk: str) -> list[Path]:
    folder = root / CONTENT / "talks" / talk
    return sorted(folder.glob("*.md")) if folder.is_dir() else []


def _entry(root: Path, path: Path) -> Entry:
    try:
        fields, _ = split_front_matter(read_text(root, path))
    except YamlProblem as exc:
        raise ContentError([Problem(_rel(root, path), exc.line, exc.message)]) from exc
    return Entry(path.parent.name, path.stem, dict(fields))


def find_question(root: Path, qid: str, talk: str | None = None) -> Path:
    """The file of `TALK/QUESTION`, or of QUESTION when it is unique (in `talk` if given)."""
    talk_part, _, question = qid.rpartition("/")
    talk_part = talk_part or (talk or "")
    if not SLUG.match(question) or (talk_part and not SLUG.match(talk_part)):
        raise UsageError(f"{qid!r} is no question id (QUESTION or TALK/QUESTION)")
    pattern = f"{talk_part or '*'}/{question}.md"
    found = sorted((root / CONTENT / "talks").glob(pattern))
    if not found:
        where = f"talk '{talk_part}'" if talk_part else "any talk"
        raise UsageError(f"no question '{question}' in {where} (content/talks/{pattern})")
    if len(found) > 1:
        listed = ", ".join(f"{p.parent.name}/{p.stem}" for p in found)
        raise UsageError(f"question id '{question}' is in several talks: {listed}; write TALK/ID")
    return found[0]


# --- decline and merge -----------------------------------------------------------------------


def decline(root: Path, qid: str, reason: str) -> tuple[Path, str]:
    """Decline a question with a reason readers see; give its file and the reason as stored."""
    reason = " ".join(reason.split())
    if not reason:
        raise UsageError("--reason must say why; readers see it")
    for kind in kinds(reason):
        raise UsageError(f"--reason contains {NAMES[kind][0]}; those are never published")
    path = find_question(root, qid)
    edit_question(
        root, path, {"status": "declined", "declined_reason": reason, "merged_into": None}
    )
    return path, reason


@dataclass(frozen=True)
class Merged:
    """What `merge` did: the question merged into, the one named (when it was merged itself,
    `target` is the question it points to), and every file edited."""

    target: Path
    named: Path
    edited: tuple[Path, ...]


def merge(root: Path, qid: str, into: str) -> Merged:
    """Merge question `qid` into `into` (or into what `into` is merged into), of one talk.

    Questions merged into `qid` follow it, since link refuses chains of merges.
    """
    path = find_question(root, qid)
    named = find_question(root, into, talk=path.parent.name)
    if named.parent != path.parent:
        raise UsageError(f"{into} is in another talk; merge only questions of one talk")
    target = _merge_root(root, named)
    if target == path:
        raise UsageError(f"{qid} cannot be merged into itself")
    change = {"status": "merged", "merged_into": target.stem, "declined_reason": None}
    edits = [Edit(path, change)]
    for other in _question_files(root, path.parent.name):
        if other != path and _entry(root, other).fields.get("merged_into") == path.stem:
            edits.append(Edit(other, {"merged_into": target.stem}))
    apply_edits(root, edits)
    return Merged(target, named, tuple(edit.path for edit in edits))


def _merge_root(root: Path, target: Path) -> Path:
    """A merged target stands for the question it is merged into."""
    seen = {target}
    while (into := _entry(root, target).fields.get("merged_into")) and isinstance(into, str):
        target = target.with_name(f"{into}.md")
        if target in seen or not target.is_file():
            break
        seen.add(target)
    return target


# --- editing front matter --------------------------------------------------------------------


@dataclass(frozen=True)
class Edit:
    """Front matter fields to set in one question file: `status`, or `answer.start` for a
    field of a mapping; None removes the field."""

    path: Path
    changes: Mapping[str, Value]


def edit_question(root: Path, path: Path, changes: Mapping[str, Value]) -> None:
    """Set (None: remove) fields of one question's front matter, e.g. `status: answered`,
    `answer.start: "4:32"`, `answer.by: [anna]`; everything else stays as written."""
    apply_edits(root, [Edit(path, changes)])


def apply_edits(root: Path, edits: Sequence[Edit]) -> None:
    """Prepare every edited file first, then replace them; nothing is written on a problem."""
    texts = {edit.path: edited_text(root, edit) for edit in edits}
    for path, text in texts.items():
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_text(text, encoding="utf-8", newline="\n")
        os.replace(temporary, path)


def edited_text(root: Path, edit: Edit) -> str:
    """The question file's text with the edit made; ContentError when it cannot be made."""
    where = _rel(root, edit.path)
    try:
        text = read_text(root, edit.path)
        before, _ = split_front_matter(text)
    except YamlProblem as exc:
        raise ContentError([Problem(where, exc.line, exc.message)]) from exc
    match = _FRONT.match(text)
    if match is None:
        raise ContentError([Problem(where, 1, "no front matter between '---' lines")])
    if "answer" in before and edit.changes.get("status") in ("declined", "merged"):
        message = "is answered; remove its 'answer' first if it should not count as answered"
        raise ContentError([Problem(where, before.line_of("answer"), message)])
    front = _round_trip(match.group(1), edit.changes)
    result = f"---\n{front}---{text[match.end() :]}"
    _check_unchanged(where, before, split_front_matter(result)[0], edit.changes)
    return result


def _round_trip(front: str, changes: Mapping[str, Value]) -> str:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    data = yaml.load(front) or CommentedMap()
    for key, value in changes.items():
        outer, _, inner = key.partition(".")
        if not inner:
            _set(data, key, value)
            continue
        if not isinstance(data.get(outer), CommentedMap):
            if value is None:
                continue
            _set(data, outer, CommentedMap())
        _set(data[outer], inner, value)
        if not data[outer]:
            data.pop(outer)
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


def _set(data: CommentedMap, key: str, value: Value | CommentedMap) -> None:
    if value is None:
        data.pop(key, None)
    elif key in data:
        data[key] = _node(key, value)
    else:
        data.insert(_position(data, key), key, _node(key, value))


def _node(key: str, value: Value | CommentedMap) -> Any:
    if isinstance(value, str):
        return DoubleQuotedScalarString(value) if key in _QUOTED else value
    if isinstance(value, Sequence):
        items = CommentedSeq(value)
        items.fa.set_flow_style()  # `by: [anna]`, as editors write lists of ids
        return items
    return value


def _position(data: CommentedMap, key: str) -> int:
    """New fields go right after `status` (or where the documented order puts them)."""
    keys = list(data)
    if key != "status" and "status" in keys:
        return keys.index("status") + 1
    after = [k for k in ("question", "asked_by", "channel", "asked_at") if k in keys]
    return keys.index(after[-1]) + 1 if after else len(keys)


def _check_unchanged(
    where: str, before: Mapping[str, Any], after: Mapping[str, Any], changes: Mapping[str, Any]
) -> None:
    """Every field not edited must read back the same, as the generator reads it."""
    for key in _unedited(before, after, changes):
        outer, _, inner = key.partition(".")
        old, new = _value_at(before, outer, inner), _value_at(after, outer, inner)
        if _plain(old) != _plain(new):
            message = f"editing would change '{outer}'; edit this file by hand instead"
            raise ContentError([Problem(where, 1, message)])


def _unedited(
    before: Mapping[str, Any], after: Mapping[str, Any], changes: Mapping[str, Any]
) -> list[str]:
    """The fields (`key`, or `key.inner` inside an edited mapping) that no change names."""
    keys = []
    for key in sorted(set(before) | set(after)):
        if key in changes:
            continue
        inner_edits = [c for c in changes if c.startswith(f"{key}.")]
        if not inner_edits:
            keys.append(key)
            continue
        inner_keys = set(_mapping(before.get(key))) | set(_mapping(after.get(key)))
        keys += [
            f"{key}.{inner}" for inner in sorted(inner_keys) if f"{key}.{inner}" not in changes
        ]
    return keys


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _value_at(fields: Mapping[str, Any], outer: str, inner: str) -> Any:
    value = fields.get(outer)
    return _mapping(value).get(inner) if inner else value


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return value


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()
