"""What a page shows, built from the URL and the library's answers; no web framework in here.

``SearchView`` is the whole state of the search page (query, filters, dates, sort, page, timeline
settings), read from the query string and written back into links, so every view is a URL.
The helpers turn library values (hits, sidecars, timelines) into plain data the templates print;
the templates escape every string they print.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from archiver.errors import UsageError
from archiver.index.query import SORTS, SearchRequest

FILTERS = ("outlet", "location", "person", "org", "topic")  # query-language field names
FILTER_LABELS = {
    "outlet": "Outlets",
    "location": "Places",
    "person": "People",
    "org": "Organizations",
    "topic": "Topics",
}
# The index names its facets by kind; either spelling maps to the field a click filters on.
FACET_FIELDS = {
    "outlet": "outlet",
    "outlets": "outlet",
    "location": "location",
    "locations": "location",
    "place": "location",
    "places": "location",
    "person": "person",
    "people": "person",
    "organization": "org",
    "organizations": "org",
    "org": "org",
    "topic": "topic",
    "topics": "topic",
}
MAX_SIZE = 100  # any page size from 1 to MAX_SIZE is accepted
DEFAULT_SIZE = 20
MAX_DEPTH = 10_000  # results past this many are not paged to (the CLI's --limit cap)
TIMELINE_BY = ("day", "week", "month", "year")
TIMELINE_SPLITS = ("outlet",)
MAX_FILTER_VALUES = 20


@dataclass(frozen=True)
class SearchView:
    """The state of the search page; ``from_params`` reads it, ``url`` writes it back."""

    q: str = ""
    filters: tuple[tuple[str, str], ...] = ()
    since: str = ""
    until: str = ""
    sort: str = "relevance"
    page: int = 1
    size: int = DEFAULT_SIZE
    by: str = "month"
    split: str = ""

    @classmethod
    def from_params(cls, params: Iterable[tuple[str, str]]) -> SearchView:
        """Read the page state from query-string pairs (unknown keys are ignored).

        Raises:
            UsageError: a value is malformed (the message says which and how to fix it).
        """
        values: dict[str, str] = {}
        filters: list[tuple[str, str]] = []
        for key, value in params:
            if key in FILTERS:
                value = " ".join(value.split())
                if value and (key, value) not in filters:
                    filters.append((key, value))
            else:
                values.setdefault(key, value)
        if len(filters) > MAX_FILTER_VALUES:
            raise UsageError(f"too many filters (at most {MAX_FILTER_VALUES})")
        sort = values.get("sort") or "relevance"
        if sort not in SORTS:
            raise UsageError(f"unknown sort {sort!r}: use one of {', '.join(SORTS)}")
        by = values.get("by") or "month"
        if by not in TIMELINE_BY:
            raise UsageError(f"unknown timeline period {by!r}: use one of {', '.join(TIMELINE_BY)}")
        split = values.get("split") or ""
        if split and split not in TIMELINE_SPLITS:
            raise UsageError(f"the timeline can be split by {', '.join(TIMELINE_SPLITS)}, not {split!r}")
        page = _positive_int(values.get("page"), "page", 1)
        size = _positive_int(values.get("size"), "size", DEFAULT_SIZE)
        if size > MAX_SIZE:
            raise UsageError(f"size must be at most {MAX_SIZE}")
        if (page - 1) * size >= MAX_DEPTH:
            raise UsageError(f"page {page} is too deep: narrow the search (at most {MAX_DEPTH} results)")
        view = cls(
            q=values.get("q", ""),
            filters=tuple(filters),
            since=values.get("since", "").strip(),
            until=values.get("until", "").strip(),
            sort=sort,
            page=page,
            size=size,
            by=by,
            split=split,
        )
        view.dates()  # a bad date is a 400 now, not deep inside the search
        return view

    def dates(self) -> tuple[datetime.date | None, datetime.date | None]:
        """The ``since`` and ``until`` bounds as dates (``until`` is the last day of what it names)."""
        from archiver.inputs.article import parse_day

        since = parse_day(self.since) if self.since else None
        until = parse_day(self.until, end=True) if self.until else None
        if since and until and since > until:
            raise UsageError(f"since {since} is after until {until}")
        return since, until

    def query(self) -> str:
        """The query the index runs: the typed query ANDed with one field clause per filter.

        A ``"`` in a filter value becomes a space: field values are compared with punctuation
        as spaces, so nothing is lost, and the value cannot end the phrase early.
        """
        parts = [f"({self.q})"] if self.q.strip() else []
        for name, value in self.filters:
            parts.append(f'{name}:"{value.replace(chr(34), " ")}"')
        return " ".join(parts)

    def request(self, *, limit: int | None = None, facets: bool = True) -> SearchRequest:
        """The ``SearchRequest`` for this view; asks for every hit up to the end of this page
        (the page is cut out of them) unless the request type can skip to an offset."""
        since, until = self.dates()
        kwargs: dict[str, Any] = {}
        offset = (self.page - 1) * self.size
        if limit is None:
            if _HAS_OFFSET:
                kwargs["offset"] = offset
                limit = self.size
            else:
                limit = offset + self.size
        return SearchRequest(
            query=self.query(),
            since=since,
            until=until,
            sort=self.sort,
            limit=limit,
            facets=facets,
            **kwargs,
        )

    def page_hits(self, hits: list) -> list:
        """The hits of this page out of what ``request`` returned."""
        return hits if _HAS_OFFSET else hits[(self.page - 1) * self.size :]

    def params(self, **changes: Any) -> list[tuple[str, str]]:
        """The query-string pairs of this view with ``changes`` applied (defaults left out)."""
        view = dataclasses.replace(self, **changes)
        pairs: list[tuple[str, str]] = []
        if view.q:
            pairs.append(("q", view.q))
        pairs.extend(view.filters)
        for key, default in (
            ("since", ""),
            ("until", ""),
            ("sort", "relevance"),
            ("page", 1),
            ("size", DEFAULT_SIZE),
            ("by", "month"),
            ("split", ""),
        ):
            value = getattr(view, key)
            if value != default:
                pairs.append((key, str(value)))
        return pairs

    def url(self, path: str = "/", **changes: Any) -> str:
        """A link to this view with ``changes`` (any change but ``page`` goes back to page 1)."""
        if "page" not in changes:
            changes["page"] = 1
        query = urlencode(self.params(**changes))
        return f"{path}?{query}" if query else path

    def with_filter(self, name: str, value: str) -> str:
        """A link to this view narrowed by one more filter."""
        if (name, value) in self.filters:
            return self.url()
        return self.url(filters=(*self.filters, (name, value)))

    def without_filter(self, name: str, value: str) -> str:
        """A link to this view without one filter."""
        return self.url(filters=tuple(f for f in self.filters if f != (name, value)))


_HAS_OFFSET = "offset" in {f.name for f in dataclasses.fields(SearchRequest)}


def _positive_int(value: str | None, name: str, default: int) -> int:
    if value is None or value == "":
        return default
    if not value.isdigit() or int(value) < 1:
        raise UsageError(f"{name} must be a whole number from 1 up, not {value!r}")
    return int(value)


def segments(text: str, highlights: Iterable[Iterable[int]]) -> list[tuple[str, bool]]:
    """Cut ``text`` into (piece, highlighted) runs from ``[start, end]`` offsets.

    >>> segments("the mayor of Danbury", [[4, 9]])
    [('the ', False), ('mayor', True), (' of Danbury', False)]
    """
    out: list[tuple[str, bool]] = []
    pos = 0
    for start, end in sorted((int(s), int(e)) for s, e in highlights):
        start, end = max(start, pos), min(end, len(text))
        if start >= end:
            continue
        if start > pos:
            out.append((text[pos:start], False))
        out.append((text[start:end], True))
        pos = end
    if pos < len(text):
        out.append((text[pos:], False))
    return out


TAG_KINDS = (("locations", "place"), ("people", "person"), ("organizations", "organization"))


def tagged_text(text: str, sidecar: dict) -> list[tuple[str, dict | None]]:
    """Cut the normalized text into runs, each either plain (None) or one tagged mention.

    A mention is ``{"kind", "name", "resolved", "confidence", "field", "value"}``. Spans that
    overlap an earlier one, or fall outside the text, are left out.

    >>> sc = {"people": [{"name": "Mark Boughton", "spans": [[4, 17]], "confidence": 1.0}]}
    >>> [(t, m and m["kind"]) for t, m in tagged_text("Mr. Mark Boughton said", sc)]
    [('Mr. ', None), ('Mark Boughton', 'person'), (' said', None)]
    """
    spans: list[tuple[int, int, dict]] = []
    for key, kind in TAG_KINDS:
        for tag in sidecar.get(key) or []:
            if not isinstance(tag, dict) or not tag.get("name"):
                continue
            mention = {
                "kind": kind,
                "name": str(tag["name"]),
                "resolved": _place_label(tag) if kind == "place" else None,
                "confidence": tag.get("confidence"),
                "field": {"place": "location", "person": "person", "organization": "org"}[kind],
                "value": str(tag["name"]),
            }
            for span in tag.get("spans") or []:
                try:
                    start, end = int(span[0]), int(span[1])
                except (TypeError, ValueError, IndexError):
                    continue
                if 0 <= start < end <= len(text):
                    spans.append((start, end, mention))
    out: list[tuple[str, dict | None]] = []
    pos = 0
    for start, end, mention in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start < pos:
            continue
        if start > pos:
            out.append((text[pos:start], None))
        out.append((text[start:end], mention))
        pos = end
    if pos < len(text):
        out.append((text[pos:], None))
    return out


def _place_label(tag: dict) -> str | None:
    """``Danbury, Connecticut, US`` for a resolved place, None when unresolved."""
    if not tag.get("geonames_id") and not tag.get("country"):
        return None
    name = tag.get("resolved_name") or tag.get("name")
    parts = [name]
    if tag.get("admin1") and tag.get("admin1") != name:
        parts.append(tag["admin1"])
    if tag.get("country"):
        parts.append(tag["country"])
    return ", ".join(str(p) for p in parts if p)


def mention_title(mention: dict) -> str:
    """The hover text of a highlighted mention.

    >>> mention_title({"kind": "place", "name": "Danbury", "resolved": "Danbury, CT, US", "confidence": 0.99})
    'place: Danbury → Danbury, CT, US (confidence 0.99)'
    """
    text = f"{mention['kind']}: {mention['name']}"
    if mention.get("resolved"):
        text += f" → {mention['resolved']}"
    if isinstance(mention.get("confidence"), (int, float)):
        text += f" (confidence {mention['confidence']:.2f})"
    return text


def like_query(sidecar: dict) -> str:
    """A query for articles sharing this one's main people, places or topics ("" when none).

    >>> like_query({"people": [{"name": "Mark Boughton"}], "topics": [{"label": "immigration"}]})
    'person:"Mark Boughton" OR topic:"immigration"'
    """
    clauses: list[str] = []
    people = [p for p in sidecar.get("people") or [] if isinstance(p, dict) and p.get("name")]
    places = [
        p
        for p in sidecar.get("locations") or []
        if isinstance(p, dict) and p.get("name") and (p.get("geonames_id") or p.get("focus"))
    ]
    topics = [t for t in sidecar.get("topics") or [] if isinstance(t, dict) and t.get("label")]
    for field, items, key, n in (
        ("person", people, "name", 3),
        ("location", places, "name", 3),
        ("topic", topics, "label", 2),
    ):
        for item in items[:n]:
            clauses.append(f'{field}:"{str(item[key]).replace(chr(34), " ")}"')
    return " OR ".join(clauses)


def shared_tags(sidecar: dict, hit_tags: dict[str, list[str]]) -> int:
    """How many people, places and topics a hit shares with the article (for "more like this")."""
    mine = {
        *(p.get("name") for p in sidecar.get("people") or [] if isinstance(p, dict)),
        *(p.get("name") for p in sidecar.get("locations") or [] if isinstance(p, dict)),
        *(t.get("label") for t in sidecar.get("topics") or [] if isinstance(t, dict)),
    }
    theirs = {v for values in (hit_tags or {}).values() for v in values}
    return len((mine - {None}) & theirs)


def period_range(label: str, by: str) -> tuple[str, str]:
    """The first and last day of a timeline period, as ISO dates.

    >>> period_range("2025-W07", "week"), period_range("2024-02", "month")
    (('2025-02-10', '2025-02-16'), ('2024-02-01', '2024-02-29'))
    """
    if by == "day":
        return label, label
    if by == "week":
        year, week = label.split("-W")
        first = datetime.date.fromisocalendar(int(year), int(week), 1)
        return first.isoformat(), (first + datetime.timedelta(days=6)).isoformat()
    if by == "month":
        year, month = (int(x) for x in label.split("-"))
        first = datetime.date(year, month, 1)
        nxt = datetime.date(year + month // 12, month % 12 + 1, 1)
        return first.isoformat(), (nxt - datetime.timedelta(days=1)).isoformat()
    return f"{label}-01-01", f"{label}-12-31"


def timeline_json(timeline) -> dict[str, Any]:
    """A ``Timeline`` as the JSON the API returns and the chart draws."""
    return {
        "by": timeline.by,
        "periods": list(timeline.periods),
        "ranges": [list(period_range(p, timeline.by)) for p in timeline.periods],
        "series": [{"label": label, "counts": list(counts)} for label, counts in timeline.series],
        "undated": timeline.undated,
        "total": timeline.total,
    }


def hit_json(hit) -> dict[str, Any]:
    """A search hit as JSON (the fields of ``Hit``, in a stable order)."""
    return {
        "id": hit.id,
        "title": hit.title,
        "outlet": hit.outlet,
        "published": hit.published,
        "score": hit.score,
        "snippet": hit.snippet,
        "highlights": hit.highlights,
        "tags": hit.tags,
        "url": f"/article/{hit.id}",
    }


def facet_groups(facets: dict | None) -> list[tuple[str, str, list[tuple[str, int]]]]:
    """The facets as (field, heading, [(value, count)]) in the page's order."""
    if not facets:
        return []
    by_field: dict[str, list[tuple[str, int]]] = {}
    for key, values in facets.items():
        field = FACET_FIELDS.get(key)
        if field is not None and field not in by_field:
            by_field[field] = [(str(v), int(n)) for v, n in values]
    return [(f, FILTER_LABELS[f], by_field[f]) for f in FILTERS if f in by_field]
