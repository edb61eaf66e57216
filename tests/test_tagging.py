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
