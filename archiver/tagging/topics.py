"""IPTC Media Topics for one article, from a hand-written weighted news vocabulary.

The vocabulary (``topic_lexicon_*`` modules) maps words, prefixes and phrases to IPTC codes
with a weight. One regex pass tokenises the text; each distinct token is looked up once (a
bounded cache remembers the answer) and phrases are checked only where their first word
occurs. A term's weight counts sub-linearly in its occurrences (``1 + ln n``), title words
count ``TITLE_WEIGHT`` times, and every code's score also flows up to its ancestors, so a
top-level branch scores the sum of everything found below it. The best branch wins; within
a branch the report walks down to the most specific well-supported descendant.

Codes and labels: IPTC Media Topics NewsCodes, © IPTC, CC BY 4.0 (``data/IPTC-NOTICE.txt``).
"""

from __future__ import annotations

import json
import math
import re
from importlib import import_module
from pathlib import Path
from typing import Any

MAX_TOPICS = 5
MAX_EVIDENCE = 6
TITLE_WEIGHT = 3.0
# A first line this short, followed by more text, is taken as the title when none is given.
MAX_TITLE_CHARS = 200
# Walk down to a child while it holds at least this share of its parent's score ...
DESCEND_SHARE = 0.45
# ... and at least this much score of its own.
DESCEND_MIN = 3.0
# Another branch is reported when it reaches this score and this share of the leader's.
MIN_BRANCH_SCORE = 4.0
MIN_BRANCH_SHARE = 0.2
# A second topic from an already reported branch needs this share of the branch score.
EXTRA_NODE_SHARE = 0.35
# score = s / (s + SCORE_HALF): a branch scoring SCORE_HALF reports 0.5.
SCORE_HALF = 12.0
CACHE_LIMIT = 200_000
LEXICON_MODULES = (
    "topic_lexicon_arts_crime",
    "topic_lexicon_economy",
    "topic_lexicon_society",
    "topic_lexicon_politics_tech",
    "topic_lexicon_sport",
)
TOPICS_FILE = Path(__file__).resolve().parent.parent / "data" / "iptc_topics.json"

TOKEN_RE = re.compile(r"[^\W_]+")

_MODEL: _Model | None = None


class _Model:
    """The compiled vocabulary and the IPTC hierarchy, built once per process."""

    def __init__(self, topics: dict[str, list], prefix: str, lexicons: list[dict]) -> None:
        self.prefix = prefix
        self.codes: list[str] = list(topics)
        index = {code: i for i, code in enumerate(self.codes)}
        self.labels = [topics[c][0] for c in self.codes]
        self.parent = [index.get(topics[c][1], -1) for c in self.codes]
        self.children: list[list[int]] = [[] for _ in self.codes]
        for i, p in enumerate(self.parent):
            if p >= 0:
                self.children[p].append(i)
        # chain[i]: i and all its ancestors, top level last.
        self.chain: list[tuple[int, ...]] = []
        for i in range(len(self.codes)):
            chain, j = [], i
            while j >= 0:
                chain.append(j)
                j = self.parent[j]
            self.chain.append(tuple(chain))

        # term key -> {code index: weight}; a key is (tokens, is_prefix, case_sensitive).
        terms: dict[tuple, dict[int, float]] = {}
        self.unknown_codes: list[str] = []
        for lexicon in lexicons:
            for code, groups in lexicon.items():
                if code not in index:
                    self.unknown_codes.append(code)
                    continue
                ci = index[code]
                for weight, text in groups:
                    for raw in text.split(","):
                        raw = raw.strip()
                        if not raw:
                            continue
                        is_prefix = raw.endswith("*")
                        words = TOKEN_RE.findall(raw)
                        if not words:
                            continue
                        cased = len(words) == 1 and raw != raw.lower()
                        if not cased:
                            words = [w.lower() for w in words]
                        key = (tuple(words), is_prefix, cased)
                        slot = terms.setdefault(key, {})
                        slot[ci] = max(weight, slot.get(ci, 0))

        self.entries: list[tuple[tuple[int, float], ...]] = []
        self.exact: dict[str, int] = {}
        self.cased: dict[str, int] = {}
        self.prefixes: dict[str, int] = {}
        # first word -> [(following words, last word is a prefix, entry)], longest first
        self.phrases: dict[str, list[tuple[tuple[str, ...], bool, int]]] = {}
        for (words, is_prefix, cased), slot in terms.items():
            entry = len(self.entries)
            self.entries.append(tuple(slot.items()))
            if len(words) > 1:
                self.phrases.setdefault(words[0], []).append((words[1:], is_prefix, entry))
            elif cased:
                self.cased[words[0]] = entry
            elif is_prefix:
                self.prefixes[words[0]] = entry
            else:
                self.exact[words[0]] = entry
        for candidates in self.phrases.values():
            candidates.sort(key=lambda c: -len(c[0]))
        self.prefix_lengths = sorted({len(p) for p in self.prefixes})
        # token as written -> (entries matched by the token alone, starts a phrase) or None
        self.cache: dict[str, tuple[tuple[int, ...], list | None] | None] = {}

    def lookup(self, token: str) -> tuple[tuple[int, ...], list | None] | None:
        """Entries a single token matches and the phrases it may start (uncached)."""
        low = token.lower()
        found: list[int] = []
        if token in self.cased:
            found.append(self.cased[token])
        if low in self.exact:
            found.append(self.exact[low])
        for n in self.prefix_lengths:
            if n > len(low):
                break
            entry = self.prefixes.get(low[:n])
            if entry is not None:
                found.append(entry)
        phrases = self.phrases.get(low)
        if not found and phrases is None:
            return None
        return tuple(found), phrases


def _load_model() -> _Model:
    global _MODEL
    if _MODEL is None:
        data = json.loads(TOPICS_FILE.read_text(encoding="utf-8"))
        lexicons = [import_module(f"archiver.tagging.{name}").LEXICON for name in LEXICON_MODULES]
        _MODEL = _Model(data["topics"], data.get("prefix", "medtop:"), lexicons)
    return _MODEL


def _match_terms(model: _Model, text: str, weight: float, hits: dict[int, list]) -> None:
    """Add the vocabulary matches of ``text`` to ``hits`` (entry -> [count, surface])."""
    tokens = TOKEN_RE.findall(text)
    cache = model.cache
    if len(cache) > CACHE_LIMIT:
        cache.clear()
    lookup = model.lookup
    missing = cache.get  # bound once: this loop is the hot path
    n = len(tokens)
    for i, token in enumerate(tokens):
        found = missing(token, 0)
        if found == 0:
            found = cache[token] = lookup(token)
        if found is None:
            continue
        singles, phrases = found
        for entry in singles:
            hit = hits.get(entry)
            if hit is None:
                hits[entry] = [weight, token]
            else:
                hit[0] += weight
        if phrases is None:
            continue
        for rest, is_prefix, entry in phrases:
            end = i + 1 + len(rest)
            if end > n:
                continue
            last = len(rest) - 1
            for k, word in enumerate(rest):
                other = tokens[i + 1 + k].lower()
                if other != word and not (k == last and is_prefix and other.startswith(word)):
                    break
            else:
                hit = hits.get(entry)
                if hit is None:
                    hits[entry] = [weight, " ".join(tokens[i:end])]
                else:
                    hit[0] += weight


def _split_title(text: str, title: str | None) -> tuple[str, str]:
    stripped = text.lstrip()
    if title:
        title = title.strip()
        if stripped.startswith(title):
            return title, stripped[len(title):]
        return title, text
    first, sep, rest = stripped.partition("\n")
    if sep and rest.strip() and len(first) <= MAX_TITLE_CHARS:
        return first, rest
    return "", text


def tag_topics(text: str, *, title: str | None = None, mentions: list | None = None) -> list[dict]:
    """Name the IPTC Media Topics of one article, best first.

    Args:
        text: the article text (title line included).
        title: the title, when known; its words weigh ``TITLE_WEIGHT`` times more. When it
            is None, a short first line followed by more text is taken as the title.
        mentions: entity mentions from the entity tagger; not used by this vocabulary
            tagger (kept for the tagger contract).

    Returns:
        At most ``MAX_TOPICS`` dicts ``{"code", "label", "path", "score", "evidence"}``:
        ``path`` holds the labels from the top level down to the topic, ``score`` is in
        0..1 (three decimals), ``evidence`` the text's words that pointed to it, most
        telling first. An empty list when nothing in the text matches the vocabulary.
    """
    del mentions
    if not text or not text.strip():
        return []
    model = _load_model()
    head, body = _split_title(text, title)
    hits: dict[int, list] = {}
    if head:
        _match_terms(model, head, TITLE_WEIGHT, hits)
    _match_terms(model, body, 1.0, hits)
    if not hits:
        return []

    # contrib[(entry, code)] is kept implicitly: score per code, then per ancestor.
    score = [0.0] * len(model.codes)
    touched: set[int] = set()
    term_strength: dict[int, float] = {}
    entries, chain = model.entries, model.chain
    for entry, (count, _surface) in hits.items():
        damp = 1.0 + math.log(count) if count > 1.0 else count
        term_strength[entry] = damp
        for code, weight in entries[entry]:
            value = weight * damp
            for node in chain[code]:
                score[node] += value
                touched.add(node)

    tops = sorted((n for n in touched if model.parent[n] < 0), key=lambda n: -score[n])
    lead_score = score[tops[0]]
    picked: list[tuple[float, int]] = []
    for rank, top in enumerate(tops):
        branch = score[top]
        if rank and (branch < MIN_BRANCH_SCORE or branch < MIN_BRANCH_SHARE * lead_score):
            break
        node = _descend(model, score, top)
        picked.append((_scale(branch), node))
        if len(picked) >= MAX_TOPICS:
            break
    if len(picked) < MAX_TOPICS:
        picked += _extra_nodes(model, score, picked, MAX_TOPICS - len(picked))
    lead, others = picked[0], sorted(picked[1:], key=lambda p: -p[0])
    return [
        _describe(model, node, value, hits, term_strength) for value, node in [lead, *others]
    ]


def _descend(model: _Model, score: list[float], node: int) -> int:
    """The most specific descendant of ``node`` that still holds most of its score."""
    while True:
        best = max(model.children[node], key=lambda c: score[c], default=None)
        if best is None or score[best] < DESCEND_MIN or score[best] < DESCEND_SHARE * score[node]:
            return node
        node = best


def _extra_nodes(
    model: _Model, score: list[float], picked: list[tuple[float, int]], room: int
) -> list[tuple[float, int]]:
    """Second topics inside the reported branches (say, police beside immigration policy)."""
    taken = {node for _, node in picked}
    on_paths = {a for node in taken for a in model.chain[node]}
    extra: list[tuple[float, int]] = []
    for value, node in picked:
        top = model.chain[node][-1]
        branch = score[top]
        candidates = [
            n for n in _descendants(model, top, score)
            if n not in on_paths and score[n] >= max(DESCEND_MIN, EXTRA_NODE_SHARE * branch)
            and not any(a in taken for a in model.chain[n])
        ]
        for n in sorted(candidates, key=lambda n: -score[n])[:1]:
            n = _descend(model, score, n)
            extra.append((round(value * score[n] / branch, 3), n))
    extra.sort(key=lambda p: -p[0])
    return extra[:room]


def _descendants(model: _Model, top: int, score: list[float]) -> list[int]:
    out, stack = [], list(model.children[top])
    while stack:
        n = stack.pop()
        if score[n] > 0:
            out.append(n)
            stack.extend(model.children[n])
    return out


def _scale(value: float) -> float:
    return round(value / (value + SCORE_HALF), 3)


def _describe(
    model: _Model, node: int, value: float, hits: dict[int, list], strength: dict[int, float]
) -> dict[str, Any]:
    path = [model.labels[n] for n in reversed(model.chain[node])]
    ranked: list[tuple[float, str]] = []
    for entry, (_count, surface) in hits.items():
        best = max(
            (w for code, w in model.entries[entry] if node in model.chain[code]), default=0
        )
        if best:
            ranked.append((best * strength[entry], surface))
    ranked.sort(key=lambda r: -r[0])
    evidence: list[str] = []
    seen: set[str] = set()
    for _, surface in ranked:
        key = surface.lower()
        if key not in seen:
            seen.add(key)
            evidence.append(surface)
            if len(evidence) == MAX_EVIDENCE:
                break
    return {
        "code": model.prefix + model.codes[node],
        "label": model.labels[node],
        "path": path,
        "score": value,
        "evidence": evidence,
    }
