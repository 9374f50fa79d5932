"""What each page reads of the content, recorded while it renders: the seam that lets a rebuild render
again exactly the pages an edit can change, whatever their templates show.

A page reads the content only through what its template is given: the records in its context, the
`views` object (render/views.py) and what its methods return. Views record what they look up
(`Read`s), and the preview's template environment records every field a template reads of a
record. A build from nothing records nothing (NOT_RECORDED); the preview records (incremental/
dependencies.py), and after an edit renders the pages whose reads the edit changed.
"""

from __future__ import annotations

from typing import NamedTuple, Protocol

ANY = "*"  # as a field: the whole record (any of its fields); as a kind: anything at all
MEMBERS = "+"  # as a field: which records there are (ids added or removed), and in what order
PEOPLE_BY_INITIAL = "people by initial"  # past PAGE_LIMIT people: whom an initial lists (id None: the initials)

ReadKey = tuple[str, str | None, str]  # a Read, or a plain tuple of the same three (the same key, made faster)


class Read(NamedTuple):
    """One thing a page can depend on.

    - a field of a record: Read("person", "nawaf-fares", "name")
    - a field of every record of a kind, as a list sorted by name does: Read("person", None, "name")
    - which records of a kind there are: Read("person", None, MEMBERS)
    - an entry of an index: Read("events of", "nawaf-fares", MEMBERS)
    - whom the people index lists under an initial, in order: Read(PEOPLE_BY_INITIAL, "n", MEMBERS),
      and which initials it has, with how many people each: Read(PEOPLE_BY_INITIAL, None, MEMBERS)
    - a template, by its name: Read("template", "person.html", ANY)
    - anything at all (files made from everything, such as the data exports): EVERYTHING
    """

    kind: str
    id: str | None
    field: str


EVERYTHING = Read(ANY, None, ANY)


class Entry(NamedTuple):
    """One entry of a long list (an event on the timeline, a person in the index): rendered from its
    own template for one record, kept from build to build until what it read changes."""

    page: str  # the page it is on
    template: str
    kind: str  # the kind of record it shows ('person', 'event', ...)
    subject: str  # and its id


class KeptEntry(NamedTuple):
    entry: Entry
    html: bytes
    reads: frozenset[ReadKey]


class PageReads(NamedTuple):
    """What a page read while it rendered, and the entries of its lists with what each read: what a
    process that rendered the page sends to the one that keeps them."""

    reads: frozenset[ReadKey]
    entries: tuple[KeptEntry, ...]


class Recording(Protocol):
    def __enter__(self) -> object: ...

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None: ...


class Reads(Protocol):
    """Where what is being rendered records what it reads, and finds the list entries kept for it."""

    def read(self, what: ReadKey) -> None:
        """The page or entry being rendered reads this."""

    def record(self, kind: str, record_id: str | None, field: str) -> None:
        """read((kind, record_id, field)), for the views' many calls."""

    def rendering(self, target: str | Entry) -> Recording:
        """Record what a page (by its path) or an entry reads while it renders: `with reads.rendering(...):`."""
        ...

    def taken(self, path: str) -> PageReads | None:
        """What a page rendered in this process read, with its entries (to send to the process that keeps them)."""

    def given(self, path: str, reads: PageReads) -> None:
        """What a page rendered in another process read, with its entries."""

    def kept(self, page: str, template: str, kind: str, subjects: list[str]) -> list[bytes | None]:
        """The entries of a list, each as it was rendered before, if nothing it read has changed
        since (else None): `subjects` are the ids of the records (of one kind) the list shows."""

    def keep(self, entry: Entry, html: bytes) -> None:
        """The entry as rendered now."""


class _NotRecording:
    def __enter__(self) -> object:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        return None


class NotRecorded:
    """A build from nothing: nothing is recorded, no entry is kept."""

    _nothing = _NotRecording()

    def read(self, what: ReadKey) -> None:
        return None

    def record(self, kind: str, record_id: str | None, field: str) -> None:
        return None

    def rendering(self, target: str | Entry) -> Recording:
        return self._nothing

    def taken(self, path: str) -> PageReads | None:
        return None

    def given(self, path: str, reads: PageReads) -> None:
        return None

    def kept(self, page: str, template: str, kind: str, subjects: list[str]) -> list[bytes | None]:
        return [None] * len(subjects)

    def keep(self, entry: Entry, html: bytes) -> None:
        return None


NOT_RECORDED = NotRecorded()
