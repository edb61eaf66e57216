"""IPTC Media Topics for one article, from a hand-written weighted news vocabulary.

The vocabulary (``topic_lexicon_*`` modules) maps words, prefixes and phrases to IPTC codes
with a weight. The text is lower-cased and tokenised by one regex pass; each distinct token
is looked up once in a dict that already holds, for every vocabulary word, the weight it
gives each topic *and each ancestor* (a word counts once per topic, at its highest weight).
Prefixes are resolved the first time a token is met and remembered in the same dict.
Phrases are checked only where a word that starts one occurs. A term counts sub-linearly in
its occurrences (``1 + ln n``) and title words count ``TITLE_WEIGHT`` times, so a top-level
branch scores the sum of everything found below it. The best branch wins; within a branch
the report walks down to the most specific well-supported descendant.

Codes and labels: IPTC Media Topics NewsCodes, © IPTC, CC BY 4.0 (``data/IPTC-NOTICE.txt``).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from importlib import import_module
from math import log
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
# Another branch is reported when it reaches this score and this share of the leader's,
# and when at least this many distinct terms point to it: one stray word ("business" in a
# crime story) is not a topic.
MIN_BRANCH_SCORE = 4.0
MIN_BRANCH_SHARE = 0.12
MIN_BRANCH_TERMS = 2
# A second topic from an already reported branch needs this share of the branch score.
EXTRA_NODE_SHARE = 0.1
# When the runner-up branch scores within this share of the leader and more distinct strong
# terms (weight >= STRONG_WEIGHT) point to it, it leads instead: many different telling
# words beat a few generic ones repeated ("government", "minister" in a budget story).
CLOSE_SHARE = 0.85
STRONG_WEIGHT = 3.0
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
TOKEN_RE = re.compile(r"[a-z0-9]+")
TERM_RE = re.compile(r"[A-Za-z0-9]+")
STOPWORDS = frozenset(
    "a an and as at by de for from in into is it its of on or s the to with".split()
)

_MODEL: _Model | None = None


class _Model:
    """The compiled vocabulary and the IPTC hierarchy, built once per process.

    A *record* is what one term gives: ``(pairs, weights, strong, tops)`` where ``pairs``
    lists ``(node, weight)`` for every topic the term names and all their ancestors
    (highest weight per node), ``weights`` is the same as a dict, ``strong`` the top-level
    nodes it gives at least ``STRONG_WEIGHT`` and ``tops`` all the top-level nodes it gives.
    """

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
        self.tops = [i for i, p in enumerate(self.parent) if p < 0]
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
                        words = TERM_RE.findall(raw)
                        if not words:
                            continue
                        cased = len(words) == 1 and raw != raw.lower()
                        if not cased:
                            words = [w.lower() for w in words]
                        key = (tuple(words), is_prefix, cased)
                        slot = terms.setdefault(key, {})
                        slot[ci] = max(weight, slot.get(ci, 0))

        exact: dict[str, dict[int, float]] = {}
        cased: dict[str, dict[int, float]] = {}
        self.prefixes: dict[str, dict[int, float]] = {}
        # A phrase is anchored on its first word that is not a stopword, so that "the" or
        # "of" never has to be checked against dozens of phrases, then keyed on the word after
        # the anchor ("" when the anchor ends the phrase or that word is a prefix):
        # anchor -> {next word: [(words before, words between, last word, last is a prefix,
        # record)]}
        self.phrases: dict[str, dict[str, list[tuple]]] = {}
        for (words, is_prefix, is_cased), slot in terms.items():
            if len(words) > 1:
                at = next((k for k, w in enumerate(words) if w not in STOPWORDS), 0)
                if is_prefix and at == len(words) - 1:
                    at = 0
                before, after = list(words[:at]), list(words[at + 1:])
                follow = after[0] if after and not (is_prefix and len(after) == 1) else ""
                self.phrases.setdefault(words[at], {}).setdefault(follow, []).append(
                    (before, after[:-1], after[-1] if after else "", is_prefix,
                     self._record(slot))
                )
            elif is_cased:
                cased[words[0]] = slot
            elif is_prefix:
                self.prefixes[words[0]] = slot
            else:
                exact[words[0]] = slot
        self.prefix_lengths = sorted({len(p) for p in self.prefixes})
        self.exact = exact
        self.cased = {word: self._record(slot) for word, slot in cased.items()}
        # Case-sensitive terms (ICE, MPs) are few: they are looked for in the original text
        # only when their lower-case form occurs: lower-case form -> [(term, regex)].
        self.cased_forms: dict[str, list[tuple[str, re.Pattern]]] = {}
        for word in cased:
            self.cased_forms.setdefault(word.lower(), []).append(
                (word, re.compile(r"\b" + re.escape(word) + r"\b"))
            )
        # lower-case token -> (record or None, phrases anchored on it or None), or () when
        # the token means nothing; filled for the vocabulary now, for other tokens lazily.
        self.vocabulary: dict[str, tuple] = {}
        for word in set(exact) | set(self.phrases):
            self.vocabulary[word] = self.resolve(word)
        self.words = dict(self.vocabulary)

    def learn(self, low: str) -> tuple:
        """Resolve a token met for the first time and remember it (bounded memory)."""
        if len(self.words) > CACHE_LIMIT:
            self.words = dict(self.vocabulary)
        found = self.words[low] = self.resolve(low)
        return found

    def _record(self, slot: dict[int, float]) -> tuple:
        weights: dict[int, float] = {}
        for code, weight in slot.items():
            for node in self.chain[code]:
                if weight > weights.get(node, 0.0):
                    weights[node] = float(weight)
        strong = tuple(
            n for n, w in weights.items() if self.parent[n] < 0 and w >= STRONG_WEIGHT
        )
        tops = tuple(n for n in weights if self.parent[n] < 0)
        return tuple(weights.items()), weights, strong, tops

    def resolve(self, low: str) -> tuple:
        """What a lower-case token means: its merged record and the phrases it anchors."""
        slot = dict(self.exact.get(low, {}))
        for n in self.prefix_lengths:
            if n > len(low):
                break
            for code, weight in self.prefixes.get(low[:n], {}).items():
                slot[code] = max(weight, slot.get(code, 0))
        by_next = self.phrases.get(low)
        if not slot and by_next is None:
            return ()
        phrases = None
        if by_next is not None:
            # A phrase is worth checking only when its word next to the anchor occurs too.
            keys = {nxt for nxt in by_next if nxt}
            always = False
            for before, _between, final, is_prefix, _record in by_next.get("", ()):
                if before:
                    keys.add(before[-1])
                elif not (is_prefix and final):
                    always = True
                else:
                    always = True
            phrases = (by_next, frozenset(keys), always)
        return (self._record(slot) if slot else None), phrases


def _load_model() -> _Model:
    global _MODEL
    if _MODEL is None:
        data = json.loads(TOPICS_FILE.read_text(encoding="utf-8"))
        lexicons = [import_module(f"archiver.tagging.{name}").LEXICON for name in LEXICON_MODULES]
        _MODEL = _Model(data["topics"], data.get("prefix", "medtop:"), lexicons)
    return _MODEL


def _match_terms(model: _Model, text: str, weight: float, hits: dict[str, list]) -> None:
    """Add the vocabulary matches of ``text`` to ``hits`` (surface -> [count, record])."""
    tokens = TOKEN_RE.findall(text.lower())
    counts = Counter(tokens)
    words = model.words
    anchors: list[tuple[str, dict]] = []
    for token, n in counts.items():
        found = words.get(token)
        if found is None:
            found = model.learn(token)
            words = model.words
        if found:
            record, phrases = found
            if record is not None:
                hit = hits.get(token)
                if hit is None:
                    hits[token] = [n * weight, record]
                else:
                    hit[0] += n * weight
            if phrases is not None and (phrases[2] or not phrases[1].isdisjoint(counts)):
                anchors.append((token, phrases[0]))
    cased_forms = model.cased_forms
    if not counts.keys().isdisjoint(cased_forms):
        for low in counts.keys() & cased_forms.keys():
            for term, pattern in cased_forms[low]:
                if term in text:
                    n = len(pattern.findall(text))
                    if n:
                        hit = hits.get(term)
                        if hit is None:
                            hits[term] = [n * weight, model.cased[term]]
                        else:
                            hit[0] += n * weight
    if anchors:
        _match_phrases(tokens, counts, anchors, weight, hits)


def _match_phrases(
    tokens: list[str], counts: Counter, anchors: list[tuple[str, dict]], weight: float,
    hits: dict[str, list],
) -> None:
    last = len(tokens)
    for anchor, by_next in anchors:
        i = -1
        for _ in range(counts[anchor]):
            i = tokens.index(anchor, i + 1)
            candidates = by_next.get("")
            if i + 1 < last:
                more = by_next.get(tokens[i + 1])
                if more is not None:
                    candidates = more if candidates is None else candidates + more
            if candidates is None:
                continue
            for before, between, final, is_prefix, record in candidates:
                start = i - len(before)
                end = i + 2 + len(between) if final else i + 1
                if start < 0 or end > last:
                    continue
                if before and tokens[start:i] != before:
                    continue
                if final:
                    if between and tokens[i + 1:end - 1] != between:
                        continue
                    word = tokens[end - 1]
                    if word != final and not (is_prefix and word.startswith(final)):
                        continue
                surface = " ".join(tokens[start:end])
                hit = hits.get(surface)
                if hit is None:
                    hits[surface] = [weight, record]
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
        0..1 (three decimals), ``evidence`` the text's words that pointed to it (lower-cased
        unless the vocabulary term is case-sensitive), most telling first. An empty list
        when nothing in the text matches the vocabulary.
    """
    del mentions
    if not text or not text.strip():
        return []
    model = _load_model()
    head, body = _split_title(text, title)
    hits: dict[str, list] = {}
    if head:
        _match_terms(model, head, TITLE_WEIGHT, hits)
    _match_terms(model, body, 1.0, hits)
    if not hits:
        return []

    score = [0.0] * len(model.codes)
    terms: dict[int, int] = {}
    strong: dict[int, int] = {}
    for hit in hits.values():
        count, record = hit
        damp = 1.0 + log(count) if count > 1.0 else count
        hit[0] = damp
        for node, weight in record[0]:
            score[node] += weight * damp
        for top in record[3]:
            terms[top] = terms.get(top, 0) + 1
        for top in record[2]:
            strong[top] = strong.get(top, 0) + 1

    tops = sorted(terms, key=score.__getitem__, reverse=True)
    if (
        len(tops) > 1
        and score[tops[1]] >= CLOSE_SHARE * score[tops[0]]
        and strong.get(tops[1], 0) > strong.get(tops[0], 0)
    ):
        tops[0], tops[1] = tops[1], tops[0]
    lead_score = score[tops[0]]
    picked: list[tuple[float, int]] = []
    for rank, top in enumerate(tops):
        branch = score[top]
        if rank and (
            branch < MIN_BRANCH_SCORE
            or branch < MIN_BRANCH_SHARE * lead_score
            or terms[top] < MIN_BRANCH_TERMS
        ):
            continue
        picked.append((_scale(branch), _descend(model, score, top)))
        if len(picked) >= MAX_TOPICS:
            break
    if len(picked) < MAX_TOPICS:
        picked += _extra_nodes(model, score, picked, MAX_TOPICS - len(picked))
    lead, others = picked[0], sorted(picked[1:], key=lambda p: -p[0])
    return [_describe(model, node, value, hits) for value, node in [lead, *others]]


def _descend(model: _Model, score: list[float], node: int) -> int:
    """The most specific descendant of ``node`` that still holds most of its score."""
    while True:
        best = max(model.children[node], key=score.__getitem__, default=None)
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
        floor = max(2 * DESCEND_MIN, EXTRA_NODE_SHARE * branch)
        candidates = [
            n for n in _descendants(model, top, score)
            if n not in on_paths and score[n] >= floor
            and not any(a in taken for a in model.chain[n])
        ]
        if candidates:
            n = _descend(model, score, max(candidates, key=score.__getitem__))
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


def _describe(model: _Model, node: int, value: float, hits: dict[str, list]) -> dict[str, Any]:
    ranked: list[tuple[float, str]] = []
    for surface, (damp, record) in hits.items():
        weight = record[1].get(node)
        if weight:
            ranked.append((weight * damp, surface))
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
        "path": [model.labels[n] for n in reversed(model.chain[node])],
        "score": value,
        "evidence": evidence,
    }
