"""Where everything lives: the path of each page in site_src/ and its URL on the site.

Takes ids and paths; gives `talks/<id>.md`-style page paths, the thumbnail's place, and
absolute or page-relative URLs (with `site_url` from mkdocs.yml, or relative without it). The
one module that knows the site's layout: pages, lists, feeds, JSON-LD and open data ask here.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from urllib.parse import quote

from generator.models import Question, Settings, Talk

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def depth(page: str) -> int:
    """How many folders below site_src/ a page is: `talks/x.md` is 1, `index.md` is 0."""
    return page.count("/")


def tag_slug(tag: str) -> str:
    """The file name of a tag's page; a stable hash keeps odd tags apart from each other.

    `index` is taken by the tags overview, so that tag gets a hashed name too.
    """
    if _SLUG.match(tag) and tag != "index":
        return tag
    ascii_part = re.sub(r"[^a-z0-9]+", "-", tag.lower()).strip("-") or "tag"
    return f"{ascii_part}-{hashlib.sha1(tag.encode()).hexdigest()[:8]}"


def talk_page(talk_id: str) -> str:
    return f"talks/{talk_id}.md"


def expert_page(expert_id: str) -> str:
    return f"experts/{expert_id}.md"


def event_page(event_id: str) -> str:
    return f"events/{event_id}.md"


def tag_page(tag: str) -> str:
    return f"tags/{tag_slug(tag)}.md"


def question_target(question: Question) -> str:
    return f"{talk_page(question.talk)}#{question.anchor}"


def thumbnail_path(talk: Talk) -> str | None:
    """Where the talk's thumbnail is copied to in site_src/."""
    if talk.recording is None or not talk.recording.thumbnail:
        return None
    suffix = posixpath.splitext(talk.recording.thumbnail)[1].lower()
    return f"assets/thumbnails/{talk.id}{suffix}"


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
