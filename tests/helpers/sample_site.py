"""Build the repository's sample archive into a folder and serve the site on 127.0.0.1.

Used by the browser tests and by scripts/screenshots.py. The server is `wunschzeit preview`'s,
which answers HTTP Range requests (Python's http.server does not): without them Chromium
cannot seek a `<video>`.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path

import yaml

from generator import cli
from generator.models import Output, SourceFile
from generator.pipeline.write import RECORD, read_record
from generator.site import preview
from tests.helpers.paths import REPO

SAMPLE_PARTS = ("videos.yml", "content", "media", "mkdocs.yml", "site_src")


def copy_sample(root: Path) -> Path:
    """Copy the repo's sample archive (without generated folders) into `root`."""
    root.mkdir(parents=True, exist_ok=True)
    generated = set(read_record(REPO / "site_src") or ()) | {".gitignore", RECORD}
    for name in SAMPLE_PARTS:
        source = REPO / name
        if name == "site_src":  # the organisation's pages, not what a local build added
            shutil.copytree(
                source,
                root / name,
                dirs_exist_ok=True,
                ignore=lambda folder, names: _generated(
                    REPO / "site_src", folder, names, generated
                ),
            )
        elif source.is_dir():
            shutil.copytree(source, root / name, dirs_exist_ok=True)
        else:
            shutil.copyfile(source, root / name)
    return root


def replace_in(root: Path, path: str, old: str, new: str) -> None:
    """Edit the archive file `path` (root-relative) as an editor would: `old` once by `new`."""
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{path} no longer holds {old!r}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def generated_pages(root: Path) -> dict[str, bytes]:
    """Every file generate wrote under the archive's site_src/, with its bytes; its own state,
    record and cache files (`.wunschzeit-*`) left out."""
    docs = root / "site_src"
    return {
        p.relative_to(docs).as_posix(): p.read_bytes()
        for p in sorted(docs.rglob("*"))
        if p.is_file() and ".wunschzeit-" not in p.as_posix()
    }


def _generated(top: Path, folder: str, names: list[str], generated: set[str]) -> list[str]:
    below = Path(folder).relative_to(top)
    return [
        name
        for name in names
        if (key := (below / name).as_posix()) in generated or key.startswith(".wunschzeit-")
    ]


def mkdocs_build(outputs: Mapping[str, Output], folder: Path) -> Path:
    """Write rendered outputs into folder/site_src and build them with the repo's mkdocs.yml
    (`mkdocs build --strict` in a subprocess); give the site folder."""
    for path, value in outputs.items():
        target = folder / "site_src" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(value, SourceFile):
            shutil.copyfile(value.path, target)
        elif isinstance(value, bytes):
            target.write_bytes(value)
        else:
            target.write_text(value, encoding="utf-8")
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(docs_dir="site_src", site_dir="site")
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(folder / "mkdocs.yml")],
        capture_output=True,
        text=True,
        cwd=folder,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return folder / "site"


def build_sample(root: Path, features: tuple[str, ...] = (), site_url: str | None = None) -> Path:
    """Copy the sample archive to `root`, build it with --strict, give the site folder.

    `features` are added to theme.features of the copied mkdocs.yml. Instant navigation
    (`navigation.instant`) only follows links found in sitemap.xml, whose URLs come from
    site_url: set it to where the site is served.
    """
    copy_sample(root)
    if features or site_url:
        config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
        config["theme"]["features"] = [*config["theme"].get("features", []), *features]
        config["site_url"] = site_url or config.get("site_url")
        (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    status = cli.main(["--root", str(root), "build", "--strict"])
    if status != 0:
        raise RuntimeError(f"building the sample archive failed with exit code {status}")
    return root / "site"


@contextlib.contextmanager
def serve(site: Path, mount_path: str = "/") -> Iterator[str]:
    """Serve `site` below `mount_path` from a thread on a free port of 127.0.0.1, with the
    server of `wunschzeit preview`; yields the base URL."""
    server = preview.start(site, mount_path, ("127.0.0.1", 0))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.url
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextlib.contextmanager
def run_preview(root: Path) -> Iterator[str]:
    """Run `wunschzeit preview` on the archive `root` (built) in a process of its own, on a free
    port, as the README's first command does; yields the URL it prints, stops it with Ctrl-C."""
    script = Path(sys.executable).with_name("wunschzeit")  # the console script, as installed
    command = [str(script)] if script.exists() else [sys.executable, "-c", _MAIN]
    process = subprocess.Popen(
        [*command, "--root", str(root), "preview", "--dev-addr", "127.0.0.1:0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # Ctrl-C as in a terminal, however pytest was started: a shell ignores SIGINT for a
        # command it starts in the background (`pytest &`), and the preview would inherit that.
        preexec_fn=_interruptible,
    )
    try:
        line = process.stdout.readline() if process.stdout else ""
        found = re.search(r"http://\S+", line)
        assert found, (
            f"no URL in {line!r}; stderr: {process.stderr.read() if process.stderr else ''}"
        )
        yield found.group()
    finally:
        process.send_signal(signal.SIGINT)
        _, errors = process.communicate(timeout=30)
    assert process.returncode == 0, f"preview ended with {process.returncode}: {errors}"


_MAIN = "import sys; from generator.cli import main; sys.exit(main())"


def _interruptible() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)
