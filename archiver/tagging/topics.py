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
from collections import Counter
from importlib import import_module
from pathlib import Path
from typing import Any

MAX_TOPICS = 5
MAX_EVIDENCE = 6
TITLE_WEIGHT = 3.0
# A first line this short, followed by more text, is taken as the title when none is given.
MAX_TITLE_CHARS = 200
# Walk down to a child while it holds at least this share of its parent's score ...
DESCEND_SHARE = 0.35
# ... and at least this much score of its own.
DESCEND_MIN = 3.0
# Another branch is reported when it reaches this score and this share of the leader's.
MIN_BRANCH_SCORE = 4.0
MIN_BRANCH_SHARE = 0.12
# A second topic from an already reported branch needs this share of the branch score.
EXTRA_NODE_SHARE = 0.1
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

# ASCII words: twice as fast as \w+ here, and the vocabulary is English news.
TOKEN_RE = re.compile(r"[A-Za-z0-9]+")
STOPWORDS = frozenset(
    "a an and as at by de for from in into is it its of on or s the to with".split()
)

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
        # A phrase is anchored on its first word that is not a stopword, so that "the" or
        # "of" never has to be checked against dozens of phrases, then keyed on the word after
        # the anchor (None when the anchor ends the phrase or that word is a prefix):
        # anchor -> {next word: [(words before, words after, last is a prefix, entry)]}
        self.phrases: dict[str, dict[str | None, list[tuple]]] = {}
        for (words, is_prefix, cased), slot in terms.items():
            entry = len(self.entries)
            self.entries.append(tuple(slot.items()))
            if len(words) > 1:
                at = next((k for k, w in enumerate(words) if w not in STOPWORDS), 0)
                if is_prefix and at == len(words) - 1:
                    at = 0
                before, after = words[:at], words[at + 1:]
                follow = after[0] if after and not (is_prefix and len(after) == 1) else None
                self.phrases.setdefault(words[at], {}).setdefault(follow, []).append(
                    (before, after, is_prefix, entry)
                )
            elif cased:
                self.cased[words[0]] = entry
            elif is_prefix:
                self.prefixes[words[0]] = entry
            else:
                self.exact[words[0]] = entry
        self.prefix_lengths = sorted({len(p) for p in self.prefixes})
        # A term listed under several topics of one branch ("court" under judiciary and
        # court) counts once, at its highest weight, towards that branch's score.
        self.entry_branches: list[tuple[tuple[int, float], ...]] = []
        for slot in self.entries:
            best: dict[int, float] = {}
            for code, weight in slot:
                top = self.chain[code][-1]
                best[top] = max(weight, best.get(top, 0))
            self.entry_branches.append(tuple(best.items()))
        # token as written -> (entries matched by the token alone, phrases anchored on it)
        self.cache: dict[str, tuple[tuple[int, ...], list | None] | None] = {}

    def lookup(self, token: str) -> tuple[tuple[int, ...], list | None] | None:
        """Entries a single token matches and the phrases anchored on it (uncached)."""
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
            if entry is not None and entry not in found:
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
    anchors: dict[str, list] = {}
    for token, count in Counter(tokens).items():
        found = cache.get(token, 0)
        if found == 0:
            found = cache[token] = model.lookup(token)
        if found is None:
            continue
        singles, phrases = found
        for entry in singles:
            hit = hits.get(entry)
            if hit is None:
                hits[entry] = [weight * count, token]
            else:
                hit[0] += weight * count
        if phrases is not None:
            anchors[token] = phrases
    if anchors:
        _match_phrases(tokens, anchors, weight, hits)


def _match_phrases(tokens: list[str], anchors: dict[str, dict], weight: float, hits: dict) -> None:
    n = len(tokens)
    for i in [i for i, token in enumerate(tokens) if token in anchors]:
        by_next = anchors[tokens[i]]
        candidates = by_next.get(None, [])
        if i + 1 < n:
            candidates = candidates + by_next.get(tokens[i + 1].lower(), [])
        for before, after, is_prefix, entry in candidates:
            start, end = i - len(before), i + 1 + len(after)
            if start < 0 or end > n:
                continue
            if before and any(tokens[start + k].lower() != w for k, w in enumerate(before)):
                continue
            if len(after) > 1:
                last = len(after) - 1
                if any(tokens[i + 2 + k].lower() != w for k, w in enumerate(after[1:last])):
                    continue
            if after:
                word = tokens[end - 1].lower()
                if word != after[-1] and not (is_prefix and word.startswith(after[-1])):
                    continue
            hit = hits.get(entry)
            if hit is None:
                hits[entry] = [weight, " ".join(tokens[start:end])]
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
    branches: dict[int, float] = {}
    term_strength: dict[int, float] = {}
    entries, chain, entry_branches = model.entries, model.chain, model.entry_branches
    for entry, (count, _surface) in hits.items():
        damp = 1.0 + math.log(count) if count > 1.0 else count
        term_strength[entry] = damp
        for code, weight in entries[entry]:
            value = weight * damp
            for node in chain[code]:
                score[node] += value
        for top, weight in entry_branches[entry]:
            branches[top] = branches.get(top, 0.0) + weight * damp

    tops = sorted(branches, key=lambda n: -branches[n])
    lead_score = branches[tops[0]]
    picked: list[tuple[float, int]] = []
    for rank, top in enumerate(tops):
        branch = branches[top]
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
            if n not in on_paths and score[n] >= max(2 * DESCEND_MIN, EXTRA_NODE_SHARE * branch)
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
