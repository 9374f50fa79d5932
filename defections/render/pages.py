"""The site's files: a function for each kind of page, and the files made in Python (data, feeds).

What a page shows is up to its template; what it depends on is recorded while it renders
(reads.py), so the plan says only which files there are, drawn by which template, about what.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
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


def by_path(outputs: list[Output]) -> dict[str, Output]:
    """The outputs by their paths, in their order (made at C speed: a site has 175,000 of them at
    50,000 people, and the preview makes this again when a page comes or goes)."""
    return dict(zip(map(_PATH, outputs), outputs))


def plan(content: Content, reuse: Reuse = FROM_NOTHING) -> dict[str, Output]:
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
    first = reuse.whole("plan: in the first language", (people, events, sources, pages, timeline, initials, years,
                                                        published), lambda: by_path([
        home(), statuses(), *timeline, people_index(), *initials, sources_index(), *years, *people.values(),
        *events.values(), *sources.values(), *pages.values(), *published]))
    others = content.site.languages[1:]
    if not others:
        return first
    return reuse.whole("plan", (first, others, content.site.base_url),
                       lambda: in_other_languages(first, others, content.site.base_url))


def in_other_languages(first: dict[str, Output], tags: tuple[str, ...], base_url: str | None) -> dict[str, Output]:
    """Every page again in each other language, under its tag (ar/people/<id>/), with its own search
    index and feed; the data files, the sitemap and what GitHub Pages reads stay at the root, once."""
    found = dict(first)
    for tag in tags:
        prefix = f"{tag}/"
        for output in first.values():
            if output.template is not None and output.path != urls.NOT_FOUND:  # one, in every language (404.html)
                root = output.root + prefix if output.root is not None else None
                found[prefix + output.path] = replace(output, path=prefix + output.path, language=tag, root=root)
        found[prefix + urls.SEARCH_JSON] = Output(prefix + urls.SEARCH_JSON, make=_search_in(tag), reads=(EVERYTHING,),
                                                  in_this_process=True, language=tag)
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
