"""The site's files: a function for each kind of page, and the files made in Python (data, feeds).

What a page shows is up to its template; what it depends on is recorded while it renders
(reads.py), so the plan says only which files there are, drawn by which template, about what.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, ValuesView
from dataclasses import dataclass, replace
from functools import partial
from itertools import chain
from operator import attrgetter

from .. import urls
from ..content.model import Article, Content, Event, Page, Person, Site
from ..reads import ANY, EVERYTHING, MEMBERS, Read
from ..reuse import FROM_NOTHING, Reuse
from .data import events_csv, events_json, people_json
from .feeds import atom, robots, sitemap
from .lookups import anchors_json, search_json
from .parts import Data
from .views import initials_of

_PATH = attrgetter("path")

Make = Callable[[Content, Reuse], Data]


@dataclass(frozen=True)
class Output:
    """One file of the site: where it goes, and the template that draws it with what it is about,
    or the function that makes it (with what that function reads: a template's reads are recorded)."""

    path: str  # relative to the site's root, e.g. 'people/nawaf-fares/index.html'
    template: str | None = None
    about: tuple[str, str] | None = None  # the record the page is about: ('person', id), ('article', id), ('page', id)
    make: Make | None = None
    reads: tuple[Read, ...] = ()  # what it reads that no template or view records: a function's, the root's
    in_this_process: bool = False  # made of many entries or records kept from build to build: made where they are kept
    root: str | None = None  # the way back to its language's root, when not relative (404.html is served anywhere)
    language: str = ""  # the tag of the language it is in, when it is not the site's first (its path starts with it)


def by_path(outputs: Iterable[Output]) -> dict[str, Output]:
    """The outputs by their paths, in their order (made at C speed)."""
    outputs = list(outputs)
    return dict(zip(map(_PATH, outputs), outputs))


class Plan(Mapping[str, Output]):
    """Every file of the site by its path, in a stable order, held in parts: the indexes, the
    people's pages, the events'... (and each again in every other language). A rebuild keeps each
    part while what it is made from is the same, so a page that comes or goes makes its part
    again, not a dict of all the files (175,000 at 50,000 people), and what came and went is
    looked for in the parts that changed (changes_from)."""

    __slots__ = ("parts",)

    def __init__(self, parts: Iterable[dict[str, Output]]) -> None:
        self.parts = tuple(parts)  # no path is in two: the addresses of pages, records and files differ (urls.py)

    def __getitem__(self, path: str) -> Output:
        for part in self.parts:
            found = part.get(path)
            if found is not None:
                return found
        raise KeyError(path)

    def __contains__(self, path: object) -> bool:
        return any(path in part for part in self.parts)

    def __iter__(self) -> Iterator[str]:
        return chain.from_iterable(self.parts)

    def __len__(self) -> int:
        return sum(map(len, self.parts))

    def values(self) -> ValuesView[Output]:
        return _PlanValues(self)

    def changes_from(self, before: Plan) -> tuple[set[str], set[str]]:
        """The paths added since the plan `before`, and those gone."""
        if len(before.parts) != len(self.parts):  # a language came or went
            return set(self) - set(before), set(before) - set(self)
        added: set[str] = set()
        gone: set[str] = set()
        for now, then in zip(self.parts, before.parts):
            if now is not then:
                added |= now.keys() - then.keys()
                gone |= then.keys() - now.keys()
        moved = added & gone  # (from one part to another)
        return added - moved, gone - moved


class _PlanValues(ValuesView[Output]):
    """A plan's outputs, part after part (not looked up path by path)."""

    _mapping: Plan

    def __iter__(self) -> Iterator[Output]:
        return chain.from_iterable(part.values() for part in self._mapping.parts)


def plan(content: Content, reuse: Reuse = FROM_NOTHING) -> Plan:
    """Every file of the site but its assets, by its path, in a stable order."""
    people = reuse.each("plan: people's pages", content.people, person_page)
    events = reuse.each("plan: events' pages", content.events, event_page)
    sources = reuse.each("plan: sources' pages", content.articles, source_page)
    pages = reuse.each("plan: Markdown pages", content.pages, markdown_page)
    places = content.indexes.timeline_pages
    timeline = reuse.whole("plan: timeline pages", (places,), lambda: timeline_pages(places))
    initial_of = initials_of(content.people, reuse)
    initials = reuse.whole("plan: people by initial", (initial_of,), lambda: people_by_initial(initial_of))
    years = reuse.whole("plan: sources by year", (content.articles,), lambda: sources_by_year(content.articles))
    published = reuse.whole("plan: published files", (content.site,), lambda: published_files(content.site))
    first = [
        reuse.whole("plan: the indexes", (timeline, initials, years), lambda: by_path([
            home(), statuses(), *timeline, people_index(), *initials, sources_index(), *years])),
        reuse.whole("plan: people's pages by path", (people,), lambda: by_path(people.values())),
        reuse.whole("plan: events' pages by path", (events,), lambda: by_path(events.values())),
        reuse.whole("plan: sources' pages by path", (sources,), lambda: by_path(sources.values())),
        reuse.whole("plan: Markdown pages by path", (pages,), lambda: by_path(pages.values())),
        reuse.whole("plan: published files by path", (published,), lambda: by_path(published)),
    ]
    parts = list(first)
    for tag in content.site.languages[1:]:
        parts += [reuse.whole(f"plan: part {number} in {tag}", (part,), partial(part_in_language, part, tag))
                  for number, part in enumerate(first)]
        parts.append(reuse.whole(f"plan: the files of {tag}", (content.site.base_url,),
                                 partial(language_files, tag, content.site.base_url)))
    return Plan(parts)


def part_in_language(part: dict[str, Output], tag: str) -> dict[str, Output]:
    """The pages of a part of the plan again in another language, under its tag (ar/people/<id>/);
    the data files, the sitemap and what GitHub Pages reads stay at the root, once."""
    prefix = f"{tag}/"
    return {prefix + output.path: replace(output, path=prefix + output.path, language=tag,
                                          root=output.root + prefix if output.root is not None else None)
            for output in part.values()
            if output.template is not None and output.path != urls.NOT_FOUND}  # one, in every language (404.html)


def language_files(tag: str, base_url: str | None) -> dict[str, Output]:
    """What each other language has of its own besides pages: its search index, and its feed."""
    prefix = f"{tag}/"
    found = {prefix + urls.SEARCH_JSON: Output(prefix + urls.SEARCH_JSON, make=_search_in(tag), reads=(EVERYTHING,),
                                               in_this_process=True, language=tag)}
    if base_url:
        found[prefix + urls.FEED] = Output(prefix + urls.FEED, make=_feed_in(tag), reads=_FEED_READS, language=tag)
    return found


def _search_in(tag: str) -> Make:
    return lambda content, reuse: search_json(content, reuse, tag)


def _feed_in(tag: str) -> Make:
    return lambda content, _: atom(content, tag)


def render_order(outputs: list[Output], content: Content) -> list[Output]:
    """The files in the order a build renders them: each person's page followed by the pages of
    their events in its language (those not yet placed), so that what a person's page and an event's page share
    (a `{% cached %}` piece of a template) is rendered once and soon let go; the rest as planned."""
    event_pages = {(output.language, output.about[1]): output for output in outputs
                   if output.about and output.about[0] == "event"}
    placed: set[tuple[str, str]] = set()
    ordered = []
    for output in outputs:
        if output.about and output.about[0] == "event":
            if (output.language, output.about[1]) not in placed:
                placed.add((output.language, output.about[1]))
                ordered.append(output)
            continue
        ordered.append(output)
        if output.about and output.about[0] == "person":
            for event_id in content.indexes.events_by_person.get(output.about[1], ()):
                key = (output.language, event_id)
                if key not in placed and key in event_pages:
                    placed.add(key)
                    ordered.append(event_pages[key])
    return ordered


def home() -> Output:
    return Output(urls.file_for(urls.HOME), "home.html")


def statuses() -> Output:
    return Output(urls.file_for(urls.STATUSES), "statuses.html")


def timeline_pages(places: dict[str, urls.TimelinePlace]) -> list[Output]:
    """A page for each period of the timeline that holds events, and for each year split by month."""
    return [Output(urls.file_for(place.address), "timeline.html", in_this_process=True)
            for place in urls.timeline_page_places(places.values())]


def people_index() -> Output:
    return Output(urls.file_for(urls.PEOPLE), "people.html", in_this_process=True)


def people_by_initial(initial_of: dict[str, str]) -> list[Output]:
    """Past PAGE_LIMIT people, the people index lists them by initial, each on a page of its own
    (`initial_of`: views.initials_of())."""
    return [Output(urls.file_for(urls.people_initial_url(initial)), "people.html", in_this_process=True)
            for initial in urls.initials_split_by(initial_of.values())]


def sources_by_year(articles: dict[str, Article]) -> list[Output]:
    """Past PAGE_LIMIT articles, the sources index lists them by year of publication."""
    return [Output(urls.file_for(urls.sources_year_url(year)), "sources.html")
            for year in urls.sources_years(article.published.year for article in articles.values())]


def event_page(event: Event) -> Output:
    return Output(urls.file_for(urls.event_url(event.id)), "event.html", ("event", event.id))


def sources_index() -> Output:
    return Output(urls.file_for(urls.SOURCES), "sources.html")


def person_page(person: Person) -> Output:
    return Output(urls.file_for(urls.person_url(person.id)), "person.html", ("person", person.id))


def source_page(article: Article) -> Output:
    return Output(urls.file_for(urls.source_url(article.id)), "source.html", ("article", article.id))


def markdown_page(page: Page) -> Output:
    return Output(urls.file_for(urls.page_url(page.id)), "page.html", ("page", page.id))


def _site(*fields: str) -> tuple[Read, ...]:
    return tuple(Read("site", None, name) for name in fields)


def published_files(site: Site) -> list[Output]:
    """What GitHub Pages, search engines, feed readers and other researchers expect besides pages."""
    outputs = [
        Output(urls.NOT_FOUND, "404.html", root=urls.base_path(site.base_url), reads=_site("base_url")),
        Output(urls.NO_JEKYLL, make=lambda c, _: b""),
        Output(urls.ROBOTS, make=lambda c, _: robots(c), reads=_site("base_url")),
        Output(urls.PEOPLE_JSON, make=people_json, reads=(EVERYTHING,), in_this_process=True),
        Output(urls.EVENTS_JSON, make=events_json, reads=(EVERYTHING,), in_this_process=True),
        Output(urls.EVENTS_CSV, make=events_csv, reads=(EVERYTHING,), in_this_process=True),
        Output(urls.ANCHORS_JSON, make=anchors_json, reads=(EVERYTHING,), in_this_process=True),
        Output(urls.SEARCH_JSON, make=search_json, reads=(EVERYTHING,), in_this_process=True),
    ]
    if site.cname:
        outputs.append(Output(urls.CNAME, make=lambda c, _: f"{c.site.cname}\n".encode(), reads=_site("cname")))
    if site.base_url:
        which = (*(Read(kind, None, MEMBERS) for kind in ("person", "event", "article", "page")),
                 Read("event", None, "date"), Read("person", None, "name"))
        outputs += [Output(urls.SITEMAP, make=sitemap, reads=(Read("site", None, "languages"),
                                                                              *_site("base_url"), *which)),
                    Output(urls.FEED, make=lambda c, _: atom(c), reads=_FEED_READS)]
    return outputs


_FEED_READS = (Read("site", None, ANY), Read("event", None, ANY), Read("event", None, MEMBERS),
               Read("person", None, ANY), Read("article", None, ANY))
