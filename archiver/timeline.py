"""Timelines: exact counts of a search's matches per day, week, month or year of publication.

The engine counts matches per publication day (``Archive.day_counts``); this module rolls the
days up into periods and fills the gaps with zeros, so a chart shows quiet periods too. Undated
matches are never placed on the time axis: they are counted apart (``Timeline.undated``).

>>> import datetime
>>> period_label(datetime.date(2025, 2, 12), "week"), period_label(datetime.date(2025, 2, 12), "month")
('2025-W07', '2025-02')
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from archiver.errors import UsageError

PERIODS = ("day", "week", "month", "year")
SPLITS = ("outlet", "location", "person", "organization", "topic")
MAX_PERIODS = 50_000  # a typo'd date in 1066 must not fill a terminal with empty days


@dataclass(frozen=True)
class Timeline:
    """Counts of a search's matches over time.

    ``periods``: ordered labels ("2025-02-12", "2025-W07", "2025-02", "2025"); ``series``:
    ``(label, count per period)``, one ``("all", ...)`` when not split, else one per top value;
    ``undated``: matches without a publication date (not in ``periods``); ``total``: all matches.
    """

    by: str  # "day" | "week" | "month" | "year"
    periods: list[str]
    series: list[tuple[str, list[int]]]
    undated: int
    total: int

    def to_json(self) -> dict:
        """The timeline as JSON-ready data (what ``archiver timeline --json`` prints)."""
        return {
            "by": self.by,
            "periods": self.periods,
            "series": [{"label": label, "counts": counts} for label, counts in self.series],
            "undated": self.undated,
            "total": self.total,
        }


def period_start(day: datetime.date, by: str) -> datetime.date:
    """The first day of the period ``day`` falls in (weeks are ISO weeks, from Monday)."""
    if by == "day":
        return day
    if by == "week":
        return day - datetime.timedelta(days=day.weekday())
    if by == "month":
        return day.replace(day=1)
    return day.replace(month=1, day=1)


def next_period(start: datetime.date, by: str) -> datetime.date:
    """The first day of the period after the one starting on ``start``."""
    if by == "day":
        return start + datetime.timedelta(days=1)
    if by == "week":
        return start + datetime.timedelta(days=7)
    if by == "month":
        return (start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return start.replace(year=start.year + 1)


def period_label(day: datetime.date, by: str) -> str:
    """The label of the period ``day`` falls in."""
    if by == "day":
        return day.isoformat()
    if by == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if by == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return f"{day.year:04d}"


def build_timeline(archive, request, by: str = "month", split: str | None = None, top: int = 10) -> Timeline:
    """Exact counts of the articles ``request`` matches per period of publication.

    Args:
        archive: an open ``Archive``.
        request: the ``SearchRequest`` (its query, filters and date range; limit and sort unused).
        by: ``day``, ``week``, ``month`` or ``year``.
        split: one series per top value of ``outlet``, ``location``, ``person``,
            ``organization`` or ``topic`` (by number of dated matches), else one series ``all``.
        top: how many values ``split`` keeps.

    Raises:
        UsageError: an unknown period or split, or a span too long to list by ``by``.
        QuerySyntaxError: the query cannot be parsed.
    """
    if by not in PERIODS:
        raise UsageError(f"unknown period {by!r}: use one of {', '.join(PERIODS)}")
    if split is not None and split not in SPLITS:
        raise UsageError(f"cannot split by {split!r}: use one of {', '.join(SPLITS)}")
    if top < 1:
        raise UsageError("--top must be at least 1")
    counts = archive.day_counts(request, split, top)
    days = [day for _label, per_day in counts.series for day in per_day]
    starts: list[datetime.date] = []
    if days:
        first, last = period_start(min(days), by), period_start(max(days), by)
        if request.since:
            first = min(first, period_start(request.since, by))
        if request.until:
            last = max(last, period_start(request.until, by))
        start = first
        while start <= last:
            starts.append(start)
            if len(starts) > MAX_PERIODS:
                raise UsageError(
                    f"the matches span {min(days)} to {max(days)}: too many {by}s to list; "
                    "use a longer --by or narrow --since/--until"
                )
            start = next_period(start, by)
    position = {start: i for i, start in enumerate(starts)}
    series: list[tuple[str, list[int]]] = []
    for label, per_day in counts.series:
        row = [0] * len(starts)
        for day, n in per_day.items():
            row[position[period_start(day, by)]] += n
        series.append((label, row))
    if split is None and not series:
        series = [("all", [0] * len(starts))]
    return Timeline(by, [period_label(s, by) for s in starts], series, counts.undated, counts.total)
