"""Tests for generator.render.feeds: Atom 1.0 feeds that validate and carry correct dates and links.

Every feed is checked against the requirements of RFC 4287 in Python and against the RELAX NG
schema of its Appendix B (tests/fixtures/atom.rng, needs lxml).
"""

from __future__ import annotations

import datetime as dt
import random
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path
from xml.etree.ElementTree import Element

import pytest
from defusedxml import ElementTree as SafeET

from generator.models import Archive
from generator.pipeline.generate import build_archive
from generator.render import feeds
from tests.helpers.archive_factory import (
    HOSTILE_QUESTION,
    make_answer,
    make_archive,
    make_expert,
    make_file_recording,
    make_question,
    make_talk,
    sample_archive,
)
from tests.helpers.paths import FIXTURES, REPO

ROOT = Path("/archive")
SCHEMA = FIXTURES / "atom.rng"
NS = {"a": "http://www.w3.org/2005/Atom"}
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
SITE = "https://example.org/wz/"


def _with_site(archive: Archive, site_url: str | None = SITE) -> Archive:
    return replace(archive, settings=replace(archive.settings, site_url=site_url))


def _text(element: Element, path: str) -> str:
    found = element.find(path, NS)
    assert found is not None, path
    return found.text or ""


def _check_rfc4287(xml: str) -> Element:
    """Parse a feed and assert the requirements of RFC 4287 sections 4.1.1 and 4.1.2."""
    feed = SafeET.fromstring(xml.encode("utf-8"))
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    for name in ("id", "title", "updated"):
        assert len(feed.findall(f"a:{name}", NS)) == 1, name
    assert RFC3339.match(_text(feed, "a:updated"))
    assert len(feed.findall("a:link[@rel='self']", NS)) == 1
    feed_has_author = feed.find("a:author/a:name", NS) is not None
    ids = [_text(feed, "a:id")]
    for entry in feed.findall("a:entry", NS):
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"a:{name}", NS)) == 1, name
        assert RFC3339.match(_text(entry, "a:updated"))
        assert RFC3339.match(_text(entry, "a:published"))
        assert entry.find("a:link[@rel='alternate']", NS) is not None
        assert feed_has_author or entry.find("a:author/a:name", NS) is not None
        ids.append(_text(entry, "a:id"))
    assert len(ids) == len(set(ids)), "ids must be unique"
    assert all(re.match(r"^[a-z][a-z0-9+.-]*:", i) for i in ids), "ids must be absolute IRIs"
    return feed


def _check_schema(xml: str) -> None:
    """Validate against RFC 4287's RELAX NG schema (skips the rest of a test without lxml)."""
    etree = pytest.importorskip("lxml.etree")
    schema = etree.RelaxNG(etree.parse(str(SCHEMA)))
    document = etree.fromstring(xml.encode("utf-8"))
    assert schema.validate(document), str(schema.error_log)


def test_every_feed_of_the_repo_sample_is_valid_atom() -> None:
    """Assert that each feed of the repo's sample meets RFC 4287 and its RELAX NG schema."""
    rendered = feeds.render_feeds(build_archive(REPO))
    assert feeds.ALL in rendered and len(rendered) > 3
    for path, xml in rendered.items():
        assert xml.startswith('<?xml version="1.0" encoding="utf-8"?>\n'), path
        _check_rfc4287(xml)
        _check_schema(xml)


def test_entries_newest_first_and_feed_updated_is_newest_entry() -> None:
    """Assert that entries are answered questions, newest first, dated talk day (noon in
    Berlin without a time) + answer start."""
    feed = _check_rfc4287(feeds.render_feeds(_with_site(sample_archive(ROOT)))[feeds.ALL])
    entries = feed.findall("a:entry", NS)
    assert [_text(e, "a:updated") for e in entries] == [
        "2013-03-06T11:01:01Z",
        "2013-03-05T11:04:32Z",
        "2013-03-05T11:01:35Z",
    ]
    assert _text(feed, "a:updated") == "2013-03-06T11:01:01Z"
    first = entries[0]
    assert _text(first, "a:id") == "https://example.org/wz/talks/genf-design/#q-farben"
    assert _text(first, "a:title") == "Warum sind alle Autos grau?"
    assert _text(first, "a:author/a:name") == "Ada Lang"
    links = {link.get("rel"): link.get("href") for link in first.findall("a:link", NS)}
    assert links == {
        "alternate": "https://example.org/wz/talks/genf-design/#q-farben",
        "related": "https://example.org/wz/media/genf-design.mp4#t=61",
    }
    cw = entries[1]
    assert _related(cw) == "https://www.youtube.com/watch?v=abc123XYZ_-&t=272s"
    assert [c.get("term") for c in cw.findall("a:category", NS)] == ["aerodynamik", "reichweite"]


def _related(entry: Element) -> str | None:
    link = entry.find("a:link[@rel='related']", NS)
    return link.get("href") if link is not None else None


def test_expert_and_tag_feeds_hold_only_their_answers() -> None:
    """Assert that per-expert and per-tag feeds filter the answers, with their own self link."""
    rendered = feeds.render_feeds(_with_site(sample_archive(ROOT)))
    teddy = _check_rfc4287(rendered["feeds/experts/teddy-woll.xml"])
    assert [_text(e, "a:title") for e in teddy.findall("a:entry", NS)] == [
        "Wie wichtig ist der cw-Wert?",
        "Bringt ein Heckspoiler etwas?",
    ]
    assert teddy.find("a:link[@rel='self']", NS).get("href") == (  # type: ignore[union-attr]
        "https://example.org/wz/feeds/experts/teddy-woll.xml"
    )
    design = _check_rfc4287(rendered["feeds/tags/design.xml"])
    assert [_text(e, "a:title") for e in design.findall("a:entry", NS)] == [
        "Warum sind alle Autos grau?"
    ]
    assert "feeds/tags/script.xml" in rendered


def test_feed_without_entries_is_dated_by_the_archive() -> None:
    """Assert that an empty feed takes the newest answer's date, never the build time."""
    archive = _with_site(sample_archive(ROOT))
    archive = replace(
        archive, experts={**archive.experts, "neu": make_expert(id="neu", name="Neu")}
    )
    feed = _check_rfc4287(feeds.render_feeds(archive)["feeds/experts/neu.xml"])
    assert feed.findall("a:entry", NS) == []
    assert _text(feed, "a:updated") == "2013-03-06T11:01:01Z"
    empty = make_archive(experts=[make_expert()])
    assert "<updated>1970-01-01T00:00:00Z</updated>" in feeds.render_feeds(empty)[feeds.ALL]


def test_hostile_question_is_text_in_title_and_escaped_html_in_content() -> None:
    """Assert that markup in a question stays text: the title as is, the content HTML-escaped."""
    talk = make_talk(id="t", recording=make_file_recording(url="media/t.mp4"))
    hostile = HOSTILE_QUESTION + "\x01\x0b"
    question = make_question(talk="t", id="q", question=hostile, answer=make_answer(5))
    xml = feeds.render_feeds(make_archive(talks=[talk], questions=[question], site_url=SITE))
    feed = _check_rfc4287(xml[feeds.ALL])
    entry = feed.find("a:entry", NS)
    assert entry is not None
    assert _text(entry, "a:title") == " ".join(HOSTILE_QUESTION.split())
    content = entry.find("a:content", NS)
    assert content is not None and content.get("type") == "html"
    assert "<script>" not in (content.text or "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in (content.text or "")
    assert "<img" not in (content.text or "")
    _check_schema(xml[feeds.ALL])


def test_without_site_url_ids_are_tag_uris_and_links_relative() -> None:
    """Assert that without site_url ids are tag: URIs and links are relative to the feed."""
    archive = _with_site(sample_archive(ROOT), None)
    rendered = feeds.render_feeds(archive)
    feed = _check_rfc4287(rendered["feeds/experts/ada-lang.xml"])
    assert _text(feed, "a:id") == (
        "tag:wunschzeit-testarchiv.invalid,2013:feeds/experts/ada-lang.xml"
    )
    entry = feed.find("a:entry", NS)
    assert entry is not None
    assert (
        _text(entry, "a:id") == "tag:wunschzeit-testarchiv.invalid,2013:talks/genf-design/#q-farben"
    )
    alternate = entry.find("a:link[@rel='alternate']", NS)
    assert alternate is not None
    assert alternate.get("href") == "../../talks/genf-design/#q-farben"
    assert _related(entry) == "../../media/genf-design.mp4#t=61"
    _check_schema(rendered["feeds/experts/ada-lang.xml"])


def test_answer_in_talk_without_date_is_left_out() -> None:
    """Assert that an answer whose talk has no date (nor upload date) gets no entry."""
    talk = make_talk(id="t", date=None, recording=make_file_recording(url="media/t.mp4"))
    dated = make_talk(
        id="u",
        date=None,
        recording=make_file_recording(url="media/u.mp4", upload_date=dt.date(2020, 1, 2)),
    )
    questions = [
        make_question(talk="t", id="a", answer=make_answer(5)),
        make_question(talk="u", id="b", answer=make_answer(7)),
    ]
    archive = make_archive(talks=[talk, dated], questions=questions)
    assert [(e.question.id, e.published.isoformat()) for e in feeds.answer_entries(archive)] == [
        ("b", "2020-01-02T11:00:07+00:00")
    ]


def test_feeds_are_deterministic() -> None:
    """Assert that the same archive gives the same feed text."""
    assert feeds.render_feeds(sample_archive(ROOT)) == feeds.render_feeds(sample_archive(ROOT))


@pytest.mark.parametrize(
    ("broken", "replacement"),
    [
        ("<id>https://example.org/wz/feeds/answers.xml</id>", ""),
        ("<updated>2013-03-06T11:01:01Z</updated>", "<updated>6. März 2013</updated>"),
        ('type="application/atom+xml"', 'type="atom"'),
    ],
)
def test_schema_rejects_broken_feeds(broken: str, replacement: str) -> None:
    """Assert that the transcribed RELAX NG schema rejects a missing id, a bad date, a bad type."""
    etree = pytest.importorskip("lxml.etree")
    xml = feeds.render_feeds(_with_site(sample_archive(ROOT)))[feeds.ALL]
    assert broken in xml
    schema = etree.RelaxNG(etree.parse(str(SCHEMA)))
    assert not schema.validate(etree.fromstring(xml.replace(broken, replacement, 1).encode()))


def test_feeds_hold_the_newest_fifty_answers() -> None:
    """Assert that a feed keeps the newest MAX_ENTRIES answers, newest first, per expert too."""
    talk = make_talk(id="t", date=dt.date(2013, 3, 5), experts=("ada-lang",))
    questions = [
        make_question(
            talk="t", id=f"q{n:02d}", tags=("viel",), answer=make_answer(n * 10, by=["ada-lang"])
        )
        for n in range(60)
    ]
    archive = make_archive(talks=[talk], questions=questions, experts=[make_expert(id="ada-lang")])
    rendered = feeds.render_feeds(archive)
    for path in ("feeds/answers.xml", "feeds/experts/ada-lang.xml", "feeds/tags/viel.xml"):
        ids = re.findall(r"<id>[^<]*#q-(q\d\d)</id>", rendered[path])
        assert ids == [f"q{n:02d}" for n in range(59, 9, -1)], path


def test_entry_elements_are_written_as_elementtree_writes_them() -> None:
    """Assert that feeds._leaf gives ElementTree's bytes for texts and attributes with every
    character XML escapes or forbids."""
    rng = random.Random(15)
    alphabet = "a ä&<>\"'\r\n\t\x00\x0b\ud800\ufffe/=-"
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        value = "".join(rng.choice(alphabet.replace("\x00", "")) for _ in range(rng.randint(0, 8)))
        element = ET.Element("category", {"term": value, "type": "html"})
        element.text = feeds._xml(text)
        written = ET.tostring(element, "unicode", short_empty_elements=True)
        assert feeds._leaf("category", text, term=value, type="html") == written
