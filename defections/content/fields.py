"""From a record's YAML nodes to typed values, following its declaration in schema.py."""

from __future__ import annotations

import builtins
import sys
from collections.abc import Callable
from dataclasses import dataclass
from itertools import chain
from urllib.parse import urlsplit, urlunsplit

import yaml
from babel import Locale, UnknownLocaleError

from ..errors import WARNING, Diagnostic, did_you_mean, one_of
from ..schema import (
    DEFAULT_STANCE,
    HOSTNAME_PATTERN,
    ID_PATTERN,
    LANGUAGE_PATTERN,
    SOURCE_FIELDS,
    UNNAMED_FIELDS,
    WIKIDATA_PATTERN,
    Field,
    RecordKind,
    same_language,
)
from .characters import INVISIBLE, UNSHOWABLE_IN_FIELDS, hidden_by_reference, named
from .dates import EventDate, PartialDate, event_date, partial_date
from .model import Unnamed, by_language
from .yamlfile import is_empty, is_plain, scalar_text, where


@dataclass(frozen=True, slots=True)
class SourceRef:
    """A citation as written ({article, quote}, and what the quote says about its event), with
    where its article and quote stand for messages."""

    article: str
    quote: str
    path: str
    article_line: int
    article_column: int
    quote_line: int
    quote_column: int
    stance: str = DEFAULT_STANCE
    said_by: str | None = None
    date: EventDate | None = None
    # The quote's translations by language tag, and where each tag stands; None when it has none
    # (not two empty dicts: 128 bytes a quote, 32 MB at 50,000 people).
    translation: dict[str, str] | None = None
    translation_at: dict[str, tuple[int, int]] | None = None


NONE_EMPTY: frozenset[str] = frozenset()  # one for every record with no empty field (each its own: 224 bytes)


@dataclass(frozen=True, slots=True)
class Record:
    """A record's values by field name (absent and empty fields are None) and where each key is."""

    kind: RecordKind
    id: str
    path: str
    values: dict
    positions: tuple  # each field the file gives and the line and column of its value, flat: (name, line, column, ...)
    item_lines: dict | None  # field name -> [(line, column)] of each item of a list of ids; None: no list
    empty: frozenset[str] = NONE_EMPTY  # the fields given with nothing in them (`unnamed:`)

    def at(self, name: str) -> tuple[int, int]:
        """Where the field's value is in the file; (1, 1) when the file does not give it. (Looked
        for along a dozen fields at most, for a message: a dict of tuples took 600 bytes a record.)"""
        positions = self.positions
        for index in range(0, len(positions), 3):
            if positions[index] == name:
                return positions[index + 1], positions[index + 2]
        return 1, 1

    def items_at(self, name: str) -> list[tuple[int, int]]:
        """Where each item of a list of ids stands in the file."""
        return self.item_lines.get(name, []) if self.item_lines else []

    def gives(self, name: str) -> bool:
        """Whether the file has the field (empty or not)."""
        return name in self.positions[::3]

    def __getitem__(self, name: str):
        return self.values.get(name)


LARGEST_COUNT = 1_000_000  # people in one unnamed group: more is a typo (a whole army is a few hundred thousand)
# What YAML 1.1 (PyYAML, many editors' and scripts' readers) takes for true or false when unquoted;
# the build keeps it as the text typed, and says so.
YAML_BOOLEANS = {word: meaning for meanings, meaning in ((("y", "yes", "true", "on"), "true"),
                                                        (("n", "no", "false", "off"), "false"))
                 for lower in meanings for word in (lower, lower.capitalize(), lower.upper())}
_TEXTS = frozenset({"text", "markdown", "texts"})


class _Reader:
    """Reads the fields of one file, each by its declared type, and reports what is wrong with
    them in `problems`; item_lines keeps where each item of a list of ids stands, for messages."""

    def __init__(self, path: str, problems: list[Diagnostic], languages: tuple[str, ...] = ()):
        self.path = path
        self.problems = problems
        self.site_languages = languages  # the site's, the first its default; none when the site cannot be read
        self.own_language: str | None = None  # the record's own, when it says one (an article's `language`)
        self.says_its_language = False  # whether its kind has a `language` (articles do)
        self.item_lines: dict[str, list[tuple[int, int]]] = {}
        self.empty: set[str] = set()

    def error(self, node: yaml.Node, message: str) -> None:
        self.problems.append(Diagnostic(*where(self.path, node), message))

    def warn(self, node: yaml.Node, message: str) -> None:
        self.problems.append(Diagnostic(*where(self.path, node), message, WARNING))

    def text(self, f: Field, node: yaml.Node) -> str | None:
        if isinstance(node, yaml.ScalarNode):
            text = scalar_text(node)
            if text is not None and not self._characters_allowed(f, node, text):
                return None
            if text is not None and text.startswith("TODO"):
                self.error(node, f"'{f.name}' is still a TODO; fill it in: {f.description}")
                return None
            if text in YAML_BOOLEANS and f.type in _TEXTS and is_plain(node):
                self._kept_as_text(f, node, text)
            return text
        shape = "a list" if isinstance(node, yaml.SequenceNode) else "a group of fields"
        self.error(node, f"'{f.name}' should be text, not {shape}; if the text has a ': ' in it, "
                         "put the whole text in quotes")
        return None

    def _kept_as_text(self, f: Field, node: yaml.Node, text: str) -> None:
        """`destination: NO` is the text NO here, but false to other YAML readers: say so."""
        typed = f"{f.name}: {text}" if f.type != "texts" else f"- {text}"
        under = f" under '{f.name}'" if f.type == "texts" else ""
        norway = ("if you meant Norway, write it out; otherwise " if text.lower() == "no" and f.name == "destination"
                  else "")
        self.warn(node, f"`{typed}`{under} is kept as the text \"{text}\" (other YAML readers take it for "
                        f"{YAML_BOOLEANS[text]}); {norway}quote it (`\"{text}\"`) to silence this warning")

    def _characters_allowed(self, f: Field, node: yaml.Node, text: str) -> bool:
        """No character that cannot be shown (typed as an escape such as "\u0008"), none that is
        invisible and changes how the text reads, and no carriage return, which can hide what follows
        it in a terminal or a pull request's summary (characters.py)."""
        control = UNSHOWABLE_IN_FIELDS.search(text)
        if control:
            self.error(node, f"'{f.name}' holds a control character (U+{ord(control.group()):04X}) that cannot be "
                             "shown; remove it")
            return False
        invisible = INVISIBLE.search(text)
        if invisible:
            self.error(node, f"'{f.name}' holds an invisible character ({named(invisible.group())}) that can make it "
                             "read differently on screen; delete it (retype the text around it)")
            return False
        if "\r" in text:
            self.error(node, f"'{f.name}' holds a carriage return (\\r), which can hide what follows it; it is one "
                             "line: remove it")
            return False
        separator = next((c for c in "\u2028\u2029" if c in text), None)
        if separator is not None:
            self.error(node, f"'{f.name}' holds a {named(separator)}, which breaks the line on the page; remove it "
                             "(in a summary, a blank line makes a new paragraph)")
            return False
        hidden = hidden_by_reference(text) if f.type == "markdown" else None
        if hidden:
            self.error(node, f"'{f.name}' has the character reference '{hidden[1]}', which stands for "
                             f"{named(hidden[2])}, a character it may not show (it cannot be seen, or can make "
                             "words read differently); delete it")
            return False
        return True

    def date(self, f: Field, node: yaml.Node) -> PartialDate | None:
        text = self.text(f, node)
        if text is None:
            return None
        try:
            return partial_date(text)
        except ValueError as exc:
            self.error(node, f"'{f.name}': {exc}")
            return None

    def when(self, f: Field, node: yaml.Node) -> EventDate | None:
        text = self.text(f, node)
        if text is None:
            return None
        try:
            return event_date(text)
        except ValueError as exc:
            self.error(node, f"'{f.name}': {exc}")
            return None

    def count(self, f: Field, node: yaml.Node) -> int | None:
        text = self.text(f, node)
        if text is None:
            return None
        if isinstance(node, yaml.ScalarNode) and is_plain(node) and text.isascii() and text.isdigit() \
                and 1 <= int(text) <= LARGEST_COUNT:
            return int(text)
        self.error(node, f"'{f.name}' must be a whole number from 1 to {LARGEST_COUNT:,} (no quotes), not '{text}'")
        return None

    def unnamed(self, f: Field, node: yaml.Node) -> Unnamed | None:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"'{f.name}' holds how many, who and their branch, one per line, e.g.\n"
                             f"  {f.name}:\n    count: 2\n    who: members of parliament from Daraa\n"
                             "    branch: political")
            return None
        values, _ = self.mapping(UNNAMED_FIELDS, node, f"'{f.name}'")
        if values.get("count") is None or not values.get("who") or values.get("branch") is None:
            return None
        return Unnamed(values["count"], values["who"], values["branch"], by_language(values.get("translations")))

    def bool(self, f: Field, node: yaml.Node) -> bool | None:
        text = self.text(f, node)
        if text is None:
            return None
        if isinstance(node, yaml.ScalarNode) and is_plain(node) and text in ("true", "false"):
            return text == "true"
        self.error(node, f"'{f.name}' must be true or false (lower case, no quotes), not '{text}'")
        return None

    def url(self, f: Field, node: yaml.Node) -> str | None:
        text = self.text(f, node)
        if text is None:
            return None
        if any(character.isspace() for character in text):  # urlsplit() drops a line break: it would be published
            self.error(node, f"'{f.name}' must be one line, without spaces or line breaks (write a space as %20)")
            return None
        if "\\" in text:  # a browser reads it as '/': "https://example.org/\\evil.example/" leads elsewhere
            self.error(node, f"'{f.name}' holds a backslash (\\), which a browser reads as '/'; write '/' or %5C")
            return None
        try:
            parts = urlsplit(text)
            host = parts.hostname
        except ValueError:
            parts, host = None, None
        try:
            port = parts.port if parts is not None else None
        except ValueError:
            self.error(node, f"'{f.name}' has a port that is not a number from 1 to 65535")
            return None
        if parts is None or parts.scheme not in ("http", "https") or not host:
            self.error(node, f"'{f.name}' must be a full web address starting with http:// or https://, "
                             f"not '{text}'")
            return None
        if parts.username is not None or parts.password is not None:
            self.error(node, f"'{f.name}' must not hold a user name or password")
            return None
        if parts.path.startswith("//"):
            self.error(node, f"'{f.name}' has a path that starts with '//', which a browser reads as the address of "
                             "another site; write one '/'")
            return None
        if f.type == "site_url" and (parts.query or parts.fragment or text.endswith(("?", "#"))):
            self.error(node, f"'{f.name}' is the address the site lives at, to which pages' paths are added: "
                             "it cannot have a ?query or a #part")
            return None
        host = f"[{host}]" if ":" in host else host  # an IPv6 address, as it is written in an address
        netloc = host if port is None else f"{host}:{port}"
        return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))  # as parsed, nothing else

    def choice(self, f: Field, node: yaml.Node) -> str | None:
        text = self.text(f, node)
        if text is None:
            return None
        choices = f.choices or {}
        for choice in choices:
            if choice == text:
                return choice
        self.error(node, f"'{f.name}' cannot be '{text}'{did_you_mean(text, choices)}; "
                         f"use one of {one_of(choices)}")
        return None

    def _matching(self, f: Field, node: yaml.Node, pattern, explain: str) -> str | None:
        """Text that must match a pattern; `explain` says what it should be."""
        text = self.text(f, node)
        if text is None or pattern.fullmatch(text):
            return text
        self.error(node, explain.format(name=f.name, text=text))
        return None

    def id(self, f: Field, node: yaml.Node) -> str | None:
        text = self._matching(f, node, ID_PATTERN, "'{name}': '{text}' is not an id; ids are file names without "
                                                   "their extension, in lower-case letters, digits, '-' and '_'")
        return sys.intern(text) if text is not None else None  # one string for every reference to a record

    def wikidata(self, f: Field, node: yaml.Node) -> str | None:
        return self._matching(f, node, WIKIDATA_PATTERN,
                              "'{name}' must be a Wikidata item id such as Q42, not '{text}'")

    def hostname(self, f: Field, node: yaml.Node) -> str | None:
        return self._matching(f, node, HOSTNAME_PATTERN, "'{name}' must be a domain name such as "
                                                         "defections.example.org (no https://, no path), not '{text}'")

    def language(self, f: Field, node: yaml.Node) -> str | None:
        return self._matching(f, node, LANGUAGE_PATTERN, "'{name}' must be a language tag such as 'en' or 'ar', "
                                                         "not '{text}'")

    def languages(self, f: Field, node: yaml.Node) -> tuple[str, ...] | None:
        items = self._items(f, node, _first(f.example))
        if items is None:
            return None
        found: list[str] = []
        for item in items:
            tag = self.language(f, item)
            if tag is not None and tag in found:
                self.error(item, f"'{f.name}' lists '{tag}' twice; remove one")
            elif tag is not None:
                found.append(tag)
        if not found:
            self.error(node, f"'{f.name}' needs at least one language tag, the site's first language, e.g. [en, ar]")
            return None
        return tuple(found)

    def locales(self, f: Field, node: yaml.Node) -> dict[str, str] | None:
        found = self._by_language(f, node, any_language=True)
        if found is None:
            return None
        locales = {}
        for tag, value_node in found.items():
            text = self.text(f, value_node)
            if text is None:
                continue
            try:
                locales[tag] = str(Locale.parse(text.replace("-", "_")))
            except (ValueError, UnknownLocaleError):
                self.error(value_node, f"'{text}' is not a CLDR locale: write a language and, for its words for "
                                       "months, a region, such as ar_SY, ar_EG or en_GB")
        return locales

    def translations(self, f: Field, node: yaml.Node) -> dict[str, dict[str, str]] | None:
        found = self._by_language(f, node)
        if found is None:
            return None
        names = ", ".join(part.name for part in f.of)
        translated = {}
        for tag, value_node in found.items():
            if not isinstance(value_node, yaml.MappingNode):
                self.error(value_node, f"'{f.name}' gives, under each language tag, the fields it translates "
                                       f"({names}), one per line, e.g.\n  {f.name}:\n    {tag}:\n      "
                                       f"{f.of[0].name}: …")
                continue
            values, _ = self.mapping(f.of, value_node, f"the '{tag}' translations", translation=True)
            texts = {name: value for name, value in values.items() if value is not None}
            if texts:
                translated[tag] = texts
        return translated

    def translation(self, f: Field, node: yaml.Node) -> dict[str, str] | None:
        found = self._by_language(f, node, any_of_the_sites=True)  # an article in Arabic is translated into English
        if found is None:
            return None
        texts = {tag: self.text(f, value_node) for tag, value_node in found.items()}
        return {tag: text for tag, text in texts.items() if text is not None}

    def _by_language(self, f: Field, node: yaml.Node, any_language: builtins.bool = False,
                     any_of_the_sites: builtins.bool = False) -> dict[str, yaml.Node] | None:
        """A mapping by language tag: each tag one of the site's other languages (any of its
        languages, for `any_of_the_sites`; any tag, for `any_language`), with its value's node."""
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"'{f.name}' gives one line per language tag, e.g.\n  {f.name}:\n    ar: …")
            return None
        found: dict[str, yaml.Node] = {}
        for key, value in node.value:
            tag = scalar_text(key) if isinstance(key, yaml.ScalarNode) else None
            if tag is None or not LANGUAGE_PATTERN.fullmatch(tag):
                self.error(key, f"'{f.name}' is by language tag, such as 'ar'; '{tag}' is not one")
                continue
            first = self.site_languages[0] if self.site_languages else None
            if (not any_language and not any_of_the_sites and tag == first
                    and (self.own_language is None or same_language(self.own_language, first))):
                others = ", ".join(self.site_languages[1:]) or "none yet"
                other = next((t for t in self.site_languages if t != tag), None)
                unless = (f"; if this article is not in {tag}, say which language it is in (`language: {other}`)"
                          if self.says_its_language and other else "")
                self.error(key, f"'{tag}' is the site's first language, the one this record's own fields are in: "
                                f"'{f.name}' is for its other languages ({others}){unless}")
                continue
            if not any_language and not any_of_the_sites and same_language(tag, self.own_language):
                others = ", ".join(t for t in self.site_languages if t != tag) or "none yet"
                self.error(key, f"'{tag}' is the language this record is in ('language: {self.own_language}'): "
                                f"its own fields are in it already; '{f.name}' is for the site's other languages "
                                f"({others})")
                continue
            if not any_language and self.site_languages and tag not in self.site_languages:
                listed = ", ".join(self.site_languages)
                self.error(key, f"'{tag}' is not one of the site's languages ({listed})"
                                f"{did_you_mean(tag, self.site_languages)}: add it to 'languages' in "
                                "content/site.yaml, or correct the tag")
                continue
            if not is_empty(value):
                found[tag] = value
        return found

    def _items(self, f: Field, node: yaml.Node, example: str) -> list[yaml.Node] | None:
        if isinstance(node, yaml.SequenceNode):
            return node.value
        self.error(node, f"'{f.name}' should be a list, one item per line starting with '- ', e.g.\n"
                         f"  {f.name}:\n    - {example}")
        return None

    def ids(self, f: Field, node: yaml.Node) -> list[str] | None:
        items = self._items(f, node, _first(f.example))
        if items is None:
            return None
        result = []
        for item in items:
            value = self.id(f, item)
            if value is not None and value in result:
                self.error(item, f"'{f.name}' lists '{value}' twice; remove one")
            elif value is not None:
                result.append(value)
                self.item_lines.setdefault(f.name, []).append(where(self.path, item)[1:])
            elif is_empty(item):
                self.error(item, f"'{f.name}' has an empty item; remove the '-' line or fill it in")
        return result

    def texts(self, f: Field, node: yaml.Node) -> list[str] | None:
        items = self._items(f, node, _first(f.example))
        if items is None:
            return None
        result = []
        for item in items:
            value = self.text(f, item)
            if value is not None:
                result.append(value)
        return result

    def sources(self, f: Field, node: yaml.Node) -> list[SourceRef] | None:
        items = self._items(f, node, "article: <article id>\n      quote: <words from the article>")
        if items is None:
            return None
        result = []
        for item in items:
            if not isinstance(item, yaml.MappingNode):
                self.error(item, f"each item of '{f.name}' needs an 'article' and a 'quote', e.g.\n"
                                 f"  - article: 004_fec588d6dc2c7ff9\n    quote: \"words from the article\"")
                continue
            values, lines = self.mapping(SOURCE_FIELDS, item, f"an item of '{f.name}'")
            if values.get("article") and values.get("quote"):
                (article_line, article_column), (quote_line, quote_column) = lines["article"], lines["quote"]
                translation = values.get("translation") or None
                result.append(SourceRef(values["article"], values["quote"], self.path, article_line, article_column,
                                        quote_line, quote_column, stance=values["stance"],
                                        said_by=values.get("said_by"), date=values.get("date"),
                                        translation=translation,
                                        translation_at=_keys_at(item, "translation") if translation else None))
        return result

    def mapping(self, fields: tuple[Field, ...], node: yaml.MappingNode, what: str,
                translation: builtins.bool = False) -> tuple[dict, dict]:
        """Read each known field, report unknown, duplicate-free and missing ones (a `translation`
        requires none and has no defaults: it gives what it translates)."""
        by_name = {f.name: f for f in fields}
        values: dict = {}
        lines: dict = {}
        if not translation and "language" in by_name and "translations" in by_name:
            self.own_language = _own_language(node)  # what its translations may not be into
            self.says_its_language = True
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else None
            f = by_name.get(name) if name is not None else None
            if f is None:
                shown = name if name is not None else "(a list or group)"
                self.error(key, f"unknown field '{shown}' in {what}{did_you_mean(str(shown), by_name)}; "
                                f"the fields are {one_of(by_name)}")
                continue
            name = f.name
            if name in values:
                continue  # a duplicate key, already reported by the YAML reader
            values[name] = None if is_empty(value) else _CONVERTERS[f.type](self, f, value)
            if is_empty(value):
                self.empty.add(name)
            lines[name] = (value.start_mark.line + 1, value.start_mark.column + 1)
            if values[name] is None and translation and is_empty(value):
                self.error(value, f"'{name}' is empty in {what}: translate it, or remove the line")
            elif values[name] is None and f.required and is_empty(value):
                self.error(value, f"'{name}' is empty; it is required: {f.description}")
            elif f.required and isinstance(value, yaml.SequenceNode) and not value.value:
                self.error(value, f"'{name}' needs at least one item: {f.description}")
        for f in fields:
            if translation:
                continue
            if f.required and f.name not in lines:
                self.error(node, f"{what} is missing the required field '{f.name}': {f.description}")
            if values.get(f.name) is None and f.default is not None:
                values[f.name] = f.default
        return values, lines


def _keys_at(node: yaml.MappingNode, name: str) -> dict[str, tuple[int, int]]:
    """Where each key of a mapping's field `name` stands (the tags of a quote's translation)."""
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value == name and isinstance(value, yaml.MappingNode):
            return {str(k.value): (k.start_mark.line + 1, k.start_mark.column + 1) for k, _ in value.value
                    if isinstance(k, yaml.ScalarNode)}
    return {}


def _own_language(node: yaml.MappingNode) -> str | None:
    """The language a record says its own fields are in (`language: ar`), read before its other
    fields: its `translations` may come first in the file."""
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "language" and isinstance(value, yaml.ScalarNode):
            tag = scalar_text(value)
            return tag if tag and LANGUAGE_PATTERN.fullmatch(tag) else None
    return None


def _first(example: object) -> str:
    """The first item of a list field's example, for messages."""
    return str(example[0]) if isinstance(example, list | tuple) and example else str(example)


_CONVERTERS: dict[str, Callable] = {
    "text": _Reader.text,
    "markdown": _Reader.text,
    "date": _Reader.date,
    "when": _Reader.when,
    "count": _Reader.count,
    "unnamed": _Reader.unnamed,
    "bool": _Reader.bool,
    "url": _Reader.url,
    "site_url": _Reader.url,
    "choice": _Reader.choice,
    "id": _Reader.id,
    "ids": _Reader.ids,
    "texts": _Reader.texts,
    "sources": _Reader.sources,
    "wikidata": _Reader.wikidata,
    "language": _Reader.language,
    "hostname": _Reader.hostname,
    "languages": _Reader.languages,
    "locales": _Reader.locales,
    "translations": _Reader.translations,
    "translation": _Reader.translation,
}


def read_record(kind: RecordKind, record_id: str, path: str, node: yaml.Node,
                problems: list[Diagnostic], languages: tuple[str, ...] = ()) -> Record | None:
    """The record's typed values, or None when its top level is not a set of fields; `languages`
    are the site's, which its translations must be in (none: the site's are not known)."""
    reader = _Reader(path, problems, languages)
    if not isinstance(node, yaml.MappingNode):
        reader.error(node, f"a {kind.name} file holds fields, one 'name: value' per line, e.g. "
                           f"'{kind.fields[0].name}: {kind.fields[0].example}'")
        return None
    values, lines = reader.mapping(kind.fields, node, f"this {kind.name}")
    positions = tuple(chain.from_iterable((name, line, column) for name, (line, column) in lines.items()))
    return Record(kind, record_id, path, values, positions, reader.item_lines or None,
                  frozenset(reader.empty) if reader.empty else NONE_EMPTY)
