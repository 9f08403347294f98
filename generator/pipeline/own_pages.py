"""The organisation's own pages in site_src/: imprint, privacy statement, about.

Takes the archive root and its docs_dir; gives an `OwnPage` (path, title) for every Markdown
file at the top of docs_dir that Wunschzeit did not write (its record says which it wrote), and
warnings for pages that cannot be used or are still the template of `wunschzeit init`. The
render stage links them from every page's footer. Titles come from the front matter's `title`
or the first `# ` heading; like all editor text they are escaped where they are shown. A page
that links the generated privacy page (`[…](privacy.md)`, as the templates of `wunschzeit init`
do) is the organisation's privacy statement: the footer then has one privacy link, to it.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.errors import ContentError, Problem
from generator.models import OwnPage
from generator.pipeline.load import files_under, read_text, refusal, split_front_matter
from generator.pipeline.write import GITIGNORE, RECORD, read_record
from generator.render.player import PRIVACY_PAGE
from generator.yamlio import YamlProblem

TEMPLATE_KEY = "wunschzeit_template"  # set in the pages `wunschzeit init` writes
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*\.md$")  # a page name that is its own URL
_HEADING = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
_GENERATED_TOP = ("index.md",)  # never the organisation's, even before a first record
# A Markdown link to the generated privacy page, inline `](privacy.md#x "t")` or a reference
# definition `[x]: privacy.md`; `privacy.md.bak` or `my-privacy.md` are other pages.
_PRIVACY_LINK = re.compile(
    r"(?:\]\(\s*|^[ \t]{0,3}\[[^\]]+\]:[ \t]*)<?(?:\./)?"
    + re.escape(PRIVACY_PAGE)
    + r"(?=[#>)\s]|$)",
    re.MULTILINE,
)


def read_own_pages(root: Path, docs_dir: str) -> tuple[tuple[OwnPage, ...], tuple[Problem, ...]]:
    """The hand-written top-level pages of docs_dir, sorted by file name, and their warnings.

    Raise ContentError when a symbolic link in docs_dir leads outside the archive, to a
    folder or nowhere: MkDocs would publish whatever it leads to. A link to a file inside
    the archive is a page like any other.
    """
    folder = root / docs_dir
    _refuse_links(root, docs_dir)
    if not folder.is_dir():
        return (), ()
    generated = set(read_record(folder) or {}) | {GITIGNORE, RECORD, *_GENERATED_TOP}
    pages: list[OwnPage] = []
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.md")):
        if path.name in generated or not path.is_file():
            continue
        where = f"{docs_dir}/{path.name}"
        if not _NAME.match(path.name):
            message = "not linked from the footer: name it with letters, digits, - and _ only"
            problems.append(Problem(where, 1, message))
            continue
        page, problem = _page(root, path, where)
        pages.extend([page] if page else [])
        problems.extend([problem] if problem else [])
    return tuple(pages), tuple(problems)


def _refuse_links(root: Path, docs_dir: str) -> None:
    links: list[str] = []
    files_under(root, docs_dir, dot_files=True, links=links)
    problems = [p for where in links if (p := refusal(root, where, "this file"))]
    if problems:
        raise ContentError(problems)


def _page(root: Path, path: Path, where: str) -> tuple[OwnPage | None, Problem | None]:
    try:
        text = read_text(root, path)
    except YamlProblem as exc:
        return None, Problem(where, exc.line, f"not linked from the footer: {exc.message}")
    fields: dict[str, object] = {}
    body = text
    if text.startswith("---"):
        try:
            fields, body = split_front_matter(text)
        except YamlProblem as exc:
            return None, Problem(where, exc.line, f"not linked from the footer: {exc.message}")
    privacy = bool(_PRIVACY_LINK.search(body))
    page = OwnPage(path.name, _title(fields, body) or path.stem, privacy)
    if fields.get(TEMPLATE_KEY):
        message = (
            "still the template from `wunschzeit init`: fill it in, then remove "
            f"`{TEMPLATE_KEY}: true`"
        )
        return page, Problem(where, 1, message)
    return page, None


def _title(fields: dict[str, object], body: str) -> str | None:
    title = fields.get("title")
    if isinstance(title, str) and title.strip():
        return " ".join(title.split())
    found = _HEADING.search(body)
    return " ".join(found.group(1).split()) if found else None
