"""`wunschzeit init DIR`: a new archive folder from the scaffold shipped with the package.

Takes a folder that does not exist yet (or is empty); gives the relative paths it created:
videos.yml with one talk, an event, an expert, one collected question, mkdocs.yml and a
.gitignore — enough to `check`, `serve` and `build` right away. Never overwrites a file.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from generator.errors import UsageError, WunschzeitError

# Packaging tools drop dotfiles from package data, so the scaffold stores them without the dot.
_RENAMED = {"gitignore": ".gitignore"}


def init(directory: Path) -> tuple[str, ...]:
    """Create a new archive in `directory`; raise UsageError if it holds anything already."""
    _check_empty(directory)
    created: list[str] = []
    for relative, source in sorted(_scaffold_files(files("generator") / "scaffold")):
        dest = directory / relative
        try:
            dest.parent.mkdir(parents=True, exist_ok=True)
            with dest.open("xb") as out:  # "x": fail instead of overwriting
                out.write(source.read_bytes())
        except OSError as error:
            raise WunschzeitError(f"cannot create {dest}: {error.strerror}") from error
        created.append(relative)
    return tuple(created)


def _check_empty(directory: Path) -> None:
    if directory.exists() and not directory.is_dir():
        raise UsageError(f"{directory} exists and is not a folder")
    if directory.is_dir() and any(directory.iterdir()):
        raise UsageError(f"{directory} is not empty; choose a new folder for the archive")


def _scaffold_files(folder: Traversable, prefix: str = "") -> Iterator[tuple[str, Traversable]]:
    for entry in folder.iterdir():
        if entry.name == "__pycache__":
            continue
        if entry.is_dir():
            yield from _scaffold_files(entry, f"{prefix}{entry.name}/")
        else:
            yield f"{prefix}{_RENAMED.get(entry.name, entry.name)}", entry
