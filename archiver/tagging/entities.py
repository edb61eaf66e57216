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
from itertools import accumulate, compress, count
from operator import add, itemgetter, sub
from typing import Any

from archiver.inputs.dateline import is_wire_dateline
from archiver.tagging.data import read_data
from archiver.tagging.gazetteer import US_AP_ABBREVIATIONS

LABELS = ("PER", "LOC", "ORG", "MISC", "O")
MAX_SPAN = 5
MODEL_FILE = "ner_model.json.gz"
ZERO = (0, 0, 0, 0)
WEIGHT_UNIT = 100
WORD_CACHE_SIZE = 50_000  # per cache; bounds memory however many articles one run tags

# Abbreviations that keep their period as one token: titles, company words and the states' AP
# abbreviations (from the one table of them, in the gazetteer module).
_STATE_ABBREVIATIONS = sorted(
    {a[:-1] for forms in US_AP_ABBREVIATIONS.values() for a in forms if "." not in a[:-1] and " " not in a}
)
_ABBREV = (
    r"(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Inc|Corp|Co|Ltd|Gov|Sen|Rep|Gen|Lt|Col|Capt|Sgt|Mt|Ft|Prof|Rev"
    r"|Bros|Messrs|Cmdr|Adm|Maj|Supt|Det|Insp|Pres|" + "|".join(_STATE_ABBREVIATIONS) + r")\.(?=\s|$|,)"
)
_WORD_TAIL = r"(?:-[^\W_]+)*(?:['’](?![sS]\b)[^\W_]+)*(?:-[^\W_]+)*"
# Tokens: dotted acronyms (U.S., U.N.), abbreviations and initials with their period, words
# (letters/digits with inner hyphens and apostrophes, a possessive 's split off), punctuation.
TOKEN_RE = re.compile(
    r"(?=[A-Za-z]\.)(?:[A-Za-z]\.){2,}|(?=[A-Z])(?:"
    + _ABBREV
    + r"|[A-Z]\.(?=[ \t]*[A-Z]))|[^\W_]+"
    + _WORD_TAIL
    + r"|['’][sS]\b|[^\w\s]|\n"
)
# TOKEN_RE's tokens, found faster: a plain lower-case word (most of the text), a plain
# capitalised word and a punctuation mark (no other alternative can match where these do, as
# the look-aheads ensure) are matched first, and the blanks before a token are eaten with it
# (group 1) rather than scanned as failed matches, so the lengths of the matches add up to
# each token's end offset.
FAST_TOKEN_RE = re.compile(
    r"([^\S\n]*)([a-z]+(?![\w'’.-])|[A-Z][a-z]+(?![\w'’.-])|[^\w\s'’]|" + TOKEN_RE.pattern + ")"
)
LOWER_WORD_RE = re.compile(r"(?<![\w'’-])[a-zß-öø-ÿ][\w'’-]*")
LOWER_FORM_RE = re.compile(r"[a-zß-öø-ÿ][\w'’-]*")
WORD_CHAR_RE = re.compile(r"[\w'’-]")
DIGIT_RE = re.compile(r"\d")
# Lower-case words that may sit inside a name between two capitalised words.
CONNECTORS = frozenset(
    "of de del della der den van von la le du da dos das di y e al el bin ibn ben and & for the on "
    "upon au zu ter".split()
)
TITLE_WORDS = frozenset(
    "mr mr. mrs mrs. ms ms. dr dr. mayor president prime minister premier governor gov. sen. senator "
    "rep. chancellor coach judge sheriff prof. professor rev. sgt. lt. capt. det. supt. insp. cmdr. "
    "adm. maj. col. gen. superintendent commissioner councilman councilwoman councilmember "
    "alderman congressman congresswoman assemblyman assemblywoman detective lieutenant sergeant "
    "trooper deputy treasurer comptroller".split()
)
# Titles that precede a name and are not part of it; the value is the role they imply (or None).
TITLE_ROLES = {
    "mr": None,
    "mr.": None,
    "mrs": None,
    "mrs.": None,
    "ms": None,
    "ms.": None,
    "miss": None,
    "dr": "doctor",
    "dr.": "doctor",
    "prof": "professor",
    "prof.": "professor",
    "sir": None,
    "dame": None,
    "lord": None,
    "lady": None,
    "rev": "reverend",
    "rev.": "reverend",
    "president": "president",
    "pres.": "president",
    "sen": "senator",
    "sen.": "senator",
    "senator": "senator",
    "gov": "governor",
    "gov.": "governor",
    "governor": "governor",
    "rep": "representative",
    "rep.": "representative",
    "mayor": "mayor",
    "judge": "judge",
    "gen": "general",
    "gen.": "general",
    "general": "general",
    "col": "colonel",
    "col.": "colonel",
    "lt": "lieutenant",
    "lt.": "lieutenant",
    "capt": "captain",
    "capt.": "captain",
    "sgt": "sergeant",
    "sgt.": "sergeant",
    "det": "detective",
    "det.": "detective",
    "officer": "officer",
    "king": "king",
    "queen": "queen",
    "prince": "prince",
    "princess": "princess",
    "pope": "pope",
    "chancellor": "chancellor",
    "premier": "premier",
    "minister": "minister",
    "coach": "coach",
    "sheriff": "sheriff",
    "chief": "chief",
    "speaker": "speaker",
    "lt. gov.": "lieutenant governor",
    "ambassador": "ambassador",
    "secretary": "secretary",
    "commissioner": "commissioner",
    "professor": "professor",
    "superintendent": "superintendent",
    "supt.": "superintendent",
    "detective": "detective",
    "inspector": "inspector",
    "insp.": "inspector",
    "trooper": "trooper",
    "councilman": "councilman",
    "councilwoman": "councilwoman",
    "alderman": "alderman",
    "bishop": "bishop",
    "archbishop": "archbishop",
    "cardinal": "cardinal",
    "pastor": "pastor",
    "lieutenant": "lieutenant",
    "sergeant": "sergeant",
    "father": "priest",
    "sister": None,
    "brother": None,
    "saint": None,
    "st.": None,
}
# A ruler's number after a name: "Henry VIII", "Leopold III", "Elizabeth I." (a bare "I" only
# before punctuation, "of" or "and", where it cannot be the pronoun).
REGNAL_RE = re.compile(r" (?:(?:II|III|IV|VI{1,3}|IX|XI{0,3}|XIV|XV|XVI{1,3})\b|I(?=[,.;:)'’]| of | and |$))")
# A multi-word name read this surely is the same name wherever else the text writes it.
REPEAT_SCORE = 0.9
REPEATED_LABELS = frozenset({"PER"})
# Abbreviated titles: what follows them is a person's name ("St." is a saint or a street).
TITLE_ABBREVIATIONS = frozenset(t for t in TITLE_ROLES if t.endswith(".") and t not in ("st.", "lt. gov."))
# Job titles that are also ordinary name words ("Chief Executive", "Maurice Bishop", "Party
# Leader"): a title only when a first name follows. Capitalised title modifiers before them go
# with the title ("House Minority Leader Vincent Carraway", "Police Chief Renata Sousa").
NAME_TITLES = frozenset(
    "chief officer leader bishop archbishop cardinal father pastor rabbi imam director chairman "
    "chairwoman chair secretary ambassador attorney spokesman spokeswoman executive speaker whip "
    "constable inspector captain major general colonel admiral principal dean provost".split()
)
TITLE_MODIFIERS = frozenset(
    "house senate minority majority police fire deputy assistant vice prime foreign state county "
    "city district attorney general chief executive acting interim former town council school "
    "schools party".split()
)
# Words that end the name of a law, a plan or a treaty ("Trust Act", "Marshall Plan").
DOCUMENT_WORDS = frozenset(
    "act acts bill law laws amendment amendments agreement accord accords plan program programme "
    "treaty protocol charter code convention directive doctrine initiative ordinance resolution "
    "statute compact pact".split()
)
# Capitalised forms that are never names: "I’m" opening a quote.
NEVER_NAMES = frozenset("i'm i’m i'll i’ll i've i’ve i'd i’d".split())
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

    __slots__ = (
        "weights",
        "first_names",
        "surnames",
        "places",
        "lower_vocab",
        "org_suffixes",
        "scale",
        "_consts",
        "_entries",
        "_left",
        "_right",
        "_flags",
    )

    def __init__(self, data: dict[str, Any]):
        # Weights are stored rounded to hundredths; as integer tuples they sum exactly, so a tie
        # between two labels or two segmentations is a real tie, broken the same way whatever
        # order the features are added in.
        self.weights: dict[str, tuple[int, ...]] = {
            f: tuple([round(v * WEIGHT_UNIT) for v in r]) for f, r in data.get("weights", {}).items()
        }
        self.first_names: frozenset[str] = frozenset(data.get("first_names", ()))
        self.surnames: frozenset[str] = frozenset(data.get("surnames", ()))
        self.places: frozenset[str] = frozenset(data.get("places", ()))
        self.lower_vocab: frozenset[str] = frozenset(data.get("lower_vocab", ()))
        self.org_suffixes: frozenset[str] = frozenset(data.get("org_suffixes", ()))
        self.scale: float = float(data.get("scale", 1.0)) / WEIGHT_UNIT
        # One caching style: plain dicts of summed weight rows (score_runs reads them inline, where
        # a cache function's call would cost more than the look-up), all emptied together by
        # bound_caches() once one holds WORD_CACHE_SIZE entries.
        self._consts: dict[tuple[bool, bool, bool], list[tuple[int, ...]]] = {}
        self._entries: dict[tuple[str, bool], tuple] = {}
        self._left: dict[tuple, tuple[int, ...]] = {}
        self._right: dict[tuple, tuple[int, ...]] = {}
        self._flags: dict[tuple, tuple[int, ...]] = {}

    def bound_caches(self) -> None:
        """Empty the caches when one is full (called once per document: memory stays bounded
        however many articles one process tags)."""
        caches = (self._consts, self._entries, self._left, self._right, self._flags)
        if any(len(c) >= WORD_CACHE_SIZE for c in caches):
            for c in caches:
                c.clear()

    def const_rows(self, line: tuple[bool, bool, bool]) -> list[tuple[int, ...]]:
        """The summed weights of ``const_features(line, n)``, indexed by ``n``."""
        rows = self._consts.get(line)
        if rows is None:
            get = self.weights.get
            rows = self._consts[line] = [_sum_rows(const_features(line, n), get) for n in range(MAX_SPAN + 1)]
        return rows

    def word_entry(self, tok: str, caps_line: bool) -> tuple:
        """Everything ``score_runs`` needs of one word, cached: news repeats its names, so most
        words are met again. The entry is ``(single, first, first at a sentence start, last,
        w:word, is a place, common lower-case word)``; the rows are summed weights of
        ``word_features`` in each role (a first word's ``lvf`` flag folded in)."""
        get = self.weights.get
        low = tok.lower()
        lv = low in self.lower_vocab and not (tok.isupper() and not caps_line)
        first = _sum_rows(word_features(tok, caps_line, FIRST, self), get)
        first_mid = first_ini = first
        if lv:
            first_mid = _add_rows(first, get("lvfm", ZERO))
            first_ini = _add_rows(first, get("lvfi", ZERO))
        entry = self._entries[(tok, caps_line)] = (
            _sum_rows(word_features(tok, caps_line, SINGLE, self), get),
            first_mid,
            first_ini,
            _sum_rows(word_features(tok, caps_line, LAST, self), get),
            get("w:" + low, ZERO),
            low in self.places,
            lv,
        )
        return entry


@lru_cache(maxsize=1)
def load_model() -> Model:
    """Load the shipped model once (lazily: importing this module costs nothing).

    Raises:
        DataFileMissing: the model file is not installed (tagging without it would silently
            find no names at all).
    """
    return Model(json.loads(gzip.decompress(read_data(MODEL_FILE))))


class LowerSeen:
    """The words a text writes in lower case (``LOWER_WORD_RE``'s matches), as a lazy set.

    Few words are ever asked about, so each is looked up in the text when first asked
    rather than every lower-case word of the text being collected.
    """

    __slots__ = ("text", "known")

    def __init__(self, text: str):
        self.text = text
        self.known: dict[str, bool] = {}

    def __contains__(self, word: str) -> bool:
        hit = self.known.get(word)
        if hit is None:
            hit = self.known[word] = self._find(word)
        return hit

    def _find(self, word: str) -> bool:
        if not LOWER_FORM_RE.fullmatch(word):
            return False
        text, n = self.text, len(word)
        at = text.find(word)
        while at >= 0:
            if not (at and WORD_CHAR_RE.match(text, at - 1)) and not WORD_CHAR_RE.match(text, at + n):
                return True
            at = text.find(word, at + 1)
        return False


class Doc:
    """The tokens of a text and its runs of capitalised words, with the document's word facts.

    ``toks``/``lows`` hold every token ("\\n" marks a line break); ``starts``/``ends`` give the
    character offsets of every token;
    ``cap`` says which tokens count as capitalised (capitals-only lines re-cased); ``runs``
    lists ``(a, b, line)`` with ``line = (caps_line, dateline, first_line)``; ``shapes`` gives
    the shape of each token inside a run on an ordinary line.
    """

    __slots__ = (
        "toks",
        "lows",
        "starts",
        "ends",
        "cap",
        "runs",
        "cap_mid",
        "lower_seen",
        "surname_of",
        "in_long",
        "shapes",
        "ini",
    )

    def initial(self, a: int) -> bool:
        """Whether token ``a`` starts a sentence (or a line)."""
        hit = self.ini.get(a)
        if hit is None:
            hit = self.ini[a] = self._initial(a)
        return hit

    def _initial(self, a: int) -> bool:
        toks = self.toks
        k = a - 1
        while k >= 0:
            t = toks[k]
            if t in SENTENCE_END or t == "\n":
                return True
            if t not in OPENERS:
                return False
            k -= 1
        return True


def analyse(text: str, model: Model) -> Doc:
    """Tokenize a text and find its runs of capitalised words (shared with the trainer)."""
    doc = Doc()
    doc.ini = {}
    if "_" in text:
        # The one character no token takes: offsets must then come from the matches themselves.
        spans = [m.span() for m in TOKEN_RE.finditer(text)]
        toks = [text[s:e] for s, e in spans]
        starts, ends = list(map(itemgetter(0), spans)), list(map(itemgetter(1), spans))
    else:
        pairs = FAST_TOKEN_RE.findall(text)
        toks = list(map(itemgetter(1), pairs))
        lens = list(map(len, toks))
        ends = list(accumulate(map(add, map(len, map(itemgetter(0), pairs)), lens)))
        starts = list(map(sub, ends, lens))
    capi = list(compress(count(), map(str.isupper, map(itemgetter(0), toks))))
    lows = list(map(str.lower, toks))
    cap = [False] * len(toks)
    for k in capi:
        cap[k] = True
    # A title before a name is not part of it ("Prime Minister John Major" -> "John Major").
    fn = model.first_names
    for k in capi:
        lw = lows[k]
        if k + 1 < len(toks) and cap[k + 1]:
            if lw in TITLE_WORDS:
                cap[k] = False
            elif lw in NAME_TITLES and lows[k + 1] in fn:
                cap[k] = False
                m = k - 1
                while m >= 0 and cap[m] and lows[m] in TITLE_MODIFIERS:
                    cap[m] = False
                    m -= 1
    capi = [k for k in capi if cap[k]]
    doc.toks, doc.lows, doc.starts, doc.ends, doc.cap = toks, lows, starts, ends, cap
    lower_seen = LowerSeen(text)
    cap_mid: set[str] = set()
    lines: dict[int, tuple[bool, bool, bool]] = {}
    runs: list[tuple[int, int, tuple[bool, bool, bool]]] = []
    caps_runs = []
    idx = 0
    ncap = len(capi)
    while idx < ncap:
        a = capi[idx]
        b = a + 1
        idx += 1
        while idx < ncap:
            nxt = capi[idx]
            gap = nxt - b
            if gap == 0 or (gap <= 2 and all(lows[g] in CONNECTORS for g in range(b, nxt))):
                b = nxt + 1
                idx += 1
                continue
            break
        s = starts[a]
        ls = text.rfind("\n", 0, s) + 1
        line = lines.get(ls)
        if line is None:
            le = text.find("\n", s)
            body = text[ls:le] if le >= 0 else text[ls:]
            caps = _is_caps_line(body, ls == 0)
            # Only a capitals line's features read the dateline flag.
            line = lines[ls] = (caps, caps and is_wire_dateline(body), ls == 0)
        if line[0]:
            caps_runs.append((a, b, line))
            continue
        runs.append((a, b, line))
        t = toks[a - 1] if a else "\n"
        if t in SENTENCE_END or t == "\n":
            first = a
        elif t not in OPENERS:
            first = -1
        else:
            first = a if doc.initial(a) else -1
        for k in range(a, b):
            if k != first and cap[k]:
                cap_mid.add(lows[k])
    vocab = model.lower_vocab
    for a, b, line in caps_runs:
        for k in range(a, b):
            lw = lows[k]
            if not toks[k][0].isalpha():
                cap[k] = False
            elif line[1] or lw in cap_mid:
                cap[k] = True
            else:
                cap[k] = not (lw in lower_seen or lw in vocab or len(lw) == 1)
        runs.extend((i, j, line) for i, j in _split_runs(lows, cap, a, b))
    if caps_runs:
        runs.sort()
    surname_of: set[str] = set()
    in_long: set[str] = set()
    for a, b, _ in runs:
        if b - a >= 2:
            if lows[a] in fn:
                surname_of.add(lows[b - 1])
            in_long.update(lows[a:b])
    # Shapes only where inner_features reads them: runs of two or more tokens on ordinary lines.
    shapes: list[str] = [""] * len(toks)
    for a, b, line in runs:
        if b - a > 1 and not line[0]:
            for k in range(a, b):
                shapes[k] = _shape(toks[k])
    doc.shapes = shapes
    doc.runs = runs
    doc.cap_mid = cap_mid
    doc.lower_seen = lower_seen
    doc.surname_of = surname_of
    doc.in_long = in_long
    return doc


def _is_caps_line(body: str, first: bool) -> bool:
    """Capitals-only lines, and a Title Case first line (a headline), are re-cased."""
    if body.isupper():
        return len(body) > 5
    if not first:
        return False
    long = [w for w in body.split() if len(w) > 3 and w[0].isalpha()]
    return len(long) >= 3 and sum(1 for w in long if w[0].isupper()) >= 0.8 * len(long)


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


Run = tuple[int, int, tuple[bool, bool, bool]]


def const_features(line: tuple[bool, bool, bool], n: int) -> list[str]:
    """The features every span of ``n`` tokens on a line of this kind has."""
    f = ["b", N_FEATURES[n]]
    if line[0]:
        f.append("sh:CAPS")
        f.append("caps")
        if line[1]:
            f.append("dl")
    if line[2]:
        f.append("line0")
    return f


def word_features(tok: str, caps_line: bool, role: int, model: Model) -> list[str]:
    """The features a word brings by itself as a whole span (``SINGLE``), as the first word
    of a longer one (``FIRST``) or as its last word (``LAST``); they depend on nothing else,
    so ``find_mentions`` computes them once per word, not once per span."""
    low = tok.lower()
    if role == FIRST:
        f = ["f:" + low]
        if low in model.first_names:
            f.append("fn")
        return f
    if role == LAST:
        f = ["l:" + low]
        if low in model.surnames:
            f.append("sn")
    else:
        f = ["w:" + low]
        if not caps_line:
            f.append("sh:" + _shape(tok))
            if tok.isupper() and len(tok) > 1:
                f.append("acr")
        if low in model.first_names:
            f.append("fn1")
        if low in model.surnames:
            f.append("sn1")
        if low in model.places:
            f.append("pl")
        if DIGIT_RE.search(low):
            f.append("dig")
    if len(low) > 3:
        f.append("x3:" + low[-3:])
        f.append("x4:" + low[-4:])
    if low in model.org_suffixes:
        f.append("ox")
    return f


def left_features(doc: Doc, i: int, run: Run) -> list[str]:
    """The features of the words before a span that starts at token ``i``."""
    lows = doc.lows
    f = []
    pl = lows[i - 1] if i > 0 else "\n"
    if pl == "\n":
        f.append("p:<s>")
    else:
        f.append("p:" + pl)
        pp = lows[i - 2] if i > 1 else "\n"
        f.append("pp:" + (pp if pp != "\n" else "<s>") + "|" + pl)
        if i > run[0]:
            f.append("pc")
    if doc.initial(i):
        f.append("ini")
        fl = lows[i]
        if fl in doc.cap_mid:
            f.append("ini:capmid")
        if fl in doc.lower_seen:
            f.append("ini:lowseen")
    return f


def right_features(doc: Doc, j: int, run: Run) -> list[str]:
    """The features of the words after a span that ends before token ``j``."""
    lows = doc.lows
    nt = len(lows)
    ql = lows[j] if j < nt else "\n"
    if ql == "\n":
        return ["q:</s>"]
    f = ["q:" + ql]
    if j + 1 < nt and lows[j + 1] != "\n":
        f.append("qq:" + ql + "|" + lows[j + 1])
    if j < run[1]:
        f.append("qc")
    elif ql == "'s" or ql == "’s":
        f.append("poss")
    return f


def doc_features(doc: Doc, i: int, run: Run, model: Model, multi: bool) -> list[str]:
    """The features of a span's first word that depend on how the document uses it."""
    fl = doc.lows[i]
    f = []
    if fl in model.lower_vocab and not (doc.toks[i].isupper() and not run[2][0]):
        # A common word capitalised inside a sentence is a name; at its start, it is not.
        f.append(("lvf" if multi else "lv1") + ("i" if doc.initial(i) else "m"))
    if not multi:
        if fl in doc.surname_of:
            f.append("sur")
        if fl in doc.in_long:
            f.append("inlong")
    return f


def inner_features(doc: Doc, i: int, j: int, run: Run, model: Model) -> list[str]:
    """The features of a span that depend on both of its ends."""
    lows = doc.lows
    f = []
    if j < len(lows) and lows[j] == ")" and i > 0 and lows[i - 1] == "(":
        f.append("paren")
    if j - i == 1:
        return f
    key = " ".join(lows[i:j])
    f.append("s:" + key)
    if not run[2][0]:
        f.append("sh:" + " ".join(doc.shapes[i : min(j, i + 4)]))
    if key in model.places:
        f.append("pl")
    elif lows[i] in model.places:
        f.append("plf")
    if DIGIT_RE.search(key):
        f.append("dig")
    return f


def span_features(doc: Doc, i: int, j: int, run: Run, model: Model) -> list[str]:
    """The sparse features of the candidate span ``doc.toks[i:j]`` inside its run.

    The trainer learns from these lists. ``find_mentions`` sums the weights of the same
    groups, each computed once where many spans share it (``score_run``).
    """
    multi = j - i > 1
    caps_line = run[2][0]
    f = const_features(run[2], j - i)
    if multi:
        f.extend(["w:" + w for w in doc.lows[i:j]])
        f.extend(word_features(doc.toks[i], caps_line, FIRST, model))
        f.extend(word_features(doc.toks[j - 1], caps_line, LAST, model))
    else:
        f.extend(word_features(doc.toks[i], caps_line, SINGLE, model))
    f.extend(left_features(doc, i, run))
    f.extend(right_features(doc, j, run))
    f.extend(doc_features(doc, i, run, model, multi))
    f.extend(inner_features(doc, i, j, run, model))
    return f


N_FEATURES = ["n:0", "n:1", "n:2", "n:3", "n:4"] + ["n:5"] * 20
SINGLE, FIRST, LAST = 0, 1, 2


def iter_candidates(doc: Doc):
    """Yield ``(i, j, run)`` for every candidate span ``[i, j)`` of every run."""
    cap = doc.cap
    for run in doc.runs:
        a, b, _ = run
        for i in range(a, b):
            if not cap[i]:
                continue
            for j in range(i + 1, min(b, i + MAX_SPAN) + 1):
                if cap[j - 1]:
                    yield i, j, run


def _sum_rows(feats: list[str], get) -> tuple[int, int, int, int]:
    s0 = s1 = s2 = s3 = 0
    for f in feats:
        r = get(f)
        if r is not None:
            s0 += r[0]
            s1 += r[1]
            s2 += r[2]
            s3 += r[3]
    return s0, s1, s2, s3


def _add_rows(r: tuple[int, ...], d: tuple[int, ...]) -> tuple[int, int, int, int]:
    return r[0] + d[0], r[1] + d[1], r[2] + d[2], r[3] + d[3]


def score_runs(doc: Doc, model: Model) -> list[list[tuple[int, int, tuple[int, int, int, int]]]]:
    """For each run of ``doc.runs``, every candidate span ``(i, j, margins)``, its margins over
    O the summed weights of ``span_features(doc, i, j, run, model)``.

    The features fall into groups that many spans share (a word's own features, the context
    on each side, the flags); each group's summed weights are cached on the model under the
    few values it depends on (``Model.word_entry`` folds all of a word's rows into one entry),
    so a span costs a handful of dictionary look-ups.
    """
    get = model.weights.get
    model.bound_caches()
    left_rows, right_rows, flag_rows = model._left, model._right, model._flags
    entries = model._entries
    word_entry = model.word_entry
    cap, lows, toks = doc.cap, doc.lows, doc.toks
    nt = len(lows)
    places = model.places
    cap_mid, lower_seen, surname_of, in_long = doc.cap_mid, doc.lower_seen, doc.surname_of, doc.in_long
    initial = doc.initial
    shapes = doc.shapes
    result = []
    for run in doc.runs:
        a, b, line = run
        caps_line = line[0]
        consts = model.const_rows(line)
        rights: dict[int, tuple[int, int, int, int]] = {}
        out = []
        result.append(out)
        for i in range(a, b):
            if not cap[i]:
                continue
            tok = toks[i]
            e = entries.get((tok, caps_line)) or word_entry(tok, caps_line)
            fl = lows[i]
            pl = lows[i - 1] if i > 0 else "\n"
            pp = lows[i - 2] if i > 1 and pl != "\n" else "\n"
            # Inside a run the word before is a name word or a connector: never a sentence start.
            if i == a:
                ini = initial(i)
                key = (pp, pl, False, ini, ini and fl in cap_mid, ini and fl in lower_seen)
            else:
                ini = False
                key = (pp, pl, True, False, False, False)
            lf = left_rows.get(key)
            if lf is None:
                lf = left_rows[key] = _sum_rows(left_features(doc, i, run), get)
            rt = rights.get(i + 1)
            if rt is None:
                j = i + 1
                ql = lows[j] if j < nt else "\n"
                key = (ql, lows[j + 1] if j + 1 < nt else "\n", j < b)
                rt = right_rows.get(key)
                if rt is None:
                    rt = right_rows[key] = _sum_rows(right_features(doc, j, run), get)
                rights[j] = rt
            lv = e[6]
            paren = pl == "(" and i > 0 and i + 1 < nt and lows[i + 1] == ")"
            key = (line, lv and ini, lv and not ini, fl in surname_of, fl in in_long, paren)
            c = flag_rows.get(key)
            if c is None:
                x = const_features(line, 1) + doc_features(doc, i, run, model, False)
                x.extend(inner_features(doc, i, i + 1, run, model))
                c = flag_rows[key] = _sum_rows(x, get)
            w = e[0]
            out.append(
                (
                    i,
                    i + 1,
                    (
                        c[0] + w[0] + lf[0] + rt[0],
                        c[1] + w[1] + lf[1] + rt[1],
                        c[2] + w[2] + lf[2] + rt[2],
                        c[3] + w[3] + lf[3] + rt[3],
                    ),
                )
            )
            stop = min(b, i + MAX_SPAN) + 1
            if i + 2 >= stop:
                continue
            # The parts every longer span starting at i shares: its left context, first word, the
            # document's view of that word.
            f0, f1, f2, f3 = e[2] if ini else e[1]
            f0 += lf[0]
            f1 += lf[1]
            f2 += lf[2]
            f3 += lf[3]
            w0, w1, w2, w3 = e[4]
            span = fl
            shape = shapes[i]
            plf = e[5]
            for j in range(i + 2, stop):
                tj = toks[j - 1]
                ej = entries.get((tj, caps_line)) or word_entry(tj, caps_line)
                w = ej[4]
                w0 += w[0]
                w1 += w[1]
                w2 += w[2]
                w3 += w[3]
                span = span + " " + lows[j - 1]
                if j - i <= 4:
                    shape = shape + " " + shapes[j - 1]
                if not cap[j - 1]:
                    continue
                rt = rights.get(j)
                if rt is None:
                    ql = lows[j] if j < nt else "\n"
                    key = (ql, lows[j + 1] if j + 1 < nt else "\n", j < b)
                    rt = right_rows.get(key)
                    if rt is None:
                        rt = right_rows[key] = _sum_rows(right_features(doc, j, run), get)
                    rights[j] = rt
                la = ej[3]
                c = consts[j - i]
                s0 = c[0] + w0 + f0 + la[0] + rt[0]
                s1 = c[1] + w1 + f1 + la[1] + rt[1]
                s2 = c[2] + w2 + f2 + la[2] + rt[2]
                s3 = c[3] + w3 + f3 + la[3] + rt[3]
                # inner_features, inline: the span's words, shapes, place names, digits, brackets.
                x = get("s:" + span)
                if x is not None:
                    s0 += x[0]
                    s1 += x[1]
                    s2 += x[2]
                    s3 += x[3]
                if not caps_line:
                    x = get("sh:" + shape)
                    if x is not None:
                        s0 += x[0]
                        s1 += x[1]
                        s2 += x[2]
                        s3 += x[3]
                x = get("pl" if span in places else "plf" if plf else "", None)
                if x is not None:
                    s0 += x[0]
                    s1 += x[1]
                    s2 += x[2]
                    s3 += x[3]
                if DIGIT_RE.search(span):
                    x = get("dig", ZERO)
                    s0 += x[0]
                    s1 += x[1]
                    s2 += x[2]
                    s3 += x[3]
                if pl == "(" and j < nt and lows[j] == ")":
                    x = get("paren", ZERO)
                    s0 += x[0]
                    s1 += x[1]
                    s2 += x[2]
                    s3 += x[3]
                out.append((i, j, (s0, s1, s2, s3)))
    return result


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
    doc = analyse(text, model)
    scale = model.scale
    found: list[tuple[int, int, int, tuple]] = []
    for run, spans in zip(doc.runs, score_runs(doc, model), strict=True):
        if len(spans) == 1:
            i, j, s = spans[0]
            top = max(s)
            if top > 0:
                found.append((i, j, s.index(top), s))
            continue
        a, b, _ = run
        by_end: dict[int, list[tuple[int, float, int, tuple]]] = {}
        for i, j, s in spans:
            # Weights are stored as margins over O, so a span is an entity when a margin is > 0.
            top = max(s)
            if top > 0:
                by_end.setdefault(j, []).append((i, top, s.index(top), s))
        if not by_end:
            continue
        # The best set of non-overlapping spans of the run: best[x] covers toks[a:a+x].
        best: list[tuple[float, tuple]] = [(0.0, ())]
        for e in range(a + 1, b + 1):
            cand = best[-1]
            for i, margin, k, s in by_end.get(e, ()):
                prev = best[i - a]
                total = prev[0] + margin
                if total > cand[0]:
                    cand = (total, prev[1] + ((i, e, k, s),))
            best.append(cand)
        found.extend(best[-1][1])
    found = _titled_names(doc, found, 2.0 / scale if scale else 1.0)
    starts, ends = doc.starts, doc.ends
    out = []
    for i, e, k, s in _refine(doc, model, found):
        start, end = starts[i], ends[e - 1]
        out.append(Mention(LABELS[k], start, end, text[start:end], _prob(s, k, scale)))
    return _harmonise(_repeat_names(text, _with_regnal_numbers(text, out)))


PER, LOC, ORG, MISC = 0, 1, 2, 3
DASHES = frozenset("-—–")


def _refine(doc: Doc, model: Model, found: list[tuple]) -> list[tuple]:
    """Correct the model's spans with what the whole document says about a name.

    The model sees one span and a few words around it; CoNLL's Reuters text rarely starts a
    sentence with a common noun or names a law, a town's team or a product, so on modern news
    it reads "Nationwide, ...", "Connecticut's Trust Act", "Danbury erased ..." and "Quillon
    said ..." as people. A single-word person must here earn its label: a word that is also
    common English, a place or a company's first word, and is never written with a first name
    or a title, is not one.
    """
    lows = doc.lows
    fn, sn = model.first_names, model.surnames
    loc_forms: set[str] = set()
    org_heads: set[tuple[str, ...]] = set()
    head_of_long: set[str] = set()
    for i, e, k, _ in found:
        if k == LOC and e - i == 1:
            loc_forms.add(lows[i])
        elif k in (ORG, LOC) and e - i > 1:
            head_of_long.add(lows[i])
            words = tuple(lows[i:e])
            if k == ORG:
                org_heads.update(words[:n] for n in range(1, len(words)))
    # Single words the text also writes capitalised after an ordinary word, i.e. as names; asked
    # of a few words only, so each is settled when first asked.
    run_starts: dict[str, list[int]] = {}
    for a, _, line in doc.runs:
        if not line[0]:
            run_starts.setdefault(lows[a], []).append(a)
    named: dict[str, bool] = {}

    def named_mid(lw: str) -> bool:
        hit = named.get(lw)
        if hit is None:
            hit = named[lw] = any(not _start_like(doc, a) for a in run_starts.get(lw, ()))
        return hit

    out = []
    for f in found:
        i, e, k, s = f
        if e - i == 1 and lows[i] in NEVER_NAMES:
            continue
        if k == PER and e - i > 1 and lows[e - 1] in DOCUMENT_WORDS and not _full_name(doc, model, i, e):
            f = (i, e, MISC, _relabel(s, k, MISC))
        elif k in (PER, ORG) and e - i == 1 and _titled(doc, i) is False:
            lw = lows[i]
            known_name = lw in fn or lw in sn or lw in doc.surname_of
            if k == PER and not known_name and tuple([lw]) in org_heads:
                f = (i, e, ORG, _relabel(s, k, ORG))  # "Quillon said", after "Quillon Semiconductor"
            elif (
                k == PER and not known_name and lw in model.places and (lw in loc_forms or lw in head_of_long)
            ):
                f = (i, e, LOC if s[LOC] >= s[ORG] else ORG, s)
                f = (i, e, f[2], _relabel(s, k, f[2]))  # "Danbury erased", "the Danbury boys"
            elif not known_name and not named_mid(lw) and _common_word(doc, model, lw):
                continue  # "Nationwide, health officials ..."
            elif (
                k == PER and not known_name and not named_mid(lw) and lw not in doc.in_long and "-" not in lw
            ):
                continue  # only ever at a sentence start, never with a first name or a title
        elif k == PER and e - i > 1 and lows[i] not in fn and tuple(lows[i:e]) in org_heads:
            f = (i, e, ORG, _relabel(s, k, ORG))  # "Pesa Mtaa", after "Pesa Mtaa Holdings"
        out.append(f)
    return out


def _with_regnal_numbers(text: str, mentions: list[Mention]) -> list[Mention]:
    """"Henry VIII", "Elizabeth I": a ruler's number is part of the name ("I" only where it
    cannot be the pronoun: before punctuation, "of" or "and")."""
    out = mentions
    for n, m in enumerate(mentions):
        if m.label != "PER" or not text.startswith(" ", m.end):
            continue
        r = REGNAL_RE.match(text, m.end)
        if r is None or (n + 1 < len(mentions) and mentions[n + 1].start < r.end()):
            continue
        if out is mentions:
            out = list(mentions)
        out[n] = Mention("PER", m.start, r.end(), text[m.start : r.end()], m.score)
    return out


def _repeat_names(text: str, mentions: list[Mention]) -> list[Mention]:
    """Every other occurrence of a full name the recogniser is sure of ("Jesper Parnevik" read
    once at 0.99 is the same person where it was missed: at a line start, in a list)."""
    sure = {
        m.text: m
        for m in mentions
        if m.label in REPEATED_LABELS and " " in m.text and m.score >= REPEAT_SCORE
    }
    if not sure:
        return mentions
    found = dict.fromkeys(sure, 0)
    for m in mentions:
        if m.text in found:
            found[m.text] += 1
    sure = {name: m for name, m in sure.items() if text.count(name) > found[name]}
    if not sure:
        return mentions
    covered = [(m.start, m.end) for m in mentions]
    added = []
    for name, m in sure.items():
        pos = text.find(name)
        while pos >= 0:
            end = pos + len(name)
            if (
                (pos == 0 or not text[pos - 1].isalnum())
                and (end == len(text) or not text[end].isalnum())
                and not any(s < end and pos < e for s, e in covered)
            ):
                added.append(Mention(m.label, pos, end, name, m.score))
                covered.append((pos, end))
            pos = text.find(name, end)
    if not added:
        return mentions
    return sorted(mentions + added, key=lambda x: x.start)


def _titled_names(doc: Doc, found: list[tuple], margin: float) -> list[tuple]:
    """A run of one to three capitalised words right after an abbreviated title ("Sen. Angus
    King", "Gov. Kotek", "Dr. Ellen Park") is a person, whatever the model made of it."""
    lows = doc.lows
    titled = [
        (a, b) for a, b, _line in doc.runs if a and lows[a - 1] in TITLE_ABBREVIATIONS and 1 <= b - a <= 3
    ]
    if not titled:
        return found
    covered: dict[int, int] = {}
    for n, (i, e, _k, _s) in enumerate(found):
        for t in range(i, e):
            covered[t] = n
    row = (margin, -margin, -margin, -margin)
    out = list(found)
    for a, b in titled:
        hits = {covered[t] for t in range(a, b) if t in covered}
        if not hits:
            out.append((a, b, PER, row))
        elif len(hits) == 1:
            n = hits.pop()
            i, e, k, s = found[n]
            if (i, e) == (a, b) and k != PER:
                out[n] = (i, e, PER, _relabel(s, k, PER))
    if len(out) != len(found):
        out.sort(key=itemgetter(0))
    return out


def _start_like(doc: Doc, a: int) -> bool:
    """Whether token ``a`` stands where any word is capitalised: a sentence or line start, after
    a dateline's "(Reuters) -", or after a short label ("Image caption, ...")."""
    if doc.initial(a):
        return True
    toks = doc.toks
    k = a - 1
    dash = False
    while k >= 0 and toks[k] in OPENERS:
        dash = dash or toks[k] in DASHES
        k -= 1
    if k < 0:
        return True
    if toks[k] == ")" and dash:
        return True
    if toks[k] == ",":
        n = 0
        k -= 1
        while k >= 0 and toks[k] != "\n":
            if toks[k] in SENTENCE_END or n >= 3:
                return False
            n += 1
            k -= 1
        return True
    return False


def _full_name(doc: Doc, model: Model, i: int, j: int) -> bool:
    """Whether ``toks[i:j]`` reads as given name(s) and a surname ("Stuart Law", "S. Law")."""
    first = doc.toks[i]
    given = doc.lows[i] in model.first_names or (len(first) == 2 and first[1] == ".")
    return given and doc.lows[j - 1] in model.surnames


def _titled(doc: Doc, i: int) -> bool:
    """Whether a title ("Mr.", "Sen.", "Coach") stands right before token ``i``."""
    return i > 0 and doc.lows[i - 1] in TITLE_WORDS


def _common_word(doc: Doc, model: Model, lw: str) -> bool:
    """Whether a word is ordinary English: the text or the common vocabulary writes it in lower
    case (a plural or a verb's -s counts as its stem)."""
    seen, vocab = doc.lower_seen, model.lower_vocab
    forms = [lw]
    if lw.endswith("s") and len(lw) > 4:
        forms.append(lw[:-1])
        if lw.endswith("es"):
            forms.append(lw[:-2])
    return any(w in seen or w in vocab for w in forms)


def _relabel(s: tuple, old: int, new: int) -> tuple:
    """Margins with two labels swapped: the evidence for the span stays, its label changes."""
    s = list(s)
    s[old], s[new] = s[new], s[old]
    return tuple(s)


def _harmonise(mentions: list[Mention]) -> list[Mention]:
    """One label per name in a document: the one with the most evidence wins ("Danbury's
    mayor" read as a person once, as a place three times, is a place)."""
    votes: dict[str, dict[str, float]] = {}
    for m in mentions:
        v = votes.setdefault(m.text, {})
        v[m.label] = v.get(m.label, 0.0) + m.score
    if all(len(v) == 1 for v in votes.values()):
        return mentions
    out = []
    for m in mentions:
        v = votes[m.text]
        if len(v) > 1:
            label = max(v, key=v.__getitem__)
            if label != m.label:
                m = Mention(label, m.start, m.end, m.text, round(v[label] / sum(v.values()), 3))
        out.append(m)
    return out


def _prob(margins: list[float], k: int, scale: float) -> float:
    """Probability of label ``k`` from its margins over O (O's own margin is 0)."""
    top = margins[k]
    exp = math.exp
    m0, m1, m2, m3 = margins
    z = exp(-top * scale) + (
        exp((m0 - top) * scale) + exp((m1 - top) * scale) + exp((m2 - top) * scale) + exp((m3 - top) * scale)
    )
    return round(1.0 / z, 3)
