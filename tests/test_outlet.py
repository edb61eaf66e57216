"""The outlet registry and the publisher detector (archiver.tagging.outlet)."""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest

from archiver.tagging.outlet import (
    KINDS,
    Home,
    OutletMatch,
    detect_outlet,
    is_outlet_name,
    lookup_outlet,
    registry,
)

BODY = "The town council voted 5-2 on Tuesday to repave Main Street before winter.\n"


def _raw_registry() -> dict:
    text = resources.files("archiver.data").joinpath("outlets.json").read_text("utf-8")
    return json.loads(text)


# --- the registry ----------------------------------------------------------------------------


def test_registry_is_large_with_unique_names_and_valid_fields():
    raw = _raw_registry()
    assert "_meta" in raw and raw["_meta"]["source"]
    outlets = raw["outlets"]
    assert len(outlets) >= 300
    names = [o["name"].casefold() for o in outlets]
    assert len(names) == len(set(names))
    domains = [d for o in outlets for d in o["domains"]]
    assert len(domains) == len(set(domains))
    for o in outlets:
        assert o["kind"] in KINDS, o["name"]
        assert isinstance(o["aliases"], list)
        for d in o["domains"]:
            assert d == d.lower() and not d.startswith("www.") and "/" not in d, d
        home = o["home"]
        assert home is None or re.fullmatch(r"[A-Z]{2}", home["country"]), o["name"]


def test_registry_signatures_compile():
    for o in _raw_registry()["outlets"]:
        for sig in o.get("signatures", ()):
            if sig.startswith("re:"):
                re.compile(sig[3:])


def test_registry_loads_as_outlets():
    outlets = registry()
    assert len(outlets) >= 300
    assert registry() is outlets  # loaded once


def test_home_of_nbc_connecticut():
    home = lookup_outlet("NBC Connecticut").home
    assert isinstance(home, Home)
    assert (home.admin1, home.country) == ("Connecticut", "US")
    assert home.city in {"Hartford", "West Hartford"}
    assert 41 < home.lat < 42.2 and -73.2 < home.lon < -72.4


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("NBC Connecticut", "NBC Connecticut"),
        ("nbcconnecticut.com", "NBC Connecticut"),
        ("WVIT", "NBC Connecticut"),
        ("the associated press", "Associated Press"),
        ("AP", "Associated Press"),
        ("https://www.reuters.com/world/x", "Reuters"),
        ("news.nationalpost.com", "National Post"),
        ("The Courant", "Hartford Courant"),
        ("Some Blog Nobody Reads", None),
        ("", None),
    ],
)
def test_lookup_outlet(query, name):
    outlet = lookup_outlet(query)
    assert (outlet.name if outlet else None) == name


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("CNN", True),
        ("cnn", True),
        ("The New York Times", True),
        ("new york times", True),
        ("BBC", True),
        ("Mark Boughton", False),
        ("Danbury", False),
    ],
)
def test_is_outlet_name(name, expected):
    assert is_outlet_name(name) is expected


# --- given and url ---------------------------------------------------------------------------


def test_given_wins_over_url_and_text():
    text = "LONDON (Reuters) - Prices rose.\n" + BODY
    match = detect_outlet(text, given="NBC Connecticut", url="https://www.cnn.com/x")
    assert match.to_json() == {
        "name": "NBC Connecticut",
        "domain": "nbcconnecticut.com",
        "kind": "tv",
        "how": "given",
        "evidence": "NBC Connecticut",
        "confidence": 1.0,
    }
    assert match.home.admin1 == "Connecticut"


def test_unknown_given_name_is_kept():
    match = detect_outlet(BODY, given="The Bantam Bugle")
    assert (match.name, match.domain, match.how, match.confidence) == (
        "The Bantam Bugle",
        None,
        "given",
        1.0,
    )
    assert match.home is None


def test_given_domain():
    match = detect_outlet(BODY, given="www.Courant.com")
    assert (match.name, match.domain, match.how) == ("Hartford Courant", "courant.com", "given")


@pytest.mark.parametrize(
    ("url", "name", "domain"),
    [
        ("https://www.nbcconnecticut.com/news/local/x/123/", "NBC Connecticut", "nbcconnecticut.com"),
        ("http://news.nationalpost.com/news/world/x", "National Post", "news.nationalpost.com"),
        ("https://money.cnn.com/2016/12/01/x.html", "CNN", "money.cnn.com"),
        ("nyti.ms/2abcdef", "The New York Times", "nyti.ms"),
        ("https://WWW.BBC.CO.UK/news/uk-1", "BBC News", "bbc.co.uk"),
        ("https://www.bantambugle.example/story/1", None, "bantambugle.example"),
    ],
)
def test_url(url, name, domain):
    match = detect_outlet("LONDON (Reuters) - Prices rose.\n" + BODY, url=url)
    assert (match.name, match.domain, match.how, match.evidence) == (name, domain, "url", url)
    assert 0 < match.confidence <= 1


def test_url_parent_domain_is_less_sure_than_exact_host():
    exact = detect_outlet(BODY, url="https://nationalpost.com/x")
    parent = detect_outlet(BODY, url="https://news.nationalpost.com/x")
    assert exact.name == parent.name == "National Post"
    assert parent.confidence < exact.confidence


def test_url_without_host_falls_back_to_text():
    match = detect_outlet("LONDON (Reuters) - Prices rose.\n" + BODY, url="not a url")
    assert (match.name, match.how) == ("Reuters", "text")


# --- evidence in the text --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "evidence"),
    [
        ("HARTFORD, Conn. (AP) — " + BODY, "Associated Press", "HARTFORD, Conn. (AP) —"),
        ("Pothole season\nLONDON (Reuters) - " + BODY, "Reuters", "LONDON (Reuters) -"),
        ("GLASGOW, Ky. (WBKO) -- " + BODY, "WBKO", "GLASGOW, Ky. (WBKO) --"),
        ("WASHINGTON (RNS) Church leaders met.\n" + BODY, "Religion News Service", "WASHINGTON (RNS)"),
        (
            BODY + "NBC Connecticut spoke with a shop owner who opposed the plan.\n",
            "NBC Connecticut",
            "NBC Connecticut spoke with",
        ),
        (BODY + "The Courant has learned that the vote was delayed.\n", "Hartford Courant", None),
        (BODY + "Story continues.\n© 2024 The New York Times Company\n", "The New York Times", None),
        (BODY + "Follow NBC Connecticut on Instagram\n", "NBC Connecticut", None),
        ("By Jane Roe, Associated Press\n" + BODY, "Associated Press", "By Jane Roe, Associated Press"),
        ("By JANE ROE Associated Press\n" + BODY, "Associated Press", None),
        (BODY + "CNN's Jane Roe and John Doe contributed to this report.\n", "CNN", None),
        (BODY + "(Reporting by Jane Roe; Editing by John Doe)\n", "Reuters", None),
        (BODY + "Records obtained by The Associated Press show delays.\n", "Associated Press", None),
    ],
)
def test_text_evidence(text, name, evidence):
    match = detect_outlet(text)
    assert match is not None
    assert (match.name, match.how) == (name, "text")
    assert match.evidence in text
    if evidence is not None:
        assert match.evidence == evidence
    assert 0.5 <= match.confidence < 1


def test_copyright_of_a_group_picks_the_member_the_text_names():
    text = (
        BODY
        + "NBC Connecticut will update this story.\n"
        + "Copyright 2024 NBCUniversal Media, LLC. All rights reserved.\n"
    )
    assert detect_outlet(text).name == "NBC Connecticut"


def test_more_evidence_means_more_confidence():
    one = detect_outlet(BODY + "NBC Connecticut spoke with the mayor.\n")
    two = detect_outlet(BODY + "NBC Connecticut spoke with the mayor.\nFollow NBC Connecticut on X\n")
    assert two.confidence > one.confidence


@pytest.mark.parametrize(
    "text",
    [
        BODY,
        BODY + "The mayor told CNN on Sunday that he would not run again.\n",
        BODY + "According to The New York Times, the contract was never signed.\n",
        BODY + "In an interview with Fox News, the governor defended the plan.\n",
        BODY + "The collapse was first reported by Reuters.\n",
        BODY + "Smith, who spoke with The Washington Post, declined to comment further.\n",
        BODY + "according to documents obtained by The New York Times, the plan stalled.\n",
        BODY + "The Associated Press contributed to this report.\n",
        BODY + "He read The Guardian and watched BBC every morning.\n",
        "(Photo: Jane Roe)\n" + BODY,
        BODY + "Downing Street has confirmed that troops are on standby.\n",
        BODY + "A report obtained by Agence France-Presse and Reuters says the dam leaks.\n",
        # A group's copyright names no outlet unless the text names one of its members.
        BODY + "Copyright 2024 NBCUniversal Media, LLC. All rights reserved.\n",
        "",
    ],
)
def test_cited_outlets_and_no_evidence_give_none(text):
    assert detect_outlet(text) is None


def test_dateline_credit_only_counts_near_the_top():
    text = BODY * 20 + "LONDON (Reuters) - A late paragraph.\n"
    assert detect_outlet(text) is None


def test_to_json_key_order():
    match = detect_outlet("LONDON (Reuters) - " + BODY)
    assert isinstance(match, OutletMatch)
    assert list(match.to_json()) == ["name", "domain", "kind", "how", "evidence", "confidence"]
    json.dumps(match.to_json())


def test_masthead_line_of_a_page_paste_names_the_publisher():
    text = (
        "Skip to content\nNBC Connecticut\nMenu\nCity Hall Closes Early\n\nThe city closed early on Friday.\n"
    )
    match = detect_outlet(text)
    assert match is not None and match.name == "NBC Connecticut" and match.how == "text"
    assert match.evidence == "NBC Connecticut"


@pytest.mark.parametrize(
    "text, name",
    [
        ("Roads shut\n\nBy Jane Hollis\nBBC News, Cumbria\n\nRoads were shut on Monday.\n", "BBC News"),
        ("Budget row\n\nBy Tom Reed\nPolitical editor, BBC News\n\nMinisters argued.\n", "BBC News"),
        ("Floods hit the south\n\nLe Monde with AFP\n\nHeavy rain flooded towns in the south.\n", "Le Monde"),
        (
            "Council approves budget\n\nThe council approved the budget on Monday.\n\n"
            "This story was originally published by ProPublica.\n",
            "ProPublica",
        ),
    ],
)
def test_bylines_and_credit_lines_name_the_outlet(text, name):
    match = detect_outlet(text)
    assert match is not None and match.name == name


def test_removed_page_footer_still_names_the_outlet():
    from archiver.inputs.normalize import normalize_article
    from archiver.tagging import removed_furniture, tag_article

    raw = (
        "Gales bring down trees\n\nGales brought down trees across the valley on Sunday, and crews "
        "worked through the night to clear the roads.\n\nFollow BBC Cumbria on Facebook\n"
    )
    norm = normalize_article(raw)
    assert "Follow BBC" not in norm.text
    tags = tag_article(norm.text, furniture=removed_furniture(norm.changes))
    assert tags["outlet"]["name"] == "BBC News"
