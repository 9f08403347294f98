"""Tags as people write them: `tags: [Zubehör, cw-Wert]` is valid, shown as written, slugified
for URLs, and spellings with the same slug are one tag."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import ContentError
from generator.pipeline.generate import build_archive
from generator.render.outputs import render
from generator.render.urls import tag_page, tag_slug, tags
from tests.helpers.archive_factory import make_archive as archive_of
from tests.helpers.archive_factory import make_question, make_talk
from tests.helpers.ondisk import QUESTION, make_archive


def _tagged(tmp_path: Path, written: str) -> Path:
    text = QUESTION.replace("tags: [aerodynamik]", f"tags: {written}")
    return make_archive(tmp_path, {"content/talks/talk-a/cw-wert.md": text})


def test_written_tags_are_valid_and_kept_as_written(tmp_path: Path) -> None:
    """Assert that tags with capitals, umlauts and spaces are read as written, spaces tidied."""
    archive = build_archive(_tagged(tmp_path, '[Zubehör, cw-Wert, "  Lange   Strecke "]'))
    assert archive.questions["talk-a"][0].tags == ("Zubehör", "cw-Wert", "Lange Strecke")


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("[[a, b]]", "[['a', 'b']]"),
        ('["a\\nb"]', "['a\\nb']"),
        ('["!!!"]', "['!!!']"),
        ("[2013]", "[2013]"),
        ("[" + "x" * 101 + "]", "['" + "x" * 57 + "…"),
    ],
)
def test_tags_that_are_no_words_are_refused(tmp_path: Path, written: str, shown: str) -> None:
    """Assert that nested lists, line breaks, no letter, numbers and overlong tags are refused."""
    with pytest.raises(ContentError) as info:
        build_archive(_tagged(tmp_path, written))
    assert [str(p) for p in info.value.problems] == [
        "content/talks/talk-a/cw-wert.md:10: 'tags' must be a list of words such as "
        "[Zubehör, cw-Wert] (one line each, at most 100 characters), not " + shown
    ]


@pytest.mark.parametrize(
    ("tag", "slug"),
    [
        ("aerodynamik", "aerodynamik"),  # plain slugs keep their URL
        ("cw-wert-2", "cw-wert-2"),
        ("Zubehör", "zubehoer"),
        ("ZUBEHÖR", "zubehoer"),
        ("zubehoer", "zubehoer"),
        ("cw-Wert", "cw-wert"),
        ("Straße", "strasse"),
        ("Café crème", "cafe-creme"),
        ("<script>", "script"),
        ("index", "index-e540cdd1"),  # the overview's name
        ("日本", "tag-44da6bbc"),
    ],
)
def test_tag_slugs(tag: str, slug: str) -> None:
    """Assert that tags slugify to lower-case ASCII with umlauts spelt out and '-' between."""
    assert tag_slug(tag) == slug


def _archive_with(*tag_lists: list[str]) -> object:
    questions = [
        make_question(id=f"q{n}", question=f"Frage {n}?", tags=t) for n, t in enumerate(tag_lists)
    ]
    return archive_of(talks=[make_talk()], questions=questions)


def test_spellings_with_one_slug_are_one_tag_shown_as_most_write_it() -> None:
    """Assert that Zubehör, ZUBEHÖR and zubehoer are one tag, named by the most frequent."""
    archive = _archive_with(["Zubehör"], ["zubehoer"], ["Zubehör", "cw-Wert"], ["ZUBEHÖR"])
    found = tags(archive)  # type: ignore[arg-type]
    assert {tag: [q.id for q in qs] for tag, qs in found.items()} == {
        "cw-Wert": ["q2"],
        "Zubehör": ["q0", "q1", "q2", "q3"],
    }
    outputs = render(archive)  # type: ignore[arg-type]
    assert [p for p in outputs if p.startswith(("tags/", "feeds/tags/"))] == [
        "feeds/tags/cw-wert.xml",
        "feeds/tags/zubehoer.xml",
        "tags/cw-wert.md",
        "tags/index.md",
        "tags/zubehoer.md",
    ]
    page = str(outputs["tags/zubehoer.md"])
    assert page.startswith('---\ntitle: "Thema: Zubehör"')
    assert page.count('">Frage ') == 4
    assert str(outputs["feeds/tags/zubehoer.xml"]).count("<entry>") == 0  # none answered
    assert '<a href="../tags/zubehoer/">Zubehör</a> · 4 Fragen' in str(outputs["tags/index.md"])


def test_a_tie_is_won_by_the_first_spelling_in_alphabetical_order() -> None:
    """Assert that two spellings used equally often show as the alphabetically first."""
    archive = _archive_with(["zubehoer"], ["Zubehör"])
    assert list(tags(archive)) == ["Zubehör"]  # type: ignore[arg-type]


def test_talk_pages_link_every_spelling_to_the_one_page() -> None:
    """Assert that a question shows its own spelling, linked to the shared tag page."""
    outputs = render(_archive_with(["zubehoer"], ["Zubehör"]))  # type: ignore[arg-type]
    page = str(outputs["talks/talk.md"])
    shared = '<a href="../../tags/zubehoer/">'
    assert f"{shared}zubehoer</a>" in page and f"{shared}Zubehör</a>" in page
    assert tag_page("ZUBEHÖR") == "tags/zubehoer.md"
