"""Raw HTML the generator writes, kept away from Python-Markdown: marked blocks, stashed.

Takes the Markdown of the pages the generator wrote, in which render marked each run of its
own finished HTML (`block`: answer cards, lists, the player, badges, links with their final
URLs); gives MkDocs' page HTML with those runs put back unparsed. Python-Markdown would parse
every raw HTML block with `html.parser` twice (md_in_html's block extraction and MkDocs' anchor
collection) and run preprocessors over it: most of the build's time, for markup nobody needs
converted. So `Stash.markdown` (MkDocs' `on_page_markdown`, after every other handler) replaces
each marked run by a one-line paragraph holding a token, and `Stash.content`
(`on_page_content`, before every other handler) puts the HTML back where the token came out.

The markers are HTML comments on their own lines, so the same pages build correctly without
this (plain `mkdocs build`, ProperDocs, Zensical): Python-Markdown passes the comments and
the HTML between them through, and only the reader's page source shows the comments. Only
pages the generator wrote (its record, pipeline/write.py) are stashed: the organisation's
own pages in site_src/ are built as written. Text inside a generated page cannot make or end
a run: the public's words are escaped (`<` is `&lt;`), the editor's Markdown is cleaned by nh3,
which drops comments, and with `raw_html: true` it stays outside the runs with the markers
broken (`editor_markdown`). A token holds a random number drawn for each build, so no text
can name one either.

`register(config)` adds both handlers to a loaded config: `wunschzeit build` (site/build.py)
calls it before MkDocs runs, `wunschzeit serve` through the `on_config` of site/hooks.py.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from generator.pipeline.write import read_record

START = "<!--wz:html-->"
END = "<!--/wz:html-->"
_ID = re.compile(r'<[a-zA-Z][^>]*?\sid="([^"]*)"')  # for MkDocs' check of links to #anchors


def block(*parts: str) -> str:
    """The HTML `parts` (the empty ones left out) as one marked run; empty without any."""
    html = "\n\n".join(p.strip("\n") for p in parts if p.strip())
    return f"{START}\n{html}\n{END}" if html else ""


def editor_markdown(text: str) -> str:
    """The editor's Markdown (`raw_html: true`) with markers in it broken: never a run."""
    return text.replace(START, "<!-- wz:html -->").replace(END, "<!-- /wz:html -->")


class Stash:
    """The two page handlers of one build, and the runs taken out of the page being built."""

    def __init__(self, generated: frozenset[str]) -> None:
        self.generated = generated
        self.token = f"wzhtml{secrets.token_hex(8)}n"
        self._found = re.compile(f"<p>{self.token}(\\d+)</p>|{self.token}(\\d+)")
        self._runs: dict[str, list[str]] = {}

    def markdown(self, markdown: str, page: Any, **_: Any) -> str:
        """`on_page_markdown`: each marked run of a generated page replaced by its token."""
        if page.file.src_uri not in self.generated or START not in markdown:
            return markdown
        runs: list[str] = []
        kept: list[str] = []
        done = 0
        for begin, end in _runs(markdown):
            kept += [markdown[done:begin], f"{self.token}{len(runs)}"]
            runs.append(markdown[begin + len(START) + 1 : end])
            done = end + len(END) + 1
        self._runs[page.file.src_uri] = runs
        return "".join([*kept, markdown[done:]])

    def content(self, html: str, page: Any, **_: Any) -> str:
        """`on_page_content`: the runs back in place of their tokens, each exactly once."""
        runs = self._runs.pop(page.file.src_uri, None)
        if not runs:
            return html
        used: set[int] = set()

        def put(match: re.Match[str]) -> str:
            number = int(match.group(1) or match.group(2))
            used.add(number)
            return runs[number] + "\n"  # as Python-Markdown ends a raw block

        restored = self._found.sub(put, html)
        if getattr(page, "present_anchor_ids", None) is not None:  # as MkDocs would have found
            page.present_anchor_ids |= {i for r in runs if "id=" in r for i in _ID.findall(r)}
        if len(used) != len(runs):
            raise PluginError(
                f"{page.file.src_uri}: {len(runs) - len(used)} of its raw HTML blocks were "
                "lost in the Markdown conversion (a Markdown extension changed their placeholders)"
            )
        return restored.rstrip("\n")  # as Python-Markdown ends the page


def _runs(markdown: str) -> Iterator[tuple[int, int]]:
    """Where each run's START line begins and where the newline before its END line is.

    Both markers count on lines of their own only. str.find: a regular expression with a lazy
    `.*?` took four times as long over the pages of 1,000 talks (0.17 s against 0.04 s).
    """
    opening, closing = START + "\n", f"\n{END}\n"
    text = markdown if markdown.endswith("\n") else markdown + "\n"
    begin = text.find(opening)
    while begin != -1:
        if begin > 0 and text[begin - 1] != "\n":
            begin = text.find(opening, begin + 1)
            continue
        end = text.find(closing, begin + len(START))
        if end == -1:
            return
        yield begin, end
        begin = text.find(opening, end + len(closing) - 1)


def register(config: MkDocsConfig) -> Stash:
    """Add a Stash for the pages the generator wrote into docs_dir to `config`'s events."""
    record = read_record(Path(config.docs_dir)) or {}
    stash = Stash(frozenset(name for name in record if name.endswith(".md")))
    events = config.plugins.events
    events["page_markdown"].append(stash.markdown)  # after the others: they see the markers
    events["page_content"].insert(0, stash.content)  # before the others: they see the HTML
    return stash
