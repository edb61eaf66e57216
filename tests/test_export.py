"""archiver export: every format checked by its own independent tool where it is installed."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator

from archiver.cli import main
from archiver.export import ExportOptions, export, stream_export
from archiver.index.query import SearchRequest
from archiver.store.archive import open_archive
from tests.articles import ALL
from tests.crawls import sample_crawl


def run(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input)


def have(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        return False
    return True


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    """Tagged text articles plus an imported crawl (built once: tagging takes a moment)."""
    base = tmp_path_factory.mktemp("export")
    src = base / "in"
    src.mkdir()
    for name, text in ALL.items():
        (src / f"{name}.txt").write_text(text, encoding="utf-8")
    sample_crawl(src / "crawl.warc.gz")
    root = base / "arch"
    env = {**os.environ, "ARCHIVER_HOME": str(root)}
    r = subprocess.run(
        [sys.executable, "-m", "archiver", "--archive", str(root), "add", "-j", "1", str(src)],
        capture_output=True,
        env=env,
    )
    assert r.returncode == 0, r.stderr
    return root


def n_articles(root: Path) -> int:
    return len(list((root / "sidecars").glob("*/*.json")))


def export_to(root: Path, fmt: str, out: Path, *extra) -> dict:
    r = run("--archive", root, "export", *extra, "--format", fmt, "-o", out, "--json")
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_jsonl_one_object_per_article_with_tags(archive, tmp_path):
    out = tmp_path / "all.jsonl"
    summary = export_to(archive, "jsonl", out)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert summary["articles"] == len(rows) == n_articles(archive)
    assert list(rows[0]) == [
        "id", "url", "outlet", "published", "title", "byline", "text",
        "places", "people", "organizations", "topics",
    ]  # fmt: skip
    for row in rows:
        sidecar = json.loads(next((archive / "sidecars").glob(f"*/{row['id']}.json")).read_text())
        assert row["outlet"] == (sidecar["outlet"] or {}).get("name")
        assert row["places"] == [
            {k: p.get(k) for k in ("name", "geonames_id", "kind", "country", "admin1", "lat", "lon")}
            for p in sidecar["locations"]
        ]
        assert row["people"] == [p["name"] for p in sidecar["people"]]
        assert row["topics"] == [{"code": t["code"], "label": t["label"]} for t in sidecar["topics"]]
    danbury = next(r for r in rows if r["title"].startswith("Danbury Council Backs"))
    assert any(p["name"] == "Danbury" and isinstance(p["geonames_id"], int) for p in danbury["places"])
    assert danbury["topics"] and danbury["people"]
    captured = [r for r in rows if r["url"] and r["url"].startswith("https://www.example-ledger.com/")]
    assert len(captured) == 4


def test_csv_rows_lists_joined_no_bom_unless_excel(archive, tmp_path):
    plain, excel = tmp_path / "a.csv", tmp_path / "b.csv"
    export_to(archive, "csv", plain)
    export_to(archive, "csv", excel, "--excel")
    assert not plain.read_bytes().startswith(b"\xef\xbb\xbf")
    assert excel.read_bytes() == b"\xef\xbb\xbf" + plain.read_bytes()
    rows = list(csv.DictReader(io.StringIO(plain.read_text(encoding="utf-8"), newline="")))
    assert len(rows) == n_articles(archive)
    danbury = next(r for r in rows if r["title"].startswith("Danbury Council"))
    places, ids = danbury["places"].split("; "), danbury["geonames_ids"].split("; ")
    assert "Danbury" in places and len(places) == len(ids) > 1
    assert ids[places.index("Danbury")].isdigit()
    assert "\n" in danbury["text"]  # the text survives quoting whole


def test_query_and_filters_choose_the_articles(archive, tmp_path):
    out = tmp_path / "hartford.jsonl"
    summary = export_to(archive, "jsonl", out, "Hartford", "--since", "2025-01-01")
    ids = [json.loads(line)["id"] for line in out.read_text().splitlines()]
    found = run(
        "--archive", archive, "search", "Hartford", "--since", "2025-01-01", "--json", "--limit", "100"
    )
    assert sorted(ids) == sorted(json.loads(x)["id"] for x in found.stdout.splitlines())
    assert summary["articles"] == len(ids) > 0


def warc_records(path: Path):
    with path.open("rb") as f:
        it = ArchiveIterator(f, check_digests=True)
        for record in it:
            record.content_stream().read()
            assert not record.digest_checker.problems, record.digest_checker.problems
            yield record.rec_type, it.get_record_offset(), it.get_record_length()


def test_warc_copies_every_record_byte_for_byte(archive, tmp_path):
    out = tmp_path / "export.warc.gz"
    summary = export_to(archive, "warc", out)
    records = list(warc_records(out))
    assert records[0][0] == "warcinfo"
    assert summary["records"] == len(records)
    types = [t for t, _, _ in records]
    assert types.count("metadata") == summary["articles"] == n_articles(archive)
    assert types.count("response") == types.count("request") == 4
    members = {m for w in (archive / "warc").glob("*/*/*.warc.gz") for m in _members(w)}
    data = out.read_bytes()
    for _, offset, length in records[1:]:
        assert data[offset : offset + length] in members


def _members(path: Path) -> list[bytes]:
    data = path.read_bytes()
    return [data[o : o + n] for _, o, n in warc_records(path)]


@pytest.mark.skipif(not have("fastwarc"), reason="FastWARC is not installed (pip install '.[test]')")
def test_warc_export_passes_fastwarc(archive, tmp_path):
    out = tmp_path / "export.warc.gz"
    export_to(archive, "warc", out)
    fastwarc = shutil.which("fastwarc") or str(Path(sys.executable).with_name("fastwarc"))
    r = subprocess.run([fastwarc, "check", str(out)], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


@pytest.mark.skipif(not have("wacz"), reason="the wacz validator is not installed (pip install '.[test]')")
def test_wacz_passes_wacz_validate(archive, tmp_path):
    out = tmp_path / "export.wacz"
    summary = export_to(archive, "wacz", out)
    r = subprocess.run(
        [sys.executable, "-m", "wacz", "validate", "-f", str(out)], capture_output=True, text=True
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Validation succeeded" in r.stdout
    with zipfile.ZipFile(out) as z:
        assert all(i.compress_type == zipfile.ZIP_STORED for i in z.infolist())
        package = json.loads(z.read("datapackage.json"))
        assert package["wacz_version"] == "1.1.1"
        pages = [json.loads(x) for x in z.read("pages/pages.jsonl").splitlines()]
        cdx = z.read("indexes/index.cdx").decode().splitlines()
    assert len(pages) == summary["articles"] + 1
    assert any(line.startswith("com,example-ledger)/news/danbury-snow-budget ") for line in cdx)


@pytest.mark.skipif(not have("bagit"), reason="bagit is not installed (pip install '.[export]')")
def test_bagit_bag_validates_with_the_loc_bagit_package(archive, tmp_path):
    import bagit

    out = tmp_path / "bag"
    summary = export_to(archive, "bagit", out, "Danbury")
    bag = bagit.Bag(str(out))
    bag.validate()
    assert set(bag.algorithms) == {"sha256", "sha512"}
    assert bag.info["Archiver-Query"] == "Danbury"
    assert "Source-Organization" in bag.info and "Bagging-Date" in bag.info and "Payload-Oxum" in bag.info
    assert sorted(bag.payload_files()) == ["data/articles.jsonl", "data/articles.warc.gz"]
    sidecars = (out / "data" / "articles.jsonl").read_text().splitlines()
    assert len(sidecars) == summary["articles"] > 0
    list(warc_records(out / "data" / "articles.warc.gz"))
    r = subprocess.run(
        [sys.executable, "-m", "bagit", "--validate", str(out)], capture_output=True, text=True
    )
    assert r.returncode == 0, r.stderr


def test_a_bag_will_not_overwrite_a_directory(archive, tmp_path):
    (tmp_path / "bag").mkdir()
    (tmp_path / "bag" / "keep.txt").write_text("mine")
    r = run("--archive", archive, "export", "--format", "bagit", "-o", tmp_path / "bag")
    assert r.exit_code == 2
    assert "not an empty directory" in r.stderr


def test_stream_export_yields_what_export_writes(archive, tmp_path):
    req = SearchRequest(query="Danbury")
    with open_archive(archive) as a:
        for fmt in ("jsonl", "csv"):
            streamed = b"".join(stream_export(a, req, fmt))
            out = tmp_path / f"x.{fmt}"
            export(a, req, ExportOptions(fmt=fmt, output=out))
            assert streamed == out.read_bytes() and streamed


def test_export_works_on_a_read_only_archive(archive, tmp_path):
    copy = tmp_path / "ro"
    shutil.copytree(archive, copy)
    modes = []
    for p in [copy, *copy.rglob("*")]:
        modes.append((p, p.stat().st_mode))
        p.chmod(p.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    try:
        out = tmp_path / "ro.jsonl"
        summary = export_to(copy, "jsonl", out)
        assert summary["articles"] == n_articles(archive)
    finally:
        for p, mode in reversed(modes):
            p.chmod(mode)


def test_quiet_export_prints_nothing_and_summary_is_on_stderr(archive, tmp_path):
    r = run("--archive", archive, "-q", "export", "--format", "jsonl", "-o", tmp_path / "q.jsonl")
    assert r.exit_code == 0 and r.stdout == "" and r.stderr == ""
    r = run("--archive", archive, "export", "--format", "jsonl", "-o", tmp_path / "v.jsonl")
    assert r.stdout == "" and r.stderr.startswith("exported ")


def test_bad_format_and_bad_query_are_usage_errors(archive, tmp_path):
    assert run("--archive", archive, "export", "--format", "pdf", "-o", tmp_path / "x").exit_code == 2
    r = run("--archive", archive, "export", '"unclosed', "--format", "jsonl", "-o", tmp_path / "x.jsonl")
    assert r.exit_code == 2
    assert not (tmp_path / "x.jsonl").exists()


def test_jsonl_and_csv_go_to_stdout_with_dash(archive, tmp_path):
    r = run("--archive", archive, "-q", "export", "Danbury", "--format", "jsonl", "-o", "-")
    assert r.exit_code == 0 and r.stderr == ""
    out = tmp_path / "d.jsonl"
    export_to(archive, "jsonl", out, "Danbury")
    assert r.stdout_bytes == out.read_bytes()
    r = run("--archive", archive, "export", "--format", "wacz", "-o", "-")
    assert r.exit_code == 2 and "give a file" in r.stderr
