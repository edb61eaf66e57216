"""Fault injection: damage archives on purpose and count what comes back.

    python benchmarks/faults.py [--articles 300] [--flips 20] [--kills 8] [--seed 1]

Scenarios, each on a fresh archive of synthetic articles (no tagging, for speed):

- ``flip``: flip N random bytes of the closed WARC files;
- ``truncate``: cut a random number of bytes off the end of a WARC file;
- ``kill``: SIGKILL ``archiver add`` writers at random moments, several times over;
- ``disk-full``: ``archiver add`` into a small tmpfs (needs root and ``mount``; else says why).

For each it prints: articles in (reported added), articles expected intact (from where the damage
landed), articles recovered after ``archiver repair`` (shown byte-identical), the problems
``verify`` named by kind, and whether ``verify`` afterwards names only damage to masters.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archiver import warc  # noqa: E402
from archiver.store.archive import open_archive  # noqa: E402
from archiver.store.integrity import repair, verify  # noqa: E402
from tests.test_concurrency import make_articles  # noqa: E402 - the same synthetic articles


def cli(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "archiver", *args],
        capture_output=True,
        env={**os.environ, "NO_COLOR": "1"},
        **kw,
    )


def build(base: Path, n: int, seed: int) -> tuple[Path, dict[str, bytes]]:
    src = make_articles(base / "in", n, seed=seed)
    root = base / "arch"
    r = cli("--archive", str(root), "add", "--no-tag", "-j", "1", str(src))
    assert r.returncode == 0, r.stderr.decode()
    originals = {}
    with open_archive(root) as archive:
        for article_id in archive.index.ids():
            originals[article_id] = archive.show(article_id, with_raw=True).raw
    return root, originals


def record_ranges(root: Path) -> dict[str, list[tuple[str, int, int]]]:
    """Article id -> the (file, start, end) byte ranges of its records."""
    out: dict[str, list[tuple[str, int, int]]] = {}
    for path in sorted((root / "sidecars").glob("*/*.json")):
        sc = json.loads(path.read_text())
        out[sc["id"]] = [
            (r.get("file", sc["warc"]["file"]), r["offset"], r["offset"] + r["length"])
            for r in sc["warc"]["records"]
        ]
    return out


def recovered(root: Path, originals: dict[str, bytes]) -> int:
    """Articles that come back byte-identical after the repair."""
    n = 0
    with open_archive(root) as archive:
        for article_id, raw in originals.items():
            try:
                if archive.show(article_id, with_raw=True).raw == raw:
                    n += 1
            except Exception:  # noqa: BLE001 - lost to damage: not counted
                pass
    return n


def after_repair(root: Path) -> tuple[Counter, Counter, list[str]]:
    with open_archive(root) as archive:
        before = Counter(p.kind for p in verify(archive).problems)
    report = repair(root)
    left = Counter(p.kind for p in report.problems)
    return before, left, report.actions


def line(
    name: str, n_in: int, intact: int | str, got: int, named: Counter, left: Counter, note: str = ""
) -> None:
    masters_only = set(left) <= {"damaged-record", "digest-mismatch", "manifest-mismatch", "warc-missing"}
    print(
        f"{name:10} in={n_in:4}  expected-intact={intact!s:>4}  recovered={got:4}  "
        f"named: {dict(sorted(named.items())) or 'nothing'}  after repair: "
        f"{dict(sorted(left.items())) or 'clean'}{'' if masters_only else '  (DERIVED PROBLEMS LEFT)'}"
        + (f"  {note}" if note else "")
    )


def scenario_flip(base: Path, args, rng: random.Random) -> None:
    root, originals = build(base, args.articles, args.seed)
    ranges = record_ranges(root)
    files = sorted((root / "warc").glob("*/*/*.warc.gz"))
    hit: set[tuple[str, int]] = set()
    for _ in range(args.flips):
        path = rng.choice(files)
        data = bytearray(path.read_bytes())
        pos = rng.randrange(len(data))
        data[pos] ^= 1 << rng.randrange(8)
        path.write_bytes(bytes(data))
        hit.add((path.relative_to(root).as_posix(), pos))
    intact = sum(not any(f == hf and a <= p < b for f, a, b in rs for hf, p in hit) for rs in ranges.values())
    named, left, _ = after_repair(root)
    line("flip", len(originals), intact, recovered(root, originals), named, left, f"({args.flips} bytes)")


def scenario_truncate(base: Path, args, rng: random.Random) -> None:
    root, originals = build(base, args.articles, args.seed)
    ranges = record_ranges(root)
    path = sorted((root / "warc").glob("*/*/*.warc.gz"))[-1]
    size = path.stat().st_size
    cut = rng.randrange(1, max(2, size // 10))
    with path.open("r+b") as f:
        f.truncate(size - cut)
    rel = path.relative_to(root).as_posix()
    intact = sum(all(not (f == rel and b > size - cut) for f, a, b in rs) for rs in ranges.values())
    named, left, _ = after_repair(root)
    line("truncate", len(originals), intact, recovered(root, originals), named, left, f"({cut} bytes cut)")


def scenario_kill(base: Path, args, rng: random.Random) -> None:
    root = base / "arch"
    reported: dict[str, None] = {}
    for k in range(args.kills):
        src = make_articles(base / "in", 600, seed=args.seed + k, prefix=f"{k:02d}-")
        p = subprocess.Popen(
            [sys.executable, "-m", "archiver", "--archive", str(root), "add", "--no-tag", "--json", str(src)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        time.sleep(rng.uniform(1.5, 5.0))
        p.send_signal(signal.SIGKILL)
        out, _ = p.communicate()
        for raw in out.splitlines():
            try:
                r = json.loads(raw)
            except ValueError:
                continue
            if r["status"] == "added":
                reported[r["id"]] = None
    named, left, _ = after_repair(root)
    with open_archive(root) as archive:
        kept = sum(archive.index.get(i) is not None for i in reported)
        total = archive.index.count()
    stored = Counter(
        r.headers.get("WARC-Payload-Digest")
        for path in sorted((root / "warc").glob("*/*/*.warc.gz"))
        for r in warc.iter_records(path)
        if isinstance(r, warc.Record) and r.ref.type == "resource"
    )
    twice = sum(1 for n in stored.values() if n > 1)
    line(
        "kill",
        len(reported),
        len(reported),
        kept,
        named,
        left,
        f"({args.kills} writers killed; {total} indexed, {len(stored)} stored, {twice} stored twice)",
    )


def scenario_disk_full(base: Path, args, rng: random.Random) -> None:
    mnt = base / "small"
    mnt.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        print("disk-full  skipped: needs root and mount(8) for a small tmpfs")
        return
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mnt)], capture_output=True)
    if r.returncode != 0:
        print(f"disk-full  skipped: cannot mount a tmpfs here ({r.stderr.decode().strip()})")
        return
    try:
        src = make_articles(base / "in", 3000, seed=args.seed)
        root = mnt / "arch"
        t0 = time.monotonic()
        p = cli("--archive", str(root), "add", "--no-tag", "-j", "1", "--json", str(src))
        seconds = time.monotonic() - t0
        results = [json.loads(x) for x in p.stdout.splitlines() if x.startswith(b"{")]
        added = [x["id"] for x in results if x["status"] == "added"]
        log = (root / "logs" / "runs.jsonl").read_text().splitlines()
        stopped = "stopped early" in p.stderr.decode()
        with open_archive(root) as archive:
            named = Counter(x.kind for x in verify(archive).problems)
        # The operator makes room (here: the tmpfs grows), then repairs.
        subprocess.run(["mount", "-o", "remount,size=64m", str(mnt)], check=True)
        report = repair(root)
        left = Counter(x.kind for x in report.problems)
        with open_archive(root) as archive:
            kept = sum(archive.index.get(i) is not None for i in added)
        line(
            "disk-full",
            len(added),
            len(added),
            kept,
            named,
            left,
            f"(3 MB tmpfs, 3000 inputs: {len(results)} results, stopped early={stopped}, "
            f"exit {p.returncode}, {seconds:.1f}s, run logged={bool(log)})",
        )
    finally:
        subprocess.run(["umount", str(mnt)], capture_output=True)


SCENARIOS = {
    "flip": scenario_flip,
    "truncate": scenario_truncate,
    "kill": scenario_kill,
    "disk-full": scenario_disk_full,
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--flips", type=int, default=20)
    ap.add_argument("--kills", type=int, default=8)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", choices=sorted(SCENARIOS), action="append")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    for name in args.only or list(SCENARIOS):
        base = Path(tempfile.mkdtemp(prefix=f"archiver-faults-{name}-"))
        try:
            SCENARIOS[name](base, args, rng)
        finally:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
