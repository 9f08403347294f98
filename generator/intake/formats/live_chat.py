"""YouTube live chat replay (yt-dlp's `*.live_chat.json`) → questions as Incoming records.

Takes the file yt-dlp writes with `--write-subs` for a stream: one JSON object per line, each a
`replayChatItemAction` with `videoOffsetTimeMsec` and `addChatItemAction` items. A message is a
question when it matches `--question-pattern` (default: it ends in `?`, or starts with `Q:`,
`F:`, `Frage:` or `Question:`); the prefix is dropped. Messages of the channel owner and its
moderators are skipped as staff, the other messages as not a question. Each question keeps its
offset into the stream; sources are `yt-chat-<message id>`.

Patterns run on RE2, in time linear in the message: Python's `re` took 275 s for the default
pattern on one 100,000-character message and never ended for `(a+)+$`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol

import re2  # type: ignore[import-untyped]  # google-re2 ships no type hints

from generator.intake.formats.base import (
    NOT_A_QUESTION,
    STAFF,
    ImportProblem,
    Incoming,
    Options,
    Parsed,
    Skipped,
    checked_text,
    read_text,
)

# `\w` is ASCII in RE2; letters, digits and `_` of every script are spelt out.
DEFAULT_PATTERN = r"\?[^\pL\pN_]*$|^\s*(?:Q|F|Frage|Question)\s*:"
_PREFIX = re.compile(r"^\s*(?:Q|F|Frage|Question)\s*:\s*", re.IGNORECASE)
_MESSAGES = ("liveChatTextMessageRenderer", "liveChatPaidMessageRenderer")
_STAFF_BADGES = frozenset({"OWNER", "MODERATOR"})


class Pattern(Protocol):
    def search(self, text: str) -> object: ...


class _Shape(Exception):
    """A chat entry has a field of the wrong type; the message names it."""


def parse(path: Path, options: Options) -> Parsed:
    """Chat messages that are questions, with their offset into the stream; the rest skipped."""
    pattern = compile_pattern(options.question_pattern)
    found: list[Incoming] = []
    skipped: list[Skipped] = []
    for line, entry in _entries(path):
        try:
            for message in _messages(entry):
                _sort(path, _record(message, line, _offset(entry)), pattern, found, skipped)
        except _Shape as exc:
            why = f"is not a yt-dlp live chat (*.live_chat.json): {exc}"
            raise ImportProblem(path, line, why) from None
    return Parsed(tuple(found), tuple(skipped))


def _sort(
    path: Path,
    record: Incoming | Skipped,
    pattern: Pattern,
    found: list[Incoming],
    skipped: list[Skipped],
) -> None:
    """Add a chat message to the questions or to the skipped, with the reason."""
    if isinstance(record, Skipped):
        skipped.append(record)
        return
    checked_text(path, record.line, record.text, "chat message")  # before any pattern sees it
    question = _without_prefix(record)
    # "???" is chat noise, not a question
    if pattern.search(record.text) and any(c.isalnum() for c in question.text):
        found.append(question)
    else:
        skipped.append(Skipped(record.line, NOT_A_QUESTION, record.source))


def compile_pattern(pattern: str | None) -> Pattern:
    """The question pattern, case-insensitive; a bad one raises ValueError with the reason.

    Python's `re` checks the syntax (its messages are the familiar ones); RE2 runs it, and
    refuses what needs backtracking (backreferences, lookaround).
    """
    if pattern is not None:
        try:
            re.compile(pattern)
        except re.error as exc:
            message = f"--question-pattern {pattern!r} is no regular expression: {exc}"
            raise ValueError(message) from exc
    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = False
    try:
        return re2.compile(pattern or DEFAULT_PATTERN, options)  # type: ignore[no-any-return]
    except re2.error as exc:
        reason = exc.args[0].decode() if isinstance(exc.args[0], bytes) else str(exc)
        message = (
            f"--question-pattern {pattern!r} cannot be run in linear time ({reason}); "
            "backreferences and lookaround are not supported"
        )
        raise ValueError(message) from exc


def _entries(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    seen_chat = False
    for line, text in enumerate(read_text(path).split("\n"), start=1):
        if not text.strip():
            continue
        try:
            entry = json.loads(text)
        except json.JSONDecodeError as exc:
            what = "a truncated line" if seen_chat else "not JSON"
            message = f"is not a yt-dlp live chat (*.live_chat.json): {what} ({exc.msg})"
            raise ImportProblem(path, line, message) from exc
        except RecursionError as exc:  # "[[[[…": json's decoder recurses per level
            message = "is not a yt-dlp live chat (*.live_chat.json): JSON nested too deeply"
            raise ImportProblem(path, line, message) from exc
        if not isinstance(entry, dict) or not (
            "replayChatItemAction" in entry or "addChatItemAction" in entry
        ):
            message = "is not a yt-dlp live chat (*.live_chat.json): no replayChatItemAction here"
            raise ImportProblem(path, line, message)
        seen_chat = True
        yield line, entry


def _dict(value: object, what: str) -> dict[str, Any]:
    """`value` when it is an object; a missing one is empty; anything else is a wrong shape."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _Shape(f"'{what}' must be an object, not {type(value).__name__}")
    return value


def _list(value: object, what: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _Shape(f"'{what}' must be a list, not {type(value).__name__}")
    return value


def _str(value: object, what: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise _Shape(f"'{what}' must be text, not {type(value).__name__}")
    return str(value)


def _offset(entry: dict[str, Any]) -> int | None:
    replay = _dict(entry.get("replayChatItemAction"), "replayChatItemAction")
    value = replay.get("videoOffsetTimeMsec", entry.get("videoOffsetTimeMsec"))
    try:
        milliseconds = int(_str(value, "videoOffsetTimeMsec"))
    except ValueError:
        return None
    return milliseconds // 1000 if milliseconds >= 0 else None


def _messages(entry: dict[str, Any]) -> Iterator[dict[str, Any]]:
    replay = entry.get("replayChatItemAction")
    actions = _list(_dict(replay, "replayChatItemAction").get("actions"), "actions")
    for action in actions if replay is not None else [entry]:
        add = _dict(_dict(action, "actions").get("addChatItemAction"), "addChatItemAction")
        item = _dict(add.get("item"), "item")
        for kind in _MESSAGES:
            if item.get(kind) is not None:
                yield _dict(item[kind], kind)


def _record(message: dict[str, Any], line: int, offset: int | None) -> Incoming | Skipped:
    identifier = _str(message.get("id"), "id")
    if _is_staff(message):
        return Skipped(line, STAFF, f"yt-chat-{identifier}" if identifier else None)
    if not identifier:  # nothing a re-import could recognise it by
        return Skipped(line, "no message id")
    author = _dict(message.get("authorName"), "authorName")
    return Incoming(
        text=_text(_dict(message.get("message"), "message")).strip(),
        source=f"yt-chat-{identifier}",
        channel="live-chat",
        line=line,
        asked_by=_str(author.get("simpleText"), "authorName.simpleText") or None,
        asked_at=_when(_str(message.get("timestampUsec"), "timestampUsec")),
        offset=offset,
    )


def _is_staff(message: dict[str, Any]) -> bool:
    for badge in _list(message.get("authorBadges"), "authorBadges"):
        key = "liveChatAuthorBadgeRenderer"
        renderer = _dict(_dict(badge, "authorBadges").get(key), key)
        if _dict(renderer.get("icon"), "icon").get("iconType") in _STAFF_BADGES:
            return True
    return False


def _text(message: dict[str, Any]) -> str:
    """The message's runs joined: text as is, emoji as the character (custom ones by name)."""
    parts = []
    for run in _list(message.get("runs"), "runs"):
        run = _dict(run, "runs")
        if "text" in run:
            parts.append(_str(run["text"], "text"))
        elif "emoji" in run:
            emoji = _dict(run["emoji"], "emoji")
            shortcuts = _list(emoji.get("shortcuts"), "shortcuts") or [""]
            custom = emoji.get("isCustomEmoji")
            parts.append(_str(shortcuts[0] if custom else emoji.get("emojiId"), "emoji"))
    return "".join(parts) or _str(message.get("simpleText"), "simpleText")


def _when(value: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromtimestamp(int(value) // 1_000_000, tz=dt.UTC)
    except (ValueError, OverflowError, OSError):  # no number, or no year a calendar has
        return None


def _without_prefix(record: Incoming) -> Incoming:
    return replace(record, text=_PREFIX.sub("", record.text, count=1))
