"""Bad input never stalls a run: each hostile item fails alone, named, and the rest is archived."""

from __future__ import annotations

import json
import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archiver.inputs.reader import iter_inputs
from archiver.store.archive import AddOptions, open_archive
from archiver.store.ingest import InboxOptions, ingest_inbox
from tests.articles import DANBURY, HARTFORD_BUDGET
from tests.test_concurrency import assert_consistent, run_archiver

NO_TAG = AddOptions(tag=False, contain_errors=True)
LATIN1_NAME = os.fsdecode(b"caf\xe9 story.txt")  # a name that is not UTF-8 (Latin-1 bytes)
HOSTILE_LINES = [
    '{"text": "Danbury council met on Tuesday.", "title": "\\ud800"}',
    '{"text": "Hartford budget passed on Monday.", "outlet": "\\udfff News"}',
    '{"text": "Bristol library opens a branch.", "url": "https://example.com/\\ud83d"}',
    '{"text": "Norwalk court rules on a case.", "id": "\\udc80"}',
    "[" * 1000 + "]" * 1000,
    '{"text": "Deep", "extra": ' + "[" * 1000 + "]" * 1000 + "}",
    json.dumps({"text": "Stamford hospital adds beds, officials said on Friday."}),
]


def fill_hostile_inbox(inbox: Path) -> None:
    inbox.mkdir(parents=True, exist_ok=True)
    (inbox / "good.txt").write_text(DANBURY, encoding="utf-8")
    (inbox / LATIN1_NAME).write_text(HARTFORD_BUDGET)  # Path encodes it back to the Latin-1 bytes
    (inbox / "batch.jsonl").write_text("\n".join(HOSTILE_LINES) + "\n", encoding="utf-8")


def test_hostile_names_and_lines_fail_alone_in_add(tmp_path):
    fill_hostile_inbox(tmp_path / "in")
    p = run_archiver("--archive", str(tmp_path / "arch"), "add", "--no-tag", "--json", str(tmp_path / "in"))
    out, err = p.communicate(timeout=120)
    assert p.returncode == 1 and b"internal error" not in err and b"Traceback" not in err
    lines = [json.loads(x) for x in out.splitlines()]
    by_status = {}
    for line in lines:
        by_status.setdefault(line["status"], []).append(line)
    assert len(by_status["added"]) == 2  # good.txt and the last JSONL line
    errors = {line["source"].rsplit("/", 1)[-1]: line["error"] for line in by_status["failed"]}
    assert errors == {
        "batch.jsonl:1": 'line 1: "title" holds a lone surrogate (an escape like \\ud800), not text',
        "batch.jsonl:2": 'line 2: "outlet" holds a lone surrogate (an escape like \\ud800), not text',
        "batch.jsonl:3": 'line 3: "url" holds a lone surrogate (an escape like \\ud800), not text',
        "batch.jsonl:4": 'line 4: "id" holds a lone surrogate (an escape like \\ud800), not text',
        "batch.jsonl:5": "line 5: JSON nested too deeply to read",
        "batch.jsonl:6": "line 6: JSON nested too deeply to read",
        "caf\\xe9 story.txt": "the file name is not valid UTF-8: rename the file",
    }
    assert_consistent(tmp_path / "arch", 2)


def test_hostile_inbox_files_go_to_failed_with_their_error_file(tmp_path):
    fill_hostile_inbox(tmp_path / "inbox")
    opts = InboxOptions(
        inbox=tmp_path / "inbox", done=tmp_path / "done", failed=tmp_path / "failed", tag=False
    )
    results = list(ingest_inbox(tmp_path / "arch", opts))
    assert sum(r.status == "added" for r in results) == 2
    assert os.listdir(tmp_path / "inbox") == []
    failed = sorted(os.listdir(os.fsencode(tmp_path / "failed")))
    assert failed == sorted(
        [os.fsencode(n) for n in ("batch.jsonl", "batch.jsonl.error.json")]
        + [os.fsencode(LATIN1_NAME), os.fsencode(LATIN1_NAME) + b".error.json"]
    )
    error = json.loads((tmp_path / "failed" / os.fsdecode(failed[-1])).read_text())
    assert error["errors"][0]["error"] == "the file name is not valid UTF-8: rename the file"
    log = json.loads((tmp_path / "arch" / "logs" / "runs.jsonl").read_text().splitlines()[-1])
    assert log["command"] == "ingest" and (log["added"], log["failed"]) == (2, 7)


# -- fuzz: hostile JSONL and text never crash a batch ---------------------------------------------------
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=10,
)
fields = st.sampled_from(["text", "id", "url", "outlet", "title", "published"])
objects = st.dictionaries(fields, json_values | st.text(), max_size=6)
hostile_line = st.one_of(
    objects.map(json.dumps),
    objects.map(lambda o: json.dumps(o, ensure_ascii=False)),
    st.text(max_size=60),
    st.binary(max_size=60).map(lambda b: b.decode("latin-1")),
    st.integers(1, 3000).map(lambda n: "[" * n + "]" * n),
    st.sampled_from(HOSTILE_LINES),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(hostile_line, min_size=1, max_size=8), raw=st.binary(max_size=200))
def test_fuzzed_input_is_archived_or_failed_with_a_message(tmp_path_factory, lines, raw):
    base = tmp_path_factory.mktemp("fuzz")
    src = base / "in"
    src.mkdir()
    data = "\n".join(lines).encode("utf-8", "surrogatepass") + b"\n"
    (src / "a.jsonl").write_bytes(data)
    (src / "b.txt").write_bytes(raw)
    with open_archive(base / "arch", create=True) as archive:
        results = list(archive.add(iter_inputs([str(src)]), NO_TAG))
    assert results, "every item gets a result"
    for r in results:
        assert r.status in ("added", "duplicate", "failed")
        if r.status == "failed":
            assert r.error and "\n" not in r.error and not r.retry, r  # a message, and no "internal error"
        json.dumps(r.to_json(), ensure_ascii=False).encode("utf-8")  # printable as a result line


def test_a_text_of_millions_of_short_lines_is_tagged_on_a_bounded_prefix(tmp_path, monkeypatch):
    from archiver.inputs import article
    from archiver.inputs.normalize import count_words, normalize_article

    text = "ab\ncd\nx.\n" * 300_000  # 2.7 MB of short lines: what once took the tagger past 1 GB
    seen = []

    def tag(text, **kw):
        seen.append(len(text))
        return {"outlet": None, "locations": [], "people": [], "organizations": [], "topics": []}

    monkeypatch.setattr("archiver.tagging.tag_article", tag)
    (tmp_path / "lines.txt").write_text(text)
    [item] = list(iter_inputs([str(tmp_path / "lines.txt")]))
    prepared = article.prepare_article(item, tag=True)
    assert seen == [article.TAG_MAX_CHARS]
    assert {"op": "tag_first_chars", "count": article.TAG_MAX_CHARS} in prepared.changes
    assert prepared.word_count == count_words(text) == 900_000
    assert normalize_article(text).text == text  # front matter is read from its ends only


PIECES = [
    "",
    " ",
    "  ",
    "ab",
    "Share",
    "Advertisement",
    "Read more",
    "Follow us on Twitter",
    " x ",
    "Related",
]
PROSE = "The council met on Tuesday and voted on the plan for the city budget."


@settings(max_examples=200, deadline=None)
@given(
    lines=st.lists(st.sampled_from([*PIECES, PROSE]), max_size=60), end=st.sampled_from(["", "\n", "\n\n"])
)
def test_the_streaming_line_cleaner_gives_what_the_list_steps_give(lines, end):
    from archiver.inputs import normalize as n

    text = "\n".join(lines) + end
    streamed_changes, listed_changes = [], []
    streamed = n._clean_lines_streaming(text, streamed_changes)
    split = text.split("\n")
    stripped = sum(1 for line in split if line != line.strip(" "))
    kept = n._remove_boilerplate([line.strip(" ") for line in split], listed_changes)
    out, blanks = n._join_lines(kept)
    assert streamed == (out, stripped, blanks) and streamed_changes == listed_changes
