"""The search, timeline and stats commands, and the terminal habits (options after the subcommand,
a leading -word in a query, the default archive in the user data dir)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from archiver.cli import main

STORIES = {
    "budget-sports": (
        "Budget Fight Over Sports Fields",
        "The council budget for sports fields grew.",
        "2024-03-04",
    ),
    "budget-roads": ("Road Budget Approved", "The council budget for roads passed on Monday.", "2024-05-06"),
    "budget-old": ("Old Budget Story", "A budget with no date given at all.", None),
    "parks": ("Parks Open", "The parks department opened three parks.", "2025-01-02"),
}


def run(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input)


@pytest.fixture
def archive(tmp_path) -> Path:
    lines = [
        json.dumps({"text": f"{title}\n\n{body}", "title": title, "published": day, "outlet": "AP"})
        for title, body, day in STORIES.values()
    ]
    root = tmp_path / "arch"
    r = run("--archive", root, "add", "-j", "1", "--format", "jsonl", "-", input="\n".join(lines) + "\n")
    assert r.exit_code == 0, r.output
    return root


def titles(output: str) -> list[str]:
    return sorted(json.loads(line)["title"] for line in output.splitlines() if '"title"' in line)


def test_a_leading_dash_word_is_a_negated_term_not_an_option(archive):
    r = run("search", "-sports", "budget", "--json", "--archive", archive)
    assert r.exit_code == 0, r.output
    assert titles(r.stdout) == ["Old Budget Story", "Road Budget Approved"]


def test_quiet_verbose_and_archive_work_after_the_subcommand(archive, tmp_path):
    r = run("search", "budget", "--count", "-q", "--archive", archive)
    assert (r.exit_code, r.stdout) == (0, "3\n")
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "x.txt").write_text("Parks and budget news.\n", encoding="utf-8")
    r = run("add", tmp_path / "more", "--no-tag", "-q", "--archive", archive)
    assert r.exit_code == 0 and r.stderr == ""


def test_search_all_streams_every_match(archive, monkeypatch):
    monkeypatch.setattr("archiver.index.tantivy_engine.STREAM_PAGE", 1)
    for args in (["--all"], ["--limit", "0"]):
        r = run("search", "budget", "--json", "--sort", "newest", *args, "--archive", archive)
        assert r.exit_code == 0, r.output
        hits = [json.loads(line) for line in r.stdout.splitlines()]
        assert [h["title"] for h in hits] == [
            "Road Budget Approved",
            "Budget Fight Over Sports Fields",
            "Old Budget Story",
        ]


def test_dates_mean_publication_and_undated_is_apart(archive):
    r = run("search", "budget", "--since", "2024-04", "--json", "--archive", archive)
    assert titles(r.stdout) == ["Road Budget Approved"]
    r = run("search", "--undated", "--json", "--archive", archive)
    assert titles(r.stdout) == ["Old Budget Story"]


def test_repeated_filters_all_apply(archive):
    r = run("search", "--outlet", "AP", "--outlet", "Associated Press", "--count", "--archive", archive)
    assert r.stdout == "4\n"
    r = run("search", "--outlet", "AP", "--outlet", "Reuters", "--count", "--archive", archive)
    assert r.stdout == "0\n"


def test_timeline_json_csv_and_table(archive):
    r = run("timeline", "budget", "--by", "year", "--json", "--archive", archive)
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data == {
        "by": "year",
        "periods": ["2024"],
        "series": [{"label": "all", "counts": [2]}],
        "undated": 1,
        "total": 3,
    }
    r = run("timeline", "--by", "month", "--csv", "--split", "outlet", "--archive", archive)
    rows = list(csv.reader(io.StringIO(r.stdout)))
    assert rows[0] == ["period", "Associated Press"]
    assert (
        rows[1] == ["2024-03", "1"]
        and rows[-2] == ["2025-01", "1"]
        and rows[-1] == ["undated (all series)", "1"]
    )
    assert len(rows) == 2 + 11  # 2024-03 .. 2025-01, zeros included
    r = run("timeline", "budget", "--by", "year", "--archive", archive)
    assert r.exit_code == 0 and "2024" in r.stdout and "1 undated" in r.stderr


def test_stats_counts_are_exact(archive):
    r = run("stats", "--json", "--archive", archive)
    data = json.loads(r.stdout)
    assert data["articles"] == 4 and data["undated"] == 1
    assert data["outlets"] == [["Associated Press", 4]]
    assert data["months"] == [["2024-03", 1], ["2024-05", 1], ["2025-01", 1]]


def test_default_archive_is_in_the_user_data_dir_and_the_old_one_is_found(tmp_path, monkeypatch):
    monkeypatch.delenv("ARCHIVER_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("HOME", str(tmp_path))
    old = tmp_path / "config" / "archiver"
    r = run("--archive", old, "add", "--no-tag", "-", input="An old story about budgets.\n")
    assert r.exit_code == 0
    r = run("search", "budgets", "--count")
    assert r.stdout == "1\n" and str(old) in r.stderr  # the old default is used and named
    (tmp_path / "other.txt").write_text("A story.\n", encoding="utf-8")
    import shutil

    shutil.rmtree(old)
    r = run("add", "--no-tag", tmp_path / "other.txt")
    assert r.exit_code == 0 and (tmp_path / "data" / "archiver" / "archive.json").exists()
