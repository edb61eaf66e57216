"""The query language: what parses to what, and what is rejected with which message."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archiver.errors import QuerySyntaxError, UsageError
from archiver.index.query import (
    MATCH_ALL,
    And,
    Field,
    Not,
    Or,
    Phrase,
    SearchRequest,
    Term,
    parse_query,
    request_query,
)


def T(word, prefix=False):
    return Term(word, prefix)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", MATCH_ALL),
        ("   ", MATCH_ALL),
        ("danbury", T("danbury")),
        ("danbury mayor", And((T("danbury"), T("mayor")))),
        ("danbury AND mayor", And((T("danbury"), T("mayor")))),
        ('"the mayor"', Phrase(("the", "mayor"))),
        ('"mayor"', T("mayor")),
        ('"  mayor   said "', Phrase(("mayor", "said"))),
        ("immig*", T("immig", True)),
        ("ice OR raid", Or((T("ice"), T("raid")))),
        ("a OR b OR c", Or((T("a"), T("b"), T("c")))),
        ("ice raid OR boston", Or((And((T("ice"), T("raid"))), T("boston")))),
        ("ice -boston", And((T("ice"), Not(T("boston"))))),
        ('ice -"new york"', And((T("ice"), Not(Phrase(("new", "york")))))),
        ("ice NOT boston", And((T("ice"), Not(T("boston"))))),
        ("-boston", Not(T("boston"))),
        ("(ice OR raid) danbury", And((Or((T("ice"), T("raid"))), T("danbury")))),
        ("-(ice OR raid) danbury", And((Not(Or((T("ice"), T("raid")))), T("danbury")))),
        ("((ice))", T("ice")),
        ("person:Boughton", Field("person", "Boughton")),
        ('person:"Mark Boughton"', Field("person", "Mark Boughton")),
        ('PERSON:"Mark   Boughton"', Field("person", "Mark Boughton")),
        ("place:Danbury", Field("location", "Danbury")),
        ("location:Danbury", Field("location", "Danbury")),
        ("outlet:nbcconnecticut.com", Field("outlet", "nbcconnecticut.com")),
        ("topic:immigration", Field("topic", "immigration")),
        ("topic:medtop:20000771", Field("topic", "medtop:20000771")),
        ("title:budget", Field("title", "budget")),
        ("title:budg*", Field("title", "budg", True)),
        ("org:ICE", Field("organization", "ICE")),
        ("-person:Boughton ice", And((Not(Field("person", "Boughton")), T("ice")))),
        ("person:Boughton OR place:Danbury", Or((Field("person", "Boughton"), Field("location", "Danbury")))),
        # not fields: ordinary words
        ("10:30", T("10:30")),
        ("http://example.com", T("http://example.com")),
        # lower-case operators are words
        ("ice or raid", And((T("ice"), T("or"), T("raid")))),
        # punctuation-only words cannot match anything: dropped
        ("Tom & Jerry", And((T("Tom"), T("Jerry")))),
        ("&", MATCH_ALL),
        ("ice - raid", And((T("ice"), T("raid")))),
        ("ice OR &", T("ice")),
        ("*", MATCH_ALL),
        ("C++", T("C++")),
        ("café", T("café")),
        ("--help", T("--help")),
        ("don't", T("don't")),
        ("ice\x00raid", And((T("ice"), T("raid")))),
        ("caf\udce9", T("caf?")),  # a lone surrogate from undecodable argv bytes
    ],
)
def test_parse_good(text, expected):
    assert parse_query(text) == expected


@pytest.mark.parametrize(
    "text, message",
    [
        ('"the mayor', "unbalanced quote"),
        ('ice "raid', "unbalanced quote"),
        ('person:"Mark', "unbalanced quote"),
        ("OR ice", "OR needs a term on both sides"),
        ("ice OR", "OR needs a term on both sides"),
        ("ice OR OR raid", "OR needs a term on both sides"),
        ("(OR ice)", "OR needs a term on both sides"),
        ("person:", "field person: needs a value"),
        ("person: Boughton", "field person: needs a value"),
        ("place:", "field place: needs a value"),
        ("topic:&", "needs a value with letters"),
        ("(ice", "unbalanced parenthesis"),
        ("ice)", "unbalanced parenthesis"),
        ("()", "empty parentheses"),
        ("ice AND", "AND needs a term on both sides"),
        ("AND ice", "AND needs a term on both sides"),
        ("ice NOT", "NOT needs a term after it"),
        ("ice -)", "- needs a term after it"),
        ("a*", "too short"),
        ("person:a*", "too short"),
        ("(" * 60 + "x" + ")" * 60, "too deeply"),
        ("x" * 3000, "too long"),
    ],
)
def test_parse_bad(text, message):
    with pytest.raises(QuerySyntaxError) as caught:
        parse_query(text)
    assert message in str(caught.value)
    assert caught.value.exit_code == 2


def test_request_options_are_anded_fields():
    req = SearchRequest(
        query="ice", person="Mark Boughton", location="Danbury", outlet="nbc", topic="immigration"
    )
    assert request_query(req) == And(
        (
            T("ice"),
            Field("person", "Mark Boughton"),
            Field("location", "Danbury"),
            Field("outlet", "nbc"),
            Field("topic", "immigration"),
        )
    )
    assert request_query(SearchRequest()) == MATCH_ALL


@pytest.mark.parametrize(
    "req, message",
    [
        (SearchRequest(person="  "), "--person needs a value"),
        (SearchRequest(sort="best"), "unknown sort"),
        (SearchRequest(limit=-1), "negative"),
        (SearchRequest(since=datetime.date(2020, 1, 2), until=datetime.date(2020, 1, 1)), "is after"),
    ],
)
def test_request_bad(req, message):
    with pytest.raises(UsageError, match=message):
        request_query(req)


QUERY_ALPHABET = st.sampled_from(
    list('ab é"()-*: ORANDNOT\t') + ["OR", "AND", "NOT", "person:", "title:", "*"]
)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=40), st.lists(QUERY_ALPHABET, max_size=15).map("".join)))
def test_parse_never_crashes(text):
    try:
        parse_query(text)
    except QuerySyntaxError as exc:
        assert str(exc)
