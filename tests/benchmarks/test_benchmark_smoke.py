"""The benchmark runs on a small archive and finds no wrong rewrites (times are not judged)."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

import pytest

from tests.helpers.paths import REPO

BENCHMARKS = REPO / "benchmarks"


def _bench(name: str = "bench") -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"wunschzeit_{name}", BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_benchmark_on_twenty_talks_rewrites_nothing_unexpected(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Assert that the benchmark's --check passes on 20 talks and its table has that row."""
    status = _bench().main(["--sizes", "20", "--questions", "5", "--no-browser", "--check"])
    out = capsys.readouterr().out
    assert status == 0
    rows = [line for line in out.splitlines() if line.startswith("| 20 × 5 |")]
    assert len(rows) == 1
    cells = [cell.strip() for cell in rows[0].strip("|").split("|")]
    assert cells[1] == "41"  # pages: 20 talks, experts, events, tags, overviews
    assert cells[12] == "0"  # files rewritten by a no-change generate
    assert cells[13].endswith("4 (exact)")  # talk page, tag page, two expert pages


def test_stage_timing_names_every_stage(capsys: pytest.CaptureFixture[str]) -> None:
    """Assert that benchmarks/stages.py times every stage of generate, and the transfer."""
    _bench("stages").main(["--talks", "10", "--questions", "3", "--repeat", "2", "--transfer"])
    out = capsys.readouterr().out
    stages = [line.split("|")[1].strip() for line in out.splitlines()[3:]]
    assert stages == [
        "fingerprint (reads every file)",
        "load (parse YAML)",
        "validate",
        "enrich",
        "link",
        "render",
        "write",
        "record",
        "total",
        "pickle the records",
        "unpickle the records",
    ]
    assert all(line.count(" / ") == 1 for line in out.splitlines()[3:])  # two runs each


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("tags/radar.md", True),
        ("tags/radar/7.md", True),
        ("tags/radar/index.md", False),
        ("tags/radarsystem.md", False),
        ("tags/radar/7/8.md", False),
        ("talks/talk-1.md", False),
    ],
)
def test_an_edit_may_rewrite_the_page_of_a_split_list_it_is_on(page: str, expected: bool) -> None:
    """Assert that the edit check counts `tags/x/7.md` as the list `tags/x.md`, nothing else."""
    assert _bench()._page_of(page, "tags/radar.md") is expected


def test_hostile_cases_end_in_their_message() -> None:
    """Assert that two of benchmarks/hostile.py's cases run on the sample and end in the
    problem they are about, with exit 1 (times are not judged)."""
    hostile = _bench("hostile")
    for name, expected in [
        ("markdown: [ 4,000 times (refused)", "brackets that take too long to match"),
        ("json: live chat nested 100,000 deep", "JSON nested too deeply"),
    ]:
        make, argv = hostile.CASES[name]
        _, _, code, first = hostile.run_case(make, argv)
        assert code == 1 and expected in first, (name, first)


def test_preview_memory_reports_each_edit(capsys: pytest.CaptureFixture[str]) -> None:
    """Assert that benchmarks/preview_memory.py gives the preview's report and memory after
    each edit, and a peak."""
    _bench("preview_memory").main(["--talks", "8", "--questions", "2", "--edits", "2"])
    lines = capsys.readouterr().out.splitlines()
    edits = [line for line in lines if line.startswith("edit ")]
    assert [line.split(":")[0] for line in edits] == ["edit 100", "edit 101"]
    assert all("preview updated in" in line for line in edits)
    memory = [int(line.rsplit("RSS ", 1)[1].split()[0]) for line in edits]
    peak = int(lines[-1].split()[2])
    assert lines[-1].startswith("peak RSS ") and min(memory) > 0 and peak > 0
