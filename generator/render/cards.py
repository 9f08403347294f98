"""Cards for the lists people browse: talks (home, talks, event and expert pages) and experts.

Takes the Archive, the talks or experts and the page they are shown on; gives one raw HTML
block: a list of articles, each with a heading whose link is the card's only link (CSS makes
the whole card its target), the self-hosted thumbnail or photo, and the rest as text. Raw HTML
is not rewritten by MkDocs: links are directory URLs relative to the page (`urls.href`), and
every public text is HTML-escaped (`markup.html_text`, `markup.attr`).
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from generator.models import Archive, Expert, Status, Talk
from generator.render import common as rc
from generator.render import i18n, markup, pictures, urls
from generator.timestamps import Timestamp

# The thumbnails are 16:9 (YouTube's 1280x720); width and height keep the layout from jumping.
THUMBNAIL_SIZE = ('width="1280"', 'height="720"')
PHOTO_SIZE = ('width="400"', 'height="400"')
# The first cards are in view when the page opens: loading them lazily delays the largest
# paint (Lighthouse counts it); the rest wait until the reader scrolls near them.
EAGER_CARDS = 2


def _href(archive: Archive, target: str, page: str) -> str:
    """A link to a site_src/ file or page, for an HTML attribute on `page`."""
    if target.endswith(".md"):
        url = urls.href(archive.settings, target, page)
    else:
        url = urls.in_page(target, page)
    return html.escape(markup.url(url), quote=True)


def _image(
    archive: Archive,
    path: str,
    page: str,
    size: tuple[str, str],
    *,
    lazy: bool = True,
    sources: str = "",
) -> str:
    """A card's picture; decorative (alt=""): the heading beside it names what it shows.

    `sources` (pictures.thumbnail_sources) replaces the plain `src` of `path`.
    """
    sources = sources or f' src="{_href(archive, path, page)}"'
    loading = ' loading="lazy" decoding="async"' if lazy else ' fetchpriority="high"'
    return f'<img class="wz-card__image"{sources} alt="" {" ".join(size)}{loading}>'


def _cards(items: Iterable[str], kind: str) -> str:
    """The list of cards; empty when there are none."""
    cards = [f'<li class="wz-cards__item">\n{item}\n</li>' for item in items]
    if not cards:
        return ""
    return "\n".join([f'<ul class="wz-cards wz-cards--{kind}">', *cards, "</ul>"])


def _heading(level: int, label: str, href: str) -> str:
    return f'<h{level} class="wz-card__title"><a href="{href}">{label}</a></h{level}>'


def talk_cards(archive: Archive, talks: Iterable[Talk], page: str, level: int = 3) -> str:
    """The talks as cards; their headings at `level` (under the page's section headings)."""
    items = (talk_card(archive, t, page, level, lazy=n >= EAGER_CARDS) for n, t in enumerate(talks))
    return _cards(items, "talks")


def talk_card(archive: Archive, talk: Talk, page: str, level: int = 3, *, lazy: bool = True) -> str:
    """Thumbnail with the duration on it, title, date, experts, answered and open counts."""
    language = rc.lang(archive)
    href = _href(archive, urls.talk_page(talk.id), page)
    lines = ['<article class="wz-card wz-card--talk">']
    thumbnail = urls.thumbnail_path(talk)
    if thumbnail:
        sources = pictures.thumbnail_sources(talk, page, pictures.CARD_SIZES)
        lines.append(_image(archive, thumbnail, page, THUMBNAIL_SIZE, lazy=lazy, sources=sources))
    lines.append('<div class="wz-card__body">')
    lines.append(_heading(level, markup.html_text(talk.display_title), href))
    if meta := _talk_meta(language, talk):
        lines.append(f'<p class="wz-card__meta">{meta}</p>')
    if talk.experts:
        lines.append(f'<p class="wz-card__people">{_names(archive, talk.experts)}</p>')
    answered = rc.count(archive, talk, Status.ANSWERED)
    counts = i18n.t(language, "counts", answered=answered, open=rc.open_count(archive, talk))
    lines += [f'<p class="wz-card__counts">{counts}</p>', "</div>", "</article>"]
    return "\n".join(lines)


def _talk_meta(language: str, talk: Talk) -> str:
    """`<time>` elements for the duration and the date, as far as they are known."""
    parts = []
    duration = talk.recording.duration if talk.recording else None
    if duration:
        stamp = Timestamp(duration)
        hidden = f'<span class="wz-visually-hidden">{i18n.t(language, "duration")}: </span>'
        parts.append(
            f'<span class="wz-card__duration">{hidden}'
            f'<time datetime="{stamp.iso_duration}">{stamp.label}</time></span>'
        )
    if talk.date:
        day = i18n.format_date(language, talk.date)
        parts.append(f'<time datetime="{talk.date.isoformat()}">{day}</time>')
    return " · ".join(parts)


def _names(archive: Archive, expert_ids: Iterable[str]) -> str:
    """The experts' names as text (an unknown id as itself)."""
    names = []
    for expert_id in expert_ids:
        expert = archive.experts.get(expert_id)
        names.append(markup.html_text(expert.name if expert else expert_id))
    return ", ".join(names)


def expert_cards(archive: Archive, experts: Iterable[Expert], page: str, level: int = 2) -> str:
    return _cards((expert_card(archive, e, page, level) for e in experts), "experts")


def expert_card(archive: Archive, expert: Expert, page: str, level: int = 2) -> str:
    """Photo, name, role and organisation, and how many answers and talks."""
    language = rc.lang(archive)
    href = _href(archive, urls.expert_page(expert.id), page)
    lines = ['<article class="wz-card wz-card--expert">']
    photo = urls.photo_path(expert)
    if photo:  # the name is the heading beside it: said once is enough
        lines.append(_image(archive, photo, page, PHOTO_SIZE))
    lines.append('<div class="wz-card__body">')
    lines.append(_heading(level, markup.html_text(expert.name), href))
    line = " · ".join(markup.html_text(p) for p in (expert.role, expert.organisation) if p)
    if line:
        lines.append(f'<p class="wz-card__meta">{line}</p>')
    answers = i18n.counted(language, "answer_count", len(archive.answers_by(expert.id)))
    talks = i18n.counted(language, "talk_count", len(talks_with(archive, expert)))
    lines += [f'<p class="wz-card__counts">{answers} · {talks}</p>', "</div>", "</article>"]
    return "\n".join(lines)


def talks_with(archive: Archive, expert: Expert) -> list[Talk]:
    """The talks the expert took part in: named in the talk, or answering in it."""
    return list(archive.lookup("talks_by_expert", _talks_by_expert).get(expert.id, ()))


def _talks_by_expert(archive: Archive) -> dict[str, list[Talk]]:
    """Each expert's talks in the archive's order; indexed once, where a scan of every talk
    per expert took 10 s of 80 at 5,000 talks."""
    answering: dict[str, set[str]] = {}  # talk id: who answers in it
    for question in archive.all_questions():
        for expert_id in question.answer.by if question.answer else ():
            answering.setdefault(question.talk, set()).add(expert_id)
    found: dict[str, list[Talk]] = {}
    for talk in archive.talks:
        for expert_id in {*talk.experts, *answering.get(talk.id, ())}:
            found.setdefault(expert_id, []).append(talk)
    return found


def photo(archive: Archive, expert: Expert, page: str) -> str:
    """The expert's photo on their own page, named by their name; empty without one."""
    path = urls.photo_path(expert)
    if not path:
        return ""
    src = _href(archive, path, page)
    size = " ".join(PHOTO_SIZE)
    return (
        f'<img class="wz-photo" src="{src}" alt="{markup.attr(expert.name)}" {size}'
        ' decoding="async">'
    )
