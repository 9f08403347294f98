"""Put a fresh build in place of site/ so that some complete site/ exists at every moment.

Takes the site folder (site_dir) and a fresh build beside it; gives site/ replaced. On Linux
the two are exchanged in one step (renameat2 with RENAME_EXCHANGE); elsewhere, or on a file
system without it, site/ is renamed aside and the build renamed in, and a build killed between
the two renames is repaired by the next one (`recover` moves the old site back). Every build
carries a marker file; a site/ without it (and not empty, nor an older MkDocs build) is the
editor's, and is never replaced. Leftover folders of killed builds, named by us, are removed.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

from generator.errors import WunschzeitError

MARKER = ".wunschzeit-built"  # in every site we build: its build id
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_UNSUPPORTED = (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP)


def new_folder(site_dir: Path) -> Path:
    """An empty folder beside site_dir for MkDocs to build into."""
    return Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-build-", dir=site_dir.parent))


def finish(fresh: Path) -> None:
    """Mark a complete build as ours, readable by a web server running as another user."""
    (fresh / MARKER).write_text(uuid.uuid4().hex + "\n", encoding="utf-8")
    os.chmod(fresh, 0o777 & ~_umask())  # mkdtemp made it 0700


def check_replaceable(site_dir: Path) -> None:
    """Refuse to replace a site_dir that Wunschzeit (or MkDocs) did not build."""
    if site_dir.is_symlink() or (site_dir.exists() and not site_dir.is_dir()):
        raise WunschzeitError(f"{site_dir}: site_dir must be a folder, not a file or a symlink")
    if not site_dir.exists() or (site_dir / MARKER).is_file() or not any(site_dir.iterdir()):
        return
    # Sites built before the marker existed: MkDocs always writes these two.
    if (site_dir / "index.html").is_file() and (site_dir / "sitemap.xml.gz").is_file():
        return
    raise WunschzeitError(
        f"{site_dir}: refusing to replace this folder: it is not a site Wunschzeit built (no "
        f"{MARKER} in it); move it away, or set site_dir in mkdocs.yml to a folder of its own"
    )


def swap(fresh: Path, site_dir: Path) -> None:
    """Put `fresh` in place of site_dir; afterwards `fresh` holds the previous site, if any."""
    if not site_dir.exists():
        fresh.rename(site_dir)
        return
    if _exchange(fresh, site_dir):
        return
    old = site_dir.with_name(f".{site_dir.name}-old-{time.time_ns()}")
    site_dir.rename(old)
    fresh.rename(site_dir)  # killed before this line: `recover` moves `old` back
    old.rename(fresh)


def recover(site_dir: Path) -> None:
    """Undo what a killed build left: bring back a site moved aside, remove our leftovers."""
    leftovers = _leftovers(site_dir)
    olds = sorted(p for p in leftovers if p.name.startswith(f".{site_dir.name}-old-"))
    if olds and not site_dir.exists() and not site_dir.is_symlink():
        olds[-1].rename(site_dir)  # the newest: the site that was live when the build died
        leftovers.remove(olds[-1])
    for folder in leftovers:
        shutil.rmtree(folder)


def _leftovers(site_dir: Path) -> list[Path]:
    """Folders beside site_dir named like our builds; wave-1 builds named them `.site-x1y2z3a4`
    (tempfile's 8 characters) and `.site-old`."""
    name = re.escape(site_dir.name)
    ours = re.compile(rf"\.{name}-(?:(?:build|old)-[A-Za-z0-9_]+|[a-z0-9_]{{8}}|old)")
    if not site_dir.parent.is_dir():
        return []
    return sorted(
        entry
        for entry in site_dir.parent.iterdir()
        if ours.fullmatch(entry.name) and entry.is_dir() and not entry.is_symlink()
    )


def _exchange(fresh: Path, site_dir: Path) -> bool:
    """Exchange two folders in one atomic step; False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a libc older than glibc 2.28, or not glibc
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    renameat2.argtypes += [ctypes.c_uint]
    old, new = os.fsencode(fresh), os.fsencode(site_dir)
    if renameat2(_AT_FDCWD, old, _AT_FDCWD, new, _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(site_dir))


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
