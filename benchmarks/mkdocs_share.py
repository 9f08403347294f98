"""How much of MkDocs' build goes into the page bodies Wunschzeit writes, and where.

Writes a synthetic archive (benchmarks/synthetic.py) of --talks talks × --questions questions,
runs `wunschzeit generate` on it, then times MkDocs' build in-process, as `wunschzeit build`
runs it (Material's search silenced when the pages are made for Pagefind; no Pagefind), of

  (a) the generated site_src/, and
  (b) a copy in which every generated page keeps its front matter and its H1 but its body is
      one line of stub text: the Material page shell, navigation and file copying alone.

Each is built --repeat times, alternately; the medians of wall-clock time and of the
process's CPU time (which other work on a busy machine barely changes) and their ratios a/b
are printed (the issue's target: a/b ≤ 2). With --profile, a cProfile of one more build of (a) follows:
the top functions by their own time and by cumulative time.

    python benchmarks/mkdocs_share.py --talks 1000 --repeat 3 --profile

With --split N, (a) is also built by N processes at once, each a dirty build of 1/N of the
pages into one empty folder (every process still reads the whole file list and navigation):
the wall time, the CPU time of each process (the slowest one bounds the time on idle cores),
and which files differ from the single build's (none, if it is sound).
"""

from __future__ import annotations

import argparse
import cProfile
import filecmp
import functools
import io
import logging
import os
import pstats
import re
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

import synthetic
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from generator.pipeline.generate import generate
from generator.pipeline.write import read_record
from generator.site import rawhtml, search

STUB_DOCS = "site_src_stub"
_FRONT = re.compile(r"\A(---\n.*?\n---\n)", re.DOTALL)
_H1 = re.compile(r"^# .*$", re.MULTILINE)


def stub_copy(docs: Path, target: Path) -> int:
    """Copy `docs` to `target` with every generated page's body a stub; give the page count."""
    shutil.copytree(docs, target)
    pages = 0
    for name in read_record(docs) or {}:
        if not name.endswith(".md"):
            continue
        path = target / name
        text = path.read_text(encoding="utf-8")
        front = _FRONT.match(text)
        heading = _H1.search(text)
        parts = [front.group(1) if front else "", heading.group(0) if heading else "# Stub"]
        path.write_text("\n".join([*parts, "", "Stub.", ""]), encoding="utf-8")
        pages += 1
    return pages


def config_for(root: Path, docs: str, site: Path) -> MkDocsConfig:
    config = load_config(
        config_file=str(root / "mkdocs.yml"), docs_dir=str(root / docs), site_dir=str(site)
    )
    if search.pagefind_enabled(Path(config.docs_dir)):
        search.silence_material_search(config)
    rawhtml.register(config)  # as `wunschzeit build` does
    return config


@dataclass(frozen=True)
class Times:
    wall: float
    cpu: float  # of this process: what the build costs, however busy the machine is


def timed_build(root: Path, docs: str, site: Path) -> Times:
    shutil.rmtree(site, ignore_errors=True)
    config = config_for(root, docs, site)
    start, cpu = time.perf_counter(), time.process_time()
    mkdocs_build(config)
    return Times(time.perf_counter() - start, time.process_time() - cpu)


def profile_build(root: Path, site: Path, top: int) -> str:
    shutil.rmtree(site, ignore_errors=True)
    config = config_for(root, "site_src", site)
    profile = cProfile.Profile()
    profile.runcall(mkdocs_build, config)
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


# Splitting the page building across processes (--split).


class _Share:
    """A files-event hook: MkDocs' dirty build reads and writes only this process's share.

    Every file stays in `files` (links and the navigation come out as in one build); MkDocs
    asks each whether it changed, and only the share's pages say yes, plus, in the first
    process only, the static files.
    """

    def __init__(self, pages: set[str], statics: bool) -> None:
        self.pages = pages
        self.statics = statics

    def __call__(self, files, config):  # type: ignore[no-untyped-def]
        for file in files:
            mine = file.src_uri in self.pages if file.is_documentation_page() else self.statics
            file.is_modified = functools.partial(bool, mine)
        return files


def _build_part(root: str, site: str, pages: list[str], statics: bool) -> float:
    """Build one share; give the CPU seconds it took."""
    cpu = time.process_time()
    config = config_for(Path(root), "site_src", Path(site))
    config.plugins.events["files"].append(_Share(set(pages), statics))
    logging.getLogger("mkdocs").setLevel(logging.ERROR)  # the dirty build's warning
    mkdocs_build(config, dirty=True)
    return time.process_time() - cpu


def split_build(root: Path, site: Path, parts: int) -> tuple[float, list[float]]:
    """Build (a) as `parts` processes into one empty folder, each its share of the pages;
    give the wall time and each process's CPU time."""
    from concurrent.futures import ProcessPoolExecutor

    shutil.rmtree(site, ignore_errors=True)
    site.mkdir(parents=True)
    docs = root / "site_src"
    pages = sorted(str(p.relative_to(docs)) for p in docs.rglob("*.md"))
    share = [pages[i::parts] for i in range(parts)]
    start = time.perf_counter()
    with ProcessPoolExecutor(parts) as pool:
        jobs = [
            pool.submit(_build_part, str(root), str(site), part, n == 0)
            for n, part in enumerate(share)
        ]
        cpu = [job.result() for job in jobs]
    return time.perf_counter() - start, cpu


def same_tree(left: Path, right: Path) -> list[str]:
    """The files that differ between two folders, or exist in one only."""
    differ: list[str] = []
    comparison = filecmp.dircmp(left, right)
    stack = [(comparison, "")]
    while stack:
        node, prefix = stack.pop()
        differ += [prefix + n for n in node.left_only + node.right_only]
        _, mismatch, errors = filecmp.cmpfiles(
            node.left, node.right, node.common_files, shallow=False
        )
        differ += [prefix + n for n in mismatch + errors]
        stack += [(sub, f"{prefix}{name}/") for name, sub in node.subdirs.items()]
    return sorted(differ)


def _report(label: str, runs: list[Times], pages: int) -> Times:
    wall = statistics.median(t.wall for t in runs)
    cpu = statistics.median(t.cpu for t in runs)
    each = " / ".join(f"{t.wall:.2f}" for t in runs)
    print(f"{label}: {wall:.2f} s wall ({each}), {cpu:.2f} s CPU, {1000 * cpu / pages:.1f} ms/page")
    return Times(wall, cpu)


def _split(root: Path, args: argparse.Namespace, single: Times) -> None:
    """Time (a) built in --split processes and compare its files with the single build's."""
    runs = [split_build(root, root / "site-split", args.split) for _ in range(args.repeat)]
    differ = same_tree(root / "site-a", root / "site-split")
    wall = statistics.median(w for w, _ in runs)
    slowest = statistics.median(max(cpu) for _, cpu in runs)
    total = statistics.median(sum(cpu) for _, cpu in runs)
    print(
        f"(a) in {args.split} processes: {wall:.2f} s wall "
        f"({' / '.join(f'{w:.2f}' for w, _ in runs)}); CPU {total:.2f} s in all "
        f"({total / single.cpu:.2f}× the single build's), the slowest process {slowest:.2f} s: "
        f"{single.cpu / slowest:.2f}× faster on idle cores; "
        f"{len(differ)} files differ from the single build"
        + (f": {', '.join(differ[:10])}" if differ else "")
    )


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--talks", type=int, default=1000)
    parser.add_argument("--questions", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="cProfile one build of (a)")
    parser.add_argument("--top", type=int, default=30, help="functions shown by --profile")
    parser.add_argument("--split", type=int, default=0, help="also build (a) in N processes")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    with tempfile.TemporaryDirectory(prefix="wz-mkdocs-share-") as folder:
        root = Path(folder)
        synthetic.write_archive(root, args.talks, args.questions)
        generate(root)
        pages = stub_copy(root / "site_src", root / STUB_DOCS)
        os.sync()
        real: list[Times] = []
        stub: list[Times] = []
        for _ in range(args.repeat):
            real.append(timed_build(root, "site_src", root / "site-a"))
            stub.append(timed_build(root, STUB_DOCS, root / "site-b"))
        print(f"{args.talks} talks × {args.questions} questions: {pages} generated pages")
        a = _report("(a) real pages", real, pages)
        b = _report("(b) stub pages", stub, pages)
        print(f"a/b = {a.wall / b.wall:.2f} wall, {a.cpu / b.cpu:.2f} CPU")
        if args.split > 1:
            _split(root, args, a)
        if args.profile:
            print(profile_build(root, root / "site-a", args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
