"""After each kind of edit, an incremental generate writes what a cold one writes.

The sample archive is generated, edited and generated again; a copy edited the same way is
generated cold. site_src/ must be byte-identical, and the incremental run must write exactly
the files whose bytes changed (pipeline/incremental.py, dependencies.py, page_record.py).
"""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.pipeline import generate as pipeline
from generator.pipeline import page_record, stamps
from generator.render import outputs as render
from tests.helpers.sample_site import copy_sample, generated_pages, replace_in

TALK = "content/talks/genf-aerodynamik"
QUESTION = f"{TALK}/cw-wert-reichweite.md"


def _new_question(root: Path) -> None:
    (root / TALK / "neue-frage.md").write_text(
        "---\nquestion: Wie laut ist der Wagen?\nstatus: collected\ntags: [akustik]\n---\n",
        encoding="utf-8",
    )


def _new_talk(root: Path) -> None:
    with (root / "videos.yml").open("a", encoding="utf-8") as videos:
        videos.write("\n- id: genf-neu\n  title: Ein neuer Talk\n  date: 2013-03-09\n")


def _deleted_talk(root: Path) -> None:
    replace_in(root, "videos.yml", "- id: genf-design\n", "- id: genf-design-alt\n")
    shutil.rmtree(root / "content/talks/genf-design")
    replace_in(root, "videos.yml", "- id: genf-design-alt\n", "- id: genf-design\n")
    text = (root / "videos.yml").read_text(encoding="utf-8")
    start = text.index("- id: genf-design\n")
    end = text.find("\n- id:", start + 1)
    (root / "videos.yml").write_text(
        text[:start] + (text[end + 1 :] if end != -1 else ""), encoding="utf-8"
    )


EDITS: dict[str, Callable[[Path], None]] = {
    "answer summary": lambda r: replace_in(r, QUESTION, "Ab etwa 80 km/h", "Ab etwa 70 km/h"),
    "question text": lambda r: replace_in(r, QUESTION, "Wie wichtig ist", "Wie sehr zählt"),
    "tags": lambda r: replace_in(r, QUESTION, "reichweite, cw-wert]", "reichweite, luft]"),
    "new question": _new_question,
    "deleted question": lambda r: (r / TALK / "seitenwind.md").unlink(),
    "expert name": lambda r: replace_in(
        r, "content/experts/henrik-falter.md", "name: Henrik Falter", "name: Henrik Falterer"
    ),
    "event title": lambda r: replace_in(
        r, "content/events/automobilsalon-genf-2013.md", "title: Automobilsalon", "title: Salon"
    ),
    "talk title": lambda r: replace_in(r, "videos.yml", "Aerodynamik der Studie", "Aerodynamik"),
    "talk date": lambda r: replace_in(r, "videos.yml", "date: 2013-03-05", "date: 2013-03-08"),
    "site name": lambda r: replace_in(r, "mkdocs.yml", "site_name: Wunschzeit", "site_name: WZ"),
    "talk added": _new_talk,
    "talk deleted": _deleted_talk,
}


@pytest.mark.parametrize("edit", EDITS)
def test_incremental_generate_is_a_cold_one(tmp_path: Path, edit: str) -> None:
    """Assert that after the edit site_src/ is byte-identical to a cold generate's, and only
    the files whose bytes changed were written (or deleted)."""
    root = copy_sample(tmp_path / "warm")
    pipeline.generate(root)
    before = generated_pages(root)
    EDITS[edit](root)
    report = pipeline.generate(root)
    after = generated_pages(root)
    cold = copy_sample(tmp_path / "cold")
    EDITS[edit](cold)
    pipeline.generate(cold)
    assert after == generated_pages(cold)
    changed = {path for path, data in after.items() if before.get(path) != data}
    assert changed - {".gitignore"} and set(report.written) == changed - {".gitignore"}
    assert set(report.deleted) == set(before) - set(after)


def test_answer_summary_renders_no_list_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Assert that an edited answer summary renders no list page again."""
    root = copy_sample(tmp_path)
    pipeline.generate(root)
    EDITS["answer summary"](root)
    monkeypatch.setattr(render, "list_pages", _unexpected)
    report = pipeline.generate(root)
    assert "talks/genf-aerodynamik.md" in report.written
    assert "archive.json" in report.written


def _unexpected(*args: object) -> None:
    raise AssertionError("rendered again")


def test_copied_record_is_rebuilt(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Assert that a page record copied from elsewhere is not used: everything is rendered
    again, with a warning, and the result is what a cold run writes."""
    root = copy_sample(tmp_path / "a")
    pipeline.generate(root)
    record = stamps.Folder(root, "site_src").path / page_record.PAGES
    other = copy_sample(tmp_path / "b")
    pipeline.generate(other)
    EDITS["answer summary"](root)
    shutil.copyfile(stamps.Folder(other, "site_src").path / page_record.PAGES, record)
    with caplog.at_level(logging.WARNING):
        pipeline.generate(root)
    assert [r.getMessage() for r in caplog.records] == [
        "site_src/.wunschzeit-cache/pages.json: not written by an earlier run here "
        "(copied or committed?), rebuilt"
    ]
    cold = copy_sample(tmp_path / "cold")
    EDITS["answer summary"](cold)
    pipeline.generate(cold)
    assert generated_pages(root) == generated_pages(cold)


def test_forged_stamps_do_not_keep_a_changed_file(tmp_path: Path) -> None:
    """Assert that a kept unit whose file changed on disk is rendered again: its stamp no
    longer matches, whatever the record's digests say."""
    root = copy_sample(tmp_path / "a")
    pipeline.generate(root)
    index = root / "site_src/talks/index.md"
    original = index.read_bytes()
    index.write_text("changed by hand", encoding="utf-8")
    pipeline.generate(root)
    assert index.read_bytes() == original


def test_archive_json_keeps_unchanged_items(tmp_path: Path) -> None:
    """Assert that archive.json after an edit holds the other talks' items as they were, and
    equals the cold run's."""
    root = copy_sample(tmp_path / "a")
    pipeline.generate(root)
    folder = stamps.Folder(root, "site_src")
    EDITS["answer summary"](root)
    pipeline.generate(root)
    data = json.loads((folder.path / page_record.PAGES).read_text("utf-8"))["data"]
    assert [talk for talk, _ in data["archive"]] == ["genf-design", "genf-aerodynamik"]
    parsed = json.loads((root / "site_src/archive.json").read_text("utf-8"))
    answer = next(
        q for t in parsed["talks"] for q in t["questions"] if q["id"] == "cw-wert-reichweite"
    )
    assert answer["answer_summary"].startswith("Ab etwa 70 km/h")
