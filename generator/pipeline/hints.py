"""Suggestions for misspelt names, shared by the stages that report unknown ones.

Takes a name and the names it may have meant; gives `; did you mean 'x'?` for the closest one,
or nothing. One helper, so that an unknown expert, event, talk folder or content folder is
answered alike.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """`; did you mean 'x'?` for the known name closest to `name`, else ''."""
    near = difflib.get_close_matches(name, sorted(known), n=1)
    return f"; did you mean '{near[0]}'?" if near else ""
