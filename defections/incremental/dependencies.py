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
            if type(self.target) is str:
                self.dependencies._drop_unused_entries(self.target)


class Dependencies:
    """The reads of every page and entry rendered, who read each, and the entries kept (reads.Reads)."""

    def __init__(self) -> None:
        self._stack: list[set[Read]] = []  # the reads of what is rendering now, innermost last
        self._reads: dict[Target, frozenset[Read]] = {}
        self._readers: dict[Read, set[Target]] = defaultdict(set)
        self._entries: dict[Entry, bytes] = {}
        self._entries_of: dict[str, set[Entry]] = defaultdict(set)  # a page's entries
        self._used: dict[str, set[Entry]] = defaultdict(set)  # the entries of the pages rendering now

    # -- recording (reads.Reads) -----------------------------------------------------------------
    def read(self, what: Read) -> None:
        if self._stack:
            self._stack[-1].add(what)

    def record(self, kind: str, record_id: str | None, field: str) -> None:
        if self._stack:
            self._stack[-1].add(Read(kind, record_id, field))

    def rendering(self, target: Target) -> _Rendering:
        return _Rendering(self, target)

    def taken(self, path: str) -> frozenset[Read] | None:
        return self._reads.get(path)

    def given(self, path: str, reads: frozenset[Read]) -> None:
        self._set(path, reads)

    def kept(self, entries: list[Entry]) -> list[bytes | None]:
        for page in {entry[0] for entry in entries[:1]}:  # the entries of a list are on one page
            self._used[page].update(entries)
        return list(map(self._entries.get, entries))

    def keep(self, entry: Entry, html: bytes) -> None:
        self._entries[entry] = html
        self._entries_of[entry[0]].add(entry)
        self._used[entry[0]].add(entry)

    def _drop_unused_entries(self, page: str) -> None:
        """After a page rendered: the entries it had and no longer shows are let go."""
        used = self._used.pop(page, set())
        for entry in self._entries_of[page] - used:
            self._forget_entry(entry)
        self._entries_of[page] &= used

    def _forget_entry(self, entry: Entry) -> None:
        self._entries.pop(entry, None)
        if entry in self._reads:
            self._set(entry, frozenset())
            del self._reads[entry]

    def _set(self, target: Target, reads: frozenset[Read]) -> None:
        for read in self._reads.get(target, ()):
            self._readers[read].discard(target)
        self._reads[target] = reads
        for read in reads:
            self._readers[read].add(target)

    # -- after an edit -------------------------------------------------------------------------
    def stale(self, changes: set[Read]) -> set[str]:
        """The pages whose reads the changes change; their entries that read them are let go."""
        pages = set()
        for read in changes:
            for target in self._readers.get(read, ()):
                if isinstance(target, str):
                    pages.add(target)
                else:  # an entry: let it go, and render its page again
                    self._entries.pop(target, None)
                    pages.add(target[0])
        return pages

    def forget(self, path: str) -> None:
        """A page the site no longer has, with its entries."""
        if path in self._reads:
            self._set(path, frozenset())
            del self._reads[path]
        for entry in self._entries_of.pop(path, ()):
            self._forget_entry(entry)


class RecordingEnvironment(jinja2.Environment):
    """Jinja's environment, recording what templates read: every field of a record (and any other
    attribute of one as the whole record), every template a page uses, and, as everything at
    all, any private attribute of the views (which no shipped template uses). Every way a
    template reads an attribute goes through getattr() or getitem(): `a.b`, `a['b']`, and the
    filters that take an attribute (`map`, `sort`, `groupby`, `attr` since Jinja 3.1.5, ...)."""

    dependencies: Dependencies

    def getattr(self, obj: Any, attribute: str) -> Any:
        self._reads_of(obj, attribute)
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if type(argument) is str:
            self._reads_of(obj, argument)
        return super().getitem(obj, argument)

    def _reads_of(self, obj: Any, attribute: str) -> None:
        kind = KINDS.get(type(obj))
        if kind is not None:
            field = attribute if attribute in FIELDS[kind] else ANY
            self.dependencies.record(kind, None if kind == "site" else obj.id, field)
        elif attribute.startswith("_") and isinstance(obj, Views):
            self.dependencies.read(EVERYTHING)

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
