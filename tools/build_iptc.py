#!/usr/bin/env python3
"""Build ``archiver/data/iptc_topics.json`` from the IPTC Media Topics JSON Lines export.

Usage:
  python tools/build_iptc.py PATH/TO/mediatopics.jsonl [--out archiver/data/iptc_topics.json]

Keeps the active concepts only (no retired ones) and, of each, the code, the en-GB label, the
parent and the level; the definitions are left out on purpose (DESIGN section 5: ship codes,
labels and parents). The output is one compact JSON object:

  {"credit": "...", "release": "2025-10-09", "prefix": "medtop:",
   "topics": {"20000771": ["immigration", "14000000", 2], ...}}

where the parent is "" for the 17 top-level topics.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

CREDIT = "IPTC Media Topics NewsCodes, © IPTC, CC BY 4.0, release 2025-10-09"
RELEASE = "2025-10-09"
PREFIX = "medtop:"
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "archiver" / "data" / "iptc_topics.json"


def build_topics(lines) -> dict:
    """Return the compact table of active concepts from the JSON Lines of the IPTC export."""
    topics: dict[str, list] = {}
    for line in lines:
        if not line.strip():
            continue
        concept = json.loads(line)
        if concept.get("retired"):
            continue
        code = concept["qcode"].removeprefix(PREFIX)
        broader = [b.removeprefix(PREFIX) for b in concept.get("broader") or []]
        topics[code] = [concept["label"], broader[0] if broader else "", int(concept["level"])]
    # A parent that is itself retired would leave a dangling link: climb to none rather than lie.
    for entry in topics.values():
        if entry[1] and entry[1] not in topics:
            entry[1] = ""
    return {"credit": CREDIT, "release": RELEASE, "prefix": PREFIX, "topics": topics}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", type=Path, help="mediatopics.jsonl (IPTC export)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    with args.source.open(encoding="utf-8") as handle:
        table = build_topics(handle)
    args.out.write_text(
        json.dumps(table, ensure_ascii=False, separators=(",", ":"), sort_keys=False) + "\n",
        encoding="utf-8",
    )
    print(f"{len(table['topics'])} active topics -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
