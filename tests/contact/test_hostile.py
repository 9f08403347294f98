"""Contact data in hostile text: no crash, spans that fit, the same answers as before the speed-up.

How long hostile text takes is measured by benchmarks/contact.py, not here.
"""

from __future__ import annotations

import ipaddress
import itertools
import json
import random
import re
from collections.abc import Iterator

import phonenumbers
import pytest

from generator.contact import EMAIL, IP, PHONE, Found, find, ips, numbers, scrub
from generator.contact.folding import fold
from generator.contact.phones import _group_ends
from tests.helpers.paths import FIXTURES

LABELLED = FIXTURES / "contact"
# What the scrubber found before it was made linear-time (commit 60e6ae0), for each labelled
# row in its own language, in English and in Austrian German.
BEFORE = json.loads((LABELLED / "spans.json").read_text("utf-8"))

HOSTILE = [
    "a" * 100_000,
    "a." * 50_000,
    "a@" * 50_000,
    "@" * 100_000,
    "12 " * 30_000,
    "0" * 100_000,
    "0 0/0-0.0 " * 10_000,
    "+1" * 50_000,
    "1:" * 50_000,
    "::" * 50_000,
    "a (at) b (dot) " * 5_000,
    "a at b dot " * 5_000,
    "%40%2E" * 10_000,
    "&#64;&#x2E;" * 5_000,
    "\\@\\." * 20_000,
    "a\u200b" * 50_000,
    "\u00ad" * 100_000,
    "ﬁ" * 50_000,
    "ｍａｒｉｏ＠ｅｘａｍｐｌｅ．ｏｒｇ " * 3_000,
    "０１７１ １２３４５６７ " * 5_000,
    "(((((((((((" * 5_000,
    "((0)) " * 10_000,
    "\ud800\udfff" * 10_000,  # lone surrogates, as YAML or JSON can carry them
    "😀@😀.😀 " * 10_000,
    "𝐦𝐚𝐫𝐢𝐨@𝐞𝐱𝐚𝐦𝐩𝐥𝐞.𝐨𝐫𝐠 " * 2_000,  # mathematical letters fold to plain ones
    "٠١٧١ ١٢٣٤٥٦٧ " * 5_000,  # Arabic-Indic digits
]


def rows(name: str) -> Iterator[list[str]]:
    """The columns of each row of a labelled fixture, `\\uXXXX` decoded."""
    for line in (LABELLED / name).read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            yield [
                re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), column)
                for column in line.split("\t")
            ]


def test_the_labelled_set_gives_the_spans_it_gave_before() -> None:
    """Assert that each labelled row, in three languages, gives exactly the spans of old."""
    now = {}
    for name in ("positives.tsv", "negatives.tsv"):
        for index, row in enumerate(rows(name)):
            for language in sorted({row[0], "en", "de-AT"}):
                spans = find(row[-1], language)
                now[f"{name}:{index}:{language}"] = [[f.start, f.end, f.kind] for f in spans]
    assert len(now) > 1000
    assert now == BEFORE


def _well_formed(text: str, found: list[Found]) -> None:
    assert all(0 <= a.start < a.end <= len(text) for a in found)
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))


@pytest.mark.parametrize("text", HOSTILE, ids=[repr(t[:12]) for t in HOSTILE])
def test_hostile_text_gives_spans_that_fit(text: str) -> None:
    """Assert that hostile text is read without error into ordered spans inside the text."""
    for language in ("de", "en"):
        found = find(text, language)
        _well_formed(text, found)
        assert len(scrub(text, "[x]", language)) >= len(text) - sum(f.end - f.start for f in found)


def test_disguised_contact_data_in_hostile_text_is_found() -> None:
    """Assert that fullwidth, mathematical, zero-width and escaped addresses are all found."""
    for piece in ("ｍａｒｉｏ＠ｅｘａｍｐｌｅ．ｏｒｇ", "𝐦𝐚𝐫𝐢𝐨@𝐞𝐱𝐚𝐦𝐩𝐥𝐞.𝐨𝐫𝐠", "ma\u200brio@exa\u00admple.org",
                  "mario%40example%2Eorg", "mario&#x40;example&period;org", "mario\\＠example.org"):  # fmt: skip
        text = (piece + " ") * 2_000
        found = find(text)
        assert [f.kind for f in found] == [EMAIL] * 2_000, piece
        assert {text[f.start : f.end] for f in found} == {piece}


def test_random_mixtures_give_spans_that_fit() -> None:
    """Assert that random mixtures of risky pieces give fitting spans, and scrub replaces
    exactly those."""
    rng = random.Random(11)
    pieces = [
        *"0123456789 +()-./:@%&#;\\\t", "at", " at ", "dot", " (dot) ", "\u200b", "＠", "ﬁ", "%40",
        "&#64;", "0171", "+49", "0049", "(0)", "example", ".org", "mario", "https://", "2001:db8::",
    ]  # fmt: skip
    for _ in range(3_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 80)))
        language = rng.choice(["de", "en", "fr"])
        found = find(text, language)
        _well_formed(text, found)
        kept = [
            text[a.end : b.start] for a, b in zip([Found(0, 0, ""), *found], found, strict=False)
        ]
        rest = text[found[-1].end :] if found else text
        assert scrub(text, "\0", language) == "\0".join([*kept, rest]), text


def test_folded_text_maps_back_to_the_characters_it_came_from() -> None:
    """Assert that every folded character maps back to an original one that folds to it."""
    text = "x\u200bﬁ%40＼＠&#x2E;\u00adａ" * 50 + "mario@example.org"
    folded = fold(text)
    assert folded.text.endswith("mario@example.org")
    start = folded.origin(len(folded.text) - 17)
    assert text[start:] == "mario@example.org"
    for index, char in enumerate(folded.text):
        begin, end = folded.origin(index), folded.origin(index, end=True)
        assert fold(text[begin:end]).text.count(char) >= 1, (index, text[begin:end])


def test_ipv6_follows_the_ipaddress_module() -> None:
    """Assert that the IPv6 rules give what `ipaddress.ip_address` gives, on random candidates."""
    rng = random.Random(3)
    groups = ["", "", "0", "1", "ab", "ffff", "12345", "db8"]
    for _ in range(20_000):
        candidate = ":".join(rng.choice(groups) for _ in range(rng.randrange(2, 10)))
        try:
            expected = bool(ipaddress.ip_address(candidate))
        except ValueError:
            expected = False
        assert ips.is_ipv6(candidate) == expected, candidate


def test_ipv4_follows_the_ipaddress_module() -> None:
    """Assert that dotted quads count exactly when `ipaddress` takes them (no leading zeros)."""
    rng = random.Random(4)
    octets = ["0", "00", "1", "01", "255", "256", "199", "249", "250", "300", "9", "099"]
    for _ in range(5_000):
        text = ".".join(rng.choice(octets) for _ in range(4))
        try:
            expected = bool(ipaddress.ip_address(text))
        except ValueError:
            expected = False
        assert (IP in [f.kind for f in find(f"von {text} aus")]) == expected, text


@pytest.mark.parametrize("regions", [("DE", "AT", "CH"), ("GB", "US", "IE"), ("FR", "BE", "CH")])
def test_national_numbers_follow_phonenumbers(regions: tuple[str, ...]) -> None:
    """Assert that the joined metadata pattern accepts a national number (dialled with its 0)
    exactly when `phonenumbers.is_valid_number` does in one of the regions."""
    rng = random.Random(8)
    pattern = numbers.national_pattern(regions)
    for _ in range(1_500):
        digits = "0" + str(rng.randrange(10**5, 10**11))
        expected = any(_valid(digits, region) for region in regions)
        assert (pattern.match(digits) is not None) == expected, (digits, regions)


def _valid(digits: str, region: str) -> bool:
    try:  # "011 …" is an international call from the US, to a country code that may not exist
        return phonenumbers.is_valid_number(phonenumbers.parse(digits, region))
    except phonenumbers.NumberParseException:
        return False


def test_international_numbers_follow_phonenumbers() -> None:
    """Assert that `49 151 …` without + counts when the rest is valid for the country code."""
    rng = random.Random(9)
    for _ in range(1_500):
        code = rng.choice(["49", "43", "41", "33", "39"])
        rest = str(rng.randrange(10**6, 10**11))
        expected = phonenumbers.is_valid_number(phonenumbers.parse("+" + code + rest))
        assert numbers.international(code + rest, code) == expected, code + rest


def test_many_phone_numbers_in_one_text_are_each_found() -> None:
    """Assert that a text of nothing but distinct numbers has each one found, in order."""
    rng = random.Random(10)
    numbers_ = [f"0171 {rng.randrange(10**6, 10**7)}" for _ in range(3_000)]
    text = " ".join(numbers_)
    found = find(text)
    assert [text[f.start : f.end] for f in found] == numbers_
    assert {f.kind for f in found} == {PHONE}


@pytest.mark.parametrize("piece", ["mario@example.org", "mario bei example punkt de"])
def test_addresses_are_found_on_either_side_of_a_block_border(piece: str) -> None:
    """Assert that an address is found wherever it lies between long stretches of digits
    (addresses are searched for only in blocks of 4,096 characters near an "@" or "bei")."""
    for offset in [*range(4_070, 4_100), 8_190, 12_280]:
        text = "1" * offset + " " + piece + " " + "2 " * 3_000
        found = find(text)
        assert [text[f.start : f.end] for f in found] == [piece], offset


def test_text_that_only_drops_characters_maps_back_to_them() -> None:
    """Assert that with only zero-width characters and soft hyphens (a list per stretch, not
    units), every folded character maps back to the original one it is."""
    text = "0171\u200b 123\u00ad4567 ma\u200brio@exa\u00admple.org %40 " * 40
    folded = fold(text)
    for index, char in enumerate(folded.text):
        begin, end = folded.origin(index), folded.origin(index, end=True)
        assert fold(text[begin:end]).text == char, (index, text[begin:end])
    found = find(text)
    assert [text[f.start : f.end] for f in found[:3]] == [
        "0171\u200b 123\u00ad4567", "ma\u200brio@exa\u00admple.org", "0171\u200b 123\u00ad4567"
    ]  # fmt: skip


@pytest.mark.parametrize(
    "run", ["0171 1234567 0171 12", "(202) 456-1111 (202", "0 30 / 12–34 (0) 5"]
)
def test_group_ends_count_the_digits_before_them(run: str) -> None:
    """Assert that each group end of a run comes with the number of digits before it, which
    decides which ends are checked at all."""
    ends = list(_group_ends(run))
    assert [e for e, _ in ends] == sorted({m.end() for m in re.finditer(r"\d+", run)}, reverse=True)
    assert all(count == sum(c.isdigit() for c in run[:end]) for end, count in ends)
