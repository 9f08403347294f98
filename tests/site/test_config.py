"""mkdocs.yml as the generator reads it: tolerant of MkDocs' tags, strict about docs_dir."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import ContentError
from generator.site.config import read_settings


def settings_of(tmp_path: Path, text: str) -> object:
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    return read_settings(tmp_path)


def test_reads_language_and_names(tmp_path: Path) -> None:
    """Assert that site name, URL, docs_dir and the theme's language are read, MkDocs tags ignored."""
    text = "site_name: A\nsite_url: https://x.example/\ndocs_dir: site_src\ntheme:\n  name: material\n  language: en\nextra:\n  key: !ENV SECRET\n  f: !!python/name:builtins.print\n"
    s = settings_of(tmp_path, text)
    assert (s.site_name, s.site_url, s.docs_dir, s.language) == (
        "A",
        "https://x.example/",
        "site_src",
        "en",
    )  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "docs_dir", [".", "content", "content/x", "../elsewhere", "/tmp/x", "media", ""]
)
def test_dangerous_docs_dir_refused(tmp_path: Path, docs_dir: str) -> None:
    """Assert that a docs_dir that would let the generator delete the editor's files is refused."""
    with pytest.raises(ContentError) as info:
        settings_of(tmp_path, f"site_name: A\ndocs_dir: '{docs_dir}'\n")
    assert "docs_dir" in str(info.value)
    assert str(info.value).startswith("mkdocs.yml:2: ")


def test_malformed_mkdocs_yml(tmp_path: Path) -> None:
    """Assert that malformed mkdocs.yml names the line."""
    with pytest.raises(ContentError) as info:
        settings_of(tmp_path, "site_name: A\ntheme: [\n")
    assert (
        str(info.value)
        == "mkdocs.yml:3: malformed YAML: expected the node content, but found '<stream end>'"
    )


@pytest.mark.parametrize(
    ("site_dir", "why"),
    [
        ("content", "it is, holds or lies inside content/"),
        ("media", "it is, holds or lies inside media/"),
        ("content/.cache", "it is, holds or lies inside content/"),
        ("media/site", "it is, holds or lies inside media/"),
        (".git", "it is, holds or lies inside .git/"),
        (".", "it is the archive folder itself"),
        ("..", "it lies outside the archive"),
        ("/tmp/elsewhere", "it lies outside the archive"),
        ("site_src", "it is, holds or lies inside docs_dir"),
        ("site_src/site", "it is, holds or lies inside docs_dir"),
    ],
)
def test_dangerous_site_dir_refused(tmp_path: Path, site_dir: str, why: str) -> None:
    """Assert that a site_dir whose replacement would delete the editor's files is refused, naming its line."""
    with pytest.raises(ContentError) as info:
        settings_of(tmp_path, f"site_name: A\ndocs_dir: site_src\nsite_dir: '{site_dir}'\n")
    assert str(info.value) == (
        f"mkdocs.yml:3: site_dir '{site_dir}' is not allowed: {why}; Wunschzeit replaces it "
        "with every build, so it must be a folder of its own inside the archive (e.g. "
        "site_src, site)"
    )


def test_both_output_folders_wrong_are_reported_together(tmp_path: Path) -> None:
    """Assert that a bad docs_dir and a bad site_dir are both reported, each on its line."""
    (tmp_path / "content").mkdir()
    (tmp_path / "out").symlink_to("content")
    with pytest.raises(ContentError) as info:
        settings_of(tmp_path, "site_name: A\ndocs_dir: out\nsite_dir: media\n")
    lines = str(info.value).splitlines()
    assert [line.split(" is not allowed")[0] for line in lines] == [
        "mkdocs.yml:2: docs_dir 'out'",
        "mkdocs.yml:3: site_dir 'media'",
    ]


@pytest.mark.parametrize("key", ["docs_dir", "site_dir"])
def test_symlinked_output_folder_refused(tmp_path: Path, key: str) -> None:
    """Assert that a docs_dir or site_dir that is a symlink (here to content/) is refused."""
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "keep.md").write_text("x", encoding="utf-8")
    (tmp_path / "out").symlink_to("content")
    other = "site" if key == "docs_dir" else "site_src"
    text = f"site_name: A\n{key}: out\n{'site_dir' if key == 'docs_dir' else 'docs_dir'}: {other}\n"
    with pytest.raises(ContentError) as info:
        settings_of(tmp_path, text)
    assert str(info.value).startswith(
        f"mkdocs.yml:2: {key} 'out' is not allowed: it is a symlink or lies in a symlinked folder;"
    )
    assert (tmp_path / "content" / "keep.md").is_file()


def test_default_site_dir_and_usual_folders_pass(tmp_path: Path) -> None:
    """Assert that the usual docs_dir and a missing site_dir line (MkDocs' default `site`) pass."""
    (tmp_path / "content").mkdir()
    assert settings_of(tmp_path, "site_name: A\ndocs_dir: site_src\n").docs_dir == "site_src"  # type: ignore[attr-defined]
