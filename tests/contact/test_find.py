"""Contact data: found in its disguises, look-alikes left alone, refused by `check`."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from pathlib import Path

import phonenumbers
import pytest

from generator import contact
from generator.contact import EMAIL, IP, PHONE, Found, find, regions, scrub
from generator.errors import ContentError, UsageError
from generator.intake.moderate import decline
from generator.pipeline.generate import build_archive
from tests.helpers.ondisk import make_archive, question
from tests.helpers.paths import FIXTURES

LABELLED = FIXTURES / "contact"


def rows(name: str) -> Iterator[list[str]]:
    """The columns of each row of a labelled fixture, `\\uXXXX` decoded."""
    for line in (LABELLED / name).read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            yield [
                re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), column)
                for column in line.split("\t")
            ]


def _missed(language: str, kind: str, wanted: str, text: str) -> bool:
    start = text.index(wanted)
    covered = {i for f in find(text, language) if f.kind == kind for i in range(f.start, f.end)}
    return not {i for i in range(start, start + len(wanted)) if not text[i].isspace()} <= covered


def test_recall_on_the_labelled_positives() -> None:
    """Assert that at least 99 % of the labelled contact data is found, every character of it."""
    positives = list(rows("positives.tsv"))
    missed = [row[3] for row in positives if _missed(*row)]
    assert len(positives) >= 150
    assert len(missed) <= len(positives) // 100, missed


def test_precision_on_the_labelled_negatives() -> None:
    """Assert that at most 1 % of the look-alikes (versions, times, prices, …) is flagged."""
    negatives = list(rows("negatives.tsv"))
    flagged = [text for language, text in negatives if find(text, language)]
    assert len(negatives) >= 150
    assert len(flagged) <= len(negatives) // 100, flagged


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mail: mario＠example.org!", [Found(6, 23, EMAIL)]),
        ("an mario@exa\u200bmple.org.", [Found(3, 21, EMAIL)]),
        ("x mario%40example%2Eorg y", [Found(2, 23, EMAIL)]),
        ("mario (at) example (dot) org, ok", [Found(0, 28, EMAIL)]),
        ("Tel. +49 (0) 171 1234567.", [Found(5, 24, PHONE)]),
        ("Anna (0171/9876543)", [Found(6, 18, PHONE)]),
        ("Von 192.168.0.1 und 2001:db8::1", [Found(4, 15, IP), Found(20, 31, IP)]),
    ],
)
def test_spans_are_spans_of_the_original_text(text: str, expected: list[Found]) -> None:
    """Assert that each span covers exactly the contact data in the text as given."""
    assert find(text) == expected


def test_folded_characters_before_do_not_hide_what_follows() -> None:
    """Assert that spans stay apart and right after many characters that fold to none or two."""
    text = "ä\u200bﬁ%2E" * 300 + " mario@example.org und 0171 1234567"
    found = find(text)
    assert [(f.kind, text[f.start : f.end]) for f in found] == [
        (EMAIL, "mario@example.org"),
        (PHONE, "0171 1234567"),
    ]


def test_scrub_replaces_each_span() -> None:
    """Assert that scrub replaces the spans and keeps every other character."""
    text = "Ich bin mario＠example.org, Tel. 0171 1234567 (ab 14:03 Uhr)"
    assert scrub(text, "[x]") == "Ich bin [x], Tel. [x] (ab 14:03 Uhr)"


def test_a_url_path_is_no_address_but_an_address_in_a_url_is() -> None:
    """Assert that `https://host/a@b` passes, while `mailto:` and `?to=a@b.org` are found."""
    assert find("https://example.org/a@b und https://m.example/@Luccio") == []
    assert [f.kind for f in find("https://example.org/?to=mario@example.org")] == [EMAIL]


@pytest.mark.parametrize(
    ("language", "expected"),
    [("de", ("DE", "AT", "CH")), ("de-AT", ("AT", "DE", "CH")), ("en", ("GB", "US", "IE")),
     ("xx", ("DE", "AT", "CH"))],
)  # fmt: skip
def test_regions_follow_the_language(language: str, expected: tuple[str, ...]) -> None:
    """Assert that national numbers are read in the language's regions, Germany's by default."""
    assert regions(language) == expected


def test_a_national_number_needs_its_region() -> None:
    """Assert that a London number without +44 counts in an English talk, not a German one."""
    assert [f.kind for f in find("Ring 020 7946 0958", "en")] == [PHONE]
    assert find("Ring 020 7946 0958", "de") == []


def test_validity_is_the_phonenumbers_library_s() -> None:
    """Assert that a national number counts exactly when `phonenumbers` calls it valid."""
    rng = random.Random(7)
    for _ in range(300):
        number = "0" + str(rng.randrange(10**6, 10**11))
        expected = any(
            phonenumbers.is_valid_number(phonenumbers.parse(number, region))
            for region in ("DE", "AT", "CH")
        )
        assert bool(find(f"Nummer {number} bitte", "de")) == expected, number


# --- check: hand-written content is refused ------------------------------------------------


def problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        build_archive(root)
    return [str(p) for p in info.value.problems]


def test_check_refuses_each_kind_in_each_question_field(tmp_path: Path) -> None:
    """Assert that question, asked_by, declined_reason and tags name the kind they contain."""
    text = question(
        question='"Ruf an: 0171 1234567"',
        asked_by="mario＠example.org",
        status="declined",
        declined_reason='"kam von 192.168.0.1"',
        tags="[aero, 0171-1234567]",
    )
    root = make_archive(tmp_path, {"content/talks/talk-a/a.md": text})
    assert problems(root) == [
        "content/talks/talk-a/a.md:2: 'question' contains a phone number; phone numbers are never published",
        "content/talks/talk-a/a.md:3: 'asked_by' contains an e-mail address; e-mail addresses are never published",
        "content/talks/talk-a/a.md:5: 'declined_reason' contains an IP address; IP addresses are never published",
        "content/talks/talk-a/a.md:6: 'tags' contains a phone number; phone numbers are never published",
    ]


def test_check_refuses_contact_data_in_bodies_at_their_line(tmp_path: Path) -> None:
    """Assert that the Markdown of a question, expert and event is checked, line by line."""
    summary = (
        question(question="Wie?", status="collected") + "\nAntwort.\n\nMail: a (at) b (dot) de\n"
    )
    expert = "---\nname: Anna\n---\n\nAnna arbeitet in Köln.\nTel. +49 221 9876543\n"
    event = "---\ntitle: Show\nlocation: Halle 4, Tel. 089 12345678\n---\nText\n"
    root = make_archive(
        tmp_path,
        {
            "content/talks/talk-a/a.md": summary,
            "content/experts/anna.md": expert,
            "content/events/show.md": event,
        },
    )
    assert problems(root) == [
        "content/events/show.md:3: 'location' contains a phone number; phone numbers are never published",
        "content/experts/anna.md:6: the Markdown text contains a phone number; phone numbers are never published",
        "content/talks/talk-a/a.md:8: the Markdown text contains an e-mail address; e-mail addresses are never published",
    ]


def test_check_keeps_look_alikes(tmp_path: Path) -> None:
    """Assert that versions, times, dates and prices in a question and its summary pass."""
    text = question(
        question='"Gilt 1.2.3 ab 05.03.2013 um 14:03 für 49.999 €?"', status="collected"
    )
    root = make_archive(tmp_path, {"content/talks/talk-a/a.md": text + "cw-Wert 0,28, @Luccio\n"})
    assert sorted(q.id for q in build_archive(root).questions["talk-a"]) == ["a", "cw-wert"]


def test_decline_refuses_a_phone_number_in_the_reason(tmp_path: Path) -> None:
    """Assert that a decline reason with a phone number is refused before it is written."""
    root = make_archive(tmp_path)
    with pytest.raises(UsageError) as info:
        decline(root, "cw-wert", "Bitte ruf 0171 1234567 an")
    assert str(info.value) == "--reason contains a phone number; those are never published"


def test_the_package_stands_apart() -> None:
    """Assert that contact imports nothing of the package but constants, so both sides use it."""
    imported = set()
    for module in sorted(Path(contact.__file__).parent.glob("*.py")):
        imported |= set(re.findall(r"^from (generator\S*) import", module.read_text("utf-8"), re.M))
    outside = {name for name in imported if not name.startswith("generator.contact")}
    assert outside == {"generator.constants"}
