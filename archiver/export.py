"""Result sets out: any search exported as JSON Lines, CSV, WARC, WACZ or a BagIt bag.

Every format streams: articles are read one at a time from the archive (sidecar, text, records),
so memory stays flat however many match. Nothing in the archive is written: export works on an
archive the caller can only read.

- ``jsonl``: one object per article (id, url, outlet, published, title, byline, text, places with
  GeoNames ids, people, organizations, topics).
- ``csv``: one row per article, lists joined with ``"; "``; UTF-8, with a BOM only for Excel.
- ``warc``: the articles' records copied byte for byte (each record is its own gzip member) after
  a new warcinfo record; imported captures (request, response) come along.
- ``wacz``: WACZ 1.1.1 (that WARC, a CDXJ index, pages.jsonl, datapackage.json with the sha256 of
  each file, datapackage-digest.json), for ReplayWeb.page and pywb.
- ``bagit``: a BagIt 1.0 bag made with the Library of Congress's ``bagit`` package: data/ holds
  the WARC and a JSONL of the sidecars; sha256 and sha512 manifests; bag-info.txt.

``stream_export`` yields the bytes of a JSONL or CSV export (for a web response);
``export`` writes any format to a path.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from archiver.clock import utc_now
from archiver.errors import ArchiveError, MissingDependency, UsageError

FORMATS = ("jsonl", "csv", "warc", "wacz", "bagit")
STREAM_FORMATS = ("jsonl", "csv")
WACZ_VERSION = "1.1.1"
LIST_SEPARATOR = "; "
CSV_COLUMNS = (
    "id",
    "url",
    "outlet",
    "published",
    "title",
    "byline",
    "places",
    "geonames_ids",
    "people",
    "organizations",
    "topics",
    "topic_codes",
    "language",
    "word_count",
    "text",
)
EXCEL_BOM = "\ufeff".encode()


@dataclass(frozen=True)
class ExportOptions:
    """What ``export`` writes and where."""

    fmt: str
    output: Path
    excel: bool = False  # csv: start with a UTF-8 BOM so Excel reads the file as UTF-8
    query: str = ""  # the query as the user typed it, recorded in the bag's bag-info.txt


@dataclass
class ExportSummary:
    """What one export wrote."""

    format: str
    output: str
    articles: int = 0
    records: int = 0  # WARC records copied (warc, wacz, bagit)
    bytes: int = 0
    files: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "output": self.output,
            "articles": self.articles,
            "records": self.records,
            "bytes": self.bytes,
            "files": self.files,
        }


Progress = Callable[[int], None]


def count_matches(archive, request) -> int:
    """How many articles an export of ``request`` will hold (for a progress bar)."""
    from dataclasses import replace

    return archive.search(replace(request, count_only=True, facets=False, limit=1)).total


def stream_export(archive, request, fmt: str) -> Iterator[bytes]:
    """Yield a JSONL or CSV export of a search, a chunk of bytes per article (CSV: header first).

    Args:
        archive: an open ``Archive``.
        request: the ``archiver.index.query.SearchRequest`` (its limit and sort are ignored:
            every match is exported).
        fmt: ``"jsonl"`` or ``"csv"`` (UTF-8, no BOM).

    Raises:
        UsageError: another format (those need a file, see ``export``), or a bad query.
    """
    if fmt not in STREAM_FORMATS:
        raise UsageError(f"cannot stream {fmt!r}: choose jsonl or csv")
    yield from _stream(archive, request, fmt, excel=False, progress=None)


def _stream(archive, request, fmt: str, *, excel: bool, progress: Progress | None) -> Iterator[bytes]:
    if fmt == "csv":
        yield (EXCEL_BOM if excel else b"") + _csv_row(CSV_COLUMNS)
    for n, (sidecar, text) in enumerate(_articles(archive, request), 1):
        obj = article_object(sidecar, text)
        if fmt == "jsonl":
            yield (json.dumps(obj, ensure_ascii=False) + "\n").encode("utf-8")
        else:
            yield _csv_row(_csv_values(obj, sidecar))
        if progress:
            progress(n)


def export_to_stream(archive, request, options: ExportOptions, out, *, progress: Progress | None = None):
    """Write a JSONL or CSV export to an open binary stream (``-o -``: stdout); return the summary."""
    if options.fmt not in STREAM_FORMATS:
        raise UsageError(f"{options.fmt} cannot go to standard output: give a file with -o")
    summary = ExportSummary(format=options.fmt, output="-")

    def counting(n: int) -> None:
        summary.articles = n
        if progress:
            progress(n)

    for chunk in _stream(archive, request, options.fmt, excel=options.excel, progress=counting):
        out.write(chunk)
        summary.bytes += len(chunk)
    out.flush()
    return summary


def _articles(archive, request) -> Iterator[tuple[dict, str]]:
    for article_id in archive.iter_matches(request):
        sidecar = archive.article(article_id)
        yield sidecar, archive.article_text(sidecar)


def article_url(sidecar: dict) -> str | None:
    """The article's web address: the one given, a capture's, or the page's canonical URL."""
    source = sidecar.get("source") or {}
    page = source.get("page") or {}
    capture = source.get("capture") or {}
    return source.get("url") or capture.get("url") or page.get("canonical_url")


def article_object(sidecar: dict, text: str) -> dict[str, Any]:
    """One article as exported to JSONL (and, flattened, to CSV)."""
    outlet = sidecar.get("outlet") or {}
    return {
        "id": sidecar["id"],
        "url": article_url(sidecar),
        "outlet": outlet.get("name"),
        "published": sidecar.get("published"),
        "title": sidecar.get("title"),
        "byline": list(sidecar.get("byline") or []),
        "text": text,
        "places": [
            {
                "name": p.get("name"),
                "geonames_id": p.get("geonames_id"),
                "kind": p.get("kind"),
                "country": p.get("country"),
                "admin1": p.get("admin1"),
                "lat": p.get("lat"),
                "lon": p.get("lon"),
            }
            for p in sidecar.get("locations") or []
        ],
        "people": [p.get("name") for p in sidecar.get("people") or []],
        "organizations": [o.get("name") for o in sidecar.get("organizations") or []],
        "topics": [{"code": t.get("code"), "label": t.get("label")} for t in sidecar.get("topics") or []],
    }


def _csv_values(obj: dict, sidecar: dict) -> list:
    join = LIST_SEPARATOR.join
    return [
        obj["id"],
        obj["url"] or "",
        obj["outlet"] or "",
        obj["published"] or "",
        obj["title"] or "",
        join(obj["byline"]),
        join(p["name"] or "" for p in obj["places"]),
        join(str(p["geonames_id"]) if p["geonames_id"] is not None else "" for p in obj["places"]),
        join(obj["people"]),
        join(obj["organizations"]),
        join(t["label"] or "" for t in obj["topics"]),
        join(t["code"] or "" for t in obj["topics"]),
        sidecar.get("language") or "",
        sidecar.get("word_count") or 0,
        obj["text"],
    ]


def _csv_row(values) -> bytes:
    buf = io.StringIO()
    csv.writer(buf).writerow(values)
    return buf.getvalue().encode("utf-8")


def export(
    archive,
    request,
    options: ExportOptions,
    *,
    progress: Progress | None = None,
    clock: Callable[[], datetime] = utc_now,
    make_id: Callable[[], str] | None = None,
) -> ExportSummary:
    """Export every article a search matches to ``options.output`` in ``options.fmt``.

    The output appears whole or not at all (written beside it, then renamed).

    Raises:
        UsageError: unknown format, or the output exists (a bag's directory must not).
        ArchiveError: the output cannot be written or a record cannot be read.
        MissingDependency: wacz/bagit without their optional packages.
    """
    fmt = options.fmt
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    out = Path(options.output)
    if fmt == "bagit" and out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise UsageError(f"{out} exists and is not an empty directory: a bag needs a new directory")
    if out.is_dir() and fmt != "bagit":
        raise UsageError(f"{out} is a directory: give a file name (e.g. {out / ('export.' + _suffix(fmt))})")
    summary = ExportSummary(format=fmt, output=str(out))
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        if fmt in STREAM_FORMATS:
            _write_stream(archive, request, options, summary, progress)
        elif fmt == "warc":
            with _atomic(out) as tmp, tmp.open("wb") as f:
                _write_warc(archive, request, f, out.name, summary, progress, clock, make_id)
        elif fmt == "wacz":
            _write_wacz(archive, request, options, summary, progress, clock, make_id)
        else:
            _write_bag(archive, request, options, summary, progress, clock, make_id)
    except OSError as e:
        raise ArchiveError(f"cannot write {e.filename or out}: {e.strerror or e}") from e
    summary.bytes = _size(out)
    summary.files = _files(out)
    return summary


def _suffix(fmt: str) -> str:
    return {"warc": "warc.gz"}.get(fmt, fmt)


class _atomic:
    """Write to ``NAME.partial`` and rename to ``NAME`` on success; remove it on failure."""

    def __init__(self, path: Path):
        self.path = path
        self.tmp = path.with_name(f".{path.name}.{os.getpid()}.partial")

    def __enter__(self) -> Path:
        return self.tmp

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            os.replace(self.tmp, self.path)
        elif self.tmp.is_dir():
            shutil.rmtree(self.tmp, ignore_errors=True)
        else:
            self.tmp.unlink(missing_ok=True)


def _write_stream(archive, request, options: ExportOptions, summary: ExportSummary, progress) -> None:
    def counting(n: int) -> None:
        summary.articles = n
        if progress:
            progress(n)

    with _atomic(Path(options.output)) as tmp, tmp.open("wb") as f:
        for chunk in _stream(archive, request, options.fmt, excel=options.excel, progress=counting):
            f.write(chunk)


def _write_warc(
    archive, request, f, filename: str, summary: ExportSummary, progress, clock, make_id, sidecars=None
) -> list[dict]:
    """Write the warcinfo and every matching article's records; return the pages (for WACZ).

    ``sidecars`` (a binary file) receives one JSON line per article's sidecar (for the bag).
    """
    from archiver import __version__
    from archiver.warc import member_headers, warcinfo_member

    info = {
        "software": f"archiver/{__version__}",
        "format": "WARC File Format 1.1",
        "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
        "isPartOf": (archive.settings.get("settings") or {}).get("collection") or "archiver",
        "description": "archiver export",
    }
    f.write(warcinfo_member(filename, info, clock(), make_id))
    summary.records = 1
    pages = []
    for article_id in archive.iter_matches(request):
        sidecar = archive.article(article_id)
        page = None
        for rtype, member in archive.record_members(sidecar):
            f.write(member)
            summary.records += 1
            if page is None and rtype in ("resource", "response"):
                h = member_headers(member)
                page = {
                    "id": sidecar["id"],
                    "url": h.get("WARC-Target-URI", ""),
                    "ts": h.get("WARC-Date", ""),
                    "title": sidecar.get("title") or "",
                }
        if page is not None:
            pages.append(page)
        if sidecars is not None:
            sidecars.write((json.dumps(sidecar, ensure_ascii=False) + "\n").encode("utf-8"))
        summary.articles += 1
        if progress:
            progress(summary.articles)
    return pages


def _write_wacz(archive, request, options: ExportOptions, summary, progress, clock, make_id) -> None:
    from archiver import __version__
    from archiver.warc import file_sha256

    out = Path(options.output)
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=f".{out.name}.") as work:
        warc_path = Path(work) / "data.warc.gz"
        with warc_path.open("wb") as f:
            pages = _write_warc(archive, request, f, warc_path.name, summary, progress, clock, make_id)
        cdx = Path(work) / "index.cdx"
        with cdx.open("w", encoding="utf-8") as f:
            write_cdxj(warc_path, f)
        pages_path = Path(work) / "pages.jsonl"
        with pages_path.open("w", encoding="utf-8") as f:
            f.write(json.dumps({"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}) + "\n")
            for p in pages:
                f.write(json.dumps(p, ensure_ascii=False) + "\n")
        entries = [
            ("archive/data.warc.gz", warc_path),
            ("indexes/index.cdx", cdx),
            ("pages/pages.jsonl", pages_path),
        ]
        created = clock().strftime("%Y-%m-%dT%H:%M:%SZ")
        package = {
            "profile": "data-package",
            "resources": [
                {
                    "name": Path(name).name,
                    "path": name,
                    "hash": "sha256:" + file_sha256(path),
                    "bytes": _size(path),
                }
                for name, path in entries
            ],
            "wacz_version": WACZ_VERSION,
            "title": f"archiver export: {options.query}" if options.query else "archiver export",
            "created": created,
            "software": f"archiver {__version__}",
        }
        package_bytes = json.dumps(package, indent=2).encode("utf-8")
        digest = {"path": "datapackage.json", "hash": "sha256:" + hashlib.sha256(package_bytes).hexdigest()}
        with _atomic(out) as tmp:
            # Stored, not deflated: ReplayWeb.page reads WARC records by offset inside the zip.
            with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED) as z:
                for name, path in entries:
                    z.write(path, name)
                z.writestr("datapackage.json", package_bytes)
                z.writestr("datapackage-digest.json", json.dumps(digest, indent=2))


def _write_bag(archive, request, options: ExportOptions, summary, progress, clock, make_id) -> None:
    try:
        import bagit
    except ImportError as e:
        raise MissingDependency("BagIt export needs bagit: pip install 'archiver[export]'") from e
    from archiver import __version__

    out = Path(options.output)
    with _atomic(out) as tmp:
        tmp.mkdir()
        with (tmp / "articles.warc.gz").open("wb") as f, (tmp / "articles.jsonl").open("wb") as sc:
            _write_warc(
                archive, request, f, "articles.warc.gz", summary, progress, clock, make_id, sidecars=sc
            )
        settings = archive.settings.get("settings") or {}
        info = {
            "Source-Organization": settings.get("operator") or settings.get("collection") or "archiver",
            "Bagging-Date": clock().date().isoformat(),
            "External-Description": (
                f"archiver export of {summary.articles} articles: data/articles.warc.gz (WARC records) "
                "and data/articles.jsonl (their sidecars)"
            ),
            "Archiver-Query": options.query or "(everything)",
            "Bag-Software-Agent": f"archiver {__version__} with bagit.py",
        }
        try:
            bagit.make_bag(str(tmp), bag_info=info, checksums=["sha256", "sha512"])
        except (bagit.BagError, OSError) as e:
            raise ArchiveError(f"cannot make the bag {out}: {e}") from e


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size if path.exists() else 0


def _files(path: Path) -> list[str]:
    if path.is_dir():
        return sorted(p.relative_to(path).as_posix() for p in path.rglob("*") if p.is_file())
    return [path.name]


def write_cdxj(warc_path: Path, out) -> None:
    """Write the sorted CDXJ index of a WARC file (pywb's and ReplayWeb.page's) to a text stream.

    Raises MissingDependency when ``cdxj-indexer`` is not installed.
    """
    try:
        from cdxj_indexer.main import CDXJIndexer
    except ImportError as e:
        from archiver.errors import MissingDependency

        raise MissingDependency("WACZ export needs cdxj-indexer: pip install 'archiver[export]'") from e
    CDXJIndexer(out, [str(warc_path)], sort=True).process_all()
