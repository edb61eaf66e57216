"""The search plan: how one ``SearchRequest`` becomes SQL over the index (see ``archiver.index.sqlite``).

A text query normally drives the plan: the FTS MATCH is the outer loop (written as ``CROSS JOIN``,
which SQLite never reorders), tag filters are ``EXISTS`` probes on the ``(doc, entity)`` primary
key. Three things keep a search interactive when it matches a large share of a big archive:

- **Count first, rank a bounded set.** FTS5 computes bm25 for every row it returns, so ranking a
  word found in 700k articles costs seconds. The exact count needs only rowids (cheap). When it is
  over ``rank_candidates``, only the newest (highest ``doc``, i.e. most recently indexed) that many
  matches are scored: FTS5 walks its doclist backwards for ``ORDER BY rowid DESC LIMIT N`` and
  scores just those rows. ``SearchResult.ranked_within`` says so; ``total`` stays exact.
- **Date sorts and listings walk the date index** (``articles(date_key, doc)``) with the match as
  an ``EXISTS`` probe when the match set is large, so they stop after ``limit`` hits and never
  compute bm25. A small match set is sorted directly.
- **Facets over a large set are counted on the same bounded sample** of newest matches
  (``SearchResult.facets_sampled``); exact when the set is small.

- **Filters on a large set are checked on a sample.** When neither a small tag set nor a short
  date range can drive the plan, filters on a big text match (``mayor location:US``) or on every
  article are checked in the window of the newest ``rank_candidates`` candidates; ``total`` is
  scaled up from it (``SearchResult.total_exact`` is False) and ranking and facets use the same
  window. A window with fewer hits than asked for falls back to the exact plan.

A text query with a rare tag filter (``mayor person:Boughton``) starts from the filter's few
articles and seeks each in the FTS match, then ranks them in one FTS cursor (bm25 reads each term's
document frequency once per cursor: a cursor per article would pay it per article). A short date
range is intersected with the text match's rowids in one pass. A query with filters only starts
from the smallest tag filter, or, when every filter is common, from the date index.

Known cost that still grows with the archive: a phrase (or a negated term) is verified in every
article holding all its words before it is counted, so a phrase of two very common words costs
about 2 ms per thousand candidate articles.
"""

from __future__ import annotations

import datetime
import json
import zlib
from typing import Any

from archiver.index.engine import (
    HL_END,
    HL_START,
    SNIPPET_TOKENS,
    Hit,
    SearchResult,
    clean_snippet,
    field_key,
    lead_snippet,
)
from archiver.index.engine import dicts as _dicts
from archiver.index.query import And, Field, Not, Or, Phrase, Query, SearchRequest, Term

# The FTS5 schema's tag kinds (archiver.index.sqlite passes its connection and entity lookup in).
OUTLET, LOCATION, PERSON, ORGANIZATION, TOPIC = 1, 2, 3, 4, 5
KIND_OF_FIELD = {
    "outlet": OUTLET,
    "location": LOCATION,
    "person": PERSON,
    "organization": ORGANIZATION,
    "topic": TOPIC,
}
FACET_NAMES = {OUTLET: "outlet", LOCATION: "location", PERSON: "person", TOPIC: "topic"}

FACET_SIZE = 10
MAX_INLINE_ENTITIES = 500
DRIVER_PROBE_ROWS = 20_000  # a tag filter on fewer articles than this may drive the plan
DRIVER_RATIO = 4  # ... when the text matches at least this many times more articles


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""').replace("\x00", " ") + '"'


def fts_expression(node: Query, *, relaxed: bool = False) -> str | None:
    """The FTS5 MATCH expression for a text-only node, or None when SQL must evaluate it.

    Every word is a quoted string, so no user input can be FTS5 syntax. Negation needs a positive
    term beside it: FTS5's NOT is binary (``a NOT b``). ``relaxed`` gives a cheap superset: each
    phrase becomes its words ANDed and negated phrases are dropped (FTS5 checks a phrase's positions
    in every article that holds all its words; a superset only needs the doclists).
    """
    if isinstance(node, Term):
        return _quote(node.word) + (" *" if node.prefix else "")
    if isinstance(node, Phrase):
        if relaxed:
            return "(" + " AND ".join(_quote(word) for word in node.words) + ")"
        return _quote(" ".join(node.words))
    if isinstance(node, Field):
        if node.name != "title":
            return None
        return "title : " + _quote(node.value) + (" *" if node.prefix else "")
    if isinstance(node, And):
        positive, negative = [], []
        for child in node.nodes:
            if isinstance(child, Not):
                inner = fts_expression(child.node)
                if inner is not None and relaxed and _has_phrase(child.node):
                    continue
            else:
                inner = fts_expression(child, relaxed=relaxed)
            if inner is None:
                return None
            (negative if isinstance(child, Not) else positive).append(inner)
        if not positive:
            return None
        expr = "(" + " AND ".join(positive) + ")"
        return expr + (" NOT (" + " OR ".join(negative) + ")" if negative else "")
    if isinstance(node, Or):
        parts = [fts_expression(child, relaxed=relaxed) for child in node.nodes]
        return None if any(p is None for p in parts) else "(" + " OR ".join(parts) + ")"  # type: ignore[arg-type]
    return None


def _has_phrase(node: Query) -> bool:
    if isinstance(node, Phrase):
        return True
    if isinstance(node, (And, Or)):
        return any(_has_phrase(child) for child in node.nodes)
    return isinstance(node, Not) and _has_phrase(node.node)


def _is_text(node: Query) -> bool:
    return fts_expression(node.node if isinstance(node, Not) else node) is not None


class Search:
    """One search: splits the AST into an FTS match and SQL filters, picks a plan, runs it."""

    def __init__(self, index: Any, node: Query, req: SearchRequest) -> None:
        self.index = index
        self.conn = index._conn
        self.req = req
        self.cap = max(1, index.rank_candidates)
        conjuncts = list(node.nodes) if isinstance(node, And) else [node]
        text = [c for c in conjuncts if _is_text(c)]
        self.match = fts_expression(And(tuple(text))) if text else None
        self.relaxed = fts_expression(And(tuple(text)), relaxed=True) if text else None
        rest = conjuncts if self.match is None else [c for c in conjuncts if not _is_text(c)]
        self.never = False
        self.params: list[Any] = []
        self.driver: tuple[str, list[Any]] | None = None
        self._fts_count: int | None = None
        self.window: int | None = None  # lowest doc of the sample window, when counting by sample
        self.filters = self._filters(rest)
        self.dates: list[str] = []
        if req.since:
            self.dates.append(req.since.isoformat())
        if req.until:
            self.dates.append((req.until + datetime.timedelta(days=1)).isoformat())
        self.date_driven = not self.never and self._date_driven()

    # --- planning ----------------------------------------------------------------------------------

    def fts_count(self) -> int:
        """How many articles the relaxed text matches (rowids only: no bm25, no positions read):
        the text match's exact count when it holds no phrase, else an upper bound."""
        if self._fts_count is None:
            self._fts_count = self.conn.execute(
                "SELECT count(*) FROM fts WHERE fts MATCH ?", (self.relaxed,)
            ).fetchone()[0]
        return self._fts_count

    def _filters(self, conjuncts: list[Query]) -> list[str]:
        # Start from the positive tag filter that matches the fewest articles, unless even that one
        # is common (walking the date index, or the text match, finds hits sooner), or the text
        # matches fewer articles still.
        best: tuple[int, int, tuple[str, list[Any]]] | None = None
        for i, c in enumerate(conjuncts):
            if isinstance(c, Field) and c.name != "title":
                entities = self._entity_set(c)
                if entities is None:
                    self.never = True
                    return []
                size = self._probe(entities)
                if size < DRIVER_PROBE_ROWS and (best is None or size < best[0]):
                    best = (size, i, entities)
        if best is not None and (self.match is None or best[0] * DRIVER_RATIO < self.fts_count()):
            self.driver = best[2]
            conjuncts = [c for i, c in enumerate(conjuncts) if i != best[1]]
        return [self._sql(c) for c in conjuncts]

    def _entity_set(self, node: Field) -> tuple[str, list[Any]] | None:
        """The entities a field filter names, as SQL for ``IN (...)`` and its parameters."""
        ids = self.index._entity_ids(node.name, node.value, node.prefix)
        if not ids:
            return None
        if len(ids) <= MAX_INLINE_ENTITIES:
            return ",".join("?" * len(ids)), ids
        kind, key = KIND_OF_FIELD[node.name], field_key(node.name, node.value)
        if node.prefix:
            return "SELECT entity FROM tag_keys WHERE kind = ? AND key >= ? AND key < ?", [
                kind,
                key,
                key + "\U0010ffff",
            ]
        return "SELECT entity FROM tag_keys WHERE kind = ? AND key = ?", [kind, key]

    def _probe(self, entities: tuple[str, list[Any]]) -> int:
        return self.conn.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM article_tags WHERE entity IN ({entities[0]}) LIMIT ?)",
            (*entities[1], DRIVER_PROBE_ROWS),
        ).fetchone()[0]

    def _sql(self, node: Query) -> str:
        """A SQL condition on ``m.doc`` for ``node``; appends its parameters to ``self.params``."""
        text = fts_expression(node)
        if text is not None:
            self.params.append(text)
            return "m.doc IN (SELECT rowid FROM fts WHERE fts MATCH ?)"
        if isinstance(node, Field):
            entities = self._entity_set(node)
            if entities is None:
                return "0"
            self.params += entities[1]
            # Few entities: seek (doc, entity) for each. Many (location:US): read the doc's dozen
            # tags and test each against the set ("+" keeps SQLite from seeking per entity).
            column = "t.entity" if len(entities[1]) <= 8 and "SELECT" not in entities[0] else "+t.entity"
            return (
                f"EXISTS (SELECT 1 FROM article_tags t WHERE t.doc = m.doc AND {column} IN ({entities[0]}))"
            )
        if isinstance(node, Not):
            return f"NOT ({self._sql(node.node)})"
        if isinstance(node, And):
            return "(" + " AND ".join(self._sql(c) for c in node.nodes) + ")" if node.nodes else "1"
        if isinstance(node, Or):
            return "(" + " OR ".join(self._sql(c) for c in node.nodes) + ")"
        raise TypeError(f"not a query node: {node!r}")  # pragma: no cover

    def _date_bounds(self, column: str = "date_key") -> str:
        """The condition on ``column`` (a date key) for the request's date range (which must be
        set); its parameters are ``self.dates``."""
        since = [f"{column} >= ?"] if self.req.since else []
        return " AND ".join(since + ([f"{column} < ?"] if self.req.until else []))

    def _date_driven(self) -> bool:
        """Whether a date range selects so few articles that probing each beats the text match."""
        if self.match is None or self.driver is not None or not self.dates:
            return False
        size = self.conn.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM articles WHERE {self._date_bounds()} LIMIT ?)",
            (*self.dates, DRIVER_PROBE_ROWS),
        ).fetchone()[0]
        return size < DRIVER_PROBE_ROWS and size * DRIVER_RATIO < self.fts_count()

    def matching(
        self, *, rank: bool = False, date: bool = False, by_date: bool = False, windowed: bool = False
    ) -> tuple[str, list[Any]]:
        """SQL selecting ``doc``, ``r`` (bm25 if ``rank``, else 0) and, with ``date``, ``dk`` (the
        date key) of every matching article, and its parameters.

        ``rank`` is for plans driven by the text match only: bm25 looks up each term's document
        frequency once per FTS cursor, and a probe per article opens a cursor per article.
        ``by_date`` starts from the articles (their date index) and probes the text match per
        article: the plan for "newest matches first" over a large match set. ``windowed`` keeps only
        the sample window's articles (``doc >= self.window``; see ``count``).
        """
        window = self.window if windowed else None
        params: list[Any] = []
        where = list(self.filters)
        joined_date = "a.date_key"
        outer_dates = True
        if self.driver is not None:
            entities, entity_params = self.driver
            tagged = f"SELECT DISTINCT doc FROM article_tags WHERE entity IN ({entities})"
            if self.match is not None:
                source = (
                    f"(SELECT d.doc AS doc FROM ({tagged}) d CROSS JOIN fts ON fts.rowid = d.doc "
                    "WHERE fts MATCH ?) m"
                )
                params += [*entity_params, self.match]
            else:
                source = f"({tagged}) m"
                params += entity_params
            r, dk = "0", joined_date
        elif self.match is not None and not by_date:
            # A short date range: one pass over the text matches' rowids, each tested against the
            # range's articles (one FTS cursor, so bm25 stays cheap), not an FTS probe per article.
            dated = ""
            if self.date_driven:
                dated = f" AND +rowid IN (SELECT doc FROM articles WHERE {self._date_bounds()})"
            above = " AND rowid >= ?" if window is not None else ""
            scored = "rank" if rank else "0"
            source = f"(SELECT rowid AS doc, {scored} AS r FROM fts WHERE fts MATCH ?{dated}{above}) m"
            params.append(self.match)
            if self.date_driven:
                params += self.dates
            if window is not None:
                params.append(window)
            r, dk = "m.r", joined_date
            outer_dates = not self.date_driven
        else:
            source, r, dk = "articles m", "0", "m.date_key"
            if self.match is not None:
                where.insert(0, "EXISTS (SELECT 1 FROM fts WHERE fts MATCH ? AND rowid = m.doc)")
                params.append(self.match)
            if window is not None:
                where.insert(0, "m.doc >= ?")
                params.insert(0, window)
        dates = self.dates if outer_dates else []
        join = " CROSS JOIN articles a ON a.doc = m.doc" if dk == joined_date and (dates or date) else ""
        if dates:
            where.append(self._date_bounds(dk))
        params += self.params + dates
        columns = f"m.doc AS doc, {r} AS r" + (f", {dk} AS dk" if date else "")
        return f"SELECT {columns} FROM {source}{join} WHERE {' AND '.join(where) or '1'}", params

    def _rank_docs(self, limit: int) -> list[tuple[int, float]]:
        """The top ``limit`` of the (few) matching articles a tag or date driver finds, by bm25, in
        one FTS cursor over their rowid span (see ``matching``)."""
        sql, params = self.matching()
        docs = [row[0] for row in self.conn.execute(sql, params)]
        if not docs:
            return []
        return self.conn.execute(
            "SELECT rowid, rank FROM fts WHERE fts MATCH ? AND rowid >= ? AND rowid <= ? "
            "AND +rowid IN (SELECT value FROM json_each(?)) ORDER BY rank, rowid LIMIT ?",
            (self.match, min(docs), max(docs), json.dumps(docs), limit),
        ).fetchall()

    # --- running -----------------------------------------------------------------------------------

    def run(self) -> SearchResult:
        """Execute the plan: the exact count, the page of ranked hits and (if asked) the facets."""
        req = self.req
        if self.never:
            return SearchResult(0, [], _empty_facets() if req.facets else None)
        total, exact = self.count(0 if req.count_only else req.limit)
        large = total > self.cap or self.window is not None
        hits: list[Hit] = []
        ranked_within = None
        if not req.count_only and req.limit > 0 and total:
            relevance = self.match is not None and req.sort == "relevance"
            # A limit beyond the candidate set (retag's "every match") ranks everything.
            capped = relevance and large and req.limit <= self.cap
            rows = self._top(req.limit, relevance, capped, large)
            hits = [self._hit(doc, r) for doc, r in rows]
            ranked_within = self.cap if capped else None
        facets = self._facets(large) if req.facets else None
        return SearchResult(
            total,
            hits,
            facets,
            ranked_within=ranked_within,
            facets_sampled=bool(req.facets and large),
            total_exact=exact,
        )

    def count(self, wanted: int) -> tuple[int, bool]:
        """The number of matching articles, and whether it is exact.

        Without filters the count is exact and cheap. With filters on a large text match (or on
        every article) that no small tag or date set drives, checking each candidate would take
        seconds at a million articles, so they are checked in a window of the newest
        ``rank_candidates`` candidates and the count is scaled up from it; ranking and facets then
        use the same window. The window is dropped (exact count, full plan) when it holds fewer
        than ``wanted`` matches, so a selective filter still finds every hit. ``wanted == 0`` is
        ``--count``: the user asked for the number itself, so it is always exact.
        """
        base_only = not self.filters and not self.dates and self.driver is None
        if self.match is not None and base_only and self.relaxed == self.match:
            return self.fts_count(), True
        if self.match is None and base_only:
            return self.conn.execute("SELECT count(*) FROM articles").fetchone()[0], True
        if self.driver is None and not self.date_driven and (self.filters or self.match is not None):
            if self.match is not None:
                base = self.fts_count()
                edge = "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?"
                edge_params: tuple = (self.relaxed, self.cap - 1)
            else:
                base = self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
                edge, edge_params = (
                    "SELECT doc FROM articles ORDER BY doc DESC LIMIT 1 OFFSET ?",
                    (self.cap - 1,),
                )
            if base > self.cap and wanted > 0:
                self.window = self.conn.execute(edge, edge_params).fetchone()[0]
                sql, params = self.matching(windowed=True)
                found = self.conn.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0]
                if found >= max(1, wanted):
                    return round(found * base / self.cap), False
                self.window = None
        sql, params = self.matching()
        return self.conn.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0], True

    def _top(self, limit: int, relevance: bool, capped: bool, large: bool) -> list[tuple[int, float]]:
        if relevance and self.driver is not None:
            return self._rank_docs(limit)
        if relevance:
            if self.window is not None:
                sql, params = self.matching(rank=True, windowed=True)
            else:
                sql, params = self.matching(rank=True)
                if capped:
                    # FTS5 serves rowid DESC from its doclist, scoring only the rows it returns.
                    sql, params = f"{sql} ORDER BY doc DESC LIMIT ?", [*params, self.cap]
            order = "r, doc"
        else:
            # A date sort of a large match set walks the date index and stops at `limit` hits.
            sql, params = self.matching(date=True, by_date=large)
            direction = "ASC" if self.req.sort == "oldest" else "DESC"
            order = f"dk {direction}, doc {direction}"
        return self.conn.execute(
            f"SELECT doc, r FROM ({sql}) ORDER BY {order} LIMIT ?", (*params, limit)
        ).fetchall()

    def _hit(self, doc: int, rank: float) -> Hit:
        article_id, title, published, blob = self.conn.execute(
            "SELECT id, title, published, sidecar FROM articles WHERE doc = ?", (doc,)
        ).fetchone()
        sidecar = json.loads(zlib.decompress(blob))
        snippet, highlights = "", []
        if self.match is not None:
            row = self.conn.execute(
                f"SELECT snippet(fts, 1, '{HL_START}', '{HL_END}', '…', {SNIPPET_TOKENS}) FROM fts "
                "WHERE fts MATCH ? AND rowid = ?",
                (self.match, doc),
            ).fetchone()
            if row is not None:
                snippet, highlights = clean_snippet(row[0] or "")
        else:
            row = self.conn.execute("SELECT substr(body, 1, 800) FROM fts WHERE rowid = ?", (doc,)).fetchone()
            snippet = lead_snippet(row[0] if row else "")
        outlet = sidecar.get("outlet") if isinstance(sidecar.get("outlet"), dict) else {}
        return Hit(
            id=article_id,
            title=title,
            outlet=outlet.get("name") or outlet.get("domain") or None,
            published=published,
            score=-float(rank) if rank else 0.0,
            snippet=snippet,
            highlights=highlights,
            tags={
                "people": [p.get("name") for p in _dicts(sidecar.get("people")) if p.get("name")],
                "locations": [p.get("name") for p in _dicts(sidecar.get("locations")) if p.get("name")],
                "organizations": [
                    o.get("name") for o in _dicts(sidecar.get("organizations")) if o.get("name")
                ],
                "topics": [t.get("label") or t.get("code") for t in _dicts(sidecar.get("topics"))],
            },
        )

    def _facets(self, sampled: bool) -> dict[str, list[tuple[str, int]]]:
        if sampled and self.window is not None:
            sql, params = self.matching(windowed=True)
        else:
            sql, params = self.matching()
            if sampled:
                sql, params = f"{sql} ORDER BY doc DESC LIMIT ?", [*params, self.cap]
        kinds = ",".join(str(k) for k in FACET_NAMES)
        rows = self.conn.execute(
            "SELECT kind, display, n FROM ("
            "  SELECT e.kind AS kind, e.display AS display, c.n AS n,"
            "         row_number() OVER (PARTITION BY e.kind ORDER BY c.n DESC, e.display) AS place"
            "  FROM (SELECT t.entity AS entity, count(*) AS n"
            f"        FROM ({sql}) f CROSS JOIN article_tags t ON t.doc = f.doc GROUP BY t.entity) c"
            f"  JOIN entities e ON e.id = c.entity WHERE e.kind IN ({kinds})"
            f") WHERE place <= {FACET_SIZE} ORDER BY kind, place",
            params,
        ).fetchall()
        facets = _empty_facets()
        for kind, display, n in rows:
            facets[FACET_NAMES[kind]].append((display, n))
        return facets


def _empty_facets() -> dict[str, list[tuple[str, int]]]:
    return {name: [] for name in FACET_NAMES.values()}
