"""Tests of the organisation's own pages in site_src/: found, linked, never deleted."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from generator.errors import Problem
from generator.models import OwnPage
from generator.pipeline.generate import build_archive, generate
from generator.pipeline.own_pages import read_own_pages
from generator.render import player
from tests.helpers.ondisk import make_archive

IMPRESSUM = "---\ntitle: Impressum\n---\n# Impressum\n\nNordwerk Beispiel GmbH\n"


def test_own_pages_are_found_with_their_titles(tmp_path: Path) -> None:
    """Assert that top-level hand-written pages are found, titled by front matter or heading."""
    root = make_archive(
        tmp_path,
        {
            "site_src/impressum.md": IMPRESSUM,
            "site_src/ueber-uns.md": "# Über   uns\n\nText.\n",
            "site_src/kontakt.md": "Nur Text, keine Überschrift.\n",
            "site_src/unterordner/seite.md": "# Nicht oben\n",
        },
    )
    pages, problems = read_own_pages(root, "site_src")
    assert pages == (
        OwnPage("impressum.md", "Impressum"),
        OwnPage("kontakt.md", "kontakt"),
        OwnPage("ueber-uns.md", "Über uns"),
    )
    assert problems == ()


def test_the_page_that_links_the_privacy_page_is_the_privacy_statement(tmp_path: Path) -> None:
    """Assert that an own page linking privacy.md (inline or by reference) is marked as the
    privacy statement, and pages that only mention it or link a look-alike are not."""
    root = make_archive(
        tmp_path,
        {
            "site_src/datenschutz.md": "# Datenschutz\n\nWiderruf: [Einstellungen](privacy.md#consents).\n",
            "site_src/policy.md": "# Policy\n\nSee [settings][s].\n\n[s]: ./privacy.md\n",
            "site_src/impressum.md": IMPRESSUM + "\nprivacy.md, [alt](privacy.md.bak)\n",
        },
    )
    pages, _ = read_own_pages(root, "site_src")
    assert [(page.path, page.privacy) for page in pages] == [
        ("datenschutz.md", True),
        ("impressum.md", False),
        ("policy.md", True),
    ]


def test_generated_and_unusable_pages_are_not_linked(tmp_path: Path) -> None:
    """Assert that generated, misnamed, broken and template pages are reported or left out."""
    root = make_archive(tmp_path)
    generate(root)  # writes index.md and privacy.md, recorded as generated
    site_src = root / "site_src"
    (site_src / "mit leerzeichen.md").write_text("# X\n", encoding="utf-8")
    (site_src / "kaputt.md").write_text('---\ntitle: "offen\n---\n', encoding="utf-8")
    (site_src / "vorlage.md").write_text(
        "---\ntitle: Impressum\nwunschzeit_template: true\n---\n", encoding="utf-8"
    )
    (site_src / "latin1.md").write_bytes("# Über\n".encode("latin-1"))
    pages, problems = read_own_pages(root, "site_src")
    assert pages == (OwnPage("vorlage.md", "Impressum"),)
    assert [(p.path, p.line) for p in problems] == [
        ("site_src/kaputt.md", 3),
        ("site_src/latin1.md", 1),
        ("site_src/mit leerzeichen.md", 1),
        ("site_src/vorlage.md", 1),
    ]
    assert problems[2] == Problem(
        "site_src/mit leerzeichen.md",
        1,
        "not linked from the footer: name it with letters, digits, - and _ only",
    )
    assert problems[3].message.startswith("still the template from `wunschzeit init`")


def test_footer_links_own_pages_with_titles_as_text(tmp_path: Path) -> None:
    """Assert that the footer partial links each own page and a hostile title stays text."""
    root = make_archive(
        tmp_path,
        {
            "site_src/impressum.md": IMPRESSUM,
            "site_src/boese.md": '---\ntitle: "{{ config.x }}{% raw %}<script>alert(1)</script>"\n---\n',
        },
    )
    archive = build_archive(root)
    partial = player.privacy_outputs(archive)[player.COPYRIGHT_PARTIAL]
    assert isinstance(partial, str)
    assert '  · <a class="wz-own-page" href="{{ \'impressum/\' | url }}">Impressum</a>\n' in partial
    assert (
        "href=\"{{ 'boese/' | url }}\">&#123;&#123; config.x &#125;&#125;&#123;&#37; raw "
        "&#37;&#125;&lt;script&gt;alert(1)&lt;/script&gt;</a>"
    ) in partial
    assert "<script>" not in partial


def test_deleting_a_talk_removes_its_pages_but_never_the_imprint(tmp_path: Path) -> None:
    """Assert that a talk's generated pages go with it while hand-written pages stay."""
    root = make_archive(tmp_path, {"site_src/impressum.md": IMPRESSUM})
    generate(root)
    site_src = root / "site_src"
    assert (site_src / "talks/talk-a.md").is_file()
    (root / "videos.yml").write_text("[]\n", encoding="utf-8")
    shutil.rmtree(root / "content/talks/talk-a")
    report = generate(root)
    assert "talks/talk-a.md" in report.deleted
    assert not (site_src / "talks/talk-a.md").exists()
    assert (site_src / "impressum.md").read_text(encoding="utf-8") == IMPRESSUM


def test_git_status_is_clean_after_generate_in_a_fresh_clone(tmp_path: Path) -> None:
    """Assert that site_src/.gitignore hides every generated file, and only those."""
    root = make_archive(tmp_path / "archiv", {"site_src/impressum.md": IMPRESSUM})
    git = ["git", "-c", "user.name=T", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q", str(root)], check=True)
    subprocess.run([*git, "-C", str(root), "add", "-A"], check=True)
    subprocess.run([*git, "-C", str(root), "commit", "-qm", "x"], check=True)
    generate(root)
    (root / "site_src/datenschutz.md").write_text("# Datenschutz\n", encoding="utf-8")
    status = subprocess.run(
        ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=all"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert status == "?? site_src/datenschutz.md\n"
