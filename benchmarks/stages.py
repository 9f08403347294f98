"""Where a generate spends its time: each stage timed on its own, medians of runs.

    python benchmarks/stages.py --talks 1000 --questions 20 --repeat 3
    python benchmarks/stages.py --talks 5000 --edit                # after one edited answer
    python benchmarks/stages.py --talks 5000 --edit --resident     # as the preview does it
    WUNSCHZEIT_JOBS=1 python benchmarks/stages.py --talks 1000    # render in one process
    python benchmarks/stages.py --talks 1000 --transfer           # + the cost of sending the
                                                                  #   parsed records between
                                                                  #   processes (pickle)

Writes a synthetic archive (benchmarks/synthetic.py) into a temporary folder, then runs the
stages of `pipeline.generate` one by one, as generate runs them (cyclic GC paused, load taking
the bytes the fingerprint read), into an empty site_src/ each run. `--transfer` also times
pickling and unpickling the loaded records: what parsing in worker processes would add.
`--edit --resident` generates as `wunschzeit serve` does (pipeline/resident.py), stages timed
by wrapping the functions generate calls. `--edit` generates once cold (timed as a whole), then, each run, edits one answer (another
question each time) and times the stages of the next generate as `generate_pages` runs them,
with its caches (records, pages, the recordings' metadata).
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
    cache_store,
    enrich,
    freshness,
    incremental,
    load,
    own_pages,
    stamps,
    validate,
    write,
)
from generator.pipeline import generate as pipeline
from generator.pipeline import resolve as link
from generator.pipeline.resident import Resident
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


def run_edit(
    root: Path, times: dict[str, list[float]], cpu: dict[str, list[float]], number: int
) -> None:
    """Edit one answer, then one generate of `root` as generate_pages runs it, stage by stage;
    `cpu` gets each stage's CPU seconds in this process (a loaded machine inflates the wall
    clock, not these; render's worker processes are not counted)."""

    def timed(name: str, work: Callable[[], T]) -> T:
        start, start_cpu = time.perf_counter(), time.process_time()
        result = work()
        times.setdefault(name, []).append(time.perf_counter() - start)
        cpu.setdefault(name, []).append(time.process_time() - start_cpu)
        return result

    edit_answer(root, number)
    os.sync()
    start, start_cpu = time.perf_counter(), time.process_time()
    with pipeline.paused_gc():
        settings = read_settings(root)
        target = root / settings.docs_dir
        folder = stamps.Folder(root, settings.docs_dir)
        known = timed("read file stamps", lambda: freshness.known_files(folder))
        found = timed("fingerprint", lambda: freshness.fingerprint(root, known))
        fresh = timed("fresh? (state)", lambda: freshness.fresh(target, found))
        assert fresh is None, "the edit was not seen"
        records = timed(
            "open record cache", lambda: cache_store.RecordCache.open(root, settings.docs_dir)
        )
        inputs = cache_store.CachedInputs.of(found, records)
        content = timed("load + validate", lambda: records.content(root, inputs))
        content = timed("enrich", lambda: enrich.enrich(content, root, inputs))
        archive = timed("link", lambda: link.link(content, settings, root))
        timed("own pages", lambda: own_pages.read_own_pages(root, settings.docs_dir))
        outputs, pages = timed("render", lambda: incremental.render_outputs(archive, inputs.hashes))
    times.setdefault("read side", []).append(time.perf_counter() - start - times["render"][-1])
    cpu.setdefault("read side", []).append(time.process_time() - start_cpu - cpu["render"][-1])
    timed("write", lambda: write.write(outputs, target))

    def save_caches() -> None:
        records.save()
        pages.save()

    timed("save caches", save_caches)
    timed("record", lambda: freshness.record(target, inputs, archive.warnings))
    timed("save file stamps", lambda: freshness.remember_files(folder, found, known))
    times.setdefault("total", []).append(time.perf_counter() - start)
    cpu.setdefault("total", []).append(time.process_time() - start_cpu)


def run_edit_resident(
    root: Path,
    times: dict[str, list[float]],
    cpu: dict[str, list[float]],
    number: int,
    resident: Resident,
) -> None:
    """Edit one answer, then one generate as `wunschzeit serve` runs it (with `resident`, the
    state it keeps between builds), its stages timed by wrapping the functions it calls;
    storing the caches, which the preview does after the page is shown, timed apart."""
    stages = {
        "fingerprint": (freshness, "fingerprint"),
        "load + validate": (cache_store.RecordCache, "content"),
        "enrich": (enrich, "enrich"),
        "link": (link, "link"),
        "render": (incremental, "render_outputs"),
        "write": (write, "write"),
    }
    originals = {name: getattr(owner, attr) for name, (owner, attr) in stages.items()}

    def clocked(name: str, work: Callable[..., T]) -> Callable[..., T]:
        def run(*args: object, **kwargs: object) -> T:
            start, start_cpu = time.perf_counter(), time.process_time()
            try:
                return work(*args, **kwargs)
            finally:
                times.setdefault(name, []).append(time.perf_counter() - start)
                cpu.setdefault(name, []).append(time.process_time() - start_cpu)

        return run

    edit_answer(root, number)
    os.sync()
    for name, (owner, attr) in stages.items():
        setattr(owner, attr, clocked(name, originals[name]))
    try:
        start, start_cpu = time.perf_counter(), time.process_time()
        pipeline.generate_pages(root, resident=resident)
        times.setdefault("total", []).append(time.perf_counter() - start)
        cpu.setdefault("total", []).append(time.process_time() - start_cpu)
    finally:
        for name, (owner, attr) in stages.items():
            setattr(owner, attr, originals[name])
    start, start_cpu = time.perf_counter(), time.process_time()
    resident.save(root, background=False)
    times.setdefault("store caches (after the page shows)", []).append(time.perf_counter() - start)
    cpu.setdefault("store caches (after the page shows)", []).append(
        time.process_time() - start_cpu
    )


def edit_answer(root: Path, number: int) -> None:
    """Change the answer summary of one question (a different one for each `number`)."""
    talks = sorted(p for p in (root / "content" / "talks").iterdir() if p.is_dir())
    path = talks[(len(talks) // 2 + number) % len(talks)] / "frage-001.md"
    path.write_text(path.read_text("utf-8") + f"\nNachtrag {number}.\n", "utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--talks", type=int, default=1000)
    parser.add_argument("--questions", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--transfer", action="store_true")
    parser.add_argument("--edit", action="store_true", help="generate after one edited answer")
    parser.add_argument(
        "--resident",
        action="store_true",
        help="with --edit: generate as `wunschzeit serve` does, with the state it keeps",
    )
    args = parser.parse_args(argv)
    resident = Resident() if args.resident else None
    times: dict[str, list[float]] = {}
    cpu: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="wz-stages-") as folder:
        root = Path(folder)
        synthetic.write_archive(root, args.talks, args.questions)
        if args.edit:
            os.sync()
            start = time.perf_counter()
            pipeline.generate_pages(root, resident=resident)
            times["cold generate (once)"] = [time.perf_counter() - start]
            if resident is not None:
                resident.save(root, background=False)
        for number in range(args.repeat):
            if args.edit and resident is not None:
                run_edit_resident(root, times, cpu, number, resident)
            elif args.edit:
                run_edit(root, times, cpu, number)
            else:
                run_stages(root, times, args.transfer)
    jobs = os.environ.get("WUNSCHZEIT_JOBS", "every core")
    what = "after one edited answer, " if args.edit else ""
    what += "resident (as the preview), " if resident is not None else ""
    print(f"{args.talks} talks × {args.questions} questions, {what}render on {jobs}, ", end="")
    print(f"{args.repeat} runs, load average {os.getloadavg()[0]:.1f}")
    print("| stage | median | runs | CPU median |\n|---|---:|---|---:|")
    for name, seconds in times.items():
        runs = " / ".join(f"{s:.2f}" for s in seconds)
        spent = f"{statistics.median(cpu[name]):.2f} s" if name in cpu else ""
        print(f"| {name} | {statistics.median(seconds):.2f} s | {runs} | {spent} |")


if __name__ == "__main__":
    main()
