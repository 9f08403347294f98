"""How much faster two processes run pure-Python work than one, on this machine.

    python benchmarks/cores.py

generate renders large archives in worker processes (generator/parallel.py); what that can
gain is bounded by how the machine's cores scale. Prints the median of --repeat runs of the
same busy loop done twice in one process and once in each of two forked processes.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import time


def busy(_: int) -> int:
    total = 0
    for number in range(10_000_000):
        total += number
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    ratios = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        busy(0), busy(1)
        serial = time.perf_counter() - start
        start = time.perf_counter()
        with multiprocessing.get_context("fork").Pool(2) as pool:
            pool.map(busy, [0, 1])
        ratios.append(serial / (time.perf_counter() - start))
    print(f"two processes vs one: {statistics.median(ratios):.2f}x (median of {args.repeat})")


if __name__ == "__main__":
    main()
