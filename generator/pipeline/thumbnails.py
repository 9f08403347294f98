"""Smaller WebP copies of the talks' thumbnails, made once and kept in content/.cache/.

Takes the archive root, a talk id and its thumbnail (root-relative: the cache or media/);
gives each copy of urls.THUMBNAIL_WIDTHS as an Output for site_src/. A copy is made with
Pillow the first time (both copies of a 1280x720 JPEG: about 45 ms CPU, so the first build of
1,000 talks spends 45 s on them) and again only when the thumbnail is newer than it, so every
later build reads what the first one made (a stat per copy). Where the copy cannot be made (an
image Pillow cannot read, a cache that cannot be written) the original or the bytes in memory
take its place: a browser shows an image by its content, not by its name.
"""

from __future__ import annotations

import io
import logging
import os
from pathlib import Path

from generator.constants import CACHE_DIR
from generator.models import Output, SourceFile

log = logging.getLogger(__name__)

FOLDER = f"{CACHE_DIR}/thumbnails"
QUALITY = 75  # WebP quality: 11 KB at 720x405 for the sample, no visible blocks
MAX_PIXELS = 40_000_000  # a thumbnail claiming more is a decompression bomb, not a picture


def copy_of(root: Path, talk_id: str, thumbnail: str, width: int) -> Output:
    """The WebP copy of `thumbnail` at `width` pixels (never wider than the original)."""
    source = root / thumbnail
    target = root / FOLDER / f"{talk_id}-{width}.webp"
    if _is_fresh(target, source):
        return SourceFile(target)
    try:
        data = _resized(source, width)
    except FileNotFoundError:
        return SourceFile(source)  # the copy of the original names it
    except (OSError, ValueError) as error:  # Pillow's errors for images it cannot read
        log.warning("%s: no %d px copy, the original is used: %s", thumbnail, width, error)
        return SourceFile(source)
    return _kept(target, data)


def _is_fresh(target: Path, source: Path) -> bool:
    try:
        return target.stat().st_mtime_ns >= source.stat().st_mtime_ns
    except OSError:
        return False


def _resized(source: Path, width: int) -> bytes:
    from PIL import Image  # imported here: a build without thumbnails to make never needs it

    try:
        image = Image.open(source)
    except Image.DecompressionBombError as error:
        raise ValueError(str(error)) from error
    with image:
        if image.width * image.height > MAX_PIXELS:
            raise ValueError(f"{image.width}x{image.height} pixels is too large")
        height = max(1, round(image.height * min(width, image.width) / image.width))
        image.draft("RGB", (width, height))  # JPEG decodes at 1/2, 1/4 ... of its size
        # Bicubic after a 2x box reduction: 45 against Lanczos' 62 ms CPU for both copies of
        # a 1280x720 JPEG, files 4 % smaller, no difference visible at these sizes.
        picture = image.convert("RGB").resize(
            (min(width, image.width), height), Image.Resampling.BICUBIC, reducing_gap=2.0
        )
    buffer = io.BytesIO()
    picture.save(buffer, "WEBP", quality=QUALITY, method=4)
    return buffer.getvalue()


def _kept(target: Path, data: bytes) -> Output:
    """`data` saved as `target` for the next build (atomically: builds may run side by side)."""
    if target.parent.is_symlink():
        return data
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(data)
        os.replace(temporary, target)
    except OSError as error:
        log.warning("%s: not kept for the next build: %s", target, error.strerror)
        temporary.unlink(missing_ok=True)
        return data
    return SourceFile(target)
