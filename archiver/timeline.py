"""Counts of a search's matches over time: by day, ISO week, month or year, optionally split by a tag.

This is a minimal, exact implementation of the contract the web app codes against (the search work
replaces it with one the index answers directly). It reads the publication date of every match, so
its cost grows with the number of matches; the counts are never sampled.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, replace

from archiver.errors import UsageError

PERIODS = ("day", "week", "month", "year")
SPLITS = {
    "outlet": "outlet",
    "location": "locations",
    "person": "people",
    "organization": "organizations",
    "topic": "topics",
}
OTHER = "other"


@dataclass(frozen=True)
class Timeline:
    """Matches per period, in one series (``"all"``) or one per split value."""

    by: str  # "day" | "week" | "month" | "year"
    periods: list[str]  # ordered labels: "2025-02-12", "2025-W07", "2025-02", "2025"
    series: list[tuple[str, list[int]]]  # (label, count per period); one ("all", ...) when no split
    undated: int  # matches without a publication date (not in periods)
    total: int  # all matches, dated + undated


def period_label(day: datetime.date, by: str) -> str:
    """The label of the period holding ``day``.

    >>> d = datetime.date(2025, 2, 12)
    >>> [period_label(d, by) for by in PERIODS]
    ['2025-02-12', '2025-W07', '2025-02', '2025']
    """
    if by == "day":
        return day.isoformat()
    if by == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if by == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return f"{day.year:04d}"


def period_labels(first: datetime.date, last: datetime.date, by: str) -> list[str]:
    """Every period label from the one holding ``first`` to the one holding ``last``, gaps included.

    >>> period_labels(datetime.date(2024, 12, 30), datetime.date(2025, 1, 6), "week")
    ['2025-W01', '2025-W02']
    >>> period_labels(datetime.date(2024, 11, 5), datetime.date(2025, 1, 1), "month")
    ['2024-11', '2024-12', '2025-01']
    """
    labels: list[str] = []
    if by == "day":
        step = datetime.timedelta(days=1)
    elif by == "week":
        step = datetime.timedelta(days=7)
        first -= datetime.timedelta(days=first.weekday())
    else:
        step = None
        first = first.replace(day=1, month=1 if by == "year" else first.month)
    day = first
    while day <= last:
        labels.append(period_label(day, by))
        if step is not None:
            day += step
        elif by == "month":
            day = day.replace(year=day.year + day.month // 12, month=day.month % 12 + 1)
        else:
            day = day.replace(year=day.year + 1)
    return labels


def _published_day(sidecar: dict) -> datetime.date | None:
    from archiver.index.sqlite import date_key

    key = date_key(sidecar.get("published"))
    return datetime.date.fromisoformat(key[:10]) if key else None


def _split_values(sidecar: dict, split: str) -> list[str]:
    value = sidecar.get(SPLITS[split])
    items = [value] if isinstance(value, dict) else value if isinstance(value, list) else []
    names = []
    for item in items:
        if not isinstance(item, dict):
            continue
        name = item.get("label") if split == "topic" else item.get("name") or item.get("domain")
        if name:
            names.append(str(name))
    return list(dict.fromkeys(names))


def build_timeline(archive, request, by: str = "month", split: str | None = None, top: int = 10) -> Timeline:
    """Count the matches of ``request`` per period, exactly.

    Args:
        archive: an open ``Archive``.
        request: a ``SearchRequest`` (its ``limit``, ``sort`` and ``facets`` do not matter).
        by: ``day``, ``week``, ``month`` or ``year``.
        split: None, or a tag field (``outlet``, ``location``, ``person``, ``organization``,
            ``topic``): one series per value, the ``top`` largest, the rest summed as ``"other"``
            (an article with several values of the field counts once in each of their series).
        top: how many split series to keep.

    Raises:
        UsageError: a bad ``by`` or ``split``.
        QuerySyntaxError: the request's query cannot be parsed.
    """
    if by not in PERIODS:
        raise UsageError(f"unknown period {by!r}: use one of {', '.join(PERIODS)}")
    if split is not None and split not in SPLITS:
        raise UsageError(f"cannot split by {split!r}: use one of {', '.join(SPLITS)}")
    ids = archive.index.matching_ids(replace(request, facets=False, count_only=False))
    dated: list[tuple[datetime.date, list[str]]] = []
    undated = 0
    for article_id in ids:
        sidecar = archive.index.get(article_id) or {}
        day = _published_day(sidecar)
        if day is None:
            undated += 1
            continue
        dated.append((day, _split_values(sidecar, split) if split else ["all"]))
    if not dated:
        return Timeline(by, [], [("all", [])] if split is None else [], undated, len(ids))
    periods = period_labels(min(d for d, _ in dated), max(d for d, _ in dated), by)
    position = {label: i for i, label in enumerate(periods)}
    if split is None:
        keep = ["all"]
    else:
        sizes = Counter(name for _, names in dated for name in names)
        keep = [name for name, _ in sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0]))[:top]]
    rows = {name: [0] * len(periods) for name in keep}
    other = [0] * len(periods)
    for day, names in dated:
        i = position[period_label(day, by)]
        for name in names or [OTHER]:  # no value of the split field: counted with the rest
            (rows[name] if name in rows else other)[i] += 1
    series = [(name, rows[name]) for name in keep]
    if any(other):
        series.append((OTHER, other))
    return Timeline(by, periods, series, undated, len(ids))
