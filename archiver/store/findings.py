"""Problems as data: what ``verify``, ``repair`` and ``reindex`` find, each a typed ``Finding``.

A finding says what is wrong (``kind``), where (``file``, ``offset``, ``record``) and a readable
``detail``. Whether ``archiver repair`` can make it go away is a property of its kind: derived
files (sidecars, the index, manifests of intact files, ``archive.json``) can be rebuilt; damage
to a closed WARC file's bytes cannot, and is named until the file is restored from a copy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Damage to the preservation master: never rewritten, so named on every run.
MASTER_KINDS = frozenset(
    {
        "damaged-record",  # a gzip member or WARC record that cannot be read
        "digest-mismatch",  # a record whose block digest does not match its bytes
        "manifest-mismatch",  # the file's bytes differ from its .sha256 manifest
        "warc-missing",  # a .sha256 manifest whose WARC file is gone
        "layout",  # a record against the layout rules (not WARC/1.1, no leading warcinfo)
    }
)
# Derived state that ``repair`` rebuilds from the WARC files.
REPAIRABLE_KINDS = frozenset(
    {
        "missing-manifest",
        "dead-writer",
        "missing-sidecar",
        "sidecar-unreadable",
        "sidecar-mismatch",
        "duplicate-record-ref",
        "orphan-sidecar",
        "missing-from-index",
        "index-mismatch",
        "orphan-index-entry",
        "index-damaged",
        "archive-json",
        "count-mismatch",
    }
)


@dataclass(frozen=True)
class Finding:
    """One problem, with where it is. ``offset`` is a byte offset in ``file`` when it applies."""

    kind: str
    file: str | None = None
    offset: int | None = None
    record: str | None = None
    detail: str = ""

    @property
    def repairable(self) -> bool:
        """Whether ``repair`` can fix it (derived state); damage to WARC bytes is not."""
        return self.kind in REPAIRABLE_KINDS

    @property
    def message(self) -> str:
        """The detail, as a line a user reads (kept for the renderers)."""
        return self.detail

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "file": self.file,
            "offset": self.offset,
            "record": self.record,
            "detail": self.detail,
            "repairable": self.repairable,
        }


@dataclass
class Report:
    """What ``verify``, ``repair`` or ``reindex`` did: counts, problems and (repair) actions."""

    files: int = 0
    articles: int = 0
    problems: list[Finding] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    skipped_live: int = 0  # .open files of live writers, left out of the snapshot
    fast: bool = False


__all__ = ["MASTER_KINDS", "REPAIRABLE_KINDS", "Finding", "Report"]
