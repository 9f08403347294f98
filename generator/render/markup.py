"""Make untrusted text safe to put into the Markdown that `render` writes.

Questions, names, tags and reasons come from the public. `text` turns any string into inline
Markdown that renders as exactly that string: no HTML, no Markdown syntax, no attr_list, one line.
`attr` does the same for HTML attribute values, `url` for link targets.
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
from urllib.parse import quote, urlsplit

# ASCII characters that mean something anywhere in a line to Markdown, its extensions
# (attr_list, tables) or HTML. `()`, `!`, `:` and `"` only mean something after `[`, `{` or
# `<`, which are always replaced, so they stay readable.
_INLINE = {ord(c): f"&#{ord(c)};" for c in "#*[\\]^_`{|}~"}
_INLINE.update({ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;"})
_ATTRIBUTE = {**_INLINE, ord('"'): "&quot;", ord("'"): "&#39;"}
# At the start of a block (a line, a list item) these begin a list, a rule, a setext heading,
# an admonition (`!!!`), a details block (`???`) or an ordered list.
_LEADING = re.compile(r"^(?:[-+=!?:]|(\d+)\.)")
_SAFE_SCHEMES = ("http", "https")


# Unicode category Cc is exactly these two ranges; one regex is much faster than asking
# unicodedata about every character of every page.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def _clean(value: str) -> str:
    """Drop control characters: Python-Markdown uses STX/ETX to mark its placeholders."""
    return _CONTROL.sub("", value)


def _one_line(value: str) -> str:
    """Collapse every run of whitespace (newlines, tabs, Unicode separators) into one space."""
    return " ".join(value.split())


# `text` and `url` are pure, and the same names, questions and links recur on many pages (a
# question on its talk, tag, expert and open-questions pages): caching them saves a third of
# the render time of a large archive. Bounded, so a long `serve` session cannot grow it forever.
_CACHE = 200_000


@functools.lru_cache(maxsize=_CACHE)
def text(value: str) -> str:
    """Inline Markdown showing `value` literally, on one line, with no markup taking effect."""
    escaped = _clean(_one_line(value)).translate(_INLINE)
    return _LEADING.sub(_entity_for_marker, escaped)


def _entity_for_marker(match: re.Match[str]) -> str:
    marker = match.group(0)
    return f"{match.group(1)}&#46;" if match.group(1) else f"&#{ord(marker)};"


def attr(value: str) -> str:
    """An HTML attribute value (to go between double quotes) showing `value` literally."""
    return _clean(_one_line(value)).translate(_ATTRIBUTE)


def html_text(value: str) -> str:
    """HTML text content (no Markdown is parsed there) showing `value` literally, on one line."""
    return html.escape(_clean(_one_line(value)), quote=True)


@functools.lru_cache(maxsize=_CACHE)
def url(value: str) -> str:
    """A link target for Markdown `[x](...)` or an attribute: http(s) or relative, else `#`.

    Characters that would end the target early (spaces, brackets, quotes) are percent-encoded.
    """
    cleaned = _clean(value.strip())
    scheme = urlsplit(cleaned).scheme.lower() if ":" in cleaned else ""  # no ':', no scheme
    if scheme and scheme not in _SAFE_SCHEMES:
        return "#"
    return quote(cleaned, safe="/:?#&=%@+,;~!$*-._")


def relative(from_page: str, target: str) -> str:
    """The relative link from one site_src/ page to another path, e.g. `../talks/x.md`."""
    if target.startswith("#"):
        return target
    path, _, fragment = target.partition("#")
    if path == from_page:
        return f"#{fragment}" if fragment else posixpath.basename(path)
    rel = _relative_path(from_page, path)
    return f"{rel}#{fragment}" if fragment else rel


@functools.lru_cache(maxsize=_CACHE)
def _relative_path(from_page: str, path: str) -> str:
    return _relpath(path, posixpath.dirname(from_page))


def _relpath(path: str, start: str) -> str:
    """posixpath.relpath for clean relative paths, without its os.getcwd() on every call."""
    parts, base = path.split("/"), start.split("/") if start else []
    common = 0
    while common < min(len(parts), len(base)) and parts[common] == base[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + parts[common:]) or "."
