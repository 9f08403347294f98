"""One talk's page: facts, the recording, its answers and chapters, every question, the transcript.

Takes the Archive and a Talk, gives the Markdown of `talks/<talk-id>.md`. Every question gets
its own section with the stable anchor `#q-<question-id>`. A recording played in the page sits
on a stage with its timeline (timeline.py); headings stay Markdown (for the table of
contents), generated structure is raw HTML, which Python-Markdown passes through cheaply.
"""

from __future__ import annotations

from generator.models import Archive, Question, Recording, Status, Talk
from generator.recordings import transcripts
from generator.render import common as rc
from generator.render import i18n, markup, takeaway, timeline, urls
from generator.render import jsonld as structured_data
from generator.render.player import embed, render_player
from generator.site import rawhtml, search
from generator.timestamps import Timestamp

# The JS fills `{question}` in; i18n.t fills placeholders, so it is passed through as itself.
QUESTION = "{question}"


def render_talk(archive: Archive, talk: Talk) -> str:
    page = urls.talk_page(talk.id)
    questions = archive.questions.get(talk.id, ())
    return rc.page(
        talk.display_title,
        [
            rawhtml.block(_facts(archive, talk, page)),
            _recording(archive, talk, page),
            _marked_section(timeline.render_outline(archive, talk, page)),
            _questions(archive, questions, page),
            _full_transcript(archive, talk, page),
            rawhtml.block(
                structured_data.talk_script(archive, talk), search.filters(archive, talk)
            ),
        ],
        talk_meta(archive, talk),
    )


def _facts(archive: Archive, talk: Talk, page: str) -> str:
    language = rc.lang(archive)
    facts = []
    if talk.date:
        facts.append(("date", i18n.format_date(language, talk.date)))
    event = archive.events.get(talk.event) if talk.event else None
    if event:
        target = urls.event_page(event.id)
        facts.append(("event", rc.anchor(archive.settings, markup.text(event.title), page, target)))
    if talk.experts:
        facts.append(("experts", rc.expert_links(archive, talk.experts, page)))
    if not facts:
        return ""
    # The labels are written for Markdown, which escapes `&` ("Expertinnen & Experten").
    items = [
        f"<li><strong>{markup.html_text(i18n.t(language, key))}:</strong> {value}</li>"
        for key, value in facts
    ]
    return "\n".join(["<ul>", *items, "</ul>"])


def _recording(archive: Archive, talk: Talk, page: str) -> str:
    language = rc.lang(archive)
    heading = f"## {i18n.t(language, 'recording')} {{#recording}}"
    recording = talk.recording
    if recording is None:
        title = i18n.t(language, "not_published")
        body = i18n.t(language, "not_published_body")
        notice = f'<p class="admonition-title">{title}</p>\n<p>{body}</p>'
        box = f'<div class="admonition info">\n{notice}\n</div>'
        return f"{heading}\n\n{rawhtml.block(box)}"
    thumbnail = urls.thumbnail_path(talk)
    if recording.platform in takeaway.VIDEO_PLATFORMS or embed(recording) is not None:
        player = _stage(archive, talk, thumbnail, page)
    else:
        player = render_player(archive, talk, thumbnail, page)
    downloads = takeaway.render_downloads(archive, talk, page)
    return f"{heading}\n\n{rawhtml.block(player, downloads)}"


def _stage(archive: Archive, talk: Talk, thumbnail: str | None, page: str) -> str:
    """The player with its timeline, the note a deep link fills and the follow switch.

    One raw HTML block: wunschzeit.js keeps it in view on wide screens while it plays.
    """
    language = rc.lang(archive)
    jumps_to = markup.attr(i18n.t(language, "jumps_to", question=QUESTION))
    strip = timeline.render_timeline(archive, talk, page)
    player = render_player(archive, talk, thumbnail, page, strip)
    lines = [f'<div class="wz-stage" data-wz-jumps-to="{jumps_to}">', player]
    if strip:
        lines += [
            '<p class="wz-stage__note" hidden></p>',
            '<label class="wz-follow" hidden><input type="checkbox" class="wz-follow__input"> '
            f"{i18n.t(language, 'follow')}</label>",
            f'<noscript><p class="wz-hint">{i18n.t(language, "noscript_hint")}</p></noscript>',
        ]
    return "\n".join([*lines, "</div>"])


def _questions(archive: Archive, questions: tuple[Question, ...], page: str) -> str:
    language = rc.lang(archive)
    heading = f"## {i18n.t(language, 'questions')} {{#questions}}"
    if not questions:
        return f"{heading}\n\n{i18n.t(language, 'no_questions')}"
    sections = [question_section(archive, q, page) for q in questions]
    return heading + "\n\n" + "\n\n".join(sections)


def question_section(archive: Archive, question: Question, page: str) -> str:
    """A question's heading with its anchor, who asked, the answer, and where it went.

    Below the heading (Markdown, for the table of contents) raw HTML in marked runs.
    """
    heading = f"### {markup.text(question.question)} {{#{question.anchor}}}"
    said = [_asked(archive, question), _answered(archive, question, page)]
    after = [_excerpt(archive, question), _outcome(archive, question, page)]
    after.append(_tags(archive, question, page))
    runs = rc.with_editor_text(archive.settings, said, question.body, page, after)
    return rc.page_text([heading, *runs]).rstrip("\n")


def _marked_section(section: str) -> str:
    """A section of a heading line and raw HTML below it, the HTML marked as a run."""
    heading, _, html = section.partition("\n\n")
    return f"{heading}\n\n{rawhtml.block(html)}" if html else section


def _asked(archive: Archive, question: Question) -> str:
    language = rc.lang(archive)
    who = markup.text(question.asked_by) if question.asked_by else i18n.t(language, "anonymous")
    asked = i18n.t(language, "asked_by", who=who)
    if question.channel:
        asked += " " + i18n.t(language, "via", channel=_channel(language, question.channel))
    if question.asked_at:
        when = i18n.format_datetime(language, question.asked_at)
        asked += " " + i18n.t(language, "on", when=when)
    parts = [rc.status_badge(language, question.status), asked]
    if question.votes is not None:
        parts.append(i18n.counted(language, "votes", question.votes))
    if also := _also_asked(archive, question):
        parts.append(also)
    return _line("wz-asked", " · ".join(parts))


def _also_asked(archive: Archive, question: Question) -> str:
    """Every asker of a question merged into this one stays credited here."""
    language = rc.lang(archive)
    merged = archive.merged_into(question)
    names = sorted({markup.text(q.asked_by) for q in merged if q.asked_by})
    unnamed = sum(1 for q in merged if not q.asked_by)
    if unnamed:
        names.append(i18n.counted(language, "more_askers", unnamed))
    return i18n.t(language, "also_asked_by", who=", ".join(names)) if names else ""


def _channel(language: str, channel: str) -> str:
    key = f"channel_{channel}"
    return i18n.t(language, key) if i18n.has(language, key) else markup.text(channel)


def _answered(archive: Archive, question: Question, page: str) -> str:
    answer = question.answer
    if answer is None or question.status is not Status.ANSWERED:
        return ""
    parts = []
    recording = rc.question_recording(archive, question)
    if recording is not None:
        parts.append(_jump_link(recording, question, page))
    if answer.by:
        who = rc.expert_links(archive, answer.by, page)
        parts.append(i18n.t(rc.lang(archive), "answered_by", who=who))
    if not parts:
        return ""
    share = f" {takeaway.share_button(archive, question)}" if recording is not None else ""
    return _line("wz-answer", " · ".join(parts) + share)


def _jump_link(recording: Recording, question: Question, page: str) -> str:
    """`▶ 4:32 – 6:10`, a link into the recording that wunschzeit.js turns into a seek."""
    answer = question.answer
    assert answer is not None
    label = f"▶ {answer.start.label}"
    if answer.end is not None:
        label += f" – {answer.end.label}"
    href = timeline.seek_href(recording, answer.start.seconds, page)
    return f'<a class="wz-jump" href="{href}" data-wz-seek="{answer.start.seconds}">{label}</a>'


def _outcome(archive: Archive, question: Question, page: str) -> str:
    language = rc.lang(archive)
    if question.status is Status.MERGED and question.merged_into:
        target = rc.find_question(archive, question, question.merged_into)
        if target:
            shown = rc.question_anchor(archive.settings, target, page)
        else:
            shown = markup.text(question.merged_into)
        return _line("wz-merged", f"{i18n.t(language, 'merged_into')} {shown}")
    if question.status is Status.DECLINED:
        if question.declined_reason:
            reason = markup.text(question.declined_reason)
            return _line("wz-declined", i18n.t(language, "declined_reason", reason=reason))
        return _line("wz-declined", i18n.t(language, "declined"))
    return ""


def _tags(archive: Archive, question: Question, page: str) -> str:
    if not question.tags:
        return ""
    label = i18n.t(rc.lang(archive), "tags")
    return _line("wz-tags", f"{label}: {rc.tag_links(archive.settings, question.tags, page)}")


def _line(css_class: str, content: str) -> str:
    """A paragraph of the question section as a raw HTML block: Python-Markdown passes it
    through, where a Markdown line with links and `{: .class }` costs its inline patterns."""
    return f'<p class="{css_class}">{content}</p>'


# Transcripts, structured data and sharing tags (see transcripts.py, structured_data.py).

OPEN_EXCERPT = 300  # seconds of transcript shown for an answer whose end nobody knows


def talk_meta(archive: Archive, talk: Talk) -> dict[str, str]:
    """Front matter for the head tags of overrides/main.html: description, Open Graph."""
    meta = {"description": structured_data.description(archive, talk)}
    if talk.recording is not None:
        meta["wz_og_type"] = "video.other"
    thumbnail = urls.thumbnail_path(talk)
    if thumbnail and archive.settings.site_url:
        meta["wz_og_image"] = urls.site_url(archive.settings, thumbnail)
    return meta


def _cues(archive: Archive, talk: Talk) -> tuple[transcripts.Cue, ...]:
    """The talk's caption cues; a broken file gives none here (its problems are warnings)."""
    return talk.recording.transcript if talk.recording else ()


def _full_transcript(archive: Archive, talk: Talk, page: str) -> str:
    """The whole transcript, collapsed; in the HTML, so the site search finds every word.

    Each caption is a link that seeks the player (a raw HTML block: twenty thousand of them
    are cheap for Python-Markdown there); the JS marks the caption being played.
    """
    cues = _cues(archive, talk)
    if not cues or talk.recording is None:
        return ""
    language = rc.lang(archive)
    items = [_cue(talk.recording, cue, page) for cue in cues]
    heading = f"## {i18n.t(language, 'transcript')} {{#transcript}}"
    box = "\n".join(
        [
            '<details class="note wz-transcript-box">',
            f"<summary>{i18n.t(language, 'full_transcript')}</summary>",
            '<ol class="wz-cues">',
            *items,
            "</ol>",
            "</details>",
        ]
    )
    return f"{heading}\n\n{rawhtml.block(box)}"


def _cue(recording: Recording, cue: transcripts.Cue, page: str) -> str:
    second = int(cue.start)
    href = timeline.seek_href(recording, second, page)
    return (
        f'<li><a class="wz-cue" href="{href}" data-wz-seek="{second}"'
        f' data-wz-end="{cue.end:.3f}"><span class="wz-cue__time">{Timestamp(second).label}</span> '
        f"{markup.html_text(cue.text)}</a></li>"
    )


def _excerpt(archive: Archive, question: Question) -> str:
    """What was said in the answer, from the captions, in a collapsed block."""
    talk = archive.talk(question.talk)
    if question.status is not Status.ANSWERED or talk.recording is None:
        return ""
    cues = _cues(archive, talk)
    span = structured_data.answer_span(archive, question) if cues else None
    if span is None:
        return ""
    start, end = span
    until = end if end is not None else start + OPEN_EXCERPT
    said = " ".join(markup.text(c.text) for c in transcripts.excerpt(cues, start, until))
    if not said:
        return ""
    language = rc.lang(archive)
    if end is None:
        title = i18n.t(language, "transcript_excerpt_open", start=Timestamp(start).label)
    else:
        labels = {"start": Timestamp(start).label, "end": Timestamp(end).label}
        title = i18n.t(language, "transcript_excerpt", **labels)
    summary = f"<summary>{title}</summary>"
    return f'<details class="quote">\n{summary}\n<p class="wz-transcript">{said}</p>\n</details>'
