"""Phrases are found through the body's word pairs exactly as through word positions: the same
articles as a brute-force scan of the texts, stopwords, punctuation, stemming and dropped long words
included, on a fresh index and on one built before the pairs field existed."""

from __future__ import annotations

import random
import re

import pytest
import tantivy

from archiver.index.query import SearchRequest
from archiver.index.tantivy_engine import (
    GAP_MARK,
    LONG_TOKEN,
    PAIR_WORDS_FILE,
    TantivyEngine,
    _analyzer,
    _may_drop_tokens,
    _PairMaker,
    rebuild_index,
)

LONG = "x" * LONG_TOKEN  # dropped by the analyzer: its neighbours are not adjacent
EDGE_TEXTS = [
    "The city council met on Monday.",
    "CITY, council! members argued.",  # punctuation between the words still leaves them adjacent
    "The city-council vote was close.",
    "City councils across the state.",  # stemmed: councils -> council
    "The council's city office.",  # possessive: council s city
    f"The city {LONG} council met.",  # a dropped word leaves a gap: not the phrase
    f"The city {LONG} council met, and the city council voted.",  # gap and the phrase
    f"{LONG} of the city council",
    "One of the best, one of the worst.",  # stopwords are words here
    "Zürich city council and the Zurich council.",  # accents folded
    "council council city city council",
    "city\ncouncil across a line break",
    "a city\u2014council with a dash",
    "word" * 10 + " city council",  # a 40-byte word: dropped
    "word" * 9 + "wor city council",  # 39 bytes: kept
    "Ünïcödé" * 6 + " city council",  # non-ASCII long word (more than 40 bytes)
    "",
]
PHRASES = [
    "city council",
    "the city council",
    "council met",
    "of the",
    "one of the",
    "council s",
    "council s city",
    "zurich city council",
    "council city",
    "city councils",
    "councils city",
    "the worst",
    "word city",
    "wor city",
    "city council met",
    "council council city",
]
VOCAB = ["city", "council", "the", "of", "met", "vote", "votes", "a", "mayor", "budget"]


def random_texts(n: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        words = [rng.choice(VOCAB) for _ in range(rng.randint(0, 12))]
        if rng.random() < 0.1:
            words.insert(rng.randint(0, len(words)), LONG)
        seps = [rng.choice([" ", ", ", ". ", " - ", "\n"]) for _ in words]
        out.append("".join(w + s for w, s in zip(words, seps, strict=True)))
    return out


def items_of(texts: list[str]) -> list[tuple[dict, str]]:
    return [
        ({"id": f"{i:016x}", "title": f"Item {i}", "digests": {"raw": f"sha256:{i:064x}"}}, text)
        for i, text in enumerate(texts)
    ]


def brute(items, phrase: str) -> set[str]:
    """The ids whose body holds the phrase: each word analyzed alone (the stemmer needs no
    context), a dropped word kept as a gap, then a plain scan for the token run."""
    stem = _analyzer(True)
    want = [t for w in phrase.split() for t in stem.analyze(w)]
    out = set()
    for sc, text in items:
        tokens = [(stem.analyze(w) or [None])[0] for w in re.findall(r"[^\W_]+", text)]
        runs = (tokens[i : i + len(want)] for i in range(len(tokens) - len(want) + 1))
        if any(run == want for run in runs):
            out.add(sc["id"])
    return out


def found(engine, phrase: str) -> set[str]:
    result = engine.search(SearchRequest(query=f'"{phrase}"', limit=1000))
    assert result.total == len(result.hits)
    return {h.id for h in result.hits}


@pytest.fixture(scope="module")
def edge_engine(tmp_path_factory):
    items = items_of(EDGE_TEXTS + random_texts(300))
    root = tmp_path_factory.mktemp("phrases")

    def fill(engine):
        for start in range(0, len(items), 100):
            engine.add_articles(items[start : start + 100])

    engine = rebuild_index(root, fill)
    yield engine, items
    engine.close()


@pytest.mark.parametrize("phrase", PHRASES + ["city met", "vote the", "votes of the budget", "a a"])
def test_phrases_equal_a_brute_force_scan(edge_engine, phrase):
    engine, items = edge_engine
    assert engine.has_pairs
    assert found(engine, phrase) == brute(items, phrase)


@pytest.mark.parametrize("phrase", PHRASES)
def test_pairs_and_positions_give_the_same_articles(edge_engine, phrase):
    engine, _items = edge_engine
    with_pairs = found(engine, phrase)
    engine.has_pairs = False  # the positions-only plan of an index without the field
    try:
        assert found(engine, phrase) == with_pairs
    finally:
        engine.has_pairs = True


def test_both_plans_are_exercised(edge_engine):
    """``city council`` is a pair of common words (one posting list); ``council met`` is not and is
    found on positions; the generation keeps the word list it was built with."""
    engine, _items = edge_engine
    assert {"citi", "council", "the", "of"} <= engine._pair_words
    assert "met" not in engine._pair_words
    kept = (engine.gen / PAIR_WORDS_FILE).read_text().split()
    assert frozenset(kept) == engine._pair_words


def test_the_edge_cases_find_what_a_reader_expects(edge_engine):
    engine, _items = edge_engine
    hits = found(engine, "city council")
    expected = {0, 1, 2, 3, 6, 7, 9, 10, 11, 12, 13, 14, 15}  # not 4 (council's city), not 5 (gap)
    assert {i for i in range(len(EDGE_TEXTS)) if f"{i:016x}" in hits} == expected


@pytest.mark.parametrize(
    ("text", "maybe"),
    [
        ("the city council", False),
        ("administration " * 20, False),
        ("x" * (LONG_TOKEN - 1), False),
        ("x" * LONG_TOKEN, True),
        ("é" * (LONG_TOKEN // 2), True),  # 2 bytes a character
        ("\u4e2d" * 14, True),  # 3 bytes a character: 42 bytes
        ("a\u2014" * 30, True),  # a dash the tokenizer splits on: flagged anyway, never missed
    ],
)
def test_a_possible_dropped_word_is_never_missed(text, maybe):
    assert _may_drop_tokens(text) is maybe
    if not maybe:
        assert _PairMaker(_analyzer(True), frozenset({"the", "citi"})).pairs_analyzed(text) != GAP_MARK


def test_an_index_built_before_the_pairs_field_still_answers_phrases(tmp_path):
    """An index of the earlier schema (no ``pairs``) opens, answers phrases on positions, and keeps
    taking articles until a reindex adds the field."""
    engine = TantivyEngine.open(tmp_path / "arch")
    text_dir = engine.gen / "text"
    engine.close()
    for f in text_dir.iterdir():
        f.unlink()
    old = tantivy.SchemaBuilder()
    for name, kind in _old_schema_fields():
        kind(old, name)
    tantivy.Index(old.build(), path=str(text_dir))
    engine = TantivyEngine.open(tmp_path / "arch")
    try:
        assert not engine.has_pairs
        items = items_of(EDGE_TEXTS)
        engine.add_articles(items)
        assert found(engine, "city council") == brute(items, "city council")
    finally:
        engine.close()
    engine = rebuild_index(tmp_path / "arch", lambda e: e.add_articles(items_of(EDGE_TEXTS)))
    try:
        assert engine.has_pairs
        assert found(engine, "city council") == brute(items, "city council")
    finally:
        engine.close()


def _old_schema_fields():
    """The fields of the schema before ``pairs`` (the index of 1df12e8)."""

    def text(stored=False, tokenizer="news", option="position", fast=False):
        return lambda sb, name: sb.add_text_field(
            name, stored=stored, tokenizer_name=tokenizer, index_option=option, fast=fast
        )

    return [
        ("id", text(stored=True, tokenizer="raw", option="basic")),
        ("key", lambda sb, name: sb.add_unsigned_field(name, fast=True, indexed=True)),
        ("title", text(stored=True)),
        ("body", text(stored=True)),
        ("tags", text()),
        *[
            (n, text(tokenizer="raw", option="basic", fast=True))
            for n in ("outlet", "place", "person", "org", "topic")
        ],
        ("loc", text(tokenizer="raw", option="basic")),
        ("ts", lambda sb, name: sb.add_integer_field(name, fast=True, indexed=True)),
        ("day", lambda sb, name: sb.add_integer_field(name, fast=True)),
    ]


@pytest.mark.parametrize("seed", range(3))
def test_the_python_split_makes_the_pairs_the_analyzer_makes(seed):
    """The fast path (ASCII words split in Python, each analyzed once) equals analyzing the body."""
    words = frozenset(t for w in VOCAB for t in _analyzer(True).analyze(w)) - {"met"}
    maker = _PairMaker(_analyzer(True), words)
    texts = [t.replace(LONG, "") for t in random_texts(200, seed)]
    texts += [
        "The \u201ccity\u201d council\u2019s vote\u2014a city council\u2026 of the",
        "Votes OF THE city",
    ]
    for text in texts:
        assert maker.pairs(text) == maker.pairs_analyzed(text), text
