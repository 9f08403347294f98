"""Moderation verbs: `questions ID` lists a talk's questions; `decline` and `merge` edit one.

Takes the command line; `questions` reads content/talks/<ID>/ and lists every question with
status and votes (open ones first, most votes first). `decline QID --reason ...` and
`merge QID --into QID2` change the question's front matter in place: comments, the order and
spelling of other fields, and the Markdown body stay as the editor wrote them (ruamel.yaml
round trip), and the file is replaced atomically.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from generator.cli.console import out as _out
from generator.errors import ContentError, Problem, UsageError
from generator.intake import plan as intake
from generator.pipeline.fields import EMAIL, SLUG
from generator.pipeline.load import read_text, split_front_matter
from generator.yamlio import YamlProblem

_FRONT = re.compile(r"\A---[ \t]*\n(.*?)^---[ \t]*$", re.DOTALL | re.MULTILINE)
_CHANGED = ("status", "merged_into", "declined_reason")


@dataclass(frozen=True)
class Entry:
    """A question file as the list shows it."""

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


# --- questions ID ----------------------------------------------------------------------------


def add_questions_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("talk", metavar="ID", help="talk id from videos.yml")


def run_questions(args: argparse.Namespace) -> int:
    root: Path = args.root
    intake.talk_language(root, args.talk)  # an unknown talk is an error, not an empty list
    entries = [_entry(root, path) for path in _question_files(root, args.talk)]
    for line in listing(args.talk, entries):
        _out(line)
    return 0


def _question_files(root: Path, talk: str) -> list[Path]:
    folder = root / "content" / "talks" / talk
    return sorted(folder.glob("*.md")) if folder.is_dir() else []


def _entry(root: Path, path: Path) -> Entry:
    try:
        fields, _ = split_front_matter(read_text(root, path))
    except YamlProblem as exc:
        raise ContentError([Problem(_rel(root, path), exc.line, exc.message)]) from exc
    return Entry(path.parent.name, path.stem, dict(fields))


_STATUS_ORDER = {"collected": 0, "answered": 1, "merged": 2, "declined": 3}


def _order(entry: Entry) -> tuple[int, int, str]:
    rank = _STATUS_ORDER.get(entry.status, 4)
    return (rank, -entry.votes if rank == 0 else 0, entry.id)


def listing(talk: str, entries: list[Entry]) -> list[str]:
    """One line per question: status, votes, id, text, asker; open ones by votes."""
    open_count = sum(1 for e in entries if e.status == "collected")
    lines = [f"{talk}: {len(entries)} questions, {open_count} open"]
    for entry in sorted(entries, key=_order):
        votes = entry.fields.get("votes")
        shown = f"{votes:>4}" if isinstance(votes, int) else "   -"
        text = " ".join(str(entry.fields.get("question") or "").split())
        who = entry.fields.get("asked_by")
        extra = f" → {entry.fields['merged_into']}" if entry.status == "merged" else ""
        asker = f" ({who})" if who else ""
        lines.append(f"{entry.status:<9} {shown}  {entry.id}{extra}: {text}{asker}")
    return lines


# --- decline QID --reason ... -----------------------------------------------------------------


def add_decline_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("question", metavar="QID", help="question id, or TALK/QUESTION")
    parser.add_argument("--reason", required=True, help="shown to readers")


def run_decline(args: argparse.Namespace) -> int:
    root: Path = args.root
    reason = " ".join(args.reason.split())
    if not reason:
        raise UsageError("--reason must say why; readers see it")
    if EMAIL.search(reason):
        raise UsageError("--reason contains an e-mail address; those are never published")
    path = find_question(root, args.question)
    edit = Edit(path, {"status": "declined", "declined_reason": reason, "merged_into": None})
    apply_edits(root, [edit])
    _out(f"{_rel(root, path)}: declined ({reason})")
    return 0


# --- merge QID --into QID2 --------------------------------------------------------------------


def add_merge_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("question", metavar="QID", help="the later question, to be merged")
    parser.add_argument("--into", required=True, metavar="QID2", help="the question it repeats")


def run_merge(args: argparse.Namespace) -> int:
    root: Path = args.root
    path = find_question(root, args.question)
    named = find_question(root, args.into, talk=path.parent.name)
    if named.parent != path.parent:
        raise UsageError(f"{args.into} is in another talk; merge only questions of one talk")
    target = _merge_root(root, named)
    if target == path:
        raise UsageError(f"{args.question} cannot be merged into itself")
    if target != named:
        _out(f"{named.stem} is merged into {target.stem}: merging into {target.stem}")
    change = {"status": "merged", "merged_into": target.stem, "declined_reason": None}
    edits = [Edit(path, change)]
    # Questions merged into this one follow it: link refuses chains of merges.
    for other in _question_files(root, path.parent.name):
        if other != path and _entry(root, other).fields.get("merged_into") == path.stem:
            edits.append(Edit(other, {"merged_into": target.stem}))
    apply_edits(root, edits)
    for edit in edits:
        _out(f"{_rel(root, edit.path)}: merged into {target.stem}")
    return 0


def _merge_root(root: Path, target: Path) -> Path:
    """A merged target stands for the question it is merged into."""
    seen = {target}
    while (into := _entry(root, target).fields.get("merged_into")) and isinstance(into, str):
        target = target.with_name(f"{into}.md")
        if target in seen or not target.is_file():
            break
        seen.add(target)
    return target


# --- shared: finding and editing question files ----------------------------------------------


def find_question(root: Path, qid: str, talk: str | None = None) -> Path:
    """The file of `TALK/QUESTION`, or of QUESTION when it is unique (in `talk` if given)."""
    talk_part, _, question = qid.rpartition("/")
    talk_part = talk_part or (talk or "")
    if not SLUG.match(question) or (talk_part and not SLUG.match(talk_part)):
        raise UsageError(f"{qid!r} is no question id (QUESTION or TALK/QUESTION)")
    pattern = f"{talk_part or '*'}/{question}.md"
    found = sorted((root / "content" / "talks").glob(pattern))
    if not found:
        where = f"talk '{talk_part}'" if talk_part else "any talk"
        raise UsageError(f"no question '{question}' in {where} (content/talks/{pattern})")
    if len(found) > 1:
        listed = ", ".join(f"{p.parent.name}/{p.stem}" for p in found)
        raise UsageError(f"question id '{question}' is in several talks: {listed}; write TALK/ID")
    return found[0]


@dataclass(frozen=True)
class Edit:
    """Front matter fields to set (None: remove) in one question file."""

    path: Path
    changes: dict[str, str | None]


def apply_edits(root: Path, edits: list[Edit]) -> None:
    """Prepare every edited file first, then replace them; nothing is written on a problem."""
    texts = {edit.path: edited_text(root, edit) for edit in edits}
    for path, text in texts.items():
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_text(text, encoding="utf-8", newline="\n")
        os.replace(temporary, path)


def edited_text(root: Path, edit: Edit) -> str:
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
    _check_unchanged(where, before, result, edit.changes)
    return result


def _round_trip(front: str, changes: dict[str, str | None]) -> str:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    data = yaml.load(front) or CommentedMap()
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        elif key in data:
            data[key] = _scalar(key, value)
        else:
            data.insert(_position(data, key), key, _scalar(key, value))
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


def _scalar(key: str, value: str) -> Any:
    return DoubleQuotedScalarString(value) if key == "declined_reason" else value


def _position(data: Any, key: str) -> int:
    """New fields go right after `status` (or where the documented order puts them)."""
    keys = list(data)
    if key != "status" and "status" in keys:
        return keys.index("status") + 1
    after = [k for k in ("question", "asked_by", "channel", "asked_at") if k in keys]
    return keys.index(after[-1]) + 1 if after else len(keys)


def _check_unchanged(
    where: str, before: dict[str, Any], result: str, changes: dict[str, Any]
) -> None:
    """Every field not edited must read back the same, as the generator reads it."""
    after, _ = split_front_matter(result)
    for key in set(before) | set(after):
        if key not in changes and _plain(before.get(key)) != _plain(after.get(key)):
            message = f"editing would change '{key}'; edit this file by hand instead"
            raise ContentError([Problem(where, 1, message)])


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return value


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


VERBS = (
    (
        "questions",
        "list a talk's questions with status and votes",
        add_questions_arguments,
        run_questions,
    ),
    (
        "decline",
        "decline a question, with a reason readers see",
        add_decline_arguments,
        run_decline,
    ),
    ("merge", "merge a question into the earlier one it repeats", add_merge_arguments, run_merge),
)
