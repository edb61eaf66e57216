"""The exceptions library code raises; each carries a one-line message a user can act on."""


class ArchiverError(Exception):
    """Base class of every error archiver reports to a user."""

    exit_code = 1


class UsageError(ArchiverError):
    """The user asked for something malformed (bad query, bad date, bad option value)."""

    exit_code = 2


class QuerySyntaxError(UsageError):
    """A search query that cannot be parsed."""


class InputError(ArchiverError):
    """One input item cannot be archived (empty, binary, too large, unreadable, bad JSONL line)."""


class EmptyInput(InputError):
    """The input holds no text."""


class BinaryInput(InputError):
    """The input is not text (an image, a PDF, ...)."""


class InputTooLarge(InputError):
    """The input is over the size limit."""


class ArchiveError(ArchiverError):
    """The archive cannot be opened, read or written."""


class RecordNotFound(ArchiverError):
    """No article matches the id or prefix given."""


class AmbiguousId(UsageError):
    """An id prefix matches more than one article."""


class InternalError(ArchiverError):
    """A bug met while processing one item; batches contain it and mark the item for retry."""


class DamagedInput(InputError):
    """An input file is damaged (a truncated or corrupt WARC): what is intact was read."""


class MissingDependency(ArchiverError):
    """An optional feature needs a package that is not installed."""


class DataFileMissing(ArchiverError):
    """A data file that ships inside the package (gazetteer, model, registry) cannot be read."""
