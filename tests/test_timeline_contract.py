"""The ``archiver.timeline`` contract the web app codes against (labels, exact sums, undated, split)."""

from __future__ import annotations

import re

import pytest
from webarchive import build

from archiver.errors import UsageError
from archiver.index.query import SearchRequest
from archiver.store.archive import open_archive
from archiver.timeline import Timeline, build_timeline

LABELS = {
    "day": r"\d{4}-\d{2}-\d{2}",
    "week": r"\d{4}-W\d{2}",
    "month": r"\d{4}-\d{2}",
    "year": r"\d{4}",
}


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    root = tmp_path_factory.mktemp("timeline") / "archive"
    build(root)
    return root


@pytest.mark.parametrize("by", list(LABELS))
def test_every_match_is_counted_once(root, by):
    with open_archive(root) as archive:
        timeline = build_timeline(archive, SearchRequest(), by=by)
        total = archive.search(SearchRequest(count_only=True)).total
    assert isinstance(timeline, Timeline) and timeline.by == by
    assert all(re.fullmatch(LABELS[by], p) for p in timeline.periods)
    assert timeline.periods == sorted(timeline.periods) and len(set(timeline.periods)) == len(
        timeline.periods
    )
    assert [label for label, _ in timeline.series] == ["all"]
    assert all(len(counts) == len(timeline.periods) for _, counts in timeline.series)
    assert timeline.total == total
    assert sum(timeline.series[0][1]) + timeline.undated == total
    assert timeline.undated == 1  # the earnings story has no publication date


def test_months_without_matches_are_periods_with_zero(root):
    with open_archive(root) as archive:
        timeline = build_timeline(archive, SearchRequest(query="danbury OR nairobi"), by="month")
    assert timeline.periods == ["2024-02", "2024-03", "2024-04"]
    assert timeline.series == [("all", [1, 2, 1])]


def test_split_by_outlet_gives_a_series_per_outlet(root):
    with open_archive(root) as archive:
        timeline = build_timeline(archive, SearchRequest(query="danbury"), by="month", split="outlet")
    series = dict(timeline.series)
    assert set(series) == {"NBC Connecticut", "Hartford Courant"}
    assert series["NBC Connecticut"] == [1, 1] and series["Hartford Courant"] == [0, 1]
    assert sum(map(sum, series.values())) + timeline.undated == timeline.total == 3


def test_a_bad_period_is_a_usage_error(root):
    with open_archive(root) as archive, pytest.raises(UsageError):
        build_timeline(archive, SearchRequest(), by="decade")
