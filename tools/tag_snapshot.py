#!/usr/bin/env python3
"""Snapshot the full ``archiver tag --json`` output on labelled sets, and compare two snapshots.

    python tools/tag_snapshot.py write /tmp/before ../shared/eval/data/*.jsonl [--send url]
    python tools/tag_snapshot.py compare /tmp/before /tmp/after [--ignore topics]

``write`` sends each set's ``{"id", "text"}`` lines (plus the fields named by ``--send``) to
``archiver tag --json -j1 -`` and stores the output as ``DIR/<set name>.jsonl`` (the texts stay
where they are: nothing of the data is written into the project). ``compare`` reports every
article whose output differs between two snapshots, field by field, and exits 1 if any does: the
check that a speed change left the tags exactly as they were (``--ignore topics`` for a change
that deliberately moves topics).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

VENV_BIN = Path(sys.executable).parent


def _command() -> list[str]:
    exe = VENV_BIN / "archiver"
    base = [str(exe)] if exe.exists() else [sys.executable, "-m", "archiver"]
    return [*base, "tag", "--json", "-j1", "-"]


def write(out_dir: Path, sets: list[Path], send: list[str]) -> int:
    out_dir.mkdir(parents=True, exist_ok=True)
    for path in sets:
        lines = []
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                doc = json.loads(line)
                item = {"id": doc["id"], "text": doc["text"]}
                item.update({k: doc[k] for k in send if k in doc})
                lines.append(json.dumps(item, ensure_ascii=False))
        run = subprocess.run(
            _command(), input="\n".join(lines) + "\n", capture_output=True, text=True, check=False
        )
        if run.returncode != 0:
            print(f"{path.name}: archiver tag failed: {run.stderr.strip()}", file=sys.stderr)
            return 1
        (out_dir / path.name).write_text(run.stdout, encoding="utf-8")
        print(f"{path.name}: {len(lines)} articles -> {out_dir / path.name}")
    return 0


def _load(path: Path) -> dict[str, dict]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            doc = json.loads(line)
            out[doc.get("source_id") or doc.get("id")] = doc
    return out


def compare(before: Path, after: Path, ignore: list[str], show: int) -> int:
    differing = 0
    for path in sorted(before.glob("*.jsonl")):
        other = after / path.name
        if not other.exists():
            print(f"{path.name}: missing in {after}")
            differing += 1
            continue
        a, b = _load(path), _load(other)
        diffs = 0
        for key in sorted(set(a) | set(b)):
            da, db = a.get(key, {}), b.get(key, {})
            fields = sorted(f for f in set(da) | set(db) if f not in ignore and da.get(f) != db.get(f))
            if fields:
                diffs += 1
                if diffs <= show:
                    print(f"  {path.name} {key}: {', '.join(fields)}")
                    for f in fields[:3]:
                        print(f"    before {f}: {json.dumps(da.get(f), ensure_ascii=False)[:300]}")
                        print(f"    after  {f}: {json.dumps(db.get(f), ensure_ascii=False)[:300]}")
        print(
            f"{path.name}: {len(a)} articles, {diffs} differ"
            + (f" (ignoring {', '.join(ignore)})" if ignore else "")
        )
        differing += diffs
    return 1 if differing else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="verb", required=True)
    w = sub.add_parser("write", help="tag each set and store the output")
    w.add_argument("out_dir", type=Path)
    w.add_argument("sets", type=Path, nargs="+")
    w.add_argument("--send", action="append", default=[], help="also send this field of each line")
    c = sub.add_parser("compare", help="list the articles whose output differs")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    c.add_argument("--ignore", action="append", default=[], help="a field not compared (repeatable)")
    c.add_argument("--show", type=int, default=10, help="details of at most this many articles per set")
    args = ap.parse_args(argv)
    if args.verb == "write":
        return write(args.out_dir, args.sets, args.send)
    return compare(args.before, args.after, args.ignore, args.show)


if __name__ == "__main__":
    sys.exit(main())
