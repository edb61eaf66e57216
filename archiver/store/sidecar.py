"""The JSON sidecar of one article (DESIGN section 5): build, write atomically, read.

The sidecar is derived data: its content minus the ``warc`` locations is exactly the body of
the article's newest ``metadata`` record, so ``reindex`` rebuilds it from the WARC files alone.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

from archiver.clock import iso_utc
from archiver.errors import ArchiveError
from archiver.inputs.article import PreparedArticle

SCHEMA_VERSION = "archiver.article/1"
# Key order of a sidecar; kept stable so files diff cleanly and golden tests stay meaningful.
FIELDS = (
    "schema",
    "id",
    "title",
    "byline",
    "dateline",
    "published",
    "ingested",
    "source",
    "language",
    "word_count",
    "outlet",
    "locations",
    "people",
    "organizations",
    "topics",
    "duplicates_of",
    "versions",
    "digests",
    "warc",
    "normalization",
    "tool",
)
EMPTY_TAGS = {"outlet": None, "locations": [], "people": [], "organizations": [], "topics": []}


def tool_info(tagged: bool) -> dict[str, Any]:
    """The sidecar's ``tool`` part: archiver's version and, when ``tagged``, the tagger's."""
    from archiver import __version__
    from archiver.tagging import TAGGER_VERSION

    return {"name": "archiver", "version": __version__, "tagger": TAGGER_VERSION if tagged else None}


def build_metadata(
    art: PreparedArticle, *, ingested: datetime, duplicates_of: list[str] | None = None
) -> dict[str, Any]:
    """The sidecar content without the ``warc`` locations: the body of the metadata record."""
    tags = art.tags or EMPTY_TAGS
    return {
        "schema": SCHEMA_VERSION,
        "id": art.id,
        "title": art.title,
        "byline": art.byline,
        "dateline": art.dateline,
        "published": art.published,
        "ingested": iso_utc(ingested),
        "source": art.source,
        "language": art.language,
        "word_count": art.word_count,
        "outlet": tags.get("outlet"),
        "locations": tags.get("locations", []),
        "people": tags.get("people", []),
        "organizations": tags.get("organizations", []),
        "topics": tags.get("topics", []),
        "duplicates_of": duplicates_of or [],
        "versions": [],
        "digests": {"raw": art.raw_digest, "normalized": art.text_digest},
        "normalization": {"charset": art.charset, "changes": art.changes},
        "tool": tool_info(art.tags is not None),
    }


def with_warc(metadata: dict[str, Any], file: str, records: list[dict]) -> dict[str, Any]:
    """The full sidecar: metadata plus where its records are, in the fixed key order."""
    full = {**metadata, "warc": {"file": file, "records": records}}
    return {k: full.get(k) for k in FIELDS}


def retagged(sidecar: dict[str, Any], tags: dict[str, Any]) -> dict[str, Any]:
    """A copy of a sidecar's metadata with new tags and the current tool version."""
    meta = {k: v for k, v in sidecar.items() if k != "warc"}
    meta.update({k: tags.get(k, EMPTY_TAGS[k]) for k in EMPTY_TAGS})
    meta["tool"] = tool_info(True)
    return meta


def sidecar_path(root: Path, article_id: str) -> Path:
    """Where an article's sidecar lives: ``ROOT/sidecars/<first two id characters>/<id>.json``."""
    return root / "sidecars" / article_id[:2] / f"{article_id}.json"


def write_sidecar(root: Path, sidecar: dict[str, Any]) -> Path:
    """Write a sidecar atomically (temp file + rename); no fsync: it is derived data."""
    path = sidecar_path(root, sidecar["id"])
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        # Compact on purpose: json's C encoder is only used without indent (3x faster at ingest);
        # `archiver show ID --json` pretty-prints.
        tmp.write_text(json.dumps(sidecar, ensure_ascii=False) + "\n", encoding="utf-8")
        os.replace(tmp, path)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise ArchiveError(f"cannot write sidecar {path}: {e.strerror or e}") from e
    return path


def write_sidecars(root: Path, sidecars: list[dict[str, Any]]) -> None:
    """Write many sidecars; file creation is latency-bound, so a few threads overlap it."""
    if len(sidecars) < 8:
        for sc in sidecars:
            write_sidecar(root, sc)
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=4) as pool:
        for _ in pool.map(lambda sc: write_sidecar(root, sc), sidecars):
            pass  # re-raises the first failure


def read_sidecar(root: Path, article_id: str) -> dict[str, Any] | None:
    """Read a sidecar, or None when it is missing. Raises ArchiveError when it is not JSON."""
    path = sidecar_path(root, article_id)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ArchiveError(f"sidecar {path} is unreadable: {e}") from e
