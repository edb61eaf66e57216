"""archiver: a command-line news archive (WARC/1.1 master copies, tags, search)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("archiver")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

__all__ = ["__version__"]
