"""Smoke test of the benchmark harness: it runs end to end and reports every figure (no timing asserts)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

RUN = Path(__file__).resolve().parent.parent / "benchmarks" / "run.py"
SEARCH_QUERIES = {
    "rare_word",
    "medium_word",
    "common_word",
    "very_common_word",
    "phrase",
    "prefix",
    "location_field",
    "person_field",
    "word_and_location",
    "date_range",
    "facets",
    "newest_no_query",
}


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0


def test_run_py_reports_every_figure(tmp_path):
    proc = subprocess.run(
        [
            sys.executable,
            str(RUN),
            "--articles",
            "50",
            "--json",
            "--workdir",
            str(tmp_path / "bench"),
            "--search-runs",
            "3",
            "--cli-runs",
            "1",
            "--rg-runs",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = json.loads(proc.stdout)

    assert report["articles"] == 50
    assert report["corpus"]["articles"] == 50 and 1500 < report["corpus"]["avg_bytes"] < 6000
    assert {"cpu", "cores", "ram_gb", "disk", "python", "sqlite"} <= set(report["machine"])

    tagged = report["tagging_available"]
    ingest = report["ingest"]
    assert ingest["main_archive"] == ("tag_on" if tagged else "tag_off")
    for mode in ("tag_on", "tag_off"):
        res = ingest[mode]
        if res is None:
            assert mode == "tag_on" and not tagged and report["notes"]
            continue
        assert res["articles"] == 50 and res["added"] == 50 and res["failed"] == 0
        assert _number(res["seconds"]) and _number(res["articles_per_s"]) and res["articles_per_s"] > 0
        assert _number(res["peak_rss_mb"]) and res["peak_rss_mb"] > 10
        assert all(len(s) >= 2 and s[1] > 0 for s in res["rss_mb_samples"])

    if tagged:
        tag = report["tag_cli"]
        assert tag["docs"] == 50 and tag["output_lines"] == 50 and tag["exit_code"] == 0
        assert _number(tag["docs_per_s"]) and tag["docs_per_s"] > 0
    else:
        assert report["tag_cli"] is None

    assert set(report["search_in_process"]) == SEARCH_QUERIES == set(report["search_cli"])
    for name, s in report["search_in_process"].items():
        assert _number(s["p50_ms"]) and _number(s["p95_ms"]) and s["p50_ms"] <= s["p95_ms"] + 1e-9, name
        assert isinstance(s["hits"], int) and s["runs"] == 3
    assert report["search_in_process"]["very_common_word"]["hits"] == 50
    for name, s in report["search_cli"].items():
        assert s["exit_code"] == 0 and _number(s["p50_ms"]) and s["p50_ms"] > 0, name

    assert _number(report["help_startup"]["median_s"]) and report["help_startup"]["runs"] == 10
    storage = report["storage"]
    assert storage["index_bytes"] > 0 and storage["index_bytes_per_article"] > 0
    assert _number(storage["index_to_text_ratio"])

    rg = report["ripgrep"]
    if rg["available"]:
        assert set(rg["queries"]) == {"rare_word", "common_word"}
        for q in rg["queries"].values():
            assert _number(q["p50_ms"]) and _number(q["speedup_in_process"]) and _number(q["speedup_cli"])
            assert isinstance(q["files"], int)
    else:
        assert any("rg" in n for n in report["notes"])

    assert all(_number(v) for v in report["durations_s"].values())
    # without --keep, the work directory is emptied of corpus and archives
    assert not (tmp_path / "bench" / "corpus").exists()
    assert not (tmp_path / "bench" / "archive-main").exists()


def test_extract_py_reports_every_figure():
    script = RUN.with_name("extract.py")
    proc = subprocess.run(
        [sys.executable, str(script), "--pages", "5", "--json"], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    res = json.loads(proc.stdout)
    assert res["pages"] == 5
    for key in (
        "extract_pages_per_s",
        "extract_pages_per_cpu_s",
        "prepare_untagged_pages_per_s",
        "prepare_tagged_pages_per_s",
        "crawl_read_records_per_s",
        "crawl_read_mb_per_s",
        "crawl_add_untagged_articles_per_s",
    ):
        assert _number(res[key]) and res[key] > 0, key


def test_tagger_stages_py_reports_prepare_and_every_stage():
    script = RUN.with_name("tagger_stages.py")
    proc = subprocess.run(
        [sys.executable, str(script), "--articles", "3", "--repeat", "1"], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    prepare, stages, load = proc.stdout.splitlines()
    assert prepare.startswith("prepare_article, 3 articles: tagged ") and "untagged" in prepare
    names = [part.split()[0] for part in stages.split(": ", 1)[1].split(", ")]
    assert names == "normalize outlet entities labels places people organizations topics".split()
    assert load.startswith("load average ")
