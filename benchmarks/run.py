"""Benchmark archiver on a synthetic corpus: ingest, tag, search, start-up, memory, index size, ripgrep.

    python benchmarks/run.py --articles 10000            # a readable table
    python benchmarks/run.py --articles 10000 --json     # the same figures as one JSON object
    python benchmarks/run.py --render result.json        # the table of a saved --json result
    python benchmarks/run.py --markdown 10k.json 100k.json   # a markdown table, a column per result

Everything runs the real archiver code: ingest in a child process per archive (so its peak RSS is
its own), ``archiver tag --json -`` and ``archiver search`` as subprocesses of the installed
command, in-process search through the default engine
(``archiver.index.engine``; ``engines.py`` compares engines). See ``benchmarks/README.md`` for what each
figure means. Progress goes to stderr; stdout carries only the result.
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import json
import os
import platform
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import DEFAULT_SEED, Corpus, corpus_fingerprint  # noqa: E402

COMPARE_SUBSET = 20_000  # above this, the second ingest mode runs on the first 20k articles only
MIN_TAG_DOCS = 2_000
SEARCH_RUNS = 20
SEARCH_WARMUP = 2
CLI_RUNS = 5
HELP_RUNS = 10
RG_RUNS = 3
PROGRESS_EVERY = 10_000
RSS_SAMPLES = 20
VENV_BIN = Path(sys.executable).parent


def log(message: str) -> None:
    print(f"[{datetime.datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def archiver_command() -> list[str]:
    """The installed ``archiver`` next to this interpreter, else ``python -m archiver``."""
    exe = VENV_BIN / "archiver"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "archiver"]


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation between closest ranks."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    pos = (len(ordered) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def rss_mb(field: str = "VmRSS") -> float:
    """This process's resident memory in MB from /proc (``RssAnon``: heap only, no mapped files)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


# --- ingest (in a child process) ---------------------------------------------------------------------


def ingest_child(argv: list[str]) -> int:
    """``run.py _ingest``: ingest the first LIMIT files of SOURCE into ARCHIVE; print one JSON line."""
    ap = argparse.ArgumentParser(prog="run.py _ingest")
    ap.add_argument("--archive", type=Path, required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--limit", type=int, required=True)
    ap.add_argument("--tag", action=argparse.BooleanOptionalAction, default=True)
    ap.add_argument("--jobs", type=int, default=1)
    args = ap.parse_args(argv)

    from archiver.inputs.reader import iter_inputs
    from archiver.store.archive import AddOptions, open_archive

    counts: dict[str, int] = {}
    samples: list[list[float]] = []
    every = max(1, args.limit // RSS_SAMPLES)
    mode = "tag on" if args.tag else "tag off"
    first_error = None
    t0 = time.perf_counter()
    cpu0 = _cpu_seconds()
    with open_archive(args.archive, create=True) as archive:
        items = itertools.islice(iter_inputs([args.source], fmt="text"), args.limit)
        options = AddOptions(tag=args.tag)
        if args.jobs > 1:  # only archivers that have the option; 1 is the per-core figure
            options = AddOptions(tag=args.tag, jobs=args.jobs)
        for i, result in enumerate(archive.add(items, options), 1):
            counts[result.status] = counts.get(result.status, 0) + 1
            if result.status == "failed" and first_error is None:
                first_error = result.error
            if i % every == 0:
                samples.append([i, round(rss_mb(), 1), round(rss_mb("RssAnon"), 1)])
            if i % PROGRESS_EVERY == 0:
                rate = i / (time.perf_counter() - t0)
                log(
                    f"ingest ({mode}) {i:,}/{args.limit:,}  {rate:,.0f}/s  "
                    f"rss {rss_mb():.0f} MB (anon {rss_mb('RssAnon'):.0f} MB)"
                )
    seconds = time.perf_counter() - t0
    cpu = _cpu_seconds() - cpu0
    print(
        json.dumps(
            {
                "articles": sum(counts.values()),
                "added": counts.get("added", 0),
                "failed": counts.get("failed", 0),
                "duplicate": counts.get("duplicate", 0),
                "first_error": first_error,
                "seconds": seconds,
                "cpu_seconds": cpu,
                "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "rss_mb_samples": samples,
            }
        )
    )
    return 0


def _cpu_seconds() -> float:
    """User + system CPU seconds of this process and its finished children (ingest workers):
    on a shared machine, articles per CPU second moves far less with the load than per wall second."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run_ingest(root: Path, corpus_dir: Path, limit: int, tag: bool, jobs: int = 1) -> dict:
    if root.exists():
        shutil.rmtree(root)
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "_ingest",
        "--archive",
        str(root),
        "--source",
        str(corpus_dir),
        "--limit",
        str(limit),
        "--tag" if tag else "--no-tag",
        "--jobs",
        str(jobs),
    ]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"ingest child failed (exit {proc.returncode})")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    return {
        "tagging": tag,
        "jobs": jobs,
        "articles": out["articles"],
        "added": out["added"],
        "failed": out["failed"],
        "first_error": out["first_error"],
        "seconds": round(out["seconds"], 3),
        "articles_per_s": round(out["articles"] / out["seconds"], 1) if out["seconds"] else None,
        "cpu_seconds": round(out["cpu_seconds"], 3),
        "articles_per_cpu_s": round(out["articles"] / out["cpu_seconds"], 1) if out["cpu_seconds"] else None,
        "process_seconds": round(wall, 3),
        "peak_rss_mb": round(out["peak_rss_mb"], 1),
        "rss_mb_samples": out["rss_mb_samples"],
    }


def tagging_problem() -> str | None:
    """Why tagging cannot run here (e.g. a tagger module not landed yet), or None."""
    code = (
        "from archiver.tagging import tag_article;"
        "tag_article('Mayor Jane Roe said.\\n', title='Test', dateline='HARTFORD, Conn.')"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if proc.returncode == 0:
        return None
    lines = [ln for ln in proc.stderr.strip().splitlines() if ln.strip()]
    return lines[-1] if lines else f"exit {proc.returncode}"


# --- sizes ----------------------------------------------------------------------------------------------


def tree_bytes(path: Path) -> int:
    total = 0
    for dirpath, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(dirpath, name)).st_size
            except OSError:
                pass
    return total


def index_bytes(root: Path) -> int:
    return tree_bytes(root / "index") if (root / "index").exists() else 0


# --- tag throughput -------------------------------------------------------------------------------------


def run_tag_cli(corpus: Corpus, workdir: Path, docs: int) -> dict:
    path = workdir / f"tag-{docs}.jsonl"
    if not path.exists():
        with path.open("w", encoding="utf-8") as f:
            corpus.write_jsonl(f, docs)
    with path.open("rb") as stdin:
        t0 = time.perf_counter()
        cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        proc = subprocess.run(
            [*archiver_command(), "tag", "--json", "-"],
            stdin=stdin,
            capture_output=True,
        )
        seconds = time.perf_counter() - t0
        cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu1.ru_utime + cpu1.ru_stime) - (cpu0.ru_utime + cpu0.ru_stime)
    lines = proc.stdout.count(b"\n")
    try:
        from archiver.inputs.article import default_jobs

        jobs = default_jobs()
    except ImportError:
        jobs = 1
    return {
        "docs": docs,
        "jobs": jobs,  # the command's own default (--jobs not given)
        "output_lines": lines,
        "exit_code": proc.returncode,
        "seconds": round(seconds, 3),
        "docs_per_s": round(docs / seconds, 1),
        "cpu_seconds": round(cpu, 3),  # the command and its workers: docs per CPU second is per core
        "stderr_tail": proc.stderr.decode("utf-8", "replace").strip()[-300:] or None,
    }


# --- search -------------------------------------------------------------------------------------------


def query_mix(corpus: Corpus) -> dict[str, dict]:
    """The fixed queries: name -> SearchRequest fields and the equivalent CLI arguments."""
    place = corpus.top_place().name
    person = corpus.top_person()
    rare = corpus.rare_word()
    medium = corpus.vocabulary[corpus.n_real - 1]  # the rarest real word: in ~5 % of the articles
    return {
        "rare_word": {"query": rare},
        "medium_word": {"query": medium},
        "common_word": {"query": "government"},
        "very_common_word": {"query": "said"},
        "phrase": {"query": '"city council"'},
        "prefix": {"query": "gov*"},
        "location_field": {"query": f'location:"{place}"'},
        "person_field": {"query": f'person:"{person}"'},
        "word_and_location": {"query": f'government location:"{place}"'},
        "date_range": {"query": "government", "since": "2019-01-01", "until": "2019-12-31"},
        "facets": {"query": "government", "facets": True},
        "newest_no_query": {"query": "", "sort": "newest"},
    }


def cli_args(spec: dict) -> list[str]:
    args = ["search"]
    if spec.get("query"):
        args.append(spec["query"])
    for name in ("since", "until", "sort"):
        if spec.get(name):
            args += [f"--{name}", spec[name]]
    if spec.get("facets"):
        args.append("--facets")
    return args


def search_in_process(root: Path, mix: dict[str, dict], runs: int) -> dict:
    from archiver.index.engine import open_engine
    from archiver.index.query import SearchRequest
    from archiver.inputs.article import parse_day

    out = {}
    index = open_engine(root, create=False)
    try:
        for name, spec in mix.items():
            req = SearchRequest(
                query=spec.get("query", ""),
                sort=spec.get("sort", "relevance"),
                facets=spec.get("facets", False),
                since=parse_day(spec["since"]) if spec.get("since") else None,
                until=parse_day(spec["until"]) if spec.get("until") else None,
            )
            result = None
            for _ in range(SEARCH_WARMUP):
                result = index.search(req)
            times = []
            for _ in range(runs):
                t0 = time.perf_counter()
                result = index.search(req)
                times.append((time.perf_counter() - t0) * 1000)
            out[name] = {
                "args": cli_args(spec)[1:],
                "hits": result.total,
                "runs": runs,
                "p50_ms": round(percentile(times, 50), 2),
                "p95_ms": round(percentile(times, 95), 2),
                "max_ms": round(max(times), 2),
            }
    finally:
        index.close()
    return out


def search_cli(root: Path, mix: dict[str, dict], runs: int) -> dict:
    out = {}
    for name, spec in mix.items():
        cmd = [*archiver_command(), "--archive", str(root), *cli_args(spec)]
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # warm-up
        times, code = [], 0
        for _ in range(runs):
            t0 = time.perf_counter()
            code = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
            times.append((time.perf_counter() - t0) * 1000)
        out[name] = {
            "runs": runs,
            "exit_code": code,
            "p50_ms": round(percentile(times, 50), 1),
            "p95_ms": round(percentile(times, 95), 1),
            "max_ms": round(max(times), 1),
        }
    return out


def help_startup(runs: int) -> dict:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([*archiver_command(), "--help"], stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - t0)
    return {"runs": runs, "median_s": round(statistics.median(times), 4), "max_s": round(max(times), 4)}


# --- ripgrep --------------------------------------------------------------------------------------------


def run_ripgrep(corpus_dir: Path, words: dict[str, str], runs: int) -> dict:
    rg = shutil.which("rg")
    if rg is None:
        return {"available": False, "note": "rg not found (apt-get install -y ripgrep); comparison skipped"}
    version = subprocess.run([rg, "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    out: dict = {"available": True, "version": version, "queries": {}}
    for name, word in words.items():
        cmd = [rg, "-l", "-i", word, str(corpus_dir)]
        subprocess.run(cmd, stdout=subprocess.DEVNULL)  # warm the page cache
        times, files = [], 0
        for _ in range(runs):
            t0 = time.perf_counter()
            proc = subprocess.run(cmd, stdout=subprocess.PIPE)
            times.append((time.perf_counter() - t0) * 1000)
            files = proc.stdout.count(b"\n")
        out["queries"][name] = {
            "word": word,
            "files": files,
            "runs": runs,
            "p50_ms": round(statistics.median(times), 1),
        }
    return out


# --- machine --------------------------------------------------------------------------------------------


def machine_info(workdir: Path) -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    disk = {}
    try:
        dev = os.stat(workdir).st_dev
        for line in Path("/proc/mounts").read_text().splitlines():
            src, mnt, fstype, *_ = line.split()
            if os.path.exists(mnt) and os.stat(mnt).st_dev == dev:
                disk = {"device": src, "mount": mnt, "fs": fstype}
        name = Path(disk.get("device", "")).name.rstrip("0123456789") if disk else ""
        rot = Path(f"/sys/block/{name}/queue/rotational")
        if name and rot.exists():
            disk["rotational"] = rot.read_text().strip() == "1"
        disk["free_gb"] = round(shutil.disk_usage(workdir).free / 1e9, 1)
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": mem_gb,
        "disk": disk,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "os": platform.platform(),
        # other work on the machine skews every figure: say how busy it was
        "load_avg_start": list(os.getloadavg()),
    }


# --- the whole run --------------------------------------------------------------------------------------


def prepare_corpus(corpus: Corpus, workdir: Path, n: int) -> dict:
    """Write (or reuse) ``workdir/corpus`` with exactly the first ``n`` articles."""
    directory = workdir / "corpus"
    manifest = workdir / "corpus.json"
    if manifest.exists() and directory.exists():
        info = json.loads(manifest.read_text())
        if info.get("seed") == corpus.seed and info.get("articles") == n:
            log(f"reusing the corpus in {directory}")
            return {**info, "reused": True}
    if directory.exists():
        shutil.rmtree(directory)
    manifest.unlink(missing_ok=True)
    log(f"writing {n:,} articles to {directory}")
    t0 = time.perf_counter()
    size = corpus.write_txt(directory, n)
    seconds = time.perf_counter() - t0
    info = {
        "seed": corpus.seed,
        "articles": n,
        "bytes": size,
        "avg_bytes": round(size / n),
        "generate_seconds": round(seconds, 2),
        "fingerprint": corpus_fingerprint(corpus),
        **corpus.sources(),
    }
    manifest.write_text(json.dumps(info) + "\n")
    return {**info, "reused": False}


def run(args: argparse.Namespace) -> dict:
    n = args.articles
    own_workdir = args.workdir is None
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="archiver-bench-")).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    report: dict = {
        "articles": n,
        "seed": args.seed,
        "started": datetime.datetime.now().isoformat(timespec="seconds"),
        "command": " ".join(["benchmarks/run.py", *sys.argv[1:]]),
        "workdir": str(workdir),
        "machine": machine_info(workdir),
        "notes": [],
    }
    durations: dict[str, float] = {}
    clock = time.perf_counter()

    def phase(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        durations[name] = round(now - clock, 1)
        clock = now

    try:
        corpus = Corpus(args.seed)
        report["corpus"] = prepare_corpus(corpus, workdir, n)
        corpus_dir = workdir / "corpus"
        phase("generate")

        problem = tagging_problem()
        report["tagging_available"] = problem is None
        if problem:
            report["notes"].append(f"tagging unavailable, tag-on figures are null: {problem}")
            log(f"tagging unavailable: {problem}")
        main_tag = problem is None and args.main_tag == "on"
        subset = min(n, args.compare_subset)
        main_root, other_root = workdir / "archive-main", workdir / "archive-compare"
        if args.search_only:
            # Measure search on an archive a previous run built and kept (--keep): ingesting 1M
            # articles takes longer than one sitting, searching them does not.
            from archiver.index.engine import index_exists, open_engine

            if not index_exists(main_root):
                raise SystemExit(f"--search-only: no archive at {main_root} (run once with --keep)")
            index = open_engine(main_root, create=False)
            kept = index.count()
            index.close()
            main = {"added": kept, "reused": True}
            report["notes"].append(f"--search-only: searched the kept archive ({kept:,} articles); no ingest")
        else:
            log(f"ingest {n:,} articles, tagging {'on' if main_tag else 'off'} (the archive searched below)")
            main = run_ingest(main_root, corpus_dir, n, main_tag, args.jobs)
        phase("ingest_main")
        other = None
        if args.search_only:
            pass
        elif problem is None or main_tag:
            log(f"ingest {subset:,} articles, tagging {'off' if main_tag else 'on'} (for comparison)")
            other = run_ingest(other_root, corpus_dir, subset, not main_tag, args.jobs)
            if not args.keep:
                shutil.rmtree(other_root, ignore_errors=True)
        phase("ingest_compare")
        on, off = (main, other) if main_tag else (other, main)
        if args.search_only:
            on = off = None
        report["ingest"] = {"main_archive": "tag_on" if main_tag else "tag_off", "tag_on": on, "tag_off": off}
        if n > subset and not args.search_only:
            report["notes"].append(
                f"the {'tag-off' if main_tag else 'tag-on'} ingest ran on the first {subset:,} articles only"
            )
        for label, res in (("tag on", on), ("tag off", off)):
            if res and res["failed"]:
                report["notes"].append(f"ingest {label}: {res['failed']} failed, first: {res['first_error']}")

        idx = index_bytes(main_root)
        report["storage"] = {
            "index_bytes": idx,
            "index_bytes_per_article": round(idx / max(main["added"], 1)),
            "warc_bytes": tree_bytes(main_root / "warc"),
            "sidecar_bytes": tree_bytes(main_root / "sidecars"),
            "text_bytes": report["corpus"]["bytes"],
        }
        report["storage"]["index_to_text_ratio"] = round(idx / max(report["storage"]["text_bytes"], 1), 2)
        phase("sizes")

        if problem is None:
            docs = args.tag_docs or (max(MIN_TAG_DOCS, min(n, 5000)) if n >= MIN_TAG_DOCS else n)
            log(f"archiver tag --json - on {docs:,} documents")
            report["tag_cli"] = run_tag_cli(corpus, workdir, docs)
        else:
            report["tag_cli"] = None
        phase("tag_cli")

        mix = query_mix(corpus)
        log(f"search in process, {len(mix)} queries x {args.search_runs} runs")
        report["search_in_process"] = search_in_process(main_root, mix, args.search_runs)
        phase("search_in_process")
        log(f"search end to end (CLI), {len(mix)} queries x {args.cli_runs} runs")
        report["search_cli"] = search_cli(main_root, mix, args.cli_runs)
        phase("search_cli")
        if not main_tag:
            report["notes"].append("the searched archive is untagged: field filters and facets find no tags")

        report["help_startup"] = help_startup(HELP_RUNS)
        phase("help")

        rg_words = {"rare_word": mix["rare_word"]["query"], "common_word": mix["common_word"]["query"]}
        log("ripgrep over the same files")
        rg = run_ripgrep(corpus_dir, rg_words, args.rg_runs)
        if rg.get("available"):
            for name, q in rg["queries"].items():
                q["archiver_in_process_p50_ms"] = report["search_in_process"][name]["p50_ms"]
                q["archiver_cli_p50_ms"] = report["search_cli"][name]["p50_ms"]
                q["speedup_in_process"] = round(q["p50_ms"] / max(q["archiver_in_process_p50_ms"], 1e-3), 2)
                q["speedup_cli"] = round(q["p50_ms"] / max(q["archiver_cli_p50_ms"], 1e-3), 2)
        else:
            report["notes"].append(rg["note"])
        report["ripgrep"] = rg
        phase("ripgrep")
    finally:
        report["durations_s"] = durations
        report["machine"]["load_avg_end"] = list(os.getloadavg())
        report["total_s"] = round(sum(durations.values()), 1)
        if own_workdir and not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        elif not args.keep:
            for sub in ("archive-main", "archive-compare", "corpus"):
                shutil.rmtree(workdir / sub, ignore_errors=True)
            (workdir / "corpus.json").unlink(missing_ok=True)
            for p in workdir.glob("tag-*.jsonl"):
                p.unlink()
    return report


# --- output ---------------------------------------------------------------------------------------------


def _fmt(value, unit: str = "", digits: int = 0) -> str:
    if value is None:
        return "n/a"
    return f"{value:,.{digits}f}{unit}"


def render_table(r: dict) -> str:
    rows: list[tuple[str, str, str]] = []
    ing = r.get("ingest", {})
    for key, label in (("tag_on", "ingest, tagging on"), ("tag_off", "ingest, tagging off")):
        res = ing.get(key)
        target = "≥ 500/s" if key == "tag_on" else ""
        rows.append(
            (
                label + (f" ({res['articles']:,} articles)" if res else ""),
                _fmt(res and res["articles_per_s"], " articles/s")
                + (
                    f" ({res['articles_per_cpu_s']:,.0f} per CPU s)"
                    if res and res.get("articles_per_cpu_s")
                    else ""
                ),
                target,
            )
        )
    main = ing.get(ing.get("main_archive", ""), None)
    if main:
        rows.append(
            (f"peak RSS during ingest ({main['articles']:,})", _fmt(main["peak_rss_mb"], " MB"), "< 400 MB")
        )
    tag = r.get("tag_cli")
    rows.append(
        (
            f"archiver tag --json - ({tag['docs']:,} docs)" if tag else "archiver tag --json -",
            _fmt(tag and tag["docs_per_s"], " docs/s"),
            "≥ 750/s",
        )
    )
    for name, s in r.get("search_in_process", {}).items():
        cli = r.get("search_cli", {}).get(name, {})
        target = "≤ 1 s" if name == "facets" else "p95 ≤ 50 ms / ≤ 0.5 s"
        rows.append(
            (
                f"search {name} [{s['hits']:,} hits] p50/p95 in-process · CLI",
                f"{s['p50_ms']:.1f}/{s['p95_ms']:.1f} ms · "
                f"{cli.get('p50_ms', 0):,.0f}/{cli.get('p95_ms', 0):,.0f} ms",
                target,
            )
        )
    h = r.get("help_startup")
    if h:
        rows.append(("archiver --help (median of 10)", f"{h['median_s']:.3f} s", "≤ 0.3 s"))
    st = r.get("storage")
    if st:
        rows.append(
            (
                "index bytes per article",
                _fmt(st["index_bytes_per_article"], " B"),
                f"(text {r['corpus']['avg_bytes']:,} B)",
            )
        )
    rg = r.get("ripgrep", {})
    for q in rg.get("queries", {}).values():
        rows.append(
            (
                f"ripgrep -l -i {q['word']} ({q['files']:,} files)",
                f"{q['p50_ms']:,.0f} ms: {q['speedup_in_process']:.3g}× in-proc, {q['speedup_cli']:.3g}× CLI",
                "≥ 20×",
            )
        )
    w1 = max(len(a) for a, _, _ in rows)
    w2 = max(len(b) for _, b, _ in rows)
    m = r["machine"]
    lines = [
        f"archiver benchmark: {r['articles']:,} articles (seed {r['seed']}), "
        f"{m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM",
        "",
    ]
    lines.append(f"{'figure':<{w1}}  {'value':<{w2}}  target")
    lines.append(f"{'-' * w1}  {'-' * w2}  ------")
    lines += [f"{a:<{w1}}  {b:<{w2}}  {c}" for a, b, c in rows]
    lines.append("")
    lines.append(
        "durations: "
        + ", ".join(f"{k} {v:,.0f} s" for k, v in r.get("durations_s", {}).items())
        + f" (total {r.get('total_s', 0):,.0f} s)"
    )
    loads = [m.get("load_avg_start"), m.get("load_avg_end")]
    if all(loads):
        lines.append(f"load average (1 min) at start {loads[0][0]:.1f}, at end {loads[1][0]:.1f}")
    lines += [f"note: {n}" for n in r.get("notes", [])]
    return "\n".join(lines)


def render_markdown(results: list[dict]) -> str:
    """A markdown table with one column per saved result (for README files)."""

    def col(r: dict, fn) -> str:
        try:
            value = fn(r)
        except (KeyError, TypeError):
            return "n/a"
        return "n/a" if value is None else value

    def ingest(key: str):
        def get(r):
            res = r["ingest"][key]
            return f"{res['articles_per_s']:,.0f}/s ({res['articles']:,})"

        return get

    def search(name: str, where: str = "search_in_process"):
        return lambda r: f"{r[where][name]['p50_ms']:,.0f} / {r[where][name]['p95_ms']:,.0f}"

    def main_rss(r):
        return f"{r['ingest'][r['ingest']['main_archive']]['peak_rss_mb']:,.0f} MB"

    def rg(name: str):
        def get(r):
            q = r["ripgrep"]["queries"][name]
            return f"{q['p50_ms']:,.0f} ms ({q['speedup_in_process']:,.0f}× / {q['speedup_cli']:,.1f}×)"

        return get

    rows = [
        ("ingest, tagging on", ingest("tag_on")),
        ("ingest, tagging off", ingest("tag_off")),
        ("peak RSS, ingest of the searched archive", main_rss),
        ("`archiver tag --json -`", lambda r: f"{r['tag_cli']['docs_per_s']:,.0f} docs/s"),
    ]
    names = list(results[0].get("search_in_process", {})) if results else []
    rows += [(f"search `{n}` p50 / p95 ms, in-process", search(n)) for n in names]
    rows += [
        ("search p50 / p95 ms, CLI, `very_common_word`", search("very_common_word", "search_cli")),
        ("search p50 / p95 ms, CLI, `facets`", search("facets", "search_cli")),
        ("`archiver --help` (median)", lambda r: f"{r['help_startup']['median_s']:.3f} s"),
        ("index bytes / article", lambda r: f"{r['storage']['index_bytes_per_article']:,}"),
        ("rg rare word (speed-up in-process / CLI)", rg("rare_word")),
        ("rg common word (speed-up in-process / CLI)", rg("common_word")),
        ("searched archive tagged", lambda r: "yes" if r["ingest"]["main_archive"] == "tag_on" else "no"),
        ("wall time of the run", lambda r: f"{r['total_s'] / 60:,.0f} min"),
    ]
    head = "| figure | " + " | ".join(f"{r['articles']:,} articles" for r in results) + " |"
    lines = [head, "| --- |" + " --- |" * len(results)]
    lines += ["| " + label + " | " + " | ".join(col(r, fn) for r in results) + " |" for label, fn in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_ingest"]:
        return ingest_child(argv[1:])
    if argv[:1] == ["--render"] and len(argv) == 2:  # a table from a saved --json result
        print(render_table(json.loads(Path(argv[1]).read_text(encoding="utf-8"))))
        return 0
    if argv[:1] == ["--markdown"] and len(argv) >= 2:  # one markdown column per saved result
        print(render_markdown([json.loads(Path(a).read_text(encoding="utf-8")) for a in argv[1:]]))
        return 0
    ap = argparse.ArgumentParser(description="Benchmark archiver on N synthetic articles.")
    ap.add_argument("--articles", "-n", type=int, required=True, help="Articles in the searched archive.")
    ap.add_argument("--json", action="store_true", help="Print the figures as one JSON object.")
    ap.add_argument("--workdir", help="Where to build corpus and archives (default: a temporary directory).")
    ap.add_argument("--keep", action="store_true", help="Keep the corpus and archives afterwards.")
    ap.add_argument(
        "--search-only",
        action="store_true",
        help="Skip ingest: search the archive a previous --keep run left in --workdir.",
    )
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument(
        "--main-tag",
        choices=["on", "off"],
        default="on",
        help="Tagging for the N-article archive that is searched (default on).",
    )
    ap.add_argument(
        "--compare-subset",
        type=int,
        default=COMPARE_SUBSET,
        help="Articles ingested in the other tagging mode (default min(N, 20000)).",
    )
    ap.add_argument(
        "--tag-docs",
        type=int,
        default=0,
        help="Documents piped to archiver tag (default max(2000, min(N, 5000)), N when N < 2000).",
    )
    ap.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="Worker processes for ingest (AddOptions.jobs; default 1: the per-core figure).",
    )
    ap.add_argument("--search-runs", type=int, default=SEARCH_RUNS)
    ap.add_argument("--cli-runs", type=int, default=CLI_RUNS)
    ap.add_argument("--rg-runs", type=int, default=RG_RUNS)
    args = ap.parse_args(argv)
    if args.articles < 1:
        ap.error("--articles must be at least 1")
    report = run(args)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        print(render_table(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
