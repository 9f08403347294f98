"""Tests of `wunschzeit gh-deploy`: the built site, Pagefind's index included, on a branch."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from generator import __version__
from generator.cli import main
from tests.helpers.sample_site import copy_sample


def _git(*args: str, cwd: Path | None = None) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return result.stdout


@pytest.fixture
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample archive with Pagefind as its search, in a git repository whose origin is a
    bare repository beside it (no network)."""
    for variable in ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"):
        monkeypatch.setenv(variable, "Test")
    for variable in ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"):
        monkeypatch.setenv(variable, "test@example.org")
    root = copy_sample(tmp_path / "archive")
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config.setdefault("extra", {}).setdefault("wunschzeit", {})["search"] = "pagefind"
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    _git("init", "--quiet", "--bare", str(tmp_path / "remote.git"))
    _git("init", "--quiet", "-b", "main", cwd=root)
    _git("remote", "add", "origin", str(tmp_path / "remote.git"), cwd=root)
    return root


def test_gh_deploy_pushes_the_site_with_its_search_index(
    archive: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that gh-deploy pushes the strict build, .nojekyll and pagefind/ to gh-pages."""
    assert main(["--root", str(archive), "gh-deploy"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "site committed to branch gh-pages, pushed to origin"
    )
    remote = str(archive.parent / "remote.git")
    files = _git("--git-dir", remote, "ls-tree", "-r", "--name-only", "gh-pages").splitlines()
    for name in (
        "index.html",
        ".nojekyll",
        "pagefind/00/pagefind.js",
        "talks/genf-design/index.html",
    ):
        assert name in files
    assert not any(name.startswith("site/") for name in files)
    message = _git("--git-dir", remote, "log", "-1", "--format=%s", "gh-pages")
    assert message == f"Site published with Wunschzeit {__version__}\n"


def test_gh_deploy_again_adds_a_commit_on_top(archive: Path) -> None:
    """Assert that a second gh-deploy pushes a new commit that keeps the branch's history."""
    assert main(["--root", str(archive), "gh-deploy", "--message", "first"]) == 0
    assert main(["--root", str(archive), "gh-deploy", "--message", "second"]) == 0
    remote = str(archive.parent / "remote.git")
    assert _git("--git-dir", remote, "log", "--format=%s", "gh-pages") == "second\nfirst\n"


def test_gh_deploy_no_push_commits_to_the_local_branch_only(archive: Path) -> None:
    """Assert that --no-push with --branch and --message commits locally and pushes nothing."""
    args = ["--root", str(archive), "gh-deploy", "--no-push", "--branch", "pages", "--message", "x"]
    assert main(args) == 0
    assert _git("log", "-1", "--format=%s", "pages", cwd=archive) == "x\n"
    assert "pagefind/00/pagefind.js" in _git("ls-tree", "-r", "--name-only", "pages", cwd=archive)
    assert _git("--git-dir", str(archive.parent / "remote.git"), "branch") == ""


def test_gh_deploy_outside_a_git_repository_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that gh-deploy of an archive outside git exits 1 with git's reason."""
    root = copy_sample(tmp_path / "archive")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # whatever encloses tmp_path
    assert main(["--root", str(root), "gh-deploy"]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"wunschzeit: error: cannot publish {root / 'site'}: "
        "not a git repository (or any of the parent directories): .git"
    )
