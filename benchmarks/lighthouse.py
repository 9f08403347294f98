"""Lighthouse scores of the sample archive: mobile, served compressed, as a reader's host would.

Takes the repository's sample archive; gives the median Lighthouse scores (performance,
accessibility, best practices, SEO) of the home page and both sample talk pages, and with
`--audits` the audits that cost points. It builds the sample in a temporary folder (`wunschzeit
build`), serves site/ below the path of site_url (`/wunschzeit/`) with `wunschzeit preview`'s
server plus gzip for text, and runs Lighthouse 12 from npm in Chromium with its defaults: the
mobile form factor, simulated slow 4G and a 4× slower CPU. A benchmark, not a test: the
performance score moves with the load of the machine (the CPU time of each task is measured,
then multiplied), so it reports the median and every run.

    npm install --prefix benchmarks/.node lighthouse@12     # once; benchmarks/.node/ is ignored
    python benchmarks/lighthouse.py                          # 3 runs per page
    python benchmarks/lighthouse.py --runs 1 --audits --reports /tmp/lh
    python benchmarks/lighthouse.py --runs 5 --calm 2                 # on a shared machine
"""

from __future__ import annotations

import argparse
import datetime
import functools
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http import HTTPStatus
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.site import preview
from tests.helpers.sample_site import build_sample

LIGHTHOUSE = ROOT / "benchmarks" / ".node" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-background-networking --disable-component-update"
)
PAGES = {
    "home": "",
    "talk (YouTube)": "talks/genf-aerodynamik/",
    "talk (self-hosted)": "talks/genf-design/",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = (
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
    "speed-index",
)
# What hosts such as GitHub Pages or nginx with `gzip on` compress; images, video and Pagefind's
# index (gzip already) go out as they are.
COMPRESSIBLE = ("text/", "application/json", "application/xml", "image/svg+xml")
GZIP_LEVEL = 6  # the usual default of web servers; 9 saves about 1 % more here
CALM_WAIT = 120  # seconds --calm waits at most before a run


@functools.cache
def _gzipped(path: Path) -> bytes:
    """The file compressed, once per run: a slow answer would count as server time."""
    return gzip.compress(path.read_bytes(), compresslevel=GZIP_LEVEL, mtime=0)


class GzipHandler(preview.PreviewHandler):
    """The preview's handler, but text goes out gzip-compressed when the browser accepts it."""

    # Keep-alive as on any real host: over HTTP/1.0 each file costs a new connection, which
    # Lighthouse's simulated slow 4G charges with a round trip of 150 ms or more.
    protocol_version = "HTTP/1.1"

    def _send_file(
        self, path: Path, status: HTTPStatus, *, body: bool, ranges: bool = True
    ) -> None:
        kind = preview.content_type(path)
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not accepts or self.headers.get("Range") or not kind.startswith(COMPRESSIBLE):
            return super()._send_file(path, status, body=body, ranges=ranges)
        data = _gzipped(path)
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)


class GzipServer(preview.PreviewServer):
    """The preview's server with `GzipHandler` for every request."""

    def finish_request(self, request: Any, client_address: Any) -> None:
        GzipHandler(request, client_address, self)


@contextmanager
def serve_compressed(root: Path) -> Iterator[str]:
    """Serve the built archive `root` below its site_url path on 127.0.0.1; yields the URL."""
    site, mount = preview.built_site(root)
    server = GzipServer(site, mount, ("127.0.0.1", 0))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.url
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def run_lighthouse(url: str, report: Path, cpu_slowdown: float) -> dict[str, Any]:
    """One Lighthouse run on `url` (mobile, its default); gives the JSON report."""
    command = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={report}",
        f"--chrome-flags={CHROME_FLAGS}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--throttling.cpuSlowdownMultiplier={cpu_slowdown:g}",
        "--quiet",
    ]
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    subprocess.run(command, env=env, check=True, timeout=300)
    result: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    return result


def scores(report: dict[str, Any]) -> dict[str, float]:
    """The four category scores (0–100), the metrics (ms; CLS unitless) and Lighthouse's
    benchmark of the CPU (below 1,000 it warns that the performance score suffers) of a report."""
    found: dict[str, float] = {
        c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES
    }
    found |= {m: report["audits"][m]["numericValue"] for m in METRICS}
    found["benchmarkIndex"] = report["environment"]["benchmarkIndex"]
    found["load"] = report.get("wz_load", float("nan"))
    return found


def failing(report: dict[str, Any]) -> Iterator[tuple[tuple[str, str, str], str]]:
    """((category, audit id, title), shown value) of each audit below full score that counts:
    weighted audits, and the performance insights that estimate a saving (weight 0)."""
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            counts = ref["weight"] > 0 or audit["scoreDisplayMode"] == "metricSavings"
            if counts and audit["score"] is not None and audit["score"] < 1:
                yield (category, ref["id"], audit["title"]), audit.get("displayValue", "")


def measure_once(url: str, report: Path, cpu_slowdown: float, calm: float | None) -> dict[str, Any]:
    """One Lighthouse report of `url`, saved as `report`, with the machine's 1-minute load
    average when it started (`wz_load`): the performance score of a shared machine is read
    with it. With `calm`, first wait (up to CALM_WAIT seconds) until the load is below it."""
    waited = 0
    while calm is not None and os.getloadavg()[0] >= calm and waited < CALM_WAIT:
        time.sleep(5)
        waited += 5
    load = os.getloadavg()[0]
    found = run_lighthouse(url, report, cpu_slowdown)
    print(
        f"  {report.parent.name}/{report.name}: performance "
        f"{round(100 * (found['categories']['performance']['score'] or 0))}, "
        f"CPU index {found['environment']['benchmarkIndex']:.0f}, load {load:.2f}",
        file=sys.stderr,
    )
    return {**found, "wz_load": load}


def table(results: dict[str, list[dict[str, float]]]) -> str:
    """A Markdown table of the medians per page, each category with its runs."""
    lines = [
        "| page | performance | accessibility | best practices | SEO | FCP | LCP | TBT | CLS "
        "| CPU index | load |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for page, runs in results.items():
        cells = [page]
        for category in CATEGORIES:
            values = [r[category] for r in runs]
            spread = f" ({', '.join(f'{v:.0f}' for v in values)})" if len(set(values)) > 1 else ""
            cells.append(f"{statistics.median(values):.0f}{spread}")
        for metric in METRICS[:3]:
            cells.append(f"{statistics.median(r[metric] for r in runs) / 1000:.1f} s")
        cells.append(f"{statistics.median(r['cumulative-layout-shift'] for r in runs):.3f}")
        cells.append(f"{statistics.median(r['benchmarkIndex'] for r in runs):.0f}")
        cells.append(f"{statistics.median(r['load'] for r in runs):.1f}")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


Problems = dict[tuple[str, str, str], list[str]]  # audit → what it showed in each failing run


def measure_pages(
    base: str, runs: int, reports: Path, cpu_slowdown: float, calm: float | None = None
) -> tuple[dict[str, list[dict[str, float]]], dict[str, Problems]]:
    """Scores of every run and the failing audits, per page of PAGES below the URL `base`.

    The pages take turns (home, talk, talk, home, ...), so a burst of load on the shared
    machine costs each page about the same, instead of all runs of one page.
    """
    results: dict[str, list[dict[str, float]]] = {page: [] for page in PAGES}
    problems: dict[str, Problems] = {page: {} for page in PAGES}
    for n in range(1, runs + 1):
        for page, path in PAGES.items():
            folder = reports / (path.strip("/") or "home")
            folder.mkdir(parents=True, exist_ok=True)
            report = measure_once(base + path, folder / f"{n}.json", cpu_slowdown, calm)
            results[page].append(scores(report))
            for audit, shown in failing(report):
                problems[page].setdefault(audit, []).append(shown)
    return results, problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (3)")
    parser.add_argument("--audits", action="store_true", help="list the audits that cost points")
    parser.add_argument("--reports", type=Path, help="keep the JSON reports in this folder")
    parser.add_argument(
        "--calm",
        type=float,
        help="before each run wait (up to 2 minutes) until the 1-minute load average is "
        "below this, as on a shared machine",
    )
    parser.add_argument(
        "--cpu-slowdown",
        type=float,
        default=4,
        help="Lighthouse's CPU multiplier (4, its default, assumes a CPU index of 1,500-2,000; "
        "its docs/throttling.md says how to calibrate it for a slower machine)",
    )
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit(f"no {LIGHTHOUSE}: npm install --prefix benchmarks/.node lighthouse@12")
    with tempfile.TemporaryDirectory(prefix="wz-lighthouse-") as folder:
        root = Path(folder) / "sample"
        build_sample(root)
        reports = args.reports or Path(folder) / "reports"
        with serve_compressed(root) as base:
            results, problems = measure_pages(
                base, args.runs, reports, args.cpu_slowdown, args.calm
            )
        if args.reports:
            shutil.copytree(root / "site", args.reports / "site", dirs_exist_ok=True)
    print(
        f"Lighthouse 12, mobile, CPU slowdown {args.cpu_slowdown:g}x, median of {args.runs}, "
        f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC; load average at the end "
        f"{' '.join(f'{v:.2f}' for v in os.getloadavg())} (1, 5, 15 min)\n"
    )
    print(table(results))
    if args.audits:
        _print_failing(problems, args.runs)


def _print_failing(problems: dict[str, Problems], runs: int) -> None:
    for page, found in problems.items():
        print(f"\n{page}: " + ("nothing below full score" if not found else ""))
        for (category, audit, title), shown in sorted(found.items()):
            values = "; ".join(v for v in shown if v)
            print(f"  {category:<15} {audit}: {title} [{len(shown)} of {runs} runs] {values}")


if __name__ == "__main__":
    main()
