"""One run at a time per archive: an advisory lock (flock) on the archive folder itself.

Takes the archive root; gives `archive_lock`, held while a run writes site_src/ or swaps site/.
Two runs at once used to break each other's temporary files (1 in 5 concurrent `generate` or
`build` runs crashed). A second run waits up to `WAIT` seconds, says once who holds the lock
(pid, command, since when), then fails. The lock is taken on the folder, not on a lock file:
nothing is created (no file for git to ignore, none in site_src/ for MkDocs to watch, no
site_src/ made by a run that then refuses to write), and the kernel releases it when its
holder dies, even by kill -9. Who holds it is read from /proc/locks (Linux; elsewhere the
message says less). Within one process the lock is re-entrant per thread, so `build` can hold
it around `generate`.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from generator.errors import WunschzeitError

WAIT = 60.0  # seconds; a build of a large archive takes about that long
_POLL = 0.1
log = logging.getLogger(__name__)

_held: dict[tuple[Path, int], int] = {}  # (archive, thread) → how deeply it is held
_held_guard = threading.Lock()
_open: dict[Path, int] = {}  # archive → the descriptor its lock is held on


def _forget_in_child() -> None:
    """A forked worker (render's) must not keep the lock: if its parent is killed, an orphan
    holding the inherited descriptor would block every later run."""
    global _held_guard
    _held_guard = threading.Lock()
    _held.clear()
    for fd in _open.values():
        with contextlib.suppress(OSError):
            os.close(fd)
    _open.clear()


os.register_at_fork(after_in_child=_forget_in_child)


@contextlib.contextmanager
def archive_lock(root: Path, *, wait: float | None = None) -> Iterator[None]:
    """Hold the archive's lock for the block; raise WunschzeitError if another run keeps it."""
    mine = (root.resolve(), threading.get_ident())
    with _held_guard:
        depth = _held.get(mine, 0)
        _held[mine] = depth + 1
    try:
        if depth:
            yield
        else:
            with _locked(mine[0], WAIT if wait is None else wait):
                yield
    finally:
        with _held_guard:
            _held[mine] -= 1
            if not _held[mine]:
                del _held[mine]


@contextlib.contextmanager
def _locked(root: Path, wait: float) -> Iterator[None]:
    try:
        fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as error:
        raise WunschzeitError(f"{root}: cannot be opened: {error.strerror}") from error
    try:
        _acquire(fd, root, wait)
        _open[root] = fd
        yield
    finally:
        _open.pop(root, None)
        os.close(fd)  # releases the flock


def _acquire(fd: int, root: Path, wait: float) -> None:
    deadline = time.monotonic() + wait
    told = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        if time.monotonic() >= deadline:
            raise WunschzeitError(
                f"{root}: another Wunschzeit run ({holder(fd)}) still works on this archive "
                f"after {wait:g} s; try again when it has finished"
            )
        if not told:
            log.warning("waiting for another Wunschzeit run (%s) to finish", holder(fd))
            told = True
        time.sleep(_POLL)


def holder(fd: int) -> str:
    """Who holds the flock on the file open as `fd`: pid, command line, since when."""
    pid = _holder_pid(os.fstat(fd))
    if pid is None:
        return "pid unknown"
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().rstrip(b"\0").replace(b"\0", b" ")
        started = _start_time(pid)
    except (OSError, ValueError, IndexError, StopIteration):
        return f"pid {pid}"
    words = " ".join(command.decode("utf-8", "replace").split())[:120]
    shown = "".join(c if c.isprintable() else "?" for c in words)  # no terminal escapes
    since = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(started))
    return f"pid {pid}, `{shown}`, since {since}"


def _start_time(pid: int) -> float:
    """When process `pid` started, in seconds since the epoch (Linux)."""
    ticks = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19])
    boot = next(
        int(line.split()[1])
        for line in Path("/proc/stat").read_text().splitlines()
        if line.startswith("btime ")
    )
    return boot + ticks / os.sysconf("SC_CLK_TCK")


def _holder_pid(stat: os.stat_result) -> int | None:
    """The pid /proc/locks names for a flock on this file (Linux), else None."""
    device = f"{os.major(stat.st_dev):02x}:{os.minor(stat.st_dev):02x}:{stat.st_ino}"
    try:
        lines = Path("/proc/locks").read_text(encoding="ascii", errors="replace").splitlines()
    except OSError:
        return None
    for line in lines:
        fields = line.split()
        # "1: FLOCK  ADVISORY  WRITE 4242 08:01:1234 0 EOF"; "->" marks a waiting request
        if len(fields) >= 6 and fields[1] == "FLOCK" and fields[5] == device:
            return int(fields[4]) if fields[4].isdigit() else None
    return None
