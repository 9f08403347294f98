"""The folder listings the preview keeps (load.Memo) are what files_under lists."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from generator.pipeline import load, stamps
from generator.recordings import videos_yml


def _tree(root: Path) -> None:
    for where in (
        "content/talks/a/q1.md",
        "content/talks/a/q2.md",
        "content/talks/a-b/q.md",
        "content/talks/a/b/deep.md",
        "content/talks/.hidden/x.md",
        "content/talks/a/.dot.md",
        "content/talks/__pycache__/c.pyc",
        "content/experts/e.md",
    ):
        (root / where).parent.mkdir(parents=True, exist_ok=True)
        (root / where).write_text("x", encoding="utf-8")
    os.symlink("q1.md", root / "content/talks/a/link.md")
    os.symlink("../a", root / "content/talks/a-b/folder-link")
    os.symlink("/etc/hostname", root / "content/talks/a-b/outside.md")


def _both(root: Path, memo: load.Memo, **how: object) -> None:
    """Assert that the listing with `memo` is the plain one, links too."""
    plain_links: list[str] = []
    kept_links: list[str] = []
    plain = load.files_under(root, "content", links=plain_links, **how)  # type: ignore[arg-type]
    kept = load.files_under(root, "content", links=kept_links, memo=memo, **how)  # type: ignore[arg-type]
    assert kept == plain
    assert sorted(kept_links) == sorted(plain_links)


@pytest.mark.parametrize("how", [{}, {"dot_files": True, "skip": ("__pycache__",)}])
def test_kept_listings_list_what_files_under_lists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: dict[str, object]
) -> None:
    """Assert that, folder changes or not, the kept listings give files_under's list, and
    that an unchanged folder is not read again."""
    monkeypatch.setattr(stamps, "RACY_NS", 0)  # trust a folder read just after its change
    _tree(tmp_path)
    memo = load.Memo()
    _both(tmp_path, memo, **how)
    read: list[str] = []
    original = load._read_folder

    def counted(folder: str, path: str, how_: tuple[bool, tuple[str, ...]]) -> list[load.Entry]:
        read.append(folder)
        return original(folder, path, how_)

    monkeypatch.setattr(load, "_read_folder", counted)
    _both(tmp_path, memo, **how)
    assert read == []  # plain files_under does not use _read_folder: none was read again
    time.sleep(0.05)  # past the file system's clock tick
    (tmp_path / "content/talks/a/q3.md").write_text("x", encoding="utf-8")
    (tmp_path / "content/talks/a-b/q.md").unlink()
    os.rename(tmp_path / "content/talks/a/b/deep.md", tmp_path / "content/talks/a/b/deeper.md")
    (tmp_path / "content/talks/a/b/sub").mkdir()
    (tmp_path / "content/talks/a/b/sub/new.md").write_text("x", encoding="utf-8")
    _both(tmp_path, memo, **how)
    assert set(read) == {"content/talks/a", "content/talks/a-b", "content/talks/a/b"} | {
        "content/talks/a/b/sub"
    }


def test_a_folder_changed_just_before_it_is_read_is_not_kept(tmp_path: Path) -> None:
    """Assert that a folder read within two seconds of its change is read again next time:
    a second change in the same clock tick could leave its times as they were."""
    _tree(tmp_path)
    memo = load.Memo()
    _both(tmp_path, memo)
    assert not memo._folders


def test_videos_yml_is_parsed_again_only_when_its_bytes_differ(tmp_path: Path) -> None:
    """Assert that the memo gives videos_yml.read's talks, parsing again after any change."""
    videos = tmp_path / "videos.yml"
    videos.write_text("- id: a\n  title: A\n", encoding="utf-8")
    memo = load.Memo()
    first = memo.videos(tmp_path, None)
    assert first == videos_yml.read(tmp_path)
    assert memo.videos(tmp_path, videos.read_bytes()) is first
    videos.write_text("- id: a\n  title: B\n", encoding="utf-8")
    again = memo.videos(tmp_path, None)
    assert again == videos_yml.read(tmp_path) and again != first
    videos.unlink()
    assert memo.videos(tmp_path, None) == videos_yml.read(tmp_path)
