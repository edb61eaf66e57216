#!/usr/bin/env python3
"""Check the topic tagger's vocabulary file (``archiver/data/topic_vocabulary.txt``).

    python tools/check_topic_vocabulary.py            # the packaged file
    python tools/check_topic_vocabulary.py FILE       # another one, before it replaces it

The vocabulary is hand-written data: this reads it with the tagger's own reader
(``archiver.tagging.topics.read_vocabulary``) and reports what the tagger would silently
ignore or what is probably a slip: codes that are not IPTC Media Topics in
``archiver/data/iptc_topics.json``, weights outside 1-4 and terms without a letter or digit.
Exits 1 when any is found. A term given twice to one code is legal (the higher weight counts):
``--duplicates`` lists those, for tidying.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from archiver.tagging.topics import TERM_RE, TOPICS_FILE, VOCABULARY_FILE, read_vocabulary


def check(path: Path) -> tuple[list[str], list[str]]:
    """The problems of a vocabulary file and its repeated terms, one line each."""
    try:
        entries = read_vocabulary(path.read_text(encoding="utf-8"))
    except ValueError as e:
        return [f"{path}: {e}"], []
    known = json.loads(TOPICS_FILE.read_text(encoding="utf-8"))["topics"]
    problems, repeats = [], []
    seen: dict[tuple[str, str], float] = {}
    for code, weight, text in entries:
        if code not in known:
            problems.append(f"medtop {code}: not an IPTC Media Topics code")
        if not 1 <= weight <= 4:
            problems.append(f"medtop {code}: weight {weight:g} outside 1-4")
        for raw in text.split(","):
            term = raw.strip()
            if not term:
                continue
            if not TERM_RE.search(term):
                problems.append(f"medtop {code}: term {term!r} has no letter or digit")
            key = (code, term if term != term.lower() else term.lower())
            if key in seen:
                repeats.append(f"medtop {code}: {term!r} listed twice (weights {seen[key]:g} and {weight:g})")
            seen[key] = max(weight, seen.get(key, 0))
    return problems, repeats


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Check the topic vocabulary file.")
    ap.add_argument("file", type=Path, nargs="?", default=VOCABULARY_FILE)
    ap.add_argument("--duplicates", action="store_true", help="Also list terms given twice to one code.")
    args = ap.parse_args(argv)
    problems, repeats = check(args.file)
    entries = read_vocabulary(args.file.read_text(encoding="utf-8")) if not problems else []
    for line in problems + (repeats if args.duplicates else []):
        print(line)
    if not problems:
        codes = {c for c, _, _ in entries}
        terms = sum(1 for _, _, t in entries for raw in t.split(",") if raw.strip())
        print(
            f"{args.file.name}: {len(codes)} codes, {len(entries)} weighted groups, {terms} terms "
            f"({len(repeats)} repeated within a code): OK"
        )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
