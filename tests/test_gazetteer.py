"""The gazetteer: lookups by name and id, priors, aliases, demonyms."""

import time

import pytest

from archiver.tagging import gazetteer


@pytest.mark.parametrize(
    ("name", "kind", "country", "admin1"),
    [
        ("Danbury", "city", "US", "Connecticut"),
        ("danbury", "city", "US", "Connecticut"),
        ("Connecticut", "admin1", "US", "Connecticut"),
        ("Conn.", "admin1", "US", "Connecticut"),
        ("U.S.", "country", "US", None),
        ("USA", "country", "US", None),
        ("United States of America", "country", "US", None),
        ("Britain", "country", "GB", None),
        ("UK", "country", "GB", None),
        ("Holland", "country", "NL", None),
        ("Ivory Coast", "country", "CI", None),
        ("Sao Paulo", "city", "BR", None),
        ("São Paulo", "city", "BR", None),
        ("Europe", "continent", None, None),
        ("Middle East", "region", None, None),
        ("New York", "city", "US", "New York"),
        ("Paris", "city", "FR", None),
        # A province skipped under its big city's name keeps its abbreviation.
        ("Que.", "admin1", "CA", None),
        ("Madrid", "city", "ES", None),
    ],
)
def test_lookup_best_prior(name, kind, country, admin1):
    best = gazetteer.lookup(name)[0]
    assert (best.kind, best.country, best.admin1) == (kind, country, admin1)


def test_lookup_lists_namesakes_best_first():
    places = gazetteer.lookup("Springfield")
    assert len(places) > 5
    assert all(p.name == "Springfield" for p in places[:5])
    assert {"Illinois", "Missouri", "Massachusetts"} <= {p.admin1 for p in places}


def test_georgia_is_both_a_country_and_a_state():
    kinds = {(p.kind, p.country) for p in gazetteer.lookup("Georgia")}
    assert {("country", "GE"), ("admin1", "US")} <= kinds


@pytest.mark.parametrize("name", ["Nowhereville Junction", "", "Mexican"])
def test_unknown_names(name):
    assert gazetteer.lookup(name) == []
    assert not gazetteer.contains(name)


def test_contains_and_get_round_trip():
    assert gazetteer.contains("Danbury")
    danbury = next(p for p in gazetteer.lookup("Danbury") if p.admin1 == "Connecticut")
    assert gazetteer.get(danbury.geonames_id) == danbury
    assert danbury.lat == pytest.approx(41.39, abs=0.05)
    assert danbury.lon == pytest.approx(-73.45, abs=0.05)
    with pytest.raises(KeyError):
        gazetteer.get(1)


@pytest.mark.parametrize(
    ("word", "country"),
    [("Mexican", "MX"), ("Mexicans", "MX"), ("French", "FR"), ("Dominican", "DO"), ("Kurdish", None),
     ("Danbury", None), ("Mexico", None)],
)
def test_demonym(word, country):
    assert gazetteer.demonym(word) == country


@pytest.mark.parametrize(
    ("word", "expected"),
    [("Kurdish", True), ("Americans", True), ("Philippines", False), ("Laos", False), ("Texas", False)],
)
def test_is_demonym(word, expected):
    assert gazetteer.is_demonym(word) is expected


@pytest.mark.parametrize(("abbreviation", "state"), [("CT", "Connecticut"), ("Conn.", "Connecticut"),
                                                     ("Calif.", "California"), ("N.Y.", "New York"),
                                                     ("Va.", "Virginia"), ("XX", None)])
def test_us_state(abbreviation, state):
    place = gazetteer.us_state(abbreviation)
    assert (place.name if place else None) == state


@pytest.mark.parametrize(("raw", "key"), [("Côte d’Ivoire", "cote divoire"), ("U.S.", "us"),
                                          ("  Winston-Salem ", "winston salem"), ("ZÜRICH", "zurich")])
def test_normalize_key(raw, key):
    assert gazetteer.normalize_key(raw) == key


def test_place_is_frozen():
    place = gazetteer.lookup("London")[0]
    with pytest.raises(AttributeError):
        place.name = "Londres"  # type: ignore[misc]


def test_loads_fast_in_a_fresh_process():
    import subprocess
    import sys

    code = ("import time; from archiver.tagging import gazetteer as g; t = time.perf_counter(); "
            "g.lookup('London'); print(time.perf_counter() - t)")
    seconds = float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                   check=True).stdout)
    assert seconds < 1.0  # generous: ~60 ms on an idle machine; CI machines are shared


def test_lookup_is_fast_once_loaded():
    gazetteer.lookup("Danbury")
    start = time.perf_counter()
    for _ in range(1000):
        gazetteer.lookup("Danbury")
    assert time.perf_counter() - start < 0.5


def test_starts_longer_name():
    assert gazetteer.starts_longer_name("new")
    assert gazetteer.starts_longer_name("united")
    assert not gazetteer.starts_longer_name("danbury")


def test_get_with_the_name_finds_the_place_without_the_id_map(monkeypatch):
    data = gazetteer._data()
    monkeypatch.setattr(data, "by_id", None)
    by_name = gazetteer.get(5128581, "New York")
    assert data.by_id is None  # found among the name's entries: no scan of every row
    assert by_name.name == "New York City" and by_name.country == "US"
    assert gazetteer.get(5128581) is by_name  # the id map (built now) gives the same place


def test_get_by_id_of_a_place_already_built_needs_no_id_map(monkeypatch):
    data = gazetteer._data()
    monkeypatch.setattr(data, "by_id", None)
    place = gazetteer.lookup("Danbury")[0]  # as the tagger resolves a place
    assert gazetteer.get(place.geonames_id) is place  # as the index asks for it afterwards
    assert data.by_id is None  # no scan of every row


def test_get_with_a_short_form_of_the_name_needs_no_id_map(monkeypatch):
    data = gazetteer._data()
    monkeypatch.setattr(data, "by_id", None)
    city = [p for p in gazetteer.lookup("Neptune City") if p.country == "US"][0]
    gazetteer._ROW_OF_ID.pop(city.geonames_id, None)
    assert gazetteer.get(city.geonames_id, "Neptune") is city  # an outlet's home as outlets.json writes it
    assert data.by_id is None


def test_every_ap_state_abbreviation_names_its_state():
    from archiver.tagging.gazetteer import US_AP_ABBREVIATIONS, US_POSTAL, us_state

    for code, forms in US_AP_ABBREVIATIONS.items():
        for form in forms:
            place = us_state(form)
            assert place is not None and place.name == US_POSTAL[code], form


def test_state_abbreviations_keep_their_period_in_the_tokenizer():
    from archiver.tagging.entities import TOKEN_RE

    tokens = TOKEN_RE.findall("AUSTIN, Tex. (AP) — Crews from Scranton, Penna., helped.")
    assert "Tex." in tokens and "Penna." in tokens
