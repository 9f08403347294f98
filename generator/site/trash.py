"""The previous site, deleted after the swap without making the build wait for it.

Takes a folder to discard and the archive's cache folder (`<docs_dir>/.wunschzeit-cache/`,
on the same file system as site/ in the usual layout); gives the folder moved into
`trash/` there at once and deleted by a background thread. Deleting the tens of thousands of
files of a large site took 2.5–32 s. A run that ends before the thread has finished leaves
the rest, which the next build's `empty` removes first.
"""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

TRASH = "trash"
_running: list[threading.Thread] = []


def discard(folder: Path, cache: Path) -> None:
    """Move `folder` into the trash and delete it there in the background."""
    if not folder.exists():
        return
    aside = cache / TRASH / f"{folder.name}-{time.time_ns()}"
    try:
        aside.parent.mkdir(parents=True, exist_ok=True)
        folder.rename(aside)
    except OSError:  # another file system, or no cache folder: delete it here
        shutil.rmtree(folder, ignore_errors=True)
        return
    thread = threading.Thread(target=shutil.rmtree, args=(aside, True), daemon=True)
    thread.start()
    _running.append(thread)


def empty(cache: Path) -> None:
    """Wait for this process's deletions, then remove what earlier runs left in the trash."""
    while _running:
        _running.pop().join()
    shutil.rmtree(cache / TRASH, ignore_errors=True)
