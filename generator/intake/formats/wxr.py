"""WordPress export (WXR 1.0–1.2) → the comments of one post as Incoming records (`wxr`).

Takes the XML file WordPress writes under Tools → Export, and `--post` (post id, slug or
title; optional when only one post has comments). Keeps approved comments only; skips, each
with its reason, spam, trash and comments awaiting moderation, pingbacks and trackbacks,
comments by the site's own staff (a logged-in user, or a name or address of one of the export's
authors) and replies by visitors that ask nothing ("?"). Comment HTML is reduced to text.
Sources are `wp-comment-<comment id>`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from xml.etree.ElementTree import Element

from generator.intake.formats.base import (
    DELETED_IN_EXPORT,
    MAX_MARKUP,
    NOT_A_QUESTION,
    NOT_APPROVED,
    SPAM,
    STAFF,
    ImportProblem,
    Incoming,
    Lines,
    Options,
    Parsed,
    Skipped,
    checked_text,
    child_text,
    children,
    parse_xml,
)
from generator.intake.formats.clean import html_to_text

WHAT = "a WordPress export (WXR)"


def parse(path: Path, options: Options) -> Parsed:
    """Visitor comments of the chosen post, in file order, and the comments skipped."""
    root, data = parse_xml(path, "rss", WHAT)
    channel = next(iter(children(root, "channel")), None)
    if channel is None:
        raise ImportProblem(path, 1, f"is not {WHAT}: <rss> has no <channel>")
    post = _choose_post(path, children(channel, "item"), options.post)
    staff = _staff(channel)
    lines = Lines(data)
    records, skipped = [], []
    for comment in children(post, "comment"):
        comment_id = child_text(comment, "comment_id")
        line = lines.element("comment_id", comment_id) or 1
        reason = _skip_reason(comment, staff)
        if reason is None:
            records.append(_record(path, comment, line))
        else:
            skipped.append(Skipped(line, reason, f"wp-comment-{comment_id}"))
    return Parsed(tuple(records), tuple(skipped))


def _describe(item: Element) -> str:
    return f"{child_text(item, 'post_id')} {child_text(item, 'post_name')!r} ({child_text(item, 'title')!r})"


def _choose_post(path: Path, items: list[Element], wanted: str | None) -> Element:
    with_comments = [i for i in items if children(i, "comment")]
    if wanted is None:
        if len(with_comments) == 1:
            return with_comments[0]
        listed = "; ".join(_describe(i) for i in with_comments) or "none"
        message = f"choose the post with --post ID, SLUG or TITLE; posts with comments: {listed}"
        raise ImportProblem(path, 1, message)
    for item in items:
        keys = (
            child_text(item, "post_id"),
            child_text(item, "post_name"),
            child_text(item, "title"),
        )
        if wanted.strip() in keys:
            return item
    listed = "; ".join(_describe(i) for i in with_comments) or "none"
    raise ImportProblem(path, 1, f"no post {wanted!r}; posts with comments: {listed}")


def _staff(channel: Element) -> frozenset[str]:
    """Names and addresses of the site's authors, folded, for recognising staff replies."""
    found = set()
    for author in children(channel, "author"):
        for key in ("author_login", "author_display_name", "author_email"):
            value = child_text(author, key).casefold()
            if value:
                found.add(value)
    return frozenset(found)


_NOT_APPROVED = {"spam": SPAM, "trash": DELETED_IN_EXPORT, "post-trashed": DELETED_IN_EXPORT}


def _skip_reason(comment: Element, staff: frozenset[str]) -> str | None:
    """Why the comment is no visitor's question, or None when it is one."""
    approved = child_text(comment, "comment_approved")
    if approved != "1":
        return _NOT_APPROVED.get(approved, NOT_APPROVED)
    if child_text(comment, "comment_type") not in ("", "comment"):
        return NOT_A_QUESTION  # pingback, trackback, or a plugin's note
    if child_text(comment, "comment_user_id") not in ("", "0"):
        return STAFF
    who = {child_text(comment, k).casefold() for k in ("comment_author", "comment_author_email")}
    if who & staff:
        return STAFF
    is_reply = child_text(comment, "comment_parent") not in ("", "0")
    if is_reply and "?" not in child_text(comment, "comment_content"):
        return NOT_A_QUESTION
    return None


def _record(path: Path, comment: Element, line: int) -> Incoming:
    markup = checked_text(path, line, child_text(comment, "comment_content"), "comment", MAX_MARKUP)
    return Incoming(
        text=checked_text(path, line, html_to_text(markup)),
        source=f"wp-comment-{child_text(comment, 'comment_id')}",
        channel="blog",
        line=line,
        asked_by=child_text(comment, "comment_author") or None,
        asked_at=_when(comment),
    )


def _when(comment: Element) -> dt.datetime | None:
    """The GMT time when WordPress knows it, else the site's local time without a zone."""
    for key, zone in (("comment_date_gmt", dt.UTC), ("comment_date", None)):
        value = child_text(comment, key)
        if value and not value.startswith("0000"):
            try:
                return dt.datetime.fromisoformat(value).replace(tzinfo=zone)
            except ValueError:
                continue
    return None
