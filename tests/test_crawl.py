"""WARC and WACZ crawls in: captures become articles, the crawl's records are copied verbatim."""

from __future__ import annotations

import gzip
import json
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator

from archiver.cli import main
from archiver.inputs.reader import Given, iter_inputs
from archiver.store.archive import AddOptions, open_archive
from archiver.warc import target_uri_for
from tests.crawls import Capture, page_html, sample_crawl, write_crawl
from tests.indexfiles import remove_index

BASE = "https://www.example-ledger.com"
SKIPPED = {"not HTML or text": 2, "redirect": 1, "status 404": 1, "revisit": 1}


def run(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input)


def add_json(root: Path, *sources, extra=()):
    r = run("--archive", root, "add", "--no-tag", "--json", *extra, *sources)
    return r, [json.loads(x) for x in r.stdout.splitlines()]


def records_of(path: Path) -> list[tuple[dict, bytes]]:
    """Every record of a WARC file as (headers, uncompressed record bytes), read by warcio."""
    out = []
    with path.open("rb") as f:
        it = ArchiveIterator(f, check_digests=True)
        for record in it:
            record.content_stream().read()
            assert not record.digest_checker.problems
            offset, length = it.get_record_offset(), it.get_record_length()
            with path.open("rb") as g:
                g.seek(offset)
                member = g.read(length)
            raw = (
                zlib.decompress(member, zlib.MAX_WBITS + 16) if path.suffix == ".gz" else member + b"\r\n\r\n"
            )
            out.append((dict(record.rec_headers.headers), raw))
    return out


def archive_warcs(root: Path) -> list[Path]:
    return sorted((root / "warc").glob("*/*/*.warc.gz"))


@pytest.fixture
def crawl(tmp_path) -> Path:
    return sample_crawl(tmp_path / "crawl.warc.gz")


def test_each_200_html_or_text_response_becomes_an_article_the_rest_is_counted(tmp_path, crawl):
    r, lines = add_json(tmp_path / "arch", crawl)
    assert r.exit_code == 0, r.output
    assert [x["status"] for x in lines] == ["added"] * 4 + ["skipped"]
    assert lines[-1]["skipped"] == SKIPPED
    assert lines[-1]["source"] == str(crawl)
    assert "4 added, 0 duplicate, 0 failed, 5 other crawl records skipped" in r.stderr
    again, lines = add_json(tmp_path / "arch", crawl)
    assert again.exit_code == 0
    assert [x["status"] for x in lines] == ["duplicate"] * 4 + ["skipped"]


def test_capture_url_and_date_come_from_the_warc_record(tmp_path, crawl):
    root = tmp_path / "arch"
    _, lines = add_json(root, crawl)
    sidecar = json.loads(run("--archive", root, "show", lines[0]["id"], "--json").stdout)
    assert sidecar["source"]["kind"] == "warc"
    assert sidecar["source"]["url"] == f"{BASE}/news/danbury-snow-budget"
    assert sidecar["source"]["capture"]["date"] == "2025-03-18T09:00:00Z"
    assert sidecar["published"] == "2025-03-18"
    assert sidecar["title"] == "Danbury Asks for Extra $1.2 Million After Snowy Winter"
    assert [r["type"] for r in sidecar["warc"]["records"]] == [
        "request",
        "response",
        "conversion",
        "metadata",
    ]
    raw = run("--archive", root, "show", lines[0]["id"], "--raw")
    assert raw.stdout_bytes == page_html().encode("utf-8")


def test_response_and_request_are_copied_verbatim_and_linked(tmp_path, crawl):
    root = tmp_path / "arch"
    add_json(root, crawl)
    source = records_of(crawl)
    ours = records_of(archive_warcs(root)[0])
    copied = [raw for h, raw in ours if h["WARC-Type"] in ("request", "response")]
    originals = {raw for h, raw in source if h["WARC-Type"] in ("request", "response")}
    assert len(copied) == 8 and set(copied) <= originals
    responses = {h["WARC-Record-ID"]: h for h, _ in ours if h["WARC-Type"] == "response"}
    for h, _ in ours:
        if h["WARC-Type"] in ("conversion", "metadata"):
            assert h["WARC-Refers-To"] in responses
            assert "WARC-Concurrent-To" not in h
        if h["WARC-Type"] == "conversion":
            url = responses[h["WARC-Refers-To"]]["WARC-Target-URI"]
            assert h["WARC-Target-URI"] == target_uri_for(b"", url)


def test_same_url_at_two_dates_is_two_versions_of_one_story(tmp_path, crawl):
    root = tmp_path / "arch"
    _, lines = add_json(root, crawl)
    hartford = [x["id"] for x in lines if x["status"] == "added"][1:3]
    assert len(set(hartford)) == 2
    targets = {
        h["WARC-Target-URI"] for h, _ in records_of(archive_warcs(root)[0]) if h["WARC-Type"] == "conversion"
    }
    assert target_uri_for(b"", f"{BASE}/news/hartford-warming-centers") in targets
    assert len(targets) == 3  # danbury, hartford (two versions), road closure


def test_verify_and_reindex_understand_imported_captures(tmp_path, crawl):
    root = tmp_path / "arch"
    _, lines = add_json(root, crawl)
    before = {x["id"] for x in lines if x["status"] == "added"}
    assert run("--archive", root, "verify").exit_code == 0
    for p in (root / "sidecars").glob("*/*.json"):
        p.unlink()
    remove_index(root)
    assert run("--archive", root, "reindex").exit_code == 0
    found = run("--archive", root, "search", "--json", "--limit", "50")
    assert {json.loads(x)["id"] for x in found.stdout.splitlines()} == before
    assert run("--archive", root, "verify").exit_code == 0


def test_uncompressed_warc_is_read_too(tmp_path):
    crawl = sample_crawl(tmp_path / "crawl.warc", gzip=False)
    r, lines = add_json(tmp_path / "arch", crawl)
    assert r.exit_code == 0, r.output
    assert [x["status"] for x in lines] == ["added"] * 4 + ["skipped"]
    assert run("--archive", tmp_path / "arch", "verify").exit_code == 0


def test_truncated_warc_imports_its_intact_records_and_names_the_damage(tmp_path, crawl):
    data = crawl.read_bytes()
    with crawl.open("rb") as f:
        it = ArchiveIterator(f)
        responses = [it.get_record_offset() for r in it if r.rec_type == "response"]
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: responses[-2] + 40])  # inside the gzip member of the second hartford capture
    r, lines = add_json(tmp_path / "arch", cut)
    assert r.exit_code == 1
    statuses = [x["status"] for x in lines]
    assert statuses.count("added") == 2
    failed = [x for x in lines if x["status"] == "failed"]
    assert len(failed) == 1 and str(cut) in failed[0]["error"]
    assert "truncated" in failed[0]["error"] or "damaged" in failed[0]["error"]


def test_non_warc_warc_gz_fails_clearly(tmp_path):
    fake = tmp_path / "notes.warc.gz"
    fake.write_bytes(gzip.compress(b"Shopping list: eggs, milk, bread.\n" * 20))
    r, lines = add_json(tmp_path / "arch", fake)
    assert r.exit_code == 1
    assert lines == [
        {"id": None, "status": "failed", "source": str(fake), "error": lines[0]["error"]},
    ]
    assert "not a WARC file" in lines[0]["error"]


def test_max_bytes_applies_to_each_decompressed_payload(tmp_path):
    bomb = gzip.compress(b"<html><body>" + b" " * 3_000_000 + b"</body></html>")
    crawl = write_crawl(
        tmp_path / "bomb.warc.gz",
        [
            Capture(
                f"{BASE}/bomb",
                "2025-03-01T00:00:00Z",
                body=bomb,
                extra_headers=[("Content-Encoding", "gzip")],
            ),
            Capture(f"{BASE}/news/danbury-snow-budget", "2025-03-01T00:00:01Z", body=page_html().encode()),
        ],
    )
    r, lines = add_json(tmp_path / "arch", crawl, extra=("--max-bytes", "100000"))
    assert r.exit_code == 1
    assert [x["status"] for x in lines] == ["failed", "added"]
    assert "--max-bytes" in lines[0]["error"]


def test_wacz_crawl_is_read_and_its_captures_keep_their_ids(tmp_path, crawl):
    first = tmp_path / "first"
    _, lines = add_json(first, crawl)
    ids = {x["id"] for x in lines if x["status"] == "added"}
    wacz = tmp_path / "crawl.wacz"
    r = run("--archive", first, "export", "--format", "wacz", "-o", wacz)
    if r.exit_code != 0 and "cdxj-indexer" in r.stderr:
        pytest.skip("cdxj-indexer (the export extra) is not installed")
    assert r.exit_code == 0, r.output
    r, lines = add_json(tmp_path / "second", wacz)
    assert r.exit_code == 0, r.output
    assert {x["id"] for x in lines if x["status"] == "added"} == ids


def test_not_a_zip_wacz_fails_clearly(tmp_path):
    fake = tmp_path / "crawl.wacz"
    fake.write_text("not a zip")
    r, lines = add_json(tmp_path / "arch", fake)
    assert r.exit_code == 1 and "not a WACZ file" in lines[0]["error"]


def test_tag_prints_one_object_per_captured_article(tmp_path, crawl):
    r = run("tag", "--json", crawl)
    assert r.exit_code == 0, r.output
    objs = [json.loads(x) for x in r.stdout.splitlines()]
    assert len(objs) == 4
    assert objs[0]["title"].startswith("Danbury Asks")


def run_ingest(root: Path, inbox: Path, done: Path, failed: Path):
    """``archiver ingest`` of a cron inbox, untagged, with JSON results."""
    return run("--archive", root, "ingest", inbox, "--done", done, "--failed", failed, "--no-tag", "--json")


def test_cron_inbox_takes_crawls(tmp_path, crawl):
    inbox, done, failed = tmp_path / "inbox", tmp_path / "done", tmp_path / "failed"
    inbox.mkdir()
    crawl.rename(inbox / "crawl.warc.gz")
    r = run_ingest(tmp_path / "arch", inbox, done, failed)
    assert r.exit_code == 0, r.output
    assert (done / "crawl.warc.gz").exists()
    statuses = [json.loads(x)["status"] for x in r.stdout.splitlines()]
    assert statuses == ["added"] * 4 + ["skipped"]


def test_memory_stays_bounded_by_the_payload_not_the_crawl(tmp_path):
    # Items are produced one at a time from the stream: reading the first article of a crawl
    # does not read the records after it.
    captures = [
        Capture(
            f"{BASE}/img/{n}.png", f"2025-03-01T00:00:{n:02d}Z", content_type="image/png", body=bytes(200_000)
        )
        for n in range(30)
    ]
    crawl = write_crawl(
        tmp_path / "big.warc.gz",
        [Capture(f"{BASE}/news/a", "2025-03-01T00:00:00Z", body=page_html().encode()), *captures],
    )
    items = iter_inputs([str(crawl)], given=Given(), max_bytes=100_000)
    first = next(items)
    assert first.capture is not None and first.error is None
    rest = list(items)
    assert rest[-1].skipped == {"not HTML or text": 30}


def test_library_add_of_a_crawl_is_idempotent(tmp_path, crawl, clock, make_id):
    root = tmp_path / "arch"
    for expected in ("added", "duplicate"):
        with open_archive(root, create=True, clock=clock, make_id=make_id) as archive:
            results = list(archive.add(iter_inputs([str(crawl)]), AddOptions(tag=False)))
        assert [r.status for r in results] == [expected] * 4 + ["skipped"]
    assert len(archive_warcs(root)) == 1


def test_copied_records_keep_the_crawlers_warc_version(tmp_path, crawl):
    root = tmp_path / "arch"
    add_json(root, crawl)
    with archive_warcs(root)[0].open("rb") as f:
        versions = {r.rec_type: r.rec_headers.protocol for r in ArchiveIterator(f)}
    assert versions["response"] == "WARC/1.0" and versions["conversion"] == "WARC/1.1"


def test_the_samples_page_and_crawl_go_in_with_the_readme_command(tmp_path, samples_dir):
    r, lines = add_json(tmp_path / "arch", samples_dir)
    assert r.exit_code == 0, r.output
    by_source = {x["source"].rsplit("/", 1)[-1]: x for x in lines}
    assert by_source["norwalk-harbor-dredging-courant.html"]["status"] == "added"
    crawl = [x for x in lines if "newstimes-crawl.warc.gz" in x["source"]]
    assert [x["status"] for x in crawl] == ["added", "added", "skipped"]
    assert crawl[-1]["skipped"] == {"not HTML or text": 2, "redirect": 1, "status 404": 1}


def test_a_rerun_skips_extraction_of_captures_already_archived(tmp_path, crawl, monkeypatch):
    root = tmp_path / "arch"
    with open_archive(root, create=True) as archive:
        list(archive.add(iter_inputs([str(crawl)]), AddOptions(tag=False)))

    def no_extraction(*args, **kwargs):
        raise AssertionError("extracted a capture that is already archived")

    monkeypatch.setattr("archiver.inputs.html.extract_page", no_extraction)
    with open_archive(root) as archive:
        results = list(archive.add(iter_inputs([str(crawl)]), AddOptions(tag=False)))
    assert [r.status for r in results] == ["duplicate"] * 4 + ["skipped"]
    assert all(r.duplicate_of == r.id for r in results[:4])


def test_retag_of_imported_captures_refers_to_their_response(tmp_path, crawl):
    root = tmp_path / "arch"
    add_json(root, crawl)
    r = run("--archive", root, "retag", "--json")
    assert r.exit_code == 0, r.output
    assert [json.loads(x)["status"] for x in r.stdout.splitlines()] == ["retagged"] * 4
    records = [rec for path in archive_warcs(root) for rec in records_of(path)]
    responses = {h["WARC-Record-ID"] for h, _ in records if h["WARC-Type"] == "response"}
    metadata = [h for h, _ in records if h["WARC-Type"] == "metadata"]
    assert len(metadata) == 8 and all(h["WARC-Refers-To"] in responses for h in metadata)
    assert run("--archive", root, "verify").exit_code == 0


def test_retag_tags_a_capture_and_a_page_as_add_did(tmp_path, crawl):
    # The page's own URL (a capture's canonical one) named the outlet at ingest; a retag that
    # forgot it dropped the outlet and wrote a metadata record for nothing.
    page = tmp_path / "page.html"
    url = "https://www.nbcconnecticut.com/news/local/danbury-snow/"
    page.write_text(page_html(url=url), encoding="utf-8")
    root = tmp_path / "arch"
    r = run("--archive", root, "add", "-q", crawl, page)
    assert r.exit_code == 0, r.output
    r = run("--archive", root, "retag", "--json")
    assert r.exit_code == 0, r.output
    assert [json.loads(x)["status"] for x in r.stdout.splitlines()] == ["unchanged"] * 5


def test_a_warc_gzipped_whole_fails_with_what_to_do(tmp_path):
    plain = sample_crawl(tmp_path / "crawl.warc", gzip=False)
    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(gzip.compress(plain.read_bytes()))
    r, lines = add_json(tmp_path / "arch", whole)
    assert r.exit_code == 1
    assert [x["status"] for x in lines] == ["failed"]
    assert "gunzip it and add the .warc file" in lines[0]["error"]


@pytest.mark.parametrize("gzipped", [True, False])
def test_a_crawl_cut_anywhere_yields_intact_captures_and_names_the_damage(tmp_path, gzipped):
    crawl = sample_crawl(tmp_path / ("crawl.warc.gz" if gzipped else "crawl.warc"), gzip=gzipped)
    data = crawl.read_bytes()
    originals = {raw for h, raw in records_of(crawl) if h["WARC-Type"] == "response"}
    with crawl.open("rb") as f:
        it = ArchiveIterator(f)
        boundaries = {it.get_record_offset() for _ in it} | {len(data)}
    cut = tmp_path / ("cut.warc.gz" if gzipped else "cut.warc")
    for size in range(97, len(data), 397):
        cut.write_bytes(data[:size])
        items = list(iter_inputs([str(cut)]))
        for item in items:
            if item.capture is not None:
                assert item.capture.response in originals
        damaged = [i for i in items if i.error is not None]
        assert bool(damaged) == (size not in boundaries), size
        assert all(str(cut) in str(i.error) for i in damaged)


def test_sidecars_of_pages_and_captures_follow_the_schema(tmp_path, crawl):
    import jsonschema

    schema = json.loads(
        (Path(__file__).resolve().parent.parent / "schemas" / "article.schema.json").read_text()
    )
    page = tmp_path / "page.html"
    page.write_text(page_html())
    root = tmp_path / "arch"
    add_json(root, crawl, page)
    sidecars = [json.loads(p.read_text()) for p in (root / "sidecars").glob("*/*.json")]
    assert len(sidecars) == 5
    for sc in sidecars:
        jsonschema.validate(sc, schema)
    assert {sc["source"]["kind"] for sc in sidecars} == {"warc", "path"}


def test_a_crawl_goes_through_the_worker_pool(tmp_path):
    captures = [
        Capture(
            f"{BASE}/news/story-{n}",
            f"2025-03-01T00:{n // 60:02d}:{n % 60:02d}Z",
            body=page_html(url=f"{BASE}/news/story-{n}", title=f"Danbury Council Story Number {n}").encode(),
        )
        for n in range(40)
    ]
    crawl = write_crawl(tmp_path / "many.warc.gz", captures)
    r, lines = add_json(tmp_path / "arch", crawl, extra=("-j", "2"))
    assert r.exit_code == 0, r.output
    assert [x["status"] for x in lines] == ["added"] * 40
    assert run("--archive", tmp_path / "arch", "verify").exit_code == 0


def test_ingest_sets_a_damaged_crawl_aside_after_archiving_what_is_intact(tmp_path, crawl):
    inbox, done, failed = tmp_path / "inbox", tmp_path / "done", tmp_path / "failed"
    inbox.mkdir()
    data = crawl.read_bytes()
    (inbox / "cut.warc.gz").write_bytes(data[: len(data) - 100])
    r = run_ingest(tmp_path / "arch", inbox, done, failed)
    assert r.exit_code == 1
    statuses = [json.loads(x)["status"] for x in r.stdout.splitlines()]
    assert statuses.count("added") == 4 and statuses.count("failed") == 1
    error = json.loads((failed / "cut.warc.gz.error.json").read_text())
    assert error["articles_archived"] >= 4 and "truncated" in error["errors"][0]["error"]
