"""The faster near-duplicate search and comparison keys against what they replaced: the same
match for every key, the same words of every text."""

from __future__ import annotations

import random
import re
import unicodedata

import pytest

from generator.intake import duplicates, matching
from generator.intake.formats import clean
from tests.intake import reference_duplicates as before

SYLLABLES = ("ka", "ber", "lin", "mo", "tor", "sa", "ne", "rei", "fen", "ga", "stu", "di", "ke")
COMMON = ("wie", "die", "der", "das", "ist", "im", "bei", "und", "130", "kmh", "a")


def _vocabulary(rng: random.Random) -> list[str]:
    """600 words of 2–5 syllables (more than SYMBOLS: words share symbols), and their joins."""
    words = {"".join(rng.choices(SYLLABLES, k=rng.randrange(2, 6))) for _ in range(600)}
    return sorted(words)


def _changed(words: list[str], rng: random.Random, vocabulary: list[str]) -> list[str]:
    """`words` with a typo, a word dropped, added, split or joined, or twice as many words."""
    words = list(words)
    at = rng.randrange(len(words))
    change = rng.randrange(6)
    if change == 0 and len(words[at]) > 3:
        cut = rng.randrange(len(words[at]) - 1)
        word = words[at]
        words[at] = word[:cut] + word[cut + 1] + word[cut] + word[cut + 2 :]
    elif change == 1 and len(words) > 1:
        del words[at]
    elif change == 2:
        words.insert(at, rng.choice(COMMON))
    elif change == 3 and len(words[at]) > 7:
        words[at : at + 1] = [words[at][:4], words[at][4:]]
    elif change == 4 and at + 1 < len(words):
        words[at : at + 2] = [words[at] + words[at + 1]]
    else:
        words += rng.choices(vocabulary, k=len(words) + 1)
    return words


def _keys(seed: int, count: int) -> list[str]:
    """Keys of 0–14 words, common and long-tail ones; 40 % a changed earlier key."""
    rng = random.Random(seed)
    vocabulary = _vocabulary(rng)
    keys: list[str] = []
    for _ in range(count):
        if keys and rng.random() < 0.4:
            words = _changed(rng.choice(keys[-300:]).split() or ["a"], rng, vocabulary)
        else:
            words = rng.choices(COMMON, k=rng.randrange(0, 5))
            words += rng.choices(vocabulary, k=rng.randrange(0 if words else 1, 10))
            rng.shuffle(words)
        keys.append(" ".join(words))
    return keys


def _reference(keys: list[str], start: int, threshold: int) -> list[matching.Match]:
    """The matches of the search before, key by key on one process."""
    earlier = before.Earlier(keys, threshold)
    for key in keys[:start]:
        earlier.add(key)
    found = []
    for key in keys[start:]:
        found.append(earlier.best_match(key))
        earlier.add(key)
    return found


@pytest.mark.parametrize(("seed", "start", "threshold"), [(1, 0, 85), (2, 150, 85), (3, 0, 70)])
def test_the_faster_search_finds_the_same_matches(seed: int, start: int, threshold: int) -> None:
    """Assert that 1,500 keys get exactly the match and similarity of the search before."""
    keys = _keys(seed, 1_500)
    expected = _reference(keys, start, threshold)
    found = matching.best_matches(keys, start, duplicates.Earlier(keys, threshold), processes=1)
    assert found == expected
    assert sum(index is not None for index, _ in found) > 300


def _ascii_words_before(text: str) -> list[str]:
    """clean.ascii_words before its shortcut for ASCII text."""
    lowered = text.lower().translate(clean._TRANSLITERATION)
    decomposed = unicodedata.normalize("NFKD", lowered)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.findall(r"[a-z0-9]+", plain)


def test_ascii_words_are_the_words_before() -> None:
    """Assert that ascii_words gives the words it gave before on ASCII, German, accented,
    compatibility and random text."""
    rng = random.Random(5)
    texts = [
        "Wie laut ist es bei 130 km/h?", "Größe der Tür im Coupé", "Ǆemal ﬁnal Ⅻ ½ İstanbul ẞ",
        "ＡＢＣ１２３ x\u0308y e\u0301 Å", "", "  ", "Çağrı Šťastný Ørsted Æsir",
    ]  # fmt: skip
    texts += ["".join(chr(rng.randrange(0x20, 0x3000)) for _ in range(40)) for _ in range(2_000)]
    for text in texts:
        assert clean.ascii_words(text) == _ascii_words_before(text), text
