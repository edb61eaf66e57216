"""Web pages and crawl-shaped WARC files the tests write themselves (invented stories).

``write_crawl`` writes what a crawler (wget --warc-file, Heritrix, Browsertrix) leaves: a
warcinfo record, then request/response pairs for pages, images, scripts, redirects, 404s and a
revisit, one gzip member per record, WARC/1.0 and sha1 digests as those tools write them.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title} | Valley Ledger</title>
<link rel="canonical" href="{url}">
<meta property="og:site_name" content="Valley Ledger">
<meta name="author" content="{author}">
<meta property="article:published_time" content="{published}T08:30:00Z">
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "{title}", "datePublished": "{published}T08:30:00Z",
 "author": {{"@type": "Person", "name": "{author}"}}}}</script>
<style>body {{ font-family: serif; }}</style>
<script>document.write("tracking");</script>
</head>
<body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sports">Sports</a> Subscribe</nav>
<div class="ad">Advertisement</div>
<article>
<h1>{title}</h1>
<p class="byline">By {author}</p>
{paragraphs}
</article>
<aside><h2>Most read</h2><ul><li><a href="/a">Other story</a></li><li><a href="/b">Two</a></li></ul>
</aside>
<footer>Contact Us | Privacy Policy | Terms of Service | © 2025 Valley Ledger</footer>
</body>
</html>
"""

DANBURY_PARAGRAPHS = [
    "Danbury officials asked the City Council on Tuesday for an extra $1.2 million to cover snow removal "
    "costs after a string of storms used up the city's winter budget by the end of February.",
    "Public Works Director Alan Kowalczyk said crews had been called out 23 times since December, "
    "compared with 14 times in a typical season, and that the city had bought nearly twice as much "
    "road salt as planned.",
    "Mayor Daniel Ferreira proposed taking the money from the city's reserve fund, which he said would "
    "still be well above the level recommended by bond rating agencies.",
    "The full council is expected to vote on the transfer at its April meeting in Danbury, Connecticut.",
]

HARTFORD_PARAGRAPHS = [
    "Hartford will open two new warming centers this week as temperatures are forecast to fall well "
    "below freezing, city officials said Monday.",
    "The centers, at the Parkville library and the North End senior center, will stay open overnight "
    "through Sunday, said Emergency Services Director Renata Sousa.",
    "Volunteers from local churches will hand out blankets and hot meals, and city buses will give free "
    "rides to anyone heading to a center in Hartford, Connecticut.",
]


def page_html(
    title: str = "Danbury Asks for Extra $1.2 Million After Snowy Winter",
    url: str = "https://www.example-ledger.com/news/danbury-snow-budget",
    author: str = "Alicia Moreno",
    published: str = "2025-03-18",
    paragraphs: list[str] | None = None,
) -> str:
    """A saved news page: navigation, ads, scripts and footer around one article."""
    body = "\n".join(f"<p>{p}</p>" for p in (paragraphs or DANBURY_PARAGRAPHS))
    return PAGE.format(title=title, url=url, author=author, published=published, paragraphs=body)


@dataclass
class Capture:
    """One HTTP exchange of a crawl."""

    url: str
    date: str  # WARC-Date
    status: str = "200 OK"
    content_type: str = "text/html; charset=utf-8"
    body: bytes = b""
    extra_headers: list[tuple[str, str]] = field(default_factory=list)
    revisit: bool = False
    request: bool = True


def write_crawl(path: Path, captures: list[Capture], *, gzip: bool = True, version: str = "1.0") -> Path:
    """Write a crawl's WARC file (request then response per capture, as wget writes them)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as f:
        writer = WARCWriter(f, gzip=gzip, warc_version=version)
        writer.write_record(
            writer.create_warcinfo_record(path.name, {"software": "test-crawler/1.0", "format": "WARC 1.0"})
        )
        for n, c in enumerate(captures):
            headers = [("Content-Type", c.content_type), ("Date", f"capture-{n}"), *c.extra_headers]
            if not c.revisit:
                headers.append(("Content-Length", str(len(c.body))))
            http = StatusAndHeaders(c.status, headers, protocol="HTTP/1.1")
            if c.revisit:
                resp = writer.create_revisit_record(
                    c.url, "sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", c.url, c.date, http_headers=http
                )
                resp.rec_headers.replace_header("WARC-Date", c.date)
            else:
                resp = writer.create_warc_record(
                    c.url,
                    "response",
                    payload=io.BytesIO(c.body),
                    http_headers=http,
                    warc_headers_dict={"WARC-Date": c.date},
                )
            if c.request:
                req_http = StatusAndHeaders(
                    f"GET {c.url.split('/', 3)[-1] if c.url.count('/') >= 3 else '/'} HTTP/1.1",
                    [("Host", c.url.split("/")[2]), ("User-Agent", "test-crawler/1.0")],
                    is_http_request=True,
                )
                req = writer.create_warc_record(
                    c.url,
                    "request",
                    payload=io.BytesIO(b""),
                    http_headers=req_http,
                    warc_headers_dict={
                        "WARC-Date": c.date,
                        "WARC-Concurrent-To": resp.rec_headers.get_header("WARC-Record-ID"),
                    },
                )
                writer.write_record(req)
            writer.write_record(resp)
    return path


def sample_crawl(path: Path, *, gzip: bool = True) -> Path:
    """Two article pages (one captured at two dates), a plain-text page, and what is not an article."""
    danbury = page_html().encode("utf-8")
    hartford = page_html(
        title="Hartford Opens Warming Centers as Cold Snap Arrives",
        url="https://www.example-ledger.com/news/hartford-warming-centers",
        author="Owen Castellano",
        published="2025-01-20",
        paragraphs=HARTFORD_PARAGRAPHS,
    ).encode("utf-8")
    hartford_later = hartford.replace(b"two new warming centers", b"three new warming centers")
    notice = (
        b"Road closure notice\n\nMain Street in Danbury, Connecticut, will be closed between White Street "
        b"and Elm Street on Saturday for water main repairs, the Public Works Department said.\n"
    )
    base = "https://www.example-ledger.com"
    return write_crawl(
        path,
        [
            Capture(f"{base}/news/danbury-snow-budget", "2025-03-18T09:00:00Z", body=danbury),
            Capture(
                f"{base}/static/logo.png",
                "2025-03-18T09:00:01Z",
                content_type="image/png",
                body=b"\x89PNG\r\n\x1a\n" + bytes(64),
            ),
            Capture(
                f"{base}/static/app.js",
                "2025-03-18T09:00:02Z",
                content_type="application/javascript",
                body=b"console.log('hi');",
            ),
            Capture(
                f"{base}/old-url",
                "2025-03-18T09:00:03Z",
                status="301 Moved Permanently",
                extra_headers=[("Location", f"{base}/news/danbury-snow-budget")],
                body=b"",
            ),
            Capture(
                f"{base}/missing", "2025-03-18T09:00:04Z", status="404 Not Found", body=b"<html>nope</html>"
            ),
            Capture(f"{base}/news/hartford-warming-centers", "2025-01-20T10:00:00Z", body=hartford),
            Capture(f"{base}/news/hartford-warming-centers", "2025-01-21T10:00:00Z", body=hartford_later),
            Capture(
                f"{base}/notices/road-closure.txt",
                "2025-03-19T07:00:00Z",
                content_type="text/plain; charset=utf-8",
                body=notice,
            ),
            Capture(f"{base}/news/danbury-snow-budget", "2025-03-20T09:00:00Z", revisit=True),
        ],
        gzip=gzip,
    )
