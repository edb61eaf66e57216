"""A rebuild asks the text index to delete only ids it has already seen, and still keeps one
document per id when the same article comes twice (in one batch or in two)."""

from __future__ import annotations

from archiver.index.query import SearchRequest
from archiver.index.tantivy_engine import rebuild_index


def item(i: int, word: str) -> tuple[dict, str]:
    return {"id": f"{i:016x}", "title": f"Item {i}", "digests": {"raw": f"sha256:{i:064x}"}}, f"{word} text"


def test_an_article_added_twice_during_a_rebuild_is_one_document(tmp_path):
    def fill(engine):
        engine.add_articles([item(1, "alpha"), item(2, "alpha"), item(1, "beta")])  # twice in a batch
        engine.add_articles([item(3, "alpha"), item(2, "gamma")])  # again in a later batch

    engine = rebuild_index(tmp_path / "arch", fill)
    try:
        assert engine._searcher().num_docs == 3
        assert engine.count() == 3
        assert {h.id for h in engine.search(SearchRequest(query="alpha")).hits} == {f"{3:016x}"}
        assert engine.search(SearchRequest(query="beta")).total == 1
        assert engine.search(SearchRequest(query="gamma")).total == 1
        engine.add_articles([item(3, "delta")])  # after the rebuild: an ordinary replace
        assert engine.search(SearchRequest(query="alpha")).total == 0
        assert engine._searcher().num_docs == 3
    finally:
        engine.close()


def test_known_ids_names_the_catalogued_ones(tmp_path):
    engine = rebuild_index(tmp_path / "arch", lambda e: e.add_articles([item(i, "w") for i in range(3)]))
    try:
        ids = [f"{i:016x}" for i in range(5)]
        assert engine.catalog.known_ids(ids) == set(ids[:3])
        assert engine.catalog.known_ids([]) == set()
    finally:
        engine.close()
