"""YouTube live chat replay (yt-dlp's `*.live_chat.json`) → questions as Incoming records.

Takes the file yt-dlp writes with `--write-subs` for a stream: one JSON object per line, each a
`replayChatItemAction` with `videoOffsetTimeMsec` and `addChatItemAction` items. A message is a
question when it matches `--question-pattern` (default: it ends in `?`, or starts with `Q:`,
`F:`, `Frage:` or `Question:`); the prefix is dropped. Messages of the channel owner and its
moderators are not questions. Each keeps its offset into the stream; sources are
`yt-chat-<message id>`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from generator.intake.formats.base import ImportProblem, Incoming, Options, read_text

DEFAULT_PATTERN = r"\?[^\w]*$|^\s*(?:Q|F|Frage|Question)\s*:"
_PREFIX = re.compile(r"^\s*(?:Q|F|Frage|Question)\s*:\s*", re.IGNORECASE)
_MESSAGES = ("liveChatTextMessageRenderer", "liveChatPaidMessageRenderer")
_STAFF_BADGES = frozenset({"OWNER", "MODERATOR"})


def parse(path: Path, options: Options) -> list[Incoming]:
    """Chat messages that are questions, with their offset into the stream."""
    pattern = compile_pattern(options.question_pattern)
    found = []
    for line, entry in _entries(path):
        offset = _offset(entry)
        for message in _messages(entry):
            record = _record(message, line, offset)
            if record is not None and pattern.search(record.text):
                question = _without_prefix(record)
                if any(c.isalnum() for c in question.text):  # "???" is chat noise, not a question
                    found.append(question)
    return found


def compile_pattern(pattern: str | None) -> re.Pattern[str]:
    """The question pattern, case-insensitive; a bad one raises ValueError with the reason."""
    try:
        return re.compile(pattern or DEFAULT_PATTERN, re.IGNORECASE)
    except re.error as exc:
        raise ValueError(f"--question-pattern {pattern!r} is no regular expression: {exc}") from exc


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
        if not isinstance(entry, dict) or not (
            "replayChatItemAction" in entry or "addChatItemAction" in entry
        ):
            message = "is not a yt-dlp live chat (*.live_chat.json): no replayChatItemAction here"
            raise ImportProblem(path, line, message)
        seen_chat = True
        yield line, entry


def _offset(entry: dict[str, Any]) -> int | None:
    replay = entry.get("replayChatItemAction") or {}
    value = replay.get("videoOffsetTimeMsec", entry.get("videoOffsetTimeMsec"))
    try:
        milliseconds = int(str(value))
    except (TypeError, ValueError):
        return None
    return milliseconds // 1000 if milliseconds >= 0 else None


def _messages(entry: dict[str, Any]) -> Iterator[dict[str, Any]]:
    replay = entry.get("replayChatItemAction")
    actions = replay.get("actions", []) if isinstance(replay, dict) else [entry]
    for action in actions if isinstance(actions, list) else []:
        item = (action.get("addChatItemAction") or {}).get("item") or {}
        for kind in _MESSAGES:
            if isinstance(item.get(kind), dict):
                yield item[kind]


def _record(message: dict[str, Any], line: int, offset: int | None) -> Incoming | None:
    if _is_staff(message) or not message.get("id"):
        return None
    return Incoming(
        text=_text(message.get("message") or {}).strip(),
        source=f"yt-chat-{message['id']}",
        channel="live-chat",
        line=line,
        asked_by=(message.get("authorName") or {}).get("simpleText") or None,
        asked_at=_when(message.get("timestampUsec")),
        offset=offset,
    )


def _is_staff(message: dict[str, Any]) -> bool:
    for badge in message.get("authorBadges") or []:
        renderer = badge.get("liveChatAuthorBadgeRenderer") or {}
        if (renderer.get("icon") or {}).get("iconType") in _STAFF_BADGES:
            return True
    return False


def _text(message: dict[str, Any]) -> str:
    """The message's runs joined: text as is, emoji as the character (custom ones by name)."""
    parts = []
    for run in message.get("runs") or []:
        if "text" in run:
            parts.append(str(run["text"]))
        elif "emoji" in run:
            emoji = run["emoji"]
            shortcuts = emoji.get("shortcuts") or [""]
            parts.append(shortcuts[0] if emoji.get("isCustomEmoji") else emoji.get("emojiId", ""))
    return "".join(parts) or str(message.get("simpleText") or "")


def _when(value: object) -> dt.datetime | None:
    try:
        microseconds = int(str(value))
    except ValueError:
        return None
    return dt.datetime.fromtimestamp(microseconds // 1_000_000, tz=dt.UTC)


def _without_prefix(record: Incoming) -> Incoming:
    return replace(record, text=_PREFIX.sub("", record.text, count=1))
