"""Corrections to archived articles: re-tag with the current tagger, amend what was known at ingest,
and read an article's history. Nothing already written is edited: each correction appends a
metadata record (``Archive.append_metadata``), and the earlier ones stay readable.

These functions take an open ``Archive`` and use its public methods (as ``integrity`` does).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

from archiver.errors import ArchiverError, UsageError
from archiver.store.archive import (
    DEFAULT_BATCH,
    MAX_LOGGED_FAILURES,
    AddResult,
    Archive,
    metadata_of,
    write_error,
)
from archiver.store.sidecar import retagged, tool_info

AMENDABLE = ("url", "published", "outlet", "title")


def retag(archive: Archive, query: str = "") -> Iterator[AddResult]:
    """Re-tag the articles a query matches (all when empty) with the current tagger.

    A metadata record is appended only for an article whose tags (or tagger version) changed;
    the others come back ``unchanged`` and nothing is written for them. The run is logged.
    """
    from archiver.index.query import SearchRequest

    started, t0 = archive.clock(), time.monotonic()
    counts = {"retagged": 0, "unchanged": 0, "failed": 0}
    failures: list[dict] = []
    try:
        index = archive.index
        ids = list(index.ids()) if not query.strip() else index.matching_ids(SearchRequest(query=query))
        for start in range(0, len(ids), DEFAULT_BATCH):
            for r in _retag_chunk(archive, ids[start : start + DEFAULT_BATCH]):
                counts[r.status] = counts.get(r.status, 0) + 1
                if r.status == "failed" and len(failures) < MAX_LOGGED_FAILURES:
                    failures.append({"source": r.source, "error": r.error})
                yield r
    finally:
        archive.log_run("retag", started, time.monotonic() - t0, counts, failures, query=query)


def _retag_chunk(archive: Archive, chunk: list[str]) -> list[AddResult]:
    try:
        with archive.write_lock():
            changes, results = [], []
            for article_id in chunk:
                shown = archive.show(article_id)
                sc = shown.sidecar
                meta = _as_json(retagged(sc, _tags(shown.text, sc, sc)))
                title = sc.get("title")
                if meta == metadata_of(sc):
                    results.append(AddResult(article_id, "unchanged", article_id, title=title))
                    continue
                changes.append((sc, meta, shown.text))
                results.append(AddResult(article_id, "retagged", article_id, title=title))
            archive.append_metadata(changes)
    except OSError as e:
        return [AddResult(i, "failed", i, error=write_error(archive.root, e), retry=True) for i in chunk]
    except ArchiverError as e:
        return [AddResult(i, "failed", i, error=str(e)) for i in chunk]
    return results


def amend(archive: Archive, prefix: str, changes: dict[str, str | None]) -> dict[str, Any]:
    """Correct what was known at ingest (``url``, ``published``, ``outlet``, ``title``).

    Appends a metadata record (the earlier ones stay: ``show --history``), re-tags when the
    outlet or URL changed, and updates sidecar and index. Returns the new sidecar.

    Raises:
        UsageError: nothing to change, or a value is not usable.
        RecordNotFound, AmbiguousId: the id.
    """
    from archiver.inputs.article import parse_published

    changes = {k: v for k, v in changes.items() if v is not None}
    if not changes:
        raise UsageError("nothing to amend: give --url, --published, --outlet or --title")
    unknown = set(changes) - set(AMENDABLE)
    if unknown:
        raise UsageError(f"cannot amend {', '.join(sorted(unknown))}")
    with archive.write_lock():
        shown = archive.show(prefix)
        sc = shown.sidecar
        meta = metadata_of(sc)
        source = dict(meta.get("source") or {})
        if "url" in changes:
            source["url"] = changes["url"]
        if "outlet" in changes:
            source["outlet"] = changes["outlet"]
        if "published" in changes:
            published = parse_published(changes["published"])
            source["published"] = published
            meta["published"] = published
        if "title" in changes:
            meta["title"] = source["title"] = changes["title"]
        meta["source"] = source
        if "url" in changes or "outlet" in changes:
            meta = retagged({**meta, "warc": sc["warc"]}, _tags(shown.text, meta, sc))
        meta["tool"] = meta.get("tool") or tool_info(False)
        meta = _as_json(meta)
        if meta == metadata_of(sc):
            return sc
        return archive.append_metadata([(sc, meta, shown.text)])[0]


def history(archive: Archive, prefix: str) -> list[dict[str, Any]]:
    """Every metadata record of an article, oldest first: ``{"date", "file", "offset", "body"}``."""
    from archiver.warc import OPEN_SUFFIX, read_record

    sc = archive.show(prefix).sidecar
    out = []
    for ref in sc["warc"]["records"]:
        if ref.get("type") != "metadata":
            continue
        path = archive.root / ref.get("file", sc["warc"]["file"])
        if not path.exists():
            path = path.with_name(path.name + OPEN_SUFFIX)
        headers, block = read_record(path, ref["offset"])
        out.append(
            {
                "date": headers.get("WARC-Date"),
                "file": ref.get("file", sc["warc"]["file"]),
                "offset": ref["offset"],
                "body": json.loads(block),
            }
        )
    return out


def _tags(text: str, meta: dict[str, Any], sidecar: dict[str, Any]) -> dict[str, Any]:
    """Tag an archived article's text again with what ``meta`` knows of it (title, source,
    dateline, byline) and the page furniture its normalization removed (``sidecar``)."""
    from archiver.inputs.article import TAG_MAX_CHARS
    from archiver.tagging import removed_furniture, tag_article

    source = meta.get("source") or {}
    page = source.get("page") or {}
    # The URL the article was tagged with at ingest (``prepare_article``): a capture's page names
    # itself by its canonical URL first; otherwise the URL given wins over the page's own.
    if source.get("capture"):
        url = page.get("canonical_url") or source.get("url")
    else:
        url = source.get("url") or page.get("canonical_url")
    return tag_article(
        text[:TAG_MAX_CHARS],
        title=meta.get("title"),
        outlet=source.get("outlet"),
        url=url,
        dateline=meta.get("dateline"),
        byline=meta.get("byline"),
        furniture=removed_furniture((sidecar.get("normalization") or {}).get("changes") or []),
    )


def _as_json(value: Any) -> Any:
    """The value as it reads back from JSON (tuples become lists), so comparisons are fair."""
    return json.loads(json.dumps(value, ensure_ascii=False))
