"""Convert a checkout of the pyvideo.org catalogue (github.com/pyvideo/data) into an archive.

    python benchmarks/pyvideo.py CHECKOUT OUT [--talks N] [--questions 5]

Takes the catalogue's folders, one per event: `category.json` ({"title", "description"?}) and
`videos/<slug>.json` per talk ({"title", "speakers": [...], "recorded": "YYYY-MM-DD[...]",
"videos": [{"type": "youtube", "url": ...}], "description", "tags", "duration"?, "language":
"eng"?, ...}); gives an archive folder as an editor would keep it: mkdocs.yml, videos.yml,
content/events, content/experts (one per speaker: names slugified and deduplicated, so "José
García" and "Jose Garcia" are one expert) and content/.cache/<id>.info.json for YouTube talks, so
that nothing is fetched. pyvideo has no questions: each talk gets `--questions` of them,
synthesised from its title and tags in English or German, the same for the same input; those of
a talk with a recording and a length are mostly answered, at offsets spread over the talk.

Every field is read defensively: a missing or odd value (a number for a title, a speaker that
is not a string, a date without a day) is left out, never an error; a file that is not JSON,
or not an object, is skipped and counted.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import random
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent)]

from generator import contact

DEFAULT_DURATION = 1800  # seconds, for a talk whose length the catalogue does not give
MAX_ID = 60
MAX_TAGS = 3
# pyvideo gives ISO 639-2 codes; the archive wants the BCP 47 form (two letters where one exists).
LANGUAGES = {
    "eng": "en", "spa": "es", "rus": "ru", "fra": "fr", "fre": "fr", "por": "pt", "kor": "ko",
    "jpn": "ja", "deu": "de", "ger": "de", "ita": "it", "pol": "pl", "zho": "zh", "chi": "zh",
    "ces": "cs", "cze": "cs", "nld": "nl", "dut": "nl", "ukr": "uk", "tur": "tr", "heb": "he",
    "swe": "sv", "fin": "fi", "ell": "el", "gre": "el", "hun": "hu", "ind": "id", "vie": "vi",
    "cat": "ca", "eus": "eu", "baq": "eu", "glg": "gl", "tha": "th", "ara": "ar", "hin": "hi",
}  # fmt: skip
# Letters NFKD does not split into a base letter and a mark.
_FOLD = str.maketrans({
    "ß": "ss", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "æ": "ae",
    "Æ": "ae", "œ": "oe", "Œ": "oe", "þ": "th", "ı": "i", "ð": "d",
})  # fmt: skip
# Platforms the archive plays from a URL alone; others (blip.tv, tweets) count as no recording.
_PLATFORM_TYPES = ("youtube", "vimeo", "archive.org", "peertube")
_FILE_TYPES = ("mp4", "webm", "ogv")
_YOUTUBE_ID = re.compile(r"(?:v=|youtu\.be/|/embed/|/v/|/shorts/)([A-Za-z0-9_-]{11})")
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")
ASKERS = ("Alex", "Sam", "Kim", "Jo", "Robin", "Mika", "Anna", "Jonas", "Lea", "Yusuf")
CHANNELS = ("blog", "email", "form", "live-chat", "slido")
QUESTIONS_EN = (
    "What was the hardest part of {topic}?",
    "Would you do {topic} the same way again today?",
    "How do you test {topic} in practice?",
    "Where should a beginner start with {topic}?",
    "What does {topic} cost in production?",
)
QUESTIONS_DE = (
    "Was war das Schwierigste an {topic}?",
    "Würden Sie {topic} heute wieder so machen?",
    "Wie testen Sie {topic} in der Praxis?",
    "Wo sollte man mit {topic} anfangen?",
)
ANSWERS_EN = "The speaker explains {topic} with an example from the talk and names two pitfalls."
ANSWERS_DE = "Die Antwort erklärt {topic} an einem Beispiel aus dem Vortrag."

MKDOCS = """\
site_name: pyvideo.org catalogue
site_url: https://example.org/pyvideo/
docs_dir: site_src
site_dir: site
use_directory_urls: true
theme:
  name: material
  custom_dir: site_src/.overrides
  language: en
  features: [navigation.tabs, navigation.top, search.highlight, toc.follow]
  font: false
plugins:
  - search
nav:
  - Home: index.md
  - Talks: talks/index.md
  - Speakers: experts/index.md
  - Events: events/index.md
  - Topics: tags/index.md
  - Open questions: questions/open.md
markdown_extensions:
  - attr_list
  - md_in_html
  - admonition
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.superfences
extra:
  wunschzeit:
    search: auto
validation:
  nav:
    omitted_files: info
    not_found: warn
  links:
    not_found: warn
    anchors: warn
    absolute_links: info
    unrecognized_links: info
"""


@dataclass(frozen=True)
class Video:
    """The one recording a talk is played from."""

    kind: str  # a pyvideo `type`: youtube, vimeo, mp4, ...
    url: str
    youtube_id: str | None = None


@dataclass(frozen=True)
class Talk:
    """One `videos/<slug>.json`, as far as it could be read."""

    event: str
    slug: str
    title: str
    speakers: tuple[str, ...]
    date: str | None
    video: Video | None
    duration: int | None
    language: str
    description: str
    tags: tuple[str, ...]


@dataclass
class Catalogue:
    """Events (id → title, description) and their talks, in a stable order."""

    events: dict[str, tuple[str, str]] = field(default_factory=dict)
    talks: list[Talk] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # files that were not a JSON object


@dataclass(frozen=True)
class Summary:
    """What a conversion wrote."""

    events: int
    talks: int
    experts: int
    questions: int
    skipped: int


def slugify(text: str, limit: int = MAX_ID) -> str:
    """`a-z0-9-` only: accents folded (José → jose, Łukasz → lukasz); empty when nothing is left."""
    folded = unicodedata.normalize("NFKD", text.translate(_FOLD))
    ascii_text = folded.encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:limit].strip("-")


def plain(value: object) -> str:
    """A string field as one line of printable text; anything else as ''."""
    if not isinstance(value, str):
        return ""
    text = "".join(c for c in value if unicodedata.category(c)[0] != "C" or c in "\t\n")
    return " ".join(text.split())


def public(value: object) -> str:
    """`plain`, with contact data (speakers' e-mail addresses, phone numbers) taken out, as
    the archive refuses to publish them."""
    # Phone numbers are read by language; the check reads some texts as English, some as German.
    return contact.scrub(contact.scrub(plain(value), "[removed]", "en"), "[removed]", "de")


def read_catalogue(checkout: Path, limit: int | None = None) -> Catalogue:
    """Every event folder (one with videos/) and its talks, sorted by name; with `limit`, the
    events up to the one holding the limit-th talk."""
    catalogue = Catalogue()
    for folder in sorted(p for p in checkout.iterdir() if p.is_dir()):
        if folder.name.startswith(".") or not (folder / "videos").is_dir():
            continue
        if limit is not None and len(catalogue.talks) >= limit:
            break
        event = _id(slugify(folder.name) or _digest(folder.name), "event")
        category = _json_object(folder / "category.json", catalogue) or {}
        title = public(category.get("title")) or folder.name
        catalogue.events[event] = (title, public(category.get("description")))
        for path in sorted((folder / "videos").glob("*.json")):
            data = _json_object(path, catalogue)
            if data is not None:
                catalogue.talks.append(_talk(event, path.stem, data))
    return catalogue


def _json_object(path: Path, catalogue: Catalogue) -> dict[str, Any] | None:
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        data = None
    if not isinstance(data, dict):
        catalogue.skipped.append(str(path))
        return None
    return data


def _talk(event: str, slug: str, data: dict[str, Any]) -> Talk:
    speakers = data.get("speakers")
    tags = data.get("tags")
    return Talk(
        event=event,
        slug=slug,
        title=public(data.get("title")) or slug.replace("-", " "),
        speakers=tuple(s for s in map(plain, _list(speakers)) if s),
        date=_date(data.get("recorded")),
        video=_video(data.get("videos")),
        duration=_duration(data.get("duration")),
        language=LANGUAGES.get(plain(data.get("language")).lower(), "en"),
        description=public(data.get("description"))[:300],
        tags=tuple(t for t in map(plain, _list(tags)) if slugify(t))[:MAX_TAGS],
    )


def _list(value: object) -> list[object]:
    if isinstance(value, str):
        return [value]
    return list(value) if isinstance(value, list) else []


def _date(value: object) -> str | None:
    found = _DATE.match(value) if isinstance(value, str) else None
    return found.group(1) if found else None


def _duration(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return int(value) if 30 <= value < 24 * 3600 else None


def _video(value: object) -> Video | None:
    """The first YouTube recording, else the first other one the archive can play."""
    found: list[Video] = []
    for entry in _list(value):
        if not isinstance(entry, dict):
            continue
        kind, url = plain(entry.get("type")).lower(), plain(entry.get("url"))
        if not url.startswith(("https://", "http://")):
            continue
        if kind == "youtube":
            match = _YOUTUBE_ID.search(url)
            if match:
                youtube_id = match.group(1)
                return Video(kind, f"https://www.youtube.com/watch?v={youtube_id}", youtube_id)
        elif kind in _PLATFORM_TYPES or (
            kind in _FILE_TYPES and url.lower().split("?")[0].endswith(f".{kind}")
        ):
            found.append(Video(kind, url.replace("http://", "https://", 1)))
    return found[0] if found else None


def _id(slug: str, kind: str) -> str:
    """An id that starts with a letter: YAML reads `id: 15260` and `experts: [1]` as numbers."""
    return slug if slug[0].isalpha() else f"{kind}-{slug}"


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def expert_ids(talks: list[Talk]) -> dict[str, tuple[str, str]]:
    """Speaker name as written → (expert id, the name shown): spellings with one slug are one
    expert, shown by its most frequent spelling (ties: not in capitals, more accents, A–Z)."""
    spellings: dict[str, Counter[str]] = {}
    for talk in talks:
        for name in talk.speakers:
            key = _id(slugify(name) or _digest(name), "speaker")
            spellings.setdefault(key, Counter())[name] += 1
    experts: dict[str, tuple[str, str]] = {}
    for key, names in spellings.items():
        shown = min(
            names, key=lambda n: (-names[n], n.isupper(), -sum(not c.isascii() for c in n), n)
        )
        for name in names:
            experts[name] = (key, shown)
    return experts


def talk_ids(talks: list[Talk]) -> list[str]:
    """A unique id per talk: its slug, or with its event in front where slugs repeat."""
    counts = Counter(slugify(t.slug) for t in talks)
    ids: list[str] = []
    taken: set[str] = set()
    for talk in talks:
        base = _id(slugify(talk.slug) or "talk", "talk")
        if counts[base] > 1:
            base = slugify(f"{talk.event}-{talk.slug}") or base
        unique, number = base, 2
        while unique in taken:
            unique, number = f"{base[: MAX_ID - 4]}-{number}", number + 1
        taken.add(unique)
        ids.append(unique)
    return ids


def convert(checkout: Path, out: Path, talks: int | None = None, questions: int = 5) -> Summary:
    """Write the archive of the first `talks` talks (all when None) of `checkout` into `out`."""
    catalogue = read_catalogue(checkout, talks)
    chosen = catalogue.talks[:talks] if talks is not None else catalogue.talks
    experts = expert_ids(chosen)
    ids = talk_ids(chosen)
    _write(out / "mkdocs.yml", MKDOCS)
    events = sorted({t.event for t in chosen})
    for event in events:
        dates = sorted(t.date for t in chosen if t.event == event and t.date)
        _write(out / f"content/events/{event}.md", _event(*catalogue.events[event], dates))
    for key, shown in sorted(set(experts.values())):
        count = sum(1 for t in chosen for n in t.speakers if experts[n][0] == key)
        _write(out / f"content/experts/{key}.md", _expert(shown, count))
    entries = []
    for talk_id, talk in zip(ids, chosen, strict=True):
        by = list(dict.fromkeys(experts[n][0] for n in talk.speakers))
        entries.append(_entry(talk_id, talk, by))
        if talk.video and talk.video.youtube_id:
            _write(out / f"content/.cache/{talk_id}.info.json", _info(talk))
        for number, text in enumerate(_questions(talk_id, talk, by, questions), start=1):
            _write(out / f"content/talks/{talk_id}/q-{number:02d}.md", text)
    _write(out / "videos.yml", "".join(entries))
    return Summary(
        len(events), len(chosen), len(set(experts.values())), len(chosen) * questions,
        len(catalogue.skipped),
    )  # fmt: skip


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is YAML's; `plain` removed controls)."""
    return json.dumps(text, ensure_ascii=False)


def _markdown(text: str) -> str:
    """Catalogue text as a Markdown body: no HTML from the catalogue reaches a page."""
    return html.escape(text, quote=False).replace("*", "\\*").replace("_", "\\_")


def _event(title: str, description: str, dates: list[str]) -> str:
    lines = [f"title: {_quoted(title)}"]
    if dates:
        lines += [f"start: {dates[0]}", f"end: {dates[-1]}"]
    body = _markdown(description) or f"Talks of {_markdown(title)} in the pyvideo.org catalogue."
    return "---\n" + "\n".join(lines) + "\n---\n" + body + "\n"


def _expert(name: str, talks: int) -> str:
    noun = "talk" if talks == 1 else "talks"
    return (
        f"---\nname: {_quoted(name)}\n---\n"
        f"{_markdown(name)} gave {talks} {noun} in the pyvideo.org catalogue.\n"
    )


def _entry(talk_id: str, talk: Talk, experts: list[str]) -> str:
    lines = [f"- id: {talk_id}", f"  title: {_quoted(talk.title)}"]
    if talk.video:
        lines.append(f"  url: {_quoted(talk.video.url)}")
        if not talk.video.youtube_id:  # the length the info JSON gives a YouTube talk
            lines.append(f"  duration: {talk.duration or DEFAULT_DURATION}")
    if talk.date:
        lines.append(f"  date: {talk.date}")
    lines += [f"  event: {talk.event}", f"  experts: [{', '.join(experts)}]"]
    lines.append(f"  language: {talk.language}")
    if talk.description:
        lines.append(f"  description: {_quoted(talk.description)}")
    return "\n".join(lines) + "\n\n"


def _info(talk: Talk) -> str:
    """The yt-dlp info JSON `add` would have cached: id, title, length."""
    assert talk.video is not None
    info = {
        "id": talk.video.youtube_id,
        "extractor_key": "Youtube",
        "title": talk.title,
        "duration": talk.duration or DEFAULT_DURATION,
    }
    return json.dumps(info, ensure_ascii=False)


def _questions(talk_id: str, talk: Talk, experts: list[str], count: int) -> Iterator[str]:
    """`count` question files for one talk; the same talk gives the same questions."""
    rng = random.Random(f"pyvideo-{talk_id}")
    length = talk.duration or DEFAULT_DURATION
    playable = talk.video is not None and bool(experts)
    tags = [slugify(t) for t in talk.tags] or ["python"]
    for number in range(count):
        german = rng.random() < 0.3
        topic = rng.choice(talk.tags) if talk.tags and rng.random() < 0.5 else talk.title
        forms = QUESTIONS_DE if german else QUESTIONS_EN
        question = rng.choice(forms).format(topic=topic[:120])
        lines = [
            f"question: {_quoted(question)}",
            f"asked_by: {rng.choice(ASKERS)}",
            f"channel: {CHANNELS[number % len(CHANNELS)]}",
        ]
        if talk.date:
            lines.append(f"asked_at: {talk.date}T{9 + number % 9:02d}:{number % 60:02d}:00+00:00")
        answered = playable and number % 5 != 4  # one in five still open
        lines.append(f"status: {'answered' if answered else 'collected'}")
        body = ""
        if answered:
            start = length * (number + 1) // (count + 2)
            end = min(length, start + max(10, min(120, length // (count + 2) - 5)))
            lines += ["answer:", f"  start: {start}", f"  end: {end}", f"  by: [{experts[0]}]"]
            body = (ANSWERS_DE if german else ANSWERS_EN).format(topic=_markdown(topic[:120]))
        lines += [f"tags: [{', '.join(sorted(set(tags)))}]", f"source: pyvideo-{talk_id}-{number}"]
        yield "---\n" + "\n".join(lines) + "\n---\n" + body + "\n"


def edit_target(root: Path) -> tuple[str, str]:
    """The question a benchmark edits: the first answered one from the middle talk on."""
    folders = sorted(p for p in (root / "content" / "talks").iterdir() if p.is_dir())
    for folder in folders[len(folders) // 2 :] + folders[: len(folders) // 2]:
        for question in sorted(folder.glob("*.md")):
            if "\nstatus: answered\n" in question.read_text(encoding="utf-8"):
                return folder.name, question.stem
    raise ValueError(f"{root}: no answered question to edit")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkout", type=Path, help="a checkout of github.com/pyvideo/data")
    parser.add_argument("out", type=Path, help="the archive folder to write (created)")
    parser.add_argument("--talks", type=int, default=None, help="the first N talks (default: all)")
    parser.add_argument("--questions", type=int, default=5, help="questions per talk")
    args = parser.parse_args(argv)
    summary = convert(args.checkout, args.out, args.talks, args.questions)
    print(
        f"{summary.talks} talks, {summary.events} events, {summary.experts} experts, "
        f"{summary.questions} questions; {summary.skipped} files skipped",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
