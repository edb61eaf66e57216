"""People named in an article: PER mentions merged into persons, with titles stripped and roles.

``tag_people`` turns the recogniser's PER mentions into one entry per person: a full name
("Mark Boughton") absorbs the later short forms that refer to it ("Boughton", "Mr. Boughton"),
titles are stripped from names ("President Clinton" -> "Clinton", role "president") and the
role is read from the words around a mention when the text gives one ("Danbury's mayor Mark
Boughton" -> "mayor", "Sanchez, who owns a restaurant" -> "restaurant owner").
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from archiver.tagging.entities import TITLE_ROLES as TITLES
from archiver.tagging.entities import Mention

# Head nouns of roles read from the words before or after a name.
ROLE_HEADS = frozenset(
    """mayor governor president minister secretary senator congressman congresswoman representative
    spokesman spokeswoman spokesperson chairman chairwoman chair director coach manager captain
    striker goalkeeper midfielder defender forward player chancellor ambassador leader chief
    commissioner judge attorney lawyer officer sheriff superintendent analyst economist executive
    ceo founder owner premier king queen prince princess pope general colonel envoy diplomat
    deputy councilman councilwoman councillor councilor alderman treasurer comptroller speaker
    prosecutor detective sergeant lieutenant inspector professor doctor surgeon author writer
    actor actress singer champion driver rider president-elect chairperson administrator
    principal teacher student resident official head negotiator mediator dealer trader strategist
    chief-executive presenter correspondent editor reporter owner banker investor candidate
    nominee challenger incumbent vice-president rapporteur monarch emperor ayatollah cardinal
    bishop archbishop priest rabbi imam marshal pastor trooper guard""".split()
)
# Words that may stand before a role head inside the role ("prime minister", "foreign minister").
ROLE_MODIFIERS = frozenset(
    """prime vice deputy foreign finance interior defence defense justice health education trade
    economy economics agriculture farm energy environment labour labor transport home state
    assistant associate executive chief senior general managing head former acting interim
    police fire city county town state federal national party opposition team club union
    company bank central first second junior minority majority house senate district
    secretary attorney lieutenant prosecuting technical sports commerce industry information
    culture housing""".split()
)
# Page furniture a web page leaves behind; never a person.
PAGE_JUNK = frozenset(
    """contact us|share this|share|tweet|email|print|comments|click here|read more|sign up|log in|
    subscribe|follow us|privacy policy|terms of service|terms of use|advertisement|related|
    copyright|all rights reserved|skip to content|more stories|top stories|watch|video|photo|
    photos|getty images|ap photo|file photo|home|menu|search|newsletter|cookie policy""".replace(
        "\n", ""
    ).split("|")
)
JUNK_NORM = frozenset(s.strip() for s in PAGE_JUNK)
OWNS_RE = re.compile(
    r"^\s*,?\s*(?:who\s+)?(owns|runs|manages|heads|founded|co-owns|operates)\s+(?:a|an|the|his|her)\s+"
    r"((?:[a-z][\w-]*\s+){0,3}?[a-z][\w-]*?)(?=\s+(?:in|on|at|near|for|with|and|that|which|where|since)\b|[,.;])"
)
VERB_ROLE = {
    "owns": "owner",
    "co-owns": "co-owner",
    "runs": "operator",
    "manages": "manager",
    "heads": "head",
    "founded": "founder",
    "operates": "operator",
}
# "Sen. Angus King, D-Maine," / "(R-Ky.)": a lawmaker's party and state.
PARTY_TAG_RE = re.compile(r"[ \t]*[,(][ \t]*([DRI]-[A-Z][\w.]*(?:[ \t][A-Z][\w.]*)?)[ \t]*(?=[),])")
APPOSITIVE_RE = re.compile(r"^\s*,\s*(?:\d{1,3}\s*,\s*)?(?:the|a|an|its|their)\s+([^,.;()\n]{1,60})")
SKIP_CLAUSE_RE = re.compile(r"^\s*,[^,.;]{1,60},")
WORD_RE = re.compile(r"[\w.'’-]+")
POSSESSIVE_RE = re.compile(r"['’]s?$")


# Resolved once per process: the import and the gazetteer's key normalisation are costly next
# to the rest of tag_people, and a name asked about is usually asked about again.
@lru_cache(maxsize=1)
def _outlet_check():
    try:
        from archiver.tagging.outlet import is_outlet_name
    except ImportError:  # the outlet tagger is optional for this module
        return lambda name: False
    return lru_cache(maxsize=20_000)(is_outlet_name)


@lru_cache(maxsize=1)
def _demonym_check():
    try:
        from archiver.tagging.gazetteer import is_demonym
    except ImportError:
        return lambda word: False

    @lru_cache(maxsize=20_000)
    def check(word: str) -> bool:
        try:
            return is_demonym(word)
        except Exception:  # gazetteer data missing: no opinion
            return False

    return check


def _clean(m: Mention) -> tuple[str, int, int, str | None]:
    """Strip titles and possessives off a mention; return (name, start, end, role from title)."""
    text = m.text
    start = m.start
    role = None
    while True:
        head, sep, rest = text.partition(" ")
        if not sep:
            break
        low = head.lower()
        if low in TITLES:
            if role is None or TITLES[low]:
                role = TITLES[low] or role
            start += len(head) + 1
            text = rest.lstrip()
            continue
        if low in ("prime", "vice", "foreign", "deputy"):
            # "Prime Minister X": both words are the title, and "minister" alone must not be
            # read again through TITLES (that would overwrite the role with plain "minister").
            nxt, sep2, after = rest.partition(" ")
            if nxt.lower() == "minister":
                role = low + " minister"
                start += len(head) + 1 + len(nxt) + len(sep2)
                text = after
                continue
        break
    stripped = POSSESSIVE_RE.sub("", text) if text.endswith(("'s", "’s", "'", "’")) else text
    end = start + len(stripped)
    return stripped, start, end, role


def _role_before(text: str, start: int) -> str | None:
    """The role written just before a name: "Danbury's mayor Mark Boughton" -> "mayor"."""
    window = text[max(0, start - 60) : start]
    line_break = window.rfind("\n")
    if line_break >= 0:
        window = window[line_break + 1 :]
    words = WORD_RE.findall(window)
    if not words:
        return None
    head = words[-1].lower().rstrip(",")
    if head not in ROLE_HEADS:
        # "Gov. Tina Kotek", "Lt. Gov. Ana Ruiz", "Dr. Ellen Park": an abbreviated title.
        if head not in TITLES:
            return None
        return TITLES.get(" ".join(w.lower() for w in words[-2:])) or TITLES[head]
    role = [head]
    for w in reversed(words[:-1]):
        lw = w.lower()
        if lw in ROLE_MODIFIERS and len(role) < 3:
            role.insert(0, lw)
        else:
            break
    return " ".join(role)


def _role_after(text: str, end: int) -> str | None:
    """The role given right after a name: ", the mayor of ...", ", who owns a restaurant"."""
    after = text[end : end + 160].split("\n", 1)[0]
    m = OWNS_RE.match(after)
    if not m:
        skip = SKIP_CLAUSE_RE.match(after)
        if skip:
            m = OWNS_RE.match(after[skip.end() :])
    if m:
        obj = m.group(2).lower()
        return f"{obj} {VERB_ROLE[m.group(1).lower()]}"
    m = APPOSITIVE_RE.match(after)
    if m:
        words = m.group(1).lower().split()[:5]
        for n in range(1, len(words) + 1):
            if words[n - 1] in ROLE_HEADS:
                mods = [w for w in words[: n - 1] if w in ROLE_MODIFIERS]
                return " ".join(mods[-2:] + [words[n - 1]])
    return None


def _is_junk(name: str) -> bool:
    low = " ".join(name.lower().split())
    if low in JUNK_NORM or not any(c.isalpha() for c in name):
        return True
    return len(low) < 2


def tag_people(text: str, mentions: list[Mention]) -> list[dict[str, Any]]:
    """Group the PER mentions of an article into people.

    Args:
        text: the article text the mentions index into.
        mentions: ``entities.find_mentions(text)``.

    Returns:
        One dict per person in order of first mention: ``name``, ``aliases`` (other forms
        the text uses), ``role`` (or None), ``affiliation`` (a lawmaker's party and state,
        "D-Maine", or None), ``mentions`` (count), ``spans`` and ``confidence``.
    """
    is_outlet = _outlet_check()
    is_demonym = _demonym_check()
    # name key -> {"forms": {form: count}, "spans": [...], "scores": [...], "role": ..., "words": tuple}
    groups: dict[str, dict[str, Any]] = {}
    order: list[str] = []
    for m in mentions:
        if m.label != "PER":
            continue
        name, start, end, title_role = _clean(m)
        if not name or _is_junk(name) or is_outlet(name):
            continue
        words = tuple(name.lower().replace("’", "'").split())
        if len(words) == 1 and is_demonym(name):
            continue
        key = " ".join(words)
        g = groups.get(key)
        if g is None:
            g = groups[key] = {
                "forms": {},
                "spans": [],
                "scores": [],
                "role": None,
                "affiliation": None,
                "words": words,
            }
            order.append(key)
        g["forms"][name] = g["forms"].get(name, 0) + 1
        g["spans"].append([start, end])
        g["scores"].append(m.score)
        if g["affiliation"] is None and text.find("-", m.end, m.end + 6) >= 0:
            party = PARTY_TAG_RE.match(text, m.end)
            g["affiliation"] = party.group(1) if party else None
        if g["role"] is None:
            g["role"] = (
                _role_before(text, m.start if title_role is None else start)
                or title_role
                or _role_after(text, end)
            )
    # Short forms join the first longer name they end with ("King" -> "Luther King").
    # Indexed by word suffix, so that long articles with many names are not quadratic.
    by_suffix: dict[tuple[str, ...], str] = {}
    for f in order:
        fw = groups[f]["words"]
        for n in range(1, len(fw)):
            by_suffix.setdefault(fw[-n:], f)
    merged: dict[str, str] = {}
    for k in order:
        target = by_suffix.get(groups[k]["words"])
        if target is not None:
            merged[k] = target
    # Merges chain ("King" -> "Luther King" -> "Martin Luther King"): every short form goes
    # to the root of its chain, the one name that is not itself merged, or its spans are lost.
    # Targets are strictly longer names, so the chains cannot loop.
    absorbed: dict[str, list[str]] = {}
    for k in order:
        if k in merged:
            root = merged[k]
            while root in merged:
                root = merged[root]
            absorbed.setdefault(root, []).append(k)
    people: list[dict[str, Any]] = []
    for k in order:
        if k in merged:
            continue
        g = groups[k]
        forms = dict(g["forms"])
        spans = list(g["spans"])
        scores = list(g["scores"])
        role = g["role"]
        affiliation = g["affiliation"]
        for short in absorbed.get(k, ()):
            s = groups[short]
            for form, c in s["forms"].items():
                forms[form] = forms.get(form, 0) + c
            spans.extend(s["spans"])
            scores.extend(s["scores"])
            role = role or s["role"]
            affiliation = affiliation or s["affiliation"]
        name = _display_name(g["forms"])
        aliases = sorted({f for f in forms if f != name and f.lower() != name.lower()})
        spans.sort()
        conf = max(scores)
        if len(scores) > 1:
            conf = 1 - (1 - conf) * 0.7
        people.append(
            {
                "name": name,
                "aliases": aliases,
                "role": role,
                "affiliation": affiliation,
                "mentions": len(spans),
                "spans": spans,
                "confidence": round(conf, 3),
            }
        )
    return people


def _display_name(forms: dict[str, int]) -> str:
    """The form to show: the most frequent mixed-case one (capitals only if nothing else)."""
    ranked = sorted(forms.items(), key=lambda kv: (kv[0].isupper(), -kv[1]))
    name = ranked[0][0]
    if name.isupper() and len(name) > 3:
        name = " ".join(w.capitalize() if len(w) > 2 else w for w in name.split())
    return name
