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
# 81 aliases in 600 bytes (9 levels of 9) stand for 9⁹ values, which took minutes and gigabytes
# to print or walk: what aliases stand for is counted (nodes plus characters) and capped.
MAX_EXPANSION = 1_000_000
# Front matter and videos.yml nest 4 levels; 2,000 nested `[` overflowed Python's stack.
MAX_DEPTH = 64
# Values (nodes) in one document, aliases not expanded. pyvideo.org's whole catalogue as a
# videos.yml (21,715 talks, 10.5 MB) has about 20 per talk and loads in 4 s of CPU. With the
# size limits (videos.yml's 16 MB is the largest) this bounds what a hostile text costs: one
# of 10 MB of one-letter values (`[a,a,…]`, `- a`) is refused after 1.6 s of CPU and 70 MB
# (`_check_events`; the pure-Python loader took 17 s and 0.75 GB to get there).
MAX_NODES = 1_000_000
NUL_MESSAGE = "contains a NUL character (\\0): no text may hold one"


def _exceeded(bound: str) -> str:
    """The message for a bound of bounded work exceeded, one wording for both loaders
    (`GuardedLoader` and `_check_events`), with the limits as they are now."""
    return {
        "values": f"too many values (more than {MAX_NODES:,})",
        "aliases": f"too many aliases (more than {MAX_ALIASES}); write the values out",
        "expansion": f"aliases expand to too much (more than {MAX_EXPANSION:,} values and "
        "characters); write the values out",
        "depth": f"nested too deeply (more than {MAX_DEPTH} levels)",
        "cycle": "an alias refers to a collection that contains it",
    }[bound]


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


class GuardedLoader(yaml.SafeLoader):
    """SafeLoader with bounded work: aliases, what they expand to, nesting depth; no NUL.

    Every YAML reader of the package uses it (site/config.py reads mkdocs.yml with a subclass).
    """

    line_offset = 0
    aliases_seen = 0
    nodes = 0
    expansion = 0  # nodes and characters the aliases seen so far stand for
    depth = 0

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.extent: dict[Node, tuple[int, int]] = {}  # a finished node's size and height

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        line = self.peek_event().start_mark.line + 1 + self.line_offset  # type: ignore[no-untyped-call]
        is_alias = self.check_event(yaml.AliasEvent)
        if is_alias:
            self.aliases_seen += 1
            if self.aliases_seen > MAX_ALIASES:
                raise YamlProblem(line, _exceeded("aliases"))
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise YamlProblem(line, _exceeded("depth"))
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise YamlProblem(line, _exceeded("values"))
        node = super().compose_node(parent, index)
        if node is not None:
            self._measure(node, is_alias, line)
        self.depth -= 1
        return node

    def _measure(self, node: Node, is_alias: bool, line: int) -> None:
        """Count what an alias stands for; remember the size of a node just composed."""
        if not is_alias:
            if isinstance(node, ScalarNode) and "\x00" in node.value:
                raise YamlProblem(line, NUL_MESSAGE)
            self.extent[node] = _extent(node, self.extent)
            return
        if node not in self.extent:
            raise YamlProblem(line, _exceeded("cycle"))
        size, height = self.extent[node]
        self.expansion += size
        if self.expansion > MAX_EXPANSION:
            raise YamlProblem(line, _exceeded("expansion"))
        if self.depth - 1 + height > MAX_DEPTH:
            raise YamlProblem(line, _exceeded("depth"))


class _Loader(GuardedLoader):
    pass


def _extent(node: Node, known: dict[Node, tuple[int, int]]) -> tuple[int, int]:
    """Size (nodes plus characters, aliases expanded) and height of a node whose children are known."""
    if isinstance(node, ScalarNode):
        return 1 + len(node.value), 1
    children = (
        [c for pair in node.value for c in pair] if isinstance(node, MappingNode) else node.value
    )
    extents = [known.get(child, (1, 1)) for child in children]
    return 1 + sum(s for s, _ in extents), 1 + max((h for _, h in extents), default=0)


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
# tens of thousands of question files and a videos.yml of 20,000 talks. It cannot count aliases
# while composing: an alias is the same node met twice (`_has_alias`), and such a text
# goes through `_Loader`, as do texts that may hold more than MAX_NODES values (libyaml would
# compose them all first) and every error.
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


def _construct_timestamp(loader: Any, node: ScalarNode) -> Any:
    """A date or time as SafeConstructor makes it; one that does not exist (`2013-13-45`: it
    has a date's shape, so YAML reads it as one) is a problem at its line, not a ValueError."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError as error:
        line = node.start_mark.line + 1 + loader.line_offset
        raise YamlProblem(
            line, f"'{node.value}' is not a date or time that exists ({error})"
        ) from None


for _loader in (_Loader, _FastLoader):
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_PLAIN_TAGS: dict[str, str] = {}  # plain scalar → its implicit tag
_PLAIN_CACHE = 50_000


class _Refused(Exception):
    """The fast path met something the pure-Python loader must word (a NUL, deep nesting, an
    alias)."""


def _build(loader: _FastLoader, node: Node, depth: int = 1) -> Any:
    """What SafeConstructor builds, without its bookkeeping for anchors (there are none here).

    Strings, lists and mappings are most of every front matter; other scalars (dates, numbers,
    booleans) and unusual tags go to the constructor as usual.
    """
    tag, kind = node.tag, type(node)
    if tag == _STR and kind is ScalarNode:
        if "\x00" in node.value:
            raise _Refused
        return node.value
    if depth >= MAX_DEPTH and kind is not ScalarNode:
        raise _Refused
    if tag == _SEQ and kind is SequenceNode:
        return [_build(loader, child, depth + 1) for child in node.value]
    if tag == _MAP and isinstance(node, MappingNode):
        return _mapping(loader, node, functools.partial(_build, loader, depth=depth + 1))
    return loader.construct_object(node, deep=True)


def parse_yaml(text: str, first_line: int = 1) -> Any:
    """Parse one YAML document; lines in problems count from `first_line`."""
    # Every value takes at least half a character (`?` alone is a mapping, a key and a value).
    small = 2 * len(text) + 1 <= MAX_NODES
    if _LIBYAML is not None and not small:
        return _parse_large(text, first_line - 1)
    if _LIBYAML is not None:
        fast = _FastLoader(text)
        fast.line_offset = first_line - 1
        try:
            node = fast.get_single_node()
            if node is not None and "*" in text and _has_alias(node):
                raise _Refused  # counted and worded by `_Loader`
            return None if node is None else _build(fast, node)
        except (yaml.YAMLError, YamlProblem, _Refused, RecursionError):
            pass  # the pure-Python parser below finds the same problem and words it as usual
        finally:
            fast.dispose()
    return _parse_checked(text, first_line)


def _parse_checked(text: str, first_line: int) -> Any:
    """The pure-Python loader, which counts as it composes and words every problem."""
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


# Large texts (over 500,000 characters: a big videos.yml, a question file near its limit) are
# never given to the pure-Python loader, which takes about 17 us a value: a 10 MB videos.yml of
# one-letter values took 17 s of CPU to be refused at the millionth, one with a syntax error
# on its last line 20 s to word it. libyaml's events are checked first for what `_Loader`
# bounds (values, aliases and what they stand for, depth, NUL), 0.7 s a million; its own
# words then name a syntax error.
def _parse_large(text: str, offset: int) -> Any:
    _check_events(text, offset)
    fast = _FastLoader(text)
    fast.line_offset = offset
    try:
        node = fast.get_single_node()
        return None if node is None else _build(fast, node)
    except _Refused:
        pass  # depth exactly at the limit: `_Loader` words it
    except ConstructorError as exc:
        raise _problem(exc, offset, "unsupported YAML") from exc
    except yaml.MarkedYAMLError as exc:
        raise _problem(exc, offset, "malformed YAML") from exc
    except yaml.YAMLError as exc:
        raise YamlProblem(offset + 1, f"malformed YAML: {exc}") from exc
    finally:
        fast.dispose()
    return _parse_checked(text, offset + 1)


_VALUES = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent, yaml.AliasEvent)
_ENDS = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def _check_events(text: str, offset: int) -> None:
    """What `GuardedLoader` refuses, found in libyaml's events: too many values or aliases,
    aliases standing for too much, nesting too deep, a NUL. A syntax error is worded as
    malformed YAML; an alias to an anchor not (yet) defined is left to the composer."""
    events = _LIBYAML(text)
    anchors: dict[str, tuple[int, int]] = {}  # an anchor's size and height, as `_extent`
    open_: list[list[Any]] = []  # the collections being read: [anchor, size, height]
    values = aliases = expansion = 0
    try:
        while (event := events.get_event()) is not None:
            if isinstance(event, _ENDS):
                anchor, size, height = open_.pop()
                _finish(open_, anchors, anchor, (size, height + 1))
                continue
            if not isinstance(event, _VALUES):
                continue
            line = (event.start_mark.line + 1 if event.start_mark else 1) + offset
            values += 1
            if values > MAX_NODES:
                raise YamlProblem(line, _exceeded("values"))
            if len(open_) + 1 > MAX_DEPTH:
                raise YamlProblem(line, _exceeded("depth"))
            if isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > MAX_ALIASES:
                    raise YamlProblem(line, _exceeded("aliases"))
                extent = anchors.get(event.anchor or "")
                if extent is None:
                    if any(entry[0] == event.anchor for entry in open_):
                        raise YamlProblem(line, _exceeded("cycle"))
                    continue  # undefined: the composer says so
                expansion += extent[0]
                if expansion > MAX_EXPANSION:
                    raise YamlProblem(line, _exceeded("expansion"))
                if len(open_) + extent[1] > MAX_DEPTH:
                    raise YamlProblem(line, _exceeded("depth"))
                _finish(open_, anchors, None, extent)
            elif isinstance(event, yaml.ScalarEvent):
                if "\x00" in event.value:
                    raise YamlProblem(line, NUL_MESSAGE)
                _finish(open_, anchors, event.anchor, (1 + len(event.value), 1))
            else:
                open_.append([event.anchor, 1, 0])
    except yaml.MarkedYAMLError as exc:
        raise _problem(exc, offset, "malformed YAML") from exc
    finally:
        events.dispose()


def _finish(
    open_: list[list[Any]],
    anchors: dict[str, tuple[int, int]],
    anchor: str | None,
    extent: tuple[int, int],
) -> None:
    """A value of `extent` is complete: remember it under its anchor, add it to its parent."""
    if anchor:
        anchors[anchor] = extent
    if open_:
        parent = open_[-1]
        parent[1] += extent[0]
        parent[2] = max(parent[2], extent[1])


def _has_alias(root: Node) -> bool:
    """Is a node met twice below `root`? libyaml composes an alias as the very node it names."""
    seen: set[int] = set()
    pending = [root]
    while pending:
        node = pending.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, MappingNode):
            pending.extend(child for pair in node.value for child in pair)
        elif isinstance(node, SequenceNode):
            pending.extend(node.value)
    return False


def _problem(exc: yaml.MarkedYAMLError, offset: int, what: str) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    line = (mark.line + 1 if mark else 1) + offset
    if exc.problem == _TAB and mark is not None:
        return YamlProblem(line, _tab_message(mark))
    detail = exc.problem or exc.context or "cannot be read"
    start = exc.context_mark
    if exc.problem and exc.context and start and mark and start.line != mark.line:
        # e.g. an unclosed quote is noticed at the end of the text; say where it began
        detail += f" ({exc.context} at line {start.line + 1 + offset})"
    return YamlProblem(line, f"{what}: {detail}")


# PyYAML's words for a tab where YAML allows only spaces: editors rarely see the tab itself.
_TAB = "found character '\\t' that cannot start any token"


def _tab_message(mark: yaml.Mark) -> str:
    buffer = mark.buffer if isinstance(mark.buffer, str) else ""
    start = buffer.rfind("\n", 0, mark.pointer) + 1
    if not buffer[start : mark.pointer].strip(" \t"):
        return "a tab character indents this line; YAML needs spaces"
    return f"a tab character at column {mark.column + 1}; YAML needs spaces here"


def decode_text(data: bytes, limit: int) -> str:
    """An archive file's bytes as text with "\n" line ends (a BOM is allowed), or YamlProblem
    saying why not: larger than `limit`, not UTF-8, or holding a NUL. One rule for every text
    file Wunschzeit reads (videos.yml, front matter files, own pages)."""
    if len(data) > limit:
        raise YamlProblem(1, f"file is too large ({len(data)} bytes, at most {limit})")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise YamlProblem(line, "is not UTF-8 text; save it as UTF-8") from exc
    if "\x00" in text:
        raise YamlProblem(text[: text.index("\x00")].count("\n") + 1, "contains a NUL character")
    return text.replace("\r\n", "\n").replace("\r", "\n")
