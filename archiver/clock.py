"""Time, in one place: the default clock (a seam tests replace) and the one timestamp format."""

from __future__ import annotations

from datetime import datetime, timezone


def utc_now() -> datetime:
    """The default clock: the current time in UTC."""
    return datetime.now(timezone.utc)


def iso_utc(dt: datetime) -> str:
    """UTC ISO 8601 with microseconds and a Z: sidecars, logs, and WARC-Date (WARC 1.1 section 5.4).

    >>> iso_utc(datetime(2024, 3, 5, 12, 0, 0, 1500, tzinfo=timezone.utc))
    '2024-03-05T12:00:00.001500Z'
    """
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
