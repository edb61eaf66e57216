"""The archive on disk: adding articles, reading them back, verifying and rebuilding.

Order of writes for one batch, under the archive's write lock (``ARCHIVE/.lock``, flock):
WARC records appended and fsynced → sidecars written → index rows committed. The index therefore
never points at bytes that are not durably on disk, and a crash at any moment leaves at worst
records that are in a WARC file but not yet indexed; the next writer repairs the dead writer's
``.open`` file and indexes what it holds (DESIGN section 2).
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from archiver.errors import ArchiveError, ArchiverError, InternalError, RecordNotFound
from archiver.inputs.article import PreparedArticle, prepare_all, utc_now
from archiver.inputs.reader import InputItem
from archiver.store.sidecar import (
    build_metadata,
    iso_utc,
    read_sidecar,
    retagged,
    sidecar_path,
    with_warc,
    write_sidecar,
    write_sidecars,
)

ARCHIVE_FORMAT = "archiver-archive/1"
DEFAULT_ROLLOVER = 1_000_000_000
DEFAULT_BATCH = 256
STATS_TOP = 20
MAX_LOGGED_FAILURES = 1000


@dataclass(frozen=True)
class AddOptions:
    """How ``Archive.add`` works: tagging on/off, batch size of group commits."""

    tag: bool = True
    batch_size: int = DEFAULT_BATCH
    jobs: int = 1  # worker processes for decoding, normalizing and tagging
    command: str = "add"
    log: bool = True  # append the run line to logs/runs.jsonl (ingest writes its own, richer one)
    contain_errors: bool = False  # an unexpected exception fails the one item, not the whole run


@dataclass(frozen=True)
class AddResult:
    """The outcome for one input item."""

    source: str
    status: str  # added | duplicate | failed | retagged
    id: str | None = None
    error: str | None = None
    title: str | None = None
    duplicate_of: str | None = None
    retry: bool = False  # failed because the archive could not be written, not because of the input

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "status": self.status, "source": self.source, "error": self.error}


@dataclass(frozen=True)
class ShownArticle:
    sidecar: dict[str, Any]
    text: str
    raw: bytes | None


@dataclass(frozen=True)
class Finding:
    """One problem ``verify`` or ``reindex`` found, with where it is."""

    kind: str  # damaged-file, digest-mismatch, manifest-mismatch, missing-manifest, missing-sidecar,
    # sidecar-mismatch, missing-from-index, orphan-index-entry, orphan-sidecar, dead-writer
    file: str | None
    record: str | None
    message: str

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "file": self.file, "record": self.record, "message": self.message}


@dataclass
class Report:
    """What ``verify`` or ``reindex`` did: counts and problems."""

    files: int = 0
    articles: int = 0
    problems: list[Finding] = field(default_factory=list)


@contextmanager
def open_archive(
    root: Path,
    *,
    create: bool = False,
    clock: Callable[[], datetime] = utc_now,
    make_id: Callable[[], str] | None = None,
) -> Iterator[Archive]:
    """Open (or with ``create``, create on first use) the archive at ``root``; close it after."""
    archive = Archive(root, create=create, clock=clock, make_id=make_id)
    try:
        yield archive
    finally:
        archive.close()


class Archive:
    """An archive directory (DESIGN section 2)."""

    def __init__(
        self,
        root: Path,
        *,
        create: bool = False,
        clock: Callable[[], datetime] = utc_now,
        make_id: Callable[[], str] | None = None,
        host: str | None = None,
    ):
        self.root = Path(root)
        self.clock = clock
        self.make_id = make_id
        self.host = host or socket.gethostname()
        self.settings = self._load_or_create(create)
        self._index = None
        self._writer = None
        self._serial = 0
        self._lock_fd: int | None = None
        self._retired: list = []  # writers rolled over during a batch, closed once it is committed
        self._touched: dict[int, tuple] = {}  # writer id -> (writer, size, records) at batch start
        self._swept = False

    # -- opening -----------------------------------------------------------------------------
    def _load_or_create(self, create: bool) -> dict[str, Any]:
        meta = self.root / "archive.json"
        if meta.exists():
            try:
                data = json.loads(meta.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as e:
                raise ArchiveError(f"{meta} is unreadable: {e}") from e
            if data.get("format") != ARCHIVE_FORMAT:
                raise ArchiveError(f"{meta}: unknown archive format {data.get('format')!r}")
            return data
        if not create:
            raise ArchiveError(f"no archive at {self.root} (create one with: archiver add FILE)")
        try:
            for sub in ("warc", "sidecars", "logs"):
                (self.root / sub).mkdir(parents=True, exist_ok=True)
            data = {
                "format": ARCHIVE_FORMAT,
                "created": iso_utc(self.clock()),
                "settings": {"rollover_bytes": DEFAULT_ROLLOVER, "collection": "archiver", "operator": None},
            }
            tmp = meta.with_name(f".archive.json.{os.getpid()}.tmp")
            tmp.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
            try:
                os.link(tmp, meta)  # first creator wins; a concurrent one reads the winner's file
            except FileExistsError:
                pass
            finally:
                tmp.unlink(missing_ok=True)
            return json.loads(meta.read_text(encoding="utf-8"))
        except OSError as e:
            raise ArchiveError(f"cannot create an archive at {self.root}: {e.strerror or e}") from e

    @property
    def index(self):
        if self._index is None:
            from archiver.index.engine import index_exists, open_engine

            if not index_exists(self.root) and next((self.root / "warc").glob("*/*/*.warc.gz*"), None):
                # Searching an empty new index would answer "nothing"; adding to it would archive
                # every article again, since duplicates are found through the index.
                raise ArchiveError(f"the index of {self.root} is missing: run `archiver reindex`")
            self._index = open_engine(self.root)
        return self._index

    def close(self) -> None:
        """Close the WARC file being written (rename + manifest) and the index."""
        try:
            if self._writer is not None:
                with self._write_lock():
                    self._close_writer()
        finally:
            if self._index is not None:
                self._index.close()
                self._index = None

    # -- locking and writers -------------------------------------------------------------------
    @contextmanager
    def _write_lock(self) -> Iterator[None]:
        """The archive-wide lock around duplicate check → WARC write → index commit."""
        if self._lock_fd is not None:  # re-entrant within one process
            yield
            return
        path = self.root / ".lock"
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:
            raise ArchiveError(f"cannot lock the archive {self.root}: {e.strerror or e}") from e
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            self._lock_fd = fd
            yield
        finally:
            self._lock_fd = None
            os.close(fd)

    def _writer_for(self, incoming: int, now: datetime | None = None):
        from archiver import warc

        rollover = int(self.settings.get("settings", {}).get("rollover_bytes") or DEFAULT_ROLLOVER)
        if self._writer is not None and self._writer.size + incoming > rollover and self._writer.records > 1:
            # Closed only after the batch commits: a failed batch must be able to cut it back.
            self._retired.append(self._writer)
            self._writer = None
        if self._writer is None:
            now = now or self.clock()  # the warcinfo is dated with the batch's first record
            name = warc.warc_file_name(now, self._serial, self.host)
            self._serial += 1
            directory = self.root / "warc" / f"{now:%Y}" / f"{now:%m}"
            self._writer = warc.WarcFile.create(directory, name, self._warcinfo(name), now, self.make_id)
        self._touched.setdefault(id(self._writer), (self._writer, self._writer.size, self._writer.records))
        return self._writer

    def _begin_batch(self) -> None:
        self._touched = {}

    def _sync_batch(self) -> None:
        for writer, _, _ in self._touched.values():
            writer.sync()

    def _end_batch(self) -> None:
        """Close the writers retired during the batch; a failure leaves them to the repair."""
        retired, self._retired, self._touched = self._retired, [], {}
        for writer in retired:
            try:
                writer.abandon() if writer.records <= 1 else writer.close()
            except (ArchiveError, OSError):
                pass  # the fd is closed: the next writer repairs the .open file or writes the manifest

    def _undo_batch(self, sidecar_ids: list[str]) -> None:
        """Take back a batch that failed before its index commit: nothing of it stays visible.

        WARC files are cut back to their size at the start of the batch; a writer that cannot be
        cut back is dropped (its fd closed, so the next writer repairs and indexes what it holds).
        """
        for article_id in sidecar_ids:
            try:
                sidecar_path(self.root, article_id).unlink(missing_ok=True)
            except OSError:
                pass  # a sidecar is derived data; verify names it and reindex rebuilds it
        for writer, size, records in self._touched.values():
            try:
                writer.truncate(size, records)
            except ArchiveError:
                if writer is self._writer:
                    self._writer = None
                if writer in self._retired:
                    self._retired.remove(writer)
                writer.release()
        self._end_batch()

    def _warcinfo(self, name: str) -> dict[str, str]:
        from archiver import __version__

        s = self.settings.get("settings", {})
        return {
            "software": f"archiver/{__version__}",
            "format": "WARC File Format 1.1",
            "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
            "isPartOf": s.get("collection") or "archiver",
            "hostname": self.host,
            "operator": s.get("operator") or "",
        }

    def _close_writer(self) -> None:
        self._end_batch()
        if self._writer is None:
            return
        writer, self._writer = self._writer, None
        if writer.records <= 1:
            writer.abandon()
        else:
            writer.close()

    def _sweep_interrupted_closes(self) -> list[Finding]:
        """Finish what a writer killed while closing left: a WARC without manifest, temp files.

        Runs under the write lock, where every manifest and sidecar is written, so any of these
        found here belongs to a process that died.
        """
        from archiver import warc

        found = []
        for path in self.warc_files():
            if warc.read_manifest(path) is None and not warc.check_gzip_members(path, path.name):
                warc.write_manifest(path)
                found.append(
                    Finding(
                        "dead-writer",
                        self._relative(path),
                        None,
                        "wrote the .sha256 manifest a dead writer did not",
                    )
                )
        for pattern in ("warc/*/*/*.sha256.tmp", "sidecars/*/.*.tmp", ".archive.json.*.tmp"):
            for tmp in self.root.glob(pattern):
                tmp.unlink(missing_ok=True)
        return found

    def _repair_dead_writers(self) -> list[Finding]:
        """Close ``.open`` files whose writer died: cut to complete records, index, rename."""
        from archiver import warc

        found = []
        if not self._swept:
            self._swept = True
            found.extend(self._sweep_interrupted_closes())
        own = {w.path for w in (self._writer, *self._retired) if w is not None}
        for path in sorted((self.root / "warc").glob("*/*/*.warc.gz.open")):
            if path in own:
                continue
            fd = warc.try_lock(path)
            if fd is None:
                continue  # a live writer holds it
            try:
                before = path.stat().st_size
                size = warc.truncate_to_complete(path, whole_articles=True)
                relative = self._relative(path.with_name(warc.open_file_name(path)))
                articles = 0
                self._index_file(path, relative, only_missing=True)
                for _ in warc.iter_articles(path, relative):
                    articles += 1
                if articles == 0:
                    path.unlink()
                else:
                    final = path.with_name(warc.open_file_name(path))
                    os.rename(path, final)
                    warc.write_manifest(final)
                    warc.fsync_dir(final.parent)
                found.append(
                    Finding(
                        "dead-writer",
                        relative,
                        None,
                        f"repaired a dead writer's file ({before - size} bytes of torn record cut)",
                    )
                )
            finally:
                os.close(fd)
        return found

    def _relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    # -- adding ----------------------------------------------------------------------------------
    def add(self, items: Iterable[InputItem], options: AddOptions = AddOptions()) -> Iterator[AddResult]:
        """Archive each item; yield one result per item (after it is durable and indexed)."""
        started, t0 = self.clock(), time.monotonic()
        counts = {"added": 0, "duplicate": 0, "failed": 0}
        failures: list[dict] = []
        batch: list[PreparedArticle | AddResult] = []
        sources: list[str] = []

        def tally(results):
            for r in results:
                counts[r.status] = counts.get(r.status, 0) + 1
                if r.status == "failed" and len(failures) < MAX_LOGGED_FAILURES:
                    failures.append({"source": r.source, "error": r.error})
                yield r

        try:
            for item, art, err in prepare_all(
                items, tag=options.tag, jobs=options.jobs, contain_errors=options.contain_errors
            ):
                if err is None:
                    batch.append(art)
                else:
                    # A bug met on one article (InternalError) must not stop an unattended batch;
                    # the item is marked for retry (it may well be fine once the bug is fixed).
                    batch.append(
                        AddResult(item.source, "failed", error=str(err), retry=isinstance(err, InternalError))
                    )
                sources.append(item.source)
                if len(batch) >= options.batch_size:
                    yield from tally(self._commit(batch, sources))
                    batch, sources = [], []
            if batch:
                yield from tally(self._commit(batch, sources))
        finally:
            if options.log:
                self.log_run(options.command, started, time.monotonic() - t0, counts, failures)

    def _commit(self, batch: list[PreparedArticle | AddResult], sources: list[str]) -> list[AddResult]:
        """Write one batch: WARC records (fsynced), then sidecars, then one index transaction.

        ``batch`` holds prepared articles and, in input order, the results of items that already
        failed; results come back in the same order.
        """
        from archiver.warc import ArticleRecords, target_uri_for

        results: list[AddResult] = []
        written: list[dict] = []
        try:
            with self._write_lock():
                self._repair_dead_writers()
                self._begin_batch()
                try:
                    pending: list[tuple[dict, str]] = []
                    seen: dict[str, str] = {}
                    seen_text: dict[str, str] = {}
                    for art, source in zip(batch, sources, strict=True):
                        if isinstance(art, AddResult):
                            results.append(art)
                            continue
                        # The duplicate check and the write happen under one lock: race-free.
                        earlier = seen.get(art.raw_digest) or self.index.has_raw_digest(art.raw_digest)
                        if earlier:
                            results.append(
                                AddResult(source, "duplicate", art.id, title=art.title, duplicate_of=earlier)
                            )
                            continue
                        same_text = seen_text.get(art.text_digest) or self.index.has_normalized_digest(
                            art.text_digest
                        )
                        now = self.clock()
                        meta = build_metadata(
                            art, ingested=now, duplicates_of=[same_text] if same_text else None
                        )
                        writer = self._writer_for(len(art.raw) + len(art.text) * 2 + 4096, now)
                        refs = writer.write_article(
                            ArticleRecords(
                                raw=art.raw,
                                charset=art.charset,
                                text=art.text,
                                metadata=meta,
                                target_uri=target_uri_for(art.raw, art.given.url),
                                date=now,
                            )
                        )
                        sidecar = with_warc(
                            meta,
                            self._relative(writer.path.with_name(writer.final_name)),
                            [r.to_json() for r in refs],
                        )
                        pending.append((sidecar, art.text))
                        seen[art.raw_digest] = art.id
                        seen_text.setdefault(art.text_digest, art.id)
                        results.append(AddResult(source, "added", art.id, title=art.title))
                    if pending:
                        self._sync_batch()
                        written.extend(sc for sc, _ in pending)
                        write_sidecars(self.root, written)
                        self.index.add_articles(pending)
                except BaseException:
                    self._undo_batch([sc["id"] for sc in written])
                    raise
                self._end_batch()
        except (ArchiveError, OSError) as e:
            message = str(e) if isinstance(e, ArchiveError) else _write_error(self.root, e)
            return [
                a if isinstance(a, AddResult) else AddResult(s, "failed", a.id, error=message, retry=True)
                for a, s in zip(batch, sources, strict=True)
            ]
        return results

    def log_run(
        self, command: str, started: datetime, seconds: float, counts: dict, failures: list, **extra: Any
    ) -> None:
        """Append one JSON line about a run to ``logs/runs.jsonl`` (never raises)."""
        line = {
            "command": command,
            "started": iso_utc(started),
            "duration_s": round(seconds, 3),
            **counts,
            "failures": failures,
            **extra,
            "pid": os.getpid(),
        }
        try:
            (self.root / "logs").mkdir(exist_ok=True)
            with (self.root / "logs" / "runs.jsonl").open("a", encoding="utf-8") as f:
                f.write(json.dumps(line, ensure_ascii=False) + "\n")
        except OSError:
            pass  # the log is a convenience; never fail an ingest because of it

    # -- reading ---------------------------------------------------------------------------------
    def resolve(self, prefix: str) -> str:
        return self.index.resolve_id(prefix.strip().lower())

    def show(self, prefix: str, *, with_raw: bool = False) -> ShownArticle:
        """An article's sidecar, normalized text and (optionally) raw bytes, read from its WARC."""
        article_id = self.resolve(prefix)
        sidecar = read_sidecar(self.root, article_id) or self.index.get(article_id)
        if sidecar is None:
            raise RecordNotFound(f"{article_id}: no sidecar (run archiver reindex)")
        records = {r["type"]: r for r in sidecar["warc"]["records"]}
        text = self._read_block(sidecar, records["conversion"]).decode("utf-8")
        raw = self._read_block(sidecar, records["resource"]) if with_raw else None
        return ShownArticle(sidecar, text, raw)

    def _read_block(self, sidecar: dict, ref: dict) -> bytes:
        from archiver.warc import OPEN_SUFFIX, read_record

        path = self.root / sidecar["warc"]["file"]
        if not path.exists():
            path = path.with_name(path.name + OPEN_SUFFIX)  # still being written by another process
        _headers, block = read_record(path, ref["offset"])
        return block

    def search(self, request):
        """Run a search (see ``archiver.index.query.SearchRequest``): exact count, top hits, facets."""
        return self.index.search(request)

    def iter_hits(self, request):
        """Every hit of a search, in its order, streamed page by page (``search --all``)."""
        return self.index.iter_hits(request)

    def facets(self, request, size: int = 10):
        """The top ``size`` outlets, places, people, organizations and topics of a search, exact."""
        return self.index.facets(request, size)

    def stats(self) -> dict[str, Any]:
        """Counts for ``archiver stats``, exact: ``articles``, ``undated``, ``outlets`` (all),
        ``months`` (``YYYY-MM`` of publication, in order) and the top ``topics``, ``people``,
        ``locations``, ``organizations``; each list holds ``(name, count)`` pairs."""
        from archiver.index.query import SearchRequest

        request = SearchRequest()
        buckets = self.index.buckets(request)
        months: dict[str, int] = {}
        for day, n in buckets.series[0][1].items() if buckets.series else ():
            months[day.strftime("%Y-%m")] = months.get(day.strftime("%Y-%m"), 0) + n
        top = self.index.facets(request, STATS_TOP)
        return {
            "articles": buckets.total,
            "undated": buckets.undated,
            "outlets": self.index.facets(request, 100_000)["outlet"],
            "months": sorted(months.items()),
            "topics": top["topic"],
            "people": top["person"],
            "locations": top["location"],
            "organizations": top["organization"],
        }

    def day_counts(self, request, split: str | None = None, top: int = 10):
        """Exact matches per publication day (``archiver.index.engine.Buckets``), for timelines."""
        return self.index.buckets(request, split, top)

    # -- retag -----------------------------------------------------------------------------------
    def retag(self, query: str = "") -> Iterator[AddResult]:
        """Re-tag the articles a query matches (all when empty): append metadata records, update."""
        from archiver.index.query import SearchRequest
        from archiver.tagging import tag_article

        ids = (
            list(self.index.ids())
            if not query.strip()
            else self.index.matching_ids(SearchRequest(query=query))
        )
        for start in range(0, len(ids), DEFAULT_BATCH):
            chunk = ids[start : start + DEFAULT_BATCH]
            try:
                with self._write_lock():
                    self._begin_batch()
                    pending, before = [], []
                    try:
                        for article_id in chunk:
                            shown = self.show(article_id)
                            sc = shown.sidecar
                            tags = tag_article(
                                shown.text,
                                title=sc.get("title"),
                                outlet=(sc.get("source") or {}).get("outlet"),
                                url=(sc.get("source") or {}).get("url"),
                                dateline=sc.get("dateline"),
                                byline=sc.get("byline"),
                            )
                            meta = retagged(sc, tags)
                            resource = next(r for r in sc["warc"]["records"] if r["type"] == "resource")
                            writer = self._writer_for(8192)
                            ref = writer.write_metadata(meta, resource["record_id"], self.clock())
                            new = with_warc(
                                meta,
                                sc["warc"]["file"],
                                [
                                    *sc["warc"]["records"],
                                    {
                                        **ref.to_json(),
                                        "file": self._relative(writer.path.with_name(writer.final_name)),
                                    },
                                ],
                            )
                            pending.append((new, shown.text))
                            before.append(sc)
                        self._sync_batch()
                        for new, _ in pending:
                            write_sidecar(self.root, new)
                        self.index.add_articles(pending)
                    except BaseException:
                        self._undo_batch([])
                        for sc in before:  # put back the sidecars that now point at cut records
                            try:
                                write_sidecar(self.root, sc)
                            except ArchiveError:
                                pass  # derived data: verify names it, reindex rebuilds it
                        raise
                    self._end_batch()
            except OSError as e:
                yield from (
                    AddResult(i, "failed", i, error=_write_error(self.root, e), retry=True) for i in chunk
                )
                continue
            except ArchiverError as e:
                yield from (AddResult(i, "failed", i, error=str(e)) for i in chunk)
                continue
            yield from (
                AddResult(new["id"], "retagged", new["id"], title=new.get("title")) for new, _ in pending
            )

    # -- reindex and verify ---------------------------------------------------------------------
    def warc_files(self) -> list[Path]:
        """Closed WARC files in name (= time) order."""
        return sorted((self.root / "warc").glob("*/*/*.warc.gz"), key=lambda p: p.name)

    def _index_file(
        self,
        path: Path,
        relative: str,
        *,
        only_missing: bool = False,
        seen_ids: set[str] | None = None,
    ) -> int:
        """Rebuild sidecars and index rows for the articles of one WARC file; return how many.

        Streams the file and commits every ``DEFAULT_BATCH`` articles, so memory does not grow
        with the file. ``seen_ids`` (reindex) skips a second copy of an article already indexed.
        """
        from archiver import warc

        pending: list[tuple[dict, str]] = []
        count = 0

        def flush() -> None:
            if pending:
                write_sidecars(self.root, [sc for sc, _ in pending])
                self.index.add_articles(pending)
                pending.clear()

        for entry in warc.iter_articles(path, relative):
            if isinstance(entry, tuple):  # a re-tag: a newer metadata record about an earlier article
                _refers_to, meta, ref = entry
                flush()  # the article it re-tags may be in this very batch
                article_id = meta.get("id")
                sc = read_sidecar(self.root, article_id) if article_id else None
                if sc is None:
                    continue
                new = with_warc(
                    meta, sc["warc"]["file"], [*sc["warc"]["records"], {**ref.to_json(), "file": relative}]
                )
                pending.append((new, self.show(article_id).text))
                continue
            if entry.metadata is None or entry.text is None:
                continue
            article_id = entry.metadata.get("id")
            if seen_ids is not None:
                if article_id in seen_ids:
                    continue  # the same article stored twice (e.g. a crash race): the first copy wins
                seen_ids.add(article_id)
            if only_missing and self.index.get(article_id) is not None:
                continue
            refs = [entry.resource, entry.conversion, *entry.metadata_refs]
            meta = {**entry.metadata, "digests": {"raw": entry.raw_digest, "normalized": entry.text_digest}}
            pending.append((with_warc(meta, relative, [r.to_json() for r in refs if r]), entry.text))
            count += 1
            if len(pending) >= DEFAULT_BATCH:
                flush()
        flush()
        return count

    def reindex(self) -> Report:
        """Rebuild all sidecars and the index from the WARC files.

        The index is built beside the old one and swapped in whole when complete: searches meanwhile
        see the old index, and a killed reindex leaves it intact. An old, damaged or missing index
        is simply replaced (derived data). Sidecars no WARC record backs are removed.
        """
        from archiver.index.engine import rebuild_index

        report = Report()
        with self._write_lock():
            if self._index is not None:
                self._index.close()
                self._index = None
            seen: set[str] = set()

            def fill(engine) -> None:
                # The new index is built beside the old one, which searches keep using until the swap.
                self._index = engine
                report.problems.extend(f for f in self._repair_dead_writers() if f.kind != "dead-writer")
                for path in self.warc_files():
                    relative = self._relative(path)
                    try:
                        report.articles += self._index_file(path, relative, seen_ids=seen)
                    except ArchiveError as e:
                        report.problems.append(Finding("damaged-file", relative, None, str(e)))
                    report.files += 1

            try:
                self._index = rebuild_index(self.root, fill)
            except BaseException:
                self._index = None
                raise
            if not report.problems:  # beside a damaged WARC a sidecar may be the last copy left
                for stale in (self.root / "sidecars").glob("*/*.json"):
                    if stale.stem not in seen:
                        stale.unlink(missing_ok=True)
        return report

    def verify(self) -> Report:
        """Recompute every digest; check WARC ↔ sidecar ↔ index; return every problem found.

        Runs under the archive lock, so a live writer's half-committed batch is never reported
        as damage; a dead writer's ``.open`` file is reported (the next ``add`` repairs it).
        """
        from archiver import warc

        with self._write_lock():
            report = self._verify()
            for path in sorted((self.root / "warc").glob("*/*/*.warc.gz.open")):
                fd = warc.try_lock(path)
                if fd is not None:
                    os.close(fd)
                    report.problems.append(
                        Finding(
                            "dead-writer",
                            self._relative(path),
                            None,
                            "left open by a writer that died; the next add repairs it",
                        )
                    )
        return report

    def _verify(self) -> Report:
        from archiver import warc

        report = Report()
        seen: set[str] = set()
        for path in self.warc_files():
            relative = self._relative(path)
            report.files += 1
            manifest = warc.read_manifest(path)
            if manifest is None:
                report.problems.append(Finding("missing-manifest", relative, None, "no .sha256 manifest"))
            elif manifest != warc.file_sha256(path):
                report.problems.append(
                    Finding(
                        "manifest-mismatch", relative, None, "file content differs from its .sha256 manifest"
                    )
                )
            for p in warc.check_gzip_members(path, relative) + warc.check_file(path, relative):
                report.problems.append(
                    Finding(
                        "digest-mismatch" if "digest" in p.message else "damaged-file",
                        p.file,
                        f"offset {p.offset}" if p.offset is not None else None,
                        p.message,
                    )
                )
            try:
                for entry in warc.iter_articles(path, relative):
                    if isinstance(entry, tuple) or entry.metadata is None:
                        continue
                    report.articles += 1
                    seen.add(entry.metadata.get("id"))
                    report.problems.extend(self._check_article(entry, relative))
            except ArchiveError:
                pass  # already reported as damage above
        for article_id in self.index.ids():
            if article_id not in seen:
                report.problems.append(
                    Finding(
                        "orphan-index-entry",
                        None,
                        article_id,
                        f"{article_id}: indexed but in no closed WARC file",
                    )
                )
        for path in (self.root / "sidecars").glob("*/*.json"):
            if path.stem not in seen:
                report.problems.append(
                    Finding(
                        "orphan-sidecar",
                        self._relative(path),
                        path.stem,
                        f"{path.stem}: sidecar without WARC records",
                    )
                )
        return report

    def _check_article(self, entry, relative: str) -> list[Finding]:
        article_id = entry.metadata.get("id")
        rec = entry.resource.record_id
        out = []
        try:
            sc = read_sidecar(self.root, article_id)
        except ArchiveError as e:
            return [Finding("sidecar-mismatch", relative, rec, str(e))]
        if sc is None:
            out.append(Finding("missing-sidecar", relative, rec, f"{article_id}: no sidecar"))
        else:
            if sc.get("digests", {}).get("raw") != entry.raw_digest:
                out.append(Finding("sidecar-mismatch", relative, rec, f"{article_id}: raw digest differs"))
            offsets = {r["type"]: r["offset"] for r in sc.get("warc", {}).get("records", [])}
            if (
                sc.get("warc", {}).get("file") == relative
                and offsets.get("resource") != entry.resource.offset
            ):
                out.append(
                    Finding("sidecar-mismatch", relative, rec, f"{article_id}: resource offset differs")
                )
        if self.index.get(article_id) is None:
            out.append(Finding("missing-from-index", relative, rec, f"{article_id}: not in the index"))
        return out


def _write_error(root: Path, e: Exception) -> str:
    """A one-line message for an OSError or a database error met while writing the archive."""
    if isinstance(e, OSError):
        where = f" {e.filename}" if e.filename else ""
        return f"cannot write the archive{where}: {e.strerror or e}"
    return f"cannot write the index of {root}: {e}"


# -- functions that need no open archive ------------------------------------------------------------
def tag_items(
    items: Iterable[InputItem], *, jobs: int = 1
) -> Iterator[tuple[InputItem, PreparedArticle | None, str | None]]:
    """Prepare and tag each item without storing anything: (item, article, error), in input order."""
    for item, art, err in prepare_all(items, tag=True, jobs=jobs):
        yield item, art, None if err is None else str(err)


def complete_ids(root: Path, incomplete: str) -> list[str]:
    """Ids starting with ``incomplete``, for shell completion (never raises)."""
    try:
        from archiver.index.engine import index_exists, open_engine

        if not index_exists(root):
            return []
        engine = open_engine(root, create=False)
        try:
            return [i for i in engine.ids() if i.startswith(incomplete)][:50]
        finally:
            engine.close()
    except Exception:  # noqa: BLE001 - completion must never break the shell
        return []


__all__ = [
    "AddOptions",
    "AddResult",
    "Archive",
    "Finding",
    "Report",
    "ShownArticle",
    "complete_ids",
    "open_archive",
    "sidecar_path",
    "tag_items",
]
