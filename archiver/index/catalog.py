"""The catalog: which articles are archived, where their records are, and the names of their tags.

A small SQLite file beside the full-text index (``catalog.sqlite`` in an index generation). It
answers the lookups that must be exact and fast whatever the text engine is: "is this id (or this
digest) archived" for the duplicate check, an id prefix for ``show``, the stored sidecar, and the
entity tables that turn a filter value into entity tokens and a token into its display name.

Tables: ``articles(doc, id UNIQUE, raw_digest, norm_digest, sidecar)`` (``sidecar`` is zlib'd
JSON), ``entities(field, ident, display, kind, country, admin1)``, ``tag_keys(field, key, ident)``.
"""

from __future__ import annotations

import json
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from archiver.errors import AmbiguousId, ArchiveError, RecordNotFound
from archiver.index.engine import bare_digest
from archiver.index.tags import Entity

CATALOG_FILENAME = "catalog.sqlite"
SCHEMA_VERSION = 1
BUSY_SECONDS = 120.0
T = TypeVar("T")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    doc INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    raw_digest TEXT,
    norm_digest TEXT,
    sidecar BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_raw ON articles(raw_digest);
CREATE INDEX IF NOT EXISTS articles_norm ON articles(norm_digest);
CREATE TABLE IF NOT EXISTS entities (
    field TEXT NOT NULL,
    ident TEXT NOT NULL,
    display TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT '',
    country TEXT NOT NULL DEFAULT '',
    admin1 TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (field, ident)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entities_display ON entities(field, display);
CREATE TABLE IF NOT EXISTS tag_keys (
    field TEXT NOT NULL,
    key TEXT NOT NULL,
    ident TEXT NOT NULL,
    PRIMARY KEY (field, key, ident)
) WITHOUT ROWID;
"""


def _connect(path: Path) -> sqlite3.Connection:
    """A connection in WAL mode; on an archive the caller cannot write, a read-only one (every
    reading command works there too)."""
    conn = sqlite3.connect(str(path), timeout=5.0, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        return conn
    except sqlite3.OperationalError as exc:
        if "readonly" not in str(exc) and "read-only" not in str(exc):
            raise
        conn.close()
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5.0, isolation_level=None)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
    return sqlite3.connect(f"file:{path}?immutable=1", uri=True, isolation_level=None)


class ArticleRows:
    """Lookups over an ``articles`` table (``id``, zlib-compressed JSON ``sidecar``) shared by the
    SQLite files that hold one: the catalog and the FTS5 engine. The class using it gives
    ``_read(sql, params) -> rows``."""

    def _read(self, sql: str, params: Iterable[Any] = ()) -> list[tuple]:
        raise NotImplementedError

    def count(self) -> int:
        """The number of articles."""
        return self._read("SELECT count(*) FROM articles")[0][0]

    def ids(self) -> Iterator[str]:
        """Every id, in order, read in pages (no long read transaction)."""
        last = ""
        while True:
            rows = self._read("SELECT id FROM articles WHERE id > ? ORDER BY id LIMIT 1000", (last,))
            if not rows:
                return
            yield from (row[0] for row in rows)
            last = rows[-1][0]

    def get(self, article_id: str) -> dict | None:
        """The stored sidecar of the article with this full id, or None."""
        rows = self._read("SELECT sidecar FROM articles WHERE id = ?", (article_id,))
        return json.loads(zlib.decompress(rows[0][0])) if rows else None

    def resolve_id(self, prefix: str) -> str:
        """The one id that starts with ``prefix`` (as git resolves a short commit id).

        Raises:
            RecordNotFound: no article id starts with it.
            AmbiguousId: several do.
        """
        text = prefix.strip()
        if not text:
            raise RecordNotFound("give an article id (or the first few characters of one)")
        for candidate in dict.fromkeys((text, text.lower())):
            if self._read("SELECT 1 FROM articles WHERE id = ?", (candidate,)):
                return candidate
            rows = self._read(
                "SELECT id FROM articles WHERE id >= ? AND id < ? ORDER BY id LIMIT 3",
                (candidate, candidate + "\U0010ffff"),
            )
            if len(rows) == 1:
                return rows[0][0]
            if rows:
                shown = ", ".join(row[0] for row in rows[:2])
                raise AmbiguousId(f"id {prefix} is ambiguous: it matches {shown}, …; give more characters")
        raise RecordNotFound(f"no article has an id starting with {prefix}")


class Catalog(ArticleRows):
    """The catalog of one index generation. ``Catalog.open(path)``; close it when done."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path
        self._known: dict[tuple[str, str], frozenset[str]] = {}

    @classmethod
    def open(cls, path: Path) -> Catalog:
        """Open (creating if needed) the catalog file at ``path``.

        Raises:
            ArchiveError: it cannot be opened or is not a catalog.
        """
        try:
            conn = _connect(path)
            conn.execute("PRAGMA synchronous = NORMAL")  # derived data: WAL + NORMAL never corrupts
            conn.execute("PRAGMA cache_size = -32768")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, SCHEMA_VERSION):
                raise ArchiveError(
                    f"the index {path} is from another archiver version: run `archiver reindex`"
                )
            if version == 0:
                conn.executescript(_SCHEMA)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except sqlite3.Error as exc:
            raise ArchiveError(f"the index {path} is damaged ({exc}): run `archiver reindex`") from exc
        return cls(conn, path)

    def close(self) -> None:
        """Close the connection."""
        self._conn.close()

    def check_integrity(self) -> list[str]:
        """What SQLite finds wrong in the catalog file (``PRAGMA quick_check``); empty if sound."""
        try:
            rows = self._run(lambda: self._conn.execute("PRAGMA quick_check").fetchall())
        except ArchiveError as exc:
            return [str(exc)]
        return [f"{self.path.name}: {row[0]}" for row in rows if row[0] != "ok"]

    def _run(self, fn: Callable[[], T]) -> T:
        """Run ``fn``, waiting while another process holds the write lock; other database errors
        become ``ArchiveError``."""
        deadline = time.monotonic() + BUSY_SECONDS
        while True:
            try:
                return fn()
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise ArchiveError(f"cannot use the index {self.path}: {exc}") from exc
                if time.monotonic() > deadline:
                    raise ArchiveError(f"the index {self.path} stayed locked; try again") from exc
                time.sleep(0.05)
            except sqlite3.DatabaseError as exc:
                raise ArchiveError(
                    f"the index {self.path} is damaged ({exc}): run `archiver reindex`"
                ) from exc

    def _read(self, sql: str, params: Iterable[Any] = ()) -> list[tuple]:
        return self._run(lambda: self._conn.execute(sql, tuple(params)).fetchall())

    # --- writing -------------------------------------------------------------------------------------

    def write(self, rows: list[tuple[dict, list[Entity]]]) -> None:
        """Record articles (replacing any under the same id) and their entities, in one transaction."""

        def run() -> None:
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                for sidecar, entities in rows:
                    digests = sidecar.get("digests") or {}
                    blob = zlib.compress(
                        json.dumps(sidecar, ensure_ascii=False, separators=(",", ":"), default=str).encode(),
                        6,
                    )
                    conn.execute(
                        "INSERT INTO articles (id, raw_digest, norm_digest, sidecar) VALUES (?, ?, ?, ?) "
                        "ON CONFLICT(id) DO UPDATE SET raw_digest = excluded.raw_digest, "
                        "norm_digest = excluded.norm_digest, sidecar = excluded.sidecar",
                        (
                            str(sidecar["id"]),
                            bare_digest(digests.get("raw")),
                            bare_digest(digests.get("normalized")),
                            blob,
                        ),
                    )
                    for e in entities:
                        if (
                            self._known.get((e.field, e.ident)) is not None
                            and e.keys <= self._known[(e.field, e.ident)]
                        ):
                            continue
                        conn.execute(
                            "INSERT OR IGNORE INTO entities (field, ident, display, kind, country, admin1) "
                            "VALUES (?, ?, ?, ?, ?, ?)",
                            (e.field, e.ident, e.display, e.kind, e.country, e.admin1),
                        )
                        conn.executemany(
                            "INSERT OR IGNORE INTO tag_keys (field, key, ident) VALUES (?, ?, ?)",
                            [(e.field, k, e.ident) for k in e.keys],
                        )
                        if len(self._known) > 100_000:
                            self._known.clear()
                        self._known[(e.field, e.ident)] = e.keys | self._known.get(
                            (e.field, e.ident), frozenset()
                        )
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                self._known.clear()
                raise

        self._run(run)

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of these ids are catalogued."""
        ids = list(ids)
        out: set[str] = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            out.update(r[0] for r in self._read(f"SELECT id FROM articles WHERE id IN ({marks})", chunk))
        return out

    def remove(self, article_id: str) -> bool:
        """Forget one article; returns whether it was there."""
        return (
            self._run(lambda: self._conn.execute("DELETE FROM articles WHERE id = ?", (article_id,)).rowcount)
            > 0
        )

    # --- lookups -------------------------------------------------------------------------------------

    def by_digest(self, column: str, sha: str) -> str | None:
        """The id of the earliest article whose ``raw`` or ``norm`` digest is ``sha``, or None."""
        rows = self._read(
            f"SELECT id FROM articles WHERE {column}_digest = ? ORDER BY doc LIMIT 1", (bare_digest(sha),)
        )
        return rows[0][0] if rows else None

    def idents(self, field: str, key: str, prefix: bool = False) -> list[str]:
        """The entity tokens a filter value (normalized ``key``) names."""
        if prefix:
            rows = self._read(
                "SELECT DISTINCT ident FROM tag_keys WHERE field = ? AND key >= ? AND key < ?",
                (field, key, key + "\U0010ffff"),
            )
        else:
            rows = self._read("SELECT ident FROM tag_keys WHERE field = ? AND key = ?", (field, key))
        return [row[0] for row in rows]

    def entity_rows(self, field: str, idents: list[str]) -> list[tuple[str, str, str, str, str]]:
        """``(ident, display, kind, country, admin1)`` of these entities, and of every other entity
        of the same display names (so that a place can be told from its namesakes)."""
        out: list[tuple[str, str, str, str, str]] = []
        for start in range(0, len(idents), 500):
            chunk = idents[start : start + 500]
            marks = ",".join("?" * len(chunk))
            out += self._read(
                "SELECT e2.ident, e2.display, e2.kind, e2.country, e2.admin1 FROM entities e "
                f"JOIN entities e2 ON e2.field = e.field AND e2.display = e.display "
                f"WHERE e.field = ? AND e.ident IN ({marks})",
                (field, *chunk),
            )
        return list(dict.fromkeys(out))
