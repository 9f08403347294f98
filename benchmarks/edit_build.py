"""What an editor waits for after one edit: `wunschzeit build` (generate, MkDocs, Pagefind).

    python benchmarks/edit_build.py --talks 1000,5000 --questions 20 --repeat 3

For each size a synthetic archive (benchmarks/synthetic.py) is generated and built cold once;
then, --repeat times each, timed as `wunschzeit build` runs them (generate_pages, then
build_site): one edited answer (a different question each time; only its talk page is
rendered again, and MkDocs builds only the changed pages, see generator/site/dirty.py), and a
build with nothing changed. Prints a Markdown table of medians, with the Pagefind part and
how many pages MkDocs built anew, and the single runs on stderr.

With --preview, also the live preview as `wunschzeit serve` runs it (generator/site/serve.py's
`Preview`, the real class, without its HTTP server): started once (a generate and a full MkDocs
build), then --repeat times: one more edited answer, and the time of the build the server runs
after it (generate, then MkDocs building only the changed pages), checked by reading the edit
back from the talk's page in the preview's site. Its background Pagefind run of the previous
edit is waited for first, as after an editor's pause.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

import synthetic

from generator.pipeline import generate as pipeline
from generator.site import search
from generator.site.build import build_site
from generator.site.serve import Preview


def wunschzeit_build(root: Path) -> tuple[float, float, int]:
    """(seconds, of them Pagefind, pages built anew) of one `wunschzeit build`."""
    spent = [0.0]
    original = search.run_pagefind

    def clocked(*args: object, **kwargs: object) -> object:
        start = time.perf_counter()
        index = original(*args, **kwargs)  # type: ignore[arg-type]
        spent[0] += time.perf_counter() - start
        return index  # build records it: the next build re-indexes only the changed shards

    search.run_pagefind = clocked
    try:
        site = root / "site"
        before = {p: p.stat().st_ino for p in site.rglob("*/index.html")} if site.is_dir() else {}
        start = time.perf_counter()
        pipeline.generate_pages(root)
        build_site(root)
        seconds = time.perf_counter() - start
    finally:
        search.run_pagefind = original
    anew = sum(1 for p in site.rglob("*/index.html") if before.get(p) != p.stat().st_ino)
    return seconds, spent[0], anew


def edit_answer(root: Path, talks: int, number: int) -> None:
    """Change the answer summary of one question of a talk in the middle of the archive."""
    talk = edited_talk(talks, number)
    path = root / "content" / "talks" / talk / "frage-001.md"
    path.write_text(path.read_text("utf-8") + f"\nNachtrag {number}.\n", "utf-8")


def edited_talk(talks: int, number: int) -> str:
    """The talk of the `number`th edit: from the middle of the archive on."""
    return synthetic.talk_id((talks // 2 + number) % talks)


def measure(
    talks: int, questions: int, repeat: int, preview: bool = False
) -> dict[str, list[tuple[float, float, int]]]:
    with tempfile.TemporaryDirectory(prefix=f"wz-edit-{talks}-") as folder:
        root = Path(folder)
        synthetic.write_archive(root, talks, questions)
        os.sync()
        runs: dict[str, list[tuple[float, float, int]]] = {"cold": [wunschzeit_build(root)]}
        for number in range(repeat):
            edit_answer(root, talks, number)
            runs.setdefault("edit", []).append(wunschzeit_build(root))
            runs.setdefault("nochange", []).append(wunschzeit_build(root))
        if preview:
            runs["preview"] = preview_runs(root, talks, repeat)
        for name, found in runs.items():
            print(f"# {talks} talks, {name}: {found}", file=sys.stderr, flush=True)
        return runs


def _pages(site: Path) -> list[Path]:
    """The site's pages, not what the preview's search links into its index folder (the
    symbolic link site/pagefind leads there, and rglob follows it)."""
    return [p for p in site.rglob("*/index.html") if search.OUTPUT not in p.relative_to(site).parts]


def preview_runs(root: Path, talks: int, repeat: int) -> list[tuple[float, float, int]]:
    """(seconds, 0, pages built anew) of the preview's build after each of `repeat` edits."""
    reported: list[str] = []
    preview = Preview(root, "127.0.0.1:0", reported.append)
    found = []
    try:
        preview.start()
        for number in range(100, 100 + repeat):
            preview.search.wait(600)
            edit_answer(root, talks, number)
            page = preview.site_dir / "talks" / edited_talk(talks, number)
            # The preview's MkDocs writes into the pages it rebuilds: their times change.
            before = {p: p.stat().st_mtime_ns for p in _pages(preview.site_dir)}
            start = time.perf_counter()
            preview.build()
            seconds = time.perf_counter() - start
            if f"Nachtrag {number}." not in (page / "index.html").read_text("utf-8"):
                raise SystemExit(f"the preview does not show edit {number}: {reported[-3:]}")
            after = _pages(preview.site_dir)
            anew = sum(1 for p in after if before.get(p) != p.stat().st_mtime_ns)
            print(f"# preview: {reported[-1]}", file=sys.stderr, flush=True)
            found.append((seconds, 0.0, anew))
    finally:
        preview.close()
    return found


def row(talks: int, questions: int, runs: dict[str, list[tuple[float, float, int]]]) -> str:
    def cell(name: str) -> str:
        found = runs[name]
        total = statistics.median(r[0] for r in found)
        pagefind = statistics.median(r[1] for r in found)
        return f"{total:.1f} s ({pagefind:.1f} s Pagefind, {max(r[2] for r in found)} pages)"

    shown = f"| {talks:,} × {questions} | {cell('cold')} | {cell('edit')} | {cell('nochange')} |"
    if "preview" in runs:
        found = runs["preview"]
        seconds = statistics.median(r[0] for r in found)
        shown += f" {seconds:.1f} s ({max(r[2] for r in found)} pages) |"
    return shown


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--talks", default="1000,5000", help="talk counts, comma-separated")
    parser.add_argument("--questions", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--preview", action="store_true", help="also time `serve` after edits")
    args = parser.parse_args(argv)
    head = "| talks × questions | cold build | one edited answer → build | no change → build |"
    print(head + (" one edited answer → preview |" if args.preview else ""))
    print("|---|---:|---:|---:|" + ("---:|" if args.preview else ""))
    for talks in (int(n) for n in args.talks.split(",")):
        runs = measure(talks, args.questions, args.repeat, args.preview)
        print(row(talks, args.questions, runs), flush=True)


if __name__ == "__main__":
    main()
