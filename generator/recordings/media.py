"""Facts read from self-hosted media files without external tools: the duration of an MP4.

Takes a path; gives seconds or None. Reads only box headers, at most a few hundred of them,
so a damaged or hostile file costs nothing and never raises.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import BinaryIO

_MAX_BOXES = 256


def mp4_duration(path: Path) -> int | None:
    """Whole seconds from the movie header (moov/mvhd) of an MP4/MOV file, or None."""
    try:
        with path.open("rb") as stream:
            size = path.stat().st_size
            moov = _find_box(stream, 0, size, b"moov")
            if moov is None:
                return None
            mvhd = _find_box(stream, moov[0], moov[1], b"mvhd")
            return _mvhd_seconds(stream, mvhd) if mvhd else None
    except (OSError, struct.error):
        return None


def _find_box(stream: BinaryIO, start: int, end: int, kind: bytes) -> tuple[int, int] | None:
    """The (content start, content end) of the first box `kind` between start and end."""
    position = start
    for _ in range(_MAX_BOXES):
        if position + 8 > end:
            return None
        stream.seek(position)
        size, box = struct.unpack(">I4s", stream.read(8))
        header = 8
        if size == 1:
            (size,) = struct.unpack(">Q", stream.read(8))
            header = 16
        elif size == 0:
            size = end - position
        if size < header:
            return None
        if box == kind:
            return position + header, min(position + size, end)
        position += size
    return None


def _mvhd_seconds(stream: BinaryIO, box: tuple[int, int]) -> int | None:
    stream.seek(box[0])
    version = stream.read(4)[0]
    if version == 1:
        stream.read(16)
        timescale, duration = struct.unpack(">IQ", stream.read(12))
    else:
        stream.read(8)
        timescale, duration = struct.unpack(">II", stream.read(8))
    if timescale == 0:
        return None
    seconds: int = round(duration / timescale)
    return seconds
