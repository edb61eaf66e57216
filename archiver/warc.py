"""WARC/1.1 files: writing an article's records, reading them back, checking and repairing files.

This and ``warc_foreign`` (other tools' WARC files: crawls) are the only modules that import
warcio. Layout of one article (DESIGN section 3): a ``resource`` record with the raw bytes, a
``conversion`` record with the normalized UTF-8 text and a ``metadata`` record with the tags as
JSON, all sharing one microsecond ``WARC-Date``; every file starts with a ``warcinfo`` record.
One gzip member per record, so any record can be read from its offset alone and a torn file can
be cut back to its last complete member.
"""

from __future__ import annotations

import fcntl
import hashlib
import io
import json
import os
import re
import socket
import uuid
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO

from archiver.clock import iso_utc
from archiver.errors import ArchiveError

WARC_VERSION = "1.1"
OPEN_SUFFIX = ".open"
# uuid5 namespace of archiver's WARC-Target-URIs: fixed forever, so every archive names one story alike.
ARCHIVER_NAMESPACE = uuid.UUID("6f1d3a52-8d0b-5c3e-9a57-2b7c4e1f0a11")
SAFE_NAME = re.compile(r"[^A-Za-z0-9.-]+")
GZIP_LEVEL = 6  # warcio uses 9; 6 is ~3x faster for a few percent more bytes
# Record types after which a file holds only whole articles: an article is resource, conversion,
# metadata written together, and a re-tag is a single metadata record.
ARTICLE_BOUNDARY_TYPES = ("warcinfo", "metadata")
READ_CHUNK = 1 << 16
COPIED_TYPES = ("response", "request", "revisit")  # records an import copies verbatim from a crawl

# Fault-injection seams: tests replace these to simulate a full disk or a failing device
# (``monkeypatch.setattr(warc, "write_bytes", ...)``); production code never touches them.
write_bytes = os.write
sync_fd = os.fsync


@dataclass(frozen=True)
class RecordRef:
    """Where one record lives in its WARC file."""

    type: str
    record_id: str
    offset: int
    length: int

    def to_json(self) -> dict:
        return {"type": self.type, "record_id": self.record_id, "offset": self.offset, "length": self.length}


@dataclass(frozen=True)
class ArticleRecords:
    """What one ingest writes: raw bytes, normalized text and tag metadata, plus identity."""

    raw: bytes
    charset: str
    text: str
    metadata: dict
    target_uri: str
    date: datetime
    media_type: str = "text/plain"  # of the resource record: text/html for a saved web page
    # An imported capture: its records copied verbatim as (type, record id, uncompressed bytes),
    # written instead of a resource record; ``refers_to`` is the response's record id.
    copies: tuple[tuple[str, str, bytes], ...] = ()
    refers_to: str | None = None
    # ``sha256:<hex>`` of ``raw`` and of the UTF-8 text when the caller has them already (ingest
    # hashes each once); computed here otherwise.
    raw_digest: str | None = None
    text_digest: str | None = None


@dataclass
class StoredArticle:
    """An article as read back from WARC files: enough to rebuild its sidecar and index row."""

    file: str
    resource: RecordRef
    raw_digest: str
    charset: str | None
    target_uri: str
    date: str
    conversion: RecordRef | None = None
    text: str | None = None
    text_digest: str | None = None
    metadata: dict | None = None
    metadata_refs: list[RecordRef] = field(default_factory=list)


def sha256_hex(data: bytes) -> str:
    """Return ``sha256:<hex>`` of ``data``, the digest form used in headers and sidecars."""
    return "sha256:" + hashlib.sha256(data).hexdigest()


def target_uri_for(raw: bytes, url: str | None = None, *, raw_digest: str | None = None) -> str:
    """The ``urn:uuid`` WARC-Target-URI of an article (DESIGN 3); ``raw_digest``, when the caller
    has it, is ``sha256_hex(raw)`` (the bytes are then not hashed again).

    >>> target_uri_for(b"x").startswith("urn:uuid:")
    True
    >>> target_uri_for(b"x") == target_uri_for(b"x", raw_digest=sha256_hex(b"x"))
    True
    """
    key = f"url:{canonical_url(url)}" if url else raw_digest or sha256_hex(raw)
    return f"urn:uuid:{uuid.uuid5(ARCHIVER_NAMESPACE, key)}"


def canonical_url(url: str) -> str:
    """A light canonical form: scheme and host lower-cased, no fragment, no default port.

    >>> canonical_url("HTTPS://Example.COM:443/a?b=1#top")
    'https://example.com/a?b=1'
    """
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    port = (
        parts.port
        if parts.port and (parts.scheme, parts.port) not in (("http", 80), ("https", 443))
        else None
    )
    netloc = host + (f":{port}" if port else "")
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))


def new_record_id() -> str:
    """A fresh ``WARC-Record-ID`` (``<urn:uuid:...>``, WARC 1.1 section 5.2)."""
    return f"<urn:uuid:{uuid.uuid4()}>"


def safe_host(host: str | None = None) -> str:
    """``host`` (default: this machine's name) reduced to file-name-safe characters (DESIGN 2).

    >>> safe_host("build~box_1.example")
    'build-box-1.example'
    """
    return SAFE_NAME.sub("-", host if host is not None else socket.gethostname()).strip("-") or "host"


def warc_file_name(now: datetime, serial: int, host: str | None = None, pid: int | None = None) -> str:
    """``ARCHIVER-<17-digit UTC timestamp>-<serial:05d>-<host>-<pid>.warc.gz``.

    >>> warc_file_name(datetime(2024, 3, 5, 1, 2, 3, 456000, tzinfo=timezone.utc), 7, "h~x", 42)
    'ARCHIVER-20240305010203456-00007-h-x-42.warc.gz'
    """
    host = safe_host(host)
    stamp = now.astimezone(timezone.utc).strftime("%Y%m%d%H%M%S") + f"{now.microsecond // 1000:03d}"
    return f"ARCHIVER-{stamp}-{serial:05d}-{host}-{pid if pid is not None else os.getpid()}.warc.gz"


def _writer_class():
    from warcio.recordbuilder import RecordBuilder
    from warcio.warcwriter import WARCWriter

    class _Writer(WARCWriter):
        # warcio would add a sha1 payload digest to metadata records; DESIGN 3 wants none there.
        NO_PAYLOAD_DIGEST_TYPES = (*RecordBuilder.NO_PAYLOAD_DIGEST_TYPES, "metadata")

    return _Writer


class _MemberWriter:
    """A file-like sink that turns each record into its own gzip member at ``GZIP_LEVEL``."""

    def __init__(self):
        self.buf = io.BytesIO()

    def write(self, data: bytes) -> None:
        self.buf.write(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = self.buf.getvalue()
        self.buf = io.BytesIO()
        comp = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, zlib.MAX_WBITS + 16)
        return comp.compress(data) + comp.flush()


class WarcFile:
    """A WARC file being written: ``NAME.warc.gz.open``, created O_EXCL and held under flock."""

    def __init__(self, path: Path, fd: int, final_name: str, make_id: Callable[[], str] | None = None):
        self.path = path
        self._make_id = make_id or new_record_id
        self.final_name = final_name
        self._fd = fd
        self._sink = _MemberWriter()
        self._writer = _writer_class()(self._sink, gzip=False, warc_version=WARC_VERSION)
        self.size = os.fstat(fd).st_size
        self.records = 0

    @classmethod
    def create(
        cls,
        directory: Path,
        name: str,
        info: dict[str, str],
        date: datetime,
        make_id: Callable[[], str] | None = None,
    ) -> WarcFile:
        """Create ``directory/name.open`` exclusively, lock it and write its warcinfo record."""
        new_dirs = [d for d in (directory.parent, directory) if not d.exists()]
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / (name + OPEN_SUFFIX)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            wf = cls(path, fd, name, make_id)
            wf._write_warcinfo(info, date)
            wf.sync()
            # The file's name must survive a power loss as well as its bytes: the index will soon
            # point into it (new YYYY/MM directories included).
            fsync_dir(directory)
            for d in new_dirs:
                fsync_dir(d.parent)
        except BaseException:
            os.close(fd)
            path.unlink(missing_ok=True)
            raise
        return wf

    def _write_warcinfo(self, info: dict[str, str], date: datetime) -> None:
        body = "".join(f"{k}: {v}\r\n" for k, v in info.items() if v).encode("utf-8")
        headers = {
            "WARC-Type": "warcinfo",
            "WARC-Record-ID": self._make_id(),
            "WARC-Date": iso_utc(date),
            "WARC-Filename": self.final_name,
            "WARC-Block-Digest": sha256_hex(body),
        }
        self._append([self._record("warcinfo", body, "application/warc-fields", headers)], ["warcinfo"])

    def _record(self, rtype: str, body: bytes, content_type: str, headers: dict[str, str]):
        return self._writer.create_warc_record(
            "",
            rtype,
            payload=io.BytesIO(body),
            length=len(body),
            warc_content_type=content_type,
            warc_headers_dict={"WARC-Type": rtype, **headers, "Content-Type": content_type},
        )

    def write_article(self, rec: ArticleRecords) -> list[RecordRef]:
        """Append the resource, conversion and metadata records of one article; return their refs.

        For an imported capture (``rec.copies``) the crawler's records are copied verbatim in
        place of the resource, and the conversion and metadata records refer to its response.
        """
        if rec.copies:
            return self._write_capture(rec)
        date = iso_utc(rec.date)
        resource_id, conversion_id, metadata_id = self._make_id(), self._make_id(), self._make_id()
        raw_digest = rec.raw_digest or sha256_hex(rec.raw)
        text = rec.text.encode("utf-8")
        text_digest = rec.text_digest or sha256_hex(text)
        meta = json.dumps(rec.metadata, ensure_ascii=False, sort_keys=False).encode("utf-8")
        records = [
            self._record(
                "resource",
                rec.raw,
                f"{rec.media_type}; charset={rec.charset}",
                {
                    "WARC-Record-ID": resource_id,
                    "WARC-Date": date,
                    "WARC-Target-URI": rec.target_uri,
                    "WARC-Block-Digest": raw_digest,
                    "WARC-Payload-Digest": raw_digest,
                },
            ),
            self._conversion_record(text, text_digest, date, conversion_id, rec.target_uri, resource_id),
            self._metadata_record(meta, resource_id, date, metadata_id),
        ]
        return self._append(records, ["resource", "conversion", "metadata"])

    def _write_capture(self, rec: ArticleRecords) -> list[RecordRef]:
        date = iso_utc(rec.date)
        conversion_id, metadata_id = self._make_id(), self._make_id()
        text = rec.text.encode("utf-8")
        text_digest = sha256_hex(text)
        meta = json.dumps(rec.metadata, ensure_ascii=False).encode("utf-8")
        conversion = self._conversion_record(
            text, text_digest, date, conversion_id, rec.target_uri, rec.refers_to
        )
        # WARC 1.1 section 5.7: the metadata is written at import, not during the capture, so it is
        # not WARC-Concurrent-To the crawler's response.
        metadata = self._metadata_record(meta, rec.refers_to, date, metadata_id, concurrent=False)
        members = [(rtype, rid, gzip_member(raw)) for rtype, rid, raw in rec.copies]
        for rtype, record in (("conversion", conversion), ("metadata", metadata)):
            self._writer.write_record(record)
            members.append((rtype, record.rec_headers.get_header("WARC-Record-ID"), self._sink.take()))
        return self._write_members(members)

    def _conversion_record(
        self, text: bytes, digest: str, date: str, record_id: str, target_uri: str, refers_to: str
    ):
        """The normalized text (UTF-8) of the record ``refers_to`` (WARC 1.1 section 5.8)."""
        headers = {
            "WARC-Record-ID": record_id,
            "WARC-Date": date,
            "WARC-Target-URI": target_uri,
            "WARC-Refers-To": refers_to,
            "WARC-Block-Digest": digest,
            "WARC-Payload-Digest": digest,
        }
        return self._record("conversion", text, "text/plain; charset=utf-8", headers)

    def write_metadata(self, metadata: dict, resource_id: str, date: datetime) -> RecordRef:
        """Append one more metadata record about an archived resource (re-tagging)."""
        meta = json.dumps(metadata, ensure_ascii=False).encode("utf-8")
        record = self._metadata_record(meta, resource_id, iso_utc(date), self._make_id(), concurrent=False)
        return self._append([record], ["metadata"])[0]

    def _metadata_record(
        self, body: bytes, resource_id: str, date: str, record_id: str, *, concurrent: bool = True
    ):
        headers = {"WARC-Record-ID": record_id, "WARC-Date": date, "WARC-Refers-To": resource_id}
        if concurrent:
            # WARC 1.1 section 5.7: only a record of the same capture event is concurrent; a re-tag
            # written later refers to the resource but is not concurrent with it.
            headers["WARC-Concurrent-To"] = resource_id
        headers["WARC-Block-Digest"] = sha256_hex(body)
        return self._record("metadata", body, "application/json", headers)

    def _append(self, records, types: list[str]) -> list[RecordRef]:
        members = []
        for rtype, record in zip(types, records, strict=True):
            self._writer.write_record(record)
            members.append((rtype, record.rec_headers.get_header("WARC-Record-ID"), self._sink.take()))
        return self._write_members(members)

    def _write_members(self, members: list[tuple[str, str, bytes]]) -> list[RecordRef]:
        """Append gzip members (type, record id, bytes) in one write; return their refs."""
        chunks, refs, offset = [], [], self.size
        for rtype, record_id, member in members:
            chunks.append(member)
            refs.append(RecordRef(rtype, record_id, offset, len(member)))
            offset += len(member)
        data = b"".join(chunks)
        written = 0
        try:
            while written < len(data):
                written += write_bytes(self._fd, data[written:])
        except OSError as e:
            # Cut back a partial write so the file still ends on a complete record.
            os.ftruncate(self._fd, self.size)
            raise ArchiveError(f"cannot write {self.path.name}: {e.strerror or e}") from e
        self.size = offset
        self.records += len(refs)
        return refs

    def sync(self) -> None:
        """Make everything written so far durable (fsync). Raises ArchiveError."""
        try:
            sync_fd(self._fd)
        except OSError as e:
            raise ArchiveError(f"cannot write {self.path.name}: {e.strerror or e}") from e

    def truncate(self, size: int, records: int) -> None:
        """Cut the file back to ``size`` bytes holding ``records`` records (undo a failed batch)."""
        try:
            os.ftruncate(self._fd, size)
            sync_fd(self._fd)
        except OSError as e:
            raise ArchiveError(f"cannot cut back {self.path.name}: {e.strerror or e}") from e
        self.size, self.records = size, records

    def close(self) -> Path:
        """fsync, rename to the final name, write the ``.sha256`` manifest; return the final path.

        The file descriptor (and with it the flock) is released even when a step fails, so the
        next writer can repair what is left (a ``.open`` file, or a closed file without manifest).
        """
        final = self.path.with_name(self.final_name)
        try:
            self.sync()
            os.rename(self.path, final)
            write_manifest(final)
            fsync_dir(final.parent)
        except OSError as e:
            raise ArchiveError(f"cannot close {self.final_name}: {e.strerror or e}") from e
        finally:
            os.close(self._fd)  # releases the flock only once the final name exists (or failed)
        return final

    def release(self) -> None:
        """Let go of the file as a dead writer would: fd and flock closed, ``.open`` name kept."""
        try:
            os.close(self._fd)
        except OSError:
            pass

    def abandon(self) -> None:
        """Close without renaming (used when nothing but warcinfo was written): delete the file."""
        self.path.unlink(missing_ok=True)
        os.close(self._fd)


def fsync_dir(path: Path) -> None:
    """Make a directory's entries (a new or renamed file) durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def file_sha256(path: Path) -> str:
    """The sha256 of a whole file as hex, read in 1 MiB chunks (the manifests' digest)."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def write_manifest(warc_path: Path) -> Path:
    """Write ``NAME.sha256`` in ``sha256sum`` format next to a closed WARC file (atomically)."""
    manifest = warc_path.with_name(warc_path.name + ".sha256")
    tmp = manifest.with_name(manifest.name + ".tmp")
    tmp.write_text(f"{file_sha256(warc_path)}  {warc_path.name}\n", encoding="ascii")
    with tmp.open("rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, manifest)
    return manifest


def read_manifest(warc_path: Path) -> str | None:
    """The sha256 that ``NAME.sha256`` records for a WARC file, or None if it is missing or empty."""
    manifest = warc_path.with_name(warc_path.name + ".sha256")
    try:
        return manifest.read_text(encoding="ascii").split()[0]
    except (OSError, IndexError):
        return None


def is_locked(path: Path) -> bool:
    """Whether a live process holds ``path``'s flock (works on a read-only file system too)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False


def try_lock(path: Path) -> int | None:
    """Open ``path`` and take its flock without waiting: a fd if nobody holds it, else None."""
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


# -- reading: a gzip-member scanner that resyncs after damage, and warcio for each record ----------
GZIP_MAGIC = b"\x1f\x8b\x08"  # RFC 1952: ID1 ID2 and CM=8 (deflate), the start of every member
MAX_RECORD_BYTES = 1 << 30  # a member that inflates past this is damage, not an article


@dataclass(frozen=True)
class Damage:
    """Bytes of a WARC file that hold no readable record: ``length`` bytes from ``offset``."""

    offset: int
    length: int
    detail: str
    to_end: bool = False  # the file ends inside it: whatever was written after it is lost too


@dataclass(frozen=True)
class Record:
    """One intact record as warcio read it: where it is, its headers and its block."""

    ref: RecordRef
    protocol: str
    headers: dict[str, str]
    body: bytes
    digest_problems: tuple[str, ...] = ()


def scan_members(f: BinaryIO, start: int = 0) -> Iterator[tuple[int, int, bytes] | Damage]:
    """Yield ``(offset, length, inflated bytes)`` per intact gzip member, or ``Damage``.

    warcio stops at the first damaged member; this scanner instead resyncs at the next gzip
    magic (``\\x1f\\x8b\\x08``) after it, so one torn or flipped member costs only itself. A
    spurious magic inside compressed data fails to inflate and is skipped the same way. Memory is
    bounded by the largest member; time is linear in the file's size.
    """
    pos = start
    f.seek(pos)
    buf = b""
    while True:
        if len(buf) < len(GZIP_MAGIC):
            buf += f.read(READ_CHUNK)
            if not buf:
                return
        if not buf.startswith(GZIP_MAGIC):
            detail = "not a gzip member"
        else:
            d = zlib.decompressobj(zlib.MAX_WBITS + 16)
            parts: list[bytes] = []
            fed, inflated, detail = 0, 0, None
            chunk = buf
            try:
                while True:
                    out = d.decompress(chunk, READ_CHUNK * 16)
                    parts.append(out)
                    inflated += len(out)
                    while d.unconsumed_tail and inflated <= MAX_RECORD_BYTES:
                        out = d.decompress(d.unconsumed_tail, READ_CHUNK * 16)
                        parts.append(out)
                        inflated += len(out)
                    fed += len(chunk)
                    if inflated > MAX_RECORD_BYTES:
                        detail = "gzip member inflates past the record size limit"
                        break
                    if d.eof:
                        break
                    chunk = f.read(READ_CHUNK)
                    if not chunk:
                        detail = "torn gzip member (the file ends inside it)"
                        break
            except zlib.error as e:
                detail = f"damaged gzip member ({e})"
            if detail is None:
                buf = d.unused_data
                length = fed - len(buf)
                yield pos, length, b"".join(parts)
                pos += length
                continue
        nxt = _find_magic(f, pos + 1)
        end = nxt if nxt is not None else f.seek(0, os.SEEK_END)
        yield Damage(pos, end - pos, detail, to_end=nxt is None)
        if nxt is None:
            return
        pos = nxt
        f.seek(pos)
        buf = b""


def _find_magic(f: BinaryIO, start: int) -> int | None:
    """The offset of the next gzip magic at or after ``start``, or None."""
    f.seek(start)
    pos, tail = start, b""
    while True:
        chunk = f.read(READ_CHUNK)
        if not chunk:
            return None
        data = tail + chunk
        i = data.find(GZIP_MAGIC)
        if i >= 0:
            return pos - len(tail) + i
        tail = data[-(len(GZIP_MAGIC) - 1) :]
        pos += len(chunk)


def parse_record(data: bytes, offset: int = 0, length: int | None = None) -> Record:
    """Read one inflated record with warcio (digests checked). Raises ArchiveError if it is none."""
    from warcio.archiveiterator import ArchiveIterator

    try:
        it = ArchiveIterator(io.BytesIO(data), check_digests=True)
        record = next(iter(it))
        body = record.content_stream().read()
        headers = dict(record.rec_headers.headers)
        protocol = record.rec_headers.protocol
        declared = int(headers.get("Content-Length", "-1"))
        problems = tuple(record.digest_checker.problems)
    except StopIteration:
        raise ArchiveError("an empty gzip member, no WARC record") from None
    except Exception as e:  # noqa: BLE001 - any warcio failure means the member holds no record
        raise ArchiveError(f"not a WARC record ({type(e).__name__}: {_short(e)})") from e
    if record.http_headers is not None:
        # warcio hands out an HTTP record's payload (de-chunked, decoded); the block is what the
        # record holds and its digests cover: the bytes after the WARC headers, as stored.
        start = data.find(b"\r\n\r\n") + 4
        body = data[start : start + declared]
    if len(body) != declared:
        raise ArchiveError(f"record block is {len(body)} bytes, its Content-Length says {declared}")
    ref = RecordRef(
        headers.get("WARC-Type", ""),
        headers.get("WARC-Record-ID", ""),
        offset,
        len(data) if length is None else length,
    )
    return Record(ref, protocol, headers, body, problems)


def _short(e: Exception) -> str:
    return str(e).split("\n")[0][:160]


def iter_records(path: Path, start: int = 0) -> Iterator[Record | Damage]:
    """Every intact record of a WARC file, in order, and a ``Damage`` for each unreadable stretch."""
    with path.open("rb") as f:
        for item in scan_members(f, start):
            if isinstance(item, Damage):
                yield item
                continue
            offset, length, data = item
            try:
                yield parse_record(data, offset, length)
            except ArchiveError as e:
                yield Damage(offset, length, str(e))


def complete_members_end(path: Path, *, whole_articles: bool = False) -> int:
    """The offset just past the last complete record before any damage (a dead writer's torn tail).

    With ``whole_articles``, just past the last record that ends an article (or the warcinfo):
    a resource whose conversion or metadata record was torn off goes too.
    """
    end = 0
    for item in iter_records(path):
        if isinstance(item, Damage):
            break
        if not whole_articles or item.ref.type in ARTICLE_BOUNDARY_TYPES:
            end = item.ref.offset + item.ref.length
    return end


def read_record(path: Path, offset: int) -> tuple[dict, bytes]:
    """Read the record at ``offset``; return (headers, block). Raises ArchiveError."""
    try:
        with path.open("rb") as f:
            for item in scan_members(f, offset):
                if isinstance(item, Damage):
                    raise ArchiveError(
                        f"{path.name}: cannot read the record at offset {offset} ({item.detail})"
                    )
                start, length, data = item
                try:
                    record = parse_record(data, start, length)
                except ArchiveError as e:
                    raise ArchiveError(f"{path.name}: cannot read the record at offset {offset} ({e})") from e
                return record.headers, record.body
    except OSError as e:
        raise ArchiveError(f"{path.name}: cannot read the record at offset {offset} ({e})") from e
    raise ArchiveError(f"{path.name}: no record at offset {offset}")


def iter_articles(
    path: Path, relative: str, records: Iterable[Record | Damage] | None = None
) -> Iterator[StoredArticle | tuple[str, dict, RecordRef] | Damage]:
    """Read a WARC file and yield what it holds, in order, going on past damage.

    Yields a ``StoredArticle`` per resource (with its conversion and first metadata record) as
    soon as that metadata record is read, ``(refers_to, body, ref)`` for any later metadata
    record (a re-tag or an amendment, of this file's article or another's), and ``Damage`` for
    each unreadable stretch. Resources whose metadata never came are yielded at the end.
    ``records`` (default: ``iter_records(path)``) lets a caller look at each record on the way.
    """
    pending: dict[str, StoredArticle] = {}
    for item in iter_records(path) if records is None else records:
        if isinstance(item, Damage):
            yield item
            continue
        ref, headers, body = item.ref, item.headers, item.body
        rtype = ref.type
        if rtype in ("resource", "response"):  # a response: an article imported from a crawl
            pending[ref.record_id] = StoredArticle(
                file=relative,
                resource=ref,
                raw_digest=sha256_hex(body),
                charset=_charset(headers.get("Content-Type", "")),
                target_uri=headers.get("WARC-Target-URI", ""),
                date=headers.get("WARC-Date", ""),
            )
        elif rtype == "conversion" and headers.get("WARC-Refers-To") in pending:
            art = pending[headers["WARC-Refers-To"]]
            try:
                art.text = body.decode("utf-8")
            except UnicodeDecodeError:
                continue
            art.conversion, art.text_digest = ref, sha256_hex(body)
        elif rtype == "metadata":
            meta = _json_or_none(body)
            refers = headers.get("WARC-Refers-To") or ""
            if not isinstance(meta, dict):
                continue
            art = pending.pop(refers, None)
            if art is not None:
                # An article is complete with its first metadata record: yield it now, so memory
                # stays bounded however large the file; later ones (re-tags) come as tuples.
                art.metadata = meta
                art.metadata_refs.append(ref)
                yield art
            else:
                yield (refers, meta, ref)
    yield from pending.values()  # resources whose metadata never came (kept for counting)


def _charset(content_type: str) -> str | None:
    m = re.search(r"charset=([^;\s]+)", content_type)
    return m.group(1) if m else None


def _json_or_none(body: bytes):
    try:
        return json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return None


def record_problems(item: Record, first: bool) -> Iterator[tuple[str, str]]:
    """What is wrong with one readable record, as ``(kind, detail)``: ``layout`` (not WARC/1.1, or
    a file whose ``first`` record is not warcinfo) and ``digest-mismatch`` (recomputed by warcio)."""
    # Records copied from a crawl keep the crawler's WARC version, verbatim.
    if item.protocol != "WARC/1.1" and item.ref.type not in COPIED_TYPES:
        yield "layout", f"{item.protocol}, not WARC/1.1"
    if first and item.ref.type != "warcinfo":
        yield "layout", "the first record is not warcinfo"
    for p in item.digest_problems:
        yield "digest-mismatch", p


def is_intact(path: Path) -> bool:
    """Whether every byte of the file belongs to an intact record (no damage, no torn tail)."""
    return not any(isinstance(item, Damage) for item in iter_records(path))


def truncate_to_complete(path: Path, *, whole_articles: bool = False) -> int:
    """Cut a dead writer's file back to its last complete record (or article); return the new size."""
    end = complete_members_end(path, whole_articles=whole_articles)
    with path.open("r+b") as f:
        f.truncate(end)
        os.fsync(f.fileno())
    return end


def open_file_name(path: Path) -> str:
    """The final name of a ``.open`` file."""
    return path.name[: -len(OPEN_SUFFIX)] if path.name.endswith(OPEN_SUFFIX) else path.name


# -- Single gzip members: making one, copying one (exports), reading its headers ----------------
def gzip_member(data: bytes) -> bytes:
    """``data`` as one gzip member (one record per member, as every file we write)."""
    comp = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, zlib.MAX_WBITS + 16)
    return comp.compress(data) + comp.flush()


def read_member(path: Path, offset: int, length: int) -> bytes:
    """The gzip member of one record, byte for byte (to copy it into another WARC file)."""
    try:
        with path.open("rb") as f:
            f.seek(offset)
            data = f.read(length)
    except OSError as e:
        raise ArchiveError(f"{path.name}: cannot read offset {offset} ({e.strerror or e})") from e
    if len(data) != length:
        raise ArchiveError(f"{path.name}: the record at offset {offset} is cut short")
    return data


def warcinfo_member(
    filename: str, info: dict[str, str], date: datetime, make_id: Callable[[], str] | None = None
) -> bytes:
    """A gzipped warcinfo record to start a new WARC file (an export) with."""
    body = "".join(f"{k}: {v}\r\n" for k, v in info.items() if v).encode("utf-8")
    sink = _MemberWriter()
    writer = _writer_class()(sink, gzip=False, warc_version=WARC_VERSION)
    record = writer.create_warc_record(
        "",
        "warcinfo",
        payload=io.BytesIO(body),
        length=len(body),
        warc_content_type="application/warc-fields",
        warc_headers_dict={
            "WARC-Type": "warcinfo",
            "WARC-Record-ID": (make_id or new_record_id)(),
            "WARC-Date": iso_utc(date),
            "WARC-Filename": filename,
            "WARC-Block-Digest": sha256_hex(body),
            "Content-Type": "application/warc-fields",
        },
    )
    writer.write_record(record)
    return sink.take()


def member_headers(member: bytes) -> dict[str, str]:
    """The WARC headers of a record held in one gzip member."""
    d = zlib.decompressobj(zlib.MAX_WBITS + 16)
    head = b""
    for start in range(0, len(member), READ_CHUNK):
        head += d.decompress(member[start : start + READ_CHUNK], READ_CHUNK)
        if b"\r\n\r\n" in head or d.eof:
            break
    headers = {}
    for line in head.partition(b"\r\n\r\n")[0].split(b"\r\n")[1:]:
        name, _, value = line.decode("utf-8", "replace").partition(":")
        headers[name.strip()] = value.strip()
    return headers
