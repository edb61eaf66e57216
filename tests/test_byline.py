"""The one byline reader, on bylines written for these tests."""

import pytest

from archiver.inputs.byline import byline_spans, read_byline


@pytest.mark.parametrize(
    "front, tail, names",
    [
        (["By Jane Roe and JOHN DOE, Associated Press"], [], ["Jane Roe", "John Doe"]),
        (["Written by Ana Ruiz | Updated 5 p.m."], [], ["Ana Ruiz"]),
        (["Council votes"], ["Reporting by Tom Reed; Editing by Sue Hale"], ["Tom Reed"]),
        (["Council votes"], [], []),
    ],
)
def test_read_byline(front, tail, names):
    assert read_byline(front, tail) == names


def test_byline_spans_cover_the_byline_line():
    text = "Council votes\n\nBy JANE ROE\n\nThe council voted.\n"
    (start, end), = byline_spans(text, ["Jane Roe"])
    assert text[start:end] == "By JANE ROE"
