"""The intake core: privacy scrubbing, HTML to text, ids, duplicates, file writing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.errors import ContentError
from generator.intake import plan as intake
from generator.intake.formats import ImportProblem, Incoming
from generator.intake.formats.clean import html_to_text, scrub, scrub_name, slug
from generator.pipeline.load import split_front_matter


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mail an max.muster@example.de bitte", "Mail an [entfernt] bitte"),
        ("max (at) example (dot) org", "[entfernt]"),
        ("Ruf an: +49 171 1234567!", "Ruf an: [entfernt]!"),
        ("Tel. 0171/9876543 oder 030-1234567", "Tel. [entfernt] oder [entfernt]"),
        ("Von 192.168.0.1 und 2001:db8::1 aus", "Von [entfernt] und [entfernt] aus"),
        ("mario＠example.org und mario@exa\u200bmple.org", "[entfernt] und [entfernt]"),
        ("an bob@münchen.de oder mario%40example.org", "an [entfernt] oder [entfernt]"),
        ("mario at example dot org, root@localhost", "[entfernt], [entfernt]"),
        ("Handy 49 151 23456789.", "Handy [entfernt]."),
    ],
)
def test_scrub_removes_contact_data(text: str, expected: str) -> None:
    """Assert that e-mail addresses, phone numbers and IPs are replaced by the marker."""
    assert scrub(text, "de") == expected


@pytest.mark.parametrize(
    "text",
    [
        "Am 01.03.2013 um 14:03:00 Uhr",
        "cw-Wert von 0,24 bei 130 km/h",
        "1.200 Stunden, Version 1.2.3, 2013-03-05",
        "Ist ein cw-Wert < 0,25 realistisch?",
        "v2.0.1 um 1:02:03, 05.03.2013, 1.299,00 EUR, @nordwerk_de, ID.3, 20.000 km",
    ],
)
def test_scrub_keeps_dates_numbers_and_versions(text: str) -> None:
    """Assert that dates, times, measures and version numbers are not taken for contact data."""
    assert scrub(text, "de") == text


def test_scrub_marker_follows_language() -> None:
    """Assert that an English talk gets `[removed]`."""
    assert scrub("write to a@b.org", "en") == "write to [removed]"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Jürgen Maier <juergen@example.de>", "Jürgen Maier"),
        ("Anna (0171/9876543)", "Anna"),
        ("tom@example.org", None),
        ("  ", None),
        ("@windschnitt_ch", "@windschnitt_ch"),
    ],
)
def test_scrub_name(name: str, expected: str | None) -> None:
    """Assert that a name keeps its display part and loses contact data."""
    assert scrub_name(name, "de") == expected


def test_html_to_text_drops_markup_and_scripts() -> None:
    """Assert that comment HTML becomes text: tags and script content gone, entities decoded."""
    html = (
        '<p>Hallo<br>Welt &amp; <a href="x">Link</a></p><script>alert(1)</script><style>p{}</style>'
    )
    assert html_to_text(html) == "\nHallo\nWelt & Link\n"
    assert html_to_text("&lt;b&gt;nicht fett&lt;/b&gt;") == "<b>nicht fett</b>"


def test_slug_transliterates_and_limits_words() -> None:
    """Assert that ids use ae/oe/ue/ss and at most six words."""
    assert (
        slug("Größere Räder über 20 Zoll für Straße und Schnee?")
        == "groessere-raeder-ueber-20-zoll-fuer"
    )
    assert slug("Çà et là, Ünïcödé") == "ca-et-la-uenicoede"
    assert slug("🚀🚀?") == ""


def _incoming(text: str, source: str, line: int = 1, **more: object) -> Incoming:
    return Incoming(text=text, source=source, channel="form", line=line, **more)  # type: ignore[arg-type]


def test_plan_skips_known_sources_and_makes_ids_unique() -> None:
    """Assert that known sources are skipped, a repeated source once, and ids get -2."""
    known = [intake.Known("wie-laut-ist-es", "Wie laut ist es?", "form-1", None)]
    records = [
        _incoming("Wie laut ist es?", "form-1"),
        _incoming("Wie laut ist es!", "form-4"),
        _incoming("Wie laut ist es im Tunnel bei Nacht und Regen?", "form-2"),
        _incoming("Wie laut ist es im Tunnel bei Nacht und Regen?", "form-2"),
        _incoming("🚀🚀?", "form-3"),
    ]
    plan = intake.plan(records, known, "talk-a", "de")
    assert [r.source for r in plan.skipped] == ["form-1", "form-2"]
    assert [(p.id, p.merged_into) for p in plan.new] == [
        ("wie-laut-ist-es-2", "wie-laut-ist-es"),
        ("wie-laut-ist-es-im-tunnel", None),
        ("frage", None),
    ]


def test_plan_merges_into_the_root_of_a_merged_question() -> None:
    """Assert that a duplicate of a merged question is merged into that one's target (no chains)."""
    known = [
        intake.Known("reichweite", "Wie weit kommt man mit einer Ladung?", None, None),
        intake.Known(
            "reichweite-2", "Wie weit kommt man eigentlich mit einer Ladung?", None, "reichweite"
        ),
    ]
    records = [_incoming("Wie weit kommt man eigentlich mit einer Akkuladung?", "s-1")]
    planned = intake.plan(records, known, "talk-a", "de", threshold=80).new[0]
    assert (planned.merged_into, planned.similarity) == ("reichweite", 96)


def test_short_text_inside_a_long_one_is_no_duplicate() -> None:
    """Assert that 'wie schnell' is not called a duplicate of a long question containing it."""
    assert (
        intake.similarity("wie schnell", "wie schnell faehrt das auto mit anhaenger im winter") < 85
    )
    assert intake.similarity("wie laut ist es", "wie laut ist es eigentlich") == 100


def test_prepare_orders_by_time_and_reports_empty_questions() -> None:
    """Assert that records are ordered by ask time, and empty ones are all reported by line."""
    early = dt.datetime(2013, 3, 1, tzinfo=dt.UTC)
    records = [_incoming("Spät?", "a", 2), _incoming("Früh?", "b", 3, asked_at=early)]
    assert [r.text for r in intake.prepare(records, "f.csv", "de", False)] == ["Früh?", "Spät?"]
    with pytest.raises(ContentError) as caught:
        intake.prepare(
            [_incoming(" ?! ", "c", 4), _incoming("", "d", 9), _incoming("a@b.de?", "e", 11)],
            "f.csv",
            "de",
            False,
        )
    assert str(caught.value) == (
        "f.csv:4: empty question: there is no text to import\n"
        "f.csv:9: empty question: there is no text to import\n"
        "f.csv:11: empty question: there is no text to import"
    )


def test_question_file_reads_back_literally() -> None:
    """Assert that quotes, backslashes, YAML and Markdown syntax survive the front matter."""
    text = 'Was ist "cw" \\ #1? - [x] {y} &a *b | > `code` <i>i</i>'
    planned = intake.Planned("x", _incoming(text, 'src-"1"', asked_by="- Ole: #1"))
    fields, body = split_front_matter(intake.question_file(planned))
    assert (fields["question"], fields["asked_by"], fields["source"], body) == (
        text,
        "- Ole: #1",
        'src-"1"',
        "",
    )


def test_write_plan_never_overwrites(tmp_path: Path) -> None:
    """Assert that a file appearing under a planned name is not overwritten and nothing stays half-written."""
    folder = tmp_path / "content" / "talks" / "talk-a"
    folder.mkdir(parents=True)
    (folder / "b.md").write_text("editor's\n", encoding="utf-8")
    plan = intake.Plan(
        "talk-a",
        (intake.Planned("a", _incoming("A?", "1")), intake.Planned("b", _incoming("B?", "2"))),
        (),
    )
    with pytest.raises(ImportProblem) as caught:
        intake.write_plan(tmp_path, plan)
    assert str(caught.value) == "content/talks/talk-a/b.md:1: cannot be written: File exists"
    assert sorted(p.name for p in folder.iterdir()) == ["b.md"]
    assert (folder / "b.md").read_text(encoding="utf-8") == "editor's\n"
