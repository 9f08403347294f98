"""Tests for generator.render.outputs: golden pages of the sample archive, i18n, and a real MkDocs build."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.models import Output, SourceFile, Status
from generator.render import i18n
from generator.render.outputs import render
from generator.render.urls import tag_slug
from tests.helpers.archive_factory import (
    CET,
    make_answer,
    make_archive,
    make_file_recording,
    make_question,
    make_talk,
    sample_archive,
    write_sample_files,
)
from tests.helpers.paths import GOLDEN
from tests.helpers.sample_site import mkdocs_build

ROOT = Path("/archive")
COPIES = "_copies.txt"


def _golden_view(outputs: dict[str, Output], root: Path) -> dict[str, str]:
    """Text outputs as they are; copies as one listing `target <- source`, paths from root."""
    view = {path: value for path, value in outputs.items() if isinstance(value, str)}
    copies = [
        f"{path} <- {value.path.relative_to(root).as_posix()}"
        for path, value in outputs.items()
        if isinstance(value, SourceFile)
    ]
    view[COPIES] = "\n".join(copies) + "\n"
    for asset in ("assets/wunschzeit.css", "assets/wunschzeit.js"):
        view.pop(asset, None)
    return view


@pytest.mark.parametrize("language", ["de", "en"])
def test_sample_archive_matches_golden_files(language: str, update_golden: bool) -> None:
    """Assert that every rendered page of the sample archive equals its golden file."""
    folder = GOLDEN / f"sample-{language}"
    view = _golden_view(render(sample_archive(ROOT, language)), ROOT)
    if update_golden:
        shutil.rmtree(folder, ignore_errors=True)
        for path, content in view.items():
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_text(content, encoding="utf-8")
    stored = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert sorted(stored) == sorted(view), "golden files differ; run pytest --update-golden"
    for path, content in view.items():
        assert (folder / path).read_text(encoding="utf-8") == content, path


def test_render_keys_are_sorted_and_complete() -> None:
    """Assert that render gives every site_src/ file once, sorted, assets and copies included."""
    outputs = render(sample_archive(ROOT))
    assert list(outputs) == sorted(outputs)
    assert {
        "index.md",
        "talks/index.md",
        "talks/genf-design.md",
        "experts/index.md",
        "experts/ada-lang.md",
        "events/index.md",
        "events/genf-2013.md",
        "tags/index.md",
        "tags/aerodynamik.md",
        "questions/open.md",
        "assets/wunschzeit.css",
        "assets/wunschzeit.js",
    } <= set(outputs)
    assert outputs["media/genf-design.mp4"] == SourceFile(ROOT / "media/genf-design.mp4")
    assert outputs["assets/thumbnails/genf-aerodynamik.jpg"] == SourceFile(
        ROOT / "content/.cache/genf-aerodynamik.jpg"
    )


def test_render_is_deterministic() -> None:
    """Assert that rendering the same archive twice gives identical output."""
    assert render(sample_archive(ROOT)) == render(sample_archive(ROOT))


def test_video_paths_climb_one_more_folder() -> None:
    """Assert that raw-HTML video paths account for use_directory_urls (talks/x/index.html)."""
    talk = make_talk(
        id="t",
        recording=make_file_recording(url="media/t.mp4", captions="media/t.de.vtt"),
    )
    page = render(make_archive(talks=[talk]))["talks/t.md"]
    assert '<video class="wz-video" controls preload="none" src="../../media/t.mp4">' in page
    assert '<track kind="captions" src="../../media/t.de.vtt" srclang="de"' in page


def test_open_questions_ordered_by_votes_then_ask_time() -> None:
    """Assert that open questions sort by votes (most first), then earliest asked."""
    asked = dt.datetime(2013, 3, 1, 10, 0, tzinfo=CET)
    questions = [
        make_question(id="a", question="A", votes=1, asked_at=asked),
        make_question(id="b", question="B", votes=5, asked_at=asked),
        make_question(id="c", question="C", asked_at=asked - dt.timedelta(hours=1)),
        make_question(id="d", question="D", asked_at=asked - dt.timedelta(hours=2)),
    ]
    page = render(make_archive(talks=[make_talk()], questions=questions))["questions/open.md"]
    order = re.findall(r'<li><a href="[^"]*">(\w)</a>', page)
    assert order == ["B", "A", "D", "C"]


def test_talk_without_recording_says_so() -> None:
    """Assert that a talk without a recording shows the not-yet-published notice."""
    archive = make_archive(talks=[make_talk(id="t")], language="en")
    page = render(archive)["talks/t.md"]
    notice = '<p class="admonition-title">Recording not yet published</p>'
    assert '<div class="admonition info">\n' + notice in page
    assert "<li><strong>Date:</strong> March 5, 2013</li>" in page


def test_answered_without_recording_has_no_jump_link() -> None:
    """Assert that an answer in an unpublished talk shows who answered but no ▶ link."""
    question = make_question(talk="t", answer=make_answer(10, by=["x"]))
    page = render(make_archive(talks=[make_talk(id="t")], questions=[question]))["talks/t.md"]
    assert "▶" not in page.split("## Fragen")[1]
    assert "Antwort von x" in page
    assert question.status is Status.ANSWERED


@pytest.mark.parametrize(
    ("language", "expected"),
    [("de", "5. März 2013"), ("en", "March 5, 2013"), ("de-CH", "5. März 2013")],
)
def test_format_date(language: str, expected: str) -> None:
    """Assert that dates are written the way each language writes them."""
    assert i18n.format_date(language, dt.date(2013, 3, 5)) == expected


def test_format_datetime_keeps_the_askers_wall_clock() -> None:
    """Assert that ask times show the time as given, in 24-hour form."""
    moment = dt.datetime(2013, 3, 1, 14, 3, tzinfo=CET)
    assert i18n.format_datetime("de", moment) == "1. März 2013, 14:03 Uhr"
    assert i18n.format_datetime("en", moment) == "March 1, 2013, 14:03"


def test_format_range() -> None:
    """Assert that an event's dates show as one day or a range, and empty when unknown."""
    start, end = dt.date(2013, 3, 5), dt.date(2013, 3, 17)
    assert i18n.format_range("de", start, end) == "5. März 2013 – 17. März 2013"
    assert i18n.format_range("en", start, start) == "March 5, 2013"
    assert i18n.format_range("en", None, None) == ""


def test_counted_uses_singular_for_one() -> None:
    """Assert that exactly one gets the singular form."""
    assert i18n.counted("de", "votes", 1) == "1 Stimme"
    assert i18n.counted("de", "votes", 2) == "2 Stimmen"
    assert i18n.counted("en", "votes", 0) == "0 votes"


def _mkdocs_build(tmp_path: Path) -> Path:
    """Render the sample archive (under tmp_path/archive, created unless there) and build it."""
    root = tmp_path / "archive"
    if not root.exists():
        write_sample_files(root)
    return mkdocs_build(render(sample_archive(root)), tmp_path)


def test_mkdocs_build_strict_on_rendered_sample(tmp_path: Path) -> None:
    """Assert that the rendered sample builds with --strict and hostile text stays text."""
    site = _mkdocs_build(tmp_path)
    aero = (site / "talks/genf-aerodynamik/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in aero
    assert "<script>alert(" not in aero
    assert "<img src=x" not in aero
    assert not re.search(r"<[^>]*\sonerror=", aero)
    assert 'href="javascript:alert' not in aero
    assert 'id="q-boese"' in aero and 'id="evil"' not in aero
    assert 'href="https://www.youtube.com/watch?v=abc123XYZ_-&amp;t=272s"' in aero
    design = (site / "talks/genf-design/index.html").read_text(encoding="utf-8")
    assert 'href="../../media/genf-design.mp4#t=61"' in design
    assert 'data-wz-seek="61"' in design
    assert (site / "media/genf-design.mp4").read_bytes() == b"not really an mp4"
    assert (site / "assets/thumbnails/genf-design.png").is_file()
    tag = (site / "tags/script/index.html").read_text(encoding="utf-8")
    assert "<title>Thema: &lt;script&gt; - " in tag
    index = (site / "search/search_index.json").read_text(encoding="utf-8")
    assert "<script>alert" not in index and "<img src=x" not in index


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("aerodynamik", "aerodynamik"),
        ("index", "index-e540cdd1"),
        ("Ökologie & Umwelt", "oekologie-umwelt"),
        ("<script>", "script"),
    ],
)
def test_tag_slug(tag: str, expected: str) -> None:
    """Assert that tag pages get safe file names that never overwrite tags/index.md."""
    slug = tag_slug(tag)
    assert slug.startswith(expected)
    assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug)
    assert slug != "index"


def _browser_tools() -> tuple[str, str]:
    chromium, ffmpeg = shutil.which("chromium"), shutil.which("ffmpeg")
    if chromium is None or ffmpeg is None:
        pytest.skip("needs chromium and ffmpeg")
    pytest.importorskip("playwright.sync_api")
    return chromium, ffmpeg


def test_jump_link_seeks_the_self_hosted_video(tmp_path: Path) -> None:
    """Assert that clicking ▶ on a self-hosted talk seeks its own video instead of leaving."""
    chromium, ffmpeg = _browser_tools()
    from playwright.sync_api import sync_playwright

    media = tmp_path / "archive/media/genf-design.mp4"
    write_sample_files(tmp_path / "archive")
    lavfi = "testsrc=duration=90:size=160x90:rate=5"
    subprocess.run(
        [ffmpeg, "-loglevel", "error", "-y", "-f", "lavfi", "-i", lavfi, "-pix_fmt", "yuv420p",
         str(media)],
        check=True,
    )  # fmt: skip
    site = _mkdocs_build(tmp_path)
    page_url = (site / "talks/genf-design/index.html").as_uri()
    video = "document.querySelector('video.wz-video')"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--autoplay-policy=no-user-gesture-required"]
        )
        page = browser.new_page()
        page.goto(page_url)
        page.evaluate(f"{video}.preload = 'metadata'")  # preload=none until played
        page.wait_for_function(f"{video}.readyState >= 1")
        page.click("#answers + ul a.wz-jump")
        page.wait_for_function(f"{video}.currentTime >= 61")
        assert page.url == page_url
        assert page.evaluate(f"{video}.paused") is False
        browser.close()
