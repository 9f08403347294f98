"""Messages of the link stage for an editor's everyday slips: "did you mean" for misspelt
experts, talk folders and content folders; warnings for what a published archive lacks (a
recording's length, a self-hosted recording's title, site_url)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from generator.errors import ContentError
from generator.pipeline.generate import build_archive
from tests.helpers.ondisk import MKDOCS, QUESTION, VIDEOS, make_archive
from tests.helpers.paths import REPO

HENRIK = "---\nname: Henrik Falter\n---\n"
AERODYNAMIK = VIDEOS.replace("talk-a", "genf-aerodynamik")
UNCACHED = {"content/.cache/talk-a.info.json": None}
NO_SITE_URL = MKDOCS.replace("site_url: https://example.org/test/\n", "")
UNKNOWN_LENGTH = (
    "length of the recording unknown (no `duration` here and none in cached metadata), so "
    "answers after its end go unnoticed; run `wunschzeit refresh talk-a` or set `duration` "
    "(e.g. duration: 1:02:03)"
)


def _problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as error:
        build_archive(root)
    return [str(p) for p in error.value.problems]


def _warnings(root: Path) -> list[str]:
    return [str(w) for w in build_archive(root).warnings]


def _self_hosted(title: str | None, media: str) -> str:
    """videos.yml with talk-a as a self-hosted recording, with or without a title."""
    videos = VIDEOS.replace("https://www.youtube.com/watch?v=abcdefghijk", media)
    return videos if title else videos.replace("  title: Talk A\n", "")


# --- did you mean ----------------------------------------------------------------------------


def test_misspelt_answer_by_expert_suggests_the_known_one(tmp_path: Path) -> None:
    """Assert that a misspelt expert in answer.by is an error that names the likely one."""
    question = QUESTION.replace("by: [anna]", "by: [henrik-falterr]")
    root = make_archive(
        tmp_path,
        {"content/experts/henrik-falter.md": HENRIK, "content/talks/talk-a/cw-wert.md": question},
    )
    assert _problems(root) == [
        "content/talks/talk-a/cw-wert.md:9: unknown expert 'henrik-falterr' in answer.by: no file "
        "content/experts/henrik-falterr.md; did you mean 'henrik-falter'?"
    ]


def test_misspelt_talk_folder_suggests_the_talk_id(tmp_path: Path) -> None:
    """Assert that a question folder named after no talk suggests the talk id it resembles."""
    root = make_archive(
        tmp_path,
        {
            "videos.yml": AERODYNAMIK,
            "content/.cache/talk-a.info.json": None,
            "content/.cache/genf-aerodynamik.info.json": '{"duration": 900}',
            "content/talks/talk-a/cw-wert.md": None,
            "content/talks/genf-aerodynamk/cw-wert.md": QUESTION,
        },
    )
    assert _problems(root) == [
        "content/talks/genf-aerodynamk/cw-wert.md:1: question of unknown talk 'genf-aerodynamk': "
        "no entry with id 'genf-aerodynamk' in videos.yml; did you mean 'genf-aerodynamik'?"
    ]


@pytest.mark.parametrize(
    ("folder", "hint"),
    [
        ("question", ""),
        ("expert", "; did you mean 'experts'?"),
        ("talk", "; did you mean 'talks'?"),
    ],
)
def test_unknown_folder_under_content_is_an_error(tmp_path: Path, folder: str, hint: str) -> None:
    """Assert that a folder under content/ other than events, experts, talks and .cache is an
    error naming it and the known ones, whose files are never read."""
    root = make_archive(tmp_path, {f"content/{folder}/frage.md": QUESTION})
    assert _problems(root) == [
        f"content/{folder}:1: unknown folder: content/ holds only events/, experts/, talks/, "
        f".cache/{hint}"
    ]


def test_hidden_folders_and_files_under_content_are_left_alone(tmp_path: Path) -> None:
    """Assert that an editor's tool folder (content/.obsidian/) and a loose file are no error."""
    root = make_archive(tmp_path, {"content/.obsidian/app.json": "{}", "content/README": "x"})
    assert _warnings(root) == []


# --- what a published archive lacks ----------------------------------------------------------


def test_uncached_talk_without_duration_warns_at_its_url(tmp_path: Path) -> None:
    """Assert that a published talk with no cached metadata and no duration is a warning at its
    url line that names both fixes."""
    root = make_archive(tmp_path, UNCACHED)
    assert _warnings(root) == [f"videos.yml:3: {UNKNOWN_LENGTH}"]


def test_duration_in_videos_yml_is_enough(tmp_path: Path) -> None:
    """Assert that a duration set in videos.yml silences the warning and bounds the answers."""
    videos = VIDEOS + "  duration: 5:00\n"
    root = make_archive(tmp_path, {**UNCACHED, "videos.yml": videos})
    assert _problems(root) == [
        "content/talks/talk-a/cw-wert.md:8: answer ends at 6:10, after the end of the recording "
        "(5:00)"
    ]


def test_self_hosted_recording_without_title_or_length_warns(tmp_path: Path) -> None:
    """Assert that a self-hosted file without title warns at the id, and one whose length is
    not measured (not an MP4) warns at the url."""
    root = make_archive(
        tmp_path, {"videos.yml": _self_hosted(None, "media/a.webm"), "media/a.webm": "x"}
    )
    assert _warnings(root) == [
        "videos.yml:1: self-hosted recording without `title`: pages, feeds and search show the "
        "id 'talk-a' instead (a media file brings no title); set `title`",
        "videos.yml:2: length of the recording unknown (no `duration` here, and only MP4 files "
        "are measured), so answers after its end go unnoticed; set `duration` (e.g. duration: "
        "1:02:03)",
    ]


def test_self_hosted_mp4_with_title_is_fine(tmp_path: Path) -> None:
    """Assert that a titled MP4 in media/ needs nothing more: its length is read from it."""
    mp4 = (REPO / "media" / "genf-design.mp4").read_bytes()
    question = QUESTION.replace("end: 6:10", "end: 5:10")  # the file is 5:30 long
    root = make_archive(
        tmp_path,
        {
            "videos.yml": _self_hosted("Talk A", "media/a.mp4"),
            "content/talks/talk-a/cw-wert.md": question,
        },
    )
    (root / "media").mkdir()
    (root / "media" / "a.mp4").write_bytes(mp4)
    assert _warnings(root) == []


def test_missing_site_url_fails_check_strict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that an archive without site_url passes `check` with a warning on mkdocs.yml's
    first line and fails `check --strict`."""
    root = make_archive(tmp_path, {"mkdocs.yml": NO_SITE_URL})
    warning = (
        "mkdocs.yml:1: warning: no site_url: feeds, the sitemap, Open Graph and JSON-LD need "
        "absolute URLs; set it to the address the site is published at, e.g. site_url: "
        "https://example.org/archiv/\n"
    )
    assert main(["--root", str(root), "check"]) == 0
    assert capsys.readouterr().err == warning
    assert main(["--root", str(root), "check", "--strict"]) == 1
    assert capsys.readouterr().err == warning + "1 warning, treated as errors (--strict)\n"


def test_sample_archive_passes_check_strict(capsys: pytest.CaptureFixture[str]) -> None:
    """Assert that the sample archive has none of these warnings."""
    assert main(["--root", str(REPO), "check", "--strict"]) == 0
    assert capsys.readouterr().err == ""
