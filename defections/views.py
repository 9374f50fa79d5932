"""What each page shows, worked out from the content model; templates only present it.

URLs here are relative to the site root ('people/x/'); templates turn them into links relative
to the page they are on, so the site works under any base path.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from bisect import bisect_left, insort
from itertools import compress, groupby, repeat
from operator import attrgetter, is_, is_not, itemgetter

from markupsafe import Markup

from . import quotes
from .chart import defections_by_month
from .data import csv_fields
from .dates import PartialDate
from .duplicates import skeleton, words
from .markup import Span, highlight
from .model import Article, Citation, Citer, Content, Event, Person
from .schema import BRANCHES, KINDS, STATUSES


_NAME, _BRANCH = attrgetter("name"), attrgetter("branch")
_ID = itemgetter(1)  # of a (folded name, id) pair


def person_url(person_id: str) -> str:
    return f"people/{person_id}/"


def source_url(article_id: str) -> str:
    return f"sources/{article_id}/"


def event_url(event_id: str) -> str:
    return f"#{event_id}"  # an event is an entry on the timeline, the site's home page


@dataclass(frozen=True)
class CitationView:
    """A quote with everything a reader needs to check it."""

    quote: str
    article: Article
    anchor_url: str  # its highlighted place on our source page
    original_url: str | None  # the original article, scrolled to the words
    archive_url: str | None


@dataclass(frozen=True)
class MonthGroup:
    label: str
    iso: str
    events: list[Event]


@dataclass(frozen=True)
class YearGroup:
    year: int
    months: list[MonthGroup]


@dataclass(frozen=True)
class ParagraphView:
    number: int  # 1-based, as in the article
    html: Markup
    quotes: list[Citation]  # the quotes marked in it, in reading order
    gap_before: bool  # paragraphs were left out before this one


@dataclass(frozen=True)
class CiterView:
    label: str
    url: str


class PerRecord:
    """A value worked out from each record of a collection, kept while the record is the same
    object (an unchanged record is, from build to build) and `context`, what else the value
    depends on, is too: a rebuild works out only the changed records' values, and finds them
    without a Python loop over the others."""

    def __init__(self, derive) -> None:
        self.derive = derive  # derive(record, context)
        self.records: list = []
        self.values: list = []
        self.context = None

    def __call__(self, records, context) -> list:
        records = list(records)
        if context is self.context and len(records) == len(self.records):
            values = list(self.values)
            for index in compress(range(len(records)), map(is_not, self.records, records)):
                values[index] = self.derive(records[index], context)
        else:
            values = [self.derive(record, context) for record in records]
        self.records, self.values, self.context = records, values, context
        return values


def _person_key(person: Person, events_by_person: dict) -> tuple:
    """Everything a person's entry in the people index shows (its search terms too)."""
    return (person.id, person.name, person.native_name, person.aliases, person.position, person.branch,
            len(events_by_person.get(person.id, ())))


def _event_key(event: Event, people: dict, articles: dict) -> tuple:
    """Everything an event's entry on the timeline shows: unchanged records are the same objects
    from build to build, so two keys are compared at once."""
    return (event, tuple([people[pid] for pid in event.people]), articles[event.sources[0].article_id])


class EventKeys:
    """Every event's _event_key() by the event's identity, kept from render to render: worked out
    again only for the events that are new objects, or whose people or first source are."""

    def __init__(self) -> None:
        self.events: dict | None = None
        self.people: tuple = ((), ())  # (ids, records)
        self.articles: tuple = ((), ())
        self.keys: dict[int, tuple] = {}  # id(event) -> key; the key holds the event, so the id stays its own

    def __call__(self, content: Content) -> dict[int, tuple]:
        events, people, articles = content.events, content.people, content.articles
        now_people, now_articles = (tuple(people), tuple(people.values())), (tuple(articles), tuple(articles.values()))
        if now_people[0] != self.people[0] or now_articles[0] != self.articles[0]:
            keys = {}  # people or articles were added or removed: every key again
            stale: dict[int, Event] = {}
        else:
            keys = self.keys
            moved = compress(now_people[0], map(is_not, now_people[1], self.people[1]))
            stale = {id(event): event for pid in moved for event in content.events_by_person.get(pid, ())}
            moved = set(compress(now_articles[0], map(is_not, now_articles[1], self.articles[1])))
            if moved:
                stale.update((id(event), event) for event in events.values() if event.sources[0].article_id in moved)
        if keys and events is self.events:  # the same events: only the stale ones' keys change
            keys = dict(keys)
            for identity, event in stale.items():
                keys[identity] = _event_key(event, people, articles)
        else:
            old, keys = keys, {}
            for event in events.values():
                key = old.get(id(event))
                if key is None or key[0] is not event or id(event) in stale:
                    key = _event_key(event, people, articles)
                keys[id(event)] = key
        self.events, self.people, self.articles, self.keys = events, now_people, now_articles, keys
        return keys


class KeyOf:
    """A key function for a long list's entries (Renderer.entries()): key_of(record) gives what
    the record's entry shows, and key_of.many(records, ids) the same for a whole list at once.
    Keys worked out beforehand are found by the record's identity (`found`: id -> key, whose
    records are alive for as long as it is), the others made by `derive`."""

    __slots__ = ("found", "derive")

    def __init__(self, found: dict[int, tuple], derive) -> None:
        self.found, self.derive = found, derive

    def __call__(self, record) -> tuple:
        key = self.found.get(id(record))
        return key if key is not None else self.derive(record)

    def many(self, records: list, ids: list[int]) -> list[tuple]:
        keys = list(map(self.found.get, ids))
        for index in compress(range(len(keys)), map(is_, keys, repeat(None))):
            keys[index] = self.derive(records[index])
        return keys


@dataclass
class Kept:
    """What Views works out from every record and keeps from one render to the next, in the
    preview's process: the people index's keys and its order, what the CSV shows of each person,
    each event's key on the timeline (for 10,000 people, these cost 20 ms per edit) and the values
    worked out from all the events (memo())."""

    person_keys: PerRecord = field(default_factory=lambda: PerRecord(_person_key))
    people_order: tuple = ()  # (ids, names, [(folded name, id)] in index order)
    csv_fields: PerRecord = field(default_factory=lambda: PerRecord(lambda person, _: csv_fields(person)))
    event_keys: EventKeys = field(default_factory=EventKeys)
    memos: dict = field(default_factory=dict)  # name -> (records, context, value)

    def memo(self, name: str, derive, records, context=None):
        """derive(), kept while `records` is the same object and `context` (what else it depends
        on) is equal."""
        found = self.memos.get(name)
        if found is None or found[0] is not records or found[1] != context:
            found = self.memos[name] = (records, context, derive())
        return found[2]


class Views:
    """Lookups the templates use, built once per build from the content."""

    def __init__(self, content: Content, kept: Kept | None = None):
        self.content = content
        self.kept = kept if kept is not None else Kept()
        self.branches, self.kinds, self.statuses = BRANCHES, KINDS, STATUSES
        self._person_key: KeyOf | None = None
        self._event_key: KeyOf | None = None

    def absolute(self, address: str) -> str | None:
        """The page's full address under base_url (None when the site has no base_url)."""
        base = self.content.site.base_url
        return base + address if base else None

    def website_jsonld(self) -> dict:
        site = self.content.site
        data = {"@context": "https://schema.org", "@type": "WebSite", "name": site.title}
        return _with(data, url=site.base_url, description=site.description, inLanguage=site.language)

    def person_jsonld(self, person: Person) -> dict:
        names = [*person.aliases, *([person.native_name] if person.native_name else [])]
        data = {"@context": "https://schema.org", "@type": "Person", "name": person.name, "jobTitle": person.position}
        return _with(data, alternateName=names or None, url=self.absolute(person_url(person.id)),
                     sameAs=f"https://www.wikidata.org/wiki/{person.wikidata}" if person.wikidata else None)

    def article_jsonld(self, article: Article) -> dict:
        data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": article.title,
                "datePublished": article.published.iso(),
                "publisher": {"@type": "Organization", "name": article.publisher}}
        return _with(data, url=article.url, author={"@type": "Person", "name": article.author} if article.author else None,
                     archivedAt=article.archive_url, mainEntityOfPage=self.absolute(source_url(article.id)))

    def changed_on(self, folder: str, record_id: str) -> PartialDate | None:
        """When the record's file was last committed (None without git history)."""
        return self.content.last_changed.get(f"content/{folder}/{record_id}.yaml")

    def branches_of(self, event: Event) -> str:
        """The branches of the people in an event, for the timeline's filters."""
        return " ".join(sorted({self.content.people[pid].branch for pid in event.people}))

    def search_terms(self, person: Person) -> tuple[str, str]:
        """What the people search matches: the spellings folded to plain lower case, and the
        spelling-insensitive skeleton of each of their words (see duplicates.py)."""
        spellings = [person.name, *person.aliases, *([person.native_name] if person.native_name else [])]
        folded = " | ".join(_fold(s) for s in spellings)
        skeletons = dict.fromkeys(skeleton(w) for s in spellings for w in words(s))
        return folded, " ".join(skeletons)

    def years(self) -> list[int]:
        events = self.content.events
        return self.kept.memo("years", lambda: sorted({event.date.year for event in events.values()}), events)

    def chart(self):
        """The defections by month and branch: worked out again when the events change or someone's branch does."""
        people = self.content.people
        branches = (tuple(people), tuple(map(_BRANCH, people.values())))
        return self.kept.memo("chart", lambda: defections_by_month(self.content), self.content.events, branches)

    def in_context(self, citation: Citation) -> Markup:
        """The quote's paragraph with the quoted words marked."""
        article = self.content.articles[citation.article_id]
        return highlight(article.paragraphs[citation.paragraph],
                         [Span(s, e, citation.anchor, False) for s, e in citation.spans])

    def people(self) -> list[Person]:
        """People in alphabetical order of name (ties by id, so the order never changes by chance)."""
        people = self.content.people
        ids, names = tuple(people), tuple(map(_NAME, people.values()))
        kept = self.kept.people_order  # the same order while no one is added, removed or renamed
        if not kept or kept[0] != ids:
            order = sorted(zip(map(str.casefold, names), ids))
        elif kept[1] != names:  # renamed: each moves to its new place (sorting 10,000 names takes 10 ms)
            order = list(kept[2])
            for index in compress(range(len(ids)), map(is_not, names, kept[1])):
                del order[bisect_left(order, (kept[1][index].casefold(), ids[index]))]
                insort(order, (names[index].casefold(), ids[index]))
        else:
            order = kept[2]
        self.kept.people_order = (ids, names, order)
        return list(map(people.__getitem__, map(_ID, order)))

    def articles(self) -> list[Article]:
        """Articles oldest first, as the timeline reads."""
        return sorted(self.content.articles.values(), key=lambda a: (a.published.sort_key, a.id))

    def citation(self, citation: Citation) -> CitationView:
        article = self.content.articles[citation.article_id]
        original, archived = quotes.at_the_words(article.paragraphs[citation.paragraph], citation.spans,
                                                 article.url, article.archive_url)
        return CitationView(quote=citation.quote, article=article,
                            anchor_url=f"{source_url(article.id)}#{citation.anchor}",
                            original_url=original, archive_url=archived)

    @property
    def event_key(self) -> KeyOf:
        """Everything an event's entry on the timeline shows: views.event_key(event)."""
        if self._event_key is None:
            content = self.content
            self._event_key = KeyOf(self.kept.event_keys(content),
                                    lambda event: _event_key(event, content.people, content.articles))
        return self._event_key

    def person_keys(self) -> list[tuple]:
        """Every person's person_key(), in the content's order, worked out once per render (the page
        plan and the people index both need them) and only for the people who changed."""
        people, events_by_person = self.content.people.values(), self.content.events_by_person
        keys = self.kept.person_keys(people, events_by_person)
        self._person_key = KeyOf(dict(zip(map(id, people), keys)), lambda person: _person_key(person, events_by_person))
        return keys

    @property
    def person_key(self) -> KeyOf:
        """Everything a person's entry in the people index shows (its search terms too):
        views.person_key(person)."""
        if self._person_key is None:
            self.person_keys()
        return self._person_key

    def people_of(self, event: Event) -> list[Person]:
        return [self.content.people[person_id] for person_id in event.people]

    def events_of(self, person: Person) -> list[Event]:
        return self.content.events_by_person.get(person.id, [])

    def timeline(self) -> list[YearGroup]:
        """The events by year and month (kept while the events are the same)."""
        return self.kept.memo("timeline", self._timeline, self.content.events)

    def _timeline(self) -> list[YearGroup]:
        events = list(self.content.events.values())
        years = []
        for year, in_year in groupby(events, key=lambda e: e.date.year):
            months = []
            for month, in_month in groupby(in_year, key=lambda e: e.date.month):
                label = PartialDate(year, month)
                months.append(MonthGroup(label.month_label(), label.iso() if month else str(year),
                                         list(in_month)))
            years.append(YearGroup(year, months))
        return years

    def paragraphs(self, article: Article) -> list[ParagraphView]:
        """The paragraphs to show: every one when the article is published in full, otherwise the
        ones holding cited quotes, each quote marked once."""
        cited = self.content.citations_by_article.get(article.id, {})
        spans: dict[int, list[Span]] = {}
        for anchor, citation in cited.items():
            for i, (start, end) in enumerate(citation.spans):
                spans.setdefault(citation.paragraph, []).append(Span(start, end, anchor, i == 0))
        shown = range(len(article.paragraphs)) if article.full_text else sorted(spans)
        views, previous = [], -1
        for index in shown:
            marks = spans.get(index, [])
            anchors = dict.fromkeys(s.anchor for s in sorted(marks, key=lambda s: (s.start, s.anchor)))
            views.append(ParagraphView(index + 1, highlight(article.paragraphs[index], marks),
                                       [cited[anchor] for anchor in anchors],
                                       gap_before=index != previous + 1))
            previous = index
        return views

    @staticmethod
    def trailing_gap(article: Article, shown: list[ParagraphView]) -> bool:
        """Paragraphs were left out after the last one shown."""
        return bool(shown) and shown[-1].number < len(article.paragraphs)

    def citers(self, article: Article, anchor: str) -> list[CiterView]:
        return [self._citer(citer) for citer in self.content.citers.get((article.id, anchor), [])]

    def _citer(self, citer: Citer) -> CiterView:
        if citer.kind == "person":
            return CiterView(self.content.people[citer.id].name, person_url(citer.id))
        event = self.content.events[citer.id]
        return CiterView(f"{event.title} ({event.date.display()})", event_url(event.id))

    def sources_cited(self, article: Article) -> int:
        return len(self.content.citations_by_article.get(article.id, {}))

    def person_citations(self, person: Person) -> list[CitationView]:
        return [self.citation(c) for c in person.sources]


def _with(data: dict, **optional) -> dict:
    """The data with the optional values that are set (JSON-LD leaves unknowns out)."""
    return {**data, **{key: value for key, value in optional.items() if value is not None}}


def _fold(text: str) -> str:
    """Lower case without accents: what the search compares, in the browser as here."""
    return "".join(ch for ch in unicodedata.normalize("NFD", text.casefold()) if not unicodedata.combining(ch))
