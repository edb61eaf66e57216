"""People: merging short forms, titles, roles, and what must never be a person."""

import pytest

from archiver.tagging.entities import find_mentions
from archiver.tagging.people import tag_people


def people_of(text):
    return tag_people(text, find_mentions(text))


MAYOR = (
    "Riverton budget passes\n"
    "Riverton's mayor Linda Ferraro said on Monday the budget would pass.\n"
    "Ferraro said the city would hire more teachers.\n"
    "Tom Becker, who owns a bakery on Main Street, welcomed the plan.\n"
    '"It is good news," Becker said.\n'
)


def test_surname_merged_into_full_name():
    people = people_of(MAYOR)
    names = [p["name"] for p in people]
    assert "Linda Ferraro" in names
    assert "Ferraro" not in names
    ferraro = next(p for p in people if p["name"] == "Linda Ferraro")
    assert ferraro["aliases"] == ["Ferraro"]
    assert ferraro["mentions"] == 2
    assert len(ferraro["spans"]) == 2


def test_spans_point_at_the_names():
    for p in people_of(MAYOR):
        for start, end in p["spans"]:
            assert MAYOR[start:end] in [p["name"], *p["aliases"]]


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        (MAYOR, "Linda Ferraro", "mayor"),
        (MAYOR, "Tom Becker", "bakery owner"),
        ("Prime Minister Anna Lindqvist arrived in Paris on Friday.\n", "Anna Lindqvist", "prime minister"),
        ("Officials met Frank Dorsey, the county sheriff, on Friday.\n", "Frank Dorsey", "county sheriff"),
        ("Peter Hall said the weather was fine.\n", "Peter Hall", None),
    ],
)
def test_roles(text, name, role):
    people = {p["name"]: p for p in people_of(text)}
    assert name in people
    assert people[name]["role"] == role


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Mr. Robert Kline said the plan was sound.\n", "Robert Kline"),
        ("President Helen Ortiz signed the bill on Monday.\n", "Helen Ortiz"),
    ],
)
def test_titles_stripped(text, name):
    assert name in [p["name"] for p in people_of(text)]


def test_all_caps_headline_gives_no_people():
    text = (
        "COUNCIL VOTES TO RAISE TAXES AGAIN\n"
        "RIVERTON 2024-05-02\n"
        "The council voted 5-2 on Thursday to raise property taxes for the second year.\n"
    )
    assert people_of(text) == []


def test_told_outlet_gives_no_person():
    text = "The governor, speaking on Monday, told CNN that the plan was dead.\n"
    assert "CNN" not in [p["name"] for p in people_of(text)]


@pytest.mark.parametrize("junk", ["Contact Us", "Share This"])
def test_page_junk_is_not_a_person(junk):
    text = f"Maria Lopez opened the new library on Saturday.\n\n{junk}\n"
    names = [p["name"] for p in people_of(text)]
    assert junk not in names


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        (
            '"We did it," Superintendent Maria Delgado told parents on Tuesday.\n',
            "Maria Delgado",
            "superintendent",
        ),
        (
            "House Minority Leader Walter Pryce voted against the bill.\n",
            "Walter Pryce",
            "house minority leader",
        ),
        ("Police Chief Renee Okafor said the station would reopen.\n", "Renee Okafor", "police chief"),
        ("The ruling was signed by Judge Harold Birch on Monday.\n", "Harold Birch", "judge"),
    ],
)
def test_job_titles_stripped_into_role(text, name, role):
    people = {p["name"]: p for p in people_of(text)}
    assert name in people, people
    assert people[name]["role"] == role


def test_town_used_as_a_team_is_not_a_person():
    text = (
        "MILLBROOK — Millbrook High School won the league title on Friday.\n"
        "Millbrook erased a 10-point deficit in the last quarter, and the Millbrook fans "
        "stormed the court. Coach Dana Price praised her players.\n"
    )
    names = [p["name"] for p in people_of(text)]
    assert "Millbrook" not in names
    assert "Dana Price" in names


def _per(text, *names):
    """PER mentions at the first occurrence of each name at or after the previous one."""
    from archiver.tagging.entities import Mention

    mentions, pos = [], 0
    for name in names:
        start = text.index(name, pos)
        mentions.append(Mention("PER", start, start + len(name), name, 0.9))
        pos = start + len(name)
    return mentions


@pytest.mark.parametrize(
    ("text", "names", "full"),
    [
        (
            "Luther Jones spoke first. Later Jones left. Then Martin Luther Jones arrived.\n",
            ("Luther Jones", "Jones", "Martin Luther Jones"),
            "Martin Luther Jones",
        ),
        (
            "Smith said yes. John Smith agreed. Mary John Smith disagreed.\n",
            ("Smith", "John Smith", "Mary John Smith"),
            "Mary John Smith",
        ),
    ],
)
def test_chained_merges_keep_every_span(text, names, full):
    people = tag_people(text, _per(text, *names))
    assert [p["name"] for p in people] == [full]
    person = people[0]
    assert person["mentions"] == len(names)
    assert sorted(text[s:e] for s, e in person["spans"]) == sorted(names)
    assert sorted(person["aliases"]) == sorted(n for n in names if n != full)


@pytest.mark.parametrize(
    ("mention", "name", "role"),
    [
        ("Prime Minister Boris Johnson", "Boris Johnson", "prime minister"),
        ("Foreign Minister Ann Linde", "Ann Linde", "foreign minister"),
        ("Minister Ann Linde", "Ann Linde", "minister"),
    ],
)
def test_minister_titles_keep_their_qualifier(mention, name, role):
    from archiver.tagging.entities import Mention
    from archiver.tagging.people import _clean

    text = f"On Monday {mention} spoke.\n"
    start = text.index(mention)
    cleaned, s, e, got_role = _clean(Mention("PER", start, start + len(mention), mention, 0.9))
    assert (cleaned, text[s:e], got_role) == (name, name, role)


@pytest.mark.parametrize(
    "text, name, role",
    [
        ("The bill passed.\nSen. Marta Quill said the vote was close.", "Marta Quill", "senator"),
        ("Gov. Dana Whitcombe signed the order on Friday.", "Dana Whitcombe", "governor"),
        ("Lt. Gov. Ana Ruiz chaired the meeting.", "Ana Ruiz", "lieutenant governor"),
        ("Rep. Owen Pratt voted against it.", "Owen Pratt", "representative"),
        ("Residents were told to stay inside, Dr. Ellen Park said.", "Ellen Park", "doctor"),
        ("Lt. Marcus Bell of the fire department led the crews.", "Marcus Bell", "lieutenant"),
        ("House Speaker Rosa Delgado called a recess.", "Rosa Delgado", "house speaker"),
    ],
)
def test_abbreviated_titles_give_the_person_and_the_role(text, name, role):
    people = {p["name"]: p for p in people_of(text)}
    assert name in people
    assert people[name]["role"] == role


@pytest.mark.parametrize(
    "text, name, affiliation",
    [
        ("Sen. Marta Quill, D-Maine, said the vote was close.", "Marta Quill", "D-Maine"),
        ("Rep. Owen Pratt (R-Ky.) voted against it.", "Owen Pratt", "R-Ky."),
    ],
)
def test_party_tag_is_the_persons_affiliation(text, name, affiliation):
    people = {p["name"]: p for p in people_of(text)}
    assert people[name]["affiliation"] == affiliation
