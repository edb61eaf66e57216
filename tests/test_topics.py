"""The topic tagger on short articles written for these tests."""

from __future__ import annotations

import time

import pytest

from archiver.tagging import topics

IMMIGRATION = """City Pledges to Work With Immigration Agents

The mayor said the city police will cooperate with ICE only on criminal cases. Many immigrants
in the neighbourhood fear deportation, and advocates said undocumented immigrants are afraid
to report crimes. Federal immigration officials declined to comment on the enforcement plans.
"""
FOOTBALL = """United Snatch Late Win

The striker scored twice in the second half as United came from behind to beat their rivals
2-1 in the Premier League. The goalkeeper saved a penalty before the break, and the manager
praised the midfielders after the match. The win lifts the club to third in the table.
"""
EARNINGS = """Retailer Profits Beat Forecasts

The supermarket chain reported quarterly earnings above analysts' expectations, with pre-tax
profit up 12% to $1.2bn on higher sales. Its shares rose 4% on the stock exchange, and the
chief executive said the company would raise its dividend for the fiscal year.
"""
ELECTION = """Opposition Leads in Final Poll Before Vote

Voters go to the polls on Thursday in a general election that the opposition party is tipped
to win. The prime minister spent the last day of the campaign in marginal constituencies, and
the candidates held a final televised debate. Turnout is expected to be high.
"""
FLU = """Flu Outbreak Closes Schools

Health officials confirmed 40 new cases of influenza on Monday as the outbreak spread to two
more towns. Hospitals reported a rise in patients with symptoms, and doctors urged residents
to get vaccinated. The virus is spreading faster than in previous winters, the health ministry said.
"""
PHONE = """New Smartphone Goes on Sale

The company unveiled its latest smartphone with a faster processor, a better camera and more
storage. The handset runs the new version of its operating system and software, and users can
download apps from the online store. Analysts expect strong demand for the device among gadget fans.
"""
FILM = """Stars Turn Out for Premiere

Hollywood actors walked the red carpet on Saturday for the premiere of the director's new film.
The movie, a sequel to the box office hit, stars an Oscar-winning actress and opens in cinemas
next week. Critics praised the screenplay and the soundtrack.
"""
BUDGET = """Chancellor Raises Fuel Duty in Budget

The chancellor told MPs that the budget deficit would fall next year as he raised fuel duty and
cut income tax for lower earners. Public borrowing is forecast to shrink as economic growth picks
up, and the Treasury expects inflation to stay close to the central bank's target. Business
groups welcomed the cut in corporation tax but warned that interest rates may have to rise.
"""
CONSOLE = """New Games Console Launches Before Christmas

The handheld console goes on sale next month with a faster processor, a wide screen and wireless
play between machines. Gamers queued outside shops for the launch, and the maker said it would
ship two million units. Developers have written more than twenty games for it, and the device can
also play music and video downloaded from a computer.
"""
CRIME_BILL = """MPs Back Tougher Knife Crime Bill

The home secretary said the bill would give police new powers to search for knives, as MPs
voted by a large majority to send it to the House of Lords. The shadow home secretary said the
legislation did not go far enough, while Liberal Democrat MPs called for more officers on the
streets. The bill now faces its second reading in the Lords.
"""
SHOP_OWNER = """Neighbours Stand by Man Facing Deportation

Neighbours gathered outside the county jail on Sunday for a man held by immigration agents last
week. He came to the country as a child, runs a small business on Main Street and pays his tax,
his lawyer said. Immigration officials said he had been ordered deported years ago, and
advocates for immigrants asked the mayor to speak up for him before the deportation hearing.
"""
FLOOD = """Thousands Evacuated as River Bursts Its Banks

Heavy rain caused severe flooding across the valley overnight, forcing thousands of residents
from their homes. Rescue teams used boats to reach people trapped by the floodwater, and the
emergency services said the flood defences had been overwhelmed.
"""

FRAUD_TRIAL = """Former Finance Chief Admits Accounting Fraud

The former chief financial officer of a telecoms company pleaded guilty in court on Tuesday to
accounting fraud and securities fraud. Prosecutors told the jury that the executives had hidden
losses and inflated profits to prop up the share price. He faces up to ten years in prison.
"""
DRUG_FIRM = """Drugmaker Shares Fall After Trial Setback

Shares in the drugmaker fell 8% after a late-stage trial of its arthritis drug showed no benefit
for patients. The pharmaceutical company said sales of the medicine would miss forecasts, and
doctors said the side effects seen in the study were mild.
"""
STORM_INSURERS = """Storms Cost Insurers Record Sum

Hurricanes and floods made last year the costliest on record for insurers, a reinsurer said.
Insured losses from natural disasters reached $40bn, and insurance claims after the hurricane
season pushed up premiums for policyholders along the coast.
"""
BALLET = """Young Dancers Turn Their Backs on Ballet

Fewer children are taking ballet classes, a dance school survey found, as computer games and
after-school sport compete for their time. The ballet company's principal dancers said the
discipline and long hours of coaching put many young dancers off.
"""
TORY_SCIENCE = """Tory Leader Backs Research

The Tory leader said scientists must be free to pursue stem cell research, and told a party
meeting at Westminster that politicians should not stand in the way of medical research that
could cure disease.
"""


@pytest.mark.parametrize(
    "text, branch, code",
    [
        (IMMIGRATION, "14000000", "20000771"),
        (FOOTBALL, "15000000", "20001065"),
        (EARNINGS, "04000000", None),
        (ELECTION, "11000000", None),
        (FLU, "07000000", None),
        (PHONE, "13000000", None),
        (FILM, "01000000", "20000005"),
        (FLOOD, "03000000", None),
        # macroeconomic words belong to the economy even when politicians speak them
        (BUDGET, "04000000", None),
        # a games machine is a technology product, not entertainment
        (CONSOLE, "13000000", None),
        # a crime story framed by MPs, a bill and the Lords is a political story
        (CRIME_BILL, "11000000", None),
        (SHOP_OWNER, "14000000", "20000771"),
        # legal words about a company's books, shares and executives: business news
        (FRAUD_TRIAL, "04000000", None),
        # a drug maker's shares and sales: business, however many patients are mentioned
        (DRUG_FIRM, "04000000", None),
        # what storms cost insurers: business, not the disaster itself
        (STORM_INSURERS, "04000000", None),
        # ballet is an art, whatever stray words (computer games, sport, coaching) it meets
        (BALLET, "01000000", "20000008"),
        # a party leader on science is a political story
        (TORY_SCIENCE, "11000000", None),
    ],
)
def test_leading_topic(text, branch, code):
    found = topics.tag_topics(text)
    assert found
    lead = found[0]
    model = topics._load_model()
    lead_code = lead["code"].removeprefix("medtop:")
    top = model.chain[model.codes.index(lead_code)][-1]
    assert model.codes[top] == branch, found
    if code:
        assert lead_code == code, found


ALL = [
    IMMIGRATION,
    FOOTBALL,
    EARNINGS,
    ELECTION,
    FLU,
    PHONE,
    FILM,
    FLOOD,
    BUDGET,
    CONSOLE,
    CRIME_BILL,
    SHOP_OWNER,
    FRAUD_TRIAL,
    DRUG_FIRM,
    STORM_INSURERS,
    BALLET,
    TORY_SCIENCE,
]


@pytest.mark.parametrize("text", ALL)
def test_topic_shape_and_hierarchy(text):
    found = topics.tag_topics(text)
    model = topics._load_model()
    assert 1 <= len(found) <= topics.MAX_TOPICS
    assert len({t["code"] for t in found}) == len(found)
    for topic in found:
        assert list(topic) == ["code", "label", "path", "score", "evidence"]
        assert topic["code"].startswith("medtop:")
        index = model.codes.index(topic["code"].removeprefix("medtop:"))
        assert topic["label"] == model.labels[index]
        assert topic["path"] == [model.labels[n] for n in reversed(model.chain[index])]
        assert topic["path"][-1] == topic["label"]
        assert 0.0 < topic["score"] <= 1.0
        assert round(topic["score"], 3) == topic["score"]
        assert 1 <= len(topic["evidence"]) <= topics.MAX_EVIDENCE
        lowered = text.lower()
        for word in topic["evidence"]:
            assert word.lower().split()[0] in lowered


def test_immigration_story_names_enforcement_and_local_government():
    codes = [t["code"] for t in topics.tag_topics(IMMIGRATION)]
    assert codes[0] == "medtop:20000771"
    assert any(c in codes for c in ("medtop:20000129", "medtop:20000133"))


def test_stray_words_make_no_second_branch():
    # "business" and "tax" once each in an immigration story are not an economy topic
    paths = [t["path"][0] for t in topics.tag_topics(SHOP_OWNER)]
    assert "economy, business and finance" not in paths


def test_learned_token_has_a_merged_record():
    # a token met for the first time is resolved once, exact and prefix terms merged
    model = topics._load_model()
    model.learn([b"consoles"])
    record, _phrases = model.useful[b"consoles"]
    assert record is not None
    pairs, weights, _strong, tops, _backed, _certain = record
    assert dict(pairs) == weights
    assert all(model.parent[t] < 0 for t in tops)


@pytest.mark.parametrize(
    "text, phrase",
    [
        ("The chief executives met the board.", "chief executives"),
        ("Interest rates rose again on Thursday.", "interest rates"),
    ],
)
def test_phrases_are_found_with_prefix_endings(text, phrase):
    found = topics.tag_topics(text)
    assert any(phrase in t["evidence"] for t in found), found


def test_title_counts_more():
    body = "The council met on Tuesday. The striker scored a goal in the match."
    as_sport = topics.tag_topics(body, title="Cup final won in extra time")
    assert as_sport[0]["path"][0] == "sport"


@pytest.mark.parametrize("text", ["", "   \n  ", "Lorem ipsum dolor sit amet."])
def test_nothing_to_say(text):
    assert topics.tag_topics(text) == []


def test_every_lexicon_code_is_an_iptc_code():
    assert topics._load_model().unknown_codes == []


def test_fast_enough():
    text = (FLU + EARNINGS + ELECTION + FOOTBALL + BUDGET + CONSOLE) * 2
    topics.tag_topics(text)
    start = time.perf_counter()
    for _ in range(50):
        topics.tag_topics(text)
    # generous bound: a shared test machine; the real budget is measured by tools/eval_topics.py
    assert (time.perf_counter() - start) / 50 < 0.01


def test_vocabulary_file_reads_codes_weights_and_continued_terms():
    text = "# a comment\nmedtop 15000000\n2: sport*, club,\n    league table\n\n# another\n4: goalkeeper\n"
    assert topics.read_vocabulary(text) == [
        ("15000000", 2.0, "sport*, club, league table"),
        ("15000000", 4.0, "goalkeeper"),
    ]


@pytest.mark.parametrize("text", ["2: sport\n", "medtop 15000000\n    club\n", "medtop 15000000\nsport\n"])
def test_vocabulary_file_rejects_lines_out_of_place(text):
    with pytest.raises(ValueError, match="line"):
        topics.read_vocabulary(text)


def test_packaged_vocabulary_passes_its_check():
    import subprocess
    import sys
    from pathlib import Path

    tool = Path(__file__).resolve().parent.parent / "tools" / "check_topic_vocabulary.py"
    run = subprocess.run([sys.executable, str(tool)], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert ": OK" in run.stdout


# Issue 10: a single weak trigger word must not name a topic by itself.
GOLF_KING = """Mixed Day for Local Golfers

King finished two shots behind the leaders after a steady final round on Sunday. The club
champion said the greens were fast.
"""
RALLY = "Crowds in the Square\n\nThousands attended the rally on Saturday."


def _labels(found: list[dict]) -> list[str]:
    return [label for t in found for label in t["path"]]


def test_one_weak_word_names_no_topic():
    assert "head of state" not in _labels(topics.tag_topics(GOLF_KING))
    assert "politics and government" not in _labels(topics.tag_topics(GOLF_KING))
    assert topics.tag_topics(GOLF_KING)[0]["path"][0] == "sport"
    assert topics.tag_topics(RALLY) == []  # "rally" alone is not a markets story


def test_a_weak_word_with_corroboration_still_names_its_topic():
    text = "Shares Rally\n\nShares rallied on Monday and the stock market rally lifted investors' hopes."
    assert topics.tag_topics(text)[0]["path"][:2] == ["economy, business and finance", "market and exchange"]
    royal = "Royal Visit\n\nThe king and the queen opened the new bridge; the monarch spoke to the crowd."
    assert "head of state" in _labels(topics.tag_topics(royal))


def test_a_branch_of_many_weak_hints_can_lead():
    text = (
        "Veteran Runner Seeks Title\n\nShe won the race last year and was beaten into fourth the year "
        "before; the winner's title and a record are at stake in the run, she said."
    )
    assert topics.tag_topics(text)[0]["path"][0] == "sport"
