"""Search is exact: counts, facets and timelines equal a brute-force count over the sidecars, ranking
sees every match, places and outlets are entities, and dates mean publication."""

from __future__ import annotations

import datetime
import random
from collections import Counter
from dataclasses import replace

import pytest

from archiver.index.query import SearchRequest
from archiver.index.tantivy_engine import TantivyEngine, rebuild_index
from archiver.timeline import build_timeline

PLACES = {  # geonames id: (name, kind, country, admin1)
    2988507: ("Paris", "city", "FR", None),
    4717560: ("Paris", "city", "US", "Texas"),
    614540: ("Georgia", "country", "GE", None),
    4197000: ("Georgia", "admin1", "US", "Georgia"),
    4832353: ("Danbury", "city", "US", "Connecticut"),
    3017382: ("France", "country", "FR", None),
}
OUTLETS = [
    ("Associated Press", "apnews.com"),
    ("Reuters", "reuters.com"),
    ("NBC Connecticut", "nbcconnecticut.com"),
]
PEOPLE = ["Mark Boughton", "Jane Roe", "Peter Kamau", "Dana Whitcomb"]
ORGS = ["City Council", "Red Cross", "Acme Widgets"]
TOPICS = [
    ("medtop:20000771", "immigration"),
    ("medtop:04000000", "economy"),
    ("medtop:06000000", "environment"),
]
WORDS = ["zebra", "quokka", "walrus", "council", "harbor"]


def place(gid: int) -> dict:
    name, kind, country, admin1 = PLACES[gid]
    return {"name": name, "kind": kind, "country": country, "admin1": admin1, "geonames_id": gid}


def sidecar(
    i: int, *, text_words, outlet=None, places=(), people=(), orgs=(), topics=(), published=None, title=""
):
    sc = {
        "id": f"{i:016x}",
        "title": title or f"Story {i}",
        "published": published,
        "locations": [place(g) for g in places],
        "people": [{"name": p} for p in people],
        "organizations": [{"name": o} for o in orgs],
        "topics": [{"code": c, "label": label} for c, label in topics],
        "digests": {"raw": f"sha256:{i:064x}", "normalized": f"sha256:{i + 10**6:064x}"},
    }
    if outlet:
        sc["outlet"] = {"name": outlet[0], "domain": outlet[1]}
    return sc, " ".join(text_words) + " filler text about the day."


def random_corpus(n: int, seed: int = 7):
    rng = random.Random(seed)
    items = []
    for i in range(n):
        words = rng.sample(WORDS, rng.randint(1, 3))
        published = None
        if rng.random() > 0.15:
            day = datetime.date(2023, 1, 1) + datetime.timedelta(days=rng.randint(0, 800))
            published = f"{day.isoformat()}T{rng.randint(0, 23):02d}:00:00-05:00"
        items.append(
            sidecar(
                i,
                text_words=words,
                outlet=rng.choice(OUTLETS) if rng.random() > 0.1 else None,
                places=rng.sample(sorted(PLACES), rng.randint(0, 2)),
                people=rng.sample(PEOPLE, rng.randint(0, 2)),
                orgs=rng.sample(ORGS, rng.randint(0, 1)),
                topics=rng.sample(TOPICS, rng.randint(0, 2)),
                published=published,
            )
        )
    return items


@pytest.fixture
def engine(tmp_path):
    eng = TantivyEngine.open(tmp_path / "arch")
    yield eng
    eng.close()


@pytest.fixture
def corpus(engine):
    items = random_corpus(400)
    for start in range(0, len(items), 150):  # several commits: several segments to merge counts over
        engine.add_articles(items[start : start + 150])
    return items


class _Archive:
    """What build_timeline needs of an archive, over a bare engine."""

    def __init__(self, engine):
        self.engine = engine

    def day_counts(self, request, split=None, top=10):
        return self.engine.buckets(request, split, top)


def brute(items, word=None, outlet=None, person=None, since=None, until=None):
    out = []
    for sc, text in items:
        # A plain search also finds the names an article is tagged with ("City Council").
        tagged = " ".join(o["name"] for o in sc["organizations"]).lower().split()
        if word and word not in text.split() + tagged:
            continue
        if outlet and (sc.get("outlet") or {}).get("name") != outlet:
            continue
        if person and person not in [p["name"] for p in sc["people"]]:
            continue
        day = datetime.date.fromisoformat(sc["published"][:10]) if sc["published"] else None
        if (since or until) and day is None:
            continue
        if since and day < since:
            continue
        if until and day > until:
            continue
        out.append(sc)
    return out


CASES = [
    ({}, {}),
    ({"query": "zebra"}, {"word": "zebra"}),
    ({"query": "quokka", "outlet": "Reuters"}, {"word": "quokka", "outlet": "Reuters"}),
    ({"person": "Jane Roe"}, {"person": "Jane Roe"}),
    (
        {"query": "walrus", "since": datetime.date(2024, 1, 1)},
        {"word": "walrus", "since": datetime.date(2024, 1, 1)},
    ),
    (
        {"since": datetime.date(2023, 6, 1), "until": datetime.date(2023, 6, 30)},
        {"since": datetime.date(2023, 6, 1), "until": datetime.date(2023, 6, 30)},
    ),
]


@pytest.mark.parametrize("req,expect", CASES)
def test_counts_equal_a_brute_force_count(engine, corpus, req, expect):
    result = engine.search(SearchRequest(**req, limit=5))
    assert result.total == len(brute(corpus, **expect))
    assert result.total_exact and result.ranked_within is None and not result.facets_sampled


@pytest.mark.parametrize("req,expect", CASES[:4])
def test_facets_equal_a_brute_force_count(engine, corpus, req, expect):
    facets = engine.search(SearchRequest(**req, facets=True, limit=1)).facets
    matched = brute(corpus, **expect)
    truth = {
        "outlet": Counter(sc["outlet"]["name"] for sc in matched if sc.get("outlet")),
        "person": Counter(p["name"] for sc in matched for p in sc["people"]),
        "organization": Counter(o["name"] for sc in matched for o in sc["organizations"]),
        "topic": Counter(t["label"] for sc in matched for t in sc["topics"]),
        "location": Counter(place_display(p) for sc in matched for p in sc["locations"]),
    }
    for name, counts in truth.items():
        assert dict(facets[name]) == dict(counts.most_common(10)), name


def place_display(p: dict) -> str:
    if p["name"] == "Georgia" and p["kind"] == "admin1":
        return "Georgia (US)"
    if p["name"] == "Paris":
        return "Paris (Texas, US)" if p["country"] == "US" else "Paris (FR)"
    return p["name"]


@pytest.mark.parametrize("by", ["day", "week", "month", "year"])
def test_timeline_equals_a_brute_force_count(engine, corpus, by):
    from archiver.timeline import period_label

    tl = build_timeline(_Archive(engine), SearchRequest(query="council"), by=by)
    matched = brute(corpus, word="council")
    truth = Counter(
        period_label(datetime.date.fromisoformat(sc["published"][:10]), by)
        for sc in matched
        if sc["published"]
    )
    assert {p: n for p, n in zip(tl.periods, tl.series[0][1], strict=True) if n} == dict(truth)
    assert tl.undated == sum(1 for sc in matched if not sc["published"])
    assert tl.total == len(matched)
    assert tl.series[0][0] == "all" and tl.periods == sorted(tl.periods)


def test_timeline_split_by_outlet_is_exact(engine, corpus):
    tl = build_timeline(_Archive(engine), SearchRequest(), by="year", split="outlet", top=2)
    dated = [sc for sc in brute(corpus) if sc["published"] and sc.get("outlet")]
    per_outlet = Counter(sc["outlet"]["name"] for sc in dated)
    assert [label for label, _ in tl.series] == [name for name, _ in per_outlet.most_common(2)]
    for label, counts in tl.series:
        truth = Counter(sc["published"][:4] for sc in dated if sc["outlet"]["name"] == label)
        assert dict(zip(tl.periods, counts, strict=True)) == {p: truth.get(p, 0) for p in tl.periods}


@pytest.mark.parametrize("top", [1, 2, 3])
def test_timeline_split_by_a_many_valued_tag_is_exact(engine, corpus, top):
    """People are several to an article: the days of each top person count every article naming
    them, whoever else it names (the split asks for the top values first, then their days)."""
    tl = build_timeline(_Archive(engine), SearchRequest(), by="year", split="person", top=top)
    dated = [sc for sc in brute(corpus) if sc["published"]]
    per_person = Counter(p["name"] for sc in dated for p in sc["people"])
    ranked = per_person.most_common()
    assert {label for label, _ in tl.series} <= {name for name, n in ranked if n >= ranked[top - 1][1]}
    assert len(tl.series) == top
    for label, counts in tl.series:
        truth = Counter(sc["published"][:4] for sc in dated if label in [p["name"] for p in sc["people"]])
        assert dict(zip(tl.periods, counts, strict=True)) == {p: truth.get(p, 0) for p in tl.periods}
        assert sum(counts) == per_person[label]


def test_the_most_relevant_article_is_found_when_it_is_the_oldest_of_15000_matches(tmp_path):
    def fill(engine):
        best = sidecar(0, text_words=["budget"] * 8, published="2001-01-01", title="Budget budget")
        engine.add_articles([best])
        batch = []
        for i in range(1, 15_000):
            words = ["budget"] + ["meeting"] * 40
            batch.append(sidecar(i, text_words=words, published=f"2024-{1 + i % 12:02d}-01"))
            if len(batch) == 5000:
                engine.add_articles(batch)
                batch = []
        engine.add_articles(batch)

    engine = rebuild_index(tmp_path / "arch", fill)
    result = engine.search(SearchRequest(query="budget", limit=3))
    assert result.total == 15_000
    assert result.hits[0].id == f"{0:016x}"
    newest = engine.search(SearchRequest(query="budget", sort="oldest", limit=1))
    assert newest.hits[0].id == f"{0:016x}"
    engine.close()


def test_paris_is_under_france_and_paris_texas_is_not(engine):
    engine.add_articles(
        [
            sidecar(1, text_words=["x"], places=[2988507]),
            sidecar(2, text_words=["x"], places=[4717560]),
            sidecar(3, text_words=["x"], places=[4832353]),
        ]
    )

    def ids(**req):
        return sorted(int(h.id, 16) for h in engine.search(SearchRequest(**req, limit=10)).hits)

    assert ids(location="France") == [1]
    assert ids(location="FR") == [1]
    assert ids(query="location:France") == [1]
    assert ids(location="Paris, Texas") == [2]
    assert ids(query='location:"Paris, Texas"') == [2]
    assert ids(location="geonames:4717560") == [2]
    assert ids(location="Texas") == [2]
    assert ids(location="Connecticut") == [3]
    assert ids(location="US") == [2, 3]
    assert ids(location="Paris") == [1, 2]
    assert ids(location=("Paris", "Texas")) == [2]  # repeated --location: both must match


def test_georgia_the_country_and_the_state_are_two_rows(engine):
    engine.add_articles(
        [
            sidecar(1, text_words=["x"], places=[614540]),
            sidecar(2, text_words=["x"], places=[614540]),
            sidecar(3, text_words=["x"], places=[4197000]),
        ]
    )
    facets = engine.search(SearchRequest(facets=True)).facets
    assert facets["location"] == [("Georgia", 2), ("Georgia (US)", 1)]
    assert engine.search(SearchRequest(location="geonames:4197000")).total == 1


def test_one_place_under_two_spellings_is_one_row(engine):
    us = {"name": "U.S.", "kind": "country", "country": "US", "geonames_id": 6252001}
    a, _ = sidecar(1, text_words=["x"])
    b, _ = sidecar(2, text_words=["x"])
    a["locations"] = [us]
    b["locations"] = [{**us, "name": "United States"}]
    engine.add_articles([(a, "x"), (b, "x")])
    assert engine.search(SearchRequest(facets=True)).facets["location"] == [("United States", 2)]


def test_outlet_alias_finds_the_outlet(engine):
    engine.add_articles(
        [
            sidecar(1, text_words=["x"], outlet=("Associated Press", "apnews.com")),
            sidecar(2, text_words=["x"], outlet=("AP", "")),
            sidecar(3, text_words=["x"], outlet=("Reuters", "reuters.com")),
        ]
    )
    for value in ("AP", "ap", "apnews.com", "Associated Press"):
        hits = engine.search(SearchRequest(outlet=value)).hits
        assert sorted(h.id for h in hits) == [f"{1:016x}", f"{2:016x}"], value
    assert engine.search(SearchRequest(facets=True)).facets["outlet"][0] == ("Associated Press", 2)


def test_undated_articles_never_match_a_date_filter_and_sort_last(engine):
    engine.add_articles(
        [
            sidecar(1, text_words=["harbor"], published="2026-03-01"),
            sidecar(2, text_words=["harbor"], published=None),
            sidecar(3, text_words=["harbor"], published="2025-01-05"),
        ]
    )
    since = engine.search(SearchRequest(query="harbor", since=datetime.date(2026, 1, 1)))
    assert [h.id for h in since.hits] == [f"{1:016x}"]
    assert engine.search(SearchRequest(query="harbor", until=datetime.date(2030, 1, 1))).total == 2
    assert [h.id for h in engine.search(SearchRequest(undated=True)).hits] == [f"{2:016x}"]
    for sort in ("newest", "oldest"):
        assert engine.search(SearchRequest(query="harbor", sort=sort)).hits[-1].id == f"{2:016x}"
    tl = build_timeline(_Archive(engine), SearchRequest(query="harbor"), by="year")
    assert (tl.periods, tl.series[0][1], tl.undated, tl.total) == (["2025", "2026"], [1, 1], 1, 3)


@pytest.mark.parametrize("sort", ["relevance", "newest", "oldest"])
def test_every_hit_streams_in_order_without_a_cap(engine, corpus, monkeypatch, sort):
    monkeypatch.setattr("archiver.index.tantivy_engine.STREAM_PAGE", 7)
    req = SearchRequest(query="council", sort=sort, limit=0)
    streamed = list(engine.iter_hits(req))
    assert len(streamed) == len({h.id for h in streamed}) == len(brute(corpus, word="council"))
    if sort != "relevance":
        dated = [h.published for h in streamed if h.published]
        assert [h for h in streamed[len(dated) :] if h.published] == []  # undated last
        keys = [h.published[:19] for h in streamed[: len(dated)]]
        assert keys == sorted(keys, reverse=sort == "newest")
    else:
        scores = [h.score for h in streamed]
        assert scores == sorted(scores, reverse=True)


def test_search_hits_carry_id_title_outlet_published_snippet(engine, corpus):
    hit = engine.search(SearchRequest(query="zebra", limit=1)).hits[0]
    assert hit.id and hit.title.startswith("Story") and "zebra" in hit.snippet.lower()
    assert [hit.snippet[a:b].lower() for a, b in hit.highlights][0] == "zebra"


def test_rebuild_swaps_whole_and_a_killed_rebuild_leaves_the_old_index(tmp_path):
    import multiprocessing
    import os

    root = tmp_path / "arch"
    old = TantivyEngine.open(root)
    old.add_articles([sidecar(1, text_words=["walrus"])])
    old.close()

    def die(engine):
        engine.add_articles([sidecar(2, text_words=["walrus"])])
        os._exit(9)

    p = multiprocessing.get_context("fork").Process(target=rebuild_index, args=(root, die))
    p.start()
    p.join()
    assert p.exitcode == 9
    engine = TantivyEngine.open(root)
    assert engine.search(SearchRequest(query="walrus")).total == 1
    engine.close()

    def fill(new_engine):
        new_engine.add_articles([sidecar(3, text_words=["walrus"]), sidecar(4, text_words=["walrus"])])
        reader = TantivyEngine.open(root)  # a search while the rebuild runs sees the old index whole
        assert reader.search(SearchRequest(query="walrus")).total == 1
        reader.close()

    new = rebuild_index(root, fill)
    assert new.search(SearchRequest(query="walrus")).total == 2
    assert len(list((root / "index").glob("gen-*"))) == 1  # the half-built and the old are gone
    new.close()


def test_bad_split_and_period_are_usage_errors(engine):
    from archiver.errors import UsageError

    with pytest.raises(UsageError):
        build_timeline(_Archive(engine), SearchRequest(), by="fortnight")
    with pytest.raises(UsageError):
        build_timeline(_Archive(engine), replace(SearchRequest()), split="mood")
