"""Every command writes only what it is documented to write.

`build`, `generate` and `serve` write site_src/ and site/ (and the thumbnails' copies in the
cache), the editing verbs the files they name, the read-only verbs nothing. Each test runs one
command with `--root` from an empty folder, with a temporary folder of its own, and compares
every file and folder below the three before and after: a stray folder in the archive, a
file in the folder it ran from or a temporary folder left behind fails here. (The `pagefind/`
once found beside the sample's videos.yml came from benchmarks/pagefind_api.py, run from the
repository: tests/benchmarks/test_pagefind_api.py.)
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.site import split
from generator.site.serve import Preview
from tests.helpers.paths import FIXTURES
from tests.helpers.sample_site import copy_sample, run_preview

TALK = "genf-aerodynamik"
BUILT = ("archive/site/", "archive/site_src/", "archive/content/.cache/thumbnails/")

Snapshot = dict[str, tuple[int, int] | str]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample, with Pagefind as its search, built once for the module."""
    root = copy_sample(tmp_path_factory.mktemp("built") / "archive")
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config.setdefault("extra", {}).setdefault("wunschzeit", {})["search"] = "pagefind"
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    assert main(["--root", str(root), "build", "--strict"]) == 0
    assert (root / "site/pagefind/00/pagefind.js").is_file()
    return root


@pytest.fixture
def archive(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the built sample in tmp_path/archive; the command runs in tmp_path/elsewhere
    and its temporary files go to tmp_path/temp."""
    root = tmp_path / "archive"
    shutil.copytree(built, root, symlinks=True)
    for folder in ("elsewhere", "temp"):
        (tmp_path / folder).mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temp"))
    monkeypatch.setenv("TMPDIR", str(tmp_path / "temp"))
    return root


def _snapshot(top: Path) -> Snapshot:
    """Every file (size and modification time), folder and link below `top`.

    What vanishes during the walk is left out: a build deletes the previous site/ in
    site_src/'s cache from a background thread that may still run when the build returns.
    """
    seen: Snapshot = {}
    for parent, folders, files in os.walk(top):
        for name in folders + files:
            path = Path(parent, name)
            key = path.relative_to(top).as_posix()
            with contextlib.suppress(FileNotFoundError):
                if path.is_symlink():
                    seen[key] = f"-> {os.readlink(path)}"
                elif name in folders:
                    seen[key + "/"] = "folder"
                else:
                    stat = path.stat()
                    seen[key] = (stat.st_size, stat.st_mtime_ns)
    return seen


def _stray(before: Snapshot, after: Snapshot, *allowed: str) -> list[str]:
    """What was added, removed or changed outside the `allowed` paths and folders."""
    changed = {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}
    return sorted(name for name in changed if not name.startswith(allowed))


def _run(tmp_path: Path, argv: list[str], *allowed: str) -> list[str]:
    """Run `wunschzeit --root ARCHIVE ARGV`; what it wrote outside `allowed`."""
    before = _snapshot(tmp_path)
    assert main(["--root", str(tmp_path / "archive"), *argv]) == 0
    return _stray(before, _snapshot(tmp_path), *allowed)


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--strict"],
        ["chapters", TALK],
        ["questions", TALK],
        ["align", TALK],
        ["refresh", "--offline"],
        ["import", "csv", str(FIXTURES / "import/fragen.csv"), "--talk", TALK, "--dry-run"],
    ],
    ids=lambda argv: "-".join(a for a in argv if "/" not in a),
)
def test_reading_commands_write_nothing(archive: Path, tmp_path: Path, argv: list[str]) -> None:
    """Assert that the commands that only read leave every file as it was."""
    assert _run(tmp_path, argv) == []


def test_generate_writes_only_site_src(archive: Path, tmp_path: Path) -> None:
    """Assert that generate after an edit writes into site_src/ alone."""
    _edit(archive)
    assert _run(tmp_path, ["generate"], "archive/site_src/") == []


@pytest.mark.parametrize("edited", [True, False], ids=["after-an-edit", "unchanged"])
def test_build_writes_only_site_and_site_src(archive: Path, tmp_path: Path, edited: bool) -> None:
    """Assert that build, after an edit and with nothing changed, writes only its outputs."""
    if edited:
        _edit(archive)
    assert _run(tmp_path, ["build", "--strict"], *BUILT) == []


@pytest.mark.parametrize("processes", [1, 2])
def test_build_from_scratch_writes_only_site_and_site_src(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, processes: int
) -> None:
    """Assert that a first build, Pagefind's index included, in one process or split over two
    (as on idle cores for a large site), writes only its outputs."""
    monkeypatch.setattr(split, "MIN_PAGES", 0 if processes > 1 else 10**9)
    monkeypatch.setattr(split, "_free_cpus", lambda: float(processes))
    for output in ("site", "site_src/.wunschzeit-cache"):
        shutil.rmtree(archive / output)
    assert _run(tmp_path, ["build"], *BUILT) == []


@pytest.mark.parametrize(
    ("argv", "allowed"),
    [
        (["add", "https://www.youtube.com/watch?v=WzSample009", "--id", "neu", "--no-fetch"],
         ["archive/videos.yml"]),
        (["import", "csv", str(FIXTURES / "import/fragen.csv"), "--talk", TALK],
         [f"archive/content/talks/{TALK}/"]),
        (["answer", f"{TALK}/windgeraeusche", "4:32", "--end", "5:10"],
         [f"archive/content/talks/{TALK}/windgeraeusche.md"]),
        (["decline", f"{TALK}/windgeraeusche", "--reason", "nicht zum Thema"],
         [f"archive/content/talks/{TALK}/windgeraeusche.md"]),
        (["merge", "genf-design/kombi-version", "--into", "genf-design/schrift-cockpit"],
         ["archive/content/talks/genf-design/kombi-version.md"]),
        (["align", TALK, "--apply"], [f"archive/content/talks/{TALK}/"]),
    ],
    ids=["add", "import", "answer", "decline", "merge", "align-apply"],
)  # fmt: skip
def test_editing_commands_write_only_their_files(
    archive: Path, tmp_path: Path, argv: list[str], allowed: list[str]
) -> None:
    """Assert that each editing command changes only the files it is documented to."""
    assert _run(tmp_path, argv, *allowed) == []


def test_init_writes_only_the_new_archive(archive: Path, tmp_path: Path) -> None:
    """Assert that init writes the folder it is given, nothing beside it."""
    before = _snapshot(tmp_path)
    assert main(["init", str(tmp_path / "new")]) == 0
    assert _stray(before, _snapshot(tmp_path), "new/") == []


def test_gh_deploy_writes_only_site_and_its_branch(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Assert that gh-deploy --no-push writes its build and the branch in .git/, no more."""
    for variable in ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"):
        monkeypatch.setenv(variable, "Test")
    for variable in ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"):
        monkeypatch.setenv(variable, "test@example.org")
    subprocess.run(["git", "init", "--quiet", "-b", "main", str(archive)], check=True)
    assert _run(tmp_path, ["gh-deploy", "--no-push"], *BUILT, "archive/.git/") == []


@pytest.mark.parametrize("dirty", [False, True], ids=["serve", "serve-dirty"])
def test_serve_writes_only_site_src(archive: Path, tmp_path: Path, dirty: bool) -> None:
    """Assert that the live preview, through an edit and two Pagefind runs, writes into
    site_src/ alone and leaves no temporary folder when it ends."""
    before = _snapshot(tmp_path)
    server = Preview(archive, "127.0.0.1:0", lambda line: None, dirty=dirty)
    try:
        server.start()
        assert server.search.wait(120)
        _edit(archive)
        server.build()
        assert server.search.wait(120)
        assert server.search.runs == 2
    finally:
        server.stop()  # its file watcher's threads, which later tests would find running
        server.close()
    edit = f"archive/content/talks/{TALK}/windgeraeusche.md"
    assert _stray(before, _snapshot(tmp_path), *BUILT, edit) == []


def test_preview_writes_nothing(archive: Path, tmp_path: Path) -> None:
    """Assert that serving the built site, a page, a byte range and a missing page included,
    writes nothing."""
    before = _snapshot(tmp_path)
    with run_preview(archive) as url:
        for path, headers in [("", {}), ("pagefind/00/pagefind.js", {"Range": "bytes=0-9"})]:
            with urllib.request.urlopen(urllib.request.Request(url + path, headers=headers)):
                pass
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(url + "nowhere/")
    assert _stray(before, _snapshot(tmp_path)) == []


def _edit(root: Path) -> None:
    """Change one question's text, as an editor would."""
    question = root / f"content/talks/{TALK}/windgeraeusche.md"
    text = question.read_text(encoding="utf-8")
    question.write_text(text.replace("130 km/h", "120 km/h"), encoding="utf-8")
