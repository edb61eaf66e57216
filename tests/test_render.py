"""What each command shows a person: the human output of ``render.py``, through CliRunner.

stdout carries data (hits, tables, panels, reports' findings); summaries and counts go to stderr.
One small tagged archive of the four test articles, dated in March and April 2024, serves the
read-only tests; the tests that change an archive build their own.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from archiver.cli import main
from tests.articles import ALL
from tests.crawls import sample_crawl

DATES = {"danbury": "2024-03-05", "hartford": "2024-03-18", "nairobi": "2024-04-02", "earnings": "2024-04-11"}
HIGHLIGHT = "\x1b[1;33m"  # render.HIGHLIGHT_STYLE, "bold yellow", as a terminal receives it


def run(*args, input=None, env=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input, env=env)


def build(root: Path, tmp: Path, *, tag: bool = True) -> dict[str, str]:
    """Add the four articles, each with its date; return name → id."""
    ids = {}
    for name, text in ALL.items():
        path = tmp / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        args = ["--archive", root, "add", "--json", "--published", DATES[name], path]
        r = run(*args) if tag else run(*args, "--no-tag")
        assert r.exit_code == 0, r.output
        ids[name] = json.loads(r.stdout)["id"]
    return ids


@pytest.fixture(scope="module")
def arch(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    tmp = tmp_path_factory.mktemp("render")
    root = tmp / "arch"
    return root, build(root, tmp)


# -- search -----------------------------------------------------------------------------------------
def test_search_lists_ranked_hits_and_counts_on_stderr(arch):
    root, ids = arch
    r = run("--archive", root, "search", "Danbury")
    assert r.exit_code == 0
    assert r.stdout.startswith(" 1. Danbury Council Backs New Rules on Immigration Cooperation")
    assert f"2024-03-05 · {ids['danbury']}" in r.stdout.splitlines()[0]
    assert "Danbury" in r.stdout.splitlines()[1]  # the snippet, indented under its title
    assert r.stderr.strip() == "1 matching article"


def test_search_highlights_the_matched_words_on_a_terminal(arch):
    root, _ = arch
    r = run("--archive", root, "search", "Nairobi", env={"FORCE_COLOR": "1"})
    snippet = r.stdout.splitlines()[1]
    assert f"{HIGHLIGHT}Nairobi" in snippet
    assert f"{HIGHLIGHT}Kenya" not in snippet  # only the query's words
    plain = run("--archive", root, "search", "Nairobi")
    assert "\x1b[" not in plain.stdout  # piped: plain text


def test_search_shows_only_a_page_and_says_so(arch):
    root, _ = arch
    r = run("--archive", root, "search", "--limit", "2", "--sort", "newest")
    assert [line[:3] for line in r.stdout.splitlines() if not line.startswith("    ")] == [" 1.", " 2."]
    assert r.stdout.startswith(" 1. Acme Widgets Profit Jumps")  # the newest first
    assert r.stderr.strip() == "4 matching articles, showing 2"


def test_search_facets_follow_the_hits(arch):
    root, _ = arch
    r = run("--archive", root, "search", "Danbury", "--facets")
    facet_lines = {line.split(":")[0]: line for line in r.stdout.splitlines() if not line.startswith(" ")}
    assert "Danbury (1)" in facet_lines["location"]
    assert "(1)" in facet_lines["topic"]
    j = run("--archive", root, "search", "Danbury", "--facets", "--json")
    *hits, facets = [json.loads(x) for x in j.stdout.splitlines()]
    assert [h["title"] for h in hits] == ["Danbury Council Backs New Rules on Immigration Cooperation"]
    assert ["Danbury", 1] in facets["facets"]["location"]


def test_search_count_alone(arch):
    root, _ = arch
    assert run("--archive", root, "search", "--count").stdout == "4\n"
    assert json.loads(run("--archive", root, "search", "--count", "--json").stdout) == {
        "count": 4,
        "exact": True,
    }


# -- timeline and stats -----------------------------------------------------------------------------
def test_timeline_table_has_a_row_and_a_bar_per_period(arch):
    root, _ = arch
    r = run("--archive", root, "timeline", "--by", "month")
    assert r.exit_code == 0, r.output
    rows = {line.split()[0]: line.split()[1:] for line in r.stdout.splitlines()[1:]}
    assert rows["2024-03"][0] == "2" and rows["2024-04"][0] == "2"
    assert rows["2024-03"][1] == rows["2024-04"][1] == "█" * 40  # equal counts, equal (full) bars
    assert r.stdout.split()[0] == "month"
    assert r.stderr.strip() == "4 matching articles: 4 dated, 0 undated (not on the time axis)"


def test_timeline_as_json_and_csv(arch):
    root, _ = arch
    j = json.loads(run("--archive", root, "timeline", "--by", "year", "--json").stdout)
    assert j["total"] == 4 and j["undated"] == 0
    rows = list(csv.reader(io.StringIO(run("--archive", root, "timeline", "--by", "month", "--csv").stdout)))
    assert rows == [["period", "all"], ["2024-03", "2"], ["2024-04", "2"], ["undated", "0"]]


def test_stats_human_and_json(arch):
    root, _ = arch
    r = run("--archive", root, "stats")
    lines = r.stdout.splitlines()
    assert lines[0] == "4 articles"
    assert "months" in lines and "outlets" in lines
    months = lines[lines.index("months") + 1 : lines.index("months") + 3]
    assert [m.split() for m in months] == [["2", "2024-03"], ["2", "2024-04"]]
    data = json.loads(run("--archive", root, "stats", "--json").stdout)
    assert data["articles"] == 4 and data["months"] == [["2024-03", 2], ["2024-04", 2]]


# -- show, tag --------------------------------------------------------------------------------------
def test_show_panel_names_the_article_its_tags_and_where_it_is_archived(arch):
    root, ids = arch
    r = run("--archive", root, "show", ids["danbury"][:8])
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert lines[0] == "Danbury Council Backs New Rules on Immigration Cooperation"
    facts = {line.split()[0]: line.split(None, 1)[1] for line in lines[1:] if line.strip()[:1].isalpha()}
    assert facts["id"] == ids["danbury"]
    assert facts["published"].startswith("2024-03-05")
    assert "Danbury" in facts["places"]
    assert facts["archived"].endswith(".warc.gz")
    assert "The Danbury City Council voted Tuesday" in r.stdout  # the text follows the facts


def test_tag_prints_a_readable_table_of_tags(tmp_path):
    src = tmp_path / "danbury.txt"
    src.write_text(ALL["danbury"], encoding="utf-8")
    r = run("tag", src)
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert lines[0].startswith("Danbury Council Backs New Rules on Immigration Cooperation")
    assert lines[1].split()[:3] == ["outlet", "Associated", "Press"] and "(AP)" in lines[1]
    assert lines[2].split() == ["kind", "name", "detail", "conf."]
    kinds = {line.split()[0] for line in lines[3:] if line.strip()}
    assert {"place", "person", "topic"} <= kinds


# -- add, retag: the closing summary ----------------------------------------------------------------
def test_add_summary_counts_skipped_crawl_records_and_lists_failures(tmp_path):
    root = tmp_path / "arch"
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    crawl = sample_crawl(tmp_path / "crawl.warc.gz")
    r = run("--archive", root, "add", "--no-tag", crawl, empty)
    assert r.exit_code == 1
    err = r.stderr.splitlines()
    assert err[0].startswith(f"failed {empty}: ")
    summary = err[-1]
    assert summary.startswith("4 added, 0 duplicate, 1 failed, ")
    assert summary.endswith("other crawl records skipped")
    verbose = run("--archive", root, "add", "--no-tag", "-v", crawl)
    assert any(
        line.split()[:2] == ["skipped", "-"] and "records skipped" in line
        for line in verbose.stderr.splitlines()
    )
    assert sum(line.split()[0] == "duplicate" for line in verbose.stderr.splitlines()) == 4


def test_retag_summary_says_retagged_and_unchanged(tmp_path):
    root = tmp_path / "arch"
    build(root, tmp_path, tag=False)
    first = run("--archive", root, "retag")
    assert first.stderr.strip() == "4 retagged, 0 unchanged, 0 failed"
    again = run("--archive", root, "retag")
    assert again.stderr.strip() == "0 retagged, 4 unchanged, 0 failed"
    assert run("--archive", root, "retag", "--quiet").stderr == ""


def test_amend_confirms_on_stderr_or_prints_the_sidecar(tmp_path):
    root = tmp_path / "arch"
    ids = build(root, tmp_path, tag=False)
    r = run("--archive", root, "amend", ids["hartford"], "--title", "Budget Passes")
    assert r.stdout == "" and r.stderr.strip() == f"amended {ids['hartford']}: Budget Passes"
    j = run("--archive", root, "amend", ids["hartford"], "--title", "Budget Passes Late", "--json")
    assert json.loads(j.stdout)["title"] == "Budget Passes Late"


# -- verify, repair, reindex ------------------------------------------------------------------------
def test_verify_repair_and_reindex_reports(tmp_path):
    root = tmp_path / "arch"
    ids = build(root, tmp_path, tag=False)
    ok = run("--archive", root, "verify")
    assert ok.exit_code == 0 and ok.stdout == ""
    assert ok.stderr.strip() == "verified 4 WARC files, 4 articles: ok"
    fast = run("--archive", root, "verify", "--fast")
    assert fast.stderr.strip().startswith("manifests and counts of 4 WARC files")

    (root / "sidecars" / ids["nairobi"][:2] / f"{ids['nairobi']}.json").unlink()
    bad = run("--archive", root, "verify")
    assert bad.exit_code == 1
    assert bad.stdout.startswith("missing-sidecar ") and ids["nairobi"] in bad.stdout
    assert bad.stderr.strip().endswith(": 1 problem(s)")
    as_json = [json.loads(x) for x in run("--archive", root, "verify", "--json").stdout.splitlines()]
    assert [(p["kind"], p["repairable"]) for p in as_json] == [("missing-sidecar", True)]

    fixed = run("--archive", root, "repair")
    assert fixed.exit_code == 0
    assert fixed.stderr.splitlines()[0].startswith("repaired: ")
    assert fixed.stderr.splitlines()[-1] == "verified 4 WARC files, 4 articles: ok"
    nothing = run("--archive", root, "repair")
    assert nothing.stderr.splitlines()[0] == "repaired: nothing to repair"

    re = run("--archive", root, "reindex")
    assert re.exit_code == 0 and re.stderr.strip() == "reindexed 4 articles from 4 WARC files"


# -- export -----------------------------------------------------------------------------------------
def test_export_summary_on_stderr_or_as_json(arch, tmp_path):
    root, _ = arch
    out = tmp_path / "all.jsonl"
    r = run("--archive", root, "export", "--format", "jsonl", "-o", out)
    assert r.exit_code == 0, r.output
    size = out.stat().st_size
    assert r.stderr.strip() == f"exported 4 articles to {out} (jsonl, {size:,} bytes)"
    one = tmp_path / "one.warc.gz"
    j = run("--archive", root, "export", "Nairobi", "--format", "warc", "-o", one, "--json")
    summary = json.loads(j.stdout)
    assert (summary["articles"], summary["format"], summary["bytes"]) == (1, "warc", one.stat().st_size)
    assert summary["records"] >= 3


def test_tag_failures_are_errors_on_stderr_or_failed_json_lines(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    r = run("tag", empty)
    assert r.exit_code == 1 and r.stdout == ""
    assert r.stderr.startswith(f"error: {empty}: ")
    j = run("tag", "--json", empty)
    line = json.loads(j.stdout)
    assert (line["status"], line["source"]) == ("failed", str(empty)) and line["error"]


# -- on a terminal: progress bars, and the summary still after them ---------------------------------
def test_progress_bars_on_a_terminal_leave_the_summaries_intact(arch, tmp_path):
    root, _ = arch
    src = tmp_path / "hartford.txt"
    src.write_text(ALL["hartford"], encoding="utf-8")
    terminal = {"FORCE_COLOR": "1", "TERM": "xterm"}
    r = run("--archive", tmp_path / "new", "add", "--no-tag", src, env=terminal)
    assert r.exit_code == 0
    assert "1 added, 0 duplicate, 0 failed" in r.stderr
    out = tmp_path / "all.csv"
    e = run("--archive", root, "export", "--format", "csv", "-o", out, env=terminal)
    assert e.exit_code == 0
    assert f"exported 4 articles to {out} (csv, " in e.stderr
