"""Organizations named in an article, with acronyms linked to their long forms.

``tag_organizations`` groups the recogniser's ORG mentions and links an acronym to the long
form it abbreviates: by the text's own definition ("Immigration Customs Enforcement (ICE)"),
by initials ("DHS" ~ "Department of Homeland Security", a leading "U.S." ignored), and by a
short table of well-known agencies, which also finds them written in lower case ("the
department of homeland security").

The publishing outlet is *kept* when the story cites it as a source ("told Reuters", "said
by Reuters"): it is then an organization the story mentions. When the text only names it as
its own newsroom ("NBC Connecticut spoke with ...") it is left out: the ``outlet`` field
already says who published the story.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from archiver.tagging.entities import Mention

# Well-known acronyms and the canonical long form a story's variant is shown as.
KNOWN = {
    "ICE": "Immigration and Customs Enforcement",
    "DHS": "Department of Homeland Security",
    "FBI": "Federal Bureau of Investigation",
    "CIA": "Central Intelligence Agency",
    "DEA": "Drug Enforcement Administration",
    "EPA": "Environmental Protection Agency",
    "IRS": "Internal Revenue Service",
    "FEMA": "Federal Emergency Management Agency",
    "CDC": "Centers for Disease Control and Prevention",
    "FDA": "Food and Drug Administration",
    "NASA": "National Aeronautics and Space Administration",
    "CBP": "Customs and Border Protection",
    "USCIS": "Citizenship and Immigration Services",
    "DOJ": "Department of Justice",
    "ATF": "Bureau of Alcohol, Tobacco, Firearms and Explosives",
    "NSA": "National Security Agency",
    "SEC": "Securities and Exchange Commission",
    "FAA": "Federal Aviation Administration",
    "NTSB": "National Transportation Safety Board",
    "TSA": "Transportation Security Administration",
    "WHO": "World Health Organization",
    "UN": "United Nations",
    "NATO": "North Atlantic Treaty Organization",
    "IMF": "International Monetary Fund",
    "EU": "European Union",
    "ACLU": "American Civil Liberties Union",
}
# Long forms found even in lower case, when preceded by "the" ("by the department of homeland security").
LOWER_CASE_AGENCIES = {
    "department of homeland security": "DHS",
    "immigration and customs enforcement": "ICE",
    "federal bureau of investigation": "FBI",
    "customs and border protection": "CBP",
    "drug enforcement administration": "DEA",
    "environmental protection agency": "EPA",
    "internal revenue service": "IRS",
    "department of justice": "DOJ",
    "justice department": "DOJ",
    "federal emergency management agency": "FEMA",
}
# Starts with a literal so the regex engine can skip ahead to each "the"; the word boundary
# before it is checked by the caller (a leading \b would make it try every position).
LOWER_RE = re.compile(r"the\s+(?:u\.s\.\s+)?(" + "|".join(re.escape(k) for k in LOWER_CASE_AGENCIES) + r")\b")
WORD_CHAR_RE = re.compile(r"\w")
MINOR_WORDS = frozenset({"and", "of", "the", "for", "&", "on", "in", "de", "du", "des", "la", "le"})
COUNTRY_PREFIXES = ("U.S.", "US", "U.S", "United States", "UK", "U.K.", "British")
DEFINITION_RE = re.compile(
    r"((?:U\.S\.\s+)?[A-Z][\w&'-]*(?:\s+(?:(?:and|of|the|for|on|&)\s+){0,2}[A-Z][\w&'-]*){1,7})\s*\(([A-Z][A-Z.&]{1,7})\)"
)
# Every DEFINITION_RE match contains one of these; the cheap search spares most texts the costly one.
ACRONYM_IN_PARENS_RE = re.compile(r"\([A-Z][A-Z.&]{1,7}\)")
CITED_RE = re.compile(r"\b(?:told|to|by|from|with|of)\s+(?:the\s+)?$")
ACRONYM_RE = re.compile(r"^[A-Z][A-Z&.]{1,7}$")


@lru_cache(maxsize=20_000)
def _initials(name: str) -> str:
    words = [w for w in re.split(r"[\s\-]+", name) if w]
    for prefix in COUNTRY_PREFIXES:
        pw = prefix.split()
        if len(words) > len(pw) + 1 and words[: len(pw)] == pw:
            words = words[len(pw) :]
            break
    return "".join(w[0] for w in words if w.lower() not in MINOR_WORDS and w[0].isalpha()).upper()


def _acronym(name: str) -> str | None:
    bare = name.replace(".", "")
    if ACRONYM_RE.match(name) and bare.isupper() and 2 <= len(bare) <= 6:
        return bare.replace("&", "")
    return None


def _strip(m_text: str, start: int) -> tuple[str, int, int]:
    text = m_text
    if text.lower().startswith("the "):
        text = text[4:]
        start += 4
    if text.endswith(("'s", "’s")):
        text = text[:-2]
    elif text.endswith(("'", "’")):
        text = text[:-1]
    return text, start, start + len(text)


def tag_organizations(text: str, mentions: list[Mention], outlet_match: Any = None) -> list[dict[str, Any]]:
    """Group the ORG mentions of an article into organizations, acronyms linked to long forms.

    Args:
        text: the article text the mentions index into.
        mentions: ``entities.find_mentions(text)``.
        outlet_match: the detected outlet (``.name``), or None; see the module docstring.

    Returns:
        One dict per organization in order of first mention: ``name``, ``aliases``,
        ``mentions`` (count), ``spans`` and ``confidence``.
    """
    items: list[tuple[str, int, int, float]] = []
    taken: list[tuple[int, int]] = []
    for m in mentions:
        if m.label != "ORG":
            continue
        name, start, end = _strip(m.text, m.start)
        if name and any(c.isalpha() for c in name):
            items.append((name, start, end, m.score))
            taken.append((start, end))
    # A capitalised name followed by the acronym of its initials: "Immigration Customs Enforcement (ICE)".
    for mt in DEFINITION_RE.finditer(text) if ACRONYM_IN_PARENS_RE.search(text) else ():
        long, acr = mt.group(1), mt.group(2)
        long, s, e = _strip(long, mt.start(1))
        if _initials(long) == acr.replace(".", "") and (s, e) not in taken:
            taken = [t for t in taken if not (s <= t[0] < e)]
            items = [it for it in items if not (s <= it[1] < e)]
            items.append((long, s, e, 0.9))
            taken.append((s, e))
    # An acronym defined in parentheses right after an ORG: "Immigration Customs Enforcement (ICE)".
    defined: dict[str, str] = {}
    for name, _start, end, score in list(items):
        mt = re.match(r"\s*\(([A-Z][A-Za-z&.]{1,7})\)", text[end : end + 12])
        if mt and _acronym(mt.group(1)) and len(name.split()) > 1:
            acr = _acronym(mt.group(1))
            defined[acr] = name
            s, e = end + mt.start(1), end + mt.end(1)
            if (s, e) not in taken:
                items.append((mt.group(1), s, e, score))
                taken.append((s, e))
    lowered = text.lower()
    for mt in LOWER_RE.finditer(lowered):
        if mt.start() and WORD_CHAR_RE.match(lowered, mt.start() - 1):
            continue
        s, e = mt.start(1), mt.end(1)
        if text[s:e] != text[s:e].lower():
            continue  # capitalised: the recogniser's business
        if not any(a <= s < b or a < e <= b for a, b in taken):
            items.append((text[s:e], s, e, 0.8))
            taken.append((s, e))
    items.sort(key=lambda it: it[1])

    # Each group is keyed by an acronym when it has one, else by its casefolded name.
    groups: dict[str, dict[str, Any]] = {}
    order: list[str] = []
    long_forms: dict[str, str] = {}  # initials -> group key of a long form
    for name, start, end, score in items:
        acr = _acronym(name)
        low = " ".join(name.lower().split())
        if acr:
            key = acr
        elif low in LOWER_CASE_AGENCIES:
            key = LOWER_CASE_AGENCIES[low]
        else:
            ini = _initials(name)
            key = low
            if len(ini) >= 2 and len(name.split()) >= 2:
                target = next((a for a, ln in defined.items() if ln == name), None)
                # A well-known acronym claims a long form only when the text uses the acronym
                # or spells that very name: "Danbury High School" is not DHS.
                known = ini in KNOWN and (
                    low == KNOWN[ini].lower() or re.search(r"\b" + re.escape(ini) + r"\b", text)
                )
                if target or ini in groups or known:
                    key = target or ini
                long_forms.setdefault(ini, key)
        g = groups.get(key)
        if g is None:
            g = groups[key] = {"forms": {}, "spans": [], "scores": []}
            order.append(key)
        g["forms"][name] = g["forms"].get(name, 0) + 1
        g["spans"].append([start, end])
        g["scores"].append(score)
    # A long form seen before its acronym's group existed: fold it in now.
    for ini, key in long_forms.items():
        if key != ini and ini in groups and key in groups and (ini in defined or ini in KNOWN):
            src = groups.pop(key)
            order.remove(key)
            dst = groups[ini]
            for form, c in src["forms"].items():
                dst["forms"][form] = dst["forms"].get(form, 0) + c
            dst["spans"].extend(src["spans"])
            dst["scores"].extend(src["scores"])

    own = (getattr(outlet_match, "name", None) or "").casefold()
    out: list[dict[str, Any]] = []
    for key in order:
        g = groups[key]
        if (
            own
            and any(f.casefold() == own for f in g["forms"])
            and not any(CITED_RE.search(text, max(0, a - 20), a) for a, _ in g["spans"])
        ):
            continue
        forms = g["forms"]
        name = _display_name(key, forms)
        aliases = sorted({f for f in forms if f != name})
        scores = g["scores"]
        conf = max(scores)
        if len(scores) > 1:
            conf = 1 - (1 - conf) * 0.7
        out.append(
            {
                "name": name,
                "aliases": aliases,
                "mentions": len(g["spans"]),
                "spans": sorted(g["spans"]),
                "confidence": round(conf, 3),
            }
        )
    return out


def _display_name(key: str, forms: dict[str, int]) -> str:
    """The long form when the text has one (the canonical one for a well-known acronym)."""
    long = [f for f in forms if not _acronym(f)]
    if not long:
        return max(forms.items(), key=lambda kv: (kv[1], not kv[0].isupper()))[0]
    if key in KNOWN and any(_initials(f) == key or f.lower() == KNOWN[key].lower() for f in long):
        return KNOWN[key]
    mixed = [f for f in long if not f.islower()] or long
    return max(mixed, key=lambda f: (forms[f], len(f)))
