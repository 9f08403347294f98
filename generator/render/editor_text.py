"""The editor's Markdown (answer summaries, expert bios, event texts) made safe to publish.

Takes the Markdown of a summary, bio or event text and the page it goes on; gives HTML that
can do nothing Markdown cannot: converted once with Python-Markdown and the site's extensions,
then cleaned by nh3 (the Ammonia sanitiser) on an allow-list of what those produce. Pages get
it as one raw HTML block, which Python-Markdown and MkDocs pass through untouched; the feeds
get the same HTML. These texts arrive by pull request from contributors, so a `<script>`, an
`onerror=` or a `javascript:` link in them must not reach a reader's browser. An archive that
wants raw HTML says `extra.wunschzeit.raw_html: true` in mkdocs.yml; then pages get the
Markdown as written and the feeds its unsanitised HTML.

MkDocs rewrites the relative links of Markdown (`../experts/x.md`) but not those inside raw
HTML, so this module does it the way MkDocs does, for `use_directory_urls`.
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
import threading
import xml.etree.ElementTree as ET
from urllib.parse import quote, unquote, urlsplit, urlunsplit

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE

from generator.models import Settings
from generator.render import urls

# The extensions of the sample mkdocs.yml that shape a text (toc only adds heading ids).
EXTENSIONS: tuple[str, ...] = ("attr_list", "md_in_html", "admonition", "tables")
EXTENSIONS += ("pymdownx.details", "pymdownx.superfences")

TAGS = frozenset(
    {"p", "a", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "hr", "br"}
    | {"h2", "h3", "h4", "h5", "h6", "img", "sup", "sub", "del", "div", "span"}
    | {"table", "thead", "tbody", "tr", "th", "td", "details", "summary"}
)
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "th": {"style"},  # tables: text-align only, see _STYLES
    "td": {"style"},
    "details": {"class", "open"},
    "div": {"class"},
    "p": {"class"},
    "span": {"class"},
    "code": {"class"},
}
_STYLES = {"text-align"}
_SCHEMES = {"http", "https", "mailto"}  # and relative URLs; mailto only for links, see _filter
# Material's admonition types: a class outside these (say `md-header`) could restyle the page.
_ADMONITIONS = frozenset(
    {"note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important"}
    | {"success", "check", "done", "question", "help", "faq", "warning", "caution", "attention"}
    | {"failure", "fail", "missing", "danger", "error", "bug", "example", "quote", "cite"}
)
_CLASSES = {
    "div": _ADMONITIONS | {"admonition", "highlight"},
    "details": _ADMONITIONS,
    "p": frozenset({"admonition-title"}),
}
_TOKEN = re.compile(r"^[a-z]{1,3}[0-9]?$")  # Pygments' token classes in highlighted code
_LANGUAGE = re.compile(r"^language-[A-Za-z0-9_+-]+$")
# Python-Markdown's preprocessors run over raw HTML too: fenced code (` and ~) would be found
# inside a <pre>, and STX/ETX mark its placeholders.
_MARKDOWN_ACTIVE = {ord("`"): "&#96;", ord("~"): "&#126;", 2: None, 3: None}
_CACHE = 20_000  # texts; each is a few hundred bytes of HTML
# Lines of letters, digits and punctuation that mean nothing to Markdown (no `_*[<&`, no
# marker at a line's start, no two spaces before a line break) nor to HTML: Python-Markdown
# makes them one <p> as written and nh3 keeps that as it is, so they need neither (a
# conversion costs about 0.3 ms, and most answer summaries are such a paragraph).
_WORDS = re.compile(r"[\w ,.;:?!'\"()%/\n-]+")  # and no `_`, see _paragraph
_unlinked: dict[tuple[str, bool], str] = {}  # (text, clean): its HTML, for any page and base


def page_block(settings: Settings, text: str, page: str) -> str:
    """The editor's `text` as a block of the Markdown page `page` (a site_src/ path)."""
    if settings.raw_html or not text.strip():
        return text
    base = "../" * urls.directory_url(page).count("/")
    return f'<div class="wz-editor">\n{_html(text, page, base, True)}\n</div>'


def feed_html(settings: Settings, text: str, page: str, base: str) -> str:
    """The editor's `text`, shown on `page`, as HTML for a feed whose links start at `base`."""
    return _html(text, page, base, not settings.raw_html)


def _html(text: str, page: str, base: str, clean: bool) -> str:
    """The text's HTML: converted and cleaned once per run when no link in it is relative.

    A text on a talk page and in three feeds used to be converted and cleaned once for each
    `base` (36,123 conversions for 25,625 texts of 5,000 talks x 5); only relative links
    depend on `page` and `base`, and most texts have none.
    """
    found = _unlinked.get((text, clean)) or _paragraph(text)
    return found or _linked(text, page, base, clean)


def _paragraph(text: str) -> str:
    """The HTML of a text that is one plain paragraph (see _WORDS); else empty.

    Every line starts with a letter and does not end in a space (a line break).
    """
    body = text.rstrip("\n")
    if "_" in body or not _WORDS.fullmatch(body):
        return ""
    lines = body.split("\n")
    return f"<p>{body}</p>" if all(n[:1].isalpha() and n[-1] != " " for n in lines) else ""


def _remember(text: str, clean: bool, made: str) -> None:
    """Keep a converted text; the oldest goes when the cache is full (bounded, for a long
    `serve` session). Plain paragraphs are not kept: _paragraph makes them as fast as a lookup,
    and they would push out texts that cost a conversion."""
    if len(_unlinked) >= _CACHE:
        del _unlinked[next(iter(_unlinked))]
    _unlinked[text, clean] = made


@functools.lru_cache(maxsize=_CACHE)
def _linked(text: str, page: str, base: str, clean: bool) -> str:
    converter = _converter()
    converted = converter.convert(text, page, base)
    made = _cleaned(converted) if clean else converted
    if not converter.links.relative:  # the same HTML for every page and base
        _remember(text, clean, made)
    return made


def _cleaned(converted: str) -> str:
    cleaned = nh3.clean(
        converted,
        tags=set(TAGS),
        attributes=ATTRIBUTES,
        attribute_filter=_filter,
        url_schemes=_SCHEMES,
        filter_style_properties=_STYLES,
        link_rel="noopener noreferrer",
    )
    return cleaned.strip().translate(_MARKDOWN_ACTIVE)


def _filter(element: str, attribute: str, value: str) -> str | None:
    """Keep classes Markdown's extensions give; images only from http(s) or relative URLs."""
    if attribute == "src" and value.strip().lower().startswith("mailto:"):
        return None
    if attribute != "class":
        return value
    kept = [name for name in value.split() if _allowed_class(element, name)]
    return " ".join(kept) or None


def _allowed_class(element: str, name: str) -> bool:
    if element == "span":
        return bool(_TOKEN.match(name))
    if element == "code":
        return bool(_LANGUAGE.match(name))
    return name in _CLASSES.get(element, ())


class _Converter:
    """One Python-Markdown instance with the site's extensions and the link rewriting."""

    def __init__(self) -> None:
        self.links = _Links()
        self.markdown = markdown.Markdown(extensions=list(EXTENSIONS))
        self.markdown.treeprocessors.register(self.links, "wz_links", 5)  # after inline (20)

    def convert(self, text: str, page: str, base: str) -> str:
        self.links.page, self.links.base, self.links.relative = page, base, False
        html: str = self.markdown.reset().convert(text)
        return html


_local = threading.local()  # a Markdown instance is not thread-safe; building one costs ms


def _converter() -> _Converter:
    if not hasattr(_local, "converter"):
        _local.converter = _Converter()
    converter: _Converter = _local.converter
    return converter


class _Links(Treeprocessor):  # type: ignore[misc]  # Python-Markdown has no type hints
    """Relative links and images as MkDocs would write them: from `page`, through `base`."""

    page = ""
    base = ""
    relative = False  # whether a link depended on `page` or `base`

    def run(self, root: ET.Element) -> None:
        for element in root.iter():
            for name in ("href", "src"):
                value = element.get(name)
                if value is not None:
                    self.relative = self.relative or _is_relative(_unescaped(value))
                    element.set(name, site_link(value, self.page, self.base))


def site_link(value: str, page: str, base: str) -> str:
    """`value`, written in the Markdown of `page`, as a URL from `base` (the site's root).

    `x.md` becomes the page's directory URL; absolute URLs, `/paths`, `#anchors` and links
    leaving the site stay as they are (MkDocs leaves them too).
    """
    value = _unescaped(value)
    if not _is_relative(value):
        return value
    parts = urlsplit(value)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
    if target == ".." or target.startswith("../"):
        return value
    if target.endswith(".md"):
        target = urls.directory_url(target)
    path = base + quote(target, safe="/")
    return urlunsplit(("", "", path or "./", parts.query, parts.fragment))


def _unescaped(value: str) -> str:
    """A link's value as the browser will read it."""
    return html.unescape(value.replace(AMP_SUBSTITUTE, "&"))


def _is_relative(value: str) -> bool:
    """Whether `value` (unescaped) is a path relative to its page, which `site_link` rewrites."""
    parts = urlsplit(value)
    return not (parts.scheme or parts.netloc or not parts.path or value.startswith(("/", "\\")))
