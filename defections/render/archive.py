"""The timeline as an archive: its pages (a year's, a month's, a month's second page…), what each
holds, and the overview of them all that the home page shows.

Which page holds each event is the URL contract's (urls.timeline_pages, kept in the model's
indexes); here the events are gathered under their pages, by month, oldest first, with the links
that lead between the pages.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

from ..content.dates import MONTHS, PartialDate
from ..content.model import Event
from ..urls import MONTH_ANCHOR, TimelinePlace, timeline_page_places

LATEST = 10  # events the home page shows as the latest


@dataclass(frozen=True)
class PeriodLink:
    """A period of the timeline and where its events are: "July 2012 (12)". What it names, for a
    page to say in its language (render/localised.py, label()): a period (its year, month and
    page number), a month alone, a page's number, or, as `label` says it, anything else."""

    label: str
    address: str
    count: int
    names: str = "label"  # "period", "month", "page" or "label"
    year: int | None = None
    month: int | None = None
    number: int = 1


@dataclass(frozen=True)
class MonthGroup:
    label: str  # "July", or "Month not known"
    iso: str  # "2012-07", or "2012" for the events known only to the year
    events: list[Event]
    month: int | None = None  # the month, None for the events known only to the year


@dataclass(frozen=True)
class TimelinePage:
    """One page of the timeline."""

    address: str
    title: str  # "2012", "July 2012", "July 2012, page 2"
    year: int
    month: int | None  # None on a year's page
    number: int  # 1 for the first page of its period
    months: list[MonthGroup]  # its events, by month, oldest first
    month_pages: list[PeriodLink]  # on the page of a year with a page per month: those pages
    parts: list[PeriodLink]  # the numbered pages of its period, when it is cut in pages
    previous: PeriodLink | None
    next: PeriodLink | None

    @property
    def count(self) -> int:
        """The events on this page."""
        return sum(len(month.events) for month in self.months)

    @property
    def total(self) -> int:
        """The events of its period: on a split year's page, those of its month pages too."""
        return self.count + sum(link.count for link in self.month_pages)


@dataclass(frozen=True)
class YearSummary:
    """A year on the home page: how many events, and where they are, month by month."""

    year: int
    count: int
    address: str  # the year's page
    months: list[PeriodLink]  # each month with events: its page, or its place on the year's page


def timeline(events: dict[str, Event], places: dict[str, TimelinePlace]) -> dict[str, TimelinePage]:
    """Every page of the timeline by its address, in timeline order, from the events in timeline
    order and the place of each (urls.timeline_pages)."""
    held: dict[TimelinePlace, list[Event]] = {}
    for event in events.values():
        held.setdefault(places[event.id], []).append(event)
    order = timeline_page_places(places.values())  # a split year has a page of its own, listing its months
    for place in order:
        held.setdefault(place, [])
    pages: dict[str, TimelinePage] = {}
    for index, place in enumerate(order):
        siblings = [p for p in order if (p.year, p.month) == (place.year, place.month)]
        title = _title(place) + (f", page {place.number}" if len(siblings) > 1 else "")
        month_pages = []
        if place.month is None and place.number == 1:
            firsts = [p for p in order if p.year == place.year and p.month is not None and p.number == 1]
            month_pages = [PeriodLink(_title(p), p.address, sum(len(held[q]) for q in order
                                                                if (q.year, q.month) == (p.year, p.month)),
                                      "period", p.year, p.month)
                           for p in firsts]
        parts = [PeriodLink(f"Page {p.number}", p.address, len(held[p]), "page", p.year, p.month, p.number)
                 for p in siblings] if len(siblings) > 1 else []
        previous = _link(order[index - 1], held) if index > 0 else None
        following = _link(order[index + 1], held) if index + 1 < len(order) else None
        pages[place.address] = TimelinePage(place.address, title, place.year, place.month, place.number,
                                            _by_month(place.year, held[place]), month_pages, parts, previous,
                                            following)
    return pages


def periods(events: dict[str, Event], places: dict[str, TimelinePlace]) -> dict[tuple[int, int | None], str]:
    """Where the events of each month are, by (year, month): the month's page, or its heading on
    its year's page; and of each year, by (year, None): the year's page."""
    where: dict[tuple[int, int | None], str] = {}
    for event in events.values():
        year, month = event.date.year, event.date.month
        if (year, month) not in where:
            place = places[event.id]
            on_year_page = place.month is None and month
            where[(year, month)] = place.address + (f"#{MONTH_ANCHOR}{PartialDate(year, month).iso()}"
                                                    if on_year_page else "")
        where[(year, None)] = TimelinePlace(year).address
    return where


def years(events: dict[str, Event], places: dict[str, TimelinePlace]) -> list[YearSummary]:
    """The years of the timeline, oldest first, each with its months and where their events are."""
    counts: dict[int, dict[int | None, int]] = {}
    for event in events.values():
        months = counts.setdefault(event.date.year, {})
        months[event.date.month] = months.get(event.date.month, 0) + 1
    where = periods(events, places)
    found = []
    for year, months in sorted(counts.items()):
        links = [PeriodLink(MONTHS[month] if month else "Month not known",
                            where[(year, month)] if month else where[(year, None)], count, "month", year, month)
                 for month, count in sorted(months.items(), key=lambda item: item[0] or 0)]
        found.append(YearSummary(year, sum(months.values()), where[(year, None)], links))
    return found


def latest(events: dict[str, Event]) -> list[Event]:
    """The most recent events, newest first: by the earliest day their date allows, then the latest."""
    return heapq.nlargest(LATEST, events.values(), key=lambda event: (event.date.sort_key, event.id))


def _by_month(year: int, events: list[Event]) -> list[MonthGroup]:
    months: dict[int | None, list[Event]] = {}
    for event in events:
        months.setdefault(event.date.month, []).append(event)
    return [MonthGroup(PartialDate(year, month).month_label(), PartialDate(year, month).iso() if month else str(year),
                       listed, month) for month, listed in sorted(months.items(), key=lambda item: item[0] or 0)]


def _title(place: TimelinePlace) -> str:
    return f"{MONTHS[place.month]} {place.year}" if place.month else str(place.year)


def _link(place: TimelinePlace, held: dict[TimelinePlace, list[Event]]) -> PeriodLink:
    number = f", page {place.number}" if place.number > 1 else ""
    return PeriodLink(_title(place) + number, place.address, len(held[place]), "period", place.year, place.month,
                      place.number)
