"""Publish a built site on a git branch, the way GitHub Pages serves it from `gh-pages`.

Takes the site folder (as `build` left it, Pagefind's index included) and a `Target` (remote,
branch, commit message, whether to push); gives one new commit on the branch, pushed unless
told not to. ghp-import does the git work, as for `mkdocs gh-deploy`: it commits the folder as
the branch's whole tree, on top of the remote's branch, with a `.nojekyll` so that GitHub
Pages serves the files as they are instead of running Jekyll over them.
"""

from __future__ import annotations

import contextlib
import subprocess
from dataclasses import dataclass
from pathlib import Path

import ghp_import

from generator import __version__
from generator.constants import CONFIG
from generator.errors import WunschzeitError
from generator.site.build import load_mkdocs_config

DEFAULT_MESSAGE = f"Site published with Wunschzeit {__version__}"


@dataclass(frozen=True)
class Target:
    """Where a site is published: a branch of a git remote."""

    remote: str = "origin"
    branch: str = "gh-pages"
    message: str = DEFAULT_MESSAGE
    push: bool = True  # False: commit to the local branch only


def site_folder(root: Path) -> Path:
    """The folder `build` writes the archive's site to (mkdocs.yml's site_dir)."""
    return Path(load_mkdocs_config(root / CONFIG).site_dir)


def deploy(root: Path, site: Path, target: Target) -> None:
    """Commit `site` to `target.branch` of the git repository holding `root`; push it."""
    source = str(site.absolute())
    # ghp-import runs git in the current folder; the archive may lie anywhere in its repository.
    with contextlib.chdir(root):
        try:
            ghp_import.ghp_import(
                source,
                mesg=target.message,
                remote=target.remote,
                branch=target.branch,
                push=target.push,
                nojekyll=True,
            )
        except ghp_import.GhpError as error:
            raise WunschzeitError(f"cannot publish {site}: {error.message.strip()}") from error
        except subprocess.CalledProcessError as error:
            raise WunschzeitError(_push_failed(target)) from error


def _push_failed(target: Target) -> str:
    return (
        f"git push {target.remote} {target.branch} failed (see git's message above); "
        f"if the remote's branch has commits this clone lacks, "
        f"run `git fetch {target.remote} {target.branch}` and publish again"
    )
