"""How well `wunschzeit import` tells near-duplicates from questions that only look alike.

Reads a labelled set of German and English question pairs (tests/fixtures/import/duplicates.tsv:
100 duplicates: typos, word order, added greetings, rephrasings; 100 look-alikes that ask
something else: one word changed, or the same topic) and measures precision and recall of:

- the import itself: `intake.plan` with the first question in the talk and the second imported
  (its blocking, its scorer, the `--threshold`), as an editor meets it;
- rapidfuzz scorers on the same comparison keys (`clean.comparison_key`): `ratio`,
  `token_sort_ratio`, `token_set_ratio`, `WRatio`, and `intake.similarity` (the import's own:
  token_set_ratio unless the word counts differ twofold, then token_sort_ratio);

each at the thresholds 60 to 100, and at the threshold with the best F1.

    python benchmarks/duplicates.py               # the table in benchmarks/README.md
    python benchmarks/duplicates.py --errors 85   # also list the pairs the import gets wrong
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz

from generator.intake import plan as intake
from generator.intake.formats import Incoming
from generator.intake.formats.clean import comparison_key

PAIRS = ROOT / "tests/fixtures/import/duplicates.tsv"
THRESHOLDS = range(60, 101, 5)
Scorer = Callable[[str, str], float]
SCORERS: dict[str, Scorer] = {
    "intake.similarity (import's scorer)": lambda a, b: intake.similarity(a, b),
    "fuzz.ratio": fuzz.ratio,
    "fuzz.token_sort_ratio": fuzz.token_sort_ratio,
    "fuzz.token_set_ratio": fuzz.token_set_ratio,
    "fuzz.WRatio": fuzz.WRatio,
}


@dataclass(frozen=True)
class Pair:
    duplicate: bool
    kind: str
    language: str
    first: str
    second: str


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def read_pairs(path: Path = PAIRS) -> list[Pair]:
    """The labelled pairs of the TSV file (header: duplicate, kind, language, first, second)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [
            Pair(r["duplicate"] == "1", r["kind"], r["language"], r["first"], r["second"])
            for r in rows
        ]


def score(pairs: Sequence[Pair], found: Sequence[bool]) -> Score:
    """Precision and recall of `found` (one decision per pair) against the labels."""
    hits = sum(1 for p, f in zip(pairs, found, strict=True) if f and p.duplicate)
    claimed = sum(found)
    actual = sum(1 for p in pairs if p.duplicate)
    return Score(hits / claimed if claimed else 1.0, hits / actual if actual else 1.0)


def import_finds(pair: Pair, threshold: int) -> bool:
    """Does the import merge the second question into the first, already in the talk?"""
    known = [intake.Known("first", pair.first, "s-1", None)]
    record = Incoming(pair.second, "s-2", "form", 1)
    planned = intake.plan([record], known, "talk", pair.language, threshold).new[0]
    return planned.merged_into == "first"


def by_scorer(pairs: Sequence[Pair], scorer: Scorer, threshold: int) -> list[bool]:
    keys = [(comparison_key(p.first), comparison_key(p.second)) for p in pairs]
    return [scorer(a, b) >= threshold for a, b in keys]


def table(pairs: Sequence[Pair]) -> list[str]:
    """One line per method: precision/recall at each threshold, then the best F1."""
    methods: dict[str, Callable[[int], list[bool]]] = {
        "import (intake.plan)": lambda t: [import_finds(p, t) for p in pairs],
    }
    for name, scorer in SCORERS.items():
        methods[name] = lambda t, s=scorer: by_scorer(pairs, s, t)  # type: ignore[misc]
    head = " | ".join(f"{t}" for t in THRESHOLDS)
    lines = [
        f"| method (precision/recall %) | {head} | best F1 |",
        "|---" * (len(THRESHOLDS) + 2) + "|",
    ]
    for name, decide in methods.items():
        scores = {t: score(pairs, decide(t)) for t in THRESHOLDS}
        cells = " | ".join(
            f"{s.precision:.0%}/{s.recall:.0%}".replace("%", "") for s in scores.values()
        )
        best = max(scores, key=lambda t: (round(scores[t].f1, 4), t))
        lines.append(f"| {name} | {cells} | {scores[best].f1:.2f} at {best} |")
    return lines


def per_kind(pairs: Sequence[Pair], threshold: int) -> list[str]:
    """How many pairs of each kind the import calls duplicates, per language."""
    lines = []
    for kind in dict.fromkeys(p.kind for p in pairs):
        for language in ("de", "en"):
            chosen = [p for p in pairs if p.kind == kind and p.language == language]
            found = sum(import_finds(p, threshold) for p in chosen)
            label = "duplicates" if chosen[0].duplicate else "look-alikes"
            lines.append(f"{label:<12} {kind:<9} {language}: {found:>2} of {len(chosen)} merged")
    return lines


def errors(pairs: Sequence[Pair], threshold: int) -> list[str]:
    """The pairs the import decides wrongly at `threshold`, with the import's score."""
    wrong = []
    for p in pairs:
        if import_finds(p, threshold) != p.duplicate:
            similarity = intake.similarity(comparison_key(p.first), comparison_key(p.second))
            what = "missed" if p.duplicate else "merged"
            wrong.append(f"{what} {similarity:>3} {p.kind:<9} {p.first} | {p.second}")
    return wrong


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=Path, default=PAIRS, help="the labelled TSV file")
    parser.add_argument("--errors", type=int, metavar="T", help="list the wrong decisions at T")
    args = parser.parse_args(argv)
    pairs = read_pairs(args.pairs)
    duplicates = sum(p.duplicate for p in pairs)
    print(f"{len(pairs)} pairs: {duplicates} duplicates, {len(pairs) - duplicates} look-alikes\n")
    print("\n".join(table(pairs)))
    threshold = args.errors or intake.DEFAULT_THRESHOLD
    print(f"\nthe import at {threshold}, by kind:")
    print("\n".join(per_kind(pairs, threshold)))
    if args.errors:
        print("\n".join(["", *errors(pairs, args.errors)]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
