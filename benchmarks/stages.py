"""Where a cold generate spends its time: each stage timed on its own, medians of runs.

    python benchmarks/stages.py --talks 1000 --questions 20 --repeat 3
    WUNSCHZEIT_JOBS=1 python benchmarks/stages.py --talks 1000    # render in one process
    python benchmarks/stages.py --talks 1000 --transfer           # + the cost of sending the
                                                                  #   parsed records between
                                                                  #   processes (pickle)

Writes a synthetic archive (benchmarks/synthetic.py) into a temporary folder, then runs the
stages of `pipeline.generate` one by one, as generate runs them (cyclic GC paused, load taking
the bytes the fingerprint read), into an empty site_src/ each run. `--transfer` also times
pickling and unpickling the loaded records: what parsing in worker processes would add.
"""

from __future__ import annotations

import argparse
import os
import pickle
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

import synthetic

from generator.pipeline import (
    enrich,
    freshness,
    load,
    validate,
    write,
)
from generator.pipeline import generate as pipeline
from generator.pipeline import resolve as link
from generator.render import outputs as render
from generator.site.config import read_settings

T = TypeVar("T")


def run_stages(root: Path, times: dict[str, list[float]], transfer: bool) -> None:
    """One cold generate of `root`, stage by stage, adding each stage's seconds to `times`."""

    def timed(name: str, work: Callable[[], T]) -> T:
        start = time.perf_counter()
        result = work()
        times.setdefault(name, []).append(time.perf_counter() - start)
        return result

    shutil.rmtree(root / "site_src", ignore_errors=True)
    os.sync()
    start = time.perf_counter()
    with pipeline.paused_gc():
        settings = read_settings(root)
        inputs = timed("fingerprint (reads every file)", lambda: freshness.fingerprint(root))
        sources = timed("load (parse YAML)", lambda: load.load(root, inputs.files))
        content = timed("validate", lambda: validate.validate(sources))
        content = timed("enrich", lambda: enrich.enrich(content, root))
        archive = timed("link", lambda: link.link(content, settings, root))
        outputs = timed("render", lambda: render.render(archive))
    target = root / settings.docs_dir
    timed("write", lambda: write.write(outputs, target))
    timed("record", lambda: freshness.record(target, inputs, archive.warnings))
    times.setdefault("total", []).append(time.perf_counter() - start)
    if transfer:
        data = timed("pickle the records", lambda: pickle.dumps(sources.questions, protocol=5))
        timed("unpickle the records", lambda: pickle.loads(data))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--talks", type=int, default=1000)
    parser.add_argument("--questions", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--transfer", action="store_true")
    args = parser.parse_args(argv)
    times: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="wz-stages-") as folder:
        root = Path(folder)
        synthetic.write_archive(root, args.talks, args.questions)
        for _ in range(args.repeat):
            run_stages(root, times, args.transfer)
    jobs = os.environ.get("WUNSCHZEIT_JOBS", "every core")
    print(f"{args.talks} talks × {args.questions} questions, render on {jobs}, {args.repeat} runs")
    print("| stage | median | runs |\n|---|---:|---|")
    for name, seconds in times.items():
        runs = " / ".join(f"{s:.2f}" for s in seconds)
        print(f"| {name} | {statistics.median(seconds):.2f} s | {runs} |")


if __name__ == "__main__":
    main()
