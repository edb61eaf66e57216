"""The browser face of an archive: a read-only Starlette app (``archiver serve``).

Every route is a GET that calls the same library functions the CLI calls (``Archive.search``,
``Archive.show``, ``build_timeline``, ``stream_export``) and renders what they return with Jinja2
(autoescape on: no string from an article, a tag or a query is ever marked safe). An archive is
opened per request and closed after it, so each request reads the latest committed state of the
index while ``add`` writes (SQLite WAL readers never wait for the writer), and no connection is
shared between threads. Nothing in here writes to the archive.

Safety: a strict Content-Security-Policy (scripts and styles from this server only, no inline
script), article ids from URLs are checked against ``ID_PATTERN`` before anything is looked up,
static files come from the package's own directory (Starlette refuses paths that leave it), and a
malformed parameter is a 400 page carrying the parser's message.
"""

from __future__ import annotations

import functools
import inspect
import json
import queue
import re
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from archiver.errors import ArchiveError, ArchiverError, RecordNotFound, UsageError
from archiver.index.query import request_query
from archiver.web import view as v

ID_PATTERN = re.compile(r"[0-9a-fA-F]{4,64}")
STATIC = Path(__file__).resolve().parent / "static"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
MORE_LIKE_THIS = 6
MORE_LIKE_CANDIDATES = 60
EXPORT_FORMATS = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson"}


def create_app(root: Path) -> Starlette:
    """The web app over the archive at ``root`` (opened read-only, per request)."""
    env = Environment(
        loader=PackageLoader("archiver.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(mention_title=v.mention_title, segments=v.segments)
    web = _Web(Path(root), env)
    routes = [
        Route("/", web.search_page),
        Route("/article/{article_id}", web.article_page),
        Route("/raw/{article_id}", web.raw),
        Route("/record/{article_id}", web.record),
        Route("/export.{fmt}", web.export),
        Route("/api/search", web.api_search),
        Route("/api/article/{article_id}", web.api_article),
        Route("/api/timeline", web.api_timeline),
        Mount("/static", app=StaticFiles(directory=STATIC), name="static"),
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={HTTPException: web.http_error, Exception: web.internal_error},
    )
    app.add_middleware(_SecurityHeaders)
    return app


class _SecurityHeaders:
    """Adds the security headers to every response (pure ASGI: streaming bodies stay streamed)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, val) for k, val in message.get("headers", []) if k.decode().lower() != "server"
                ]
                headers.extend((k.lower().encode(), val.encode()) for k, val in SECURITY_HEADERS.items())
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class _Web:
    """The route handlers; each opens the archive for its own request."""

    def __init__(self, root: Path, env: Environment) -> None:
        self.root = root
        self.env = env

    # -- plumbing --------------------------------------------------------------------------------
    @contextmanager
    def archive(self) -> Iterator[Any]:
        from archiver.store.archive import Archive

        # Read-only where the store offers it (SQLite opened with mode=ro); never create anything.
        archive = Archive(self.root, **({"read_only": True} if _store_has_read_only() else {}))
        try:
            yield archive
        finally:
            archive.close()

    def page(self, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        html = self.env.get_template(name).render(**context)
        return HTMLResponse(html, status_code=status_code)

    def error_page(self, status: int, message: str, *, api: bool, view=None) -> Response:
        if api:
            return JSONResponse({"error": message, "status": status}, status_code=status)
        return self.page("error.html", status, status=status, message=message, view=view or v.SearchView())

    def fail(self, e: ArchiverError, *, api: bool, view=None) -> Response:
        """The response for a library error: 400 usage, 404 not found, 503 archive unreadable."""
        if isinstance(e, UsageError):
            status = 400
        elif isinstance(e, RecordNotFound):
            status = 404
        elif isinstance(e, ArchiveError):
            status = 503
        else:
            status = 500
        return self.error_page(status, str(e), api=api, view=view)

    async def http_error(self, request: Request, exc: HTTPException) -> Response:
        api = request.url.path.startswith("/api/")
        message = {404: "no such page", 405: "this server is read-only: only GET is allowed"}.get(
            exc.status_code, exc.detail
        )
        response = self.error_page(exc.status_code, message, api=api)
        if exc.status_code == 405:
            response.headers["Allow"] = "GET, HEAD"
        return response

    async def internal_error(self, request: Request, exc: Exception) -> Response:
        api = request.url.path.startswith("/api/")
        return self.error_page(500, f"internal error: {type(exc).__name__}", api=api)

    def _view(self, request: Request):
        return v.SearchView.from_params(request.query_params.multi_items())

    def _article_id(self, request: Request) -> str:
        article_id = request.path_params["article_id"]
        if not ID_PATTERN.fullmatch(article_id):
            raise HTTPException(404)
        return article_id

    # -- search ----------------------------------------------------------------------------------
    def _search(self, request: Request):
        view = self._view(request)
        with self.archive() as archive:
            result = archive.search(view.request())
        return view, result

    def search_page(self, request: Request) -> Response:
        """The search page, sent in two parts: the results as soon as the search has run, then the
        facets, counted while the browser already draws the results (CSS puts them on the left).
        A bad query fails the first search, so it is still a whole 400 page."""
        view = None
        try:
            view = self._view(request)
            with self.archive() as archive:
                result = archive.search(view.request(facets=False))
        except ArchiverError as e:
            return self.fail(e, api=False, view=view or _lenient_view(request))

        def facets() -> dict[str, Any]:
            try:
                with self.archive() as archive:
                    counted = archive.search(view.request(limit=0, facets=True))
            except ArchiverError as e:  # the page is half sent: say so where the facets would be
                return {"groups": [], "sampled": False, "error": str(e)}
            return {
                "groups": v.facet_groups(counted.facets),
                "sampled": bool(getattr(counted, "facets_sampled", False)),
                "error": None,
            }

        hits = view.page_hits(result.hits)
        pages = max(1, min(-(-result.total // view.size), v.MAX_DEPTH // view.size))
        context = dict(
            view=view,
            result=result,
            hits=hits,
            first=(view.page - 1) * view.size + 1,
            pages=pages,
            facets=facets,
            filter_labels=v.FILTER_LABELS,
            timeline_src=view.url("/api/timeline"),
            brush_base=view.url(since="", until=""),
        )
        template = self.env.get_template("search.html")
        return StreamingResponse(
            _in_one_thread(lambda: _flushed(template.generate(**context))),
            media_type="text/html; charset=utf-8",
        )

    def api_search(self, request: Request) -> Response:
        try:
            view, result = self._search(request)
        except ArchiverError as e:
            return self.fail(e, api=True)
        return JSONResponse(
            {
                "query": view.query(),
                "total": result.total,
                "total_exact": getattr(result, "total_exact", True),
                "page": view.page,
                "size": view.size,
                "hits": [v.hit_json(h) for h in view.page_hits(result.hits)],
                "facets": {
                    key: [[val, n] for val, n in values] for key, values in (result.facets or {}).items()
                },
                "facets_sampled": getattr(result, "facets_sampled", False),
                "ranked_within": getattr(result, "ranked_within", None),
            }
        )

    def api_timeline(self, request: Request) -> Response:
        from archiver.timeline import build_timeline

        try:
            view = self._view(request)
            with self.archive() as archive:
                timeline = build_timeline(
                    archive, view.request(limit=0, facets=False), by=view.by, split=view.split or None
                )
        except ArchiverError as e:
            return self.fail(e, api=True)
        return JSONResponse(v.timeline_json(timeline))

    def export(self, request: Request) -> Response:
        fmt = request.path_params["fmt"]
        if fmt not in EXPORT_FORMATS:
            raise HTTPException(404)
        from archiver.export import stream_export

        try:
            view = self._view(request)
            req = view.request(limit=10**9, facets=False)
            request_query(req)  # a bad query is a 400 here, before the download starts
        except ArchiverError as e:
            return self.fail(e, api=False)

        def produce() -> Iterator[bytes]:
            with self.archive() as archive:
                yield from stream_export(archive, req, fmt)

        return StreamingResponse(
            _in_one_thread(produce),
            media_type=EXPORT_FORMATS[fmt],
            headers={"Content-Disposition": f'attachment; filename="archiver-export.{fmt}"'},
        )

    # -- articles --------------------------------------------------------------------------------
    def _article(self, archive, article_id: str, *, with_raw: bool = False):
        return archive.show(article_id, with_raw=with_raw)

    def article_page(self, request: Request) -> Response:
        """The article page; "more like this" (a search) is sent after the article itself."""
        article_id = self._article_id(request)
        try:
            with self.archive() as archive:
                shown = self._article(archive, article_id)
                versions = self._versions(archive, shown.sidecar)
        except ArchiverError as e:
            return self.fail(e, api=False)
        sc = shown.sidecar

        def more_like() -> list:
            try:
                with self.archive() as archive:
                    return self._more_like_this(archive, sc)
            except ArchiverError:
                return []  # the article is shown; a failed "more like this" just shows none

        context = dict(
            view=v.SearchView(),
            sc=sc,
            text=v.tagged_text(shown.text, sc),
            more_like=more_like,
            versions=versions,
            metadata_records=_metadata_records(sc),
            filter_url=lambda field, value: v.SearchView().with_filter(field, value),
        )
        template = self.env.get_template("article.html")
        return StreamingResponse(
            _in_one_thread(lambda: _flushed(template.generate(**context))),
            media_type="text/html; charset=utf-8",
        )

    def api_article(self, request: Request) -> Response:
        article_id = self._article_id(request)
        try:
            with self.archive() as archive:
                shown = self._article(archive, article_id)
        except ArchiverError as e:
            return self.fail(e, api=True)
        full = shown.sidecar["id"]
        return JSONResponse(
            {
                "sidecar": shown.sidecar,
                "text": shown.text,
                "links": {"page": f"/article/{full}", "raw": f"/raw/{full}", "record": f"/record/{full}"},
            }
        )

    def raw(self, request: Request) -> Response:
        article_id = self._article_id(request)
        try:
            with self.archive() as archive:
                shown = self._article(archive, article_id, with_raw=True)
        except ArchiverError as e:
            return self.fail(e, api=False)
        full = shown.sidecar["id"]
        # Served as bytes to download, never rendered: the original may be HTML.
        return Response(
            shown.raw or b"",
            media_type="application/octet-stream",
            headers={"Content-Disposition": f'attachment; filename="{full}.raw"'},
        )

    def record(self, request: Request) -> Response:
        article_id = self._article_id(request)
        try:
            with self.archive() as archive:
                sc = self._article(archive, article_id).sidecar
        except ArchiverError as e:
            return self.fail(e, api=False)
        body = {"id": sc["id"], "warc": sc.get("warc"), "digests": sc.get("digests")}
        return Response(
            json.dumps(body, indent=1) + "\n",
            media_type="application/json",
            headers={"Content-Disposition": f'attachment; filename="{sc["id"]}.warc-record.json"'},
        )

    def _more_like_this(self, archive, sidecar: dict) -> list:
        from archiver.index.query import SearchRequest

        query = v.like_query(sidecar)
        if not query:
            return []
        result = archive.search(SearchRequest(query=query, limit=MORE_LIKE_CANDIDATES))
        hits = [h for h in result.hits if h.id != sidecar.get("id")]
        ranked = sorted(hits, key=lambda h: -v.shared_tags(sidecar, h.tags))  # stable: ties keep rank
        return ranked[:MORE_LIKE_THIS]

    def _versions(self, archive, sidecar: dict) -> list[dict]:
        """The other versions of this story (same URL), each with its title and date."""
        out = []
        for other in sidecar.get("versions") or []:
            other_id = other.get("id") if isinstance(other, dict) else other
            if not isinstance(other_id, str) or not ID_PATTERN.fullmatch(other_id):
                continue
            try:
                sc = archive.show(other_id).sidecar
            except ArchiverError:
                out.append({"id": other_id, "title": None, "ingested": None, "published": None})
                continue
            out.append(
                {
                    "id": sc["id"],
                    "title": sc.get("title"),
                    "ingested": sc.get("ingested"),
                    "published": sc.get("published"),
                }
            )
        return out


_END = object()
FLUSH = "<!--flush-->"  # in a template: send what is rendered so far before going on
CHUNK_CHARS = 32_768


def _flushed(pieces: Iterator[str]) -> Iterator[bytes]:
    """Join a template's many small output pieces into chunks, cut at each ``FLUSH`` marker.

    The marker is template text: an article's own ``<`` is escaped, so data cannot forge it.
    """
    buffer: list[str] = []
    size = 0
    for piece in pieces:
        if FLUSH in piece:
            before, _, after = piece.partition(FLUSH)
            buffer.append(before)
            yield "".join(buffer).encode()
            buffer, size = [after], len(after)
            continue
        buffer.append(piece)
        size += len(piece)
        if size >= CHUNK_CHARS:
            yield "".join(buffer).encode()
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer).encode()


async def _in_one_thread(make: Callable[[], Iterator[bytes]]) -> AsyncIterator[bytes]:
    """Run a blocking byte iterator in one thread of its own, handing its chunks to the event loop.

    Starlette would call ``next`` on a plain iterator from whichever pool thread is free, and a
    SQLite connection must stay in the thread that opened it. The queue is bounded, so a slow
    client slows the producer; a client that leaves stops it.
    """
    import anyio

    chunks: queue.Queue = queue.Queue(maxsize=8)
    stop = threading.Event()

    def put(item: object) -> bool:
        while not stop.is_set():
            try:
                chunks.put(item, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    def run() -> None:
        try:
            for chunk in make():
                if not put(chunk):
                    return
        except BaseException as e:  # noqa: BLE001 - handed to the consumer, which raises it
            put(e)
        finally:
            put(_END)

    threading.Thread(target=run, daemon=True, name="archiver-export").start()
    try:
        while True:
            item = await anyio.to_thread.run_sync(chunks.get)
            if item is _END:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()


@functools.cache
def _store_has_read_only() -> bool:
    from archiver.store.archive import Archive

    return "read_only" in inspect.signature(Archive).parameters


def _metadata_records(sidecar: dict) -> list[dict]:
    """The article's metadata records: the first from ingest, one more per re-tag or amendment."""
    return [r for r in (sidecar.get("warc") or {}).get("records", []) if r.get("type") == "metadata"]


def _lenient_view(request: Request):
    """The page state for an error page: what can be read of it, so the query box keeps the query."""
    return v.SearchView(q=request.query_params.get("q", ""))
