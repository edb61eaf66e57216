"""Profile ingest (tagging on) with cProfile and print the hot spots, by function and by module.

    python benchmarks/profile_ingest.py --articles 2000            # top 25 functions + modules
    python benchmarks/profile_ingest.py --articles 2000 --out ingest.prof   # also keep the stats

The articles are the benchmark corpus (``generate.py``), fed to ``Archive.add`` as in-memory
``InputItem`` objects, so file reading and generation are outside the profile. One warm-up article
is ingested first so one-time loads (gazetteer, NER model, lexicons) are reported separately.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import DEFAULT_SEED, Corpus  # noqa: E402


def _module(filename: str) -> str:
    """``archiver.tagging.people`` for a project file, the stdlib/site module name otherwise."""
    path = Path(filename)
    parts = path.with_suffix("").parts
    if "archiver" in parts:
        i = len(parts) - 1 - parts[::-1].index("archiver")
        return ".".join(parts[i:])
    if filename.startswith("<") or filename == "~":
        return "builtins"
    return path.stem


def profile_memory(args: argparse.Namespace) -> int:
    """Ingest with tracemalloc on; print the allocation sites of what is still alive at the end.

    What survives the run (while the archive is still open) is what grows with the number of
    articles: caches, indexes kept in memory, leaks.
    """
    import gc
    import tracemalloc

    from archiver.store.archive import AddOptions, open_archive

    corpus = Corpus(args.seed)
    items = list(corpus.items(args.articles + 1))
    options = AddOptions(tag=not args.no_tag)
    with (
        tempfile.TemporaryDirectory(prefix="archiver-profile-") as tmp,
        open_archive(Path(tmp), create=True) as a,
    ):
        list(a.add(items[:1], options))  # one-time loads happen before the first snapshot
        gc.collect()
        tracemalloc.start(1)
        before = tracemalloc.take_snapshot()
        list(a.add(items[1:], options))
        gc.collect()
        after = tracemalloc.take_snapshot()
        tracemalloc.stop()
    del items
    diff = after.compare_to(before, "lineno")
    grown = sum(d.size_diff for d in diff)
    print(
        f"memory still held after ingesting {args.articles:,} articles "
        f"(tagging {'off' if args.no_tag else 'on'}): {grown / 2**20:,.1f} MiB more than after the first"
    )
    print(f"\nTop {args.top} allocation sites by growth:")
    for d in diff[: args.top]:
        frame = d.traceback[0]
        print(
            f"  {d.size_diff / 2**20:8.2f} MiB  {d.count_diff:>+9,} blocks  "
            f"{_module(frame.filename)}:{frame.lineno}"
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Profile archiver ingest with tagging on.")
    ap.add_argument("--articles", "-n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--no-tag", action="store_true", help="Profile ingest without tagging.")
    ap.add_argument("--out", type=Path, help="Also write the raw pstats file here.")
    ap.add_argument(
        "--memory",
        action="store_true",
        help="Instead of time: where the memory still held after the run was allocated.",
    )
    args = ap.parse_args(argv)
    if args.memory:
        return profile_memory(args)

    from archiver.store.archive import AddOptions, open_archive

    corpus = Corpus(args.seed)
    items = list(corpus.items(args.articles + 1))
    options = AddOptions(tag=not args.no_tag)
    with (
        tempfile.TemporaryDirectory(prefix="archiver-profile-") as tmp,
        open_archive(Path(tmp), create=True) as a,
    ):
        t0 = time.perf_counter()
        list(a.add(items[:1], options))
        warmup = time.perf_counter() - t0
        profiler = cProfile.Profile()
        t0 = time.perf_counter()
        profiler.enable()
        results = list(a.add(items[1:], options))
        profiler.disable()
        seconds = time.perf_counter() - t0
    failed = sum(r.status == "failed" for r in results)
    stats = pstats.Stats(profiler)
    total = sum(tt for (_cc, _nc, tt, _ct, _callers) in stats.stats.values())

    print(
        f"ingest of {args.articles:,} articles, tagging {'off' if args.no_tag else 'on'}: {seconds:.1f} s "
        f"under cProfile ({args.articles / seconds:,.0f}/s; profiling slows Python code ~1.5-2x), "
        f"first article incl. one-time loads {warmup:.2f} s, {failed} failed"
    )
    print(f"\nTop {args.top} functions by own time (% of profiled time):")
    rows = sorted(stats.stats.items(), key=lambda kv: kv[1][2], reverse=True)[: args.top]
    for (filename, line, func), (_cc, ncalls, tt, ct, _callers) in rows:
        where = f"{_module(filename)}:{func}" + (f" (line {line})" if line else "")
        print(f"  {100 * tt / total:5.1f}%  own {tt:6.2f} s  cum {ct:6.2f} s  {ncalls:>9,} calls  {where}")

    print("\nBy module (own time, % of profiled time):")
    by_module: dict[str, float] = defaultdict(float)
    for (filename, _line, _func), (_cc, _nc, tt, _ct, _callers) in stats.stats.items():
        by_module[_module(filename)] += tt
    for module, tt in sorted(by_module.items(), key=lambda kv: kv[1], reverse=True)[: args.top]:
        print(f"  {100 * tt / total:5.1f}%  {tt:6.2f} s  {module}")

    print("\nArchiver functions by cumulative time (% of profiled time):")
    cum = [
        (ct, f"{_module(fn)}:{func}")
        for (fn, _line, func), (_cc, _nc, _tt, ct, _callers) in stats.stats.items()
        if "archiver" in Path(fn).parts
    ]
    for ct, where in sorted(cum, reverse=True)[: args.top]:
        print(f"  {100 * ct / total:5.1f}%  {ct:6.2f} s  {where}")
    if args.out:
        stats.dump_stats(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
