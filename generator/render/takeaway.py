"""What a reader takes away from a talk: files to download and links to share.

Takes the Archive and a Talk; gives the generated files beside the recording's media
(`media/<talk>.chapters.vtt`, the answers as a WebVTT chapters track for the `<video>`, and
`media/<talk>.transcript.txt`, the captions as plain text), the downloads line of the talk
page, and the "copy link to this moment" button of each answer, which `wunschzeit.js` shows.
"""

from __future__ import annotations

import html
import posixpath
import re
from itertools import zip_longest
from urllib.parse import urlsplit

from generator.models import Archive, Output, Question, Recording, Status, Talk
from generator.recordings import platforms
from generator.render import common as rc
from generator.render import i18n, markup, urls
from generator.render.timeline import Moment, answers, length
from generator.timestamps import Timestamp

# A BOM, so that browsers read the text as UTF-8 also from hosts that send .txt as
# `text/plain` without a charset (Latin-1 to most of them).
BOM = "\ufeff"
# Recordings the page plays in its own <video> (player.py): a file of the archive, or one on
# another server ("direct").
VIDEO_PLATFORMS = ("file", "direct")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def chapters_path(talk: Talk) -> str:
    return f"media/{talk.id}.chapters.vtt"


def transcript_path(talk: Talk) -> str:
    return f"media/{talk.id}.transcript.txt"


def has_chapters_track(archive: Archive, talk: Talk) -> bool:
    """A recording played in the page's <video> with answers gets a chapters track."""
    recording = talk.recording
    playable = recording is not None and recording.platform in VIDEO_PLATFORMS
    return playable and bool(answers(archive, talk))


def talk_files(archive: Archive, talk: Talk) -> dict[str, Output]:
    """The talk's generated files: the chapters track and the transcript, where they apply."""
    files: dict[str, Output] = {}
    if has_chapters_track(archive, talk):
        files[chapters_path(talk)] = render_chapters_vtt(archive, talk)
    if talk.recording is not None and talk.recording.transcript:
        files[transcript_path(talk)] = render_transcript_txt(talk)
    return files


def render_chapters_vtt(archive: Archive, talk: Talk) -> str:
    """Each answer as a chapter cue, named by its question, until its end or the next start.

    Chapter cues must not overlap, so an answer ends at the next one's start at the latest.
    """
    assert talk.recording is not None
    found = answers(archive, talk)
    total = length(talk.recording, found)
    cues = []
    for answer, after in zip_longest(found, found[1:]):
        end = _cue_end(answer, after, total)
        if end > answer.start:
            cues.append(f"{answer.anchor}\n{_vtt_time(answer.start)} --> {_vtt_time(end)}\n")
            cues[-1] += vtt_text(answer.title) + "\n"
    return "WEBVTT\n\n" + "\n".join(cues)


def _cue_end(answer: Moment, after: Moment | None, total: int) -> int:
    limit = after.start if after else max(total, answer.start + 1)
    return min(answer.end, limit) if answer.end is not None else limit


def _vtt_time(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    return f"{hours:02d}:{rest // 60:02d}:{rest % 60:02d}.000"


def vtt_text(value: str) -> str:
    """Cue text showing `value` literally: one line (a blank line would end the cue), and
    `&`, `<`, `>` as references, so neither a tag nor `-->` can appear."""
    line = " ".join(_CONTROL.sub(" ", value).split())
    return line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_transcript_txt(talk: Talk) -> str:
    """The talk's title, then one line per caption: `[4:32] what was said`."""
    assert talk.recording is not None
    lines = [_plain(talk.display_title), ""]
    for cue in talk.recording.transcript:
        lines.append(f"[{Timestamp(int(cue.start)).label}] {_plain(cue.text)}")
    return BOM + "\n".join(lines) + "\n"


def _plain(value: str) -> str:
    return " ".join(_CONTROL.sub(" ", value).split())


def render_downloads(archive: Archive, talk: Talk, page: str) -> str:
    """Links to the video file (played in the page), the captions and the transcript."""
    recording = talk.recording
    if recording is None:
        return ""
    language = rc.lang(archive)
    up = "../" * (urls.depth(page) + 1)  # raw HTML: MkDocs does not rewrite it (player.py)
    links = []
    if recording.platform == "file":
        links.append((up + platforms.media_path(recording), _video_label(language, recording)))
    elif recording.platform == "direct":
        links.append((recording.url, _video_label(language, recording)))
    captions = platforms.captions_path(recording)
    if captions:
        links.append((up + captions, i18n.t(language, "download_captions")))
    if recording.transcript:
        links.append((up + transcript_path(talk), i18n.t(language, "download_transcript")))
    if not links:
        return ""
    items = [
        f'<a href="{html.escape(markup.url(h), quote=True)}" download>{t}</a>' for h, t in links
    ]
    return f'<p class="wz-downloads">{i18n.t(language, "downloads")}: {" · ".join(items)}</p>'


def _video_label(language: str, recording: Recording) -> str:
    kind = posixpath.splitext(urlsplit(recording.url).path)[1].lstrip(".").upper()
    return i18n.t(language, "download_video", kind=markup.html_text(kind or "?"))


def share_button(archive: Archive, question: Question) -> str:
    """The copy-link button of an answer (shown by the JS, which copies the page's address
    with `?t=<start>#q-<id>`); the status after it says whether copying worked."""
    if question.answer is None or question.status is not Status.ANSWERED:
        return ""
    language = rc.lang(archive)
    link = f"?t={question.answer.start.seconds}#{question.anchor}"
    strings = {
        "share": link,
        "copied": i18n.t(language, "copied"),
        "copy-failed": i18n.t(language, "copy_failed"),
    }
    attributes = "".join(f' data-wz-{k}="{markup.attr(v)}"' for k, v in strings.items())
    return (
        f'<button type="button" class="wz-share"{attributes} hidden>'
        f"{i18n.t(language, 'copy_link')}</button>"
        '<span class="wz-share__status" role="status"></span>'
    )
