"""How fast `wunschzeit import` finds near-duplicates, and whether blocking misses any.

Writes a CSV of synthetic German questions (word lists, with realistic near-duplicates: typos,
a dropped or added word, words swapped, case and punctuation changed) and imports it with
`wunschzeit import csv` into a fresh archive, end to end, in a subprocess; median of the runs.
Then, on 5,000 of the same rows, it plans with the new blocked search and with the old one
(every earlier question compared) and prints both times, their ratio and whether the two
proposed the same merges.

    python benchmarks/dedupe.py                       # 200,000 rows, 3 runs, 5,000 compared
    python benchmarks/dedupe.py --rows 20000 --repeat 1
    python benchmarks/dedupe.py --baseline /tmp/before  # also imports with /tmp/before/generator
    python benchmarks/dedupe.py --rows 50000 --typo-cost  # the search with/without typo lookup

`--baseline` names a folder holding a copy of `generator/` from before a change: its imports
alternate with this checkout's, so both meet the same load on a shared machine.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import itertools
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz, process

from generator.intake import duplicates, matching
from generator.intake import plan as intake
from generator.intake.formats import Incoming, Options
from generator.intake.formats.clean import comparison_key
from generator.intake.formats.csv_import import parse

TALK = "grosse-fragerunde"
VIDEOS = f"- id: {TALK}\n  title: Große Fragerunde\n  language: de\n"
MKDOCS = "site_name: Bench\ndocs_dir: site_src\ntheme:\n  name: material\n  language: de\n"

STARTS = (
    "Wie", "Warum", "Wann", "Wo", "Wie viel", "Was kostet", "Gibt es", "Kann man", "Stimmt es,",
    "Ab wann", "Wie lange", "Wie oft", "Welche", "Lohnt sich",
)  # fmt: skip
PARTS = (
    "Batterie", "Motor", "Bremse", "Reifen", "Sitz", "Licht", "Spiegel", "Tür", "Dach", "Heck",
    "Front", "Kühl", "Lade", "Spoiler", "Fahrwerk", "Lenk", "Getriebe", "Tank", "Akku", "Felgen",
    "Winter", "Sommer", "Sicherheits", "Assistenz", "Kamera", "Sensor", "Lack", "Leder", "Glas",
    "Karbon", "Stahl", "Alu", "Solar", "Wasserstoff", "Hybrid", "Diesel", "Benzin", "Strom",
)  # fmt: skip
ENDS = (
    "system", "leistung", "technik", "stufe", "modul", "einheit", "anlage", "kabel", "steuerung",
    "garantie", "reichweite", "temperatur", "gewicht", "preis", "zeit", "kosten", "wartung",
)  # fmt: skip
VERBS = (
    "funktioniert", "kostet", "wiegt", "hält", "lädt", "wirkt", "klingt", "fährt", "passt",
    "reagiert", "arbeitet", "verhält sich", "altert", "leuchtet", "schaltet",
)  # fmt: skip
MODELS = ("Studie", "Kombi", "Limousine", "SUV", "Roadster", "Coupé", "Transporter", "Kleinwagen")
PLACES = ("im Winter", "auf der Autobahn", "in der Stadt", "bei Regen", "im Gebirge", "nachts")
FILLERS = ("eigentlich", "denn", "genau", "überhaupt", "so", "wirklich", "bitte")
NAMES = ("Anna", "Ben", "Clara", "David", "Emma", "Finn", "Greta", "Hanna", "Jonas", "Lea")
COMPARE_ROWS = 5_000
DUPLICATES = 0.15  # of the rows repeat an earlier question in other words


SYLLABLES = ("ka", "ber", "lin", "mo", "tor", "sa", "ne", "rei", "fen", "ga", "ro", "stu",
             "di", "ke", "lu", "an", "hei", "zung", "ver", "bund")  # fmt: skip


def long_tail(size: int = 20_000, seed: int = 3) -> list[str]:
    """Words a few askers use each (names, brands, places, jargon): the long tail of real text."""
    rng = random.Random(seed)
    words = {"".join(rng.choices(SYLLABLES, k=rng.randrange(2, 5))) for _ in range(size)}
    return sorted(words)


TAIL = long_tail()
CUMULATIVE = list(itertools.accumulate(1 / (rank + 10) for rank in range(len(TAIL))))  # Zipf


def question(rng: random.Random) -> str:
    noun = rng.choice(PARTS) + rng.choice(ENDS)
    words = [rng.choice(STARTS), rng.choice(VERBS), "die" if rng.random() < 0.5 else "das"]
    words += [noun, "der", rng.choice(MODELS)]
    if rng.random() < 0.6:
        words.append(rng.choice(PLACES))
    if rng.random() < 0.5:
        words += ["bei", str(rng.randrange(30, 250)), "km/h"]
    if rng.random() < 0.3:
        words += ["und", rng.choice(PARTS) + rng.choice(ENDS)]
    words[3:3] = rng.choices(TAIL, cum_weights=CUMULATIVE, k=rng.randrange(1, 4))
    return " ".join(words) + "?"


def variant(text: str, rng: random.Random) -> str:
    """The same question as someone else would type it."""
    words = text.rstrip("?").split()
    change = rng.randrange(5)
    index = rng.randrange(len(words))
    if change == 0 and len(words[index]) > 3:  # a typo: two letters swapped
        word = words[index]
        at = rng.randrange(len(word) - 1)
        words[index] = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    elif change == 1 and len(words) > 5:
        del words[index]
    elif change == 2:
        words.insert(index, rng.choice(FILLERS))
    elif change == 3:
        other = rng.randrange(len(words))
        words[index], words[other] = words[other], words[index]
    else:
        return text.lower().rstrip("?") + "??"
    return " ".join(words) + rng.choice(("?", "?", "", " ?"))


def rows(count: int, seed: int = 7) -> list[tuple[str, str, str]]:
    rng = random.Random(seed)
    found: list[tuple[str, str, str]] = []
    for number in range(count):
        if found and rng.random() < DUPLICATES:
            text = variant(rng.choice(found[-2_000:])[0], rng)
        else:
            text = question(rng)
        when = f"2024-03-{1 + number % 28:02d}T{number % 24:02d}:{number % 60:02d}:00"
        found.append((text, rng.choice(NAMES), when))
    return found


def write_csv(path: Path, data: Sequence[tuple[str, str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(("Frage", "Name", "Datum"))
        writer.writerows(data)


def import_once(
    folder: Path, data_file: Path, code: Path | None = None
) -> tuple[float, float, str]:
    """Seconds of one `wunschzeit import csv` into a fresh archive: wall clock and CPU; and a
    digest of every file it wrote, which is the same when every id and merge is.

    CPU seconds (user + system of the subprocess and the processes it started) are what to
    compare on a shared machine, where the wall clock mostly measures the other processes.
    `code`: a folder whose `generator/` is imported instead of this checkout's.
    """
    env = dict(os.environ, PYTHONPATH=str(code)) if code else None
    root = Path(tempfile.mkdtemp(dir=folder))
    (root / "videos.yml").write_text(VIDEOS, encoding="utf-8")
    (root / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    (root / "content" / "talks" / TALK).mkdir(parents=True)
    command = [str(Path(sys.executable).parent / "wunschzeit"), "--root", str(root), "import"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [*command, "csv", str(data_file), "--talk", TALK],
        check=True,
        stdout=subprocess.DEVNULL,
        env=env,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    digest = hashlib.sha256()
    for path in sorted((root / "content" / "talks" / TALK).iterdir()):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    shutil.rmtree(root)
    return wall, cpu, digest.hexdigest()


def old_plan(records: Sequence[Incoming], threshold: int) -> list[tuple[str | None, int | None]]:
    """The merges the quadratic search proposed: every earlier question compared."""
    earlier: list[tuple[str, str, str | None]] = []
    merges = []
    sources = set()
    for record in records:
        if record.source in sources:
            continue  # skipped as already imported, like `plan` does
        sources.add(record.source)
        key = comparison_key(record.text)
        best: tuple[str | None, int | None] = (None, None)
        keys = [other for _, other, _ in earlier]
        found = (
            process.extract(
                key, keys, scorer=fuzz.token_set_ratio, score_cutoff=threshold, limit=None
            )
            if key
            else []
        )
        for index in sorted(index for _, _, index in found):
            question_id, other, merged_into = earlier[index]
            score = intake.similarity(key, other, threshold)
            if other and score >= threshold and (best[1] is None or score > best[1]):
                best = (merged_into or question_id, score)
        merges.append(best)
        earlier.append((str(len(earlier)), key, best[0]))
    return merges


def compare(data_file: Path) -> tuple[float, float, int, int, int]:
    """Seconds of the old and the new search; decisions alike, records planned, old merges."""
    records = intake.prepare(parse(data_file, Options()).records, str(data_file), "de", False)
    start = time.process_time()  # CPU seconds of this process: fair on a shared machine
    planned = intake.plan(records, [], TALK, "de").new
    new_seconds = time.process_time() - start
    start = time.process_time()
    old = old_plan(records, intake.DEFAULT_THRESHOLD)
    old_seconds = time.process_time() - start
    ids = {p.id: str(n) for n, p in enumerate(planned)}
    new = [(ids.get(p.merged_into) if p.merged_into else None, p.similarity) for p in planned]
    alike = sum(a == b for a, b in zip(old, new, strict=True))
    return old_seconds, new_seconds, alike, len(planned), sum(1 for target, _ in old if target)


def typo_cost(data: Sequence[tuple[str, str, str]], repeat: int) -> None:
    """CPU seconds of the duplicate search on one process with and without the typo lookup
    (`Earlier.similar`), medians of `repeat` runs alternating, and the merges each finds."""
    keys = [comparison_key(text) for text, _, _ in data]
    seconds: dict[bool, list[float]] = {False: [], True: []}
    found: dict[bool, int] = {}
    for _ in range(repeat):
        for lookup in (False, True):
            start = time.process_time()
            earlier = duplicates.Earlier(keys, intake.DEFAULT_THRESHOLD)
            if not lookup:
                earlier.similar = lambda spelt, rare: ()  # type: ignore[method-assign]
            matches = matching.best_matches(keys, 0, earlier, processes=1)
            seconds[lookup].append(time.process_time() - start)
            found[lookup] = sum(index is not None for index, _ in matches)
    for lookup in (False, True):
        print(
            f"search of {len(keys):,} rows, typo lookup {'on' if lookup else 'off'} (CPU): "
            f"median {statistics.median(seconds[lookup]):.1f} s "
            f"(runs: {', '.join(f'{t:.1f}' for t in seconds[lookup])}), {found[lookup]:,} merges"
        )


def report(rows: int, runs: Sequence[tuple[float, float, str]], code: Path | None) -> None:
    which = f" with {code}" if code else ""
    for what, times in (("wall clock", [r[0] for r in runs]), ("CPU", [r[1] for r in runs])):
        print(
            f"import of {rows:,} rows{which}, {what}: median {statistics.median(times):.1f} s "
            f"(runs: {', '.join(f'{t:.1f}' for t in times)})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline", type=Path, help="a folder with generator/ from before")
    parser.add_argument("--no-compare", action="store_true", help="skip the old search's 5,000")
    parser.add_argument(
        "--typo-cost", action="store_true", help="only: the search with and without typo lookup"
    )
    args = parser.parse_args()
    if args.typo_cost:
        typo_cost(rows(args.rows), args.repeat)
        return
    with tempfile.TemporaryDirectory(prefix="dedupe-") as name:
        folder = Path(name)
        data = rows(args.rows)
        write_csv(folder / "big.csv", data)
        write_csv(folder / "small.csv", data[:COMPARE_ROWS])
        codes = [None, args.baseline] if args.baseline else [None]
        runs = [
            (code, import_once(folder, folder / "big.csv", code))
            for _ in range(args.repeat)
            for code in codes
        ]
        for code in codes:
            report(args.rows, [times for which, times in runs if which == code], code)
        digests = {times[2] for _, times in runs}
        print(f"files written: {'the same' if len(digests) == 1 else 'DIFFERENT'} in every run")
        if args.no_compare:
            return
        old, new, alike, planned, merges = compare(folder / "small.csv")
        print(
            f"planning {COMPARE_ROWS:,} rows (CPU): old {old:.2f} s, new {new:.2f} s, "
            f"{old / new:.0f}x faster; same merge decision for {alike:,} of {planned:,} new "
            f"questions ({merges:,} merges proposed by the old search)"
        )


if __name__ == "__main__":
    main()
