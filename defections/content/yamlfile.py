"""Strict YAML reading: text in, a tree of located nodes out, never a guessed type.

YAML's own type guessing turns `NO` into false and `2012-07` into a number; we keep every
scalar as the text the editor typed and let the schema decide what it means. What we read
is only the composed node tree (no object construction), so tags that try to build Python
objects are refused before anything runs.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

import yaml

from ..errors import Diagnostic
from ..schema import RECORD_KINDS, SOURCE_FIELDS, UNNAMED_FIELDS

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
        return None, [_syntax_error(source, exc)]
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


def _syntax_error(source: Source, exc: yaml.MarkedYAMLError) -> Diagnostic:
    """What an editor did, read from the lines where the parser stopped: a tab, a value that goes
    on after its closing quotation mark, a field without its colon, a quotation mark never closed,
    a value's next line not indented; else the parser's own words, at its place."""
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    lines = _LINE_BREAK.split(source.text)
    context = exc.context_mark.line + 1 if exc.context_mark else None
    for reading in (_tab, _never_closed, _unknown_escape, _closed_further_down, _quoted_then_more, _flow_then_more,
                    _unindented_continuation, _missing_colon, _indented_under_a_value, _flow_never_closed,
                    _reserved_start, _out_of_line):
        found = reading(lines, line, column, context, exc)
        if found is not None:
            return Diagnostic(source.path, *found)
    return Diagnostic(source.path, line, column, f"this is not valid YAML: {_explain(exc)}")


_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # what YAML counts lines by
_ITEM = re.compile(r"(?:- +)*")  # the dashes of list items before a field: "- article: ..."
_QUOTED_START = re.compile(r"(?P<before>[ \t]*(?:- +)*(?:(?P<key>[^\s:#'\"][^:#]*?):[ \t]+)?)(?P<mark>[\"'])")
_FIELD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
Found = tuple[int, int, str]  # line, column, message


def _line(lines: list[str], number: int) -> str:
    return lines[number - 1] if 1 <= number <= len(lines) else ""


def _tab(lines: list[str], line: int, column: int, context: int | None, exc: yaml.MarkedYAMLError) -> Found | None:
    """A tab where YAML allows only spaces: in the indentation (or at the place the parser stopped)."""
    text = _line(lines, line)
    indent = _indent(text)
    if "\t" in indent:
        others = [n for n, other in enumerate(lines, 1) if n != line and "\t" in _indent(other)]
        tabs = indent.count("\t")
        also = f" (and on line{'s' if len(others) > 1 else ''} {_and(others)})" if others else ""
        return (line, indent.index("\t") + 1,
                f"line {line} is indented with {'a tab' if tabs == 1 else 'tabs'}; YAML needs spaces: replace "
                f"{'the tab' if tabs == 1 else 'each tab'} with two spaces{also}")
    if text[column - 1:column] == "\t":
        return line, column, f"line {line} has a tab here; YAML needs spaces: replace the tab with a space"
    return None


def _and(numbers: list[int]) -> str:
    """'3', '3 and 5', '3, 5 and 8' (with 'and more' past five)."""
    shown = [str(n) for n in numbers[:5]] + (["more"] if len(numbers) > 5 else [])
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def _quoted_then_more(lines: list[str], line: int, column: int, context: int | None,
                      exc: yaml.MarkedYAMLError) -> Found | None:
    """`quote: "He said" it was over`: a value that opens with a quotation mark is read as quoted
    text, which ends at the closing mark; more after it cannot be read."""
    text = _line(lines, line)
    start = _QUOTED_START.match(text)
    if start is None:
        return None
    mark, opened = start.group("mark"), start.end("mark")
    closing = _closing(text, opened, mark)
    if closing is None:
        return None
    rest = text[closing + 1:].strip()
    if not rest or rest.startswith("#"):
        return None
    value = text[start.start("mark"):].rstrip()
    key = start.group("key")
    field = f"{key.strip()}: " if key else ""
    if mark == '"':
        wrapped = "'" + value.replace("'", "''") + "'"
        how = "wrap the whole value in single quotes"
        inside = " (a single quote inside is written twice: '')" if "'" in value else ""
    else:
        wrapped = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
        how = "wrap the whole value in double quotes"
        inside = ' (a double quote inside is written \\")' if '"' in value else ""
    quoted = text[start.start("mark"):closing + 1]
    return (line, start.start("mark") + 1,
            f"this value starts with a quotation mark, so YAML reads {quoted} as the whole value and cannot "
            f"read the rest ({rest}): {how}, `{field}{wrapped}`{inside}, or write `{field.strip() or '-'} |` "
            "and the value on the next line, indented")


def _closing(text: str, opened: int, mark: str) -> int | None:
    """Where the quotation mark opened just before `opened` closes on this line ('' is a single
    quote inside single quotes, \\" a double quote inside double quotes)."""
    index = opened
    while index < len(text):
        character = text[index]
        if mark == '"' and character == "\\":
            index += 2
            continue
        if character == mark:
            if mark == "'" and text[index + 1:index + 2] == "'":
                index += 2
                continue
            return index
        index += 1
    return None


_FIELD_NAMES = sorted({f.name for kind in RECORD_KINDS.values() for f in kind.fields}
                      | {f.name for f in (*SOURCE_FIELDS, *UNNAMED_FIELDS)})
_PLAIN_START = re.compile(r"[^\s\"'|>\[{&*!#%@`]")  # a value that starts so is plain text, which may go on


def _unindented_continuation(lines: list[str], line: int, column: int, context: int | None,
                             exc: yaml.MarkedYAMLError) -> Found | None:
    """`summary: The most senior` then `the most senior diplomat ...` at the start of the next line:
    a value goes on over lines only when they are indented further than its field, so YAML reads
    the line as a field, and finds no colon. A line whose first word is a field's name (or nearly)
    is a field that lost its colon instead (_missing_colon)."""
    if context is None or "simple key" not in (exc.context or ""):
        return None
    text = _line(lines, context)
    content = text.strip()
    if not content or content.startswith(("#", "-")) or _colon(text) is not None:
        return None
    first = re.split(r"[\s,.;:!?]", content, maxsplit=1)[0]  # `said_by:her lawyer` is a field
    if _FIELD.fullmatch(first) and difflib.get_close_matches(first.lower(), _FIELD_NAMES, n=1, cutoff=0.8):
        return None
    above = _value_above(lines, context)
    if above is None or _depth(text) > _depth(_line(lines, above)):
        return None
    field_line = _line(lines, above)
    start = _depth(field_line)
    name = field_line[start:_colon(field_line)].strip()
    if not _FIELD.fullmatch(name):
        return None  # `- {name: N}`: not a field with a plain value
    return (context, len(_indent(text)) + 1,
            f"line {context} goes on with the value of `{name}` above it, so it must be indented further than "
            f"`{name}`: start it with {start + 2} spaces, or write `{name}: |` and the whole value on the lines "
            "below it, indented")


def _value_above(lines: list[str], number: int) -> int | None:
    """The line of the field whose plain value the lines just above this one hold (`summary: The
    most senior`, and any lines that go on with it), or None."""
    above = number - 1
    while above >= 1:
        text = _line(lines, above)
        if not text.strip():
            above -= 1
            continue
        if text.strip().startswith("#"):
            return None  # a comment ends a value
        colon = _colon(text)
        if colon is None:
            if _depth(text) == 0 or text.lstrip().startswith("-"):
                return None  # neither a field nor a line that goes on with one
            above -= 1
            continue
        value = text[colon + 1:].strip()
        return above if value and _PLAIN_START.match(value) else None
    return None


def _missing_colon(lines: list[str], line: int, column: int, context: int | None,
                   exc: yaml.MarkedYAMLError) -> Found | None:
    """`name Nawaf Fares`: a field without its colon. The parser notices on a later line (where it
    expected the colon, or where the next field's colon cannot be), so the line is the one before."""
    problem = exc.problem or ""
    suspect: int | None = None
    if context is not None and "simple key" in (exc.context or ""):
        suspect = context
    elif "mapping values are not allowed" in problem or "document start" in problem:
        here = _line(lines, line)
        if "mapping values" in problem and _colon(here) != column - 1:
            return None  # the colon it stopped at is not this line's first: a value holds ': '
        suspect = _previous(lines, line)
        if suspect is None or _continues_a_value(lines, suspect):
            return None
        if _line(lines, suspect).lstrip().startswith("-") and _depth(_line(lines, suspect)) != _depth(here):
            return None  # a list of plain items ("- a") before a field that is wrongly indented
    if suspect is None:
        return None
    text = _line(lines, suspect)
    content = text.strip()
    if not content or content.startswith("#") or _colon(text) is not None:
        return None
    dashes = _dashes(content)
    body = content[len(dashes):]
    name, _, value = body.partition(" ")
    at = text.index(content) + len(dashes) + len(name) + 1
    if not _FIELD.fullmatch(name):
        return (suspect, text.index(content) + 1,
                f"line {suspect}, `{content}`, is not a field: write it as `field: value`, or, if it goes on "
                "with the value above, indent it under that value")
    written = f"{dashes}{name}: {value.strip()}".rstrip()
    return (suspect, at, f"line {suspect}, `{content}`, has no colon after the field name: write `{written}`")


def _continues_a_value(lines: list[str], number: int) -> bool:
    """Whether a line is indented under a field that has a value: the value goes on there."""
    above = _field_above(lines, number)
    return above is not None and _depth(_line(lines, number)) > _depth(_line(lines, above))


def _field_above(lines: list[str], number: int) -> int | None:
    """The nearest line above this one holding a field with its value (`name: N`), past the lines
    that go on with a value; None when the nearest field has no value on its line (`sources:`)."""
    above = _previous(lines, number)
    while above is not None:
        text = _line(lines, above)
        colon = _colon(text)
        if colon is not None:
            return above if text[colon + 1:].strip() and not text[colon + 1:].strip().startswith("#") else None
        above = _previous(lines, above)
    return None


def _previous(lines: list[str], line: int) -> int | None:
    """The line before this one that holds something besides a comment."""
    for number in range(line - 1, 0, -1):
        text = _line(lines, number).strip()
        if text and not text.startswith("#"):
            return number
    return None


def _colon(text: str) -> int | None:
    """Where the line's first ': ' (or a colon ending it) is, outside quotation marks."""
    quote = None
    for index, character in enumerate(text):
        if quote:
            if character == quote:
                quote = None
        elif character in "'\"" and (index == 0 or text[index - 1] in " -:\t"):
            quote = character
        elif character == "#" and (index == 0 or text[index - 1] in " \t"):
            return None
        elif character == ":" and text[index + 1:index + 2] in ("", " ", "\t"):
            return index
    return None


def _depth(text: str) -> int:
    """The column a line's content starts at, after its indentation and list dashes."""
    indent = len(_indent(text))
    return indent + len(_dashes(text[indent:]))


def _indent(text: str) -> str:
    return text[:len(text) - len(text.lstrip(" \t"))]


def _dashes(text: str) -> str:
    """The dashes of list items a line's content starts with: '- ' in '- article: alpha'."""
    match = _ITEM.match(text)
    return match.group() if match else ""


def _never_closed(lines: list[str], line: int, column: int, context: int | None,
                  exc: yaml.MarkedYAMLError) -> Found | None:
    """A value that opens with a quotation mark never closed: YAML reads on to the end of the file."""
    if context is None or "quoted scalar" not in (exc.context or "") or exc.context_mark is None:
        return None
    if not any(words in (exc.problem or "") for words in ("end of stream", "document")):
        return None  # an escape it does not know, inside the quotation marks (_unknown_escape)
    text = _line(lines, context)
    at = exc.context_mark.column
    if text[at:at + 1] not in ("'", '"'):
        return None
    return context, at + 1, _unclosed(text, at)


def _unknown_escape(lines: list[str], line: int, column: int, context: int | None,
                    exc: yaml.MarkedYAMLError) -> Found | None:
    """`quote: "He \\left"`: in double quotes a backslash starts an escape (\\" a quotation mark)."""
    if "unknown escape" not in (exc.problem or ""):
        return None
    text = _line(lines, line)
    at = text.rfind("\\", 0, column)
    if at < 0 or at + 1 >= len(text):
        return None
    escape = text[at:at + 2]
    return (line, at + 1, f"in double quotes a backslash starts an escape, and {escape} is not one: write the "
                          f"backslash twice ({escape[0]}{escape}), or wrap the value in single quotes")


def _closed_further_down(lines: list[str], line: int, column: int, context: int | None,
                         exc: yaml.MarkedYAMLError) -> Found | None:
    """`position: "Ambassador to Iraq` with a quotation mark further down the file: YAML reads the
    value on to that mark, and stops at what follows it, lines below. The value is the nearest one
    above that opens a quotation mark not closed on its line and that, closed there, lets YAML
    read on past the place it stopped."""
    tried = 0
    for number in range(min(line, len(lines)), 0, -1):
        text = _line(lines, number)
        start = _QUOTED_START.match(text)
        if start is None or _closing(text, start.end("mark"), start.group("mark")) is not None:
            continue
        if number == line and start.start("mark") >= column - 1:
            continue  # it opens after the place YAML stopped
        if _reads_past(lines, number, text.rstrip() + start.group("mark"), line):
            return number, start.start("mark") + 1, _unclosed(text, start.start("mark"))
        tried += 1
        if tried == 3:  # each try reads the file again
            break
    return None


def _reads_past(lines: list[str], number: int, written: str, stopped: int) -> bool:
    """Whether YAML, with line `number` written so, reads the whole text or stops below line `stopped`."""
    text = "\n".join([*lines[:number - 1], written, *lines[number:]])
    try:
        for _ in yaml.parse(text, Loader=_Loader):
            pass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return mark is not None and mark.line + 1 > stopped
    except yaml.YAMLError:
        return False
    return True


def _unclosed(text: str, at: int) -> str:
    """What to do about the quotation mark at text[at] that is never closed, with the line closed."""
    mark = text[at]
    before = text[:at].strip()
    closed = f"{before} {text[at:].rstrip()}{mark}"
    example = f", `{closed}`" if before.endswith((":", "-")) and "`" not in closed else ""
    after = "after the -" if before.endswith("-") else "after the colon"
    return (f"the quotation mark ({mark}) that starts this value is never closed: end the value with {mark} too"
            f"{example}, or, if the value is meant to start with a quotation mark, write `|` {after} and the value "
            "on the next line, indented")


def _flow_never_closed(lines: list[str], line: int, column: int, context: int | None,
                       exc: yaml.MarkedYAMLError) -> Found | None:
    """`position: [P`: a value that opens with [ or { is read as a list (or fields), which must close."""
    kind = exc.context or ""
    if exc.context_mark is None or not ("flow sequence" in kind or "flow mapping" in kind):
        return None
    opened = "[" if "sequence" in kind else "{"
    closed = "]" if opened == "[" else "}"
    number, at = exc.context_mark.line + 1, exc.context_mark.column
    text = _line(lines, number)
    if text[at:at + 1] != opened:
        return None
    return (number, at + 1,
            f"this value starts with {opened}, so YAML reads it as a list that must end with {closed}; "
            f"if it is text, put the whole value in quotes{_written(text[:at], _plain_value(text[at:]))}")


def _flow_then_more(lines: list[str], line: int, column: int, context: int | None,
                    exc: yaml.MarkedYAMLError) -> Found | None:
    """`position: [Acting] ambassador to Iraq`: a value that opens with [ (or {) is read as a list
    (or fields), which ends at its ] (or }); more after it cannot be read."""
    text = _line(lines, line)
    start = _FLOW_START.match(text)
    if start is None:
        return None
    at = start.end()
    closed = _flow_end(text, at)
    if closed is None or column - 1 <= closed:
        return None
    value = _plain_value(text[at:])
    rest = value[closed + 1 - at:].strip()
    written = _written(text[:at], value)
    if not (rest and written and _TEXT_AFTER.match(rest)) or "," in text[at:closed] or ": " in text[at:closed]:
        return None  # a list or fields written wrong (`[a, b]]`, `{a: b}c`), not text
    opened = text[at]
    kind = "a list" if opened == "[" else "fields"
    return (line, at + 1,
            f"a value that starts with {opened} is read as {kind}, and this one goes on after its "
            f"{_CLOSES[opened]} ({rest}); quote the whole value{written}")


_FLOW_START = re.compile(r"[ \t]*(?:- +)*(?:[^\s:#'\"\[\]{}][^:#]*?:[ \t]+)?(?=[\[{])")
_CLOSES = {"[": "]", "{": "}"}
_TEXT_AFTER = re.compile(r"[^\W_]|[,;.(\"'-]")  # what text goes on with after `[Acting]`


def _flow_end(text: str, at: int) -> int | None:
    """Where the [ or { at text[at] is closed on this line (brackets inside quotation marks do not count)."""
    depth, quote = 0, None
    for index in range(at, len(text)):
        character = text[index]
        if quote:
            if character == quote:
                quote = None
        elif character in "'\"":
            quote = character
        elif character in "[{":
            depth += 1
        elif character in "]}":
            depth -= 1
            if depth == 0:
                return index
    return None


def _plain_value(text: str) -> str:
    """A value as typed on its line, without a comment after it (` #` starts one)."""
    comment = re.search(r"[ \t]#", text)
    return (text[:comment.start()] if comment else text).strip()


def _in_quotes(value: str) -> str:
    """The value as YAML text: in double quotes, or in single quotes when it holds a double quote or a
    backslash (each single quote then written twice)."""
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


def _written(before: str, value: str) -> str:
    """': ' and the line as it should be written: what comes before the value (`position:`, `-`),
    and the value in quotes, in backticks unless it holds one; '' when no field or dash comes
    before it (a stray character at the start of a line: quoting the line would not mend it)."""
    if not before.strip().endswith((":", "-")):
        return ""
    line = f"{before.strip()} {_in_quotes(value)}"
    return ": " + (f"`{line}`" if "`" not in line else line)


def _indented_under_a_value(lines: list[str], line: int, column: int, context: int | None,
                            exc: yaml.MarkedYAMLError) -> Found | None:
    """`name: N` then `  position: P`: a field indented under one that has a value is read as more
    of that value, and its colon cannot be there."""
    here = _line(lines, line)
    if "mapping values are not allowed" not in (exc.problem or "") or _colon(here) != column - 1:
        return None
    above = _field_above(lines, line)
    if above is None:
        return None
    text = _line(lines, above)
    if _depth(here) <= _depth(text):
        return None
    name = text[_depth(text):_colon(text)].strip()
    return (line, _depth(here) + 1,
            f"line {line}, `{here.strip()}`, is indented further than `{name}` above it, so YAML reads it as more of "
            f"that field's value: start it in the same column as `{name}`")


_RESERVED = {"@": "@", "`": "`", "%": "%"}
_IN_FLOW = re.compile(r"[,\]}]")


def _reserved_start(lines: list[str], line: int, column: int, context: int | None,
                    exc: yaml.MarkedYAMLError) -> Found | None:
    """`name: @x`: a value may not start with @ or ` (YAML keeps them for itself)."""
    text = _line(lines, line)
    character = text[column - 1:column]
    if "cannot start any token" not in (exc.problem or "") or character not in _RESERVED:
        return None
    before = text[:column - 1]
    if sum(map(before.count, "[{")) <= sum(map(before.count, "]}")):
        example = _written(before, _plain_value(text[column - 1:]))
    else:  # inside [ ] or { }: the value ends at the next comma or bracket
        value = _IN_FLOW.split(text[column - 1:], maxsplit=1)[0].strip()
        written = (before.lstrip() + _in_quotes(value) + text[column - 1 + len(value):]).rstrip()
        example = ": " + (f"`{written}`" if "`" not in written else written)
    return (line, column, f"a value cannot start with {character} (YAML keeps it for itself): put the whole value in "
                          f"quotes{example}")


def _out_of_line(lines: list[str], line: int, column: int, context: int | None,
                 exc: yaml.MarkedYAMLError) -> Found | None:
    """A line that does not line up with the ones above it: what most other parser errors mean."""
    problem = exc.problem or ""
    if not any(words in problem for words in ("expected key", "'-' indicator", "expected <block end>")):
        return None
    content = _line(lines, line).strip()
    if not content:
        return None
    return (line, column, f"line {line}, `{content}`, does not line up with the lines above it: the fields of a "
                          "record, and of each source, start in the same column, and so do the items of a list; "
                          "check its indentation")


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
