"""Facts several parts of the package need, each defined once: file names, folders, defaults.

Imports nothing of the package, like models, errors and timestamps; the package's own data
files (assets, scaffold, hooks) are found here with importlib.resources, never `__file__`.
"""

from __future__ import annotations

import re
from importlib.resources import files
from importlib.resources.abc import Traversable

VIDEOS = "videos.yml"  # the editor's list of talks
CONFIG = "mkdocs.yml"  # the user's MkDocs configuration
ARCHIVE_FILES = (VIDEOS, CONFIG)  # a folder holding these is an archive root
CONTENT = "content"
MEDIA = "media"
CACHE_DIR = "content/.cache"  # fetched recording metadata, thumbnails and captions
DOCS_DIR = "site_src"  # MkDocs' sources; the default docs_dir of a new archive
SITE_DIR = "site"

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")  # ids of talks, questions, experts, events
LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")  # a BCP 47 language tag, lower case
DEFAULT_LANGUAGE = "de"  # the first users are German; a talk or site may say otherwise

# Media files browsers play in <video>/<audio>, by file name ending.
MEDIA_TYPES = (".mp4", ".m4v", ".m4a", ".mov", ".webm", ".ogg", ".ogv", ".mp3", ".opus")


def package_data(*parts: str) -> Traversable:
    """A data file or folder shipped inside the package, e.g. `package_data("assets")`."""
    found = files("generator")
    for part in parts:
        found = found / part
    return found
