"""The search index: SQLite FTS5 over title, body and tag names, plus compact tag tables.

``index.sqlite`` is derived data (``archiver reindex`` rebuilds it from the WARC files). Layout
(``PRAGMA user_version`` = ``SCHEMA_VERSION``):

- ``articles(doc INTEGER PRIMARY KEY, id UNIQUE, title, published, date_key, dated, raw_digest,
  norm_digest, sidecar)``: one row per article; ``sidecar`` is the zlib-compressed sidecar JSON;
  ``date_key`` is the published time as written (offset dropped), or the ingested time (UTC) for
  articles with no usable published date (``dated`` = 0). Filters and date sorts use ``date_key``.
- ``fts(title, body, tags)``: FTS5, porter + unicode61 (remove_diacritics 2), a prefix index of 3
  characters (each prefix size costs as much build time as the text itself; a longer prefix scans
  the term list), rowid = ``articles.doc``. It stores the text itself, which ``snippet()`` needs;
  ``tags`` holds the names of the article's outlet, places, people, organizations and topic
  labels, so a plain search for a tagged name finds the article. BM25 weights: title 5, body 1, tags 1.
- ``entities(id, kind, ident, display)``: one row per distinct outlet, place, person, organization
  or topic; ``tag_keys(kind, key, entity)``: the normalized strings a field filter may name
  (name, aliases, surname, admin1, country, domain, topic code and path); ``article_tags(doc,
  entity)``: which article carries which tag. Filters and facets only touch these integer tables.

Field filters compare normalized keys (accents removed, case-folded, punctuation as spaces):
``person:`` a person's full name, an alias, or the surname alone (``person:Boughton``; a first name
alone does not match); ``location:`` a place's name, its admin1 (``location:Connecticut`` finds
Danbury) or its country code; ``outlet:`` name, domain (with or without ``www.``) or the domain's
first label (``outlet:kxan``); ``topic:`` code (``medtop:20000771`` or ``20000771``), label, or any
label on the stored path (``topic:immigration`` finds "illegal immigration"); ``org:`` name or alias.
A value ending in ``*`` matches keys by prefix.

Query plans live in ``archiver.index.plan``: counts are exact, ranking and facets of a large
match set use its newest ``rank_candidates`` matches (``SearchResult.ranked_within``,
``facets_sampled``).
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from archiver.errors import ArchiveError, QuerySyntaxError
from archiver.index.catalog import ArticleRows
from archiver.index.engine import (  # noqa: F401 - re-exported for the FTS5 plan and its tests
    HL_END,
    HL_START,
    SNIPPET_TOKENS,
    Hit,
    SearchResult,
    bare_digest,
    clean_snippet,
    date_key,
    field_key,
    lead_snippet,
    normalize_key,
)
from archiver.index.engine import dicts as _dicts
from archiver.index.plan import (  # noqa: F401 - the FTS5 tag kinds
    FACET_NAMES,
    KIND_OF_FIELD,
    LOCATION,
    ORGANIZATION,
    OUTLET,
    PERSON,
    TOPIC,
    Search,
)
from archiver.index.query import SearchRequest, request_query
from archiver.index.tags import names_of

SCHEMA_VERSION = 2
INDEX_FILENAME = "index.sqlite"
BUSY_TIMEOUT_MS = 5_000
BUSY_GIVE_UP_SECONDS = 120.0
BATCH_SIZE = 1000
STATS_TOP = 20
BM25_WEIGHTS = (5.0, 1.0, 1.0)  # title, body, tags
ENTITY_CACHE_MAX = 50_000
RANK_CANDIDATES = 10_000  # a larger match set is ranked among its newest this many (search_plan)

_SCHEMA = f"""
CREATE TABLE articles (
    doc INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    published TEXT,
    date_key TEXT NOT NULL,
    dated INTEGER NOT NULL,
    raw_digest TEXT,
    norm_digest TEXT,
    sidecar BLOB NOT NULL
);
CREATE INDEX articles_date ON articles(date_key, doc);
CREATE INDEX articles_raw ON articles(raw_digest);
CREATE INDEX articles_norm ON articles(norm_digest);
CREATE TABLE entities (
    id INTEGER PRIMARY KEY,
    kind INTEGER NOT NULL,
    ident TEXT NOT NULL,
    display TEXT NOT NULL,
    UNIQUE (kind, ident)
);
CREATE TABLE tag_keys (
    kind INTEGER NOT NULL,
    key TEXT NOT NULL,
    entity INTEGER NOT NULL,
    PRIMARY KEY (kind, key, entity)
) WITHOUT ROWID;
CREATE TABLE article_tags (
    doc INTEGER NOT NULL,
    entity INTEGER NOT NULL,
    PRIMARY KEY (doc, entity)
) WITHOUT ROWID;
CREATE INDEX article_tags_entity ON article_tags(entity, doc);
CREATE VIRTUAL TABLE fts USING fts5(
    title, body, tags,
    tokenize = 'porter unicode61 remove_diacritics 2',
    prefix = '3'
);
INSERT INTO fts(fts, rank) VALUES ('rank', 'bm25({", ".join(str(w) for w in BM25_WEIGHTS)})');
"""

T = TypeVar("T")


class Index(ArticleRows):
    """The search index of one archive. Use ``Index.open(path)``; close it, or use it in ``with``."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path
        self._entities: dict[tuple[int, str], tuple[int, set[str]]] = {}
        self._data_version: int | None = None
        self.rank_candidates = RANK_CANDIDATES

    # --- opening ---------------------------------------------------------------------------------

    @staticmethod
    def _file(path: Path) -> Path:
        path = Path(path)
        return path / INDEX_FILENAME if path.is_dir() else path

    @staticmethod
    def exists(path: Path) -> bool:
        """Whether the index file exists (``path``: ``ARCHIVE/index.sqlite`` or ``ARCHIVE``), so a
        missing index (run ``archiver reindex``) can be told from an empty archive."""
        return Index._file(path).is_file()

    @classmethod
    def open(cls, path: Path, *, reset_incompatible: bool = False) -> Index:
        """Open (creating if needed) the index at ``path`` (the file, or the archive directory).

        Args:
            path: ``ARCHIVE/index.sqlite`` or ``ARCHIVE``.
            reset_incompatible: when the file holds another schema version, empty it and start
                over, and when it is damaged or not an index at all, delete it (with its ``-wal``
                and ``-shm`` files) and create a fresh one (what ``reindex`` wants) instead of raising.

        Raises:
            ArchiveError: the file is not an index, is damaged, or has another schema version.
        """
        path = cls._file(path)
        if path.is_file() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
            return cls._open_readonly(path)
        index = cls(cls._connect(path), path)
        try:
            index._setup(reset_incompatible)
        except sqlite3.DatabaseError as exc:
            index._close_quietly()
            if not reset_incompatible or not _is_damage(exc):
                raise index._failure(exc) from exc
            index._recreate()
        except BaseException:
            index._close_quietly()
            raise
        return index

    @classmethod
    def _open_readonly(cls, path: Path) -> Index:
        """Open an index the caller cannot write (read-only mount, another user's archive).

        ``mode=ro`` reads a WAL database while its ``-shm`` file exists or can be made; where
        neither holds, ``immutable=1`` reads the file as it is (no writer can run there either).
        Writes then fail with "attempt to write a readonly database".
        """
        from urllib.parse import quote

        last: Exception | None = None
        for query in ("mode=ro", "mode=ro&immutable=1"):
            try:
                conn = sqlite3.connect(
                    f"file:{quote(str(path))}?{query}",
                    uri=True,
                    timeout=BUSY_TIMEOUT_MS / 1000,
                    isolation_level=None,
                    check_same_thread=True,
                )
            except sqlite3.Error as exc:
                last = exc
                continue
            try:
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except sqlite3.Error as exc:
                conn.close()
                last = exc
                continue
            if version != SCHEMA_VERSION:
                conn.close()
                raise ArchiveError(
                    f"the index {path} has another schema version and is read-only here: "
                    "run `archiver reindex` as its owner"
                )
            return cls(conn, path)
        raise ArchiveError(f"cannot open the read-only index {path}: {last}")

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            return sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise ArchiveError(f"cannot open the index {path}: {exc}") from exc

    def _setup(self, reset_incompatible: bool) -> None:
        """Configure the connection and create the schema if needed; raises sqlite3 errors raw."""
        conn = self._conn
        self._retry_busy(lambda: conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}"))
        mode = self._retry_busy(lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone()[0])
        if str(mode).lower() != "wal":
            raise ArchiveError(f"the index {self.path} cannot use WAL mode (got {mode})")
        conn.execute("PRAGMA synchronous = NORMAL")  # derived data: WAL + NORMAL never corrupts
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA cache_size = -65536")
        conn.execute("PRAGMA mmap_size = 67108864")  # 64 MB: mapped pages count in RSS
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version != SCHEMA_VERSION:
            self._write_raw(lambda: self._create_schema(reset_incompatible))

    def _recreate(self) -> None:
        """Replace a damaged index file (and its ``-wal``/``-shm``) with a fresh, empty index.
        The connection must be closed already."""
        self._entities.clear()
        self._data_version = None
        try:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        except OSError as exc:
            raise ArchiveError(f"cannot delete the damaged index {self.path}: {exc}") from exc
        self._conn = self._connect(self.path)
        try:
            self._setup(False)
        except sqlite3.DatabaseError as exc:
            self._close_quietly()
            raise self._failure(exc) from exc
        except BaseException:
            self._close_quietly()
            raise

    def _close_quietly(self) -> None:
        try:
            self._conn.close()
        except sqlite3.Error:
            pass

    def _failure(self, exc: sqlite3.DatabaseError) -> ArchiveError:
        """The user-facing error for a database error other than a busy lock."""
        if not _is_damage(exc):
            return ArchiveError(f"cannot use the index {self.path}: {exc}")
        return ArchiveError(f"the index {self.path} is damaged ({exc}): delete it and run `archiver reindex`")

    def _create_schema(self, reset_incompatible: bool) -> None:
        conn = self._conn
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version == SCHEMA_VERSION:
            return  # another process created it while we waited for the lock
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        if version != 0 or tables:
            if not reset_incompatible:
                raise ArchiveError(
                    f"the index {self.path} has schema version {version}, this archiver uses "
                    f"{SCHEMA_VERSION}: run `archiver reindex`"
                )
            self._drop_all()
        for statement in _SCHEMA.split(";"):
            if statement.strip():
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _drop_all(self) -> None:
        conn = self._conn
        rows = conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
        names = {row[0] for row in rows}
        if "fts" in names:
            conn.execute("DROP TABLE fts")  # drops its shadow tables too
        for name in names:
            if name != "fts" and not name.startswith("fts_"):
                conn.execute(f'DROP TABLE IF EXISTS "{name}"')
        self._entities.clear()

    def close(self) -> None:
        """Close the database connection."""
        self._conn.close()

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- locking -----------------------------------------------------------------------------------

    def _retry(self, fn: Callable[[], T]) -> T:
        """Run ``fn``, retrying with backoff while another process holds the lock.

        Raises:
            ArchiveError: the lock stayed taken, or any other database error (a damaged index).
        """
        try:
            return self._retry_busy(fn)
        except sqlite3.ProgrammingError:
            raise  # misuse of the API: a bug, not the file's fault
        except sqlite3.DatabaseError as exc:
            raise self._failure(exc) from exc

    def _retry_busy(self, fn: Callable[[], T]) -> T:
        """Run ``fn``, retrying with backoff while another process holds the lock; other database
        errors are raised as they are."""
        delay, deadline = 0.02, time.monotonic() + BUSY_GIVE_UP_SECONDS
        while True:
            try:
                return fn()
            except sqlite3.OperationalError as exc:
                message = str(exc).lower()
                if "locked" not in message and "busy" not in message:
                    raise
                if time.monotonic() > deadline:
                    raise ArchiveError(
                        f"the index {self.path} stayed locked by another archiver process; try again"
                    ) from exc
                time.sleep(delay * (0.5 + random.random()))
                delay = min(delay * 2, 1.0)

    def _write(self, fn: Callable[[], T]) -> T:
        """Run ``fn`` in one write transaction (database errors as ``ArchiveError``; see ``_retry``)."""
        try:
            return self._write_raw(fn)
        except sqlite3.ProgrammingError:
            raise
        except sqlite3.DatabaseError as exc:
            raise self._failure(exc) from exc

    def _write_raw(self, fn: Callable[[], T]) -> T:
        """Run ``fn`` in one write transaction; database errors are raised as they are.

        ``BEGIN IMMEDIATE`` takes the write lock up front: a deferred transaction that reads and then
        writes can fail with SQLITE_BUSY_SNAPSHOT at once, busy timeout or not, in WAL mode.
        """
        conn = self._conn
        self._retry_busy(lambda: conn.execute("BEGIN IMMEDIATE"))
        try:
            version = conn.execute("PRAGMA data_version").fetchone()[0]
            if version != self._data_version:
                self._entities.clear()  # another connection committed: it may have cleared the index
            result = fn()
            conn.execute("COMMIT")
            self._data_version = conn.execute("PRAGMA data_version").fetchone()[0]
            return result
        except BaseException:
            try:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # a damaged file can fail the rollback too: report the first error
            self._entities.clear()
            raise

    # --- writing ---------------------------------------------------------------------------------

    def add_articles(self, items: Iterable[tuple[dict, str]], *, batch_size: int = BATCH_SIZE) -> int:
        """Index articles, replacing any already indexed under the same id.

        Args:
            items: ``(sidecar dict, normalized text)`` pairs, read lazily.
            batch_size: articles per transaction (one commit each: a batch is all or nothing,
                and other writers wait at most one batch).

        Returns:
            The number of articles indexed.
        """
        total = 0
        batch: list[tuple[dict, str]] = []
        for item in items:
            batch.append(item)
            if len(batch) >= batch_size:
                total += self._write(lambda b=batch: self._add_batch(b))
                batch = []
        if batch:
            total += self._write(lambda: self._add_batch(batch))
        return total

    def _add_batch(self, batch: list[tuple[dict, str]]) -> int:
        conn = self._conn
        strip = {ord(HL_START): " ", ord(HL_END): " "}
        for sidecar, text in batch:
            article_id = str(sidecar["id"])
            title = str(sidecar.get("title") or "")
            published = sidecar.get("published")
            key = date_key(published)
            dated = 1 if key else 0
            if key is None:
                key = date_key(sidecar.get("ingested")) or "0000-00-00T00:00:00"
            digests = sidecar.get("digests") or {}
            blob = zlib.compress(
                json.dumps(sidecar, ensure_ascii=False, separators=(",", ":"), default=str).encode(), 1
            )
            values = (
                title,
                published if isinstance(published, str) else (key if dated else None),
                key,
                dated,
                bare_digest(digests.get("raw")),
                bare_digest(digests.get("normalized")),
                blob,
            )
            row = conn.execute("SELECT doc FROM articles WHERE id = ?", (article_id,)).fetchone()
            if row is None:
                doc = conn.execute(
                    "INSERT INTO articles (id, title, published, date_key, dated, raw_digest, norm_digest, "
                    "sidecar) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (article_id, *values),
                ).lastrowid
            else:
                doc = row[0]
                conn.execute("DELETE FROM fts WHERE rowid = ?", (doc,))
                conn.execute("DELETE FROM article_tags WHERE doc = ?", (doc,))
                conn.execute(
                    "UPDATE articles SET title = ?, published = ?, date_key = ?, dated = ?, raw_digest = ?, "
                    "norm_digest = ?, sidecar = ? WHERE doc = ?",
                    (*values, doc),
                )
            entities, names = _article_entities(sidecar)
            conn.execute(
                "INSERT INTO fts (rowid, title, body, tags) VALUES (?, ?, ?, ?)",
                (doc, title.translate(strip), (text or "").translate(strip), "\n".join(names)),
            )
            ids = {self._entity_id(*entity) for entity in entities}
            conn.executemany(
                "INSERT OR IGNORE INTO article_tags (doc, entity) VALUES (?, ?)", [(doc, i) for i in ids]
            )
        return len(batch)

    def _entity_id(self, kind: int, ident: str, display: str, keys: frozenset[str]) -> int:
        cached = self._entities.get((kind, ident))
        if cached is not None and keys <= cached[1]:
            return cached[0]
        conn = self._conn
        if cached is None:
            # Look up before inserting: an upsert rewrites the row (and its page) every time, and a
            # fresh process meets every known entity once.
            row = conn.execute(
                "SELECT id FROM entities WHERE kind = ? AND ident = ?", (kind, ident)
            ).fetchone()
            if row is not None:
                entity = row[0]
            else:
                entity = conn.execute(
                    "INSERT INTO entities (kind, ident, display) VALUES (?, ?, ?)", (kind, ident, display)
                ).lastrowid
            written: set[str] = set()
        else:
            entity, written = cached
        new = keys - written
        conn.executemany(
            "INSERT OR IGNORE INTO tag_keys (kind, key, entity) VALUES (?, ?, ?)",
            [(kind, key, entity) for key in new],
        )
        written |= new
        if len(self._entities) > ENTITY_CACHE_MAX:
            self._entities.clear()
        self._entities[(kind, ident)] = (entity, written)
        return entity

    def remove(self, article_id: str) -> bool:
        """Remove one article (by full id) from the index; returns whether it was there."""

        def run() -> bool:
            row = self._conn.execute("SELECT doc FROM articles WHERE id = ?", (article_id,)).fetchone()
            if row is None:
                return False
            for table in ("fts WHERE rowid", "article_tags WHERE doc", "articles WHERE doc"):
                self._conn.execute(f"DELETE FROM {table} = ?", (row[0],))
            return True

        return self._write(run)

    def clear(self) -> None:
        """Empty the index (for ``reindex``); the schema stays. A damaged index file is deleted
        and created afresh (dropping its tables may fail on the damaged pages)."""

        def run() -> None:
            self._drop_all()
            self._conn.execute("PRAGMA user_version = 0")
            self._create_schema(False)

        try:
            self._write_raw(run)
            self._retry_busy(lambda: self._conn.execute("VACUUM"))
        except sqlite3.ProgrammingError:
            raise
        except sqlite3.DatabaseError as exc:
            if not _is_damage(exc):
                raise self._failure(exc) from exc
            self._close_quietly()
            self._recreate()

    def optimize(self) -> None:
        """Merge the FTS segments, forget tags no article carries, refresh planner statistics."""

        def run() -> None:
            conn = self._conn
            conn.execute("INSERT INTO fts (fts) VALUES ('optimize')")
            conn.execute("DELETE FROM entities WHERE id NOT IN (SELECT entity FROM article_tags)")
            conn.execute("DELETE FROM tag_keys WHERE entity NOT IN (SELECT id FROM entities)")
            conn.execute("PRAGMA optimize")
            self._entities.clear()

        self._write(run)
        self._retry(lambda: self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall())

    # --- lookups ---------------------------------------------------------------------------------

    def _read(self, sql: str, params: Iterable[Any] = ()) -> list[tuple]:
        return self._retry(lambda: self._conn.execute(sql, tuple(params)).fetchall())

    def check_integrity(self) -> list[str]:
        """What the engine finds wrong in its own files (``PRAGMA quick_check``); empty if sound."""
        try:
            rows = self._retry_busy(lambda: self._conn.execute("PRAGMA quick_check").fetchall())
        except sqlite3.DatabaseError as exc:
            return [str(exc)]
        return [str(row[0]) for row in rows if row[0] != "ok"]

    def has_raw_digest(self, sha: str) -> str | None:
        """The id of an article whose raw bytes have this sha256 (``sha256:<hex>`` or hex), or None."""
        rows = self._read(
            "SELECT id FROM articles WHERE raw_digest = ? ORDER BY doc LIMIT 1", (bare_digest(sha),)
        )
        return rows[0][0] if rows else None

    def has_normalized_digest(self, sha: str) -> str | None:
        """The id of the earliest-indexed article whose normalized text has this sha256, or None."""
        rows = self._read(
            "SELECT id FROM articles WHERE norm_digest = ? ORDER BY doc LIMIT 1", (bare_digest(sha),)
        )
        return rows[0][0] if rows else None

    def stats(self) -> dict[str, Any]:
        """Counts for ``archiver stats``.

        Returns:
            ``articles``, ``undated`` (no usable published date), ``outlets`` (every outlet),
            ``months`` (``YYYY-MM`` of publication, in order), and the top ``topics``, ``people``,
            ``locations`` and ``organizations``; each list holds ``(name, count)`` pairs.
        """
        result: dict[str, Any] = {"articles": self.count()}
        result["undated"] = self._read("SELECT count(*) FROM articles WHERE dated = 0")[0][0]
        result["months"] = [
            (month, n)
            for month, n in self._read(
                "SELECT substr(date_key, 1, 7) AS month, count(*) FROM articles WHERE dated = 1 "
                "GROUP BY month ORDER BY month"
            )
        ]
        for name, kind, limit in (
            ("outlets", OUTLET, -1),
            ("topics", TOPIC, STATS_TOP),
            ("people", PERSON, STATS_TOP),
            ("locations", LOCATION, STATS_TOP),
            ("organizations", ORGANIZATION, STATS_TOP),
        ):
            rows = self._read(
                "SELECT e.display, c.n FROM (SELECT t.entity AS entity, count(*) AS n FROM entities e2 "
                "CROSS JOIN article_tags t ON t.entity = e2.id WHERE e2.kind = ? GROUP BY t.entity) c "
                "JOIN entities e ON e.id = c.entity ORDER BY c.n DESC, e.display LIMIT ?",
                (kind, limit),
            )
            result[name] = [(display, n) for display, n in rows]
        return result

    # --- search ----------------------------------------------------------------------------------

    def search(self, req: SearchRequest) -> SearchResult:
        """Run a search: parse the query, find, rank, and build hits with snippets (and facets).

        Raises:
            QuerySyntaxError: the query cannot be parsed.
            UsageError: a bad sort, limit or date range.
        """

        node = request_query(req)
        try:
            return self._retry_busy(lambda: Search(self, node, req).run())
        except sqlite3.OperationalError as exc:
            if "fts5" in str(exc):  # a safety net: the translation quotes every term, so never expected
                raise QuerySyntaxError(f"the query cannot be run: {exc}") from exc
            raise self._failure(exc) from exc
        except sqlite3.ProgrammingError:
            raise
        except sqlite3.DatabaseError as exc:
            raise self._failure(exc) from exc

    def matching_ids(self, req: SearchRequest) -> list[str]:
        """The ids of every article a request matches, in index order: no ranking, no snippets
        (for ``retag QUERY``, where ``search(limit=10**9)`` would build a snippet per article).

        Raises:
            QuerySyntaxError: the query cannot be parsed.
        """

        node = request_query(req)

        def run() -> list[str]:
            plan = Search(self, node, req)
            if plan.never:
                return []
            sql, params = plan.matching()
            rows = self._conn.execute(
                f"SELECT x.id FROM ({sql}) f CROSS JOIN articles x ON x.doc = f.doc ORDER BY f.doc", params
            )
            return [row[0] for row in rows]

        return self._retry(run)

    def _entity_ids(self, name: str, value: str, prefix: bool) -> list[int]:
        kind = KIND_OF_FIELD[name]
        key = field_key(name, value)
        if prefix:
            rows = self._conn.execute(
                "SELECT DISTINCT entity FROM tag_keys WHERE kind = ? AND key >= ? AND key < ?",
                (kind, key, key + "\U0010ffff"),
            ).fetchall()
        else:
            rows = self._conn.execute(
                "SELECT entity FROM tag_keys WHERE kind = ? AND key = ?", (kind, key)
            ).fetchall()
        return [row[0] for row in rows]


# --- database errors ---------------------------------------------------------------------------------

# Operational failures that say nothing about the file's contents: deleting the index would not help.
_NOT_DAMAGE = (
    "locked",
    "busy",
    "disk is full",
    "readonly",
    "read-only",
    "disk i/o",
    "unable to open",
    "out of memory",
    "interrupted",
)


def _is_damage(exc: sqlite3.DatabaseError) -> bool:
    """Whether a (non-busy) database error means the index file is damaged or not an index:
    corruption, "file is not a database", or a schema missing its tables or columns."""
    if isinstance(exc, sqlite3.ProgrammingError):
        return False
    if isinstance(exc, sqlite3.OperationalError):
        message = str(exc).lower()
        return not any(text in message for text in _NOT_DAMAGE)
    return True


# --- tags of one article ----------------------------------------------------------------------------


def _article_entities(sidecar: dict) -> tuple[list[tuple[int, str, str, frozenset[str]]], list[str]]:
    """The entities an article is tagged with, ``(kind, ident, display, keys)``, and its tag names."""
    entities: list[tuple[int, str, str, frozenset[str]]] = []
    names: list[str] = []

    def add(kind: int, ident: str, display: str, keys: Iterable[str]) -> None:
        clean = frozenset(k for k in keys if k)
        if ident and display and clean:
            entities.append((kind, ident, display, clean))

    outlet = sidecar.get("outlet")
    if isinstance(outlet, dict):
        name = (outlet.get("name") or "").strip()
        domain = (outlet.get("domain") or "").strip().lower()
        if domain.startswith("www."):
            domain = domain[4:]
        keys = {normalize_key(name), normalize_key(domain)}
        if domain:
            keys.add(normalize_key(domain.split(".")[0]))
        add(OUTLET, normalize_key(domain) or normalize_key(name), name or domain, keys)
        names += names_of(name)
    for place in _dicts(sidecar.get("locations")):
        name = (place.get("name") or "").strip()
        admin1 = place.get("admin1") if isinstance(place.get("admin1"), str) else ""
        country = place.get("country") if isinstance(place.get("country"), str) else ""
        geonames = place.get("geonames_id")
        ident = f"g{geonames}" if geonames else "|".join(normalize_key(x) for x in (name, admin1, country))
        keys = {normalize_key(name), normalize_key(admin1), normalize_key(country)}
        keys.update(normalize_key(x) for x in names_of(place.get("country_name"), place.get("aliases")))
        add(LOCATION, ident, name, keys)
        names += names_of(name)
    for person in _dicts(sidecar.get("people")):
        name = (person.get("name") or "").strip()
        full = normalize_key(name)
        keys = {full, *(normalize_key(a) for a in names_of(person.get("aliases")))}
        if " " in full:
            keys.add(full.rsplit(" ", 1)[1])  # the surname alone: person:Boughton
        add(PERSON, full, name, keys)
        names += names_of(name, person.get("aliases"))
    for org in _dicts(sidecar.get("organizations")):
        name = (org.get("name") or "").strip()
        keys = {normalize_key(name), *(normalize_key(a) for a in names_of(org.get("aliases")))}
        add(ORGANIZATION, normalize_key(name), name, keys)
        names += names_of(name, org.get("aliases"))
    for topic in _dicts(sidecar.get("topics")):
        code = normalize_key(str(topic.get("code") or ""))
        label = (topic.get("label") or "").strip()
        if code.startswith("medtop "):
            code = code[len("medtop ") :]
        keys = {code, normalize_key(label), *(normalize_key(p) for p in names_of(topic.get("path")))}
        add(TOPIC, code or normalize_key(label), label or code, keys)
        names += names_of(label)
    return entities, list(dict.fromkeys(names))
