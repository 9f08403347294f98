"""Where everything lives: the path of each page in site_src/ and its URL on the site.

Takes ids and paths; gives `talks/<id>.md`-style page paths, the thumbnail's place, and
absolute or page-relative URLs (with `site_url` from mkdocs.yml, or relative without it). The
one module that knows the site's layout: pages, lists, feeds, JSON-LD and open data ask here.
"""

from __future__ import annotations

import functools
import hashlib
import posixpath
import re
import unicodedata
from collections import Counter
from urllib.parse import quote

from generator.models import Archive, Expert, Question, Settings, Talk


def depth(page: str) -> int:
    """How many folders below site_src/ a page is: `talks/x.md` is 1, `index.md` is 0."""
    return page.count("/")


# German spellings first: `Zubehör` and `zubehoer` are written for the same word.
_TRANSLITERATE = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


@functools.cache  # asked once per tag of every answer by the feeds: 1.1 s of 3 at 1,000 talks
def tag_slug(tag: str) -> str:
    """The file name of a tag's page: `Zubehör` → `zubehoer`, `cw-Wert` → `cw-wert`.

    Spellings that differ in case, umlauts, accents or punctuation get the same name (they
    are one tag); a plain slug keeps itself. A tag with no letter or digit in ASCII, and
    `index` (the name of the tags overview), get a stable hash to keep them apart.
    """
    folded = unicodedata.normalize("NFKD", tag.lower().translate(_TRANSLITERATE))
    ascii_part = re.sub(r"[^a-z0-9]+", "-", folded.encode("ascii", "ignore").decode())
    slug = ascii_part.strip("-")
    if slug and slug != "index":
        return slug
    return f"{slug or 'tag'}-{hashlib.sha1(tag.encode()).hexdigest()[:8]}"


def tags(archive: Archive) -> dict[str, tuple[Question, ...]]:
    """Every tag once, by the spelling shown, with its questions; sorted by page name.

    Spellings with the same slug are one tag, shown as most of its questions write it (on
    a tie the first in alphabetical order).
    """
    return archive.lookup("tags_by_slug", _tags)


def _tags(archive: Archive) -> dict[str, tuple[Question, ...]]:
    spellings: dict[str, Counter[str]] = {}
    groups: dict[str, list[tuple[Question, ...]]] = {}
    for tag, tagged in archive.tags().items():
        slug = tag_slug(tag)
        spellings.setdefault(slug, Counter())[tag] = len(tagged)
        groups.setdefault(slug, []).append(tagged)
    found = {}
    for slug in sorted(spellings):
        shown = min(spellings[slug].items(), key=lambda item: (-item[1], item[0]))[0]
        found[shown] = _merged(archive, groups[slug])
    return found


def _merged(archive: Archive, groups: list[tuple[Question, ...]]) -> tuple[Question, ...]:
    """The questions of several spellings once each, in the archive's order."""
    if len(groups) == 1:
        return groups[0]
    order = archive.lookup("question_order", _question_order)
    unique = {id(q): q for group in groups for q in group}
    return tuple(sorted(unique.values(), key=lambda q: order[id(q)]))


def _question_order(archive: Archive) -> dict[int, int]:
    return {id(q): n for n, q in enumerate(archive.all_questions())}


def talk_page(talk_id: str) -> str:
    return f"talks/{talk_id}.md"


def expert_page(expert_id: str) -> str:
    return f"experts/{expert_id}.md"


def event_page(event_id: str) -> str:
    return f"events/{event_id}.md"


def tag_page(tag: str) -> str:
    return f"tags/{tag_slug(tag)}.md"


def numbered_page(first: str, number: int) -> str:
    """Page `number` of a list whose first page is `first`: `tags/x.md`, `tags/x/2.md`, ...

    A folder named after the first page meets no other page: ids and tag slugs have no `/`,
    `index` is no id (talks/index/2.md is the talks overview's second page), and no other
    generated Markdown page lives below a page's own name.
    """
    if number == 1:
        return first
    return f"{first.removesuffix('.md')}/{number}.md"


def question_target(question: Question) -> str:
    return f"{talk_page(question.talk)}#{question.anchor}"


def thumbnail_path(talk: Talk) -> str | None:
    """Where the talk's thumbnail is copied to in site_src/."""
    if talk.recording is None or not talk.recording.thumbnail:
        return None
    suffix = posixpath.splitext(talk.recording.thumbnail)[1].lower()
    return f"assets/thumbnails/{talk.id}{suffix}"


# Widths of the WebP copies beside the thumbnail: a card on a phone (about 380 CSS pixels at
# 1.75 device pixels each, Lighthouse's phone) takes the 720, a desktop card the 360; the
# copies weigh 5 and 11 KB where YouTube's 1280x720 JPEG weighs 50 KB.
THUMBNAIL_WIDTHS = (360, 720)


def thumbnail_copies(talk: Talk) -> tuple[tuple[str, int], ...]:
    """(path in site_src/, width) of the talk's smaller WebP thumbnails, narrowest first."""
    if thumbnail_path(talk) is None:
        return ()
    return tuple((f"assets/thumbnails/{talk.id}-{w}.webp", w) for w in THUMBNAIL_WIDTHS)


def photo_path(expert: Expert) -> str | None:
    """Where the expert's photo is copied to in site_src/."""
    if not expert.photo:
        return None
    return f"assets/experts/{expert.id}{posixpath.splitext(expert.photo)[1]}"


def href(settings: Settings, page: str, from_page: str) -> str:
    """The URL of a site_src/ page for raw HTML on `from_page`, where MkDocs rewrites nothing.

    Always relative to the page, never under `site_url`: the same site must work in the
    preview, from another host and offline, and a reader's browser must not be sent to the
    published host (or anywhere else) from a local copy.
    """
    return in_page(directory_url(page), from_page)


def in_page(path: str, from_page: str) -> str:
    """`path` (relative to the site root) as a URL relative to the page `from_page`."""
    quoted = quote(path, safe="/#?=&%")
    return "../" * directory_url(from_page).count("/") + quoted


def directory_url(page: str) -> str:
    """The URL path of a site_src/ page with use_directory_urls: `talks/x.md` → `talks/x/`."""
    stem = page.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/" if stem.endswith("/index") else stem + "/"


def site_url(settings: Settings, path: str, from_page: str | None = None) -> str:
    """`path` (relative to the site root) as an absolute URL, or relative to `from_page`.

    Without site_url the result is relative to the directory URL of `from_page`
    (`talks/x.md` is served as `talks/x/`), or to the site root when there is no page.
    """
    quoted = quote(path, safe="/#?=&%")
    if settings.site_url:
        return settings.site_url.rstrip("/") + "/" + quoted
    if from_page is None:
        return quoted
    return "../" * directory_url(from_page).count("/") + quoted


def page_url(settings: Settings, page: str) -> str:
    """The URL of a site_src/ page: absolute with site_url, else relative to the site root."""
    return site_url(settings, directory_url(page))
