"""Pagefind over the built HTML, or fed through its Python API: time, peak memory, index size.

Takes a built site (with archive.json) and a mode; indexes it into OUTPUT and prints one JSON
line: wall seconds, peak RSS of this process and of Pagefind (its child), files and bytes.

- `html`: the CLI over the built pages, as `search.run_pagefind` does (today's way);
- `records`: `PagefindIndex.add_custom_record`, one record per question from archive.json
  (url `/talks/<id>/#q-<id>`, title, expert/event/year filters);
- `pages`: `PagefindIndex.add_html_file` with a minimal page per talk built from archive.json
  (the question headings keep their `q-` ids, so results keep landing on them).

The Python API's service waits 0.1 s before reading each response (`_wait_for_responses` in
pagefind/service/__init__.py, Pagefind 1.5): at least 0.1 s per page or record. A `-fast` suffix
to the mode replaces that wait with none, to see what the API could do without it.

    python benchmarks/pagefind_api.py html SITE OUTPUT
"""

from __future__ import annotations

import asyncio
import html
import json
import resource
import shutil
import subprocess
import sys
import time
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pagefind.index import IndexConfig, PagefindIndex
from pagefind.service import get_executable

GLOB = "{talks,experts,events}/*/index.html"
EXCLUDE = ".headerlink, .wz-jump, .wz-status, .wz-tags"
BATCH = 200  # requests in flight at once


def _no_wait() -> None:
    import pagefind.service as service

    fast = types.SimpleNamespace(**{k: getattr(asyncio, k) for k in dir(asyncio)})

    async def sleep(delay: float, *args: Any) -> None:
        await asyncio.sleep(0)

    fast.sleep = sleep
    service.asyncio = fast  # type: ignore[attr-defined]


def _talks(data: dict[str, Any]) -> Iterator[tuple[dict[str, Any], str, dict[str, list[str]]]]:
    experts = {e["id"]: e["name"] for e in data["experts"]}
    events = {e["id"]: e["title"] for e in data["events"]}
    for talk in data["talks"]:
        filters = {"expert": [experts.get(x, x) for x in talk["experts"]]}
        if talk.get("event") in events:
            filters["event"] = [events[talk["event"]]]
        if talk.get("date"):
            filters["year"] = [talk["date"][:4]]
        yield talk, f"/talks/{talk['id']}/", filters


def _page(talk: dict[str, Any], filters: dict[str, list[str]]) -> str:
    spans = "".join(
        f'<span data-pagefind-filter="{key}:{html.escape(value)}"></span>'
        for key, values in filters.items()
        for value in values
    )
    parts = [
        f'<html lang="de"><body><main data-pagefind-body><h1>{html.escape(talk["title"])}</h1>'
    ]
    parts.append(spans)
    for q in talk["questions"]:
        parts.append(f'<h3 id="q-{q["id"]}">{html.escape(q["question"])}</h3>')
        parts.append(f"<p>{html.escape(q.get('answer_summary') or '')}</p>")
    return "".join([*parts, "</main></body></html>"])


async def _index(data: dict[str, Any], mode: str, output: Path) -> None:
    # Leaving the context writes the index, to the config's output_path: without one, to
    # ./pagefind/ of the folder this runs in (a stray copy beside the sample's videos.yml).
    config = IndexConfig(force_language="de", output_path=str(output.resolve()))
    async with PagefindIndex(config=config) as index:
        jobs = []
        for talk, url, filters in _talks(data):
            if mode == "pages":
                jobs.append(index.add_html_file(content=_page(talk, filters), url=url))
                continue
            for q in talk["questions"]:
                text = f"{q['question']} {q.get('answer_summary') or ''}"
                meta = {"title": q["question"], "talk": talk["title"]}
                jobs.append(
                    index.add_custom_record(
                        url=f"{url}#q-{q['id']}",
                        content=text,
                        language="de",
                        meta=meta,
                        filters=filters,
                    )
                )
        for start in range(0, len(jobs), BATCH):
            await asyncio.gather(*jobs[start : start + BATCH])


def main(mode: str, site: Path, output: Path) -> None:
    shutil.rmtree(output, ignore_errors=True)
    if mode.endswith("-fast"):
        _no_wait()
        mode = mode.removesuffix("-fast")
    started = time.monotonic()
    if mode == "html":
        command = [str(get_executable()), "--site", str(site), "--output-path", str(output)]
        command += ["--glob", GLOB, "--exclude-selectors", EXCLUDE, "--force-language", "de"]
        subprocess.run([*command, "--quiet"], check=True)
    else:
        data = json.loads((site / "archive.json").read_text(encoding="utf-8"))
        asyncio.run(_index(data, mode, output))
    wall = time.monotonic() - started
    files = [f for f in output.rglob("*") if f.is_file()]
    print(
        json.dumps(
            {
                "mode": sys.argv[1],
                "wall_s": round(wall, 2),
                "rss_python_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
                "rss_pagefind_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024,
                "files": len(files),
                "bytes": sum(f.stat().st_size for f in files),
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]))
