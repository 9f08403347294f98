"""Work spread over worker processes gives exactly what running it in order gives."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import pytest

from generator import parallel, pipeline, render
from generator.cli import main
from tests.sample_site import copy_sample

REPO = Path(__file__).resolve().parent.parent


def _pid_and(value: int) -> tuple[int, int]:
    return os.getpid(), value * value


def test_results_come_back_in_task_order_from_other_processes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Assert that run() gives every task's result in order, computed in worker processes."""
    monkeypatch.setenv(parallel.JOBS_VARIABLE, "2")
    results = parallel.run([lambda n=n: _pid_and(n) for n in range(7)])
    assert [square for _, square in results] == [n * n for n in range(7)]
    assert os.getpid() not in {pid for pid, _ in results}


@pytest.mark.parametrize("reason", ["one job", "threads"])
def test_work_stays_in_this_process_when_forking_is_unsafe_or_unwanted(
    monkeypatch: pytest.MonkeyPatch, reason: str
) -> None:
    """Assert that WUNSCHZEIT_JOBS=1 or a running thread keeps every task in this process."""
    monkeypatch.setenv(parallel.JOBS_VARIABLE, "1" if reason == "one job" else "2")
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    if reason == "threads":
        thread.start()
    try:
        results = parallel.run([lambda n=n: _pid_and(n) for n in range(3)])
    finally:
        stop.set()
    assert results == [(os.getpid(), n * n) for n in range(3)]


def test_an_error_in_a_worker_reaches_the_caller(monkeypatch: pytest.MonkeyPatch) -> None:
    """Assert that an exception raised by a task in a worker is raised by run()."""
    monkeypatch.setenv(parallel.JOBS_VARIABLE, "2")

    def broken() -> int:
        raise ValueError("kaputt")

    with pytest.raises(ValueError, match="kaputt"):
        parallel.run([lambda: 1, broken])


@pytest.mark.parametrize(("length", "count"), [(0, 4), (1, 4), (7, 3), (12, 4), (5, 1)])
def test_chunks_are_consecutive_and_nearly_equal(length: int, count: int) -> None:
    """Assert that chunks() keeps order, loses nothing and differs by at most one in size."""
    items = list(range(length))
    slices = parallel.chunks(items, count)
    assert [x for part in slices for x in part] == items
    sizes = [len(part) for part in slices]
    assert max(sizes) - min(sizes) <= 1
    assert len(slices) == max(1, min(count, length))


def test_parallel_render_equals_serial_render(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Assert that rendering the sample in worker processes gives byte-identical outputs."""
    root = copy_sample(tmp_path)
    archive = pipeline.build_archive(root)
    monkeypatch.setattr(render, "PARALLEL_FROM", 1)
    monkeypatch.setenv(parallel.JOBS_VARIABLE, "1")
    serial = render.render(archive)
    monkeypatch.setenv(parallel.JOBS_VARIABLE, "2")
    calls: list[int] = []
    real_run = parallel.run
    monkeypatch.setattr(parallel, "run", lambda tasks: calls.append(len(tasks)) or real_run(tasks))
    forked = render.render(archive)
    assert calls and calls[0] > 2  # feeds, archive.json, list pages and slices of talk pages
    assert list(forked) == list(serial)
    assert forked == serial


def test_generate_at_a_terminal_renders_in_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Assert that the spinner of `wunschzeit generate` at a terminal runs no thread that
    would keep render from forking."""
    root = copy_sample(tmp_path)
    monkeypatch.setattr(render, "PARALLEL_FROM", 1)
    monkeypatch.setenv(parallel.JOBS_VARIABLE, "2")
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    forkable: list[bool] = []
    real_run = parallel.run
    monkeypatch.setattr(
        parallel, "run", lambda tasks: forkable.append(parallel.can_fork()) or real_run(tasks)
    )
    assert main(["--root", str(root), "generate"]) == 0
    assert forkable == [True]
    assert (root / "site_src/talks/genf-design.md").is_file()
