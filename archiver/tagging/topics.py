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

    A *record* is what one term gives: ``(pairs, weights, strong)`` where ``pairs`` lists
    ``(node, weight)`` for every topic the term names and all their ancestors (highest
    weight per node), ``weights`` is the same as a dict, and ``strong`` the top-level
    nodes it gives at least ``STRONG_WEIGHT``.
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
        # "of" never has to be checked against dozens of phrases:
        # anchor -> [(words before, words after, last is a prefix, record)]
        self.phrases: dict[str, list[tuple]] = {}
        for (words, is_prefix, is_cased), slot in terms.items():
            if len(words) > 1:
                at = next((k for k, w in enumerate(words) if w not in STOPWORDS), 0)
                if is_prefix and at == len(words) - 1:
                    at = 0
                self.phrases.setdefault(words[at], []).append(
                    (words[:at], words[at + 1:], is_prefix, self._record(slot))
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
        # Case-sensitive terms (ICE, MPs) are few: one scan of the original text finds them.
        self.cased_re = re.compile(
            r"\b(?:" + "|".join(sorted(map(re.escape, cased), key=len, reverse=True)) + r")\b"
        ) if cased else None
        # lower-case token -> (record or None, phrases anchored on it or None), or () when
        # the token means nothing; filled for the vocabulary now, for other tokens lazily.
        self.words: dict[str, tuple] = {}
        for word in set(exact) | set(self.phrases):
            self.words[word] = self.resolve(word)

    def _record(self, slot: dict[int, float]) -> tuple:
        weights: dict[int, float] = {}
        for code, weight in slot.items():
            for node in self.chain[code]:
                if weight > weights.get(node, 0.0):
                    weights[node] = float(weight)
        strong = tuple(
            n for n, w in weights.items() if self.parent[n] < 0 and w >= STRONG_WEIGHT
        )
        return tuple(weights.items()), weights, strong

    def resolve(self, low: str) -> tuple:
        """What a lower-case token means: its merged record and the phrases it anchors."""
        slot = dict(self.exact.get(low, {}))
        for n in self.prefix_lengths:
            if n > len(low):
                break
            for code, weight in self.prefixes.get(low[:n], {}).items():
                slot[code] = max(weight, slot.get(code, 0))
        phrases = self.phrases.get(low)
        if not slot and phrases is None:
            return ()
        return (self._record(slot) if slot else None), phrases


def _load_model() -> _Model:
    global _MODEL
    if _MODEL is None:
        data = json.loads(TOPICS_FILE.read_text(encoding="utf-8"))
        lexicons = [import_module(f"archiver.tagging.{name}").LEXICON for name in LEXICON_MODULES]
        _MODEL = _Model(data["topics"], data.get("prefix", "medtop:"), lexicons)
    return _MODEL
