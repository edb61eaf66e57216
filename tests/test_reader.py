"""Reading inputs: files, directories, stdin, JSONL, and every kind of bad path."""

from __future__ import annotations

import io
import os

import pytest

from archiver.inputs.reader import Given, iter_inputs


def items(sources, **kw):
    return list(iter_inputs([str(s) for s in sources], **kw))


def test_file_bytes_untouched(tmp_path):
    data = "Caf\u00e9\r\n".encode("utf-8-sig")
    (tmp_path / "a.txt").write_bytes(data)
    [item] = items([tmp_path / "a.txt"])
    assert item.data == data and item.error is None and item.kind == "path"


def test_directory_recursive_in_name_order_skips_hidden(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("two")
    (tmp_path / "1.txt").write_text("one")
    (tmp_path / ".hidden.txt").write_text("no")
    got = [i.data for i in items([tmp_path])]
    assert got == [b"one", b"two"]


def test_jsonl_file_one_item_per_line_with_fields(tmp_path):
    p = tmp_path / "b.jsonl"
    p.write_text(
        '{"text": "A", "id": 7, "url": "https://x.test/a", "outlet": "X"}\n\n{"text": "B", "title": "T"}\n',
        encoding="utf-8",
    )
    a, b = items([p])
    assert (a.data, a.given.source_id, a.given.url, a.given.outlet, a.source) == (
        b"A",
        "7",
        "https://x.test/a",
        "X",
        f"{p}:1",
    )
    assert (b.data, b.given.title, b.line) == (b"B", "T", 3)


def test_command_line_given_is_overridden_by_jsonl_fields(tmp_path):
    p = tmp_path / "b.jsonl"
    p.write_text('{"text": "A", "outlet": "Line"}\n{"text": "B"}\n')
    a, b = items([p], given=Given(outlet="Cli"))
    assert (a.given.outlet, b.given.outlet) == ("Line", "Cli")


@pytest.mark.parametrize(
    "line, message",
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "expected a JSON object"),
        ('{"title": "no text"}', 'missing "text"'),
        ('{"text": "x", "url": 5}', '"url" must be a string'),
    ],
)
def test_bad_jsonl_lines_report_line_number(tmp_path, line, message):
    p = tmp_path / "b.jsonl"
    p.write_text('{"text": "ok"}\n' + line + "\n")
    ok, bad = items([p])
    assert ok.error is None
    assert bad.error is not None and message in str(bad.error) and "line 2" in str(bad.error)
    assert bad.source == f"{p}:2"


def test_stdin_text_and_auto_jsonl():
    [t] = items(["-"], stdin=io.BytesIO(b"Plain story\n"))
    assert t.data == b"Plain story\n" and t.kind == "stdin" and t.source == "-"
    js = items(["-"], stdin=io.BytesIO(b'  {"text": "a", "id": "x1"}\n{"text": "b", "id": "x2"}\n'))
    assert [(i.data, i.given.source_id) for i in js] == [(b"a", "x1"), (b"b", "x2")]


def test_missing_broken_symlink_loop_and_directory_symlink(tmp_path):
    os.symlink(tmp_path / "nowhere", tmp_path / "broken")
    os.symlink(tmp_path / "loop", tmp_path / "loop")
    got = {
        i.source: str(i.error) for i in items([tmp_path / "missing", tmp_path / "broken", tmp_path / "loop"])
    }
    assert "no such file" in got[str(tmp_path / "missing")]
    assert "broken symlink" in got[str(tmp_path / "broken")]
    assert "symlink loop" in got[str(tmp_path / "loop")]


def test_too_large_file_and_stdin(tmp_path):
    (tmp_path / "big.txt").write_bytes(b"x" * 101)
    [f] = items([tmp_path / "big.txt"], max_bytes=100)
    assert "too large" in str(f.error)
    [s] = items(["-"], stdin=io.BytesIO(b"y" * 101), max_bytes=100)
    assert "too large" in str(s.error)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads everything")
def test_unreadable_file(tmp_path):
    p = tmp_path / "secret.txt"
    p.write_text("x")
    p.chmod(0)
    [i] = items([p])
    assert "permission denied" in str(i.error) or "cannot read" in str(i.error)
