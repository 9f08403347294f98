"""Write small archives to disk for tests of load, validate, enrich and link."""

from __future__ import annotations

import textwrap
from pathlib import Path

MKDOCS = """\
site_name: Test
docs_dir: site_src
theme:
  name: material
  language: de
site_url: https://example.org/test/
"""

VIDEOS = """\
- id: talk-a
  title: Talk A
  url: https://www.youtube.com/watch?v=abcdefghijk
  date: 2013-03-05
  event: show
  experts: [anna]
"""

EVENT = "---\ntitle: Show\nstart: 2013-03-05\nend: 2013-03-17\n---\nAn event.\n"
EXPERT = "---\nname: Anna Beispiel\nrole: Leiterin\n---\nBio.\n"
QUESTION = """\
---
question: "Wie wichtig ist der cw-Wert?"
asked_by: Mario
channel: blog
asked_at: 2013-03-01T14:03:00+01:00
answer:
  start: 4:32
  end: 6:10
  by: [anna]
tags: [aerodynamik]
---
Sehr wichtig.
"""


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def make_archive(root: Path, files: dict[str, str | None] | None = None) -> Path:
    """A valid one-talk archive at `root`; `files` overrides (None deletes) single files."""
    base: dict[str, str | None] = {
        "mkdocs.yml": MKDOCS,
        "videos.yml": VIDEOS,
        "content/events/show.md": EVENT,
        "content/experts/anna.md": EXPERT,
        "content/talks/talk-a/cw-wert.md": QUESTION,
        "content/.cache/talk-a.info.json": '{"id": "abcdefghijk", "extractor_key": "Youtube", "duration": 900}',
    }
    base.update(files or {})
    for name, text in base.items():
        if text is None:
            continue
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def question(**fields: str) -> str:
    """A question file from front matter lines given as key=YAML text."""
    lines = "".join(f"{key}: {value}\n" for key, value in fields.items())
    return f"---\n{lines}---\n"
