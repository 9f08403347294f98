"""How well and how fast `generator.align` suggests answer starts.

Runs `align` on every caption fixture of tests/fixtures/align/ (made by
scripts/make_align_fixtures.py) and on the sample archive's self-hosted talk, and prints:
accuracy per fixture, an ablation (each signal switched off), and a scaling table on
synthetic captions (cues × questions → median seconds of one whole `align` call).

    python benchmarks/align.py                 # all three tables
    python benchmarks/align.py --no-scaling    # accuracy and ablation only
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.align import AlignQuestion, read_captions
from generator.align.core import DEFAULT_MIN_SCORE, align_with
from generator.align.model import Options
from generator.models import Chapter, Cue
from generator.timestamps import Timestamp

FIXTURES = ROOT / "tests" / "fixtures" / "align"
TOLERANCE = 10


@dataclass(frozen=True)
class Case:
    name: str
    language: str
    style: str
    questions: tuple[AlignQuestion, ...]
    truth: tuple[int | None, ...]
    kinds: tuple[str | None, ...]
    cues: tuple[Cue, ...]
    chapters: tuple[Chapter, ...]
    duration: float


@dataclass(frozen=True)
class Score:
    answered: int = 0
    hits: int = 0
    unanswered: int = 0
    false_starts: int = 0
    seconds: float = 0.0

    def __add__(self, other: Score) -> Score:
        return Score(*(a + b for a, b in zip(self.astuple(), other.astuple(), strict=True)))

    def astuple(self) -> tuple[float, ...]:
        return (self.answered, self.hits, self.unanswered, self.false_starts, self.seconds)

    @property
    def percent(self) -> float:
        return 100 * self.hits / self.answered if self.answered else 100.0


def cases() -> list[Case]:
    """Every rendered fixture with its truth."""
    found = []
    for truth_file in sorted(FIXTURES.glob("session-*.truth.json")):
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        qs = tuple(
            AlignQuestion(q["id"], q["text"], q["asked_by"], q["asked_at_offset"])
            for q in truth["questions"]
        )
        chapters = tuple(Chapter(c["title"], Timestamp(c["start"])) for c in truth["chapters"])
        for name, style in sorted(truth["captions"].items()):
            cues = read_captions(FIXTURES / name, display=name).cues
            found.append(
                Case(
                    name,
                    truth["language"],
                    style,
                    qs,
                    tuple(q["start"] for q in truth["questions"]),
                    tuple(q["style"] for q in truth["questions"]),
                    cues,
                    chapters,
                    truth["duration"],
                )
            )
    return found


def evaluate(
    case: Case,
    options: Options,
    *,
    kind: str | None = None,
    min_score: int = DEFAULT_MIN_SCORE,
) -> Score:
    """Hits within TOLERANCE seconds and false starts of one fixture (of one readout kind)."""
    began = time.perf_counter()
    got = align_with(
        case.questions, case.cues, language=case.language, chapters=case.chapters,
        duration=case.duration, min_score=min_score, options=options,
    )  # fmt: skip
    seconds = time.perf_counter() - began
    score = Score(seconds=seconds)
    for suggestion, truth, style in zip(got, case.truth, case.kinds, strict=True):
        if kind is not None and style != kind:
            continue
        if truth is None:
            score += Score(unanswered=1, false_starts=int(suggestion.start is not None))
        else:
            hit = suggestion.start is not None and abs(suggestion.start - truth) <= TOLERANCE
            score += Score(answered=1, hits=int(hit))
    return score


def accuracy_table(all_cases: list[Case]) -> None:
    print(
        "| fixture | language | captions | answered | hits ≤10 s | % | false starts / unanswered | time |"
    )
    print("|---|---|---|---|---|---|---|---|")
    total = Score()
    for case in all_cases:
        s = evaluate(case, Options())
        total += s
        print(
            f"| {case.name} | {case.language} | {case.style} | {s.answered} | {s.hits} | "
            f"{s.percent:.0f} | {s.false_starts} / {s.unanswered} | {s.seconds * 1000:.0f} ms |"
        )
    print(
        f"| **all** | | | {total.answered} | {total.hits} | {total.percent:.1f} | "
        f"{total.false_starts} / {total.unanswered} | {total.seconds * 1000:.0f} ms |"
    )
    print()
    print("| how the question was put | answered | hits ≤10 s | % |")
    print("|---|---|---|---|")
    for kind in ("verbatim", "paraphrase", "name_only", "no_name", "answer_only"):
        s = sum((evaluate(c, Options(), kind=kind) for c in all_cases), Score())
        if s.answered:
            print(f"| {kind} | {s.answered} | {s.hits} | {s.percent:.0f} |")


ABLATIONS = {
    "all signals": Options(),
    "without names": Options(names=False),
    "without stemming": Options(stemming=False),
    "without fuzzy words": Options(fuzzy=False),
    "without assignment": Options(assignment=False),
    "without chat offsets": Options(chat_offsets=False),
    "without chapters": Options(chapters=False),
}


def ablation_table(all_cases: list[Case]) -> None:
    print("| signals | hits ≤10 s | % | false starts / unanswered | auto captions % | clean % |")
    print("|---|---|---|---|---|---|")
    for label, options in ABLATIONS.items():
        scores = [(c.style, evaluate(c, options)) for c in all_cases]
        total = sum((s for _, s in scores), Score())
        auto = sum((s for style, s in scores if style == "auto"), Score())
        clean = sum((s for style, s in scores if style != "auto"), Score())
        print(
            f"| {label} | {total.hits}/{total.answered} | {total.percent:.1f} | "
            f"{total.false_starts} / {total.unanswered} | {auto.percent:.1f} | {clean.percent:.1f} |"
        )


def threshold_table(all_cases: list[Case]) -> None:
    """What `--min-score` trades: hits against false starts on never-answered questions."""
    print("| --min-score | hits ≤10 s | % | false starts / unanswered |")
    print("|---|---|---|---|")
    for min_score in (35, 45, 55, 65, 75):
        s = sum((evaluate(c, Options(), min_score=min_score) for c in all_cases), Score())
        mark = " (default)" if min_score == DEFAULT_MIN_SCORE else ""
        print(
            f"| {min_score}{mark} | {s.hits}/{s.answered} | {s.percent:.1f} | "
            f"{s.false_starts} / {s.unanswered} |"
        )


def synthetic(cue_count: int, question_count: int, seed: int = 5) -> Case:
    """Captions of `cue_count` cues of 3.6 s from 3,000 random words; every second question read
    out with its asker's name, the other half unanswered."""
    rng = random.Random(seed)
    letters = "abcdefghiklmnoprstuwz"
    vocab = ["".join(rng.choices(letters, k=rng.randint(3, 11))) for _ in range(3000)]
    texts = [" ".join(rng.choices(vocab, k=7)) for _ in range(cue_count)]
    questions = []
    for n in range(question_count):
        text = " ".join(rng.choices(vocab, k=9))
        questions.append(AlignQuestion(f"q{n}", text, f"Person{n}"))
        if n % 2 == 0:
            at = rng.randrange(cue_count)
            texts[at] = f"person{n} fragt {text}"
    cues = tuple(Cue(i * 3.6, i * 3.6 + 3.4, t) for i, t in enumerate(texts))
    return Case("synthetic", "de", "clean", tuple(questions), (), (), cues, (), cue_count * 3.6)


def scaling_table(repeat: int) -> None:
    sizes = (40, 150, 300)
    print("| cues \\ questions | " + " | ".join(str(q) for q in sizes) + " |")
    print("|---|" + "---|" * len(sizes))
    for cue_count in (500, 1000, 2000, 4000):
        row = []
        for question_count in sizes:
            case = synthetic(cue_count, question_count)
            times = [
                evaluate(
                    replace(case, truth=(None,) * question_count, kinds=(None,) * question_count),
                    Options(),
                ).seconds
                for _ in range(repeat)
            ]
            row.append(f"{statistics.median(times):.2f} s")
        print(f"| {cue_count} | " + " | ".join(row) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-scaling", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    all_cases = cases()
    accuracy_table(all_cases)
    print()
    ablation_table(all_cases)
    print()
    threshold_table(all_cases)
    if not args.no_scaling:
        print()
        scaling_table(args.repeat)


if __name__ == "__main__":
    main()
