"""Near-duplicate detection at import: which earlier question a new one repeats.

Takes comparison keys (`clean.comparison_key`) in the order the questions were asked, the
talk's existing ones first; gives for each new key the most alike earlier one and their
similarity, 0–100. Only keys that share a rare word (or one a typo or a space away) are
candidates, and only those a cheap bound cannot rule out are scored; the result is that of scoring every candidate.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter

from rapidfuzz import fuzz, process
from rapidfuzz.distance import LCSseq

MAX_CANDIDATES = 100
MIN_TYPO_LENGTH = 6  # shorter rare words are looked up only as they are spelt
MAX_TYPO_CANDIDATES = 25  # keys found through a typo lookup, on top of MAX_CANDIDATES
# Code points to stand for words; more words share them (see `_Key`). One byte each: rapidfuzz
# then looks characters up in a table, not a hash map, and the LCS bound took 14 instead of
# 32 us per 100 candidates; shared symbols let 2.198 instead of 2.191 candidates per key
# through to scoring (20,000 benchmark rows).
SYMBOLS = 255
ROUNDING = 0.01  # the two bounds' scores and rapidfuzz's may differ in the last bit


def similarity(a: str, b: str, cutoff: int = 0) -> int:
    """0–100: how alike two comparison keys are, word order aside.

    token_set_ratio calls a short text contained in a long one identical ("wie schnell" vs
    "wie schnell ist das auto"), so texts of very different length are compared as a whole.
    """
    short, long = sorted((len(a.split()), len(b.split())))
    scorer = fuzz.token_set_ratio if short * 2 >= long else fuzz.token_sort_ratio
    return round(scorer(a, b, score_cutoff=cutoff))


# Which earlier questions a new one is compared with (blocking by rare words, "prefix
# filtering"). token_set_ratio reaches t (0-1) through shared words only when the shared words
# carry at least t / (2 - t) of one side's letters (the words outside them cost one edit per
# letter). So each key's rarest words that carry more than the rest of that share are enough:
# a new key looks up those words among all words of the earlier keys, and all its words among
# the rare words of the earlier keys. Comparing every pair took 17 s for 5,000 rows and never
# ended for 200,000; typos in nearly every word are what this no longer finds.
#
# Typos in the rare words. A one-letter typo ("Windgeräsche") makes a key's rarest word one no
# earlier key has, and hid 7 of the labelled duplicates. So each rare word of 6 letters or more
# is also looked up as the words of the import one deletion apart ("symmetric delete": both
# spellings lose a letter to the same string, which covers a letter dropped, added, changed or
# two swapped), as the two words it may be split into ("heatpump" / "heat pump"), and joined
# with its neighbours. The deletions are indexed per distinct word of the import, not per key:
# a few entries per word instead of per question.
#
# Which candidates are scored. token_set_ratio (rapidfuzz's definition) is the best of three
# ratios, with S the distinct words both keys share and A, B the distinct words of each alone:
# - "S A" against "S B": S cancels out of the two keys' characters, so its edit distance is at
#   least that of the keys' distinct words' characters sorted (`letters`), and fuzz.ratio of
#   those bounds it from above;
# - "S" against "S A" (or "S B"): t needs S to carry t / (2 - t) of "S A", and what S carries
#   is the longest common subsequence of `symbols`.
# Both bounds are rapidfuzz loops over sorted strings: 1.2 µs a pair for the two instead of 3 µs
# for token_set_ratio (200,000 benchmark rows), and 1 candidate in 27 passes one and is scored.


@dataclass(frozen=True)
class _Key:
    """A comparison key as the search looks at it, made once per key."""

    text: str
    words: tuple[str, ...]  # distinct, rarest first
    rare: tuple[str, ...]  # as many of `words` as carry more than 1 - share of the letters
    letters: str  # the characters of `words` joined by spaces, sorted
    # One symbol per word, repeated len(word) + 1 times, sorted: the LCS of two keys' symbols is
    # what their shared words carry. Words sharing a symbol (beyond SYMBOLS distinct ones) only
    # make it larger, so the bound stays a bound.
    symbols: str


class Earlier:
    """The questions before the current one, indexed by all their words and their rare ones."""

    def __init__(self, every_key: Sequence[str], threshold: int) -> None:
        """`every_key`: every key that will be added or matched (their words' frequencies)."""
        frequency = Counter(word for key in every_key for word in set(key.split()))
        ordered = sorted(frequency, key=lambda w: (frequency[w], w))
        self.rank = {word: rank for rank, word in enumerate(ordered)}  # rarest first
        # Each word's symbol repeated len(word) + 1 times: sorted and joined, a key's `symbols`.
        self.run = {w: chr(1 + rank % SYMBOLS) * (len(w) + 1) for rank, w in enumerate(ordered)}
        self.deleted: dict[str, list[str]] = defaultdict(list)  # a word less a letter → words
        self.nearby: dict[str, tuple[str, ...]] = {}  # `near`'s answers
        for word in ordered:
            if len(word) >= MIN_TYPO_LENGTH:
                for variant in _deletions(word):
                    self.deleted[variant].append(word)
        self.threshold = threshold
        t = threshold / 100
        self.share = t / (2 - t)
        self.keys: list[str] = []  # the keys added, in order: a match is an index into it
        self.word_counts: list[int] = []
        self.letters: list[str] = []
        self.symbols: list[str] = []
        self.sizes: list[int] = []  # of `symbols`
        self.by_word: dict[str, list[int]] = defaultdict(list)
        self.by_rare_word: dict[str, list[int]] = defaultdict(list)
        self.last: _Key | None = None  # best_match's key, added right after it

    def shape(self, key: str) -> _Key:
        """`key` with its words rarest first, its rare words, `letters` and `symbols`: what both
        indexing and searching need (only a search looks for `similar` words)."""
        if self.last is not None and self.last.text == key:
            return self.last
        words = sorted(set(key.split()), key=self.rank.__getitem__)
        total = rest = sum(len(w) + 1 for w in words)
        count = 0
        while count < len(words) and rest >= self.share * total:
            rest -= len(words[count]) + 1
            count += 1
        letters = "".join(sorted(" ".join(words)))
        symbols = "".join(sorted(map(self.run.__getitem__, words)))
        self.last = _Key(key, tuple(words), tuple(words[:count]), letters, symbols)
        return self.last

    def similar(self, spelt: list[str], rare: Sequence[str]) -> tuple[str, ...]:
        """Words of the import a typo, a split or a join away from the `rare` words of a key
        whose words are `spelt` (in order)."""
        found = {near for word in rare for near in self.near(word)}
        chosen = set(rare)
        for left, right in itertools.pairwise(spelt):
            if (left in chosen or right in chosen) and left + right in self.rank:
                found.add(left + right)
        return tuple(sorted(found - chosen))

    def near(self, word: str) -> tuple[str, ...]:
        """Words of the import one deletion from `word` (each side), and the rarer half of a
        split of `word` into two words of the import; once per word, not per key."""
        if (cached := self.nearby.get(word)) is not None:
            return cached
        found: set[str] = set()
        if len(word) >= MIN_TYPO_LENGTH:
            for variant in _deletions(word):
                found.update(self.deleted.get(variant, ()))
            for cut in range(3, len(word) - 2):
                if word[:cut] in self.rank and word[cut:] in self.rank:
                    found.add(max(word[:cut], word[cut:], key=self.rank.__getitem__))
        found.discard(word)
        self.nearby[word] = tuple(found)
        return self.nearby[word]

    def add(self, key: str) -> None:
        index = len(self.keys)
        shape = self.shape(key)
        self.keys.append(key)
        self.word_counts.append(len(key.split()))
        self.letters.append(shape.letters)
        self.symbols.append(shape.symbols)
        self.sizes.append(len(shape.symbols))
        for word in shape.words:
            self.by_word[word].append(index)
        for word in shape.rare:
            self.by_rare_word[word].append(index)

    def candidates(self, key: _Key) -> list[int]:
        """Earlier keys that may be alike; at most about MAX_CANDIDATES, the rarest links first.

        When thousands of questions differ in one short word ("Variante 1", "Variante 2", …)
        each is alike to all before it; the most recent ones are compared, which keeps the
        work per question bounded (and a live chat's repeats are mostly close together).
        Keys with a word a typo or a space away (`similar`) come on top, at most
        MAX_TYPO_CANDIDATES: ranked among the others, their short lists crowded out the
        others' candidates and lost 1 % of the benchmark's merges.
        """
        lists = [self.by_word.get(w, []) for w in key.rare]
        lists += [self.by_rare_word.get(w, []) for w in key.words]
        found: set[int] = set()
        for postings in sorted(lists, key=len):
            found.update(postings[-MAX_CANDIDATES:])
            if len(found) >= MAX_CANDIDATES:
                break
        typos: set[int] = set()
        for word in self.similar(key.text.split(), key.rare):
            typos.update(self.by_word.get(word, [])[-MAX_TYPO_CANDIDATES:])
            if len(typos) >= MAX_TYPO_CANDIDATES:
                break
        return sorted(found | typos)

    def within_bounds(self, key: _Key, candidates: list[int]) -> list[int]:
        """The candidates whose token_set_ratio with `key` may reach the threshold."""
        if len(candidates) < 2:
            return candidates  # scoring one is as quick as bounding it
        pick = itemgetter(*candidates)  # the candidates' values, in C: 3x a comprehension
        cutoff = self.threshold - ROUNDING
        found = process.extract(
            key.letters, pick(self.letters), scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
        )
        kept = {position for _, _, position in found}
        mine = len(key.symbols)
        sizes = pick(self.sizes)
        found = process.extract(
            key.symbols,
            pick(self.symbols),
            scorer=LCSseq.similarity,
            score_cutoff=math.floor(self.share * min(mine, *sizes)),
            limit=None,
        )
        kept.update(p for _, s, p in found if s >= self.share * min(mine, sizes[p]))
        return [candidates[p] for p in sorted(kept)]

    def best_match(self, key: str) -> tuple[int | None, int | None]:
        """The index of the earlier key most alike (the first of equals) and the similarity;
        (None, None) when none reaches the threshold."""
        if not key:
            return None, None
        shape = self.shape(key)
        candidates = self.within_bounds(shape, self.candidates(shape))
        keys = [self.keys[i] for i in candidates]
        # token_set_ratio is `similarity` unless the word counts differ twofold, and bounds it
        # from above then: rapidfuzz's loop pre-selects, Python looks only at what it found.
        hits = process.extract(
            key, keys, scorer=fuzz.token_set_ratio, score_cutoff=self.threshold, limit=None
        )
        words = len(key.split())
        best: tuple[int, int] | None = None  # score, -index
        for other, upper, position in hits:
            index = candidates[position]
            short, long = sorted((words, self.word_counts[index]))
            score = round(upper) if short * 2 >= long else similarity(key, other, self.threshold)
            if score >= self.threshold and (best is None or (score, -index) > best):
                best = (score, -index)
        return (None, None) if best is None else (-best[1], best[0])


def _deletions(word: str) -> set[str]:
    """`word`, and `word` less one letter at each place."""
    return {word, *(word[:at] + word[at + 1 :] for at in range(len(word)))}
