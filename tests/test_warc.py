"""WARC writing: the record layout of DESIGN section 3, read back by warcio with digests checked."""

from __future__ import annotations

import gzip
import hashlib
import json

import pytest
from warcio.archiveiterator import ArchiveIterator

from archiver import warc


@pytest.fixture
def written(tmp_path, clock, make_id):
    now = clock()
    wf = warc.WarcFile.create(
        tmp_path / "2024" / "03",
        warc.warc_file_name(now, 0, "host", 1),
        {"software": "archiver/test", "isPartOf": "coll"},
        now,
        make_id,
    )
    raw = "Caf\u00e9 story\r\n".encode("cp1252")
    refs = wf.write_article(
        warc.ArticleRecords(
            raw=raw,
            charset="windows-1252",
            text="Caf\u00e9 story\n",
            metadata={"id": "abc", "title": "T"},
            target_uri=warc.target_uri_for(raw),
            date=now,
        )
    )
    path = wf.close()
    return path, refs, raw


def records(path):
    with path.open("rb") as f:
        it = ArchiveIterator(f, check_digests="raise")
        out = []
        for r in it:
            out.append((r.rec_headers, r.content_stream().read(), it.get_record_offset()))
        return out


def test_file_name_and_manifest(written):
    path, _, _ = written
    assert path.name == "ARCHIVER-20240305120000000-00000-host-1.warc.gz"
    assert not path.with_name(path.name + ".open").exists()
    digest, name = path.with_name(path.name + ".sha256").read_text().split()
    assert name == path.name and digest == hashlib.sha256(path.read_bytes()).hexdigest()


def test_layout_of_one_article(written):
    path, refs, raw = written
    (info, info_body, _), (res, res_body, off1), (conv, conv_body, off2), (meta, meta_body, off3) = records(
        path
    )
    assert all(h.protocol == "WARC/1.1" for h in (info, res, conv, meta))
    assert info.get_header("WARC-Type") == "warcinfo" and info.get_header("WARC-Filename") == path.name
    assert b"isPartOf: coll" in info_body
    assert res.get_header("WARC-Type") == "resource" and res_body == raw
    assert res.get_header("Content-Type") == "text/plain; charset=windows-1252"
    assert res.get_header("WARC-Target-URI").startswith("urn:uuid:")
    assert res.get_header("WARC-Payload-Digest") == "sha256:" + hashlib.sha256(raw).hexdigest()
    assert conv.get_header("WARC-Refers-To") == res.get_header("WARC-Record-ID")
    assert conv.get_header("WARC-Target-URI") == res.get_header("WARC-Target-URI")
    assert conv_body.decode("utf-8") == "Caf\u00e9 story\n"
    assert meta.get_header("Content-Type") == "application/json"
    assert meta.get_header("WARC-Concurrent-To") == res.get_header("WARC-Record-ID")
    assert meta.get_header("WARC-Target-URI") is None and meta.get_header("WARC-Payload-Digest") is None
    assert json.loads(meta_body) == {"id": "abc", "title": "T"}
    assert len({res.get_header("WARC-Date"), conv.get_header("WARC-Date"), meta.get_header("WARC-Date")}) == 1
    assert [r.offset for r in refs] == [off1, off2, off3]
    for h in (info, res, conv, meta):
        assert h.get_header("WARC-Block-Digest").startswith("sha256:")


def test_one_gzip_member_per_record(written):
    path, refs, _ = written
    data = path.read_bytes()
    for ref in refs:
        member = gzip.decompress(data[ref.offset : ref.offset + ref.length])
        assert member.startswith(b"WARC/1.1\r\n") and member.endswith(b"\r\n\r\n")


def test_golden_header_block(written):
    path, _, _ = written
    first = gzip.decompress(path.read_bytes()).split(b"\r\n\r\n")[0].decode()
    assert first == (
        "WARC/1.1\r\nWARC-Type: warcinfo\r\n"
        "WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n"
        "WARC-Date: 2024-03-05T12:00:00.000000Z\r\n"
        "WARC-Filename: ARCHIVER-20240305120000000-00000-host-1.warc.gz\r\n"
        "WARC-Block-Digest: sha256:"
        + hashlib.sha256(b"software: archiver/test\r\nisPartOf: coll\r\n").hexdigest()
        + "\r\nContent-Type: application/warc-fields\r\nContent-Length: 41"
    )


def test_target_uri_from_url_is_shared_by_versions():
    a = warc.target_uri_for(b"v1", "https://Example.com/story#x")
    b = warc.target_uri_for(b"v2", "https://example.com/story")
    assert a == b and a != warc.target_uri_for(b"v1")


@pytest.mark.parametrize("cut", [1, 10, 100])
def test_truncate_to_complete_drops_a_torn_tail(written, cut):
    path, refs, _ = written
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - cut])
    end = warc.truncate_to_complete(path)
    assert end == refs[-1].offset  # the torn metadata record goes, the rest stays whole
    assert [h.get_header("WARC-Type") for h, _, _ in records(path)] == ["warcinfo", "resource", "conversion"]


def test_a_flipped_byte_costs_only_its_record(written):
    path, refs, _ = written
    data = bytearray(path.read_bytes())
    data[refs[0].offset + refs[0].length // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    items = list(warc.iter_records(path))
    assert [d.offset for d in items if isinstance(d, warc.Damage)] == [refs[0].offset]
    intact = [r for r in items if isinstance(r, warc.Record)]
    assert [r.ref.type for r in intact] == ["warcinfo", "conversion", "metadata"]  # the rest resyncs
    assert [p for i, r in enumerate(intact) for p in warc.record_problems(r, i == 0)] == []


def test_record_problems_name_layout_and_digest(written):
    path, _, _ = written
    warcinfo, resource, *_ = [r for r in warc.iter_records(path) if isinstance(r, warc.Record)]
    not_first = [("layout", "the first record is not warcinfo")]
    assert list(warc.record_problems(resource, first=True)) == not_first
    assert list(warc.record_problems(warcinfo, first=True)) == []


def _many(tmp_path, clock, make_id, n=18):
    now = clock()
    name = warc.warc_file_name(now, 0, "h", 1)
    wf = warc.WarcFile.create(tmp_path / "m", name, {"software": "t"}, now, make_id)
    for i in range(n):
        raw = f"Story number {i}. The council met on Tuesday.\n".encode()
        uri = warc.target_uri_for(raw)
        wf.write_article(warc.ArticleRecords(raw, "utf-8", raw.decode(), {"id": f"{i:016x}"}, uri, now))
    return wf.close()


def _warcio_view(data: bytes):
    """What warcio itself reads from the same bytes: (offset, type, block) per record."""
    import io

    it = ArchiveIterator(io.BytesIO(data), check_digests="raise")
    out = []
    for r in it:
        body = r.content_stream().read()  # before get_record_offset(), which reads on
        out.append((it.get_record_offset(), r.rec_type, body))
    return out


def test_reader_agrees_with_warcio_on_an_intact_file(tmp_path, clock, make_id):
    path = _many(tmp_path, clock, make_id)
    ours = [(r.ref.offset, r.ref.type, r.body) for r in warc.iter_records(path)]
    assert ours == _warcio_view(path.read_bytes())
    assert len(ours) == 1 + 18 * 3


def test_reader_resyncs_after_a_damaged_member_and_keeps_every_other_record(tmp_path, clock, make_id):
    path = _many(tmp_path, clock, make_id)
    intact = list(warc.iter_records(path))
    victim = intact[10].ref  # a record in the middle
    data = bytearray(path.read_bytes())
    data[victim.offset + victim.length // 2] ^= 0x55
    path.write_bytes(bytes(data))
    got = list(warc.iter_records(path))
    damage = [g for g in got if isinstance(g, warc.Damage)]
    assert [(d.offset, d.length) for d in damage] == [(victim.offset, victim.length)]
    # Every other record comes back exactly as warcio reads it from the undamaged stretches.
    expected = _warcio_view(bytes(data[: victim.offset])) + [
        (o + victim.offset + victim.length, t, b)
        for o, t, b in _warcio_view(bytes(data[victim.offset + victim.length :]))
    ]
    assert [(r.ref.offset, r.ref.type, r.body) for r in got if isinstance(r, warc.Record)] == expected


def test_torn_tail_costs_only_the_torn_article(tmp_path, clock, make_id):
    path = _many(tmp_path, clock, make_id)
    path.write_bytes(path.read_bytes()[:-700])
    articles = [a for a in warc.iter_articles(path, "x") if isinstance(a, warc.StoredArticle) and a.metadata]
    damage = [a for a in warc.iter_articles(path, "x") if isinstance(a, warc.Damage)]
    assert len(articles) == 17 and len(damage) == 1
    assert "torn" in damage[0].detail


def test_garbage_between_members_is_one_damage_and_reading_goes_on(tmp_path, clock, make_id):
    path = _many(tmp_path, clock, make_id, n=2)
    refs = [r.ref for r in warc.iter_records(path)]
    data = path.read_bytes()
    cut = refs[2].offset
    path.write_bytes(data[:cut] + b"junk\x1f\x8b" * 10 + data[cut:])
    got = list(warc.iter_records(path))
    assert [g.length for g in got if isinstance(g, warc.Damage)] == [60]
    assert sum(isinstance(g, warc.Record) for g in got) == len(refs)


def test_read_record_reads_one_record_at_its_offset(written):
    path, refs, raw = written
    headers, body = warc.read_record(path, refs[0].offset)
    assert headers["WARC-Type"] == "resource" and body == raw
    with pytest.raises(warc.ArchiveError, match="offset 5"):
        warc.read_record(path, 5)
