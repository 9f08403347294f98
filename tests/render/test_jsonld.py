"""Tests for generator.render.jsonld: the JSON-LD VideoObject of each talk page."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.pipeline.generate import build_archive
from generator.render import jsonld as sd
from generator.render.outputs import render
from tests.helpers.archive_factory import (
    make_answer,
    make_archive,
    make_file_recording,
    make_question,
    make_talk,
    sample_archive,
)
from tests.helpers.sample_site import copy_sample, mkdocs_build

ROOT = Path("/archive")
SITE = "https://example.org/wz/"
LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)
BREAKOUT = "</script><script>alert(1)</script><!-- & -->"


def _video(site_url: str | None = None) -> dict[str, Any]:
    """The VideoObject of the sample's YouTube talk."""
    archive = sample_archive(ROOT)
    archive = replace(archive, settings=replace(archive.settings, site_url=site_url))
    data = sd.video_object(archive, archive.talk("genf-aerodynamik"))
    assert data is not None
    return data


def test_one_clip_per_answered_question_with_offsets() -> None:
    """Assert that the VideoObject has one Clip per answered question, in answer order."""
    clips = _video(site_url=SITE)["hasPart"]
    assert clips == [
        {
            "@type": "Clip",
            "name": "Bringt ein Heckspoiler etwas?",
            "startOffset": 95,
            "endOffset": 272,
            "url": "https://example.org/wz/talks/genf-aerodynamik/?t=95#q-spoiler",
        },
        {
            "@type": "Clip",
            "name": "Wie wichtig ist der cw-Wert?",
            "startOffset": 272,
            "endOffset": 370,
            "url": "https://example.org/wz/talks/genf-aerodynamik/?t=272#q-cw-wert",
        },
    ]


def test_video_object_facts_and_seek_action() -> None:
    """Assert that name, dates, duration, thumbnail, embed URL and SeekToAction are set."""
    data = _video(site_url=SITE)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "VideoObject"
    assert data["name"] == "Live-Talk: Aerodynamik"
    assert data["url"] == "https://example.org/wz/talks/genf-aerodynamik/"
    assert data["uploadDate"] == "2013-03-05"
    assert data["duration"] == "PT30M0S"
    assert data["thumbnailUrl"] == "https://example.org/wz/assets/thumbnails/genf-aerodynamik.jpg"
    assert data["embedUrl"] == "https://www.youtube-nocookie.com/embed/abc123XYZ_-?start=0"
    assert data["description"] == "Live-Talk mit Teddy Woll, Ada Lang: 2 Antworten"
    assert data["potentialAction"] == {
        "@type": "SeekToAction",
        "target": "https://example.org/wz/talks/genf-aerodynamik/?t={seek_to_second_number}",
        "startOffset-input": "required name=seek_to_second_number",
    }


def test_without_site_url_urls_are_relative_to_the_page() -> None:
    """Assert that without site_url clip URLs and the thumbnail resolve against the page."""
    data = _video()
    assert "url" not in data
    assert data["thumbnailUrl"] == "../../assets/thumbnails/genf-aerodynamik.jpg"
    assert data["hasPart"][0]["url"] == "?t=95#q-spoiler"
    assert data["potentialAction"]["target"] == "?t={seek_to_second_number}"


def test_self_hosted_video_has_content_url_and_open_end_runs_to_duration() -> None:
    """Assert that a self-hosted file gets contentUrl and the last open answer ends at duration."""
    talk = make_talk(id="t", recording=make_file_recording(url="media/t.mp4", duration=600))
    question = make_question(talk="t", id="q", answer=make_answer(500))
    archive = make_archive(talks=[talk], questions=[question], site_url=SITE)
    data = sd.video_object(archive, talk)
    assert data is not None
    assert data["contentUrl"] == "https://example.org/wz/media/t.mp4"
    assert "embedUrl" not in data
    assert data["hasPart"][0]["startOffset"] == 500
    assert data["hasPart"][0]["endOffset"] == 600


def test_talk_without_recording_has_no_script() -> None:
    """Assert that a talk without a recording gets no JSON-LD at all."""
    archive = make_archive(talks=[make_talk(id="t")])
    assert sd.talk_script(archive, archive.talk("t")) == ""


def test_hostile_question_cannot_close_the_script_element() -> None:
    """Assert that `</script>` and `<!--` in a question stay inside the JSON as escapes."""
    talk = make_talk(id="t", recording=make_file_recording(url="media/t.mp4"))
    question = make_question(talk="t", id="q", question=BREAKOUT, answer=make_answer(5))
    archive = make_archive(talks=[talk], questions=[question])
    block = sd.talk_script(archive, talk)
    assert block.startswith('<script type="application/ld+json">')
    assert block.count("</script") == 1 and block.endswith("</script>")
    assert "<!--" not in block and "&" not in block and "-->" not in block
    inner = block.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert json.loads(inner)["hasPart"][0]["name"] == BREAKOUT


def test_hostile_question_in_rendered_page_stays_in_one_script() -> None:
    """Assert that the talk page's Markdown carries exactly one intact ld+json block."""
    page = render(sample_archive(ROOT))["talks/genf-aerodynamik.md"]
    blocks = LD_JSON.findall(page)
    assert len(blocks) == 1
    assert [c["name"] for c in json.loads(blocks[0])["hasPart"]] == [
        "Bringt ein Heckspoiler etwas?",
        "Wie wichtig ist der cw-Wert?",
    ]


@pytest.fixture(scope="module")
def built_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repo's sample archive, built with `wunschzeit build --strict`."""
    root = copy_sample(tmp_path_factory.mktemp("ld") / "archive")
    assert main(["--root", str(root), "build", "--strict"]) == 0
    return root


def test_built_talk_pages_have_one_clip_per_answered_question(built_sample: Path) -> None:
    """Assert that each built talk page has one ld+json script with a Clip per answer."""
    archive = build_archive(built_sample)
    checked = 0
    for talk in archive.talks:
        page = (built_sample / "site/talks" / talk.id / "index.html").read_text("utf-8")
        blocks = LD_JSON.findall(page)
        if talk.recording is None:
            assert blocks == []
            continue
        assert len(blocks) == 1, talk.id
        data = json.loads(blocks[0])
        answered = sd.answered(archive.questions.get(talk.id, ()))
        assert len(data["hasPart"]) == len(answered) > 0
        starts = [q.answer.start.seconds for q in answered if q.answer]
        assert [c["startOffset"] for c in data["hasPart"]] == starts
        checked += 1
    assert checked >= 2


def test_hostile_answered_question_survives_markdown_and_mkdocs(tmp_path: Path) -> None:
    """Assert that after a real MkDocs build the page has one intact script with the question."""
    recording = make_file_recording(url="media/t.mp4")
    talk = make_talk(id="t", title='"><script>alert(2)</script>', recording=recording)
    hostile = BREAKOUT + " **fett** {#x} `code`"
    question = make_question(talk="t", id="q", question=hostile, answer=make_answer(5))
    archive = make_archive(talks=[talk], questions=[question], root=tmp_path / "archive")
    (tmp_path / "archive/media").mkdir(parents=True)
    (tmp_path / "archive/media/t.mp4").write_bytes(b"x")
    site = mkdocs_build(render(archive), tmp_path)
    built = (site / "talks/t/index.html").read_text(encoding="utf-8")
    blocks = LD_JSON.findall(built)
    assert len(blocks) == 1
    assert json.loads(blocks[0])["hasPart"][0]["name"] == hostile
    assert "<script>alert(1)" not in built and "<script>alert(2)" not in built
    og_title = (
        '<meta property="og:title" content="&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;">'
    )
    assert og_title in built


def test_built_talk_page_has_open_graph_and_feed_links(built_sample: Path) -> None:
    """Assert that a built talk page announces the feed and carries Open Graph tags."""
    archive = build_archive(built_sample)
    talk = next(t for t in archive.talks if t.recording and t.recording.thumbnail)
    page = (built_sample / "site/talks" / talk.id / "index.html").read_text("utf-8")
    base = archive.settings.site_url
    assert base
    head = page.split("</head>")[0]
    assert (
        '<link rel="alternate feed" type="application/atom+xml" href="../../feeds/answers.xml"'
        in head
    )
    assert '<meta property="og:type" content="video.other">' in head
    assert f'<meta property="og:url" content="{base}talks/{talk.id}/">' in head
    image = re.search(r'<meta property="og:image" content="([^"]+)">', head)
    assert image and image.group(1).startswith(f"{base}assets/thumbnails/{talk.id}.")
    assert re.search(r'<meta property="og:description" content="[^"]+">', head)
    expert = next(iter(archive.experts))
    expert_page = (built_sample / "site/experts" / expert / "index.html").read_text("utf-8")
    assert f'href="../../feeds/experts/{expert}.xml"' in expert_page.split("</head>")[0]
