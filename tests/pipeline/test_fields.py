"""Contact data in a Markdown body is reported at the line of each piece, however many."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import ContentError
from generator.pipeline.generate import build_archive
from tests.helpers.ondisk import make_archive, question


def test_every_piece_in_a_body_is_reported_at_its_line(tmp_path: Path) -> None:
    """Assert that three pieces of contact data in one answer summary (two on one line) each
    give a problem at their own line: lines are counted once, from piece to piece."""
    body = "\nAntwort.\n\nMail: a@example.org\nTel. 089 12345678, Mail c@example.org\n\nEnde.\n"
    root = make_archive(
        tmp_path,
        {"content/talks/talk-a/a.md": question(question="Wie?", status="collected") + body},
    )
    with pytest.raises(ContentError) as caught:
        build_archive(root)
    found = [f"{p.line}: {p.message}" for p in caught.value.problems if p.path.endswith("a.md")]
    assert found == [
        "8: the Markdown text contains an e-mail address; e-mail addresses are never published",
        "9: the Markdown text contains a phone number; phone numbers are never published",
        "9: the Markdown text contains an e-mail address; e-mail addresses are never published",
    ]


def test_a_repeated_name_or_tag_with_contact_data_is_reported_in_every_file(
    tmp_path: Path,
) -> None:
    """Assert that the same asker name and tag, each holding contact data, give a problem in
    each of two question files: short texts' contact kinds are looked up once per run
    (`fields.contact_kinds`), and the second file is reported all the same."""
    asked = question(question="Wie?", asked_by="'a@example.org'", tags="['089 12345678']")
    root = make_archive(
        tmp_path,
        {"content/talks/talk-a/a.md": asked, "content/talks/talk-a/b.md": asked},
    )
    with pytest.raises(ContentError) as caught:
        build_archive(root)
    found = sorted(
        f"{Path(p.path).name}:{p.line}: {p.message}"
        for p in caught.value.problems
        if p.path.endswith(("a.md", "b.md"))
    )
    assert found == [
        f"{name}:{line}: '{key}' contains {what}; {plural} are never published"
        for name in ("a.md", "b.md")
        for line, key, what, plural in (
            (3, "asked_by", "an e-mail address", "e-mail addresses"),
            (4, "tags", "a phone number", "phone numbers"),
        )
    ]
