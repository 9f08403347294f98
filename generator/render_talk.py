"""One talk's page: facts, the recording, the answers at a glance, and every question.

Takes the Archive and a Talk, gives the Markdown of `talks/<talk-id>.md`. Every question gets
its own section with the stable anchor `#q-<question-id>`.
"""

from __future__ import annotations

import html
import posixpath

from generator import i18n, markup, platforms
from generator import render_common as rc
from generator.models import Archive, Question, Recording, Status, Talk


def thumbnail_path(talk: Talk) -> str | None:
    """Where the talk's thumbnail is copied to in site_src/."""
    if talk.recording is None or not talk.recording.thumbnail:
        return None
    suffix = posixpath.splitext(talk.recording.thumbnail)[1].lower()
    return f"assets/thumbnails/{talk.id}{suffix}"


def render_talk(archive: Archive, talk: Talk) -> str:
    page = rc.talk_page(talk.id)
    questions = archive.questions.get(talk.id, ())
    return rc.page(
        talk.display_title,
        [
            _facts(archive, talk, page),
            _recording(archive, talk, page),
            _overview(archive, talk, questions, page),
            _chapters(archive, talk, page),
            _questions(archive, questions, page),
        ],
    )


def _facts(archive: Archive, talk: Talk, page: str) -> str:
    language = rc.lang(archive)
    lines = []
    if talk.date:
        lines.append(f"- **{i18n.t(language, 'date')}:** {i18n.format_date(language, talk.date)}")
    event = archive.events.get(talk.event) if talk.event else None
    if event:
        event_link = rc.link(markup.text(event.title), page, rc.event_page(event.id))
        lines.append(f"- **{i18n.t(language, 'event')}:** {event_link}")
    if talk.experts:
        experts = rc.expert_links(archive, talk.experts, page)
        lines.append(f"- **{i18n.t(language, 'experts')}:** {experts}")
    return "\n".join(lines)


def _recording(archive: Archive, talk: Talk, page: str) -> str:
    language = rc.lang(archive)
    heading = f"## {i18n.t(language, 'recording')} {{#recording}}"
    recording = talk.recording
    if recording is None:
        title = i18n.t(language, "not_published")
        body = i18n.t(language, "not_published_body")
        return f'{heading}\n\n!!! info "{title}"\n\n    {body}'
    if recording.platform == "file":
        return f"{heading}\n\n{_video(archive, talk, recording, page)}"
    return f"{heading}\n\n{_platform_link(archive, talk, recording, page)}"


def _video(archive: Archive, talk: Talk, recording: Recording, page: str) -> str:
    """An HTML5 player for a self-hosted file.

    Raw HTML is not rewritten by MkDocs, and with use_directory_urls `talks/x.md` is served
    as `talks/x/index.html`: its paths need one more `../` than Markdown links.
    """
    language = rc.lang(archive)
    up = "../" * (rc.depth(page) + 1)
    src = html.escape(markup.url(up + platforms.media_path(recording)))
    poster = thumbnail_path(talk)
    poster_attr = f' poster="{html.escape(markup.url(up + poster))}"' if poster else ""
    lines = [
        '<div class="wz-player">',
        f'<video class="wz-video" controls preload="metadata" src="{src}"{poster_attr}>',
    ]
    captions = platforms.captions_path(recording)
    if captions:
        track = html.escape(markup.url(up + captions))
        srclang = html.escape(talk.language)
        label = i18n.t(language, "captions")
        lines.append(
            f'<track kind="captions" src="{track}" srclang="{srclang}" label="{label}" default>'
        )
    lines += [f'<a href="{src}">{i18n.t(language, "download")}</a>', "</video>", "</div>"]
    return "\n".join(lines)


def _platform_link(archive: Archive, talk: Talk, recording: Recording, page: str) -> str:
    """A self-hosted thumbnail linking to the platform: readers' browsers ask it for nothing."""
    language = rc.lang(archive)
    url = markup.url(platforms.recording_url(recording))
    watch = i18n.t(language, "watch_on", platform=markup.text(platforms.platform_name(recording)))
    blocks = []
    thumbnail = thumbnail_path(talk)
    if thumbnail:
        image = markup.url(markup.relative(page, thumbnail))
        alt = i18n.t(language, "thumbnail")
        blocks.append(f"[![{alt}]({image}){{: .wz-thumbnail loading=lazy }}]({url})")
    blocks.append(f"[{watch}]({url}){{: .wz-watch }}")
    return "\n\n".join(blocks)


def _overview(archive: Archive, talk: Talk, questions: tuple[Question, ...], page: str) -> str:
    """Answered questions in answer order, each with its jump link and a link to its section."""
    answered = [q for q in questions if q.status is Status.ANSWERED and q.answer is not None]
    if talk.recording is None or not answered:
        return ""
    recording = talk.recording
    answered.sort(key=_answer_order)
    items = [f"- {rc.jump_link(recording, q, page)} {rc.question_link(q, page)}" for q in answered]
    heading = f"## {i18n.t(rc.lang(archive), 'answers_overview')} {{#answers}}"
    return heading + "\n\n" + "\n".join(items)


def _answer_order(question: Question) -> tuple[int, str]:
    return (question.answer.start.seconds if question.answer else 0, question.id)


def _chapters(archive: Archive, talk: Talk, page: str) -> str:
    recording = talk.recording
    if recording is None or not recording.chapters:
        return ""
    items = []
    for chapter in recording.chapters:
        seconds = chapter.start.seconds
        jump = rc.seek_link(f"▶ {chapter.start.label}", recording, seconds, page)
        items.append(f"- {jump} {markup.text(chapter.title)}")
    heading = f"## {i18n.t(rc.lang(archive), 'chapters')} {{#chapters}}"
    return heading + "\n\n" + "\n".join(items)


def _questions(archive: Archive, questions: tuple[Question, ...], page: str) -> str:
    language = rc.lang(archive)
    heading = f"## {i18n.t(language, 'questions')} {{#questions}}"
    if not questions:
        return f"{heading}\n\n{i18n.t(language, 'no_questions')}"
    sections = [question_section(archive, q, page) for q in questions]
    return heading + "\n\n" + "\n\n".join(sections)


def question_section(archive: Archive, question: Question, page: str) -> str:
    """A question's heading with its anchor, who asked, the answer, and where it went."""
    return rc.page_text(
        [
            f"### {markup.text(question.question)} {{#{question.anchor}}}",
            _asked(archive, question),
            _answered(archive, question, page),
            question.body,
            _outcome(archive, question, page),
            _tags(archive, question, page),
        ]
    ).rstrip("\n")


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
    return " · ".join(parts) + "\n{: .wz-asked }"


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
        parts.append(rc.jump_link(recording, question, page))
    if answer.by:
        who = rc.expert_links(archive, answer.by, page)
        parts.append(i18n.t(rc.lang(archive), "answered_by", who=who))
    return " · ".join(parts) + "\n{: .wz-answer }" if parts else ""


def _outcome(archive: Archive, question: Question, page: str) -> str:
    language = rc.lang(archive)
    if question.status is Status.MERGED and question.merged_into:
        target = rc.find_question(archive, question, question.merged_into)
        shown = rc.question_link(target, page) if target else markup.text(question.merged_into)
        return f"{i18n.t(language, 'merged_into')} {shown}\n{{: .wz-merged }}"
    if question.status is Status.DECLINED:
        if question.declined_reason:
            reason = markup.text(question.declined_reason)
            return i18n.t(language, "declined_reason", reason=reason) + "\n{: .wz-declined }"
        return i18n.t(language, "declined") + "\n{: .wz-declined }"
    return ""


def _tags(archive: Archive, question: Question, page: str) -> str:
    if not question.tags:
        return ""
    label = i18n.t(rc.lang(archive), "tags")
    return f"{label}: {rc.tag_links(question.tags, page)}\n{{: .wz-tags }}"
