"""Disqus XML export → the posts of one thread as Incoming records (format `disqus`).

Takes the file Disqus mails as an export (<disqus> with <thread> and <post> elements) and
`--post` (the thread's dsq:id, identifier, link or title; optional when only one thread has
posts). Spam and deleted posts are skipped, and replies that ask nothing ("?"), each with its
reason.
Post HTML is reduced to text. Sources are `disqus-<post dsq:id>`.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element

from generator.intake.formats.base import (
    DELETED_IN_EXPORT,
    MAX_MARKUP,
    NOT_A_QUESTION,
    SPAM,
    ImportProblem,
    Incoming,
    Lines,
    Options,
    Parsed,
    Skipped,
    attribute,
    checked_text,
    child_text,
    children,
    parse_when,
    parse_xml,
)
from generator.intake.formats.clean import html_to_text

WHAT = "a Disqus export"


def parse(path: Path, options: Options) -> Parsed:
    """Visible posts of the chosen thread, in file order, and its posts skipped."""
    root, data = parse_xml(path, "disqus", WHAT)
    posts = children(root, "post")
    thread = _choose_thread(path, children(root, "thread"), posts, options.post)
    found, skipped = [], []
    lines = Lines(data)
    lines.find(b"<post ")
    for number, post in enumerate(posts, start=1):
        if _thread_of(post) != thread:
            continue  # another thread's post: not an item of this import
        line = lines.find(f'id="{attribute(post, "id")}"'.encode()) or number
        reason = _skip_reason(post)
        if reason is None:
            found.append(_record(path, post, line))
        else:
            skipped.append(Skipped(line, reason, f"disqus-{attribute(post, 'id') or line}"))
    return Parsed(tuple(found), tuple(skipped))


def _thread_of(post: Element) -> str:
    thread = next(iter(children(post, "thread")), None)
    return attribute(thread, "id") if thread is not None else ""


def _describe(thread: Element) -> str:
    return f"{attribute(thread, 'id')} ({child_text(thread, 'title')!r})"


def _choose_thread(
    path: Path, threads: list[Element], posts: list[Element], wanted: str | None
) -> str:
    used = {_thread_of(p) for p in posts}
    with_posts = [t for t in threads if attribute(t, "id") in used]
    listed = "; ".join(_describe(t) for t in with_posts) or "none"
    if wanted is None:
        if len(with_posts) == 1:
            return attribute(with_posts[0], "id")
        message = f"choose the thread with --post ID, LINK or TITLE; threads with posts: {listed}"
        raise ImportProblem(path, 1, message)
    for thread in threads:
        keys = [attribute(thread, "id")] + [child_text(thread, k) for k in ("id", "link", "title")]
        if wanted.strip() in keys:
            return attribute(thread, "id")
    raise ImportProblem(path, 1, f"no thread {wanted!r}; threads with posts: {listed}")


def _skip_reason(post: Element) -> str | None:
    """Why the post is no visitor's question, or None when it is one."""
    if child_text(post, "isSpam") == "true":
        return SPAM
    if child_text(post, "isDeleted") == "true":
        return DELETED_IN_EXPORT
    if children(post, "parent") and "?" not in child_text(post, "message"):
        return NOT_A_QUESTION
    return None


def _record(path: Path, post: Element, line: int) -> Incoming:
    author = next(iter(children(post, "author")), None)
    name = child_text(author, "name") if author is not None else ""  # guests give names too
    markup = checked_text(path, line, child_text(post, "message"), "post", MAX_MARKUP)
    try:
        asked_at = parse_when(child_text(post, "createdAt"))
    except ValueError:
        message = f"cannot read the date {child_text(post, 'createdAt')!r}"
        raise ImportProblem(path, line, message) from None
    return Incoming(
        text=checked_text(path, line, html_to_text(markup)),
        source=f"disqus-{attribute(post, 'id') or line}",
        channel="blog",
        line=line,
        asked_by=name or None,
        asked_at=asked_at,
    )
