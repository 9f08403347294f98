"""A talk's answers and chapters in time: the strip under the player and the combined list.

Takes the Archive, a Talk and the page it is on; gives raw HTML: the timeline (a strip of the
recording's length with a marker per answered question at its start and the chapters as
segments, drawn as notches) and the one chronological list of chapters and answers. Every marker and
entry links into the recording at its second (what a reader without JavaScript gets) and
carries `data-wz-seek`, so `wunschzeit.js` seeks the page's own player instead. Positions are
percentages of the recording's length: the strip needs no script to be drawn.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from itertools import zip_longest

from generator.models import Archive, Question, Recording, Status, Talk
from generator.recordings import platforms
from generator.render import common as rc
from generator.render import i18n, markup, urls
from generator.timestamps import Timestamp

# Without a known duration the strip ends this long after the last answer starts, so its
# marker is not glued to the right edge.
TAIL = 60


@dataclass(frozen=True)
class Moment:
    """An answer or a chapter: where it starts and ends, its title and (answers) its anchor."""

    start: int
    end: int | None
    title: str
    anchor: str | None = None  # `q-<id>` of an answer; None for a chapter

    @property
    def is_chapter(self) -> bool:
        return self.anchor is None


def answers(archive: Archive, talk: Talk) -> list[Moment]:
    """The talk's answered questions in answer order."""
    found = [_answer(q) for q in archive.questions.get(talk.id, ()) if _answered(q)]
    return sorted(found, key=lambda m: (m.start, m.anchor or ""))


def _answered(question: Question) -> bool:
    return question.status is Status.ANSWERED and question.answer is not None


def _answer(question: Question) -> Moment:
    assert question.answer is not None
    end = question.answer.end.seconds if question.answer.end else None
    return Moment(question.answer.start.seconds, end, question.question, question.anchor)


def chapters(recording: Recording) -> list[Moment]:
    return [
        Moment(c.start.seconds, c.end.seconds if c.end else None, c.title)
        for c in recording.chapters
    ]


def moments(archive: Archive, talk: Talk) -> list[Moment]:
    """Chapters and answers in time order; a chapter comes before answers at its second."""
    found = answers(archive, talk)
    if talk.recording is not None:
        found += chapters(talk.recording)
    return sorted(found, key=lambda m: (m.start, not m.is_chapter, m.anchor or ""))


def length(recording: Recording, found: list[Moment]) -> int:
    """The strip's length in seconds: the recording's, else just past the last moment."""
    if recording.duration:
        return recording.duration
    ends = [m.end if m.end is not None else m.start + TAIL for m in found]
    return max([*ends, 1])


def percent(seconds: int, total: int) -> str:
    """`30.22%`: where `seconds` is on a strip of `total` seconds, kept inside the strip."""
    share = min(max(seconds / total, 0.0), 1.0) * 100
    return f"{share:.2f}".rstrip("0").rstrip(".") + "%"


def seek_href(recording: Recording, seconds: int, page: str) -> str:
    """The jump URL for raw HTML, which MkDocs does not rewrite: one `../` more (player.py)."""
    jump = platforms.jump_url(recording, seconds, urls.depth(page) + 1)
    return html.escape(markup.url(jump), quote=True)


def render_timeline(archive: Archive, talk: Talk, page: str) -> str:
    """The strip under the player; empty without answers."""
    recording = talk.recording
    found = answers(archive, talk)
    if recording is None or not found:
        return ""
    total = length(recording, [*found, *chapters(recording)])
    label = i18n.t(rc.lang(archive), "timeline", duration=Timestamp(total).label)
    return "\n".join(
        [
            f'<div class="wz-timeline" data-wz-length="{total}">',
            '<div class="wz-timeline__track" aria-hidden="true">',
            *_segments(chapters(recording), total),
            '<span class="wz-timeline__now"></span>',
            "</div>",
            f'<ol class="wz-timeline__markers" aria-label="{markup.attr(label)}">',
            *(_marker(recording, m, total, page) for m in found),
            "</ol>",
            "</div>",
        ]
    )


def _segments(found: list[Moment], total: int) -> list[str]:
    """Each chapter as a stretch of the track, up to its end or the next chapter."""
    segments = []
    for chapter, after in zip_longest(found, found[1:]):
        end = chapter.end if chapter.end is not None else (after.start if after else total)
        at, width = percent(chapter.start, total), percent(end - chapter.start, total)
        segments.append(
            f'<span class="wz-timeline__chapter" style="left:{at};width:{width}"></span>'
        )
    return segments


def _marker(recording: Recording, answer: Moment, total: int, page: str) -> str:
    """One answer: a link at its start, named by its time and question (shown on hover)."""
    at = percent(answer.start, total)
    side = " wz-marker--end" if answer.start / total > 0.5 else ""
    label = f"{Timestamp(answer.start).label} – {markup.html_text(answer.title)}"
    return (
        f'<li style="left:{at}"><a class="wz-marker{side}"'
        f' href="{seek_href(recording, answer.start, page)}" data-wz-seek="{answer.start}"'
        f' data-wz-target="{answer.anchor}"><span class="wz-marker__label">{label}</span></a></li>'
    )


def render_outline(archive: Archive, talk: Talk, page: str) -> str:
    """The section listing chapters and answers together, in time order; empty without any."""
    recording = talk.recording
    found = moments(archive, talk) if recording else []
    if recording is None or not found:
        return ""
    language = rc.lang(archive)
    heading = i18n.t(language, _outline_title(found))
    items = [
        _chapter_item(language, recording, m, page)
        if m.is_chapter
        else _answer_item(recording, m, page)
        for m in found
    ]
    return "\n".join([f"## {heading} {{#answers}}", "", '<ul class="wz-outline">', *items, "</ul>"])


def _outline_title(found: list[Moment]) -> str:
    with_chapters = any(m.is_chapter for m in found)
    with_answers = not all(m.is_chapter for m in found)
    if with_chapters and with_answers:
        return "answers_chapters"
    return "chapters" if with_chapters else "answers_overview"


def _chapter_item(language: str, recording: Recording, chapter: Moment, page: str) -> str:
    """A chapter as a group heading in the list; it seeks too, but is no ▶ pill."""
    hidden = f'<span class="wz-visually-hidden">{i18n.t(language, "chapter")}: </span>'
    return (
        f'<li class="wz-outline__chapter"><a href="{seek_href(recording, chapter.start, page)}"'
        f' data-wz-seek="{chapter.start}">{hidden}'
        f'<span class="wz-outline__time">{Timestamp(chapter.start).label}</span> '
        f"{markup.html_text(chapter.title)}</a></li>"
    )


def _answer_item(recording: Recording, answer: Moment, page: str) -> str:
    """▶ start – end, and the question linking to its section; start and end for the JS."""
    label = f"▶ {Timestamp(answer.start).label}"
    if answer.end is not None:
        label += f" – {Timestamp(answer.end).label}"
    end = f' data-wz-end="{answer.end}"' if answer.end is not None else ""
    return (
        f'<li class="wz-outline__answer" data-wz-start="{answer.start}"{end}'
        f' data-wz-target="{answer.anchor}">'
        f'<a class="wz-jump" href="{seek_href(recording, answer.start, page)}"'
        f' data-wz-seek="{answer.start}">{label}</a> '
        f'<a href="#{answer.anchor}">{markup.html_text(answer.title)}</a></li>'
    )
