"""Tests that the README's walkthrough and scripts/walkthrough.sh, which CI runs, stay the same."""

from __future__ import annotations

import re

from tests.helpers.paths import REPO

SECTION = "## From init to a published site"
START = "# --- walkthrough: the README's commands ---"
END = "# --- end of walkthrough ---"
NOT_RUN = ["git push -u origin main"]  # needs the real repository


def _section() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.index(f"\n{SECTION}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def _block(language: str) -> list[str]:
    blocks = re.findall(rf"^```{language}\n(.*?)^```$", _section(), re.MULTILINE | re.DOTALL)
    assert len(blocks) == 1, f"the walkthrough must have one ```{language} block"
    return blocks[0].splitlines()


def _commands(lines: list[str]) -> list[str]:
    return [line for line in lines if line.strip() and not line.lstrip().startswith("#")]


def _script() -> str:
    return (REPO / "scripts" / "walkthrough.sh").read_text(encoding="utf-8")


def test_the_script_runs_the_readme_commands_but_the_push() -> None:
    """Assert that the script's walkthrough lines are the README's, in order, less `git push`."""
    script = _script()
    ran = script[script.index(START) + len(START) : script.index(END)].splitlines()
    assert _commands(_block("sh")) == [*_commands(ran), *NOT_RUN]


def test_the_script_writes_the_csv_the_readme_shows() -> None:
    """Assert that the questions the script imports are the CSV shown in the README."""
    csv = _script().split("cat > fragen.csv <<'CSV'\n")[1].split("\nCSV\n")[0]
    assert _block("csv") == csv.splitlines()
