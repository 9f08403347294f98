"""The labelled near-duplicate pairs and benchmarks/duplicates.py, which measures the import on them."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from types import ModuleType

from tests.helpers.paths import REPO


def _benchmark() -> ModuleType:
    path = REPO / "benchmarks" / "duplicates.py"
    spec = importlib.util.spec_from_file_location("wunschzeit_duplicates", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_labelled_set_is_balanced() -> None:
    """Assert that the set holds 100 duplicates and 100 look-alikes, in German and English."""
    pairs = _benchmark().read_pairs()
    counts = Counter((p.duplicate, p.language) for p in pairs)
    assert counts == {(True, "de"): 50, (True, "en"): 50, (False, "de"): 50, (False, "en"): 50}
    assert all(p.first != p.second for p in pairs)


def test_import_at_the_default_threshold_keeps_its_measured_quality() -> None:
    """Assert that the import's precision and recall at 85 are at least the README's figures."""
    bench = _benchmark()
    pairs = bench.read_pairs()
    measured = bench.score(pairs, [bench.import_finds(p, 85) for p in pairs])
    assert (measured.precision >= 0.75, measured.recall >= 0.98) == (True, True)
