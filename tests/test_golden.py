"""Golden files: the WARC layout and the sidecar, byte for byte, with clock, ids, host and pid pinned.

The output of one ingest is deterministic once time and identity are injected, so any change to a
record header, a field order or a digest shows up here as a diff. Tagging is off so that tagger
improvements do not churn the layout's golden files. After a deliberate change of the layout,
regenerate with ``UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py`` and review the diff.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import zlib
from pathlib import Path

import pytest

from archiver.inputs.reader import Given, InputItem
from archiver.store.archive import AddOptions, open_archive

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

# Two articles written for this test: one with a source URL (its target derives from the URL) and
# one in Windows-1252 without (its target derives from the bytes).
FIRST = (
    "Harbor Board Approves Dredging Plan\n\n"
    "By Jane Doe\n\n"
    "NEW LONDON, Conn. — The harbor management board voted 5-2 on Tuesday to dredge the\n"
    "Thames River channel next spring, ending a two-year dispute over the cost.\n"
).encode()
SECOND = "Café Owners Petition for Longer Hours\r\n\r\nOwners of three cafés asked the council\r\n".encode(
    "windows-1252"
)


def _items() -> list[InputItem]:
    return [
        InputItem(
            "harbor.txt", "path", FIRST, Given(url="https://Example.com/harbor#top"), path="harbor.txt"
        ),
        InputItem("cafe.txt", "path", SECOND, Given(), path="cafe.txt"),
    ]


def _members(path: Path) -> list[bytes]:
    """Each gzip member of ``path``, decompressed, in order."""
    data, out = path.read_bytes(), []
    while data:
        d = zlib.decompressobj(zlib.MAX_WBITS + 16)
        out.append(d.decompress(data))
        data = d.unused_data
    return out


def _check(name: str, actual: bytes) -> None:
    golden = GOLDEN / name
    if UPDATE:
        golden.parent.mkdir(exist_ok=True)
        golden.write_bytes(actual)
    assert golden.exists(), f"missing golden file {golden}; run with UPDATE_GOLDEN=1"
    assert actual == golden.read_bytes(), f"{name} differs from its golden file"


@pytest.fixture
def ingested(tmp_path, clock, make_id, monkeypatch):
    monkeypatch.setattr(os, "getpid", lambda: 4242)
    root = tmp_path / "archive"
    with open_archive(root, create=True, clock=clock, make_id=make_id) as archive:
        archive.host = "golden-host"
        results = list(archive.add(_items(), AddOptions(tag=False, log=False)))
    assert [r.status for r in results] == ["added", "added"]
    return root, results


def test_warc_file_is_byte_exact(ingested):
    root, _ = ingested
    (warc_file,) = sorted((root / "warc").rglob("*.warc.gz"))
    assert warc_file.name == "ARCHIVER-20240305120000002-00000-golden-host-4242.warc.gz"
    members = _members(warc_file)
    # DESIGN 3: warcinfo, then resource, conversion, metadata per article, one gzip member each.
    types = [m.split(b"\r\nWARC-Type: ", 1)[1].split(b"\r\n", 1)[0] for m in members]
    assert types == [b"warcinfo"] + [b"resource", b"conversion", b"metadata"] * 2
    assert gzip.decompress(warc_file.read_bytes()) == b"".join(members)
    _check("archive.warc", b"".join(members))
    # The gzip bytes depend on the zlib build, so the manifest is checked against the file itself.
    manifest = warc_file.with_name(warc_file.name + ".sha256").read_text()
    assert manifest == f"{hashlib.sha256(warc_file.read_bytes()).hexdigest()}  {warc_file.name}\n"


def test_sidecars_are_byte_exact(ingested):
    root, results = ingested
    for n, result in enumerate(results, 1):
        path = root / "sidecars" / result.id[:2] / f"{result.id}.json"
        raw = path.read_bytes()
        json.loads(raw)  # well-formed before it is compared
        _check(f"sidecar-{n}.json", raw)
