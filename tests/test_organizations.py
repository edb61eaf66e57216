"""Organizations: grouping and acronyms linked to their long forms."""

import pytest

from archiver.tagging.entities import find_mentions
from archiver.tagging.organizations import tag_organizations


def orgs_of(text):
    return tag_organizations(text, find_mentions(text), None)


@pytest.mark.parametrize(
    ("text", "name", "alias"),
    [
        (
            "Agents from Immigration Customs Enforcement (ICE) visited the farm. ICE did not comment.\n",
            "Immigration and Customs Enforcement",
            "ICE",
        ),
        (
            "The Riverton Housing Authority (RHA) met on Monday. The RHA voted to sell the land.\n",
            "Riverton Housing Authority",
            "RHA",
        ),
    ],
)
def test_acronym_linked_to_long_form(text, name, alias):
    orgs = {o["name"]: o for o in orgs_of(text)}
    assert name in orgs
    assert alias in orgs[name]["aliases"]
    assert alias not in orgs  # not listed a second time


def test_lower_case_agency_found():
    text = "Nothing had been prioritized by the department of homeland security, he said.\n"
    names = [o["name"] for o in orgs_of(text)]
    assert "Department of Homeland Security" in names


def test_spans_point_at_the_text():
    text = "The Riverton Housing Authority (RHA) met on Monday.\n"
    for o in orgs_of(text):
        for start, end in o["spans"]:
            assert text[start:end] in [o["name"], *o["aliases"]]


def test_no_organizations_in_plain_text():
    assert orgs_of("it rained all day and nobody came.\n") == []


def test_initials_alone_do_not_make_a_known_agency():
    text = "Fans packed the gym at Dover High School on Friday night.\n"
    names = [o["name"] for o in orgs_of(text)]
    assert "Department of Homeland Security" not in names
