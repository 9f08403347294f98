"""A recording on another server (`url: https://media.example.org/x.mp4`) gets the self-hosted
player: render_player's `direct` branch, its captions from the cache, and jump links that seek."""

from __future__ import annotations

from generator.models import Recording
from generator.render.outputs import render
from generator.render.player import render_player
from tests.helpers.archive_factory import make_answer, make_archive, make_question, make_talk

URL = "https://media.example.org/talks/x.mp4"


def _direct(**overrides: object) -> Recording:
    fields: dict[str, object] = {"url": URL, "platform": "direct", "duration": 600}
    fields.update(overrides)
    return Recording(**fields)  # type: ignore[arg-type]


def test_direct_media_waits_for_consent_in_a_template() -> None:
    """Assert that a media file on another server is a consent placeholder whose `<video>` is
    inside a `<template>` (fetched from nowhere) and whose consent is kept per host."""
    talk = make_talk(id="t", recording=_direct())
    html = render_player(make_archive(talks=[talk]), talk, "assets/thumbnails/t.jpg", "talks/t.md")
    assert html.startswith(
        '<div class="wz-player wz-player--embed" data-wz-player="direct"'
        ' data-wz-embed="https://media.example.org/talks/x.mp4"'
        ' data-wz-consent-key="direct-media.example.org"'
    )
    template = html[html.index("<template>") : html.index("</template>")]
    assert (
        '<video class="wz-video" controls preload="none"'
        ' src="https://media.example.org/talks/x.mp4" poster="../../assets/thumbnails/t.jpg">'
    ) in template
    outside = html.replace(template, "")
    assert "<video" not in outside and "<iframe" not in outside
    assert 'class="wz-load"' in outside


def test_privacy_page_names_the_media_host() -> None:
    """Assert that the privacy page says which server the remote files come from."""
    talk = make_talk(id="t", url=URL, recording=_direct())
    page = str(render(make_archive(talks=[talk]))["privacy.md"])
    assert "Videodateien auf media.example.org" in page
    assert 'data-wz-consent-state="direct-media.example.org"' in page


def test_direct_media_captions_are_published_and_tracked() -> None:
    """Assert that cached captions of a remote file are copied and become the <track>."""
    recording = _direct(captions="content/.cache/t.de.vtt")
    talk = make_talk(id="t", url=URL, recording=recording)
    outputs = render(make_archive(talks=[talk]))
    assert '<track kind="captions" src="../../media/t.de.vtt" srclang="de"' in str(
        outputs["talks/t.md"]
    )
    assert "media/t.de.vtt" in outputs
    assert "media/x.mp4" not in outputs  # the file stays on its server


def test_direct_media_jump_links_seek_the_page_player() -> None:
    """Assert that answers in a remote file are seek links the page's JS turns into seeks."""
    talk = make_talk(id="t", url=URL, recording=_direct())
    question = make_question(talk="t", answer=make_answer(272))
    page = str(render(make_archive(talks=[talk], questions=[question]))["talks/t.md"])
    assert f'<a class="wz-jump" href="{URL}#t=272" data-wz-seek="272">▶ 4:32</a>' in page
