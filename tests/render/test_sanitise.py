"""The editor's Markdown is sanitised; configured strings are escaped in every page.

Answer summaries, expert bios and event texts arrive by pull request: whatever they hold, the
built site (a real `mkdocs build`) and the feeds carry no script, no `on*` attribute and no
`javascript:` or `data:` URL, unless mkdocs.yml opts in with `extra.wunschzeit.raw_html`.
"""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import lxml.html
import pytest
import yaml

from generator.errors import ContentError
from generator.models import Settings
from generator.render import editor_text
from generator.render.outputs import render
from generator.site.config import read_settings
from tests.helpers.archive_factory import (
    make_answer,
    make_archive,
    make_event,
    make_expert,
    make_question,
    make_recording,
    make_talk,
)
from tests.helpers.sample_site import copy_sample, mkdocs_build

HOSTILE_EDITOR = """\
Gut **erklärt**, siehe [Erika](../experts/expertin.md#answers). <script>alert(1)</script>
<img src=x onerror=alert(2)> <svg onload=alert(3)></svg> <iframe src="javascript:alert(4)">
</iframe> <b onmouseover="alert(5)">fett</b> [klick](javascript:alert(6))
<a href="JaVaScRiPt:alert(7)">gross</a> <object data="x.swf"></object>
<style>body { display: none }</style> <form action="https://evil.example"><input></form>
<a href="data:text/html,<script>alert(8)</script>">daten</a> [entity](&#106;avascript:alert(9))
![bild](https://example.org/x.png){: onerror="alert(10)" }

<div markdown="1">[innen](javascript:alert(11))</div>

<object>[roh](javascript:alert(12))</object>
"""
_URL_ATTRIBUTES = ("href", "src", "action", "data", "formaction", "xlink:href")
_THEME_URLS = ("javascript:void(0)",)  # Material's search share button
_HOSTILE_ELEMENTS = ("script", "iframe", "object", "style", "form", "svg", "input", "embed")


def _archive(**settings: object):  # type: ignore[no-untyped-def]
    talk = make_talk(id="talk", experts=["expertin"], event="event", recording=make_recording())
    question = make_question(answer=make_answer(by=["expertin"]), body=HOSTILE_EDITOR)
    expert = make_expert(body=HOSTILE_EDITOR)
    event = make_event(body=HOSTILE_EDITOR)
    return make_archive(
        talks=[talk], questions=[question], experts=[expert], events=[event], **settings
    )


def _harmless(html: str, where: str) -> None:
    """Fail when the HTML has a payload element, an on* attribute or a script URL."""
    tree = lxml.html.fromstring(html)
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag == "script":
            assert "alert" not in (element.text or ""), where
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (where, name, value)
            if name.lower() in _URL_ATTRIBUTES:
                scheme = re.sub(r"[\s\x00-\x1f]", "", value).lower()
                if scheme in _THEME_URLS and element.get("data-md-component"):
                    continue
                assert not scheme.startswith(("javascript:", "data:", "vbscript:")), (where, value)
    for block in tree.find_class("wz-editor"):
        found = [e.tag for e in block.iter() if e.tag in _HOSTILE_ELEMENTS]
        assert not found, (where, found)


def _built_pages(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(site.rglob("*.html"))
    }


def _feed_contents(site: Path) -> list[str]:
    namespace = {"a": "http://www.w3.org/2005/Atom"}
    contents = []
    for feed in sorted(site.rglob("*.xml")):
        if feed.name == "sitemap.xml":
            continue
        for content in ET.parse(feed).getroot().iterfind("a:entry/a:content", namespace):
            contents.append(content.text or "")
    return contents


def test_hostile_editor_text_builds_into_harmless_pages_and_feeds(tmp_path: Path) -> None:
    """Assert that summaries, bios and event texts lose every script in the built site."""
    archive = _archive()
    site = mkdocs_build(render(archive), tmp_path)
    pages = _built_pages(site)
    for page in ("talks/talk/index.html", "experts/expertin/index.html", "events/event/index.html"):
        assert "Gut <strong>erklärt</strong>" in pages[page], page
        assert "<script>alert" not in pages[page]
    for where, html in pages.items():
        _harmless(html, where)
    talk = pages["talks/talk/index.html"]
    assert '<a href="../../experts/expertin/#answers" rel="noopener noreferrer">Erika</a>' in talk
    block = editor_text.page_block(archive.settings, HOSTILE_EDITOR, "talks/talk.md")
    assert block in talk  # MkDocs passed the sanitised block through unchanged
    contents = _feed_contents(site)
    assert contents and all("Gut <strong>erklärt</strong>" in c for c in contents)
    for content in contents:
        _harmless(f"<div>{content}</div>", "feed")


def test_raw_html_opt_in_keeps_the_editors_html(tmp_path: Path) -> None:
    """Assert that with raw_html the editor's own HTML reaches the page and the feed."""
    site = mkdocs_build(render(_archive(raw_html=True)), tmp_path)
    talk = (site / "talks/talk/index.html").read_text(encoding="utf-8")
    assert '<b onmouseover="alert(5)">fett</b>' in talk
    assert "wz-editor" not in talk
    assert all('<b onmouseover="alert(5)">fett</b>' in c for c in _feed_contents(site))


def test_raw_html_is_read_from_mkdocs_yml(tmp_path: Path) -> None:
    """Assert that extra.wunschzeit.raw_html is read, false by default, and must be a bool."""
    config = {"site_name": "X", "docs_dir": "site_src"}
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    assert read_settings(tmp_path).raw_html is False
    config["extra"] = {"wunschzeit": {"raw_html": True}}
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    assert read_settings(tmp_path).raw_html is True
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: X\ndocs_dir: site_src\nextra:\n  wunschzeit:\n    raw_html: 'yes'\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as error:
        read_settings(tmp_path)
    assert [str(p) for p in error.value.problems] == [
        "mkdocs.yml:5: extra.wunschzeit.raw_html must be true or false, not 'yes'"
    ]


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("*a* **b**", "<p><em>a</em> <strong>b</strong></p>"),
        (
            "[m](mailto:a@example.org)",
            '<p><a href="mailto:a@example.org" rel="noopener noreferrer">m</a></p>',
        ),
        ("![i](mailto:a@example.org)", '<p><img alt="i"></p>'),
        ("![i](../assets/p.png)", '<p><img alt="i" src="../../assets/p.png"></p>'),
        ("[s](x.md)", '<p><a href="../../talks/x/" rel="noopener noreferrer">s</a></p>'),
        ("[h](#q-a)", '<p><a href="#q-a" rel="noopener noreferrer">h</a></p>'),
        ("[h](../index.md)", '<p><a href="../../" rel="noopener noreferrer">h</a></p>'),
        ("text {: .md-header }\n{: #x .y onclick=z }", "<p>text {: .md-header }</p>"),
        (
            "~~~\n```\n~~~",
            '<div class="highlight"><pre><span></span><code>&#96;&#96;&#96;\n</code></pre></div>',
        ),
        ("x<sup>2</sup> <del>y</del> <u>z</u>", "<p>x<sup>2</sup> <del>y</del> z</p>"),
    ],
)
def test_editor_html_keeps_what_markdown_makes(markdown: str, expected: str) -> None:
    """Assert the exact sanitised HTML, with links as MkDocs writes them from a talk page."""
    block = editor_text.page_block(Settings(), markdown, "talks/t.md")
    assert block == f'<div class="wz-editor">\n{expected}\n</div>'


def test_a_text_converted_once_still_links_from_each_page_and_feed() -> None:
    """Assert that HTML kept for a text is reused only where its links read the same."""
    settings, linked, plain = Settings(), "[s](x.md) *u*", "[e](https://example.org) *u*"
    assert editor_text.feed_html(settings, linked, "talks/t.md", "../") == (
        '<p><a href="../talks/x/" rel="noopener noreferrer">s</a> <em>u</em></p>'
    )
    assert editor_text.feed_html(settings, linked, "talks/t.md", "https://a.org/") == (
        '<p><a href="https://a.org/talks/x/" rel="noopener noreferrer">s</a> <em>u</em></p>'
    )
    assert '<a href="../../experts/x/"' in editor_text.page_block(settings, linked, "experts/t.md")
    pages = {
        editor_text.feed_html(settings, plain, p, b) for p, b in [("a.md", ""), ("b/c.md", "../")]
    }
    assert pages == {
        '<p><a href="https://example.org" rel="noopener noreferrer">e</a> <em>u</em></p>'
    }


@pytest.mark.parametrize("clean", [True, False])
def test_plain_paragraphs_skip_markdown_with_the_same_html(clean: bool) -> None:
    """Assert that texts taken for one plain paragraph give what Markdown and nh3 give."""
    rng = random.Random(15)
    alphabets = ["ab 1,.;:?!'\"()%/-\n", "aZ 9-.\n\n", "äΩſǅⅫ² 1-.\n", "a_*&<[]`#~\t |{}=+>"]
    taken = 0
    for alphabet in alphabets:
        for _ in range(3000):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 25)))
            if fast := editor_text._paragraph(text):
                taken += 1
                assert fast == editor_text._linked.__wrapped__(text, "talks/t.md", "", clean)
    assert taken > 500
    assert not editor_text._paragraph("a_b_ c")
    assert not editor_text._paragraph("a  \nb")
    assert not editor_text._paragraph("a\n\nb")


def test_admonitions_details_and_tables_keep_their_classes() -> None:
    """Assert that admonition, details and table markup survive, other classes do not."""
    markdown = (
        '!!! warning "Achtung"\n    Text\n\n??? note "Mehr"\n    Innen\n\n'
        "| a | b |\n|:--|--:|\n| 1 | 2 |\n"
    )
    html = editor_text.feed_html(Settings(), markdown, "talks/t.md", "")
    assert '<div class="admonition warning">\n<p class="admonition-title">Achtung</p>' in html
    assert '<details class="note">\n<summary>Mehr</summary>' in html
    assert '<th style="text-align:left">a</th>' in html
    assert '<td style="text-align:right">2</td>' in html


def test_empty_text_gives_no_block() -> None:
    """Assert that an empty summary adds nothing to the page."""
    assert editor_text.page_block(Settings(), " \n", "talks/t.md").strip() == ""


HOSTILE_NAME = 'WZ </title><script>alert("name")</script> & "Co"'
HOSTILE_DESCRIPTION = '"><script>alert("description")</script>'


def test_hostile_site_name_is_text_on_every_page(tmp_path: Path) -> None:
    """Assert that site_name and site_description never become markup, end to end."""
    from generator import cli  # the whole command line; the other tests need only render

    root = copy_sample(tmp_path / "archive")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^site_name:.*$", f"site_name: '{HOSTILE_NAME}'", config)
    config = re.sub(
        r"(?m)^site_description:.*$", f"site_description: '{HOSTILE_DESCRIPTION}'", config
    )
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    assert cli.main(["--root", str(root), "build"]) == 0
    pages = _built_pages(root / "site")
    assert len(pages) > 10
    for where, html in pages.items():
        assert "<script>alert(" not in html, where
        _harmless(html, where)
        tree = lxml.html.fromstring(html)
        title = tree.findtext(".//title") or ""
        assert title.endswith(HOSTILE_NAME) or title == HOSTILE_NAME or where == "404.html", (
            where,
            title,
        )
    home = lxml.html.fromstring(pages["index.html"])
    topic = home.find_class("md-header__topic")[0].text_content().strip()
    assert topic == HOSTILE_NAME
    description = home.find(".//meta[@name='description']")
    assert description is not None and description.get("content") == HOSTILE_DESCRIPTION
    feed = (root / "site/feeds/answers.xml").read_text(encoding="utf-8")
    assert "<script>" not in feed
    assert ET.fromstring(feed).findtext("{http://www.w3.org/2005/Atom}title") == HOSTILE_NAME
