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
