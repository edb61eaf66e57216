"""Saved web pages: find the article in the markup with trafilatura, and what the page says about it.

The raw HTML is archived untouched (the ``resource`` record); what goes on to normalization and
the tagger is only the text trafilatura extracts, so markup never reaches the tagger. Extraction
runs no script (lxml parses, nothing executes) and is bounded by a per-page time limit, so a
hostile page (deep nesting, huge attributes, endless inline scripts) fails as one item instead of
stalling a batch.
"""

from __future__ import annotations

import re
import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass

from archiver.errors import InputError

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
TIME_LIMIT_SECONDS = 10.0
SNIFF_BYTES = 1024
# What a saved page starts with, after a BOM, whitespace and comments: a doctype or an <html> tag.
_SNIFF = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_HTML_LANG = re.compile(rb"""<html[^>]*\slang\s*=\s*["']?([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)?""", re.I)


class ExtractionTimeout(InputError):
    """A page took longer than the per-page time limit to extract."""


@dataclass(frozen=True)
class Page:
    """What one HTML page yields: the article's text and the page's own metadata."""

    text: str
    charset: str
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None  # ISO date, from datePublished / article:published_time / ...
    site_name: str | None = None
    canonical_url: str | None = None
    language: str | None = None


def looks_like_html(data: bytes, name: str | None = None) -> bool:
    """Whether these bytes are a web page: an ``.html``/``.htm`` name, or markup at the start.

    >>> looks_like_html(b"<!DOCTYPE html><html></html>"), looks_like_html(b"Plain text")
    (True, False)
    """
    if name and name.lower().endswith(HTML_SUFFIXES):
        return True
    return bool(_SNIFF.match(data[:SNIFF_BYTES]))


def decode_html(raw: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode a page: the charset the HTTP header or ``<meta charset>`` declares, else sniffed.

    Returns ``(text, charset)``. Raises InputError subclasses like ``decode_bytes``.
    """
    from archiver.inputs.decode import decode_bytes

    candidates = [declared] if declared else []
    m = _META_CHARSET.search(raw[:4096])
    if m:
        candidates.append(m.group(1).decode("ascii", "replace"))
    for name in candidates:
        try:
            codec = "cp1252" if name.lower() in ("iso-8859-1", "latin-1", "us-ascii") else name
            text = raw.decode(codec)
        except (LookupError, UnicodeDecodeError):
            continue
        return text.lstrip("\ufeff"), name.lower()
    return decode_bytes(raw)


def extract_page(
    raw: bytes,
    *,
    url: str | None = None,
    declared_charset: str | None = None,
    time_limit: float | None = None,
) -> Page:
    """Extract the article of one HTML page (text and metadata) with trafilatura.

    Args:
        raw: the page's bytes, untouched.
        url: where it was captured (helps trafilatura resolve relative links and the host).
        declared_charset: the charset an HTTP ``Content-Type`` header named, if any.
        time_limit: seconds before extraction is abandoned (default ``TIME_LIMIT_SECONDS``).

    Raises:
        InputError: no article could be found in the page.
        ExtractionTimeout: extraction took longer than the time limit.
    """
    html, charset = decode_html(raw, declared_charset)
    limit = TIME_LIMIT_SECONDS if time_limit is None else time_limit
    with _time_limit(limit):
        doc = _bare_extraction(html, url)
    text = _paragraphs(getattr(doc, "text", None) or "") if doc is not None else ""
    if len(text.split()) < 5:
        raise InputError("no article text found in the HTML page (trafilatura extracted nothing usable)")
    title = _clean(getattr(doc, "title", None))
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"
    lang = _clean(getattr(doc, "language", None))
    if not lang:
        m = _HTML_LANG.search(raw[:4096])
        lang = m.group(1).decode("ascii").lower() if m else None
    authors = tuple(a.strip() for a in (_clean(getattr(doc, "author", None)) or "").split(";") if a.strip())
    return Page(
        text=text,
        charset=charset,
        title=title,
        authors=authors,
        published=_clean(getattr(doc, "date", None)),
        site_name=_clean(getattr(doc, "sitename", None)),
        canonical_url=_http_url(getattr(doc, "url", None)),
        language=lang,
    )


def _bare_extraction(html: str, url: str | None):
    import trafilatura

    try:
        return trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            # Only a date the page states (datePublished, article:published_time, ...): never one
            # guessed from the text or today's date.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except ExtractionTimeout:
        raise
    except (ValueError, TypeError, RecursionError, MemoryError) as e:
        raise InputError(f"cannot parse the HTML page ({type(e).__name__})") from e


def _paragraphs(text: str) -> str:
    """trafilatura separates blocks with one newline; the normalizer reads paragraphs."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n\n".join(line for line in lines if line)


def _clean(value) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _http_url(value) -> str | None:
    value = _clean(value)
    return value if value and value.lower().startswith(("http://", "https://")) else None


@contextmanager
def _time_limit(seconds: float):
    """Raise ExtractionTimeout in the block after ``seconds`` (a SIGALRM timer).

    Signals reach only the main thread: elsewhere (a web server's worker thread) the block runs
    unbounded; batches run extraction in the main thread of the CLI or of a worker process.
    """
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise ExtractionTimeout(f"HTML extraction took longer than {seconds:g} s; the page was skipped")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
