"""What each page shows, worked out from the content model; templates only present it.

Templates reach the content through `views` and the records in their context, never through the
model as a whole: each method here records what it looks up (reads.py), so that the preview knows
what every page depends on, whatever its template does with what it is given. Addresses come
from urls.py, relative to the site's root; templates turn them into links relative to the page.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass
from itertools import groupby
from operator import attrgetter

import jinja2
from markupsafe import Markup

from ..catalogs import N_, NC_
from ..content import quotes
from ..content.dates import EventDate, PartialDate
from ..content.duplicates import fold_arabic, skeleton, words
from ..content.evidence import leading
from ..content.model import Article, Citation, Citer, Content, Event, Page, Person
from ..reads import MEMBERS, NOT_RECORDED, PEOPLE_BY_INITIAL, Reads
from ..reuse import FROM_NOTHING, Reuse
from ..schema import BRANCHES, KINDS, STATUSES
from ..urls import (
    HOME,
    PAGE_LIMIT,
    absolute,
    event_url,
    legacy_anchor,
    on_the_timeline,
    page_url,
    people_initial_url,
    person_initial,
    person_url,
    quote_url,
    source_url,
    sources_year_url,
)
from . import archive
from .archive import MonthGroup, PeriodLink, TimelinePage, YearSummary
from .chart import COUNTED, Chart, LeftOut, defections_by_month, left_out, people_by_branch
from .localised import Localised
from .markup import Span, highlight

_BRANCH = attrgetter("branch")
_KEY_GONE = ("views.{} is no longer needed (what an entry shows is recorded as it renders): write "
             "entries(template, records), without it (see CHANGELOG.md)")


# The words pages show for what the content says in its vocabularies' values: English, as
# templates translate them (`_(view.stance_word)`).
STANCE_WORDS = {"reports": N_("Reported"), "confirms": N_("Confirmed"), "denies": N_("Denied"),
                "context": N_("Context")}
LEAD_LABELS = {"reports": N_("The report"), "confirms": N_("The confirmation"), "denies": N_("The denial"),
               "context": N_("Context")}
CLAIM = N_("The claim")
SAID = {"reports": N_("Reported by"), "confirms": N_("Confirmed by"), "denies": N_("Denied by"),
        "context": N_("Context from")}
# A vocabulary's values are translated with its name as their context (`pgettext("kind", value)`):
# the "other" of kinds of event is not the "other" of branches in every language.
KINDS_SHOWN = {"defection": NC_("kind", "defection"), "dismissal": NC_("kind", "dismissal"),
               "arrest": NC_("kind", "arrest"), "return": NC_("kind", "return"), "death": NC_("kind", "death"),
               "other": NC_("kind", "other")}
STATUSES_SHOWN = {"confirmed": NC_("status", "confirmed"), "reported": NC_("status", "reported"),
                  "disputed": NC_("status", "disputed"), "denied": NC_("status", "denied")}
BRANCHES_SHOWN = {"political": NC_("branch", "political"), "diplomatic": NC_("branch", "diplomatic"),
                  "military": NC_("branch", "military"), "security": NC_("branch", "security"),
                  "other": NC_("branch", "other")}
OTHER_INITIAL = N_("Other")  # the people whose names start with no letter, in a people index by initial


@dataclass(frozen=True)
class Speaker:
    """Who says a quote: its speaker, as the article names them, via its publisher, or the
    publisher itself (its text: "Khaled Khoja, Syrian National Council, via Associated Press")."""

    publisher: str
    said_by: str | None = None

    def __str__(self) -> str:
        return f"{self.said_by}, via {self.publisher}" if self.said_by else self.publisher


@dataclass(frozen=True)
class CitationView:
    """A quote with everything a reader needs to check it, and what it says about its event."""

    quote: str
    article: Article
    anchor_url: str  # its highlighted place on our source page
    original_url: str | None  # the original article, scrolled to the words
    archive_url: str | None
    leaves_out: bool = False  # an ellipsis leaves words out: the source page shows them
    stance: str = "reports"
    stance_word: str = "Reported"  # "Reported", "Confirmed", "Denied", "Context"
    speaker: Speaker = Speaker("")  # who says it: "Khaled Khoja, Syrian National Council, via Associated Press"
    date: EventDate | None = None  # the date this source gives, when it differs from its event's
    said: str = "Reported by"  # how the speaker is introduced: "Reported by", "Denied by"…
    source: Citation | None = None  # the record's citation it shows: what `{% cached %}` knows it by


@dataclass(frozen=True)
class LeadView:
    """A quote that carries its event's status, with what it is: "The denial", "The claim"."""

    label: str
    citation: CitationView
    source: Citation  # the quote itself, for views.in_context()


@dataclass(frozen=True)
class StoryStep:
    """One article's word on an event, in the order the articles came out: "Reported 11 July 2012
    (Associated Press)"."""

    stance_word: str
    published: PartialDate
    speaker: Speaker
    anchor_url: str


@dataclass(frozen=True)
class Backing:
    """What backs an event: its quotes, the articles they come from and those articles' publishers."""

    quotes: int
    articles: int
    publishers: tuple[str, ...]  # in the order the articles came out


@dataclass(frozen=True)
class DateGiven:
    """A date sources give for an event, and who gives it."""

    date: EventDate
    speakers: tuple[Speaker, ...]


@dataclass(frozen=True)
class YearGroup:
    year: int
    months: list[MonthGroup]


@dataclass(frozen=True)
class PeopleIndex:
    """A page of the people index: everyone, or the initials and the people of one of them."""

    initial: str | None  # the initial this page lists, when the index is split by initial
    initials: list[PeriodLink]  # each initial, its page and how many people: when the index is split
    people: list[Person]


@dataclass(frozen=True)
class SourcesIndex:
    """A page of the sources index: every article, or the years and the articles of one of them."""

    year: int | None
    years: list[PeriodLink]
    articles: list[Article]


@dataclass(frozen=True)
class ParagraphView:
    number: int  # 1-based, as in the article
    html: Markup
    quotes: list[Citation]  # the quotes marked in it, in reading order
    gap_before: bool  # paragraphs were left out before this one


@dataclass(frozen=True)
class CiterView:
    url: str
    record: Person | Event  # who cites: the page says its name, or its title and date, in its language
    is_event: bool

    @property
    def label(self) -> str:
        """Who cites, in the records' own words (a project's own templates from before languages):
        'Nawaf Fares', or 'Ambassador defects (11 July 2012)'."""
        record = self.record
        return f"{record.title} ({record.date.display()})" if isinstance(record, Event) else record.name


class Views:
    """Lookups the templates use, made once per build from the content."""

    def __init__(self, content: Content, reuse: Reuse = FROM_NOTHING, reads: Reads = NOT_RECORDED):
        self._content = content
        self._reuse = reuse
        self._read = reads.record
        self.branches, self.kinds, self.statuses = BRANCHES, KINDS, STATUSES
        self._navigation = tuple((page.title, page_url(pid)) for pid, page in sorted(
            content.pages.items(), key=lambda item: (item[1].title, item[0])))

    @property
    def event_key(self) -> None:
        raise jinja2.TemplateRuntimeError(_KEY_GONE.format("event_key"))

    @property
    def person_key(self) -> None:
        raise jinja2.TemplateRuntimeError(_KEY_GONE.format("person_key"))

    def navigation(self) -> tuple[tuple[str, str], ...]:
        """The Markdown pages, by title, as (title, address): every page's `navigation`."""
        self._read("page", None, "title")
        self._read("page", None, MEMBERS)
        return self._navigation

    def pages(self) -> list[Page]:
        """The Markdown pages in navigation()'s order, as records: a page in another language
        shows their titles in it."""
        self._read("page", None, "title")
        self._read("page", None, MEMBERS)
        pages = self._content.pages
        return [pages[address[:-1]] for _, address in self._navigation]

    # -- the site ------------------------------------------------------------------------------
    def absolute(self, address: str) -> str | None:
        """The page's full address under base_url (None when the site has no base_url)."""
        self._read("site", None, "base_url")
        base = self._content.site.base_url
        return absolute(base, address) if base else None

    def website_jsonld(self, language: Localised | None = None) -> dict:
        """The site, in the page's language: its name and description, and its address in it."""
        site = self._content.site
        language = language or self._first_language()
        for name in ("title", "base_url", "description", "language", "translations"):
            self._read("site", None, name)
        data = {"@context": "https://schema.org", "@type": "WebSite", "name": language.text(site, "title")}
        return _with(data, url=self.absolute(language.prefix + HOME), description=language.text(site, "description")
                     or None, inLanguage=language.tag)

    def _first_language(self) -> Localised:
        """The site's first language: what a project's own templates from before languages mean
        when they name none (views.website_jsonld() without one)."""
        for name in ("language", "locales", "native_language"):
            self._read("site", None, name)
        return self._reuse.whole("views: the first language", (self._content.site,),
                                 lambda: Localised(self._content.site.language, self._content.site))

    def changed_on(self, folder: str, record_id: str) -> PartialDate | None:
        """When the record's file was last committed (None without git history)."""
        path = f"content/{folder}/{record_id}.yaml"
        self._read("history", path, "date")
        return self._content.history.get(path)

    # -- people --------------------------------------------------------------------------------
    def people(self) -> list[Person]:
        """People in alphabetical order of name (ties by id, so the order never changes by chance)."""
        self._read("person", None, MEMBERS)
        self._read("person", None, "name")
        return list(map(self._content.people.__getitem__, self._order()))

    def _order(self) -> list[str]:
        """The people's ids in alphabetical order of name (the caller records the reads)."""
        keys = self._reuse.each("views: name keys", self._content.people, _name_key)  # the same while no one is renamed
        return self._reuse.in_order("views: people by name", keys)

    def people_index(self, address: str, language: Localised | None = None) -> PeopleIndex:
        """What a people index page lists: everyone, or past PAGE_LIMIT people, the initials (on
        people/) and the people of one initial (on people/<initial>/). In a language whose pages
        name people by their native name (Arabic), each page's people are in the order of the
        names it shows; the initials stay the Latin names' (they are the pages' addresses)."""
        if len(self._content.people) <= PAGE_LIMIT:
            return PeopleIndex(None, [], self._in_the_order_shown(self.people(), language))
        self._read(PEOPLE_BY_INITIAL, None, MEMBERS)  # which initials there are, and how many each lists
        initial_of = initials_of(self._content.people, self._reuse)
        keys = self._reuse.each("views: index keys", self._content.people, _index_key)
        order = self._reuse.in_order("views: people by initial and name", keys)
        by_initial = self._reuse.whole("views: people by initial", (order, initial_of),
                                       lambda: _split_by_initial(order, initial_of))
        links = [PeriodLink(initial.upper() if initial != "0" else OTHER_INITIAL, people_initial_url(initial),
                            len(listed), "label" if initial != "0" else "translated")
                 for initial, listed in sorted(by_initial.items())]
        here = next((initial for initial in by_initial if people_initial_url(initial) == address), None)
        if here:
            self._read(PEOPLE_BY_INITIAL, here, MEMBERS)  # whom it lists, in what order (changes.py)
        everyone = self._content.people
        listed = list(map(everyone.__getitem__, by_initial[here])) if here else []
        return PeopleIndex(here, links, self._in_the_order_shown(listed, language))

    def _in_the_order_shown(self, people: list[Person], language: Localised | None) -> list[Person]:
        """People in the order of their names as a page in `language` shows them (already so when
        it shows the Latin names)."""
        if language is None or not language.native:
            return people
        self._read("person", None, "native_name")
        self._read("person", None, "translations")  # what text() may read for a name
        return sorted(people, key=lambda person: (fold_arabic(language.text(person, "name")).casefold(), person.id))

    def person_jsonld(self, person: Person, language: Localised | None = None) -> dict:
        """The person as the page in `language` names them: the name it shows first, the others after."""
        language = language or self._first_language()
        for name in ("name", "position", "aliases", "native_name", "wikidata", "translations"):
            self._read("person", person.id, name)
        shown = language.text(person, "name")
        names = [name for name in (person.name, *person.aliases, person.native_name) if name and name != shown]
        data = {"@context": "https://schema.org", "@type": "Person", "name": shown,
                "jobTitle": language.text(person, "position")}
        return _with(data, alternateName=names or None, url=self.absolute(language.prefix + person_url(person.id)),
                     sameAs=f"https://www.wikidata.org/wiki/{person.wikidata}" if person.wikidata else None)

    def search_terms(self, person: Person) -> tuple[str, str]:
        """What the people search matches: the spellings folded to plain lower case, and the
        spelling-insensitive skeleton of each of their words (see duplicates.py)."""
        for name in ("name", "aliases", "native_name"):
            self._read("person", person.id, name)
        spellings = [person.name, *person.aliases, *([person.native_name] if person.native_name else [])]
        folded = " | ".join(_fold(s) for s in spellings)
        skeletons = dict.fromkeys(skeleton(w) for s in spellings for w in words(s))
        return folded, " ".join(skeletons)

    def events_of(self, person: Person) -> list[Event]:
        """The person's events, in timeline order."""
        self._read("events of", person.id, MEMBERS)
        events = self._content.events
        return [events[event_id] for event_id in self._content.indexes.events_by_person.get(person.id, ())]

    def person_citations(self, person: Person) -> list[CitationView]:
        self._read("person", person.id, "sources")
        return [self.citation(c) for c in person.sources]

    # -- events --------------------------------------------------------------------------------
    def people_of(self, event: Event) -> list[Person]:
        self._read("event", event.id, "people")
        return [self._content.people[person_id] for person_id in event.people]

    def branches_of(self, event: Event) -> str:
        """The branches of the people in an event, named or not, for the timeline's filters."""
        people = self.people_of(event)
        for person in people:
            self._read("person", person.id, "branch")
        self._read("event", event.id, "unnamed")
        unnamed = {event.unnamed.branch} if event.unnamed else set()
        return " ".join(sorted({person.branch for person in people} | unnamed))

    def leading(self, event: Event) -> list[LeadView]:
        """The quotes that carry the event's status, first: a denied event's denial, a disputed
        one's claim and denial (side by side), a confirmed one's confirmation."""
        self._read("event", event.id, "status")
        self._read("event", event.id, "sources")
        lead = leading(event.status, event.sources)
        disputed = event.status == "disputed"
        return [LeadView(CLAIM if disputed and c.stance != "denies" else LEAD_LABELS[c.stance],
                         self.citation(c), c) for c in lead]

    def more_than_the_leading(self, event: Event) -> bool:
        """Whether the event has quotes besides those that carry its status (leading())."""
        self._read("event", event.id, "status")
        self._read("event", event.id, "sources")
        return len(event.sources) > len(leading(event.status, event.sources))

    def citations(self, event: Event) -> list[CitationView]:
        """Every quote of the event, in the order of its articles' publication."""
        self._read("event", event.id, "sources")
        order = sorted(enumerate(event.sources), key=lambda item: (
            self._article(item[1].article_id, "published").published.sort_key, item[1].article_id, item[0]))
        return [self.citation(c) for _, c in order]

    def other_quotes(self, event: Event) -> list[CitationView]:
        """The event's quotes that views.leading() does not show, in the order the record gives them."""
        self._read("event", event.id, "status")
        self._read("event", event.id, "sources")
        lead = leading(event.status, event.sources)
        return [self.citation(c) for c in event.sources if c not in lead]

    def backing(self, event: Event) -> Backing:
        """How many quotes, articles and publishers back the event ("3 quotes from 1 article
        (Associated Press)"): quotes are never counted as sources."""
        self._read("event", event.id, "sources")
        articles = [self._article(aid, "published", "publisher") for aid in dict.fromkeys(c.article_id
                                                                                            for c in event.sources)]
        articles.sort(key=lambda a: (a.published.sort_key, a.id))
        return Backing(len(event.sources), len(articles), tuple(dict.fromkeys(a.publisher for a in articles)))

    def story(self, event: Event) -> list[StoryStep]:
        """Each article's word on the event, in the order they came out, once per article and stance."""
        self._read("event", event.id, "sources")
        steps: dict[tuple[str, str, Speaker], StoryStep] = {}
        order = sorted(enumerate(event.sources), key=lambda item: (
            self._article(item[1].article_id, "published").published.sort_key, item[1].article_id, item[0]))
        for _, citation in order:
            article = self._article(citation.article_id, "published", "publisher")
            who = speaker(citation, article)
            key = (article.id, citation.stance, who)
            steps.setdefault(key, StoryStep(STANCE_WORDS[citation.stance], article.published, who,
                                            quote_url(article.id, citation.anchor)))
        return list(steps.values())

    def dates_given(self, event: Event) -> list[DateGiven]:
        """The dates the sources that report or confirm the event give, when they differ (empty
        when they agree): the event's own date for the citations that give none."""
        self._read("event", event.id, "sources")
        self._read("event", event.id, "date")
        given: dict[EventDate, dict[Speaker, None]] = {}
        for citation in event.sources:
            if citation.stance not in ("reports", "confirms"):
                continue  # a denial, or context, gives no date for what it says did not happen
            article = self._article(citation.article_id, "publisher")
            given.setdefault(citation.date or event.date, {})[speaker(citation, article)] = None
        if len(given) < 2:
            return []
        ordered = sorted(given.items(), key=lambda item: item[0].sort_key)
        return [DateGiven(date, tuple(speakers)) for date, speakers in ordered]

    def timeline(self) -> list[YearGroup]:
        """The events by year and month, oldest first."""
        self._read("event", None, MEMBERS)
        self._read("event", None, "date")
        events = self._content.events
        return self._reuse.whole("views: timeline", (events,), lambda: _timeline(events))

    # -- the timeline's pages -------------------------------------------------------------------
    def timeline_pages(self) -> dict[str, TimelinePage]:
        """Every page of the timeline, by address, oldest first (archive.py)."""
        self._read("event", None, MEMBERS)
        self._read("event", None, "date")
        self._read("timeline page of", None, MEMBERS)
        events, places = self._content.events, self._content.indexes.timeline_pages
        return self._reuse.whole("views: timeline pages", (events, places), lambda: archive.timeline(events, places))

    def timeline_page(self, address: str) -> TimelinePage:
        return self.timeline_pages()[address]

    def overview(self) -> list[YearSummary]:
        """The years and months of the timeline, with how many events each has and where they are."""
        self._read("event", None, MEMBERS)
        self._read("event", None, "date")
        self._read("timeline page of", None, MEMBERS)
        events, places = self._content.events, self._content.indexes.timeline_pages
        return self._reuse.whole("views: overview", (events, places), lambda: archive.years(events, places))

    def bar_addresses(self, chart: Chart) -> list[str | None]:
        """Where each bar of the chart leads: the events of its month (or year) on the timeline
        (None for a bar with no one in it).
        One lookup for the whole chart: the map of the periods is made once, not once a bar."""
        self._read("event", None, MEMBERS)
        self._read("event", None, "date")
        self._read("timeline page of", None, MEMBERS)
        events, places = self._content.events, self._content.indexes.timeline_pages
        where = self._reuse.whole("views: periods", (events, places), lambda: archive.periods(events, places))
        return [where.get((bar.year, bar.month)) or where.get((bar.year, None)) if bar.total else None
                for bar in chart.bars]

    def latest(self) -> list[Event]:
        """The most recent events, newest first."""
        self._read("event", None, MEMBERS)
        self._read("event", None, "date")
        return archive.latest(self._content.events)

    def on_the_timeline(self, event: Event) -> str:
        """The event's entry on the timeline page that holds it."""
        self._read("timeline page of", event.id, MEMBERS)
        return on_the_timeline(self._content.indexes.timeline_pages[event.id].address, event.id)

    def related(self, event: Event) -> list[Event]:
        """The other events of the event's people, in timeline order."""
        self._read("event", event.id, "people")
        ids: dict[str, None] = {}
        for person_id in event.people:
            self._read("events of", person_id, MEMBERS)
            ids.update(dict.fromkeys(self._content.indexes.events_by_person.get(person_id, ())))
        ids.pop(event.id, None)
        if len(event.people) > 1 and len(ids) > 1:  # several people's events, merged in timeline order
            self._read("event", None, MEMBERS)
            events = self._content.events
            position = self._reuse.whole("views: timeline positions", (events,),
                                         lambda: {event_id: index for index, event_id in enumerate(events)})
            return [events[event_id] for event_id in sorted(ids, key=position.__getitem__)]
        return [self._content.events[event_id] for event_id in ids]

    def years(self) -> list[int]:
        self._read("event", None, MEMBERS)
        self._read("event", None, "date")
        events = self._content.events
        return self._reuse.whole("views: years", (events,), lambda: sorted({e.date.year for e in events.values()}))

    def chart(self) -> Chart | None:
        """The confirmed and reported defections by month and by the branch of the people involved."""
        for kind, name in (("event", MEMBERS), ("event", "kind"), ("event", "date"), ("event", "people"),
                           ("event", "status"), ("event", "unnamed"), ("person", "branch")):
            self._read(kind, None, name)
        events = self._content.events
        branches = self._branches()
        return self._reuse.whole("views: chart", (events, branches), lambda: defections_by_month(events, branches))

    def page_chart(self, address: str) -> Chart | None:
        """The chart of a year's page: its confirmed and reported defections by month (None on a
        month's page, whose year's page has it, and where there are none)."""
        page = self.timeline_page(address)
        if page.month is not None or page.number > 1:
            return None
        for kind, name in (("event", "kind"), ("event", "people"), ("event", "status"), ("event", "unnamed"),
                           ("person", "branch")):
            self._read(kind, None, name)
        events = {eid: e for eid, e in self._content.events.items() if e.date.year == page.year}  # a split year's too
        chart = defections_by_month(events, self._branches())
        return chart if chart is not None and chart.per == "month" else None

    def _branches(self) -> dict[str, str]:
        """Each person's branch, by id (the chart's reads are its caller's)."""
        return self._reuse.each("views: branches", self._content.people, _BRANCH)

    def chart_people(self, event: Event) -> str:
        """Who the chart counts in the event, by branch ("military:2 political:1"), for the filters
        that redraw it; empty when it counts no one (not a defection, or disputed or denied)."""
        for name in ("kind", "status", "people", "unnamed"):
            self._read("event", event.id, name)
        if event.kind != "defection" or event.status not in COUNTED:
            return ""
        for person_id in event.people:
            self._read("person", person_id, "branch")
        counted = people_by_branch(event, {pid: self._content.people[pid].branch for pid in event.people})
        return " ".join(f"{branch}:{count}" for branch, count in sorted(counted.items()))

    def not_counted(self) -> LeftOut:
        """The people in disputed and denied defections, which no count includes."""
        for kind, name in (("event", MEMBERS), ("event", "kind"), ("event", "people"), ("event", "status"),
                           ("event", "unnamed"), ("person", "branch")):
            self._read(kind, None, name)
        events = self._content.events
        return self._reuse.whole("views: not counted", (events,), lambda: left_out(events))

    # -- quotes and sources --------------------------------------------------------------------
    def citation(self, citation: Citation) -> CitationView:
        article = self._article(citation.article_id, "paragraphs", "url", "archive_url", "publisher")
        original, archived = quotes.at_the_words(article.paragraphs[citation.paragraph], citation.spans,
                                                 article.url, article.archive_url)
        return CitationView(quote=citation.quote, article=article,
                            anchor_url=quote_url(article.id, citation.anchor),
                            original_url=original, archive_url=archived, leaves_out=len(citation.spans) > 1,
                            stance=citation.stance, stance_word=STANCE_WORDS[citation.stance],
                            speaker=speaker(citation, article), date=citation.date, said=SAID[citation.stance],
                            source=citation)

    def _article(self, article_id: str, *fields: str) -> Article:
        for name in fields:
            self._read("article", article_id, name)
        return self._content.articles[article_id]


    def in_context(self, citation: Citation) -> Markup:
        """The quote's paragraph with the quoted words marked."""
        self._read("article", citation.article_id, "paragraphs")
        article = self._content.articles[citation.article_id]
        return highlight(article.paragraphs[citation.paragraph],
                         [Span(s, e, citation.anchor, False) for s, e in citation.spans])

    def articles(self) -> list[Article]:
        """Articles oldest first, as the timeline reads."""
        self._read("article", None, MEMBERS)
        self._read("article", None, "published")
        return sorted(self._content.articles.values(), key=lambda a: (a.published.sort_key, a.id))

    def sources_index(self, address: str) -> SourcesIndex:
        """What a sources index page lists: every article, or past PAGE_LIMIT, the years (on
        sources/) and the articles of one year (on sources/<year>/)."""
        articles = self.articles()
        if len(articles) <= PAGE_LIMIT:
            return SourcesIndex(None, [], articles)
        counts = Counter(article.published.year for article in articles)
        links = [PeriodLink(str(year), sources_year_url(year), count) for year, count in sorted(counts.items())]
        here = next((year for year in counts if sources_year_url(year) == address), None)
        return SourcesIndex(here, links, [a for a in articles if a.published.year == here] if here else [])

    def article_jsonld(self, article: Article, language: Localised | None = None) -> dict:
        """The article as it was published (its headline in its own language), and the page about
        it in `language`."""
        language = language or self._first_language()
        for name in ("title", "published", "publisher", "url", "author", "archive_url", "language"):
            self._read("article", article.id, name)
        data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": article.title,
                "datePublished": article.published.iso(),
                "publisher": {"@type": "Organization", "name": article.publisher}}
        author = {"@type": "Person", "name": article.author} if article.author else None
        return _with(data, url=article.url, author=author, archivedAt=article.archive_url,
                     inLanguage=article.language,
                     mainEntityOfPage=self.absolute(language.prefix + source_url(article.id)))

    def paragraphs(self, article: Article) -> list[ParagraphView]:
        """The paragraphs to show: every one when the article is published in full, otherwise the
        ones holding cited quotes, each quote marked once."""
        for name in ("paragraphs", "full_text"):
            self._read("article", article.id, name)
        cited = self._cited(article)
        spans: dict[int, list[Span]] = {}
        aliases = Counter(legacy_anchor(anchor) for anchor in cited)  # two quotes with one old anchor: neither has it
        for anchor, citation in cited.items():
            alias = legacy_anchor(anchor) if aliases[legacy_anchor(anchor)] == 1 else None
            for i, (start, end) in enumerate(citation.spans):
                span = Span(start, end, anchor, first=i == 0, alias=alias if i == 0 else None)
                spans.setdefault(citation.paragraph, []).append(span)
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

    def trailing_gap(self, article: Article, shown: list[ParagraphView]) -> bool:
        """Paragraphs were left out after the last one shown."""
        self._read("article", article.id, "paragraphs")
        return bool(shown) and shown[-1].number < len(article.paragraphs)

    def citers(self, article: Article, anchor: str) -> list[CiterView]:
        """Who cites the quote, in the order they were found: people, then events."""
        self._read("citers", article.id, MEMBERS)
        return [self._citer(citer) for citer in self._content.indexes.citers.get((article.id, anchor), ())]

    def sources_cited(self, article: Article) -> int:
        return len(self._cited(article))

    def _cited(self, article: Article) -> dict[str, Citation]:
        self._read("quotes of", article.id, MEMBERS)
        return {c.anchor: c for c in self._content.indexes.citations_by_article.get(article.id, ())}

    def _citer(self, citer: Citer) -> CiterView:
        if citer.kind == "person":
            self._read("person", citer.id, "name")
            person = self._content.people[citer.id]
            return CiterView(person_url(citer.id), person, False)
        self._read("event", citer.id, "title")
        self._read("event", citer.id, "date")
        event = self._content.events[citer.id]
        return CiterView(event_url(event.id), event, True)


def speaker(citation: Citation, article: Article) -> Speaker:
    """Who says the quote: its speaker via its publisher ("Khaled Khoja, Syrian National Council,
    via Associated Press"), or the publisher itself."""
    return Speaker(article.publisher, citation.said_by)


def _name_key(person: Person) -> tuple[str, str]:
    return person.name.casefold(), person.id


def _timeline(events: dict[str, Event]) -> list[YearGroup]:
    """The events (in timeline order) by the year and month the timeline places them in; in each
    year, the events known only to the year come first, as their dates sort."""
    by_year: dict[int, dict[int | None, list[Event]]] = {}
    for event in events.values():
        by_year.setdefault(event.date.year, {}).setdefault(event.date.month, []).append(event)
    years = []
    for year in sorted(by_year):
        months = []
        for month in sorted(by_year[year], key=lambda m: m or 0):
            label = PartialDate(year, month)
            months.append(MonthGroup(label.month_label(), label.iso() if month else str(year), by_year[year][month],
                                     month))
        years.append(YearGroup(year, months))
    return years


def _with(data: dict, **optional) -> dict:
    """The data with the optional values that are set (JSON-LD leaves unknowns out)."""
    return {**data, **{key: value for key, value in optional.items() if value is not None}}


def _fold(text: str) -> str:
    """Lower case without accents, Arabic without its marks and with its varying letters folded:
    what the search compares, in the browser as here."""
    return fold_arabic("".join(ch for ch in unicodedata.normalize("NFD", text.casefold())
                               if not unicodedata.combining(ch)))


def initials_of(people: dict[str, Person], reuse: Reuse) -> dict[str, str]:
    """Each person's initial in the people index (urls.person_initial), by id: the plan's pages
    by initial and the index's lists are both made from it, kept while no one is renamed."""
    return reuse.each("people: initials", people, _initial)


def _initial(person: Person) -> str:
    return person_initial(person.name)


def _index_key(person: Person) -> tuple[str, str, str]:
    """Where a person comes in a people index split by initial: under their initial, by name."""
    return (_initial(person), *_name_key(person))


def _split_by_initial(order: list[str], initial_of: dict[str, str]) -> dict[str, list[str]]:
    """The people's ids by the initial they are listed under, from the ids in the order of
    _index_key() (ids, not records: a record renamed to a name of the same initial and place is
    a new one)."""
    return {initial: list(ids) for initial, ids in groupby(order, key=initial_of.__getitem__)}
