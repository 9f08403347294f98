"""Pieces every rendered page shares: where pages live, links between them, badges.

`link` gives a Markdown link to the source `.md` path, relative to the linking page, which
MkDocs rewrites and validates (for headings, which stay Markdown). `anchor` gives the same
link as HTML with the page's final URL, for the raw HTML blocks that Python-Markdown passes
through without inline processing (the cheap way to build thousands of pages, see talk.py and
lists.py; `with_editor_text` marks them for site/rawhtml.py); tests/site/test_links.py checks
that every such link of the built sample resolves, since MkDocs' validation does not see them.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Iterable, Mapping

from generator.models import Archive, Question, Recording, Settings, Status, Talk
from generator.render import editor_text, i18n, markup, urls
from generator.site import rawhtml


def lang(archive: Archive) -> str:
    return i18n.language(archive.settings.language)


def link(label: str, page: str, target: str) -> str:
    """A Markdown link; `label` must already be safe Markdown (see markup.text)."""
    return f"[{label}]({markup.url(markup.relative(page, target))})"


def question_link(question: Question, page: str) -> str:
    return link(markup.text(question.question), page, urls.question_target(question))


def talk_link(talk: Talk, page: str) -> str:
    return link(markup.text(talk.display_title), page, urls.talk_page(talk.id))


def anchor(settings: Settings, label: str, page: str, target: str) -> str:
    """An HTML link from `page` to the site_src/ path `target` (`talks/x.md#q-y`).

    For raw HTML, where MkDocs rewrites nothing: the href is the target's URL relative to
    the page (urls.href). `label` must already be safe (markup.text is safe in HTML too).
    """
    path, _, fragment = target.partition("#")
    if path == page:
        href = f"#{fragment}" if fragment else "./"
    else:
        href = urls.href(settings, path, page) + (f"#{fragment}" if fragment else "")
    return f'<a href="{html.escape(href, quote=True)}">{label}</a>'


def question_anchor(settings: Settings, question: Question, page: str) -> str:
    target = urls.question_target(question)
    return anchor(settings, markup.text(question.question), page, target)


def talk_anchor(settings: Settings, talk: Talk, page: str) -> str:
    return anchor(settings, markup.text(talk.display_title), page, urls.talk_page(talk.id))


def file_anchor(label: str, page: str, path: str) -> str:
    """An HTML link from `page` to a file of the site (a feed); `label` must already be safe."""
    return f'<a href="{html.escape(urls.in_page(path, page), quote=True)}">{label}</a>'


def outside_anchor(label: str, url: str) -> str:
    """An HTML link to another site (http or https, else `#`); `label` must already be safe."""
    return f'<a href="{html.escape(markup.url(url), quote=True)}">{label}</a>'


def html_list(items: Iterable[str]) -> str:
    """A bulleted list of HTML items as Python-Markdown writes one; empty without items."""
    lines = [f"<li>{item}</li>" for item in items]
    return "\n".join(["<ul>", *lines, "</ul>"]) if lines else ""


def expert_links(archive: Archive, expert_ids: Iterable[str], page: str) -> str:
    """Comma-separated HTML links to experts; an unknown id shows as plain text."""
    parts = []
    for expert_id in expert_ids:
        expert = archive.experts.get(expert_id)
        name = markup.text(expert.name if expert else expert_id)
        target = urls.expert_page(expert_id)
        parts.append(anchor(archive.settings, name, page, target) if expert else name)
    return ", ".join(parts)


def tag_links(settings: Settings, tags: Iterable[str], page: str) -> str:
    """Comma-separated HTML links to the tags' pages."""
    return ", ".join(anchor(settings, markup.text(t), page, urls.tag_page(t)) for t in tags)


def status_badge(language: str, status: Status) -> str:
    label = i18n.t(language, f"status_{status.value}")
    return f'<span class="wz-status wz-status--{status.value}">{label}</span>'


def question_recording(archive: Archive, question: Question) -> Recording | None:
    """The recording a question's answer is in, when it is answered and published."""
    if question.answer is None:
        return None
    return archive.talk(question.talk).recording


def find_question(archive: Archive, near: Question, question_id: str) -> Question | None:
    """The question `question_id`, preferring one in the same talk as `near`."""
    same_talk = [q for q in archive.questions.get(near.talk, ()) if q.id == question_id]
    if same_talk:
        return same_talk[0]
    return next((q for q in archive.all_questions() if q.id == question_id), None)


def count(archive: Archive, talk: Talk, status: Status) -> int:
    return sum(1 for q in archive.questions.get(talk.id, ()) if q.status is status)


def talk_summary(archive: Archive, talk: Talk, page: str) -> str:
    """One list item for a talk: link, date, experts, answered and open counts."""
    language = lang(archive)
    parts = [talk_link(talk, page)]
    if talk.date:
        parts.append(i18n.format_date(language, talk.date))
    if talk.experts:
        parts.append(expert_links(archive, talk.experts, page))
    answered = count(archive, talk, Status.ANSWERED)
    parts.append(i18n.t(language, "counts", answered=answered, open=open_count(archive, talk)))
    return "- " + " · ".join(parts)


def open_count(archive: Archive, talk: Talk) -> int:
    return count(archive, talk, Status.COLLECTED)


def asked_key(question: Question) -> tuple[bool, float]:
    """Sort key for ask time: earliest first, unknown last; naive times count as UTC."""
    moment = question.asked_at
    if moment is None:
        return (True, 0.0)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return (False, moment.timestamp())


def with_editor_text(
    settings: Settings, before: Iterable[str], text: str, page: str, after: Iterable[str] = ()
) -> list[str]:
    """Raw HTML blocks and the editor's `text` between them, as marked runs (site/rawhtml.py):
    one run, or, when the archive publishes the editor's Markdown as written, a run before
    and one after it, since that Markdown must be converted where it stands."""
    block = editor_text.page_block(settings, text, page)
    if not settings.raw_html:
        return [rawhtml.block(*before, block, *after)]
    return [rawhtml.block(*before), rawhtml.editor_markdown(block), rawhtml.block(*after)]


def page(title: str, blocks: Iterable[str], meta: Mapping[str, str] | None = None) -> str:
    """A whole page: front matter with the title (and `meta`), the H1, then the blocks.

    Without a `title` in the front matter MkDocs takes it from the H1 with entities decoded,
    and the theme writes it into `<title>` and the navigation unescaped: an untrusted
    `</title><script>` would become markup. An HTML-escaped title shows literally instead.
    The `meta` values (head tags read by overrides/main.html) are HTML-escaped the same way.
    """
    fields = {"title": title, **(meta or {})}
    front = "".join(
        f"{key}: {json.dumps(markup.html_text(value), ensure_ascii=False)}\n"
        for key, value in fields.items()
    )
    return f"---\n{front}---\n\n" + page_text([f"# {markup.text(title)}", *blocks])


def page_text(blocks: Iterable[str]) -> str:
    """Join Markdown blocks with blank lines; the page ends with exactly one newline."""
    return "\n\n".join(b.strip("\n") for b in blocks if b.strip()) + "\n"
