"""How long `wunschzeit` takes on hostile files other than contact data: big YAML, costly
Markdown, deeply nested JSON, long captions.

    python benchmarks/hostile.py            # every case, median of 3
    python benchmarks/hostile.py --case yaml --runs 1

Each case copies the sample archive (videos.yml, mkdocs.yml, content/, media/, site_src/) into
a temporary folder, writes one hostile file into it and runs one command as a subprocess:
wall and CPU seconds (user + system, children included), the exit code and the first line it
printed. Issue 12's target is under 5 s for any file under 10 MB; contact data in text is
measured by benchmarks/contact.py.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WUNSCHZEIT = Path(sys.executable).parent / "wunschzeit"
SAMPLE = ("videos.yml", "mkdocs.yml", "content", "media", "site_src")
TALK = "genf-aerodynamik"
QUESTION = f"content/talks/{TALK}/cw-wert-reichweite.md"
WORDS = [
    "Ist",
    "ein",
    "cw",
    "Wert",
    "unter",
    "realistisch",
    "Dachträger",
    "Reichweite",
    "Wärmepumpe",
    "Akku",
    "Spoiler",
]


def _body(root: Path, body: str) -> None:
    """The sample question's Markdown body replaced by `body`."""
    path = root / QUESTION
    front = path.read_text(encoding="utf-8").split("---\n")[1]
    path.write_text(f"---\n{front}---\n{body}\n", encoding="utf-8")


def _videos(text: str) -> Callable[[Path], None]:
    def write(root: Path) -> None:
        (root / "videos.yml").write_text(text, encoding="utf-8")

    return write


def _clock(second: float) -> str:
    return f"{int(second // 3600):02d}:{int(second % 3600 // 60):02d}:{second % 60:06.3f}"


def _captions(root: Path) -> None:
    """105,000 one-second cues (4.8 MB) of two question words, and 500 more questions to align."""
    rng = random.Random(5)
    cues, second = ["WEBVTT\n"], 0
    while len(cues) < 105_000:
        cues.append(
            f"{_clock(second)} --> {_clock(second + 1)}\n{rng.choice(WORDS)} {rng.choice(WORDS)}\n"
        )
        second += 1
    (root / "captions.vtt").write_text("\n".join(cues), encoding="utf-8")
    for n in range(500):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 12)))
        page = root / f"content/talks/{TALK}/frage-{n}.md"
        page.write_text(f'---\nquestion: "{text}?"\nstatus: collected\n---\n', encoding="utf-8")


def _chat(root: Path) -> None:
    (root / "deep.live_chat.json").write_text("[" * 100_000 + "]" * 100_000 + "\n", "utf-8")


CASES: dict[str, tuple[Callable[[Path], None], list[str]]] = {
    "yaml: 10 MB of one-letter values": (_videos("- a\n" * 2_500_000), ["check"]),
    "yaml: syntax error on the last line": (
        _videos("talks:\n" + "".join(f"  k{i}: v\n" for i in range(450_000)) + "  bad: [\n"),
        ["check"],
    ),
    "yaml: 980,000 values, valid": (
        _videos("talks:\n" + "".join(f"  k{i}: v\n" for i in range(490_000))),
        ["check"],
    ),
    "markdown: [ 900,000 times (refused)": (lambda r: _body(r, "[" * 900_000), ["generate"]),
    "markdown: [ 4,000 times (refused)": (lambda r: _body(r, "[" * 4_000), ["generate"]),
    "markdown: 100 open [ in 20,000 characters": (
        lambda r: _body(r, "[" * 100 + "a" * 19_800),
        ["generate"],
    ),
    "markdown: 20,000 characters of fences": (
        lambda r: _body(r, ("```\n" * 5_000)[:19_999]),
        ["generate"],
    ),
    "json: live chat nested 100,000 deep": (
        _chat,
        ["import", "live-chat", "deep.live_chat.json", "--talk", TALK],
    ),
    "captions: 105,000 cues, 509 questions": (
        _captions,
        ["align", TALK, "--captions", "captions.vtt"],
    ),
}


def run_case(make: Callable[[Path], None], argv: list[str]) -> tuple[float, float, int, str]:
    """Wall and CPU seconds, exit code and first line of `wunschzeit ARGV` on a fresh copy."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name in SAMPLE:
            source = REPO / name
            if source.is_dir():
                shutil.copytree(source, root / name, ignore=shutil.ignore_patterns(".wunschzeit-*"))
            else:
                shutil.copy2(source, root / name)
        make(root)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(
            [str(WUNSCHZEIT), "--root", folder, *argv], capture_output=True, text=True, cwd=folder
        )
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    lines = [line for line in (done.stderr + done.stdout).splitlines() if line.strip()]
    if any("Traceback" in line for line in lines):
        raise SystemExit(f"{argv}: a traceback\n" + "\n".join(lines[-5:]))
    return wall, cpu, done.returncode, lines[0] if lines else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per case; the median counts")
    parser.add_argument("--case", help="only the cases whose name holds this")
    args = parser.parse_args()
    print(f"load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for name, (make, argv) in CASES.items():
        if args.case and args.case not in name:
            continue
        runs = [run_case(make, argv) for _ in range(args.runs)]
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        print(f"{name:44} {wall:6.2f} s ({cpu:5.2f} CPU s) exit {runs[0][2]}  {runs[0][3][:90]}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
