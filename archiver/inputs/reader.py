"""Reading input: files, directories, stdin and JSON Lines batches, as raw bytes per article.

Nothing here decodes or changes the bytes: an ``InputItem`` carries exactly what the user
handed over (for JSONL, the UTF-8 bytes of the line's ``text``), so the archive can keep the
original untouched. Problems with one item travel as data (``InputItem.error``) so that a batch
goes on past it.
"""

from __future__ import annotations

import errno
import json
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from archiver.errors import InputError, InputTooLarge

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
JSONL_SUFFIXES = (".jsonl", ".ndjson")
JSONL_FIELDS = ("text", "id", "url", "outlet", "title", "published")
CRAWL_SUFFIXES = (".warc", ".warc.gz", ".wacz")


@dataclass(frozen=True)
class Given:
    """What the user states about an article; it wins over anything guessed from the text."""

    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    source_id: str | None = None

    def merged(self, other: Given) -> Given:
        """Return a copy where the fields set in ``other`` replace ours."""
        return replace(self, **{k: v for k, v in other.__dict__.items() if v is not None})


@dataclass(frozen=True)
class Capture:
    """An HTTP capture taken from a crawl's WARC file, kept verbatim so it can be replayed.

    ``response`` (and ``request``) are the records exactly as the crawler wrote them
    (uncompressed: header block, content block, the two CRLFs); the article's text comes
    from the response's payload (``InputItem.data``).
    """

    response: bytes
    request: bytes | None
    record_id: str  # the response's WARC-Record-ID
    target_uri: str  # WARC-Target-URI: the http(s) URL captured
    date: str  # WARC-Date, as the crawler wrote it
    block_digest: str  # sha256:<hex> of the response's content block
    content_type: str | None = None  # the HTTP Content-Type of the payload


@dataclass(frozen=True)
class InputItem:
    """One article's raw bytes and where they came from (or why they could not be read).

    An item with ``skipped`` set carries no article: it reports the records of a crawl that
    were not articles (images, redirects, revisits, ...), counted by reason.
    """

    source: str  # what the user sees: the path, "-", "path:LINE" for JSONL, "path@OFFSET" for WARC
    kind: str  # "path" | "stdin" | "jsonl" | "warc"
    data: bytes | None
    given: Given
    path: str | None = None
    line: int | None = None
    error: InputError | None = None
    media_type: str | None = None  # "text/html" | "text/plain" when known; None: sniff the bytes
    capture: Capture | None = None
    skipped: dict[str, int] | None = None
    known_id: str | None = None  # a capture already in the archive (a duplicate, nothing to prepare)


def iter_inputs(
    sources: list[str],
    *,
    fmt: str = "auto",
    given: Given | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: BinaryIO | None = None,
) -> Iterator[InputItem]:
    """Yield one ``InputItem`` per article found in ``sources``, in order.

    Args:
        sources: paths (files or directories, walked recursively in name order) or ``-``.
        fmt: ``auto`` (``.jsonl`` files and stdin that starts with ``{`` are JSONL), ``text``
            or ``jsonl``.
        given: options the user gave on the command line (apply to every item; JSONL fields win).
        max_bytes: the size limit of one article.
        stdin: the binary stream behind ``-``.
    """
    given = given or Given()
    for source in sources:
        if source == "-":
            yield from _read_stdin(stdin, fmt, given, max_bytes)
            continue
        path = Path(source)
        problem = _path_problem(path)
        if problem:
            yield _failed(source, problem, given)
        elif path.is_dir():
            for child in _walk(path):
                if isinstance(child, OSError):
                    where = display_path(str(child.filename))
                    yield _failed(where, f"cannot read directory ({child.strerror})", given)
                else:
                    yield from _read_file(child, fmt, given, max_bytes)
        else:
            yield from _read_file(path, fmt, given, max_bytes)


def _failed(source: str, message: str, given: Given, **kw) -> InputItem:
    return InputItem(
        source=source, kind=kw.pop("kind", "path"), data=None, given=given, error=InputError(message), **kw
    )


def _path_problem(path: Path) -> str | None:
    """Say what is wrong with a path before reading it, or None."""
    try:
        path.stat()
    except OSError as e:
        if e.errno == errno.ELOOP:
            return "symlink loop"
        if path.is_symlink():
            return f"broken symlink (points to {os.readlink(path)})"
        if e.errno == errno.ENOENT:
            return "no such file or directory"
        if e.errno == errno.EACCES:
            return "permission denied"
        return str(e.strerror or e)
    return None


def _walk(root: Path) -> Iterator[Path | OSError]:
    """Files under ``root`` in a stable order, skipping hidden entries and symlinked directories.

    A directory that cannot be read is yielded as its ``OSError``: it fails as an item of the
    batch instead of silently leaving its articles out.
    """
    errors: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False, onerror=errors.append):
        yield from errors
        errors.clear()
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(dirpath) / name
    yield from errors


def _is_jsonl_path(path: Path, fmt: str) -> bool:
    return fmt == "jsonl" or (fmt == "auto" and path.suffix.lower() in JSONL_SUFFIXES)


def display_path(path: str | Path) -> str:
    """A path as text that can always be printed and written as UTF-8: bytes of a file name that
    are not UTF-8 (held as lone surrogates by Python) are shown as backslash escapes
    (``caf\\xe9.txt`` for the Latin-1 name ``café.txt``).
    """
    text = str(path)
    if _is_unicode(text):
        return text
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _read_file(path: Path, fmt: str, given: Given, max_bytes: int) -> Iterator[InputItem]:
    source = str(path)
    if not _is_unicode(source):
        # The name goes into the sidecar and the WARC metadata as UTF-8 JSON; one that is not
        # UTF-8 would fail the whole batch there. Fail this one file, naming it readably.
        yield _failed(display_path(source), "the file name is not valid UTF-8: rename the file", given)
        return
    problem = _path_problem(path)
    if problem:
        yield _failed(source, problem, given)
        return
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            yield _failed(source, "not a regular file", given)
            return
        if _is_jsonl_path(path, fmt):
            with path.open("rb") as f:
                yield from _read_jsonl(f, source, given, max_bytes)
            return
        if fmt == "auto" and path.name.lower().endswith(CRAWL_SUFFIXES):
            from archiver.inputs.crawl import iter_crawl

            yield from iter_crawl(path, given=given, max_bytes=max_bytes)
            return
        if st.st_size > max_bytes:
            yield _failed(source, _too_large(st.st_size, max_bytes), given)
            return
        with path.open("rb") as f:
            data = f.read(max_bytes + 1)
    except OSError as e:
        yield _failed(source, f"cannot read ({e.strerror or e})", given)
        return
    if len(data) > max_bytes:
        yield _failed(source, _too_large(len(data), max_bytes), given)
        return
    yield InputItem(
        source=source,
        kind="path",
        data=data,
        given=given,
        path=str(path.resolve()),
        media_type=_media(path, fmt),
    )


def _media(path: Path, fmt: str) -> str | None:
    if fmt == "text":
        return "text/plain"  # the user said so: markup stays text
    from archiver.inputs.html import HTML_SUFFIXES

    return "text/html" if path.suffix.lower() in HTML_SUFFIXES else None


def _too_large(size: int, max_bytes: int) -> str:
    return f"text too large ({size:,} bytes; the limit is {max_bytes:,}, see --max-bytes)"


def _read_stdin(stdin: BinaryIO | None, fmt: str, given: Given, max_bytes: int) -> Iterator[InputItem]:
    if stdin is None:
        yield _failed("-", "no standard input available", given, kind="stdin")
        return
    if fmt == "jsonl":
        yield from _read_jsonl(stdin, "-", given, max_bytes)
        return
    head = stdin.read(1) if fmt == "auto" else b""
    while fmt == "auto" and head.isspace():
        nxt = stdin.read(1)
        if not nxt:
            break
        head += nxt
    if fmt == "auto" and head.lstrip().startswith(b"{"):
        yield from _read_jsonl(_Prefixed(head, stdin), "-", given, max_bytes)
        return
    data = head + stdin.read(max_bytes + 1 - len(head))
    if len(data) > max_bytes:
        yield _failed("-", _too_large(len(data), max_bytes), given, kind="stdin")
        return
    yield InputItem(
        source="-", kind="stdin", data=data, given=given, media_type="text/plain" if fmt == "text" else None
    )


class _Prefixed:
    """A binary stream with some already-read bytes put back in front."""

    def __init__(self, head: bytes, rest: BinaryIO):
        self._head, self._rest = head, rest

    def __iter__(self) -> Iterator[bytes]:
        first = self._head + self._rest.readline()
        if first:
            yield first
        yield from self._rest


def _read_jsonl(stream, source: str, given: Given, max_bytes: int) -> Iterator[InputItem]:
    """One item per non-blank line: ``{"text", "id"?, "url"?, "outlet"?, "title"?, "published"?}``."""
    for number, line in enumerate(stream, 1):
        label = f"{source}:{number}"
        if not line.strip():
            continue
        if len(line) > max_bytes * 2 + 1024:  # JSON escaping can double the size of the text
            yield _failed(label, _too_large(len(line), max_bytes), given, kind="jsonl", line=number)
            continue
        try:
            obj = json.loads(line)
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            yield _failed(
                label, f"line {number}: not valid JSON ({_short(e)})", given, kind="jsonl", line=number
            )
            continue
        except RecursionError:
            problem = f"line {number}: JSON nested too deeply to read"
            yield _failed(label, problem, given, kind="jsonl", line=number)
            continue
        problem = _jsonl_problem(obj, number)
        if problem:
            yield _failed(label, problem, given, kind="jsonl", line=number)
            continue
        data = obj["text"].encode("utf-8", "surrogatepass")
        line_given = given.merged(
            Given(
                url=obj.get("url"),
                outlet=obj.get("outlet"),
                title=obj.get("title"),
                published=obj.get("published"),
                source_id=_str_or_none(obj.get("id")),
            )
        )
        item = InputItem(
            source=label,
            kind="jsonl",
            data=data,
            given=line_given,
            path=None if source == "-" else str(Path(source).resolve()),
            line=number,
        )
        if len(data) > max_bytes:
            item = replace(item, data=None, error=InputTooLarge(_too_large(len(data), max_bytes)))
        yield item


def _short(e: Exception) -> str:
    return str(e).split("\n")[0][:120]


def _str_or_none(v) -> str | None:
    return None if v is None else str(v)


def _jsonl_problem(obj, number: int) -> str | None:
    if not isinstance(obj, dict):
        return f'line {number}: expected a JSON object with a "text" field'
    if not isinstance(obj.get("text"), str):
        return f'line {number}: missing "text" (a string)'
    for name in ("url", "outlet", "title", "published"):
        if obj.get(name) is not None and not isinstance(obj[name], str):
            return f'line {number}: "{name}" must be a string'
    for name in JSONL_FIELDS:
        value = obj.get(name)
        if isinstance(value, str) and not _is_unicode(value):
            return f'line {number}: "{name}" holds a lone surrogate (an escape like \\ud800), not text'
    if obj.get("id") is not None and not isinstance(obj["id"], (str, int)):
        return f'line {number}: "id" must be a string or a number'
    return None


def _is_unicode(value: str) -> bool:
    """Whether ``value`` can be written as UTF-8 (JSON lets ``"\\ud800"`` through; UTF-8 cannot)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
