"""Unattended ingestion of an inbox: claim, archive, file away; overlapping and crashed runs."""

from __future__ import annotations

import errno
import fcntl
import json
import multiprocessing
import os
from collections import Counter
from pathlib import Path

import pytest

from archiver import warc
from archiver.store.archive import open_archive
from archiver.store.ingest import InboxOptions, ingest_inbox
from tests.articles import DANBURY, HARTFORD_BUDGET
from tests.test_concurrency import assert_consistent, make_articles, needs_tagger, run_archiver

PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)


def options(tmp_path: Path, **kw) -> InboxOptions:
    return InboxOptions(
        inbox=tmp_path / "inbox", done=tmp_path / "done", failed=tmp_path / "failed", **{"tag": False, **kw}
    )


def ingest(root: Path, opts: InboxOptions):
    return list(ingest_inbox(root, opts))


def names(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir()) if directory.exists() else []


def fill_mixed_inbox(inbox: Path) -> None:
    inbox.mkdir(parents=True, exist_ok=True)
    (inbox / "good1.txt").write_text(DANBURY, encoding="utf-8")
    (inbox / "good2.txt").write_text(HARTFORD_BUDGET, encoding="utf-8")
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "image.png").write_bytes(PNG)
    with (inbox / "huge.txt").open("wb") as f:  # 60 MB, sparse after the first line
        f.write(b"Huge story\n\nText.\n")
        f.truncate(60 * 1024 * 1024)
    (inbox / "utf16.txt").write_bytes(
        "Caf\u00e9 owners in Danbury worry\n\nThe caf\u00e9 opened.\n".encode("utf-16")
    )
    (inbox / "cp1252.txt").write_bytes(
        "Caf\u00e9 \u201cnews\u201d from Hartford\n\nMore text.\n".encode("cp1252")
    )


def test_mixed_inbox_in_process(tmp_path):
    fill_mixed_inbox(tmp_path / "inbox")
    root = tmp_path / "arch"
    results = ingest(root, options(tmp_path))
    by_source = {Path(r.source).name: r for r in results}
    assert {k for k, r in by_source.items() if r.status == "added"} == {
        "good1.txt",
        "good2.txt",
        "utf16.txt",
        "cp1252.txt",
    }
    assert names(tmp_path / "done") == ["cp1252.txt", "good1.txt", "good2.txt", "utf16.txt"]
    assert names(tmp_path / "failed") == sorted(
        f"{n}{s}" for n in ("empty.txt", "image.png", "huge.txt") for s in ("", ".error.json")
    )
    assert names(tmp_path / "inbox") == []
    assert "too large" in by_source["huge.txt"].error and "PNG" in by_source["image.png"].error
    err = json.loads((tmp_path / "failed" / "image.png.error.json").read_text())
    assert err["source"] == str(tmp_path / "inbox" / "image.png") and err["failed_at"].endswith("Z")
    assert "PNG" in err["errors"][0]["error"]
    log = json.loads((root / "logs" / "runs.jsonl").read_text().splitlines()[-1])
    assert log["command"] == "ingest" and (log["added"], log["failed"]) == (4, 3)
    assert log["files"] == {"done": 4, "failed": 3, "returned": 0} and log["duration_s"] >= 0
    assert_consistent(root, 4)
    with open_archive(root) as archive:  # sidecars name the inbox path, not the work directory
        paths = {archive.show(r.id).sidecar["source"]["path"] for r in results if r.status == "added"}
    assert all(".claimed-" not in p for p in paths)


@needs_tagger
def test_mixed_inbox_through_the_command_line(tmp_path):
    fill_mixed_inbox(tmp_path / "inbox")
    root = tmp_path / "arch"
    p = run_archiver(
        "--archive",
        str(root),
        "ingest",
        str(tmp_path / "inbox"),
        "--done",
        str(tmp_path / "done"),
        "--failed",
        str(tmp_path / "failed"),
    )
    out, err = p.communicate(timeout=120)
    assert p.returncode == 1
    assert b"Traceback" not in err and out == b""
    assert names(tmp_path / "done") == ["cp1252.txt", "good1.txt", "good2.txt", "utf16.txt"]
    assert len(names(tmp_path / "failed")) == 6
    for name in ("empty.txt", "image.png", "huge.txt"):
        assert name.encode() in err  # each failure named on stderr with its reason
    # all in: -q prints nothing and exits 0
    (tmp_path / "inbox" / "again.txt").write_text(DANBURY + "\nUpdated.\n")
    p = run_archiver(
        "--archive",
        str(root),
        "-q",
        "ingest",
        str(tmp_path / "inbox"),
        "--done",
        str(tmp_path / "done"),
        "--failed",
        str(tmp_path / "failed"),
    )
    out, err = p.communicate(timeout=120)
    assert (p.returncode, out, err) == (0, b"", b"")


def test_bad_inputs_each_with_a_one_line_reason(tmp_path, monkeypatch):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "broken.txt").symlink_to(tmp_path / "nowhere.txt")
    (inbox / "loop.txt").symlink_to("loop.txt")
    (inbox / "doc.pdf").write_bytes(b"%PDF-1.4\n" + bytes(100))
    (inbox / "unreadable.txt").write_text("x" * 50)
    (inbox / "batch.jsonl").write_text(
        '{"text": "First story about Danbury council."}\n{oops\n'
        '{"text": "Third story about Hartford schools."}\n'
    )
    (inbox / "blank.jsonl").write_text("\n\n")
    real_open = Path.open

    def refuse(self, *a, **kw):  # root reads everything: simulate a file we may not read
        if self.name == "unreadable.txt":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_open(self, *a, **kw)

    monkeypatch.setattr(Path, "open", refuse)
    results = ingest(tmp_path / "arch", options(tmp_path))
    errors = {r.source.replace(str(inbox) + "/", ""): r.error for r in results if r.status == "failed"}
    assert "broken symlink" in errors["broken.txt"] and "symlink loop" in errors["loop.txt"]
    assert "PDF" in errors["doc.pdf"] and "Permission denied" in errors["unreadable.txt"]
    assert "line 2" in errors["batch.jsonl:2"] and "no articles" in errors["blank.jsonl"]
    assert all(e and "\n" not in e and ".claimed-" not in e for e in errors.values())
    # a JSONL file with a bad line: its good lines are archived, the file goes to failed/
    assert [r.status for r in results if "batch.jsonl" in r.source] == ["added", "failed", "added"]
    err = json.loads((tmp_path / "failed" / "batch.jsonl.error.json").read_text())
    assert err["articles_archived"] == 2 and [e["source"] for e in err["errors"]] == [
        f"{inbox}/batch.jsonl:2"
    ]
    assert names(tmp_path / "done") == [] and names(inbox) == []


def test_name_clashes_get_a_suffix(tmp_path):
    opts = options(tmp_path)
    inbox = tmp_path / "inbox"
    for text in (DANBURY, HARTFORD_BUDGET, DANBURY):
        inbox.mkdir(exist_ok=True)
        (inbox / "story.txt").write_text(text)
        (inbox / "bad.png").write_bytes(PNG)
        ingest(tmp_path / "arch", opts)
    assert names(tmp_path / "done") == ["story.1.txt", "story.2.txt", "story.txt"]
    assert names(tmp_path / "failed") == [
        "bad.1.png",
        "bad.1.png.error.json",
        "bad.2.png",
        "bad.2.png.error.json",
        "bad.png",
        "bad.png.error.json",
    ]


def test_a_crashed_runs_claimed_files_are_picked_up(tmp_path):
    inbox = tmp_path / "inbox"
    make_articles(inbox, 3)
    dead = inbox / ".claimed-otherhost-4242-abcdef"
    dead.mkdir()
    make_articles(tmp_path / "tmp", 2, seed=5)
    for p in (tmp_path / "tmp").iterdir():
        p.rename(dead / f"dead-{p.name}")
    (dead / "0000.txt").write_text("A clash with a file name still in the inbox.\n")
    results = ingest(tmp_path / "arch", options(tmp_path))
    assert Counter(r.status for r in results) == {"added": 6}
    assert len(names(tmp_path / "done")) == 6 and names(inbox) == []


def test_a_live_runs_claimed_files_are_left_alone(tmp_path):
    inbox = tmp_path / "inbox"
    make_articles(inbox, 2)
    live = inbox / ".claimed-otherhost-4243-abcdef"
    live.mkdir()
    (live / "busy.txt").write_text(DANBURY)
    fd = os.open(live, os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        results = ingest(tmp_path / "arch", options(tmp_path))
    finally:
        os.close(fd)
    assert len(results) == 2 and (live / "busy.txt").exists()


def _ingest_child(root: str, base: str, out: str) -> None:
    opts = InboxOptions(
        inbox=Path(base) / "inbox",
        done=Path(base) / "done",
        failed=Path(base) / "failed",
        tag=False,
        batch_size=8,
    )
    with open(out, "w") as f:
        for r in ingest_inbox(Path(root), opts):
            f.write(json.dumps(r.to_json()) + "\n")


def test_overlapping_runs_never_process_a_file_twice(tmp_path):
    make_articles(tmp_path / "inbox", 240)
    ctx = multiprocessing.get_context("fork")
    procs = [
        ctx.Process(
            target=_ingest_child, args=(str(tmp_path / "arch"), str(tmp_path), str(tmp_path / f"r{i}"))
        )
        for i in range(3)
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    lines = [json.loads(line) for i in range(3) for line in (tmp_path / f"r{i}").read_text().splitlines()]
    # a file archived by two runs would show up as a duplicate
    assert Counter(r["status"] for r in lines) == {"added": 240}
    assert len(names(tmp_path / "done")) == 240 and names(tmp_path / "inbox") == []
    assert_consistent(tmp_path / "arch", 240)
    runs = [json.loads(line) for line in (tmp_path / "arch" / "logs" / "runs.jsonl").read_text().splitlines()]
    assert [r["command"] for r in runs] == ["ingest"] * 3 and sum(r["files"]["done"] for r in runs) == 240


def test_archive_write_failure_returns_the_files_to_the_inbox(tmp_path, monkeypatch):
    make_articles(tmp_path / "inbox", 3)

    def full(fd, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(warc, "write_bytes", full)
    root = tmp_path / "arch"
    results = ingest(root, options(tmp_path))
    assert [r.status for r in results] == ["failed"] * 3
    assert all("No space left on device" in r.error for r in results)
    assert names(tmp_path / "inbox") == ["0000.txt", "0001.txt", "0002.txt"]  # retried next run
    assert names(tmp_path / "failed") == [] and names(tmp_path / "done") == []
    log = json.loads((root / "logs" / "runs.jsonl").read_text().splitlines()[-1])
    assert log["files"]["returned"] == 3 and "No space" in log["failures"][0]["error"]
    monkeypatch.undo()
    assert [r.status for r in ingest(root, options(tmp_path))] == ["added"] * 3
    assert_consistent(root, 3)


def test_a_bug_on_one_article_does_not_stop_the_run(tmp_path, monkeypatch):
    import archiver.inputs.article as article_mod
    import archiver.store.archive as archive_mod

    make_articles(tmp_path / "inbox", 3)
    real = article_mod.prepare_article

    def buggy(item, tag=True):
        if item.source.endswith("0001.txt"):
            raise ValueError("boom")
        return real(item, tag=tag)

    monkeypatch.setattr(article_mod, "prepare_article", buggy)
    monkeypatch.setattr(archive_mod, "prepare_article", buggy, raising=False)
    results = ingest(tmp_path / "arch", options(tmp_path))
    assert [r.status for r in results] == ["added", "failed", "added"]
    assert results[1].error == "internal error: ValueError: boom"
    assert names(tmp_path / "inbox") == ["0001.txt"] and len(names(tmp_path / "done")) == 2


def test_kill_during_ingest_then_rerun(tmp_path):
    make_articles(tmp_path / "inbox", 60)
    root = tmp_path / "arch"

    def die_midway(root_: str, base: str) -> None:
        from archiver.index.tantivy_engine import TantivyEngine as Index

        real, calls = Index.add_articles, {"n": 0}

        def dying(self, items):
            calls["n"] += 1
            if calls["n"] == 3:
                os._exit(9)
            return real(self, items)

        Index.add_articles = dying
        _ingest_child(root_, base, os.devnull)

    p = multiprocessing.get_context("fork").Process(target=die_midway, args=(str(root), str(tmp_path)))
    p.start()
    p.join(60)
    assert p.exitcode == 9
    assert [d for d in os.listdir(tmp_path / "inbox") if d.startswith(".claimed-")]
    ingest(root, options(tmp_path))
    assert len(names(tmp_path / "done")) == 60 and names(tmp_path / "inbox") == []
    assert_consistent(root, 60)


def test_missing_inbox_is_a_clear_error(tmp_path):
    from archiver.errors import InputError

    with pytest.raises(InputError, match="not a directory"):
        ingest(tmp_path / "arch", options(tmp_path))
