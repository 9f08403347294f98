"""`wunschzeit gh-deploy`: build the site strictly and publish it on GitHub Pages' branch.

Takes the archive, which lies in a git repository, and where to publish (`--remote`,
`--branch`, `--message`, `--no-push`); builds as `wunschzeit build --strict` does, Pagefind's
index included, then `site.deploy` commits site/ to the branch (gh-pages) and pushes it.
"""

from __future__ import annotations

import argparse

from generator.cli import build
from generator.cli.common import Command, root_of
from generator.cli.console import out


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--remote", default="origin", metavar="NAME", help="git remote to push to (default: origin)"
    )
    parser.add_argument(
        "--branch",
        default="gh-pages",
        metavar="BRANCH",
        help="branch GitHub Pages publishes (default: gh-pages)",
    )
    parser.add_argument("--message", metavar="TEXT", help="message of the commit on the branch")
    parser.add_argument(
        "--no-push",
        dest="push",
        action="store_false",
        help="commit to the local branch only; push it later with git push",
    )


def run(args: argparse.Namespace) -> int:
    from generator.pipeline.lock import archive_lock
    from generator.site.deploy import DEFAULT_MESSAGE, Target, deploy, site_folder

    root = root_of(args)
    target = Target(args.remote, args.branch, args.message or DEFAULT_MESSAGE, args.push)
    # One lock over building and committing: no other run may swap site/ in between.
    with archive_lock(root):
        code = build.run(argparse.Namespace(**vars(args), strict=True))
        if code:
            return code
        deploy(root, site_folder(root), target)  # git shows its own progress
    where = f"pushed to {target.remote}" if target.push else "not pushed (--no-push)"
    out(f"site committed to branch {target.branch}, {where}")
    return 0


COMMAND = Command(
    "gh-deploy",
    "build the site strictly and publish it on the gh-pages branch (GitHub Pages)",
    add_arguments,
    run,
)
