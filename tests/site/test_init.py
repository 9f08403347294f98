"""Tests of `wunschzeit init`: a new archive that checks and builds, and never overwrites."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.pipeline.validate import TALK_FIELDS
from tests.helpers.paths import REPO

SCAFFOLD = REPO / "generator" / "scaffold"
EXPECTED_FILES = [
    ".github/workflows/wunschzeit.yml",
    ".gitignore",
    ".gitlab-ci.yml",
    "content/events/meine-veranstaltung.md",
    "content/experts/erika-muster.md",
    "content/talks/erster-talk/frage-beispiel.md",
    "mkdocs.yml",
    "requirements.txt",
    "site_src/datenschutz.md",
    "site_src/impressum.md",
    "videos.yml",
]


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_init_creates_an_archive_that_checks_and_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that init (outside any archive) gives a folder that checks and builds strictly."""
    monkeypatch.chdir(tmp_path)
    assert main(["init", "neu"]) == 0
    assert capsys.readouterr().out == (
        "created a new archive in neu (11 files)\n"
        "next: fill in neu/site_src/ (imprint, privacy statement), then:\n"
        "      cd neu && wunschzeit serve\n"
    )
    root = tmp_path / "neu"
    assert _files(root) == EXPECTED_FILES
    # The imprint and privacy templates must be filled in, and site_url set, before the site
    # is published.
    assert main(["--root", "neu", "check", "--strict"]) == 1
    warned = capsys.readouterr().err
    for page in ("datenschutz", "impressum"):
        assert f"site_src/{page}.md:1: warning: still the template from `wunschzeit init`" in warned
    assert "mkdocs.yml:1: warning: no site_url: " in warned
    for page in ("datenschutz", "impressum"):
        path = root / "site_src" / f"{page}.md"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("wunschzeit_template: true\n", ""), encoding="utf-8")
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("site_url: https://example.org/neu/\n")
    assert main(["--root", "neu", "check", "--strict"]) == 0
    assert main(["--root", "neu", "generate"]) == 0
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (root / "site" / "talks" / "erster-talk" / "index.html").is_file()
    assert (root / ".gitignore").read_text(encoding="utf-8").splitlines()[2:] == ["site/"]
    footer = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="impressum/">Impressum</a>' in footer
    assert 'href="datenschutz/">Datenschutzerklärung</a>' in footer
    assert "Angaben gemäß § 5" in (root / "site/impressum/index.html").read_text(encoding="utf-8")


def test_init_in_english_writes_english_templates(tmp_path: Path) -> None:
    """Assert that --language en gives the English imprint and privacy policy templates."""
    assert main(["init", str(tmp_path / "new"), "--language", "en"]) == 0
    created = [p.relative_to(tmp_path / "new").as_posix() for p in (tmp_path / "new").rglob("*.md")]
    assert sorted(c for c in created if c.startswith("site_src/")) == [
        "site_src/imprint.md",
        "site_src/privacy-policy.md",
    ]
    assert (
        (tmp_path / "new/site_src/imprint.md")
        .read_text(encoding="utf-8")
        .startswith("---\ntitle: Imprint\n")
    )


def test_init_in_english_writes_an_english_mkdocs_yml(tmp_path: Path) -> None:
    """Assert that --language en gives mkdocs.yml an English nav and theme language, and
    that the German one stays the default."""
    assert main(["init", str(tmp_path / "en"), "--language", "en"]) == 0
    assert main(["init", str(tmp_path / "de")]) == 0
    english = yaml.safe_load((tmp_path / "en/mkdocs.yml").read_text(encoding="utf-8"))
    german = yaml.safe_load((tmp_path / "de/mkdocs.yml").read_text(encoding="utf-8"))
    assert english["theme"]["language"] == "en" and german["theme"]["language"] == "de"
    assert [next(iter(item)) for item in english["nav"]] == [
        "Home",
        "Talks",
        "Experts",
        "Events",
        "Topics",
        "Open questions",
    ]
    assert [next(iter(item)) for item in german["nav"]][-1] == "Offene Fragen"
    pages = [next(iter(item.values())) for item in english["nav"]]
    assert pages == [next(iter(item.values())) for item in german["nav"]]


def test_init_into_an_empty_existing_folder(tmp_path: Path) -> None:
    """Assert that an existing but empty folder is fine."""
    (tmp_path / "leer").mkdir()
    assert main(["init", str(tmp_path / "leer")]) == 0
    assert _files(tmp_path / "leer") == EXPECTED_FILES


def test_init_refuses_a_folder_that_is_not_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that init into a non-empty folder exits 2, says why and changes nothing."""
    target = tmp_path / "voll"
    target.mkdir()
    (target / "videos.yml").write_text("# meins\n", encoding="utf-8")
    assert main(["init", str(target)]) == 2
    assert capsys.readouterr().err == (
        f"wunschzeit: error: {target} is not empty; choose a new folder for the archive\n"
    )
    assert _files(target) == ["videos.yml"]
    assert (target / "videos.yml").read_text(encoding="utf-8") == "# meins\n"


def test_init_refuses_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Assert that init onto an existing file exits 2."""
    target = tmp_path / "datei"
    target.write_text("x", encoding="utf-8")
    assert main(["init", str(target)]) == 2
    assert "exists and is not a folder" in capsys.readouterr().err


def test_scaffold_mkdocs_yml_follows_the_sample(tmp_path: Path) -> None:
    """Assert that the scaffold's mkdocs.yml equals the repo's apart from the site's own names."""
    own = {"site_name", "site_description", "site_url"}
    sample = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    scaffold = yaml.safe_load((SCAFFOLD / "localized/de/mkdocs.yml").read_text(encoding="utf-8"))
    assert {k: v for k, v in scaffold.items() if k not in own} == {
        k: v for k, v in sample.items() if k not in own
    }
    assert scaffold["site_name"] != sample["site_name"]


def test_scaffold_videos_yml_explains_every_field() -> None:
    """Assert that every field validate accepts in videos.yml has a comment line in the
    scaffold and a row in the README's table, in that order, and the talk has no recording."""
    text = (SCAFFOLD / "videos.yml").read_text(encoding="utf-8")
    comment_keys = re.findall(r"^#   (\w+) ", text, flags=re.MULTILINE)
    assert comment_keys == list(TALK_FIELDS)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("\n### `videos.yml`\n") :].split("\n### ", 2)[1]
    assert re.findall(r"^\| `(\w+)` \|", section, flags=re.MULTILINE) == list(TALK_FIELDS)
    talks = yaml.safe_load(text)
    assert [talk["id"] for talk in talks] == ["erster-talk"]
    assert "url" not in talks[0]
