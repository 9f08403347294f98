"""Pagefind's bundles on disk: one run of Pagefind over some pages of a site, and a bundle's digest.

A run sees a folder of hard links to just its pages (so the URLs are the site's), with the
site's root selector and exclusions; the digest covers the pages a bundle was made from and its
files' stat, so that search_index.py reuses a bundle only while it is what Pagefind wrote.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path
from stat import S_ISREG

from generator.errors import WunschzeitError

# The page's content, without Material's header, navigation and footer.
ROOT = "article.md-content__inner"
# Not worth indexing, and repeated on every question or talk: the ¶ permalinks of headings
# (they would end every result title), jump link times, status badges, tag lines, share
# buttons; the player (its timeline repeats every answered question's title, its consent
# text is the same on every talk) and the answers' overview (the titles once more). At 1,000
# talks × 20 they were a fifth of the index and a third of Pagefind's memory.
EXCLUDE = (
    ".headerlink, .wz-jump, .wz-status, .wz-tags, .wz-share, .wz-share__status, .wz-stage, "
    ".wz-outline, .wz-card__duration"
)
# Pagefind writes its ready-made interfaces into every bundle; the site uses its API only.
_UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


def bundle_digest(folder: Path, pages: list[str], hashes: Mapping[str, str]) -> str:
    """SHA-256 of the pages a bundle was made from (names and hashes) and of its files (names,
    sizes, times and inodes: a bundle copied, unpacked or edited since differs); empty for a
    bundle with anything but files and folders in it (Pagefind writes no links). Its files are
    not read: at 5,000 talks they are thousands, and a build after an edit has 1-3 s for all."""
    digest = hashlib.sha256()
    for page in pages:
        digest.update(f"{page}\0{hashes[page]}\0".encode())
    for here, dirs, names in os.walk(folder):
        if any(os.path.islink(os.path.join(here, name)) for name in dirs):
            return ""
        dirs.sort()
        for name in sorted(names):
            stat = os.lstat(os.path.join(here, name))
            if not S_ISREG(stat.st_mode):
                return ""
            where = Path(here, name).relative_to(folder).as_posix()
            digest.update(f"{where}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ino}\0".encode())
    return digest.hexdigest()


def link_tree(source: Path, target: Path) -> None:
    for folder, _dirs, names in os.walk(source):
        here = target / Path(folder).relative_to(source)
        here.mkdir(parents=True, exist_ok=True)
        for name in names:
            os.link(Path(folder, name), here / name, follow_symlinks=False)


def index_bundle(site_dir: Path, pages: list[str], target: Path, language: str) -> None:
    """Run Pagefind over a folder of hard links to the shard's pages (same URLs as the site)."""
    tree = target.with_name(f".pages-{target.name}")
    shutil.rmtree(tree, ignore_errors=True)
    try:
        for page in pages:
            (tree / page).parent.mkdir(parents=True, exist_ok=True)
            _link_or_copy(site_dir / page, tree / page)
        command = [*pagefind_command(), "--site", str(tree), "--output-path", str(target)]
        command += ["--root-selector", ROOT, "--exclude-selectors", EXCLUDE]
        _run([*command, "--force-language", language, "--quiet"])
    finally:
        shutil.rmtree(tree, ignore_errors=True)
    for name in _UNUSED:
        (target / name).unlink(missing_ok=True)


def _link_or_copy(source: Path, target: Path) -> None:
    """A hard link (no bytes copied); a copy when the two are on different file systems (the
    preview's index lives in a temporary folder)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise WunschzeitError(f"Pagefind failed: {detail[-1] if detail else result.returncode}")


def pagefind_command() -> list[str]:
    """The pagefind binary, from the `pagefind[bin]` package (or PAGEFIND_BINARY_PATH)."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        executable = None
    else:
        executable = get_executable()
    if executable is None:
        raise WunschzeitError(
            "the search is Pagefind, but Pagefind is not installed: pip install "
            "'pagefind[bin]' (or set extra.wunschzeit.search: material in mkdocs.yml)"
        )
    return [str(executable)]
