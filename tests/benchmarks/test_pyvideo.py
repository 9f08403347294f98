"""benchmarks/pyvideo.py: a messy sample of the pyvideo.org catalogue becomes a strict archive."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from generator.cli import main
from tests.helpers.paths import FIXTURES, REPO

SAMPLE = FIXTURES / "pyvideo"


def _pyvideo() -> ModuleType:
    path = REPO / "benchmarks" / "pyvideo.py"
    spec = importlib.util.spec_from_file_location("wunschzeit_pyvideo", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def pyvideo() -> ModuleType:
    return _pyvideo()


def test_sample_converts_into_an_archive_that_passes_strict_check_and_generates(
    tmp_path: Path, pyvideo: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that the converted sample passes `check --strict` and `generate` writes its pages."""
    root = tmp_path / "archive"
    summary = pyvideo.convert(SAMPLE, root, questions=4)
    assert (summary.events, summary.talks, summary.experts, summary.skipped) == (3, 9, 7, 2)
    assert main(["--root", str(root), "check", "--strict"]) == 0, capsys.readouterr().err
    assert main(["--root", str(root), "generate"]) == 0, capsys.readouterr().err
    talks = sorted(p.name for p in (root / "site_src/talks").glob("*.md"))
    assert len(talks) == 10  # nine talks and the overview
    assert (root / "site_src/experts/jose-garcia.md").is_file()


def test_speakers_spelled_alike_are_one_expert_shown_as_most_often_written(
    pyvideo: ModuleType,
) -> None:
    """Assert that José García, Jose Garcia and JOSÉ GARCÍA are one expert; 山田 太郎, 1 get ids."""
    catalogue = pyvideo.read_catalogue(SAMPLE)
    experts = pyvideo.expert_ids(catalogue.talks)
    assert {experts[n] for n in ("José García", "Jose Garcia", "JOSÉ GARCÍA")} == {
        ("jose-garcia", "José García")
    }
    assert experts["Łukasz Nowak"] == experts["Lukasz Nowak"] == ("lukasz-nowak", "Łukasz Nowak")
    assert experts["山田 太郎"][0].startswith("speaker-")
    assert experts["Anna Smith"] == ("anna-smith", "Anna Smith")  # spaces collapsed
    assert experts["1"] == ("speaker-1", "1")  # YAML would read [1] as a number
    assert len(set(experts.values())) == 7


def test_odd_fields_are_left_out_and_bad_files_skipped(pyvideo: ModuleType) -> None:
    """Assert that numbers, nulls and strings where lists belong give defaults, never errors."""
    catalogue = pyvideo.read_catalogue(SAMPLE)
    by_slug = {(t.event, t.slug): t for t in catalogue.talks}
    odd = by_slug["meetup-no-category", "odd-fields"]
    assert (odd.title, odd.speakers, odd.date, odd.video, odd.language) == (
        "Odd fields everywhere",
        ("Anna Smith",),
        None,
        None,
        "en",
    )
    assert odd.tags == ("Data Science", "data-science")
    numbered = by_slug["europython-2020", "15260"]
    assert (numbered.title, numbered.speakers, numbered.date, numbered.duration) == (
        "15260",
        ("Single String Speaker",),
        None,
        None,
    )
    assert numbered.tags == ("notalist",)
    assert sorted(Path(p).name for p in catalogue.skipped) == ["array.json", "broken.json"]
    assert catalogue.events["meetup-no-category"] == ("meetup-no-category", "")


def test_recordings_ids_and_cache_are_written_for_the_archive(
    tmp_path: Path, pyvideo: ModuleType
) -> None:
    """Assert that ids are unique slugs, YouTube talks get an info JSON, others a duration."""
    root = tmp_path / "archive"
    pyvideo.convert(SAMPLE, root, questions=3)
    entries = {e["id"]: e for e in yaml.safe_load((root / "videos.yml").read_text("utf-8"))}
    assert "europython-2020-jose-garcia-asyncio" in entries  # the slug is in two events
    assert "pycon-de-2019-jose-garcia-asyncio" in entries
    assert "talk-15260" in entries  # YAML would read 15260 as a number
    assert entries["packaging"]["url"] == "https://media.example.org/europython/packaging.mp4"
    assert entries["packaging"]["duration"] == 2400
    assert entries["datenbanken-vimeo"]["duration"] == pyvideo.DEFAULT_DURATION
    assert entries["datenbanken-vimeo"]["language"] == "de"
    assert "url" not in entries["keynote-without-recording"]
    assert "[removed]" in entries["keynote-without-recording"]["description"]
    info = json.loads((root / "content/.cache/typing-in-practice.info.json").read_text("utf-8"))
    assert info == {
        "id": "Typing12345",
        "extractor_key": "Youtube",
        "title": "Typing in practice: mypy, pyright & friends",
        "duration": pyvideo.DEFAULT_DURATION,
    }
    assert not (root / "content/.cache/packaging.info.json").exists()


def test_conversion_is_deterministic(tmp_path: Path, pyvideo: ModuleType) -> None:
    """Assert that two conversions of the same checkout write the same files, byte for byte."""
    first, second = tmp_path / "a", tmp_path / "b"
    pyvideo.convert(SAMPLE, first)
    pyvideo.convert(SAMPLE, second)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)
