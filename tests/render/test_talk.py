"""Tests for generator.render.talk: what the talk page's own text needs from the reader's fonts."""

from __future__ import annotations

import re

import pytest

from generator.constants import package_data
from generator.render import i18n
from generator.render.outputs import render
from tests.helpers.archive_factory import sample_archive

# Characters that most text fonts lack and browsers draw from a colour-emoji font (box without
# one, as in headless Chromium): Misc Symbols, Dingbats, arrows and stars of U+2B00, the emoji
# planes, and the variation selector that asks for emoji presentation.
NEEDS_EMOJI_FONT = re.compile("[\u2600-\u27bf\u2b00-\u2bff\ufe0f\U0001f000-\U0001faff]")


@pytest.mark.parametrize("language", ["de", "en"])
def test_own_text_needs_no_emoji_font(language: str) -> None:
    """Assert that the generator's UI strings, assets and talk pages (of an archive whose
    editor text has no emoji) hold no character that needs an emoji font."""
    strings = list(i18n._STRINGS[language].values())  # unformatted: placeholders stay
    assets = package_data("assets")
    scripts = [
        assets.joinpath(name).read_text("utf-8") for name in ("wunschzeit.js", "wunschzeit.css")
    ]
    pages = [
        str(text)
        for path, text in render(sample_archive(language=language)).items()
        if path.startswith("talks/")
    ]
    assert pages
    found = {
        m.group() for text in (*strings, *scripts, *pages) for m in NEEDS_EMOJI_FONT.finditer(text)
    }
    assert found == set()
