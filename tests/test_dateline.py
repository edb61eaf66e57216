"""The one dateline parser, on datelines written for these tests."""

import pytest

from archiver.inputs.dateline import find_dateline, is_wire_dateline, parse_dateline


@pytest.mark.parametrize(
    "line, city, region, date",
    [
        ("HARTFORD, Conn. (AP) — The budget passed on Monday.", "HARTFORD", "Conn.", None),
        ("NEW HAVEN, Conn. — The council met.", "NEW HAVEN", "Conn.", None),
        ("LONDON 1996-08-30", "LONDON", None, "1996-08-30"),
        ("TBILISI, Georgia (AP) — Thousands rallied.", "TBILISI", "Georgia", None),
        ("OTTAWA - The home of a farming family was searched.", "OTTAWA", None, None),
    ],
)
def test_datelines(line, city, region, date):
    found = parse_dateline(line)
    assert found is not None and (found.city, found.region, found.date) == (city, region, date)


@pytest.mark.parametrize(
    "line",
    [
        "SOCCER - JAPAN GET LUCKY WIN",
        "PRESS DIGEST - Bulgaria - Aug 30.",
        "UPDATE — Roads reopen",
        "The council met on Monday.",
    ],
)
def test_not_datelines(line):
    assert parse_dateline(line) is None


def test_find_dateline_reads_the_front_lines_only():
    text = "Budget passes\n\nHARTFORD, Conn. (AP) — The budget passed.\n"
    assert find_dateline(text).place == "HARTFORD, Conn."
    assert find_dateline("Budget passes\n" + "A line.\n" * 12 + "HARTFORD, Conn. — Late.\n") is None


def test_wire_dateline_needs_its_date():
    assert is_wire_dateline("LONDON 1996-08-30") and not is_wire_dateline("LONDON calling")
