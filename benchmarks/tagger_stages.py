"""CPU time per article of preparing (decode, normalize, tag) the benchmark corpus, and of each
tagger stage, in one process: the figures behind the tagger's share of ingest.

    python benchmarks/tagger_stages.py --articles 1000 --repeat 2

Everything is measured in CPU seconds (``time.process_time``), the best of ``--repeat`` passes,
so other work on a shared machine moves the figures less than wall-clock time would. Storing
and indexing are not included (``run.py`` and ``profile_ingest.py`` measure the whole ingest).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import DEFAULT_SEED, Corpus  # noqa: E402


def measure_prepare(items: list, repeat: int) -> tuple[float, float]:
    """Best CPU seconds of ``prepare_article`` over ``items``, tagged and untagged."""
    from archiver.inputs.article import prepare_article

    prepare_article(items[0])  # one-time loads (models, gazetteer) stay outside the figures
    tagged = untagged = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        for item in items:
            prepare_article(item)
        t1 = time.process_time()
        for item in items:
            prepare_article(item, tag=False)
        t2 = time.process_time()
        tagged, untagged = min(tagged, t1 - t0), min(untagged, t2 - t1)
    return tagged, untagged


def measure_stages(texts: list[str], repeat: int) -> dict[str, float]:
    """Best CPU seconds of each step ``tag_article`` takes, over ``texts`` (normalized first)."""
    from archiver.inputs.normalize import normalize_article
    from archiver.tagging import entities, labels, organizations, people, places, topics
    from archiver.tagging import outlet as outlet_mod

    clock = time.process_time
    best: dict[str, float] = {}
    for rep in range(repeat + 1):  # the first pass warms the caches and loads the data
        spent: dict[str, float] = {}

        def timed(name, fn, *args, spent=spent, **kwargs):
            start = clock()
            result = fn(*args, **kwargs)
            spent[name] = spent.get(name, 0.0) + clock() - start
            return result

        for raw in texts:
            text = timed("normalize", normalize_article, raw).text
            match = timed("outlet", outlet_mod.detect_outlet, text)
            mentions = timed("entities", entities.find_mentions, text)
            mentions = timed("labels", labels.reconcile_mentions, text, mentions)
            timed("places", places.tag_locations, text, mentions, home=match.home if match else None)
            timed("people", people.tag_people, text, mentions)
            timed("organizations", organizations.tag_organizations, text, mentions, match)
            timed("topics", topics.tag_topics, text, mentions=mentions)
        if rep:
            best = {k: min(v, best.get(k, v)) for k, v in spent.items()}
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", "-n", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=2, help="Passes; the best counts (default 2).")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = ap.parse_args(argv)
    corpus = Corpus(args.seed)
    items = list(corpus.items(args.articles))
    n = len(items)
    tagged, untagged = measure_prepare(items, args.repeat)
    print(
        f"prepare_article, {n} articles: tagged {tagged / n * 1e3:.3f} ms ({n / tagged:.0f}/CPU s), "
        f"untagged {untagged / n * 1e3:.3f} ms ({n / untagged:.0f}/CPU s)"
    )
    stages = measure_stages([a.text for a in corpus.articles(n)], args.repeat)
    print("per article (ms CPU): " + ", ".join(f"{k} {v / n * 1e3:.3f}" for k, v in stages.items()))
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
