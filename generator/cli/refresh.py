"""`wunschzeit refresh [--offline] [--strict] [ID ...]`: re-fetch or check the metadata cache.

Takes the command's arguments and the talks of videos.yml; `recordings.refresh` re-fetches the
recordings with web URLs, not from the local network unless `--allow-private-hosts` (a failure
keeps the old cache and is shown as `<id>: <reason>`), or with `--offline` checks every file in
content/.cache/ without network (`path:line: message`).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from generator.cli.add import allow_private_hosts_option
from generator.cli.common import Command
from generator.cli.console import err as _err
from generator.cli.console import out as _out
from generator.errors import ContentError, UsageError
from generator.recordings import refresh
from generator.recordings.refresh import Target


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ids", nargs="*", metavar="ID", help="talks to refresh (default: all)")
    parser.add_argument(
        "--offline", action="store_true", help="check the cache without network; fetch nothing"
    )
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 when a recording cannot be fetched"
    )
    allow_private_hosts_option(parser)


def run(args: argparse.Namespace) -> int:
    root = Path(args.root)
    talks = refresh.targets(root)
    selected = _select(talks, args.ids)
    if args.offline:
        return _check_offline(root, talks, selected)
    return _refresh(root, selected, strict=args.strict, allow=args.allow_private_hosts)


def _select(talks: Sequence[Target], ids: Sequence[str]) -> list[Target]:
    known = {t.id for t in talks}
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise UsageError(f"no talk with id {', '.join(repr(i) for i in unknown)} in videos.yml")
    return [t for t in talks if not ids or t.id in ids]


def _refresh(root: Path, talks: Sequence[Target], *, strict: bool, allow: bool) -> int:
    targets = [t for t in talks if t.on_the_web]
    if not targets:
        _out("nothing to refresh: no talk has a recording on the web")
        return 0
    with _progress(len(targets)) as advance:
        failures = refresh.refresh_all(root, targets, advance, allow_private_hosts=allow)
    for line in failures:
        _err(line)
    done = len(targets) - len(failures)
    _out(f"refreshed {done} of {len(targets)} recordings")
    return 1 if failures and strict else 0


@contextlib.contextmanager
def _progress(total: int) -> Iterator[Callable[[], None]]:
    """A progress bar for a person at a terminal; CI logs stay plain."""
    if not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("Fetching metadata", total=total)
        yield lambda: progress.advance(task)


def _check_offline(root: Path, talks: Sequence[Target], selected: Sequence[Target]) -> int:
    count, problems = refresh.check_cache(root, talks, selected)
    if problems:
        raise ContentError(problems)
    _out(f"{count} cache files checked: no problems")
    return 0


COMMAND = Command(
    "refresh",
    "re-fetch the recordings' cached metadata (--offline: check the cache)",
    add_arguments,
    run,
)
