"""The default search engine: tantivy (BM25 top-k over every match, exact counts and aggregations).

Chosen by measurement over SQLite FTS5 (``benchmarks/README.md``): FTS5 computes bm25 for every
row it returns, so exact ranking, counts with filters and facets over a large match set take
seconds at a million articles; tantivy ranks with block-max WAND and counts and aggregates on
columnar fast fields, so every answer is exact within the targets.

Layout (derived data; ``reindex`` rebuilds it from the WARC files)::

    ARCHIVE/index/current -> gen-<stamp>      a symlink, swapped atomically by ``rebuild``
    ARCHIVE/index/gen-<stamp>/catalog.sqlite  ids, digests, sidecars, entity names (``catalog``)
    ARCHIVE/index/gen-<stamp>/text/           the tantivy index

Text fields (title weighted 5, body, tag names) use one analyzer: words, lower case, accents
folded, English stemming. Tag fields hold entity tokens (``archiver.index.tags``); ``ts`` is the
publication time in seconds (as written, offset dropped) and ``day`` its day number; an undated
article has neither, so it never matches a date filter and sorts last.

``pairs`` holds the body's adjacent pairs of common words (``citi_council``: two analyzed tokens of
``archiver/data/common_words.txt`` joined by ``_``; Lucene's "common grams"), so a phrase of two
common words is one posting list instead of a walk through the positions of nearly every article
(at 1M articles: ~200 ms). A phrase with a rarer word walks the positions of that word's few
articles, as before. Only common pairs are kept because all pairs would make the index 1.75× the
text and halve the indexing rate. Each generation keeps the analyzed word list it was built with
(``pair_words.txt``). A body in which the analyzer may drop a word (one of ``LONG_TOKEN`` bytes or
more leaves a gap in the positions) gets only the ``GAP_MARK`` token, and its phrases are checked
on positions.
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import os
import re
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import tantivy
from tantivy import FieldType, Occur, Order, Query

from archiver.errors import ArchiveError, QuerySyntaxError
from archiver.index.catalog import CATALOG_FILENAME, Catalog
from archiver.index.engine import (
    FACET_SIZE,
    HL_END,
    HL_START,
    INDEX_DIRNAME,
    Buckets,
    Hit,
    SearchResult,
    date_key,
    field_key,
    hit_tags,
    lead_snippet,
)
from archiver.index.query import MATCH_ALL, And, Field, Not, Or, Phrase, SearchRequest, Term, request_query
from archiver.index.tags import article_entities, qualified_names, resolve_location, resolve_outlet

TEXT_DIR = "text"
LONG_TOKEN = 40  # the analyzer drops tokens of this many UTF-8 bytes or more
PAIRS_FIELD = "pairs"
GAP_MARK = "!gap"  # cannot be a pair: pairs are alphanumeric tokens joined by "_"
PAIR_WORDS_FILE = "pair_words.txt"
WRITER_HEAP = 128_000_000
WRITER_THREADS = 1
TITLE_BOOST = 5.0
SEGMENT_SIZE = 1_000_000  # terms aggregations count every term of every segment: exact merge
STREAM_PAGE = 1000
RANK_PAGE_MAX = 50_000
SNIPPET_CHARS = 220
LEGACY_FILES = ("index.sqlite", "index.sqlite-wal", "index.sqlite-shm")
TAG_FIELDS = {  # filter name -> tantivy field of entity tokens (place: the containment tokens)
    "outlet": "outlet",
    "location": "loc",
    "person": "person",
    "organization": "org",
    "topic": "topic",
}
FACET_FIELDS = {
    "outlet": "outlet",
    "location": "place",
    "person": "person",
    "organization": "org",
    "topic": "topic",
}
EPOCH = datetime.date(1970, 1, 1)


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw", index_option="basic")
    sb.add_unsigned_field("key", fast=True, indexed=True)
    for name in ("title", "body"):
        sb.add_text_field(name, stored=True, tokenizer_name="news")
    sb.add_text_field("tags", tokenizer_name="news")
    sb.add_text_field(PAIRS_FIELD, tokenizer_name="whitespace", index_option="freq")
    for name in ("outlet", "place", "person", "org", "topic"):
        sb.add_text_field(name, tokenizer_name="raw", fast=True, index_option="basic")
    sb.add_text_field("loc", tokenizer_name="raw", index_option="basic")
    sb.add_integer_field("ts", fast=True, indexed=True)
    sb.add_integer_field("day", fast=True)
    return sb.build()


def _analyzer(stem: bool) -> tantivy.TextAnalyzer:
    b = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple()).filter(tantivy.Filter.remove_long(LONG_TOKEN))
    b = b.filter(tantivy.Filter.lowercase()).filter(tantivy.Filter.ascii_fold())
    return (b.filter(tantivy.Filter.stemmer("english")) if stem else b).build()


# A run of ASCII letters and digits or non-ASCII characters: every token of the simple tokenizer
# lies inside one (it splits on more characters), so no run this long means no token dropped.
_LONG_RUN = re.compile(rf"[0-9A-Za-z\x80-\U0010ffff]{{{LONG_TOKEN // 4},}}")


def _may_drop_tokens(text: str) -> bool:
    """Whether the analyzer might drop a token of ``text`` for its length (a gap in positions).

    >>> _may_drop_tokens("the city council"), _may_drop_tokens("x" * 40)
    (False, True)
    """
    return any(len(m.group().encode()) >= LONG_TOKEN for m in _LONG_RUN.finditer(text))


# Non-ASCII characters the tokenizer splits on as it does on ASCII punctuation (typographic quotes
# and dashes, ellipsis, no-break and thin spaces): as spaces, most English bodies are ASCII.
_SEPARATORS = "\u00a0\u00ab\u00b7\u00bb\u2009\u200a\u2010-\u2015\u2018-\u201f\u2022\u2026\u202f\u2032\u2033"
_NOT_ASCII_OR_SEPARATOR = re.compile(f"[^\\x00-\\x7f{_SEPARATORS}]")
# Bytes of ASCII letters and digits as themselves (lower case), every other byte as a space: on
# such text, splitting the result is the simple tokenizer followed by the lowercase filter.
_ASCII_WORDS = bytes.maketrans(
    bytes(range(256)),
    bytes(b if chr(b).isascii() and chr(b).isalnum() else 32 for b in range(256)).lower(),
)
STEM_CACHE = 200_000


class _PairMaker:
    """The ``pairs`` field of a body: its adjacent analyzed tokens that are both common words,
    joined by ``_``, space-separated.

    ASCII text (typographic punctuation allowed) is split in Python exactly as the
    simple tokenizer splits it, and each distinct word analyzed once (the filters act on one token
    at a time; a dropped long word breaks the chain as its gap breaks the positions): several times
    faster than analyzing the whole body. Other text goes through the analyzer, and a body in which
    it may drop a word gets ``GAP_MARK`` instead of pairs.

    >>> _PairMaker(_analyzer(True), frozenset({"the", "citi", "council"})).pairs("The city councils met.")
    'the_citi citi_council'
    """

    def __init__(self, analyzer: tantivy.TextAnalyzer, words: frozenset[str]) -> None:
        self.analyzer = analyzer
        self.words = words
        self._tokens: dict[bytes, str] = {}  # lower-case ASCII word -> its token if common, else ""

    def pairs(self, text: str) -> str:
        if not text.isascii() and _NOT_ASCII_OR_SEPARATOR.search(text):
            return self.pairs_analyzed(text)
        get = self._tokens.get
        words = text.encode().translate(_ASCII_WORDS).split()
        tokens = list(map(get, words))
        if None in tokens:
            tokens = [self._token(w) if t is None else t for w, t in zip(words, tokens, strict=True)]
        return " ".join([f"{a}_{b}" for a, b in zip(tokens, tokens[1:], strict=False) if a and b])

    def _token(self, word: bytes) -> str:
        if len(self._tokens) >= STEM_CACHE:
            self._tokens.clear()
        out = self.analyzer.analyze(word.decode("ascii"))  # LONG_TOKEN bytes or more: [] (a gap)
        token = out[0] if len(out) == 1 and out[0] in self.words else ""
        self._tokens[word] = token
        return token

    def pairs_analyzed(self, text: str) -> str:
        """The pairs through the analyzer (any text), or ``GAP_MARK``."""
        if _may_drop_tokens(text):
            return GAP_MARK
        tokens = self.analyzer.analyze(text)
        common = [t in self.words for t in tokens]
        return " ".join(
            [
                f"{a}_{b}"
                for a, b, x, y in zip(tokens, tokens[1:], common, common[1:], strict=False)
                if x and y
            ]
        )


def _pair_words(gen: Path, fresh: bool, analyzer: tantivy.TextAnalyzer) -> frozenset[str] | None:
    """The analyzed common words whose pairs this generation indexes: written from the package's
    list when the generation is new, read back afterwards; None for a generation without one."""
    path = gen / PAIR_WORDS_FILE
    if fresh:
        from importlib.resources import files

        text = files("archiver").joinpath("data/common_words.txt").read_text(encoding="utf-8")
        words = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
        stems = sorted({t for w in words for t in analyzer.analyze(w)})
        tmp = path.with_name(f".{PAIR_WORDS_FILE}.tmp")
        tmp.write_text("".join(f"{t}\n" for t in stems), encoding="utf-8")
        os.replace(tmp, path)
    try:
        return frozenset(path.read_text(encoding="utf-8").split())
    except FileNotFoundError:
        return None


def _has_field(schema: tantivy.Schema, name: str) -> bool:
    try:
        Query.term_query(schema, name, GAP_MARK)
    except ValueError:
        return False
    return True


def _key_of(article_id: str) -> int:
    """A u64 for keyset paging: the id's 16 hex digits, else a stable hash."""
    try:
        return int(article_id[:16], 16)
    except ValueError:
        import hashlib

        return int.from_bytes(hashlib.sha256(article_id.encode()).digest()[:8], "big")


class TantivyEngine:
    """The index of one archive: a catalog and a tantivy index in one generation directory."""

    def __init__(self, root: Path, gen: Path) -> None:
        self.root = root
        self.gen = gen
        self.catalog = Catalog.open(gen / CATALOG_FILENAME)
        self.schema = _schema()
        self._view: str | None = None
        text_dir = gen / TEXT_DIR
        fresh = text_dir.is_dir() and not any(text_dir.iterdir())
        try:
            try:
                self._index = self._open_text(str(gen / TEXT_DIR))
            except ValueError as exc:
                if "Permission denied" not in str(exc):
                    raise
                self._index = self._open_read_only(gen / TEXT_DIR)
        except ValueError as exc:
            self.catalog.close()
            raise ArchiveError(f"the index {gen} is damaged ({exc}): run `archiver reindex`") from exc
        self._stem = _analyzer(True)
        self._plain = _analyzer(False)
        self._index.register_tokenizer("news", self._stem)
        # An index built before the pairs field answers phrases on positions until a reindex.
        words = _pair_words(gen, fresh, self._stem) if _has_field(self.schema, PAIRS_FIELD) else None
        self._pair_words = words or frozenset()
        self._pairs = _PairMaker(self._stem, self._pair_words)
        self.has_pairs = words is not None
        self._bulk: Any = None  # a writer held open through a rebuild

    # --- opening and generations -----------------------------------------------------------------

    @staticmethod
    def exists(root: Path) -> bool:
        """Whether ``root`` holds a complete index (a ``current`` generation)."""
        return (Path(root) / INDEX_DIRNAME / "current").exists()

    @classmethod
    def open(cls, root: Path, *, create: bool = True) -> TantivyEngine:
        """Open the current generation, creating an empty one first if there is none and ``create``.

        Raises:
            ArchiveError: no index (and not ``create``), or it cannot be opened.
        """
        root = Path(root)
        current = root / INDEX_DIRNAME / "current"
        if not current.exists():
            if not create:
                raise ArchiveError(f"the index of {root} is missing: run `archiver reindex`")
            with _index_lock(root):
                if not current.exists():
                    gen = _new_generation(root)
                    cls(root, gen).close()
                    _swap_current(root, gen)
        return cls(root, current.resolve())

    def _open_read_only(self, text_dir: Path):
        """Open the text index of an archive the caller cannot write (a read-only mount, another
        user's archive). tantivy's reader takes a lock file in the index directory, which needs
        write access (tantivy issue #557), so it reads through a private directory of symlinks to
        the index's files and keeps its lock file there. Nothing writes to this index: no writer
        can work on an archive the caller cannot write either."""
        import tempfile

        self._view = tempfile.mkdtemp(prefix="archiver-index-")
        for name in os.listdir(text_dir):
            if not name.endswith(".lock") and name != ".managed.json":
                os.symlink(text_dir / name, os.path.join(self._view, name))
        return self._open_text(self._view)

    def _open_text(self, path: str):
        """The tantivy index at ``path``, with the schema it was built with (an older index may
        lack a field added since; ``self.schema`` becomes its schema)."""
        try:
            return tantivy.Index(self.schema, path=path, reuse=True)
        except ValueError as exc:
            if "schema does not match" not in str(exc):
                raise
        index = tantivy.Index.open(path)
        self.schema = index.schema
        return index

    def close(self) -> None:
        """Close the catalog (the tantivy index needs no closing) and drop a read-only view."""
        self.catalog.close()
        if self._view is not None:
            shutil.rmtree(self._view, ignore_errors=True)
            self._view = None

    def _follow_current(self) -> None:
        """Reopen on the current generation if a ``reindex`` swapped it since we opened."""
        current = (self.root / INDEX_DIRNAME / "current").resolve()
        if current != self.gen and self._bulk is None:
            self.catalog.close()
            self.__init__(self.root, current)

    # --- writing -----------------------------------------------------------------------------------

    def add_articles(self, items: Iterable[tuple[dict, str]]) -> int:
        """Index articles, replacing any already indexed under the same id; returns how many.

        The text index commits first and the catalog second: an article is "archived" for the
        duplicate check only once it is searchable (a crash in between leaves it re-indexable).
        """
        self._follow_current()
        rows = []
        items = list(items)
        # A rebuild starts from an empty generation: only an id it has already seen (in the catalog,
        # or earlier in this batch) has a document to replace. Every delete costs the writer a
        # look-up in each segment it flushes, so the others are not asked for.
        replaced = (
            self.catalog.known_ids(str(sc["id"]) for sc, _ in items) if self._bulk is not None else None
        )
        batch: set[str] = set()
        writer = self._bulk or self._index.writer(WRITER_HEAP, WRITER_THREADS)
        try:
            for sidecar, text in items:
                article_id = str(sidecar["id"])
                entities, names = article_entities(sidecar)
                doc = tantivy.Document()
                doc.add_text("id", article_id)
                doc.add_unsigned("key", _key_of(article_id))
                doc.add_text("title", _unmarked(str(sidecar.get("title") or "")))
                body = _unmarked(text or "")
                doc.add_text("body", body)
                if self.has_pairs:
                    doc.add_text(PAIRS_FIELD, self._pairs.pairs(body))
                doc.add_text("tags", "\n".join(names))
                for e in entities:
                    if e.container:
                        continue
                    doc.add_text(FACET_FIELDS[e.field], e.ident)
                    if e.field == "location":
                        for token in e.within:
                            doc.add_text("loc", token)
                key = date_key(sidecar.get("published"))
                if key is not None:
                    when = datetime.datetime.fromisoformat(key).replace(tzinfo=datetime.timezone.utc)
                    doc.add_integer("ts", int(when.timestamp()))
                    doc.add_integer("day", (when.date() - EPOCH).days)
                if replaced is None or article_id in replaced or article_id in batch:
                    writer.delete_documents_by_term("id", article_id)
                batch.add(article_id)
                writer.add_document(doc)
                rows.append((sidecar, entities))
            if self._bulk is None:
                writer.commit()
                writer.wait_merging_threads()
        except BaseException:
            if self._bulk is None:
                with contextlib.suppress(Exception):
                    writer.rollback()
            raise
        self.catalog.write(rows)
        return len(rows)

    def remove(self, article_id: str) -> bool:
        """Remove one article from the index; returns whether it was there."""
        writer = self._index.writer(WRITER_HEAP, WRITER_THREADS)
        writer.delete_documents_by_term("id", article_id)
        writer.commit()
        writer.wait_merging_threads()
        return self.catalog.remove(article_id)

    def rebuild(self, fill: Callable[[TantivyEngine], Any]) -> TantivyEngine:
        """Build a new index beside this one with ``fill(new_engine)`` and swap it in whole.

        Searches meanwhile see the old complete index; if the process dies before the swap, the
        old index stays current and the half-built generation is removed by the next rebuild.
        Returns the new engine (this one is closed).
        """
        engine = rebuild_index(self.root, fill)
        self.close()
        return engine

    # --- lookups the archive needs ------------------------------------------------------------------

    def count(self) -> int:
        """The number of indexed articles."""
        return self.catalog.count()

    def ids(self) -> Iterator[str]:
        """Every indexed id, in order."""
        return self.catalog.ids()

    def get(self, article_id: str) -> dict | None:
        """The stored sidecar of the article with this full id, or None."""
        return self.catalog.get(article_id)

    def resolve_id(self, prefix: str) -> str:
        """The one id starting with ``prefix`` (see ``Catalog.resolve_id``)."""
        return self.catalog.resolve_id(prefix)

    def check_integrity(self) -> list[str]:
        """What is wrong in the index's own files, empty if sound: the catalog's SQLite check, and
        the text index must be readable and hold every catalogued article."""
        problems = self.catalog.check_integrity()
        try:
            docs = self._searcher().num_docs
        except Exception as exc:  # noqa: BLE001 - any tantivy failure means its files are unusable
            return [*problems, f"the text index cannot be read ({exc})"]
        # Fewer text documents than catalogued articles: searches would miss some. (More is a
        # catalog row gone, which verify names as that article missing from the index.)
        if not problems and docs < self.catalog.count():
            problems.append(f"the text index holds {docs} documents, the catalog {self.catalog.count()}")
        return problems

    def has_raw_digest(self, sha: str) -> str | None:
        """The id of an article whose raw bytes have this sha256, or None."""
        return self.catalog.by_digest("raw", sha)

    def has_normalized_digest(self, sha: str) -> str | None:
        """The id of the earliest article whose normalized text has this sha256, or None."""
        return self.catalog.by_digest("norm", sha)

    # --- queries -----------------------------------------------------------------------------------

    def _searcher(self):
        self._index.reload()
        return self._index.searcher()

    def _tokens(self, text: str, stem: bool = True) -> list[str]:
        return (self._stem if stem else self._plain).analyze(text)

    def _text_query(self, field: str, words: list[str]) -> Query | None:
        tokens = [t for w in words for t in self._tokens(w)]
        if not tokens:
            return None
        if len(tokens) == 1:
            return Query.term_query(self.schema, field, tokens[0])
        phrase = Query.phrase_query(self.schema, field, tokens)
        if field != "body" or not self.has_pairs:
            return phrase
        # The phrase's pairs of common words find it in every body without a gap (two common words:
        # one posting list); longer phrases are confirmed on positions among the articles holding
        # all those pairs. Bodies with a gap are checked on positions alone.
        words = self._pair_words
        pairs = [
            Query.term_query(self.schema, PAIRS_FIELD, f"{a}_{b}")
            for a, b in zip(tokens, tokens[1:], strict=False)
            if a in words and b in words
        ]
        if not pairs:
            return phrase  # a rarer word: its posting list is short, positions are cheap
        if len(tokens) == 2:
            found = pairs[0]
        else:
            found = Query.boolean_query([(Occur.Must, q) for q in (*pairs, phrase)])
        gap = Query.const_score_query(Query.term_query(self.schema, PAIRS_FIELD, GAP_MARK), 0.0)
        gapped = Query.boolean_query([(Occur.Must, gap), (Occur.Must, phrase)])
        return Query.boolean_query([(Occur.Should, found), (Occur.Should, gapped)])

    def _word(self, node: Term | Phrase, fields=("title", "body", "tags")) -> Query:
        parts = []
        for name in fields:
            if isinstance(node, Term) and node.prefix:
                tokens = self._tokens(node.word, stem=False)
                if not tokens:
                    continue
                pattern = re.escape(tokens[-1]) + ".*"
                q = Query.regex_query(self.schema, name, pattern)
                if len(tokens) > 1:
                    head = self._text_query(name, [" ".join(tokens[:-1])])
                    q = Query.boolean_query([(Occur.Must, head), (Occur.Must, q)]) if head else q
            else:
                q = self._text_query(name, [node.word] if isinstance(node, Term) else list(node.words))
            if q is None:
                continue
            parts.append((Occur.Should, Query.boost_query(q, TITLE_BOOST) if name == "title" else q))
        if not parts:
            return Query.all_query()  # a word the analyzer drops entirely (punctuation) constrains nothing
        return parts[0][1] if len(parts) == 1 else Query.boolean_query(parts)

    def _field(self, node: Field) -> Query:
        if node.name == "title":
            return self._word(
                Term(node.value, node.prefix) if " " not in node.value else Phrase(tuple(node.value.split())),
                ("title",),
            )
        idents = self._idents(node.name, node.value, node.prefix)
        if not idents:
            return Query.empty_query()
        q = Query.term_set_query(self.schema, TAG_FIELDS[node.name], idents)
        return Query.const_score_query(q, 0.0)

    def _idents(self, name: str, value: str, prefix: bool) -> list[str]:
        key = field_key(name, value)
        if name == "location" and not prefix:
            return resolve_location(value, lambda k: self._location_tokens(k))
        idents = self.catalog.idents(name, key, prefix)
        if name == "location":
            return list(dict.fromkeys(t for i in idents for t in self._location_tokens_of(i)))
        if name == "outlet" and not prefix:
            idents += resolve_outlet(value)
        return list(dict.fromkeys(idents))

    def _location_tokens(self, key: str) -> list[str]:
        return [t for ident in self.catalog.idents("location", key) for t in self._location_tokens_of(ident)]

    def _location_tokens_of(self, ident: str) -> list[str]:
        """A place entity as a filter token: a country or division matches what lies inside it."""
        if ident.startswith(("c:", "a:")):
            return [ident]
        rows = self.catalog.entity_rows("location", [ident])
        for row_ident, _display, kind, country, _admin1 in rows:
            if row_ident == ident and kind == "country" and country:
                return [f"c:{country}", ident]
            if row_ident == ident and kind == "admin1" and ident.startswith("g"):
                from archiver.index.tags import _gazetteer_place

                place = _gazetteer_place(int(ident[1:]))
                if place is not None and place.admin1_code:
                    return [f"a:{country}.{place.admin1_code}", ident]
        return [ident]

    def _node(self, node) -> Query:
        if isinstance(node, (Term, Phrase)):
            return self._word(node)
        if isinstance(node, Field):
            return self._field(node)
        if isinstance(node, Not):
            return Query.boolean_query(
                [(Occur.Must, Query.all_query()), (Occur.MustNot, self._node(node.node))]
            )
        if isinstance(node, And):
            if not node.nodes:
                return Query.all_query()
            parts = [
                (Occur.MustNot, self._node(c.node)) if isinstance(c, Not) else (Occur.Must, self._node(c))
                for c in node.nodes
            ]
            if all(occur == Occur.MustNot for occur, _ in parts):
                parts.insert(0, (Occur.Must, Query.all_query()))
            return Query.boolean_query(parts)
        if isinstance(node, Or):
            return Query.boolean_query([(Occur.Should, self._node(c)) for c in node.nodes])
        raise TypeError(f"not a query node: {node!r}")  # pragma: no cover

    def query(self, req: SearchRequest) -> tuple[Query, bool]:
        """The tantivy query of a request, and whether it holds words to rank by.

        Raises:
            QuerySyntaxError: the query cannot be parsed.
        """
        node = request_query(req)
        q = self._node(node) if node != MATCH_ALL else Query.all_query()
        parts = [(Occur.Must, q)]
        if req.since or req.until:
            low = _seconds(req.since) if req.since else None
            high = _seconds(req.until + datetime.timedelta(days=1)) - 1 if req.until else None
            parts.append((Occur.Must, Query.range_query(self.schema, "ts", FieldType.Integer, low, high)))
        if getattr(req, "undated", False):
            parts.append((Occur.MustNot, Query.exists_query("ts")))
        q = q if len(parts) == 1 else Query.boolean_query(parts)
        return q, _has_words(node)

    def count_matches(self, req: SearchRequest) -> int:
        """The exact number of articles a request matches."""
        q, _ = self.query(req)
        return self._count(self._searcher(), q)

    def _count(self, searcher, q: Query) -> int:
        return searcher.search(q, 1, count=True, order_by_field="key").count

    def search(self, req: SearchRequest) -> SearchResult:
        """Run a search: exact count, the top ``req.limit`` hits (BM25 over every match, or by
        publication date), snippets, and exact facets if asked.

        Raises:
            QuerySyntaxError: the query cannot be parsed.
            UsageError: a bad sort, limit or date range.
        """
        q, words = self.query(req)
        searcher = self._searcher()
        total = self._count(searcher, q)
        hits: list[Hit] = []
        if not req.count_only and total and req.limit:
            hits = list(self._hits(searcher, q, req, words, req.limit))
        facets = self._facets(searcher, q, FACET_SIZE) if req.facets else None
        return SearchResult(total, hits, facets)

    def iter_hits(self, req: SearchRequest) -> Iterator[Hit]:
        """Every hit of a request, in its sort order, page by page (``--all``).

        Date orders page by a keyset on (time, key), so memory stays one page whatever the number
        of matches; relevance order asks the engine for the top ``offset + page`` each page, with
        pages doubling up to ``RANK_PAGE_MAX`` hits (memory: one page).
        """
        q, words = self.query(req)
        searcher = self._searcher()
        yield from self._hits(searcher, q, req, words, None)

    def _hits(self, searcher, q: Query, req: SearchRequest, words: bool, limit: int | None) -> Iterator[Hit]:
        sort = req.sort if words or req.sort != "relevance" else "newest"
        snippets = tantivy.SnippetGenerator.create(searcher, q, self.schema, "body") if words else None
        if snippets is not None:
            snippets.set_max_num_chars(SNIPPET_CHARS)
        n = 0
        for score, address in self._addresses(searcher, q, sort, limit):
            yield self._hit(searcher, address, score if sort == "relevance" else 0.0, snippets)
            n += 1
            if limit is not None and n >= limit:
                return

    def _addresses(self, searcher, q: Query, sort: str, limit: int | None) -> Iterator[tuple[float, Any]]:
        page = min(limit or STREAM_PAGE, STREAM_PAGE) if limit is None else limit
        if sort == "relevance":
            # Pages double up to RANK_PAGE_MAX: each asks the engine for its top offset + page
            # (a heap in the engine), so every match costs a few passes, not one pass per page.
            offset = 0
            while True:
                hits = searcher.search(q, page, count=False, offset=offset).hits
                yield from hits
                if len(hits) < page or limit is not None:
                    return
                offset += page
                page = min(max(page, offset), RANK_PAGE_MAX)
        order = Order.Asc if sort == "oldest" else Order.Desc
        dated = Query.boolean_query([(Occur.Must, q), (Occur.Must, Query.exists_query("ts"))])
        yield from self._keyset(searcher, dated, "ts", order, page, limit)
        undated = Query.boolean_query([(Occur.Must, q), (Occur.MustNot, Query.exists_query("ts"))])
        yield from self._keyset(searcher, undated, "key", order, page, limit)

    def _keyset(self, searcher, q: Query, field: str, order, page: int, limit: int | None):
        """Matches of ``q`` ordered by the fast field ``field``, one page per engine call; the
        articles that share the boundary value are fetched whole before moving past it."""
        bound = None
        kind = FieldType.Integer if field == "ts" else FieldType.Unsigned
        while True:
            cond = q
            if bound is not None:
                low, high = (bound, None) if order == Order.Asc else (None, bound)
                rq = Query.range_query(
                    self.schema,
                    field,
                    kind,
                    low,
                    high,
                    include_lower=order != Order.Asc or low is None,
                    include_upper=order == Order.Asc or high is None,
                )
                cond = Query.boolean_query([(Occur.Must, q), (Occur.Must, rq)])
            hits = searcher.search(cond, page, count=False, order_by_field=field, order=order).hits
            if not hits:
                return
            last = hits[-1][0]
            inner = [h for h in hits if h[0] != last]
            yield from ((0.0, a) for _v, a in inner)
            tie = Query.boolean_query(
                [(Occur.Must, q), (Occur.Must, Query.range_query(self.schema, field, kind, last, last))]
            )
            n = self._count(searcher, tie)
            yield from (
                (0.0, a) for _v, a in searcher.search(tie, max(n, 1), count=False, order_by_field="key").hits
            )
            if limit is not None and len(inner) + n >= limit:
                return
            bound = last

    def _hit(self, searcher, address, score: float, snippets) -> Hit:
        doc = searcher.doc(address)
        article_id = doc["id"][0]
        sidecar = self.catalog.get(article_id) or {"id": article_id}
        body = (doc.get_first("body") or "") if hasattr(doc, "get_first") else (doc["body"] or [""])[0]
        snippet, highlights = "", []
        if snippets is not None:
            sn = snippets.snippet_from_doc(doc)
            fragment = sn.fragment()
            snippet, highlights = _collapse(fragment, sorted((h.start, h.end) for h in sn.highlighted()))
            if fragment and not body.startswith(fragment):
                snippet, highlights = "…" + snippet, [[a + 1, b + 1] for a, b in highlights]
            if fragment and not body.rstrip().endswith(fragment.rstrip()):
                snippet += "…"
        if not snippet:
            snippet, highlights = lead_snippet(body), []
        outlet = sidecar.get("outlet") if isinstance(sidecar.get("outlet"), dict) else {}
        published = sidecar.get("published")
        return Hit(
            id=article_id,
            title=str(sidecar.get("title") or (doc["title"] or [""])[0]),
            outlet=outlet.get("name") or outlet.get("domain") or None,
            published=published if isinstance(published, str) and date_key(published) else None,
            score=float(score),
            snippet=snippet,
            highlights=highlights,
            tags=hit_tags(sidecar),
        )

    # --- aggregations ----------------------------------------------------------------------------------

    def facets(self, req: SearchRequest, size: int = FACET_SIZE) -> dict[str, list[tuple[str, int]]]:
        """The top ``size`` outlets, places, people, organizations and topics of every match, with
        exact counts."""
        q, _ = self.query(req)
        return self._facets(self._searcher(), q, size)

    def _facets(self, searcher, q: Query, size: int) -> dict[str, list[tuple[str, int]]]:
        from concurrent.futures import ThreadPoolExecutor

        def one(field: str) -> dict:
            spec = {"a": {"terms": {"field": field, "size": size, "segment_size": SEGMENT_SIZE}}}
            return self._aggregate(searcher, q, spec)["a"]

        # One aggregation per field, in threads: tantivy releases the GIL, so the costly fields
        # (people, places: many values per article) are counted on all cores at once.
        with ThreadPoolExecutor(max_workers=len(FACET_FIELDS)) as pool:
            results = dict(zip(FACET_FIELDS, pool.map(one, FACET_FIELDS.values()), strict=True))
        return {name: self._named(name, results[name]["buckets"]) for name in FACET_FIELDS}

    def _aggregate(self, searcher, q: Query, spec: dict) -> dict:
        try:
            return searcher.aggregate(q, spec)
        except ValueError as exc:
            raise ArchiveError(f"the index {self.gen} cannot aggregate: {exc}") from exc

    def _named(self, name: str, buckets: list[dict]) -> list[tuple[str, int]]:
        idents = [str(b["key"]) for b in buckets]
        rows = [r for r in self.catalog.entity_rows(name, idents) if not r[0].startswith(("c:", "a:"))]
        names = qualified_names(rows) if name == "location" else {r[0]: r[1] for r in rows}
        return [(names.get(str(b["key"]), str(b["key"])), int(b["doc_count"])) for b in buckets]

    def buckets(self, req: SearchRequest, split: str | None = None, top: int = 10) -> Buckets:
        """Exact counts of the matches per publication day, overall or for the ``top`` values of
        ``split`` (outlet, location, person, organization, topic); undated matches apart."""
        q, _ = self.query(req)
        searcher = self._searcher()
        days = {"terms": {"field": "day", "size": 1_000_000, "segment_size": SEGMENT_SIZE}}
        total = self._count(searcher, q)
        undated = self._count(
            searcher, Query.boolean_query([(Occur.Must, q), (Occur.MustNot, Query.exists_query("ts"))])
        )
        series: list[tuple[str, dict[datetime.date, int]]] = []
        if split is None:
            result = self._aggregate(searcher, q, {"d": days})
            series.append(("all", _day_counts(result["d"]["buckets"])))
        else:
            if split not in FACET_FIELDS:
                raise QuerySyntaxError(f"cannot split by {split}: use one of {', '.join(FACET_FIELDS)}")
            field = FACET_FIELDS[split]
            dated = Query.boolean_query([(Occur.Must, q), (Occur.Must, Query.exists_query("ts"))])
            # The top values first, then days for those values only: a days sub-aggregation under
            # the plain terms aggregation is filled for every value (hundreds of outlets, thousands
            # of people) and dropped for all but the top, three times the work at 100k articles.
            head = {"s": {"terms": {"field": field, "size": top, "segment_size": SEGMENT_SIZE}}}
            buckets = self._aggregate(searcher, dated, head)["s"]["buckets"]
            keys = [str(b["key"]) for b in buckets]
            days_of: dict[str, list[dict]] = {}
            if keys:
                only = Query.boolean_query(
                    [(Occur.Must, dated), (Occur.Must, Query.term_set_query(self.schema, field, keys))]
                )
                terms = {"field": field, "size": len(keys), "segment_size": SEGMENT_SIZE, "include": keys}
                spec = {"s": {"terms": terms, "aggs": {"d": days}}}
                days_of = {
                    str(b["key"]): b["d"]["buckets"]
                    for b in self._aggregate(searcher, only, spec)["s"]["buckets"]
                }
            names = self._named(split, buckets)
            for (label, _n), key in zip(names, keys, strict=True):
                series.append((label, _day_counts(days_of.get(key, []))))
        return Buckets(series, undated, total)

    def matching_ids(self, req: SearchRequest) -> list[str]:
        """The ids of every article a request matches (for ``retag QUERY``)."""
        q, _ = self.query(req)
        searcher = self._searcher()
        return [
            searcher.doc(a)["id"][0]
            for _s, a in self._keyset(searcher, q, "key", Order.Asc, STREAM_PAGE, None)
        ]


def _unmarked(text: str) -> str:
    """Text without the snippet markers (so a marker in a snippet is always ours)."""
    return text.replace(HL_START, " ").replace(HL_END, " ") if HL_START in text or HL_END in text else text


def _collapse(fragment: str, ranges: list[tuple[int, int]]) -> tuple[str, list[list[int]]]:
    """A fragment with its whitespace runs collapsed, and its highlight ranges moved to match.

    >>> _collapse("the  mayor\\n of", [(5, 10)])
    ('the mayor of', [[4, 9]])
    """
    pieces, pos = [], 0
    for start, end in ranges:
        pieces += [(fragment[pos:start], False), (fragment[start:end], True)]
        pos = end
    pieces.append((fragment[pos:], False))
    text, highlights = "", []
    for piece, marked in pieces:
        piece = _SPACES.sub(" ", piece)
        if not text or text.endswith(" "):
            piece = piece.lstrip(" ")
        if marked and piece:
            highlights.append([len(text), len(text) + len(piece)])
        text += piece
    return text.rstrip(), highlights


_SPACES = re.compile(r"\s+")


def _day_counts(buckets: list[dict]) -> dict[datetime.date, int]:
    return {EPOCH + datetime.timedelta(days=int(b["key"])): int(b["doc_count"]) for b in buckets}


def _seconds(day: datetime.date) -> int:
    return int(datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.timezone.utc).timestamp())


def _has_words(node) -> bool:
    if isinstance(node, (Term, Phrase)):
        return True
    if isinstance(node, Field):
        return node.name == "title"
    if isinstance(node, (And, Or)):
        return any(_has_words(c) for c in node.nodes)
    return False


# --- generations ------------------------------------------------------------------------------------


@contextlib.contextmanager
def _index_lock(root: Path):
    """Serialize creating and swapping generations between processes."""
    base = root / INDEX_DIRNAME
    base.mkdir(parents=True, exist_ok=True)
    with open(base / ".lock", "a+b") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _new_generation(root: Path) -> Path:
    base = root / INDEX_DIRNAME
    base.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    gen = base / f"gen-{stamp}-{os.getpid()}-{time.monotonic_ns() % 10**9}"
    (gen / TEXT_DIR).mkdir(parents=True)
    return gen


def _swap_current(root: Path, gen: Path) -> None:
    """Point ``current`` at ``gen`` in one atomic rename (readers see the old or the new whole)."""
    base = root / INDEX_DIRNAME
    link = base / f".current-{os.getpid()}"
    link.unlink(missing_ok=True)
    os.symlink(gen.name, link)
    os.replace(link, base / "current")
    fd = os.open(base, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def rebuild_index(root: Path, fill: Callable[[TantivyEngine], Any]) -> TantivyEngine:
    """Build a fresh index generation with ``fill(engine)`` and make it current when complete.

    Generations other than the current one (earlier rebuilds, one a killed rebuild left half
    built) are removed after the swap; so is an index of the earlier FTS5 engine.
    """
    root = Path(root)
    gen = _new_generation(root)
    engine = TantivyEngine(root, gen)
    try:
        engine._bulk = engine._index.writer(WRITER_HEAP * 2, 0)
        fill(engine)
        engine._bulk.commit()
        engine._bulk.wait_merging_threads()
        engine._bulk = None
    except BaseException:
        engine._bulk = None
        engine.close()
        shutil.rmtree(gen, ignore_errors=True)
        raise
    with _index_lock(root):
        _swap_current(root, gen)
        for old in (root / INDEX_DIRNAME).glob("gen-*"):
            if old != gen:
                shutil.rmtree(old, ignore_errors=True)
        for name in LEGACY_FILES:
            (root / name).unlink(missing_ok=True)
    engine._index.reload()
    return engine
