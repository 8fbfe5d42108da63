"""Safe YAML reading that remembers the line of every key and value.

The text is composed into a node tree with SafeLoader's composer, resolver
and constructor (so no Python objects can be built from tags; libyaml does
the parsing when PyYAML has it) and turned into plain dicts, lists
and scalars by hand. That walk records where each field path sits, checks
the limits that keep hostile files cheap (alias count, expanded size,
nesting depth) and rejects tags other than the plain YAML scalar types.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from engine.config.errors import dotted

try:
    from yaml._yaml import CParser
except ImportError:  # pragma: no cover
    CParser = None

MAX_BYTES = 1_000_000
MAX_ALIASES = 1000
MAX_VALUES = 100_000
"""Values after expanding aliases; a real place has a few thousand at most."""
MAX_DEPTH = 40

Loc = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_PLAIN = {_TAG + t for t in ("null", "bool", "int", "float", "str")}
_AS_TEXT = {_TAG + "timestamp"}
"""Dates stay text: the models have no date fields, and bad dates raise."""


@dataclass(frozen=True)
class Pos:
    """1-based lines: of the key naming a value, and of the value itself."""
    key_line: int
    value_line: int
    collection: bool

    @property
    def line(self) -> int:
        """Where to point for a problem with the value as a whole."""
        return self.key_line if self.collection else self.value_line


@dataclass
class Doc:
    data: object
    positions: dict[Loc, Pos] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)

    def pos(self, path: Loc) -> Pos:
        """Position of `path`, or of its nearest ancestor present in the file."""
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, Pos(1, 1, True))


class YamlProblem(Exception):
    """A file-level problem: `path` is 'file' or 'yaml', line is 1-based."""

    def __init__(self, line: int | None, path: str, message: str):
        super().__init__(message)
        self.line, self.path, self.message = line, path, message


class _Counting(Composer):
    """A composer that counts aliases and nesting, failing early on abuse."""

    alias_count = 0
    depth = 0

    def compose_node(self, parent: Node | None, index: object) -> Node:
        mark = self.peek_event().start_mark
        if self.check_event(AliasEvent):
            self.alias_count += 1
            if self.alias_count > MAX_ALIASES:
                raise YamlProblem(mark.line + 1, "yaml",
                                  f"too many aliases (allowed: at most {MAX_ALIASES})")
            return super().compose_node(parent, index)
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise YamlProblem(mark.line + 1, "yaml",
                                  f"nested too deeply (allowed: at most {MAX_DEPTH} levels)")
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


if CParser is not None:
    class _Loader(_Counting, CParser, SafeConstructor, Resolver):
        """SafeLoader's parts, with libyaml's parser (same events, ~6x faster)."""

        def __init__(self, stream: str):
            CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)
else:  # pragma: no cover - PyYAML built without libyaml
    class _Loader(_Counting, yaml.SafeLoader):  # type: ignore[no-redef]
        """SafeLoader with counting composition."""


def decode(raw: bytes) -> str:
    """UTF-8 text of a file, or YamlProblem for size and encoding trouble."""
    if len(raw) > MAX_BYTES:
        raise YamlProblem(None, "file", f"file is too large (allowed: at most {MAX_BYTES} bytes)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise YamlProblem(line, "file", f"byte 0x{raw[e.start]:02x} is not valid UTF-8 "
                          "(allowed: text saved as UTF-8)") from None


def parse(text: str) -> Doc:
    """Compose and convert one YAML document; YamlProblem on any failure."""
    loader = _compose(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as e:
        raise _yaml_problem(e, text) from None
    finally:
        loader.dispose()
    if root is None:
        raise YamlProblem(1, "file", "file is empty (allowed: a mapping of fields like 'name: beach')")
    doc = Doc(None, lines=text.splitlines())
    _Walker(loader, doc).run(root)
    return doc


def _compose(text: str) -> _Loader:
    try:
        return _Loader(text)  # the reader checks the characters here
    except yaml.YAMLError as e:
        raise _yaml_problem(e, text) from None


def _yaml_problem(e: yaml.YAMLError, text: str) -> YamlProblem:
    if isinstance(e, yaml.MarkedYAMLError):
        return _syntax(e, text.splitlines())
    if isinstance(e, yaml.reader.ReaderError):
        line = _line_at(text, e.position)
        return YamlProblem(line, "yaml", f"character U+{e.character:04X} is not allowed in YAML "
                           "(allowed: printable text)")
    return YamlProblem(None, "yaml", f"invalid YAML: {_first_line(e)}")


def _line_at(text: str, position: int) -> int:
    """libyaml counts UTF-8 bytes, the pure-Python reader characters."""
    data = text.encode("utf-8") if CParser is not None else text
    return data[:position].count("\n" if isinstance(data, str) else b"\n") + 1


def _syntax(e: yaml.MarkedYAMLError, lines: list[str]) -> YamlProblem:
    mark = e.problem_mark or e.context_mark
    line = mark.line + 1 if mark is not None else None
    what = " ".join(p for p in (e.context, e.problem) if p)
    if "nesting depth" in what:  # libyaml >= 0.2.5 stops deep flow nesting itself
        return YamlProblem(line, "yaml", f"nested too deeply (allowed: at most {MAX_DEPTH} levels)")
    source = lines[line - 1] if line and line <= len(lines) else ""
    if "\t" in source or "tab" in what:
        what += " (allowed: spaces for indentation, not tabs)"
    return YamlProblem(line, "yaml", f"invalid YAML: {what}")


class _Walker:
    """Turns nodes into plain data, recording positions and enforcing limits."""

    def __init__(self, loader: _Loader, doc: Doc):
        self.loader, self.doc = loader, doc
        self.count = 0
        self.open: set[int] = set()
        self.splits: dict[int, tuple[list, list]] = {}

    def run(self, root: Node) -> None:
        self.doc.positions[()] = Pos(root.start_mark.line + 1, root.start_mark.line + 1, True)
        self.doc.data = self.value(root, (), 0)

    def value(self, node: Node, path: Loc, depth: int) -> object:
        self.count += 1
        line = node.start_mark.line + 1
        if self.count > MAX_VALUES:
            raise YamlProblem(line, "yaml", "too many values after expanding aliases "
                              f"(allowed: at most {MAX_VALUES})")
        if depth > MAX_DEPTH:
            raise YamlProblem(line, "yaml", f"nested too deeply (allowed: at most {MAX_DEPTH} levels)")
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if id(node) in self.open:
            raise YamlProblem(line, "yaml", "an alias refers to the list or mapping it is in "
                              "(allowed: aliases to finished values)")
        self.open.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                return self.sequence(node, path, depth)
            return self.mapping(node, path, depth)
        finally:
            self.open.discard(id(node))

    def scalar(self, node: ScalarNode) -> object:
        if node.tag in _AS_TEXT:
            return node.value
        _check_tag(node, _PLAIN)
        try:
            return self.loader.construct_object(node)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError, KeyError, IndexError) as e:
            # KeyError: '!!bool maybe' (PyYAML looks the word up in its table)
            why = (f"it is not a value {node.tag.replace(_TAG, '!!')} accepts" if isinstance(e, (KeyError, IndexError))
                   else _first_line(e))
            raise YamlProblem(node.start_mark.line + 1, "yaml",
                              f"cannot read value {node.value[:40]!r}: {why}") from None

    def sequence(self, node: SequenceNode, path: Loc, depth: int) -> list:
        _check_tag(node, {_TAG + "seq"})
        out = []
        for i, item in enumerate(node.value):
            out.append(self.child(item, item, path + (i,), depth))
        return out

    def mapping(self, node: MappingNode, path: Loc, depth: int) -> dict:
        _check_tag(node, {_TAG + "map"})
        merged, own = self.split(node)
        out: dict[str, object] = {}
        for key_node, value_node in own:
            key = _key(key_node)
            if key in out:
                first = self.doc.positions[path + (key,)].key_line
                raise YamlProblem(key_node.start_mark.line + 1, dotted(path + (key,)),
                                  f"duplicate field '{key}' (allowed: once; first given on line {first})")
            out[key] = self.child(key_node, value_node, path + (key,), depth)
        for key_node, value_node in reversed(merged):  # later wins, as in PyYAML
            key = _key(key_node)
            if key not in out:
                out[key] = self.child(key_node, value_node, path + (key,), depth)
        return out

    def split(self, node: MappingNode) -> tuple[list, list]:
        """(pairs merged in with '<<', the mapping's own pairs), worked out once."""
        if id(node) not in self.splits:
            own = [p for p in node.value if p[0].tag != _TAG + "merge"]
            try:
                self.loader.flatten_mapping(node)
            except (yaml.YAMLError, RecursionError) as e:
                raise YamlProblem(node.start_mark.line + 1, "yaml",
                                  f"bad merge ('<<'): {_first_line(e)}") from None
            merged = node.value[: len(node.value) - len(own)]
            self.splits[id(node)] = (merged, own)
        return self.splits[id(node)]

    def child(self, key_node: Node, node: Node, path: Loc, depth: int) -> object:
        collection = not isinstance(node, ScalarNode)
        self.doc.positions[path] = Pos(key_node.start_mark.line + 1, node.start_mark.line + 1, collection)
        return self.value(node, path, depth + 1)


def _key(node: Node) -> str:
    """Field names are the key text as written ('on' stays 'on', not True)."""
    if not isinstance(node, ScalarNode):
        raise YamlProblem(node.start_mark.line + 1, "yaml",
                          "a field name must be a plain word (allowed: names like 'sky_top')")
    _check_tag(node, _PLAIN | _AS_TEXT)
    return node.value


def _check_tag(node: Node, allowed: set[str]) -> None:
    if node.tag in allowed:
        return
    tag = node.tag.replace(_TAG, "!!") if node.tag else "?"
    raise YamlProblem(node.start_mark.line + 1, "yaml",
                      f"tag '{tag[:60]}' is not allowed (allowed: plain values, lists, mappings)")


def _first_line(e: BaseException) -> str:
    """The gist of an exception: first line, first clause, at most 100 chars."""
    text = str(e).strip().splitlines()
    gist = text[0].split(";")[0] if text else type(e).__name__
    return gist[:100]
