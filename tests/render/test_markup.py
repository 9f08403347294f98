"""Tests for generator.render.markup: untrusted text stays text through Python-Markdown."""

from __future__ import annotations

import html
from html.parser import HTMLParser

import markdown
import pytest

from generator.render import markup

EXTENSIONS = [
    "attr_list",
    "md_in_html",
    "admonition",
    "tables",
    "toc",
    "pymdownx.details",
    "pymdownx.superfences",
]
CONFIG = {"toc": {"permalink": True}}

HOSTILE = [
    "**fett** und _kursiv_",
    "[a](javascript:alert(1))",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "Frage {#evil .cls onclick=x}",
    "Frage {: onclick=x }",
    "`code` und ``mehr``",
    "# Überschrift",
    "Zeile eins\n---",
    "Zeile eins\n\n    eingerückter Code",
    "1. Liste",
    "- Liste",
    "+ Liste",
    "= setext",
    "> Zitat",
    "a | b | c",
    '!!! danger "Titel"',
    "```\nfence\n```",
    "~~~\nfence\n~~~",
    "&lt;script&gt; &amp; &#42;",
    "Frage ###",
    "![bild](x.png)",
    "<https://example.org>",
    "a\\*b\\",
    "Steuer\x02klzzwxh:0000\x03zeichen\x00",
    "Sprache: Ü ö ß € — „Anführung“",
    "???+ note\n    details",
    '<a href="javascript:alert(1)">x</a>',
    "Zeile\u2028Trenner\r\nund\tTab",
]


class _Collector(HTMLParser):
    """Collects text outside the permalink, and every tag with its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        if tag == "a" and ("class", "headerlink") in attrs:
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.texts.append(data)


def _render(body: str) -> str:
    return markdown.markdown(body, extensions=EXTENSIONS, extension_configs=CONFIG)


def _expected(value: str) -> str:
    return " ".join("".join(c for c in value if c.isprintable() or c.isspace()).split())


def _contexts(safe: str) -> dict[str, str]:
    return {
        "heading": f"### {safe} {{#q-frage}}\n",
        "list item": f"- {safe}\n",
        "table cell": f"|  |\n|---|\n| {safe} |\n",
        "link text": f"[{safe}](../talks/x.md#q-frage)\n",
        "paragraph start": f"{safe}\n{{: .wz-asked }}\n",
    }


def _unsafe_attributes(rendered: str) -> list[tuple[str, str | None]]:
    collector = _Collector()
    collector.feed(rendered)
    return [
        (name, value)
        for _, attrs in collector.tags
        for name, value in attrs
        if name.startswith("on") or (value or "").strip().lower().startswith("javascript:")
    ]


def _only_tags(rendered: str) -> list[str]:
    collector = _Collector()
    collector.feed(rendered)
    return [tag for tag, _ in collector.tags]


@pytest.mark.parametrize("value", HOSTILE)
def test_text_stays_literal_in_every_context(value: str) -> None:
    """Assert that hostile text renders as exactly itself, with no markup, in each context."""
    for context, body in _contexts(markup.text(value)).items():
        rendered = _render(body)
        collector = _Collector()
        collector.feed(rendered)
        visible = " ".join("".join(collector.texts).split())
        assert visible == _expected(value), context
        assert "<script" not in rendered, context
        assert "<img" not in rendered, context
        assert not _unsafe_attributes(rendered), context
        assert set(_only_tags(rendered)) <= {
            "h3",
            "a",
            "ul",
            "li",
            "p",
            "table",
            "thead",
            "tbody",
            "tr",
            "th",
            "td",
        }, context


def test_heading_keeps_its_fixed_anchor() -> None:
    """Assert that attr_list syntax in the text cannot replace the heading's `{#q-id}`."""
    rendered = _render(f"### {markup.text('Frage {#evil .cls onclick=x}')} {{#q-frage}}\n")
    assert rendered.startswith('<h3 id="q-frage">')
    assert 'id="evil"' not in rendered
    assert 'class="cls"' not in rendered


def test_text_collapses_newlines() -> None:
    """Assert that text() always gives exactly one line."""
    assert markup.text("eins\n---\nzwei\r\n\n drei") == "eins --- zwei drei"


def test_text_keeps_ordinary_punctuation_readable() -> None:
    """Assert that harmless punctuation is left alone so the Markdown stays readable."""
    assert markup.text("Wie wichtig ist der cw-Wert? (kurz): ja!") == (
        "Wie wichtig ist der cw-Wert? (kurz): ja!"
    )


def test_text_escapes_leading_list_markers() -> None:
    """Assert that a leading list or ordered-list marker becomes an entity."""
    assert markup.text("- a") == "&#45; a"
    assert markup.text("12. a") == "12&#46; a"


def test_attr_escapes_quotes() -> None:
    """Assert that attr() output cannot close a double- or single-quoted attribute."""
    value = markup.attr("\"><script>x</script>'")
    assert '"' not in value and "'" not in value and "<" not in value
    assert html.unescape(value) == "\"><script>x</script>'"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://www.youtube.com/watch?v=a&t=1s", "https://www.youtube.com/watch?v=a&t=1s"),
        ("../talks/x.md#q-a", "../talks/x.md#q-a"),
        ("javascript:alert(1)", "#"),
        ("JavaScript:alert(1)", "#"),
        ("data:text/html,x", "#"),
        ("media/a b(1).mp4", "media/a%20b%281%29.mp4"),
        ('https://x.org/"><', "https://x.org/%22%3E%3C"),
    ],
)
def test_url(value: str, expected: str) -> None:
    """Assert that url() keeps http(s) and relative targets and neutralises everything else."""
    assert markup.url(value) == expected


@pytest.mark.parametrize(
    ("page", "target", "expected"),
    [
        ("talks/a.md", "talks/b.md#q-x", "b.md#q-x"),
        ("talks/a.md", "talks/a.md#q-x", "#q-x"),
        ("talks/a.md", "experts/e.md", "../experts/e.md"),
        ("index.md", "questions/open.md", "questions/open.md"),
        ("questions/open.md", "talks/a.md#q-x", "../talks/a.md#q-x"),
    ],
)
def test_relative(page: str, target: str, expected: str) -> None:
    """Assert that links between pages are relative to the linking page."""
    assert markup.relative(page, target) == expected
