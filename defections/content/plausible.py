"""Dates that are likely typos: before or after the span the site covers, or years away from
every other date. One such date stretches the chart over decades and the timeline over empty
years, so it is worth a warning even when it is a real date.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from ..errors import WARNING, Diagnostic
from .dates import EventDate, PartialDate
from .fields import Record

EARLIEST = PartialDate(1900)  # when site.yaml gives no earliest_date
FAR_YEARS = 5  # a first or last date further than this from every other date is probably mistyped


@dataclass(frozen=True)
class Placed:
    """A date, with the file, line and column it was written at and the field that holds it."""

    path: str
    at: tuple[int, int]
    field: str
    date: PartialDate


def placed(record: Record, field: str) -> tuple[Placed, ...]:
    """The dates a field holds: one, or an interval's known ends."""
    date = record[field]
    if isinstance(date, PartialDate):
        return (Placed(record.path, record.at(field), field, date),)
    if isinstance(date, EventDate):
        ends = (date.start, date.end) if date.interval else (date.start,)
        return tuple(Placed(record.path, record.at(field), field, end) for end in ends if end is not None)
    return ()


def _months(date: PartialDate) -> int:
    return date.year * 12 + (date.month or 1) - 1


def _between(earlier: PartialDate, later: PartialDate) -> str:
    years, months = divmod(_months(later) - _months(earlier), 12)
    if years and not months:
        return f"{years} year{'s' * (years != 1)}"
    if not years:
        return f"{months} month{'s' * (months != 1)}"
    return f"{years} year{'s' * (years != 1)} and {months} month{'s' * (months != 1)}"


def implausible_dates(dates: list[Placed], earliest: PartialDate | None, latest: PartialDate | None,
                      site_path: str, today: datetime.date) -> list[Diagnostic]:
    """A warning for each date before `earliest` (1900 when not set) or after `latest` (today when
    not set), and for a first or last date more than FAR_YEARS from the next one in."""
    low = earliest or EARLIEST
    high = latest or PartialDate(today.year, today.month, today.day)
    setting = f"earliest_date and latest_date in {site_path}"
    problems = []
    outside = set()
    for d in dates:
        if _last_day(d.date) < low.sort_key:
            outside.add(d)
            problems.append(Diagnostic(
                d.path, *d.at, f"'{d.field}' {d.date.iso()} is before {low.display()}, the earliest date this site "
                f"expects; correct it if it is a typo, or widen the span ({setting})", WARNING))
        elif d.date.sort_key > _last_day(high):
            outside.add(d)
            beyond = "in the future" if latest is None else f"after {high.display()}, the latest date this site expects"
            problems.append(Diagnostic(
                d.path, *d.at, f"'{d.field}' {d.date.iso()} is {beyond}; correct it if it is a typo, or widen "
                f"the span ({setting})", WARNING))
    in_order = sorted(dates, key=lambda d: d.date.sort_key)
    if len(in_order) >= 3:
        for lone, nearest in ((in_order[0], in_order[1]), (in_order[-1], in_order[-2])):
            earlier, later = sorted((lone.date, nearest.date), key=lambda d: d.sort_key)
            if lone not in outside and _months(later) - _months(earlier) > FAR_YEARS * 12:
                problems.append(Diagnostic(
                    lone.path, *lone.at, f"'{lone.field}' {lone.date.iso()} is {_between(earlier, later)} from "
                    f"every other date (the nearest is {nearest.date.iso()}, in {nearest.path}); is it a typo?",
                    WARNING))
    return problems


def ends_before(date: PartialDate, other: PartialDate) -> bool:
    """Whether every day of `date` comes before the first day of `other`."""
    return _last_day(date) < other.sort_key


def _last_day(date: PartialDate) -> tuple[int, int, int]:
    """The sort key of a bound's last day: 'latest_date: 2012' lets every date of 2012 in."""
    return (date.year, date.month or 12, date.day or 31)
