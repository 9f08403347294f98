"""How well and how fast `generator.contact` finds contact data.

    python benchmarks/contact.py                  # precision, recall, and the 10 MB worst cases
    python benchmarks/contact.py --mb 1           # smaller texts, quicker
    python benchmarks/contact.py --case phone     # only the texts whose name holds "phone"
    python benchmarks/contact.py --end-to-end     # `import text` and `check` of a 10 MB file
    python benchmarks/contact.py --check          # `check` of a question file of 2 MB per text
    python benchmarks/contact.py --mb 1 --baseline /tmp/before  # also the old code, same texts

Prints recall on tests/fixtures/contact/positives.tsv (a row counts when every character of its
contact lies in a span of the right kind), the share of negatives.tsv rows with anything found,
and the time of one `find` on each hostile text of --mb megabytes (median of --runs, CPU
seconds beside it): texts that make a careless pattern backtrack, and texts that are nothing
but contact data, each piece distinct so no cache helps. The worst of them must stay below 5 s.
`--baseline` names a folder holding `generator/` from before a change: its `find` runs on the
same texts in a subprocess, and the spans of both are compared. The machine's load is printed
before and after: on this shared machine the wall clock also measures the other processes.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.contact import find
from generator.pipeline.load import MAX_FILE_BYTES

FIXTURES = ROOT / "tests" / "fixtures" / "contact"
TALK = "fragerunde"
VIDEOS = f"- id: {TALK}\n  title: Fragerunde\n  language: de\n"
MKDOCS = (
    "site_name: Bench\nsite_url: https://example.org/\ndocs_dir: site_src\n"
    "theme:\n  name: material\n  language: de\n"
)
FIELD = 19_000  # characters of one imported question: under the 20,000 a text field may hold


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


def _repeat(size: int, piece: Callable[[], str]) -> str:
    """Pieces made by `piece` until `size` characters are reached."""
    parts, total = [], 0
    while total < size:
        parts.append(piece())
        total += len(parts[-1])
    return "".join(parts)[:size]


def hostile(size: int, seed: str = "") -> dict[str, tuple[str, Callable[[], str]]]:
    """Texts of about `size` characters, and their language, that make a careless pattern
    backtrack, a loop crawl, or the check of each piece of contact data add up. `seed`: the
    name of the one text to be made (the same text whichever others are made)."""
    sample = " ".join(t for _, _, _, t in rows("positives.tsv")) + " "
    sample += " ".join(t for _, t in rows("negatives.tsv")) + " "
    rng = random.Random(seed)

    def digits(count: int) -> str:
        return "".join(rng.choice("0123456789") for _ in range(count))

    def word() -> str:
        return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 9)))

    def phone() -> str:  # distinct numbers in the usual ways of writing them
        return rng.choice(
            [f"0171 {digits(7)} ", f"+49 30 {digits(8)}, ", f"(0{digits(3)}) {digits(6)}; ",
             f"0049 151 {digits(8)} ", f"49 151 {digits(8)} / ", f"030/{digits(3)}-{digits(4)} "]
        )  # fmt: skip

    cases: dict[str, tuple[str, Callable[[], str]]] = {
        "fixtures repeated": ("de", lambda: (sample * (size // len(sample) + 1))[:size]),
        "one long word": ("de", lambda: "a" * size),
        "dotted chain a.a.a": ("de", lambda: "a." * (size // 2)),
        "a@ runs": ("de", lambda: "a@" * (size // 2)),
        "@ only": ("de", lambda: "@" * size),
        "spelled (at) (dot) runs": ("de", lambda: "a (at) b (dot) " * (size // 15)),
        "digit groups 12 34 56": ("de", lambda: "12 " * (size // 3)),
        "digits without spaces": ("de", lambda: "0" * size),
        "zeros and separators": ("de", lambda: "0 0/0-0.0 " * (size // 10)),
        "plus signs +1+1": ("de", lambda: "+1" * (size // 2)),
        "colons 1:1:1": ("de", lambda: "1:" * (size // 2)),
        "fullwidth text": ("de", lambda: "ｍａｒｉｏ＠ｅｘａｍｐｌｅ．ｏｒｇ " * (size // 18)),
        "zero-width every other": ("de", lambda: "a\u200b" * (size // 2)),
        "percent escapes": ("de", lambda: "%40%2E" * (size // 6)),
        "distinct phone numbers": ("de", lambda: _repeat(size, lambda: f"0171 {digits(7)} ")),
        "distinct phone numbers, mixed forms": ("de", lambda: _repeat(size, phone)),
        "digit groups after 0, never valid": (
            "de",
            lambda: _repeat(size, lambda: f"0{digits(3)} {digits(4)} {digits(4)} {digits(4)} x "),
        ),
        "US numbers, English": ("en", lambda: _repeat(size, lambda: f"(202) {digits(3)}-{digits(4)} ")),
        "distinct addresses": (
            "de", lambda: _repeat(size, lambda: f"{word()}.{word()}@{word()}-{digits(3)}.de ")
        ),
        "spelled addresses": (
            "de", lambda: _repeat(size, lambda: f"{word()} at {word()} dot com, {word()} [ät] {word()} [punkt] de ")
        ),
        "percent and entity addresses": (
            "de", lambda: _repeat(size, lambda: f"{word()}%40{word()}%2Eorg {word()}&#64;{word()}&#x2E;de ")
        ),
        "zero-width in addresses": (
            "de", lambda: _repeat(size, lambda: f"{word()}\u200b@{word()}\u00ad.{word()}.org ")
        ),
        "fullwidth phone numbers": (
            "de", lambda: _repeat(size, lambda: "０１７１ " + digits(7).translate(str.maketrans("0123456789", "０１２３４５６７８９")) + " ")
        ),
        "groups of 0 and three digits": (
            "de", lambda: _repeat(size, lambda: f"0{digits(3)} ")
        ),
        "Arabic-Indic phone numbers": (
            "de", lambda: _repeat(size, lambda: "٠١٧١ " + digits(7).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")) + " ")
        ),
        "distinct IP addresses": (
            "de", lambda: _repeat(size, lambda: f"{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(256)} 2001:db8::{rng.randrange(65536):x} ")
        ),
        # what the December changes may have made worst: ends tried one by one (short groups
        # of valid lengths, no gap where a number may start), runs of non-ASCII digits,
        # changed-length folding around every number, a URL beside each host address
        "short digit groups, never valid": (
            "de", lambda: _repeat(size, lambda: f"0{rng.choice('123456789')}{digits(2)} " + " ".join(rng.choice("123456789") + digits(1) for _ in range(8)) + " ")
        ),
        "phone numbers with en dashes": (
            "de", lambda: _repeat(size, lambda: f"0171 {digits(3)}–{digits(4)}, ")
        ),
        "zero-width in phone numbers": (
            "de", lambda: _repeat(size, lambda: f"0171\u200b {digits(3)}\u00ad{digits(4)} ")
        ),
        "host addresses beside URLs": (
            "de", lambda: _repeat(size, lambda: f"{word()}@{word()} https://{word()}.org/{word()}@{word()} ")
        ),
        "at, dot, bei, punkt in prose": (
            "de", lambda: _repeat(size, lambda: f"{word()} {rng.choice(['at', 'bei', 'dot', 'punkt', '(at)', '[dot]'])} ")
        ),
        "everything mixed": (
            "de", lambda: _repeat(size, lambda: rng.choice([phone(), f"{word()}@{word()}.de ", word() + " ", f"{word()} (at) {word()} (dot) org "]))
        ),
    }  # fmt: skip
    return cases


def timed(text: str, language: str, runs: int) -> tuple[float, float, int]:
    """Median wall and CPU seconds of `find` on `text` over `runs` runs, and what it found."""
    walls, cpus, count = [], [], 0
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        count = len(find(text, language))
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), count


def baseline(code: Path, text: str, language: str) -> tuple[float, list[tuple[int, int, str]]]:
    """Seconds and spans of the old `find` (from `code`/generator) on `text`, in a subprocess."""
    script = (
        "import sys, time, json\n"
        "from generator.contact import find\n"
        "text, language = sys.stdin.read(), sys.argv[1]\n"
        "start = time.perf_counter(); found = find(text, language)\n"
        "print(time.perf_counter() - start)\n"
        "print(json.dumps([(f.start, f.end, f.kind) for f in found]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, language],
        input=text,
        capture_output=True,
        text=True,
        check=True,
        env=dict(os.environ, PYTHONPATH=str(code)),
        cwd=code,
    )
    seconds, spans = done.stdout.splitlines()
    return float(seconds), [tuple(s) for s in __import__("json").loads(spans)]


def load() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def worst_cases(args: argparse.Namespace) -> None:
    size = int(args.mb * 1_000_000)
    print(f"{load()}; {args.runs} runs each, median")
    worst = ("", 0.0)
    for name in hostile(0):
        if args.case and args.case not in name:
            continue
        language, make = hostile(size, seed=name)[name]
        text = make()
        wall, cpu, count = timed(text, language, args.runs)
        worst = max(worst, (name, wall), key=lambda w: w[1])
        line = f"{name:36} {len(text) / 1e6:5.1f} MB  {wall:6.2f} s  ({cpu:5.2f} CPU s)  {count:9,} found"
        if args.baseline:
            seconds, spans = baseline(args.baseline, text, language)
            same = spans == [(f.start, f.end, f.kind) for f in find(text, language)]
            line += f"   old {seconds:6.2f} s, {'same spans' if same else 'SPANS DIFFER'}"
        print(line, flush=True)
    print(f"worst case: {worst[1]:.2f} s ({worst[0]}); {load()}")


def end_to_end(args: argparse.Namespace) -> None:
    """`wunschzeit import text` of a file of --mb MB of contact data, then `check`."""
    size = int(args.mb * 1_000_000)
    print(f"{load()}; {args.runs} runs each, median")
    for name in ("distinct phone numbers, mixed forms", "everything mixed", "fixtures repeated"):
        _, make = hostile(FIELD, seed=name)[name]
        paragraphs = [make().replace("\n", " ") for _ in range(max(1, size // (FIELD + 2)))]
        with tempfile.TemporaryDirectory() as folder:
            data = Path(folder) / "questions.txt"
            data.write_text("\n\n".join(p.strip() for p in paragraphs) + "\n", encoding="utf-8")
            times = [_import_and_check(Path(folder), data) for _ in range(args.runs)]
            megabytes = data.stat().st_size / 1e6
        for step, index in (("import", 0), ("check", 1)):
            wall = statistics.median(t[index][0] for t in times)
            cpu = statistics.median(t[index][1] for t in times)
            print(f"{step:6} {name:36} {megabytes:5.1f} MB  {wall:6.2f} s  ({cpu:5.2f} CPU s)")
    print(load())


def check_at_cap(args: argparse.Namespace) -> None:
    """`wunschzeit check` of one hand-written question whose Markdown body is a hostile text,
    the file as large as `check` reads (pipeline/load.py's MAX_FILE_BYTES)."""
    print(f"{load()}; {args.runs} runs each, median; files of {MAX_FILE_BYTES:,} bytes at most")
    for name in hostile(0):
        if args.case and args.case not in name:
            continue
        _, make = hostile(MAX_FILE_BYTES, seed=name)[name]
        text = make()
        body = text.encode()[: MAX_FILE_BYTES - 200].decode("utf-8", "ignore")
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            (root / "videos.yml").write_text(VIDEOS, encoding="utf-8")
            (root / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
            (root / "content" / "talks" / TALK).mkdir(parents=True)
            page = root / "content" / "talks" / TALK / "frage.md"
            page.write_text(f"---\nquestion: Wie?\nstatus: collected\n---\n{body}\n", "utf-8")
            command = [str(Path(sys.executable).parent / "wunschzeit"), "--root", folder, "check"]
            times = [_run(command, allowed=(0, 1)) for _ in range(args.runs)]
            megabytes = page.stat().st_size / 1e6
        wall = statistics.median(t[0] for t in times)
        cpu = statistics.median(t[1] for t in times)
        print(
            f"check  {name:36} {megabytes:5.2f} MB  {wall:6.2f} s  ({cpu:5.2f} CPU s)", flush=True
        )
    print(load())


def _import_and_check(folder: Path, data: Path) -> tuple[tuple[float, float], ...]:
    root = Path(tempfile.mkdtemp(dir=folder))
    (root / "videos.yml").write_text(VIDEOS, encoding="utf-8")
    (root / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    (root / "content" / "talks" / TALK).mkdir(parents=True)
    command = [str(Path(sys.executable).parent / "wunschzeit"), "--root", str(root)]
    return (
        _run([*command, "import", "text", str(data), "--talk", TALK]),
        _run([*command, "check"]),
    )


def _run(command: list[str], allowed: tuple[int, ...] = (0,)) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of a command; it must exit with one of `allowed`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if done.returncode not in allowed:
        raise SystemExit(f"{' '.join(command)}: exit {done.returncode}")
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10.0, help="size of each hostile text")
    parser.add_argument("--runs", type=int, default=3, help="runs per text; the median counts")
    parser.add_argument("--case", help="only the hostile texts whose name holds this")
    parser.add_argument("--baseline", type=Path, help="a folder with generator/ from before")
    parser.add_argument("--end-to-end", action="store_true", help="import and check a file")
    parser.add_argument("--check", action="store_true", help="check a question file at its cap")
    args = parser.parse_args()
    if args.end_to_end:
        end_to_end(args)
        return
    if args.check:
        check_at_cap(args)
        return
    hits, positives = recall()
    false, negatives = flagged()
    print(f"recall    {hits / positives:.4f} ({hits} of {positives} positives found)")
    print(f"precision {1 - false / negatives:.4f} ({false} of {negatives} negatives flagged)")
    worst_cases(args)


if __name__ == "__main__":
    main()
