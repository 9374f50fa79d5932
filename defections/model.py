"""The validated content: people, events, articles and pages, linked to each other by id."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import InitVar, dataclass, field

from .dates import PartialDate
from .schema import RTL_LANGUAGES


@dataclass(frozen=True)
class Site:
    title: str
    description: str | None
    base_url: str | None
    language: str
    native_language: str
    cname: str | None = None
    licence: str | None = None
    licence_url: str | None = None

    @property
    def native_direction(self) -> str:
        return "rtl" if self.native_language.split("-")[0].lower() in RTL_LANGUAGES else "ltr"


@dataclass(frozen=True)
class Citation:
    """A quote a record cites, found in its article: where, and under which anchor."""

    article_id: str
    quote: str  # as the editor wrote it, whitespace collapsed
    anchor: str  # the id of its <mark> on the source page
    paragraph: int
    spans: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    publisher: str
    published: PartialDate
    url: str | None
    archive_url: str | None
    author: str | None
    full_text: bool
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    position: str
    branch: str
    native_name: str | None
    aliases: tuple[str, ...]
    wikidata: str | None
    summary: str | None
    sources: tuple[Citation, ...]


@dataclass(frozen=True)
class Event:
    id: str
    date: PartialDate
    title: str
    kind: str
    status: str
    people: tuple[str, ...]
    sources: tuple[Citation, ...]
    destination: str | None
    summary: str | None

    @property
    def sort_key(self) -> tuple:
        return (self.date.sort_key, self.id)


@dataclass(frozen=True)
class Page:
    id: str
    title: str
    body: str


@dataclass(frozen=True)
class Citer:
    """A record that cites a quote: 'person' or 'event', and its id."""

    kind: str
    id: str


@dataclass
class Content:
    site: Site
    articles: dict[str, Article]
    people: dict[str, Person]
    events: dict[str, Event]  # in timeline order
    pages: dict[str, Page]
    events_by_person: dict[str, list[Event]] = field(default_factory=dict)
    citers: dict[tuple[str, str], list[Citer]] = field(default_factory=dict)  # (article, anchor) -> citers
    citations_by_article: dict[str, dict[str, Citation]] = field(default_factory=dict)
    last_changed: dict[str, PartialDate] = field(default_factory=dict)  # content path -> last commit date
    reuse_indexes_of: InitVar["Content | None"] = None  # an earlier build whose events and citations are these
    # The events as validation gave them, in the order of their files: the next build's are in the
    # same order, so finding what changed is a pairwise comparison (delta.py).
    events_as_read: dict[str, Event] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self, reuse_indexes_of: "Content | None") -> None:
        self.events_as_read = self.events
        if reuse_indexes_of is not None:
            earlier = reuse_indexes_of
            self.events = earlier.events
            self.events_by_person, self.citers = earlier.events_by_person, earlier.citers
            self.citations_by_article = earlier.citations_by_article
            return
        # One pass over the events and citations builds every index the pages need.
        self.events = dict(sorted(self.events.items(), key=lambda item: (item[1].date.sort_key, item[0])))
        by_person: dict[str, list[Event]] = defaultdict(list)
        citers: dict[tuple[str, str], dict[Citer, None]] = defaultdict(dict)  # an ordered set per quote
        by_article: dict[str, dict[str, Citation]] = defaultdict(dict)
        cited = [(Citer("person", p.id), p.sources) for p in self.people.values()]
        cited += [(Citer("event", e.id), e.sources) for e in self.events.values()]
        for citer, citations in cited:
            for citation in citations:
                citers[(citation.article_id, citation.anchor)][citer] = None
                by_article[citation.article_id].setdefault(citation.anchor, citation)
        for event in self.events.values():
            for person_id in event.people:
                by_person[person_id].append(event)
        self.events_by_person = dict(by_person)
        self.citers = {key: list(found) for key, found in citers.items()}
        # A quote cited twice is one entry; entries in reading order.
        self.citations_by_article = {
            article_id: dict(sorted(found.items(), key=lambda item: (item[1].paragraph, item[1].spans, item[0])))
            for article_id, found in by_article.items()
        }
