"""Aligning questions with recordings: suggests, from a recording's captions (WebVTT, SRT or
SBV, clean or YouTube's automatic ones), the second at which each question of a talk is put
to the expert, where its answer ends, how sure that is and the caption text it rests on.
It owns reading caption files for this purpose (`read_captions`, `parse_captions`), the
matching of words, names and chapters, and the assignment of questions to moments; not the
CLI nor the editing of question files. It may import only `generator.models`,
`generator.errors` and `generator.timestamps`, plus third-party libraries.
"""

from __future__ import annotations

from generator.align.captions import Captions, parse_captions, read_captions
from generator.align.core import DEFAULT_MIN_SCORE, align
from generator.align.model import AlignQuestion, Suggestion

__all__ = [
    "DEFAULT_MIN_SCORE",
    "AlignQuestion",
    "Captions",
    "Suggestion",
    "align",
    "parse_captions",
    "read_captions",
]
