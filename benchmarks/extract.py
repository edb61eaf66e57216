"""How fast saved web pages and crawls go in: HTML extraction (pages/s) and WARC import.

    python benchmarks/extract.py --pages 500            # a readable table
    python benchmarks/extract.py --pages 500 --json     # the same figures as one JSON object

Pages are the synthetic articles of ``generate.py`` wrapped in a realistic news page (head with
metadata and JSON-LD, navigation, ads, scripts, a related-stories box, a footer), ~5 KB each.
Figures, all on one core:

- ``extract``: ``archiver.inputs.html.extract_page`` alone (trafilatura + our metadata), pages/s;
- ``prepare_untagged`` / ``prepare_tagged``: the whole preparation of an HTML page (extraction,
  normalization, with and without tagging), pages/s;
- ``crawl_read``: streaming a crawl's WARC file (each page plus an image and a redirect) into
  items: records/s and MB/s of the file, articles/s;
- ``crawl_add``: ``archiver add --no-tag -j 1`` of that WARC end to end (a subprocess), articles/s;
- ``crawl_readd``: the same command again (every capture a duplicate: a resumed import), articles/s.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generate import Corpus  # noqa: E402

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} | {outlet}</title>
<link rel="canonical" href="https://news.example.com/{index}/story.html">
<meta property="og:site_name" content="{outlet}"><meta name="author" content="{author}">
<meta property="article:published_time" content="{published}T09:00:00Z">
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "{title}",
"datePublished": "{published}T09:00:00Z"}}</script>
<script src="/static/app.js"></script><script>window.dataLayer=[{{"section":"news","id":{index}}}];</script>
<style>.nav{{display:flex}} .ad{{min-height:250px}} article p{{line-height:1.6}}</style>
</head><body>
<header><nav class="nav"><a href="/">Home</a><a href="/local">Local</a><a href="/politics">Politics</a>
<a href="/business">Business</a><a href="/sports">Sports</a><a href="/subscribe">Subscribe</a></nav></header>
<div class="ad">Advertisement</div>
<main><article><h1>{title}</h1><p class="byline">By {author}</p>
{paragraphs}
</article></main>
<aside><h2>Most read</h2><ul>{related}</ul></aside>
<div class="newsletter"><form><input type="email" placeholder="Your email"><button>Sign up</button>
</form></div>
<footer><a href="/contact">Contact Us</a> | <a href="/privacy">Privacy Policy</a> | © {outlet}</footer>
<script>document.querySelectorAll('.ad').forEach(function(e){{e.dataset.loaded=1}});</script>
</body></html>
"""


def page(corpus: Corpus, index: int) -> bytes:
    a = corpus.article(index)
    paragraphs = a.text.split("\n\n")[2:]
    related = "".join(f'<li><a href="/r/{index}/{k}">Related story number {k}</a></li>' for k in range(8))
    return PAGE.format(
        title=a.title,
        outlet=a.outlet,
        index=index,
        author="Jordan Example",
        published=a.published.isoformat(),
        paragraphs="\n".join(f"<p>{p}</p>" for p in paragraphs),
        related=related,
    ).encode("utf-8")


def write_crawl(path: Path, pages: list[bytes]) -> Path:
    """Each page as a request/response pair, plus an image and a redirect per page."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    def exchange(writer, url, status, ctype, body):
        http = StatusAndHeaders(
            status, [("Content-Type", ctype), ("Content-Length", str(len(body)))], "HTTP/1.1"
        )
        resp = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
        req = writer.create_warc_record(
            url,
            "request",
            payload=io.BytesIO(b""),
            http_headers=StatusAndHeaders(
                "GET / HTTP/1.1", [("Host", "news.example.com")], is_http_request=True
            ),
            warc_headers_dict={"WARC-Concurrent-To": resp.rec_headers.get_header("WARC-Record-ID")},
        )
        writer.write_record(req)
        writer.write_record(resp)

    with path.open("wb") as f:
        writer = WARCWriter(f, gzip=True)
        for i, body in enumerate(pages):
            exchange(
                writer, f"https://news.example.com/{i}/story.html", "200 OK", "text/html; charset=utf-8", body
            )
            exchange(writer, f"https://news.example.com/{i}/photo.jpg", "200 OK", "image/jpeg", bytes(20_000))
            exchange(writer, f"https://news.example.com/{i}", "301 Moved Permanently", "text/html", b"")
    return path


def rate(n: int, seconds: float) -> float:
    return round(n / seconds, 1) if seconds > 0 else float("inf")


def measure(n_pages: int, workdir: Path) -> dict:
    from archiver.inputs.article import prepare_article
    from archiver.inputs.html import extract_page
    from archiver.inputs.reader import Given, InputItem, iter_inputs

    corpus = Corpus()
    pages = [page(corpus, i) for i in range(n_pages)]
    result: dict = {"pages": n_pages, "mean_page_bytes": round(sum(map(len, pages)) / n_pages)}
    extract_page(pages[0])  # imports trafilatura and lxml: not part of the rate

    # Wall-clock and CPU-time rates: on a shared machine the CPU-time one is the steadier figure.
    t0, c0 = time.perf_counter(), time.process_time()
    for p in pages:
        extract_page(p)
    result["extract_pages_per_s"] = rate(n_pages, time.perf_counter() - t0)
    result["extract_pages_per_cpu_s"] = rate(n_pages, time.process_time() - c0)

    for tag in (False, True):
        items = [InputItem(source=str(i), kind="path", data=p, given=Given()) for i, p in enumerate(pages)]
        prepare_article(items[0], tag=tag)  # warm-up (the tagger loads its data once)
        t0, c0 = time.perf_counter(), time.process_time()
        for item in items:
            prepare_article(item, tag=tag)
        name = f"prepare_{'tagged' if tag else 'untagged'}_pages"
        result[f"{name}_per_s"] = rate(n_pages, time.perf_counter() - t0)
        result[f"{name}_per_cpu_s"] = rate(n_pages, time.process_time() - c0)

    crawl = write_crawl(workdir / "crawl.warc.gz", pages)
    size = crawl.stat().st_size
    t0, c0 = time.perf_counter(), time.process_time()
    articles = sum(1 for item in iter_inputs([str(crawl)]) if item.capture is not None)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    records = n_pages * 6
    result["crawl_file_mb"] = round(size / 1e6, 2)
    result["crawl_read_records_per_s"] = rate(records, seconds)
    result["crawl_read_records_per_cpu_s"] = rate(records, cpu)
    result["crawl_read_mb_per_s"] = round(size / 1e6 / seconds, 1)
    result["crawl_read_articles_per_s"] = rate(articles, seconds)
    result["loadavg_1min"] = round(os.getloadavg()[0], 2)

    archive = workdir / "archive"
    cmd = [sys.executable, "-m", "archiver", "--archive", str(archive), "-q", "add", "--no-tag", "-j", "1"]
    cmd.append(str(crawl))
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True)
    result["crawl_add_untagged_articles_per_s"] = rate(n_pages, time.perf_counter() - t0)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True)  # again: every capture is a duplicate, found without extraction
    result["crawl_readd_articles_per_s"] = rate(n_pages, time.perf_counter() - t0)
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=500)
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        result = measure(args.pages, Path(tmp))
    if args.json:
        print(json.dumps(result))
        return
    width = max(map(len, result))
    for key, value in result.items():
        print(f"{key:<{width}}  {value:>12,}")


if __name__ == "__main__":
    main()
