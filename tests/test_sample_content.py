"""Checks on the committed sample archive in the repository root (content/, media/, videos.yml).

These read the files directly, not through the pipeline, so a broken sample is reported even
when the generator is broken too.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import frontmatter
import pytest
import webvtt
import yaml

from generator.timestamps import parse_timestamp
from tests.helpers.paths import REPO

ROOT = REPO
CONTENT = ROOT / "content"
YOUTUBE_TALK = "genf-aerodynamik"
SELF_HOSTED_TALK = "genf-design"
MEDIA = ROOT / "media" / f"{SELF_HOSTED_TALK}.mp4"
INFO_JSON = CONTENT / ".cache" / f"{YOUTUBE_TALK}.info.json"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}", re.IGNORECASE)
TEXT_SUFFIXES = {".md", ".json", ".vtt", ".yml", ".yaml", ".txt"}


def question_files(talk_id: str | None = None) -> list[Path]:
    talks = CONTENT / "talks"
    pattern = f"{talk_id}/*.md" if talk_id else "*/*.md"
    return sorted(talks.glob(pattern))


def answers(talk_id: str) -> dict[str, dict[str, object]]:
    found: dict[str, dict[str, object]] = {}
    for path in question_files(talk_id):
        answer = frontmatter.load(path).get("answer")
        if isinstance(answer, dict):
            found[path.stem] = answer
    return found


def answer_seconds(answer: dict[str, object]) -> list[int]:
    keys = [k for k in ("start", "end") if answer.get(k) is not None]
    return [parse_timestamp(answer[k]).seconds for k in keys]


def media_duration() -> float:
    ffprobe = shutil.which("ffprobe")
    if ffprobe is None:
        pytest.skip("ffprobe is not installed, so the media duration cannot be read")
    command = [ffprobe, "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0"]
    done = subprocess.run([*command, str(MEDIA)], capture_output=True, text=True, check=True)
    return float(done.stdout.strip())


def test_every_question_file_parses_with_a_question_and_status() -> None:
    """Assert that every question file's front matter parses and has a question and a status."""
    paths = question_files()
    assert len(paths) >= 14
    for path in paths:
        post = frontmatter.load(path)
        assert isinstance(post.get("question"), str), path
        assert post.get("status") in {"collected", "answered", "merged", "declined"}, path


def test_each_status_occurs_and_merged_and_declined_once() -> None:
    """Assert that every status occurs, merged and declined exactly once each."""
    statuses = [frontmatter.load(p)["status"] for p in question_files()]
    assert {s: statuses.count(s) for s in ("merged", "declined")} == {"merged": 1, "declined": 1}
    assert statuses.count("answered") >= 8
    assert statuses.count("collected") >= 2


def test_merged_question_points_to_an_existing_question_of_its_talk() -> None:
    """Assert that the merged question names a question file of the same talk."""
    for path in question_files():
        post = frontmatter.load(path)
        if post["status"] == "merged":
            assert (path.parent / f"{post['merged_into']}.md").is_file(), path


def test_self_hosted_answers_lie_within_the_media_duration() -> None:
    """Assert that every answer start and end of the self-hosted talk lies inside the MP4."""
    duration = media_duration()
    assert 300 <= duration <= 900
    found = answers(SELF_HOSTED_TALK)
    assert len(found) >= 3
    for name, answer in found.items():
        assert max(answer_seconds(answer)) <= duration, name


def test_self_hosted_media_is_small_vp9_and_opus() -> None:
    """Assert that the MP4 holds VP9 video and Opus audio and stays below 900 KB."""
    media_duration()  # skips without ffprobe
    command = ["ffprobe", "-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0"]
    done = subprocess.run([*command, str(MEDIA)], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["vp9", "opus"]
    assert MEDIA.stat().st_size <= 900 * 1024


def test_youtube_answers_lie_within_the_cached_duration() -> None:
    """Assert that the info JSON's duration is at least every answer time of the YouTube talk."""
    duration = json.loads(INFO_JSON.read_text("utf-8"))["duration"]
    assert duration == 900
    found = answers(YOUTUBE_TALK)
    assert len(found) >= 3
    for name, answer in found.items():
        assert max(answer_seconds(answer)) <= duration, name


def test_cached_info_json_is_marked_as_sample() -> None:
    """Assert that the hand-written info JSON carries the `_wunschzeit.sample` marker."""
    info = json.loads(INFO_JSON.read_text("utf-8"))
    assert info["_wunschzeit"]["sample"] is True
    assert info["id"] == "WzSample001"
    assert info["extractor_key"] == "Youtube"


@pytest.mark.parametrize(
    "path",
    [
        f"content/.cache/{YOUTUBE_TALK}.de.vtt",
        f"media/{SELF_HOSTED_TALK}.de.vtt",
    ],
)
def test_captions_parse_and_have_cues(path: str) -> None:
    """Assert that the captions parse as WebVTT and have cues with text."""
    captions = webvtt.read(str(ROOT / path)).captions
    assert len(captions) >= 5
    assert all(c.text.strip() for c in captions)


def test_self_hosted_captions_start_at_every_answer() -> None:
    """Assert that a caption cue of the self-hosted talk begins at each answer's start second."""
    captions = webvtt.read(str(ROOT / "media" / f"{SELF_HOSTED_TALK}.de.vtt")).captions
    starts = {c.start for c in captions}
    for name, answer in answers(SELF_HOSTED_TALK).items():
        start = parse_timestamp(answer["start"]).seconds
        label = f"{start // 3600:02d}:{start % 3600 // 60:02d}:{start % 60:02d}.000"
        assert label in starts, name


def test_no_email_address_in_the_sample() -> None:
    """Assert that no e-mail address appears under content/ or in videos.yml."""
    paths = [ROOT / "videos.yml", *sorted(p for p in CONTENT.rglob("*") if p.is_file())]
    for path in paths:
        if path.suffix in TEXT_SUFFIXES:
            assert EMAIL.findall(path.read_text("utf-8")) == [], path


def test_videos_yml_lists_both_sample_talks() -> None:
    """Assert that videos.yml lists the two talks with their URLs and existing experts."""
    talks = yaml.safe_load((ROOT / "videos.yml").read_text("utf-8"))
    assert [t["id"] for t in talks] == [YOUTUBE_TALK, SELF_HOSTED_TALK]
    assert talks[1]["url"] == f"media/{SELF_HOSTED_TALK}.mp4"
    for talk in talks:
        for expert in talk["experts"]:
            assert (CONTENT / "experts" / f"{expert}.md").is_file(), expert
        assert (CONTENT / "events" / f"{talk['event']}.md").is_file()
