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

After an edit the main shards are not indexed again at all while few pages changed since they
were made: those pages (added, changed or deleted) are indexed into one small extra bundle, the
delta (like an LSM tree's small level), and shards.json names them "superseded": the browser
drops their stale copies from the main shards. Once more pages changed than `delta_limit`, the
shards holding them are indexed again (to the cold result) and the delta is gone.

A previous bundle is reused only when the record was made from pages of the same content
(SHA-256 of each page; its size, time and inode spare hashing a page the record has seen), with
the same settings and Pagefind, and the bundle's files are still the ones Pagefind wrote (names,
sizes, times, inodes: a bundle copied, unpacked or changed since differs); the main shards
are checked against the pages they were made from, the delta against the changed pages now.
Anything else (a damaged or foreign bundle, a record that does not fit) is indexed again.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from generator.pipeline import stamps
from generator.site import swap
from generator.site.search_bundle import EXCLUDE as EXCLUDE
from generator.site.search_bundle import ROOT as ROOT
from generator.site.search_bundle import bundle_digest, index_bundle, link_tree
from generator.site.search_bundle import pagefind_command as pagefind_command

OUTPUT = "pagefind"
SHARDS = "shards.json"
RECORD = "search.json"
DELTA = "delta"
_FORMAT = 2
# Only pages whose sections are questions, experts and events; the lists (tags, open
# questions, overviews) repeat question titles and would only add duplicate results.
FOLDERS = ("talks", "experts", "events")
# Bytes of indexed pages per shard (the HTML read: Pagefind's time and memory follow it). More
# shards make an edit cheaper but a first query dearer: each loads one index chunk per shard,
# 30-45 KB. At 5,000 talks x 20 (320 MB of pages; benchmarks/README.md) one shard gave 270 KB
# for a first query, 4 shards 406 KB, 16 shards 695 KB; 2 keep it under 300 KB (the site's
# budget). The preview, read from this machine only, uses small shards (PREVIEW_SHARD_BYTES).
SHARD_BYTES = 160_000_000
PREVIEW_SHARD_BYTES = 16_000_000
_MOST_SHARDS = 64
# The delta (an LSM tree's small level): after an edit the main shards stay as they are and
# the pages changed since they were made go into one small extra bundle, whose pages replace
# their stale copies in the browser (assets/search/wunschzeit-search.js). Once more pages than
# max(DELTA_PAGES, DELTA_SHARE of the pages) changed, their main shards are indexed again.
DELTA_PAGES = 50
DELTA_SHARE = 0.02
Stat = list[int]  # size, mtime_ns, inode


@dataclass(frozen=True)
class Index:
    """What an index was made from: per page its stat and SHA-256, per main shard its bundle's
    digest, the shard count and the pages' SHA-256 the main shards were indexed from (`base`),
    and the delta bundle's digest ("" when there is none)."""

    settings: str
    pages: dict[str, tuple[Stat, str]]
    bundles: dict[str, str]
    shards: int
    base: dict[str, str]
    delta: str


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
    default), reusing the bundles of unchanged shards; after a few changed pages, the main
    shards are kept and the changed pages go into the delta bundle."""
    shard_bytes = shard_bytes or SHARD_BYTES
    settings = _settings(language, shard_bytes)
    if previous is not None and previous.index.settings != settings:
        previous = None
    pages = _hashed(site_dir, find_pages(site_dir), previous)
    hashes = {page: digest for page, (_stat, digest) in pages.items()}
    count = shard_count(sum(stat[0] for stat, _digest in pages.values()), shard_bytes)
    output.mkdir(parents=True, exist_ok=False)
    base, bundles = _main(site_dir, language, output, previous, hashes, count)
    changed = changed_pages(base, hashes)
    delta = _delta(site_dir, language, output, previous, changed, hashes) if changed else ""
    listing: dict[str, object] = {"shards": sorted(bundles)}
    if changed:
        listing["superseded"] = [page.removesuffix("index.html") for page in changed]
    if delta:
        listing["delta"] = DELTA
    (output / SHARDS).write_text(json.dumps(listing) + "\n", encoding="utf-8")
    return Index(settings, pages, bundles, count, base, delta)


def changed_pages(base: Mapping[str, str], hashes: Mapping[str, str]) -> list[str]:
    """The pages added, changed or deleted since the main shards were indexed."""
    return sorted(
        page for page in base.keys() | hashes.keys() if base.get(page) != hashes.get(page)
    )


def delta_limit(pages: int) -> int:
    """The most changed pages the delta takes before the main shards are indexed again."""
    return max(DELTA_PAGES, int(pages * DELTA_SHARE))


def _main(
    site_dir: Path,
    language: str,
    output: Path,
    previous: Previous | None,
    hashes: dict[str, str],
    count: int,
) -> tuple[dict[str, str], dict[str, str]]:
    """The main shards in output, and the pages' SHA-256 they were indexed from: the previous
    ones when few pages changed since (a damaged one indexed again), else those of the pages
    now, reusing the shards whose pages did not change."""
    old = previous.index if previous is not None else None
    few = old is not None and old.shards == count
    if old is not None and few:
        few = len(changed_pages(old.base, hashes)) <= delta_limit(len(hashes))
    base = dict(old.base) if few and old is not None else dict(hashes)
    shards = assign(sorted(base), count)
    bundles = {n: _reused(n, shards[n], base, previous, output) for n in sorted(shards)}
    now = assign(sorted(hashes), count)
    stale = [name for name, digest in bundles.items() if not digest]
    for name in stale:  # indexed again from the pages there now
        for page in shards[name]:
            del base[page]
        shards[name] = now.get(name, [])
        base.update({page: hashes[page] for page in shards[name]})
        if not shards[name]:
            del bundles[name]
    stale = [name for name in stale if shards[name]]
    with ThreadPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
        list(pool.map(lambda n: index_bundle(site_dir, shards[n], output / n, language), stale))
    bundles.update({n: bundle_digest(output / n, shards[n], base) for n in stale})
    return base, bundles


def _delta(
    site_dir: Path,
    language: str,
    output: Path,
    previous: Previous | None,
    changed: list[str],
    hashes: dict[str, str],
) -> str:
    """The delta bundle of the changed pages still in the site, its digest ("" for none): the
    previous one when made from the same pages, else indexed from them."""
    pages = [page for page in changed if page in hashes]
    if not pages:
        return ""
    if previous is not None and previous.index.delta:
        folder = previous.folder / DELTA
        if folder.is_dir() and bundle_digest(folder, pages, hashes) == previous.index.delta:
            link_tree(folder, output / DELTA)
            return previous.index.delta
    index_bundle(site_dir, pages, output / DELTA, language)
    return bundle_digest(output / DELTA, pages, hashes)


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
    hashes: Mapping[str, str],
    previous: Previous | None,
    output: Path,
) -> str:
    """Link the previous bundle of shard `name` into output when it is the one to use, and
    give its digest ("" when not): the digest covers the names and hashes of its pages, so it
    matches only a bundle made from the same pages."""
    if previous is None or name not in previous.index.bundles:
        return ""
    folder, recorded = previous.folder / name, previous.index.bundles[name]
    if not folder.is_dir() or bundle_digest(folder, pages, hashes) != recorded:
        return ""
    link_tree(folder, output / name)
    return recorded


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
        "shards": index.shards,
        "base": index.base,
        "delta": index.delta,
    }
    record = {
        "built": (site_dir / swap.MARKER).read_text("utf-8"),
        "site": str(site_dir),
        "index": encoded,
    }
    folder.write(RECORD, _FORMAT, record)


_KEYS = ("settings", "pages", "bundles", "shards", "base", "delta")


def _decoded(data: object) -> Index | None:
    if not isinstance(data, dict) or data.keys() != {*_KEYS}:
        return None
    settings, pages, bundles = data["settings"], data["pages"], data["bundles"]
    shards, base, delta = data["shards"], data["base"], data["delta"]
    if type(shards) is not int or not isinstance(delta, str) or not isinstance(base, dict):
        return None
    if not all(isinstance(v, str) for v in base.values()):
        return None
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
    return Index(settings, decoded, bundles, shards, base, delta)
