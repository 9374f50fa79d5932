"""Strict YAML reading: text in, a tree of located nodes out, never a guessed type.

YAML's own type guessing turns `NO` into false and `2012-07` into a number; we keep every
scalar as the text the editor typed and let the schema decide what it means. What we read
is only the composed node tree (no object construction), so tags that try to build Python
objects are refused before anything runs.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from ..errors import Diagnostic

# libyaml's C parser when present: the same nodes and marks, many times faster (else: PyYAML's own).
_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    """No implicit tag resolution: every untagged scalar is a string, which is how we read it
    anyway, and the regular expressions YAML 1.1 would try on each value are skipped. Explicit tags
    are kept, so they can be refused."""

    yaml_implicit_resolvers: dict = {}
    _DEFAULT_TAGS = {yaml.ScalarNode: "tag:yaml.org,2002:str", yaml.SequenceNode: "tag:yaml.org,2002:seq",
                     yaml.MappingNode: "tag:yaml.org,2002:map"}

    def resolve(self, kind: type[yaml.Node], value: object, implicit: object) -> str:
        """What the resolver gives an untagged node when there are no implicit resolvers (and no
        path resolvers): the kind's default tag. Called for every node, so kept to a lookup."""
        return self._DEFAULT_TAGS[kind]

# Tags the safe resolver gives untagged values; anything else was written by hand.
_IMPLICIT_TAGS = frozenset(
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "merge", "value")
)
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
MAX_DEPTH = 32  # records need four levels; deep nesting only ever means a mistake or an attack
_SCAN_ABOVE = 8192  # a text shorter than this cannot nest deeply enough to matter


@dataclass(frozen=True)
class Source:
    """A file's text and its path relative to the project root, for messages."""

    path: str
    text: str


def decode(path: str, data: bytes) -> tuple[str | None, list[Diagnostic]]:
    """UTF-8 text (a leading BOM is dropped; CRLF is kept for YAML to read), or a located error."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        return None, [Diagnostic(path, line, column,
                                 f"this file is not UTF-8 (byte 0x{data[exc.start]:02x}); "
                                 "save it with UTF-8 encoding")]
    return text, []


def compose(source: Source) -> tuple[yaml.Node | None, list[Diagnostic]]:
    """Parse one YAML document into nodes, reporting syntax errors, tags, aliases and duplicate keys."""
    if not source.text.strip():
        return None, [Diagnostic(source.path, 1, 1, "the file is empty; fill in its fields or delete it")]
    if len(source.text) > _SCAN_ABOVE:
        too_deep = _too_deep(source)
        if too_deep:
            return None, [too_deep]
    try:
        loader = _Loader(source.text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return None, [Diagnostic(source.path, line, column, f"this is not valid YAML: {_explain(exc)}")]
    except yaml.reader.ReaderError as exc:
        line, column = position(source.text, exc.position)
        return None, [Diagnostic(source.path, line, column,
                                 f"the file holds a control character (U+{exc.character:04X}) that cannot be shown; "
                                 "delete it (it is invisible in most editors: retype the text around it)")]
    except yaml.YAMLError as exc:
        return None, [Diagnostic(source.path, 1, 1, f"this is not valid YAML: {exc}")]
    if node is None or (isinstance(node, yaml.ScalarNode) and not node.value.strip() and not node.style):
        return None, [Diagnostic(source.path, 1, 1, "the file is empty; fill in its fields or delete it")]
    problems: list[Diagnostic] = []
    _check_tree(source.path, node, set(), problems)
    return (None if problems else node), problems


def position(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of an offset in a text."""
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def _too_deep(source: Source) -> Diagnostic | None:
    """Nesting beyond MAX_DEPTH, found with libyaml's event parser, which does not recurse (its
    composer does, and very deep nesting would crash it)."""
    depth = 0
    try:
        for event in yaml.parse(source.text, Loader=_Loader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH and event.start_mark is not None:
                    return _nested_too_deeply(source.path, event.start_mark.line + 1, event.start_mark.column + 1)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return None  # compose reports it, with its place
    return None


def _nested_too_deeply(path: str, line: int, column: int) -> Diagnostic:
    return Diagnostic(path, line, column, f"the values are nested more than {MAX_DEPTH} levels deep; a record needs "
                                          "only a few: check the indentation and brackets")


def _explain(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or "unexpected text"
    if "mapping values are not allowed" in problem:
        return ("a value holds ': '; put the whole value in quotes, e.g. position: \"Ambassador: Iraq\"")
    if exc.context and exc.context_mark and exc.context_mark is not exc.problem_mark:
        problem += f" ({exc.context} that starts on line {exc.context_mark.line + 1})"
    return problem + "; check the indentation and quoting here"


def where(path: str, node: yaml.Node) -> tuple[str, int, int]:
    return path, node.start_mark.line + 1, node.start_mark.column + 1


def _check_tree(path: str, node: yaml.Node, seen: set[int], problems: list[Diagnostic]) -> None:
    # Walk iteratively so deeply nested input cannot exhaust the Python stack.
    stack = [(node, 1)]
    mapping, sequence = yaml.MappingNode, yaml.SequenceNode
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            problems.append(_nested_too_deeply(*where(path, node)))
            return
        identity = id(node)
        if identity in seen:
            problems.append(Diagnostic(*where(path, node),
                                       "anchors and aliases (& and *) are not supported; write the value out"))
            continue
        seen.add(identity)
        if node.tag not in _IMPLICIT_TAGS:
            problems.append(Diagnostic(*where(path, node),
                                       f"YAML tags such as '{_short_tag(node.tag)}' are not supported; "
                                       "remove the tag"))
            continue
        kind = type(node)
        if kind is mapping:
            first_seen: dict[str, yaml.Node] = {}
            deeper = depth + 1
            for key, value in node.value:
                if type(key) is yaml.ScalarNode:
                    earlier = first_seen.get(key.value)
                    if earlier is not None:
                        problems.append(Diagnostic(*where(path, key),
                                                   f"duplicate field '{key.value}' (first set on line "
                                                   f"{earlier.start_mark.line + 1}); keep one of them"))
                    else:
                        first_seen[key.value] = key
                    if (type(value) is yaml.ScalarNode and value.tag in _IMPLICIT_TAGS and key.tag in _IMPLICIT_TAGS
                            and deeper <= MAX_DEPTH):
                        # the common case, a plain field, checked here: only an alias could have been seen
                        if id(value) in seen or id(key) in seen:
                            stack.extend(((value, deeper), (key, deeper)))
                        else:
                            seen.add(id(key))
                            seen.add(id(value))
                        continue
                stack.extend(((value, deeper), (key, deeper)))
        elif kind is sequence:
            stack.extend((item, depth + 1) for item in reversed(node.value))


def _short_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag


def is_plain(node: yaml.ScalarNode) -> bool:
    """Unquoted and not a block: the pure-Python parser says None, libyaml says ''."""
    return not node.style


def scalar_text(node: yaml.ScalarNode) -> str | None:
    """The text of a scalar as typed, or None for an empty value (blank, ~ or null, unquoted)."""
    if is_plain(node) and node.value.strip() in _NULLS:
        return None
    text = node.value.strip()
    return text or None


def is_empty(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and scalar_text(node) is None
