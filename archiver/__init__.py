"""archiver: a command-line news archive (WARC/1.1 master copies, tags, search)."""

__all__ = ["__version__"]


def __getattr__(name: str) -> str:
    # The version is read from the installed metadata on first use: importlib.metadata costs more
    # at start-up than the rest of `archiver --help`.
    if name != "__version__":
        raise AttributeError(f"module 'archiver' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        value = version("archiver")
    except PackageNotFoundError:  # running from a source tree that is not installed
        value = "0.0.0"
    globals()["__version__"] = value
    return value
