"""benchmarks/pagefind_api.py writes its index where it is told, and nowhere else."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from tests.helpers.paths import REPO
from tests.helpers.sample_site import copy_sample


@pytest.mark.parametrize("mode", ["pages-fast", "records-fast"])
def test_api_modes_write_only_the_output(tmp_path: Path, mode: str) -> None:
    """Assert that the Python API modes index the sample's archive.json into OUTPUT and leave
    nothing in the folder they run from (leaving PagefindIndex's context wrote a second copy
    of the index to ./pagefind/ there: beside videos.yml when run from the repository)."""
    root = copy_sample(tmp_path / "archive")
    assert main(["--root", str(root), "generate"]) == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    script = REPO / "benchmarks/pagefind_api.py"
    command = [sys.executable, str(script), mode, str(root / "site_src"), str(tmp_path / "index")]
    result = subprocess.run(command, cwd=elsewhere, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["files"] > 0
    assert (tmp_path / "index/pagefind-entry.json").is_file()
    assert sorted(elsewhere.iterdir()) == []
