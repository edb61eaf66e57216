"""One article on its way in: raw bytes → decoded → normalized → tagged, before anything is stored.

``prepare_article`` is shared by ``archiver add`` (which then stores it) and ``archiver tag``
(which only prints the tags), so both see exactly the same text and tags.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

from archiver.errors import InputError, UsageError
from archiver.reader import Given, InputItem

ID_LENGTH = 16


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


def article_id(raw: bytes) -> str:
    """The short stable id of an article: the first 16 hex digits of the sha256 of its raw bytes.

    >>> article_id(b"hello")
    '2cf24dba5fb0a30e'
    """
    return hashlib.sha256(raw).hexdigest()[:ID_LENGTH]


def parse_published(value: str | None) -> str | None:
    """Normalize a user-given publication date to ISO 8601 (date, or datetime with offset).

    Raises UsageError when it cannot be read as a date.

    >>> parse_published("March 3, 2024")
    '2024-03-03'
    >>> parse_published("2024-03-03T10:15:00Z")
    '2024-03-03T10:15:00+00:00'
    """
    if value is None or not value.strip():
        return None
    from dateutil import parser as dateparser

    try:
        parsed = dateparser.parse(value)
    except (ValueError, OverflowError) as e:
        raise UsageError(f"cannot read {value!r} as a date") from e
    has_time = parsed.hour or parsed.minute or parsed.second or parsed.tzinfo is not None
    return parsed.isoformat() if has_time else parsed.date().isoformat()


def parse_day(value: str) -> date:
    """Read a ``--since``/``--until`` day with dateutil; raise UsageError on nonsense."""
    from dateutil import parser as dateparser

    try:
        return dateparser.parse(value).date()
    except (ValueError, OverflowError) as e:
        raise UsageError(f"cannot read {value!r} as a date (try 2024-03-01)") from e


def source_of(item: InputItem) -> dict[str, Any]:
    """The sidecar's ``source`` object: where the bytes came from and what the user said."""
    g = item.given
    return {
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


def prepare_article(item: InputItem, *, tag: bool = True) -> PreparedArticle:
    """Decode, normalize and (optionally) tag one input item.

    Raises:
        InputError: the item cannot be archived (unreadable, empty, binary, too large).
        UsageError: a given field is malformed (e.g. an unreadable ``published`` date).
    """
    from archiver.decode import decode_bytes
    from archiver.normalize import normalize_article

    if item.error is not None:
        raise item.error
    raw = item.data or b""
    if not raw:
        from archiver.errors import EmptyInput

        raise EmptyInput("empty input")
    text, charset = decode_bytes(raw)
    norm = normalize_article(text)
    if not norm.text.strip():
        from archiver.errors import EmptyInput

        raise EmptyInput("no text left after normalization")
    given = item.given
    try:
        published = parse_published(given.published) or norm.published
    except UsageError as e:
        raise InputError(f"published: {e}") from e
    title = given.title or norm.title
    tags = None
    if tag:
        from archiver.tagging import tag_article

        tags = tag_article(norm.text, title=title, outlet=given.outlet, url=given.url, dateline=norm.dateline)
    encoded = norm.text.encode("utf-8")
    return PreparedArticle(
        id=article_id(raw),
        raw=raw,
        raw_digest="sha256:" + hashlib.sha256(raw).hexdigest(),
        charset=charset,
        text=norm.text,
        text_digest="sha256:" + hashlib.sha256(encoded).hexdigest(),
        title=title,
        byline=list(norm.byline),
        dateline=norm.dateline,
        published=published,
        language=norm.language,
        word_count=norm.word_count,
        changes=list(norm.changes),
        given=given,
        source=source_of(item),
        tags=tags,
    )


def utc_now() -> datetime:
    """The default clock."""
    return datetime.now(timezone.utc)
