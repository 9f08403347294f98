"""`wunschzeit serve`: builds of only the pages that changed, errors, the search."""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest
from mkdocs.commands import build as mkdocs_build
from mkdocs.commands.build import build
from mkdocs.config import load_config

from generator.cli import main
from generator.pipeline import generate as pipeline
from generator.site.serve import HOOKS, Preview
from tests.helpers.sample_site import copy_sample


@pytest.mark.parametrize(("options", "dirty"), [([], True), (["--full"], False)])
def test_serve_builds_only_changed_pages_unless_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, options: list[str], dirty: bool
) -> None:
    """Assert that the preview may build only changed pages unless `--full`, at the address
    asked for."""
    root = copy_sample(tmp_path / "archive")
    captured: list[Preview] = []
    monkeypatch.setattr(Preview, "start", lambda preview: None)
    monkeypatch.setattr(Preview, "run", lambda preview: captured.append(preview))
    command = ["--root", str(root), "serve", *options, "--dev-addr", "127.0.0.1:8123"]
    assert main(command) == 0
    assert [(p.dirty, p.url) for p in captured] == [(dirty, "http://127.0.0.1:8123/wunschzeit/")]
    assert not captured[0].site_dir.exists()  # removed when serve ends


def test_preview_builds_dirty_only_when_that_is_sound(tmp_path: Path) -> None:
    """Assert that an edit gives a build of only its pages; a deleted talk or a changed
    mkdocs.yml a full build, which removes the deleted talk's page."""
    root = copy_sample(tmp_path / "archive")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "extra:\n  wunschzeit:\n    search: pagefind\n")
    preview = Preview(root, "127.0.0.1:8126", [].append)
    try:
        preview.start()
        design = preview.site_dir / "talks/genf-design/index.html"
        aerodynamik = preview.site_dir / "talks/genf-aerodynamik/index.html"
        untouched = aerodynamik.stat().st_ino, aerodynamik.stat().st_mtime_ns
        question = root / "content/talks/genf-design/gletscherblau.md"
        text = question.read_text(encoding="utf-8")
        question.write_text(text.replace('question: "', 'question: "Neu: ', 1), "utf-8")
        preview.build()
        assert (preview.builds, preview.dirty_builds) == (2, 1)
        assert "Neu: " in design.read_text(encoding="utf-8")
        assert (aerodynamik.stat().st_ino, aerodynamik.stat().st_mtime_ns) == untouched
        config.write_text(config.read_text("utf-8") + "\n# a comment\n", "utf-8")
        preview.build()
        assert (preview.builds, preview.dirty_builds) == (3, 1)
        assert aerodynamik.stat().st_mtime_ns != untouched[1]  # built again
        videos = root / "videos.yml"
        talks = videos.read_text("utf-8").split("\n- ")
        kept = [t for t in talks if "id: genf-aerodynamik" not in t]
        assert len(kept) == len(talks) - 1
        videos.write_text("\n- ".join(kept), "utf-8")
        shutil.rmtree(root / "content/talks/genf-aerodynamik")
        preview.build()
        assert (preview.builds, preview.dirty_builds) == (4, 1)
        assert not aerodynamik.exists()
        assert design.is_file()
    finally:
        preview.close()


def test_preview_with_material_search_builds_every_page(tmp_path: Path) -> None:
    """Assert that with Material's search (made of the pages a build reads) every build is
    full, so its index keeps every page."""
    root = copy_sample(tmp_path / "archive")
    preview = Preview(root, "127.0.0.1:8127", [].append)
    try:
        preview.start()
        question = root / "content/talks/genf-design/gletscherblau.md"
        text = question.read_text(encoding="utf-8")
        question.write_text(text.replace('question: "', 'question: "Neu: ', 1), "utf-8")
        preview.build()
        assert (preview.builds, preview.dirty_builds) == (2, 0)
        index = (preview.site_dir / "search/search_index.json").read_text("utf-8")
        assert "Neu: " in index and "genf-aerodynamik" in index
    finally:
        preview.close()


def test_preview_with_content_errors_keeps_the_last_good_build(tmp_path: Path) -> None:
    """Assert that a build after a broken edit reports it and builds nothing; a fix builds."""
    root = copy_sample(tmp_path / "archive")
    reported: list[str] = []
    preview = Preview(root, "127.0.0.1:8124", reported.append, dirty=True)
    try:
        preview.start()
        page = preview.site_dir / "talks/genf-design/index.html"
        good = page.read_bytes()
        videos = root / "videos.yml"
        text = videos.read_text(encoding="utf-8")
        videos.write_text(text.replace("date: 2013-03-05", "date: morgen", 1), "utf-8")
        preview.build()
        assert (preview.builds, page.read_bytes()) == (1, good)
        assert reported[-1] == "1 error; the preview shows the last good version"
        videos.write_text(text.replace("Live-Talk: Design der", "Live-Talk: Farbe der"), "utf-8")
        preview.build()
        assert preview.builds == 2
        assert "Live-Talk: Farbe" in page.read_text(encoding="utf-8")
        assert re.fullmatch(
            r"preview updated in [\d.]+ s \(generate [\d.]+ s, MkDocs [\d.]+ s\)", reported[-1]
        )
    finally:
        preview.close()


def test_preview_search_is_switched_to_each_complete_index(tmp_path: Path) -> None:
    """Assert that with Pagefind, site/pagefind points at the index of the latest build."""
    root = copy_sample(tmp_path / "archive")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "extra:\n  wunschzeit:\n    search: pagefind\n")
    reported: list[str] = []
    preview = Preview(root, "127.0.0.1:8125", reported.append, dirty=True)
    try:
        preview.start()
        assert preview.search.wait(120)
        link = preview.site_dir / "pagefind"
        first = link.resolve()
        assert link.is_symlink() and (link / "00/pagefind.js").is_file()
        assert any(line.startswith("search index updated in ") for line in reported)
        question = root / "content/talks/genf-design/gletscherblau.md"
        question.write_text(question.read_text("utf-8").replace("Schichten", "Lagen"), "utf-8")
        preview.build()
        assert preview.search.wait(120)
        assert (preview.search.runs, link.resolve() != first) == (2, True)
        assert (link / "00/pagefind.js").is_file()
    finally:
        preview.close()
    assert not preview.site_dir.exists()


def test_dirty_rebuild_after_one_edit_touches_only_its_pages(tmp_path: Path) -> None:
    """Assert that a dirty build after one edit shows it and leaves the other talk's page alone."""
    root = copy_sample(tmp_path / "archive")
    site = tmp_path / "preview"
    pipeline.generate(root)
    build(load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site)))
    design = site / "talks/genf-design/index.html"
    aerodynamik = site / "talks/genf-aerodynamik/index.html"
    # MkDocs rebuilds a page whose source is newer than its HTML: sources an hour old, HTML
    # half an hour, so that only what generate rewrites now counts as changed.
    now = time.time()
    for folder, age in ((root / "site_src", 3600), (site, 1800)):
        for path in folder.rglob("*"):
            os.utime(path, (now - age, now - age))
    before = {page: page.stat().st_mtime_ns for page in (design, aerodynamik)}
    question = root / "content/talks/genf-design/gletscherblau.md"
    text = question.read_text(encoding="utf-8")
    question.write_text(text.replace('question: "', 'question: "Neu: ', 1), encoding="utf-8")
    report = pipeline.generate(root)
    assert "talks/genf-design.md" in report.written
    assert "talks/genf-aerodynamik.md" not in report.written
    build(load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site)), dirty=True)
    assert "Neu: " in design.read_text(encoding="utf-8")
    assert design.stat().st_mtime_ns > before[design]
    assert aerodynamik.stat().st_mtime_ns == before[aerodynamik]


def _with_pagefind(root: Path) -> None:
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "extra:\n  wunschzeit:\n    search: pagefind\n")


def _differences(preview: Preview, folder: Path) -> list[str]:
    """The files in which the preview's site differs from a full build of its site_src/ into
    `folder` (its search index, a link into another folder, left out)."""
    config = load_config(
        config_file=str(preview.root / "mkdocs.yml"), site_dir=str(folder), hooks=[str(HOOKS)]
    )
    config.site_url = preview.url
    build(config, serve_url=preview.url)

    def files(site: Path) -> dict[str, bytes]:
        found = {}
        for path in site.rglob("*"):
            if path.is_file() and not any(
                p.is_symlink() for p in path.parents if site in p.parents
            ):
                found[path.relative_to(site).as_posix()] = path.read_bytes()
        return found

    built, full = files(preview.site_dir), files(folder)
    return sorted(k for k in built.keys() | full.keys() if built.get(k) != full.get(k))


def test_preview_rebuilds_changed_pages_as_a_full_build_makes_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Assert that after an answer, a hand-written page or a static file changed, the preview's
    site equals a full build of the same site_src/, and that MkDocs did not list docs_dir or
    make every page again for it: the files and nav of the last build were reused."""
    root = copy_sample(tmp_path / "archive")
    _with_pagefind(root)
    (root / "site_src/files").mkdir()
    (root / "site_src/files/hinweis.txt").write_text("Stand: März\n", "utf-8")
    listed: list[str] = []
    get_files = mkdocs_build.get_files
    monkeypatch.setattr(
        mkdocs_build, "get_files", lambda c: listed.append(c.site_dir) or get_files(c)
    )

    def answer() -> None:
        question = root / "content/talks/genf-design/gletscherblau.md"
        question.write_text(question.read_text("utf-8").replace("Schichten", "Lagen"), "utf-8")

    def page() -> None:
        imprint = root / "site_src/impressum.md"
        imprint.write_text(imprint.read_text("utf-8") + "\nNeu: ein Absatz.\n", "utf-8")

    def static() -> None:
        (root / "site_src/files/hinweis.txt").write_text("Stand: April\n", "utf-8")

    preview = Preview(root, "127.0.0.1:0", [].append)
    try:
        preview.start()
        for number, edit in enumerate((answer, page, static)):
            edit()
            preview.build()
            assert listed.count(str(preview.site_dir)) == 1  # the first build's only
            assert _differences(preview, tmp_path / f"full-{number}") == []
        assert (preview.builds, preview.dirty_builds) == (4, 3)
        assert "Lagen" in (preview.site_dir / "talks/genf-design/index.html").read_text("utf-8")
        assert (preview.site_dir / "files/hinweis.txt").read_text("utf-8") == "Stand: April\n"
    finally:
        preview.close()


def test_preview_makes_files_and_nav_anew_on_a_new_day(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Assert that the first build after midnight has MkDocs make the pages anew (they and the
    sitemap carry the build date), and that the builds after it reuse them again."""
    root = copy_sample(tmp_path / "archive")
    _with_pagefind(root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    listed: list[str] = []
    get_files = mkdocs_build.get_files
    monkeypatch.setattr(
        mkdocs_build, "get_files", lambda c: listed.append(c.site_dir) or get_files(c)
    )
    question = root / "content/talks/genf-design/gletscherblau.md"
    text = question.read_text("utf-8")
    preview = Preview(root, "127.0.0.1:0", [].append)
    try:
        preview.start()
        sitemap = preview.site_dir / "sitemap.xml"
        assert "<lastmod>2026-01-01</lastmod>" in sitemap.read_text("utf-8")
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767312000")  # 2026-01-02
        question.write_text(text.replace("Schichten", "Lagen"), "utf-8")
        preview.build()
        assert (listed.count(str(preview.site_dir)), preview.dirty_builds) == (2, 1)
        assert "<lastmod>2026-01-01</lastmod>" not in sitemap.read_text("utf-8")
        assert _differences(preview, tmp_path / "full") == []
        question.write_text(text.replace("Schichten", "Farben"), "utf-8")
        preview.build()
        assert (listed.count(str(preview.site_dir)), preview.dirty_builds) == (2, 2)
    finally:
        preview.close()


def test_preview_never_writes_a_page_into_site_src(tmp_path: Path) -> None:
    """Assert that a changed static file where a page is written too (site_src/impressum/
    index.html beside impressum.md) is copied, not linked: the page's next build would write
    into the linked file, which is the one in site_src/."""
    root = copy_sample(tmp_path / "archive")
    _with_pagefind(root)
    static = root / "site_src/impressum/index.html"
    static.parent.mkdir()
    static.write_text("<p>alt</p>\n", "utf-8")
    preview = Preview(root, "127.0.0.1:0", [].append)
    try:
        preview.start()
        static.write_text("<p>neu</p>\n", "utf-8")
        preview.build()
        imprint = root / "site_src/impressum.md"
        imprint.write_text(imprint.read_text("utf-8") + "\nNeu: ein Absatz.\n", "utf-8")
        preview.build()
        assert preview.dirty_builds == 2
        assert static.read_text("utf-8") == "<p>neu</p>\n"
        assert "Neu: ein Absatz." in (preview.site_dir / "impressum/index.html").read_text("utf-8")
    finally:
        preview.close()
