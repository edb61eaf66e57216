"""Crash safety and write failures: kill -9 at any moment, a full disk, a refused write.

After any of these, the next run repairs what a dead writer left, every article that was
reported added is in the archive exactly once, nothing half-written is visible, and ``verify``
is clean.
"""

from __future__ import annotations

import errno
import json
import multiprocessing
import os
import random
import signal
import time
from pathlib import Path

import pytest

from archiver import warc
from archiver.inputs import article
from archiver.inputs.reader import iter_inputs
from archiver.store.archive import AddOptions, open_archive
from tests.test_concurrency import assert_consistent, make_articles, resource_digests, run_archiver

NO_TAG = AddOptions(tag=False)


def add(root: Path, sources, options: AddOptions = NO_TAG, clock=None):
    kw = {"clock": clock} if clock else {}
    with open_archive(root, create=True, **kw) as archive:
        return list(archive.add(iter_inputs([str(s) for s in sources]), options))


def in_child(target, *args) -> int:
    """Run ``target`` in a forked child process (that may kill itself); return its exit code."""
    p = multiprocessing.get_context("fork").Process(target=target, args=args)
    p.start()
    p.join(60)
    return p.exitcode


# -- kill -9 at random moments -------------------------------------------------------------------
def test_sigkill_at_twenty_random_moments_then_rerun_keeps_every_article_once(tmp_path):
    src = tmp_path / "in"
    root = tmp_path / "arch"
    rng = random.Random(20240305)
    reported: set[str] = set()
    for k in range(20):
        # Fresh articles every round, so each run has writing to do when the kill lands.
        make_articles(src, 100, seed=1000 + k, prefix=f"{k:02d}-")
        p = run_archiver("--archive", str(root), "add", "--no-tag", "--json", str(src))
        if k % 5 == 4:  # on a loaded machine start-up alone can outlast the sleep: let some runs report
            p.stdout.peek(1)
        time.sleep(rng.uniform(0.3, 3.0))  # a tantivy commit per batch: runs take longer to report
        p.send_signal(signal.SIGKILL)
        out, err = p.stdout.read(), p.stderr.read()
        p.wait()
        assert b"Traceback" not in err
        for line in out.splitlines():
            if line.startswith(b"{") and line.endswith(b"}") and json.loads(line)["status"] == "added":
                reported.add(json.loads(line)["id"])
    assert reported  # some runs got far enough to report articles before they were killed
    p = run_archiver("--archive", str(root), "add", "--no-tag", str(src))
    _, err = p.communicate(timeout=120)
    assert p.returncode == 0, err.decode()
    assert_consistent(root, 2000)
    with open_archive(root) as archive:
        assert all(archive.index.get(i) is not None for i in reported)  # reported added = kept
    log = [json.loads(line) for line in (root / "logs" / "runs.jsonl").read_text().splitlines()]
    assert log[-1]["command"] == "add" and log[-1]["added"] + log[-1]["duplicate"] == 2000


# -- kill -9 at chosen moments (fork + a hook that dies where we say) --------------------------------
def _die_on_write(root: str, src: str, call: int, keep: int) -> None:
    """Child: on the ``call``-th WARC write, write ``keep`` bytes (negative: all but -keep) and die."""
    calls = {"n": 0}
    real = warc.write_bytes

    def dying(fd, data):
        calls["n"] += 1
        if calls["n"] == call:
            real(fd, data[:keep])
            os._exit(9)
        return real(fd, data)

    warc.write_bytes = dying
    add(Path(root), [Path(src)], AddOptions(tag=False, batch_size=2))


def _die_before_index(root: str, src: str) -> None:
    from archiver.index.tantivy_engine import TantivyEngine as Index

    Index.add_articles = lambda self, items: os._exit(9)
    add(Path(root), [Path(src)], NO_TAG)


def _die_before_manifest(root: str, src: str) -> None:
    import archiver.warc

    archiver.warc.write_manifest = lambda path: os._exit(9)
    add(Path(root), [Path(src)], NO_TAG)


def _die_after_warcinfo(root: str, src: str) -> None:
    from archiver.clock import utc_now

    directory = Path(root) / "warc" / "2024" / "03"
    warc.WarcFile.create(directory, warc.warc_file_name(utc_now(), 0, "host"), {"software": "t"}, utc_now())
    os._exit(9)


@pytest.mark.parametrize(
    "target, args",
    [
        pytest.param(_die_on_write, (1, 20), id="during-warcinfo-write"),
        pytest.param(_die_on_write, (2, 100), id="during-a-record-write"),
        pytest.param(_die_on_write, (3, -30), id="metadata-record-torn-off"),
        pytest.param(_die_on_write, (4, 0), id="between-batches"),
        pytest.param(_die_before_index, (), id="after-fsync-before-index-commit"),
        pytest.param(_die_before_manifest, (), id="after-rename-before-manifest"),
        pytest.param(_die_after_warcinfo, (), id="dead-writer-with-only-warcinfo"),
    ],
)
def test_kill_at_a_chosen_moment_then_rerun_repairs(tmp_path, target, args):
    src = make_articles(tmp_path / "in", 6)
    root = tmp_path / "arch"
    with open_archive(root, create=True):
        pass
    assert in_child(target, str(root), str(src), *args) == 9
    results = add(root, [src])
    assert {r.status for r in results} <= {"added", "duplicate"}
    assert_consistent(root, 6)


def test_stale_temp_files_of_interrupted_writes_are_cleaned(tmp_path):
    src = make_articles(tmp_path / "in", 3)
    root = tmp_path / "arch"
    add(root, [src])
    [closed] = list((root / "warc").glob("*/*/*.warc.gz"))
    stale = [
        closed.with_name(closed.name + ".sha256.tmp"),
        root / "sidecars" / "ab" / ".abcdef0123456789.json.4242.tmp",
        root / ".archive.json.4242.tmp",
    ]
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("half")
    add(root, [make_articles(tmp_path / "more", 1, seed=99)])
    assert not any(p.exists() for p in stale)
    assert_consistent(root, 4)


# -- write failures through the fault-injection seam ------------------------------------------------
def _failing_write(after: int, err: int):
    calls = {"n": 0}
    real = warc.write_bytes

    def write(fd, data):
        calls["n"] += 1
        if calls["n"] > after:
            if err == errno.ENOSPC and len(data) > 10:
                real(fd, data[: len(data) // 2])  # a full disk takes part of the write first
            raise OSError(err, os.strerror(err))
        return real(fd, data)

    return write


@pytest.mark.parametrize(
    "err, message",
    [
        (errno.ENOSPC, "No space left on device"),
        (errno.EACCES, "Permission denied"),
        (errno.EIO, "Input/output error"),
    ],
)
def test_write_failure_mid_batch_leaves_nothing_half_written(tmp_path, monkeypatch, err, message):
    root = tmp_path / "arch"
    add(root, [make_articles(tmp_path / "first", 3, seed=1)])
    # warcinfo + 2 articles of the next batch go in, the 3rd article's write fails: the whole batch fails
    monkeypatch.setattr(warc, "write_bytes", _failing_write(3, err))
    results = add(root, [make_articles(tmp_path / "second", 5, seed=2)], AddOptions(tag=False, batch_size=10))
    assert [r.status for r in results] == ["failed"] * 5
    assert all(message in r.error and r.retry for r in results)
    assert all("\n" not in r.error for r in results)
    assert_consistent(root, 3)  # the two articles written before the failure were cut back
    monkeypatch.undo()
    assert [r.status for r in add(root, [tmp_path / "second"])] == ["added"] * 5
    assert_consistent(root, 8)


@pytest.mark.parametrize("where", ["sidecar", "index", "fsync"])
def test_failure_after_the_warc_write_takes_the_batch_back(tmp_path, monkeypatch, where):
    from archiver.index.tantivy_engine import TantivyEngine as Index
    from archiver.store import archive as archive_mod
    from archiver.store import sidecar as sidecar_mod

    root = tmp_path / "arch"
    add(root, [make_articles(tmp_path / "first", 2, seed=1)])
    if where == "sidecar":
        real = sidecar_mod.write_sidecar
        calls = {"n": 0}

        def sidecar(root_, sc):
            calls["n"] += 1
            if calls["n"] > 2:
                raise archive_mod.ArchiveError("cannot write sidecar x: No space left on device")
            return real(root_, sc)

        monkeypatch.setattr(sidecar_mod, "write_sidecar", sidecar)
    elif where == "index":

        def full(self, items):
            raise archive_mod.ArchiveError("cannot write the index: database or disk is full")

        monkeypatch.setattr(Index, "add_articles", full)
    else:

        def fsync(fd):
            raise OSError(errno.EIO, os.strerror(errno.EIO))

        monkeypatch.setattr(warc, "sync_fd", fsync)
    results = add(root, [make_articles(tmp_path / "second", 4, seed=2)])
    assert [r.status for r in results] == ["failed"] * 4 and all(r.retry for r in results)
    monkeypatch.undo()
    assert len(list((root / "sidecars").glob("*/*.json"))) == 2
    assert_consistent(root, 2)
    assert [r.status for r in add(root, [tmp_path / "second"])] == ["added"] * 4
    assert_consistent(root, 6)


def test_failure_after_a_rollover_cuts_back_both_files(tmp_path, monkeypatch):
    root = tmp_path / "arch"
    with open_archive(root, create=True):
        pass
    meta = json.loads((root / "archive.json").read_text())
    meta["settings"]["rollover_bytes"] = 3000
    (root / "archive.json").write_text(json.dumps(meta))
    add(root, [make_articles(tmp_path / "first", 2, seed=1)])
    monkeypatch.setattr(warc, "write_bytes", _failing_write(6, errno.ENOSPC))
    results = add(root, [make_articles(tmp_path / "second", 8, seed=2)], AddOptions(tag=False, batch_size=50))
    assert {r.status for r in results} == {"failed"}
    monkeypatch.undo()
    assert_consistent(root, 2)
    add(root, [tmp_path / "second"])
    assert_consistent(root, 10)


def test_refused_warc_file_creation_is_a_clear_error(tmp_path, monkeypatch):
    root = tmp_path / "arch"
    with open_archive(root, create=True):
        pass

    def refuse(directory, name, *a, **kw):
        raise PermissionError(errno.EACCES, "Permission denied", str(directory / name))

    monkeypatch.setattr(warc.WarcFile, "create", refuse)
    results = add(root, [make_articles(tmp_path / "in", 2)])
    assert [r.status for r in results] == ["failed", "failed"]
    assert results[0].error.startswith("cannot write the archive") and "Permission denied" in results[0].error
    monkeypatch.undo()
    assert_consistent(root, 0)


def test_resource_counts_helper_sees_torn_duplicates(tmp_path):
    """Sanity check of the checker: a second copy of an article in another file is noticed."""
    root = tmp_path / "arch"
    add(root, [make_articles(tmp_path / "in", 2)])
    [path] = list((root / "warc").glob("*/*/*.warc.gz"))
    copy = path.with_name(path.name.replace("-00000-", "-00009-"))
    copy.write_bytes(path.read_bytes())
    assert set(resource_digests(root).values()) == {2}


def test_a_full_disk_stops_the_run_early_and_still_logs_it(tmp_path, monkeypatch):
    root = tmp_path / "arch"
    add(root, [make_articles(tmp_path / "first", 2, seed=1)])
    src = make_articles(tmp_path / "second", 40, seed=2)
    prepared = []
    real_prepare = article._prepare_one

    def counted(args):
        prepared.append(args[0].source)
        return real_prepare(args)

    monkeypatch.setattr(article, "_prepare_one", counted)
    monkeypatch.setattr(warc, "write_bytes", _failing_write(2, errno.ENOSPC))
    with open_archive(root) as archive:
        results = list(archive.add(iter_inputs([str(src)]), AddOptions(tag=True, batch_size=4)))
        assert "stopped early" in archive.stopped_early and "No space left" in archive.stopped_early
    # The batch that met the full disk fails; the other 36 articles are not tagged just to fail.
    assert len(prepared) == 4 and [r.status for r in results] == ["failed"] * 4
    log = json.loads((root / "logs" / "runs.jsonl").read_text().splitlines()[-1])
    assert log["failed"] == 4 and "No space left" in log["error"]
    monkeypatch.undo()
    assert_consistent(root, 2)


def _parsed(line: bytes) -> dict:
    """A JSON result line, or {} for one the signal cut while it was being printed."""
    try:
        return json.loads(line)
    except ValueError:
        return {}


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_end_a_run_cleanly(tmp_path, signum):
    root = tmp_path / "arch"
    src = make_articles(tmp_path / "in", 1500, seed=3)
    p = run_archiver("--archive", str(root), "add", "--no-tag", "--json", str(src))
    first = p.stdout.readline()  # the first batch is in: the run is well under way
    assert json.loads(first)["status"] == "added"
    p.send_signal(signum)
    out = p.stdout.read()  # from the same buffered reader: communicate() would skip its read-ahead
    err = p.stderr.read()
    p.wait(timeout=120)
    assert p.returncode == 128 + signum, err.decode()
    text = err.decode()
    assert f"interrupted by {signal.Signals(signum).name}" in text and " added, " in text
    assert "Traceback" not in text
    assert not list((root / "warc").glob("*/*/*.open"))  # the WARC file was closed
    log = json.loads((root / "logs" / "runs.jsonl").read_text().splitlines()[-1])
    assert log["error"] == f"interrupted by {signal.Signals(signum).name}"
    reported = {_parsed(x).get("id") for x in [first, *out.splitlines()]} - {None}
    # A batch is committed whole: what was reported is in, and maybe the rest of its batch.
    stored = len(resource_digests(root))
    assert 1 <= len(reported) <= stored < 1500 and log["added"] <= stored
    with open_archive(root) as archive:
        assert all(archive.index.get(i) is not None for i in reported)
    assert_consistent(root, stored)
