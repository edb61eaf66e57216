"""Unattended ingestion of an inbox directory (for cron): archive each file, then file it away.

Guarantees, for any number of overlapping runs on one inbox and a ``kill -9`` at any moment:

- **Never processed twice at once.** A run claims a file by renaming it into its own work
  directory ``INBOX/.claimed-<host>-<pid>-<random>``, which it holds under ``flock``; a rename
  is atomic, so exactly one run gets each file. A run that dies leaves its work directory
  unlocked, and the next run puts those files back into the inbox and archives them.
- **Never lost.** A file moves to ``--done`` only after ``Archive.add`` has yielded the result
  of every article in it, i.e. after its records are fsynced and indexed. Until then it stays in
  the inbox or a work directory. Re-archiving after a crash is harmless: byte-identical input is
  reported as a duplicate and nothing new is written.
- **Bad input is set aside with its reason.** A file with any article that cannot be archived
  moves to ``--failed`` with ``NAME.error.json`` beside it. For a JSONL file with some bad lines
  the good lines are archived and the file still goes to ``--failed`` (its error file lists the
  bad lines): ``--done`` only ever holds files that are completely in the archive, and fixing the
  bad lines and putting the file back in the inbox is safe (the good lines become duplicates).
- **Archive trouble is retried.** When the archive cannot be written (disk full, permissions),
  the file goes back into the inbox for the next run; the run fails (exit 1) and logs why.
- Names never clash: ``a.txt`` becomes ``a.1.txt``, ``a.2.txt``, ... in ``--done``/``--failed``.

Only regular files (and symlinks) directly in the inbox are taken; names starting with ``.`` and
subdirectories are left alone, so a producer can write ``.name.tmp`` and rename it when complete.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import secrets
import shutil
import socket
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from archiver.clock import iso_utc, utc_now
from archiver.errors import InputError
from archiver.inputs.reader import DEFAULT_MAX_BYTES, Given, InputItem, display_path, iter_inputs
from archiver.store.archive import DEFAULT_BATCH, MAX_LOGGED_FAILURES, AddOptions, AddResult, open_archive

CLAIMED_PREFIX = ".claimed-"
CLAIMING_PREFIX = ".claiming-"
ERROR_SUFFIX = ".error.json"
STALE_CLAIMING_SECONDS = 600  # a .claiming- directory exists for microseconds unless its run died


@dataclass(frozen=True)
class InboxOptions:
    """What ``ingest_inbox`` works on: the inbox, where files go afterwards, and the size limit."""

    inbox: Path
    done: Path
    failed: Path
    max_bytes: int = DEFAULT_MAX_BYTES
    tag: bool = True
    batch_size: int = DEFAULT_BATCH


@dataclass
class _File:
    """One claimed file on its way through the archive."""

    name: str
    original: Path  # where it was in the inbox (what the user sees as the source)
    claimed: Path
    items: int = 0
    read: bool = False  # all its items have been handed to the archive
    results: int = 0
    archived: int = 0
    retry: bool = False
    errors: list[dict] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.read and self.results == self.items


def ingest_inbox(
    root: Path,
    opts: InboxOptions,
    *,
    clock: Callable[[], datetime] = utc_now,
    make_id: Callable[[], str] | None = None,
) -> Iterator[AddResult]:
    """Archive every file in ``opts.inbox``; yield one result per article (after it is durable).

    Each file then moves to ``opts.done`` (everything in it archived or already there) or
    ``opts.failed`` (with ``NAME.error.json``), or back into the inbox when the archive could not
    be written. One JSON line describing the run is appended to ``ARCHIVE/logs/runs.jsonl``.

    Raises:
        InputError: the inbox is not a directory, or done/failed cannot be created.
        ArchiveError: the archive cannot be opened or created.
    """
    inbox = Path(opts.inbox)
    if not inbox.is_dir():
        raise InputError(f"inbox {inbox} is not a directory")
    for target in (opts.done, opts.failed):
        try:
            Path(target).mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise InputError(f"cannot create {target}: {e.strerror or e}") from e
    started, t0 = clock(), time.monotonic()
    with open_archive(Path(root), create=True, clock=clock, make_id=make_id) as archive:
        run = _Run(inbox, opts, clock)
        try:
            run.start()
            options = AddOptions(
                tag=opts.tag, batch_size=opts.batch_size, command="ingest", log=False, contain_errors=True
            )
            for result in archive.add(run.items(), options):
                yield result
                yield from run.record(result)
            yield from run.finish_ready()
            run.error = archive.stopped_early  # the files not reached stay in the inbox
        except (Exception, KeyboardInterrupt) as e:
            run.error = f"{type(e).__name__}: {e}"
            raise
        finally:
            run.release()
            archive.log_run(
                "ingest",
                started,
                time.monotonic() - t0,
                run.counts,
                run.failures,
                inbox=display_path(inbox.absolute()),
                **({"error": run.error} if run.error else {}),
                files=run.files,
            )


class _Run:
    """The state of one ingest run: its work directory and the files in flight, in input order."""

    def __init__(self, inbox: Path, opts: InboxOptions, clock: Callable[[], datetime]):
        self.inbox = inbox
        self.opts = opts
        self.clock = clock
        self.work: Path | None = None
        self._work_fd: int | None = None
        self.queue: deque[_File] = deque()  # files whose results are still coming, in order
        self.counts = {"added": 0, "duplicate": 0, "failed": 0}
        self.files = {"done": 0, "failed": 0, "returned": 0}
        self.failures: list[dict] = []
        self.error: str | None = None  # what stopped the run early, if anything

    # -- claiming ------------------------------------------------------------------------------
    def start(self) -> None:
        """Create and lock this run's work directory; put dead runs' claimed files back."""
        from archiver.warc import safe_host

        tag = f"{safe_host()}-{os.getpid()}-{secrets.token_hex(3)}"
        claiming = self.inbox / f"{CLAIMING_PREFIX}{tag}"
        try:
            claiming.mkdir()
            self._work_fd = os.open(claiming, os.O_RDONLY | os.O_DIRECTORY)
            fcntl.flock(self._work_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            # Locked before it gets the name other runs look at: never seen unlocked as .claimed-.
            self.work = self.inbox / f"{CLAIMED_PREFIX}{tag}"
            os.rename(claiming, self.work)
        except OSError as e:
            raise InputError(f"cannot claim files in {self.inbox}: {e.strerror or e}") from e
        self._recover_dead_runs()

    def _recover_dead_runs(self) -> None:
        for entry in sorted(os.scandir(self.inbox), key=lambda e: e.name):
            if entry.path == str(self.work):
                continue
            if entry.name.startswith(CLAIMING_PREFIX):
                # Another run between mkdir and flock: never touch it, unless a crash left it long ago.
                if _age_seconds(entry.path) < STALE_CLAIMING_SECONDS:
                    continue
            elif not entry.name.startswith(CLAIMED_PREFIX):
                continue
            try:
                fd = os.open(entry.path, os.O_RDONLY | os.O_DIRECTORY)
            except OSError:
                continue  # gone already (another run recovered it) or not a directory
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                continue  # its run is alive
            try:
                for child in sorted(os.listdir(entry.path)):
                    try:
                        _move_no_clobber(Path(entry.path) / child, self.inbox, child)
                    except OSError:
                        pass  # left where it is; a later run tries again
                os.rmdir(entry.path)
            except OSError:
                pass
            finally:
                os.close(fd)

    def _claim(self, name: str) -> _File | None:
        src = self.inbox / name
        dst = self.work / name
        try:
            os.rename(src, dst)
        except FileNotFoundError:
            return None  # another run took it, or its producer removed it
        if dst.is_symlink():
            # The link now lives one directory deeper: make a relative target absolute.
            target = os.readlink(dst)
            if not os.path.isabs(target):
                tmp = dst.with_name(f".{name}.link")
                os.symlink(os.path.join(self.inbox.resolve(), target), tmp)
                os.replace(tmp, dst)
        return _File(name=name, original=self.inbox / name, claimed=dst)

    def _names(self) -> list[str]:
        names = []
        for entry in os.scandir(self.inbox):
            if entry.name.startswith(".") or entry.is_dir(follow_symlinks=False):
                continue
            names.append(entry.name)
        return sorted(names)

    # -- reading -------------------------------------------------------------------------------
    def items(self) -> Iterator[InputItem]:
        """Claim the inbox's files one at a time and yield their articles."""
        for name in self._names():
            before = _link_problem(self.inbox / name)
            try:
                f = self._claim(name)
            except OSError as e:
                problem = f"{display_path(self.inbox / name)}: cannot claim ({e.strerror or e})"
                self.failures.append({"source": display_path(self.inbox / name), "error": problem})
                continue  # left in the inbox
            if f is None:
                continue
            self.queue.append(f)
            for item in self._file_items(f, before):
                f.items += 1
                yield item
            f.read = True

    def _file_items(self, f: _File, problem: str | None) -> Iterator[InputItem]:
        source = str(f.original)
        if problem is None and f.claimed.is_dir():
            problem = f"{source}: is a directory (ingest takes the files directly in the inbox)"
        if problem:
            yield _failed_item(source, problem)
            return
        any_item = False
        for item in iter_inputs([str(f.claimed)], max_bytes=self.opts.max_bytes):
            any_item = True
            yield self._as_original(item, f)
        if not any_item:
            yield _failed_item(source, "no articles in the file (only blank lines)")

    def _as_original(self, item: InputItem, f: _File) -> InputItem:
        """Show the inbox path, not the work directory, in sources, errors and sidecars."""
        claimed, original = str(f.claimed), str(f.original)
        error = item.error
        if error is not None:
            error = type(error)(str(error).replace(claimed, original))
        path = item.path
        if path is not None and not f.claimed.is_symlink():
            path = str(f.original.absolute())
        source = item.source.replace(claimed, original)
        source = source.replace(display_path(claimed), display_path(original))
        return replace(item, source=source, path=path, error=error)

    # -- results -------------------------------------------------------------------------------
    def record(self, result: AddResult) -> Iterator[AddResult]:
        """Count one result against its file; file away every file that is complete."""
        self.counts[result.status] = self.counts.get(result.status, 0) + 1
        if result.status == "failed" and len(self.failures) < MAX_LOGGED_FAILURES:
            self.failures.append({"source": result.source, "error": result.error})
        f = next(x for x in self.queue if x.results < x.items)  # results come in input order
        f.results += 1
        if result.status == "failed":
            f.retry = f.retry or result.retry
            if len(f.errors) < MAX_LOGGED_FAILURES:
                f.errors.append({"source": result.source, "error": result.error})
        else:
            f.archived += 1
        yield from self.finish_ready()

    def finish_ready(self) -> Iterator[AddResult]:
        """File away the files at the front of the queue whose every result is in."""
        while self.queue and self.queue[0].complete:
            yield from self._finish(self.queue.popleft())

    def _finish(self, f: _File) -> Iterator[AddResult]:
        try:
            if f.retry:
                _move_no_clobber(f.claimed, self.inbox, f.name)
                self.files["returned"] += 1
            elif f.errors:
                moved = _move_no_clobber(f.claimed, Path(self.opts.failed), f.name)
                _write_error_file(moved, f, self.clock())
                self.files["failed"] += 1
            else:
                _move_no_clobber(f.claimed, Path(self.opts.done), f.name)
                self.files["done"] += 1
        except OSError as e:
            error = (
                f"archived, but cannot move it out of the inbox ({e.strerror or e}); it is retried next run"
            )
            self.counts["failed"] += 1
            self.failures.append({"source": display_path(f.original), "error": error})
            yield AddResult(display_path(f.original), "failed", error=error, retry=True)

    def release(self) -> None:
        """Put back whatever this run claimed but did not finish, then drop the work directory."""
        if self.work is None:
            return
        try:
            for name in sorted(os.listdir(self.work)):
                try:
                    _move_no_clobber(self.work / name, self.inbox, name)
                    self.files["returned"] += 1
                except OSError:
                    pass  # stays in the work directory: the next run recovers it
            os.rmdir(self.work)
        except OSError:
            pass
        finally:
            if self._work_fd is not None:
                os.close(self._work_fd)
                self._work_fd = None


def _age_seconds(path: str) -> float:
    try:
        return time.time() - os.stat(path).st_mtime
    except OSError:
        return 0.0


def _failed_item(source: str, message: str) -> InputItem:
    return InputItem(source=source, kind="path", data=None, given=Given(), error=InputError(message))


def _link_problem(path: Path) -> str | None:
    """For a symlink in the inbox, say what is wrong with it before it is moved (or None)."""
    if not path.is_symlink():
        return None
    try:
        path.stat()
    except OSError as e:
        if e.errno == errno.ELOOP:
            return f"{path}: symlink loop"
        return f"{path}: broken symlink (points to {os.readlink(path)})"
    return None


def _free_name(directory: Path, name: str) -> Path:
    """``directory/name``, else ``stem.N.ext`` for the first N free (the file and its error file).

    >>> _free_name(Path("/nonexistent"), "a.txt").name
    'a.txt'
    """
    stem, dot, suffix = name.rpartition(".")
    if not stem:  # no extension to keep
        stem, dot, suffix = name, "", ""
    n = 0
    while True:
        candidate = directory / (name if n == 0 else f"{stem}.{n}{dot}{suffix}")
        if not os.path.lexists(candidate) and not os.path.lexists(f"{candidate}{ERROR_SUFFIX}"):
            return candidate
        n += 1


def _move_no_clobber(src: Path, directory: Path, name: str) -> Path:
    """Move ``src`` into ``directory`` under ``name`` (or a free variant); never overwrite."""
    while True:
        dst = _free_name(directory, name)
        try:
            os.link(src, dst, follow_symlinks=False)  # fails if dst exists: no overwrite, even racing
        except FileExistsError:
            continue
        except OSError as e:
            if e.errno not in (errno.EXDEV, errno.EPERM, errno.ENOTSUP):
                raise
            if not _copy_no_clobber(src, dst):
                continue
        os.unlink(src)
        return dst


def _copy_no_clobber(src: Path, dst: Path) -> bool:
    """Copy across file systems: a temp file, fsynced, then linked to ``dst``. False if it exists."""
    tmp = dst.with_name(f".{dst.name}.{os.getpid()}.tmp")
    try:
        if src.is_symlink():
            os.symlink(os.readlink(src), tmp)
        else:
            shutil.copy2(src, tmp)
            with open(tmp, "rb") as f:
                os.fsync(f.fileno())
        try:
            os.link(tmp, dst, follow_symlinks=False)
        except FileExistsError:
            return False
        return True
    finally:
        tmp.unlink(missing_ok=True)


def _write_error_file(moved: Path, f: _File, now: datetime) -> Path:
    """``NAME.error.json`` beside a failed file: what went wrong, when, and where it came from."""
    body = {
        "source": display_path(f.original),
        "file": display_path(moved.name),
        "failed_at": iso_utc(now),
        "errors": f.errors,
        "articles_archived": f.archived,
        "articles_failed": f.results - f.archived,
        "host": socket.gethostname(),
        "pid": os.getpid(),
    }
    path = moved.with_name(moved.name + ERROR_SUFFIX)
    tmp = moved.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(body, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path


__all__ = ["InboxOptions", "ingest_inbox"]
