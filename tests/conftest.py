"""Shared pytest setup: the repository root on sys.path (for `tests.helpers`), `--update-golden`."""

from __future__ import annotations

import sys

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
