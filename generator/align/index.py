"""An index of the captions: takes cues and a language; gives, for any term or name, the cues
that contain it (also misheard: fuzzy), how rare it is (idf), and the cues within a time span.

Built once per `align` call; every question then asks it for its own words only, so that the
work grows with the words looked up, not with cues × questions.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz, process

from generator.align.text import Language, words
from generator.models import Cue

BUCKET = 30.0  # seconds of captions that count as one "document" for idf
FUZZY_MIN_LENGTH = 5  # shorter words are matched exactly: `akku` ≈ `akte` is noise
FUZZY_CUTOFF = 84.0  # rapidfuzz ratio; 84 lets one letter of six be wrong

Hits = dict[int, float]  # cue index → how well the cue matches (1.0 exact)


class CaptionIndex:
    """Terms and words of the cues, by cue, with their rarity across the recording."""

    def __init__(self, cues: Sequence[Cue], lang: Language, *, fuzzy: bool = True) -> None:
        self.cues = tuple(sorted(cues, key=lambda cue: cue.start))
        self.lang = lang
        self.fuzzy = fuzzy
        self.starts = [cue.start for cue in self.cues]
        self.terms = _postings(lang.terms(cue.text) for cue in self.cues)
        self.words = _postings(words(cue.text) for cue in self.cues)
        self.buckets = max(1, math.ceil((self.starts[-1] if self.starts else 0) / BUCKET) + 1)
        self._term_vocab = sorted(self.terms)
        self._word_vocab = sorted(self.words)
        self._cache: dict[tuple[str, bool], Hits] = {}

    def __len__(self) -> int:
        return len(self.cues)

    def idf(self, term: str) -> float:
        """BM25's idf over buckets of BUCKET seconds; a term never spoken is the rarest."""
        df = self.spread(self.terms.get(term, ()))
        return math.log(1 + (self.buckets - df + 0.5) / (df + 0.5))

    def spread(self, cue_indices: Sequence[int]) -> int:
        """In how many buckets the cues are."""
        return len({int(self.starts[i] // BUCKET) for i in cue_indices})

    def term_hits(self, term: str) -> Hits:
        """The cues with `term`, or with a word close to it (a misheard or misspelt word)."""
        return self._hits(term, is_name=False)

    def word_hits(self, word: str) -> Hits:
        """The cues with the (unstemmed) word, or one close to it: names are not stemmed."""
        return self._hits(word, is_name=True)

    def span(self, start: float, end: float) -> range:
        """The indices of the cues starting at or after `start` and before `end`."""
        return range(bisect_left(self.starts, start), bisect_left(self.starts, end))

    def first_at(self, seconds: float) -> int:
        """The index of the first cue starting at or after `seconds` (len when none)."""
        return bisect_left(self.starts, seconds)

    def last_before(self, seconds: float) -> int:
        """The index of the last cue starting at or before `seconds` (-1 when none)."""
        return bisect_right(self.starts, seconds) - 1

    def _hits(self, term: str, *, is_name: bool) -> Hits:
        key = (term, is_name)
        if key not in self._cache:
            self._cache[key] = self._find(term, is_name)
        return self._cache[key]

    def _find(self, term: str, is_name: bool) -> Hits:
        postings = self.words if is_name else self.terms
        hits: Hits = dict.fromkeys(postings.get(term, ()), 1.0)
        if not self.fuzzy or len(term) < FUZZY_MIN_LENGTH:
            return hits
        vocab = self._word_vocab if is_name else self._term_vocab
        cutoff = FUZZY_CUTOFF - 8 if is_name else FUZZY_CUTOFF
        for other, score, _ in process.extract(
            term, vocab, scorer=fuzz.ratio, score_cutoff=cutoff, limit=8
        ):
            weight = 0.5 + 0.4 * (score - cutoff) / (100 - cutoff)
            for index in postings[other]:
                if hits.get(index, 0.0) < weight:
                    hits[index] = weight
        return hits


def _postings(per_cue: Iterable[Iterable[str]]) -> dict[str, list[int]]:
    """For each term, the sorted indices of the cues that contain it."""
    postings: defaultdict[str, list[int]] = defaultdict(list)
    for index, terms in enumerate(per_cue):
        for term in dict.fromkeys(terms):
            postings[term].append(index)
    return dict(postings)
