"""Time to first byte of ``archiver serve`` pages, over real HTTP, against an archive of any size.

Starts ``archiver --archive PATH serve`` in a subprocess (as a user would), then for each page asks
it ``--runs`` times on a fresh connection each time and reports the median, p95 and max time from
sending the request to receiving the first byte of the answer, and to the last byte.

    python benchmarks/web.py --archive /tmp/bench-100k/archive           # an archive you have
    python benchmarks/web.py --articles 20000 --workdir /tmp/web-bench   # build one first (tagged)
    python benchmarks/web.py --archive A --json > web.json

The pages: the search page for an empty query (newest first), a common word, a word of middling
frequency, a rare word, a phrase, a word with the top outlet as a filter, a word within one year;
an article page; and ``/api/timeline`` for the common word (the timeline is fetched by the page's
script after the HTML, so it is not in the search page's first byte; it is listed on its own).
Figures on a shared 2-core machine are noisy: run it when the machine is quiet.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def build_archive(root: Path, n: int) -> None:
    """Archive ``n`` synthetic articles (tagged) at ``root`` in-process, unless it holds them already."""
    from generate import Corpus

    from archiver.store.archive import AddOptions, open_archive

    with open_archive(root, create=True) as archive:
        have = archive.index.count()
        if have >= n:
            return
        for i, _ in enumerate(archive.add(Corpus().items(n - have, start=have), AddOptions(jobs=1))):
            if i % 5000 == 0:
                print(f"archived {have + i:,} of {n:,}", file=sys.stderr)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def timed_get(port: int, path: str) -> tuple[float, float, int]:
    """(seconds to the first byte, seconds to the last byte, status) for one GET on a new connection."""
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode()
    with socket.create_connection(("127.0.0.1", port)) as conn:
        t0 = time.perf_counter()
        conn.sendall(request)
        first = conn.recv(65536)
        t_first = time.perf_counter() - t0
        data = first
        while chunk := conn.recv(65536):
            data += chunk
        t_last = time.perf_counter() - t0
    status = int(first.split(b" ", 2)[1]) if first else 0
    return t_first, t_last, status


def words() -> list[str]:
    """The corpus's real words, most frequent first."""
    lines = (HERE / "words.txt").read_text(encoding="utf-8").splitlines()
    return [w for line in lines if not line.startswith("#") for w in line.split()]


def pages(base: str) -> list[tuple[str, str]]:
    """The (name, path) pairs to time, chosen from the archive's own data (top outlet, a hit id)."""
    from generate import DEFAULT_SEED, TAIL_WORDS, invented_words

    vocab = words()
    common, middling = vocab[30], vocab[300]
    rare = invented_words(TAIL_WORDS, DEFAULT_SEED)[TAIL_WORDS // 2]  # from the corpus's long tail
    with urllib.request.urlopen(f"{base}/api/search?{urlencode({'q': common})}") as r:
        body = json.load(r)
    outlet = (body["facets"].get("outlet") or [[None]])[0][0]
    article = body["hits"][0]["id"] if body["hits"] else None
    out = [
        ("search: no query (newest)", "/"),
        (f"search: common word ({common})", "/?" + urlencode({"q": common})),
        (f"search: middling word ({middling})", "/?" + urlencode({"q": middling})),
        (f"search: rare word ({rare})", "/?" + urlencode({"q": rare})),
        ('search: phrase ("city council")', "/?" + urlencode({"q": '"city council"'})),
        (
            "search: common word within 2020",
            "/?" + urlencode({"q": common, "since": "2020", "until": "2020"}),
        ),
        ("search: common word, page 5, newest", "/?" + urlencode({"q": common, "sort": "newest", "page": 5})),
    ]
    if outlet:
        out.append(
            (f"search: common word + outlet ({outlet})", "/?" + urlencode({"q": common, "outlet": outlet}))
        )
    if article:
        out.append(("article page", f"/article/{article}"))
    out.append((f"api/timeline ({common}, by month)", "/api/timeline?" + urlencode({"q": common})))
    return out


def measure(root: Path, runs: int) -> dict:
    port = free_port()
    log = tempfile.TemporaryFile()
    cmd = [sys.executable, "-m", "archiver", "-q", "--archive", str(root), "serve", "--port", str(port)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=log, env={**os.environ, "NO_COLOR": "1"})
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(base + "/static/style.css", timeout=2).close()
                break
            except OSError:
                if proc.poll() is not None:
                    log.seek(0)
                    raise SystemExit(f"archiver serve failed: {log.read().decode()}") from None
                time.sleep(0.1)
        with urllib.request.urlopen(base + "/api/search?size=1") as r:
            articles = json.load(r)["total"]
        results = []
        for name, path in pages(base):
            timed_get(port, path)  # warm the page cache for this query once
            firsts, lasts, statuses = [], [], set()
            # The timeline (fetched by the page's script, after the HTML) can take seconds: fewer runs.
            for _ in range(min(runs, 3) if path.startswith("/api/timeline") else runs):
                t_first, t_last, status = timed_get(port, path)
                firsts.append(t_first * 1000)
                lasts.append(t_last * 1000)
                statuses.add(status)
            firsts.sort()
            results.append(
                {
                    "page": name,
                    "path": path,
                    "status": sorted(statuses),
                    "runs": len(firsts),
                    "ttfb_ms_median": round(statistics.median(firsts), 1),
                    "ttfb_ms_p95": round(firsts[min(len(firsts) - 1, int(0.95 * len(firsts)))], 1),
                    "ttfb_ms_max": round(firsts[-1], 1),
                    "total_ms_median": round(statistics.median(lasts), 1),
                }
            )
            print(f"{name}: {results[-1]['ttfb_ms_median']} ms", file=sys.stderr)
        return {"articles": articles, "runs": runs, "cpus": os.cpu_count(), "results": results}
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def render(report: dict) -> str:
    lines = [
        f"archiver serve, {report['articles']:,} articles, {report['runs']} runs per page (timeline 3) "
        f"(first byte and last byte, ms; {report['cpus']} CPUs)",
        "",
        "| page | status | first byte median | p95 | max | whole page median |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for r in report["results"]:
        lines.append(
            f"| {r['page']} | {','.join(map(str, r['status']))} | {r['ttfb_ms_median']} | {r['ttfb_ms_p95']} "
            f"| {r['ttfb_ms_max']} | {r['total_ms_median']} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--archive", type=Path, help="an existing archive to serve")
    parser.add_argument("--articles", type=int, help="build (or top up) an archive of this many articles")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "archiver-web-bench")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = parser.parse_args()
    root = args.archive
    if root is None:
        if not args.articles:
            parser.error("give --archive PATH or --articles N")
        root = args.workdir / f"archive-{args.articles}"
        build_archive(root, args.articles)
    report = measure(root, args.runs)
    print(json.dumps(report, indent=1) if args.json else render(report))


if __name__ == "__main__":
    main()
