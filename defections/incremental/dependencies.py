"""What every page and list entry read when it last rendered (reads.py), recorded, not declared: so
after an edit exactly the pages whose reads it changed are rendered again, whatever templates a
project has.

A page reads through `views` (which record each lookup) and through the records it is given:
the RecordingEnvironment below records each field a template reads of a record, and each
template a page uses (its own, what it extends, imports and includes).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from itertools import chain
from pathlib import Path
from typing import Any

import jinja2

from ..reads import ANY, EVERYTHING, Entry, Read
from ..render.views import Views
from .changes import FIELDS, KINDS

Target = str | Entry  # a page, by its path, or an entry


class _Rendering:
    """The reads of one page or entry, gathered while it renders."""

    __slots__ = ("dependencies", "target", "reads")

    def __init__(self, dependencies: Dependencies, target: Target):
        self.dependencies, self.target = dependencies, target
        self.reads: set[Read] = set()

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
        self._stack: list[set[Read]] = []  # the reads of what is rendering now, innermost last
        self._reads: dict[Target, frozenset[Read]] = {}
        self._readers: dict[Read, set[Target]] = defaultdict(set)
        self._entries: dict[tuple[str, str], dict[str, bytes]] = {}  # (page, template) -> subject -> html
        self._used: dict[tuple[str, str], list[list[str]]] = {}  # the subjects each list shows, while its page renders

    # -- recording (reads.Reads) -----------------------------------------------------------------
    def read(self, what: Read) -> None:
        if self._stack:
            self._stack[-1].add(what)

    def record(self, kind: str, record_id: str | None, field: str) -> None:
        if self._stack:
            self._stack[-1].add((kind, record_id, field))  # type: ignore[arg-type]  # as Read(...), faster

    def rendering(self, target: Target) -> _Rendering:
        return _Rendering(self, target)

    def taken(self, path: str) -> frozenset[Read] | None:
        return self._reads.get(path)

    def given(self, path: str, reads: frozenset[Read]) -> None:
        self._set(path, reads)

    def kept(self, page: str, template: str, subjects: list[str]) -> list[bytes | None]:
        kept = self._entries.setdefault((page, template), {})
        self._used.setdefault((page, template), []).append(subjects)
        return list(map(kept.get, subjects))

    def keep(self, entry: Entry, html: bytes) -> None:
        self._entries.setdefault((entry.page, entry.template), {})[entry.subject] = html

    def _set(self, target: Target, reads: frozenset[Read]) -> None:
        before = self._reads.pop(target, None)
        readers = self._readers
        if before is not None:
            for read in before - reads:
                readers[read].discard(target)
            reads_added: Iterable[Read] = reads - before
        else:
            reads_added = reads
        if reads:
            self._reads[target] = reads
        for read in reads_added:
            readers[read].add(target)

    def _rendered(self, page: str) -> None:
        """After a page rendered: the entries its lists had and no longer show are let go."""
        for key in [key for key in self._used if key[0] == page]:
            lists, kept = self._used.pop(key), self._entries[key]
            if sum(map(len, lists)) != len(kept):  # (every entry shown is kept by now: most often, all are)
                for subject in kept.keys() - set(chain.from_iterable(lists)):
                    del kept[subject]
                    self._set(Entry(page, key[1], subject), frozenset())

    # -- after an edit -------------------------------------------------------------------------
    def stale(self, changes: set[Read]) -> set[str]:
        """The pages whose reads the changes change; their entries that read them are let go."""
        pages = set()
        for read in changes:
            for target in self._readers.get(read, ()):
                if isinstance(target, str):
                    pages.add(target)
                else:  # an entry: let it go, and render its page again
                    self._entries.get((target.page, target.template), {}).pop(target.subject, None)
                    pages.add(target.page)
        return pages

    def forget(self, path: str) -> None:
        """A page the site no longer has, with its entries."""
        self._set(path, frozenset())
        for key in [key for key in self._entries if key[0] == path]:
            for subject in self._entries.pop(key):
                self._set(Entry(path, key[1], subject), frozenset())


class RecordingEnvironment(jinja2.Environment):
    """Jinja's environment, recording what templates read: every field of a record (and any other
    attribute of one as the whole record), every template a page uses, and, as everything at
    all, any private attribute of the views (which no shipped template uses). Every way a
    template reads an attribute goes through getattr() or getitem(): `a.b`, `a['b']`, and the
    filters that take an attribute (`map`, `sort`, `groupby`, `attr` since Jinja 3.1.5, ...)."""

    dependencies: Dependencies

    def getattr(self, obj: Any, attribute: str) -> Any:  # (every `a.b` in every template: kept short)
        kind = KINDS.get(type(obj))
        if kind is not None:
            stack = self.dependencies._stack
            if stack:  # a plain tuple is the same key as the Read of the same three, made faster
                field = attribute if attribute in FIELDS[kind] else ANY
                stack[-1].add((kind, None if kind == "site" else obj.id, field))  # type: ignore[arg-type]
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
        kind = KINDS.get(type(obj))
        if kind is not None and type(argument) is str:
            self._read(kind, obj, argument)
        return super().getitem(obj, argument)

    def _read(self, kind: str, record: Any, attribute: str) -> None:
        stack = self.dependencies._stack
        if stack:  # a plain tuple is the same key as the Read of the same three, made faster
            field = attribute if attribute in FIELDS[kind] else ANY
            stack[-1].add((kind, None if kind == "site" else record.id, field))  # type: ignore[arg-type]

    def get_template(self, name: Any, parent: str | None = None, globals: Any = None) -> jinja2.Template:
        template = super().get_template(name, parent, globals)
        self.dependencies.record("template", template.name, ANY)
        return template

    def select_template(self, names: Any, parent: str | None = None, globals: Any = None) -> jinja2.Template:
        template = super().select_template(names, parent, globals)
        self.dependencies.record("template", template.name, ANY)
        return template


def template_digests(folder: Path, assets: str) -> dict[str, str]:
    """Each template's digest, by its name (its path under the folder), the assets' folder aside."""
    found = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_file() and not name.startswith(f"{assets}/"):
            found[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found
