"""The archive on disk: adding articles, reading them back, verifying and rebuilding.

Order of writes for one batch, under the archive's write lock (``ARCHIVE/.lock``, flock):
WARC records appended and fsynced → sidecars written → index rows committed. The index therefore
never points at bytes that are not durably on disk, and a crash at any moment leaves at worst
records that are in a WARC file but not yet indexed; the next writer repairs the dead writer's
``.open`` file and indexes what it holds (DESIGN section 2).
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import signal
import socket
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from archiver.clock import iso_utc, utc_now
from archiver.errors import ArchiveError, InternalError, RecordNotFound
from archiver.inputs.article import PreparedArticle, prepare_all
from archiver.inputs.reader import InputItem
from archiver.store.findings import Finding, Report
from archiver.store.sidecar import (
    build_metadata,
    read_sidecar,
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
# Present while the derived state (sidecars, index) is being rebuilt: a rebuild that died leaves it,
# and no writer trusts the index for its duplicate check until a rebuild completes.


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
    skipped: dict[str, int] | None = None  # status "skipped": a crawl's non-article records by reason
    note: str | None = None  # something the user should know about an item that did not fail

    def to_json(self) -> dict[str, Any]:
        out = {"id": self.id, "status": self.status, "source": self.source, "error": self.error}
        if self.skipped is not None:
            out["skipped"] = self.skipped
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True)
class ShownArticle:
    """An article as ``Archive.show`` reads it back: sidecar, normalized text, raw bytes (or None)."""

    sidecar: dict[str, Any]
    text: str
    raw: bytes | None


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
        self._disk_full: str | None = None
        self.stopped_early: str | None = None  # why the last add() ended before its input did

    # -- opening -----------------------------------------------------------------------------
    @staticmethod
    def settings_problem(root: Path) -> str | None:
        """What is wrong with ``root/archive.json`` (missing, unreadable, not ours), or None."""
        meta = Path(root) / "archive.json"
        try:
            data = json.loads(meta.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return "archive.json is missing"
        except (OSError, ValueError) as e:
            return f"archive.json is unreadable: {e}"
        if not isinstance(data, dict) or data.get("format") != ARCHIVE_FORMAT:
            found = data.get("format") if isinstance(data, dict) else type(data).__name__
            return f"archive.json: unknown archive format {found!r}"
        return None

    @staticmethod
    def recreate_settings(root: Path, *, collection: str = "archiver", now: datetime | None = None) -> None:
        """Write a fresh ``archive.json`` with default settings (it holds nothing else)."""
        meta = Path(root) / "archive.json"
        data = {
            "format": ARCHIVE_FORMAT,
            "created": iso_utc(now or utc_now()),
            "settings": {"rollover_bytes": DEFAULT_ROLLOVER, "collection": collection, "operator": None},
        }
        tmp = meta.with_name(f".archive.json.{os.getpid()}.tmp")
        try:
            tmp.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
            os.replace(tmp, meta)
        except OSError as e:
            tmp.unlink(missing_ok=True)
            raise ArchiveError(f"cannot write {meta}: {e.strerror or e}") from e

    def _load_or_create(self, create: bool) -> dict[str, Any]:
        meta = self.root / "archive.json"
        self.settings_error: str | None = None
        if meta.exists() or (self.root / "warc").is_dir():
            problem = self.settings_problem(self.root)
            if problem is None:
                return json.loads(meta.read_text(encoding="utf-8"))
            if not (self.root / "warc").is_dir():
                raise ArchiveError(f"{meta}: {problem}")
            # The settings are not needed to read the archive: go on with the defaults, so reading
            # commands and verify work and `archiver repair` can write a new one.
            self.settings_error = f"{problem}; `archiver repair` recreates it"
            return {"format": ARCHIVE_FORMAT, "settings": {"rollover_bytes": DEFAULT_ROLLOVER}}
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
        """The search index (``archiver.index.engine.Engine``), opened on first use.

        Raises:
            ArchiveError: the archive holds WARC files but its index is missing (run reindex).
        """
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

    def _repair_dead_writers(self) -> list[Finding]:
        """Finish what dead writers left (``archiver.store.rebuild``); must run under the write lock."""
        from archiver.store.rebuild import close_dead_writers, finish_interrupted_closes

        found = []
        if not self._swept:
            self._swept = True
            found.extend(finish_interrupted_closes(self))
        own = {w.path for w in (self._writer, *self._retired) if w is not None}
        return found + close_dead_writers(self, own)

    def relative(self, path: Path) -> str:
        """A path inside the archive as the sidecars name it (``warc/YYYY/MM/NAME``)."""
        return path.relative_to(self.root).as_posix()

    def repair_dead_writers(self) -> list[Finding]:
        """Close dead writers' ``.open`` files and write missing manifests of intact closed files."""
        with self._write_lock():
            self._swept = False
            return self._repair_dead_writers()

    def open_files(self) -> list[Path]:
        """``.open`` WARC files (being written, or left by a writer that died)."""
        from archiver.warc import OPEN_SUFFIX

        return sorted((self.root / "warc").glob(f"*/*/*.warc.gz{OPEN_SUFFIX}"))

    def sidecar_files(self) -> Iterator[Path]:
        """Every sidecar file, in no particular order."""
        return (self.root / "sidecars").glob("*/*.json")

    @contextmanager
    def write_lock(self, *, optional: bool = False) -> Iterator[bool]:
        """Hold the archive's write lock; with ``optional``, go on without it where it cannot be
        taken (a read-only archive, where no writer can be either). Yields whether it is held."""
        if optional and self._lock_fd is None:
            try:
                fd = os.open(self.root / ".lock", os.O_RDONLY)
            except OSError:
                yield False
                return
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                self._lock_fd = fd
                yield True
            finally:
                self._lock_fd = None
                os.close(fd)
            return
        with self._write_lock():
            yield True

    # -- adding ----------------------------------------------------------------------------------
    def add(self, items: Iterable[InputItem], options: AddOptions = AddOptions()) -> Iterator[AddResult]:
        """Archive each item; yield one result per item (after it is durable and indexed)."""
        started, t0 = self.clock(), time.monotonic()
        counts = {"added": 0, "duplicate": 0, "failed": 0}
        failures: list[dict] = []
        batch: list[PreparedArticle | AddResult] = []
        # tally counts results; a "skipped" result is one per crawl file, with its records by reason
        sources: list[str] = []

        def tally(results):
            for r in results:
                counts[r.status] = counts.get(r.status, 0) + 1
                if r.status == "failed" and len(failures) < MAX_LOGGED_FAILURES:
                    failures.append({"source": r.source, "error": r.error})
                yield r

        stopped: dict[str, str] = {}
        try:
            for item, art, err in prepare_all(
                self._mark_known_captures(items),
                tag=options.tag,
                jobs=options.jobs,
                contain_errors=options.contain_errors,
                known=self._archived_raw if options.tag else None,
            ):
                if item.known_id is not None:
                    batch.append(
                        AddResult(item.source, "duplicate", item.known_id, duplicate_of=item.known_id)
                    )
                elif item.skipped is not None:
                    batch.append(AddResult(item.source, "skipped", skipped=item.skipped))
                elif err is None:
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
                    if self._stopped_by_full_disk(stopped):
                        return
            if batch:
                yield from tally(self._commit(batch, sources))
                self._stopped_by_full_disk(stopped)
        except (GeneratorExit, KeyboardInterrupt) as e:
            signum = e.args[0] if e.args and isinstance(e.args[0], int) else None
            stopped.setdefault(
                "error", f"interrupted by {signal.Signals(signum).name}" if signum else "interrupted"
            )
            raise
        except BaseException as e:
            stopped.setdefault("error", f"{type(e).__name__}: {e}")
            raise
        finally:
            if options.log:
                self.log_run(options.command, started, time.monotonic() - t0, counts, failures, **stopped)

    def _stopped_by_full_disk(self, stopped: dict[str, str]) -> bool:
        """After a batch failed on a full disk, end the run (``stopped_early`` says why): every
        item after it would fail too, after being read and tagged for nothing."""
        if not self._disk_full:
            return False
        self.stopped_early = f"stopped early: {self._disk_full}; free some space and run again"
        stopped["error"] = self.stopped_early
        return True

    def _mark_known_captures(self, items: Iterable[InputItem]) -> Iterator[InputItem]:
        """Mark crawl captures already archived, so a re-run skips their extraction and tagging.

        A capture's id comes from its record alone: importing a crawl again (after an
        interruption) goes at the speed of reading it. ``_commit`` still checks under the lock.
        """
        from dataclasses import replace

        from archiver.inputs.article import article_id

        for item in items:
            if item.capture is not None and item.error is None:
                known = article_id(item.capture.response)
                if self.index.get(known) is not None:
                    item = replace(item, data=None, known_id=known)
            yield item

    def _archived_raw(self, raw: bytes) -> bool:
        """Whether these raw bytes are archived already (their article will be a duplicate)."""
        return self.index.has_raw_digest(hashlib.sha256(raw).hexdigest()) is not None

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
                        # The duplicate check and the write happen under one lock: race-free. A capture
                        # is a duplicate only of the same capture (same id): the same page captured
                        # at another date is another version.
                        key = f"id:{art.id}" if art.capture else art.raw_digest
                        earlier = seen.get(key) or (
                            (self.index.get(art.id) and art.id)
                            if art.capture
                            else self.index.has_raw_digest(art.raw_digest)
                        )
                        if earlier:
                            results.append(
                                AddResult(
                                    source,
                                    "duplicate",
                                    art.id,
                                    title=art.title,
                                    duplicate_of=earlier,
                                    note=self._unstored_given(earlier, art),
                                )
                            )
                            continue
                        same_text = seen_text.get(art.text_digest) or self.index.has_normalized_digest(
                            art.text_digest
                        )
                        now = self.clock()
                        meta = build_metadata(
                            art, ingested=now, duplicates_of=[same_text] if same_text else None
                        )
                        copies = _capture_copies(art)
                        incoming = sum(len(c[2]) for c in copies) or len(art.raw)
                        writer = self._writer_for(incoming + len(art.text) * 2 + 4096, now)
                        refs = writer.write_article(
                            ArticleRecords(
                                raw=art.raw,
                                charset=art.charset,
                                text=art.text,
                                metadata=meta,
                                target_uri=target_uri_for(
                                    art.raw, art.url, raw_digest=None if art.capture else art.raw_digest
                                ),
                                date=now,
                                media_type=art.media_type,
                                copies=copies,
                                refers_to=art.capture.record_id if art.capture else None,
                                raw_digest=None if art.capture else art.raw_digest,
                                text_digest=art.text_digest,
                            )
                        )
                        sidecar = with_warc(
                            meta,
                            self.relative(writer.path.with_name(writer.final_name)),
                            [r.to_json() for r in refs],
                        )
                        pending.append((sidecar, art.text))
                        seen[key] = art.id
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
            message = str(e) if isinstance(e, ArchiveError) else write_error(self.root, e)
            if _is_disk_full(e):
                self._disk_full = message
            return [
                a if isinstance(a, AddResult) else AddResult(s, "failed", a.id, error=message, retry=True)
                for a, s in zip(batch, sources, strict=True)
            ]
        return results

    def _unstored_given(self, earlier: str, art: PreparedArticle) -> str | None:
        """For a duplicate given a URL, outlet, title or date the archived copy lacks: say so."""
        try:
            sc = read_sidecar(self.root, earlier)
        except ArchiveError:
            return None
        if sc is None:
            return None
        source = sc.get("source") or {}
        known = {
            "url": source.get("url"),
            "outlet": source.get("outlet"),
            "title": source.get("title") or sc.get("title"),
        }
        given = {"url": art.given.url, "outlet": art.given.outlet, "title": art.given.title}
        options = [f"--{k} {v!r}" for k, v in given.items() if v and v != known[k]]
        if not options:
            return None
        said = " ".join(options)
        return f"already archived; not stored: {said} (use `archiver amend {earlier} {said}`)"

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
            text = json.dumps(line, ensure_ascii=False)
            text.encode("utf-8")
        except ValueError:  # a lone surrogate somewhere: JSON's escapes can still say it
            text = json.dumps(line)
        try:
            (self.root / "logs").mkdir(exist_ok=True)
            with (self.root / "logs" / "runs.jsonl").open("a", encoding="utf-8") as f:
                f.write(text + "\n")
        except OSError:
            pass  # the log is a convenience; never fail an ingest because of it

    # -- reading ---------------------------------------------------------------------------------
    def resolve(self, prefix: str) -> str:
        """The full id an id prefix names (case and surrounding space ignored).

        Raises:
            RecordNotFound: no article's id starts with ``prefix``.
            AmbiguousId: more than one does.
        """
        return self.index.resolve_id(prefix.strip().lower())

    def show(self, prefix: str, *, with_raw: bool = False) -> ShownArticle:
        """An article's sidecar, normalized text and (optionally) raw bytes, read from its WARC."""
        article_id = self.resolve(prefix)
        sidecar = read_sidecar(self.root, article_id) or self.index.get(article_id)
        if sidecar is None:
            raise RecordNotFound(f"{article_id}: no sidecar (run archiver reindex)")
        records = {r["type"]: r for r in sidecar["warc"]["records"]}
        text = self._read_block(sidecar, records["conversion"]).decode("utf-8")
        raw = None
        if with_raw and "resource" in records:
            raw = self._read_block(sidecar, records["resource"])
        elif with_raw:  # an imported capture: the page as the server sent it (HTTP payload)
            from archiver.warc_foreign import read_payload

            raw = read_payload(self._record_path(sidecar, records["response"]), records["response"]["offset"])
        return ShownArticle(sidecar, text, raw)

    def _record_path(self, sidecar: dict, ref: dict) -> Path:
        from archiver.warc import OPEN_SUFFIX

        path = self.root / (ref.get("file") or sidecar["warc"]["file"])
        if not path.exists():
            path = path.with_name(path.name + OPEN_SUFFIX)  # still being written by another process
        return path

    def iter_matches(self, request) -> Iterator[str]:
        """The id of every article a search request matches (all of them; no ranking, no limit).

        For exports: what ``search`` would find, without its limit.
        """
        from dataclasses import replace

        req = replace(request, limit=max(request.limit, 1), facets=False, count_only=False)
        if not req.query.strip() and not any(
            (req.person, req.location, req.outlet, req.topic, req.since, req.until)
        ):
            yield from self.index.ids()
            return
        yield from self.index.matching_ids(req)

    def article(self, article_id: str) -> dict[str, Any]:
        """The sidecar of one article by its full id (from the sidecar file, else the index)."""
        sidecar = read_sidecar(self.root, article_id) or self.index.get(article_id)
        if sidecar is None:
            raise RecordNotFound(f"{article_id}: no sidecar (run archiver reindex)")
        return sidecar

    def article_text(self, sidecar: dict) -> str:
        """The normalized text of an article, read from its conversion record."""
        ref = next(r for r in sidecar["warc"]["records"] if r["type"] == "conversion")
        return self._read_block(sidecar, ref).decode("utf-8")

    def record_members(self, sidecar: dict) -> Iterator[tuple[str, bytes]]:
        """Each WARC record of an article as (type, its gzip member byte for byte), in order."""
        from archiver.warc import read_member

        for ref in sidecar["warc"]["records"]:
            yield ref["type"], read_member(self._record_path(sidecar, ref), ref["offset"], ref["length"])

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

    # -- appending metadata (corrections.py: retag, amend) -------------------------------------
    def append_metadata(self, changes: list[tuple[dict, dict, str]]) -> list[dict]:
        """Write one metadata record per (sidecar, new metadata, text), then sidecars and index.

        Must run under the write lock. On failure nothing of it stays visible (as ``_commit``).
        """
        if not changes:
            return []
        self._begin_batch()
        pending: list[tuple[dict, str]] = []
        try:
            for sc, meta, text in changes:
                # an imported capture's response stands for its resource
                resource = next(r for r in sc["warc"]["records"] if r["type"] in ("resource", "response"))
                writer = self._writer_for(8192)
                ref = writer.write_metadata(meta, resource["record_id"], self.clock())
                where = self.relative(writer.path.with_name(writer.final_name))
                records = [*sc["warc"]["records"], {**ref.to_json(), "file": where}]
                pending.append((with_warc(meta, sc["warc"]["file"], records), text))
            self._sync_batch()
            for new, _ in pending:
                write_sidecar(self.root, new)
            self.index.add_articles(pending)
        except BaseException:
            self._undo_batch([])
            for sc, _, _ in changes:  # put back the sidecars that now point at cut records
                try:
                    write_sidecar(self.root, sc)
                except ArchiveError:
                    pass  # derived data: verify names it, repair rebuilds it
            raise
        self._end_batch()
        return [new for new, _ in pending]

    # -- rebuilding (rebuild.py) ------------------------------------------------------------------
    def warc_files(self) -> list[Path]:
        """Closed WARC files in name (= time) order."""
        return sorted((self.root / "warc").glob("*/*/*.warc.gz"), key=lambda p: p.name)

    def close_index(self) -> None:
        """Close the index (a rebuild is about to replace it); the next use opens it again."""
        if self._index is not None:
            self._index.close()
            self._index = None

    def use_index(self, engine) -> None:
        """Use ``engine`` as this archive's index from now on (a rebuild's new one, or None)."""
        self._index = engine

    def reindex(self) -> Report:
        """Rebuild all sidecars and the index from the WARC files (``archiver.store.rebuild``)."""
        from archiver.store.rebuild import reindex

        return reindex(self)


def metadata_of(sidecar: dict[str, Any]) -> dict[str, Any]:
    """A sidecar's content without its WARC locations: what its newest metadata record holds."""
    return {k: v for k, v in sidecar.items() if k != "warc"}


def _is_disk_full(e: BaseException | None) -> bool:
    """Whether an error (or what caused it) says the disk or the user's quota is full."""
    while e is not None:
        if isinstance(e, OSError) and e.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        if "disk is full" in str(e).lower():  # SQLite's word for it, kept in the index's error
            return True
        e = e.__cause__
    return False


def write_error(root: Path, e: Exception) -> str:
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
        if item.skipped is None:  # a crawl's count of non-article records is no article to tag
            yield item, art, None if err is None else str(err)


def _capture_copies(art: PreparedArticle) -> tuple[tuple[str, str, bytes], ...]:
    """The records of an imported capture to copy verbatim: its request (if kept), its response."""
    c = art.capture
    if c is None:
        return ()
    copies = []
    if c.request is not None:
        copies.append(("request", _record_id_of(c.request), c.request))
    copies.append(("response", c.record_id, c.response))
    return tuple(copies)


def _record_id_of(raw: bytes) -> str:
    import re

    m = re.search(rb"(?im)^WARC-Record-ID:\s*(\S+)\s*$", raw.partition(b"\r\n\r\n")[0])
    return m.group(1).decode("utf-8", "replace") if m else ""


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
