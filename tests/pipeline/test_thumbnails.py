"""The WebP copies of thumbnails: made once in the cache, remade when the thumbnail changes,
and the original in their place where Pillow cannot read it."""

from __future__ import annotations

import io
import os
from pathlib import Path

from PIL import Image

from generator.models import SourceFile
from generator.pipeline import thumbnails

THUMBNAIL = "content/.cache/t.jpg"


def _thumbnail(root: Path, size: tuple[int, int] = (1280, 720)) -> Path:
    path = root / THUMBNAIL
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, (200, 30, 30)).save(path, "JPEG")
    return path


def _size(output: object) -> tuple[int, int]:
    assert isinstance(output, SourceFile)
    with Image.open(output.path) as image:
        assert image.format == "WEBP"
        return image.size


def test_copy_is_a_webp_of_the_width_kept_in_the_cache(tmp_path: Path) -> None:
    """Assert that the copy is a 360x202 WebP in content/.cache/thumbnails/."""
    _thumbnail(tmp_path)
    copy = thumbnails.copy_of(tmp_path, "t", THUMBNAIL, 360)
    assert copy == SourceFile(tmp_path / "content/.cache/thumbnails/t-360.webp")
    assert _size(copy) == (360, 202)


def test_copy_is_made_once_and_again_for_a_newer_thumbnail(tmp_path: Path) -> None:
    """Assert that a second build reads the copy, and a changed thumbnail remakes it."""
    source = _thumbnail(tmp_path)
    first = thumbnails.copy_of(tmp_path, "t", THUMBNAIL, 360)
    assert isinstance(first, SourceFile)
    os.utime(first.path, ns=(source.stat().st_mtime_ns + 10**9,) * 2)
    made = first.path.stat().st_mtime_ns
    assert thumbnails.copy_of(tmp_path, "t", THUMBNAIL, 360) == first
    assert first.path.stat().st_mtime_ns == made
    _thumbnail(tmp_path, (640, 480))
    os.utime(source, ns=(made + 10**9,) * 2)
    assert _size(thumbnails.copy_of(tmp_path, "t", THUMBNAIL, 360)) == (360, 270)


def test_copy_is_never_wider_than_the_original(tmp_path: Path) -> None:
    """Assert that a 480x360 thumbnail stays 480 wide in the 720 copy."""
    _thumbnail(tmp_path, (480, 360))
    assert _size(thumbnails.copy_of(tmp_path, "t", THUMBNAIL, 720)) == (480, 360)


def test_unreadable_image_gives_the_original(tmp_path: Path) -> None:
    """Assert that a JPEG Pillow cannot decode is published as it is (no copy, no crash)."""
    path = tmp_path / THUMBNAIL
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\xff\xd8\xff" + b"\x00" * 100)
    assert thumbnails.copy_of(tmp_path, "t", THUMBNAIL, 360) == SourceFile(path)


def test_cache_folder_as_symlink_gives_the_bytes(tmp_path: Path) -> None:
    """Assert that a thumbnails folder leading elsewhere is not written to: the copy comes
    as bytes in memory."""
    _thumbnail(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / thumbnails.FOLDER).symlink_to(elsewhere)
    copy = thumbnails.copy_of(tmp_path, "t", THUMBNAIL, 360)
    assert isinstance(copy, bytes)
    assert Image.open(io.BytesIO(copy)).size == (360, 202)
    assert list(elsewhere.iterdir()) == []
