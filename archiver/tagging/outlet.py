"""The outlet (publisher) of an article: from the user, from the source URL, or from the text.

``detect_outlet`` decides in a fixed order: an outlet the user gave wins; then the source URL's
host, looked up in the registry (``archiver/data/outlets.json``) with its parent domains; then
evidence in the text itself. Text evidence is read only where a publisher speaks about itself:

* a credit in the dateline: ``HARTFORD, Conn. (AP) —``, ``LONDON (Reuters) -``, ``(CNN)``;
* the outlet as the subject of a newsroom verb: ``NBC Connecticut spoke with``,
  ``The Courant has learned``; or as the agent of ``obtained by``;
* copyright lines (``© 2024 The New York Times Company``, ``Copyright 2024 NBCUniversal Media``),
  footers (``Follow NBC Connecticut on Twitter``), bylines (``By Jane Roe, Associated Press``),
  staff credits (``CNN's Jane Roe contributed to this report``) and each outlet's own signatures
  (Reuters' ``(Reporting by …; Editing by …)``).

An outlet merely cited (``told CNN``, ``according to The New York Times``, ``reported by
Reuters``) is never taken for the publisher: no pattern reads those contexts, and precision
matters more than recall, so a text without such evidence yields ``None``.

Speed: every pattern is guarded by a plain substring test or anchored on a literal, and the
registry is looked up with dictionaries, so a typical article costs a few tens of microseconds.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from archiver.inputs.byline import BYLINE_RE
from archiver.inputs.dateline import CREDIT_DATELINE_RE
from archiver.tagging.data import read_data_text

REGISTRY_FILE = "outlets.json"
KINDS = frozenset({"wire", "newspaper", "tv", "radio", "online", "public_broadcaster", "magazine"})

# Confidence of each kind of evidence (a judgement of how often each is right, not a fit).
CONF_GIVEN = 1.0
CONF_URL = 0.95
CONF_URL_PARENT = 0.9
CONF_URL_UNKNOWN = 0.8
CONF_DATELINE = 0.95
CONF_DATELINE_UNKNOWN = 0.6
CONF_SIGNATURE = 0.9
CONF_COPYRIGHT = 0.9
CONF_FOOTER = 0.85
CONF_BYLINE = 0.85
CONF_SELF_VERB = 0.85
CONF_STAFF_CREDIT = 0.8
CONF_AGENT = 0.65
CONF_MASTHEAD = 0.8  # a line that is only an outlet's name above the headline of a page paste
MASTHEAD_LINES = 4
CONF_OWNER = 0.75
# A second, independent piece of evidence for the same outlet raises the confidence a little.
CONF_BONUS = 0.05

# Calls to action that precede an outlet's own name in a page footer.
FOOTER_CUES = ("Follow", "Like", "Download", "Subscribe to", "Sign up for", "Get", "Watch", "Stream")
# Only the head of an article holds a dateline; a credit further down is a photo caption.
DATELINE_WINDOW = 600
# Characters of the head and the foot of an article searched for bylines, credits and footers.
HEAD = 600
FOOT = 800

_NAME_WORD = r"[A-Z0-9][\w&.'’+!-]*"
# A run of capitalised words (an outlet name), allowing a few lower-case joiners.
_NAME_RUN = (
    rf"{_NAME_WORD}(?:[ \t]+(?:(?:of|and|de|del|della|der|du|la|le|the|&|/)[ \t]+)?{_NAME_WORD}){{0,6}}"
)
_TAIL_NAME = re.compile(rf"((?:The[ \t]+)?{_NAME_RUN})[ \t]*$")
_HEAD_NAME = re.compile(rf"(?:[Tt]he[ \t]+)?({_NAME_RUN})")
_LEGAL_SUFFIX = re.compile(
    r"(?:,?\s+(?:Inc|LLC|L\.L\.C|Ltd|Limited|plc|PLC|Co|Corp|Corporation|Company|Media|Group|"
    r"Network|Networks|Holdings|Publishing|Digital|Interactive|Enterprises|Newspapers|"
    r"Communications|Broadcasting|Television|Stations|LP|L\.P)\.?)+$"
)

_CALL_SIGN = re.compile(r"[KW][A-Z]{2,3}(?:-(?:TV|FM|AM|DT|CD))?")
# Newsroom verbs whose subject, right before them, is the publisher speaking of itself:
# "strong" always, "aux" only after has/have/had or "independently", "weak" as a last resort.
SELF_VERBS = (
    ("spoke with", "strong"),
    ("spoke to", "strong"),
    ("reached out to", "strong"),
    ("learned", "strong"),
    ("confirmed", "aux"),
    ("obtained", "weak"),
)
# "obtained by X", "reviewed by X": X is the newsroom that holds the documents.
AGENT_CUES = ("obtained by", "reviewed by", "seen by")
COPYRIGHT_MARKS = ("©", "Copyright", "(c)", "Copr.")
_AUX = re.compile(r"(?:[ \t]+(?:has|have|had|independently|also|exclusively))+[ \t]*$")
_AND_ANOTHER = re.compile(r"[ \t]*(?:,|and|&)[ \t]+(?:the[ \t]+)?[A-Z]")
_OBTAINED_OBJECT = re.compile(
    r"[ \t]+(?:a|an|the|documents|records|copies|emails|video|footage|audio|records)\b"
)
_CITE_BEFORE = re.compile(
    r"(?:according to|told|cited|citing|reported by|report(?:ed)? in|interview with|appeared in|"
    r"published (?:by|in)|first reported|quoted (?:by|in)|reports? from|said in)[^.\n]{0,60}$",
    re.I,
)
_COPYRIGHT_REST = re.compile(
    r"[ \t]*(?:©[ \t]*|\(c\)[ \t]*)?"
    r"(?:(?:19|20)\d\d(?:[ \t]*[-–][ \t]*(?:19|20)\d\d)?[ \t]*,?[ \t]*)?(?:by[ \t]+)?"
)
_FOOTER_REST = re.compile(r"[ \t]+(?:the[ \t]+|us[ \t]+on[ \t]+)?")
_FOOTER_TAIL = re.compile(
    r"[ \t]*(?:on (?:Twitter|Facebook|Instagram|X|TikTok|YouTube|Threads|Bluesky|LinkedIn)|"
    r"(?:News |Weather )?app\b|(?:[’']s[ \t]+)?(?:[\w-]+[ \t]+){0,3}newsletters?|Live\b|News Now)"
)
_STAFF_CREDIT = re.compile(
    r"(?:[’']s[ \t]+[A-Z][\w.'’-]+(?:[ \t]+[A-Z][\w.'’-]+){1,3}(?:,?[ \t]+and[ \t]+[A-Z][\w.'’-]+"
    r"(?:[ \t]+[A-Z][\w.'’-]+){1,3})?|[ \t]+(?:staff[ \t]+)?(?:writers?|reporters?|correspondents?)"
    r"[ \t]+[A-Z][\w.'’-]+(?:[ \t]+[A-Z][\w.'’-]+){1,3})[ \t]+contributed"
)
_WWW = re.compile(r"^www\d*\.")
# "BBC Cumbria", "BBC Radio Kent": an edition's words after the outlet's name.
_EDITION = re.compile(r"(?:[ \t]+[A-Z][\w'’-]+){1,3}")
# The line under a BBC-style byline ("BBC News, Cumbria"): short, and the outlet's name in it
# followed by at most an edition's words ("BBC Scotland News").
MAX_DESK_LINE = 80
MAX_EDITION_CHARS = 40
# "Le Monde with AFP", "The Guardian with agencies": the publisher and the wires it used.
_WITH_AGENCIES = re.compile(
    r"(?m)^[ \t]*((?:The[ \t]+)?[A-Z][^\n]{1,50}?)[ \t]+with[ \t]+(?:agencies|[A-Z][\w.&-]*"
    r"(?:(?:[ \t]*,[ \t]*|[ \t]+and[ \t]+)[A-Z][\w.&-]*)*)[ \t.]*$"
)
# "This story was originally published by ProPublica", "first appeared in The Conversation",
# "produced by KFF Health News".
_CREDIT_LINE = re.compile(
    r"(?:originally|first)[ \t]+(?:published|appeared|ran)[ \t]+(?:by|in|on)[ \t]+(?:the[ \t]+)?"
    r"|produced[ \t]+(?:by|for)[ \t]+(?:the[ \t]+)?(?=[A-Z])",
)
CREDIT_CUES = ("originally ", "first published", "first appeared", "first ran", "produced ")
MAX_CREDIT_LINE = 80


@dataclass(frozen=True)
class Home:
    """Where an outlet is based: the place resolver prefers places near it."""

    city: str | None
    admin1: str | None
    country: str | None
    geonames_id: int | None
    lat: float | None
    lon: float | None


@dataclass(frozen=True)
class Outlet:
    """One registry entry."""

    name: str
    aliases: tuple[str, ...]
    domains: tuple[str, ...]
    kind: str
    home: Home | None
    owner: str | None = None

    @property
    def domain(self) -> str | None:
        """The outlet's main web domain."""
        return self.domains[0] if self.domains else None


@dataclass(frozen=True)
class OutletMatch:
    """The detected publisher of one article, with the evidence that decided it."""

    name: str | None
    domain: str | None
    kind: str | None
    how: str
    evidence: str
    confidence: float
    home: Home | None = None

    def to_json(self) -> dict[str, Any]:
        """The outlet object of DESIGN section 5, keys in their fixed order."""
        return {
            "name": self.name,
            "domain": self.domain,
            "kind": self.kind,
            "how": self.how,
            "evidence": self.evidence,
            "confidence": round(self.confidence, 3),
        }


@dataclass(frozen=True)
class _Registry:
    outlets: tuple[Outlet, ...]
    by_name: dict[str, Outlet]
    by_domain: dict[str, Outlet]
    by_owner: dict[str, tuple[Outlet, ...]]
    signatures: tuple[tuple[str, str | re.Pattern[str], Outlet], ...]
    max_words: int


def _name_key(name: str) -> str:
    """Casefolded, whitespace-collapsed, curly apostrophes straightened, no leading "the".

    A one-word name keeps its "the": "The Hill" and "The Street" are outlets, "Hill" and
    "Street" are not.

    >>> _name_key("  The  Hartford Courant "), _name_key("The Hill")
    ('hartford courant', 'the hill')
    """
    key = " ".join(name.replace("’", "'").split()).casefold()
    return key[4:] if key.startswith("the ") and " " in key[4:] else key


@lru_cache(maxsize=1)
def _registry() -> _Registry:
    raw = json.loads(read_data_text(REGISTRY_FILE))
    outlets: list[Outlet] = []
    by_name: dict[str, Outlet] = {}
    by_domain: dict[str, Outlet] = {}
    owners: dict[str, list[Outlet]] = {}
    signatures: list[tuple[str, str | re.Pattern[str], Outlet]] = []
    max_words = 1
    for item in raw["outlets"]:
        home = Home(**item["home"]) if item.get("home") else None
        outlet = Outlet(
            name=item["name"],
            aliases=tuple(item.get("aliases", ())),
            domains=tuple(item.get("domains", ())),
            kind=item["kind"],
            home=home,
            owner=item.get("owner"),
        )
        outlets.append(outlet)
        for name in (outlet.name, *outlet.aliases):
            key = _name_key(name)
            # First claimant wins: the registry lists the better-known outlet first.
            by_name.setdefault(key, outlet)
            max_words = max(max_words, len(key.split()))
        for domain in outlet.domains:
            by_domain.setdefault(domain, outlet)
        if outlet.owner:
            owners.setdefault(_name_key(outlet.owner), []).append(outlet)
        for sig in item.get("signatures", ()):
            if sig.startswith("re:"):
                signatures.append((_literal_guard(sig[3:]), re.compile(sig[3:]), outlet))
            else:
                signatures.append((sig, sig, outlet))
    return _Registry(
        outlets=tuple(outlets),
        by_name=by_name,
        by_domain=by_domain,
        by_owner={k: tuple(v) for k, v in owners.items()},
        signatures=tuple(signatures),
        max_words=max_words + 1,
    )


def _literal_guard(pattern: str) -> str:
    """The longest run of plain letters a regex always needs: tested with ``in`` before searching.

    >>> _literal_guard(r"(?:a|b) by \\(?Reporting (?:x|y)")
    'Reporting'
    """
    depth, best, run, i = 0, "", "", 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            run, i = "", i + 2
            continue
        if c == "[":
            close = pattern.find("]", i + 2)
            run, i = "", (close + 1 if close > 0 else len(pattern))
            continue
        if c == "|" and depth == 0:
            return ""
        depth += c == "("
        depth -= c == ")"
        nxt = pattern[i + 1] if i + 1 < len(pattern) else ""
        if depth == 0 and (c.isalpha() or (c == " " and run)) and (not nxt or nxt not in "?*{"):
            run += c
            best = max(best, run.strip(), key=len)
        else:
            run = ""
        i += 1
    return best


def registry() -> tuple[Outlet, ...]:
    """Every outlet of the registry, in registry order."""
    return _registry().outlets


def is_outlet_name(name: str) -> bool:
    """Whether ``name`` is a known outlet's name or alias (case-insensitive).

    >>> is_outlet_name("the associated press"), is_outlet_name("Mark Boughton")
    (True, False)
    """
    return _name_key(name) in _registry().by_name


def lookup_outlet(name_or_domain: str) -> Outlet | None:
    """The registry entry for a name, alias, domain, host or URL; ``None`` if unknown."""
    text = name_or_domain.strip()
    if not text:
        return None
    reg = _registry()
    hit = reg.by_name.get(_name_key(text))
    if hit is None and " " not in text and "." in text:
        host = _host(text)
        hit = _lookup_host(host)[0] if host else None
    return hit


def detect_outlet(text: str, *, given: str | None = None, url: str | None = None) -> OutletMatch | None:
    """Find the publisher of an article.

    Args:
        text: the normalized article text.
        given: an outlet name or domain the user gave; it always wins (confidence 1.0), known
            to the registry or not.
        url: the article's source URL; its host decides next, registry entry or not.

    Returns:
        The match, with ``how`` = "given", "url" or "text" and the deciding evidence, or
        ``None`` when neither the user, the URL nor the text names the publisher.
    """
    if given and given.strip():
        return _match_given(given.strip())
    if url and url.strip():
        match = _match_url(url.strip())
        if match is not None:
            return match
    return _match_text(text) if text else None


def _match_given(given: str) -> OutletMatch:
    outlet = lookup_outlet(given)
    looks_like_domain = " " not in given and "." in given
    domain = _host(given) if looks_like_domain else None
    if outlet is None:
        return OutletMatch(given if not looks_like_domain else None, domain, None, "given", given, CONF_GIVEN)
    return OutletMatch(
        outlet.name, domain or outlet.domain, outlet.kind, "given", given, CONF_GIVEN, outlet.home
    )


def _host(url: str) -> str | None:
    """The lower-case host of a URL or bare domain, without "www."; ``None`` if there is none.

    >>> _host("https://WWW.CBC.ca:443/news/x"), _host("nyti.ms/2abc")
    ('cbc.ca', 'nyti.ms')
    """
    target = url if "//" in url else "//" + url
    try:
        host = urlsplit(target).hostname
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    return _WWW.sub("", host.rstrip(".").lower())


def _lookup_host(host: str) -> tuple[Outlet | None, bool]:
    """The outlet owning ``host`` or its nearest parent domain, and whether it was the host itself."""
    by_domain = _registry().by_domain
    labels = host.split(".")
    for i in range(len(labels) - 1):
        outlet = by_domain.get(".".join(labels[i:]))
        if outlet is not None:
            return outlet, i == 0
    return None, False


def _match_url(url: str) -> OutletMatch | None:
    host = _host(url)
    if host is None:
        return None
    outlet, exact = _lookup_host(host)
    # The domain reported is the page's own host (less "www."): it is what the URL proves, and
    # it keeps sections such as money.cnn.com apart; the name carries the registry identity.
    if outlet is None:
        return OutletMatch(None, host, None, "url", url, CONF_URL_UNKNOWN)
    conf = CONF_URL if exact else CONF_URL_PARENT
    return OutletMatch(outlet.name, host, outlet.kind, "url", url, conf, outlet.home)


def _longest_prefix_outlet(phrase: str) -> tuple[Outlet | None, int]:
    """The registry outlet named by the longest leading run of words of ``phrase``.

    Returns the outlet and the length in characters of the naming part.
    """
    reg = _registry()
    words = list(re.finditer(r"\S+", phrase))[: reg.max_words]
    for n in range(len(words), 0, -1):
        end = words[n - 1].end()
        cand = phrase[:end].rstrip(".,;:’'")
        for form in (cand, _LEGAL_SUFFIX.sub("", cand), re.sub(r"[’']s$", "", cand)):
            outlet = reg.by_name.get(_name_key(form)) if form else None
            if outlet is not None:
                return outlet, end
    return None, 0


def _longest_suffix_outlet(phrase: str, *, whole_name: bool = False) -> tuple[Outlet | None, int]:
    """The registry outlet named by the longest trailing run of words of ``phrase``.

    With ``whole_name``, the outlet's name must not continue a longer capitalised name
    ("Downing Street" is not "The Street"): it starts the phrase, follows "the" or ends a
    sentence. Returns the outlet and the offset in ``phrase`` where the naming part starts.
    """
    reg = _registry()
    words = list(re.finditer(r"\S+", phrase))
    first = max(0, len(words) - reg.max_words)
    for i in range(first, len(words)):
        start = words[i].start()
        outlet = reg.by_name.get(_name_key(phrase[start:]))
        if outlet is None:
            continue
        if whole_name and i > 0:
            prev = words[i - 1].group(0)
            if prev.casefold() == "the":
                start = words[i - 1].start()
            elif prev[-1] not in '.,;:!?"”)':
                continue
        return outlet, start
    return None, 0


def _owner_outlet(phrase: str, text: str) -> Outlet | None:
    """For a copyright held by a group ("NBCUniversal Media"), the member the text names."""
    reg = _registry()
    cand = _LEGAL_SUFFIX.sub("", phrase.rstrip(".,;: ")).strip()
    words = cand.split()
    members: tuple[Outlet, ...] = ()
    for n in range(len(words), 0, -1):
        members = reg.by_owner.get(_name_key(" ".join(words[:n])), ())
        if members:
            break
    best: tuple[int, Outlet] | None = None
    for outlet in members:
        for name in (outlet.name, *outlet.aliases):
            if len(name) < 4:
                continue
            pos = text.find(name)
            if pos >= 0 and (best is None or pos < best[0]):
                best = (pos, outlet)
    return best[1] if best else None


class _Votes:
    """Evidence gathered for each outlet; the strongest outlet wins."""

    def __init__(self) -> None:
        self.best: dict[str, tuple[float, str, Outlet | None, str]] = {}
        self.count: dict[str, int] = {}

    def add(self, outlet: Outlet | None, evidence: str, conf: float, name: str | None = None) -> None:
        key = outlet.name if outlet else (name or "")
        if not key or not evidence:
            return
        self.count[key] = self.count.get(key, 0) + 1
        if key not in self.best or conf > self.best[key][0]:
            self.best[key] = (conf, evidence, outlet, key)

    def winner(self) -> OutletMatch | None:
        if not self.best:
            return None
        key = max(self.best, key=lambda k: (self.best[k][0] + CONF_BONUS * min(self.count[k] - 1, 2),))
        conf, evidence, outlet, name = self.best[key]
        conf = min(0.99, conf + CONF_BONUS * min(self.count[key] - 1, 2))
        if outlet is None:
            return OutletMatch(name, None, None, "text", evidence, conf)
        return OutletMatch(outlet.name, outlet.domain, outlet.kind, "text", evidence, conf, outlet.home)


def _match_text(text: str) -> OutletMatch | None:
    reg = _registry()
    votes = _Votes()
    _scan_dateline(text, votes)
    _scan_masthead(text, votes)
    # Copyright lines, footers, bylines and staff credits sit at the head or the foot of a page.
    edges = text if len(text) <= HEAD + FOOT else text[:HEAD] + "\n" + text[-FOOT:]
    for guard, sig, outlet in reg.signatures:
        if guard not in edges:
            continue
        if isinstance(sig, str):
            votes.add(outlet, sig, CONF_SIGNATURE)
            continue
        m = sig.search(edges[:HEAD] if sig.pattern.startswith("(?m)^") else edges)
        if m:
            votes.add(outlet, m.group(0).strip(), CONF_SIGNATURE)
    for mark in COPYRIGHT_MARKS:
        for pos in _find_all(edges, mark):
            rest = _COPYRIGHT_REST.match(edges, pos + len(mark))
            _vote_head(edges, pos, rest.end(), votes, CONF_COPYRIGHT, owners=text)
    for cue in FOOTER_CUES:
        for pos in _find_all(edges, cue):
            rest = _FOOTER_REST.match(edges, pos + len(cue))
            if rest is not None:
                _vote_head(edges, pos, rest.end(), votes, CONF_FOOTER, tail=_FOOTER_TAIL)
    if "By " in edges:
        _scan_byline(edges, votes)
    if " with " in edges:
        _scan_with_agencies(edges, votes)
    if any(cue in edges for cue in CREDIT_CUES):
        _scan_credit_line(edges, votes)
    if "contributed" in edges:
        _scan_staff_credit(edges, votes)
    _scan_self_verbs(text, votes)
    _scan_agents(text, votes)
    return votes.winner()


def _scan_masthead(text: str, votes: _Votes) -> None:
    """A page paste often starts with the site's name on a line of its own ("NBC Connecticut")."""
    lines = [line.strip() for line in text[:HEAD].split("\n") if line.strip()][:MASTHEAD_LINES]
    for line in lines:
        if len(line) <= 60:
            outlet = _registry().by_name.get(_name_key(line))
            if outlet is not None:
                votes.add(outlet, line, CONF_MASTHEAD)
                return


def _find_all(text: str, word: str):
    """Start offsets of ``word`` in ``text`` where it is not glued to a letter on either side."""
    pos = text.find(word)
    while pos >= 0:
        end = pos + len(word)
        if (pos == 0 or not text[pos - 1].isalpha()) and (end == len(text) or not text[end].isalpha()):
            yield pos
        pos = text.find(word, end)


def _scan_dateline(text: str, votes: _Votes) -> None:
    head = text[:DATELINE_WINDOW]
    pos = head.find("(")
    while pos >= 0:
        line_start = head.rfind("\n", 0, pos) + 1
        # A credit closes a short dateline: "LONDON, Ky. (WKYT) -" or "(CNN) —".
        m = CREDIT_DATELINE_RE.match(head, line_start) if pos - line_start <= 60 else None
        if m is not None:
            credit = m.group(1).strip()
            outlet = _registry().by_name.get(_name_key(credit))
            evidence = m.group(0).strip()
            if outlet is not None:
                votes.add(outlet, evidence, CONF_DATELINE)
                return
            if _CALL_SIGN.fullmatch(credit):
                votes.add(None, evidence, CONF_DATELINE_UNKNOWN, name=credit)
                return
        pos = head.find("(", head.find("\n", pos) if "\n" in head[pos:] else len(head))


def _vote_head(
    text: str,
    start: int,
    name_at: int,
    votes: _Votes,
    conf: float,
    *,
    owners: str | None = None,
    tail: re.Pattern[str] | None = None,
) -> None:
    """Vote for the outlet named at ``name_at`` (after a copyright mark or a footer cue).

    ``owners`` is the whole article, given when a group's name (a copyright holder) may stand
    for the member outlet the article names.
    """
    head = _HEAD_NAME.match(text, name_at)
    if head is None:
        return
    phrase = text[head.start() : head.end()]
    outlet, length = _longest_prefix_outlet(phrase)
    if outlet is not None:
        end = head.start() + length
        if tail is not None:
            t = tail.match(text, end)
            if t is None:
                # "Follow BBC Cumbria on Facebook": a regional edition of the outlet.
                edition = _EDITION.match(text, end)
                t = tail.match(text, edition.end()) if edition else None
            if t is None:
                return
            end = t.end()
        votes.add(outlet, text[start:end].strip(), conf)
    elif owners is not None:
        member = _owner_outlet(phrase, owners)
        if member is not None:
            votes.add(member, text[start : head.end()].strip(), CONF_OWNER)


def _scan_byline(text: str, votes: _Votes) -> None:
    """The outlet a byline names: at its end ("By Jane Roe, Associated Press") or, BBC style, on
    the desk line under it ("BBC News, Cumbria", "Political editor, BBC News")."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        m = BYLINE_RE.match(line.strip()) if "By" in line else None
        if m is None:
            continue
        outlet, offset = _longest_suffix_outlet(m.group("names").rstrip(" \t."))
        # The outlet ends the byline and follows the writer's name, after a separator or not.
        if outlet is not None and offset > 0:
            votes.add(outlet, m.group(0).strip(), CONF_BYLINE)
            continue
        desk = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if len(desk) > MAX_DESK_LINE:
            continue
        for part in desk.split(","):
            outlet, length = _longest_prefix_outlet(part.strip())
            if outlet is not None and length >= len(part.strip()) - MAX_EDITION_CHARS:
                votes.add(outlet, f"{line.strip()}\n{desk}", CONF_BYLINE)
                break


def _scan_with_agencies(text: str, votes: _Votes) -> None:
    """A credit line naming the publisher and the agencies it drew on: "Le Monde with AFP"."""
    for line in text.split("\n"):
        m = _WITH_AGENCIES.match(line) if " with " in line and len(line) <= MAX_CREDIT_LINE else None
        if m is None:
            continue
        name = m.group(1)
        outlet = _registry().by_name.get(_name_key(name))
        if outlet is not None:
            votes.add(outlet, m.group(0).strip(), CONF_BYLINE)


def _scan_credit_line(text: str, votes: _Votes) -> None:
    """A credit naming where the story was first published ("originally published by ProPublica")."""
    for m in _CREDIT_LINE.finditer(text):
        head = _HEAD_NAME.match(text, m.end())
        if head is None:
            continue
        outlet, length = _longest_prefix_outlet(text[head.start() : head.end()])
        if outlet is not None:
            votes.add(outlet, text[m.start() : head.start() + length], CONF_STAFF_CREDIT)


def _name_before(text: str, pos: int) -> tuple[Outlet | None, int]:
    """The outlet whose name ends right before ``pos`` (spaces aside), and where it starts."""
    window = text[max(0, pos - 70) : pos].rstrip()
    if not window:
        return None, 0
    last = max(window.rfind(" "), window.rfind("\n"), window.rfind("\t")) + 1
    if not (window[last].isupper() or window[last].isdigit()):
        return None, 0
    tail = _TAIL_NAME.search(window)
    if tail is None:
        return None, 0
    outlet, offset = _longest_suffix_outlet(tail.group(1), whole_name=True)
    if outlet is None:
        return None, 0
    start = pos - len(text[max(0, pos - 70) : pos]) + tail.start() + offset
    if _CITE_BEFORE.search(text, max(0, start - 80), start):
        return None, 0
    return outlet, start


def _scan_self_verbs(text: str, votes: _Votes) -> None:
    for verb, strength in SELF_VERBS:
        pos = text.find(verb)
        while pos >= 0:
            end = pos + len(verb)
            at, nxt = pos, text.find(verb, end)
            glued = pos > 0 and text[pos - 1].isalnum()
            after = text[end : end + 2]
            if not glued and not after[:1].isalnum():
                aux = _AUX.search(text, max(0, pos - 40), pos)
                if aux is not None:
                    at = aux.start()
                if strength == "strong" or aux is not None:
                    conf = CONF_SELF_VERB
                elif strength == "weak" and _OBTAINED_OBJECT.match(text, end):
                    conf = CONF_AGENT
                else:
                    conf = 0.0
                if conf:
                    outlet, start = _name_before(text, at)
                    if outlet is not None:
                        votes.add(outlet, text[start:end], conf)
            pos = nxt


def _scan_agents(text: str, votes: _Votes) -> None:
    for cue in AGENT_CUES:
        for start in _find_all(text, cue):
            if _CITE_BEFORE.search(text, max(0, start - 80), start):
                continue
            head = _HEAD_NAME.match(text, start + len(cue) + 1)
            if head is None:
                continue
            outlet, length = _longest_prefix_outlet(text[head.start() : head.end()])
            end = head.start() + length
            # "obtained by AFP and Reuters": several outlets are cited, none is speaking.
            if outlet is not None and not _AND_ANOTHER.match(text, end):
                votes.add(outlet, text[start:end], CONF_AGENT)


def _scan_staff_credit(text: str, votes: _Votes) -> None:
    for m in _STAFF_CREDIT.finditer(text):
        outlet, start = _name_before(text, m.start())
        if outlet is not None:
            votes.add(outlet, text[start : m.end()], CONF_STAFF_CREDIT)
