#!/usr/bin/env python3
"""Measure the topic tagger on labelled news: top-1 top-level accuracy and speed.

Usage:
  python tools/eval_topics.py GOLD.jsonl [--show-errors N] [--confusion] [--repeat N]

Each gold line carries "text" and "topics_iptc_mapped" (top-level IPTC codes). The rule is
the scorer's (``../shared/eval/score_tags.py``): a document counts when the top-level
ancestor of the first predicted topic is one of its gold codes. ``tag_topics`` is called
directly, so the time is the tagger's own, without start-up or the other taggers; the
reported time is the best of ``--repeat`` passes (the first pass also learns new words), and
the load average is printed beside it because other processes on the machine skew it.
Lines without topic labels are tagged (and timed) but not scored.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import sys
import time
from pathlib import Path


def _code(gold) -> str:
    """A gold topic as "medtop:NNNNNNNN" (gold items are codes or objects with "code")."""
    code = gold.get("code") or gold.get("qcode") if isinstance(gold, dict) else gold
    return code if code.startswith("medtop:") else "medtop:" + code


def top_level(code: str, parents: dict[str, str]) -> str:
    code = code.removeprefix("medtop:")
    while parents.get(code):
        code = parents[code]
    return "medtop:" + code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path, help="JSON Lines file with labelled articles")
    parser.add_argument(
        "--show-errors",
        type=int,
        default=0,
        metavar="N",
        help="print the first N misclassified documents to stderr",
    )
    parser.add_argument("--confusion", action="store_true", help="print gold -> predicted counts")
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        metavar="N",
        help="time N passes over the documents and report the best (default 3)",
    )
    args = parser.parse_args(argv)

    from archiver.tagging import topics

    docs = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line]
    load_start = time.perf_counter()
    model = topics._load_model()
    load_ms = (time.perf_counter() - load_start) * 1000
    parents = {
        code: (model.codes[p] if p >= 0 else "") for code, p in zip(model.codes, model.parent, strict=True)
    }

    results: list = []
    elapsed = float("inf")
    for _ in range(max(args.repeat, 1)):
        start = time.perf_counter()
        found = [topics.tag_topics(doc["text"]) for doc in docs]
        elapsed = min(elapsed, time.perf_counter() - start)
        results = results or found

    scored = right = 0
    confusion: collections.Counter = collections.Counter()
    shown = 0
    for doc, found in zip(docs, results, strict=True):
        gold = doc.get("topics_iptc_mapped")
        if not gold:
            continue
        gold = [_code(g) for g in gold]
        scored += 1
        predicted = top_level(found[0]["code"], parents) if found else "none"
        ok = predicted in gold
        right += ok
        confusion[(gold[0], predicted)] += 1
        if not ok and shown < args.show_errors:
            shown += 1
            head = doc["text"][:90].replace("\n", " | ")
            print(f"{doc.get('id')}: gold {gold[0]} got {predicted}  {head}", file=sys.stderr)
            for t in found[:3]:
                print(f"    {t['code']} {t['label']} {t['score']} {t['evidence']}", file=sys.stderr)

    kb = sum(len(d["text"]) for d in docs) / max(len(docs), 1) / 1000
    per_doc = elapsed / max(len(docs), 1) * 1000
    if scored:
        print(f"top-1 top-level accuracy {right / scored:.3f} ({right}/{scored})")
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    print(
        f"{len(docs)} docs, mean {kb:.1f} KB, {per_doc:.3f} ms/doc "
        f"({per_doc / kb * 3:.3f} ms per 3 KB, best of {max(args.repeat, 1)}; load average "
        f"{load}); vocabulary loaded in {load_ms:.0f} ms"
    )
    if args.confusion:
        for (gold, predicted), n in sorted(confusion.items()):
            print(f"  {gold} -> {predicted}: {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
