"""The shape of events at a glance: defections per month, stacked by branch, drawn at build time.

The numbers come from here; the SVG's look (colours for light, dark and print) from the
stylesheet, through one class per branch. The same numbers make the chart's data table, its text
alternative.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..content.dates import MONTHS
from ..content.model import Event
from ..schema import BRANCHES

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 720, 220, 36, 28, 10


@dataclass(frozen=True)
class Bar:
    label: str  # "July 2012"
    short: str  # "Jul"
    year: int
    counts: dict[str, int]  # branch -> defections that month
    x: float
    width: float
    segments: tuple[tuple[str, float, float, int], ...]  # (branch, y, height, count), bottom up

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class Chart:
    bars: tuple[Bar, ...]
    branches: tuple[str, ...]  # the branches that appear, in vocabulary order
    ticks: tuple[tuple[int, float], ...]  # (value, y) for the horizontal rules
    undated: int  # defections known only to the year: not in any month's bar
    total: int
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    baseline: int = HEIGHT - BOTTOM


def defections_by_month(events: dict[str, Event], branch_of: dict[str, str]) -> Chart | None:
    """Defections per month between the first and the last, by the branch of the people involved
    (`branch_of`: each person's, by id)."""
    counts: Counter = Counter()
    undated = 0
    for event in events.values():
        if event.kind != "defection":
            continue
        if event.date.month is None:
            undated += len(event.people)
            continue
        for person_id in event.people:
            counts[(event.date.year, event.date.month, branch_of[person_id])] += 1
    if not counts:
        return None
    months = sorted({(year, month) for year, month, _ in counts})
    first, last = months[0], months[-1]
    span = []
    year, month = first
    while (year, month) <= last:
        span.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    branches = tuple(b for b in BRANCHES if any(branch == b for _, _, branch in counts))
    peak = max(sum(counts[(y, m, b)] for b in branches) for y, m in span)
    step = _nice_step(peak)
    top = step * -(-peak // step)
    plot_height = HEIGHT - BOTTOM - TOP
    slot = (WIDTH - LEFT) / len(span)
    bars = []
    for index, (year, month) in enumerate(span):
        by_branch = {b: counts[(year, month, b)] for b in branches if counts[(year, month, b)]}
        y = float(HEIGHT - BOTTOM)
        segments = []
        for branch, count in by_branch.items():
            height = plot_height * count / top
            y -= height
            segments.append((branch, round(y, 2), round(height, 2), count))
        bars.append(Bar(f"{MONTHS[month]} {year}", MONTHS[month][:3], year, by_branch,
                        round(LEFT + index * slot + slot * 0.15, 2), round(slot * 0.7, 2), tuple(segments)))
    ticks = tuple((value, round(HEIGHT - BOTTOM - plot_height * value / top, 2)) for value in range(0, top + 1, step))
    return Chart(tuple(bars), branches, ticks, undated, sum(counts.values()) + undated)


def _nice_step(peak: int) -> int:
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000):
        if peak / step <= 5:
            return step
    return 10000
