"""The generated pages' raw HTML stashed past Python-Markdown: same pages, only ours, unforgeable."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from generator.pipeline.generate import generate
from generator.render.talk import render_talk
from generator.site import rawhtml
from tests.helpers.archive_factory import make_answer, make_archive, make_question, make_talk
from tests.helpers.sample_site import copy_sample

MARKERS = re.compile(f"{re.escape(rawhtml.START)}\n|\n{re.escape(rawhtml.END)}")


def _page(src_uri: str) -> SimpleNamespace:
    return SimpleNamespace(file=SimpleNamespace(src_uri=src_uri))


def _build(root: Path, site: str, *, stash: bool) -> dict[str, str]:
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(root / site))
    if stash:
        rawhtml.register(config)
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        mkdocs_build(config)
    finally:  # a level left at ERROR hides every later test's MkDocs warnings
        logger.setLevel(level)
    return {
        p.relative_to(root / site).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted((root / site).rglob("*.html"))
    }


def test_stashed_pages_equal_plain_mkdocs_pages_but_for_the_markers(tmp_path: Path) -> None:
    """Assert that the sample built with the stash equals a plain MkDocs build without the comments."""
    root = copy_sample(tmp_path / "archive")
    generate(root)
    stashed = _build(root, "site-stashed", stash=True)
    plain = _build(root, "site-plain", stash=False)
    assert rawhtml.START in plain["talks/genf-design/index.html"]
    assert sorted(stashed) == sorted(plain)
    differ = [name for name in plain if MARKERS.sub("", plain[name]) != stashed[name]]
    assert differ == []
    assert not any(rawhtml.START in page for page in stashed.values())


def test_a_run_round_trips_through_its_token() -> None:
    """Assert that a marked run leaves the Markdown as one token line and comes back in place."""
    stash = rawhtml.Stash(frozenset({"talks/x.md"}))
    run = rawhtml.block('<p class="a">eins</p>', "<ul>\n<li>zwei</li>\n</ul>")
    markdown = stash.markdown(f"# X\n\n{run}\n\n## Y\n", page=_page("talks/x.md"))
    assert markdown == f"# X\n\n{stash.token}0\n\n## Y\n"
    html = f'<h1 id="x">X</h1>\n<p>{stash.token}0</p>\n<h2 id="y">Y</h2>'
    assert stash.content(html, page=_page("talks/x.md")) == (
        '<h1 id="x">X</h1>\n<p class="a">eins</p>\n\n<ul>\n<li>zwei</li>\n</ul>\n\n<h2 id="y">Y</h2>'
    )


def test_ids_in_a_run_count_as_anchors_of_the_page() -> None:
    """Assert that MkDocs' check of links to #anchors still sees the ids inside the runs."""
    stash = rawhtml.Stash(frozenset({"talks/x.md"}))
    page = SimpleNamespace(file=SimpleNamespace(src_uri="talks/x.md"), present_anchor_ids={"x"})
    stash.markdown(rawhtml.block('<div class="a" id="player">\n<p id="b">b</p></div>'), page=page)
    stash.content(f"<p>{stash.token}0</p>", page=page)
    assert page.present_anchor_ids == {"x", "player", "b"}


def test_pages_the_generator_did_not_write_are_built_as_written() -> None:
    """Assert that markers on the organisation's own page are left to Python-Markdown."""
    stash = rawhtml.Stash(frozenset({"talks/x.md"}))
    markdown = f"# Über uns\n\n{rawhtml.block('<p>roh</p>')}\n"
    assert stash.markdown(markdown, page=_page("about.md")) == markdown


def test_a_lost_token_fails_the_build_naming_the_page() -> None:
    """Assert that a run whose token the conversion dropped is an error, not a silent gap."""
    stash = rawhtml.Stash(frozenset({"talks/x.md"}))
    stash.markdown(rawhtml.block("<p>a</p>") + "\n", page=_page("talks/x.md"))
    with pytest.raises(PluginError) as info:
        stash.content("<p>something else</p>", page=_page("talks/x.md"))
    assert str(info.value) == (
        "talks/x.md: 1 of its raw HTML blocks were lost in the Markdown conversion "
        "(a Markdown extension changed their placeholders)"
    )


def _talk_page(body: str, raw_html: bool) -> str:
    talk = make_talk(id="talk", recording=None)
    question = make_question(talk="talk", answer=make_answer(), body=body)
    return render_talk(make_archive(talks=[talk], questions=[question], raw_html=raw_html), talk)


def _lines(text: str, marker: str) -> int:
    return len(re.findall(f"^{re.escape(marker)}$", text, re.MULTILINE))


@pytest.mark.parametrize("raw_html", [False, True])
def test_markers_in_the_editors_text_make_no_run(raw_html: bool) -> None:
    """Assert that an answer summary holding the markers adds no start or end of a run."""
    body = f"{rawhtml.START}\n**fett** <b>roh</b>\n{rawhtml.END}\n\n{rawhtml.END}\n"
    hostile, plain = _talk_page(body, raw_html), _talk_page("Antwort.", raw_html)
    assert _lines(hostile, rawhtml.START) == _lines(plain, rawhtml.START) > 0
    assert _lines(hostile, rawhtml.END) == _lines(plain, rawhtml.END)
    assert ("**fett**" in hostile) is raw_html  # as written with raw_html, else converted
