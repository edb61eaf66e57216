"""IPTC Media Topics for one article, from a hand-written weighted news vocabulary.

The vocabulary (``data/topic_vocabulary.txt``, read on first use) maps words, prefixes and
phrases to IPTC codes with a weight. The text is lower-cased and tokenised by one regex pass
and its tokens counted; one pass over the distinct tokens finds the vocabulary words in a
precompiled dict; each holds the weight it gives every topic *and every ancestor* (a term
counts once per topic, at its highest weight). Prefixes are resolved the first time a token
is met and remembered.
Phrases are looked for only when their anchor word and their other words all occur, by
counting them in the tokens joined with single spaces. A term counts sub-linearly in its
occurrences (``1 + ln n``) and title words count ``TITLE_WEIGHT`` times, so a top-level
branch scores the sum of everything found below it. The best branch wins (a close runner-up
with clearly more distinct telling terms wins instead); within a branch the report walks down
to the most specific well-supported descendant.

Codes and labels: IPTC Media Topics NewsCodes, © IPTC, CC BY 4.0 (``data/IPTC-NOTICE.txt``).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from itertools import islice
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
# and when at least this many distinct terms point to it: a stray word or two ("owns a tax
# preparation business" in an immigration story) is not a topic.
MIN_BRANCH_SCORE = 4.0
MIN_BRANCH_SHARE = 0.12
MIN_BRANCH_TERMS = 3  # a term in the title counts twice: the headline says what the story is about
# A second topic from an already reported branch needs this share of the branch score.
EXTRA_NODE_SHARE = 0.1
# When the runner-up branch reaches this share of the leader's score and at least CLOSE_MORE
# more distinct strong terms (weight >= STRONG_WEIGHT) point to it, it leads instead: many
# different telling words beat a few generic ones repeated ("government", "minister").
CLOSE_SHARE = 0.6
CLOSE_MORE = 3
STRONG_WEIGHT = 3.0
# A topic is named only when corroborated: two different terms point to it, or one that is
# near-certain on its own (a phrase, or a word of at least this weight). One word ("king",
# "rally", "ruling") is too often another sense of it ("Stephen King", a political rally, the
# ruling party) to name a topic by itself. Below the top level, where the words are fewer and
# more specific, a weak hint (weight below CORROBORATE_WEIGHT: "local", "town") corroborates
# nothing; for the leading branch many weak hints together ("won", "title", "beaten") do.
CERTAIN_WEIGHT = 4.0
CORROBORATE_WEIGHT = 2.0
# A term seen n times counts 1 + COUNT_LOG * ln n.
COUNT_LOG = 1.0
# score = s / (s + SCORE_HALF): a branch scoring SCORE_HALF reports 0.5.
SCORE_HALF = 12.0
# Tokens remembered (resolved once, meaning something or not) before the memory is reset.
CACHE_LIMIT = 50_000
DATA_DIR = Path(__file__).resolve().parent.parent / "data"
TOPICS_FILE = DATA_DIR / "iptc_topics.json"
VOCABULARY_FILE = DATA_DIR / "topic_vocabulary.txt"

# Tokens are runs of ASCII letters and digits of the lower-cased text (the vocabulary is
# English news), as bytes: encoding, one translate and split() give exactly the tokens of
# re.findall(r"[a-z0-9]+") in half its time, and bytes hash faster as dict keys.
TOKEN_TABLE = bytes(c if chr(c) in "abcdefghijklmnopqrstuvwxyz0123456789" else 32 for c in range(256))
TERM_RE = re.compile(r"[A-Za-z0-9]+")
STOPWORDS = frozenset("a an and as at by de for from in into is it its of on or s the to with".split())

# Words too common in news to anchor a phrase on: a phrase is anchored on its longest word
# that is not one of these, so that few phrases need checking in a typical article.
COMMON = STOPWORDS | frozenset(
    "about after against all also are be been but can could day first government half has "
    "have he her his home i last like m made make more most new no not number one out over "
    "people said second she take than that their them they this three time times top two "
    "up was we week were went when which who will work world would year years".split()
)

_MODEL: _Model | None = None


class _Model:
    """The compiled vocabulary and the IPTC hierarchy, built once per process.

    A *record* is what one term gives: ``(pairs, weights, strong, tops, backed, certain)``
    where ``pairs`` lists ``(node, weight)`` for every topic the term names and all their
    ancestors (highest weight per node), ``weights`` is the same as a dict, ``strong`` the
    top-level nodes it gives at least ``STRONG_WEIGHT``, ``tops`` all the top-level nodes it
    gives, ``backed`` and ``certain`` the nodes it gives at least ``CORROBORATE_WEIGHT`` and
    ``CERTAIN_WEIGHT``.
    """

    def __init__(self, topics: dict[str, list], prefix: str, entries: list[tuple[str, float, str]]) -> None:
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
        for code, weight, text in entries:
            if code not in index:
                if code not in self.unknown_codes:
                    self.unknown_codes.append(code)
                continue
            ci = index[code]
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

        exact: dict[bytes, dict[int, float]] = {}
        cased: dict[str, dict[int, float]] = {}
        self.prefixes: dict[bytes, dict[int, float]] = {}
        # A phrase is anchored on its longest uncommon exact word (on its last word when that
        # is a prefix, resolved with the other prefixes), so that "the" or "year" never has to
        # be checked against dozens of phrases. It is checked only when its other exact words
        # occur too, then counted in the text rebuilt as " word word ... ":
        # anchor -> [(other words, " pattern", last word is a prefix, record, first two words)]
        self.phrases: dict[bytes, list[tuple]] = {}
        self.prefix_phrases: dict[bytes, list[tuple]] = {}
        for (words, is_prefix, is_cased), slot in terms.items():
            if len(words) > 1:
                pattern = (" " + " ".join(words) + ("" if is_prefix else " ")).encode()
                # Its first two words, when both are whole words: a phrase whose pair is never
                # adjacent in the text cannot occur, a test far cheaper than counting it.
                pair = (words[0].encode(), words[1].encode()) if len(words) > 2 or not is_prefix else None
                if is_prefix:
                    self.prefix_phrases.setdefault(words[-1].encode(), []).append(
                        (frozenset(w.encode() for w in words[:-1]), pattern, True, self._record(slot), pair)
                    )
                    continue
                anchor = max(words, key=lambda w: (w not in COMMON, len(w)))
                self.phrases.setdefault(anchor.encode(), []).append(
                    (
                        frozenset(w.encode() for w in words if w != anchor),
                        pattern,
                        False,
                        self._record(slot),
                        pair,
                    )
                )
            elif is_cased:
                cased[words[0]] = slot
            elif is_prefix:
                self.prefixes[words[0].encode()] = slot
            else:
                exact[words[0].encode()] = slot
        self.prefix_lengths = sorted({len(p) for p in self.prefixes})
        self.phrase_prefix_lengths = sorted({len(p) for p in self.prefix_phrases})
        self.exact = exact
        # Case-sensitive terms (ICE, MPs) are few: they are looked for in the original text
        # only when their lower-case form occurs: lower-case form -> [(term, regex, surface,
        # record)].
        self.cased_forms: dict[bytes, list[tuple]] = {}
        for word, slot in cased.items():
            self.cased_forms.setdefault(word.lower().encode(), []).append(
                (word, re.compile(r"\b" + re.escape(word) + r"\b"), word.encode(), self._record(slot))
            )
        # lower-case token -> (record or None, phrases anchored on it or None), or () when
        # the token means nothing; filled for the vocabulary now, for other tokens lazily.
        self.vocabulary: dict[bytes, tuple] = {}
        for word in set(exact) | set(self.phrases) | set(self.prefix_phrases):
            self.vocabulary[word] = self.resolve(word)
        # Every token resolved so far, and the subset that means something.
        self.seen = dict(self.vocabulary)
        self.useful = {word: found for word, found in self.vocabulary.items() if found}

    def learn(self, tokens: list[bytes]) -> None:
        """Resolve tokens met for the first time and remember them (bounded memory)."""
        if len(self.seen) > CACHE_LIMIT:
            self.seen = dict(self.vocabulary)
            self.useful = {word: found for word, found in self.vocabulary.items() if found}
        for low in tokens:
            found = self.seen[low] = self.resolve(low)
            if found:
                self.useful[low] = found

    def _record(self, slot: dict[int, float]) -> tuple:
        weights: dict[int, float] = {}
        for code, weight in slot.items():
            weight = float(weight)
            for node in self.chain[code]:
                if weight > weights.get(node, 0.0):
                    weights[node] = weight
        strong = tuple(n for n, w in weights.items() if self.parent[n] < 0 and w >= STRONG_WEIGHT)
        tops = tuple(n for n in weights if self.parent[n] < 0)
        return (tuple(weights.items()), weights, strong, tops, *_backing(weights))

    def resolve(self, low: bytes) -> tuple:
        """What a lower-case token means: its record and the phrases it anchors.

        A token matched by several terms (``health`` and ``health*``) adds them up: listing a
        word twice is how the vocabulary says it is more telling.
        """
        slots = [self.exact[low]] if low in self.exact else []
        for n in self.prefix_lengths:
            if n > len(low):
                break
            if low[:n] in self.prefixes:
                slots.append(self.prefixes[low[:n]])
        phrases = self.phrases.get(low)
        for n in self.phrase_prefix_lengths:
            if n > len(low):
                break
            ends = self.prefix_phrases.get(low[:n])
            if ends:
                phrases = [*(phrases or ()), *ends]
        if not slots and phrases is None:
            return ()
        return self._combine([self._record(slot) for slot in slots]), phrases

    @staticmethod
    def _combine(records: list[tuple]) -> tuple | None:
        if len(records) < 2:
            return records[0] if records else None
        weights: dict[int, float] = {}
        for record in records:
            for node, weight in record[1].items():
                weights[node] = weights.get(node, 0.0) + weight
        strong = tuple({n for record in records for n in record[2]})
        tops = tuple({n for record in records for n in record[3]})
        return (tuple(weights.items()), weights, strong, tops, *_backing(weights))


def _backing(weights: dict[int, float]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The nodes a term corroborates (weight >= CORROBORATE_WEIGHT) and those it names with
    near certainty on its own (weight >= CERTAIN_WEIGHT)."""
    backed = tuple(n for n, w in weights.items() if w >= CORROBORATE_WEIGHT)
    return backed, tuple(n for n in backed if weights[n] >= CERTAIN_WEIGHT)


def read_vocabulary(text: str) -> list[tuple[str, float, str]]:
    """The ``(code, weight, terms)`` entries of a vocabulary file, in file order.

    The format (``data/topic_vocabulary.txt`` describes it in its head): ``medtop CODE`` starts
    a code's entries, ``W: terms`` gives comma-separated terms of weight ``W``, indented lines
    continue the terms, ``#`` starts a comment line.

    >>> read_vocabulary("medtop 15000000\n2: sport*, club,\n    league\n")
    [('15000000', 2.0, 'sport*, club, league')]
    """
    entries: list[list] = []
    code = None
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if line[0].isspace():
            if not entries or entries[-1][0] != code:
                raise ValueError(f"line {number}: a continuation line before any terms")
            entries[-1][2] += " " + stripped
        elif stripped.startswith("medtop "):
            code = stripped.split(None, 1)[1].strip()
        else:
            weight, sep, terms = stripped.partition(":")
            if not sep or code is None:
                raise ValueError(f"line {number}: expected 'medtop CODE' or 'WEIGHT: terms'")
            entries.append([code, float(weight), terms.strip()])
    return [(c, w, t) for c, w, t in entries]


def _load_model() -> _Model:
    global _MODEL
    if _MODEL is None:
        data = json.loads(TOPICS_FILE.read_text(encoding="utf-8"))
        entries = read_vocabulary(VOCABULARY_FILE.read_text(encoding="utf-8"))
        _MODEL = _Model(data["topics"], data.get("prefix", "medtop:"), entries)
    return _MODEL


def _match_terms(model: _Model, text: str, weight: float, hits: dict[bytes, list]) -> None:
    """Add the vocabulary matches of ``text`` to ``hits`` (surface -> [count, record])."""
    tokens = text.lower().encode("ascii", "replace").translate(TOKEN_TABLE).split()
    counts = Counter(tokens)
    keys = counts.keys()
    # (list comprehensions: measured faster here than set operations on dict views)
    seen = model.seen
    unseen = [token for token in counts if token not in seen]
    if unseen:
        model.learn(unseen)
    useful = model.useful
    # keyed by pattern: "executive" and "executives" both anchor "chief executive*"
    anchors: dict[bytes, tuple] = {}
    for token in [token for token in counts if token in useful]:
        record, phrases = useful[token]
        if record is not None:
            n = counts[token] * weight
            hit = hits.get(token)
            if hit is None:
                hits[token] = [n, record]
            else:
                hit[0] += n
        if phrases is not None:
            for phrase in phrases:
                if keys >= phrase[0]:
                    anchors[phrase[1]] = phrase
    cased_forms = model.cased_forms
    for low, forms in cased_forms.items():
        if low in counts:
            for term, pattern, surface, record in forms:
                if term in text:
                    n = len(pattern.findall(text))
                    if n:
                        hit = hits.get(surface)
                        if hit is None:
                            hits[surface] = [n * weight, record]
                        else:
                            hit[0] += n * weight
    if anchors:
        # Tokens joined by single spaces: phrases are then found by C-speed substring counts.
        joined = b" " + b" ".join(tokens) + b" "
        pairs = set(zip(tokens, islice(tokens, 1, None), strict=False))
        for _words, pattern, is_prefix, record, pair in anchors.values():
            if pair is not None and pair not in pairs:
                continue
            n = joined.count(pattern)
            if not n:
                continue
            if is_prefix:
                start = joined.find(pattern) + 1
                surface = joined[start : joined.find(b" ", start + len(pattern) - 1)]
            else:
                surface = pattern[1:-1]
            hit = hits.get(surface)
            if hit is None:
                hits[surface] = [n * weight, record]
            else:
                hit[0] += n * weight


def _split_title(text: str, title: str | None) -> tuple[str, str]:
    stripped = text.lstrip()
    if title:
        title = title.strip()
        if stripped.startswith(title):
            return title, stripped[len(title) :]
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
    hits: dict[bytes, list] = {}
    if head:
        _match_terms(model, head, TITLE_WEIGHT, hits)
    in_title = set(hits)
    _match_terms(model, body, 1.0, hits)
    if not hits:
        return []

    score = [0.0] * len(model.codes)
    terms: dict[int, int] = {}
    strong: dict[int, int] = {}
    touched: set[int] = set()
    # Corroboration, counted once at the end: every node each distinct term backs (weak hints
    # aside), every top-level branch it gives anything, the nodes it names on its own.
    backed: list[int] = []
    branches: list[int] = []
    sure: set[int] = set()
    for surface, hit in hits.items():
        count, record = hit
        damp = 1.0 + COUNT_LOG * log(count) if count > 1.0 else count
        hit[0] = damp
        for node, weight in record[0]:
            score[node] += weight * damp
        backed.extend(record[4])
        branches.extend(record[3])
        sure.update(record[4] if b" " in surface else record[5])
        touched.update(record[1])
        for top in record[2]:
            strong[top] = strong.get(top, 0) + 1
        tops = record[3]
        if b" " in surface:
            # "small business" beside "business" is one piece of evidence for a second branch
            inner = [hits[w][1][1] for w in surface.split() if w in hits]
            tops = [t for t in tops if not any(t in weights for weights in inner)]
        for top in tops:
            terms[top] = terms.get(top, 0) + (2 if surface in in_title else 1)

    named = {n for n, k in Counter(backed).items() if k > 1} | sure
    can_lead = named | {n for n, k in Counter(branches).items() if k > 1}
    tops = sorted(terms, key=lambda top: (top in can_lead, score[top]), reverse=True)
    if tops[0] not in can_lead:
        return []  # nothing but one word for any branch
    if (
        len(tops) > 1
        and tops[1] in named
        and score[tops[1]] >= CLOSE_SHARE * score[tops[0]]
        and strong.get(tops[1], 0) >= strong.get(tops[0], 0) + CLOSE_MORE
    ):
        tops[0], tops[1] = tops[1], tops[0]
    lead_score = score[tops[0]]
    picked: list[tuple[float, int]] = []
    for rank, top in enumerate(tops):
        branch = score[top]
        if rank and (
            top not in named
            or branch < MIN_BRANCH_SCORE
            or branch < MIN_BRANCH_SHARE * lead_score
            or terms[top] < MIN_BRANCH_TERMS
        ):
            continue
        picked.append((_scale(branch), _descend(model, score, top, named)))
        if len(picked) >= MAX_TOPICS:
            break
    if len(picked) < MAX_TOPICS:
        picked += _extra_nodes(model, score, touched & named, picked, MAX_TOPICS - len(picked), named)
    lead, others = picked[0], sorted(picked[1:], key=lambda p: -p[0])
    found = [(damp, record[1], surface) for surface, (damp, record) in hits.items()]
    return [_describe(model, node, value, found) for value, node in [lead, *others]]


def _descend(model: _Model, score: list[float], node: int, named: set[int]) -> int:
    """The most specific corroborated descendant of ``node`` (one in ``named``) that still holds
    most of its score."""
    while True:
        best = max((c for c in model.children[node] if c in named), key=score.__getitem__, default=None)
        if best is None or score[best] < DESCEND_MIN or score[best] < DESCEND_SHARE * score[node]:
            return node
        node = best


def _extra_nodes(
    model: _Model,
    score: list[float],
    touched: set[int],
    picked: list[tuple[float, int]],
    room: int,
    named: set[int],
) -> list[tuple[float, int]]:
    """Second topics inside the reported branches (say, police beside immigration policy).

    ``touched`` holds the corroborated nodes some term gave weight to: the nodes with a score.
    """
    taken = {node for _, node in picked}
    on_paths = {a for node in taken for a in model.chain[node]}
    extra: list[tuple[float, int]] = []
    for value, node in picked:
        top = model.chain[node][-1]
        branch = score[top]
        floor = max(2 * DESCEND_MIN, EXTRA_NODE_SHARE * branch)
        candidates = [
            n
            for n in touched
            if score[n] >= floor
            and model.chain[n][-1] == top
            and n not in on_paths
            and not any(a in taken for a in model.chain[n])
        ]
        if candidates:
            n = _descend(model, score, max(candidates, key=score.__getitem__), named)
            extra.append((round(value * score[n] / branch, 3), n))
    extra.sort(key=lambda p: -p[0])
    return extra[:room]


def _scale(value: float) -> float:
    return round(value / (value + SCORE_HALF), 3)


def _describe(model: _Model, node: int, value: float, found: list[tuple]) -> dict[str, Any]:
    """One reported topic; ``found`` lists (damped count, weights, surface) per matched term."""
    ranked = [(damp * weights[node], surface) for damp, weights, surface in found if node in weights]
    ranked.sort(reverse=True)
    evidence: list[str] = []
    seen: set[bytes] = set()
    for _, surface in ranked:
        key = surface.lower()
        if key not in seen:
            seen.add(key)
            evidence.append(surface.decode("ascii"))
            if len(evidence) == MAX_EVIDENCE:
                break
    return {
        "code": model.prefix + model.codes[node],
        "label": model.labels[node],
        "path": [model.labels[n] for n in reversed(model.chain[node])],
        "score": value,
        "evidence": evidence,
    }
