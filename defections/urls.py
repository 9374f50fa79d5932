"""The site's addresses and anchors: the one place that says where everything is published.

Addresses here are relative to the site's root ('people/nawaf-fares/'); pages link to them
relative to themselves (relative_url), so the site works under any base path, and feeds and
sitemaps make them absolute under base_url (absolute). Templates get these functions as globals.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from anyascii import anyascii

HOME = ""  # the overview: the counts, the chart, the latest events and the timeline's periods
INDEX = "index.html"  # the file that serves a folder's address
HOME_FILE = INDEX
PEOPLE = "people/"
SOURCES = "sources/"
EVENTS = "events/"
TIMELINE = "timeline/"
STATUSES = "statuses/"  # what each status means and what it takes
ASSETS = "assets/"
DATA = "data/"
FEED = "feed.xml"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
NOT_FOUND = "404.html"  # served by GitHub Pages at any missing address
NO_JEKYLL = ".nojekyll"
CNAME = "CNAME"
PEOPLE_JSON = f"{DATA}people.json"
EVENTS_JSON = f"{DATA}events.json"
EVENTS_CSV = f"{DATA}events.csv"
ANCHORS_JSON = f"{DATA}anchors.json"  # where the home page's old #anchors went: read by its script only then
SEARCH_JSON = f"{DATA}search.json"  # what the search box searches: loaded when it is first used

# The files a build writes at the site root (besides a folder for each page and section).
ROOT_FILES = frozenset({HOME_FILE, FEED, SITEMAP, ROBOTS, NOT_FOUND, NO_JEKYLL, CNAME})

# Folders and files the build writes at the site root: a page may not take one of these ids.
RESERVED_PAGE_IDS = frozenset({"assets", "data", "people", "sources", "events", "timeline", "statuses", "index"})
# (and the tag of each of the site's other languages, under which its pages are: validate.py says so)

# A timeline page holds at most this many events: a year with more lists its months, each on a page of
# its own, and a month with more is cut into numbered pages. The people index past this many people
# lists them by initial.
PAGE_LIMIT = 500


def person_url(person_id: str) -> str:
    return f"{PEOPLE}{person_id}/"


def source_url(article_id: str) -> str:
    return f"{SOURCES}{article_id}/"


def page_url(page_id: str) -> str:
    return f"{page_id}/"


def event_url(event_id: str) -> str:
    """An event's own page."""
    return f"{EVENTS}{event_id}/"


def timeline_url(year: int, month: int | None = None, number: int = 1) -> str:
    """A page of the timeline: a year's (`timeline/2012/`), a month's when its year is split
    (`timeline/2012/07/`), and the second and later pages of a month cut in pages
    (`timeline/2012/07/2/`; of a year's events known only to the year: `timeline/2012/2/`)."""
    address = f"{TIMELINE}{year:04d}/" + (f"{month:02d}/" if month else "")
    return address + (f"{number}/" if number > 1 else "")


def on_the_timeline(page: str, event_id: str) -> str:
    """An event's entry on the timeline page that holds it (from timeline_pages())."""
    return f"{page}#{event_id}"


@dataclass(frozen=True)
class TimelinePlace:
    """A page of the timeline: a year's (month None), or a month's, and which of its pages."""

    year: int
    month: int | None = None
    number: int = 1

    @property
    def address(self) -> str:
        return timeline_url(self.year, self.month, self.number)


def timeline_pages(placed: Iterable[tuple[str, int, int | None]]) -> dict[str, TimelinePlace]:
    """The timeline page of each event, from (id, year, month) in timeline order (month None when
    only the year is known). A year of up to PAGE_LIMIT events is one page; a larger one has a page
    per month, and its events known only to the year stay on the year's page; a month (or those)
    of more than PAGE_LIMIT events is cut into pages of PAGE_LIMIT."""
    years: dict[int, dict[int | None, list[str]]] = {}
    for event_id, year, month in placed:
        years.setdefault(year, {}).setdefault(month, []).append(event_id)
    found: dict[str, TimelinePlace] = {}
    for year, months in years.items():
        if sum(map(len, months.values())) <= PAGE_LIMIT:
            place = TimelinePlace(year)
            found.update((event_id, place) for ids in months.values() for event_id in ids)
            continue
        for month, ids in months.items():
            for index, event_id in enumerate(ids):
                found[event_id] = TimelinePlace(year, month, index // PAGE_LIMIT + 1)
    return found


def timeline_page_places(places: Iterable[TimelinePlace]) -> list[TimelinePlace]:
    """Every page of the timeline, in timeline order: each place an event is on, and the page of
    each year (a split year's page lists its months)."""
    found = dict.fromkeys(TimelinePlace(place.year) for place in places)
    found.update(dict.fromkeys(places))
    return sorted(found, key=lambda p: (p.year, p.month is not None, p.month or 0, p.number))


def people_initials(names: Iterable[str]) -> list[str]:
    """The initials the people index is split by, past PAGE_LIMIT people (none below it)."""
    return initials_split_by(map(person_initial, names))


def initials_split_by(initials: Iterable[str]) -> list[str]:
    """people_initials(), from each person's person_initial()."""
    initials = list(initials)
    return sorted(set(initials)) if len(initials) > PAGE_LIMIT else []


def sources_years(years: Iterable[int]) -> list[int]:
    """The years the sources index is split by (articles' publication years), past PAGE_LIMIT articles."""
    years = list(years)
    return sorted(set(years)) if len(years) > PAGE_LIMIT else []


def person_initial(name: str) -> str:
    """The letter a person is listed under in a people index split by initial: the first letter of
    their name in Latin script (transliterated, past any apostrophe or ayn), or '0' for a name
    with no letter at all."""
    letters = [ch for ch in anyascii(name).lower() if "a" <= ch <= "z"]  # 'Ali, ʿAbd al-Karim: under A
    return letters[0] if letters else "0"


def people_initial_url(initial: str) -> str:
    return f"{PEOPLE}{initial}/"


def sources_year_url(year: int) -> str:
    """Past PAGE_LIMIT articles, the sources index lists them by the year they were published."""
    return f"{SOURCES}{year:04d}/"


def taken_by_the_people_index(person_id: str) -> bool:
    """Whether a person with this id would share its address with a page of initials (people/a/)."""
    return len(person_id) == 1


def taken_by_the_sources_index(article_id: str) -> bool:
    """Whether an article with this id would share its address with a year of sources (sources/2012/)."""
    return len(article_id) == 4 and article_id.isascii() and article_id.isdigit()


# Anchors are a prefix and a value: templates write them as {{ urls.STATUS_ANCHOR }}{{ status }}.
STATUS_ANCHOR = "status-"  # a status's definition, on the statuses page
PARAGRAPH_ANCHOR = "p"  # a paragraph of a source page, numbered from 1 as in the article
STATUS_URL = f"{STATUSES}#{STATUS_ANCHOR}"
YEAR_ANCHOR = "year-"  # a year's heading, on the home page and the timeline
MONTH_ANCHOR = "month-"  # a month's heading on the timeline

# The ids of the timeline pages' own elements. An event is an element of its timeline page under its
# own id (on_the_timeline), so it may take none of these, and start with none of the prefixes.
CHART_HATCH = "chart-hatch"  # the stripes of the reported defections in the chart
TIMELINE_IDS = frozenset({"main", "search-box", "search-results", "chart-title", "chart-summary", CHART_HATCH,
                          "filters-title", "statuses-title", "latest-title", "periods-title", "counts-title",
                          "months-title", "pages-title"})
TIMELINE_ID_PREFIXES = (STATUS_ANCHOR, YEAR_ANCHOR, MONTH_ANCHOR)


def taken_on_the_timeline(event_id: str) -> bool:
    """Whether an event with this id would share it with one of the timeline's own elements."""
    return event_id in TIMELINE_IDS or event_id.startswith(TIMELINE_ID_PREFIXES)


def status_url(status: str) -> str:
    """Where a status is defined: on the statuses page."""
    return f"{STATUS_URL}{status}"


def quote_url(article_id: str, anchor: str) -> str:
    """A quote's highlighted place on its source page."""
    return f"{source_url(article_id)}#{anchor}"


def status_anchor(status: str) -> str:
    return f"{STATUS_ANCHOR}{status}"


def paragraph_anchor(number: int) -> str:
    """A paragraph of a source page, numbered from 1 as in the article."""
    return f"{PARAGRAPH_ANCHOR}{number}"


def quote_anchor(parts: list[str]) -> str:
    """The id of a quote's <mark>, from its words alone (its parts between ellipses, folded), so it
    survives edits anywhere else: 'q-' + a few of its words + a short hash of all of them."""
    folded = " … ".join(parts)
    ascii_words = (folded if folded.isascii()  # most quotes: nothing to decompose or drop
                   else unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()).lower()
    slug = "-".join(re.findall(r"[a-z0-9]+", ascii_words)[:6])[:48].strip("-")
    digest = hashlib.sha256(folded.encode()).hexdigest()[:_DIGEST_LENGTH]
    return "-".join(filter(None, ("q", slug, digest)))


_DIGEST_LENGTH = 16  # hexadecimal digits: 64 bits, where 32 let two quotes share an anchor in seconds of trying
_LEGACY_DIGEST = 8  # what the first version used: its anchors stay on the page, for the links made with them


def legacy_anchor(anchor: str) -> str:
    """The anchor the first version gave the quote that now has `anchor` (its digest was shorter)."""
    return anchor[: len(anchor) - (_DIGEST_LENGTH - _LEGACY_DIGEST)] if _DIGEST_LENGTH > _LEGACY_DIGEST else anchor


def in_language(address: str, tag: str, first: str) -> str:
    """A page's address in one of the site's languages: the first's at the root, each other's
    under its tag ('ar/people/nawaf-fares/')."""
    return address if tag == first else f"{tag}/{address}"


def file_for(address: str) -> str:
    """The file in the site that serves an address: a folder's address is its index.html."""
    return f"{address}{INDEX}" if address == HOME or address.endswith("/") else address


def address_of(path: str) -> str:
    """The address a file of the site is served at (the inverse of file_for)."""
    return path[: -len(INDEX)] if path == INDEX or path.endswith(f"/{INDEX}") else path


def relative_url(from_path: str, target: str) -> str:
    """A link from the page at `from_path` (a file of the site) to a root-relative target."""
    return "../" * from_path.count("/") + target or "./"


def root_of(from_path: str) -> str:
    """The relative way back to the site's root from a page: '../../' on a person's page."""
    return "../" * from_path.count("/")


def base_path(base_url: str | None) -> str:
    """The path the site lives under: '/defections/' for https://org.github.io/defections/, else '/'."""
    if not base_url:
        return "/"
    path = urlsplit(base_url).path or "/"
    return path if path.endswith("/") else path + "/"


def absolute(base_url: str, target: str) -> str:
    """A root-relative address made absolute under the site's base_url (which ends with '/')."""
    return base_url + target


def page_addresses(people: Iterable[str], articles: Iterable[str], pages: Iterable[str], events: Iterable[str] = (),
                   timeline: Iterable[str] = (), initials: Iterable[str] = (), years: Iterable[int] = ()) -> list[str]:
    """Every page of the site, as addresses, in a stable order (the sitemap's)."""
    return ([HOME, STATUSES, PEOPLE, SOURCES] + list(dict.fromkeys(timeline))
            + [people_initial_url(initial) for initial in initials] + [sources_year_url(year) for year in years]
            + [person_url(pid) for pid in people]
            + [event_url(eid) for eid in events] + [source_url(aid) for aid in articles]
            + [page_url(pid) for pid in pages])
