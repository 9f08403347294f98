"""The preview's resident generate (pipeline/resident.py) writes what a cold generate writes.

One archive is generated again and again with one `Resident`, as `wunschzeit serve` does,
through a series of edits (each kind of tests/pipeline/test_incremental_edits.py, a new and
a deleted file, videos.yml, an expert, a file made invalid and valid again); after each, a
copy of its inputs is generated cold, and site_src/ must be byte-identical. What the
resident runs store must be what a plain run trusts.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.errors import ContentError
from generator.pipeline import generate as pipeline
from generator.pipeline.resident import Resident
from tests.helpers.sample_site import copy_sample, generated_pages, replace_in
from tests.pipeline.test_incremental_edits import EDITS, QUESTION, TALK


def _cold(where: Path, *edits: Callable[[Path], None]) -> Path:
    """The sample with `edits` made, generated cold (own pages live in site_src/)."""
    root = copy_sample(where)
    for edit in edits:
        edit(root)
    pipeline.generate(root)
    return root


def _broken(root: Path) -> None:
    replace_in(root, QUESTION, "status: ", "status: [")


def _mended(root: Path) -> None:
    replace_in(root, QUESTION, "status: [", "status: ")


def _new_file(root: Path) -> None:
    (root / TALK / "spaeter.md").write_text(
        "---\nquestion: Kommt der Wagen auf den Markt?\nstatus: collected\n---\n",
        encoding="utf-8",
    )


CACHED = "content/.cache/genf-aerodynamik"  # the sample's recording metadata, a talk's


def _cached_chapter(root: Path) -> None:
    """The cached metadata names a chapter otherwise (videos.yml sets no chapters)."""
    replace_in(root, f"{CACHED}.info.json", "Begrüßung", "Willkommen")


def _append(root: Path, name: str, text: str) -> None:
    with (root / name).open("a", encoding="utf-8") as stream:
        stream.write(text)


def _more_experts(root: Path) -> None:
    replace_in(
        root, "videos.yml", "experts: [henrik-falter]", "experts: [henrik-falter, ilka-sommerfeld]"
    )


STEPS: list[tuple[str, Callable[[Path], None]]] = [
    *EDITS.items(),
    ("new file", _new_file),
    ("answer edited twice", lambda r: replace_in(r, QUESTION, "70 km/h", "60 km/h")),
    ("deleted file", lambda r: (r / TALK / "spaeter.md").unlink()),
    ("renamed file", lambda r: (r / TALK / "windgeraeusche.md").rename(r / TALK / "wind.md")),
    # An answer without `by` was given by the talk's experts (resolve.Memo keeps a talk's
    # linked questions only while the talk is as it was).
    ("answer without by", lambda r: replace_in(r, QUESTION, "  by: [henrik-falter]\n", "")),
    ("talk's experts", _more_experts),
    # What enrich takes from content/.cache/ (enrich.Memo keeps a talk only while it is so).
    ("cached metadata", _cached_chapter),
    ("thumbnail deleted", lambda r: (r / f"{CACHED}.jpg").unlink()),
    ("captions edited", lambda r: replace_in(r, f"{CACHED}.de.vtt", "Hallo und", "Guten Tag und")),
    ("captions deleted", lambda r: (r / f"{CACHED}.de.vtt").unlink()),
    ("thumbnail added", lambda r: (r / f"{CACHED}.webp").write_bytes(b"RIFF\0\0\0\0WEBP")),
    (
        "duration set",
        lambda r: replace_in(
            r,
            "videos.yml",
            "  url: https://www.youtube.com/watch?v=WzSample001",
            "  duration: 15:30\n  url: https://www.youtube.com/watch?v=WzSample001",
        ),
    ),
    # The feeds rank answers by when they were given (feeds.Memo keeps a zone's ranking; the talk
    # without captions now is one the memos keep).
    (
        "time zone",
        lambda r: _append(r, "mkdocs.yml", "extra:\n  wunschzeit:\n    timezone: Asia/Tokyo\n"),
    ),
]


def test_resident_generate_is_a_cold_one_after_each_edit(tmp_path: Path) -> None:
    """Assert that after each edit of a series, generated with one Resident (its caches
    stored in between, as the preview does, or not), site_src/ is a cold generate's."""
    root = copy_sample(tmp_path / "warm")
    resident = Resident()
    pipeline.generate_pages(root, resident=resident)
    for number, (name, edit) in enumerate(STEPS):
        edit(root)
        pipeline.generate_pages(root, resident=resident)
        if number % 2:
            resident.save(root)
        cold = _cold(tmp_path / f"cold-{number}", *(e for _, e in STEPS[: number + 1]))
        assert generated_pages(root) == generated_pages(cold), name
    resident.save(root, background=False)


def test_resident_generate_reports_an_invalid_file_and_recovers(tmp_path: Path) -> None:
    """Assert that a file made invalid gives its `path:line: message`, leaves site_src/ as it
    was, and that once it is valid again the output is a cold generate's."""
    root = copy_sample(tmp_path / "warm")
    resident = Resident()
    pipeline.generate_pages(root, resident=resident)
    resident.save(root)
    EDITS["answer summary"](root)
    pipeline.generate_pages(root, resident=resident)
    good = generated_pages(root)
    _broken(root)
    with pytest.raises(ContentError) as raised:
        pipeline.generate_pages(root, resident=resident)
    assert any(p.path == QUESTION and p.line > 0 for p in raised.value.problems)
    resident.save(root)
    assert generated_pages(root) == good
    _mended(root)
    EDITS["question text"](root)
    pipeline.generate_pages(root, resident=resident)
    cold = _cold(tmp_path / "cold", EDITS["answer summary"], EDITS["question text"])
    assert generated_pages(root) == generated_pages(cold)


def test_what_a_resident_run_stores_is_trusted_by_a_plain_run(tmp_path: Path) -> None:
    """Assert that once the resident run's caches are stored, a plain generate finds
    site_src/ fresh (nothing read, nothing written), and after a further edit writes what a
    cold run writes."""
    root = copy_sample(tmp_path / "warm")
    resident = Resident()
    pipeline.generate_pages(root, resident=resident)
    EDITS["answer summary"](root)
    pipeline.generate_pages(root, resident=resident)
    resident.save(root, background=False)
    again = pipeline.generate_pages(root)
    assert again.skipped
    EDITS["expert name"](root)
    report = pipeline.generate(root)
    assert report.written
    cold = _cold(tmp_path / "cold", EDITS["answer summary"], EDITS["expert name"])
    assert generated_pages(root) == generated_pages(cold)


def test_resident_state_is_not_trusted_after_another_run_wrote(tmp_path: Path) -> None:
    """Assert that when another run (a `wunschzeit generate` beside the preview) rewrites
    site_src/ between two resident runs, and the edit it saw is undone, the resident run
    writes what a cold one writes: its pages' stamps no longer match."""
    root = copy_sample(tmp_path / "warm")
    resident = Resident()
    pipeline.generate_pages(root, resident=resident)
    resident.save(root)
    original = (root / QUESTION).read_bytes()
    EDITS["answer summary"](root)
    pipeline.generate(root)  # not the resident one
    (root / QUESTION).write_bytes(original)
    pipeline.generate_pages(root, resident=resident)
    resident.save(root, background=False)
    cold = _cold(tmp_path / "cold")
    assert generated_pages(root) == generated_pages(cold)


def test_resident_generate_checks_answers_against_an_expert_file_deleted(
    tmp_path: Path,
) -> None:
    """Assert that deleting an expert file reports each answer naming that expert, as a
    cold run does, though the questions did not change since the resident's last run."""
    root = copy_sample(tmp_path / "warm")
    resident = Resident()
    pipeline.generate_pages(root, resident=resident)
    EDITS["answer summary"](root)
    pipeline.generate_pages(root, resident=resident)
    (root / "content/experts/henrik-falter.md").unlink()
    with pytest.raises(ContentError) as raised:
        pipeline.generate_pages(root, resident=resident)
    cold = copy_sample(tmp_path / "cold")
    EDITS["answer summary"](cold)
    (cold / "content/experts/henrik-falter.md").unlink()
    with pytest.raises(ContentError) as expected:
        pipeline.generate(cold)
    assert any(p.path == QUESTION and "answer.by" in p.message for p in raised.value.problems)
    assert raised.value.problems == expected.value.problems
    resident.save(root, background=False)


def test_resident_started_on_a_fresh_site_src_generates_a_cold_run_after_an_edit(
    tmp_path: Path,
) -> None:
    """Assert that a resident whose first run found site_src/ fresh (nothing written; its
    memos filled by reading the archive once) writes what a cold run writes after edits."""
    root = copy_sample(tmp_path / "warm")
    pipeline.generate(root)
    pipeline.generate(root)  # the first one may add thumbnails to content/.cache/
    resident = Resident()
    assert pipeline.generate_pages(root, resident=resident).skipped
    for edit in (EDITS["answer summary"], _more_experts):
        edit(root)
        assert not pipeline.generate_pages(root, resident=resident).skipped
    resident.save(root, background=False)
    cold = _cold(tmp_path / "cold", EDITS["answer summary"], _more_experts)
    assert generated_pages(root) == generated_pages(cold)


def test_resident_generate_reports_a_broken_talk_again_after_another_edit(tmp_path: Path) -> None:
    """Assert that a problem of videos.yml is reported by every resident run until it is
    fixed, also by one after an edit elsewhere (validate's talks are kept while videos.yml
    is unchanged), and that the fixed archive is a cold run's."""
    root = copy_sample(tmp_path / "warm")
    resident = Resident()
    pipeline.generate_pages(root, resident=resident)
    replace_in(root, "videos.yml", "date: 2013-03-05", "date: 2013-03-05x")
    found = []
    for edit in (EDITS["answer summary"], EDITS["question text"]):
        edit(root)
        with pytest.raises(ContentError) as raised:
            pipeline.generate_pages(root, resident=resident)
        found.append([p for p in raised.value.problems if p.path == "videos.yml"])
    assert found[0] and found[0] == found[1]
    replace_in(root, "videos.yml", "date: 2013-03-05x", "date: 2013-03-05")
    pipeline.generate_pages(root, resident=resident)
    resident.save(root, background=False)
    cold = _cold(tmp_path / "cold", EDITS["answer summary"], EDITS["question text"])
    assert generated_pages(root) == generated_pages(cold)
