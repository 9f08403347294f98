"""Whether `build` splits MkDocs over two processes: what the CPUs do now, not the load average.

`wunschzeit build` forks a render worker per core just before MkDocs runs, so on an idle 2-core
machine the last minute's load average is near 2 when the split is decided; the whole
pyvideo.org catalogue's MkDocs part then ran in one process. The idle share of the CPUs over a
moment (/proc/stat) decides; the load average only where there is no /proc/stat.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import pytest

from generator.site import split


def _two_cpus(monkeypatch: pytest.MonkeyPatch, load: float) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.setattr(os, "getloadavg", lambda: (load, load, load))
    monkeypatch.setattr(time, "sleep", lambda seconds: None)


def _stat(snapshots: list[list[int]]) -> Iterator[list[int]]:
    yield from snapshots


def test_idle_cpus_split_although_the_load_average_is_high(monkeypatch: pytest.MonkeyPatch) -> None:
    _two_cpus(monkeypatch, load=2.2)  # the build's own render workers, a moment ago
    times = _stat([[100, 0, 10, 500, 5, 0, 0, 0], [100, 0, 10, 540, 5, 0, 0, 0]])
    monkeypatch.setattr(split, "_cpu_times", lambda: next(times))
    assert split._free_cpus() == 2.0


def test_busy_cpus_do_not_split(monkeypatch: pytest.MonkeyPatch) -> None:
    _two_cpus(monkeypatch, load=0.0)
    # of 40 ticks, 20 busy (another process on one core) and 20 idle or waiting for the disk
    times = _stat([[100, 0, 10, 500, 5, 0, 0, 0], [115, 1, 14, 510, 15, 0, 0, 0]])
    monkeypatch.setattr(split, "_cpu_times", lambda: next(times))
    assert split._free_cpus() == 1.0


def test_without_proc_stat_the_load_average_decides(monkeypatch: pytest.MonkeyPatch) -> None:
    _two_cpus(monkeypatch, load=1.25)

    def missing() -> list[int]:
        raise FileNotFoundError("/proc/stat")

    monkeypatch.setattr(split, "_cpu_times", missing)
    assert split._free_cpus() == 1.75


def test_the_cpu_line_of_proc_stat_is_read() -> None:
    if not os.path.exists("/proc/stat"):
        pytest.skip("no /proc/stat")
    times = split._cpu_times()
    assert len(times) == 8 and all(t >= 0 for t in times)
