"""An archive you can prove (issue 8): salvage past damage, catch every edit, repair what is derived.

Each test damages an archive the way a disk, a person or a crash would, then checks that
``verify`` names exactly that, ``reindex`` keeps every intact article and ``repair`` leaves only
the damage to masters.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from archiver import warc
from archiver.cli import main
from archiver.inputs.reader import Given, iter_inputs
from archiver.store.archive import AddOptions, open_archive
from archiver.store.corrections import retag
from archiver.store.integrity import verify
from tests.indexfiles import catalog_path
from tests.test_concurrency import make_articles
from tests.test_faults import in_child

NO_TAG = AddOptions(tag=False)


def add(root: Path, sources, options: AddOptions = NO_TAG, given: Given | None = None):
    with open_archive(root, create=True) as archive:
        return list(archive.add(iter_inputs([str(s) for s in sources], given=given), options))


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def arch(tmp_path):
    """An archive of 18 articles in one WARC file."""
    root = tmp_path / "arch"
    src = make_articles(tmp_path / "in", 18)
    assert [r.status for r in add(root, [src])] == ["added"] * 18
    return root, src


def the_file(root: Path) -> Path:
    [path] = sorted((root / "warc").glob("*/*/*.warc.gz"))
    return path


def kinds(report) -> list[str]:
    return sorted(p.kind for p in report.problems)


def check(root: Path, **kw):
    with open_archive(root) as archive:
        return verify(archive, **kw)


def records(path: Path) -> list[warc.Record]:
    return [r for r in warc.iter_records(path) if isinstance(r, warc.Record)]


def flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x55
    path.write_bytes(bytes(data))


# -- damage: salvage, don't drop ------------------------------------------------------------------
def test_reindex_after_a_torn_tail_keeps_every_intact_article(arch):
    root, _ = arch
    path = the_file(root)
    path.write_bytes(path.read_bytes()[:-700])
    r = run("--archive", root, "reindex")
    assert r.exit_code == 1  # the damage is named
    assert "reindexed 17 articles" in r.stderr
    assert "damaged-record" in r.stderr and path.name in r.stderr
    with open_archive(root) as archive:
        assert archive.index.count() == 17


def test_a_long_torn_tail_is_named_once_not_as_orphans(arch):
    root, _ = arch
    path = the_file(root)
    path.write_bytes(path.read_bytes()[:-3000])  # several articles lost with the tail
    report = check(root)
    assert kinds(report) == ["damaged-record", "manifest-mismatch"]
    assert run("--archive", root, "repair").exit_code == 1
    assert kinds(check(root)) == ["damaged-record", "manifest-mismatch"]


def test_verify_names_one_flipped_byte_once_and_nothing_else(arch):
    root, _ = arch
    path = the_file(root)
    victim = records(path)[20].ref
    flip(path, victim.offset + victim.length // 2)
    report = check(root)
    assert kinds(report) == ["damaged-record", "manifest-mismatch"]
    damaged = next(p for p in report.problems if p.kind == "damaged-record")
    assert (damaged.file, damaged.offset) == (
        f"warc/{path.relative_to(root / 'warc').as_posix()}",
        victim.offset,
    )
    assert report.articles == 17


def test_repair_leaves_a_damaged_master_alone_and_only_its_damage_named(arch):
    root, _ = arch
    path = the_file(root)
    victim = records(path)[4].ref  # a resource record
    flip(path, victim.offset + victim.length // 2)
    damaged_bytes = path.read_bytes()
    r = run("--archive", root, "repair")
    assert r.exit_code == 1
    assert path.read_bytes() == damaged_bytes  # a closed WARC file is never rewritten
    report = check(root)
    assert kinds(report) == ["damaged-record", "manifest-mismatch"]
    with open_archive(root) as archive:
        assert archive.index.count() == 17
        for article_id in archive.index.ids():
            assert archive.show(article_id).text  # every intact article reads from the damaged file


def test_a_killed_reindex_never_lets_add_store_articles_twice(arch):
    root, src = arch

    def die_mid_reindex(root_s: str) -> None:
        from archiver.index.tantivy_engine import TantivyEngine

        TantivyEngine.add_articles = lambda self, items, **kw: os._exit(9)  # killed mid-rebuild
        with open_archive(Path(root_s)) as archive:
            archive.reindex()

    assert in_child(die_mid_reindex, str(root)) == 9
    # The rebuild happened beside the index: the old one is still current and complete.
    assert check(root).problems == []
    assert {r.status for r in add(root, [src])} == {"duplicate"}
    assert sum(r.ref.type == "resource" for r in records(the_file(root))) == 18
    assert run("--archive", root, "reindex").exit_code == 0  # and the next rebuild finishes
    assert {r.status for r in add(root, [src])} == {"duplicate"}
    assert check(root).problems == []


def test_warc_file_gone_with_its_manifest_left_is_named_once(arch):
    root, _ = arch
    the_file(root).unlink()
    report = check(root)
    assert kinds(report) == ["warc-missing"]
    assert "WARC file missing" in report.problems[0].detail


# -- edits: every layer ----------------------------------------------------------------------------
def edit_sidecar(root: Path, **fields) -> str:
    path = sorted((root / "sidecars").glob("*/*.json"))[3]
    sc = json.loads(path.read_text())
    sc.update(fields)
    path.write_text(json.dumps(sc))
    return sc["id"]


def index_sql(root: Path, sql: str, *params) -> None:
    con = sqlite3.connect(catalog_path(root))
    with con:
        con.execute(sql, params)
    con.close()


@pytest.mark.parametrize(
    "damage, kind",
    [
        (
            lambda root: edit_sidecar(root, title="Forged title", outlet={"name": "Forged News"}),
            "sidecar-mismatch",
        ),
        (lambda root: index_sql(root, "DELETE FROM articles WHERE rowid = 3"), "missing-from-index"),
        (
            lambda root: index_sql(
                root,
                "UPDATE articles SET sidecar = (SELECT sidecar FROM articles WHERE rowid = 1) "
                "WHERE rowid = 2",
            ),
            "index-mismatch",
        ),
    ],
    ids=["edited-sidecar", "deleted-index-row", "edited-index-row"],
)
def test_verify_catches_an_edit_and_repair_undoes_it(arch, damage, kind):
    root, _ = arch
    damage(root)
    found = kinds(check(root))
    assert kind in found and set(found) <= {kind, "orphan-index-entry", "index-mismatch"}
    r = run("--archive", root, "repair")
    assert r.exit_code == 0, r.stderr
    assert check(root).problems == []
    with open_archive(root) as archive:
        assert all("Forged" not in json.dumps(archive.show(i).sidecar) for i in archive.index.ids())


def test_a_corrupted_index_page_is_found_and_repaired(arch):
    root, src = arch
    path = catalog_path(root)
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the main file, nothing in the WAL
    con.close()
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for i in range(2 * page, 2 * page + 64):  # the header of page 3: a b-tree page no longer
        data[i] = 0xA5
    path.write_bytes(bytes(data))
    assert "index-damaged" in kinds(check(root))
    assert run("--archive", root, "repair").exit_code == 0
    assert check(root).problems == []
    assert {r.status for r in add(root, [src])} == {"duplicate"}


def test_a_sidecar_listing_a_record_twice_is_found_and_repaired(arch):
    root, _ = arch
    path = sorted((root / "sidecars").glob("*/*.json"))[0]
    sc = json.loads(path.read_text())
    sc["warc"]["records"].append(sc["warc"]["records"][-1])
    path.write_text(json.dumps(sc))
    assert "duplicate-record-ref" in kinds(check(root))
    assert run("--archive", root, "repair").exit_code == 0
    assert check(root).problems == []


@pytest.mark.parametrize("content", [None, "{not json", '{"format": "other"}'])
def test_missing_or_damaged_archive_json_is_named_and_recreated(arch, content):
    root, _ = arch
    meta = root / "archive.json"
    if content is None:
        meta.unlink()
    else:
        meta.write_text(content)
    assert kinds(check(root)) == ["archive-json"]
    r = run("--archive", root, "repair")
    assert r.exit_code == 0 and "recreated archive.json" in r.stderr
    assert json.loads(meta.read_text())["settings"]["collection"] == "archiver"
    assert check(root).problems == []


def test_verify_fast_checks_manifests_and_counts(arch):
    root, _ = arch
    assert run("--archive", root, "verify", "--fast").exit_code == 0
    sorted((root / "sidecars").glob("*/*.json"))[0].unlink()
    assert kinds(check(root, fast=True)) == ["count-mismatch"]
    path = the_file(root)
    flip(path, 3 * len(path.read_bytes()) // 4)
    r = run("--archive", root, "verify", "--fast", "--json")
    found = {json.loads(line)["kind"] for line in r.stdout.splitlines()}
    assert r.exit_code == 1 and found == {"count-mismatch", "manifest-mismatch"}


# -- a live writer beside verify ---------------------------------------------------------------------
def test_verify_beside_a_live_writer_raises_no_alarm(arch, tmp_path):
    root, _ = arch
    more = make_articles(tmp_path / "more", 5, seed=99)
    with open_archive(root) as writer:  # its .open file stays open (and locked) until close
        results = list(writer.add(iter_inputs([str(more)]), NO_TAG))
        assert [r.status for r in results] == ["added"] * 5
        assert list((root / "warc").glob("*/*/*.open"))
        report = check(root)
        assert report.problems == [] and report.skipped_live == 1
        r = run("--archive", root, "verify")
        assert r.exit_code == 0 and "being written" in r.stderr
    assert check(root).problems == []


def test_verify_names_a_dead_writers_file_and_repair_closes_it(arch, tmp_path):
    root, _ = arch
    more = make_articles(tmp_path / "more", 3, seed=5)
    archive = open_archive(root).__enter__()
    list(archive.add(iter_inputs([str(more)]), NO_TAG))
    archive._writer.release()  # dies: fd closed, .open name kept
    archive._writer = None
    archive.close()
    assert kinds(check(root)) == ["dead-writer"]
    r = run("--archive", root, "repair")
    assert r.exit_code == 0 and "dead writer" in r.stderr
    assert check(root).problems == []


# -- retag and corrections ----------------------------------------------------------------------------
def test_retag_twice_writes_nothing_the_second_time_and_is_logged(arch):
    root, _ = arch
    r1 = run("--archive", root, "retag", "--json")
    assert r1.exit_code == 0 and {json.loads(x)["status"] for x in r1.stdout.splitlines()} == {"retagged"}
    files = {p: p.stat().st_size for p in (root / "warc").rglob("*.warc.gz*")}
    r2 = run("--archive", root, "retag", "--json")
    assert r2.exit_code == 0 and {json.loads(x)["status"] for x in r2.stdout.splitlines()} == {"unchanged"}
    assert {p: p.stat().st_size for p in (root / "warc").rglob("*.warc.gz*")} == files
    log = [json.loads(x) for x in (root / "logs" / "runs.jsonl").read_text().splitlines()]
    assert [(x["command"], x.get("retagged"), x.get("unchanged")) for x in log[-2:]] == [
        ("retag", 18, 0),
        ("retag", 0, 18),
    ]
    assert check(root).problems == []


def test_a_killed_retag_never_leaves_a_record_listed_twice(arch):
    root, src = arch

    def die_after_sidecars(root_s: str) -> None:
        from archiver.index.tantivy_engine import TantivyEngine

        TantivyEngine.add_articles = lambda self, items, **kw: os._exit(9)
        with open_archive(Path(root_s)) as archive:
            list(retag(archive))

    assert in_child(die_after_sidecars, str(root)) == 9
    assert {r.status for r in add(root, [src])} == {"duplicate"}  # the next writer repairs
    for path in (root / "sidecars").glob("*/*.json"):
        refs = [(r.get("file"), r["offset"]) for r in json.loads(path.read_text())["warc"]["records"]]
        assert len(refs) == len(set(refs))
    assert check(root).problems == []


def test_amend_appends_a_record_keeps_history_and_updates_sidecar_and_index(arch):
    root, _ = arch
    with open_archive(root) as archive:
        article_id = next(iter(archive.index.ids()))
    r = run(
        "--archive", root, "amend", article_id[:8], "--url", "https://example.com/a", "--title", "New title"
    )
    assert r.exit_code == 0, r.stderr
    with open_archive(root) as archive:
        sc = archive.show(article_id).sidecar
        assert sc["title"] == "New title" and sc["source"]["url"] == "https://example.com/a"
        assert archive.index.get(article_id) == sc
    hist = run("--archive", root, "show", article_id, "--history")
    bodies = [json.loads(x)["body"] for x in hist.stdout.splitlines()]
    assert len(bodies) == 2 and bodies[0]["title"] != "New title" and bodies[1]["title"] == "New title"
    assert check(root).problems == []
    assert run("--archive", root, "reindex").exit_code == 0
    with open_archive(root) as archive:
        assert archive.show(article_id).sidecar["title"] == "New title"
    assert run("--archive", root, "amend", article_id).exit_code == 2  # nothing to amend


def test_re_adding_with_a_new_url_says_it_was_not_stored_and_points_to_amend(arch):
    root, src = arch
    r = run(
        "--archive", root, "add", "--no-tag", "--json", "--url", "https://example.com/x", src / "0001.txt"
    )
    [line] = [json.loads(x) for x in r.stdout.splitlines()]
    assert line["status"] == "duplicate" and "archiver amend" in line["note"]
    assert "archiver amend" in r.stderr


@pytest.mark.parametrize("command", ["repair", "amend", "verify"])
def test_new_commands_have_help_with_an_example(command):
    r = run(command, "--help")
    assert r.exit_code == 0 and "Example" in r.stdout


def test_verify_while_add_runs_in_another_process_is_clean(tmp_path):
    from tests.test_concurrency import run_archiver

    root = tmp_path / "arch"
    src = make_articles(tmp_path / "many", 1200, seed=11)
    p = run_archiver("--archive", str(root), "add", "--no-tag", "--json", "-j", "1", str(src))
    try:
        p.stdout.peek(1)  # the first batch is committed; the writer goes on with the rest
        for _ in range(3):
            r = run("--archive", root, "verify", "--json")
            assert r.exit_code == 0, r.stdout + r.stderr
    finally:
        p.stdout.read()
        p.wait(timeout=300)
    assert check(root).problems == []
