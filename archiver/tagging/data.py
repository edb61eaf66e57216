"""The tagger's data files, read one way: from ``archiver/data/`` with importlib.resources.

Every tagger module loads its data through ``read_data``, once and lazily; a missing or unreadable
file is an installation problem, reported as ``DataFileMissing`` rather than silently tagging
nothing.
"""

from __future__ import annotations

from importlib import resources

from archiver.errors import DataFileMissing

PACKAGE = "archiver"
DATA_DIR = "data"


def read_data(name: str) -> bytes:
    """The bytes of the shipped data file ``name`` ("gazetteer.bin").

    Raises:
        DataFileMissing: the file is not in the installed package.
    """
    try:
        return (resources.files(PACKAGE) / DATA_DIR / name).read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as e:
        raise DataFileMissing(f"tagger data file {name} is missing; reinstall archiver") from e


def read_data_text(name: str) -> str:
    """The text (UTF-8) of the shipped data file ``name``; see ``read_data``."""
    return read_data(name).decode("utf-8")
