"""Stage 3, enrich: join each talk with what is known of its recording. Never uses the network.

Takes `records.Content` and the archive root; gives Content whose talks carry a `Recording`
(from content/.cache/ for platform URLs, from the file itself for self-hosted media), experts
with their photos (`photos`), and the problems found in the cache and the photos. Fields set
in videos.yml win over fetched ones.
"""

from __future__ import annotations

import dataclasses
import os
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from generator.constants import CACHE_DIR, MEDIA_TYPES
from generator.errors import Problem
from generator.models import Recording, Talk
from generator.pipeline import photos
from generator.pipeline.freshness import Inputs
from generator.pipeline.load import refusal
from generator.pipeline.records import Content
from generator.recordings import cache, platforms, transcripts
from generator.recordings.chapters import from_description
from generator.recordings.media import mp4_duration

_WEB = re.compile(r"^https?://")


def enrich(
    content: Content, root: Path, inputs: Inputs | None = None, memo: Memo | None = None
) -> Content:
    """Talks with recordings; problems of the cache travel on in `content.problems` to link.

    With `inputs`, files in content/ are looked up in what the fingerprint listed; with
    `memo` (a long-lived process's), a talk whose recording and captions were read before
    from the same files is not read again.
    """
    problems: list[Problem] = list(content.problems)
    files = _Files(root, inputs)
    if memo is None or inputs is None:
        transcribed = [
            _with_transcript(_enrich_talk(t, content.durations.get(t.id), files, problems), root)
            for t in content.talks
        ]
    else:
        transcribed = memo.enrich(content, files, inputs, problems)
    talks = tuple(t for t, _ in transcribed)
    warnings = (
        *content.warnings,
        *(w for t in talks if (w := _untimed(t))),
        *(w for _, found in transcribed for w in found),
    )
    experts, found = photos.with_photos(root, content.experts, content.declared)
    problems += found
    return dataclasses.replace(
        content, talks=talks, experts=experts, problems=tuple(problems), warnings=warnings
    )


def _with_transcript(talk: Talk, root: Path) -> tuple[Talk, tuple[Problem, ...]]:
    """Read the captions once per build; a broken file costs its transcript, as a warning."""
    recording = talk.recording
    if recording is None or not recording.captions:
        return talk, ()
    transcript = transcripts.read(root, recording.captions)
    recording = dataclasses.replace(recording, transcript=transcript.cues)
    return dataclasses.replace(talk, recording=recording), transcript.problems


def _untimed(talk: Talk) -> Problem | None:
    """A warning for a recording whose links cannot open it at a second."""
    recording = talk.recording
    if recording is None or platforms.jump_url(recording, 1) != platforms.recording_url(recording):
        return None
    name = platforms.platform_name(recording)
    message = (
        f"no jump links to the second on platform '{name}': links open the recording at its start"
    )
    if recording.platform == "unknown":
        message = (
            "recording on an unknown platform and no cached metadata: links open it at its "
            f"start; run `wunschzeit refresh {talk.id}`"
        )
    return Problem(talk.origin.path, talk.line_of("url"), message)


@dataclass(frozen=True)
class _Files:
    """Is there a file, may it be read: asked of the fingerprint's listing, else of the disk."""

    root: Path
    inputs: Inputs | None

    def is_file(self, where: str) -> bool:
        listed = self.inputs.listed(where) if self.inputs else None
        return (self.root / where).is_file() if listed is None else listed

    def readable(self, where: str, what: str, problems: list[Problem]) -> bool:
        """Inside the archive, no link out? A listed file is: load lists no others."""
        if self.inputs and self.inputs.listed(where):
            return True
        return _readable(self.root, where, what, problems)


@dataclass(frozen=True)
class _Asked(_Files):
    """`_Files` that notes each answer, and the files it had to ask the disk about."""

    asked: list[tuple[str, bool]] = field(default_factory=list)
    disk: list[str] = field(default_factory=list)  # answers the listing did not give

    def is_file(self, where: str) -> bool:
        found = super().is_file(where)
        self.asked.append((where, found))
        if self.inputs is None or self.inputs.listed(where) is None:
            self.disk.append(where)
        return found

    def readable(self, where: str, what: str, problems: list[Problem]) -> bool:
        if self.inputs is None or not self.inputs.listed(where):
            self.disk.append(where)  # a link, or not listed: the disk answers
        return super().readable(where, what, problems)


@dataclass(frozen=True)
class _Looked:
    """One talk's enriched record, and what it was made of."""

    talk: Talk
    duration: int | None
    asked: tuple[tuple[str, bool], ...]  # each file looked for, and whether it was there
    info: str | None  # the SHA-256 of the metadata file read
    captions: str | None  # the SHA-256 of the captions read
    enriched: Talk  # with its recording and transcript
    problems: tuple[Problem, ...]
    warnings: tuple[Problem, ...]  # of its captions

    def holds(self, talk: Talk, duration: int | None, files: _Files, inputs: Inputs) -> bool:
        recording = self.enriched.recording
        captions = recording.captions if recording is not None else None
        return (
            self.duration == duration
            and self.talk == talk
            and self.info == inputs.hashes.get(f"{CACHE_DIR}/{talk.id}.info.json")
            and self.captions == (inputs.hashes.get(captions) if captions else None)
            and all(files.is_file(where) == found for where, found in self.asked)
        )


class Memo:
    """The talks a long-lived process (the preview) enriched, to take again next run.

    A talk with a platform URL is enriched from its videos.yml entry, its duration and the
    files of content/.cache/ it looks for and reads (metadata, thumbnail, captions); a talk
    equal to last run's whose files are listed as they were (the metadata and captions with
    the same SHA-256) is enriched as it was: 0.3 s at 5,000 talks without captions, and the
    captions are not parsed again. Talks that asked the disk (outside what the fingerprint
    lists) and self-hosted recordings, read from their media file, are enriched every run.
    """

    def __init__(self) -> None:
        self._looked: dict[str, _Looked] = {}

    def enrich(
        self, content: Content, files: _Files, inputs: Inputs, problems: list[Problem]
    ) -> list[tuple[Talk, tuple[Problem, ...]]]:
        """Each talk enriched, with its captions' warnings; problems added to `problems`."""
        looked: dict[str, _Looked] = {}
        talks = []
        for talk in content.talks:
            duration = content.durations.get(talk.id)
            old = self._looked.get(talk.id)
            if old is not None and old.holds(talk, duration, files, inputs):
                looked[talk.id] = old
                problems.extend(old.problems)
                talks.append((old.enriched, old.warnings))
                continue
            if talk.url is None or not _WEB.match(talk.url):
                enriched = _enrich_talk(talk, duration, files, problems)
                talks.append(_with_transcript(enriched, files.root))
                continue
            asked, found = _Asked(files.root, inputs), len(problems)
            enriched, warnings = _with_transcript(
                _enrich_talk(talk, duration, asked, problems), files.root
            )
            talks.append((enriched, warnings))
            recording = enriched.recording
            captions = recording.captions if recording is not None else None
            hashed = inputs.hashes.get(captions) if captions else None
            if not asked.disk and (captions is None or hashed is not None):
                info = inputs.hashes.get(f"{CACHE_DIR}/{talk.id}.info.json")
                made = (info, hashed, enriched, tuple(problems[found:]), warnings)
                looked[talk.id] = _Looked(talk, duration, tuple(asked.asked), *made)
        self._looked = looked
        return talks


def _enrich_talk(talk: Talk, duration: int | None, files: _Files, problems: list[Problem]) -> Talk:
    if talk.url is None:
        return talk
    recording: Recording | None
    if _WEB.match(talk.url):
        recording = _platform_recording(talk, files, problems)
    else:
        recording = _file_recording(talk, files, problems)
    if recording is None:
        return talk
    if duration is not None:
        recording = dataclasses.replace(recording, duration=duration)
    if not recording.chapters and recording.description:
        found = from_description(recording.description, recording.duration)
        recording = dataclasses.replace(recording, chapters=found)
    return dataclasses.replace(talk, recording=recording)


def _platform_recording(talk: Talk, files: _Files, problems: list[Problem]) -> Recording:
    where = f"{CACHE_DIR}/{talk.id}.info.json"
    path = files.root / where
    guess = recording = platforms.recognise(talk.url or "")
    if files.is_file(where) and files.readable(where, "this metadata file", problems):
        info, found = cache.read_info(path, where)
        problems.extend(found)
        if info is not None:
            recording, more = cache.recording_from_info(info, talk.url or "", where)
            problems.extend(more)
            if not {"extractor_key", "extractor"} & info.keys():  # written by hand, not yt-dlp
                video_id = recording.video_id or guess.video_id
                recording = dataclasses.replace(
                    recording, platform=guess.platform, video_id=video_id
                )
    thumbnail, captions = _cached(files, talk, CACHE_DIR, talk.id, problems)
    url = talk.url or recording.url
    return dataclasses.replace(recording, url=url, thumbnail=thumbnail, captions=captions)


def _cached(
    files: _Files, talk: Talk, folder: str, stem: str, problems: list[Problem]
) -> tuple[str | None, str | None]:
    """The talk's thumbnail and captions (in `folder`, named after `stem`), if there and
    not leading outside the archive."""
    thumbnail = cache.thumbnail_of(files.root, talk.id, files.is_file)
    captions = cache.captions_of(files.root, folder, stem, talk.language, files.is_file)
    return (
        _checked(files, thumbnail, "this thumbnail", problems),
        _checked(files, captions, "these captions", problems),
    )


def _readable(root: Path, where: str, what: str, problems: list[Problem]) -> bool:
    """Is root/`where` inside the archive (no symbolic link out)? Else say so in `problems`."""
    problem = refusal(root, where, what)
    problems.extend([problem] if problem else [])
    return problem is None


def _checked(files: _Files, where: str | None, what: str, problems: list[Problem]) -> str | None:
    """`where`, a file found in the cache or media/, unless it leads outside the archive."""
    return where if where is None or files.readable(where, what, problems) else None


def _file_recording(talk: Talk, files: _Files, problems: list[Problem]) -> Recording | None:
    root = files.root
    url = talk.url or ""
    path = root / url
    if os.path.lexists(path) and not _readable(root, url, "this recording", problems):
        return None
    if not path.is_file():
        problems.append(
            Problem(talk.origin.path, talk.line_of("url"), f"recording file not found: {url}")
        )
        return None
    if path.suffix.lower() not in MEDIA_TYPES:
        problems.append(
            Problem(
                talk.origin.path,
                talk.line_of("url"),
                f"not a media file browsers play: {url} (use .mp4, .webm, .mp3, .ogg)",
            )
        )
        return None
    folder = PurePosixPath(url).parent.as_posix()
    thumbnail, captions = _cached(files, talk, folder, path.stem, problems)
    return Recording(
        url=url,
        platform="file",
        duration=mp4_duration(path)
        if path.suffix.lower() in (".mp4", ".m4v", ".m4a", ".mov")
        else None,
        thumbnail=thumbnail,
        captions=captions,
        title=talk.title,
    )
