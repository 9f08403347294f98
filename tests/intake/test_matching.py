"""The duplicate search and the scrubbing on several processes: the same answers as on one."""

from __future__ import annotations

import random

import pytest

from generator.intake import duplicates, ids, matching, parallel
from generator.intake import plan as intake
from generator.intake import prepare as preparing
from generator.intake.formats import Incoming

WORDS = (
    "wie", "die", "der", "studie", "reichweite", "im", "winter", "sommer", "laut", "ist",
    "windgeraeusche", "windgeraesche", "heat", "pump", "heatpump", "kostet", "akku", "bei",
)  # fmt: skip


def _texts(count: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    texts: list[str] = []
    for _ in range(count):
        if texts and rng.random() < 0.3:
            words = rng.choice(texts).split()
            words.insert(rng.randrange(len(words) + 1), rng.choice(WORDS))
        else:
            words = rng.choices(WORDS, k=rng.randrange(2, 9))
        texts.append(" ".join(words))
    return texts


@pytest.mark.parametrize("processes", [2, 3, 4])
def test_every_process_count_finds_the_same_matches(processes: int) -> None:
    """Assert that 1,500 keys searched on 2–4 processes give exactly the matches of one."""
    keys = _texts(1_500)
    one = matching.best_matches(keys, 200, duplicates.Earlier(keys, 85), processes=1)
    many = matching.best_matches(keys, 200, duplicates.Earlier(keys, 85), processes=processes)
    assert many == one
    assert sum(index is not None for index, _ in one) > 300


@pytest.mark.parametrize("processes", [2, 3])
def test_many_small_chunks_dealt_to_processes_find_the_same_matches(
    processes: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Assert that 1,500 keys in chunks of 40, each process taking the next when free, give
    exactly the matches of one process."""
    keys = _texts(1_500, seed=4)
    one = matching.best_matches(keys, 100, duplicates.Earlier(keys, 85), processes=1)
    monkeypatch.setattr(matching, "CHUNK", 40)
    many = matching.best_matches(keys, 100, duplicates.Earlier(keys, 85), processes=processes)
    assert many == one


def test_dealt_chunks_come_back_in_order_and_report_progress() -> None:
    """Assert that run_dealt gives each chunk's results in chunk order and counts each chunk."""
    chunks = parallel.even_chunks(0, 100, 9)
    reported: list[int] = []
    found = parallel.run_dealt(lambda a, b: list(range(a, b)), chunks, 3, reported.append)
    assert found == list(range(100))
    assert reported == [b - a for a, b in chunks]


def test_a_plan_on_several_processes_is_the_plan_on_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """Assert that scrubbing and searching forked give the same ids, merges and similarities."""
    texts = [f"{t} mail an a{n % 7}@example.org?" for n, t in enumerate(_texts(600, seed=3))]
    records = [Incoming(t, f"s-{n % 550}", "form", n + 1, f"Name {n}") for n, t in enumerate(texts)]
    known = [intake.Known("alt", texts[5], "s-alt", None)]

    def planned() -> intake.Plan:
        return intake.plan(intake.prepare(records, "x.csv", "de", False), known, "t", "de")

    alone = planned()
    monkeypatch.setattr(matching, "PARALLEL_FROM", 10)
    monkeypatch.setattr(preparing, "PARALLEL_FROM", 10)
    monkeypatch.setattr(ids, "PARALLEL_FROM", 10)
    monkeypatch.setattr(
        parallel, "processes", lambda items, least, characters=0: 3 if items >= least else 1
    )
    assert planned() == alone
    assert len(alone.skipped) == 50 and len(alone.merges) > 50
    assert not any("@" in p.incoming.text for p in alone.new)


def test_question_files_made_forked_are_the_files_made_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Assert that the question files made on 3 processes are, in order, those made on one."""
    texts = _texts(300, seed=5)
    records = [Incoming(t, f"s-{n}", "form", n + 1, f"Name {n}") for n, t in enumerate(texts)]
    plan = intake.plan(records, [], "t", "de")
    alone = [(f"{p.id}.md", intake.question_file(p).encode()) for p in plan.new]
    monkeypatch.setattr(intake, "PARALLEL_FILES_FROM", 10)
    monkeypatch.setattr(
        parallel, "processes", lambda items, least, characters=0: 3 if items >= least else 1
    )
    assert intake._files(plan.new) == alone
    assert len(alone) == 300


def test_a_few_long_texts_are_shared_out_like_many_short_ones() -> None:
    """Assert that 500 records of 2,000,000 characters in all get as many processes as 20,000
    records do, and one record or a short import one process."""
    many = parallel.processes(20_000, 20_000)
    assert parallel.processes(500, 20_000, parallel.PARALLEL_CHARACTERS) == many
    assert parallel.processes(500, 20_000, parallel.PARALLEL_CHARACTERS - 1) == 1
    assert parallel.processes(1, 20_000, 10 * parallel.PARALLEL_CHARACTERS) == 1
