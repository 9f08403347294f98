"""Work spread over worker processes gives exactly what running it in order gives."""

from __future__ import annotations

import os
import signal
import sys
import threading
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from generator.cli import main
from generator.errors import WunschzeitError
from generator.pipeline import generate as pipeline
from generator.pipeline import parallel
from generator.render import outputs as render
from tests.helpers.sample_site import copy_sample

forks = pytest.mark.skipif(
    not sys.platform.startswith("linux") or threading.active_count() > 1,
    reason="run() forks only on Linux and when no other thread runs",
)


def _pid_and(value: int) -> tuple[int, int]:
    return os.getpid(), value * value


@forks
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


@forks
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
    assert forkable and all(forkable)  # the lists, then the talk pages (incremental.py)
    assert (root / "site_src/talks/genf-design.md").is_file()


class Unpicklable(Exception):
    def __init__(self, code: int, text: str) -> None:  # pickle calls it with one argument
        super().__init__(f"{code}: {text}")


TEST_PROCESS = os.getpid()


def _kill_myself() -> int:
    if os.getpid() == TEST_PROCESS:  # run() kept the task here: fail instead of killing pytest
        raise AssertionError("the task ran in the test process, not in a worker")
    os.kill(os.getpid(), signal.SIGKILL)
    return 0


def _raise_unpicklable() -> int:
    raise Unpicklable(3, "kaputt")


def _exit() -> int:
    sys.exit(3)


@forks
@pytest.mark.parametrize(
    ("task", "expected", "message"),
    [
        (_kill_myself, BrokenProcessPool, ""),
        (_raise_unpicklable, parallel.WorkerError, "Unpicklable: 3: kaputt"),
        (_exit, parallel.WorkerError, "a worker process stopped: SystemExit(3)"),
    ],
)
def test_a_worker_that_dies_or_fails_oddly_raises_instead_of_hanging(
    monkeypatch: pytest.MonkeyPatch, task: object, expected: type[Exception], message: str
) -> None:
    """Assert that a killed worker, an unpicklable error or sys.exit in a task raise in run()."""
    monkeypatch.setenv(parallel.JOBS_VARIABLE, "2")
    with pytest.raises(expected) as caught:
        parallel.run([lambda: 1, task, lambda: 2])  # type: ignore[list-item]
    assert message in str(caught.value)


@forks
def test_run_inside_a_worker_stays_in_that_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    """Assert that a task calling run() again runs the inner tasks in its own process."""
    monkeypatch.setenv(parallel.JOBS_VARIABLE, "2")

    def outer() -> list[tuple[int, int]]:
        return [(os.getpid(), pid) for pid, _ in parallel.run([lambda: _pid_and(1)] * 2)]

    for pairs in parallel.run([outer, outer]):
        assert all(worker == inner for worker, inner in pairs)


@pytest.mark.parametrize("value", ["0", "-1", "zwei", "²", "1.5"])
def test_jobs_setting_must_be_a_positive_number(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    """Assert that a WUNSCHZEIT_JOBS that is no positive whole number is an error naming it."""
    monkeypatch.setenv(parallel.JOBS_VARIABLE, value)
    with pytest.raises(WunschzeitError, match=f"WUNSCHZEIT_JOBS must be a number .* {value!r}"):
        parallel.jobs()


def test_jobs_default_to_the_cores_at_most_eight(monkeypatch: pytest.MonkeyPatch) -> None:
    """Assert that without WUNSCHZEIT_JOBS run() may use the usable cores, at most eight."""
    monkeypatch.delenv(parallel.JOBS_VARIABLE, raising=False)
    assert parallel.jobs() == min(len(os.sched_getaffinity(0)), parallel.DEFAULT_MAX_JOBS)
    monkeypatch.setenv(parallel.JOBS_VARIABLE, " 3 ")
    assert parallel.jobs() == 3
