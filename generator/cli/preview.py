"""`wunschzeit preview [--dev-addr ADDR]`: serve the last build as a static web host would.

Takes the archive; `site.preview` serves site/ below the path of `site_url`, with the byte
ranges a `<video>` needs to seek. The URL goes to stdout at once (a script may wait for it).
"""

from __future__ import annotations

import argparse
import contextlib
import sys

from generator.cli.common import Command, root_of, shown_path
from generator.cli.console import out
from generator.errors import UsageError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dev-addr",
        default="127.0.0.1:8000",
        metavar="ADDR",
        help="address to serve the site on (default: 127.0.0.1:8000; port 0: any free port)",
    )


def address(text: str) -> tuple[str, int]:
    """`HOST:PORT` (`[::1]:8000` for IPv6) → (host, port); a usage error otherwise."""
    host, _, port = text.rpartition(":")
    host = host.removeprefix("[").removesuffix("]")
    if not host or not port.isdigit() or int(port) > 65535:
        raise UsageError(f"--dev-addr must be HOST:PORT, e.g. 127.0.0.1:8000, not '{text}'")
    return host, int(port)


def run(args: argparse.Namespace) -> int:
    from generator.site.preview import built_site, start

    where = address(args.dev_addr)
    root = root_of(args)
    site, mount = built_site(root)
    with start(site, mount, where) as server:
        out(f"Serving {shown_path(site, root)}/ on {server.url} (Ctrl-C to stop)")
        sys.stdout.flush()  # at once, also when stdout is a pipe
        with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is how a preview ends
            server.serve_forever()
    return 0


COMMAND = Command("preview", "serve the built site/ as a web host would", add_arguments, run)
