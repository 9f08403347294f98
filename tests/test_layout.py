"""The package's import rules, read from the code: who may import whom, and no cycles.

Every `import` and `from ... import` anywhere in a module counts, also inside functions: an
import deferred into a function is still a dependency (the JSON-LD ↔ talk cycle hid that way).
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.paths import REPO

PACKAGE = REPO / "generator"
BASE = {"generator.models", "generator.errors", "generator.timestamps", "generator.constants"}
NETWORK = ("generator.recordings.fetch", "yt_dlp", "urllib.request", "http.client", "socket")

# subpackage → subpackages (and top-level modules) it must never reach, directly or not
FORBIDDEN = {
    "generator.pipeline": ("generator.cli",),
    "generator.render": ("generator.cli", *NETWORK),
    "generator.recordings": ("generator.cli", "generator.pipeline", "generator.render"),
    "generator.intake": ("generator.cli", "generator.render", "generator.site"),
    "generator.site": ("generator.cli", "generator.recordings.fetch"),
    "generator.align": ("generator.cli", "generator.render", "generator.site", *NETWORK),
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@functools.cache
def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imported(path: Path, known: dict[str, Path]) -> Iterator[str]:
    """The modules `path` imports: package modules by their full name, others by theirs."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                yield full if full in known else node.module


@functools.cache
def graph() -> dict[str, set[str]]:
    """Module → the modules it imports (of the package and outside it)."""
    known = _modules()
    return {name: set(_imported(path, known)) for name, path in known.items()}


def _reach(edges: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for target in edges.get(todo.pop(), ()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def test_the_base_modules_import_nothing_else_of_the_package() -> None:
    """Assert that models, errors, timestamps and constants import only each other."""
    edges = graph()
    for name in sorted(BASE):
        ours = {t for t in edges[name] if _within(t, "generator")}
        assert ours <= BASE, f"{name} imports {sorted(ours - BASE)}"


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_package_reaches_what_it_must_not(package: str) -> None:
    """Assert that no module of `package` reaches a forbidden module, directly or through others."""
    edges = graph()
    for name in sorted(n for n in edges if _within(n, package)):
        reached = _reach(edges, name)
        bad = sorted(t for t in reached for f in FORBIDDEN[package] if _within(t, f) and t != name)
        assert not bad, f"{name} reaches {bad}: {package} must not import {FORBIDDEN[package]}"


def test_there_are_no_import_cycles() -> None:
    """Assert that the package's modules import each other without a cycle."""
    known = _modules()
    edges = {
        name: {t for t in targets if t in known and t != name} for name, targets in graph().items()
    }
    # A package's __init__ that imports nothing is no edge; a child does not import its parent.
    state: dict[str, int] = {}

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for target in sorted(edges[name]):
            if state.get(target) == 1:
                cycle = [*path[path.index(target) :], target] if target in path else [name, target]
                pytest.fail("import cycle: " + " → ".join(cycle))
            if target not in state:
                visit(target, [*path, target])
        state[name] = 2

    for name in sorted(edges):
        if name not in state:
            visit(name, [name])


def test_rules_see_a_deferred_import(tmp_path: Path) -> None:
    """Assert that the reader finds an import inside a function, as the rules rely on it."""
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from generator.cli import console\n", encoding="utf-8")
    assert set(_imported(module, _modules())) == {"generator.cli.console"}
