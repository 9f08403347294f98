"""The render and write side of `generate` after one edited answer, stage by stage.

    python benchmarks/edit_render.py --talks 5000 --questions 20 --repeat 3

Writes a synthetic archive (benchmarks/synthetic.py) into a temporary folder and generates it
cold once (timed: "cold generate"); then, --repeat times, edits one answer summary (a
different talk each time) and runs `pipeline.generate_pages` (timed: "generate"), of which
"render" is incremental.render_outputs, "write" is write.write and "read" the rest (reading
the archive, saving the records). Prints medians, how many files were written and
how many outputs render kept unseen (write.kept); single runs on stderr.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

import synthetic
from edit_build import edit_answer

from generator.models import Archive, Output
from generator.pipeline import generate as pipeline
from generator.pipeline import incremental, page_record, write


def one_edit(root: Path) -> dict[str, float]:
    """Seconds of one generate (`pipeline.generate_pages`) and of its render and write."""
    times = {"render": 0.0, "write": 0.0, "written": 0.0, "kept": 0.0}
    render, write_files = incremental.render_outputs, write.write

    def rendered(archive: Archive, *rest: Any) -> tuple[dict[str, Output], page_record.PageRecord]:
        start = time.perf_counter()
        outputs, record = render(archive, *rest)
        times["render"] += time.perf_counter() - start
        kept = (key for key, output in outputs.items() if output == write.kept(record.target, key))
        times["kept"] += sum(1 for _ in kept)
        return outputs, record

    def written(outputs: Mapping[str, Output], target: Path) -> write.WriteReport:
        start = time.perf_counter()
        report = write_files(outputs, target)
        times["write"] += time.perf_counter() - start
        times["written"] += len(report.written)
        return report

    incremental.render_outputs, write.write = rendered, written  # type: ignore[assignment]
    try:
        start = time.perf_counter()
        pipeline.generate_pages(root)
        times["generate"] = time.perf_counter() - start
    finally:
        incremental.render_outputs, write.write = render, write_files  # type: ignore[assignment]
    times["read"] = times["generate"] - times["render"] - times["write"]
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--talks", type=int, default=1000)
    parser.add_argument("--questions", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wz-edit-render-") as folder:
        root = Path(folder)
        synthetic.write_archive(root, args.talks, args.questions)
        start = time.perf_counter()
        pipeline.generate_pages(root)
        cold = time.perf_counter() - start
        runs = []
        for number in range(args.repeat):
            edit_answer(root, args.talks, number)
            runs.append(one_edit(root))
            print(f"# edit {number}: {runs[-1]}", file=sys.stderr, flush=True)
    print(f"{args.talks} talks x {args.questions} questions; cold generate {cold:.2f} s")
    for name in ("generate", "read", "render", "write", "written", "kept"):
        print(f"{name}: {statistics.median(r[name] for r in runs):.3f}")


if __name__ == "__main__":
    main()
