"""Rebuilding the derived state (sidecars, index) from the WARC files, which alone are the truth.

``reindex`` rebuilds everything; ``index_file`` rebuilds what one WARC file holds (for reindex,
and for ``close_dead_writers``: the next writer closing a dead writer's ``.open`` file, after
``finish_interrupted_closes`` has completed the closes a writer died in). They take an open
``Archive`` and use its public methods; this module imports nothing of ``archive`` (no circle).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from archiver.store.findings import Finding, Report
from archiver.store.sidecar import read_sidecar, with_warc, write_sidecars

if TYPE_CHECKING:
    from archiver.store.archive import Archive

BATCH = 256  # articles per index commit while rebuilding: memory does not grow with the file


def reindex(archive: Archive) -> Report:
    """Rebuild all sidecars and the index from the WARC files.

    The index is built beside the old one and swapped in whole when complete: searches meanwhile
    see the old index, a killed reindex leaves it intact (so the duplicate check never reads a
    partial index), and an old, damaged or missing index is simply replaced (derived data). A
    damaged record costs only itself; its findings come back in the report. Sidecars no WARC
    record backs are removed, except those whose records lie in damaged bytes or a missing
    file (then the sidecar is the last copy left).
    """
    from archiver.index.engine import rebuild_index

    report = Report()
    with archive.write_lock():
        archive.close_index()
        seen: set[str] = set()
        damage: dict[str, list] = {}

        def fill(engine) -> None:
            # The new index is built beside the old one, which searches keep using until the swap.
            archive.use_index(engine)
            report.actions.extend(f.detail for f in archive.repair_dead_writers())
            for path in archive.warc_files():
                relative = archive.relative(path)
                found: list = []
                report.articles += index_file(archive, path, relative, seen_ids=seen, damage=found)
                if found:
                    damage[relative] = found
                    report.problems.extend(
                        Finding("damaged-record", relative, d.offset, detail=f"{d.detail}; {d.length} bytes")
                        for d in found
                    )
                report.files += 1

        try:
            archive.use_index(rebuild_index(archive.root, fill))
        except BaseException:
            archive.use_index(None)
            raise
        closed = {archive.relative(p) for p in archive.warc_files()}
        for stale in archive.sidecar_files():
            if stale.stem in seen:
                continue
            try:
                sc = json.loads(stale.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                sc = None
            if sc is None or not lost_to_damage(sc, damage, closed):
                stale.unlink(missing_ok=True)
    return report


def finish_interrupted_closes(archive: Archive) -> list[Finding]:
    """Finish what a writer killed while closing left: a WARC without manifest, temp files.

    Runs under the write lock, where every manifest and sidecar is written, so any of these
    found here belongs to a process that died.
    """
    from archiver import warc

    found = []
    for path in archive.warc_files():
        if warc.read_manifest(path) is None and warc.is_intact(path):
            warc.write_manifest(path)
            found.append(
                Finding(
                    "missing-manifest",
                    archive.relative(path),
                    detail="wrote the .sha256 manifest a dead writer did not",
                )
            )
    for pattern in ("warc/*/*/*.sha256.tmp", "sidecars/*/.*.tmp", ".archive.json.*.tmp"):
        for tmp in archive.root.glob(pattern):
            tmp.unlink(missing_ok=True)
    return found


def close_dead_writers(archive: Archive, own: set[Path]) -> list[Finding]:
    """Close ``.open`` files whose writer died (not in ``own``, this process's): cut each to its
    complete records, index what it holds, rename it and write its manifest (an empty one goes).

    Runs under the write lock; a file whose flock a live writer holds is left alone.
    """
    from archiver import warc

    found = []
    for path in archive.open_files():
        if path in own:
            continue
        fd = warc.try_lock(path)
        if fd is None:
            continue  # a live writer holds it
        try:
            before = path.stat().st_size
            size = warc.truncate_to_complete(path, whole_articles=True)
            relative = archive.relative(path.with_name(warc.open_file_name(path)))
            index_file(archive, path, relative, only_missing=True)
            # Re-tag and amend records count too: a file of metadata records alone is kept.
            records = warc.iter_records(path)
            kept = sum(isinstance(r, warc.Record) and r.ref.type != "warcinfo" for r in records)
            if kept == 0:
                path.unlink()
            else:
                final = path.with_name(warc.open_file_name(path))
                os.rename(path, final)
                warc.write_manifest(final)
                warc.fsync_dir(final.parent)
            found.append(
                Finding(
                    "dead-writer",
                    relative,
                    detail=f"closed a dead writer's file ({before - size} bytes of torn record cut)",
                )
            )
        finally:
            os.close(fd)
    return found


def index_file(
    archive: Archive,
    path: Path,
    relative: str,
    *,
    only_missing: bool = False,
    seen_ids: set[str] | None = None,
    damage: list | None = None,
) -> int:
    """Rebuild sidecars and index rows for the articles of one WARC file; return how many.

    Streams the file and commits every ``BATCH`` articles, so memory does not grow with the
    file. A damaged stretch costs only the records in it: reading resyncs at the next gzip
    member, and each ``Damage`` is appended to ``damage``. ``seen_ids`` (reindex) skips a second
    copy of an article already indexed; ``only_missing`` skips articles the index has. Must run
    under the write lock.
    """
    from archiver import warc

    root = archive.root  # the index is opened only when there is something to index
    pending: list[tuple[dict, str]] = []
    count = 0

    def flush() -> None:
        if pending:
            write_sidecars(root, [sc for sc, _ in pending])
            archive.index.add_articles(pending)
            pending.clear()

    for entry in warc.iter_articles(path, relative):
        if isinstance(entry, warc.Damage):
            if damage is not None:
                damage.append(entry)
            continue
        if isinstance(entry, tuple):  # a re-tag or amendment: a newer metadata record
            _refers_to, meta, ref = entry
            flush()  # the article it re-tags may be in this very batch
            article_id = meta.get("id")
            sc = read_sidecar(root, article_id) if isinstance(article_id, str) else None
            indexed = archive.index.get(article_id) if sc is not None else None
            if indexed is None:
                continue  # its article is lost to damage (or not archived): nothing to re-tag
            records = sc["warc"]["records"]
            if any(r.get("file") == relative and r.get("offset") == ref.offset for r in records):
                # Already listed: a retag died between its sidecar and its index commit.
                if indexed != sc:
                    pending.append((sc, archive.show(article_id).text))
                continue
            new = with_warc(meta, sc["warc"]["file"], [*records, {**ref.to_json(), "file": relative}])
            pending.append((new, archive.show(article_id).text))
            continue
        if entry.metadata is None or entry.text is None:
            continue
        article_id = entry.metadata.get("id")
        if seen_ids is not None:
            if article_id in seen_ids:
                continue  # the same article stored twice (e.g. a crash race): the first copy wins
            seen_ids.add(article_id)
        if only_missing and archive.index.get(article_id) is not None:
            continue
        refs = [entry.resource, entry.conversion, *entry.metadata_refs]
        meta = {**entry.metadata, "digests": {"raw": entry.raw_digest, "normalized": entry.text_digest}}
        pending.append((with_warc(meta, relative, [r.to_json() for r in refs if r]), entry.text))
        count += 1
        if len(pending) >= BATCH:
            flush()
    flush()
    return count


def lost_to_damage(sidecar: dict, damage: dict[str, list], closed: set[str]) -> bool:
    """Whether a sidecar's article is unreadable because its records lie in damaged bytes
    (``damage``: file → ``Damage`` list) or in a WARC file that is gone (not in ``closed``)."""
    warc_part = sidecar.get("warc") if isinstance(sidecar, dict) else None
    if not isinstance(warc_part, dict):
        return False
    main_file = warc_part.get("file")
    for ref in warc_part.get("records") or []:
        if not isinstance(ref, dict):
            continue
        file = ref.get("file", main_file)
        if file not in closed and not str(file).endswith(".open"):
            return True
        offset = ref.get("offset")
        for d in damage.get(file, ()):
            if isinstance(offset, int) and d.offset <= offset and (d.to_end or offset < d.offset + d.length):
                return True
    return False
