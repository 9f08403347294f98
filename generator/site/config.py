"""Read what the generator needs of the user's mkdocs.yml: names, language, where pages go.

Takes an archive folder; gives `Settings`. mkdocs.yml belongs to the user and may use tags
such as `!ENV` or `!!python/name:` that only MkDocs understands; they are read as None here.
"""

from __future__ import annotations

import os
import re
import zoneinfo
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from generator.constants import (
    CACHE_DIR,
    CONFIG,
    CONTENT,
    DEFAULT_LANGUAGE,
    MEDIA,
    SITE_DIR,
    VIDEOS,
)
from generator.errors import ContentError, Problem
from generator.models import Settings
from generator.yamlio import GuardedLoader, YamlProblem

SEARCH_MODES = ("auto", "material", "pagefind")
# docs_dir is wiped of files the generator did not write: it must never hold the editor's files.
_PROTECTED = (CONTENT, MEDIA, VIDEOS, CONFIG, ".git", "generator", "tests")
# site_dir is replaced by every build, docs_dir cleaned of stale pages: neither may be, hold or
# lie inside these (nor the archive itself, nor each other). Compared after resolving links.
_KEPT_OUT = (CONTENT, MEDIA, CACHE_DIR, ".git")
_USE = {
    "docs_dir": "writes and deletes generated pages there",
    "site_dir": "replaces it with every build",
}


class _TolerantLoader(GuardedLoader):
    """Reads MkDocs' custom tags as None instead of failing; work bounded as in yamlio."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_TolerantLoader.add_multi_constructor("!", _ignore_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)


def read_settings(root: Path) -> Settings:
    """Settings from `root/mkdocs.yml`; raise ContentError naming the line when unusable."""
    path = root / CONFIG
    try:
        text = path.read_text(encoding="utf-8-sig")
        data = yaml.load(text, Loader=_TolerantLoader)
    except OSError as exc:
        raise ContentError([Problem(CONFIG, 1, f"cannot be read: {exc.strerror}")]) from exc
    except YamlProblem as exc:
        raise ContentError([Problem(CONFIG, exc.line, exc.message)]) from exc
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 1
        raise ContentError([Problem(CONFIG, line, f"malformed YAML: {exc.problem}")]) from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ContentError([Problem(CONFIG, 1, f"malformed YAML: {exc}")]) from exc
    if not isinstance(data, dict):
        raise ContentError([Problem(CONFIG, 1, "must be a mapping of settings")])
    lines = (
        _line_of(text, "docs_dir"),
        _line_of(text, r"\s+search"),
        _line_of(text, r"\s+raw_html"),
        _line_of(text, r"\s+timezone"),
    )
    settings = _settings(data, *lines)
    _check_output_folders(root, settings.docs_dir, data.get("site_dir", SITE_DIR), text)
    return settings


def _line_of(text: str, key: str) -> int:
    match = re.search(rf"^{key}\s*:", text, re.MULTILINE)
    return text[: match.start()].count("\n") + 1 if match else 1


def _settings(
    data: dict[str, Any], docs_line: int, search_line: int, raw_line: int, zone_line: int
) -> Settings:
    theme = data.get("theme") if isinstance(data.get("theme"), dict) else {}
    language = _text(theme.get("language") if theme else None) or DEFAULT_LANGUAGE
    return Settings(
        site_name=_text(data.get("site_name")) or "Wunschzeit",
        site_url=_text(data.get("site_url")),
        language=language.split("_")[0].split("-")[0].lower(),
        docs_dir=_docs_dir(data.get("docs_dir", "docs"), docs_line),
        search=_search(data.get("extra"), search_line),
        raw_html=_raw_html(data.get("extra"), raw_line),
        timezone=_timezone(data.get("extra"), zone_line),
    )


def _search(extra: object, line: int) -> str:
    """extra.wunschzeit.search: which search the site gets (see generator/search.py)."""
    ours = extra.get("wunschzeit") if isinstance(extra, dict) else None
    value = ours.get("search", "auto") if isinstance(ours, dict) else "auto"
    if value not in SEARCH_MODES:
        choices = ", ".join(SEARCH_MODES)
        message = f"extra.wunschzeit.search must be one of {choices}, not {value!r}"
        raise ContentError([Problem(CONFIG, line, message)])
    return str(value)


def _raw_html(extra: object, line: int) -> bool:
    """extra.wunschzeit.raw_html: true passes the editor's Markdown on unsanitised."""
    ours = extra.get("wunschzeit") if isinstance(extra, dict) else None
    value = ours.get("raw_html", False) if isinstance(ours, dict) else False
    if not isinstance(value, bool):
        message = f"extra.wunschzeit.raw_html must be true or false, not {value!r}"
        raise ContentError([Problem(CONFIG, line, message)])
    return value


def _timezone(extra: object, line: int) -> str:
    """extra.wunschzeit.timezone: an IANA time zone name such as Europe/Berlin."""
    ours = extra.get("wunschzeit") if isinstance(extra, dict) else None
    value = ours.get("timezone") if isinstance(ours, dict) else None
    if value is None:
        return Settings.timezone
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        message = (
            "extra.wunschzeit.timezone must be a time zone name such as Europe/Berlin or UTC, "
            f"not {value!r}"
        )
        raise ContentError([Problem(CONFIG, line, message)]) from None
    return str(value)


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _docs_dir(value: object, line: int) -> str:
    text = _text(value)
    if text is None:
        raise ContentError([Problem(CONFIG, line, "docs_dir must be a folder name, e.g. site_src")])
    path = PurePosixPath(text.replace("\\", "/"))
    parts = path.parts
    if path.is_absolute() or not parts or ".." in parts or parts[0] in _PROTECTED or text == ".":
        raise ContentError(
            [
                Problem(
                    CONFIG,
                    line,
                    f"docs_dir '{text}' is not allowed: Wunschzeit writes and deletes generated "
                    "pages there, so it must be a folder of its own inside the archive "
                    "(e.g. site_src)",
                )
            ]
        )
    return path.as_posix()


def _check_output_folders(root: Path, docs_dir: str, site_dir: object, text: str) -> None:
    """Refuse a site_dir or docs_dir that could hold the editor's files (see _KEPT_OUT)."""
    site = _text(site_dir)
    lines = {"docs_dir": _line_of(text, "docs_dir"), "site_dir": _line_of(text, "site_dir")}
    if site is None:
        message = "site_dir must be a folder name, e.g. site"
        raise ContentError([Problem(CONFIG, lines["site_dir"], message)])
    base = root.resolve()
    values = {"docs_dir": docs_dir, "site_dir": site}
    real = {key: (base / value).resolve() for key, value in values.items()}
    problems = []
    # The two overlapping is reported once, on site_dir's line.
    for key, other in (("docs_dir", None), ("site_dir", real["docs_dir"])):
        why = _folder_problem(base, base / values[key], real[key], other)
        if why:
            message = (
                f"{key} '{values[key]}' is not allowed: {why}; Wunschzeit {_USE[key]}, so it "
                "must be a folder of its own inside the archive (e.g. site_src, site)"
            )
            problems.append(Problem(CONFIG, lines[key], message))
    if problems:
        raise ContentError(problems)


def _folder_problem(base: Path, path: Path, real: Path, other: Path | None) -> str | None:
    """Why one output folder is unsafe, or None."""
    if Path(os.path.normpath(path)) != real:
        return "it is a symlink or lies in a symlinked folder"
    if real == base:
        return "it is the archive folder itself"
    if not real.is_relative_to(base):
        return "it lies outside the archive"
    if other and (real == other or real.is_relative_to(other) or other.is_relative_to(real)):
        return "it is, holds or lies inside docs_dir"
    for name in _KEPT_OUT:
        kept = (base / name).resolve()
        if real == kept or real.is_relative_to(kept) or kept.is_relative_to(real):
            return f"it is, holds or lies inside {name}/"
    return None
