"""The shape of events at a glance: defections per month, stacked by branch, drawn at build time.

It counts people, named or not, in confirmed and reported defections only: a denied defection is
never counted, nor a disputed one, and the caption says how many of each were left out. In each
bar the confirmed come first (solid), then the reported (hatched, so that no colour is needed to
tell them apart).

A span longer than MONTHLY_UP_TO months is drawn by year, and one too long for that by decade,
century or millennium: however far apart two dates are (a typo of 2102 for 2012, or 0001 and
9999), the chart has at most MAX_BARS bars. The numbers come from here; the SVG's look (colours
for light, dark and print) from the stylesheet, through one class per branch. The same numbers
make the chart's data table, its text alternative.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

from ..catalogs import N_
from ..content.dates import MONTHS
from ..content.model import Event
from ..schema import BRANCHES

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 720, 220, 36, 28, 10


MONTHLY_UP_TO = 60  # months: a longer span is drawn by year (or longer)
MAX_BARS = 60


@dataclass(frozen=True)
class Period:
    """How long one bar lasts: its name ("month", "year"…) and its length in months."""

    name: str
    months: int


MONTH, YEAR = Period(N_("month"), 1), Period(N_("year"), 12)
PERIODS = (MONTH, YEAR, Period(N_("decade"), 120), Period(N_("century"), 1200), Period(N_("millennium"), 12000))


class Segment(NamedTuple):
    """A stretch of a bar: the people of one branch and one status."""

    branch: str
    y: float
    height: float
    people: int
    status: str  # confirmed or reported


class Label(NamedTuple):
    """An axis label: its text, and the centre it is drawn at (kept inside the drawing); and what
    it names, for a page in another language to say it in its words (a month, with its year or not)."""

    text: str
    x: float
    month: int | None = None
    year: int | None = None

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Bar:
    label: str  # "July 2012", "2012", "2010–2019"
    short: str  # "Jul", "2012", "2010s"
    year: int  # the year it starts in
    counts: dict[str, int]  # branch -> people in its period's confirmed and reported defections
    x: float
    width: float
    segments: tuple[Segment, ...]  # bottom up: the confirmed by branch, then the reported by branch
    axis: Label | None = None  # what the axis shows under it ("Jul 2012", "Aug", "2015"), if there is room
    confirmed: int = 0
    reported: int = 0
    month: int | None = None  # in a chart by month, the bar's month (1-12): with `year`, where its events are
    narrow_axis: Label | None = None  # what it shows under it on a narrow screen, where labels are larger

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class Chart:
    bars: tuple[Bar, ...]
    branches: tuple[str, ...]  # the branches that appear, in vocabulary order
    ticks: tuple[tuple[int, float], ...]  # (value, y) for the horizontal rules
    undated: int  # people in defections known only to the year, in a chart by month: in no bar
    total: int  # people counted: confirmed and reported
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    baseline: int = HEIGHT - BOTTOM
    per: str = "month"  # how long each bar lasts: month, year, decade, century or millennium
    confirmed: int = 0
    reported: int = 0
    disputed: int = 0  # people in disputed defections: left out
    denied: int = 0  # people in denied defections: left out
    by_branch: tuple[tuple[str, int], ...] = ()  # people counted, by branch (known only to the year too)
    unit: float = 0  # the height of one person in a bar (for the filters that redraw it)


COUNTED = ("confirmed", "reported")  # the statuses the chart counts, in the order it stacks them


class LeftOut(NamedTuple):
    """The people in the defections no count includes."""

    disputed: int
    denied: int


def left_out(events: dict[str, Event]) -> LeftOut:
    """How many people are in disputed and in denied defections, named or not."""
    found = Counter({status: 0 for status in ("disputed", "denied")})
    for event in events.values():
        if event.kind == "defection" and event.status in found:
            found[event.status] += len(event.people) + (event.unnamed.count if event.unnamed else 0)
    return LeftOut(found["disputed"], found["denied"])


def defections_by_month(events: dict[str, Event], branch_of: dict[str, str]) -> Chart | None:
    """Confirmed and reported defections per month between the first and the last (or per year, or
    longer, when they are far apart), by the branch of the people involved, named (`branch_of`:
    each person's, by id) or not."""
    defections = [event for event in events.values() if event.kind == "defection"]
    left_out = Counter({status: 0 for status in ("disputed", "denied")})
    for event in defections:
        if event.status not in COUNTED:
            left_out[event.status] += sum(people_by_branch(event, branch_of).values())
    defections = [event for event in defections if event.status in COUNTED]
    if not defections:
        return None
    by_month = [event for event in defections if event.date.month is not None]
    first = min(_month_of(event) for event in defections)
    last = max(_month_of(event) + (11 if event.date.month is None else 0) for event in defections)
    if by_month and last - first < MONTHLY_UP_TO:
        period, counted = MONTH, by_month
    else:
        starts = [event.date.year * 12 for event in defections]
        period = next((p for p in PERIODS[1:] if _slot(max(starts), p) - _slot(min(starts), p) < MAX_BARS), PERIODS[-1])
        counted = defections
    counts: Counter = Counter()  # (slot, branch, status) -> people
    first_year: dict[int, int] = {}
    for event in counted:
        first_year.setdefault(_slot(_month_of(event), period), event.date.year)  # events are in timeline order
        for branch, people in people_by_branch(event, branch_of).items():
            counts[(_slot(_month_of(event), period), branch, event.status)] += people
    everyone = sum(sum(people_by_branch(event, branch_of).values()) for event in defections)
    undated = everyone - sum(counts.values())
    slots = [slot for slot, _, _ in counts]
    span = range(min(slots), max(slots) + 1)
    branches = tuple(b for b in BRANCHES if any(branch == b for _, branch, _ in counts))
    peak = max(sum(counts[(slot, b, status)] for b in branches for status in COUNTED) for slot in span)
    step = _nice_step(peak)
    top = step * -(-peak // step)
    plot_height = HEIGHT - BOTTOM - TOP
    width = (WIDTH - LEFT) / len(span)
    bars = []
    wide_labels, narrow_labels = _axis_labels(list(span), period), _axis_labels(list(span), period, narrow=True)
    for index, slot in enumerate(span):
        y = float(HEIGHT - BOTTOM)
        segments = []
        for status in COUNTED:
            for branch in branches:
                count = counts[(slot, branch, status)]
                if count:
                    height = plot_height * count / top
                    y -= height
                    segments.append(Segment(branch, round(y, 2), round(height, 2), count, status))
        by_branch = {b: counts[(slot, b, "confirmed")] + counts[(slot, b, "reported")] for b in branches}
        label, short, year = _names(slot, period)
        if period is not MONTH:  # where its events start: a decade's first year may have none
            year = first_year.get(slot, year)
        bars.append(Bar(label, short, year, {b: n for b, n in by_branch.items() if n},
                        round(LEFT + index * width + width * 0.15, 2), round(width * 0.7, 2), tuple(segments),
                        wide_labels[index], confirmed=sum(counts[(slot, b, "confirmed")]
                                                                             for b in branches),
                        reported=sum(counts[(slot, b, "reported")] for b in branches),
                        month=slot % 12 + 1 if period is MONTH else None,
                        narrow_axis=narrow_labels[index]))
    ticks = tuple((value, round(HEIGHT - BOTTOM - plot_height * value / top, 2)) for value in range(0, top + 1, step))
    in_all = Counter({status: 0 for status in COUNTED})
    in_each: Counter = Counter()
    for event in defections:
        named = people_by_branch(event, branch_of)
        in_all[event.status] += sum(named.values())
        in_each.update(named)
    return Chart(tuple(bars), branches, ticks, undated, everyone, per=period.name, confirmed=in_all["confirmed"],
                 reported=in_all["reported"], disputed=left_out["disputed"], denied=left_out["denied"],
                 by_branch=tuple((b, in_each[b]) for b in BRANCHES if in_each[b]), unit=round(plot_height / top, 4))


def people_by_branch(event: Event, branch_of: dict[str, str]) -> Counter:
    """The people an event is about, by branch: the named ones by theirs, the unnamed by the group's."""
    people = Counter(branch_of[person_id] for person_id in event.people)
    if event.unnamed is not None:
        people[event.unnamed.branch] += event.unnamed.count
    return people


def _month_of(event: Event) -> int:
    """Months since the start of year 0: the month a date falls in (its January when it has none)."""
    return event.date.year * 12 + (event.date.month or 1) - 1


def _slot(month: int, period: Period) -> int:
    return month // period.months


def _names(slot: int, period: Period) -> tuple[str, str, int]:
    """A bar's label, short label and first year."""
    if period is MONTH:
        year, month = divmod(slot, 12)
        return f"{MONTHS[month + 1]} {year}", MONTHS[month + 1][:3], year
    years = period.months // 12
    first = slot * years
    if years == 1:
        return str(first), str(first), first
    return f"{first}–{first + years - 1}", f"{first}s", first


# The axis labels' size in the SVG's own units, so that none is drawn under 11 CSS px: wide screens
# (over NARROW_UP_TO px) show the chart at least 608 px wide, narrow ones (from 320 px) at least 288.
WIDE_FONT, NARROW_FONT = 13.5, 28
NARROW_UP_TO = 640  # px: the stylesheet's breakpoint between the two sets of labels
CHARACTER = 0.62  # a label character's width, as a share of the font size (digits and capitals, roughly)
GAP = 6  # units between two labels


def _axis_labels(slots: list[int], period: Period, narrow: bool = False) -> list[Label | None]:
    """The label under each bar, or None where there is no room: the first bar's and each year's
    first (by month) or every fifth period's (by year or longer) first, then any other that fits
    beside them. Labels never overlap, at the size the screen shows them."""
    font = NARROW_FONT if narrow else WIDE_FONT
    width = (WIDTH - LEFT) / len(slots)
    wanted: list[tuple[int, int, str, int | None, int | None]] = []  # (priority, index, text, month, year)
    for index, slot in enumerate(slots):
        label, short, year = _names(slot, period)
        if period is MONTH:
            new_year = short == MONTHS[1][:3]
            month = slot % 12 + 1
            if index == 0:  # on a phone, where labels are twice as large, its year alone
                wanted.append((0, index, *((str(year), None, None) if narrow else (f"{short} {year}", month, year))))
            elif new_year:
                wanted.append((1, index, *((str(year), None, None) if narrow else (f"{short} {year}", month, year))))
            else:
                wanted.append((2, index, short, month, None))
        else:
            wanted.append((0 if index == 0 else 1 if slot % 5 == 0 else 2, index, short, None, None))
    taken: list[tuple[float, float]] = []
    found: list[Label | None] = [None] * len(slots)
    for _, index, text, named_month, named_year in sorted(wanted):
        half = len(text) * font * CHARACTER / 2
        centre = min(max(LEFT + (index + 0.5) * width, half), WIDTH - half)  # kept inside the drawing
        left, right = centre - half, centre + half
        if any(left < r + GAP and right > lft - GAP for lft, r in taken):
            continue
        taken.append((left, right))
        found[index] = Label(text, round(centre, 2), named_month, named_year)
    return found


def _nice_step(peak: int) -> int:
    """A round step (1, 2 or 5 times a power of ten) that draws at most five rules up to the peak."""
    power = 1
    while True:
        for step in (power, 2 * power, 5 * power):
            if peak / step <= 5:
                return step
        power *= 10
