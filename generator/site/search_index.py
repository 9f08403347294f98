"""Pagefind's index in shards: an edit re-indexes the shards of the pages it changed, no more.

Takes a built site (its talk, expert and event pages) and, when there is one, the record and
folder of the previous index; gives `<output>/shards.json` and one Pagefind bundle per shard,
`<output>/<NN>/`, and the record of the new index. The reader's browser merges the shards into
one search (Pagefind's `mergeIndex`, see assets/search/wunschzeit-search.js).

Why shards: Pagefind has no incremental mode. One run over every page took 21 s of a 57 s
`build` after one edited answer at 5,000 talks × 20 (idle machine), and it holds the whole
index in memory (the largest process of a 20,000-talk build had 3.3 GB). A page's shard follows
from its path alone, so a cold build and an incremental one put every page into the same shard,
and a shard is indexed from the same pages in both: the incremental index is the cold one.

A previous bundle is reused only when the record was made from pages of the same content
(SHA-256 of each page; its size, time and inode spare hashing a page the record has seen), with
the same settings and Pagefind, and the bundle's files are still the ones Pagefind wrote (names,
sizes, times, inodes: a bundle copied, unpacked or changed since differs). Anything else (a
damaged or foreign bundle, a record that does not fit) is indexed again.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import shutil
import subprocess
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG

from generator.errors import WunschzeitError
from generator.pipeline import stamps
from generator.site import swap

OUTPUT = "pagefind"
SHARDS = "shards.json"
RECORD = "search.json"
_FORMAT = 1
# Only pages whose sections are questions, experts and events; the lists (tags, open
# questions, overviews) repeat question titles and would only add duplicate results.
FOLDERS = ("talks", "experts", "events")
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
# Bytes of indexed pages per shard (the HTML read: Pagefind's time and memory follow it). More
# shards make an edit cheaper but a first query dearer: each loads one index chunk per shard,
# 30-45 KB. At 5,000 talks x 20 (320 MB of pages; benchmarks/README.md) one shard gave 270 KB
# for a first query, 4 shards 406 KB, 16 shards 695 KB; 2 keep it under 300 KB (the site's
# budget). The preview, read from this machine only, uses small shards (PREVIEW_SHARD_BYTES).
SHARD_BYTES = 160_000_000
PREVIEW_SHARD_BYTES = 16_000_000
_MOST_SHARDS = 64
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
Stat = list[int]  # size, mtime_ns, inode


@dataclass(frozen=True)
class Index:
    """What an index was made from: per page its stat and SHA-256, per shard its bundle's."""

    settings: str
    pages: dict[str, tuple[Stat, str]]
    bundles: dict[str, str]


@dataclass(frozen=True)
class Previous:
    """The record of the previous index and the folder that holds its bundles."""

    index: Index
    folder: Path


def build(
    site_dir: Path,
    language: str,
    output: Path,
    previous: Previous | None,
    shard_bytes: int | None = None,
) -> Index:
    """Index the site's pages into `output` in shards of about `shard_bytes` (SHARD_BYTES by
    default), reusing the bundles of unchanged shards."""
    shard_bytes = shard_bytes or SHARD_BYTES
    settings = _settings(language, shard_bytes)
    if previous is not None and previous.index.settings != settings:
        previous = None
    pages = _hashed(site_dir, find_pages(site_dir), previous)
    size = sum(stat[0] for stat, _digest in pages.values())
    shards = assign(sorted(pages), shard_count(size, shard_bytes))
    output.mkdir(parents=True, exist_ok=False)
    bundles = {n: _reused(n, shards[n], pages, previous, output) for n in sorted(shards)}
    stale = [name for name, digest in bundles.items() if not digest]
    with ThreadPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
        list(pool.map(lambda n: _index_shard(site_dir, shards[n], output / n, language), stale))
    bundles.update({n: bundle_digest(output / n, shards[n], pages) for n in stale})
    (output / SHARDS).write_text(json.dumps({"shards": sorted(shards)}) + "\n", encoding="utf-8")
    return Index(settings, pages, bundles)


def find_pages(site_dir: Path) -> list[str]:
    """The indexed pages, as POSIX paths relative to the site."""
    found = []
    for folder in FOLDERS:
        try:
            entries = list(os.scandir(site_dir / folder))
        except FileNotFoundError:
            continue
        for entry in entries:
            page = f"{folder}/{entry.name}/index.html"
            if entry.is_dir(follow_symlinks=False) and os.path.isfile(site_dir / page):
                found.append(page)
    return sorted(found)


def shard_count(size: int, shard_bytes: int) -> int:
    """One shard per `shard_bytes` of pages, rounded up to a power of two (so that it changes
    seldom as an archive grows: each change re-indexes everything once)."""
    count = 1
    while count * shard_bytes < size and count < _MOST_SHARDS:
        count *= 2
    return count


def assign(pages: Iterable[str], count: int) -> dict[str, list[str]]:
    """The pages of each shard, by a hash of the page's path; empty shards left out."""
    shards: dict[str, list[str]] = {}
    for page in pages:
        number = int.from_bytes(hashlib.sha256(page.encode()).digest()[:4], "big") % count
        shards.setdefault(f"{number:02d}", []).append(page)
    return shards


def _settings(language: str, shard_bytes: int) -> str:
    digest = hashlib.sha256(f"{_FORMAT}\0{language}\0{ROOT}\0{EXCLUDE}\0{shard_bytes}".encode())
    for name in ("pagefind", "pagefind_bin"):
        try:
            digest.update(f"\0{name}={importlib.metadata.version(name)}".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"\0{name}=-".encode())
    digest.update(str(pagefind_command()).encode())
    return digest.hexdigest()


def _hashed(
    site_dir: Path, pages: list[str], previous: Previous | None
) -> dict[str, tuple[Stat, str]]:
    """Each page's stat and SHA-256; a page whose stat the previous record has is not read."""
    known = previous.index.pages if previous is not None else {}
    found: dict[str, tuple[Stat, str]] = {}
    for page in pages:
        stat = os.stat(site_dir / page)
        key = [stat.st_size, stat.st_mtime_ns, stat.st_ino]
        before = known.get(page)
        if before is not None and before[0] == key:
            found[page] = before
        else:
            found[page] = (key, hashlib.sha256((site_dir / page).read_bytes()).hexdigest())
    return found


def _reused(
    name: str,
    pages: list[str],
    hashed: dict[str, tuple[Stat, str]],
    previous: Previous | None,
    output: Path,
) -> str:
    """Link the previous bundle of shard `name` into output when it is the one to use, and
    give its digest ("" when not): the digest covers the names and hashes of its pages, so it
    matches only a bundle made from the same pages."""
    if previous is None or name not in previous.index.bundles:
        return ""
    folder, recorded = previous.folder / name, previous.index.bundles[name]
    if not folder.is_dir() or bundle_digest(folder, pages, hashed) != recorded:
        return ""
    _link_tree(folder, output / name)
    return recorded


def bundle_digest(folder: Path, pages: list[str], hashed: dict[str, tuple[Stat, str]]) -> str:
    """SHA-256 of the pages a bundle was made from (names and hashes) and of its files (names,
    sizes, times and inodes: a bundle copied, unpacked or edited since differs); empty for a
    bundle with anything but files and folders in it (Pagefind writes no links). Its files are
    not read: at 5,000 talks they are thousands, and a build after an edit has 1-3 s for all."""
    digest = hashlib.sha256()
    for page in pages:
        digest.update(f"{page}\0{hashed[page][1]}\0".encode())
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


def _link_tree(source: Path, target: Path) -> None:
    for folder, _dirs, names in os.walk(source):
        here = target / Path(folder).relative_to(source)
        here.mkdir(parents=True, exist_ok=True)
        for name in names:
            os.link(Path(folder, name), here / name, follow_symlinks=False)


def _index_shard(site_dir: Path, pages: list[str], target: Path, language: str) -> None:
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


def previous(folder: stamps.Folder, site_dir: Path) -> Previous | None:
    """The record of the index in site_dir, when it describes the build now there."""
    record = folder.read(RECORD, _FORMAT)
    marker = site_dir / swap.MARKER
    if not isinstance(record, dict) or not marker.is_file():
        return None
    if record.get("built") != marker.read_text("utf-8") or record.get("site") != str(site_dir):
        return None
    index = _decoded(record.get("index"))
    if index is None:
        folder.warn(RECORD, "damaged cache, rebuilt")
        return None
    return Previous(index, site_dir / OUTPUT)


def remember(folder: stamps.Folder, site_dir: Path, index: Index) -> None:
    """Record the index now in site_dir (after the swap) for the next build's `previous`."""
    encoded = {
        "settings": index.settings,
        "pages": {page: [stat, digest] for page, (stat, digest) in index.pages.items()},
        "bundles": index.bundles,
    }
    record = {
        "built": (site_dir / swap.MARKER).read_text("utf-8"),
        "site": str(site_dir),
        "index": encoded,
    }
    folder.write(RECORD, _FORMAT, record)


def _decoded(data: object) -> Index | None:
    if not isinstance(data, dict) or data.keys() != {"settings", "pages", "bundles"}:
        return None
    settings, pages, bundles = data["settings"], data["pages"], data["bundles"]
    if not isinstance(settings, str) or not isinstance(pages, dict):
        return None
    if not isinstance(bundles, dict) or not all(isinstance(v, str) for v in bundles.values()):
        return None
    decoded: dict[str, tuple[Stat, str]] = {}
    for page, value in pages.items():
        if not (isinstance(value, list) and len(value) == 2 and isinstance(value[1], str)):
            return None
        stat = value[0]
        if not (isinstance(stat, list) and len(stat) == 3 and all(type(n) is int for n in stat)):
            return None
        decoded[page] = (stat, value[1])
    return Index(settings, decoded, bundles)
