"""Proving the archive: ``verify`` checks every layer, ``repair`` rebuilds what is derived.

``verify`` reads a consistent snapshot without holding the write lock for its run: it lists the
closed WARC files first (closed files never change), leaves out the ``.open`` files of live
writers and everything that points into them, and confirms each suspected problem in derived
state once more under a short lock before it reports it, so an ``add`` or ``retag`` running
beside it raises no false alarm. It checks, for each closed WARC file: the ``.sha256`` manifest,
every record (gzip member, WARC parse, block digest, layout), and for each article: its sidecar
against the records it names (identity, digests, the content of its newest metadata record) and
its index entry against its sidecar; then the index's own integrity, index entries and sidecars
no WARC record backs, dead writers' files, manifests whose WARC file is gone, and whether a
rebuild of the derived state was left unfinished. Damage reported once is not reported again as
its consequences (an article lost in a damaged record is not also an "orphan").

``repair`` fixes every repairable finding without touching a closed WARC file's bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from archiver import warc
from archiver.errors import ArchiveError, ArchiverError
from archiver.store.archive import Archive, metadata_of, open_archive
from archiver.store.findings import Finding, Report
from archiver.store.rebuild import lost_to_damage
from archiver.store.sidecar import read_sidecar

MAX_RECHECKS = 1000  # suspects confirmed under the lock; past this, reported as first found


def verify(archive: Archive, *, fast: bool = False) -> Report:
    """Check the archive; return a report whose ``problems`` are typed findings (empty: sound).

    Args:
        archive: an open archive (it may be read-only).
        fast: manifests and counts only (like BagIt's Payload-Oxum): every closed file's sha256
            against its manifest, sidecar count against index count, dead writers, missing files.
    """
    return _Verifier(archive, fast).run()


def repair(root: Path) -> Report:
    """Fix what ``verify`` can fix, never touching a closed WARC file's bytes; verify again.

    Recreates a damaged or missing ``archive.json`` (default settings, collection name from the
    WARC files), closes dead writers' files, writes missing manifests of intact files, and
    rebuilds sidecars and index from the WARC files when any of them is wrong. Returns the final
    verify report, with what was done in ``actions``; damage to masters stays in ``problems``.

    Raises:
        ArchiveError: ``root`` is not an archive (no ``warc/`` directory and no ``archive.json``).
    """
    root = Path(root)
    actions = []
    settings_problem = Archive.settings_problem(root)
    if settings_problem is not None:
        if not (root / "warc").is_dir():
            raise ArchiveError(f"no archive at {root} ({settings_problem})")
        Archive.recreate_settings(root, collection=_collection_name(root))
        actions.append(f"recreated archive.json ({settings_problem})")
    with open_archive(root) as archive:
        actions.extend(f.detail for f in archive.repair_dead_writers())
        before = verify(archive)
        derived = [p for p in before.problems if p.repairable]
        # Index entries of articles lost to damage would send `show` to unreadable bytes: a
        # rebuild leaves them out (their sidecars stay, the last copy of their metadata).
        damaged = any(p.kind == "damaged-record" for p in before.problems)
        if derived or damaged:
            kinds = sorted({p.kind for p in derived}) or ["articles lost to damage left out"]
            rebuilt = archive.reindex()
            actions.append(
                f"rebuilt sidecars and index from the WARC files ({rebuilt.articles} articles; "
                f"fixed {len(derived)} problem(s): {', '.join(kinds)})"
            )
        report = verify(archive)
    report.actions = actions + report.actions
    return report


def _collection_name(root: Path) -> str:
    """The collection (``isPartOf``) of the first readable warcinfo record, else ``archiver``."""
    for path in sorted((root / "warc").glob("*/*/*.warc.gz")):
        for item in warc.iter_records(path):
            if isinstance(item, warc.Record) and item.ref.type == "warcinfo":
                for line in item.body.decode("utf-8", "replace").splitlines():
                    name, _, value = line.partition(":")
                    if name.strip() == "isPartOf" and value.strip():
                        return value.strip()
            break
    return "archiver"


class _Verifier:
    def __init__(self, archive: Archive, fast: bool):
        self.archive = archive
        self.root = archive.root
        self.report = Report(fast=fast)
        self.fast = fast
        self.damage: dict[str, list[warc.Damage]] = {}
        self.seen: set[str] = set()
        self.suspects: list[tuple[warc.StoredArticle, str]] = []
        self.index = None

    def problem(self, kind: str, file: str | None = None, offset=None, record=None, detail="") -> None:
        self.report.problems.append(Finding(kind, file, offset, record, detail))

    def run(self) -> Report:
        archive = self.archive
        if archive.settings_error:
            self.problem("archive-json", "archive.json", detail=archive.settings_error)
        # The snapshot: closed files never change, so listing them first fixes what is checked.
        self.closed = archive.warc_files()
        self.closed_rel = {archive.relative(p) for p in self.closed}
        self._open_files()
        self._missing_warcs()
        self._open_index()
        for path in self.closed:
            self._check_file(path)
        if self.fast:
            self._check_counts()
        elif self.index is not None:
            self._confirm_suspects()
            self._check_index_entries()
            for msg in self.index.check_integrity():
                self.problem("index-damaged", "index", detail=msg)
        if not self.fast:
            self._check_sidecar_files()
        return self.report

    # -- the snapshot ------------------------------------------------------------------------------
    def _open_files(self) -> None:
        for path in self.archive.open_files():
            if warc.is_locked(path):
                self.report.skipped_live += 1  # a live writer's file: not part of the snapshot
                continue
            self.problem(
                "dead-writer",
                self.archive.relative(path),
                detail="left open by a writer that died; `archiver repair` (or the next add) closes it",
            )

    def _missing_warcs(self) -> None:
        for manifest in sorted((self.root / "warc").glob("*/*/*.warc.gz.sha256")):
            path = manifest.with_name(manifest.name[: -len(".sha256")])
            if not path.exists() and not path.with_name(path.name + warc.OPEN_SUFFIX).exists():
                self.problem(
                    "warc-missing",
                    self.archive.relative(path),
                    detail="WARC file missing (its .sha256 manifest remains); restore it from a copy",
                )

    def _open_index(self) -> None:
        try:
            self.index = self.archive.index
        except ArchiverError as e:
            self.problem("index-damaged", "index", detail=str(e))

    def _live_or_new(self, file: str) -> bool:
        """A file not in the snapshot that exists now: a live writer's (or closed since)."""
        path = self.root / file
        return path.exists() or path.with_name(path.name + warc.OPEN_SUFFIX).exists()

    def _lost(self, sidecar: dict) -> bool:
        """Whether an article's records are already named as damage (or live, or a missing file)."""
        file = (sidecar.get("warc") or {}).get("file") if isinstance(sidecar, dict) else None
        if isinstance(file, str) and file not in self.closed_rel and self._live_or_new(file):
            return True
        return lost_to_damage(sidecar, self.damage, self.closed_rel)

    # -- WARC files ----------------------------------------------------------------------------------
    def _check_file(self, path: Path) -> None:
        rel = self.archive.relative(path)
        self.report.files += 1
        manifest = warc.read_manifest(path)
        if manifest is None:
            self.problem("missing-manifest", rel, detail="no .sha256 manifest")
        elif manifest != warc.file_sha256(path):
            self.problem("manifest-mismatch", rel, detail="the file's bytes differ from its .sha256 manifest")
        if self.fast:
            return
        for entry in warc.iter_articles(path, rel, self._inspected(path, rel)):
            if (
                isinstance(entry, warc.StoredArticle)
                and entry.metadata is not None
                and entry.text is not None
            ):
                article_id = entry.metadata.get("id")
                if not isinstance(article_id, str) or article_id in self.seen:
                    continue  # a second copy of one article (a crash race): reindex keeps the first
                self.seen.add(article_id)
                self.report.articles += 1
                if self.index is None:
                    continue
                found = self._article_problems(entry, rel)
                if found and len(self.suspects) < MAX_RECHECKS:
                    entry.text = ""  # not needed again; keeps the suspects small
                    self.suspects.append((entry, rel))
                else:
                    self.report.problems.extend(found)

    def _inspected(self, path: Path, rel: str) -> Iterator[warc.Record | warc.Damage]:
        """The file's records, checked on the way (damage, digests, layout)."""
        first = True
        damage = []
        for item in warc.iter_records(path):
            if isinstance(item, warc.Damage):
                damage.append(item)
                self.problem("damaged-record", rel, item.offset, detail=f"{item.detail}; {item.length} bytes")
            else:
                for kind, detail in warc.record_problems(item, first):
                    self.problem(kind, rel, item.ref.offset, item.ref.record_id, detail)
            first = False
            yield item
        if damage:
            self.damage[rel] = damage

    # -- one article: WARC ↔ sidecar ↔ index -----------------------------------------------------
    def _article_problems(self, entry: warc.StoredArticle, rel: str) -> list[Finding]:
        article_id = entry.metadata["id"]
        rid = entry.resource.record_id
        out: list[Finding] = []

        def found(kind: str, detail: str) -> None:
            out.append(Finding(kind, rel, entry.resource.offset, rid, f"{article_id}: {detail}"))

        try:
            sc = read_sidecar(self.root, article_id)
        except ArchiveError as e:
            found("sidecar-unreadable", str(e))
            sc = None
        else:
            if sc is None:
                found("missing-sidecar", "no sidecar")
        if sc is not None:
            for kind, detail in self._sidecar_vs_warc(sc, entry, rel):
                found(kind, detail)
        try:
            indexed = self.index.get(article_id)
        except ArchiverError as e:
            found("index-damaged", str(e))
            return out
        if indexed is None:
            found("missing-from-index", "not in the index")
        elif sc is not None and indexed != sc:
            fields = sorted(k for k in set(indexed) | set(sc) if indexed.get(k) != sc.get(k))
            found("index-mismatch", f"the index entry differs from the sidecar in {', '.join(fields)}")
        return out

    def _sidecar_vs_warc(self, sc: dict, entry: warc.StoredArticle, rel: str) -> Iterator[tuple[str, str]]:
        where = sc.get("warc") if isinstance(sc.get("warc"), dict) else {}
        records = [r for r in where.get("records") or [] if isinstance(r, dict)]
        keys = [(r.get("file", where.get("file")), r.get("offset")) for r in records]
        if len(set(keys)) != len(keys):
            yield "duplicate-record-ref", "the sidecar lists one WARC record more than once"
        resource = next((r for r in records if r.get("type") in ("resource", "response")), {})
        if (
            where.get("file") != rel
            or resource.get("offset") != entry.resource.offset
            or resource.get("record_id") != entry.resource.record_id
        ):
            yield "sidecar-mismatch", "the sidecar does not name this resource record"
            return
        digests = sc.get("digests") or {}
        if digests.get("raw") != entry.raw_digest:
            yield "sidecar-mismatch", "the raw digest in the sidecar differs from the WARC record"
        if digests.get("normalized") != entry.text_digest:
            yield "sidecar-mismatch", "the text digest in the sidecar differs from the WARC record"
        newest = [r for r in records if r.get("type") == "metadata"]
        if not newest:
            yield "sidecar-mismatch", "the sidecar names no metadata record"
            return
        body = self._metadata_body(newest[-1], where.get("file"), entry, rel)
        if body is None:
            yield "sidecar-mismatch", "the sidecar names a metadata record that cannot be read"
            return
        expected = {**body, "digests": {"raw": entry.raw_digest, "normalized": entry.text_digest}}
        actual = metadata_of(sc)
        if actual != expected:
            fields = sorted(k for k in set(actual) | set(expected) if actual.get(k) != expected.get(k))
            yield "sidecar-mismatch", f"the sidecar differs from its metadata record in {', '.join(fields)}"

    def _metadata_body(self, ref: dict, main_file, entry: warc.StoredArticle, rel: str) -> dict | None:
        file = ref.get("file", main_file)
        first = entry.metadata_refs[0] if entry.metadata_refs else None
        if file == rel and first is not None and ref.get("offset") == first.offset:
            return entry.metadata
        path = self.root / str(file)
        if not path.exists():
            path = path.with_name(path.name + warc.OPEN_SUFFIX)
        try:
            _headers, block = warc.read_record(path, int(ref.get("offset", -1)))
            body = json.loads(block)
        except (ArchiverError, ValueError, TypeError, RecursionError):
            return None
        return body if isinstance(body, dict) else None

    def _confirm_suspects(self) -> None:
        """Look again, under a short write lock, at each article whose derived state looked wrong:
        a writer may have been between its sidecar and its index commit (a retag)."""
        if not self.suspects:
            return
        with self.archive.write_lock(optional=True):
            for entry, rel in self.suspects:
                self.report.problems.extend(self._article_problems(entry, rel))

    # -- what no WARC record backs ---------------------------------------------------------------
    def _check_index_entries(self) -> None:
        try:
            for article_id in self.index.ids():
                if article_id in self.seen:
                    continue
                indexed = self.index.get(article_id)
                if indexed is None or self._lost(indexed):
                    continue  # gone since (a reindex), a live writer's, or already named as damage
                file = (indexed.get("warc") or {}).get("file")
                self.problem(
                    "orphan-index-entry",
                    file,
                    record=article_id,
                    detail=f"{article_id}: indexed, but no closed WARC file holds it",
                )
        except ArchiverError as e:
            self.problem("index-damaged", "index", detail=str(e))

    def _check_sidecar_files(self) -> None:
        for path in self.archive.sidecar_files():
            article_id = path.stem
            if article_id in self.seen:
                continue
            try:
                sc = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as e:
                self.problem(
                    "sidecar-unreadable", self.archive.relative(path), record=article_id, detail=str(e)
                )
                continue
            if isinstance(sc, dict) and self._lost(sc):
                continue
            self.problem(
                "orphan-sidecar",
                self.archive.relative(path),
                record=article_id,
                detail=f"{article_id}: sidecar, but no closed WARC file holds the article",
            )

    def _check_counts(self) -> None:
        if self.index is None:
            return
        for attempt in range(2):
            with self.archive.write_lock(optional=True) if attempt else _nothing():
                sidecars = sum(1 for _ in self.archive.sidecar_files())
                try:
                    indexed = self.index.count()
                except ArchiverError as e:
                    self.problem("index-damaged", "index", detail=str(e))
                    return
            if sidecars == indexed:
                return
        self.problem(
            "count-mismatch", detail=f"{sidecars} sidecars but {indexed} index entries (run a full verify)"
        )


class _nothing:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def problems_by_kind(problems: Iterable[Finding]) -> dict[str, int]:
    """How many findings of each kind (for summaries)."""
    out: dict[str, int] = {}
    for p in problems:
        out[p.kind] = out.get(p.kind, 0) + 1
    return out


__all__ = ["Finding", "Report", "problems_by_kind", "repair", "verify"]
