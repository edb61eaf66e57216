"""One article on its way in: raw bytes → decoded → normalized → tagged, before anything is stored.

``prepare_article`` is shared by ``archiver add`` (which then stores it) and ``archiver tag``
(which only prints the tags), so both see exactly the same text and tags.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from archiver.errors import ArchiverError, InputError, InternalError, UsageError
from archiver.inputs.reader import Capture, Given, InputItem

ID_LENGTH = 16
# Tags come from the first this many characters (spans stay valid: they index a prefix). A news
# story is far shorter; a hostile input of megabytes would otherwise make the tagger hold tens of
# bytes per character (1.2 GB for 4.8 MB of short lines).
TAG_MAX_CHARS = 200_000


@dataclass(frozen=True)
class PreparedArticle:
    """Everything derived from one input before storage."""

    id: str
    raw: bytes
    raw_digest: str  # sha256:<hex>
    charset: str
    text: str  # normalized
    text_digest: str
    title: str | None
    byline: list[str]
    dateline: str | None
    published: str | None
    language: str
    word_count: int
    changes: list[dict]
    given: Given
    source: dict[str, Any]
    tags: dict[str, Any] | None
    media_type: str = "text/plain"  # of the raw bytes: text/html for a web page
    url: str | None = None  # the URL that names the story (given, canonical or captured), if any
    capture: Capture | None = None  # an imported crawl capture, copied verbatim into the archive


def article_id(raw: bytes) -> str:
    """The short stable id of an article: the first 16 hex digits of the sha256 of its raw bytes.

    >>> article_id(b"hello")
    '2cf24dba5fb0a30e'
    """
    return hashlib.sha256(raw).hexdigest()[:ID_LENGTH]


def _parse_bounds(value: str):
    """Parse with dateutil twice, missing parts filled from the start and from the end of a year:
    the two results differ exactly where the user left a part out."""

    from dateutil import parser as dateparser

    year = datetime.now().year
    try:
        low = dateparser.parse(value, default=datetime(year, 1, 1))
        high = dateparser.parse(value, default=datetime(year, 12, 31, 23, 59, 59))
    except (ValueError, OverflowError) as e:
        raise UsageError(f"cannot read {value!r} as a date (try 2024-03-01)") from e
    return low, high


def parse_published(value: str | None) -> str | None:
    """Normalize a user-given publication date to ISO 8601 (date, or datetime with offset).

    Raises UsageError when it cannot be read as a date or lacks the year, month or day: an
    archive should not record a day nobody gave.

    >>> parse_published("March 3, 2024")
    '2024-03-03'
    >>> parse_published("2024-03-03T10:15:00Z")
    '2024-03-03T10:15:00+00:00'
    """
    if value is None or not value.strip():
        return None
    low, high = _parse_bounds(value)
    if low.date() != high.date():
        raise UsageError(f"{value!r} is not a full date: give the year, month and day")
    # A time was given when the hour does not follow the defaults (00 vs 23); seconds left out are 0.
    has_time = low.hour == high.hour
    return low.isoformat() if has_time else low.date().isoformat()


def parse_day(value: str, *, end: bool = False) -> date:
    """Read a ``--since`` (first day) or ``--until`` (``end``: last day) bound with dateutil.

    Parts left out span the whole period: ``--since 2024`` is 2024-01-01, ``--until 2024-03``
    is 2024-03-31. Raises UsageError on nonsense.

    >>> parse_day("2024"), parse_day("2024-02", end=True)
    (datetime.date(2024, 1, 1), datetime.date(2024, 2, 29))
    """
    low, high = _parse_bounds(value)
    return (high if end else low).date()


def source_of(item: InputItem, page=None) -> dict[str, Any]:
    """The sidecar's ``source`` object: where the bytes came from and what the user said.

    A web page adds ``page`` (what its metadata says), a crawl capture adds ``capture`` (its URL,
    date and record id in the crawl's WARC file).
    """
    g = item.given
    source = {
        "kind": item.kind,
        "path": item.path,
        "line": item.line,
        "stdin": item.kind == "stdin" or (item.kind == "jsonl" and item.path is None),
        "url": g.url,
        "outlet": g.outlet,
        "published": g.published,
        "title": g.title,
        "id": g.source_id,
    }
    if page is not None:
        source["page"] = {
            "canonical_url": page.canonical_url,
            "site_name": page.site_name,
            "published": page.published,
            "authors": list(page.authors),
            "language": page.language,
        }
    if item.capture is not None:
        c = item.capture
        source["capture"] = {"url": c.target_uri, "date": c.date, "record_id": c.record_id}
    return source


def prepare_article(item: InputItem, *, tag: bool = True) -> PreparedArticle:
    """Decode, normalize and (optionally) tag one input item.

    Raises:
        InputError: the item cannot be archived (unreadable, empty, binary, too large).
        UsageError: a given field is malformed (e.g. an unreadable ``published`` date).
    """
    from archiver.inputs.decode import decode_bytes
    from archiver.inputs.html import looks_like_html
    from archiver.inputs.normalize import normalize_article

    if item.error is not None:
        raise item.error
    raw = item.data or b""
    if not raw:
        from archiver.errors import EmptyInput

        raise EmptyInput("empty input")
    given = item.given
    page = None
    is_html = item.media_type == "text/html" or (item.media_type is None and looks_like_html(raw))
    if is_html:
        from archiver.inputs.html import extract_page

        capture_type = item.capture.content_type if item.capture else None
        page = extract_page(raw, url=given.url, declared_charset=_charset_of(capture_type))
        text, charset = page.text, page.charset
    else:
        text, charset = decode_bytes(raw)
    norm = normalize_article(text)
    if not norm.text.strip():
        from archiver.errors import EmptyInput

        raise EmptyInput("no text left after normalization")
    try:
        published = (
            parse_published(given.published)
            or (_page_date(page.published) if page else None)
            or norm.published
        )
    except UsageError as e:
        raise InputError(f"published: {e}") from e
    title = given.title or (page.title if page else None) or norm.title
    byline = list(page.authors) if page and page.authors else list(norm.byline)
    # What names the story: the URL the user gave (a capture's own URL), else the page's canonical one.
    url = given.url or (page.canonical_url if page else None)
    tag_url = (page.canonical_url or url) if page and item.capture is not None else url
    tags = None
    if tag:
        from archiver.tagging import removed_furniture, tag_article

        tags = tag_article(
            norm.text[:TAG_MAX_CHARS],
            title=title,
            outlet=given.outlet,
            url=tag_url,
            dateline=norm.dateline,
            # the byline line as the text has it, and the page's author names (may be spelled apart)
            byline=list(dict.fromkeys([*norm.byline, *byline])),
            furniture=removed_furniture(norm.changes),
        )
    raw_hex = hashlib.sha256(raw).hexdigest()  # the one hash of the raw bytes: id, digest, WARC
    capture = item.capture
    return PreparedArticle(
        # A capture is the crawler's record: the same capture imported twice is a duplicate, the
        # same URL captured at another date (another record) is a new version.
        id=article_id(capture.response) if capture else raw_hex[:ID_LENGTH],
        raw=raw,
        raw_digest=capture.block_digest if capture else "sha256:" + raw_hex,
        charset=charset,
        text=norm.text,
        text_digest="sha256:" + hashlib.sha256(norm.text.encode("utf-8")).hexdigest(),
        title=title,
        byline=byline,
        dateline=norm.dateline,
        published=published,
        language=(page.language if page and page.language else norm.language),
        word_count=norm.word_count,
        changes=list(norm.changes)
        + (
            [{"op": "tag_first_chars", "count": TAG_MAX_CHARS}]
            if tag and len(norm.text) > TAG_MAX_CHARS
            else []
        ),
        given=given,
        source=source_of(item, page),
        tags=tags,
        media_type="text/html" if is_html else "text/plain",
        url=url,
        capture=capture,
    )


def _charset_of(content_type: str | None) -> str | None:
    import re

    m = re.search(r"charset=[\"']?([A-Za-z0-9._:-]+)", content_type or "", re.I)
    return m.group(1) if m else None


def _page_date(value: str | None) -> str | None:
    """A page's own date, when it reads as a full date (a bad one is dropped, not an error)."""
    try:
        return parse_published(value)
    except UsageError:
        return None


WINDOW = 256  # items handed to the workers at a time: bounds memory whatever the batch size
CHUNK = 8  # items per task sent to a worker


def default_jobs() -> int:
    """Worker processes to use by default: the CPUs this process may run on, at most 8."""
    import os

    try:
        return max(1, min(8, len(os.sched_getaffinity(0))))
    except AttributeError:  # not on Linux
        return max(1, min(8, os.cpu_count() or 1))


def _prepare_one(args: tuple[InputItem, bool, bool]) -> tuple[PreparedArticle | None, ArchiverError | None]:
    item, tag, contain = args
    if item.skipped is not None or item.known_id is not None:
        return None, None  # no article to prepare: a crawl's skipped records, or a known capture
    try:
        return prepare_article(item, tag=tag), None
    except ArchiverError as e:
        return None, e
    except Exception as e:
        if not contain:
            raise
        return None, InternalError(f"internal error: {type(e).__name__}: {e}")


def prepare_all(items, *, tag: bool = True, jobs: int = 1, contain_errors: bool = False, known=None):
    """Prepare items in input order, in ``jobs`` worker processes when more than one.

    Yields ``(item, article, error)``; with ``contain_errors`` an unexpected exception becomes an
    ``InternalError`` for that item instead of stopping the run. ``known(raw)``, when given, tells
    raw bytes that are archived already: those items are prepared without tagging (they end as
    duplicates whatever their tags; a re-run of a half-done backfill skips the tagger's work).
    Items are read and handed out one window at a time, so memory stays flat however many there
    are; the next window is read while the workers run.
    """
    import os
    from itertools import islice

    def tag_it(item: InputItem) -> bool:
        return tag and not (known is not None and item.data is not None and known(item.data))

    items = iter(items)
    first = list(islice(items, WINDOW))
    if jobs <= 1 or len(first) < 32:
        for item in _chain(first, items):
            art, err = _prepare_one((item, tag_it(item), contain_errors))
            yield item, art, err
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    if tag:  # load the tagger's data once, before the fork, so every worker shares it
        from archiver.tagging import tag_article

        tag_article("Warm-up in Hartford, Connecticut.")
    ctx = multiprocessing.get_context("fork")
    # concurrent.futures rather than multiprocessing.Pool: a worker killed from outside (the OOM
    # killer) breaks the pool with an error here instead of leaving the run waiting forever.
    with ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_worker_init, initargs=(os.getpid(),)) as pool:

        def submit(window):
            work = [(i, tag_it(i), contain_errors) for i in window]
            return [pool.submit(_prepare_chunk, work[k : k + CHUNK]) for k in range(0, len(work), CHUNK)]

        window, pending = first, submit(first)
        while window:
            following = list(islice(items, WINDOW))
            nxt = submit(following) if following else None
            try:
                done = [outcome for future in pending for outcome in future.result()]
            except BrokenProcessPool as e:
                raise InternalError("a worker process died (out of memory?); try again with --jobs 1") from e
            for item, (art, err) in zip(window, done, strict=True):
                yield item, art, err
            window, pending = following, nxt


def _prepare_chunk(work: list) -> list:
    return [_prepare_one(args) for args in work]


def _worker_init(parent: int) -> None:
    """Workers die with their parent (a ``kill -9`` must not leave them writing tracebacks) and
    leave Ctrl-C to it."""
    import os
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError, ctypes.ArgumentError):
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(0)
    # A worker's own failures reach the parent as results; what the pool machinery itself prints
    # when the parent is killed mid-write (BrokenPipeError) is noise, not news.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)


def _chain(first, rest):
    yield from first
    yield from rest
