"""Dates known to a year, a month or a day, shown at their own precision.

Both kinds of date are values that never change, and a page asks each for its forms and its
place many times (a timeline page sorts and groups hundreds): what is worked out of one is
worked out once, the first time it is asked for (cached_property), and kept with it.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

DATE_PATTERN = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")  # ASCII digits, as JSON Schema's regex reads
_DAY = r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?"
# What EventDate.parse() reads, as one pattern (for the JSON Schemas; parse() says why one is wrong).
EDTF_PATTERN = rf"^(?:{_DAY}[~?]?|(?!\.\./\.\.$)(?:{_DAY}|\.\.)/(?:{_DAY}|\.\.))$"
MONTHS = ("", "January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")  # English, whatever the machine's locale


@dataclass(frozen=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse YYYY, YYYY-MM or YYYY-MM-DD; ValueError says what is wrong in words."""
        match = DATE_PATTERN.fullmatch(text)
        if not match:
            raise ValueError(f"'{text}' is not a date; write YYYY-MM-DD, YYYY-MM or YYYY (e.g. 2012-07-11)")
        year = int(match.group(1))
        month, day = (int(g) if g else None for g in match.groups()[1:])
        if year < 1:
            raise ValueError(f"'{text}' has no year 0; write a year from 0001")
        if month is None:
            return cls(year)
        if not 1 <= month <= 12:
            raise ValueError(f"'{text}' is not a real date: there is no month {month}")
        days = calendar.monthrange(year, month)[1]
        if day is not None and not 1 <= day <= days:
            raise ValueError(f"'{text}' is not a real date: {MONTHS[month]} {year} has {days} days")
        return cls(year, month, day)

    @cached_property
    def sort_key(self) -> tuple[int, int, int]:
        """A partial date sorts at the start of its period (before any full date in it)."""
        return (self.year, self.month or 0, self.day or 0)

    def iso(self) -> str:
        """The machine-readable form, valid in <time datetime> and in Atom when full."""
        return self._iso

    @cached_property
    def _iso(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
        if self.day:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def display(self) -> str:
        """'11 July 2012', 'July 2012' or '2012'."""
        return self._display

    @cached_property
    def _display(self) -> str:
        if self.month is None:
            return str(self.year)
        if self.day:
            return f"{self.day} {MONTHS[self.month]} {self.year}"
        return f"{MONTHS[self.month]} {self.year}"

    def month_label(self) -> str:
        return MONTHS[self.month] if self.month else "Month not known"

    @property
    def datetime(self) -> str:
        """The value of a <time datetime> attribute."""
        return self.iso()

    def __str__(self) -> str:
        return self.iso()


@dataclass(frozen=True)
class EventDate:
    """A date as the sources give it: a day, a month or a year, perhaps approximate (`2012-07~`) or
    uncertain (`2012-07-11?`); or an interval between two of them (`2012-08-06/2012-08-08`), perhaps
    open at one end (`../2012-08`, `2012-08/..`). This is the part of ISO 8601-2 (EDTF level 1) that
    reporting needs, written and shown as the README's table says.

    `start` is None when the interval is open at its start; `end` is None for a single date and
    when the interval is open at its end. An interval's ends are plain dates."""

    start: PartialDate | None
    end: PartialDate | None = None
    interval: bool = False
    approximate: bool = False
    uncertain: bool = False

    @classmethod
    def parse(cls, text: str) -> EventDate:
        """Parse one of the forms above; ValueError says what is wrong in words."""
        if "/" not in text:
            bare = text.rstrip("~?")
            qualifiers = text[len(bare):]
            if len(qualifiers) > 1:
                raise ValueError(f"'{text}' has more than one of ~ and ?: write ~ for about (2012-07~) or ? "
                                 "for uncertain (2012-07-11?)")
            if not DATE_PATTERN.fullmatch(bare):
                raise ValueError(f"'{text}' is not a date; write YYYY-MM-DD, YYYY-MM or YYYY (e.g. 2012-07-11), "
                                 "with ~ after it for about (2012-07~) or ? for uncertain (2012-07-11?), or two "
                                 "dates start/end for an interval (2012-08-06/2012-08-08, ../2012-08, 2012-08/..)")
            date = PartialDate.parse(bare)  # the shape of a date: a ValueError now says why it is not a real one
            return cls(date, approximate=qualifiers == "~", uncertain=qualifiers == "?")
        first, _, last = text.partition("/")
        if "/" in last:
            raise ValueError(f"'{text}' has more than one '/': an interval is two dates, start/end")
        if first == ".." and last == "..":
            raise ValueError(f"'{text}' is open at both ends: give at least one date")
        start, end = (None if part == ".." else _end_of_interval(text, part) for part in (first, last))
        if start is not None and end is not None and _last_day(end) < _first_day(start):
            raise ValueError(f"'{text}' ends before it starts: write the earlier date first")
        return cls(start, end, interval=True)

    # -- what it allows -------------------------------------------------------------------------
    @cached_property
    def earliest(self) -> datetime.date | None:
        """The earliest day the date allows; None when the interval is open at its start."""
        return _first_day(self.start) if self.start is not None else None

    @cached_property
    def latest(self) -> datetime.date | None:
        """The latest day the date allows; None when the interval is open at its end."""
        last = self.end if self.interval else self.start
        return _last_day(last) if last is not None else None

    @cached_property
    def sort_key(self) -> tuple[datetime.date, datetime.date]:
        """By the earliest day the date allows, then by the latest: an interval open at its start
        allows any earlier day, and sorts before every other date; one open at its end after
        every closed date that starts on the same day."""
        return (self.earliest or datetime.date.min, self.latest or datetime.date.max)

    @cached_property
    def placed(self) -> PartialDate:
        """Where the timeline places it: at its start, or at its end when its start is open."""
        placed = self.start if self.start is not None else self.end
        assert placed is not None  # parse() refuses an interval open at both ends
        return placed

    @cached_property
    def year(self) -> int:
        return self.placed.year

    @cached_property
    def month(self) -> int | None:
        return self.placed.month

    @cached_property
    def day(self) -> int | None:
        return self.placed.day

    @property
    def plain(self) -> bool:
        """A single date, neither approximate nor uncertain: what HTML's <time datetime> can say."""
        return not (self.interval or self.approximate or self.uncertain)

    @property
    def datetime(self) -> str | None:
        """The value of a <time datetime> attribute, when HTML has one for this date."""
        return self.placed.iso() if self.plain else None

    def month_label(self) -> str:
        return self.placed.month_label()

    # -- how it is written and shown ------------------------------------------------------------
    def iso(self) -> str:
        """The date as ISO 8601-2 (EDTF) writes it: what an editor writes, and the data files hold."""
        return self._iso

    @cached_property
    def _iso(self) -> str:
        if not self.interval:
            return self.placed.iso() + ("~" if self.approximate else "?" if self.uncertain else "")
        return f"{self.start.iso() if self.start else '..'}/{self.end.iso() if self.end else '..'}"

    def display(self) -> str:
        """'about July 2012', '11 July 2012 (uncertain)', '6–8 August 2012', '30 July – 2 August 2012',
        'December 2011 – January 2012', 'before August 2012', 'after August 2012'."""
        return self._display

    @cached_property
    def _display(self) -> str:
        if not self.interval:
            shown = self.placed.display()
            return f"about {shown}" if self.approximate else f"{shown} (uncertain)" if self.uncertain else shown
        if self.start is None:
            return f"before {self.placed.display()}"
        if self.end is None:
            return f"after {self.start.display()}"
        return _span(self.start, self.end)

    def __str__(self) -> str:
        return self.iso()


DATES_HELD = 8192  # different texts of dates held by partial_date() and event_date(): past it, the least used go


@lru_cache(maxsize=DATES_HELD)
def partial_date(text: str) -> PartialDate:
    """PartialDate.parse(text), the same object for the same text (below)."""
    return PartialDate.parse(text)


@lru_cache(maxsize=DATES_HELD)
def event_date(text: str) -> EventDate:
    """EventDate.parse(text), the same object for the same text: a date is a value that never
    changes, and a site has a few thousand different ones among its 100,000 events, each of which
    held its own date and the forms worked out of it (60 MB at 50,000 people). A text that is not
    a date raises its ValueError each time."""
    return EventDate.parse(text)


def _end_of_interval(text: str, part: str) -> PartialDate:
    if part.endswith(("~", "?")):
        raise ValueError(f"'{text}': an interval's ends are plain dates (no ~ or ?); give the widest span "
                         "the sources allow")
    try:
        return PartialDate.parse(part)
    except ValueError as exc:
        raise ValueError(f"'{text}' is not an interval of two dates: {exc}") from None


def _first_day(date: PartialDate) -> datetime.date:
    return datetime.date(date.year, date.month or 1, date.day or 1)


def _last_day(date: PartialDate) -> datetime.date:
    month = date.month or 12
    return datetime.date(date.year, month, date.day or calendar.monthrange(date.year, month)[1])


def _span(start: PartialDate, end: PartialDate) -> str:
    """Two dates as one span, saying each part once: '6–8 August 2012', '30 July – 2 August 2012',
    'June–August 2012', '2011–2012'; an en dash with spaces when either side has a space."""
    if start == end:
        return start.display()
    same_precision = (start.month is None) == (end.month is None) and (start.day is None) == (end.day is None)
    if same_precision and start.year == end.year and start.month is not None:
        if start.day is not None and start.month == end.month:
            return f"{start.day}–{end.day} {MONTHS[start.month]} {start.year}"
        first = f"{start.day} {MONTHS[start.month]}" if start.day is not None else MONTHS[start.month]
        joined = " – " if start.day is not None else "–"
        return f"{first}{joined}{end.display()}"
    first, last = start.display(), end.display()
    return f"{first}{' – ' if ' ' in first + last else '–'}{last}"
