"""A synthetic archive of N talks × M questions in German, for benchmarks and scale tests.

`write_archive(root, talks, questions)` writes an archive folder like the sample (mkdocs.yml,
videos.yml, content/ with events, experts, questions, and content/.cache/ with a yt-dlp info
JSON per published talk giving its duration). The same arguments always give the same files.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass
from pathlib import Path

SUBJECTS = (
    "Aerodynamik", "Akku", "Reichweite", "Ladesäule", "Fahrwerk", "Bremse", "Innenraum",
    "Sitze", "Lenkung", "Getriebe", "Motor", "Wasserstoff", "Leichtbau", "Crashtest",
    "Assistenzsystem", "Navigation", "Klimaanlage", "Reifen", "Felgen", "Scheinwerfer",
    "Karosserie", "Lack", "Recycling", "Software", "Update", "Sensor", "Kamera", "Radar",
    "Batteriezelle", "Wärmepumpe", "Ladeleistung", "Verbrauch", "Geräusch", "Anhängelast",
)  # fmt: skip
ADJECTIVES = (
    "leichter", "schneller", "sicherer", "leiser", "günstiger", "effizienter", "robuster",
    "moderner", "nachhaltiger", "kompakter", "stärker", "sparsamer",
)  # fmt: skip
VERBS = (
    "beeinflusst", "verbessert", "verändert", "begrenzt", "erhöht", "senkt", "steuert",
    "schützt", "kühlt", "prüft",
)  # fmt: skip
FIRST = (
    "Anna", "Ben", "Clara", "David", "Elif", "Felix", "Greta", "Hannes", "Ida", "Jonas",
    "Katrin", "Lukas", "Mara", "Niklas", "Olga", "Paul", "Rosa", "Stefan", "Tilda", "Yusuf",
)  # fmt: skip
LAST = (
    "Adler", "Berger", "Classen", "Dietz", "Engel", "Falk", "Graf", "Hahn", "Iske", "Jung",
    "Kühn", "Lorenz", "Maier", "Nowak", "Ott", "Peters", "Roth", "Schulz", "Thiel", "Vogt",
)  # fmt: skip
CITIES = ("Genf", "Frankfurt", "München", "Leipzig", "Hamburg", "Wien", "Zürich", "Köln")
CHANNELS = ("blog", "facebook", "twitter", "email", "form", "live-chat", "slido")

MKDOCS = """\
site_name: Wunschzeit – Benchmark
site_url: https://example.org/wunschzeit/
docs_dir: site_src
site_dir: site
use_directory_urls: true
theme:
  name: material
  custom_dir: site_src/.overrides
  language: de
  features: [navigation.tabs, navigation.top, search.highlight, toc.follow]
  font: false
plugins:
  - search:
      lang: [de, en]
nav:
  - Start: index.md
  - Talks: talks/index.md
  - Expertinnen & Experten: experts/index.md
  - Veranstaltungen: events/index.md
  - Themen: tags/index.md
  - Offene Fragen: questions/open.md
markdown_extensions:
  - attr_list
  - md_in_html
  - admonition
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.superfences
extra_css: [assets/wunschzeit.css]
extra_javascript: [assets/wunschzeit.js]
extra:
  wunschzeit:
    search: {search}
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
class Shape:
    """How many records of each kind an archive of `talks` talks has."""

    talks: int
    questions: int  # per talk

    @property
    def events(self) -> int:
        return max(3, self.talks // 40)

    @property
    def experts(self) -> int:
        return max(5, self.talks // 10)

    @property
    def tags(self) -> int:
        return min(len(SUBJECTS), max(5, self.talks // 3))


def write_archive(root: Path, talks: int, questions: int, search: str = "auto") -> Shape:
    """Write the archive into `root` (created if missing); give its shape."""
    shape = Shape(talks, questions)
    rng = random.Random(f"wunschzeit-{talks}-{questions}")
    _write(root / "mkdocs.yml", MKDOCS.replace("{search}", search))
    for index in range(shape.events):
        _write(root / f"content/events/{_event_id(index)}.md", _event(index))
    for index in range(shape.experts):
        _write(root / f"content/experts/{_expert_id(index)}.md", _expert(index, rng))
    entries = []
    for index in range(talks):
        entries.append(_talk_entry(index, shape, rng))
        _write_questions(root, index, shape, rng)
    _write(root / "videos.yml", "".join(entries))
    write_cache(root, talks)
    return shape


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _event_id(index: int) -> str:
    return f"messe-{index:04d}"


def _expert_id(index: int) -> str:
    first, last = FIRST[index % len(FIRST)], LAST[(index // len(FIRST)) % len(LAST)]
    return f"{_slug(first)}-{_slug(last)}-{index}"


def talk_id(index: int) -> str:
    return f"talk-{index:05d}"


def _event_year(index: int) -> int:
    return 2010 + index % 16


def _event(index: int) -> str:
    year, city = _event_year(index), CITIES[index % len(CITIES)]
    return (
        f"---\ntitle: Automobilsalon {city} {year} ({index})\nstart: {year}-03-05\n"
        f"end: {year}-03-17\nlocation: {city}\n---\n"
        f"Die Messe in {city} mit Live-Talks und Fragen aus dem Publikum.\n"
    )


def _expert(index: int, rng: random.Random) -> str:
    name = f"{FIRST[index % len(FIRST)]} {LAST[(index // len(FIRST)) % len(LAST)]}"
    subject = rng.choice(SUBJECTS)
    return (
        f"---\nname: {name}\nrole: Leitung {subject}\norganisation: Nordwerk\n---\n"
        f"{name} arbeitet seit {rng.randint(3, 30)} Jahren an {subject} und Fahrzeugtechnik.\n"
    )


def _talk_entry(index: int, shape: Shape, rng: random.Random) -> str:
    event = index % shape.events
    day = dt.date(_event_year(event), 3, 5) + dt.timedelta(days=index % 12)
    experts = sorted({_expert_id(rng.randrange(shape.experts)) for _ in range(rng.randint(1, 2))})
    subject = SUBJECTS[index % len(SUBJECTS)]
    lines = [
        f"- id: {talk_id(index)}",
        f'  title: "Live-Talk: {subject} {ADJECTIVES[index % len(ADJECTIVES)]} gemacht ({index})"',
        f"  date: {day.isoformat()}",
        f"  event: {_event_id(event)}",
        f"  experts: [{', '.join(experts)}]",
        "  language: de",
    ]
    if index % 20 != 7:  # one talk in twenty is not published yet
        lines.insert(2, f"  url: https://www.youtube.com/watch?v={_video_id(index)}")
    return "\n".join(lines) + "\n\n"


def _video_id(index: int) -> str:
    return f"Wz{index:09d}"


def write_cache(root: Path, talks: int) -> None:
    """The yt-dlp info JSON of every published talk: a duration of one hour."""
    for index in range(talks):
        if index % 20 == 7:
            continue
        info = {"id": _video_id(index), "extractor_key": "Youtube", "duration": 3600}
        _write(root / f"content/.cache/{talk_id(index)}.info.json", json.dumps(info))


def _write_questions(root: Path, index: int, shape: Shape, rng: random.Random) -> None:
    folder = root / "content" / "talks" / talk_id(index)
    published = index % 20 != 7
    for number in range(shape.questions):
        status = _status(number, published)
        _write(folder / f"frage-{number:03d}.md", _question(index, number, status, shape, rng))


def _status(number: int, published: bool) -> str:
    if number % 10 == 9 and number > 0:
        return "merged"
    if number % 20 == 8:
        return "declined"
    if not published or number % 7 == 3:
        return "collected"
    return "answered"


def _slug(word: str) -> str:
    return word.lower().translate(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}))


def question_text(rng: random.Random) -> str:
    subject, other = rng.choice(SUBJECTS), rng.choice(SUBJECTS)
    forms = (
        f"Wie {rng.choice(VERBS)} {subject} die {other}?",
        f"Wird {subject} in Zukunft {rng.choice(ADJECTIVES)}?",
        f"Warum ist {subject} bei diesem Modell nicht {rng.choice(ADJECTIVES)}?",
        f"Was kostet {subject} im Vergleich zur {other}?",
    )
    return rng.choice(forms)


def _answer_body(rng: random.Random) -> str:
    sentences = []
    for _ in range(rng.randint(2, 4)):
        subject, other = rng.choice(SUBJECTS), rng.choice(SUBJECTS)
        sentences.append(
            f"{subject} {rng.choice(VERBS)} die {other} deutlich, weil das Auto dadurch "
            f"{rng.choice(ADJECTIVES)} wird."
        )
    return " ".join(sentences)


def _question(index: int, number: int, status: str, shape: Shape, rng: random.Random) -> str:
    tags = sorted({_slug(SUBJECTS[rng.randrange(shape.tags)]) for _ in range(rng.randint(1, 2))})
    asked = dt.datetime(2010 + index % 16, 3, 1, 8 + number % 12, number % 60)
    lines = [
        f"question: {json.dumps(question_text(rng), ensure_ascii=False)}",
        f"asked_by: {FIRST[rng.randrange(len(FIRST))]}",
        f"channel: {CHANNELS[number % len(CHANNELS)]}",
        f"asked_at: {asked.isoformat()}+01:00",
        f"status: {status}",
        f"tags: [{', '.join(tags)}]",
        f"source: bench-{index}-{number}",
    ]
    body = ""
    if status == "answered":
        start = 60 + (number * 150) % 3300
        lines += ["answer:", f"  start: {start}", f"  end: {start + 120}"]
        body = _answer_body(rng)
    elif status == "merged":
        lines.append(f"merged_into: frage-{number - 1:03d}")
    elif status == "declined":
        lines.append('declined_reason: "Keine Frage zum Thema des Talks."')
    if status == "collected":
        lines.append(f"votes: {rng.randint(0, 40)}")
    return "---\n" + "\n".join(lines) + "\n---\n" + body + "\n"
