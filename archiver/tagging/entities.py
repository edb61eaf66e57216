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
MAX_SPAN = 5
MODEL_FILE = "ner_model.json.gz"

_ABBREV = (r"(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Inc|Corp|Co|Ltd|Gov|Sen|Rep|Gen|Lt|Col|Capt|Sgt|Mt|Ft|Prof|Rev"
           r"|Bros|Messrs|Cmdr|Adm|Maj|Supt|Det|Insp|Pres|Calif|Conn|Mass|Fla|Ga|Ill|Mich|Minn|Wis|Ariz"
           r"|Colo|Tenn|Va|Wash|Ore|Okla|Pa|Ky|La|Md|Mo|Miss|Ala|Ark|Neb|Nev|Del|Kan|Ind|Wyo|Mont|Vt)\.(?=\s|$|,)")
_WORD_TAIL = r"(?:-[^\W_]+)*(?:['’](?![sS]\b)[^\W_]+)*(?:-[^\W_]+)*"
_UPPER = "A-ZÀ-ÖØ-ÞĆČĐŁŃŒŘŚŠŻŽ"
# Tokens: dotted acronyms (U.S., U.N.), abbreviations and initials with their period, words
# (letters/digits with inner hyphens and apostrophes, a possessive 's split off), punctuation.
TOKEN_RE = re.compile(
    r"(?:[A-Za-z]\.){2,}|" + _ABBREV + r"|[A-Z]\.(?=[ \t]*[A-Z])|[^\W_]+" + _WORD_TAIL
    + r"|['’][sS]\b|[^\w\s]"
)
_CAPWORD = (r"(?:(?:[A-Z]\.){2,}|" + _ABBREV + r"|[A-Z]\.(?=[ \t]*[A-Z])|[" + _UPPER + r"][^\W_]*"
            + _WORD_TAIL + ")")
_CONNECTOR = r"(?:of|de|del|della|der|den|van|von|la|le|du|da|dos|das|di|y|e|al|el|bin|ibn|ben|and|&|for|the|on|upon|au|zu|ter)"
# A run of capitalised words on one line, lower-case connectors allowed between two of them.
RUN_RE = re.compile(
    _CAPWORD + r"(?:[ \t]+(?:" + _CONNECTOR + r"[ \t]+(?:" + _CONNECTOR + r"[ \t]+)?)?" + _CAPWORD + ")*"
)
LOWER_WORD_RE = re.compile(r"(?<![\w'’-])[a-zß-öø-ÿ][\w'’-]*")
CASED_RE = re.compile(r"[^\W\d_]")
DIGIT_RE = re.compile(r"\d")
DATELINE_RE = re.compile(r"^\s*[A-Z][A-Za-z .,'\-]*\s+\d{4}-\d\d-\d\d\s*$")
# Lower-case words that may sit inside a name between two capitalised words.
CONNECTORS = frozenset(_CONNECTOR[3:-1].split("|"))
SENTENCE_END = frozenset(".!?:;")
OPENERS = frozenset("\"'“‘(«[-—–")


@dataclass(frozen=True, slots=True)
class Mention:
    """One entity mention: a label and the character span it covers in the text."""

    label: str
    start: int
    end: int
    text: str
    score: float


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


class Segment:
    """A run of capitalised words on one line, with up to two tokens of context each side.

    ``toks``/``lows``/``starts``/``ends`` cover context and run alike; ``spans`` lists the
    sub-runs ``[a, b)`` (indices into ``toks``) whose sub-spans are the candidates, and
    ``cap`` says which tokens count as capitalised.
    """

    __slots__ = ("toks", "lows", "starts", "ends", "cap", "spans", "caps_line", "dateline", "line0",
                 "line_start")

    def __init__(self, toks, lows, starts, ends, cap, spans, caps_line, dateline, line0, line_start):
        self.toks = toks
        self.lows = lows
        self.starts = starts
        self.ends = ends
        self.cap = cap
        self.spans = spans
        self.caps_line = caps_line
        self.dateline = dateline
        self.line0 = line0
        self.line_start = line_start

    def initial(self, a: int) -> bool:
        """Whether token ``a`` starts a sentence (or the line)."""
        toks = self.toks
        k = a - 1
        while k >= 0:
            t = toks[k]
            if t in SENTENCE_END:
                return True
            if t not in OPENERS:
                return False
            k -= 1
        return self.line_start


def _is_caps_line(line: str) -> bool:
    letters = CASED_RE.findall(line)
    if len(letters) < 4:
        return False
    upper = sum(1 for c in letters if c.isupper())
    return upper >= 0.85 * len(letters)


def segment_text(text: str, model: Model) -> tuple[list[Segment], set[str], set[str]]:
    """Find the runs of capitalised words; return them with the document's word facts.

    Returns ``(segments, cap_mid, lower_seen)``: ``cap_mid`` holds the lower-cased words the
    text capitalises inside a sentence (outside capitals-only lines), ``lower_seen`` the words
    it writes in lower case. Capitals-only lines are re-cased with both.
    """
    lower_seen = set(LOWER_WORD_RE.findall(text))
    cap_mid: set[str] = set()
    lines: dict[int, tuple[bool, bool, int]] = {}
    segments: list[Segment] = []
    pending: list[Segment] = []
    findall = TOKEN_RE.findall
    finditer = TOKEN_RE.finditer
    for m in RUN_RE.finditer(text):
        s, e = m.span()
        ls = text.rfind("\n", 0, s) + 1
        info = lines.get(ls)
        if info is None:
            le = text.find("\n", s)
            if le < 0:
                le = len(text)
            line = text[ls:le]
            info = lines[ls] = (_is_caps_line(line), bool(DATELINE_RE.match(line)), le)
        caps_line, dateline, le = info
        ps = max(ls, s - 40)
        pre = findall(text, ps, s)[-3:]
        post = findall(text, e, min(le, e + 40))[:2]
        toks = list(pre)
        starts = [-1] * len(pre)
        ends = [-1] * len(pre)
        for t in finditer(text, s, e):
            toks.append(t.group())
            starts.append(t.start())
            ends.append(t.end())
        n_run_end = len(toks)
        toks.extend(post)
        starts.extend([-1] * len(post))
        ends.extend([-1] * len(post))
        lows = [t.lower() for t in toks]
        a = len(pre)
        cap = [False] * a + [t[0].isupper() for t in toks[a:n_run_end]] + [False] * len(post)
        seg = Segment(toks, lows, starts, ends, cap, [(a, n_run_end)], caps_line, dateline, ls == 0,
                      ps == ls)
        segments.append(seg)
        if caps_line:
            pending.append(seg)
        else:
            first = a if seg.initial(a) else a - 1
            for k in range(a, n_run_end):
                if k != first and cap[k]:
                    cap_mid.add(lows[k])
    vocab = model.lower_vocab
    for seg in pending:
        a, b = seg.spans[0]
        lows = seg.lows
        cap = seg.cap
        for k in range(a, b):
            lw = lows[k]
            if not seg.toks[k][0].isalpha():
                cap[k] = False
            elif seg.dateline:
                cap[k] = True
            elif lw in cap_mid:
                cap[k] = True
            else:
                cap[k] = not (lw in lower_seen or lw in vocab or len(lw) == 1)
        seg.spans = _split_runs(lows, cap, a, b)
    return segments, cap_mid, lower_seen


def _split_runs(lows: list[str], cap: list[bool], a: int, b: int) -> list[tuple[int, int]]:
    """Sub-runs of capitalised tokens in ``[a, b)``, one or two connectors allowed inside."""
    out = []
    k = a
    while k < b:
        if not cap[k]:
            k += 1
            continue
        j = k + 1
        while j < b:
            if cap[j]:
                j += 1
                continue
            if lows[j] in CONNECTORS:
                n = j + 1
                if n < b and lows[n] in CONNECTORS and not cap[n]:
                    n += 1
                if n < b and cap[n]:
                    j = n + 1
                    continue
            break
        out.append((k, j))
        k = j
    return out


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

    __slots__ = ("cap_mid", "lower_seen", "surname_of", "in_long")

    def __init__(self, segments: list[Segment], cap_mid: set[str], lower_seen: set[str], model: Model):
        surname_of: set[str] = set()
        in_long: set[str] = set()
        fn = model.first_names
        for seg in segments:
            lows = seg.lows
            for i, j in seg.spans:
                if j - i >= 2:
                    if lows[i] in fn:
                        surname_of.add(lows[j - 1])
                    in_long.update(lows[i:j])
        self.cap_mid = cap_mid
        self.lower_seen = lower_seen
        self.surname_of = surname_of
        self.in_long = in_long


def span_features(seg: Segment, i: int, j: int, run: tuple[int, int], doc: DocContext,
                  model: Model) -> list[str]:
    """The sparse features of the candidate span ``seg.toks[i:j]`` inside the sub-run ``run``."""
    lows = seg.lows
    words = lows[i:j]
    n = j - i
    f = ["b"]
    f.extend(["w:" + w for w in words])
    fl = words[0]
    ll = words[-1]
    key = " ".join(words)
    if n > 1:
        f.append("f:" + fl)
        f.append("l:" + ll)
        f.append("s:" + key)
    caps = seg.caps_line
    if caps:
        f.append("sh:CAPS")
        f.append("caps")
        if seg.dateline:
            f.append("dl")
    else:
        f.append("sh:" + " ".join([_shape(t) for t in seg.toks[i:min(j, i + 4)]]))
        t = seg.toks[i]
        if n == 1 and t.isupper() and len(t) > 1:
            f.append("acr")
    f.append("n:%d" % (n if n < 5 else 5))
    if len(ll) > 3:
        f.append("x3:" + ll[-3:])
        f.append("x4:" + ll[-4:])
    nt = len(lows)
    if i > 0:
        pl = lows[i - 1]
        f.append("p:" + pl)
        f.append("pp:" + (lows[i - 2] if i > 1 else "<s>") + "|" + pl)
        if i > run[0]:
            f.append("pc")
    else:
        f.append("p:<s>")
    if j < nt:
        ql = lows[j]
        f.append("q:" + ql)
        if j + 1 < nt:
            f.append("qq:" + ql + "|" + lows[j + 1])
        if j < run[1]:
            f.append("qc")
        elif ql in ("'s", "’s"):
            f.append("poss")
        if i > 0 and ql == ")" and lows[i - 1] == "(":
            f.append("paren")
    else:
        f.append("q:</s>")
    if seg.line0:
        f.append("line0")
    if seg.initial(i):
        f.append("ini")
        if fl in doc.cap_mid:
            f.append("ini:capmid")
        if fl in doc.lower_seen:
            f.append("ini:lowseen")
    if fl in model.lower_vocab:
        f.append("lv1" if n == 1 else "lvf")
    if fl in model.first_names:
        f.append("fn1" if n == 1 else "fn")
    if n > 1:
        if ll in model.surnames:
            f.append("sn")
    elif fl in model.surnames:
        f.append("sn1")
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
    if DIGIT_RE.search(key):
        f.append("dig")
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


def iter_candidates(segments: list[Segment]):
    """Yield ``(segment, i, j, run)`` for every candidate sub-span of every run."""
    for seg in segments:
        cap = seg.cap
        for run in seg.spans:
            a, b = run
            for i in range(a, b):
                if not cap[i]:
                    continue
                for j in range(i + 1, min(b, i + MAX_SPAN) + 1):
                    if cap[j - 1]:
                        yield seg, i, j, run


def analyse(text: str, model: Model) -> tuple[list[Segment], DocContext]:
    """Segments and document context of a text (shared by the recogniser and the trainer)."""
    segments, cap_mid, lower_seen = segment_text(text, model)
    return segments, DocContext(segments, cap_mid, lower_seen, model)


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
    segments, doc = analyse(text, model)
    weights = model.weights
    scale = model.scale
    out: list[Mention] = []
    for seg in segments:
        cap = seg.cap
        for run in seg.spans:
            a, b = run
            ends: dict[int, list[tuple[int, float, int, list[float]]]] = {}
            for i in range(a, b):
                if not cap[i]:
                    continue
                for j in range(i + 1, min(b, i + MAX_SPAN) + 1):
                    if not cap[j - 1]:
                        continue
                    s = score_features(span_features(seg, i, j, run, doc, model), weights)
                    o = s[4]
                    k = 0
                    top = s[0]
                    for c in (1, 2, 3):
                        if s[c] > top:
                            top = s[c]
                            k = c
                    if top > o:
                        ends.setdefault(j, []).append((i, top - o, k, s))
            if not ends:
                continue
            # Best set of non-overlapping spans of the run: best[x] covers toks[a:a+x].
            best: list[tuple[float, tuple]] = [(0.0, ())]
            for e in range(a + 1, b + 1):
                cand = best[-1]
                for i, margin, k, s in ends.get(e, ()):
                    prev = best[i - a]
                    total = prev[0] + margin
                    if total > cand[0]:
                        cand = (total, prev[1] + ((i, e, k, s),))
                best.append(cand)
            for i, e, k, s in best[-1][1]:
                start, end = seg.starts[i], seg.ends[e - 1]
                out.append(Mention(LABELS[k], start, end, text[start:end], _prob(s, k, scale)))
    return out


def _prob(scores: list[float], k: int, scale: float) -> float:
    top = max(scores)
    z = sum(math.exp((s - top) * scale) for s in scores)
    return round(math.exp((scores[k] - top) * scale) / z, 3)
