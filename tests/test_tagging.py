"""The tag_article orchestrator: how the pieces combine on short articles written for the tests."""

from __future__ import annotations

import pytest

from archiver.inputs.normalize import normalize_article
from archiver.tagging import tag_article
from tests.articles import DANBURY


def tags_of(text: str, **kw) -> dict:
    norm = normalize_article(text)
    return tag_article(norm.text, title=norm.title, dateline=norm.dateline, byline=list(norm.byline), **kw)


def names(items) -> list[str]:
    return [x["name"] for x in items]


@pytest.mark.parametrize("byline", ["By Paris Holloway", "By PARIS HOLLOWAY, Associated Press"])
def test_byline_names_are_neither_story_people_nor_places(byline):
    text = (
        f"Storm Knocks Out Power Across Vermont\n\n{byline}\n\n"
        "MONTPELIER, Vt. — Thousands of homes lost power on Sunday, Governor Ellen Tate said.\n"
    )
    tags = tags_of(text)
    assert "Paris" not in names(tags["locations"])
    assert not any("Holloway" in n for n in names(tags["people"]))
    assert "Ellen Tate" in names(tags["people"])


def test_danbury_article_end_to_end():
    tags = tags_of(DANBURY)
    places = {p["name"]: p for p in tags["locations"]}
    assert places["Danbury"]["admin1"] == "Connecticut" and places["Danbury"]["country"] == "US"
    assert places["Danbury"]["focus"] is True
    people = {p["name"]: p for p in tags["people"]}
    assert "Mark Boughton" in people and people["Mark Boughton"]["role"] == "mayor"
    assert "Boughton" in people["Mark Boughton"]["aliases"]
    assert "Jane Roe" not in people  # the byline
    assert any("ICE" in [o["name"], *o["aliases"]] for o in tags["organizations"])
    assert "medtop:20000771" in [
        t["code"] for t in tags["topics"][:2]
    ]  # immigration, beside local government
    assert tags["outlet"]["name"] == "The Associated Press" or tags["outlet"]["domain"] == "apnews.com"


def test_given_outlet_and_url_win():
    tags = tags_of(DANBURY, outlet="NBC Connecticut")
    assert tags["outlet"]["name"] == "NBC Connecticut" and tags["outlet"]["how"] == "given"
    tags = tags_of(
        "Quiet day\n\nNothing happened in Hartford today.\n", url="https://www.nbcconnecticut.com/x"
    )
    assert tags["outlet"]["domain"] == "nbcconnecticut.com" and tags["outlet"]["how"] == "url"


def _same_place(surface: str, item: dict) -> bool:
    from archiver.tagging import gazetteer

    ids = {p.geonames_id for p in gazetteer.lookup(surface)}
    state = gazetteer.us_state(surface)
    return item.get("geonames_id") in ids or (
        state is not None and state.geonames_id == item.get("geonames_id")
    )


def test_spans_point_at_the_text():
    text = normalize_article(DANBURY).text
    tags = tag_article(text)
    for field in ("locations", "people", "organizations"):
        assert tags[field], f"no {field} tagged in the Danbury story"
        for item in tags[field]:
            forms = {item["name"].lower(), *(a.lower() for a in item.get("aliases", []))}
            assert item["spans"], f"{field} {item['name']!r} has no span"
            for start, end in item["spans"]:
                assert 0 <= start < end <= len(text)
                found = text[start:end].lower()
                # A person's later mentions may be the surname alone ("Boughton" for Mark Boughton);
                # a place may be written in any form the gazetteer knows for it ("Conn.").
                assert (
                    found in forms
                    or (field == "people" and item["name"].lower().endswith(found))
                    or (field == "locations" and _same_place(text[start:end], item))
                ), f"{field} {item['name']!r}: span {start}-{end} reads {text[start:end]!r}"


def test_party_tag_is_not_a_place():
    tags = tags_of("Budget vote slips\n\nSen. Marta Quill, D-Maine, said the vote would slip to June.\n")
    assert not any("Maine" in n for n in names(tags["locations"]))
    assert next(p for p in tags["people"] if p["name"] == "Marta Quill")["affiliation"] == "D-Maine"


def test_a_persons_surname_is_not_also_a_place():
    text = (
        "Library opens on the South Side\n\n"
        "Former President Barack Obama returned to Chicago on Monday to open the library. "
        "Obama told the crowd the neighbourhood had shaped him. Anne Hidalgo, the mayor of Paris, "
        "sent a message, and Hidalgo later posted a photo.\n"
    )
    tags = tags_of(text)
    places = {p["name"]: p for p in tags["locations"]}
    assert "Obama" not in places and "Hidalgo" not in places
    assert places["Paris"]["country"] == "FR"  # a world city, not Paris, Illinois
    assert places["Chicago"]["admin1"] == "Illinois"


def test_a_first_name_before_a_surname_is_not_a_city():
    tags = tags_of("Fair draws crowds\n\nThe fair drew big crowds, reporter Mary Johnson wrote on Sunday.\n")
    assert "Mary" not in names(tags["locations"])


def test_state_named_beside_the_city_wins():
    text = (
        "Bridge tolls debated\n\nOregon officials met in Portland on Tuesday to discuss tolls. "
        "Drivers from Vancouver, Washington, would pay most of the cost, and lawmakers in Salem must agree.\n"
    )
    places = {p["name"]: p for p in tags_of(text)["locations"]}
    assert places["Oregon"]["kind"] == "admin1"
    assert places["Portland"]["admin1"] == "Oregon"
    assert places["Salem"]["admin1"] == "Oregon"


def test_dateline_country_wins_over_the_us_state():
    text = (
        "Protest in the capital\n\nTBILISI, Georgia (AP) — Thousands rallied outside parliament on "
        "Sunday. The protest was the largest in Georgia in years, police said.\n"
    )
    places = {p["name"]: p for p in tags_of(text)["locations"]}
    assert places["Georgia"]["kind"] == "country" and places["Georgia"]["country"] == "GE"


def test_outlet_home_city_resolves_a_bare_name():
    text = "Ferry fares rise\n\nFerry fares in Portland will rise in May, the city council decided.\n"
    places = {p["name"]: p for p in tags_of(text, outlet="Portland Press Herald")["locations"]}
    assert places["Portland"]["admin1"] == "Maine"


def test_local_geography_is_typed_not_people_or_organizations():
    text = (
        "Flooding closes roads\n\nGAINESVILLE, Ga. — Heavy rain closed Brenwick Avenue and several roads "
        "in Hall County on Friday, and the water rose near Lake Tolliver. \"We have never seen this,\" "
        "said Bill Reyes, a Madison County extension agent. A hiker was rescued from Mount Carrow, and "
        "patients were moved to Northeast Georgia Hospital.\n"
    )
    tags = tags_of(text)
    places = {p["name"]: p for p in tags["locations"]}
    assert places["Brenwick Avenue"]["kind"] == "street"
    assert places["Hall County"]["kind"] == "county" and places["Hall County"]["admin1"] == "Georgia"
    assert places["Madison County"]["kind"] == "county"
    assert places["Lake Tolliver"]["kind"] == "water"
    assert places["Mount Carrow"]["kind"] == "landform"
    assert places["Northeast Georgia Hospital"]["kind"] == "facility"
    others = names(tags["people"]) + names(tags["organizations"])
    assert not set(places) & set(others)
    assert all(p["confidence"] > 0 for p in tags["locations"])


def test_hospital_is_an_organization_when_it_acts():
    tags = tags_of("Clinic hours change\n\nRiverside Hospital said on Monday it would close its clinic.\n")
    assert "Riverside Hospital" not in names(tags["locations"])


def test_city_teams_in_a_sports_story_are_organizations():
    text = (
        "Canucks win in overtime\n\nVANCOUVER, British Columbia — The Vancouver Canucks beat Calgary 3-2 "
        "in overtime on Saturday in a league game. The coach said the team scored twice late.\n"
    )
    tags = tags_of(text)
    assert "Calgary" not in names(tags["locations"])
    assert "Calgary" in names(tags["organizations"])


def test_city_before_a_club_name_joins_the_club_in_a_sports_story():
    from archiver.tagging.entities import Mention
    from archiver.tagging.labels import reconcile_mentions

    text = "The Vancouver Canucks beat the Oilers 3-2 in overtime; the coach said the team scored late."
    at = text.index("Canucks")
    found = reconcile_mentions(text, [Mention("ORG", at, at + 7, "Canucks", 0.9)])
    assert [(m.label, m.text) for m in found] == [("ORG", "Vancouver Canucks")]


def test_all_caps_dateline_and_headline_words_are_not_organizations():
    text = (
        "Snowy Weekend Ahead For Hartford Area\n\nHARTFORD, Conn. — Forecasters expect a foot of "
        "snow in Hartford this weekend, Mayor Luke Bronin said.\n"
    )
    orgs = names(tags_of(text)["organizations"])
    assert "HARTFORD" not in orgs and "Snowy" not in orgs


def test_people_republic_possessive_is_one_country_name():
    text = "Trade talks resume\n\nThe People's Republic of China said on Monday that talks would resume.\n"
    places = {p["name"]: p for p in tags_of(text)["locations"]}
    assert places["People's Republic of China"]["country"] == "CN"


def test_a_results_table_names_clubs_not_cities():
    text = (
        "RUGBY UNION - WEEKEND RESULTS\n\nResults of rugby union matches in the national league on "
        "Saturday:\nRedbridge 31 Gloucester 12\nOldfield 20 Bristol 24\nCoaches said after the "
        "victory over Gloucester that the season was young.\n"
    )
    tags = tags_of(text)
    assert not {"Gloucester", "Bristol"} & set(names(tags["locations"]))
    assert {"Gloucester", "Bristol"} <= set(names(tags["organizations"]))


def test_a_city_before_a_players_position_is_the_club():
    from archiver.tagging.entities import Mention
    from archiver.tagging.labels import reconcile_mentions

    text = "The coach named Sunderland forward Niall Quinn in the team for the match; the league resumes."
    at = text.index("Sunderland")
    found = reconcile_mentions(text, [Mention("LOC", at, at + 10, "Sunderland", 0.9)])
    assert [(m.label, m.text) for m in found] == [("ORG", "Sunderland")]


def test_a_place_name_with_a_lower_case_particle_is_one_place():
    tags = tags_of("Cholera spreads\n\nNew cases were reported in Dar es Salaam on Monday, officials said.\n")
    places = {p["name"]: p for p in tags["locations"]}
    assert places["Dar es Salaam"]["country"] == "TZ"
    assert "Dar" not in places and "Salaam" not in places


def test_a_landmark_is_a_place_not_a_person():
    text = "Tourists return\n\nVisitors queued at the Eiffel Tower on Sunday as the summer season opened.\n"
    tags = tags_of(text)
    assert "Eiffel Tower" not in names(tags["people"])
    assert {p["name"]: p for p in tags["locations"]}["Eiffel Tower"]["kind"] == "landmark"


def test_a_dateline_without_a_state_is_in_the_outlets_home_state():
    # AP style: a paper leaves the state off for towns of its own state. Norwalk, California is
    # larger, but a Connecticut paper's "NORWALK —" is Norwalk, Connecticut.
    text = (
        "Harbor dredging to begin\n\nNORWALK — Dredging of the channel in the harbor will begin in "
        "October, officials said on Tuesday.\n"
    )
    local = {p["name"]: p for p in tags_of(text, outlet="Hartford Courant")["locations"]}
    assert local["NORWALK"]["admin1"] == "Connecticut"
    bare = {p["name"]: p for p in tags_of(text)["locations"]}
    assert bare["NORWALK"]["admin1"] == "California"  # with no outlet, the larger namesake
