"""Dates known to a year, a month or a day, shown at their own precision."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

DATE_PATTERN = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
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

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """A partial date sorts at the start of its period (before any full date in it)."""
        return (self.year, self.month or 0, self.day or 0)

    def iso(self) -> str:
        """The machine-readable form, valid in <time datetime> and in Atom when full."""
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
        if self.day:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def display(self) -> str:
        """'11 July 2012', 'July 2012' or '2012'."""
        if self.month is None:
            return str(self.year)
        if self.day:
            return f"{self.day} {MONTHS[self.month]} {self.year}"
        return f"{MONTHS[self.month]} {self.year}"

    def month_label(self) -> str:
        return MONTHS[self.month] if self.month else "Month not known"

    def __str__(self) -> str:
        return self.iso()
