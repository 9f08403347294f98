"""Expert photos (`content/experts/<id>.jpg|png|webp`): checked by enrich, copied by render."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.errors import ContentError
from generator.models import SourceFile
from generator.pipeline.generate import build_archive
from generator.pipeline.photos import MAX_PHOTO_BYTES
from generator.render.outputs import render
from tests.helpers.ondisk import EXPERT, make_archive

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 100
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
WEBP = b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\x00" * 100
# Pages link images relative to themselves, also when the archive has a site_url.


def _with_photo(tmp_path: Path, name: str, data: bytes) -> Path:
    root = make_archive(tmp_path / "archive")
    (root / "content/experts" / name).write_bytes(data)
    return root


def _problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        build_archive(root)
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize(
    ("name", "data"), [("anna.jpg", JPEG), ("anna.png", PNG), ("anna.webp", WEBP)]
)
def test_a_photo_is_published_and_shown(tmp_path: Path, name: str, data: bytes) -> None:
    """Assert that a JPEG, PNG or WebP photo is the expert's, copied, and shown with the name."""
    archive = build_archive(_with_photo(tmp_path, name, data))
    assert archive.experts["anna"].photo == f"content/experts/{name}"
    outputs = render(archive)
    suffix = name.rpartition(".")[2]
    copy = outputs[f"assets/experts/anna.{suffix}"]
    assert isinstance(copy, SourceFile) and copy.path == archive.root / "content/experts" / name
    page = str(outputs["experts/anna.md"])
    assert (
        f'<img class="wz-photo" src="../../assets/experts/anna.{suffix}" alt="Anna Beispiel"'
        in page
    )
    assert f'src="../assets/experts/anna.{suffix}" alt=""' in str(outputs["experts/index.md"])


def test_without_a_photo_nothing_is_shown(tmp_path: Path) -> None:
    """Assert that an expert without a photo gets no image and no copy."""
    outputs = render(build_archive(make_archive(tmp_path)))
    assert "<img" not in str(outputs["experts/anna.md"])
    assert not any(path.startswith("assets/experts/") for path in outputs)


def test_a_photo_of_the_wrong_type_is_refused(tmp_path: Path) -> None:
    """Assert that the bytes decide: HTML named .jpg, and a PNG named .jpg, are refused."""
    assert _problems(_with_photo(tmp_path / "a", "anna.jpg", b"<html>")) == [
        "content/experts/anna.jpg:1: photo is no JPEG, PNG or WebP image"
    ]
    assert _problems(_with_photo(tmp_path / "b", "anna.jpg", PNG)) == [
        "content/experts/anna.jpg:1: photo is a PNG image; name it .png"
    ]


def test_a_photo_with_another_ending_is_an_unexpected_file(tmp_path: Path) -> None:
    """Assert that only .jpg, .png and .webp are photos; a .gif is an unexpected file."""
    assert _problems(_with_photo(tmp_path, "anna.gif", b"GIF89a")) == [
        "content/experts/anna.gif:1: unexpected file: experts are content/experts/<id>.md"
    ]


def test_a_photo_too_large_is_refused(tmp_path: Path) -> None:
    """Assert that a photo above the size limit is refused with the limit named."""
    root = _with_photo(tmp_path, "anna.jpg", JPEG + b"\x00" * MAX_PHOTO_BYTES)
    assert _problems(root) == [
        f"content/experts/anna.jpg:1: photo is too large (more than {MAX_PHOTO_BYTES} bytes); "
        "scale it down"
    ]


def test_a_photo_linked_from_outside_is_refused(tmp_path: Path) -> None:
    """Assert that a photo that is a symbolic link out of the archive is neither read nor copied."""
    root = make_archive(tmp_path / "archive")
    outside = tmp_path / "outside.jpg"
    outside.write_bytes(JPEG)
    os.symlink(outside, root / "content/experts/anna.jpg")
    assert _problems(root) == [
        "content/experts/anna.jpg:1: refusing this expert file: it is a symbolic link leading "
        "outside the archive"
    ]


def test_a_photo_linked_inside_the_archive_is_used(tmp_path: Path) -> None:
    """Assert that a link to a photo inside the archive is followed like any file."""
    root = make_archive(tmp_path / "archive")
    (root / "media").mkdir()
    (root / "media/anna.png").write_bytes(PNG)
    os.symlink(root / "media/anna.png", root / "content/experts/anna.png")
    assert build_archive(root).experts["anna"].photo == "content/experts/anna.png"


def test_photos_need_their_expert_and_one_each(tmp_path: Path) -> None:
    """Assert that a photo of no expert, and a second photo of one, are problems."""
    root = _with_photo(tmp_path, "anna.jpg", JPEG)
    (root / "content/experts/anna.png").write_bytes(PNG)
    (root / "content/experts/otto.webp").write_bytes(WEBP)
    assert _problems(root) == [
        "content/experts/anna.jpg:1: one photo per expert, not also anna.png",
        "content/experts/otto.webp:1: photo of no expert: there is no content/experts/otto.md",
    ]


def test_a_broken_expert_keeps_its_photo_quiet(tmp_path: Path) -> None:
    """Assert that the photo of an expert whose file has a problem gives no follow-on problem."""
    root = _with_photo(tmp_path, "anna.jpg", JPEG)
    (root / "content/experts/anna.md").write_text(EXPERT.replace("name:", "nam:"))
    assert [p for p in _problems(root) if "photo" in p] == []
