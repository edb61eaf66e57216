"""Entity mentions: spans of people, places, organizations and other names in news text.

The recogniser works in two steps, both cheap enough for pure Python at thousands of
articles per second:

1. *Candidates*: runs of capitalised tokens on each line, allowing the connectors that live
   inside names ("Bank of England", "Nikolaus van der Pas", "Immigration and Customs
   Enforcement"). Lines written in capitals (headlines, datelines) are re-cased first: a word
   counts as capitalised there only when the rest of the article writes it so, or when it is
   not a common lower-case word.
2. *Classification*: every sub-span of a run (up to ``MAX_SPAN`` tokens) is scored by a linear
   model over sparse features (words, shape, context, gazetteer hits, document-level
   consistency) into PER/LOC/ORG/MISC/O; the best non-overlapping spans of each run win.

The weights are learned by ``tools/train_ner.py`` and shipped in ``archiver/data/ner_model.json.gz``
together with the word lists the features use (first names, surnames, place names, common
lower-case words).
"""

from __future__ import annotations

import gzip
import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

LABELS = ("PER", "LOC", "ORG", "MISC", "O")
MAX_SPAN = 6
MODEL_FILE = "ner_model.json.gz"

# Tokens: dotted acronyms (U.S., U.N.), initials and abbreviations with their period, words
# (letters/digits with inner hyphens and apostrophes, but a possessive 's split off), and
# single punctuation marks.
TOKEN_RE = re.compile(
    r"(?:[A-Za-z]\.){2,}"
    r"|(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Inc|Corp|Co|Ltd|Gov|Sen|Rep|Gen|Lt|Col|Capt|Sgt|Mt|Ft|Prof|Rev"
    r"|Bros|Messrs|Cmdr|Adm|Maj|Supt|Det|Insp|Pres)\.(?=\s|$|,)"
    r"|[A-Z]\.(?=\s*[A-Z])"
    r"|[^\W_]+(?:-[^\W_]+)*(?:['’](?![sS]\b)[^\W_]+)*(?:-[^\W_]+)*"
    r"|['’][sS]\b"
    r"|[^\w\s]"
)
DATELINE_RE = re.compile(r"^\s*[A-Z][A-Za-z .,'\-]*\s+\d{4}-\d\d-\d\d\s*$")
# Lower-case words that may sit inside a name between two capitalised words.
CONNECTORS = frozenset(
    "of de del della der den van von la le du da dos das di y e al el bin ibn ben and & for the on "
    "upon au zu ter".split()
)
# Two connectors in a row are allowed only in these pairs ("Bank of the ...", "van der").
CONNECTOR_PAIRS = frozenset(
    {("of", "the"), ("van", "der"), ("van", "den"), ("von", "der"), ("de", "la"), ("de", "los"),
     ("de", "las"), ("for", "the"), ("and", "the"), ("on", "the"), ("van", "de")}
)
SENTENCE_END = frozenset(".!?:;")
OPENERS = frozenset("\"'“‘(«[-—–")
MIN_SCORE_MARGIN = 0.0


@dataclass(frozen=True, slots=True)
class Mention:
    """One entity mention: a label and the character span it covers in the text."""

    label: str
    start: int
    end: int
    text: str
    score: float


@dataclass(slots=True)
class Token:
    """One token of the text, with the facts the candidate finder and the features need."""

    text: str
    start: int
    end: int
    lower: str
    cap: bool  # counts as capitalised (after re-casing a capitals line)
    initial: bool  # first word of a sentence or line
    line: int
    caps_line: bool
    dateline: bool


class Model:
    """The learned weights and the word lists the features consult."""

    __slots__ = ("weights", "first_names", "surnames", "places", "lower_vocab", "org_suffixes", "scale")

    def __init__(self, data: dict[str, Any]):
        self.weights: dict[str, list[float]] = data.get("weights", {})
        self.first_names: frozenset[str] = frozenset(data.get("first_names", ()))
        self.surnames: frozenset[str] = frozenset(data.get("surnames", ()))
        self.places: frozenset[str] = frozenset(data.get("places", ()))
        self.lower_vocab: frozenset[str] = frozenset(data.get("lower_vocab", ()))
        self.org_suffixes: frozenset[str] = frozenset(data.get("org_suffixes", ()))
        self.scale: float = float(data.get("scale", 1.0))


@lru_cache(maxsize=1)
def load_model() -> Model:
    """Load the shipped model once (lazily: importing this module costs nothing)."""
    ref = resources.files("archiver") / "data" / MODEL_FILE
    try:
        raw = ref.read_bytes()
    except FileNotFoundError:
        return Model({})
    return Model(json.loads(gzip.decompress(raw)))


def tokenize(text: str, model: Model | None = None) -> list[Token]:
    """Split text into tokens with line, sentence-start and capitalisation facts.

    >>> [t.text for t in tokenize("Danbury's mayor, Mark Boughton.")]
    ['Danbury', "'s", 'mayor', ',', 'Mark', 'Boughton', '.']
    """
    model = model or load_model()
    tokens: list[Token] = []
    caps_lines: list[int] = []
    offset = 0
    for n, line in enumerate(text.split("\n")):
        letters = [c for c in line if c.isalpha()]
        upper = sum(1 for c in letters if c.isupper())
        caps = len(letters) >= 4 and upper >= 0.85 * len(letters)
        dateline = bool(DATELINE_RE.match(line))
        if caps:
            caps_lines.append(n)
        initial = True
        for m in TOKEN_RE.finditer(line):
            s = m.group()
            c0 = s[0]
            tokens.append(
                Token(s, offset + m.start(), offset + m.end(), s.lower(), c0.isupper(), initial,
                      n, caps, dateline)
            )
            if s in SENTENCE_END:
                initial = True
            elif s in OPENERS:
                pass
            else:
                initial = False
        offset += len(line) + 1
    if caps_lines:
        _recase(tokens, model)
    return tokens


def _recase(tokens: list[Token], model: Model) -> None:
    """Decide which words of capitals-only lines are names, from how the rest of the text writes them."""
    cap_mid: set[str] = set()
    lower_seen: set[str] = set()
    for t in tokens:
        if t.caps_line:
            continue
        c0 = t.text[0]
        if c0.isupper():
            if not t.initial:
                cap_mid.add(t.lower)
        elif c0.islower():
            lower_seen.add(t.lower)
    vocab = model.lower_vocab
    for t in tokens:
        if not t.caps_line or not t.text[0].isalpha():
            continue
        lw = t.lower
        if t.dateline:
            t.cap = True
        elif lw in cap_mid:
            t.cap = True
        elif lw in lower_seen or lw in vocab or len(lw) == 1:
            t.cap = False
        else:
            t.cap = True


def find_runs(tokens: list[Token]) -> list[tuple[int, int]]:
    """Runs ``[i, j)`` of capitalised tokens, connectors allowed between two capitalised words."""
    runs: list[tuple[int, int]] = []
    n = len(tokens)
    i = 0
    while i < n:
        t = tokens[i]
        if not t.cap:
            i += 1
            continue
        j = i + 1
        while j < n:
            u = tokens[j]
            if u.cap and u.line == t.line:
                j += 1
                continue
            if u.lower in CONNECTORS and u.line == t.line:
                k = j + 1
                if k < n and tokens[k].lower in CONNECTORS and (u.lower, tokens[k].lower) in CONNECTOR_PAIRS:
                    k += 1
                if k < n and tokens[k].cap and tokens[k].line == t.line and not tokens[k].text.isdigit():
                    j = k + 1
                    continue
            break
        runs.append((i, j))
        i = j
    return runs


def _shape(s: str) -> str:
    if s.isupper():
        if len(s) == 1:
            return "X"
        return "X." if s.endswith(".") and len(s) == 2 else "XX"
    c0 = s[0]
    if c0.isupper():
        if "-" in s:
            return "Xx-x"
        if s.endswith("."):
            return "Xx."
        return "Xx"
    if c0.isdigit():
        return "d"
    if c0.islower():
        return "x"
    return "p"


class DocContext:
    """Document-level facts the features use: how the article writes a word elsewhere."""

    __slots__ = ("cap_mid", "lower_seen", "surname_of", "in_long", "run_tokens")

    def __init__(self, tokens: list[Token], runs: list[tuple[int, int]], model: Model):
        cap_mid: set[str] = set()
        lower_seen: set[str] = set()
        for t in tokens:
            c0 = t.text[0]
            if t.cap and not t.initial and not t.caps_line:
                cap_mid.add(t.lower)
            elif c0.islower():
                lower_seen.add(t.lower)
        surname_of: set[str] = set()
        in_long: set[str] = set()
        fn = model.first_names
        for i, j in runs:
            if j - i >= 2:
                if tokens[i].lower in fn:
                    surname_of.add(tokens[j - 1].lower)
                for k in range(i, j):
                    in_long.add(tokens[k].lower)
        self.cap_mid = cap_mid
        self.lower_seen = lower_seen
        self.surname_of = surname_of
        self.in_long = in_long


def span_features(tokens: list[Token], i: int, j: int, run: tuple[int, int], doc: DocContext,
                  model: Model) -> list[str]:
    """The sparse features of the candidate span ``tokens[i:j]`` inside its run."""
    first = tokens[i]
    last = tokens[j - 1]
    words = [t.lower for t in tokens[i:j]]
    n = j - i
    f = ["b"]
    f.extend("w:" + w for w in words)
    fl = first.lower
    ll = last.lower
    if n > 1:
        f.append("f:" + fl)
        f.append("l:" + ll)
        f.append("s:" + " ".join(words))
    caps = first.caps_line
    shape = "CAPS" if caps else " ".join(_shape(t.text) for t in tokens[i:min(j, i + 4)])
    f.append("sh:" + shape)
    f.append("n:%d" % min(n, 5))
    if len(ll) > 3:
        f.append("x3:" + ll[-3:])
        f.append("x4:" + ll[-4:])
    nt = len(tokens)
    if i > 0 and tokens[i - 1].line == first.line:
        p = tokens[i - 1]
        pl = p.lower
        f.append("p:" + pl)
        if i > 1 and tokens[i - 2].line == first.line:
            f.append("pp:" + tokens[i - 2].lower + "|" + pl)
        else:
            f.append("pp:<s>|" + pl)
        if i > run[0]:
            f.append("pc")
    else:
        f.append("p:<s>")
    if j < nt and tokens[j].line == last.line:
        q = tokens[j]
        ql = q.lower
        f.append("q:" + ql)
        if j + 1 < nt and tokens[j + 1].line == last.line:
            f.append("qq:" + ql + "|" + tokens[j + 1].lower)
        if j < run[1]:
            f.append("qc")
        if i > 0 and tokens[i - 1].text == "(" and ql == ")":
            f.append("paren")
    else:
        f.append("q:</s>")
    if caps:
        f.append("caps")
        if first.dateline:
            f.append("dl")
    if first.line == 0:
        f.append("line0")
    if first.initial:
        f.append("ini")
        if fl in doc.cap_mid:
            f.append("ini:capmid")
        if fl in doc.lower_seen:
            f.append("ini:lowseen")
    if fl in model.lower_vocab:
        f.append("lv1" if n == 1 else "lvf")
    if fl in model.first_names:
        f.append("fn1" if n == 1 else "fn")
    if n > 1 and ll in model.surnames:
        f.append("sn")
    elif n == 1 and fl in model.surnames:
        f.append("sn1")
    key = " ".join(words)
    if key in model.places:
        f.append("pl")
    elif n > 1 and fl in model.places:
        f.append("plf")
    if ll in model.org_suffixes:
        f.append("ox")
    if n == 1:
        if fl in doc.surname_of:
            f.append("sur")
        if fl in doc.in_long:
            f.append("inlong")
        t = first.text
        if not caps and t.isupper() and len(t) > 1:
            f.append("acr")
    if any(c.isdigit() for c in key):
        f.append("dig")
    if j < nt and tokens[j].lower in ("'s", "’s"):
        f.append("poss")
    return f


def score_features(feats: list[str], weights: dict[str, list[float]]) -> list[float]:
    """Class scores (in ``LABELS`` order) of one feature list."""
    s0 = s1 = s2 = s3 = s4 = 0.0
    get = weights.get
    for x in feats:
        w = get(x)
        if w is not None:
            s0 += w[0]
            s1 += w[1]
            s2 += w[2]
            s3 += w[3]
            s4 += w[4]
    return [s0, s1, s2, s3, s4]


def iter_candidates(tokens: list[Token], runs: list[tuple[int, int]]):
    """Yield ``(i, j, run)`` for every candidate sub-span of every run."""
    for run in runs:
        a, b = run
        for i in range(a, b):
            ti = tokens[i]
            if not ti.cap:
                continue
            for j in range(i + 1, min(b, i + MAX_SPAN) + 1):
                if tokens[j - 1].cap:
                    yield i, j, run


def find_mentions(text: str) -> list[Mention]:
    """Find the entity mentions in a text.

    Args:
        text: the article text; offsets in the result index into it.

    Returns:
        Mentions in text order, non-overlapping, labelled PER, LOC, ORG or MISC, each with a
        score in 0..1 (the model's probability of its label).
    """
    model = load_model()
    if not model.weights or not text:
        return []
    tokens = tokenize(text, model)
    runs = find_runs(tokens)
    doc = DocContext(tokens, runs, model)
    weights = model.weights
    scale = model.scale
    out: list[Mention] = []
    for run in runs:
        a, b = run
        # best[k]: (total margin, chosen spans) for tokens[a:a+k]
        best: list[tuple[float, list[tuple[int, int, int, float]]]] = [(0.0, [])]
        spans: dict[int, list[tuple[int, float, int]]] = {}
        for i in range(a, b):
            if not tokens[i].cap:
                continue
            for j in range(i + 1, min(b, i + MAX_SPAN) + 1):
                if not tokens[j - 1].cap:
                    continue
                s = score_features(span_features(tokens, i, j, run, doc, model), weights)
                o = s[4]
                k = max(range(4), key=s.__getitem__)
                margin = s[k] - o
                if margin > MIN_SCORE_MARGIN:
                    spans.setdefault(j, []).append((i, margin, k, _prob(s, k, scale)))
        if not spans:
            continue
        for e in range(a + 1, b + 1):
            cand = best[-1]
            for i, margin, k, p in spans.get(e, ()):
                prev = best[i - a]
                total = prev[0] + margin
                if total > cand[0]:
                    cand = (total, prev[1] + [(i, e, k, p)])
            best.append(cand)
        for i, e, k, p in best[-1][1]:
            start, end = tokens[i].start, tokens[e - 1].end
            out.append(Mention(LABELS[k], start, end, text[start:end], p))
    return out


def _prob(scores: list[float], k: int, scale: float) -> float:
    top = max(scores)
    z = sum(math.exp((s - top) * scale) for s in scores)
    return round(math.exp((scores[k] - top) * scale) / z, 3)
