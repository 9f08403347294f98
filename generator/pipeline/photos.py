"""Expert photos: `content/experts/<id>.jpg`, `.png` or `.webp` beside the expert's file.

Takes the experts and the archive root; gives each expert its photo (a root-relative path) and
the problems of the photos that cannot be published: too large, not the image their ending
names, a symbolic link leading outside the archive, two photos of one expert, or a photo of
no expert. Part of `enrich`; reads the first bytes of each photo, never the network.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from generator.constants import CONTENT
from generator.errors import Problem
from generator.models import Expert
from generator.pipeline.load import PHOTO_TYPES, files_under, refusal

FOLDER = f"{CONTENT}/experts"
MAX_PHOTO_BYTES = 2_000_000  # a portrait for the web is 50-300 KB; more is a camera original
_MAGIC = {".jpg": (b"\xff\xd8\xff",), ".png": (b"\x89PNG\r\n\x1a\n",)}


def is_photo(where: str) -> bool:
    """Is root-relative `where` named like an expert photo (`content/experts/<id>.png`)?"""
    path = PurePosixPath(where)
    return path.parent.as_posix() == FOLDER and path.suffix in PHOTO_TYPES


def with_photos(
    root: Path, experts: Iterable[Expert], declared: frozenset[str]
) -> tuple[tuple[Expert, ...], list[Problem]]:
    """The experts, each with its photo if it has a usable one; and the photos' problems."""
    problems: list[Problem] = []
    by_id: dict[str, list[str]] = {}
    for where in files_under(root, FOLDER):
        if is_photo(where):
            by_id.setdefault(PurePosixPath(where).stem, []).append(where)
    experts = tuple(experts)
    known = {e.id for e in experts} | {d.removeprefix("expert:") for d in declared}
    for stem, found in sorted(by_id.items()):
        if stem not in known:
            message = f"photo of no expert: there is no {FOLDER}/{stem}.md"
            problems.extend(Problem(where, 1, message) for where in found)
        elif len(found) > 1:
            others = ", ".join(PurePosixPath(w).name for w in found[1:])
            problems.append(Problem(found[0], 1, f"one photo per expert, not also {others}"))
    photos = {stem: found[0] for stem, found in by_id.items() if len(found) == 1}
    checked = {i: w for i, w in photos.items() if _usable(root, w, problems)}
    return tuple(
        dataclasses.replace(e, photo=checked[e.id]) if e.id in checked else e for e in experts
    ), problems


def _usable(root: Path, where: str, problems: list[Problem]) -> bool:
    """A regular file inside the archive, small enough, of the type its ending names."""
    problem = refusal(root, where, "this photo") or _checked_file(root / where, where)
    problems.extend([problem] if problem else [])
    return problem is None


def _checked_file(path: Path, where: str) -> Problem | None:
    try:
        with path.open("rb") as stream:  # the limit holds while reading
            data = stream.read(MAX_PHOTO_BYTES + 1)
    except OSError as error:
        return Problem(where, 1, f"cannot be read: {error.strerror}")
    if len(data) > MAX_PHOTO_BYTES:
        return Problem(
            where, 1, f"photo is too large (more than {MAX_PHOTO_BYTES} bytes); scale it down"
        )
    found = image_type(data)
    if found is None:
        return Problem(where, 1, "photo is no JPEG, PNG or WebP image")
    if found != path.suffix:
        return Problem(where, 1, f"photo is a {found[1:].upper()} image; name it {found}")
    return None


def image_type(data: bytes) -> str | None:
    """`.jpg`, `.png` or `.webp` from an image's first bytes; None for anything else."""
    for suffix, magics in _MAGIC.items():
        if data.startswith(magics):
            return suffix
    return ".webp" if data[:4] == b"RIFF" and data[8:12] == b"WEBP" else None
