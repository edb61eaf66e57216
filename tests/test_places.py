"""Place tagging and resolution on short articles written for these tests.

The recogniser is another module's job; these tests hand ``tag_locations`` the LOC
mentions a perfect recogniser would give, so they pin resolution, not recognition.
"""

import re
from dataclasses import dataclass

import pytest

from archiver.tagging.places import tag_locations


@dataclass(frozen=True)
class Mention:
    label: str
    start: int
    end: int
    text: str
    score: float = 0.95


@dataclass(frozen=True)
class Home:
    city: str | None
    admin1: str | None
    country: str | None
    geonames_id: int | None = None
    lat: float | None = None
    lon: float | None = None


def mentions(text, *names, label="LOC"):
    out = []
    for name in names:
        for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text):
            out.append(Mention(label, m.start(), m.end(), name))
    return sorted(out, key=lambda m: m.start)


def by_name(places):
    return {p["name"]: p for p in places}


DANBURY = (
    "Danbury Mayor Backs Federal Agents\n"
    "DANBURY, Conn. (AP) — The mayor of Danbury said the city will keep working with federal "
    "agents. A Mexican immigrant who owns a restaurant in Danbury said business is down. Another "
    "owner, originally from the Dominican Republic, said clients are nervous across Connecticut.\n"
)


def test_danbury_resolves_to_connecticut():
    names = ("Danbury", "DANBURY", "Conn.", "Mexican", "Dominican Republic", "Connecticut")
    places = by_name(tag_locations(DANBURY, mentions(DANBURY, *names)))
    danbury = places.get("Danbury") or places["DANBURY"]
    assert (danbury["kind"], danbury["country"], danbury["admin1"]) == ("city", "US", "Connecticut")
    assert danbury["geonames_id"] == 4832353
    assert danbury["focus"] is True
    assert places["Dominican Republic"]["country"] == "DO"
    assert places["Connecticut"]["kind"] == "admin1"
    assert "Mexican" not in places and not any(p["country"] == "MX" for p in places.values())


def test_dateline_found_in_text_without_mentions():
    text = "Budget vote delayed\nHARTFORD, Conn. (AP) — Lawmakers put off a vote on the budget.\n"
    places = by_name(tag_locations(text, []))
    assert places["HARTFORD"]["admin1"] == "Connecticut"
    assert places["HARTFORD"]["focus"] is True
    assert places["Conn."]["kind"] == "admin1"


@pytest.mark.parametrize(
    ("text", "names", "country", "admin1"),
    [
        ("The festival in Paris, Texas, drew crowds from Dallas and across the state.",
         ("Paris", "Texas", "Dallas"), "US", "Texas"),
        ("Museums in Paris reopened on Monday, the French culture ministry said, while Lyon and "
         "Marseille waited. France has had a hard year.",
         ("Paris", "Lyon", "Marseille", "France"), "FR", None),
    ],
)
def test_paris(text, names, country, admin1):
    paris = by_name(tag_locations(text, mentions(text, *names)))["Paris"]
    assert (paris["country"], paris["admin1"]) == (country, admin1)


def test_springfield_with_illinois_context():
    text = ("Lawmakers returned to Springfield on Tuesday. The Illinois budget fight is in its second "
            "month, and Chicago schools wait for money.")
    places = by_name(tag_locations(text, mentions(text, "Springfield", "Illinois", "Chicago")))
    assert places["Springfield"]["admin1"] == "Illinois"


@pytest.mark.parametrize(
    ("text", "names", "kind", "country"),
    [
        ("Storms hit Georgia overnight. In Atlanta, power was out for thousands, and Savannah "
         "flooded.", ("Georgia", "Atlanta", "Savannah"), "admin1", "US"),
        ("Protesters filled the streets of Tbilisi as Georgia's parliament voted. Neighbouring "
         "Armenia watched closely.", ("Tbilisi", "Georgia", "Armenia"), "country", "GE"),
    ],
)
def test_georgia_state_or_country(text, names, kind, country):
    georgia = by_name(tag_locations(text, mentions(text, *names)))["Georgia"]
    assert (georgia["kind"], georgia["country"]) == (kind, country)


@pytest.mark.parametrize(
    ("text", "names", "country", "admin1"),
    [
        ("Police in Alexandria, Va., closed King Street after a water main broke.",
         ("Alexandria", "Va."), "US", "Virginia"),
        ("Ferries between Alexandria and Port Said were cancelled as storms hit Egypt's coast, "
         "officials in Cairo said.", ("Alexandria", "Port Said", "Egypt", "Cairo"), "EG", None),
    ],
)
def test_alexandria(text, names, country, admin1):
    alexandria = by_name(tag_locations(text, mentions(text, *names)))["Alexandria"]
    assert (alexandria["country"], alexandria["admin1"]) == (country, admin1)


def test_home_region_breaks_ties():
    text = "A new bridge opened in Springfield on Friday after two years of work."
    home = Home("Boston", "Massachusetts", "US")
    places = tag_locations(text, mentions(text, "Springfield"), home=home)
    assert places[0]["admin1"] == "Massachusetts"


@pytest.mark.parametrize("word", ["Mexican", "French", "Kurdish", "Americans"])
def test_demonyms_are_not_places(word):
    text = f"The {word} delegation arrived on Monday."
    assert tag_locations(text, mentions(text, word)) == []


def test_spans_point_at_the_text():
    text = "Flooding in Houston, Texas, closed roads. Houston officials said Texas would help."
    for place in tag_locations(text, mentions(text, "Houston", "Texas")):
        assert place["spans"], place
        for start, end in place["spans"]:
            assert text[start:end] == place["name"]
        assert place["mentions"] == len(place["spans"]) == 2


def test_unmarked_repeats_of_a_place_are_counted():
    text = "The mayor of Danbury spoke. Danbury's schools open Monday. People in Danbury cheered."
    first = text.index("Danbury")
    places = tag_locations(text, [Mention("LOC", first, first + 7, "Danbury")])
    assert places[0]["mentions"] == 3


def test_recall_of_countries_the_recogniser_missed():
    text = "Talks between officials from Norway and Chile ended without a deal."
    places = by_name(tag_locations(text, []))
    assert places["Norway"]["country"] == "NO" and places["Chile"]["country"] == "CL"


def test_currency_and_diseases_are_not_places():
    text = "The US$5 million fund will fight West Nile virus, officials said."
    assert tag_locations(text, mentions(text, "West Nile")) == []


def test_unknown_place_kept_only_when_the_recogniser_is_sure():
    text = "Fighting broke out in Qaryat al-Zubda on Sunday."
    sure = tag_locations(text, [Mention("LOC", 22, 37, "Qaryat al-Zubda", 0.9)])
    unsure = tag_locations(text, [Mention("LOC", 22, 37, "Qaryat al-Zubda", 0.2)])
    assert sure[0]["geonames_id"] is None and sure[0]["name"] == "Qaryat al-Zubda"
    assert 0 < sure[0]["confidence"] < 1
    assert unsure == []


@pytest.mark.parametrize(
    "text, name",
    [
        ("Meanwhile, the council voted to raise fees.", "Meanwhile"),
        ("Furthermore, the plan needs approval.", "Furthermore"),
        ("Cases of Bird Flu were reported again this week.", "Bird Flu"),
        ("The damage of Hurricane Hollis was counted on Monday.", "Hurricane Hollis"),
    ],
)
def test_unknown_name_without_place_evidence_is_not_a_place(text, name):
    start = text.index(name)
    found = tag_locations(text, [Mention("LOC", start, start + len(name), name, 0.9)])
    assert found == []


@pytest.mark.parametrize(
    "text, name",
    [
        ("Crews were sent to the village of Brackwater on Friday.", "Brackwater"),
        ("Families fled the Tamsin refugee camp overnight.", "Tamsin"),
        ("Water was shut off in Upper Quillfield after the break.", "Upper Quillfield"),
        ("Crews worked in Hartford and Wethersby on Friday.", "Wethersby"),
    ],
)
def test_unknown_name_with_place_evidence_is_kept(text, name):
    names = [m for m in (name, "Hartford") if m in text]
    found = by_name(tag_locations(text, mentions(text, *names)))
    assert found[name]["geonames_id"] is None
    assert found[name]["confidence"] > 0


@pytest.mark.parametrize(
    "text, name, kind",
    [
        ("Traffic backed up on Brenwick Avenue after the crash.", "Brenwick Avenue", "street"),
        ("The body was found near Lake Tolliver on Sunday.", "Lake Tolliver", "water"),
        ("Hikers were rescued from Mount Carrow overnight.", "Mount Carrow", "landform"),
        ("Tents went up in Foxley Park for the fair.", "Foxley Park", "landmark"),
    ],
)
def test_local_geography_has_its_kind(text, name, kind):
    found = by_name(tag_locations(text, mentions(text, name)))
    assert found[name]["kind"] == kind and found[name]["confidence"] > 0


def test_us_county_resolves_as_a_county_in_the_story_state():
    text = "ATHENS, Ga. — Deputies in Madison County said the road reopened."
    found = by_name(tag_locations(text, mentions(text, "Madison County")))
    assert found["Madison County"]["kind"] == "county"
    assert found["Madison County"]["admin1"] == "Georgia"


def test_white_house_is_the_building_not_the_tennessee_town():
    text = "The White House said on Monday that talks would resume."
    found = by_name(tag_locations(text, mentions(text, "White House")))
    assert found["White House"]["kind"] == "landmark"
    assert found["White House"]["geonames_id"] is None


def test_focus_marks_the_most_mentioned_place():
    text = ("Council news\nThe council in Stamford met on Monday. Stamford will repave roads, "
            "Stamford officials said, using money from Hartford.")
    places = by_name(tag_locations(text, mentions(text, "Stamford", "Hartford")))
    assert places["Stamford"]["focus"] is True
    assert places["Hartford"]["focus"] is False
    assert places["Stamford"]["admin1"] == places["Hartford"]["admin1"] == "Connecticut"


def test_output_shape():
    text = "Rain fell on Oslo."
    (place,) = tag_locations(text, mentions(text, "Oslo"))
    assert list(place)[:11] == ["name", "kind", "country", "admin1", "geonames_id", "lat", "lon", "mentions",
                                "spans", "confidence", "focus"]
    assert 0 < place["confidence"] <= 1


def test_empty_text():
    assert tag_locations("", []) == []


@pytest.mark.parametrize("label", ["ORG", "MISC"])
def test_a_country_the_recogniser_called_something_else(label):
    text = "Voters waited for the result of the US election on Tuesday."
    start = text.index("US")
    places = by_name(tag_locations(text, [Mention(label, start, start + 2, "US", 0.75)]))
    assert places["US"]["kind"] == "country"


def test_a_sure_organization_keeps_its_name():
    text = "Shares of Georgia rose after the chain reported results."
    start = text.index("Georgia")
    assert tag_locations(text, [Mention("ORG", start, start + 7, "Georgia", 0.95)]) == []


def test_town_named_before_its_state_whatever_its_label():
    text = "The suspect was held in Beaver, West Virginia, on Friday."
    start = text.index("Beaver")
    found = [Mention("PER", start, start + 6, "Beaver", 0.76), *mentions(text, "West Virginia")]
    places = by_name(tag_locations(text, found))
    assert (places["Beaver"]["country"], places["Beaver"]["admin1"]) == ("US", "West Virginia")


def test_town_named_before_its_state_without_a_mention():
    text = "She is survived by a sister, Ann Lee of Hugo, Oklahoma, and two sons."
    places = by_name(tag_locations(text, []))
    assert (places["Hugo"]["country"], places["Hugo"]["admin1"]) == ("US", "Oklahoma")
    assert places["Oklahoma"]["kind"] == "admin1"


def test_canadian_province_abbreviation_as_qualifier():
    text = "She sold her home in Gatineau, Que., and moved to Ottawa."
    places = by_name(tag_locations(text, mentions(text, "Gatineau", "Ottawa")))
    assert places["Que."]["kind"] == "admin1" and places["Que."]["country"] == "CA"
    assert places["Gatineau"]["country"] == "CA"


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("OTTAWA - The home of a farming family was searched on Monday.\nMore later.\n", "OTTAWA", "CA"),
        ("WASHINGTON President Jones signed the bill on Monday.\nMore later.\n", "WASHINGTON", "US"),
    ],
)
def test_dateline_on_the_first_line(text, name, country):
    place = by_name(tag_locations(text, []))[name]
    assert place["country"] == country and place["focus"] is True


def test_headline_with_a_dateline_shape_is_not_a_dateline():
    text = "SOCCER - JAPAN GET LUCKY WIN\nTOKYO 1996-08-30\nJapan won on Friday.\n"
    places = by_name(tag_locations(text, []))
    assert "SOCCER" not in places and places["TOKYO"]["country"] == "JP"


def test_dotted_abbreviation_recalled_without_a_mention():
    text = "Both the B.C. and Alberta governments back the pipeline."
    assert by_name(tag_locations(text, []))["B.C."]["kind"] == "admin1"


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Officers closed North Jackson Highway near the Centre on Sunday.", {"North", "Centre", "Jackson"}),
        ("The Plymouth County Sheriff's Office said the rally in Victoria Park was calm.",
         {"Plymouth", "Victoria"}),
        ("He won a third U.S. Amateur title, as The New York Times reported.", {"U.S.", "New York"}),
    ],
)
def test_words_of_other_names_are_not_recalled(text, absent):
    assert not absent & set(by_name(tag_locations(text, [])))


# False places on ordinary business and local news: each needs evidence beyond a capital letter.
@pytest.mark.parametrize(
    ("text", "loc", "other", "absent"),
    [
        # A big city's name tagged as an organization, with no word that puts the story there.
        ("Oil stocks rose with the price of Brent crude on Tuesday.", (), ("Brent",), "Brent"),
        ("Shares of Orange fell after the results.", (), ("Orange",), "Orange"),
        # An all-caps index name in mixed-case prose is not the French town of Dax.
        ("In Europe, Germany's DAX slipped 0.3 percent on Friday.", ("Europe", "Germany", "DAX"), (), "DAX"),
        # A title-case headline capitalises every word: "Mobile" there is not the Alabama city.
        ("Kenyan Mobile Lender Posts Record Profit\nNAIROBI (Reuters) - A lender in Kenya grew.\n",
         ("Kenya",), (), "Mobile"),
        ("Rome Metro Strike Snarls Commute for Workers\nThe strike in Rome hit buses.\n",
         ("Rome",), (), "Metro"),
        # "Electricity North West" is a company; "North West" alone is a province of two countries.
        ("Electricity North West said 14,000 homes in Cumbria lost power.", ("Cumbria",), (), "North West"),
    ],
)
def test_common_words_need_place_evidence(text, loc, other, absent):
    # The recogniser's hesitant ORG (below the relabel score) is what used to become a city.
    ms = mentions(text, *loc) + [Mention("ORG", m.start, m.end, m.text, 0.55) for m in mentions(text, *other)]
    assert absent not in by_name(tag_locations(text, sorted(ms, key=lambda m: m.start)))


def test_city_tagged_org_after_preposition_is_kept():
    text = "Police said the march in Birmingham ended peacefully."
    start = text.index("Birmingham")
    places = by_name(tag_locations(text, [Mention("ORG", start, start + 10, "Birmingham", 0.5)]))
    assert places["Birmingham"]["country"] == "GB"


@pytest.mark.parametrize(
    ("text", "city", "state"),
    [
        ("Budget vote delayed\nHARTFORD, Conn. (AP) — Connecticut lawmakers put off a vote.\n",
         "HARTFORD", "Connecticut"),
        ("Pension plan passes\nSPRINGFIELD, Ill. (AP) — The Illinois Senate approved a plan.\n",
         "SPRINGFIELD", "Illinois"),
    ],
)
def test_dateline_state_abbreviation_folds_into_named_state(text, city, state):
    places = by_name(tag_locations(text, mentions(text, "Connecticut", "Illinois")))
    assert places[city]["admin1"] == state
    assert places[state]["focus"] is True and places[state]["mentions"] == 2
    assert not any(p["name"].endswith(".") for p in places.values())


# ----------------------------------------------------------------- spans and qualifiers


def test_province_abbreviation_period_does_not_shift_the_span():
    text = "The fire started in Red Deer, Alta. on Monday."
    places = by_name(tag_locations(text, mentions(text, "Red Deer", "Alta")))
    alta = places["Alta."]
    assert alta["spans"] == [[30, 35]] and text[30:35] == "Alta."
    assert places["Red Deer"]["country"] == "CA"
    short = "Alta.\u2028Calgary"
    (place,) = [p for p in tag_locations(short, [Mention("LOC", 0, 4, "Alta")]) if p["name"] == "Alta."]
    assert place["spans"] == [[0, 5]]


def test_full_state_name_ending_a_sentence_is_one_mention():
    text = "The march began in Selma, Alabama."
    places = by_name(tag_locations(text, mentions(text, "Selma")))
    assert "Alabama." not in places
    assert places["Alabama"]["spans"] == [[26, 33]] and places["Alabama"]["mentions"] == 1
    assert places["Selma"]["admin1"] == "Alabama"


def test_dateline_abbreviation_in_capitals_is_one_mention():
    text = "WATERBURY, CONN. (AP) - The mayor of Waterbury spoke on Monday."
    places = tag_locations(text, mentions(text, "WATERBURY", "Waterbury"))
    (conn,) = [p for p in places if p["resolved_name"] == "Connecticut"]
    assert conn["mentions"] == 1 and conn["spans"] == [[11, 16]]


def test_repeat_under_another_label_points_at_the_name():
    text = "Fans came to Danbury on Friday. The Danbury crowd cheered."
    ms = mentions(text, "Danbury")[:1] + [Mention("PER", 32, 43, "The Danbury", 0.5)]
    (danbury,) = [p for p in tag_locations(text, ms) if p["resolved_name"] == "Danbury"]
    assert [text[a:b] for a, b in danbury["spans"]] == ["Danbury", "Danbury"]
    assert danbury["spans"][1] == [36, 43]


@pytest.mark.parametrize(
    "text, names, city, country",
    [
        ("She moved to London, Ontario to study music.", ("London", "Ontario"), "London", "CA"),
        ("He was born in Perth, Scotland in 1950.", ("Perth", "Scotland"), "Perth", "GB"),
        ("The plant in Munich, Bavaria closed.", ("Munich", "Bavaria"), "Munich", "DE"),
    ],
)
def test_qualifier_outside_the_us_picks_the_country(text, names, city, country):
    places = by_name(tag_locations(text, mentions(text, *names)))
    assert places[city]["country"] == country


@pytest.mark.parametrize(
    "text, names",
    [
        ("Alta.\u2028Calgary", ("Alta",)),
        ("The fire started in Red Deer, Alta. on Monday.", ("Red Deer", "Alta")),
        ("The march began in Selma, Alabama.", ("Selma",)),
        ("DANBURY, CONN. (AP) - The Danbury mayor met people from Danbury's schools.", ("DANBURY",)),
        ("Rain in London, Ontario. Then London, England. Then Paris, Texas.", ("London", "Paris")),
        ("The Danbury fair opened in Danbury, Conn. Later Danbury's mayor spoke.", ("Danbury",)),
    ],
)
def test_spans_are_inside_the_text_and_disjoint(text, names):
    per = [Mention("PER", m.start(), m.end(), m.group(), 0.4) for m in re.finditer(r"The Danbury", text)]
    ms = [m for m in mentions(text, *names) if not any(p.start <= m.start < p.end for p in per)] + per
    places = tag_locations(text, sorted(ms, key=lambda m: m.start))
    assert places
    for place in places:
        spans = place["spans"]
        assert place["mentions"] == len(spans)
        for start, end in spans:
            assert 0 <= start < end <= len(text)
        for (_s0, e0), (s1, _e1) in zip(spans, spans[1:], strict=False):
            assert e0 <= s1, (place["name"], spans)


def test_a_list_of_unknown_places_vouches_for_itself():
    text = "Cases were found in Brackwater, Tamsin and Oldmere this week."
    found = by_name(tag_locations(text, mentions(text, "Brackwater", "Tamsin", "Oldmere")))
    assert set(found) == {"Brackwater", "Tamsin", "Oldmere"}
