"""YAML reading that remembers lines and refuses duplicate keys.

Takes YAML text (and the line it starts at in its file); gives plain Python values whose
mappings are `LineMap`s: dicts that know their own line and the line of every key. A problem
raises `YamlProblem` with the 1-based line in the file.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_ALIASES = 200  # a handful is what editors use (`<<: *defaults`); thousands are an attack


class YamlProblem(Exception):
    """The text is no usable YAML; `line` is 1-based in the file."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class LineMap(dict[str, Any]):
    """A YAML mapping that knows where it and each of its keys stand."""

    line: int = 1
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class _Loader(yaml.SafeLoader):
    line_offset = 0
    aliases_seen = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            self.aliases_seen += 1
            if self.aliases_seen > MAX_ALIASES:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise YamlProblem(
                    mark.line + 1 + self.line_offset,
                    f"too many aliases (more than {MAX_ALIASES}); write the values out",
                )
        return super().compose_node(parent, index)


def _construct_mapping(loader: _Loader | _FastLoader, node: MappingNode) -> LineMap:
    return _mapping(loader, node, lambda child: loader.construct_object(child, deep=True))


def _mapping(
    loader: _Loader | _FastLoader, node: MappingNode, build: Callable[[Node], Any]
) -> LineMap:
    loader.flatten_mapping(node)
    result = LineMap()
    result.line = node.start_mark.line + 1 + loader.line_offset
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = build(key_node)
        line = key_node.start_mark.line + 1 + loader.line_offset
        if not isinstance(key, str):
            raise YamlProblem(line, f"keys must be text, not {key!r}")
        if key in result:
            raise YamlProblem(line, f"duplicate key '{key}' (first at line {result.line_of(key)})")
        result[key] = build(value_node)
        result.key_lines[key] = line
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)

_STR, _SEQ, _MAP = (f"tag:yaml.org,2002:{name}" for name in ("str", "seq", "map"))

# libyaml's parser is about fifteen times faster than the pure-Python one, which matters with
# tens of thousands of question files. It cannot count aliases while composing, so it only
# reads texts without any `*`; everything else, and every error, goes through `_Loader`.
_LIBYAML: Any = getattr(yaml, "CSafeLoader", None)


class _FastLoader(_LIBYAML or yaml.SafeLoader):  # type: ignore[misc]  # libyaml may be missing
    line_offset = 0

    # libyaml calls back into Python for the tag of every node. Front matter repeats the
    # same keys and values ("status", "answered") in every file, so plain scalars are
    # resolved once by value; quoted scalars and collections need no lookup at all.
    def resolve(self, kind: type[Node], value: str | None, implicit: tuple[bool, bool]) -> str:
        if kind is not ScalarNode:
            return _SEQ if kind is SequenceNode else _MAP
        if not implicit[0]:
            return _STR
        assert value is not None
        tag = _PLAIN_TAGS.get(value)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if len(_PLAIN_TAGS) < _PLAIN_CACHE and len(value) <= 40:
                _PLAIN_TAGS[value] = tag
        return tag

    def descend_resolver(self, current_node: Node | None, current_index: object) -> None:
        pass  # only for path resolvers, which this loader has none of

    def ascend_resolver(self) -> None:
        pass


_FastLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_PLAIN_TAGS: dict[str, str] = {}  # plain scalar → its implicit tag
_PLAIN_CACHE = 50_000


def _build(loader: _FastLoader, node: Node) -> Any:
    """What SafeConstructor builds, without its bookkeeping for anchors (there are none here).

    Strings, lists and mappings are most of every front matter; other scalars (dates, numbers,
    booleans) and unusual tags go to the constructor as usual.
    """
    tag, kind = node.tag, type(node)
    if tag == _STR and kind is ScalarNode:
        return node.value
    if tag == _SEQ and kind is SequenceNode:
        return [_build(loader, child) for child in node.value]
    if tag == _MAP and isinstance(node, MappingNode):
        return _mapping(loader, node, functools.partial(_build, loader))
    return loader.construct_object(node, deep=True)


def parse_yaml(text: str, first_line: int = 1) -> Any:
    """Parse one YAML document; lines in problems count from `first_line`."""
    if _LIBYAML is not None and "*" not in text:
        fast = _FastLoader(text)
        fast.line_offset = first_line - 1
        try:
            node = fast.get_single_node()
            return None if node is None else _build(fast, node)
        except (yaml.YAMLError, YamlProblem):
            pass  # the pure-Python parser below finds the same problem and words it as usual
        finally:
            fast.dispose()
    loader = _Loader(text)
    loader.line_offset = first_line - 1
    try:
        return loader.get_single_data()
    except YamlProblem:
        raise
    except ConstructorError as exc:
        raise _problem(exc, loader.line_offset, "unsupported YAML") from exc
    except yaml.MarkedYAMLError as exc:
        raise _problem(exc, loader.line_offset, "malformed YAML") from exc
    except yaml.YAMLError as exc:
        raise YamlProblem(first_line, f"malformed YAML: {exc}") from exc
    finally:
        loader.dispose()


def _problem(exc: yaml.MarkedYAMLError, offset: int, what: str) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    line = (mark.line + 1 if mark else 1) + offset
    detail = exc.problem or exc.context or "cannot be read"
    start = exc.context_mark
    if exc.problem and exc.context and start and mark and start.line != mark.line:
        # e.g. an unclosed quote is noticed at the end of the text; say where it began
        detail += f" ({exc.context} at line {start.line + 1 + offset})"
    return YamlProblem(line, f"{what}: {detail}")
