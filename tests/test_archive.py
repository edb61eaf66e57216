"""The archive layer end to end, in-process: add → WARC + sidecar + index → show/verify/reindex."""

from __future__ import annotations

import json
import multiprocessing
import os
from pathlib import Path

import jsonschema
import pytest
from warcio.archiveiterator import ArchiveIterator

from archiver.index.query import SearchRequest
from archiver.inputs.reader import Given, iter_inputs
from archiver.store.archive import AddOptions, open_archive
from archiver.store.corrections import retag
from archiver.store.integrity import verify
from tests.articles import ALL, DANBURY

SCHEMA = json.loads((Path(__file__).resolve().parent.parent / "schemas" / "article.schema.json").read_text())
NO_TAG = AddOptions(tag=False)


def write_articles(directory: Path, texts: dict[str, str | bytes]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (directory / f"{name}.txt").write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return directory


def add(root, sources, options=NO_TAG, clock=None, make_id=None, given=None):
    kw = {k: v for k, v in (("clock", clock), ("make_id", make_id)) if v is not None}
    with open_archive(root, create=True, **kw) as archive:
        return list(archive.add(iter_inputs([str(s) for s in sources], given=given), options))


def all_sidecars(root: Path) -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text()) for p in sorted((root / "sidecars").glob("*/*.json"))}


def warc_records(root: Path):
    out = []
    for path in sorted((root / "warc").glob("*/*/*.warc.gz")):
        with path.open("rb") as f:
            for r in ArchiveIterator(f, check_digests="raise"):
                out.append((r.rec_type, r.content_stream().read()))
    return out


def test_add_writes_warc_sidecar_and_index(tmp_path, clock, make_id):
    src = write_articles(tmp_path / "in", ALL)
    root = tmp_path / "arch"
    results = add(root, [src], clock=clock, make_id=make_id)
    assert [r.status for r in results] == ["added"] * 4
    sidecars = all_sidecars(root)
    assert len(sidecars) == 4
    for sc in sidecars.values():
        jsonschema.validate(sc, SCHEMA)
    types = [t for t, _ in warc_records(root)]
    assert types == ["warcinfo"] + ["resource", "conversion", "metadata"] * 4
    assert not list((root / "warc").glob("*/*/*.open"))
    with open_archive(root) as archive:
        assert archive.search(SearchRequest(query="")).total == 4


def test_sidecar_fields_from_text_and_given(tmp_path, clock):
    src = write_articles(tmp_path / "in", {"d": DANBURY})
    root = tmp_path / "arch"
    [r] = add(
        root, [src / "d.txt"], clock=clock, given=Given(url="https://example.com/d", published="2024-02-01")
    )
    sc = all_sidecars(root)[r.id]
    assert sc["title"] == "Danbury Council Backs New Rules on Immigration Cooperation"
    assert sc["byline"] == ["Jane Roe"] and sc["dateline"].startswith("DANBURY")
    assert sc["published"] == "2024-02-01" and sc["source"]["url"] == "https://example.com/d"
    assert sc["ingested"] == "2024-03-05T12:00:00.002000Z"  # pinned clock: 3rd tick
    assert sc["digests"]["raw"].startswith("sha256:") and sc["warc"]["file"].startswith("warc/2024/03/")


def test_byte_identical_input_is_a_duplicate_and_writes_nothing(tmp_path):
    src = write_articles(tmp_path / "in", ALL)
    root = tmp_path / "arch"
    add(root, [src])
    before = sorted(p.name for p in (root / "warc").rglob("*"))
    again = add(root, [src])
    assert [r.status for r in again] == ["duplicate"] * 4
    assert sorted(p.name for p in (root / "warc").rglob("*")) == before


def test_same_text_different_bytes_is_archived_and_linked(tmp_path):
    src = write_articles(tmp_path / "in", {"lf": DANBURY, "crlf": DANBURY.replace("\n", "\r\n").encode()})
    root = tmp_path / "arch"
    crlf, lf = add(root, [src])  # name order: crlf.txt first
    assert (crlf.status, lf.status) == ("added", "added")
    assert all_sidecars(root)[lf.id]["duplicates_of"] == [crlf.id]


def test_duplicates_inside_one_batch(tmp_path):
    src = write_articles(tmp_path / "in", {"a": DANBURY, "b": DANBURY})
    results = add(tmp_path / "arch", [src])
    assert [r.status for r in results] == ["added", "duplicate"]


def test_show_raw_is_byte_exact_and_prefix_ids(tmp_path):
    raw = "Caf\u00e9 owners \u201cworried\u201d in Danbury\r\n".encode("cp1252")
    src = write_articles(tmp_path / "in", {"w": raw})
    root = tmp_path / "arch"
    [r] = add(root, [src])
    with open_archive(root) as archive:
        shown = archive.show(r.id[:6], with_raw=True)
    assert shown.raw == raw
    assert shown.sidecar["normalization"]["charset"].lower() in ("windows-1252", "cp1252")
    assert "Caf\u00e9" in shown.text and "\r" not in shown.text


def test_failed_items_do_not_stop_the_batch(tmp_path):
    src = write_articles(
        tmp_path / "in", {"a_empty": b"", "b_png": b"\x89PNG\r\n\x1a\n" + bytes(200), "c_good": DANBURY}
    )
    results = add(tmp_path / "arch", [src, tmp_path / "missing.txt"])
    assert [r.status for r in results] == ["failed", "failed", "added", "failed"]
    assert all(r.error for r in results if r.status == "failed")


def test_verify_clean_then_names_the_flipped_file(tmp_path):
    root = tmp_path / "arch"
    add(root, [write_articles(tmp_path / "in", ALL)])
    with open_archive(root) as archive:
        assert verify(archive).problems == []
    [path] = list((root / "warc").glob("*/*/*.warc.gz"))
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    with open_archive(root) as archive:
        problems = verify(archive).problems
    assert problems and any(path.name in (p.file or "") for p in problems)


def test_verify_finds_missing_sidecar_and_index_entry(tmp_path):
    root = tmp_path / "arch"
    [r, *_] = add(root, [write_articles(tmp_path / "in", ALL)])
    next((root / "sidecars").glob(f"*/{r.id}.json")).unlink()
    with open_archive(root) as archive:
        archive.index.remove(r.id)
        kinds = {p.kind for p in verify(archive).problems}
    assert {"missing-sidecar", "missing-from-index"} <= kinds


def test_reindex_rebuilds_identical_sidecars_and_results(tmp_path):
    root = tmp_path / "arch"
    add(root, [write_articles(tmp_path / "in", ALL)])
    before = all_sidecars(root)
    with open_archive(root) as archive:
        hits_before = [(h.id, h.title) for h in archive.search(SearchRequest(query="Danbury")).hits]
    import shutil

    shutil.rmtree(root / "index")

    shutil.rmtree(root / "sidecars")
    with open_archive(root) as archive:
        report = archive.reindex()
        assert report.problems == [] and report.articles == 4
        hits_after = [(h.id, h.title) for h in archive.search(SearchRequest(query="Danbury")).hits]
        assert verify(archive).problems == []
    assert all_sidecars(root) == before
    assert hits_after == hits_before and hits_before


def test_rollover_starts_a_new_file(tmp_path):
    root = tmp_path / "arch"
    with open_archive(root, create=True):
        pass
    meta = json.loads((root / "archive.json").read_text())
    meta["settings"]["rollover_bytes"] = 2000
    (root / "archive.json").write_text(json.dumps(meta))
    add(root, [write_articles(tmp_path / "in", ALL)])
    files = list((root / "warc").glob("*/*/*.warc.gz"))
    assert len(files) >= 2
    for f in files:
        assert f.with_name(f.name + ".sha256").exists()
    with open_archive(root) as archive:
        assert verify(archive).problems == []


def _die_before_index(root: str, src: str) -> None:
    """Child process: write WARC records, then die before the index commit (like kill -9)."""
    from archiver.index.tantivy_engine import TantivyEngine

    def boom(self, items):
        os._exit(9)

    TantivyEngine.add_articles = boom
    add(Path(root), [Path(src)])


def test_dead_writer_is_repaired_and_indexed_by_the_next_run(tmp_path):
    root, src = tmp_path / "arch", write_articles(tmp_path / "in", {"d": DANBURY})
    ctx = multiprocessing.get_context("fork")
    p = ctx.Process(target=_die_before_index, args=(str(root), str(src)))
    p.start()
    p.join()
    assert p.exitcode == 9
    assert list((root / "warc").glob("*/*/*.open"))
    more = write_articles(tmp_path / "more", {"h": ALL["hartford"]})
    results = add(root, [more, src])
    assert [r.status for r in results] == ["added", "duplicate"]  # the dead writer's article is kept
    assert not list((root / "warc").glob("*/*/*.open"))
    with open_archive(root) as archive:
        assert verify(archive).problems == []
        assert archive.search(SearchRequest()).total == 2


def test_retag_appends_a_metadata_record(tmp_path):
    root = tmp_path / "arch"
    [r] = add(root, [write_articles(tmp_path / "in", {"d": DANBURY})])
    with open_archive(root) as archive:
        assert [x.status for x in retag(archive, "")] == ["retagged"]
    sc = all_sidecars(root)[r.id]
    assert [x["type"] for x in sc["warc"]["records"]] == ["resource", "conversion", "metadata", "metadata"]
    assert sc["tool"]["tagger"] is not None
    assert [t for t, _ in warc_records(root)].count("metadata") == 2
    with open_archive(root) as archive:
        assert verify(archive).problems == []
        archive.reindex()
    assert all_sidecars(root)[r.id]["tool"]["tagger"] is not None


def test_missing_archive_is_a_clear_error(tmp_path):
    from archiver.errors import ArchiveError

    with pytest.raises(ArchiveError, match="no archive at"):
        with open_archive(tmp_path / "nothing"):
            pass


def test_add_hashes_the_raw_bytes_and_the_text_once_each(tmp_path, monkeypatch):
    import hashlib

    from archiver import warc
    from archiver.inputs import article

    raw = DANBURY.replace("\n", "\r\n").encode("utf-8")  # normalized to other bytes
    hashed: list[bytes] = []
    real = hashlib.sha256

    def counting(data=b"", **kw):
        hashed.append(bytes(data))
        return real(data, **kw)

    fake = type("H", (), {"sha256": staticmethod(counting)})
    monkeypatch.setattr(article, "hashlib", fake)
    monkeypatch.setattr(warc, "hashlib", fake)
    results = add(tmp_path / "arch", [write_articles(tmp_path / "in", {"d": raw})])
    assert [r.status for r in results] == ["added"]
    assert hashed.count(raw) == 1
    assert hashed.count(DANBURY.encode("utf-8")) == 1  # the normalized text
    sidecar = next(iter(all_sidecars(tmp_path / "arch").values()))
    assert sidecar["digests"]["raw"] == "sha256:" + real(raw).hexdigest()
    assert [t for t, _ in warc_records(tmp_path / "arch")][1:] == ["resource", "conversion", "metadata"]


def test_rerun_does_not_tag_what_is_archived_already(tmp_path, monkeypatch):
    import archiver.tagging

    src = write_articles(tmp_path / "in", {"d": DANBURY})
    root = tmp_path / "arch"
    first = add(root, [src], options=AddOptions(tag=True))
    assert [r.status for r in first] == ["added"]
    write_articles(src, {"e": DANBURY + "\nA later paragraph.\n"})
    calls: list[str] = []
    real = archiver.tagging.tag_article

    def counting(text, **kw):
        calls.append(text)
        return real(text, **kw)

    monkeypatch.setattr(archiver.tagging, "tag_article", counting)
    again = add(root, [src], options=AddOptions(tag=True))
    assert [(r.status, r.duplicate_of) for r in again] == [("duplicate", first[0].id), ("added", None)]
    assert again[0].title == first[0].title
    assert len(calls) == 1 and "A later paragraph." in calls[0]  # only the new article was tagged
