"""The overview and index pages: talks, experts, events, tags and the open questions.

Each function takes the Archive (and the record a page is about) and gives that page's
Markdown as {path: text}: one page, or several when the list would grow past paging.BUDGET.
Headings stay Markdown, for the table of contents (a link in one costs Python-Markdown no
more as Markdown than as inline HTML, and MkDocs checks it); the lists, cards and links below
them are raw HTML in marked runs (site/rawhtml.py) with final page-relative URLs
(`rc.anchor`), which MkDocs passes through: a Markdown list item with three links cost its
inline patterns and MkDocs' link rewriting on every one of thousands of lines.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence

from generator.models import Archive, Event, Expert, Question, Settings, Status, Talk
from generator.render import cards, feeds, i18n, markup, paging, urls
from generator.render import common as rc
from generator.site import rawhtml


def sorted_events(archive: Archive) -> list[Event]:
    """Events newest first; events without dates last, then by id."""
    return sorted(archive.events.values(), key=_event_key)


def _event_key(event: Event) -> tuple[bool, int, str]:
    day = event.start or event.end
    return (day is None, -(day or dt.date.min).toordinal(), event.id)


def render_talks_index(archive: Archive) -> dict[str, str]:
    """The talks as cards under their events' headings (a heading again on each page)."""
    language = rc.lang(archive)
    listed: list[tuple[Event | None, Talk]] = [
        (event, talk)
        for event in sorted_events(archive)
        for talk in archive.talks_of_event(event.id)
    ]
    listed += [(None, t) for t in archive.talks if t.event not in archive.events]

    def body(paged: paging.Paged[tuple[Event | None, Talk]]) -> list[str]:
        blocks = [] if listed else [i18n.t(language, "no_talks")]
        groups: list[tuple[Event | None, list[Talk]]] = []
        for event, talk in paged.items:
            if not groups or groups[-1][0] is not event:
                groups.append((event, []))
            groups[-1][1].append(talk)
        for event, talks in groups:
            blocks.append(_event_heading(archive, event, paged.path))
            blocks.append(rawhtml.block(cards.talk_cards(archive, talks, paged.path)))
        return blocks

    title = i18n.t(language, "talks")
    cost = paging.under_headings(listed, lambda pair: pair[0], lambda _: paging.TALK_CARD)
    return paging.pages(archive, "talks/index.md", title, listed, cost, body)


def _event_heading(archive: Archive, event: Event | None, page: str) -> str:
    if event is None:
        return f"## {i18n.t(rc.lang(archive), 'other_talks')} {{#other-talks}}"
    title = rc.link(markup.text(event.title), page, urls.event_page(event.id))
    return f"## {title} {{#event-{event.id}}}"


def sorted_experts(archive: Archive) -> list[Expert]:
    return sorted(archive.experts.values(), key=lambda e: (e.name.casefold(), e.id))


def _expert_line(expert: Expert) -> str:
    line = " · ".join(markup.text(p) for p in (expert.role, expert.organisation) if p)
    return f"<p>{line}</p>" if line else ""


def render_experts_index(archive: Archive) -> dict[str, str]:
    def body(paged: paging.Paged[Expert]) -> list[str]:
        return [rawhtml.block(cards.expert_cards(archive, paged.items, paged.path))]

    title = i18n.t(rc.lang(archive), "experts")
    experts = sorted_experts(archive)
    return paging.pages(archive, "experts/index.md", title, experts, paging.EXPERT_CARD, body)


def render_expert(archive: Archive, expert: Expert) -> dict[str, str]:
    """Who the expert is (first page), their talks as cards, then their answers by talk."""
    language = rc.lang(archive)
    feed_label = i18n.t(language, "feed_expert", who=expert.name)
    expert_feed = feeds.feed_path_of_expert(expert.id)
    answers = archive.answers_by(expert.id)
    listed: list[Talk | Question] = [*cards.talks_with(archive, expert), *answers]

    def body(paged: paging.Paged[Talk | Question]) -> list[str]:
        page = paged.path
        blocks = []
        if paged.number == 1:
            photo = cards.photo(archive, expert, page)
            about = [f"<p>{photo}</p>" if photo else "", _expert_line(expert)]
            if expert.url:
                about.append(f"<p>{rc.outside_anchor(i18n.t(language, 'website'), expert.url)}</p>")
            about.append(f"<p>{rc.file_anchor(markup.text(feed_label), page, expert_feed)}</p>")
            blocks += rc.with_editor_text(archive.settings, about, expert.body, page)
        if talks := [t for t in paged.items if isinstance(t, Talk)]:
            blocks.append(f"## {i18n.t(language, 'talks')} {{#talks}}")
            blocks.append(rawhtml.block(cards.talk_cards(archive, talks, page)))
        shown = [q for q in paged.items if isinstance(q, Question)]
        if shown or (paged.number == 1 and not answers):
            blocks.append(f"## {i18n.t(language, 'answers')} {{#answers}}")
        if paged.number == 1 and not answers:
            blocks.append(i18n.t(language, "no_answers"))
        return blocks + _answers_by_talk(archive, shown, page)

    first = urls.expert_page(expert.id)
    meta = feeds.feed_meta(expert_feed, feed_label)
    cost = paging.under_headings(listed, _talk_of, _cost)
    return paging.pages(archive, first, expert.name, listed, cost, body, meta)


def _talk_of(item: Talk | Question) -> str | None:
    return item.talk if isinstance(item, Question) else None


def _cost(item: Talk | Question) -> int:
    return paging.TALK_CARD if isinstance(item, Talk) else paging.QUESTION


def _answers_by_talk(archive: Archive, answers: list[Question], page: str) -> list[str]:
    """A heading per talk and its answers below; answers_by keeps the order of the talks."""
    by_talk: dict[str, list[Question]] = {}
    for q in answers:
        by_talk.setdefault(q.talk, []).append(q)
    blocks = []
    for talk_id, of_talk in by_talk.items():
        talk = archive.talk(talk_id)
        blocks.append(f"### {rc.talk_link(talk, page)} {{#talk-{talk.id}}}")
        blocks.append(rawhtml.block(rc.html_list(_answer_item(archive, q, page) for q in of_talk)))
    return blocks


def _answer_item(archive: Archive, question: Question, page: str) -> str:
    return f"{watch_link(archive, question, page)}{rc.question_anchor(archive.settings, question, page)}"


def watch_link(archive: Archive, question: Question, page: str) -> str:
    """`<a class="wz-jump" href="../../talks/x/?t=272#q-id">▶ 4:32 – 6:10</a> ` for an answer
    in a recording.

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
    talk = urls.href(archive.settings, urls.talk_page(question.talk), page)
    href = html.escape(f"{talk}?t={answer.start.seconds}#{question.anchor}", quote=True)
    return f'<a class="wz-jump" href="{href}">{label}</a> '


def render_events_index(archive: Archive) -> dict[str, str]:
    language = rc.lang(archive)

    def body(paged: paging.Paged[Event]) -> list[str]:
        items = (_event_item(archive.settings, e, paged.path) for e in paged.items)
        return [rawhtml.block(rc.html_list(items))]

    title = i18n.t(language, "events")
    events = sorted_events(archive)
    return paging.pages(archive, "events/index.md", title, events, paging.LINE, body)


def _event_item(settings: Settings, event: Event, page: str) -> str:
    parts = [rc.anchor(settings, markup.text(event.title), page, urls.event_page(event.id))]
    if dates := i18n.format_range(i18n.language(settings.language), event.start, event.end):
        parts.append(dates)
    if event.location:
        parts.append(markup.text(event.location))
    return " · ".join(parts)


def render_event(archive: Archive, event: Event) -> dict[str, str]:
    """The event's facts and description (first page), then its talks as cards."""
    language = rc.lang(archive)
    first = urls.event_page(event.id)
    facts = []
    if dates := i18n.format_range(language, event.start, event.end):
        facts.append(("date", dates))
    if event.location:
        facts.append(("location", markup.text(event.location)))
    if event.url:
        facts.append(("website", rc.outside_anchor(markup.text(event.url), event.url)))
    # The labels are written for Markdown, which escapes `&`.
    shown = (f"<strong>{markup.html_text(i18n.t(language, k))}:</strong> {v}" for k, v in facts)
    about = rc.html_list(shown)
    talks = archive.talks_of_event(event.id)

    def body(paged: paging.Paged[Talk]) -> list[str]:
        blocks = []
        if paged.number == 1:
            blocks += rc.with_editor_text(archive.settings, [about], event.body, first)
        blocks.append(f"## {i18n.t(language, 'talks_of_event')} {{#talks}}")
        listed = cards.talk_cards(archive, paged.items, paged.path)
        return [*blocks, rawhtml.block(listed) or i18n.t(language, "no_talks")]

    return paging.pages(archive, first, event.title, talks, paging.TALK_CARD, body)


def render_tags_index(archive: Archive) -> dict[str, str]:
    language = rc.lang(archive)

    def body(paged: paging.Paged[tuple[str, int]]) -> list[str]:
        items = (_tag_item(archive.settings, tag, n, paged.path) for tag, n in paged.items)
        return [rawhtml.block(rc.html_list(items))]

    counts = [(tag, len(questions)) for tag, questions in urls.tags(archive).items()]
    title = i18n.t(language, "tags")
    return paging.pages(archive, "tags/index.md", title, counts, paging.LINE, body)


def _tag_item(settings: Settings, tag: str, count: int, page: str) -> str:
    link = rc.anchor(settings, markup.text(tag), page, urls.tag_page(tag))
    language = i18n.language(settings.language)
    return f"{link} · {i18n.counted(language, 'question_count', count)}"


def render_tag(archive: Archive, tag: str, questions: tuple[Question, ...]) -> dict[str, str]:
    """The tag's questions as a list; the link to its feed below on every page."""
    title = i18n.t(rc.lang(archive), "tag", tag=tag)
    feed_label, tag_feed = i18n.t(rc.lang(archive), "feed_tag"), feeds.feed_path_of_tag(tag)

    def body(paged: paging.Paged[Question]) -> list[str]:
        listed = rc.html_list(_listed(archive, q, paged.path) for q in paged.items)
        feed = rc.file_anchor(markup.text(feed_label), paged.path, tag_feed)
        return [rawhtml.block(listed, f"<p>{feed}</p>")]

    meta = feeds.feed_meta(tag_feed, feed_label)
    first = urls.tag_page(tag)
    return paging.pages(archive, first, title, questions, paging.QUESTION, body, meta)


def _listed(archive: Archive, question: Question, page: str) -> str:
    """A question in a list elsewhere: status, link to its section, and its talk."""
    talk = rc.talk_anchor(archive.settings, archive.talk(question.talk), page)
    badge = rc.status_badge(rc.lang(archive), question.status)
    jump = watch_link(archive, question, page)
    return f"{badge} {jump}{rc.question_anchor(archive.settings, question, page)} · {talk}"


def render_open(archive: Archive) -> dict[str, str]:
    """Open questions by talk, most votes first; then the merged and the declined ones."""
    language = rc.lang(archive)
    collected = []
    for talk in archive.talks:
        collected += sorted(_by_status(archive, talk, Status.COLLECTED), key=_vote_order)
    questions = archive.all_questions()
    listed = [
        *collected,
        *(q for q in questions if q.status is Status.MERGED),
        *(q for q in questions if q.status is Status.DECLINED),
    ]

    def body(paged: paging.Paged[Question]) -> list[str]:
        page = paged.path
        shown = [q for q in paged.items if q.status is Status.COLLECTED]
        blocks = []
        if paged.number == 1 and not collected:
            blocks.append(i18n.t(language, "no_open"))
        for talk_id, of_talk in _grouped(shown):
            blocks.append(f"## {rc.talk_link(archive.talk(talk_id), page)} {{#talk-{talk_id}}}")
            blocks.append(
                rawhtml.block(rc.html_list(_open_item(archive, q, page) for q in of_talk))
            )
        return blocks + _merged_and_declined(archive, paged.items, page)

    title = i18n.t(language, "open_questions")
    cost = paging.under_headings(listed, _open_section, _open_cost)
    return paging.pages(archive, "questions/open.md", title, listed, cost, body)


def _open_section(question: Question) -> str:
    """The heading a question is listed under: its talk while open, else merged or declined."""
    return question.talk if question.status is Status.COLLECTED else question.status.value


def _open_cost(question: Question) -> int:
    """A merged question also links the question it was merged into, and its answer."""
    return 2 * paging.QUESTION if question.status is Status.MERGED else paging.QUESTION


def _grouped(questions: list[Question]) -> list[tuple[str, list[Question]]]:
    """Runs of questions of one talk, in order."""
    groups: list[tuple[str, list[Question]]] = []
    for q in questions:
        if not groups or groups[-1][0] != q.talk:
            groups.append((q.talk, []))
        groups[-1][1].append(q)
    return groups


def _by_status(archive: Archive, talk: Talk, status: Status) -> list[Question]:
    return [q for q in archive.questions.get(talk.id, ()) if q.status is status]


def _vote_order(question: Question) -> tuple[int, tuple[bool, float], str]:
    return (-(question.votes or 0), rc.asked_key(question), question.id)


def _open_item(archive: Archive, question: Question, page: str) -> str:
    language = rc.lang(archive)
    parts = [rc.question_anchor(archive.settings, question, page)]
    if question.votes is not None:
        parts.append(i18n.counted(language, "votes", question.votes))
    if question.asked_by:
        parts.append(i18n.t(language, "asked_by", who=markup.text(question.asked_by)))
    return " · ".join(parts)


def _merged_and_declined(archive: Archive, questions: Sequence[Question], page: str) -> list[str]:
    """Sections for merged questions (with their target) and declined ones (with the reason)."""
    language = rc.lang(archive)
    merged = [_merged_item(archive, q, page) for q in questions if q.status is Status.MERGED]
    declined = [_declined_item(archive, q, page) for q in questions if q.status is Status.DECLINED]
    blocks = []
    if merged:
        heading = f"## {i18n.t(language, 'merged_questions')} {{#merged}}"
        blocks += [heading, rawhtml.block(rc.html_list(merged))]
    if declined:
        heading = f"## {i18n.t(language, 'declined_questions')} {{#declined}}"
        blocks += [heading, rawhtml.block(rc.html_list(declined))]
    return blocks


def _merged_item(archive: Archive, question: Question, page: str) -> str:
    item = rc.question_anchor(archive.settings, question, page)
    target = rc.find_question(archive, question, question.merged_into or "")
    if target is None:
        return item
    return f"{item} → {watch_link(archive, target, page)}{rc.question_anchor(archive.settings, target, page)}"


def _declined_item(archive: Archive, question: Question, page: str) -> str:
    item = rc.question_anchor(archive.settings, question, page)
    if question.declined_reason:
        return f"{item} · {markup.text(question.declined_reason)}"
    return item
