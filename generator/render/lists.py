"""The overview and index pages: talks, experts, events, tags and the open questions.

Each function takes the Archive (and the record a page is about) and gives that page's Markdown.
"""

from __future__ import annotations

import datetime as dt

from generator.models import Archive, Event, Expert, Question, Status, Talk
from generator.render import cards, editor_text, feeds, i18n, markup, urls
from generator.render import common as rc


def sorted_events(archive: Archive) -> list[Event]:
    """Events newest first; events without dates last, then by id."""
    return sorted(archive.events.values(), key=_event_key)


def _event_key(event: Event) -> tuple[bool, int, str]:
    day = event.start or event.end
    return (day is None, -(day or dt.date.min).toordinal(), event.id)


def render_talks_index(archive: Archive) -> str:
    language = rc.lang(archive)
    page = "talks/index.md"
    blocks = []
    if not archive.talks:
        blocks.append(i18n.t(language, "no_talks"))
    for event in sorted_events(archive):
        talks = archive.talks_of_event(event.id)
        if talks:
            title = rc.link(markup.text(event.title), page, urls.event_page(event.id))
            blocks.append(f"## {title} {{#event-{event.id}}}")
            blocks.append(cards.talk_cards(archive, talks, page))
    others = [t for t in archive.talks if t.event not in archive.events]
    if others:
        blocks.append(f"## {i18n.t(language, 'other_talks')} {{#other-talks}}")
        blocks.append(cards.talk_cards(archive, others, page))
    return rc.page(i18n.t(language, "talks"), blocks)


def sorted_experts(archive: Archive) -> list[Expert]:
    return sorted(archive.experts.values(), key=lambda e: (e.name.casefold(), e.id))


def _expert_line(expert: Expert) -> str:
    return " · ".join(markup.text(p) for p in (expert.role, expert.organisation) if p)


def render_experts_index(archive: Archive) -> str:
    language = rc.lang(archive)
    page = "experts/index.md"
    listed = cards.expert_cards(archive, sorted_experts(archive), page)
    return rc.page(i18n.t(language, "experts"), [listed])


def render_expert(archive: Archive, expert: Expert) -> str:
    language = rc.lang(archive)
    page = urls.expert_page(expert.id)
    blocks = [cards.photo(archive, expert, page), _expert_line(expert)]
    if expert.url:
        blocks.append(f"[{i18n.t(language, 'website')}]({markup.url(expert.url)})")
    feed_label = i18n.t(language, "feed_expert", who=expert.name)
    expert_feed = feeds.feed_path_of_expert(expert.id)
    blocks.append(rc.link(markup.text(feed_label), page, expert_feed))
    bio = editor_text.page_block(archive.settings, expert.body, page)
    blocks.append(bio)
    if talks := cards.talks_with(archive, expert):
        blocks.append(f"## {i18n.t(language, 'talks')} {{#talks}}")
        blocks.append(cards.talk_cards(archive, talks, page))
    blocks.append(f"## {i18n.t(language, 'answers')} {{#answers}}")
    answers = archive.answers_by(expert.id)
    if not answers:
        blocks.append(i18n.t(language, "no_answers"))
    # answers_by keeps the order of the talks: grouping them keeps it too, in one pass.
    by_talk: dict[str, list[Question]] = {}
    for q in answers:
        by_talk.setdefault(q.talk, []).append(q)
    for talk_id, of_talk in by_talk.items():
        talk = archive.talk(talk_id)
        blocks.append(f"### {rc.talk_link(talk, page)} {{#talk-{talk.id}}}")
        blocks.append("\n".join(_answer_item(archive, q, page) for q in of_talk))
    return rc.page(expert.name, blocks, feeds.feed_meta(expert_feed, feed_label))


def _answer_item(archive: Archive, question: Question, page: str) -> str:
    return f"- {watch_link(archive, question, page)}{rc.question_link(question, page)}"


def watch_link(archive: Archive, question: Question, page: str) -> str:
    """`[▶ 4:32 – 6:10](../talks/x.md?t=272#q-id){: .wz-jump } ` for an answer in a recording.

    It opens the talk page on this site, whose player starts at the answer (`?t=`), instead
    of the platform: the reader keeps the question, the transcript and the consent step.
    """
    answer = question.answer
    if answer is None or question.status is not Status.ANSWERED:
        return ""
    if rc.question_recording(archive, question) is None:
        return ""
    label = f"▶ {answer.start.label}"
    if answer.end is not None:
        label += f" – {answer.end.label}"
    target = f"{urls.talk_page(question.talk)}?t={answer.start.seconds}#{question.anchor}"
    return f"{rc.link(label, page, target)}{{: .wz-jump }} "


def render_events_index(archive: Archive) -> str:
    language = rc.lang(archive)
    page = "events/index.md"
    items = []
    for event in sorted_events(archive):
        parts = [rc.link(markup.text(event.title), page, urls.event_page(event.id))]
        if dates := i18n.format_range(language, event.start, event.end):
            parts.append(dates)
        if event.location:
            parts.append(markup.text(event.location))
        items.append("- " + " · ".join(parts))
    return rc.page(i18n.t(language, "events"), ["\n".join(items)])


def render_event(archive: Archive, event: Event) -> str:
    language = rc.lang(archive)
    page = urls.event_page(event.id)
    facts = []
    if dates := i18n.format_range(language, event.start, event.end):
        facts.append(f"- **{i18n.t(language, 'date')}:** {dates}")
    if event.location:
        facts.append(f"- **{i18n.t(language, 'location')}:** {markup.text(event.location)}")
    if event.url:
        website = f"[{markup.text(event.url)}]({markup.url(event.url)})"
        facts.append(f"- **{i18n.t(language, 'website')}:** {website}")
    talks = archive.talks_of_event(event.id)
    return rc.page(
        event.title,
        [
            "\n".join(facts),
            editor_text.page_block(archive.settings, event.body, page),
            f"## {i18n.t(language, 'talks_of_event')} {{#talks}}",
            cards.talk_cards(archive, talks, page) or i18n.t(language, "no_talks"),
        ],
    )


def render_tags_index(archive: Archive) -> str:
    language = rc.lang(archive)
    page = "tags/index.md"
    items = [
        f"- {rc.link(markup.text(tag), page, urls.tag_page(tag))} · "
        + i18n.counted(language, "question_count", len(questions))
        for tag, questions in urls.tags(archive).items()
    ]
    return rc.page(i18n.t(language, "tags"), ["\n".join(items)])


def render_tag(archive: Archive, tag: str, questions: tuple[Question, ...]) -> str:
    page = urls.tag_page(tag)
    title = i18n.t(rc.lang(archive), "tag", tag=tag)
    feed_label, tag_feed = i18n.t(rc.lang(archive), "feed_tag"), feeds.feed_path_of_tag(tag)
    listed = "\n".join(_listed(archive, q, page) for q in questions)
    feed = rc.link(feed_label, page, tag_feed)
    return rc.page(title, [listed, feed], feeds.feed_meta(tag_feed, feed_label))


def _listed(archive: Archive, question: Question, page: str) -> str:
    """A question in a list elsewhere: status, link to its section, and its talk."""
    talk = archive.talk(question.talk)
    badge = rc.status_badge(rc.lang(archive), question.status)
    jump = watch_link(archive, question, page)
    return f"- {badge} {jump}{rc.question_link(question, page)} · {rc.talk_link(talk, page)}"


def render_open(archive: Archive) -> str:
    language = rc.lang(archive)
    page = "questions/open.md"
    blocks: list[str] = []
    for talk in archive.talks:
        collected = _by_status(archive, talk, Status.COLLECTED)
        if collected:
            collected.sort(key=_vote_order)
            blocks.append(f"## {rc.talk_link(talk, page)} {{#talk-{talk.id}}}")
            blocks.append("\n".join(_open_item(archive, q, page) for q in collected))
    if not blocks:
        blocks.append(i18n.t(language, "no_open"))
    blocks += _merged_and_declined(archive, page)
    return rc.page(i18n.t(language, "open_questions"), blocks)


def _by_status(archive: Archive, talk: Talk, status: Status) -> list[Question]:
    return [q for q in archive.questions.get(talk.id, ()) if q.status is status]


def _vote_order(question: Question) -> tuple[int, tuple[bool, float], str]:
    return (-(question.votes or 0), rc.asked_key(question), question.id)


def _open_item(archive: Archive, question: Question, page: str) -> str:
    language = rc.lang(archive)
    parts = [rc.question_link(question, page)]
    if question.votes is not None:
        parts.append(i18n.counted(language, "votes", question.votes))
    if question.asked_by:
        parts.append(i18n.t(language, "asked_by", who=markup.text(question.asked_by)))
    return "- " + " · ".join(parts)


def _merged_and_declined(archive: Archive, page: str) -> list[str]:
    """Sections for merged questions (with their target) and declined ones (with the reason)."""
    language = rc.lang(archive)
    questions = archive.all_questions()
    merged = [_merged_item(archive, q, page) for q in questions if q.status is Status.MERGED]
    declined = [_declined_item(q, page) for q in questions if q.status is Status.DECLINED]
    blocks = []
    if merged:
        blocks += [f"## {i18n.t(language, 'merged_questions')} {{#merged}}", "\n".join(merged)]
    if declined:
        heading = f"## {i18n.t(language, 'declined_questions')} {{#declined}}"
        blocks += [heading, "\n".join(declined)]
    return blocks


def _merged_item(archive: Archive, question: Question, page: str) -> str:
    item = f"- {rc.question_link(question, page)}"
    target = rc.find_question(archive, question, question.merged_into or "")
    if target is None:
        return item
    return f"{item} → {watch_link(archive, target, page)}{rc.question_link(target, page)}"


def _declined_item(question: Question, page: str) -> str:
    item = f"- {rc.question_link(question, page)}"
    if question.declined_reason:
        return f"{item} · {markup.text(question.declined_reason)}"
    return item
