"""WARC files other tools wrote (crawls): streaming their records, copying kept ones verbatim.

``iter_foreign_records`` reads a crawler's file with warcio (``inputs/crawl.py`` imports captures
through it); ``read_payload`` reads the HTTP payload of a capture archived that way. Our own
records are written and read in ``warc``; warcio is imported only in these two modules.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from archiver.errors import ArchiveError
from archiver.warc import READ_CHUNK, sha256_hex

MAX_REQUEST_BYTES = 1 << 20  # a request record larger than this is not kept beside its response
HEADER_SLACK = 1 << 16  # WARC and HTTP header bytes allowed on top of --max-bytes of payload


@dataclass
class ForeignRecord:
    """One record of a crawler's WARC file, as ``iter_foreign_records`` reads it.

    ``payload`` (the HTTP body, de-chunked and content-decoded) and ``raw`` (the record verbatim,
    uncompressed) are only read for the records the caller keeps; ``problem`` says why a kept
    record could not be read whole (too large, truncated).
    """

    type: str
    record_id: str
    target_uri: str
    date: str
    offset: int
    concurrent_to: tuple[str, ...] = ()
    http_status: int | None = None
    content_type: str | None = None
    payload: bytes | None = None
    raw: bytes | None = None
    block_digest: str | None = None
    problem: str | None = None


def iter_foreign_records(
    open_stream: Callable[[], object],
    name: str,
    *,
    keep: Callable[[ForeignRecord], bool],
    max_bytes: int,
) -> Iterator[ForeignRecord]:
    """Stream the records of a crawler's WARC file (gzipped per record, or not at all).

    Args:
        open_stream: opens the file (or a WACZ member) as a fresh binary stream; called twice,
            once for warcio's parse and once to copy kept records verbatim by offset.
        name: what to call the file in messages.
        keep: decides from a record's headers whether its payload and verbatim bytes are read.
        max_bytes: the limit of one payload (decompressed); a larger one gets a ``problem``.

    Memory is bounded by ``max_bytes`` whatever the file's size: other records are read
    through and dropped.

    Raises:
        DamagedInput: the file is not a WARC file, or is damaged at some offset (the records
            before it have been yielded).
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    from archiver.errors import DamagedInput

    stream, copier = open_stream(), open_stream()
    count, offset, last = 0, 0, (0, 0)
    try:
        it = ArchiveIterator(stream, no_record_parse=False, ensure_http_headers=False)
        gzipped = None
        for record in it:
            h = record.rec_headers
            if record.format not in ("warc",) or not h.protocol.startswith("WARC/"):
                raise DamagedInput(f"{name}: not a WARC file")
            rec = _foreign_record(record, h)
            wanted = keep(rec)
            if wanted:
                rec.payload = _read_bounded(record.content_stream(), max_bytes)
                if rec.payload is None:
                    rec.problem = f"payload over --max-bytes ({max_bytes:,} bytes, decompressed)"
            offset, length = it.get_record_offset(), it.get_record_length()
            rec.offset = offset
            if gzipped is None:
                gzipped = it.reader.decompressor is not None
            if wanted and rec.problem is None:
                limit = max_bytes + HEADER_SLACK if rec.type != "request" else MAX_REQUEST_BYTES
                rec.raw, problem = _copy_record(copier, offset, length, gzipped, limit)
                rec.problem = problem and f"record at offset {offset} {problem}"
                if rec.raw is not None:
                    rec.block_digest = sha256_hex(_block_of(rec.raw))
            count += 1
            last = (offset, length)
            yield rec
        if count == 0:
            raise DamagedInput(f"{name}: not a WARC file (no records)")
        problem = _tail_problem(copier, *last, gzipped)
        if problem:
            raise DamagedInput(f"{name}: truncated after {count} records: {problem}")
    except DamagedInput:
        raise
    except ArchiveLoadFailed as e:
        if "non-chunked gzip" in str(e):
            raise DamagedInput(
                f"{name}: gzipped as one stream, not one gzip member per record as WARC tools expect; "
                "gunzip it and add the .warc file"
            ) from e
        if count == 0:
            raise DamagedInput(f"{name}: not a WARC file ({_first_line(e)})") from e
        raise DamagedInput(
            f"{name}: damaged after {count} records (offset {offset}): {_first_line(e)}"
        ) from e
    # warcio meets a torn header with AttributeError/TypeError/... from deep inside: damage, not a bug.
    except (OSError, EOFError, ValueError, zlib.error, AttributeError, TypeError, KeyError, IndexError) as e:
        if count == 0:
            raise DamagedInput(f"{name}: not a readable WARC file ({_first_line(e)})") from e
        raise DamagedInput(
            f"{name}: truncated or damaged after {count} records (offset {offset}): {_first_line(e)}"
        ) from e
    finally:
        for s in (stream, copier):
            close = getattr(s, "close", None)
            if close:
                close()


def _first_line(e: Exception) -> str:
    return (str(e).strip().splitlines() or [type(e).__name__])[0][:200]


def _foreign_record(record, h) -> ForeignRecord:
    status, ctype = None, None
    if record.http_headers is not None and record.rec_type in ("response", "revisit"):
        try:
            status = int(record.http_headers.get_statuscode() or 0) or None
        except ValueError:
            status = None
        ctype = record.http_headers.get_header("Content-Type")
    elif record.rec_type == "resource":
        ctype = h.get_header("Content-Type")
    return ForeignRecord(
        type=record.rec_type or "",
        record_id=h.get_header("WARC-Record-ID") or "",
        target_uri=(h.get_header("WARC-Target-URI") or "").strip("<>"),
        date=h.get_header("WARC-Date") or "",
        offset=0,
        concurrent_to=tuple(v for k, v in h.headers if k.lower() == "warc-concurrent-to"),
        http_status=status,
        content_type=ctype,
    )


def _read_bounded(stream, max_bytes: int) -> bytes | None:
    """Read at most ``max_bytes``; None when there is more (the rest is left for warcio to skip)."""
    parts, size = [], 0
    while size <= max_bytes:
        chunk = stream.read(min(READ_CHUNK, max_bytes + 1 - size))
        if not chunk:
            return b"".join(parts)
        parts.append(chunk)
        size += len(chunk)
    return None


def _copy_record(f, offset: int, length: int, gzipped: bool, limit: int) -> tuple[bytes | None, str | None]:
    """The record at ``offset`` verbatim and uncompressed, ending in its two CRLFs."""
    f.seek(offset)
    if gzipped:
        d = zlib.decompressobj(zlib.MAX_WBITS + 16)
        parts, size, left = [], 0, length
        while left > 0 and not d.eof:
            chunk = f.read(min(READ_CHUNK, left))
            if not chunk:
                break
            left -= len(chunk)
            part = d.decompress(chunk, limit + 1 - size)
            parts.append(part)
            size += len(part)
            if size > limit or d.unconsumed_tail:
                return None, f"is over the size limit ({limit:,} bytes decompressed)"
        if not d.eof:
            return None, "is truncated (its gzip member ends early)"
        data = b"".join(parts)
    else:
        if length > limit:
            return None, f"is over the size limit ({limit:,} bytes)"
        data = f.read(length)
        if len(data) < length:
            return None, "is truncated"
    head, sep, rest = data.partition(b"\r\n\r\n")
    m = re.search(rb"(?im)^content-length:\s*(\d+)\s*$", head)
    if not sep or not m or len(rest) < int(m.group(1)):
        return None, "is truncated (its block is shorter than its Content-Length)"
    return head + sep + rest[: int(m.group(1))] + b"\r\n\r\n", None


def _tail_problem(f, offset: int, length: int, gzipped: bool) -> str | None:
    """Whether the file ends cleanly after its last record (warcio reads a torn tail as the end).

    Streams the last record once more without keeping it, then looks for bytes after it.
    """
    f.seek(offset)
    head, size = b"", 0
    if gzipped:
        d = zlib.decompressobj(zlib.MAX_WBITS + 16)
        left = length
        while left > 0 and not d.eof:
            chunk = f.read(min(READ_CHUNK, left))
            if not chunk:
                break
            left -= len(chunk)
            part = d.decompress(chunk)
            size += len(part)
            if len(head) < HEADER_SLACK:
                head += part[:HEADER_SLACK]
        if not d.eof:
            return f"the record at offset {offset} ends early (its gzip member is incomplete)"
    else:
        head = f.read(min(length, HEADER_SLACK))
        size = length + 4  # warcio's length of an uncompressed record leaves out the two CRLFs
    end = head.find(b"\r\n\r\n")
    m = re.search(rb"(?im)^content-length:\s*(\d+)\s*$", head[: max(end, 0)])
    if end < 0 or not m:
        return f"the record at offset {offset} is cut short (its header block is incomplete)"
    needed = end + 4 + int(m.group(1)) + 4
    if size < needed:
        return f"the record at offset {offset} is cut short ({size:,} of {needed:,} bytes)"
    f.seek(offset + length)
    extra = 0
    while chunk := f.read(READ_CHUNK):
        extra += len(chunk.strip(b"\r\n\x00 "))
    if extra:
        return f"{extra:,} bytes after offset {offset + length} are not a complete record"
    return None


def _block_of(raw: bytes) -> bytes:
    """The content block of a verbatim record (between the header block and the end CRLFs)."""
    return raw.partition(b"\r\n\r\n")[2][:-4]


def read_payload(path: Path, offset: int) -> bytes:
    """The HTTP payload (de-chunked, content-decoded) of the response record at ``offset``."""
    from warcio.archiveiterator import ArchiveIterator

    try:
        with path.open("rb") as f:
            f.seek(offset)
            for record in ArchiveIterator(f):
                return record.content_stream().read()
    except (OSError, ValueError, EOFError, zlib.error) as e:
        raise ArchiveError(f"{path.name}: cannot read the record at offset {offset} ({e})") from e
    raise ArchiveError(f"{path.name}: no record at offset {offset}")
