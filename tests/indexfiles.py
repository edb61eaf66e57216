"""Where the derived index lives on disk, for tests that damage or remove it on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

from archiver.index.catalog import CATALOG_FILENAME
from archiver.index.engine import INDEX_DIRNAME


def catalog_path(root: Path) -> Path:
    """The current index generation's SQLite catalog (ids, digests, sidecars)."""
    return (Path(root) / INDEX_DIRNAME / "current").resolve() / CATALOG_FILENAME


def remove_index(root: Path) -> None:
    """Delete the whole derived index (every generation)."""
    shutil.rmtree(Path(root) / INDEX_DIRNAME)
