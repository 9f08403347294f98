"""The talk's thumbnail as an `<img>` for raw HTML: the right size for the screen it is on.

Takes a Talk, the page it is shown on and how wide it is shown (a `sizes` value); gives the
`src`, `srcset` and `sizes` attributes: the WebP copies of urls.thumbnail_copies and the
cached original as the widest choice, so a phone loads 11 KB instead of 50 KB.
"""

from __future__ import annotations

import html

from generator.models import Talk
from generator.render import markup, urls

# How wide the pictures are shown, for the browser's choice before it has laid out the page.
CARD_SIZES = "(max-width: 600px) calc(100vw - 2rem), 360px"
PLAYER_SIZES = "(max-width: 960px) calc(100vw - 2rem), 760px"
ORIGINAL_WIDTH = 1280  # YouTube's maxresdefault; a narrower original is chosen a little late


def _href(path: str, page: str) -> str:
    return html.escape(markup.url(urls.in_page(path, page)), quote=True)


def thumbnail_sources(talk: Talk, page: str, sizes: str) -> str:
    """` src="…" srcset="…" sizes="…"` of the talk's thumbnail on `page`; "" without one."""
    original = urls.thumbnail_path(talk)
    if original is None:
        return ""
    copies = urls.thumbnail_copies(talk)
    choices = [f"{_href(path, page)} {width}w" for path, width in copies]
    choices.append(f"{_href(original, page)} {ORIGINAL_WIDTH}w")
    src = _href(copies[-1][0], page) if copies else _href(original, page)
    return f' src="{src}" srcset="{", ".join(choices)}" sizes="{sizes}"'


def poster(talk: Talk, page: str) -> str:
    """The `<video>` poster (one URL, no srcset): the widest WebP copy."""
    copies = urls.thumbnail_copies(talk)
    return _href(copies[-1][0], page) if copies else ""
