"""What every page and list entry read when it last rendered (reads.py), recorded, not declared: so
after an edit exactly the pages whose reads it changed are rendered again, whatever templates a
project has.

A page reads through `views` (which record each lookup) and through the records it is given:
the RecordingEnvironment below records each field a template reads of a record, a record a
template prints or turns into text whole, and each template a page asks for (its own, what it
extends, imports and includes, found or not).
"""

from __future__ import annotations

import functools
import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from itertools import chain
from pathlib import Path
from typing import Any, NamedTuple

import jinja2

from ..content.model import FIELDS, KIND_OF
from ..reads import ANY, EVERYTHING, Entry, KeptEntry, PageReads, ReadKey
from ..render.views import Views

Target = str | Entry  # a page, by its path, or an entry


class _List(NamedTuple):
    """The entries of one page drawn from one template, about records of one kind."""

    page: str
    template: str
    kind: str


class _Rendering:
    """The reads of one page or entry, gathered while it renders."""

    __slots__ = ("dependencies", "target", "reads")

    def __init__(self, dependencies: Dependencies, target: Target):
        self.dependencies, self.target = dependencies, target
        self.reads: set[ReadKey] = set()

    def __enter__(self) -> _Rendering:
        self.dependencies._stack.append(self.reads)
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        self.dependencies._stack.pop()
        if kind is None:  # a render that failed read nothing that counts
            self.dependencies._set(self.target, frozenset(self.reads))
            if isinstance(self.target, str):
                self.dependencies._rendered(self.target)


class Dependencies:
    """The reads of every page and entry rendered, who read each, and the entries kept (reads.Reads)."""

    def __init__(self) -> None:
        self._stack: list[set[ReadKey]] = []  # the reads of what is rendering now, innermost last
        self._reads: dict[Target, frozenset[ReadKey]] = {}
        self._readers: dict[ReadKey, set[Target]] = defaultdict(set)
        self._entries: dict[_List, dict[str, bytes]] = {}  # a list -> subject -> html
        self._used: dict[_List, list[list[str]]] = {}  # the subjects each list shows, while its page renders
        self._kept_since: set[Entry] | None = None  # the entries kept since begin(), for abandon()

    # -- recording (reads.Reads) -----------------------------------------------------------------
    def read(self, what: ReadKey) -> None:
        if self._stack:
            self._stack[-1].add(what)

    def record(self, kind: str, record_id: str | None, field: str) -> None:
        if self._stack:
            self._stack[-1].add((kind, record_id, field))

    def rendering(self, target: Target) -> _Rendering:
        return _Rendering(self, target)

    def taken(self, path: str) -> PageReads | None:
        reads = self._reads.get(path)
        if reads is None:
            return None
        entries = tuple(KeptEntry(entry, html, self._reads.get(entry, frozenset()))
                        for key, kept in self._entries.items() if key.page == path
                        for entry, html in ((Entry(*key, subject), html) for subject, html in kept.items()))
        return PageReads(reads, entries)

    def given(self, path: str, reads: PageReads) -> None:
        for kept in reads.entries:
            self._entries.setdefault(_List(*kept.entry[:3]), {})[kept.entry.subject] = kept.html
            self._set(kept.entry, kept.reads)
        self._set(path, reads.reads)

    def kept(self, page: str, template: str, kind: str, subjects: list[str]) -> list[bytes | None]:
        key = _List(page, template, kind)
        kept = self._entries.setdefault(key, {})
        self._used.setdefault(key, []).append(subjects)
        return list(map(kept.get, subjects))

    def keep(self, entry: Entry, html: bytes) -> None:
        self._entries.setdefault(_List(entry.page, entry.template, entry.kind), {})[entry.subject] = html
        if self._kept_since is not None:
            self._kept_since.add(entry)

    def _set(self, target: Target, reads: frozenset[ReadKey]) -> None:
        before = self._reads.pop(target, None)
        readers = self._readers
        added: Iterable[ReadKey] = reads
        if before is not None:
            for read in before - reads:
                readers[read].discard(target)
            added = reads - before
        if reads:
            self._reads[target] = reads
        for read in added:
            readers[read].add(target)

    def _rendered(self, page: str) -> None:
        """After a page rendered: the entries its lists had and no longer show are let go."""
        for key in [key for key in self._used if key.page == page]:
            lists, kept = self._used.pop(key), self._entries[key]
            if sum(map(len, lists)) != len(kept):  # (every entry shown is kept by now: most often, all are)
                for subject in kept.keys() - set(chain.from_iterable(lists)):
                    del kept[subject]
                    self._set(Entry(*key, subject), frozenset())

    # -- a build ---------------------------------------------------------------------------------
    def begin(self) -> None:
        """A rebuild starts: note the entries it keeps, in case it fails (abandon())."""
        self._kept_since = set()
        self._used.clear()

    def abandon(self) -> None:
        """The rebuild failed: the entries it kept show content no page on disk shows; let them go."""
        for entry in self._kept_since or ():
            self._entries.get(_List(entry.page, entry.template, entry.kind), {}).pop(entry.subject, None)
            self._set(entry, frozenset())
        self._kept_since = None
        self._used.clear()
        self._stack.clear()

    def stale(self, changes: Iterable[ReadKey]) -> set[str]:
        """The pages whose reads the changes change; their entries that read them are let go."""
        pages = set()
        for read in changes:
            for target in self._readers.get(read, ()):
                if isinstance(target, str):
                    pages.add(target)
                else:  # an entry: let it go, and render its page again
                    self._entries.get(_List(target.page, target.template, target.kind), {}).pop(target.subject, None)
                    pages.add(target.page)
        return pages

    def forget(self, path: str) -> None:
        """A page the site no longer has, with its entries."""
        self._set(path, frozenset())
        for key in [key for key in self._entries if key.page == path]:
            for subject in self._entries.pop(key):
                self._set(Entry(*key, subject), frozenset())


# Filters whose record arguments are read only through environment.getitem() (recorded field by
# field) or not read at all; every other filter may turn a record it is given into text whole.
_READING_BY_ATTRIBUTE = frozenset({
    "attr", "batch", "count", "d", "default", "dictsort", "first", "groupby", "items", "last", "length", "list",
    "map", "max", "min", "random", "reject", "rejectattr", "reverse", "select", "selectattr", "slice", "sort",
    "sum", "unique"})


_WHOLE = frozenset({*KIND_OF, list, tuple})  # what a template may print that holds a record


class RecordingEnvironment(jinja2.Environment):
    """Jinja's environment, recording what templates read: every field of a record (and any other
    attribute of one as the whole record), a record printed or given to a filter that makes text
    of it (`{{ person }}`, `|string`, `|join`: the whole record), every template a page asks
    for, and, as everything at all, any private attribute of the views. Every way a template reads
    an attribute goes through getattr() or getitem(): `a.b`, `a['b']`, and the filters that take
    an attribute (`map`, `sort`, `groupby`, `attr` since Jinja 3.1.5, ...)."""

    dependencies: Dependencies

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.finalize = self._printed  # before any template is compiled: Jinja builds it into the code

    def record_filters(self) -> None:
        """Have every filter but those that read attributes one by one record the records it is
        given as read whole (once all the filters are registered)."""
        for name, function in list(self.filters.items()):
            if name not in _READING_BY_ATTRIBUTE:
                self.filters[name] = self._recording_filter(function)

    def getattr(self, obj: Any, attribute: str) -> Any:  # (every `a.b` in every template: kept short)
        kind = KIND_OF.get(type(obj))
        if kind is not None:
            stack = self.dependencies._stack
            if stack:
                field = attribute if attribute in FIELDS[kind] else ANY
                stack[-1].add((kind, None if kind == "site" else obj.id, field))
        elif type(obj) is Views and attribute.startswith("_"):
            self.dependencies.read(EVERYTHING)
        try:  # then as jinja2.Environment.getattr() does
            return getattr(obj, attribute)
        except AttributeError:
            pass
        try:
            return obj[attribute]
        except (TypeError, LookupError, AttributeError):
            return self.undefined(obj=obj, name=attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        kind = KIND_OF.get(type(obj))
        if kind is not None and type(argument) is str:
            field = argument if argument in FIELDS[kind] else ANY
            self.dependencies.record(kind, None if kind == "site" else obj.id, field)
        return super().getitem(obj, argument)

    def _whole(self, value: Any) -> None:
        """A record read whole, or a list of them."""
        kind = KIND_OF.get(type(value))
        if kind is not None:
            self.dependencies.record(kind, None if kind == "site" else value.id, ANY)
        elif isinstance(value, list | tuple):
            for item in value:
                kind = KIND_OF.get(type(item))
                if kind is not None:
                    self.dependencies.record(kind, None if kind == "site" else item.id, ANY)

    def _printed(self, value: Any) -> Any:  # (every {{ ... }} of every template: kept short)
        if type(value) in _WHOLE:
            self._whole(value)
        return value

    def _recording_filter(self, function: Callable[..., Any]) -> Callable[..., Any]:
        passed = 1 if getattr(function, "jinja_pass_arg", None) is not None else 0  # the environment or context

        @functools.wraps(function)
        def recording(*args: Any, **kwargs: Any) -> Any:
            for value in args[passed:]:
                if type(value) in _WHOLE:
                    self._whole(value)
            return function(*args, **kwargs)
        return recording

    def get_template(self, name: Any, parent: str | None = None, globals: Any = None) -> jinja2.Template:
        if isinstance(name, str):  # asked for, found or not: a template added later changes the page
            self.dependencies.record("template", name, ANY)
        return super().get_template(name, parent, globals)

    def select_template(self, names: Any, parent: str | None = None, globals: Any = None) -> jinja2.Template:
        for name in names if isinstance(names, list | tuple) else ():
            if isinstance(name, str):
                self.dependencies.record("template", name, ANY)
        return super().select_template(names, parent, globals)


def template_digests(folder: Path) -> dict[str, str]:
    """The digest of every file of the templates' folder (assets too: a template may include one),
    by its name, its path under the folder."""
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}
