"""Shared pytest setup: the repository root on sys.path (for `tests.helpers`), `--update-golden`,
and no test leaving a background thread behind for the next one."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest

from tests.helpers.paths import REPO

# One way to import test helpers: `from tests.helpers.<module> import ...`.
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden files under tests/golden/ from the current output",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when the run was started with --update-golden."""
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(autouse=True)
def _background_deletions_finished() -> Iterator[None]:
    """Wait after each test for the deletions `build` left running (site/trash.py).

    A build deletes the previous site/ in a background thread; one still running in the next
    test makes the process look threaded, and `pipeline.parallel` then keeps work in-process
    (tests/pipeline/test_parallel.py saw that as a failure, and its killed "worker" was pytest).
    """
    yield
    from generator.site import trash

    while trash._running:
        trash._running.pop().join()
