"""The search index: ranking, snippets, filters, facets, ids, duplicates, concurrency."""

from __future__ import annotations

import datetime
import multiprocessing
import re
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archiver.errors import AmbiguousId, ArchiveError, QuerySyntaxError, RecordNotFound
from archiver.index.query import SearchRequest
from archiver.index.sqlite import Index, clean_snippet, date_key, lead_snippet, normalize_key

D = datetime.date


def make_sidecar(
    id,
    title="Untitled",
    *,
    published="2020-01-01T12:00:00",
    ingested="2024-03-05T12:00:00Z",
    outlet=("NBC Connecticut", "nbcconnecticut.com"),
    locations=(),
    people=(),
    organizations=(),
    topics=(),
    raw=None,
    normalized=None,
):
    """A minimal valid sidecar dict (DESIGN section 5).

    locations: (name, admin1, country, geonames_id); people: (name, aliases); organizations: (name,
    aliases); topics: (code, label, path).
    """
    return {
        "schema": "1",
        "id": id,
        "title": title,
        "byline": [],
        "dateline": None,
        "published": published,
        "ingested": ingested,
        "source": {"path": f"/tmp/{id}.txt"},
        "language": "en",
        "word_count": 100,
        "outlet": {"name": outlet[0], "domain": outlet[1], "how": "given", "confidence": 1.0}
        if outlet
        else None,
        "locations": [
            {"name": n, "kind": "city", "admin1": a, "country": c, "geonames_id": g, "mentions": 1}
            for n, a, c, g in locations
        ],
        "people": [{"name": n, "aliases": list(a), "role": None, "mentions": 1} for n, a in people],
        "organizations": [{"name": n, "aliases": list(a)} for n, a in organizations],
        "topics": [{"code": c, "label": lab, "path": list(p), "score": 0.8} for c, lab, p in topics],
        "duplicates_of": None,
        "digests": {"raw": f"sha256:{raw or id * 4}", "normalized": f"sha256:{normalized or 'n' + id}"},
        "warc": {"file": "warc/2024/03/x.warc.gz", "records": []},
    }


FORECAST = "Sunny spells and a light breeze over the hills, turning cooler by the evening."
FILLER = "The weather was mild and the market was quiet on a day like any other in the region."

DANBURY = ("Danbury", "Connecticut", "US", 4832294)
HARTFORD = ("Hartford", "Connecticut", "US", 4835797)
AUSTIN = ("Austin", "Texas", "US", 4671654)
IMMIGRATION = ("medtop:20000771", "illegal immigration", ("society", "immigration", "illegal immigration"))
ELECTION = ("medtop:20000617", "election", ("politics", "election"))

ARTICLES = [
    (
        make_sidecar(
            "a1b2c3d4e5f60001",
            "Danbury mayor speaks on immigration raids",
            published="2019-03-04T10:00:00-05:00",
            locations=[DANBURY],
            people=[("Mark Boughton", ["Boughton", "Mayor Boughton"])],
            organizations=[("U.S. Immigration and Customs Enforcement", ["ICE"])],
            topics=[IMMIGRATION],
        ),
        "Mayor Mark Boughton said on Monday that federal officers detained four people in the city. "
        + FILLER * 3
        + " Residents gathered at City Hall in the evening.",
    ),
    (
        make_sidecar(
            "a1b2c3d4e5f60002",
            "Hartford council passes budget",
            published="2020-05-01",
            outlet=("Hartford Courant", "www.courant.com"),
            locations=[HARTFORD],
            topics=[ELECTION],
        ),
        "The council voted late on Tuesday. A member from Danbury objected to the budget, which "
        "now goes to the governor. " + FILLER,
    ),
    (
        make_sidecar(
            "b7000000000000003",
            "Austin music festival returns",
            published="2021-06-15T08:00:00Z",
            outlet=("KXAN", "kxan.com"),
            locations=[AUSTIN],
        ),
        "Thousands of visitors came for the music. " + FILLER,
    ),
    (
        make_sidecar(
            "c9000000000000004", "A note with no date", published=None, ingested="2022-02-02T02:02:02Z"
        ),
        "An undated note about the budget of the library. " + FILLER,
    ),
]
# Enough unrelated articles that IDF is positive for the words the tests look for.
FILLERS = [
    (make_sidecar(f"f{i:015d}", f"Forecast {i}", published=f"2018-01-{i + 1:02d}", outlet=None), FORECAST)
    for i in range(12)
]


@pytest.fixture
def index(tmp_path):
    with Index.open(tmp_path / "index.sqlite") as ix:
        ix.add_articles(ARTICLES + FILLERS)
        yield ix


def ids(result):
    return [hit.id for hit in result.hits]


def search(index, query="", **options):
    return index.search(SearchRequest(query=query, **options))


# --- ranking, snippets ---------------------------------------------------------------------------


def test_title_hit_outranks_body_hit(index):
    result = search(index, "budget council")
    assert ids(result)[0] == "a1b2c3d4e5f60002"
    result = search(index, "danbury")
    # 0001 has Danbury in its title (and tags), 0002 only in its body
    assert ids(result) == ["a1b2c3d4e5f60001", "a1b2c3d4e5f60002"]
    assert result.hits[0].score > result.hits[1].score > 0


def test_tagged_name_is_found_without_being_in_the_text(tmp_path):
    with Index.open(tmp_path) as ix:
        ix.add_articles([(make_sidecar("0001", "Mayor speaks", locations=[DANBURY]), "The mayor spoke.")])
        assert ids(search(ix, "danbury")) == ["0001"]


def test_snippet_and_highlights(index):
    hit = search(index, "detained")[0 if False else "hits"][0] if False else search(index, "detained").hits[0]
    assert hit.highlights
    for start, end in hit.highlights:
        assert hit.snippet[start:end].lower() == "detained"
    assert len(hit.snippet.split()) <= 32
    assert hit.snippet.endswith("…")
    assert "\n" not in hit.snippet and "  " not in hit.snippet
    # stemming: "residents gather" highlights "Residents gathered"
    hit = search(index, "residents gather").hits[0]
    marked = [hit.snippet[s:e] for s, e in hit.highlights]
    assert marked == ["Residents", "gathered"]
    assert hit.snippet.startswith("…")


def test_hit_fields(index):
    hit = search(index, "boughton").hits[0]
    assert hit.id == "a1b2c3d4e5f60001"
    assert hit.title == "Danbury mayor speaks on immigration raids"
    assert hit.outlet == "NBC Connecticut"
    assert hit.published == "2019-03-04T10:00:00-05:00"
    assert hit.tags == {
        "people": ["Mark Boughton"],
        "locations": ["Danbury"],
        "organizations": ["U.S. Immigration and Customs Enforcement"],
        "topics": ["illegal immigration"],
    }


def test_listing_snippet_is_the_lead(index):
    hit = search(index, person="Boughton").hits[0]
    assert hit.snippet.startswith("Mayor Mark Boughton said")
    assert hit.snippet.endswith("…") and hit.highlights == []


@pytest.mark.parametrize(
    "query, expected",
    [
        ('"federal officers"', ["a1b2c3d4e5f60001"]),
        ('"officers federal"', []),
        ("immig*", ["a1b2c3d4e5f60001"]),
        ("detain", ["a1b2c3d4e5f60001"]),  # porter stemming
        ("budget -council", ["c9000000000000004"]),
        ("budget OR music", ["a1b2c3d4e5f60002", "b7000000000000003", "c9000000000000004"]),
        ("café", []),
        ("ICE", ["a1b2c3d4e5f60001"]),  # an organization alias in the tags column
        ("title:budget", ["a1b2c3d4e5f60002"]),
        ("title:fest*", ["b7000000000000003"]),
        ('title:"music festival"', ["b7000000000000003"]),
        ("title:budget OR title:music", ["a1b2c3d4e5f60002", "b7000000000000003"]),
    ],
)
def test_text_queries(index, query, expected):
    assert sorted(ids(search(index, query))) == expected


def test_diacritics_are_folded(tmp_path):
    with Index.open(tmp_path) as ix:
        ix.add_articles([(make_sidecar("0001", "Café reopens"), "The café on Main Street reopened.")])
        assert ids(search(ix, "cafe")) == ["0001"]
        assert ids(search(ix, "CAFÉ")) == ["0001"]


# --- field filters -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, expected",
    [
        ('person:"Mark Boughton"', ["a1b2c3d4e5f60001"]),
        ('person:"mark  boughton"', ["a1b2c3d4e5f60001"]),
        ("person:Boughton", ["a1b2c3d4e5f60001"]),  # the surname alone
        ('person:"Mayor Boughton"', ["a1b2c3d4e5f60001"]),  # an alias
        ("person:Mark", []),  # a first name alone does not
        ("person:bough*", ["a1b2c3d4e5f60001"]),
        ("location:Danbury", ["a1b2c3d4e5f60001"]),  # tagged, not body text
        ("place:danbury", ["a1b2c3d4e5f60001"]),
        ("location:Connecticut", ["a1b2c3d4e5f60001", "a1b2c3d4e5f60002"]),  # admin1
        ("location:US", ["a1b2c3d4e5f60001", "a1b2c3d4e5f60002", "b7000000000000003"]),  # country
        ('outlet:"Hartford Courant"', ["a1b2c3d4e5f60002"]),
        ("outlet:courant.com", ["a1b2c3d4e5f60002"]),
        ("outlet:www.courant.com", ["a1b2c3d4e5f60002"]),
        ("outlet:kxan", ["b7000000000000003"]),
        ("topic:immigration", ["a1b2c3d4e5f60001"]),  # an ancestor in the stored path
        ('topic:"illegal immigration"', ["a1b2c3d4e5f60001"]),
        ("topic:medtop:20000771", ["a1b2c3d4e5f60001"]),
        ("topic:20000771", ["a1b2c3d4e5f60001"]),
        ("topic:politics", ["a1b2c3d4e5f60002"]),
        ("org:ICE", ["a1b2c3d4e5f60001"]),
        ("person:Nobody", []),
        ("budget location:Connecticut", ["a1b2c3d4e5f60002"]),
        ("budget -location:Connecticut", ["c9000000000000004"]),
        ("person:Boughton OR outlet:kxan", ["a1b2c3d4e5f60001", "b7000000000000003"]),
        ("music OR person:Boughton", ["a1b2c3d4e5f60001", "b7000000000000003"]),
        ("location:Connecticut -topic:election", ["a1b2c3d4e5f60001"]),
        ("location:US location:Texas", ["b7000000000000003"]),
    ],
)
def test_field_filters(index, query, expected):
    assert sorted(ids(search(index, query))) == expected


def test_matching_ids(index):
    assert index.matching_ids(SearchRequest(query="budget")) == ["a1b2c3d4e5f60002", "c9000000000000004"]
    assert index.matching_ids(SearchRequest(query="person:Nobody")) == []
    assert len(index.matching_ids(SearchRequest())) == 16


def test_options_are_anded_with_the_query(index):
    assert ids(search(index, "budget", location="Connecticut")) == ["a1b2c3d4e5f60002"]
    assert ids(search(index, person="Mark Boughton", topic="immigration")) == ["a1b2c3d4e5f60001"]
    assert ids(search(index, outlet="courant.com", topic="immigration")) == []


def test_negative_only_query_lists_the_rest_newest_first(index):
    result = search(index, "-forecast -budget", limit=100)
    assert ids(result) == ["b7000000000000003", "a1b2c3d4e5f60001"]


# --- dates, sorting, counts --------------------------------------------------------------------------


def test_no_query_lists_newest_first(index):
    result = search(index, limit=3)
    # the undated note sorts by its ingested date (2022-02-02)
    assert ids(result) == ["c9000000000000004", "b7000000000000003", "a1b2c3d4e5f60002"]
    assert result.total == 16


def test_filters_only_rank_newest_first(index):
    assert ids(search(index, "location:US")) == ["b7000000000000003", "a1b2c3d4e5f60002", "a1b2c3d4e5f60001"]


@pytest.mark.parametrize(
    "sort, expected",
    [
        ("newest", ["c9000000000000004", "a1b2c3d4e5f60002"]),
        ("oldest", ["a1b2c3d4e5f60002", "c9000000000000004"]),
    ],
)
def test_sort(index, sort, expected):
    assert ids(search(index, "budget", sort=sort)) == expected


@pytest.mark.parametrize(
    "since, until, expected",
    [
        (D(2019, 3, 4), D(2019, 3, 4), ["a1b2c3d4e5f60001"]),  # published date as written, until inclusive
        (D(2019, 3, 5), None, ["c9000000000000004", "b7000000000000003", "a1b2c3d4e5f60002"]),
        (None, D(2019, 12, 31), ["a1b2c3d4e5f60001"]),
        (D(2022, 2, 2), D(2022, 2, 2), ["c9000000000000004"]),  # undated: its ingested date
    ],
)
def test_since_until(index, since, until, expected):
    result = search(index, "-forecast", since=since, until=until)
    assert ids(result) == expected
    assert result.total == len(expected)


def test_since_until_with_text_and_filter(index):
    assert ids(search(index, "budget", since=D(2020, 1, 1), until=D(2020, 12, 31))) == ["a1b2c3d4e5f60002"]
    assert ids(search(index, "budget", location="Connecticut", since=D(2021, 1, 1))) == []


def test_total_counts_all_matches_beyond_the_limit(index):
    result = search(index, "forecast", limit=2)
    assert len(result.hits) == 2 and result.total == 12
    result = search(index, "forecast", count_only=True)
    assert result.hits == [] and result.total == 12
    assert search(index, location="Connecticut", count_only=True).total == 2


def test_facets_count_all_matching_articles(index):
    result = search(index, "-forecast", limit=1, facets=True)
    assert result.total == 4
    assert result.facets["outlet"] == [("NBC Connecticut", 2), ("Hartford Courant", 1), ("KXAN", 1)]
    assert result.facets["location"] == [("Austin", 1), ("Danbury", 1), ("Hartford", 1)]
    assert result.facets["person"] == [("Mark Boughton", 1)]
    assert result.facets["topic"] == [("election", 1), ("illegal immigration", 1)]
    result = search(index, "budget", facets=True)
    assert result.facets["location"] == [("Hartford", 1)]
    assert search(index, "person:Nobody", facets=True).facets == {
        "outlet": [],
        "location": [],
        "person": [],
        "topic": [],
    }
    assert search(index, "budget").facets is None


# --- ids, storage, duplicates ----------------------------------------------------------------------


def test_resolve_id(index):
    assert index.resolve_id("a1b2c3d4e5f60001") == "a1b2c3d4e5f60001"
    assert index.resolve_id("b7") == "b7000000000000003"
    assert index.resolve_id("C9") == "c9000000000000004"
    with pytest.raises(AmbiguousId, match="a1b2c3d4e5f60001"):
        index.resolve_id("a1b2")
    with pytest.raises(RecordNotFound):
        index.resolve_id("dead")
    with pytest.raises(RecordNotFound):
        index.resolve_id("")


def test_get_ids_count(index):
    assert index.get("a1b2c3d4e5f60001") == ARTICLES[0][0]
    assert index.get("a1b2") is None
    assert index.count() == 16
    assert list(index.ids()) == sorted(s["id"] for s, _ in ARTICLES + FILLERS)


def test_re_adding_replaces(index):
    sidecar = make_sidecar("a1b2c3d4e5f60001", "Retagged title", locations=[AUSTIN], people=[])
    index.add_articles([(sidecar, "Completely new text about rodeos.")])
    assert index.count() == 16
    assert index.get("a1b2c3d4e5f60001")["title"] == "Retagged title"
    assert ids(search(index, "rodeos")) == ["a1b2c3d4e5f60001"]
    assert search(index, "detained").total == 0
    assert search(index, "person:Boughton").total == 0
    assert sorted(ids(search(index, "location:Austin"))) == ["a1b2c3d4e5f60001", "b7000000000000003"]


def test_remove(index):
    assert index.remove("a1b2c3d4e5f60001") is True
    assert index.remove("a1b2c3d4e5f60001") is False
    assert index.count() == 15
    assert search(index, "person:Boughton").total == 0
    assert search(index, "boughton").total == 0


def test_duplicate_digests(index):
    assert index.has_raw_digest("sha256:" + "a1b2c3d4e5f60001" * 4) == "a1b2c3d4e5f60001"
    assert index.has_raw_digest("a1b2c3d4e5f60001" * 4) == "a1b2c3d4e5f60001"
    assert index.has_raw_digest("sha256:0000") is None
    assert index.has_normalized_digest("sha256:nb7000000000000003") == "b7000000000000003"
    assert index.has_normalized_digest("sha256:nothing") is None


def test_stats(index):
    stats = index.stats()
    assert stats["articles"] == 16
    assert stats["undated"] == 1
    assert stats["outlets"] == [("NBC Connecticut", 2), ("Hartford Courant", 1), ("KXAN", 1)]
    assert stats["months"] == [("2018-01", 12), ("2019-03", 1), ("2020-05", 1), ("2021-06", 1)]
    assert stats["topics"] == [("election", 1), ("illegal immigration", 1)]
    assert stats["people"] == [("Mark Boughton", 1)]
    assert stats["locations"] == [("Austin", 1), ("Danbury", 1), ("Hartford", 1)]
    assert stats["organizations"] == [("U.S. Immigration and Customs Enforcement", 1)]


def test_clear_and_optimize(index):
    index.optimize()
    assert search(index, "budget").total == 2
    index.clear()
    assert index.count() == 0
    assert search(index, "budget").total == 0
    index.add_articles(ARTICLES[:1])
    assert ids(search(index, "person:Boughton")) == ["a1b2c3d4e5f60001"]


def test_reopen_and_schema_version(tmp_path):
    path = tmp_path / "index.sqlite"
    with Index.open(path) as ix:
        ix.add_articles(ARTICLES[:1])
    with Index.open(tmp_path) as ix:  # the archive directory works too
        assert ix.count() == 1
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(ArchiveError, match="reindex"):
        Index.open(path)
    with Index.open(path, reset_incompatible=True) as ix:
        assert ix.count() == 0


def test_not_a_database(tmp_path):
    path = tmp_path / "index.sqlite"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(ArchiveError, match="damaged"):
        Index.open(path)


def test_wal_mode(index):
    assert index._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


# --- concurrency -------------------------------------------------------------------------------------


def _writer(path, worker, count, errors):
    try:
        with Index.open(path) as ix:
            for start in range(0, count, 10):
                batch = [
                    (
                        make_sidecar(
                            f"{worker}{n:07d}", f"Story {n}", locations=[DANBURY], people=[("Ann Lee", [])]
                        ),
                        f"Text {n} from worker {worker}. " + FILLER,
                    )
                    for n in range(start, start + 10)
                ]
                ix.add_articles(batch, batch_size=5)
                ix.search(SearchRequest(query="worker", facets=True))
    except Exception as exc:  # report any failure to the parent
        errors.put(f"{type(exc).__name__}: {exc}")


def test_concurrent_writers_never_see_a_lock_error(tmp_path):
    path = tmp_path / "index.sqlite"
    ctx = multiprocessing.get_context("spawn")
    errors = ctx.Queue()
    workers = [ctx.Process(target=_writer, args=(path, w, 60, errors)) for w in "ab"]
    for p in workers:
        p.start()
    for p in workers:
        p.join(120)
    messages = []
    while not errors.empty():
        messages.append(errors.get())
    assert messages == []
    assert all(p.exitcode == 0 for p in workers)
    with Index.open(path) as ix:
        assert ix.count() == 120
        assert search(ix, "person:Lee", count_only=True).total == 120
        assert search(ix, "danbury", facets=True).facets["location"] == [("Danbury", 120)]


# --- robustness --------------------------------------------------------------------------------------

QUERY_PIECES = st.sampled_from(
    [
        "budget", "danbury", "weath*", '"', "(", ")", "-", "*", ":", "OR", "AND", "NOT", " ", "person:",
        "place:", "title:", "topic:", "outlet:", "NEAR", "^", "+", "{", "}", "'", "é", "\x00", "\u200b",
        "\udce9", "budget*", "bu*", "NEAR(a b)", "col:x", "rank",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    query=st.one_of(st.text(max_size=30), st.lists(QUERY_PIECES, max_size=12).map("".join)),
    sort=st.sampled_from(["relevance", "newest", "oldest"]),
    facets=st.booleans(),
    person=st.one_of(st.none(), st.text(max_size=8)),
)
def test_search_never_raises_anything_but_query_errors(index, query, sort, facets, person):
    try:
        result = index.search(SearchRequest(query=query, sort=sort, facets=facets, person=person, limit=3))
    except QuerySyntaxError:
        return
    assert result.total >= len(result.hits)


# --- helpers -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("\x02Mayor\x03 said", ("Mayor said", [[0, 5]])),
        ("…the \x02mayor\x03\n\n  said \x02it\x03…", ("…the mayor said it…", [[5, 10], [16, 18]])),
        ("  lead  ", ("lead", [])),
    ],
)
def test_clean_snippet(raw, expected):
    assert clean_snippet(raw) == expected


def test_small_helpers():
    assert normalize_key("Zoë  O'Neil") == "zoe o neil"
    assert date_key("2019-03-04T22:10:00-05:00") == "2019-03-04T22:10:00"
    assert date_key("2019-03-04T22:10:00Z") == "2019-03-04T22:10:00"
    assert date_key("yesterday") is None
    assert lead_snippet("a b c", 5) == "a b c"


# --- large match sets: bounded ranking and sampled facets (thresholds shrunk to fit the fixture) ----


def test_large_match_set_is_ranked_among_its_newest_matches(index):
    assert search(index, "forecast").ranked_within is None
    index.rank_candidates = 3
    result = search(index, "forecast", limit=2)
    assert result.total == 12 and result.ranked_within == 3
    # the three forecasts indexed last are the candidates (doc order = indexing order)
    assert set(ids(result)) <= {"f000000000000009", "f000000000000010", "f000000000000011"}
    assert len(result.hits) == 2 and all(hit.score > 0 for hit in result.hits)
    # a limit beyond the candidates (retag's "every match") ranks them all
    assert search(index, "forecast", limit=100).ranked_within is None
    assert len(search(index, "forecast", limit=100).hits) == 12
    # small sets, date sorts and listings are not capped
    assert search(index, "budget").ranked_within is None
    assert search(index, "forecast", sort="newest").ranked_within is None
    assert search(index, "forecast", count_only=True).total == 12


QUERY_TABLE = [
    ("forecast", {}),
    ("forecast", {"sort": "newest"}),
    ("forecast", {"sort": "oldest"}),
    ("-forecast", {}),
    ("", {}),
    ("", {"sort": "oldest"}),
    ("location:US", {}),
    ("location:US", {"sort": "oldest"}),
    ("weather", {"location": "Connecticut"}),
    ("weather", {"person": "Boughton", "sort": "newest"}),
    ("evening", {"person": "Boughton"}),
    ("evening -weather", {"location": "US", "sort": "oldest"}),
    ("weather -budget", {"since": D(2019, 1, 1)}),
    ("weather OR person:Boughton", {"sort": "oldest"}),
    ("forecast", {"until": D(2018, 1, 5), "sort": "newest"}),
]


@pytest.mark.parametrize("query, options", QUERY_TABLE)
@pytest.mark.parametrize("cap", [1, 2, 5])
def test_capped_plans_count_and_sort_like_the_full_plans(index, query, options, cap):
    full = search(index, query, limit=5, facets=True, **options)
    index.rank_candidates = cap
    capped = search(index, query, limit=5, facets=True, **options)
    assert capped.total == full.total and capped.total_exact and full.total_exact
    assert capped.facets_sampled == (full.total > cap)
    if options.get("sort") in ("newest", "oldest") or not query or query.startswith(("-", "location:")):
        assert ids(capped) == ids(full)  # date order never depends on the candidate set
    if not capped.facets_sampled:
        assert capped.facets == full.facets
    if capped.ranked_within is not None:
        assert capped.ranked_within == cap and len(capped.hits) == min(5, cap)


def test_sampled_facets_count_the_newest_matches(index):
    result = search(index, "-forecast", facets=True)
    assert result.facets_sampled is False
    index.rank_candidates = 2  # the two articles indexed last among the four: KXAN's and the note
    result = search(index, "-forecast", facets=True)
    assert result.total == 4 and result.facets_sampled is True
    assert result.facets["outlet"] == [("KXAN", 1), ("NBC Connecticut", 1)]
    assert result.facets["location"] == [("Austin", 1)]
    assert search(index, "-forecast").facets_sampled is False  # no facets asked


def test_rare_filter_drives_a_common_text_query(index):
    from archiver.index.plan import Search
    from archiver.index.query import request_query

    # "evening" is in 13 articles, person:Boughton in one: the plan starts from the person's tags
    req = SearchRequest(query="evening", person="Boughton")
    assert Search(index, request_query(req), req).driver is not None
    result = search(index, "evening", person="Boughton", limit=5)
    assert ids(result) == ["a1b2c3d4e5f60001"] and result.total == 1 and result.hits[0].score > 0
    assert "\x02" not in result.hits[0].snippet and result.hits[0].highlights


def test_filtered_large_match_set_is_counted_on_a_sample(tmp_path, monkeypatch):
    with Index.open(tmp_path / "index.sqlite") as ix:
        ix.add_articles(
            (
                make_sidecar(f"d{i:015d}", f"Mayor {i}", locations=[DANBURY] if i % 2 else [AUSTIN]),
                "The mayor spoke. " + FILLER,
            )
            for i in range(20)
        )
        exact = ix.search(SearchRequest(query="mayor", location="Danbury", limit=2, facets=True))
        assert (exact.total, exact.total_exact, exact.ranked_within) == (10, True, None)
        ix.rank_candidates = 10  # 20 text matches: the newest 10 are checked, 5 of them in Danbury
        result = ix.search(SearchRequest(query="mayor", location="Danbury", limit=2, facets=True))
        assert (result.total, result.total_exact, result.ranked_within) == (10, False, 10)
        assert all(int(hit.id[1:]) >= 10 and int(hit.id[1:]) % 2 for hit in result.hits)
        assert result.facets_sampled and result.facets["location"] == [("Danbury", 5)]
        # a filters-only listing whose tag is too common to drive the plan is counted the same way;
        # its newest-first order does not depend on the sample
        listing = ix.search(SearchRequest(location="Danbury", limit=2))
        assert (listing.total, listing.total_exact) == (10, True)  # 10 articles: the tag drives
        monkeypatch.setattr("archiver.index.plan.DRIVER_PROBE_ROWS", 5)
        sampled = ix.search(SearchRequest(location="Danbury", limit=2))
        assert (sampled.total, sampled.total_exact) == (10, False)
        assert [h.id for h in sampled.hits] == [h.id for h in listing.hits]
        # a window holding fewer matches than asked for falls back to the exact plan
        few = ix.search(SearchRequest(query="mayor", location="Danbury", limit=8))
        assert (few.total, few.total_exact, len(few.hits)) == (10, True, 8)


def test_common_phrase_is_counted_on_a_sample_of_its_words(tmp_path):
    with Index.open(tmp_path / "index.sqlite") as ix:
        ix.add_articles(
            (make_sidecar(f"p{i:015d}", f"Note {i}"), "the mayor spoke" if i % 2 else "spoke the mayor")
            for i in range(20)
        )
        req = SearchRequest(query='"mayor spoke"', limit=3, facets=True)
        assert (ix.search(req).total, ix.search(req).total_exact) == (10, True)
        ix.rank_candidates = 10  # all 20 hold both words: the newest 10 are checked, 5 hold the phrase
        result = ix.search(req)
        assert (result.total, result.total_exact, result.ranked_within, result.facets_sampled) == (
            10,
            False,
            10,
            True,
        )
        assert [h.id for h in result.hits] and all(
            int(h.id[1:]) % 2 and int(h.id[1:]) >= 10 for h in result.hits
        )
        assert ix.search(SearchRequest(query='mayor -"mayor spoke"', count_only=True)).total == 10


def test_short_date_range_drives_a_common_text_query(index):
    from archiver.index.plan import Search
    from archiver.index.query import request_query

    req = SearchRequest(query="evening", since=D(2018, 1, 1), until=D(2018, 1, 2))
    assert Search(index, request_query(req), req).date_driven
    result = index.search(req)
    assert ids(result) == ["f000000000000000", "f000000000000001"]  # same text: ties go by doc
    assert result.total == 2 and all(hit.score > 0 for hit in result.hits)


# --- damaged index files -----------------------------------------------------------------------------


def _corrupt_articles_table(path):
    """Overwrite the articles table's root page with garbage (the schema itself stays readable)."""
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'articles'").fetchone()[0]
    conn.close()
    with open(path, "r+b") as f:
        f.seek((root - 1) * page_size)
        f.write(b"\xff" * page_size)


def test_damaged_index_reads_and_writes_raise_archive_error(tmp_path):
    path = tmp_path / "index.sqlite"
    with Index.open(path) as ix:
        ix.add_articles(ARTICLES[:2])
    _corrupt_articles_table(path)
    damaged = (
        re.escape(f"the index {path} is damaged (")
        + ".*malformed.*"
        + re.escape("): delete it and run `archiver reindex`")
    )
    with Index.open(path) as ix:
        with pytest.raises(ArchiveError, match=damaged):
            ix.get(ARTICLES[0][0]["id"])
        with pytest.raises(ArchiveError, match="damaged"):
            search(ix, "danbury")
        with pytest.raises(ArchiveError, match="damaged"):
            ix.add_articles([(make_sidecar("ffffffffffff0001", "New"), "new text")])
        ix.clear()  # reindex: a damaged file is replaced by a fresh index
        assert ix.count() == 0
        ix.add_articles(ARTICLES[:1])
        assert ix.count() == 1
    with Index.open(path) as ix:
        assert ix.count() == 1


def test_open_garbage_raises_unless_reset(tmp_path):
    path = tmp_path / "index.sqlite"
    path.write_bytes(b"this is not sqlite" * 100)
    (tmp_path / "index.sqlite-wal").write_bytes(b"junk")
    (tmp_path / "index.sqlite-shm").write_bytes(b"junk")
    with pytest.raises(ArchiveError, match=r"is damaged \(.*\): delete it and run `archiver reindex`"):
        Index.open(path)
    assert path.read_bytes().startswith(b"this is not sqlite")  # left alone without reset
    with Index.open(tmp_path, reset_incompatible=True) as ix:
        assert ix.count() == 0
        ix.add_articles(ARTICLES[:1])
        assert ix.count() == 1
    with Index.open(path) as ix:
        assert ix.count() == 1


def test_exists(tmp_path):
    assert not Index.exists(tmp_path)
    assert not Index.exists(tmp_path / "index.sqlite")
    assert not Index.exists(tmp_path / "missing")
    Index.open(tmp_path).close()
    assert Index.exists(tmp_path)
    assert Index.exists(tmp_path / "index.sqlite")
