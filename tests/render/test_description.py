"""The meta description of a talk page (jsonld.description): short, no chapter list, no times."""

from __future__ import annotations

import pytest

from generator.render import jsonld
from tests.helpers.archive_factory import make_archive, make_recording, make_talk

# The sample's YouTube description (content/.cache/genf-aerodynamik.info.json), shortened.
YOUTUBE = (
    "Live vom Nordwerk-Stand auf dem Automobilsalon Genf 2013: Henrik Falter, Leiter "
    "Aerodynamik, beantwortet eure Fragen zur Studie Nordwerk Strom – gesammelt im Blog, auf "
    "Facebook, Twitter und über unser Formular.\n\n"
    "Kapitel:\n0:00 Begrüßung\n1:05 Ist ein cw-Wert unter 0,25 realistisch?\n"
    "• 2:45 - Warum so geschlossene Felgen?\n(1:04:32) cw-Wert und Reichweite\n"
)


def _description(text: str) -> str:
    talk = make_talk(recording=make_recording(description=text))
    return jsonld.description(make_archive(talks=[talk]), talk)


def test_chapter_list_is_left_out_and_the_rest_cut_at_a_word() -> None:
    """Assert that the chapter lines and their label go and the text is cut at a word, ≤ 160."""
    assert _description(YOUTUBE) == (
        "Live vom Nordwerk-Stand auf dem Automobilsalon Genf 2013: Henrik Falter, Leiter "
        "Aerodynamik, beantwortet eure Fragen zur Studie Nordwerk Strom – gesammelt im…"
    )
    assert len(_description(YOUTUBE)) <= jsonld.MAX_DESCRIPTION == 160


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ab 4:32 geht es um Felgen.", "Ab geht es um Felgen."),
        ("Der Teil (12:05) zu Rädern.", "Der Teil zu Rädern."),
        ("Kurz und gut.\n0:00 a\n1:00 b", "Kurz und gut."),
        ("Fragen an uns:\nBlog, Facebook, Twitter", "Fragen an uns: Blog, Facebook, Twitter"),
    ],
)
def test_times_in_sentences_are_removed(text: str, expected: str) -> None:
    """Assert that times go from the sentences; a label without chapter lines after it stays."""
    assert _description(text) == expected


def test_long_word_is_cut_inside() -> None:
    """Assert that a text without spaces is cut at 159 characters plus "…"."""
    assert _description("x" * 400) == "x" * 159 + "…"


def test_only_chapters_gives_the_summary_sentence() -> None:
    """Assert that a description of chapter lines alone falls back to the summary sentence."""
    assert _description("0:00 Begrüßung\n4:32 Felgen\n") == "Live-Talk: 0 Antworten"
