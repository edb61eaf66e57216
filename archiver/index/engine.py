"""The seam between the archive and its search engine, and what every engine shares.

An engine keeps the derived index of one archive: it is written as articles are committed and
rebuilt whole by ``reindex``. The archive, the CLI and the web app only use ``Engine`` below, so a
server engine for teams can be added beside the embedded default (``archiver.index.tantivy_engine``,
chosen by measurement: see ``benchmarks/README.md``) without touching them. ``archiver.index.sqlite``
(SQLite FTS5) is the earlier engine, kept for the side-by-side benchmark.

Every count, facet and timeline an engine returns is exact: no sampling window anywhere.
"""

from __future__ import annotations

import datetime
import functools
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

SNIPPET_TOKENS = 30
FACET_SIZE = 10
HL_START, HL_END = "\x02", "\x03"  # snippet markers; removed from indexed text so they are unambiguous
FACET_FIELDS = ("outlet", "location", "person", "organization", "topic")
INDEX_DIRNAME = "index"  # ARCHIVE/index/: the default engine's generations and its `current` link


@dataclass
class Hit:
    """One search result."""

    id: str
    title: str
    outlet: str | None
    published: str | None
    score: float
    snippet: str
    highlights: list[list[int]]
    tags: dict[str, list[str]]


@dataclass
class SearchResult:
    """What a search returns: the number of matching articles, the top hits, and facets if asked."""

    total: int
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[tuple[str, int]]] | None = None
    ranked_within: int | None = None  # FTS5 engine only: ranked among the newest this many
    facets_sampled: bool = False  # FTS5 engine only
    total_exact: bool = True  # FTS5 engine only; the default engine is always exact


@dataclass(frozen=True)
class Buckets:
    """Exact counts of matches per day, as an engine returns them for a timeline.

    ``series`` maps a label (``"all"``, or a split value's display name, biggest first) to
    ``{day: count}`` where ``day`` is a ``datetime.date``; ``undated`` matches carry no date.
    """

    series: list[tuple[str, dict[datetime.date, int]]]
    undated: int
    total: int


class Engine(Protocol):
    """What the archive needs of a search engine (write, delete, search, count, facets,
    timeline, rebuild) plus the id lookups of the duplicate check, ``show`` and id prefixes."""

    def add_articles(self, items: Iterable[tuple[dict, str]]) -> int: ...
    def remove(self, article_id: str) -> bool: ...
    def search(self, req: Any) -> SearchResult: ...
    def iter_hits(self, req: Any) -> Iterator[Hit]: ...
    def count_matches(self, req: Any) -> int: ...
    def facets(self, req: Any, size: int = FACET_SIZE) -> dict[str, list[tuple[str, int]]]: ...
    def buckets(self, req: Any, split: str | None = None, top: int = 10) -> Buckets: ...
    def matching_ids(self, req: Any) -> list[str]: ...
    def rebuild(self, fill: Callable[[Engine], Any]) -> Any: ...
    def count(self) -> int: ...
    def ids(self) -> Iterator[str]: ...
    def get(self, article_id: str) -> dict | None: ...
    def resolve_id(self, prefix: str) -> str: ...
    def check_integrity(self) -> list[str]: ...
    def has_raw_digest(self, sha: str) -> str | None: ...
    def has_normalized_digest(self, sha: str) -> str | None: ...
    def close(self) -> None: ...


def index_exists(root: Path) -> bool:
    """Whether the archive at ``root`` has a complete index of the default engine."""
    from archiver.index.tantivy_engine import TantivyEngine

    return TantivyEngine.exists(Path(root))


def open_engine(root: Path, *, create: bool = True) -> Engine:
    """Open the default engine's index of the archive at ``root`` (creating an empty one if asked).

    Raises:
        ArchiveError: the index cannot be opened.
    """
    from archiver.index.tantivy_engine import TantivyEngine

    return TantivyEngine.open(Path(root), create=create)


def rebuild_index(root: Path, fill: Callable[[Engine], Any]) -> Engine:
    """Build a new index of the archive at ``root`` with ``fill(engine)`` beside the current one,
    and swap it in whole when complete (the old one, if any, may be missing or damaged)."""
    from archiver.index.tantivy_engine import rebuild_index as rebuild

    return rebuild(Path(root), fill)


@functools.lru_cache(maxsize=65_536)  # the same few thousand names come back in every batch
def normalize_key(text: str) -> str:
    """The form names are compared in: no accents, case-folded, punctuation as spaces.

    >>> normalize_key("  Zoë  O'Neil-Smith ")
    'zoe o neil smith'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    out = []
    for ch in decomposed:
        if unicodedata.combining(ch):
            continue
        out.append(ch if ch.isalnum() else " ")
    return " ".join("".join(out).casefold().split())


def field_key(name: str, value: str) -> str:
    """The key a field filter looks up: ``topic:medtop:20000771`` finds ``20000771``.

    >>> field_key("topic", "medtop:20000771"), field_key("person", "Mark  BOUGHTON")
    ('20000771', 'mark boughton')
    """
    key = normalize_key(value)
    if name == "topic" and key.startswith("medtop "):
        key = key[len("medtop ") :]
    if name == "outlet" and key.startswith("www "):
        key = key[len("www ") :]
    return key


def bare_digest(value: str | None) -> str | None:
    """``sha256:<hex>`` or ``<hex>`` as lower-case hex.

    >>> bare_digest("sha256:ABC")
    'abc'
    """
    if not value:
        return None
    return value.split(":", 1)[1].lower() if ":" in value else value.lower()


def date_key(value: Any) -> str | None:
    """A sortable ``YYYY-MM-DDTHH:MM:SS`` from an ISO date or time, as written (offset dropped).

    >>> date_key("2019-03-04T22:10:00-05:00"), date_key("2019-03-04"), date_key("March")
    ('2019-03-04T22:10:00', '2019-03-04T00:00:00', None)
    """
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S")
    if isinstance(value, datetime.date):
        return value.strftime("%Y-%m-%dT00:00:00")
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        return datetime.datetime.fromisoformat(text).strftime("%Y-%m-%dT%H:%M:%S")
    except ValueError:
        pass
    try:
        return datetime.date.fromisoformat(text[:10]).strftime("%Y-%m-%dT00:00:00")
    except ValueError:
        return None


def dicts(value: Any) -> list[dict]:
    """The dict items of a JSON list (anything else: none)."""
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def hit_tags(sidecar: dict) -> dict[str, list[str]]:
    """The tag names a hit carries, from its sidecar."""
    return {
        "people": [p.get("name") for p in dicts(sidecar.get("people")) if p.get("name")],
        "locations": [p.get("name") for p in dicts(sidecar.get("locations")) if p.get("name")],
        "organizations": [o.get("name") for o in dicts(sidecar.get("organizations")) if o.get("name")],
        "topics": [t.get("label") or t.get("code") for t in dicts(sidecar.get("topics"))],
    }


def clean_snippet(raw: str) -> tuple[str, list[list[int]]]:
    """Collapse whitespace in a marked snippet and turn its markers into ``[start, end]`` offsets.

    >>> clean_snippet("the \\x02mayor\\x03 of\\n\\nDanbury")
    ('the mayor of Danbury', [[4, 9]])
    """
    out: list[str] = []
    highlights: list[list[int]] = []
    space = False
    start: int | None = None
    opening = False
    for ch in raw:
        if ch == HL_START:
            opening = True
        elif ch == HL_END:
            if start is not None:
                highlights.append([start, len(out)])
            start, opening = None, False
        elif ch.isspace():
            space = bool(out)
        else:
            if space:
                out.append(" ")
                space = False
            if opening:
                start, opening = len(out), False
            out.append(ch)
    return "".join(out), highlights


def lead_snippet(text: str, words: int = SNIPPET_TOKENS) -> str:
    """The first ``words`` words of a text, with "…" when it goes on.

    >>> lead_snippet("one two three", 2)
    'one two…'
    """
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")
