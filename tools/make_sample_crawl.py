"""Write samples/newstimes-crawl.warc.gz: a small crawl of invented News-Times pages.

What a crawler (wget --warc-file, Heritrix, Browsertrix) leaves: a warcinfo record, then a
request/response pair per URL, one gzip member per record, WARC/1.0 with sha1 digests as those
tools write them. Two article pages, plus what `archiver add` skips and counts: an image, a
stylesheet, a redirect and a 404. Record ids and dates are fixed, so the file is reproducible:

    python tools/make_sample_crawl.py samples/newstimes-crawl.warc.gz
"""

from __future__ import annotations

import io
import sys
import uuid
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

SITE = "https://www.newstimes.com"
NAMESPACE = uuid.UUID("0b8f6f4e-2f4c-4b7e-9d55-3c1e0f6a7d21")

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title} - The News-Times</title>
<link rel="canonical" href="{url}">
<meta property="og:site_name" content="The News-Times">
<meta name="author" content="{author}">
<meta property="article:published_time" content="{published}">
<link rel="stylesheet" href="/static/site.css">
</head>
<body>
<nav><a href="/">Home</a> <a href="/local">Local</a> <a href="/sports">Sports</a>
<a href="/subscribe">Subscribe</a></nav>
<div class="ad">Advertisement</div>
<article>
<h1>{title}</h1>
<p class="byline">By {author}</p>
{body}
</article>
<footer>Contact Us | Privacy Notice | Terms of Use | © 2025 Hearst Media Services Connecticut</footer>
</body>
</html>
"""

ARTICLES = [
    {
        "path": "/local/article/danbury-library-sunday-hours-2025.php",
        "title": "Danbury Library Will Open on Sundays Again Starting in May",
        "author": "Marcus Whitfield",
        "published": "2025-04-14T16:20:00-04:00",
        "date": "2025-04-15T08:02:11Z",
        "paragraphs": [
            "DANBURY — The Danbury Public Library will open on Sundays again starting May 4, restoring hours "
            "that were cut during the pandemic, library director Helen Okafor said Monday.",
            "The library on Main Street will be open from noon to 5 p.m. on Sundays through the end of the "
            "school year. The City Council approved $85,000 for extra staff in its budget last month.",
            '"Sunday afternoons are when families and students have time," Okafor said. "We heard that in '
            'every survey we ran."',
            "The children's room will host a reading hour each Sunday at 2 p.m., and the computer lab will "
            "be open for students preparing for final exams.",
        ],
    },
    {
        "path": "/local/article/bethel-route-302-roundabout-2025.php",
        "title": "Bethel Picks Roundabout for Dangerous Route 302 Intersection",
        "author": "Dana Kowalski",
        "published": "2025-04-11T11:05:00-04:00",
        "date": "2025-04-15T08:02:19Z",
        "paragraphs": [
            "BETHEL — State transportation officials will build a roundabout at the intersection of Route "
            "302 and Greenwood Avenue, where eleven crashes were reported last year, First Selectman Tom "
            "Reilly Jr. said Friday.",
            "Construction is set to begin in the spring of 2026 and take about seven months. The state will "
            "pay for most of the $4.8 million project, with Bethel covering the cost of new sidewalks.",
            "Residents at a public hearing in March were split. Business owners on Greenwood Avenue worried "
            "about detours, while parents said the crossing near the elementary school was unsafe.",
        ],
    },
]


def _id(name: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(NAMESPACE, name)}>"


def _page(a: dict) -> bytes:
    body = "\n".join(f"<p>{p}</p>" for p in a["paragraphs"])
    html = PAGE.format(
        title=a["title"], url=SITE + a["path"], author=a["author"], published=a["published"], body=body
    )
    return html.encode("utf-8")


def _exchange(writer, url: str, date: str, status: str, ctype: str, body: bytes, extra=()) -> None:
    path = url.split("/", 3)[3] if url.count("/") >= 3 else ""
    headers = [("Content-Type", ctype), ("Content-Length", str(len(body))), *extra]
    resp = writer.create_warc_record(
        url,
        "response",
        payload=io.BytesIO(body),
        http_headers=StatusAndHeaders(status, headers, protocol="HTTP/1.1"),
        warc_headers_dict={"WARC-Date": date, "WARC-Record-ID": _id("response " + url)},
    )
    req = writer.create_warc_record(
        url,
        "request",
        payload=io.BytesIO(b""),
        http_headers=StatusAndHeaders(
            f"GET /{path} HTTP/1.1",
            [("Host", "www.newstimes.com"), ("User-Agent", "Wget/1.21.4")],
            is_http_request=True,
        ),
        warc_headers_dict={
            "WARC-Date": date,
            "WARC-Record-ID": _id("request " + url),
            "WARC-Concurrent-To": _id("response " + url),
        },
    )
    writer.write_record(req)
    writer.write_record(resp)


def main(out: Path) -> None:
    with out.open("wb") as f:
        writer = WARCWriter(f, gzip=True, warc_version="1.0")
        info = writer.create_warcinfo_record(
            out.name, {"software": "Wget/1.21.4", "format": "WARC File Format 1.0"}
        )
        info.rec_headers.replace_header("WARC-Record-ID", _id("warcinfo"))
        info.rec_headers.replace_header("WARC-Date", "2025-04-15T08:02:10Z")
        writer.write_record(info)
        for a in ARTICLES:
            _exchange(writer, SITE + a["path"], a["date"], "200 OK", "text/html; charset=UTF-8", _page(a))
        _exchange(
            writer,
            SITE + "/static/logo.png",
            "2025-04-15T08:02:12Z",
            "200 OK",
            "image/png",
            b"\x89PNG\r\n\x1a\n" + bytes(120),
        )
        _exchange(
            writer,
            SITE + "/static/site.css",
            "2025-04-15T08:02:13Z",
            "200 OK",
            "text/css",
            b"body { font-family: Georgia, serif; }\n",
        )
        _exchange(
            writer,
            SITE + "/local/danbury-library",
            "2025-04-15T08:02:14Z",
            "301 Moved Permanently",
            "text/html",
            b"",
            [("Location", SITE + ARTICLES[0]["path"])],
        )
        _exchange(
            writer,
            SITE + "/local/old-story.php",
            "2025-04-15T08:02:15Z",
            "404 Not Found",
            "text/html; charset=UTF-8",
            b"<!DOCTYPE html><html><body><h1>Page not found</h1></body></html>",
        )


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "samples/newstimes-crawl.warc.gz"))
