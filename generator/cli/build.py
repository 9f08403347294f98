"""`wunschzeit build [--strict]`: generate site_src/, then build the site with MkDocs.

Takes the archive; runs `generate` and, when it succeeded, MkDocs (and Pagefind) into site/.
"""

from __future__ import annotations

import argparse

from generator.cli import generate
from generator.cli.common import Command, root_of, shown_path, strict_option
from generator.cli.console import out, status


def run(args: argparse.Namespace) -> int:
    from generator.pipeline.lock import archive_lock
    from generator.site.build import build_site

    root = root_of(args)
    # One lock over both steps: no other run may change site_src/ between them.
    with archive_lock(root):
        code = generate.run(args)
        if code:
            return code
        with status("Building the site with MkDocs"):
            site = build_site(root, strict=args.strict)
    out(f"site built: {shown_path(site, root)}/index.html")
    return 0


COMMAND = Command("build", "generate site_src/ and build the site with MkDocs", strict_option, run)
