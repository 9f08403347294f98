"""How much memory the live preview holds: `wunschzeit serve`'s process after edits.

    python benchmarks/preview_memory.py --talks 5000 --questions 20 --edits 3

Writes a synthetic archive (benchmarks/synthetic.py) into a temporary folder, starts the
preview on it as `wunschzeit serve` does (generator/site/serve.py's `Preview`, without its
HTTP server: a generate and a full MkDocs build), then edits one answer at a time and runs
the build the server runs after it. Prints, after each build, its time as the preview
reports it and the process's resident memory (VmRSS, once the caches of that build are
stored), and at the end the peak (ru_maxrss). Nothing else runs in the process, so the
figures are the preview's own.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

import synthetic
from edit_build import edit_answer

from generator.site.serve import Preview


def resident_mb() -> int:
    """This process's resident memory now, in MB (Linux)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) // 1024
    return 0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--talks", type=int, default=5000)
    parser.add_argument("--questions", type=int, default=20)
    parser.add_argument("--edits", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="wz-preview-memory-") as folder:
        root = Path(folder) / "archive"
        synthetic.write_archive(root, args.talks, args.questions)
        reported: list[str] = []
        preview = Preview(root, "127.0.0.1:0", reported.append)
        try:
            preview.start()
            preview.resident.settle()
            print(f"started: RSS {resident_mb()} MB", flush=True)
            for number in range(100, 100 + args.edits):
                preview.search.wait(600)
                edit_answer(root, args.talks, number)
                preview.build()
                shown = next(r for r in reversed(reported) if r.startswith("preview updated"))
                preview.resident.settle()
                print(f"edit {number}: {shown}; RSS {resident_mb()} MB", flush=True)
        finally:
            preview.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"peak RSS {peak} MB, {args.talks:,} × {args.questions}, load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
