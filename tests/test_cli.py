"""The command line, through click's CliRunner and through a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from archiver.cli import main
from tests.articles import ALL, DANBURY


@pytest.fixture
def articles_dir(tmp_path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    for name, text in ALL.items():
        (d / f"{name}.txt").write_text(text, encoding="utf-8")
    return d


def run(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input)


@pytest.fixture
def archive(tmp_path, articles_dir) -> Path:
    root = tmp_path / "arch"
    r = run("--archive", root, "add", "--no-tag", articles_dir)
    assert r.exit_code == 0, r.output
    return root


def test_add_json_lines_and_summary_on_stderr(tmp_path, articles_dir):
    r = run("--archive", tmp_path / "a", "add", "--no-tag", "--json", articles_dir)
    assert r.exit_code == 0
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert [x["status"] for x in lines] == ["added"] * 4
    assert list(lines[0]) == ["id", "status", "source", "error"]
    assert "4 added, 0 duplicate, 0 failed" in r.stderr
    again = run("--archive", tmp_path / "a", "add", "--no-tag", "--json", articles_dir)
    assert [json.loads(x)["status"] for x in again.stdout.splitlines()] == ["duplicate"] * 4


def test_add_from_stdin_with_given_fields(tmp_path):
    r = run(
        "--archive",
        tmp_path / "a",
        "add",
        "--no-tag",
        "--json",
        "--title",
        "Given Title",
        "--url",
        "https://example.com/x",
        "--published",
        "March 3, 2024",
        "-",
        input=DANBURY,
    )
    assert r.exit_code == 0, r.stderr
    art_id = json.loads(r.stdout)["id"]
    shown = json.loads(run("--archive", tmp_path / "a", "show", art_id, "--json").stdout)
    assert (shown["title"], shown["published"], shown["source"]["kind"]) == (
        "Given Title",
        "2024-03-03",
        "stdin",
    )


def test_add_failures_exit_1_and_are_named(tmp_path, articles_dir):
    (articles_dir / "empty.txt").write_bytes(b"")
    r = run("--archive", tmp_path / "a", "add", "--no-tag", articles_dir, tmp_path / "nope.txt")
    assert r.exit_code == 1
    assert "empty.txt" in r.stderr and "nope.txt" in r.stderr and "2 failed" in r.stderr
    assert "Traceback" not in r.output


def test_search_finds_and_highlights(archive):
    r = run("--archive", archive, "search", "Danbury", "--json")
    assert r.exit_code == 0
    hits = [json.loads(x) for x in r.stdout.splitlines()]
    assert hits[0]["title"].startswith("Danbury Council")
    s, e = hits[0]["highlights"][0]
    assert hits[0]["snippet"][s:e].lower().startswith("danbury")
    human = run("--archive", archive, "search", "Danbury")
    assert "Danbury Council" in human.stdout and "matching article" in human.stderr


def test_search_count_and_listing(archive):
    assert run("--archive", archive, "search", "--count").stdout.strip() == "4"
    assert run("--archive", archive, "search", "Nairobi", "--count").stdout.strip() == "1"


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced',
        "OR",
        "person:",
        "(((",
        "'; DROP TABLE x; --",
        "-",
        "*",
        "AND",
        "NOT",
        "title:",
        '""',
        "a OR",
        "NEAR(a b)",
        "\x00",
        "topic:medtop:",
    ],
)
def test_odd_queries_never_crash(archive, query):
    r = run("--archive", archive, "search", query)
    assert r.exit_code in (0, 2), r.output
    assert "Traceback" not in r.output and "sqlite" not in r.output.lower()
    if r.exit_code == 2:
        assert "error" in r.stderr.lower()


def test_bad_date_is_usage_error(archive):
    r = run("--archive", archive, "search", "x", "--since", "not a date")
    assert r.exit_code == 2 and "not a date" in r.stderr


def test_show_raw_text_json_and_unknown_id(archive, articles_dir):
    ids = [json.loads(x)["id"] for x in run("--archive", archive, "search", "--json").stdout.splitlines()]
    raw = CliRunner().invoke(main, ["--archive", str(archive), "show", ids[0], "--raw"]).stdout_bytes
    assert raw in [p.read_bytes() for p in articles_dir.iterdir()]
    assert run("--archive", archive, "show", ids[0][:5], "--text").exit_code == 0
    missing = run("--archive", archive, "show", "ffffffffffffffff")
    assert missing.exit_code == 1 and "error" in missing.stderr


def test_stats_verify_reindex(archive):
    stats = json.loads(run("--archive", archive, "stats", "--json").stdout)
    assert stats["articles"] == 4
    v = run("--archive", archive, "verify")
    assert v.exit_code == 0 and "ok" in v.stderr
    assert run("--archive", archive, "reindex").exit_code == 0
    assert run("--archive", archive, "verify").exit_code == 0


def test_verify_exit_1_after_a_flipped_byte(archive):
    [path] = list(archive.glob("warc/*/*/*.warc.gz"))
    data = bytearray(path.read_bytes())
    data[len(data) // 3] ^= 0x40
    path.write_bytes(bytes(data))
    r = run("--archive", archive, "verify", "--json")
    assert r.exit_code == 1
    assert any(path.name in (json.loads(x)["file"] or "") for x in r.stdout.splitlines())


def test_missing_archive_exit_1(tmp_path):
    r = run("--archive", tmp_path / "none", "search", "x")
    assert r.exit_code == 1 and "no archive" in r.stderr


@pytest.mark.parametrize(
    "command", ["add", "tag", "search", "show", "stats", "verify", "reindex", "retag", "ingest"]
)
def test_every_command_has_help_with_an_example(command):
    r = run(command, "--help")
    assert r.exit_code == 0 and "Example" in r.stdout


def test_tag_json_gives_source_ids_in_input_order():
    lines = "".join(json.dumps({"id": f"d{i}", "text": t}) + "\n" for i, t in enumerate(ALL.values()))
    r = run("tag", "--json", "-", input=lines)
    assert r.exit_code == 0, r.stderr
    out = [json.loads(x) for x in r.stdout.splitlines()]
    assert [o["source_id"] for o in out] == ["d0", "d1", "d2", "d3"]
    for o in out:
        assert {"outlet", "locations", "people", "organizations", "topics"} <= set(o)


def _cli(*args, input=None, env=None):
    return subprocess.run(
        [sys.executable, "-m", "archiver", *map(str, args)],
        input=input,
        capture_output=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def test_end_to_end_subprocess(tmp_path, articles_dir):
    root = tmp_path / "arch"
    add = _cli("--archive", root, "add", articles_dir)
    assert add.returncode == 0, add.stderr.decode()
    hit = _cli("--archive", root, "search", "Danbury", "--json")
    first = json.loads(hit.stdout.splitlines()[0])
    assert first["title"].startswith("Danbury Council")
    raw = _cli("--archive", root, "show", first["id"], "--raw").stdout
    assert raw == (articles_dir / "danbury.txt").read_bytes()
    assert _cli("--archive", root, "verify").returncode == 0
    bad = _cli("--archive", root, "search", '"unbalanced')
    assert bad.returncode == 2 and b"Traceback" not in bad.stderr


def test_help_imports_no_heavy_module():
    """`archiver --help` stays fast: the command line module pulls in neither the tagger, the
    index, warcio nor importlib.metadata (the version is read when asked for)."""
    code = (
        "import sys; before = set(sys.modules); import archiver.cli; "
        "print(' '.join(sorted(set(sys.modules) - before)))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(run.stdout.split())
    heavy = {"importlib.metadata", "archiver.tagging.entities", "archiver.index.sqlite", "warcio", "sqlite3"}
    assert not loaded & heavy, sorted(loaded & heavy)
    assert "archiver.cli" in loaded


def test_version_is_still_reported():
    import archiver

    assert archiver.__version__ and archiver.__version__.count(".") >= 1
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and archiver.__version__ in result.output
