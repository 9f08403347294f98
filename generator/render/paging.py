"""Lists split into pages that do not grow with the archive.

Takes the items of a list page, what each costs in built HTML and the path of the first page;
gives the pages (`Paged`: their items, number and path), the visible pager between them and
the front matter (`wz_prev`, `wz_next`) that overrides/main.html writes as rel=prev/next links.
The first page keeps its path (`tags/x.md`); page n lives below it (`tags/x/2.md`, see
`urls.numbered_page`). Sizes are estimated by counting items, not by rendering twice.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from generator.models import Archive, Settings
from generator.render import common as rc
from generator.render import i18n, urls
from generator.site import rawhtml

T = TypeVar("T")

# Bytes of built HTML a list page may reach (the target is 400 KB for any page). Tests set it
# small to get many pages from a small archive.
BUDGET = 300_000
# Bytes of built HTML of the page around the list (Material's header, navigation, footer:
# 13 KB measured) and per item, each with a margin: measured on the synthetic archive
# (benchmarks/synthetic.py, 1,000 talks × 20 questions, Material 9) as the built page's
# content divided by its items. A question in a tag's list took 311 bytes; on the open
# questions page 267 with its share of the talk headings and their table-of-contents entries;
# a talk card 594 with the event headings; an expert card 354; an event's line 122.
SHELL = 20_000
QUESTION = 400
TALK_CARD = 650
EXPERT_CARD = 400
LINE = 150  # a one-line entry: an event or a tag in its overview
# A section heading in a list (a talk on the open questions page, an event on the talks page)
# with its entry in the table of contents beside the page: about 440 bytes measured, plus the
# heading itself.
HEADING = 700
# Page numbers shown around the current one; the first and the last are always shown.
WINDOW = 2


@dataclass(frozen=True)
class Paged(Generic[T]):
    """One page of a list: its items, its number (from 1) of `total`, and where it lives."""

    items: tuple[T, ...]
    number: int
    total: int
    first: str  # the path of page 1, e.g. tags/x.md

    @property
    def path(self) -> str:
        return urls.numbered_page(self.first, self.number)

    def title(self, language: str, title: str) -> str:
        """`title` on page 1; with the page number on the others (titles stay distinct)."""
        if self.number == 1:
            return title
        return f"{title} ({i18n.t(language, 'page_of', number=self.number, total=self.total)})"


def split(items: Sequence[T], cost: int | Callable[[T], int], first: str) -> list[Paged[T]]:
    """`items` in order, as few pages as keep each page's estimate within BUDGET.

    Every page holds at least one item; a list without items is one empty page.
    """
    cost_of = (lambda _: cost) if isinstance(cost, int) else cost
    room = BUDGET - SHELL
    chunks: list[list[T]] = [[]]
    used = 0
    for item in items:
        size = cost_of(item)
        if chunks[-1] and used + size > room:
            chunks.append([])
            used = 0
        chunks[-1].append(item)
        used += size
    total = len(chunks)
    return [Paged(tuple(c), n, total, first) for n, c in enumerate(chunks, start=1)]


def under_headings(
    items: Sequence[T], group: Callable[[T], object], cost: Callable[[T], int]
) -> Callable[[T], int]:
    """The cost of items shown under a heading per run of equal `group`: the first item of
    each run also pays for its heading."""
    firsts = set()
    previous: object = object()
    for item in items:
        if (key := group(item)) != previous:
            firsts.add(id(item))
            previous = key
    return lambda item: cost(item) + (HEADING if id(item) in firsts else 0)


def per_page(cost: int) -> int:
    """How many items of one `cost` a page holds."""
    return max(1, (BUDGET - SHELL) // cost)


def page_meta(paged: Paged[T]) -> dict[str, str]:
    """Front matter for the head's rel=prev/next links: site-root directory URLs."""
    found = {}
    if paged.number > 1:
        found["wz_prev"] = urls.directory_url(urls.numbered_page(paged.first, paged.number - 1))
    if paged.number < paged.total:
        found["wz_next"] = urls.directory_url(urls.numbered_page(paged.first, paged.number + 1))
    return found


def pager(settings: Settings, paged: Paged[T]) -> str:
    """The raw HTML navigation between the pages; empty when there is one page."""
    if paged.total == 1:
        return ""
    language = i18n.language(settings.language)
    links = []
    if paged.number > 1:
        label = f"« {i18n.t(language, 'previous_page')}"
        links.append(_link(settings, paged, paged.number - 1, label, ' rel="prev"'))
    previous = 0
    for number in _numbers(paged.number, paged.total):
        if number > previous + 1:
            links.append('<span class="wz-pager__gap">…</span>')
        links.append(_number(settings, paged, number, language))
        previous = number
    if paged.number < paged.total:
        label = f"{i18n.t(language, 'next_page')} »"
        links.append(_link(settings, paged, paged.number + 1, label, ' rel="next"'))
    label = i18n.t(language, "pages")
    return "\n".join([f'<nav class="wz-pager" aria-label="{label}">', *links, "</nav>"])


def _numbers(current: int, total: int) -> list[int]:
    """The page numbers to show: the first, the last, and WINDOW either side of `current`."""
    near = range(max(1, current - WINDOW), min(total, current + WINDOW) + 1)
    return sorted({1, total, *near})


def _number(settings: Settings, paged: Paged[T], number: int, language: str) -> str:
    label = i18n.t(language, "page_number", number=number)
    if number == paged.number:
        return (
            f'<span class="wz-pager__current" aria-current="page" title="{label}">{number}</span>'
        )
    return _link(settings, paged, number, str(number), f' aria-label="{label}"')


def _link(settings: Settings, paged: Paged[T], number: int, label: str, extra: str) -> str:
    target = urls.numbered_page(paged.first, number)
    href = html.escape(urls.href(settings, target, paged.path), quote=True)
    return f'<a href="{href}"{extra}>{label}</a>'


def pages(
    archive: Archive,
    first: str,
    title: str,
    items: Sequence[T],
    cost: int | Callable[[T], int],
    body: Callable[[Paged[T]], list[str]],
    meta: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """{path: Markdown} of a list page split by `split`: `body` gives each page's blocks."""
    language = rc.lang(archive)
    found = {}
    for paged in split(items, cost, first):
        blocks = [*body(paged), rawhtml.block(pager(archive.settings, paged))]
        fields = {**(meta or {}), **page_meta(paged)}
        found[paged.path] = rc.page(paged.title(language, title), blocks, fields)
    return found
