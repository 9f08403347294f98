"""`wunschzeit init DIR`: a new archive folder from the scaffold shipped with the package.

Takes a folder that does not exist yet (or is empty); gives the relative paths it created:
videos.yml with one talk, an event, an expert, one collected question, mkdocs.yml (navigation,
site name and theme language in the archive's language, German or English), a .gitignore, CI
workflows for GitHub and GitLab that check, build and publish the site with the Wunschzeit
version pinned in requirements.txt, and in site_src/ the templates of an imprint and a privacy
statement in the archive's language, marked as templates so that `check` warns until they are
filled in — enough to `check`, `serve` and `build` right away. Never overwrites a file.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib.resources.abc import Traversable
from pathlib import Path

from generator import __version__
from generator.constants import DEFAULT_LANGUAGE, package_data
from generator.errors import UsageError, WunschzeitError

# Packaging tools drop dotfiles and dot-folders from package data, so the scaffold stores them
# without the dot; these names at its top get the dot back.
_RENAMED = {"gitignore": ".gitignore", "gitlab-ci.yml": ".gitlab-ci.yml", "github": ".github"}
# CI installs the version that made the archive; requirements.txt is where the archive pins it.
_VERSIONED = {"requirements.txt"}
_VERSION_MARK = b"{wunschzeit_version}"


LANGUAGES = ("de", "en")  # the languages of the own-page templates and of mkdocs.yml
# Folders with one subfolder per language; the chosen language's files go where the folder is
# named for (mkdocs.yml: its nav, site name and theme.language in the archive's language).
_LOCALIZED = {"site_src/": "site_src/", "localized/": ""}


def init(directory: Path, language: str = DEFAULT_LANGUAGE) -> tuple[str, ...]:
    """Create a new archive in `directory`; raise UsageError if it holds anything already."""
    if language not in LANGUAGES:
        raise UsageError(f"no templates for language {language!r}; choose {' or '.join(LANGUAGES)}")
    _check_empty(directory)
    created: list[str] = []
    for relative, source in sorted(_chosen(language)):
        dest = directory / relative
        try:
            dest.parent.mkdir(parents=True, exist_ok=True)
            with dest.open("xb") as out:  # "x": fail instead of overwriting
                out.write(_filled(relative, source.read_bytes()))
        except OSError as error:
            raise WunschzeitError(f"cannot create {dest}: {error.strerror}") from error
        created.append(relative)
    return tuple(created)


def _chosen(language: str) -> Iterator[tuple[str, Traversable]]:
    """The scaffold's files, of the localized ones only those of `language`."""
    for relative, source in _scaffold_files(package_data("scaffold")):
        folder = next((f for f in _LOCALIZED if relative.startswith(f)), None)
        if folder is None:
            yield relative, source
        elif relative.startswith(f"{folder}{language}/"):
            yield _LOCALIZED[folder] + relative.removeprefix(f"{folder}{language}/"), source


def _filled(relative: str, data: bytes) -> bytes:
    if relative not in _VERSIONED:
        return data
    return data.replace(_VERSION_MARK, __version__.encode("ascii"))


def _check_empty(directory: Path) -> None:
    if directory.exists() and not directory.is_dir():
        raise UsageError(f"{directory} exists and is not a folder")
    if directory.is_dir() and any(directory.iterdir()):
        raise UsageError(f"{directory} is not empty; choose a new folder for the archive")


def _scaffold_files(folder: Traversable, prefix: str = "") -> Iterator[tuple[str, Traversable]]:
    for entry in folder.iterdir():
        if entry.name == "__pycache__":
            continue
        name = entry.name if prefix else _RENAMED.get(entry.name, entry.name)
        if entry.is_dir():
            yield from _scaffold_files(entry, f"{prefix}{name}/")
        else:
            yield f"{prefix}{name}", entry
