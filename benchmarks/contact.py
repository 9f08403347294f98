"""How well and how fast `generator.contact` finds contact data.

    python benchmarks/contact.py            # precision, recall, and the 10 MB worst cases
    python benchmarks/contact.py --mb 1     # smaller texts, quicker

Prints recall on tests/fixtures/contact/positives.tsv (a row counts when every character of its
contact lies in a span of the right kind), the share of negatives.tsv rows with anything found,
and the time of one `find` on each hostile text of --mb megabytes: the fixtures repeated, long
words, dotted chains, `@` runs, digit groups, fullwidth and zero-width characters, and distinct
phone numbers (each one validated anew, no cache helps). The worst of them must stay below 5 s.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.contact import find

FIXTURES = ROOT / "tests" / "fixtures" / "contact"


def rows(name: str) -> Iterator[list[str]]:
    """The columns of each row of a fixture, `\\uXXXX` decoded."""
    for line in (FIXTURES / name).read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            yield [
                re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), c)
                for c in line.split("\t")
            ]


def recall() -> tuple[int, int]:
    found = 0
    total = 0
    for language, kind, contact, text in rows("positives.tsv"):
        total += 1
        start = text.index(contact)
        covered = {i for f in find(text, language) if f.kind == kind for i in range(f.start, f.end)}
        needed = {i for i in range(start, start + len(contact)) if not text[i].isspace()}
        found += needed <= covered
    return found, total


def flagged() -> tuple[int, int]:
    negatives = list(rows("negatives.tsv"))
    return sum(bool(find(text, language)) for language, text in negatives), len(negatives)


def hostile(size: int) -> dict[str, Callable[[], str]]:
    """Texts of about `size` characters that make a careless pattern backtrack or a loop crawl."""
    sample = " ".join(t for _, _, _, t in rows("positives.tsv")) + " "
    sample += " ".join(t for _, t in rows("negatives.tsv")) + " "
    rng = random.Random(5)

    def phones() -> str:
        return " ".join(f"0171 {rng.randrange(10**7):07d}" for _ in range(size // 13))

    return {
        "fixtures repeated": lambda: (sample * (size // len(sample) + 1))[:size],
        "one long word": lambda: "a" * size,
        "dotted chain a.a.a": lambda: "a." * (size // 2),
        "a@ runs": lambda: "a@" * (size // 2),
        "spelled (at) (dot) runs": lambda: "a (at) b (dot) " * (size // 15),
        "digit groups 12 34 56": lambda: "12 " * (size // 3),
        "zeros and separators": lambda: "0 0/0-0.0 " * (size // 10),
        "plus signs +1+1": lambda: "+1" * (size // 2),
        "colons 1:1:1": lambda: "1:" * (size // 2),
        "fullwidth text": lambda: "ｍａｒｉｏ＠ｅｘａｍｐｌｅ．ｏｒｇ " * (size // 18),
        "zero-width every other": lambda: "a\u200b" * (size // 2),
        "percent escapes": lambda: "%40%2E" * (size // 6),
        "distinct phone numbers": phones,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10.0, help="size of each hostile text")
    args = parser.parse_args()
    hits, positives = recall()
    false, negatives = flagged()
    print(f"recall    {hits / positives:.4f} ({hits} of {positives} positives found)")
    print(f"precision {1 - false / negatives:.4f} ({false} of {negatives} negatives flagged)")
    size = int(args.mb * 1_000_000)
    worst = ("", 0.0)
    for name, make in hostile(size).items():
        text = make()
        start = time.perf_counter()
        count = len(find(text))
        seconds = time.perf_counter() - start
        worst = max(worst, (name, seconds), key=lambda w: w[1])
        print(f"{name:26} {len(text) / 1e6:5.1f} MB  {seconds:6.2f} s  {count:9,} found")
    print(f"worst case: {worst[1]:.2f} s ({worst[0]})")


if __name__ == "__main__":
    main()
