"""`build` on two cores: the same site, byte for byte, as one process builds.

The sample archive and a small synthetic one (Pagefind as the search, which is skipped here:
its chunk names depend on the order the file system lists pages in) are built once by one
process and once by two (site/split.py, with its page and CPU thresholds set so that it
splits); every file of site/ must be equal, but the marker with its random build id. The two
processes are seen by their ids; warnings both give are reported once, and --strict fails on
them as one process does.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import pytest

from generator.errors import WunschzeitError
from generator.pipeline.generate import generate
from generator.site import search, split, swap
from generator.site.build import build_site
from tests.helpers.paths import REPO
from tests.helpers.sample_site import copy_sample

sys.path.insert(0, str(REPO / "benchmarks"))
import synthetic  # benchmarks/ is no package

PAGEFIND = "extra:\n  wunschzeit:\n    search: pagefind\n"
SHARE = split._build_share


@pytest.fixture(autouse=True)
def _no_pagefind(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "run_pagefind", lambda *args, **kwargs: None)


def _sample(root: Path) -> Path:
    copy_sample(root)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + PAGEFIND, "utf-8")
    return root


def _synthetic(root: Path) -> Path:
    synthetic.write_archive(root, talks=40, questions=3, search="pagefind")
    return root


def _files(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.name != swap.MARKER
    }


def _built(
    root: Path, monkeypatch: pytest.MonkeyPatch, *, parts: int, strict: bool = False
) -> Path:
    """site/ of a cold build by `parts` processes; their ids and shares in root/parts.txt."""
    monkeypatch.setattr(split, "MIN_PAGES", 0 if parts > 1 else 10**9)
    monkeypatch.setattr(split, "_free_cpus", lambda: float(parts))
    log = root / "parts.txt"
    log.unlink(missing_ok=True)

    def noted(config: object, number: int, count: int) -> None:
        with log.open("a", encoding="utf-8") as out:
            out.write(f"{os.getpid()} {number} {count}\n")
        SHARE(config, number, count)  # type: ignore[arg-type]

    monkeypatch.setattr(split, "_build_share", noted)
    site = root / "site"
    if site.exists():
        swap.swap(swap.new_folder(site), site)  # an empty folder in place: the next is cold
    build_site(root, strict=strict)
    return site


def _parts(root: Path) -> list[tuple[int, int, int]]:
    log = root / "parts.txt"
    lines = log.read_text("utf-8").splitlines() if log.exists() else []
    return sorted(tuple(int(n) for n in line.split()) for line in lines)  # type: ignore[misc]


@pytest.mark.parametrize("archive", [_sample, _synthetic], ids=["sample", "synthetic-40"])
def test_two_processes_build_the_same_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, archive: object
) -> None:
    """Assert that the site two processes build equals one process's, file for file, and
    that two processes other than this one built it."""
    root = archive(tmp_path / "archive")  # type: ignore[operator]
    generate(root)
    one = _files(_built(root, monkeypatch, parts=1))
    assert _parts(root) == []
    two = _files(_built(root, monkeypatch, parts=2))
    pids = _parts(root)
    assert [(number, count) for _, number, count in pids] == [(0, 2), (1, 2)]
    assert len({pid for pid, _, _ in pids} | {os.getpid()}) == 3
    assert len(one) > 50
    assert sorted(one) == sorted(two)
    assert [name for name in one if one[name] != two[name]] == []


def _with_warnings(root: Path) -> Path:
    """The sample with a nav entry to a missing page (both processes warn: they read the nav)
    and an own page linking to a missing page (the process building it warns)."""
    _sample(root)
    config = root / "mkdocs.yml"
    text = config.read_text("utf-8").replace("nav:\n", "nav:\n  - Fehlt: fehlt.md\n", 1)
    config.write_text(text, "utf-8")
    (root / "site_src" / "kaputt.md").write_text("# Kaputt\n\n[weg](weg.md)\n", "utf-8")
    generate(root)
    return root


def test_warnings_of_both_processes_are_reported_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Assert that two processes report the warnings one process reports, each once."""
    root = _with_warnings(tmp_path / "archive")
    warned = []
    for parts in (1, 2):
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            _built(root, monkeypatch, parts=parts)
        warned.append([r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING])
    assert len(_parts(root)) == 2
    assert sorted(warned[0]) == sorted(warned[1])
    assert sum("fehlt.md" in m for m in warned[1]) == 1
    assert sum("weg.md" in m for m in warned[1]) == 1


def test_strict_fails_on_the_warnings_of_both_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Assert that --strict fails a two-process build as it fails one process's, and keeps
    the previous site."""
    root = _with_warnings(tmp_path / "archive")
    before = _files(_built(root, monkeypatch, parts=2))
    messages = []
    for parts in (1, 2):
        with pytest.raises(WunschzeitError) as failed:
            _built(root, monkeypatch, parts=parts, strict=True)
        messages.append(str(failed.value))
    assert (
        messages[0] == messages[1] == "MkDocs build failed: Aborted with 2 warnings in strict mode!"
    )
    assert _files(root / "site") == {}  # the empty folder _built put in place stays
    assert before
