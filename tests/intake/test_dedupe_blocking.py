"""Near-duplicate detection by blocking: the merges of comparing every pair, in less time."""

from __future__ import annotations

import random

import pytest
from rapidfuzz import fuzz

from generator.intake import plan as intake
from generator.intake.formats import Incoming
from generator.intake.formats.clean import comparison_key

TEXTS = (
    "Wie hoch ist die Reichweite der Studie im Winter?",
    "Wie hoch ist eigentlich die Reichweite der Studie im Winter?",
    "Wie laut ist es bei 130 km/h?",
    "wie laut ist es bei 130 km/h??",
    "Wie schnell",
    "Wie schnell fährt das Auto mit Anhänger im Winter?",
    "Welche Reifen hat die Studie?",
    "Hat die Studie Winterreifen?",
    "Reichweite der Studie im Winter, wie hoch ist die?",
    "Was kostet die Studie?",
    "Was kostet die Studie eigentlich?",
    "Wie hoch ist die Reichweite der Studie im Sommer?",
)


def _every_pair(keys: list[str], threshold: int) -> list[int | None]:
    """The earlier key each key is merged into when every pair is compared (the old search)."""
    found: list[int | None] = []
    for number, key in enumerate(keys):
        best: tuple[int, int] | None = None
        for index in range(number):
            if fuzz.token_set_ratio(key, keys[index]) < threshold:
                continue
            score = intake.similarity(key, keys[index], threshold)
            if score >= threshold and (best is None or score > best[0]):
                best = (score, index)
        found.append(None if best is None else best[1])
    return found


def test_blocking_finds_what_comparing_every_pair_finds() -> None:
    """Assert that plan proposes the merges of the full comparison, on shuffled variants."""
    rng = random.Random(5)
    texts = [rng.choice(TEXTS) + rng.choice(("", "?", " bitte")) for _ in range(300)]
    records = [Incoming(t, f"s-{n}", "form", n + 1) for n, t in enumerate(texts)]
    planned = intake.plan(records, [], "talk-a", "de").new
    ids = [p.id for p in planned]
    expected = _every_pair([comparison_key(t) for t in texts], intake.DEFAULT_THRESHOLD)
    targets = {n: planned[n].merged_into for n in range(len(planned))}
    for number, index in enumerate(expected):
        root = index
        while root is not None and expected[root] is not None:
            root = expected[root]  # merges go to the first of a chain, as plan does
        assert targets[number] == (None if root is None else ids[root])


def test_ids_of_many_alike_questions_count_up() -> None:
    """Assert that 1,000 questions with one slug get it, then -2, -3, … in order."""
    records = [Incoming("Wie schnell?", f"s-{n}", "form", n + 1) for n in range(1_000)]
    ids = [p.id for p in intake.plan(records, [], "talk-a", "de").new]
    assert ids[:3] == ["wie-schnell", "wie-schnell-2", "wie-schnell-3"]
    assert ids[-1] == "wie-schnell-1000"


# Questions that share the pairs' common words only: the rarest word decides the blocking.
FILLER = [
    f"{start} {thing} {verb}?"
    for start, verb in (("Wie oft wird das", "gewartet"), ("Wann kommt der neue", "heraus"))
    for thing in ("Fahrwerk", "Getriebe", "Lenkrad", "Armaturenbrett", "Navigationssystem")
]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Wie laut sind die Windgeräusche bei 130?", "Wie laut sind die Windgeräsche bei 130?"),
        (
            "Wer hat die Farbe Gletscherblau entworfen?",
            "Wer hat die Farbe Gletscherbalu entworfen?",
        ),
        ("Gibt es eine Anhängekupplung dafür?", "Gibt es eine Anhängerkupplung dafür?"),
        ("Does the concept have a heat pump?", "Does the concept have a heatpump?"),
        ("Does the concept have a heatpump?", "Does the concept have a heat pump?"),
    ],
)
def test_a_typo_or_a_space_in_the_rarest_word_still_merges(first: str, second: str) -> None:
    """Assert that a one-letter typo, a split or a joined word in the rarest word is found."""
    texts = [first, *FILLER, second]
    records = [Incoming(t, f"s-{n}", "form", n + 1) for n, t in enumerate(texts)]
    planned = intake.plan(records, [], "talk-a", "de").new
    assert planned[-1].merged_into == planned[0].id
    assert {p.merged_into for p in planned[1:-1]} <= {None, *(p.id for p in planned[1:-1])}
