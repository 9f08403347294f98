"""Faults: kill -9 at random moments, two runs at once, folders that cannot be read.

The kill tests run `wunschzeit generate` and `wunschzeit build` as subprocesses on a copy of
the sample and kill them at seeded random moments over the whole run, 30 times each. The
driver below widens the windows a kill can split (a pause before each file is moved into
site_src/, and between the two renames of build's fallback swap, used by every other build),
so that kills land there often; without the pauses they last microseconds. After every kill,
site/ must be one complete build (old or new, never a mix) and the next `generate` must leave
site_src/ exactly as a clean run does. (With the fallback swap, a kill between its renames
leaves no site/ until the next build's first step brings the old one back; the test checks
after that step.) The build kills use MkDocs' own theme (see
`_plain_theme`). Measured on 2 busy cores (load 7): about 1 s per build kill, 0.8 s per
generate kill (the kill and the repairing run).
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from generator import cli
from generator.errors import WunschzeitError
from generator.pipeline import load
from generator.pipeline.lock import archive_lock
from generator.pipeline.write import STAGING
from generator.site.swap import MARKER, recover
from tests.helpers.paths import REPO
from tests.helpers.sample_site import copy_sample

KILLS = 30
TITLE = "Live-Talk: Aerodynamik der Studie Nordwerk Strom"  # of talk genf-aerodynamik
VARIANTS = (f'title: "{TITLE}"', f'title: "{TITLE} (neu)"')  # every run has pages to write
# A process with the package imported that forks one run per request, so that the kill
# moments are spread over the run itself, not over starting Python (1-2 s on a busy machine).
_ZYGOTE = textwrap.dedent(
    """
    import os, pathlib, sys, time
    from generator import cli
    from generator.pipeline import write
    from generator.site import swap

    real_commit, real_rename = write._commit, pathlib.Path.rename

    def commit(temp, dest):
        time.sleep(0.003)
        real_commit(temp, dest)

    def rename(self, target):
        moved = real_rename(self, target)
        if self.name == "site":  # site/ moved aside, the new build not yet in place
            time.sleep(0.2)
        return moved

    for request in sys.stdin:
        command, root, how = request.split()
        pid = os.fork()
        if pid == 0:
            write._commit = commit
            if how == "fallback":
                swap._exchange = lambda fresh, site: False
                pathlib.Path.rename = rename
            sys.stdout = open(os.devnull, "w")
            os._exit(cli.main(["--root", root, command]))
        print(pid, flush=True)
        print(os.waitpid(pid, 0)[1], flush=True)
    """
)


class Runner:
    """Runs `wunschzeit <command>` in a fork of the zygote, killed after a delay or not."""

    def __init__(self) -> None:
        self.zygote = subprocess.Popen(
            [sys.executable, "-c", _ZYGOTE],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def run(self, root: Path, command: str, delay: float | None, how: str = "exchange") -> int:
        """The run's wait status; with `delay`, it is killed (if still running) then."""
        assert self.zygote.stdin is not None and self.zygote.stdout is not None
        self.zygote.stdin.write(f"{command} {root} {how}\n")
        self.zygote.stdin.flush()
        pid = int(self.zygote.stdout.readline())
        if delay is not None:
            time.sleep(delay)
            with contextlib.suppress(ProcessLookupError):  # reaped already: it had finished
                os.kill(pid, signal.SIGKILL)
        return int(self.zygote.stdout.readline())

    def timed(self, root: Path, command: str) -> float:
        started = time.monotonic()
        assert self.run(root, command, None) == 0
        return time.monotonic() - started

    def close(self) -> None:
        self.zygote.kill()
        self.zygote.wait()


@pytest.fixture
def runner() -> Iterator[Runner]:
    started = Runner()
    yield started
    started.close()


def _set_variant(root: Path, number: int) -> None:
    videos = root / "videos.yml"
    text = videos.read_text(encoding="utf-8")
    for variant in VARIANTS[::-1]:
        text = text.replace(variant + "\n", "\0")
    videos.write_text(text.replace("\0", VARIANTS[number] + "\n"), encoding="utf-8")


def _plain_theme(root: Path) -> None:
    """MkDocs' own theme without search: a build in half the time of Material's. What is
    tested here is build's handling of folders, which no theme touches."""
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(theme={"name": "mkdocs"}, plugins=[])
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")


def _tree(folder: Path) -> dict[str, bytes]:
    """site_src/'s files, less the state file and the caches (they hold file times).

    The cache folder is not entered at all: the previous site/ is being deleted in its
    trash by a background thread of the build that just returned, so folders vanish there
    while a walk would list them.
    """
    files = {}
    for parent, folders, names in os.walk(folder):
        folders[:] = sorted(f for f in folders if f != ".wunschzeit-cache")
        for name in names:
            path = Path(parent, name)
            if name != ".wunschzeit-state.json" and path.is_file():
                files[path.relative_to(folder).as_posix()] = path.read_bytes()
    return dict(sorted(files.items()))


def _generate(root: Path) -> None:
    assert cli.main(["--root", str(root), "generate"]) == 0


def _references(tmp_path: Path) -> list[dict[str, bytes]]:
    """site_src/ as a clean generate writes it, for each variant."""
    trees = []
    for number in range(len(VARIANTS)):
        root = copy_sample(tmp_path / f"clean-{number}")
        _set_variant(root, number)
        _generate(root)
        trees.append(_tree(root / "site_src"))
    return trees


def test_generate_killed_anywhere_is_repaired_by_the_next_run(
    tmp_path: Path, runner: Runner
) -> None:
    """Assert that after kill -9 at 30 random moments of generate, the next run writes site_src/ as a clean run does."""
    references = _references(tmp_path)
    root = copy_sample(tmp_path / "archive")
    span = runner.timed(root, "generate")
    chance = random.Random(1)
    for kill in range(KILLS):
        variant = kill % 2
        _set_variant(root, variant)
        assert runner.run(root, "generate", chance.uniform(0, span)) in (0, signal.SIGKILL)
        _generate(root)
        assert _tree(root / "site_src") == references[variant], f"kill {kill}"
        assert not (root / "site_src" / STAGING).exists()


def test_build_killed_anywhere_leaves_a_complete_site(tmp_path: Path, runner: Runner) -> None:
    """Assert that after kill -9 at 30 random moments of build, site/ is one complete build, old or new."""
    references = _references(tmp_path)
    root = copy_sample(tmp_path / "archive")
    _plain_theme(root)
    talks = sorted(p.name for p in (root / "content" / "talks").iterdir())
    span = runner.timed(root, "build")
    built = {(root / "site" / MARKER).read_text(encoding="utf-8"): 0}  # build id → variant
    chance = random.Random(2)
    for kill in range(KILLS):
        variant = 1 - kill % 2
        _set_variant(root, variant)
        before = (root / "site" / MARKER).read_text(encoding="utf-8")
        swap = "fallback" if kill % 2 else "exchange"
        # Most of a build is MkDocs; the later part, where the swap is, gets more kills.
        status = runner.run(root, "build", chance.uniform(0.3, 1.1) * span, swap)
        assert status in (0, signal.SIGKILL), f"kill {kill}: exit status {status}"
        site = root / "site"
        if swap == "fallback" and not site.exists():  # killed between the two renames:
            recover(site)  # what the next build does first
        assert (site / "index.html").is_file(), f"kill {kill}: no complete site/"
        assert all((site / "talks" / talk / "index.html").is_file() for talk in talks)
        marker = (site / MARKER).read_text(encoding="utf-8")
        if marker != before:  # this run's build got in place before the kill
            assert marker not in built, f"kill {kill}: an older site/ came back"
            built[marker] = variant
        page = (site / "talks" / "genf-aerodynamik" / "index.html").read_text(encoding="utf-8")
        mixed = (f"{TITLE} (neu)" in page) != (built[marker] == 1)
        assert not mixed, f"kill {kill}: the talk page is not of the build site/ is marked as"
    assert cli.main(["--root", str(root), "build"]) == 0
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site")) == []
    assert _tree(root / "site_src") == references[1 - (KILLS - 1) % 2]


def test_a_second_run_waits_then_names_the_holder(tmp_path: Path) -> None:
    """Assert that a run finding the archive locked fails after the wait, naming pid and command."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from generator.pipeline.lock import "
            "archive_lock\nwith archive_lock(Path(sys.argv[1])):\n print('held', flush=True)\n "
            "time.sleep(30)",
            str(tmp_path),
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"held\n"
        with pytest.raises(WunschzeitError) as info, archive_lock(tmp_path, wait=0.3):
            pass
    finally:
        holder.kill()
        holder.wait()
    message = str(info.value)
    assert message.startswith(f"{tmp_path}: another Wunschzeit run (pid {holder.pid}, `")
    assert message.endswith(
        "still works on this archive after 0.3 s; try again when it has finished"
    )
    with archive_lock(tmp_path, wait=5):  # the kernel released it when the holder died
        pass


def test_the_lock_is_reentrant_within_a_run(tmp_path: Path) -> None:
    """Assert that build can hold the lock around generate without waiting for itself."""
    with archive_lock(tmp_path, wait=0), archive_lock(tmp_path, wait=0):
        pass


def test_an_unreadable_talk_folder_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Assert that a talk folder that cannot be read is an error, not questions silently gone."""
    folder = tmp_path / "content" / "talks" / "x"
    folder.mkdir(parents=True)
    real_scandir = load.os.scandir

    def scandir(path: Path) -> object:
        if Path(path) == folder:  # chmod 000 does not stop root, who runs these tests here
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(load.os, "scandir", scandir)
    with pytest.raises(WunschzeitError) as info:
        load.files_under(tmp_path, "content/talks")
    assert str(info.value) == "content/talks/x: cannot be read: Permission denied"
    assert load.files_under(tmp_path, "content/experts") == []  # a missing folder is empty
