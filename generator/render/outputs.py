"""The render stage: a linked Archive in, every file of site_src/ out.

`render(archive)` gives {POSIX path relative to site_src/: Output}, sorted by path: Markdown
pages as text, Atom feeds (feeds/), the open data file archive.json, the package's own CSS
and JavaScript, and SourceFile copies of self-hosted media, captions, thumbnails and expert
photos. It reads nothing but the package's asset files, for transcripts the talks' WebVTT
captions, and for the thumbnails' WebP copies the thumbnails (pipeline/thumbnails.py keeps the
copies in content/.cache/thumbnails/).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from importlib.resources.abc import Traversable

from generator.constants import package_data
from generator.models import Archive, Output, SourceFile, Status, Talk
from generator.pipeline import parallel, thumbnails
from generator.recordings import platforms
from generator.render import cards, feeds, i18n, lists, opendata, takeaway, urls
from generator.render import common as rc
from generator.render import player as render_player
from generator.render.talk import render_talk
from generator.site import search

ASSETS = package_data("assets")
ASSET_NAMES = ("wunschzeit.css", "wunschzeit.js")
# Theme overrides (Material blocks and partials). MkDocs leaves dot-folders of docs_dir out
# of the site, and mkdocs.yml names this one as theme.custom_dir.
OVERRIDES = ".overrides"
LATEST = 10


# Below this many questions the pages are rendered in this process: forking worker
# processes (generator/parallel.py) costs more than it saves.
PARALLEL_FROM = 1000
TALK_CHUNKS_PER_JOB = 2


def render(archive: Archive, talks: Sequence[Talk] | None = None) -> dict[str, Output]:
    """Every output file of the archive, keyed by its path in site_src/, sorted.

    Large archives are rendered on every core: the feeds, archive.json, the list pages and
    slices of the talk pages are independent tasks. The result is the same either way.
    With `talks`, only those talks' own files are rendered of all talks'; every other file
    is. pipeline/incremental.py renders the same files unit by unit (`talk_files`,
    `list_pages`, the feeds, archive.json, `fixed_files`), only those whose inputs changed.
    """
    outputs: dict[str, Output] = {}
    for part in parallel.run(_tasks(archive, archive.talks if talks is None else talks)):
        outputs.update(part)
    outputs.update(fixed_files(archive))
    return dict(sorted(outputs.items()))


def fixed_files(archive: Archive) -> dict[str, Output]:
    """The package's assets and theme overrides, the copies of media files, the search files:
    nothing rendered."""
    files = _assets()
    files.update(_copies(archive))
    files.update(render_player.privacy_outputs(archive))
    files.update(search.outputs(archive))
    return files


def list_pages(archive: Archive) -> dict[str, Output]:
    """The overviews, expert, event and tag pages: every page that is not a talk's."""
    return _pages(archive, ())


def _tasks(archive: Archive, talks: Sequence[Talk]) -> list[Callable[[], dict[str, Output]]]:
    """The rendering work as independent tasks, the longest first."""
    jobs = parallel.jobs() if len(archive.all_questions()) >= PARALLEL_FROM else 1
    if jobs == 1:
        return [lambda: _pages(archive, talks) | _data(archive)]
    archive.prepare()  # lookups computed once here, not once in every worker
    slices = parallel.chunks(talks, jobs * TALK_CHUNKS_PER_JOB)
    return [
        lambda: dict(feeds.render_feeds(archive)),
        lambda: {opendata.PATH: opendata.render_archive_json(archive)},
        lambda: _pages(archive, ()),
        *(functools.partial(_talk_pages, archive, talks) for talks in slices),
    ]


def _data(archive: Archive) -> dict[str, Output]:
    """The feeds and archive.json."""
    data: dict[str, Output] = dict(feeds.render_feeds(archive))
    data[opendata.PATH] = opendata.render_archive_json(archive)
    return data


def _pages(archive: Archive, talks: Sequence[Talk]) -> dict[str, Output]:
    """The overviews, expert, event and tag pages, and the pages of `talks`."""
    pages: dict[str, Output] = {"index.md": render_home(archive)}
    # Each list gives one page or, past paging.BUDGET, several (paging.py).
    pages.update(lists.render_talks_index(archive))
    pages.update(lists.render_experts_index(archive))
    pages.update(lists.render_events_index(archive))
    pages.update(lists.render_tags_index(archive))
    pages.update(lists.render_open(archive))
    pages.update(_talk_pages(archive, talks))
    for expert in archive.experts.values():
        pages.update(lists.render_expert(archive, expert))
    for event in archive.events.values():
        pages.update(lists.render_event(archive, event))
    for tag, questions in urls.tags(archive).items():
        pages.update(lists.render_tag(archive, tag, questions))
    return pages


def talk_files(archive: Archive, talk: Talk) -> dict[str, Output]:
    """One talk's own files, which `render(archive, talks)` leaves out for the other talks."""
    return _talk_pages(archive, (talk,))


def _talk_pages(archive: Archive, talks: Sequence[Talk]) -> dict[str, Output]:
    """Each talk's page, its answers as a chapters track and its transcript as text."""
    pages: dict[str, Output] = {}
    for talk in talks:
        pages[urls.talk_page(talk.id)] = render_talk(archive, talk)
        pages.update(takeaway.talk_files(archive, talk))
    return pages


def _assets() -> dict[str, Output]:
    assets: dict[str, Output] = {
        f"assets/{name}": (ASSETS / name).read_text(encoding="utf-8") for name in ASSET_NAMES
    }
    for name, text in _html_files(ASSETS / "overrides"):
        assets[f"{OVERRIDES}/{name}"] = text
    return assets


def _html_files(folder: Traversable, prefix: str = "") -> list[tuple[str, str]]:
    """(path below `folder`, text) of every .html file in it and its subfolders, sorted."""
    found: list[tuple[str, str]] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.is_dir():
            found += _html_files(entry, f"{prefix}{entry.name}/")
        elif entry.name.endswith(".html"):
            found.append((prefix + entry.name, entry.read_text(encoding="utf-8")))
    return found


def _copies(archive: Archive) -> dict[str, Output]:
    """Self-hosted recordings with their captions, every talk's thumbnail, experts' photos."""
    copies: dict[str, Output] = {}
    for talk in archive.talks:
        recording = talk.recording
        if recording is None:
            continue
        if recording.platform == "file":
            copies[platforms.media_path(recording)] = SourceFile(archive.root / recording.url)
        captions = platforms.captions_path(recording)
        if captions and recording.captions:
            copies[captions] = SourceFile(archive.root / recording.captions)
        thumbnail = urls.thumbnail_path(talk)
        if thumbnail and recording.thumbnail:
            copies[thumbnail] = SourceFile(archive.root / recording.thumbnail)
            for path, width in urls.thumbnail_copies(talk):
                copies[path] = thumbnails.copy_of(archive.root, talk.id, recording.thumbnail, width)
    for expert in archive.experts.values():
        photo = urls.photo_path(expert)
        if photo and expert.photo:
            copies[photo] = SourceFile(archive.root / expert.photo)
    return copies


def render_home(archive: Archive) -> str:
    """The home page: how to use the archive, the latest talks, open questions, overviews."""
    language = rc.lang(archive)
    page = "index.md"
    open_total = sum(1 for q in archive.all_questions() if q.status is Status.COLLECTED)
    latest = cards.talk_cards(archive, archive.talks[:LATEST], page)
    open_label = i18n.counted(language, "open_count", open_total)
    browse = [
        f"- {rc.link(i18n.t(language, key), page, target)}"
        for key, target in (
            ("talks", "talks/index.md"),
            ("experts", "experts/index.md"),
            ("events", "events/index.md"),
            ("tags", "tags/index.md"),
            ("open_questions", "questions/open.md"),
            ("feed_all", feeds.ALL),
            ("open_data", opendata.PATH),
        )
    ]
    return rc.page(
        archive.settings.site_name,
        [
            i18n.t(language, "home_intro"),
            f"## {i18n.t(language, 'latest_talks')} {{#latest}}",
            latest or i18n.t(language, "no_talks"),
            f"## {i18n.t(language, 'open_questions')} {{#open}}",
            rc.link(open_label, page, "questions/open.md"),
            f"## {i18n.t(language, 'browse')} {{#browse}}",
            "\n".join(browse),
        ],
    )
