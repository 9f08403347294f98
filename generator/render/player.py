"""The player on a talk page, and the privacy page where readers revoke their consent.

Takes the Archive and a Talk (and where its thumbnail is), gives the raw HTML of the player:
an HTML5 `<video>` for a self-hosted file (same origin, no consent needed), or for a platform
with a known embeddable player a consent placeholder that requests nothing from the platform:
the self-hosted thumbnail, the title, a "load video" button, one sentence on what loading means
and a plain link to the recording. `wunschzeit.js` turns the placeholder into the platform's
privacy-mode embed after the click and reads every UI string from the `data-wz-*` attributes
written here. Paths in raw HTML are not rewritten by MkDocs, and with use_directory_urls
`talks/x.md` is served as `talks/x/index.html`: they need one more `../` than Markdown links.
"""

from __future__ import annotations

import html

from generator.models import Archive, Output, OwnPage, Recording, Talk
from generator.recordings import platforms
from generator.recordings.platforms import Embed
from generator.render import common as rc
from generator.render import i18n, markup, pictures, takeaway, urls

PRIVACY_PAGE = "privacy.md"
COPYRIGHT_PARTIAL = ".overrides/partials/copyright.html"
# The JS fills `{time}` in; i18n.t fills placeholders, so it is passed through as itself.
TIME = "{time}"
# Chromium's own video controls start their loading spinner at `loadstart`, also with
# preload=none, and let it finish its turn after `suspend`: 1.4-3 s of repainting the whole
# page every frame (Lighthouse traces of the self-hosted talk: 60-80 paints of the document
# against 20, and main-thread tasks of 50-160 ms at 4x CPU slowdown after the first paint).
# So the controls written into the HTML are taken away until the browser has decided not to
# load (`suspend`) or has loaded; without JavaScript they stay as written.
CONTROLS_AFTER_LOAD_DECISION = (
    "<script>(function(v,on){v.controls=false;on=function(){v.controls=true};"
    '["suspend","loadedmetadata","play","error"].forEach(function(e){'
    "v.addEventListener(e,on,{once:true})})})(document.currentScript.previousElementSibling)"
    "</script>"
)


def embed(recording: Recording) -> Embed | None:
    """The privacy-mode player of `recording`, or None where no embed is known."""
    return platforms.privacy_player(recording)


def consent_player(recording: Recording) -> Embed | None:
    """What needs the reader's consent before it loads: a platform's embed, or a media file
    on another server (kind `direct`: a `<video>` asked for nothing before the click, since
    even `preload="none"` may fetch a poster or the first bytes), consented to per host."""
    if recording.platform == "direct":
        host = platforms.platform_name(recording)
        return Embed("direct", recording.url, f"direct-{host}")
    return embed(recording)


def render_player(
    archive: Archive, talk: Talk, thumbnail: str | None, page: str, timeline: str = ""
) -> str:
    """The recording section's body: video, consent placeholder, or a thumbnail link.

    `timeline` (raw HTML) goes right below the picture: the placeholder's text comes after.
    """
    recording = talk.recording
    assert recording is not None
    if recording.platform == "file":
        lines = [*_video(archive, talk, recording, thumbnail, page), CONTROLS_AFTER_LOAD_DECISION]
        video = "\n".join(lines)
        video = f'<div class="wz-player" data-wz-player="file">\n{video}\n</div>'
        return f"{video}\n{timeline}" if timeline else video
    player = consent_player(recording)
    if player is None:
        return _platform_link(archive, recording, thumbnail, page)
    return _placeholder(archive, talk, recording, player, thumbnail, page, timeline)


def _href(value: str) -> str:
    """A URL for an HTML attribute: made safe by markup.url, then HTML-escaped."""
    return html.escape(markup.url(value), quote=True)


def _up(page: str) -> str:
    return "../" * (urls.depth(page) + 1)


def _video(
    archive: Archive, talk: Talk, recording: Recording, thumbnail: str | None, page: str
) -> list[str]:
    """An HTML5 `<video>`: a self-hosted file is same origin and needs no consent; a file on
    another server (`direct`) waits in the consent placeholder's `<template>`."""
    language = rc.lang(archive)
    up = _up(page)
    src = _href(up + platforms.media_path(recording))
    if recording.platform == "direct":
        src = _href(recording.url)
    poster = ""
    if thumbnail:
        poster = f' poster="{pictures.poster(talk, page) or _href(up + thumbnail)}"'
    # preload=none: the media pipeline's setup costs the page 50-120 ms of main-thread time
    # (Chromium, 7 loads each), a quarter of Lighthouse's blocking time on a phone; a deep link
    # or the reader's play loads it (wunschzeit.js), and the timeline shows the length.
    lines = [f'<video class="wz-video" controls preload="none" src="{src}"{poster}>']
    srclang = markup.attr(talk.language)
    captions = platforms.captions_path(recording)
    if captions:
        track = _href(up + captions)
        label = i18n.t(language, "captions")
        lines.append(
            f'<track kind="captions" src="{track}" srclang="{srclang}" label="{label}" default>'
        )
    if takeaway.has_chapters_track(archive, talk):
        track = _href(up + takeaway.chapters_path(talk))
        label = i18n.t(language, "answers")
        lines.append(f'<track kind="chapters" src="{track}" srclang="{srclang}" label="{label}">')
    lines += [f'<a href="{src}">{i18n.t(language, "download")}</a>', "</video>"]
    return lines


def _platform_link(archive: Archive, recording: Recording, thumbnail: str | None, page: str) -> str:
    """A self-hosted thumbnail linking to the platform: readers' browsers ask it for nothing."""
    language = rc.lang(archive)
    url = markup.url(platforms.recording_url(recording))
    watch = i18n.t(language, "watch_on", platform=markup.text(platforms.platform_name(recording)))
    blocks = []
    if thumbnail:
        image = markup.url(markup.relative(page, thumbnail))
        alt = i18n.t(language, "thumbnail")
        blocks.append(f"[![{alt}]({image}){{: .wz-thumbnail loading=lazy }}]({url})")
    blocks.append(f"[{watch}]({url}){{: .wz-watch }}")
    return "\n\n".join(blocks)


def _strings(language: str, recording: Recording) -> str:
    """The UI strings wunschzeit.js shows, as data attributes (the JS holds no text)."""
    platform = platforms.platform_name(recording)
    strings = {
        "ask": i18n.t(language, "consent_ask", time=TIME, platform=platform),
        "load-at": i18n.t(language, "load_video_at", time=TIME),
        "starts-at": i18n.t(language, "starts_at", time=TIME),
    }
    return "".join(f' data-wz-{key}="{markup.attr(value)}"' for key, value in strings.items())


def _placeholder(
    archive: Archive,
    talk: Talk,
    recording: Recording,
    player: Embed,
    thumbnail: str | None,
    page: str,
    timeline: str,
) -> str:
    """The consent placeholder; nothing in it points at the platform but the plain link."""
    language = rc.lang(archive)
    title = markup.html_text(talk.display_title)
    platform = markup.html_text(platforms.platform_name(recording))
    iframe_title = i18n.t(language, "player_title", title=talk.display_title)
    attributes = (
        f' data-wz-player="{player.kind}" data-wz-embed="{_href(player.url)}"'
        f' data-wz-consent-key="{markup.attr(player.consent_key)}"'
        f' data-wz-frame-title="{markup.attr(iframe_title)}"'
    )
    image = ""
    if thumbnail:
        sources = pictures.thumbnail_sources(talk, page, pictures.PLAYER_SIZES)
        sources = sources or f' src="{_href(_up(page) + thumbnail)}"'
        image = (
            f'<img class="wz-consent__image"{sources} alt="" width="1280" height="720"'
            ' fetchpriority="high">'
        )
    watch = i18n.t(language, "watch_on", platform=platform)
    url = _href(platforms.recording_url(recording))
    privacy = _href(_up(page) + "privacy/")
    remember = i18n.t(
        language,
        "consent_remember",
        privacy=f'<a href="{privacy}">{i18n.t(language, "privacy")}</a>',
    )
    video = []
    if player.kind == "direct":  # inert until wunschzeit.js clones it after the click
        video = ["<template>", *_video(archive, talk, recording, thumbnail, page), "</template>"]
    lines = [
        f'<div class="wz-player wz-player--embed"{attributes}{_strings(language, recording)}>',
        *video,
        '<div class="wz-consent">',
        image,
        '<div class="wz-consent__overlay">',
        '<button type="button" class="wz-load" hidden>'
        f'<span class="wz-load__icon" aria-hidden="true">▶</span> '
        f'<span class="wz-load__label">{i18n.t(language, "load_video")}</span></button>',
        f'<p class="wz-consent__title">{title}</p>',
        "</div>",
        "</div>",
        timeline,
        '<p class="wz-consent__info">'
        f"{i18n.t(language, 'consent_text', platform=platform)} {remember}</p>",
        f'<p class="wz-consent__link"><a class="wz-watch" href="{url}">{watch}</a></p>',
        '<p class="wz-consent__note" role="status" aria-live="polite"></p>',
        "</div>",
    ]
    return "\n".join(line for line in lines if line)


def privacy_outputs(archive: Archive) -> dict[str, Output]:
    """The privacy page and the footer partial that links to it from every page."""
    return {
        PRIVACY_PAGE: render_privacy(archive),
        COPYRIGHT_PARTIAL: _copyright(archive),
    }


def _platforms(archive: Archive) -> dict[str, str]:
    """Consent key to platform name, for every embedded platform of the archive, sorted."""
    found: dict[str, str] = {}
    for talk in archive.talks:
        player = consent_player(talk.recording) if talk.recording else None
        if player and talk.recording:
            name = platforms.platform_name(talk.recording)
            if player.kind == "peertube":
                name = f"{name} ({player.consent_key.removeprefix('peertube-')})"
            found[player.consent_key] = name
    return dict(sorted(found.items()))


def render_privacy(archive: Archive) -> str:
    """What the archive loads from where, and the button that revokes video consent; a link
    to the organisation's own privacy statement when it has one (it links this page)."""
    language = rc.lang(archive)
    embedded = _platforms(archive)
    blocks = [i18n.t(language, "privacy_intro")]
    statement = privacy_statement(archive)
    if statement:
        link = f"[{markup.text(statement.title)}]({markup.url(statement.path)})"
        blocks.append(i18n.t(language, "privacy_statement", statement=link))
    if not embedded:
        blocks.append(i18n.t(language, "privacy_no_platforms"))
        return rc.page(i18n.t(language, "privacy"), blocks)
    names = [markup.text(name) for key, name in embedded.items() if not key.startswith("direct-")]
    hosts = [markup.text(name) for key, name in embedded.items() if key.startswith("direct-")]
    if names:
        blocks.append(i18n.t(language, "privacy_videos", platforms=", ".join(names)))
    if hosts:
        blocks.append(i18n.t(language, "privacy_media", hosts=", ".join(hosts)))
    blocks += [
        i18n.t(language, "privacy_storage"),
        f"## {i18n.t(language, 'privacy_consents')} {{#consents}}",
        _consents(language, embedded),
    ]
    return rc.page(i18n.t(language, "privacy"), blocks)


def _consents(language: str, embedded: dict[str, str]) -> str:
    """Each platform with its consent state (filled in by the JS) and the revoke button."""
    strings = {
        "given": i18n.t(language, "consent_given"),
        "none": i18n.t(language, "consent_none"),
        "revoked": i18n.t(language, "consent_revoked"),
    }
    attributes = "".join(f' data-wz-{k}="{markup.attr(v)}"' for k, v in strings.items())
    items = [
        f'<li><span class="wz-consents__name">{markup.html_text(name)}</span>: '
        f'<span data-wz-consent-state="{markup.attr(key)}">{strings["none"]}</span></li>'
        for key, name in embedded.items()
    ]
    return "\n".join(
        [
            f'<div class="wz-consents"{attributes}>',
            "<ul>",
            *items,
            "</ul>",
            f'<button type="button" class="md-button wz-revoke">{i18n.t(language, "revoke")}</button>',
            '<p class="wz-consents__note" role="status" aria-live="polite"></p>',
            "</div>",
        ]
    )


def privacy_statement(archive: Archive) -> OwnPage | None:
    """The organisation's own privacy statement (the first own page that links this page)."""
    return next((page for page in archive.pages if page.privacy), None)


def _own_page_link(page: OwnPage) -> str:
    """A footer link to one of the organisation's pages (imprint, privacy statement, ...).

    The title is editor text inside a Jinja template: HTML-escaped, and its braces and
    percent signs written as character references so Jinja cannot read them as code.
    """
    stem = page.path.removesuffix(".md")  # a plain name: own_pages checks it
    title = html.escape(page.title, quote=True)
    for char in "{}%":
        title = title.replace(char, f"&#{ord(char)};")
    kind = "wz-privacy-link wz-own-page" if page.privacy else "wz-own-page"
    return f'<a class="{kind}" href="{{{{ \'{stem}/\' | url }}}}">{title}</a>'


def _footer_links(archive: Archive) -> list[str]:
    """One privacy link (the organisation's statement, which links the generated page, or
    else the generated page), then the other own pages."""
    links = [_own_page_link(page) for page in archive.pages]
    if privacy_statement(archive) is None:
        label = i18n.t(rc.lang(archive), "privacy")
        links.insert(
            0, f'<a class="wz-privacy-link" href="{{{{ \'privacy/\' | url }}}}">{label}</a>'
        )
    return links


def _copyright(archive: Archive) -> str:
    """Material's copyright partial with links to the privacy page and the own pages."""
    language = rc.lang(archive)
    material = (
        '<a href="https://squidfunk.github.io/mkdocs-material/"'
        ' target="_blank" rel="noopener">Material for MkDocs</a>'
    )
    return (
        "{#- Written by Wunschzeit: Material's footer copyright, plus the privacy page. -#}\n"
        '<div class="md-copyright">\n'
        "  {% if config.copyright %}\n"
        '    <div class="md-copyright__highlight">{{ config.copyright }}</div>\n'
        "  {% endif %}\n"
        + "".join(f"  {'· ' if n else ''}{link}\n" for n, link in enumerate(_footer_links(archive)))
        + "  {% if not config.extra.generator == false %}\n"
        f"    · {i18n.t(language, 'made_with', material=material)}\n"
        "  {% endif %}\n"
        "</div>\n"
    )
