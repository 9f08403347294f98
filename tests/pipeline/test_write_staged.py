"""Tests of rendered files staged as they are made (write.staging): moved into place by write,
the same bytes and record as text given to write, and a run killed before write detected."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from generator.errors import WunschzeitError
from generator.models import Output
from generator.pipeline import generate as pipeline
from generator.pipeline import incremental, write
from generator.pipeline.write import RECORD, STAGING, Staged, interrupted, staging
from tests.helpers.sample_site import copy_sample

OLD = 1_000_000_000


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".wunschzeit-cache" not in p.parts
    }


def test_staged_files_are_moved_into_place(tmp_path: Path) -> None:
    """Assert that a staged file becomes the target's file itself (no copy), with its bytes
    normalised as write normalises text, its SHA-256 recorded, and the staging folder gone."""
    target = tmp_path / "site_src"
    with staging(target) as opened:
        outputs = opened.stage({"talks/a.md": "Grüße\r\n", "b.bin": b"\x00"})
    assert all(isinstance(o, Staged) for o in outputs.values())
    inode = os.stat(outputs["talks/a.md"].path).st_ino  # type: ignore[union-attr]
    report = write.write(outputs, target, opened)
    assert report.written == ("b.bin", "talks/a.md")
    assert (target / "talks/a.md").stat().st_ino == inode
    assert (target / "talks/a.md").read_bytes() == "Grüße\n".encode()
    assert not (target / STAGING).exists()
    plain = tmp_path / "plain"
    write.write({"talks/a.md": "Grüße\r\n", "b.bin": b"\x00"}, plain)
    assert _files(target) == _files(plain)  # the record and .gitignore as well


def test_an_unchanged_staged_file_is_left_alone(tmp_path: Path) -> None:
    """Assert that a staged file equal to the target's is reported unchanged, not replaced,
    and keeps its hash in the record."""
    target = tmp_path / "site_src"
    write.write({"a.md": "eins\n"}, target)
    recorded = json.loads((target / RECORD).read_text(encoding="utf-8"))
    os.utime(target / "a.md", (OLD, OLD))
    with staging(target) as opened:
        outputs = opened.stage({"a.md": "eins\n"})
    report = write.write(outputs, target, opened)
    assert report.unchanged == ("a.md",) and not report.written
    assert (target / "a.md").stat().st_mtime == OLD
    assert json.loads((target / RECORD).read_text(encoding="utf-8")) == recorded


def test_a_run_stopped_after_staging_is_interrupted_and_repaired(tmp_path: Path) -> None:
    """Assert that the staging folder is there from render on (a kill then is seen by the next
    run), that it goes when render fails, and that the next write removes what was left."""
    target = tmp_path / "site_src"
    with pytest.raises(RuntimeError), staging(target) as opened:
        opened.stage({"a.md": "x"})
        raise RuntimeError("render failed")
    assert not interrupted(target)
    with staging(target) as opened:
        opened.stage({"a.md": "x"})  # then killed: write never runs
    assert interrupted(target)
    report = write.write({"a.md": "y"}, target)
    assert report.written == ("a.md",) and not interrupted(target)
    assert (target / "a.md").read_text(encoding="utf-8") == "y"


def test_write_refusing_removes_the_staging_folder(tmp_path: Path) -> None:
    """Assert that when write refuses (a file written by hand where a page goes), nothing is
    replaced and the staging folder it took over is removed."""
    target = tmp_path / "site_src"
    target.mkdir()
    (target / "a.md").write_text("mine", encoding="utf-8")
    with staging(target) as opened:
        outputs = opened.stage({"a.md": "generated"})
    with pytest.raises(WunschzeitError, match="written by hand"):
        write.write(outputs, target, opened)
    assert (target / "a.md").read_text(encoding="utf-8") == "mine"
    assert not (target / STAGING).exists()


def test_generate_stages_rendered_pages_as_it_renders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Assert that generate gives write no page's text (each is staged as rendered) and that
    site_src/ is byte for byte what writing the rendered text gives."""
    root = copy_sample(tmp_path / "staged")
    given: list[dict[str, Output]] = []
    real = write.write

    def spy(outputs: dict[str, Output], *args: object, **kwargs: object) -> write.WriteReport:
        given.append(dict(outputs))
        return real(outputs, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(write, "write", spy)
    pipeline.generate(root)
    monkeypatch.undo()
    pages = {k: v for k, v in given[0].items() if k.endswith((".md", ".xml", ".json"))}
    assert "talks/index.md" in pages and "archive.json" in pages
    assert not [k for k, v in pages.items() if isinstance(v, str | bytes) and k != "privacy.md"]

    other = copy_sample(tmp_path / "text")
    archive = pipeline.build_archive(other)
    outputs, _ = incremental.render_outputs(archive)
    write.write(outputs, other / "site_src")
    written = _files(root / "site_src")
    written.pop(".wunschzeit-state.json")
    assert written == _files(other / "site_src")
