"""Side by side: the search engines behind ``archiver.index.engine``, on one synthetic tagged corpus.

    python benchmarks/engines.py --articles 100000 --workdir /tmp/bench-engines > engines-100k.json
    python benchmarks/engines.py --articles 100000 --engines tantivy      # one engine only
    python benchmarks/engines.py --render engines-100k.json               # the table again

Both engines index the same ``(sidecar, text)`` pairs. The corpus is ``benchmarks/generate.py``'s;
its tags are attached directly from what the generator wrote (outlet, places resolved to GeoNames
ids through the gazetteer, people, a publication date; 3 % of articles undated), not by running the
tagger: this measures search, and tagged ingest is measured by ``run.py``. Every figure is
wall-clock on whatever machine runs it (ours: 2 shared cores, so noisy).

The corpus is generated first into a cache of pickled chunks (``--corpus-cache``, reused by later
runs), then indexed, so the indexing rate is not shared with the generator's processes; ``indexing``
is the bulk rate of a rebuild (one writer, one commit at the end), ``ingest-style`` the rate of
``Archive.add``'s batches of 256, each committed, on the first ``--ingest-sample`` articles.

Query classes run in-process through each engine's ``search`` (top 20 with snippets, exact count);
``count`` is the count alone; ``facets`` the five facets over every article; ``timeline`` months
split by outlet over every article; ``cli_*`` the installed ``archiver`` end to end (tantivy only,
the default engine).
"""

from __future__ import annotations

import argparse
import datetime
import functools
import json
import os
import pickle
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from generate import Corpus  # noqa: E402

CHUNK = 5_000
RUNS = 20
WARMUP = 2
CLI_RUNS = 5
UNDATED_EVERY = 33  # about 3 % of the articles carry no publication date


def log(message: str) -> None:
    print(f"[engines] {message}", file=sys.stderr, flush=True)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


@functools.lru_cache(maxsize=20_000)
def place_tag(name: str, region: str, country: str) -> dict:
    from archiver.tagging import gazetteer

    for p in gazetteer.lookup(name):
        if p.country == country:
            return {
                "name": p.name,
                "kind": p.kind,
                "country": p.country,
                "admin1": p.admin1,
                "geonames_id": p.geonames_id,
            }
    return {"name": name, "kind": "city", "country": country, "admin1": region}


def tagged(corpus: Corpus, i: int) -> tuple[dict, str]:
    """Article ``i`` as the (sidecar, text) pair an ingest with tagging would index."""
    art = corpus.article(i)
    places, _, _ = corpus._places
    by_name = _places_by_name(id(corpus), corpus)
    locations = [place_tag(*by_name[n]) for n in art.places if n in by_name]
    published = None if i % UNDATED_EVERY == 0 else f"{art.published.isoformat()}T12:00:00"
    sidecar = {
        "id": f"{i:016x}",
        "title": art.title,
        "published": published,
        "outlet": {"name": art.outlet, "domain": ""},
        "locations": locations,
        "people": [{"name": p} for p in art.people],
        "organizations": [],
        "topics": [],
        "digests": {"raw": f"sha256:{i:064x}", "normalized": f"sha256:{i + 1:064x}"},
    }
    return sidecar, art.text


@functools.lru_cache(maxsize=2)
def _places_by_name(_key: int, corpus: Corpus) -> dict[str, tuple[str, str, str]]:
    return {p.name: (p.name, p.region, p.country) for p in corpus._places[0]}


_CORPUS: Corpus | None = None


def _chunk(bounds: tuple[int, int]) -> list[tuple[dict, str]]:
    global _CORPUS
    if _CORPUS is None:
        _CORPUS = Corpus()
    return [tagged(_CORPUS, i) for i in range(*bounds)]


def _chunk_path(cache: Path, bounds: tuple[int, int]) -> Path:
    return cache / f"chunk-{bounds[0]:08d}-{bounds[1]:08d}.pickle"


def mix(corpus: Corpus) -> dict[str, dict]:
    """Query classes: name -> SearchRequest fields."""
    place = corpus.top_place().name
    person = corpus.top_person()
    return {
        "rare_word": {"query": corpus.rare_word()},
        "medium_word": {"query": corpus.vocabulary[corpus.n_real - 1]},
        "common_word": {"query": "government"},
        "every_article_word": {"query": "said"},
        "phrase_common": {"query": '"city council"'},
        "prefix": {"query": "gov*"},
        "location_field": {"query": f'location:"{place}"'},
        "person_field": {"query": f'person:"{person}"'},
        "word_and_filter": {"query": f'government location:"{place}"'},
        "date_range": {
            "query": "government",
            "since": datetime.date(2019, 1, 1),
            "until": datetime.date(2019, 12, 31),
        },
        "newest_no_query": {"sort": "newest"},
    }


def timed(fn, runs: int = RUNS) -> tuple[dict, object]:
    result = None
    for _ in range(WARMUP):
        result = fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return {"p50_ms": round(percentile(times, 50), 2), "p95_ms": round(percentile(times, 95), 2)}, result


def tree_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file() and not f.name.endswith("-shm"))


def build(args, corpus: Corpus, workdir: Path) -> dict:
    from archiver.index.sqlite import Index
    from archiver.index.tantivy_engine import rebuild_index
    from archiver.store.archive import open_archive

    n = args.articles
    out = {"articles": n, "engines": {}}
    text_bytes = 0
    seconds = {"tantivy": 0.0, "fts5": 0.0, "generate": 0.0, "load": 0.0}
    root = workdir / "archive"
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    with open_archive(root, create=True):
        pass
    fts = Index.open(workdir / "fts5.sqlite") if "fts5" in args.engines else None

    import multiprocessing

    # The corpus is generated first (into a cache of pickled chunks, reused by later runs), then
    # indexed: generating while indexing put the generator's processes on the same two cores as the
    # indexer and made the indexing rate a measure of both.
    cache = args.corpus_cache or workdir.parent / f"{workdir.name}-corpus-{n}"
    cache.mkdir(parents=True, exist_ok=True)
    ranges = [(start, min(n, start + CHUNK)) for start in range(0, n, CHUNK)]
    missing = [r for r in ranges if not _chunk_path(cache, r).exists()]
    if missing:
        t0 = time.perf_counter()
        pool = multiprocessing.get_context("fork").Pool(args.gen_jobs) if args.gen_jobs > 1 else None
        made = pool.imap(_chunk, missing) if pool else (_chunk(r) for r in missing)
        for r, items in zip(missing, made, strict=True):
            _chunk_path(cache, r).write_bytes(pickle.dumps(items, protocol=pickle.HIGHEST_PROTOCOL))
            log(f"generated {r[1]:,} articles")
        if pool is not None:
            pool.close()
        seconds["generate"] = time.perf_counter() - t0
    chunks = (pickle.loads(_chunk_path(cache, r).read_bytes()) for r in ranges)

    def fill(engine) -> None:
        nonlocal text_bytes
        for start, _end in ranges:
            t0 = time.perf_counter()
            items = next(chunks)
            seconds["load"] += time.perf_counter() - t0
            text_bytes += sum(len(t.encode()) for _, t in items)
            if engine is not None:
                t0 = time.perf_counter()
                engine.add_articles(items)
                seconds["tantivy"] += time.perf_counter() - t0
            if fts is not None:
                t0 = time.perf_counter()
                fts.add_articles(items)
                seconds["fts5"] += time.perf_counter() - t0
            log(f"{start + len(items):,} articles")

    if "tantivy" in args.engines:
        t0 = time.perf_counter()
        engine = rebuild_index(root, fill)
        # The final commit and merges happen inside rebuild_index: count them, not the generator.
        seconds["tantivy_total_with_commit"] = (
            time.perf_counter() - t0 - seconds["fts5"] - seconds["load"]
        )
        engine.close()
    else:
        fill(None)
    if fts is not None:
        t0 = time.perf_counter()
        fts.optimize()
        seconds["fts5"] += time.perf_counter() - t0
        fts.close()
    out["text_bytes"] = text_bytes
    if "tantivy" in args.engines:
        s = seconds["tantivy_total_with_commit"]
        size = tree_bytes(root / "index")
        out["engines"]["tantivy"] = {
            "index_seconds": round(s, 1),
            "docs_per_s": round(n / s),
            "index_bytes": size,
            "index_vs_text": round(size / text_bytes, 2),
        }
        out["engines"]["tantivy"]["ingest_batches"] = ingest_batches(args, workdir, cache, ranges)
    if fts is not None:
        s = seconds["fts5"]
        size = sum(p.stat().st_size for p in workdir.glob("fts5.sqlite*") if not p.name.endswith("-shm"))
        out["engines"]["fts5"] = {
            "index_seconds": round(s, 1),
            "docs_per_s": round(n / s),
            "index_bytes": size,
            "index_vs_text": round(size / text_bytes, 2),
        }
    return out


def ingest_batches(args, workdir: Path, cache: Path, ranges: list[tuple[int, int]]) -> dict:
    """Indexing as ``Archive.add`` does it: batches of 256, each committed (text index, then
    catalog), into a fresh archive; on the first ``--ingest-sample`` articles."""
    from archiver.index.tantivy_engine import TantivyEngine
    from archiver.store.archive import DEFAULT_BATCH, open_archive

    root = workdir / "ingest-sample"
    shutil.rmtree(root, ignore_errors=True)
    with open_archive(root, create=True):
        pass
    engine = TantivyEngine.open(root)
    n, spent = 0, 0.0
    try:
        for r in ranges:
            items = pickle.loads(_chunk_path(cache, r).read_bytes())[: args.ingest_sample - n]
            for start in range(0, len(items), DEFAULT_BATCH):
                t0 = time.perf_counter()
                engine.add_articles(items[start : start + DEFAULT_BATCH])
                spent += time.perf_counter() - t0
            n += len(items)
            if n >= args.ingest_sample:
                break
    finally:
        engine.close()
        shutil.rmtree(root, ignore_errors=True)
    log(f"ingest-style indexing: {n:,} articles in {spent:.1f} s")
    return {"articles": n, "batch": DEFAULT_BATCH, "seconds": round(spent, 1), "docs_per_s": round(n / spent)}


def measure(args, corpus: Corpus, workdir: Path, out: dict) -> dict:
    from archiver.index.sqlite import Index
    from archiver.index.tantivy_engine import TantivyEngine

    queries = mix(corpus)
    for name in args.engines:
        log(f"searching with {name}")
        if name == "tantivy":
            engine = TantivyEngine.open(workdir / "archive", create=False)
        else:
            engine = Index.open(workdir / "fts5.sqlite")
        try:
            measure_engine(name, engine, queries, out["engines"][name])
        finally:
            engine.close()
    if "tantivy" in args.engines:
        out["cli"] = cli(workdir / "archive", queries)
    return out


def measure_engine(name: str, engine, queries: dict, figures: dict) -> None:
    from archiver.index.query import SearchRequest
    from archiver.timeline import build_timeline

    for qname, spec in queries.items():
        req = SearchRequest(**spec)
        stats, result = timed(lambda req=req: engine.search(req))
        exact = result.total_exact and not result.ranked_within and not result.facets_sampled
        figures[f"q_{qname}"] = {**stats, "total": result.total, "exact": exact}
        counting = SearchRequest(**spec, count_only=True, limit=0)
        cstats, cres = timed(lambda req=counting: engine.search(req))
        figures[f"count_{qname}"] = {**cstats, "total": cres.total, "exact": cres.total_exact}
    fstats, fres = timed(lambda: engine.search(SearchRequest(facets=True, limit=1)), runs=5)
    figures["facets_every_article"] = {**fstats, "exact": not fres.facets_sampled, "kinds": len(fres.facets)}
    if name == "tantivy":

        class Shim:
            day_counts = staticmethod(engine.buckets)

        tstats, tl = timed(lambda: build_timeline(Shim, SearchRequest(), by="month", split="outlet"), runs=5)
        figures["timeline_month_by_outlet"] = {
            **tstats,
            "periods": len(tl.periods),
            "series": len(tl.series),
            "exact": True,
        }


def cli(root: Path, queries: dict) -> dict:
    exe = str(Path(sys.executable).parent / "archiver")
    res = {}
    for qname in ("rare_word", "every_article_word", "word_and_filter"):
        args = [exe, "--archive", str(root), "search", queries[qname]["query"]]
        subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times = []
        for _ in range(CLI_RUNS):
            t0 = time.perf_counter()
            subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            times.append(time.perf_counter() - t0)
        res[f"search_{qname}_median_s"] = round(statistics.median(times), 3)
    times = []
    for _ in range(10):
        t0 = time.perf_counter()
        subprocess.run([exe, "--help"], stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - t0)
    res["help_median_s"] = round(statistics.median(times), 3)
    return res


def render(r: dict) -> str:
    names = list(r["engines"])
    lines = [f"{r['articles']:,} articles, {r['text_bytes'] / 1e6:,.0f} MB of text", ""]
    lines.append(f"{'figure':34}" + "".join(f"{n:>28}" for n in names))
    keys = [k for k in r["engines"][names[0]] if k.startswith(("q_", "count_", "facets", "timeline"))]
    for k in ["docs_per_s", "index_bytes", "index_vs_text", *keys]:
        row = f"{k:34}"
        for n in names:
            v = r["engines"][n].get(k)
            if isinstance(v, dict):
                flag = "" if v.get("exact", True) else " INEXACT"
                total = f" n={v['total']:,}" if "total" in v else ""
                row += f"{v['p50_ms']:>9.1f}/{v['p95_ms']:<7.1f}{total}{flag}".rjust(28)
            elif v is None:
                row += f"{'—':>28}"
            else:
                row += f"{v:>28,}"
        lines.append(row)
    for n in names:
        sample = r["engines"][n].get("ingest_batches")
        if sample:
            lines.append(f"{'ingest-style (256/commit) ' + n:34}{sample['docs_per_s']:>28,}")
    for k, v in (r.get("cli") or {}).items():
        lines.append(f"{k:34}{v:>28}")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/archiver-bench-engines"))
    ap.add_argument("--engines", default="tantivy,fts5")
    ap.add_argument("--render", type=Path)
    ap.add_argument("--gen-jobs", type=int, default=1, help="Processes generating the corpus ahead.")
    ap.add_argument(
        "--corpus-cache", type=Path, help="Where generated chunks are kept (default: beside --workdir)."
    )
    ap.add_argument("--ingest-sample", type=int, default=20_000, help="Articles indexed ingest-style.")
    ap.add_argument("--reuse", action="store_true", help="Measure an index a previous run built.")
    args = ap.parse_args(argv)
    if args.render:
        print(render(json.loads(args.render.read_text())))
        return 0
    args.engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    corpus = Corpus()
    saved = args.workdir / "build.json"
    if args.reuse and saved.exists():
        out = json.loads(saved.read_text())
    else:
        out = build(args, corpus, args.workdir)
        saved.write_text(json.dumps(out))
    out = measure(args, corpus, args.workdir, out)
    out["machine"] = {"cpus": os.cpu_count(), "python": sys.version.split()[0]}
    print(json.dumps(out, indent=1))
    log("\n" + render(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
