"""Crawls in: the articles of a WARC or WACZ file, one ``InputItem`` per page captured.

Every ``response`` record with status 200 and an HTML (or plain text) payload becomes an article,
with the record's ``WARC-Target-URI`` as its URL and its ``WARC-Date`` as the capture date. The
response record (and its ``request``) travel along verbatim, so the archive keeps the capture
itself and pywb can replay the page from it. Everything else (images, scripts, redirects,
revisits, 404s) is skipped and counted: one ``skipped`` item per file says how many and why.

The file is streamed: memory is bounded by the largest payload kept (``max_bytes``), whatever
the size of the crawl. A damaged file yields its intact records, then a failed item naming the
damage.
"""

from __future__ import annotations

import zipfile
from collections import Counter, OrderedDict
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from archiver.errors import DamagedInput, InputError, InputTooLarge
from archiver.inputs.reader import Capture, Given, InputItem

TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
HOUSEKEEPING = ("warcinfo", "metadata")
RECENT_REQUESTS = 32  # requests waiting for their response (crawlers write them side by side)


def iter_crawl(path: Path, *, given: Given, max_bytes: int) -> Iterator[InputItem]:
    """Yield the articles of a ``.warc``, ``.warc.gz`` or ``.wacz`` file, then what was skipped."""
    source = str(path)
    if path.name.lower().endswith(".wacz"):
        yield from _iter_wacz(path, given, max_bytes)
        return
    yield from _iter_warc(lambda: path.open("rb"), source, str(path.resolve()), given, max_bytes)


def _iter_wacz(path: Path, given: Given, max_bytes: int) -> Iterator[InputItem]:
    source = str(path)
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as e:
        yield _failed(source, DamagedInput(f"{source}: not a WACZ file (not a readable zip: {e})"))
        return
    with zf:
        names = sorted(
            n for n in zf.namelist() if n.startswith("archive/") and n.lower().endswith((".warc", ".warc.gz"))
        )
        if not names:
            yield _failed(source, DamagedInput(f"{source}: not a WACZ file (no archive/*.warc.gz inside)"))
            return
        for name in names:
            yield from _iter_warc(
                lambda name=name: zf.open(name), f"{source}!{name}", str(path.resolve()), given, max_bytes
            )


def _iter_warc(open_stream, source: str, path: str, given: Given, max_bytes: int) -> Iterator[InputItem]:
    from archiver.warc_foreign import iter_foreign_records

    skipped: Counter[str] = Counter()
    requests: OrderedDict[str, object] = OrderedDict()
    pending = None  # a response whose request may come next

    def item_for(resp, request) -> InputItem:
        label = f"{source}@{resp.offset}"
        if resp.problem:
            error = InputTooLarge if "limit" in resp.problem or "max-bytes" in resp.problem else DamagedInput
            return _failed(label, error(f"{label}: {resp.problem}"), path=path)
        capture = Capture(
            response=resp.raw,
            request=request.raw if request is not None else None,
            record_id=resp.record_id,
            target_uri=resp.target_uri,
            date=resp.date,
            block_digest=resp.block_digest,
            content_type=resp.content_type,
        )
        return InputItem(
            source=label,
            kind="warc",
            data=resp.payload,
            given=replace(given, url=resp.target_uri),
            path=path,
            media_type=_media(resp.content_type),
            capture=capture,
        )

    def request_of(resp):
        for rid, req in reversed(requests.items()):
            if rid in resp.concurrent_to or resp.record_id in req.concurrent_to:
                return requests.pop(rid)
        for rid, req in reversed(requests.items()):
            if not req.concurrent_to and req.target_uri == resp.target_uri:
                return requests.pop(rid)
        return None

    try:
        for rec in iter_foreign_records(open_stream, source, keep=_keep, max_bytes=max_bytes):
            if rec.type == "request":
                if pending is not None and pending.record_id in rec.concurrent_to:
                    yield item_for(pending, rec)
                    pending = None
                    continue
                requests[rec.record_id] = rec
                while len(requests) > RECENT_REQUESTS:
                    requests.popitem(last=False)
                continue
            if rec.type in HOUSEKEEPING:
                continue  # not captures: neither articles nor skipped pages
            if pending is not None:
                yield item_for(pending, None)
                pending = None
            reason = _skip_reason(rec)
            if reason:
                skipped[reason] += 1
                continue
            request = request_of(rec)
            if request is not None:
                yield item_for(rec, request)
            else:
                pending = rec
    except DamagedInput as e:
        if pending is not None:
            yield item_for(pending, None)
            pending = None
        yield _failed(source, e, path=path)
    if pending is not None:
        yield item_for(pending, None)
    if skipped:
        yield InputItem(source=source, kind="warc", data=None, given=given, path=path, skipped=dict(skipped))


def _keep(rec) -> bool:
    """Read the payload and bytes of responses that may be articles, and of requests."""
    return rec.type == "request" or (rec.type not in HOUSEKEEPING and _skip_reason(rec) is None)


def _skip_reason(rec) -> str | None:
    """Why a record is not an article, or None when it is one (or a record we do not count)."""
    if rec.type == "revisit":
        return "revisit"
    if rec.type != "response":
        return f"{rec.type} record"
    if not rec.target_uri.lower().startswith(("http://", "https://")):
        return "not an http(s) capture"
    status = rec.http_status or 0
    if 300 <= status < 400:
        return "redirect"
    if status != 200:
        return f"status {status or 'missing'}"
    ctype = (rec.content_type or "").split(";")[0].strip().lower()
    if ctype and ctype not in TEXT_TYPES:
        return "not HTML or text"
    return None


def _media(content_type: str | None) -> str | None:
    ctype = (content_type or "").split(";")[0].strip().lower()
    if ctype in ("text/html", "application/xhtml+xml"):
        return "text/html"
    if ctype == "text/plain":
        return "text/plain"
    return None  # not said: sniffed from the bytes


def _failed(source: str, error: InputError, path: str | None = None) -> InputItem:
    return InputItem(source=source, kind="warc", data=None, given=Given(), path=path, error=error)
