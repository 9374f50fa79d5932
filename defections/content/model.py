"""The validated content: people, events, articles and pages, linked to each other by id."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from ..schema import DEFAULT_STANCE, RTL_LANGUAGES
from ..urls import TimelinePlace, timeline_pages
from .dates import EventDate, PartialDate
from .quotes import segments


class Texts(Mapping[str, Any]):
    """A record's texts in other languages, by language tag (and, inside, by field): a mapping that
    never changes, and so can be compared and hashed like the records that hold it."""

    __slots__ = ("_by", "_items")

    def __init__(self, items: Mapping[str, Any] | None = None):
        self._by = dict(items or {})
        self._items = tuple(self._by.items())

    def __getitem__(self, key: str) -> Any:
        return self._by[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by)

    def __len__(self) -> int:
        return len(self._by)

    def __hash__(self) -> int:
        return hash(self._items)

    def __eq__(self, other: object) -> bool:
        return self._items == other._items if isinstance(other, Texts) else NotImplemented

    def __repr__(self) -> str:
        return f"Texts({self._by!r})"

    def __reduce__(self) -> tuple:
        return (Texts, (self._by,))


NO_TEXTS = Texts()


def by_language(translations: Mapping[str, Any] | None) -> Texts:
    """Translations as read ({tag: {field: text}} or {tag: text}), as the model keeps them."""
    if not translations:
        return NO_TEXTS
    return Texts({tag: Texts(value) if isinstance(value, Mapping) else value for tag, value in translations.items()})


@dataclass(frozen=True)
class Site:
    title: str
    description: str | None
    base_url: str | None
    language: str  # the first of `languages`: the one published at the site's root
    native_language: str
    cname: str | None = None
    licence: str | None = None
    licence_url: str | None = None
    languages: tuple[str, ...] = ()  # every language the site is published in, the default first
    locales: Texts = NO_TEXTS  # tag -> the CLDR locale of its dates and numbers, where one is given
    translations: Texts = NO_TEXTS  # tag -> {"title": …, "description": …}

    @property
    def native_direction(self) -> str:
        return "rtl" if self.native_language.split("-")[0].lower() in RTL_LANGUAGES else "ltr"


@dataclass(frozen=True, slots=True)
class Citation:
    """A quote a record cites, found in its article: where, under which anchor, and what it says
    about its event (its stance, who says it, and the date it gives when that differs)."""

    article_id: str
    quote: str  # as the editor wrote it, whitespace collapsed
    anchor: str  # the id of its <mark> on the source page
    paragraph: int
    spans: tuple[tuple[int, int], ...]
    stance: str = DEFAULT_STANCE
    said_by: str | None = None
    date: EventDate | None = None
    translation: Texts = NO_TEXTS  # the quote in the site's other languages, by tag


@dataclass(frozen=True, slots=True)
class Unnamed:
    """People an event is about whom the sources do not name: how many, who, and their branch."""

    count: int
    who: str
    branch: str
    translations: Texts = NO_TEXTS  # tag -> {"who": …}


@dataclass(frozen=True, slots=True)
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
    language: str = ""  # the language its text and quotes are in (the site's first, unless it says)
    translations: Texts = NO_TEXTS  # tag -> {"title": …}


@dataclass(frozen=True, slots=True)
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
    translations: Texts = NO_TEXTS  # tag -> {"position": …, "summary": …}


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    date: EventDate
    title: str
    kind: str
    status: str
    people: tuple[str, ...]
    sources: tuple[Citation, ...]
    destination: str | None
    summary: str | None
    unnamed: Unnamed | None = None
    translations: Texts = NO_TEXTS  # tag -> {"title": …, "summary": …, "destination": …}


@dataclass(frozen=True, slots=True)
class Page:
    id: str
    title: str
    body: str
    translations: Texts = NO_TEXTS  # tag -> {"title": …, "body": …}: content/pages/<id>.<tag>.md


@dataclass(frozen=True, slots=True)
class Citer:
    """A record that cites a quote: 'person' or 'event', and its id."""

    kind: str
    id: str


KIND_OF: dict[type, str] = {Person: "person", Event: "event", Article: "article", Page: "page", Site: "site"}
FIELDS: dict[str, frozenset[str]] = {kind: frozenset(f.name for f in fields(model)) for model, kind in KIND_OF.items()}


@dataclass(frozen=True)
class Indexes:
    """What the pages look up across records, worked out once from the people and events. They
    hold ids, not records, so two builds' indexes compare cheaply."""

    events_by_person: dict[str, tuple[str, ...]]  # person id -> their events' ids, in timeline order
    citers: dict[tuple[str, str], tuple[Citer, ...]]  # (article id, quote anchor) -> who cites that quote
    citations_by_article: dict[str, tuple[Citation, ...]]  # article id -> its cited quotes, in reading order
    conflicts: tuple[Conflict, ...] = ()  # two different quotes of one article with one anchor (an error)
    timeline_pages: dict[str, TimelinePlace] = field(default_factory=dict)  # event id -> its timeline page


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two records quoting different words of one article under one anchor (urls.quote_anchor)."""

    article: str
    anchor: str
    first: Citer
    second: Citer


@dataclass(frozen=True)
class Content:
    """The validated content, as the pages show it."""

    site: Site
    articles: dict[str, Article]  # by id, in id order
    people: dict[str, Person]  # by id, in id order
    events: dict[str, Event]  # in timeline order: by date (a partial date at the start of its period), then id
    pages: dict[str, Page]  # by id, in id order
    indexes: Indexes
    history: dict[str, PartialDate] = field(default_factory=dict)  # content file -> when it was last committed


def timeline_order(events: dict[str, Event]) -> dict[str, Event]:
    """The events oldest first: by the earliest day their date allows, then the latest, then id."""
    return dict(sorted(events.items(), key=lambda item: (item[1].date.sort_key, item[0])))


def index(person_sources: dict[str, tuple[Citation, ...]], events: dict[str, Event]) -> Indexes:
    """One pass over the events and citations builds every index the pages need: `person_sources`
    are each person's quotes, by id, and `events` are in timeline order. A quote cited twice is one
    entry; entries in reading order."""
    by_person: dict[str, list[str]] = defaultdict(list)
    citers: dict[tuple[str, str], dict[Citer, None]] = defaultdict(dict)  # an ordered set per quote
    by_article: dict[str, dict[str, Citation]] = defaultdict(dict)
    cited = [(Citer("person", pid), sources) for pid, sources in person_sources.items()]
    cited += [(Citer("event", e.id), e.sources) for e in events.values()]
    conflicts = []
    for citer, citations in cited:
        for citation in citations:
            key = (citation.article_id, citation.anchor)
            first = by_article[citation.article_id].setdefault(citation.anchor, citation)
            if first.quote != citation.quote and segments(first.quote) != segments(citation.quote):
                conflicts.append(Conflict(*key, next(iter(citers[key])), citer))
            citers[key][citer] = None
    for event in events.values():
        for person_id in event.people:
            by_person[person_id].append(event.id)
    return Indexes(
        events_by_person={pid: tuple(ids) for pid, ids in by_person.items()},
        citers={key: tuple(found) for key, found in citers.items()},
        citations_by_article={
            article_id: tuple(sorted(found.values(), key=lambda c: (c.paragraph, c.spans, c.anchor)))
            for article_id, found in by_article.items()
        },
        conflicts=tuple(conflicts),
        timeline_pages=timeline_pages((e.id, e.date.year, e.date.month) for e in events.values()),
    )
