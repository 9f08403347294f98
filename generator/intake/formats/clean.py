"""Text hygiene for imported questions: privacy scrubbing, HTML to text, slugs, comparison keys.

Takes untrusted strings from exports; gives strings that are safe to store in content/: no
e-mail addresses, phone numbers or IP addresses, no markup that could take effect (HTML is
reduced to its text, never kept or run), no control characters.
"""

from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser

from generator import contact

REMOVED = {"de": "[entfernt]", "en": "[removed]"}

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def removed_marker(language: str) -> str:
    return REMOVED.get(language.split("-")[0], REMOVED["en"])


def scrub(text: str, language: str) -> str:
    """`text` with every e-mail address, IP address and phone number replaced by a marker.

    What counts (disguised addresses, phone numbers of the talk language's regions) is
    `generator.contact`'s, the same that `wunschzeit check` refuses.
    """
    return contact.scrub(text, removed_marker(language), language)


def scrub_name(name: str | None, language: str) -> str | None:
    """A display name without contact data; None when nothing of a name is left."""
    if not name:
        return None
    marker = removed_marker(language)
    cleaned = one_line(scrub(name, language)).replace(marker, "")
    cleaned = re.sub(r"[<(\[]\s*[>)\]]", "", cleaned)  # brackets that held an address
    cleaned = cleaned.strip(" \t,;:|/-–—<>()[]")
    return cleaned or None


def one_line(text: str) -> str:
    """Whitespace runs (newlines included) collapsed to single spaces; control characters gone."""
    return " ".join(_CONTROL.sub(" ", text).split())


class _TextCollector(HTMLParser):
    """Collects the text of HTML; the content of script and style elements is dropped."""

    _BREAKS = frozenset({"br", "p", "div", "li", "blockquote", "tr", "h1", "h2", "h3", "h4"})
    _SKIPPED = frozenset({"script", "style", "template", "iframe", "object"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIPPED:
            self.skipping += 1
        elif tag in self._BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self._BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """The visible text of an HTML fragment (a blog comment): tags dropped, entities decoded."""
    collector = _TextCollector()
    collector.feed(markup)
    collector.close()
    text = "".join(collector.parts)
    return html.unescape(text) if "&" in text else text


_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "ø": "oe"})


_WORD = re.compile(r"[a-z0-9]+")


class _WithoutMarks(dict[int, int | None]):
    """A `str.translate` table that drops combining marks, each character looked up once."""

    def __missing__(self, code: int) -> int | None:
        self[code] = None if unicodedata.combining(chr(code)) else code
        return self[code]


_WITHOUT_MARKS = _WithoutMarks()


def ascii_words(text: str) -> list[str]:
    """Lower-case ASCII words of `text`, German umlauts transliterated (ä → ae, ß → ss)."""
    lowered = text.lower().translate(_TRANSLITERATION)
    if lowered.isascii():  # NFKD leaves ASCII as it is: most questions, 3x faster so
        return _WORD.findall(lowered)
    decomposed = unicodedata.normalize("NFKD", lowered)
    return _WORD.findall(decomposed.translate(_WITHOUT_MARKS))


def slug(text: str, max_words: int = 6, max_length: int = 60) -> str:
    """A question id from its text: `Wie laut ist es bei 130 km/h?` → `wie-laut-ist-es-bei-130`."""
    result = ""
    without_tags = re.sub(r"</?[A-Za-z][^>]*>", " ", text)
    for word in ascii_words(without_tags)[:max_words]:
        candidate = f"{result}-{word}" if result else word
        if len(candidate) > max_length:
            break
        result = candidate
    return result


# Near-duplicates are judged on a question's first 300 words (a question from the public has
# a few dozen). rapidfuzz's ratios cost the product of two texts' lengths: 526 questions of
# 19,000 characters (10 MB) took 3.0 s of CPU to search, 0.2 s when cut to their first 300 words.
MAX_KEY_WORDS = 300


def comparison_key(text: str) -> str:
    """What near-duplicate detection compares: the first MAX_KEY_WORDS words, case and accents
    folded."""
    return " ".join(ascii_words(text)[:MAX_KEY_WORDS])
