"""What the browser tests share: a page at rest before axe-core measures it."""

from __future__ import annotations

from typing import Any

# No CSS transition running (animations that loop, if any, are not waited for).
_AT_REST = (
    "() => document.getAnimations()"
    ".every(a => !(a instanceof CSSTransition) || a.playState !== 'running')"
)


def at_rest(page: Any) -> None:
    """Wait until no CSS transition runs on `page`: axe-core measures colours as drawn, and an
    element fading in (Material's back-to-top button, shown when focus scrolls the page up)
    has, halfway, a contrast it never keeps. Its contrast at rest is still measured."""
    page.wait_for_function(_AT_REST, timeout=5_000)
