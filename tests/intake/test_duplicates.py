"""The bounds that spare scoring: they never rule out a pair token_set_ratio finds alike."""

from __future__ import annotations

import random

import pytest
from rapidfuzz import fuzz

from generator.intake import duplicates
from generator.intake.formats.clean import MAX_KEY_WORDS, comparison_key

WORDS = (
    "wie", "die", "der", "studie", "reichweite", "im", "winter", "sommer", "laut", "ist", "es",
    "bei", "130", "kmh", "kostet", "a", "batteriesystem", "eigentlich", "akku",
)  # fmt: skip


def _keys(seed: int, count: int) -> list[str]:
    """Keys of 1–12 words (repeats too); a third repeat an earlier key with a change."""
    rng = random.Random(seed)
    keys: list[str] = []
    for _ in range(count):
        if keys and rng.random() < 0.35:
            words = rng.choice(keys).split()
            at = rng.randrange(len(words))
            change = rng.randrange(3)
            if change == 0:
                words[at] = words[at][::-1]  # a typo
            elif change == 1 and len(words) > 1:
                del words[at]
            else:
                words.insert(at, rng.choice(WORDS))
        else:
            words = rng.choices(WORDS, k=rng.randrange(1, 13))
        keys.append(" ".join(words))
    return keys


@pytest.mark.parametrize("threshold", [50, 70, 85, 95, 100])
def test_bounds_keep_every_pair_token_set_ratio_finds(threshold: int) -> None:
    """Assert that within_bounds keeps every earlier key token_set_ratio puts at the threshold."""
    keys = _keys(threshold, 400)
    earlier = duplicates.Earlier(keys, threshold)
    for number, key in enumerate(keys):
        alike = [i for i in range(number) if fuzz.token_set_ratio(key, keys[i]) >= threshold]
        kept = earlier.within_bounds(earlier.shape(key), list(range(number)))
        assert set(alike) <= set(kept), key
        earlier.add(key)


def test_bounds_hold_when_words_share_symbols(monkeypatch: pytest.MonkeyPatch) -> None:
    """Assert that with 3 symbols for all words the bounds still keep every alike pair."""
    monkeypatch.setattr(duplicates, "SYMBOLS", 3)
    keys = _keys(7, 300)
    earlier = duplicates.Earlier(keys, 85)
    for number, key in enumerate(keys):
        alike = [i for i in range(number) if fuzz.token_set_ratio(key, keys[i]) >= 85]
        assert set(alike) <= set(earlier.within_bounds(earlier.shape(key), list(range(number))))
        earlier.add(key)


def test_bounds_rule_out_most_unrelated_keys() -> None:
    """Assert that keys sharing one rare word and little else are mostly not scored."""
    rng = random.Random(3)
    words = [
        "".join(rng.choices("abcdefghiklmnoprstuwz", k=rng.randrange(2, 10))) for _ in range(500)
    ]
    keys = [" ".join(rng.choices(words, k=10)) + " batteriesystem" for _ in range(200)]
    earlier = duplicates.Earlier(keys, 85)
    for key in keys[:-1]:
        earlier.add(key)
    kept = earlier.within_bounds(earlier.shape(keys[-1]), list(range(len(keys) - 1)))
    assert len(kept) < 20


def test_a_long_question_is_compared_by_its_first_words() -> None:
    """Assert that a comparison key holds at most MAX_KEY_WORDS words, so that two questions of
    thousands of words cost what two of 300 cost: alike in those, they are near-duplicates
    however they go on; short questions keep every word."""
    rng = random.Random(4)
    words = [f"wort{rng.randrange(10_000)}" for _ in range(3_000)]
    other = [f"satz{rng.randrange(10_000)}" for _ in range(3_000)]
    first = comparison_key(" ".join(words))
    second = comparison_key(" ".join([*words[:MAX_KEY_WORDS], *other]))
    assert first.split() == words[:MAX_KEY_WORDS]
    assert comparison_key("Wie laut ist es bei 130 km/h?") == "wie laut ist es bei 130 km h"
    earlier = duplicates.Earlier([first, second], 85)
    earlier.add(first)
    assert earlier.best_match(second) == (0, 100)
