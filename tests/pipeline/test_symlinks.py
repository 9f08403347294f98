"""Nothing outside the archive folder is read or published through a symbolic link.

Each test links one file or folder of a copy of the sample archive to a place outside it
holding a secret, and asserts the exact `path:line: message`, exit 1 and that the secret is
nowhere in site_src/ or site/. Links that stay inside the archive are followed as before.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.pipeline import freshness
from generator.pipeline.load import files_under
from tests.helpers.sample_site import copy_sample

SECRET = b"SECRET-FROM-OUTSIDE-THE-ARCHIVE"
OUTSIDE = "it is a symbolic link leading outside the archive"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_sample(tmp_path / "archive")


def _outside(tmp_path: Path, original: Path) -> Path:
    """A copy of `original` outside the archive, with the secret in it."""
    target = tmp_path / "outside" / original.name
    target.parent.mkdir(parents=True, exist_ok=True)
    if original.is_dir():
        shutil.copytree(original, target)
        for path in target.rglob("*.md"):
            path.write_bytes(path.read_bytes() + b"\n" + SECRET + b"\n")
    else:
        target.write_bytes(original.read_bytes() + SECRET)
    return target


def _link_out(tmp_path: Path, root: Path, where: str) -> None:
    """Replace root/where by a symbolic link to a copy of it outside the archive."""
    path = root / where
    target = _outside(tmp_path, path)
    shutil.rmtree(path) if path.is_dir() else path.unlink()
    path.symlink_to(target, target_is_directory=target.is_dir())


def _build(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    from generator import cli  # the whole command line, imported when a test runs

    status = cli.main(["--root", str(root), "build"])
    return status, capsys.readouterr().err.splitlines()


def _leaked(root: Path) -> list[str]:
    """Files under site_src/ and site/ that hold the secret (not the links themselves)."""
    return [
        p.relative_to(root).as_posix()
        for folder in ("site_src", "site")
        for p in (root / folder).rglob("*")
        if p.is_file() and not p.is_symlink() and SECRET in p.read_bytes()
    ]


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("media/genf-design.mp4", f"refusing this recording: {OUTSIDE}"),
        ("media/genf-design.de.vtt", f"refusing these captions: {OUTSIDE}"),
        ("content/.cache/genf-aerodynamik.jpg", f"refusing this thumbnail: {OUTSIDE}"),
        ("content/.cache/genf-aerodynamik.de.vtt", f"refusing these captions: {OUTSIDE}"),
        ("content/.cache/genf-aerodynamik.info.json", f"refusing this metadata file: {OUTSIDE}"),
        (
            "content/talks/genf-design/lichtsignatur.md",
            f"refusing this question file: {OUTSIDE}",
        ),
        ("content/experts/ilka-sommerfeld.md", f"refusing this expert file: {OUTSIDE}"),
        ("content/events/automobilsalon-genf-2013.md", f"refusing this event file: {OUTSIDE}"),
        ("content/talks/genf-design", f"refusing this folder: {OUTSIDE}"),
        ("site_src/impressum.md", f"refusing this file: {OUTSIDE}"),
    ],
)
def test_a_link_leading_outside_is_refused(
    tmp_path: Path, root: Path, capsys: pytest.CaptureFixture[str], where: str, message: str
) -> None:
    """Assert that build names the link, exits 1 and publishes nothing of its target."""
    _link_out(tmp_path, root, where)
    status, errors = _build(root, capsys)
    assert status == 1
    assert f"{where}:1: {message}" in errors
    assert _leaked(root) == []


def test_a_folder_of_media_linked_from_outside_is_refused(
    tmp_path: Path, root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that a file in a linked folder outside the archive is refused as well."""
    _link_out(tmp_path, root, "media")
    status, errors = _build(root, capsys)
    assert status == 1
    message = "refusing this recording: it is in a folder that is a symbolic link leading "
    assert f"media/genf-design.mp4:1: {message}outside the archive" in errors
    assert _leaked(root) == []


def test_a_link_to_a_folder_inside_is_refused(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that a linked talk folder is refused even when it stays inside the archive."""
    (root / "content/talks/genf-kopie").symlink_to("genf-design", target_is_directory=True)
    status, errors = _build(root, capsys)
    assert status == 1
    assert (
        "content/talks/genf-kopie:1: refusing this folder: it is a symbolic link to a folder; "
        "only links to files inside the archive are read"
    ) in errors


def test_links_inside_the_archive_are_followed(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that a recording and a question file linked within the archive are published."""
    store = root / "originals"
    store.mkdir()
    (root / "media/genf-design.mp4").rename(store / "genf-design.mp4")
    (root / "media/genf-design.mp4").symlink_to("../originals/genf-design.mp4")
    question = root / "content/talks/genf-design/lichtsignatur.md"
    question.rename(store / "lichtsignatur.md")
    question.symlink_to("../../../originals/lichtsignatur.md")
    status, errors = _build(root, capsys)
    assert status == 0, errors
    site = root / "site"
    assert (site / "media/genf-design.mp4").read_bytes() == (store / "genf-design.mp4").read_bytes()
    assert 'id="q-lichtsignatur"' in (site / "talks/genf-design/index.html").read_text("utf-8")


def test_a_new_link_out_makes_generate_run_again(
    tmp_path: Path, root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that the fingerprint notices a refused link without reading what it leads to."""
    before = freshness.fingerprint(root)
    _link_out(tmp_path, root, "content/experts/ilka-sommerfeld.md")
    after = freshness.fingerprint(root)
    assert after.digest != before.digest
    assert "content/experts/ilka-sommerfeld.md" not in after.files
    assert all(SECRET not in data for data in after.files.values())


def test_files_under_lists_links_it_does_not_follow(tmp_path: Path, root: Path) -> None:
    """Assert that files_under hands back the links it refuses to follow, sorted apart."""
    _link_out(tmp_path, root, "content/experts/ilka-sommerfeld.md")
    links: list[str] = []
    found = files_under(root, "content/experts", links=links)
    assert found == ["content/experts/henrik-falter.md"]
    assert links == ["content/experts/ilka-sommerfeld.md"]


def test_import_through_a_linked_talk_folder_writes_nothing(
    tmp_path: Path, root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that import refuses a talk folder leading outside and writes nothing there."""
    from generator import cli  # the whole command line, imported when a test runs

    _link_out(tmp_path, root, "content/talks/genf-design")
    outside = tmp_path / "outside/genf-design"
    before = sorted(p.name for p in outside.iterdir())
    questions = tmp_path / "fragen.txt"
    questions.write_text("Wie schwer ist die Studie?\n-- Mario\n", encoding="utf-8")
    argv = ["--root", str(root), "import", "text", str(questions), "--talk", "genf-design"]
    assert cli.main(argv) == 1
    errors = capsys.readouterr().err.splitlines()
    assert f"content/talks/genf-design:1: refusing this talk folder: {OUTSIDE}" in errors
    assert sorted(p.name for p in outside.iterdir()) == before
