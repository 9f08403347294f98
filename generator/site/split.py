"""MkDocs' page building on both cores: each of two forked processes builds half the pages.

Takes a loaded MkDocs config whose site_dir is the empty fresh folder of site/build.py; gives
the full build in it, byte for byte what one process builds (tests/site/test_split_build.py).
Each process runs a dirty build in which every file stays in MkDocs' list, so links, the
navigation and the sitemap come out as in one build, but only its share of the pages says it
changed; the nav pages are read by both (every page shows their front matter), and only the
first copies the static files and writes the theme's templates. That is sound where a dirty
build is (`dirty.plain`: no plugin but a silenced search, no hooks of mkdocs.yml, a titled
nav). It is worth it for a large site whose second core is idle: at 1,000 talks the halves
took 1.07x the CPU of one build, the slower one 25 of its 46 s (benchmarks/README.md, "The
MkDocs part per page"); on a busy machine it only adds that 7 %. The processes' log records
come back here, a warning both give reported once; with --strict, warnings fail the build
after both have finished, as MkDocs words it.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import logging
import multiprocessing
import os
import signal
import sys
import time
import traceback
import zlib
from collections.abc import Iterator
from multiprocessing.connection import Connection
from typing import Any

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, MkDocsException
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from generator.site import dirty

PARTS = 2
# Below this many pages one process is as fast: each process reads the file list, the nav
# pages and the theme before its share. At 606 pages (500 talks x 5) the halves took 1.17x the
# CPU of one build (4.60 / 3.94 s), the slower half 2.20 s: 1.79x faster on idle cores
# (/tmp script timing build_site alternately, medians of 3, load 10).
MIN_PAGES = 300
_PR_SET_PDEATHSIG = 1
Record = tuple[str, int, str]  # logger name, level, message


def parts(config: MkDocsConfig, pages: int, *, pagefind: bool) -> int:
    """How many processes should build this site: PARTS where it is sound and gains, else 1."""
    if pages < MIN_PAGES or not pagefind or not dirty.plain(config):
        return 1
    return PARTS if _free_cpus() > PARTS - 0.5 else 1


def lean(config: MkDocsConfig) -> None:
    """Have MkDocs hold each page's text packed while other pages are read, and let it go
    once the page is written.

    MkDocs reads and converts every page before it writes the first, and keeps each page's
    Markdown and HTML to the end: with the pyvideo.org catalogue (37,380 pages) most of the
    MkDocs part's memory. After a page is converted, its Markdown is read no more, and its
    HTML only when the page itself is written (`on_page_context`, then the template); in
    between the HTML is kept zlib-packed. Only where `dirty.plain`: a plugin or hook of
    mkdocs.yml might read other pages' text. The emptied text is "", not None: MkDocs reads
    a page whose Markdown is None as one not read yet (it has no title).
    """
    if dirty.plain(config):
        packed = _Packed()
        events = config.plugins.events
        events["page_content"].append(packed.content)  # after the others: the final HTML
        events["page_context"].insert(0, packed.context)  # before the others read it
        events["post_page"].append(packed.written)


class _Packed:
    """Each converted page's HTML, zlib-packed, by the page's source path."""

    def __init__(self) -> None:
        self.pages: dict[str, bytes] = {}

    def content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        page.markdown = ""
        self.pages[page.file.src_uri] = zlib.compress(html.encode("utf-8", "surrogatepass"), 1)
        return ""

    def context(self, context: Any, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        packed = self.pages.pop(page.file.src_uri, None)
        if packed is not None:
            page.content = zlib.decompress(packed).decode("utf-8", "surrogatepass")
        return context

    def written(self, output: str, page: Page, config: MkDocsConfig) -> str:
        page.content = ""
        return output


def build(config: MkDocsConfig, count: int) -> None:
    """The full build of `config` into its (empty) site_dir by `count` processes."""
    strict, config.strict = bool(config.strict), False  # counted here, over both
    context = multiprocessing.get_context("fork")
    pipes = [context.Pipe(duplex=False) for _ in range(count)]
    children = [
        context.Process(target=_part, args=(config, n, count, send, os.getpid()), daemon=True)
        for n, (_, send) in enumerate(pipes)
    ]
    try:
        for child, (_, send) in zip(children, pipes, strict=True):
            child.start()
            send.close()  # the child's now: a child that dies closes it, and recv says so
        results = [receive.recv() for receive, _ in pipes]
    except EOFError:
        raise RuntimeError("a process building part of the site ended without a word") from None
    finally:
        for child in children:
            if child.is_alive():
                child.kill()
            child.join()
    _report(results, strict)


def _report(results: list[tuple[str, str, list[Record]]], strict: bool) -> None:
    """Log every process's records (one a second process repeats once), then fail as it did."""
    records = _merged([found for _, _, found in results])
    for name, level, message in records:
        record = logging.makeLogRecord({"name": name, "levelno": level, "msg": message})
        record.levelname = logging.getLevelName(level)
        logging.getLogger(name).handle(record)
    for outcome, message, _ in results:
        if outcome == "mkdocs":
            raise Abort(message)
        if outcome == "crash":
            raise RuntimeError(f"a process building part of the site failed:\n{message}")
    counted = [level for name, level, _ in records if name.split(".")[0] == "mkdocs"]
    if strict and (counts := _counts(counted)):
        raise Abort(f"Aborted with {counts} in strict mode!")  # MkDocs' words


def _merged(found: list[list[Record]]) -> list[Record]:
    first = found[0] if found else []
    seen = set(first)
    return first + [r for later in found[1:] for r in later if r not in seen]


def _counts(levels: list[int]) -> str:
    """As MkDocs counts: `1 errors, 2 warnings`, the highest level first."""
    warnings = sorted({lv for lv in levels if lv >= logging.WARNING}, reverse=True)
    return ", ".join(f"{levels.count(lv)} {logging.getLevelName(lv).lower()}s" for lv in warnings)


# --- in each process ---------------------------------------------------------------------------


def _part(config: MkDocsConfig, number: int, count: int, send: Connection, parent: int) -> None:
    """Build share `number` of `count`; send back how it ended and what was logged."""
    _die_with_parent(parent)
    records: list[Record] = []
    outcome, message = "ok", ""
    with _collected(records), dirty.quiet():
        try:
            _build_share(config, number, count)
        except MkDocsException as error:
            outcome, message = "mkdocs", error.format_message()
        except BaseException:  # a traceback is the parent's to show
            outcome, message = "crash", traceback.format_exc()
    send.send((outcome, message, records))
    send.close()


def _build_share(config: MkDocsConfig, number: int, count: int) -> None:
    share = _Share(number, count, dirty.nav_pages(config))
    config.plugins.events["files"].append(share.files)
    config.plugins.events["env"].append(share.env)
    if number > 0:  # the first writes them
        config.theme.static_templates = set()
        config.extra_templates = []
    mkdocs_build(config, dirty=True)


class _Share:
    """`on_files` and `on_env` of one process: MkDocs asks each file whether it changed (read,
    then written), and only this process's share of the pages says yes."""

    def __init__(self, number: int, count: int, nav: frozenset[str]) -> None:
        self.number, self.count, self.nav = number, count, nav
        self.building = False  # set by `env`: MkDocs has read the pages, writing starts

    def files(self, files: Files, config: MkDocsConfig) -> Files:
        pages = sorted(file.src_uri for file in files.documentation_pages())
        mine = frozenset(pages[self.number :: self.count])
        for file in files:
            if file.is_documentation_page():
                read = file.src_uri in mine or file.src_uri in self.nav
                asked = functools.partial(self._asked, read, file.src_uri in mine)
            else:
                asked = functools.partial(bool, self.number == 0)
            file.is_modified = asked  # type: ignore[method-assign]
        return files

    def env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        self.building = True
        return env

    def _asked(self, read: bool, write: bool) -> bool:
        return write if self.building else read


class _Collector(logging.Handler):
    def __init__(self, records: list[Record]) -> None:
        super().__init__(logging.NOTSET)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


@contextlib.contextmanager
def _collected(records: list[Record]) -> Iterator[None]:
    """Every record logged in this process into `records` instead of the inherited handlers."""
    collector = _Collector(records)
    for name in ("mkdocs", "generator", ""):
        logger = logging.getLogger(name or None)
        logger.handlers = [collector]
        logger.propagate = False
    yield


def _die_with_parent(parent: int) -> None:
    """A killed `wunschzeit build` takes its processes with it: none writes on afterwards."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


def _free_cpus() -> float:
    """The CPUs this process may use, less what other processes keep busy: the idle share of
    the CPUs over a moment in which this process sleeps (/proc/stat), else the last minute's
    load average, in which this build counts as one. The idle share first: `wunschzeit build`
    forks a render worker per core just before, which keeps the load average near 2 on an
    idle 2-core machine for a minute, and the pyvideo.org catalogue's MkDocs part (108 s of
    CPU) ran in one process (benchmarks/README.md, "Real catalogue speed")."""
    affinity = getattr(os, "sched_getaffinity", None)
    usable = len(affinity(0)) if affinity is not None else 1
    idle = _idle_share()
    if idle is not None:
        return usable * idle
    try:
        return usable - max(os.getloadavg()[0] - 1, 0)
    except (OSError, AttributeError):  # no load average: as if idle
        return usable


def _idle_share(seconds: float = 0.2) -> float | None:
    """The share of all CPUs' time that was idle over the next `seconds`; None without
    /proc/stat."""
    try:
        before = _cpu_times()
        time.sleep(seconds)
        after = _cpu_times()
    except (OSError, ValueError, IndexError):
        return None
    total = sum(after) - sum(before)
    idle = after[3] + after[4] - before[3] - before[4]  # idle and waiting for the disk
    return min(max(idle / total, 0.0), 1.0) if total > 0 else None


def _cpu_times() -> list[int]:
    """The first line of /proc/stat: user, nice, system, idle, iowait, irq, softirq, steal."""
    with open("/proc/stat", encoding="ascii") as stat:
        fields = stat.readline().split()
    if fields[0] != "cpu":
        raise ValueError("not the CPUs' line")
    return [int(field) for field in fields[1:9]]
