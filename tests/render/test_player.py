"""Tests for generator.render.player: the consent placeholder, embeds, and the privacy page."""

from __future__ import annotations

import dataclasses
import re

import pytest

from generator.models import OwnPage, Recording
from generator.recordings import platforms
from generator.render.outputs import render
from generator.render.player import (
    CONTROLS_AFTER_LOAD_DECISION,
    embed,
    render_player,
    render_privacy,
)
from tests.helpers.archive_factory import (
    HOSTILE_QUESTION,
    make_answer,
    make_archive,
    make_file_recording,
    make_question,
    make_recording,
    make_talk,
)

PAGE = "talks/t.md"


def _player(recording: Recording, language: str = "de", title: str = "Ein Talk") -> str:
    talk = make_talk(id="t", title=title, recording=recording)
    archive = make_archive(talks=[talk], language=language)
    return render_player(archive, talk, "assets/thumbnails/t.jpg", PAGE)


def test_youtube_placeholder_requests_nothing_from_youtube() -> None:
    """Assert that the YouTube placeholder has no iframe and loads only same-site files."""
    html = _player(make_recording(video_id="abc123XYZ_-"))
    assert "<iframe" not in html and "ytimg" not in html and "preconnect" not in html
    assert re.findall(r'\ssrc="([^"]*)"', html) == ["../../assets/thumbnails/t.jpg"]
    assert re.findall(r'href="(https?://[^"]*)"', html) == [
        "https://www.youtube.com/watch?v=abc123XYZ_-"
    ]
    assert (
        'data-wz-embed="https://www.youtube-nocookie.com/embed/abc123XYZ_-?enablejsapi=1&amp;rel=0"'
        in html
    )
    assert '<span class="wz-load__label">Video laden</span></button>' in html
    assert '<button type="button" class="wz-load" hidden>' in html


def test_placeholder_says_what_loading_means_and_links_the_privacy_page() -> None:
    """Assert that the placeholder names the platform and links the privacy page."""
    html = _player(make_recording())
    assert (
        "Das Video liegt auf YouTube. Ihr Browser verbindet sich erst mit YouTube und "
        "überträgt dabei Daten wie Ihre IP-Adresse dorthin, wenn Sie das Video hier laden "
        "oder dem Link unten zu YouTube folgen." in html
    )
    assert 'unter <a href="../../privacy/">Datenschutz</a>.</p>' in html
    assert '<p class="wz-consent__note" role="status" aria-live="polite"></p>' in html


def test_placeholder_strings_for_the_script_in_english() -> None:
    """Assert that the JS strings come as data attributes, `{time}` left for the script."""
    html = _player(make_recording(), language="en")
    assert 'data-wz-load-at="Load video at &#123;time&#125;"' in html
    assert 'data-wz-starts-at="The video starts at &#123;time&#125;."' in html
    assert 'data-wz-ask="To play the answer at &#123;time&#125; here, please load' in html
    assert '<span class="wz-load__label">Load video</span>' in html
    assert ">Watch the recording on YouTube</a>" in html


def test_hostile_title_stays_text_in_the_placeholder() -> None:
    """Assert that an untrusted talk title is escaped in text and attributes."""
    html = _player(make_recording(), title=HOSTILE_QUESTION)
    assert "<script>" not in html and "<img src=x" not in html
    assert '<p class="wz-consent__title">&lt;script&gt;alert(1)&lt;/script&gt;' in html
    assert 'data-wz-frame-title="Video: &lt;script&gt;alert(1)&lt;/script&gt;' in html
    assert "\n---" not in html


@pytest.mark.parametrize(
    ("recording", "kind", "url", "key"),
    [
        (
            make_recording(video_id="abc"),
            "youtube",
            "https://www.youtube-nocookie.com/embed/abc?enablejsapi=1&rel=0",
            "youtube",
        ),
        (
            make_recording(url="https://vimeo.com/76979871", platform="vimeo", video_id="76979871"),
            "vimeo",
            "https://player.vimeo.com/video/76979871?dnt=1",
            "vimeo",
        ),
        (
            make_recording(
                url="https://tube.example.org/w/9c9de5e8-0a1e-484a-b099-e80766180a6d",
                platform="peertube",
                video_id="9c9de5e8-0a1e-484a-b099-e80766180a6d",
            ),
            "peertube",
            "https://tube.example.org/videos/embed/9c9de5e8-0a1e-484a-b099-e80766180a6d"
            "?api=1&p2p=0",
            "peertube-tube.example.org",
        ),
    ],
)
def test_embed_urls_use_privacy_modes(recording: Recording, kind: str, url: str, key: str) -> None:
    """Assert that each platform's embed is its privacy-mode player with its API switched on."""
    player = embed(recording)
    assert player is not None
    assert (player.kind, player.url, player.consent_key) == (kind, url, key)


@pytest.mark.parametrize(
    "recording",
    [
        make_recording(video_id=None),
        make_recording(url="https://vimeo.com/showcase/x", platform="vimeo", video_id="x"),
        make_recording(url="https://media.ccc.de/v/talk", platform="ccc", video_id="talk"),
    ],
)
def test_no_embed_without_a_usable_id(recording: Recording) -> None:
    """Assert that recordings without a known player get no embed."""
    assert embed(recording) is None


def test_platform_without_embed_gets_thumbnail_link() -> None:
    """Assert that a platform without an embed shows the thumbnail linking to the recording."""
    html = _player(make_recording(url="https://media.ccc.de/v/talk", platform="ccc"))
    assert html == (
        "[![Vorschaubild der Aufzeichnung](../assets/thumbnails/t.jpg)"
        "{: .wz-thumbnail loading=lazy }](https://media.ccc.de/v/talk)\n\n"
        "[Aufzeichnung auf media.ccc.de ansehen](https://media.ccc.de/v/talk){: .wz-watch }"
    )


def test_self_hosted_file_plays_without_consent() -> None:
    """Assert that a self-hosted file is a plain <video> marked for the script."""
    html = _player(make_file_recording(url="media/t.mp4"))
    assert html.startswith('<div class="wz-player" data-wz-player="file">\n<video')
    assert (
        '<video class="wz-video" controls preload="none" src="../../media/t.mp4"'
        ' poster="../../assets/thumbnails/t.jpg">' in html
    )
    assert 'class="wz-load"' not in html


def test_self_hosted_controls_wait_for_the_load_decision() -> None:
    """Assert that the self-hosted <video> keeps `controls` in the HTML (for readers without
    JavaScript) and is followed by the script that holds them back until `suspend`."""
    html = _player(make_file_recording(url="media/t.mp4"))
    assert "</video>\n" + CONTROLS_AFTER_LOAD_DECISION + "\n</div>" in html
    assert "v.controls=false" in CONTROLS_AFTER_LOAD_DECISION
    assert '"suspend"' in CONTROLS_AFTER_LOAD_DECISION
    remote = _player(make_recording(url="https://media.example.org/x.mp4", platform="direct"))
    assert "<script>" not in remote  # cloned from its <template> after consent, loading


def test_overview_items_carry_the_answer_end() -> None:
    """Assert that the list of answers says where each answer starts and ends, for the
    highlight."""
    talk = make_talk(id="t", recording=make_recording())
    questions = [
        make_question(id="a", talk="t", answer=make_answer(272, 370)),
        make_question(id="b", talk="t", answer=make_answer(400)),
    ]
    page = render(make_archive(talks=[talk], questions=questions))["talks/t.md"]
    assert 'data-wz-start="272" data-wz-end="370" data-wz-target="q-a">' in page
    assert 'data-wz-start="400" data-wz-target="q-b">' in page


def test_privacy_page_lists_embedded_platforms_with_revoke_button() -> None:
    """Assert that the privacy page names each embedded platform and offers revocation."""
    talks = [
        make_talk(id="a", recording=make_recording()),
        make_talk(id="b", recording=make_file_recording()),
    ]
    page = render_privacy(make_archive(talks=talks, language="en"))
    assert page.startswith('---\ntitle: "Privacy"\n---\n\n# Privacy\n')
    assert "Some recordings are hosted on YouTube." in page
    assert (
        '<li><span class="wz-consents__name">YouTube</span>: '
        '<span data-wz-consent-state="youtube">no consent</span></li>' in page
    )
    assert '<button type="button" class="md-button wz-revoke">Revoke consent</button>' in page


def test_privacy_page_without_embeds_and_footer_link() -> None:
    """Assert that an archive without embeds says so, and the footer links the privacy page."""
    outputs = render(make_archive(talks=[make_talk(recording=make_file_recording())]))
    assert "Dieses Archiv bettet keine Videos anderer Plattformen ein." in str(
        outputs["privacy.md"]
    )
    assert "wz-revoke" not in str(outputs["privacy.md"])
    footer = str(outputs[".overrides/partials/copyright.html"])
    assert '<a class="wz-privacy-link" href="{{ \'privacy/\' | url }}">Datenschutz</a>' in footer


def test_footer_has_one_privacy_link_to_the_own_statement_when_it_links_the_page() -> None:
    """Assert that an own privacy statement (it links privacy.md) takes the footer's one
    privacy link, and the generated page links back to it."""
    archive = make_archive(talks=[make_talk(recording=make_recording())])
    statement = OwnPage("datenschutz.md", "Datenschutzerklärung", privacy=True)
    archive = dataclasses.replace(archive, pages=(statement, OwnPage("impressum.md", "Impressum")))
    outputs = render(archive)
    footer = str(outputs[".overrides/partials/copyright.html"])
    assert footer.count("wz-privacy-link") == 1
    assert "'privacy/'" not in footer
    assert (
        '  <a class="wz-privacy-link wz-own-page" href="{{ \'datenschutz/\' | url }}">'
        "Datenschutzerklärung</a>\n"
        '  · <a class="wz-own-page" href="{{ \'impressum/\' | url }}">Impressum</a>\n'
    ) in footer
    privacy = str(outputs["privacy.md"])
    assert "Alles Weitere zum Datenschutz: [Datenschutzerklärung](datenschutz.md)." in privacy
    assert "wz-revoke" in privacy  # the consents stay on the generated page


def test_footer_links_the_generated_privacy_page_beside_other_own_pages() -> None:
    """Assert that without an own privacy statement the generated page is the privacy link."""
    archive = make_archive(talks=[make_talk(recording=make_recording())])
    archive = dataclasses.replace(archive, pages=(OwnPage("impressum.md", "Impressum"),))
    outputs = render(archive)
    footer = str(outputs[".overrides/partials/copyright.html"])
    assert (
        '  <a class="wz-privacy-link" href="{{ \'privacy/\' | url }}">Datenschutz</a>\n'
        '  · <a class="wz-own-page" href="{{ \'impressum/\' | url }}">Impressum</a>\n'
    ) in footer
    assert "Alles Weitere zum Datenschutz" not in str(outputs["privacy.md"])


def test_player_kind_is_the_platforms_seek_adapter() -> None:
    """Assert that the placeholder names the registry's seek adapter for the script."""
    recording = make_recording(
        url="https://vimeo.com/76979871", platform="vimeo", video_id="76979871"
    )
    assert embed(recording) == platforms.privacy_player(recording)
    assert 'data-wz-player="vimeo"' in _player(recording)
    assert platforms.platform("vimeo").seek == "vimeo"
