"""Tests of the write stage: changed-only writes, stale deletion, safe paths, copies."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from generator.errors import WunschzeitError
from generator.models import Output, SourceFile
from generator.pipeline.write import RECORD, WriteReport, write

OLD = 1_000_000_000  # a fixed mtime far in the past, so any rewrite shows


def _tree(folder: Path) -> dict[str, bytes]:
    """The files under `folder`, less write's bookkeeping (tested on its own below)."""
    return {
        key: p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and (key := p.relative_to(folder).as_posix()) not in _BOOKKEEPING
    }


_BOOKKEEPING = {".gitignore", RECORD}


def _age(folder: Path) -> None:
    for path in folder.rglob("*"):
        os.utime(path, (OLD, OLD))


def test_first_write_creates_every_file(tmp_path: Path) -> None:
    """Assert that a first write creates all outputs as UTF-8 with \\n and reports them."""
    target = tmp_path / "site_src"
    report = write({"index.md": "Grüße\r\nzwei\n", "a/b/c.bin": b"\x00\x01"}, target)
    assert report == WriteReport(written=("a/b/c.bin", "index.md"), deleted=(), unchanged=())
    assert _tree(target) == {"index.md": "Grüße\nzwei\n".encode(), "a/b/c.bin": b"\x00\x01"}


def test_unchanged_files_are_not_touched(tmp_path: Path) -> None:
    """Assert that rewriting equal content leaves files (and their mtimes) alone."""
    target = tmp_path / "site_src"
    outputs: dict[str, Output] = {"index.md": "eins\n", "talks/x.md": "zwei\n"}
    write(outputs, target)
    _age(target)
    report = write({**outputs, "talks/x.md": "drei\n"}, target)
    assert report == WriteReport(written=("talks/x.md",), deleted=(), unchanged=("index.md",))
    assert (target / "index.md").stat().st_mtime == OLD
    assert (target / "talks/x.md").stat().st_mtime != OLD
    assert (target / "talks/x.md").read_text(encoding="utf-8") == "drei\n"


def test_stale_files_and_empty_folders_are_deleted(tmp_path: Path) -> None:
    """Assert that generated files no longer rendered are deleted, their emptied folders too."""
    target = tmp_path / "site_src"
    write({"index.md": "x", "tags/alt.md": "y", "talks/a.md": "z"}, target)
    _age(target)  # the record is of the bytes, not of the files' times
    report = write({"index.md": "x", "talks/a.md": "z"}, target)
    assert report.deleted == ("tags/alt.md",)
    assert report.written == ()
    assert not (target / "tags").exists()
    assert sorted(_tree(target)) == ["index.md", "talks/a.md"]


def test_hand_written_files_are_never_deleted(tmp_path: Path) -> None:
    """Assert that files write did not write stay, in the top folder and in generated ones."""
    target = tmp_path / "site_src"
    (target / "img").mkdir(parents=True)
    (target / "impressum.md").write_text("# Impressum\n", encoding="utf-8")
    (target / "img" / "logo.svg").write_text("<svg/>", encoding="utf-8")
    write({"index.md": "x", "talks/a.md": "z"}, target)
    (target / "talks" / "notiz.md").write_text("mine", encoding="utf-8")
    report = write({"index.md": "y"}, target)
    assert report.deleted == ("talks/a.md",)
    assert report.kept == ()
    assert _tree(target) == {
        "impressum.md": b"# Impressum\n",
        "img/logo.svg": b"<svg/>",
        "index.md": b"y",
        "talks/notiz.md": b"mine",
    }


def test_a_hand_written_file_where_a_page_goes_is_an_error_naming_it(tmp_path: Path) -> None:
    """Assert that a hand-written file at a generated path stops write before anything changes."""
    target = tmp_path / "site_src"
    write({"index.md": "x"}, target)
    (target / "talks").mkdir()
    (target / "talks" / "index.md").write_text("meine Talks", encoding="utf-8")
    before = _tree(target)
    with pytest.raises(WunschzeitError) as caught:
        write({"index.md": "neu", "talks/index.md": "generiert"}, target)
    assert str(caught.value).startswith(
        "site_src/talks/index.md: written by hand, but Wunschzeit generates this file"
    )
    assert _tree(target) == before


@pytest.mark.parametrize("damage", ["missing", "garbage", "wrong-shape"])
def test_a_lost_record_deletes_nothing_and_reports_stale_files(tmp_path: Path, damage: str) -> None:
    """Assert that without a usable record nothing is deleted and stale files are reported."""
    target = tmp_path / "site_src"
    write({"index.md": "x", "talks/a.md": "z"}, target)
    (target / "impressum.md").write_text("# Impressum\n", encoding="utf-8")
    record = target / RECORD
    if damage == "missing":
        record.unlink()
    elif damage == "garbage":
        record.write_bytes(b"\xff{")
    else:
        record.write_text('{"format": 1, "files": ["impressum.md"]}', encoding="utf-8")
    (target / ".wunschzeit-state.json").write_text("{}", encoding="utf-8")  # generated before
    report = write({"index.md": "y"}, target)
    assert report.deleted == ()
    assert report.kept == ("impressum.md", "talks/a.md")
    assert "2 stale file(s) left in place" in report.summary
    assert (target / "impressum.md").read_text(encoding="utf-8") == "# Impressum\n"


def test_a_forged_record_cannot_delete_a_hand_written_file(tmp_path: Path) -> None:
    """Assert that a record naming a file whose bytes write did not write leaves that file."""
    target = tmp_path / "site_src"
    write({"index.md": "x"}, target)
    (target / "impressum.md").write_text("# Impressum\n", encoding="utf-8")
    data = json.loads((target / RECORD).read_text(encoding="utf-8"))
    data["files"]["impressum.md"] = "0" * 64
    (target / RECORD).write_text(json.dumps(data), encoding="utf-8")
    report = write({"index.md": "x"}, target)
    assert report.deleted == ()
    assert report.kept == ("impressum.md",)
    assert (target / "impressum.md").is_file()


def test_the_gitignore_lists_exactly_the_generated_files(tmp_path: Path) -> None:
    """Assert that site_src/.gitignore ignores itself, the record and every output, nothing else."""
    target = tmp_path / "site_src"
    (target).mkdir()
    (target / "impressum.md").write_text("# Impressum\n", encoding="utf-8")
    write({"index.md": "x", "talks/a b[1].md": "z"}, target)
    lines = [
        line
        for line in (target / ".gitignore").read_text(encoding="utf-8").splitlines()
        if not line.startswith("#")
    ]
    assert lines == [
        "/.gitignore",
        "/.wunschzeit-*",
        "/.wunschzeit-written.json",
        "/index.md",
        "/talks/a\\ b\\[1\\].md",
    ]


@pytest.mark.parametrize(
    "key",
    [
        "/etc/passwd",
        "../escape.md",
        "a/../../escape.md",
        "a\\b.md",
        "a\0b.md",
        "",
        "a//b.md",
        "./a.md",
    ],
)
def test_unsafe_keys_are_rejected_before_anything_is_written(tmp_path: Path, key: str) -> None:
    """Assert that a key leading outside the target raises, names the key, and writes nothing."""
    target = tmp_path / "site_src"
    write({"index.md": "alt"}, target)
    with pytest.raises(WunschzeitError) as raised:
        write({"index.md": "neu", "z.md": "neu", key: "böse"}, target)
    assert repr(key) in str(raised.value)
    assert _tree(target) == {"index.md": b"alt"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site_src"]


def test_symlinked_folder_leading_outside_is_rejected(tmp_path: Path) -> None:
    """Assert that a symlinked folder inside the target cannot redirect writes elsewhere."""
    target = tmp_path / "site_src"
    outside = tmp_path / "outside"
    outside.mkdir()
    target.mkdir()
    (target / "talks").symlink_to(outside, target_is_directory=True)
    with pytest.raises(WunschzeitError, match=re.escape("'talks/x.md': it leads outside")):
        write({"talks/x.md": "böse"}, target)
    assert list(outside.iterdir()) == []


def test_missing_source_file_leaves_target_untouched(tmp_path: Path) -> None:
    """Assert that a SourceFile that does not exist fails before any file is written."""
    target = tmp_path / "site_src"
    write({"index.md": "alt", "stale.md": "alt"}, target)
    missing = tmp_path / "media" / "fehlt.mp4"
    with pytest.raises(WunschzeitError, match=r"cannot copy .*fehlt\.mp4 to media/fehlt\.mp4"):
        write({"index.md": "neu", "media/fehlt.mp4": SourceFile(missing)}, target)
    assert _tree(target) == {"index.md": b"alt", "stale.md": b"alt"}


def test_source_files_are_copied_and_skipped_when_equal(tmp_path: Path) -> None:
    """Assert that a SourceFile is copied once, then left alone while its content is equal."""
    source = tmp_path / "talk.mp4"
    source.write_bytes(b"\x00video" * 1000)
    target = tmp_path / "site_src"
    outputs: dict[str, Output] = {"media/talk.mp4": SourceFile(source)}
    assert write(outputs, target).written == ("media/talk.mp4",)
    _age(target)
    assert write(outputs, target).unchanged == ("media/talk.mp4",)
    assert (target / "media/talk.mp4").stat().st_mtime == OLD
    source.write_bytes(b"\x01video" * 1000)  # same size, other bytes
    assert write(outputs, target).written == ("media/talk.mp4",)
    assert (target / "media/talk.mp4").read_bytes() == source.read_bytes()


def test_file_and_folder_swap_places(tmp_path: Path) -> None:
    """Assert that a stale file where a folder is now needed (and vice versa) is replaced."""
    target = tmp_path / "site_src"
    write({"a": "file", "b/c.md": "in folder"}, target)
    report = write({"a/x.md": "now a folder", "b": "now a file"}, target)
    assert report.written == ("a/x.md", "b")
    assert _tree(target) == {"a/x.md": b"now a folder", "b": b"now a file"}


def test_key_that_is_both_file_and_folder_is_rejected(tmp_path: Path) -> None:
    """Assert that outputs naming `a` and `a/b` at once are refused before writing."""
    with pytest.raises(
        WunschzeitError, match=re.escape("refusing to write output 'a/b.md': 'a' is a file")
    ):
        write({"a": "x", "a/b.md": "y"}, tmp_path / "site_src")
    assert not (tmp_path / "site_src").exists()


def test_archive_folder_is_never_a_target(tmp_path: Path) -> None:
    """Assert that write refuses a target holding videos.yml and deletes nothing there."""
    (tmp_path / "videos.yml").write_text("- id: x\n", encoding="utf-8")
    with pytest.raises(WunschzeitError, match=r"it holds videos\.yml"):
        write({"index.md": "x"}, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["videos.yml"]


def test_no_temp_files_are_left(tmp_path: Path) -> None:
    """Assert that the atomic temp files are gone after a write."""
    target = tmp_path / "site_src"
    write({"index.md": "x", "talks/a.md": "y"}, target)
    write({"index.md": "x2", "talks/a.md": "y2"}, target)
    assert sorted(_tree(target)) == ["index.md", "talks/a.md"]


def test_a_failing_file_stops_the_writes_not_yet_started(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Assert that the first error while staging is one message and the queued files are dropped."""
    from generator.pipeline import write as write_module

    real_stage = write_module._stage
    started: list[str] = []

    def stage(change: object, temp: Path) -> object:
        started.append(change.key)  # type: ignore[attr-defined]
        if change.key == "p000.md":  # type: ignore[attr-defined]
            raise OSError(28, "No space left on device", str(temp))
        return real_stage(change, temp)  # type: ignore[arg-type]

    monkeypatch.setattr(write_module, "_stage", stage)
    outputs: dict[str, Output] = {f"p{n:03}.md": f"# {n}\n" for n in range(300)}
    with pytest.raises(WunschzeitError, match="No space left"):
        write(outputs, tmp_path / "site_src")
    assert len(started) < len(outputs)


def test_a_killed_run_is_detected_and_repaired(tmp_path: Path) -> None:
    """Assert that a run killed while replacing (staged files left, pages half new) is repaired."""
    from generator.pipeline.write import STAGING, interrupted

    target = tmp_path / "site_src"
    write({"a.md": "old a", "b.md": "old b", "gone.md": "stale"}, target)
    (target / STAGING).mkdir()  # what a kill -9 leaves: staged files, some already moved
    (target / STAGING / "000001").write_text("new b", encoding="utf-8")
    (target / "a.md").write_text("new a", encoding="utf-8")
    assert interrupted(target)
    write({"a.md": "new a", "b.md": "new b"}, target)
    assert _tree(target) == {"a.md": b"new a", "b.md": b"new b"}
    assert not interrupted(target)
    assert sorted(p.name for p in target.iterdir()) == [".gitignore", RECORD, "a.md", "b.md"]


def test_disk_full_while_staging_replaces_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Assert that ENOSPC while staging is one `path: message` and every old file stays."""
    from generator.pipeline import write as write_module

    target = tmp_path / "site_src"
    write({"a.md": "old a", "b.md": "old b"}, target)
    before = {p: p.read_bytes() for p in target.rglob("*") if p.is_file()}
    real_stage = write_module._stage

    def stage(change: object, temp: Path) -> object:
        if change.key == "b.md":  # type: ignore[attr-defined]
            raise OSError(28, "No space left on device", str(temp))
        return real_stage(change, temp)  # type: ignore[arg-type]

    monkeypatch.setattr(write_module, "_stage", stage)
    with pytest.raises(WunschzeitError) as info:
        write({"a.md": "new a", "b.md": "new b"}, target)
    assert str(info.value) == f"{target}/.wunschzeit-staging/000001: No space left on device"
    assert {p: p.read_bytes() for p in target.rglob("*") if p.is_file()} == before


def test_read_only_target_is_one_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Assert that a site_src/ that cannot be written to gives `path: Permission denied`, no traceback."""
    target = tmp_path / "site_src"
    write({"a.md": "old"}, target)
    real_mkdir = Path.mkdir

    def mkdir(self: Path, *args: object, **kwargs: object) -> None:
        if self.parent == target:  # as on a read-only folder (we may run as root: no chmod)
            raise PermissionError(13, "Permission denied", str(self))
        real_mkdir(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "mkdir", mkdir)
    with pytest.raises(WunschzeitError) as info:
        write({"a.md": "new"}, target)
    assert str(info.value) == f"{target}/.wunschzeit-staging: Permission denied"
    assert (target / "a.md").read_text(encoding="utf-8") == "old"


def test_unreadable_source_file_is_one_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Assert that an unreadable mp4 is `path: Permission denied` and nothing is replaced."""
    video = tmp_path / "media" / "talk.mp4"
    video.parent.mkdir()
    video.write_bytes(b"mp4")
    target = tmp_path / "site_src"
    write({"a.md": "old"}, target)
    real_open = Path.open

    def open_(self: Path, *args: object, **kwargs: object) -> object:
        if self == video:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", open_)
    with pytest.raises(WunschzeitError) as info:
        write({"a.md": "new", "media/talk.mp4": SourceFile(video)}, target)
    assert str(info.value) == f"{video}: Permission denied"
    assert _tree(target) == {"a.md": b"old"}


@pytest.mark.parametrize("docs_dir", ["docs", "benchmarks", None])
def test_the_projects_own_folder_as_docs_dir_loses_no_file(
    tmp_path: Path, docs_dir: str | None
) -> None:
    """Assert that generating into a folder of the project's own files (also MkDocs' default
    `docs`) deletes none of them: they are not in write's record."""
    from generator.pipeline.generate import generate
    from tests.helpers.sample_site import copy_sample

    root = copy_sample(tmp_path / "archive")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    line = f"docs_dir: {docs_dir}\n" if docs_dir else ""
    config = config.replace("docs_dir: site_src\n", line).replace("site_src/.overrides", "x")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    own = root / (docs_dir or "docs")
    own.mkdir()
    (own / "bench.py").write_text("print(1)\n", encoding="utf-8")
    (own / "notes").mkdir()
    (own / "notes" / "plan.md").write_text("# Plan\n", encoding="utf-8")
    generate(root)
    generate(root)
    assert (own / "bench.py").read_text(encoding="utf-8") == "print(1)\n"
    assert (own / "notes" / "plan.md").read_text(encoding="utf-8") == "# Plan\n"
