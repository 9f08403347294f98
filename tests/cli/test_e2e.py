"""End to end: the sample archive of the repo, built with `wunschzeit build --strict`.

The expectations come from the sample's own files (videos.yml, the question files), so the
tests follow the sample when the editor changes it.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main
from generator.site.serve import Regenerator
from generator.timestamps import parse_timestamp
from tests.helpers.paths import REPO
from tests.helpers.sample_site import copy_sample


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes; {} when the folder does not exist."""
    if not folder.is_dir():
        return {}
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def talks(root: Path) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = yaml.safe_load((root / "videos.yml").read_text("utf-8"))
    return entries


def questions(root: Path) -> list[tuple[str, str, dict[str, Any]]]:
    """(talk id, question id, front matter) of every question file."""
    found = []
    for path in sorted((root / "content" / "talks").glob("*/*.md")):
        _, front, _ = path.read_text(encoding="utf-8").split("---\n", 2)
        found.append((path.parent.name, path.stem, yaml.safe_load(front)))
    return found


def talk_html(root: Path, talk_id: str) -> str:
    return (root / "site" / "talks" / talk_id / "index.html").read_text(encoding="utf-8")


def question_section(page: str, question_id: str) -> str:
    """The HTML from a question's anchor to the next question's anchor."""
    start = page.index(f'id="q-{question_id}"')
    following = page.find('id="q-', start + 1)
    return page[start : following if following != -1 else len(page)]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample archive, built once with `wunschzeit build --strict`."""
    root = copy_sample(tmp_path_factory.mktemp("e2e") / "archiv")
    assert main(["--root", str(root), "build", "--strict"]) == 0
    return root


def test_sample_is_complete() -> None:
    """Assert that the repo holds a sample archive with talks and questions to test against."""
    assert len(talks(REPO)) >= 2
    assert any(front.get("answer") for _, _, front in questions(REPO))


def test_every_talk_has_a_page(built: Path) -> None:
    """Assert that every talk of videos.yml has a built page carrying its title."""
    for talk in talks(built):
        page = html.unescape(talk_html(built, talk["id"]))
        assert re.search(r"<h1[^>]*>" + re.escape(talk.get("title", talk["id"])), page), talk


def test_every_question_has_its_anchor(built: Path) -> None:
    """Assert that every question file gives an element with id="q-<question id>"."""
    for talk_id, question_id, _ in questions(built):
        assert f'id="q-{question_id}"' in talk_html(built, talk_id), (talk_id, question_id)


def test_jump_links_start_at_the_noted_second(built: Path) -> None:
    """Assert that each answered question's jump link has t=<answer.start in seconds>."""
    published = {talk["id"] for talk in talks(built) if talk.get("url")}
    checked = 0
    for talk_id, question_id, front in questions(built):
        if not front.get("answer") or talk_id not in published:
            continue
        section = question_section(talk_html(built, talk_id), question_id)
        seconds = parse_timestamp(front["answer"]["start"]).seconds
        links = re.findall(r'class="wz-jump"[^>]*href="[^"]*[?&;#]t=(\d+)s?"', section)
        assert links[:1] == [str(seconds)], (talk_id, question_id)
        checked += 1
    assert checked >= 2


def test_generated_pages_are_deterministic(built: Path, tmp_path: Path) -> None:
    """Assert that generating the same sample elsewhere gives byte-identical site_src/."""
    other = copy_sample(tmp_path / "noch-einmal")
    assert main(["--root", str(other), "generate"]) == 0

    def pages(root: Path) -> dict[str, bytes]:
        # Not the state and the caches: sizes, times and inodes of this machine's files.
        found = tree(root / "site_src").items()
        return {k: v for k, v in found if not k.startswith(machine)}

    machine = (".wunschzeit-state.json", ".wunschzeit-cache/")
    assert pages(other).keys() == pages(built).keys()
    assert pages(other) == pages(built)


HOSTILE_QUESTION = """\
---
question: "<script>alert(1)</script> <img src=x onerror=alert(1)> [klick](javascript:alert(1))"
asked_by: "<b>Mallory</b>"
channel: blog
status: collected
---
"""


def test_public_text_is_shown_as_text(tmp_path: Path) -> None:
    """Assert that HTML and javascript: links in a question and its asker stay inert text."""
    root = copy_sample(tmp_path / "archiv")
    talk_id = talks(root)[0]["id"]
    (root / "content" / "talks" / talk_id / "boese-frage.md").write_text(
        HOSTILE_QUESTION, encoding="utf-8"
    )
    assert main(["--root", str(root), "build", "--strict"]) == 0
    page = talk_html(root, talk_id)
    section = question_section(page, "boese-frage")
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    # Material's own share button is `href="javascript:void(0)"`; nothing else may be.
    assert not re.search(r'href="javascript:(?!void\(0\)")', page, re.IGNORECASE)
    assert "javascript:" not in "".join(re.findall(r'href="([^"]*)"', section))
    assert "<b>Mallory" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in section
    assert "&lt;img src=x onerror=alert(1)&gt;" in section
    assert "&lt;b&gt;Mallory&lt;/b&gt;" in section


def _break_a_reference(root: Path) -> tuple[int, int]:
    """Append a talk naming an unknown expert; return the lines of its entry and `experts`."""
    videos = root / "videos.yml"
    text = videos.read_text(encoding="utf-8").rstrip("\n") + "\n"
    entry_line = text.count("\n") + 2
    text += "\n- id: kaputt\n  title: Kaputt\n  experts: [niemand-bekanntes]\n"
    videos.write_text(text, encoding="utf-8")
    return entry_line, entry_line + 2


def test_broken_reference_fails_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that a broken reference exits 1 with `path:line: message` and leaves output alone."""
    root = copy_sample(tmp_path / "archiv")
    assert main(["--root", str(root), "build"]) == 0
    before = (tree(root / "site_src"), tree(root / "site"))
    lines = _break_a_reference(root)
    capsys.readouterr()
    for verb in ("check", "generate", "build"):
        assert main(["--root", str(root), verb]) == 1, verb
        err = capsys.readouterr().err
        problem = re.search(r"^videos\.yml:(\d+): .*niemand-bekanntes.*$", err, re.MULTILINE)
        assert problem is not None, err
        assert int(problem[1]) in lines
        assert re.search(r"^\d+ errors?$", err, re.MULTILINE)
        assert (tree(root / "site_src"), tree(root / "site")) == before


def test_preview_keeps_the_last_good_pages(tmp_path: Path) -> None:
    """Assert that the serve regeneration reports errors, keeps site_src/, then recovers."""
    root = copy_sample(tmp_path / "archiv")
    assert main(["--root", str(root), "generate"]) == 0
    good = tree(root / "site_src")
    videos = (root / "videos.yml").read_text(encoding="utf-8")
    reported: list[str] = []
    regenerator = Regenerator(root, reported.append)
    _break_a_reference(root)
    assert regenerator.regenerate() is False
    assert any(re.match(r"videos\.yml:\d+: .*niemand-bekanntes", line) for line in reported)
    assert reported[-1].endswith("the preview shows the last good version")
    assert tree(root / "site_src") == good
    (root / "videos.yml").write_text(videos.replace("Aerodynamik", "Luftwiderstand"), "utf-8")
    assert regenerator.regenerate() is True
    assert reported[-1].startswith("regenerated: ")
    assert tree(root / "site_src") != good
