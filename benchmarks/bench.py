"""Benchmark Wunschzeit on synthetic archives of N talks × M questions; print a Markdown table.

    python benchmarks/bench.py --sizes 100,1000,5000 --questions 20 --repeat 3

For each N it writes an archive (benchmarks/synthetic.py) into a temporary folder and measures,
as the median of --repeat runs:

- generate: load → validate → enrich → link → render → write into an empty site_src/;
- build: `build_site` as `wunschzeit build` runs it: MkDocs, plus Pagefind when the search is
  Pagefind (`auto` chooses it above 500 talks); the Pagefind part is also shown on its own;
- no-change generate: a second generate; the files it rewrites must be none;
- one edit: one question's text changed, then generate; the Markdown pages rewritten must be
  exactly the pages that show the question (its talk, its tags, its experts, the open
  questions when it is not answered); other files rewritten must contain the new text
  (feeds, archive.json);
- first search: bytes a reader's first query downloads (see benchmarks/firstsearch.py).
  With --compare-material the site is also built with Material's search, for the size of its
  index and that build's time;
- no-change build and one-edit build: `wunschzeit build` (generate, then build_site, as
  benchmarks/edit_build.py times it) with nothing changed since the cold build, and after one
  more edited question (MkDocs builds only the changed pages; Pagefind indexes all);
- peak memory of the cold generate and build: this process's (its peak reset before, Linux)
  and the largest of its child processes' (render workers, MkDocs halves, Pagefind);
- the largest built HTML page (target: none over 400 KB at 20,000 talks);
- preview after an edit: one more question edited, then what `wunschzeit serve` does:
  generate, and a dirty MkDocs build of the built site with the preview's hooks.

--check exits 1 when a no-change generate writes anything or an edit rewrites other files
than expected. Times are never judged: CI machines differ.

With --real CHECKOUT the archives are real conference data instead: the first N talks of a
checkout of the pyvideo.org catalogue (github.com/pyvideo/data), converted by
benchmarks/pyvideo.py (N from --sizes; `all` for every talk), with --questions synthesised
questions per talk; everything else is measured the same way.

    python benchmarks/bench.py --real ../pyvideo-data --sizes 1000,all --questions 5
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import os
import pstats
import re
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

import edit_build
import firstsearch
import pyvideo
import synthetic
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from generator.models import Status
from generator.pipeline import generate as pipeline
from generator.render import outputs as render
from generator.render import urls
from generator.site import (
    build,
    search,
    serve,
)

T = TypeVar("T")
NEW_TEXT = "Wie schwer darf ein Dachgepäckträger beim Benchmark sein?"


@dataclass
class Run:
    """One benchmark run of one size; times in seconds, sizes in bytes."""

    pages: int
    generate: float
    rendering: float  # of generate: render (on every core for large archives)
    build: float
    pagefind: float
    nochange: float
    nochange_written: int
    edit: float
    edit_pages: list[str]
    edit_unexpected: list[str]
    search: str
    first_search: int | None = None
    first_search_requests: int | None = None
    material_index: int | None = None
    material_build: float | None = None
    preview: float | None = None  # one more edit as `serve` handles it (generate + build)
    talks: int = 0  # in the archive: --sizes, or what a real catalogue has
    build_nochange: float = 0.0  # `wunschzeit build` with nothing changed
    build_edit: float = 0.0  # `wunschzeit build` after one edited question
    build_edit_pages: int = 0  # of it, pages MkDocs built anew
    peak_self: int = 0  # bytes: this process's peak in the cold generate and build
    peak_children: int = 0  # bytes: the largest child process's peak so far
    largest_page: tuple[int, str] = (0, "")  # bytes and path of the largest built HTML page


Target = tuple[str, str]  # the question the edits change: (talk id, question id)


def timed(work: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    result = work()
    return result, time.perf_counter() - start


class Clock:
    """Replaces `module.name` while in use and adds up the time spent in it."""

    def __init__(self, module: object, name: str) -> None:
        self.seconds = 0.0
        self._place = (module, name)
        self._original = getattr(module, name)

    def __enter__(self) -> Clock:
        setattr(*self._place, self)
        return self

    def __exit__(self, *exc: object) -> None:
        setattr(*self._place, self._original)

    def __call__(self, *args: object, **kwargs: object) -> object:
        result, seconds = timed(lambda: self._original(*args, **kwargs))
        self.seconds += seconds
        return result


def write_archive(
    root: Path, talks: int | None, questions: int, args: argparse.Namespace
) -> Target:
    """The synthetic archive, or the first `talks` of the real catalogue (all when None)."""
    if args.real is None:
        assert talks is not None
        synthetic.write_archive(root, talks, questions)
        return synthetic.talk_id(talks // 2), "frage-001"
    pyvideo.convert(args.real, root, talks, questions)
    return pyvideo.edit_target(root)


def one_run(talks: int | None, questions: int, args: argparse.Namespace) -> Run:
    with tempfile.TemporaryDirectory(prefix=f"wz-bench-{talks or 'all'}-") as folder:
        root = Path(folder)
        target = write_archive(root, talks, questions, args)
        # The kernel writes the new archive to disk in the background; generate should not be
        # timed while it competes with that (an editor's archive was written long before).
        os.sync()
        _reset_peak()
        with Clock(render, "render") as render_clock:
            report, generate = timed(lambda: pipeline.generate(root))
        if args.profile:
            _profile(root)
        again, nochange = timed(lambda: pipeline.generate(root))
        edited = _edit_question(root, target)
        after, edit = timed(lambda: pipeline.generate(root))
        pages, unexpected = _check_edit(root, edited, list(after.written) + list(after.deleted))
        with Clock(search, "run_pagefind") as clock:
            site, build_time = timed(lambda: build.build_site(root))
        run = Run(
            pages=sum(1 for key in report.written if key.endswith(".md")),
            generate=generate,
            rendering=render_clock.seconds,
            build=build_time,
            pagefind=clock.seconds,
            nochange=nochange,
            nochange_written=len(again.written) + len(again.deleted),
            edit=edit,
            edit_pages=pages,
            edit_unexpected=unexpected,
            search="pagefind" if (site / search.OUTPUT).is_dir() else "material",
            talks=len(list((root / "content" / "talks").iterdir())),
        )
        run.peak_self, run.peak_children = _peaks()
        run.largest_page = _largest_page(site)
        run.build_nochange = edit_build.wunschzeit_build(root)[0]
        _edit_question(root, target, NEW_TEXT + " (build)")
        run.build_edit, _, run.build_edit_pages = edit_build.wunschzeit_build(root)
        _measure_search(run, root, site, target, args)
        # Last: a dirty build rewrites Material's search index with the changed pages only.
        # (Not after --compare-material, which left the archive set to Material's search.)
        if not args.compare_material:
            _edit_question(root, target, NEW_TEXT + " Nachtrag")
            _, run.preview = timed(lambda: _preview_rebuild(root, site))
        return run


def _edit_question(root: Path, target: Target, new_text: str = NEW_TEXT) -> Target:
    """Change the text of one answered question with tags; give (talk id, question id)."""
    talk_id, question_id = target
    path = root / "content" / "talks" / talk_id / f"{question_id}.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^question: .*$", f'question: "{new_text}"', text), "utf-8")
    return talk_id, question_id


def _reset_peak() -> None:
    """Start this process's peak memory (VmHWM) anew: Linux only, else it is the run's."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _peaks() -> tuple[int, int]:
    """Peak memory in bytes: this process's since `_reset_peak`, the largest child's."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    try:
        status = Path("/proc/self/status").read_text()
        own = int(re.search(r"^VmHWM:\s*(\d+) kB", status, re.MULTILINE)[1]) * 1024  # type: ignore[index]
    except (OSError, TypeError):
        pass
    return own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024


def _largest_page(site: Path) -> tuple[int, str]:
    """The largest HTML file of the built site (bytes, path), Pagefind's files aside."""
    pages = (p for p in site.rglob("*.html") if search.OUTPUT not in p.relative_to(site).parts)
    return max(((p.stat().st_size, p.relative_to(site).as_posix()) for p in pages), default=(0, ""))


def _preview_rebuild(root: Path, site: Path) -> None:
    """What `wunschzeit serve` does after an edit: generate, then a dirty MkDocs build
    of the previous site with the preview's hooks (Pagefind runs later, in the background)."""
    pipeline.generate(root)
    config_file = root / "mkdocs.yml"
    hooks = [*serve._hooks_of(config_file), str(serve.HOOKS)]
    config = load_config(config_file=str(config_file), site_dir=str(site), hooks=hooks)
    mkdocs_build(config, dirty=True)


def _check_edit(root: Path, edited: tuple[str, str], written: list[str]) -> tuple[list, list]:
    """The Markdown pages rewritten, and every rewritten file that should not have been."""
    archive = pipeline.build_archive(root)
    question = next(q for q in archive.questions[edited[0]] if q.id == edited[1])
    expected = {urls.talk_page(question.talk), *(urls.tag_page(t) for t in question.tags)}
    expected |= {urls.expert_page(e) for e in (question.answer.by if question.answer else ())}
    if question.status is not Status.ANSWERED:
        expected.add("questions/open.md")
    docs = root / archive.settings.docs_dir
    pages = sorted(key for key in written if key.endswith(".md"))
    unexpected = [key for key in written if not key.endswith(".md") and not _shows(docs / key)]
    wrong = [p for p in pages if not any(_page_of(p, e) for e in expected)]
    missed = [e for e in expected if not any(_page_of(p, e) for p in pages)]
    return pages, sorted(wrong + missed) + unexpected


def _page_of(page: str, listing: str) -> bool:
    """Whether `page` is the list `listing` (`tags/x.md`) or one of its pages (`tags/x/7.md`):
    a long list is split into pages, and the edited question sits on one of them."""
    stem = listing.removesuffix(".md")
    number = page.removeprefix(stem + "/").removesuffix(".md")
    return page == listing or (page.startswith(stem + "/") and number.isdigit())


def _shows(path: Path) -> bool:
    return path.is_file() and NEW_TEXT.encode() in path.read_bytes()


def _measure_search(
    run: Run, root: Path, site: Path, target: Target, args: argparse.Namespace
) -> None:
    if run.search == "pagefind" and args.browser:
        page = f"talks/{target[0]}/"
        run.first_search, run.first_search_requests, _ = firstsearch.pagefind_bytes(site, page)
    if run.search == "material":
        run.material_index = firstsearch.material_bytes(site)
    elif args.compare_material:
        config = root / "mkdocs.yml"
        config.write_text(config.read_text("utf-8").replace("search: auto", "search: material"))
        pipeline.generate(root)
        site, run.material_build = timed(lambda: build.build_site(root))
        run.material_index = firstsearch.material_bytes(site)


def _profile(root: Path) -> None:
    """Print where a cold generate spends its time (into an empty site_src/ again)."""
    shutil.rmtree(root / "site_src")
    profile = cProfile.Profile()
    profile.runcall(pipeline.generate, root)
    pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(25)


def median(runs: list[Run], name: str) -> float:
    return statistics.median(getattr(r, name) for r in runs)


def table(results: dict[int, list[Run]], questions: int) -> str:
    """The Markdown table of all sizes, medians of the runs."""
    head = (
        "| talks × questions | pages | generate | of it render | build (MkDocs + Pagefind) "
        "| of it Pagefind | generate / MkDocs | pages/s (total) | total vs. previous size "
        "| first search | Material index | no-change generate | files rewritten "
        "| one edit: time, pages | preview after an edit (`serve`) "
        "| no-change build | one edit → build | peak memory | largest page |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---|---|---|\n"
    )
    rows, previous = [], None
    for talks, runs in results.items():
        gen, bld, pf = median(runs, "generate"), median(runs, "build"), median(runs, "pagefind")
        mkdocs = bld - pf
        total = gen + bld
        growth = (
            f"{total / previous[1]:.2f}× for {talks / previous[0]:.0f}× talks" if previous else "–"
        )
        previous = (talks, total)
        first = runs[0]
        rows.append(
            f"| {talks:,} × {questions} | {first.pages:,} | {gen:.2f} s | "
            f"{median(runs, 'rendering'):.2f} s | {bld:.1f} s | "
            f"{pf:.1f} s | {gen / mkdocs:.1%} | {first.pages / total:.0f} | {growth} | "
            f"{_kb(first.first_search, first.search)} | {_kb(first.material_index, 'material')} | "
            f"{median(runs, 'nochange'):.2f} s | {max(r.nochange_written for r in runs)} | "
            f"{median(runs, 'edit'):.2f} s, {len(first.edit_pages)} "
            f"{'(exact)' if not first.edit_unexpected else '(UNEXPECTED)'} | "
            f"{_preview(runs)} | {median(runs, 'build_nochange'):.2f} s | "
            f"{median(runs, 'build_edit'):.2f} s, {first.build_edit_pages} pages | "
            f"{_mb(max(r.peak_self for r in runs))} (children {_mb(max(r.peak_children for r in runs))}) | "
            f"{max(r.largest_page for r in runs)[0] / 1024:,.0f} KB `{max(r.largest_page for r in runs)[1]}` |"
        )
    return head + "\n".join(rows) + "\n"


def _preview(runs: list[Run]) -> str:
    times = [r.preview for r in runs if r.preview is not None]
    return f"{statistics.median(times):.1f} s" if times else "–"


def _mb(size: int) -> str:
    return f"{size / 2**20:,.0f} MB"


def _kb(size: int | None, mode: str) -> str:
    if size is None:
        return "–" if mode != "pagefind" else "not measured"
    return f"{size / 1024:,.0f} KB"


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,5000", help="talk counts, comma-separated")
    parser.add_argument("--questions", type=int, default=20, help="questions per talk")
    parser.add_argument("--repeat", type=int, default=1, help="runs per size (median)")
    parser.add_argument("--no-browser", dest="browser", action="store_false")
    parser.add_argument("--compare-material", action="store_true")
    parser.add_argument("--check", action="store_true", help="exit 1 on wrong rewrites")
    parser.add_argument("--profile", action="store_true", help="cProfile one generate")
    parser.add_argument(
        "--real",
        type=Path,
        metavar="CHECKOUT",
        help="a checkout of github.com/pyvideo/data: its first N talks instead of synthetic ones",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    results: dict[int, list[Run]] = {}
    for size in args.sizes.split(","):
        talks = None if size == "all" and args.real else int(size)
        runs = [one_run(talks, args.questions, args) for _ in range(args.repeat)]
        results[runs[0].talks] = runs
        for run in runs:
            print(f"# {run.talks} talks: {run}", file=sys.stderr, flush=True)
    if args.real:
        print(f"Real data: the pyvideo.org catalogue in {args.real} (benchmarks/pyvideo.py)\n")
    print(table(results, args.questions), end="")
    failures = [
        f"{talks} talks: no-change generate rewrote {r.nochange_written} files"
        for talks, runs in results.items()
        for r in runs
        if r.nochange_written
    ] + [
        f"{talks} talks: one edit rewrote unexpected files or missed pages: {r.edit_unexpected}"
        for talks, runs in results.items()
        for r in runs
        if r.edit_unexpected
    ]
    for failure in failures:
        print(failure, file=sys.stderr)
    return 1 if args.check and failures else 0


if __name__ == "__main__":
    sys.exit(main())
