"""Atom 1.0 feeds of answered questions: the whole archive, per expert and per tag.

Takes the Archive; gives {site_src/ path: Atom XML text} for `feeds/answers.xml`,
`feeds/experts/<id>.xml` and `feeds/tags/<tag-slug>.xml`. An entry is an answered question;
its date is when the talk went live (`date` and `time` in videos.yml, in the archive's time
zone; noon there without a `time`, or the recording's upload day without a `date`) plus the
answer's start in the recording, so feeds are ordered the way answers were given and no build
time leaks in: a feed's `updated` is its newest entry's. With `site_url` in mkdocs.yml every id and link is
absolute; without it ids are `tag:` URIs and links are relative to the feed (see `problems`).
"""

from __future__ import annotations

import datetime as dt
import html
import re
import xml.etree.ElementTree as ET
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass

from generator.models import Archive, Question, Status, Talk
from generator.recordings import platforms
from generator.render import common as rc
from generator.render import editor_text, i18n, urls

ATOM = "http://www.w3.org/2005/Atom"
ALL = "feeds/answers.xml"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
MAX_ENTRIES = 50  # feed readers poll often; a feed holds the newest answers, not the archive
TAG_DATE = "2013"  # part of every tag: URI; it must never change once feeds are out
# A talk with a date but no time counts as starting at noon: the entries then fall on the
# talk's day in every time zone a reader may be in (midnight in Berlin is 23:00 UTC the day
# before).
NOON = dt.time(12)
# Characters XML 1.0 forbids even as references: control characters and non-characters.
_ATTRIBUTE_ENTITIES: tuple[tuple[str, str], ...] = (
    ("&", "&amp;"),
    ("<", "&lt;"),
    (">", "&gt;"),
    ('"', "&quot;"),
)
_ATTRIBUTE_ENTITIES += (("\r", "&#13;"), ("\n", "&#10;"), ("\t", "&#09;"))
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True)
class Entry:
    """An answered question with the moment it counts as published."""

    question: Question
    talk: Talk
    published: dt.datetime


@dataclass(frozen=True)
class Feed:
    """One feed: where it goes, the page it belongs to, its title and entries (newest first)."""

    path: str
    page: str
    title: str
    entries: list[Entry]


def feed_path_of_expert(expert_id: str) -> str:
    return f"feeds/experts/{expert_id}.xml"


def feed_path_of_tag(tag: str) -> str:
    return f"feeds/tags/{urls.tag_slug(tag)}.xml"


def render_feeds(archive: Archive) -> dict[str, str]:
    """Every feed of the archive by its path in site_src/."""
    return render_some(archive, *planned(archive))


def planned(archive: Archive, memo: Memo | None = None) -> tuple[list[Feed], dt.datetime]:
    """Every feed with its entries, and the newest entry's time, before any is rendered.

    A feed's text is made of these alone (with the settings and the experts' names), so
    pipeline/incremental.py renders again only the feeds whose entries changed. With `memo`
    (a long-lived process's), talks ranked in its last run are not ranked again.
    """
    ranked = _ranked(archive, memo)
    # A feed without entries is as new as the archive's newest answer: fixed, not build time.
    newest = _entry_of(ranked[0]).published if ranked else EPOCH
    return _feeds(archive, ranked), newest


def render_some(archive: Archive, feeds: list[Feed], newest: dt.datetime) -> dict[str, str]:
    """The text of each of `feeds` (from `planned`) by its path in site_src/."""
    return dict(render_each(archive, feeds, newest))


def render_each(
    archive: Archive, feeds: list[Feed], newest: dt.datetime
) -> Iterator[tuple[str, str]]:
    """(path, text) of each of `feeds` in turn, as `render_some`: each can be written and
    dropped before the next is made."""
    made = _Entries(archive)
    for feed in feeds:
        yield feed.path, _feed(archive, feed, newest, made)


def _feeds(archive: Archive, ranked: list[_Ranked]) -> list[Feed]:
    """The archive's feed and one per expert and tag, each with its newest MAX_ENTRIES."""
    language = rc.lang(archive)
    name = archive.settings.site_name
    by_expert: dict[str, list[_Ranked]] = {}
    by_tag: dict[str, list[_Ranked]] = {}
    for item in ranked:  # one pass: filtering all entries per feed was quadratic
        for expert_id in item[4]:
            if len(group := by_expert.setdefault(expert_id, [])) < MAX_ENTRIES:
                group.append(item)
        for slug in item[5]:
            if len(group := by_tag.setdefault(slug, [])) < MAX_ENTRIES:
                group.append(item)
    made: dict[tuple[str, str], Entry] = {}

    def entries(items: list[_Ranked]) -> list[Entry]:
        return [made.get(i[0][1:]) or made.setdefault(i[0][1:], _entry_of(i)) for i in items]

    feeds = [Feed(ALL, "index.md", name, entries(ranked[:MAX_ENTRIES]))]
    for expert in archive.experts.values():
        title = f"{name}: {i18n.t(language, 'answers_of', who=expert.name)}"
        mine = entries(by_expert.get(expert.id, []))
        feeds.append(Feed(feed_path_of_expert(expert.id), urls.expert_page(expert.id), title, mine))
    for tag in urls.tags(archive):  # spellings with one slug are one tag (and one feed)
        title = f"{name}: {i18n.t(language, 'tag', tag=tag)}"
        tagged = entries(by_tag.get(urls.tag_slug(tag), []))
        feeds.append(Feed(feed_path_of_tag(tag), urls.tag_page(tag), title, tagged))
    return feeds


class _Entries:
    """Entries as XML text, made once per question however many feeds show it.

    An entry differs between feeds only in its relative links, which depend on how deep the
    feed lies (feeds/answers.xml, feeds/tags/x.xml); so it is made once per depth.
    """

    def __init__(self, archive: Archive) -> None:
        self._archive = archive
        self._done: dict[tuple[str, str, int], str] = {}

    def xml(self, feed_path: str, entry: Entry) -> str:
        key = (entry.talk.id, entry.question.id, feed_path.count("/"))
        if key not in self._done:
            self._done[key] = _entry(self._archive, feed_path, entry, self)
        return self._done[key]

    def summary(self, feed_path: str, question: Question) -> str:
        """The editor's answer summary as HTML, sanitised as on its page (editor_text)."""
        base = _href(self._archive, feed_path, "")
        page = urls.talk_page(question.talk)
        return editor_text.feed_html(self._archive.settings, question.body, page, base)


def feed_meta(path: str, title: str) -> dict[str, str]:
    """Front matter naming a page's own feed, for the discovery link in the page head."""
    return {"wz_feed": path, "wz_feed_title": title}


def answer_entries(archive: Archive) -> list[Entry]:
    """Answered questions whose talk has a date, newest first, then by talk and question id."""
    return [_entry_of(item) for item in _ranked(archive)]


# An answered question, newest first by its key: (-published as a POSIX time, talk id,
# question id), the talk, the question, when the talk went live, and the feeds it goes to
# (its experts, its tags' slugs). Entries (and their datetimes) are made only for the few
# that a feed shows: at 5,000 talks of 20 questions making them all took half the time of
# planning the feeds.
_Ranked = tuple[
    tuple[float, str, str], Talk, Question, dt.datetime, tuple[str, ...], tuple[str, ...]
]


class Memo:
    """Each talk's ranked answers of a long-lived process's last run (the preview's).

    A talk whose record and questions are the very objects of the last run (the pipeline's
    memos keep them while nothing they are made of changed) in the same time zone is not
    ranked again: 0.3 s of planning the feeds at 5,000 talks x 20 questions, profiled.
    """

    def __init__(self) -> None:
        self._zone = ""
        self._talks: dict[str, tuple[Talk, tuple[Question, ...], list[_Ranked]]] = {}

    def ranked(self, archive: Archive) -> list[_Ranked]:
        zone = archive.settings.timezone
        last = self._talks if zone == self._zone else {}
        self._zone, self._talks = zone, {}
        ranked: list[_Ranked] = []
        for talk in archive.talks:
            questions = archive.questions.get(talk.id, ())
            kept = last.get(talk.id)
            if kept is not None and kept[0] is talk and kept[1] is questions:
                items = kept[2]
            else:
                items = _ranked_of(talk, questions, zoneinfo.ZoneInfo(zone))
            self._talks[talk.id] = (talk, questions, items)
            ranked += items
        ranked.sort(key=lambda item: item[0])
        return ranked


def _ranked(archive: Archive, memo: Memo | None = None) -> list[_Ranked]:
    if memo is not None:
        return memo.ranked(archive)
    ranked: list[_Ranked] = []
    zone = zoneinfo.ZoneInfo(archive.settings.timezone)
    for talk in archive.talks:
        ranked += _ranked_of(talk, archive.questions.get(talk.id, ()), zone)
    ranked.sort(key=lambda item: item[0])  # one key per entry, made once
    return ranked


def _ranked_of(talk: Talk, questions: tuple[Question, ...], zone: dt.tzinfo) -> list[_Ranked]:
    """The talk's answered questions, each with its key, unsorted; none without a date."""
    start = talk_start(talk, zone)
    if start is None:
        return []
    ranked: list[_Ranked] = []
    # Whole seconds: a float adds them exactly, as `published.timestamp()` would give.
    base = start.timestamp() if start.microsecond == 0 else None
    for question in questions:
        if question.status is not Status.ANSWERED or not question.answer:
            continue
        seconds = question.answer.start.seconds
        if base is not None:
            posix = base + seconds
        else:
            posix = (start + dt.timedelta(seconds=seconds)).timestamp()
        experts = tuple(dict.fromkeys(question.answer.by))
        slugs = tuple(dict.fromkeys(map(urls.tag_slug, question.tags)))
        key = (-posix, talk.id, question.id)
        ranked.append((key, talk, question, start, experts, slugs))
    return ranked


def _entry_of(item: _Ranked) -> Entry:
    _, talk, question, start, _, _ = item
    assert question.answer is not None
    return Entry(question, talk, start + dt.timedelta(seconds=question.answer.start.seconds))


def talk_start(talk: Talk, zone: dt.tzinfo) -> dt.datetime | None:
    """When the talk went live, in UTC: its date and time (noon without one) as wall-clock
    time in `zone`, which knows summer time; the recording's upload day without a date."""
    day = talk.date or (talk.recording.upload_date if talk.recording else None)
    if day is None:
        return None
    local = dt.datetime.combine(day, talk.time or NOON, tzinfo=zone)
    return local.astimezone(dt.UTC)


def _feed(archive: Archive, feed: Feed, newest: dt.datetime, made: _Entries) -> str:
    settings = archive.settings
    element = ET.Element("feed", {"xmlns": ATOM, _XML_LANG: rc.lang(archive)})
    _text(element, "id", _id(archive, feed.path))
    _text(element, "title", feed.title)
    updated = feed.entries[0].published if feed.entries else newest
    _text(element, "updated", _rfc3339(updated))
    _text(ET.SubElement(element, "author"), "name", settings.site_name)
    _link(element, "self", _href(archive, feed.path, feed.path), "application/atom+xml")
    page_url = _href(archive, feed.path, urls.directory_url(feed.page))
    _link(element, "alternate", page_url, "text/html")
    _text(element, "generator", "Wunschzeit")
    ET.indent(element)
    head = ET.tostring(element, "unicode").removesuffix("\n</feed>")
    entries = "".join(made.xml(feed.path, entry) for entry in feed.entries)
    return f'<?xml version="1.0" encoding="utf-8"?>\n{head}\n{entries}</feed>\n'


def _entry(archive: Archive, feed_path: str, entry: Entry, made: _Entries) -> str:
    """The <entry> as ElementTree writes it indented at level 1 (see _leaf): building and
    serialising elements took half the time of the feeds."""
    question, talk = entry.question, entry.talk
    target = f"{urls.directory_url(urls.talk_page(talk.id))}#{question.anchor}"
    published = _rfc3339(entry.published)
    children = [
        _leaf("id", _id(archive, target)),
        _leaf("title", " ".join(question.question.split())),
        _leaf("updated", published),
        _leaf("published", published),
    ]
    for name in _authors(archive, question, talk):
        children.append(f"<author>\n      {_leaf('name', name)}\n    </author>")
    href = _href(archive, feed_path, target)
    children.append(_leaf("link", None, rel="alternate", href=href, type="text/html"))
    jump = _jump(archive, feed_path, question, talk)
    if jump:
        children.append(_leaf("link", None, rel="related", href=jump))
    children += [_leaf("category", None, term=_xml(tag)) for tag in question.tags]
    summary = made.summary(feed_path, question) if question.body.strip() else ""
    content = _content(archive, question, talk, jump, summary)
    children.append(_leaf("content", content, type="html"))
    return "  <entry>\n    " + "\n    ".join(children) + "\n  </entry>\n"


def _leaf(tag: str, text: str | None, **attributes: str) -> str:
    """An element without children as ElementTree writes it: `text` without the characters
    XML forbids, `<tag />` when there is none left."""
    written = "".join(f' {name}="{_attribute(value)}"' for name, value in attributes.items())
    text = _xml(text) if text is not None else ""
    if not text:
        return f"<{tag}{written} />"
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"<{tag}{written}>{escaped}</{tag}>"


def _attribute(value: str) -> str:
    """An attribute value escaped as ElementTree escapes it."""
    for raw, entity in _ATTRIBUTE_ENTITIES:
        value = value.replace(raw, entity)
    return value


def _authors(archive: Archive, question: Question, talk: Talk) -> list[str]:
    """The experts who answered, else the talk's experts, else the site."""
    ids = (question.answer.by if question.answer else ()) or talk.experts
    names = [archive.experts[i].name if i in archive.experts else i for i in ids]
    return names or [archive.settings.site_name]


def _jump(archive: Archive, feed_path: str, question: Question, talk: Talk) -> str | None:
    recording = talk.recording
    if recording is None or question.answer is None:
        return None
    url = platforms.jump_url(recording, question.answer.start.seconds)
    return _href(archive, feed_path, url) if recording.platform == "file" else url


def _content(
    archive: Archive, question: Question, talk: Talk, jump: str | None, summary: str
) -> str:
    """HTML (escaped once more by the serialiser): question as text, the editor's summary."""
    language = rc.lang(archive)
    parts = [f"<p><strong>{html.escape(_one_line(question.question))}</strong></p>"]
    if summary:
        parts.append(summary)
    assert question.answer is not None
    label = f"▶ {question.answer.start.label}"
    if jump:
        parts.append(f'<p><a href="{html.escape(jump)}">{label}</a></p>')
    parts.append(f"<p>{html.escape(i18n.t(language, 'talk_label', talk=talk.display_title))}</p>")
    return "\n".join(parts)


def _id(archive: Archive, path: str) -> str:
    """An absolute IRI: the URL under site_url, else a tag: URI named after the site."""
    if archive.settings.site_url:
        return urls.site_url(archive.settings, path)
    slug = re.sub(r"[^a-z0-9]+", "-", archive.settings.site_name.lower())
    authority = slug.strip("-")[:63].strip("-")  # one DNS label
    return f"tag:{authority or 'wunschzeit'}.invalid,{TAG_DATE}:{urls.site_url(archive.settings, path)}"


def _href(archive: Archive, feed_path: str, path: str) -> str:
    """A link from the feed: absolute under site_url, else relative to the feed file."""
    if archive.settings.site_url:
        return urls.site_url(archive.settings, path)
    return "../" * feed_path.count("/") + urls.site_url(archive.settings, path)


def _rfc3339(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _one_line(value: str) -> str:
    return " ".join(value.split())


def _xml(value: str) -> str:
    return _NOT_XML.sub("", value)


def _text(
    parent: ET.Element, name: str, value: str, attributes: dict[str, str] | None = None
) -> None:
    ET.SubElement(parent, name, attributes or {}).text = _xml(value)


def _link(parent: ET.Element, rel: str, href: str, media_type: str | None) -> None:
    attributes = {"rel": rel, "href": href}
    if media_type:
        attributes["type"] = media_type
    ET.SubElement(parent, "link", attributes)
